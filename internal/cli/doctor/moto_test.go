//go:build moto

package doctor

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// healthyAccount deploys the assembly of regions into moto with everything
// doctor wants: a logging multi-region trail, the secret, every stack.
func healthyAccount(t *testing.T, regions []string) string {
	t.Helper()
	mototest.Use(t)
	dir := writeAssembly(t, regions)
	trail(t, "management", true, true, nil)
	secret(t, hubRegion, hubSecret)
	for _, r := range regions {
		deploy(t, dir, r)
	}
	return dir
}

func TestDoctorHealthyAccountPassesEveryCheck(t *testing.T) {
	dir := healthyAccount(t, motoEnabled)
	code, results, stderr := doctor(t, dir)
	if code != 0 {
		t.Errorf("exit %d, want 0: %+v", code, results)
	}
	names := []string{CheckCloudTrail, CheckRegions, CheckStacks, CheckRules, CheckSecrets, CheckDeadLetter, CheckAlarms}
	for _, n := range names {
		r, ok := results[n]
		if !ok || !r.OK || r.Fix != "" {
			t.Errorf("%s: %+v, want ok without a fix", n, r)
		}
	}
	for n, want := range map[string]string{
		CheckCloudTrail: "management (multi-region) logs management events of all 20 deployed regions",
		CheckRegions:    "all 20 enabled regions are deployed",
		CheckStacks:     "all 20 stacks are deployed and healthy",
		CheckRules:      "all 21 rules exist and are enabled",
		CheckSecrets:    "all 1 referenced secrets exist",
		CheckDeadLetter: "all 1 queues are empty",
	} {
		if results[n].Detail != want {
			t.Errorf("%s detail %q, want %q", n, results[n].Detail, want)
		}
	}
	if !strings.Contains(stderr, "doctor: 20/20 stacks asked") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
}

func TestDoctorFailuresNameTheFix(t *testing.T) {
	ctx := context.Background()
	mototest.Use(t)
	// us-west-2 is enabled but not in the assembly; eu-west-1 is in the
	// assembly but not deployed.
	regions := slices.DeleteFunc(slices.Clone(motoEnabled), func(r string) bool { return r == "us-west-2" })
	dir := writeAssembly(t, regions)
	trail(t, "management", true, true, nil)
	for _, r := range regions {
		if r != "eu-west-1" {
			deploy(t, dir, r)
		}
	}
	// A rule disabled outside CloudFormation, a message in the DLQ.
	cfg := cfgFor(t, "eu-north-1")
	ev := eventbridge.NewFromConfig(cfg)
	rules, err := ev.ListRules(ctx, &eventbridge.ListRulesInput{NamePrefix: aws.String(stackName("eu-north-1"))})
	if err != nil || len(rules.Rules) != 1 {
		t.Fatalf("list rules: %v %v", rules, err)
	}
	if _, err := ev.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: rules.Rules[0].Name}); err != nil {
		t.Fatal(err)
	}
	q := sqs.NewFromConfig(cfgFor(t, hubRegion))
	urls, err := q.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil || len(urls.QueueUrls) != 1 {
		t.Fatalf("list queues: %v %v", urls, err)
	}
	if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(urls.QueueUrls[0]), MessageBody: aws.String("{}")}); err != nil {
		t.Fatal(err)
	}

	code, results, _ := doctor(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for n, want := range map[string][2]string{
		CheckRegions:    {"1 enabled regions have no stack: us-west-2", `run make regions (it caches the account's enabled regions in cdk.context.json), then make synth ARGS="-c regions=enabled"`},
		CheckStacks:     {"1 of 19 stacks not deployed: SigninNotifier-eu-west-1", "cdk deploy --all"},
		CheckRules:      {"1 rules are disabled: ForwarderRule (SigninNotifier-eu-north-1-ForwarderRule-", "aws events enable-rule --name SigninNotifier-eu-north-1-ForwarderRule-"},
		CheckSecrets:    {"missing: signin-notifier/slack-webhook-url in us-east-1", "aws secretsmanager create-secret --region us-east-1 --name signin-notifier/slack-webhook-url --secret-string file://webhook-url.txt"},
		CheckDeadLetter: {"1 undelivered notifications: DeadLetterQueue in SigninNotifier-us-east-1 (us-east-1) holds 1", "aws sqs receive-message --region us-east-1 --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/SigninNotifier-us-east-1-DeadLetterQueue-"},
	} {
		r := results[n]
		if r.OK || !strings.Contains(r.Detail, want[0]) || !strings.Contains(r.Fix, want[1]) {
			t.Errorf("%s: %+v, want not ok with %q and fix %q", n, r, want[0], want[1])
		}
	}
	// The undeployed stack is the stacks check's finding, once: its rules
	// are not listed again as missing.
	if r := results[CheckRules]; strings.Contains(r.Detail, "missing") || !strings.HasSuffix(r.Detail, "; the rules of 1 stack that is not deployed are left to the stacks check") {
		t.Errorf("rules of the undeployed stack: %+v", r)
	}
	for _, f := range results[CheckRules].Findings {
		if f.Stack == "" || f.Region == "" {
			t.Errorf("a finding without its stack and region: %+v", f)
		}
	}
	if !results[CheckCloudTrail].OK {
		t.Errorf("cloudtrail: %+v", results[CheckCloudTrail])
	}
}

