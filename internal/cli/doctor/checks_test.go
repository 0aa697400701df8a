package doctor

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSelectorsLogSignIn(t *testing.T) {
	eq := func(field string, v ...string) FieldSelector { return FieldSelector{Field: field, Equals: v} }
	cases := []struct {
		name     string
		custom   bool
		basic    []BasicSelector
		advanced [][]FieldSelector
		want     bool
	}{
		{"default selectors", false, nil, nil, true},
		{"custom but none", true, nil, nil, false},
		{"all management", true, []BasicSelector{{"All", true}}, nil, true},
		{"write only", true, []BasicSelector{{"WriteOnly", true}}, nil, true},
		{"read only", true, []BasicSelector{{"ReadOnly", true}}, nil, false},
		{"data events only", true, []BasicSelector{{"All", false}}, nil, false},
		{"advanced management", true, nil, [][]FieldSelector{{eq("eventCategory", "Management")}}, true},
		{"advanced read-only", true, nil, [][]FieldSelector{{eq("eventCategory", "Management"), eq("readOnly", "true")}}, false},
		{"advanced write-only", true, nil, [][]FieldSelector{{eq("eventCategory", "Management"), eq("readOnly", "false")}}, true},
		{"advanced data only", true, nil, [][]FieldSelector{{eq("eventCategory", "Data"), eq("resources.type", "AWS::S3::Object")}}, false},
		{"signin excluded", true, nil, [][]FieldSelector{{eq("eventCategory", "Management"), {Field: "eventSource", NotEquals: []string{"signin.amazonaws.com"}}}}, false},
		{"kms excluded", true, nil, [][]FieldSelector{{eq("eventCategory", "Management"), {Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}}}}, true},
		{"only iam", true, nil, [][]FieldSelector{{eq("eventCategory", "Management"), eq("eventSource", "iam.amazonaws.com")}}, false},
		{"one of two selectors", true, nil, [][]FieldSelector{{eq("eventCategory", "Data")}, {eq("eventCategory", "Management")}}, true},
	}
	for _, tc := range cases {
		if got := SelectorsLogSignIn(tc.custom, tc.basic, tc.advanced); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestJudgeCloudTrail(t *testing.T) {
	deployed := []string{"eu-west-1", "us-east-1"}
	good := Trail{Name: "org", ARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1", MultiRegion: true, Organization: true, Logging: true, Management: true}
	if r := JudgeCloudTrail([]Trail{good}, deployed, ""); !r.OK || r.Detail != "org (organization, multi-region) logs management events of all 2 deployed regions" {
		t.Errorf("organization trail: %+v", r)
	}
	local := Trail{Name: "eu", HomeRegion: "eu-west-1", Logging: true, Management: true}
	if r := JudgeCloudTrail([]Trail{local}, deployed, ""); r.OK || !strings.HasPrefix(r.Detail, "sign-ins in us-east-1 reach no logging trail") {
		t.Errorf("single-region trail: %+v", r)
	}
	us := Trail{Name: "us", HomeRegion: "us-east-1", Logging: true, Management: true}
	if r := JudgeCloudTrail([]Trail{local, us}, deployed, ""); !r.OK {
		t.Errorf("two single-region trails covering both: %+v", r)
	}
	broken := good
	broken.Organization = false
	broken.Err = "cannot read its status: AccessDeniedException: no"
	if r := JudgeCloudTrail([]Trail{broken}, deployed, ""); r.OK || !strings.Contains(r.Detail, "AccessDeniedException") {
		t.Errorf("unreadable trail: %+v", r)
	}
	memberView := good
	memberView.Err = "cannot read its status: AccessDeniedException: no"
	if r := JudgeCloudTrail([]Trail{memberView}, deployed, ""); !r.OK || r.Detail != "all 2 deployed regions are covered; organization trail org counted unverified (cannot read its status: AccessDeniedException: no): check it from the management account" {
		t.Errorf("organization trail seen from a member account: %+v", r)
	}
	if r := JudgeCloudTrail(nil, deployed, "AccessDeniedException: no"); r.OK || !strings.Contains(r.Fix, "cloudtrail:DescribeTrails") {
		t.Errorf("list error: %+v", r)
	}
}

func TestJudgeRegions(t *testing.T) {
	all := []RegionStatus{{"us-east-1", "opt-in-not-required"}, {"eu-west-1", "opt-in-not-required"}, {"ap-southeast-4", "opted-in"}, {"me-south-1", "not-opted-in"}}
	if r := JudgeRegions(all, []string{"ap-southeast-4", "eu-west-1", "us-east-1"}, ""); !r.OK || r.Detail != "all 3 enabled regions are deployed" {
		t.Errorf("all deployed: %+v", r)
	}
	r := JudgeRegions(all, []string{"me-south-1", "us-east-1", "eu-west-9"}, "")
	for _, want := range []string{"the account does not know eu-west-9", "deployed to me-south-1, not enabled", "2 enabled regions have no stack: ap-southeast-4, eu-west-1"} {
		if r.OK || !strings.Contains(r.Detail, want) {
			t.Errorf("detail %q lacks %q", r.Detail, want)
		}
	}
}

func TestJudgeStacksAndItems(t *testing.T) {
	s := func(name, status string) StackState { return StackState{Stack: Stack{Name: name}, Status: status} }
	if r := JudgeStacks([]StackState{s("A", "CREATE_COMPLETE"), s("B", "UPDATE_COMPLETE")}); !r.OK {
		t.Errorf("healthy: %+v", r)
	}
	listFailed := s("D", "CREATE_IN_PROGRESS")
	listFailed.ListErr = "ValidationError: not yet"
	r := JudgeStacks([]StackState{s("A", ""), s("B", "UPDATE_ROLLBACK_COMPLETE"), s("C", "CREATE_COMPLETE"), listFailed})
	if r.OK || r.Detail != "1 of 4 stacks not deployed: A; B is UPDATE_ROLLBACK_COMPLETE, D is CREATE_IN_PROGRESS" || !strings.Contains(r.Fix, "describe-stack-events") {
		t.Errorf("unhealthy: %+v", r)
	}
	ok := s("E", "UPDATE_COMPLETE")
	ok.ListErr = "AccessDenied: no"
	if r := JudgeStacks([]StackState{ok}); r.OK || r.Detail != "cannot ask: E: cannot list its resources: AccessDenied: no" {
		t.Errorf("resources not listed: %+v", r)
	}
	if r := JudgeRules([]Item{{Region: "us-east-1", ID: "R", Found: true, State: "DISABLED", WantDisabled: true}}); !r.OK {
		t.Errorf("a rule the template disables: %+v", r)
	}
	if r := JudgeRules([]Item{{Region: "us-east-1", ID: "R", Found: true, State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}}); !r.OK {
		t.Errorf("enabled with all management events: %+v", r)
	}
	if r := JudgeSecrets(nil); !r.OK {
		t.Errorf("no secrets: %+v", r)
	}
	if r := JudgeDeadLetter([]Item{{Region: "r", ID: "Q", Found: true, Messages: 3, URL: "https://q"}, {Region: "r", ID: "P", Found: true, Messages: 2}}); r.OK || !strings.HasPrefix(r.Detail, "5 undelivered notifications") {
		t.Errorf("dead letters: %+v", r)
	}
}

// The template facts come from resource types and dynamic references, not
// from logical ids.
func TestParseTemplate(t *testing.T) {
	raw := []byte(`{"Resources": {
	  "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "hub"}},
	  "A": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"}}},
	  "B": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Fn::GetAtt": ["Bus", "Name"]}, "State": "DISABLED"}},
	  "C": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": "arn:aws:events:us-east-1:111122223333:event-bus/other"}},
	  "D": {"Type": "AWS::Events::Rule", "Properties": {}},
	  "Q": {"Type": "AWS::SQS::Queue"},
	  "Al": {"Type": "AWS::CloudWatch::Alarm"},
	  "Dest": {"Type": "AWS::Events::ApiDestination", "Properties": {"InvocationEndpoint": "{{resolve:secretsmanager:signin/slack:SecretString:::}}"}},
	  "Conn": {"Type": "AWS::Events::Connection", "Properties": {"AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyValue": {"Fn::Join": ["", ["Bearer ", "{{resolve:secretsmanager:", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bot-AbCdEf", ":SecretString:::}}"]]}}}}},
	  "Twice": {"Type": "AWS::Events::ApiDestination", "Properties": {"InvocationEndpoint": "{{resolve:secretsmanager:signin/slack:SecretString:url::}}"}}
	}}`)
	s, err := parseTemplate("S", "us-east-1", raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{{"A", "hub", false}, {"B", "hub", true}, {"C", "other", false}, {"D", "default", false}}
	if !slices.Equal(s.Rules, want) {
		t.Errorf("rules %+v, want %+v", s.Rules, want)
	}
	if !s.HasBus || !slices.Equal(s.Queues, []string{"Q"}) || !slices.Equal(s.Alarms, []string{"Al"}) {
		t.Errorf("stack %+v", s)
	}
	if want := []string{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:bot-AbCdEf", "signin/slack"}; !slices.Equal(s.Secrets, want) {
		t.Errorf("secrets %q, want %q", s.Secrets, want)
	}
	if got := secretRegion("us-east-1", s.Secrets[0]); got != "eu-west-1" {
		t.Errorf("an ARN's secret is asked in its own region, got %s", got)
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	dir := t.TempDir()
	noRegion := filepath.Join(dir, "agnostic")
	if err := os.MkdirAll(noRegion, 0o755); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(noRegion, "manifest.json"), map[string]any{"artifacts": map[string]any{"S": map[string]any{
		"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region", "properties": map[string]any{"templateFile": "S.template.json"},
	}}})
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--assembly", filepath.Join(dir, "none")}, 1, "doctor: no cloud assembly at " + filepath.Join(dir, "none") + ": run make synth first, or pass --assembly DIR"},
		{[]string{"--assembly", noRegion}, 1, `doctor: stack S in ` + noRegion + ` has no region (environment "aws://unknown-account/unknown-region"): give every stack an env with a region`},
		{[]string{"--bogus"}, 2, "doctor: unknown flag --bogus (flags: --assembly, --json)"},
		{[]string{"--jsn"}, 2, "doctor: unknown flag --jsn: did you mean --json? (flags: --assembly, --json)"},
		{[]string{"--assemby", dir}, 2, "doctor: unknown flag --assemby: did you mean --assembly?"},
		{[]string{"extra"}, 2, `doctor: unexpected argument "extra": use doctor [--assembly DIR] [--json]`},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		code := Main(tc.args, &out, &errb)
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != tc.code || out.Len() != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "signin-notifier: "+tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and one line starting %q", tc.args, code, out.String(), errb.String(), tc.code, tc.want)
		}
	}
}

// TestBurstCounterIsNoDeadLetterQueue: the burst alarm's counter queue (a
// rule's target) and the burst alarm itself (ALARM means failed sign-ins,
// which chat reports) are not what the dead-letter and alarm checks judge.
func TestBurstCounterIsNoDeadLetterQueue(t *testing.T) {
	raw := []byte(`{"Resources": {
		"Count": {"Type": "AWS::Events::Rule", "Properties": {"Targets": [{"Id": "T", "Arn": {"Fn::GetAtt": ["Counter", "Arn"]}, "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}]}},
		"Counter": {"Type": "AWS::SQS::Queue", "Properties": {}},
		"Dlq": {"Type": "AWS::SQS::Queue", "Properties": {}},
		"Burst": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": "signin-notifier-failed-sign-in-burst"}},
		"DlqAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}}
	}}`)
	s, err := parseTemplate("S", "us-east-1", raw)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Queues, []string{"Dlq"}) || !slices.Equal(s.Alarms, []string{"DlqAlarm"}) {
		t.Errorf("queues %v, alarms %v; want only the dead-letter queue and its alarm", s.Queues, s.Alarms)
	}
}