func TestDoctorCloudTrail(t *testing.T) {
	readOnly := []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeReadOnly, IncludeManagementEvents: aws.Bool(true)}}
	writeOnly := []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true)}}
	cases := []struct {
		name        string
		setup       func(t *testing.T)
		ok          bool
		detail, fix string
	}{
		{"no trail", func(t *testing.T) {}, false, "no CloudTrail trail", "aws cloudtrail create-trail --name management"},
		{"stopped", func(t *testing.T) { trail(t, "main-trail", true, false, nil) }, false, "trail main-trail is not logging", "aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail --region us-east-1"},
		{"single region", func(t *testing.T) { trail(t, "local", false, true, nil) }, false, "sign-ins in ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1 and 12 more reach no logging trail", "aws cloudtrail update-trail --name NAME --is-multi-region-trail"},
		{"read-only selectors", func(t *testing.T) { trail(t, "reads", true, true, readOnly) }, false, "trail reads does not log write management events", "put-event-selectors"},
		{"write-only selectors", func(t *testing.T) { trail(t, "writes", true, true, writeOnly) }, true, "writes (multi-region) logs management events of all 17 deployed regions", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mototest.Use(t)
			dir := writeAssembly(t, defaultRegions)
			tc.setup(t)
			_, results, _ := doctor(t, dir)
			r := results[CheckCloudTrail]
			if r.OK != tc.ok || !strings.Contains(r.Detail, tc.detail) || !strings.Contains(r.Fix, tc.fix) {
				t.Errorf("%+v\nwant ok=%v, detail with %q, fix with %q", r, tc.ok, tc.detail, tc.fix)
			}
		})
	}
}

// TestDoctorSeventeenRegions measures doctor against the default 17-region
// assembly, every stack deployed (the figure quoted in the README).
func TestDoctorSeventeenRegions(t *testing.T) {
	dir := healthyAccount(t, defaultRegions)
	start := time.Now()
	code, results, _ := doctor(t, dir)
	elapsed := time.Since(start)
	t.Logf("doctor against 17 regions of moto: %v", elapsed.Round(time.Millisecond))
	if code != 1 || results[CheckRegions].OK || !results[CheckStacks].OK {
		// moto enables three regions the default list leaves out.
		t.Errorf("exit %d: %+v", code, results)
	}
	if elapsed > 20*time.Second {
		t.Errorf("doctor took %v against a local moto: the bounded concurrency is not working", elapsed)
	}
}

// Without credentials (no environment, no files, no instance role) doctor
// says how to get some, in one line, before asking anything.
func TestDoctorWithoutCredentials(t *testing.T) {
	mototest.Use(t)
	dir := writeAssembly(t, []string{"us-east-1"})
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	var out, errb bytes.Buffer
	code := Main([]string{"--assembly", dir}, &out, &errb)
	want := "signin-notifier: doctor: no AWS credentials found: run aws configure (or aws sso login), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n"
	if code != 1 || out.Len() != 0 || errb.String() != want {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// A region the account does not know (a typo in the assembly, or a region
// of another partition) fails the regions check with the fix.
func TestDoctorUnknownRegion(t *testing.T) {
	mototest.Use(t)
	dir := writeAssembly(t, []string{"us-east-1", "eu-west-9"})
	code, results, _ := doctor(t, dir)
	if r := results[CheckRegions]; code != 1 || r.OK || !strings.Contains(r.Detail, "the account does not know eu-west-9") || !strings.Contains(r.Fix, "remove them from regions") {
		t.Errorf("exit %d, %+v", code, r)
	}
}

// The text report: one line per check, ✔ or ✘, the fix on the same line.
func TestDoctorTextReport(t *testing.T) {
	dir := healthyAccount(t, defaultRegions)
	var out, errb bytes.Buffer
	code := Main([]string{"--assembly", dir}, &out, &errb)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 1 || len(lines) != 9 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if want := "✘ regions: 3 enabled regions have no stack: af-south-1, ap-southeast-3, eu-south-1; fix: deploy to them too: run make regions (it caches the account's enabled regions in cdk.context.json), then make synth ARGS=\"-c regions=enabled\" (or list them in regions), then cdk deploy --all, so sign-ins there are seen"; lines[1] != want {
		t.Errorf("regions line\n%s\nwant\n%s", lines[1], want)
	}
	if lines[7] != "✔ heartbeat: no heartbeat in the templates (heartbeat=none)" || lines[8] != "7 of 8 checks pass; 1 fail: regions" {
		t.Errorf("heartbeat line %q, summary line %q", lines[7], lines[8])
	}
	if !strings.HasPrefix(lines[0], "✔ cloudtrail: ") || !strings.HasPrefix(lines[2], "✔ stacks: ") {
		t.Errorf("report:\n%s", out.String())
	}
}
