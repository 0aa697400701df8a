package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// orgContext is the organization configuration of the tests and of the
// README's cfn-lint command.
func orgContext(extra map[string]string) map[string]string {
	ctx := map[string]string{
		config.KeyTopology: "organization", config.KeyOrganizationID: "o-abcdefghij",
		config.KeyOrganizationalUnits: "ou-abcd-abcdefgh", config.KeyHubAccount: testAccount,
	}
	for k, v := range extra {
		ctx[k] = v
	}
	return ctx
}

// TestOrganizationTemplates checks the organization app: the hub bus
// admits the organization and nobody else, and each StackSet is
// service-managed, deploys automatically to the OUs (minus the hub
// account) in its regions, and embeds the forwarder spoke of its plan row
// (constructs' tests check that a SigninStackSet embeds exactly its spoke's
// synthesized template).
func TestOrganizationTemplates(t *testing.T) {
	s := synthApp(t, orgContext(map[string]string{config.KeyRegions: "us-east-1,eu-west-1,us-east-2"}))
	if len(s.templates) != 7 {
		t.Errorf("%d stacks, want the alarms stack, hub, two notifiers, two regional forwarders and the organization stack", len(s.templates))
	}

	// The hub bus policy: the organization, and the hub's own account.
	hub := s.templates["SigninNotifier-us-east-1"]
	statements := map[string][]string{
		"cdk-signin-notifier-organization": {`"Principal":{"AWS":"*"}`, `"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}`},
		"cdk-signin-notifier-own-account":  {`"Principal":{"AWS":"arn:aws:iam::111111111111:root"}`},
	}
	for _, p := range resources(t, hub, "AWS::Events::EventBusPolicy", 2) {
		got := mustJSON(t, props(p))
		sid, _ := props(p)["StatementId"].(string)
		want := append([]string{`"Action":"events:PutEvents"`, `"Effect":"Allow"`, `"EventBusName":{"Ref":"HubEventBus`}, statements[sid]...)
		if statements[sid] == nil || !containsAll(got, want...) {
			t.Errorf("bus policy %s lacks one of %v", got, want)
		}
	}
	// Only the hub bus admits other accounts; the home region's default
	// bus admits the account itself, for the alarms of the other regions.
	for id, tmpl := range s.templates {
		for _, p := range resourcesOf(tmpl, "AWS::Events::EventBusPolicy") {
			if id != "SigninNotifier-us-east-1" && (id != "SigninNotifier-us-east-1-alarms" || props(p)["EventBusName"] != "default" || strings.Contains(mustJSON(t, p), "PrincipalOrgID")) {
				t.Errorf("%s has a bus policy %s", id, mustJSON(t, props(p)))
			}
		}
	}

	// The StackSets.
	rows, err := s.cfg.Plan()
	if err != nil {
		t.Fatal(err)
	}
	org := rows[len(rows)-1]
	if len(org.StackSets) != 2 {
		t.Fatalf("the plan has %d StackSets, want 2", len(org.StackSets))
	}
	sets := resources(t, s.templates[plan.OrganizationStackID], "AWS::CloudFormation::StackSet", 2)
	byName := map[string]map[string]any{}
	for _, r := range sets {
		byName[props(r)["StackSetName"].(string)] = props(r)
	}
	for _, want := range org.StackSets {
		p := byName[want.Name]
		if p == nil {
			t.Fatalf("no StackSet %s", want.Name)
		}
		fixed := map[string]any{
			"PermissionModel":      "SERVICE_MANAGED",
			"CallAs":               "DELEGATED_ADMIN",
			"AutoDeployment":       map[string]any{"Enabled": true, "RetainStacksOnAccountRemoval": false},
			"Capabilities":         []any{"CAPABILITY_IAM"},
			"OperationPreferences": map[string]any{"RegionConcurrencyType": "PARALLEL", "ConcurrencyMode": "SOFT_FAILURE_TOLERANCE", "FailureTolerancePercentage": 10.0, "MaxConcurrentPercentage": 25.0},
			"StackInstancesGroup": []any{map[string]any{
				"DeploymentTargets": map[string]any{"OrganizationalUnitIds": []any{"ou-abcd-abcdefgh"}, "Accounts": []any{testAccount}, "AccountFilterType": "DIFFERENCE"},
				"Regions":           toAny(want.Regions),
			}},
		}
		for k, v := range fixed {
			if mustJSON(t, p[k]) != mustJSON(t, v) {
				t.Errorf("%s %s = %s, want %s", want.Name, k, mustJSON(t, p[k]), mustJSON(t, v))
			}
		}
		body, _ := p["TemplateBody"].(string)
		if len(body) == 0 || len(body) > 51200 {
			t.Fatalf("%s: TemplateBody of %d bytes", want.Name, len(body))
		}
		var tmpl map[string]any
		if err := json.Unmarshal([]byte(body), &tmpl); err != nil {
			t.Fatal(err)
		}
		// Retry and a dead-letter queue like every target, but no alarm: a
		// member account-region costs nothing idle; the heartbeat schedule
		// and its role.
		if got := countTypes(tmpl); mustJSON(t, got) != `{"AWS::Events::Rule":3,"AWS::IAM::Policy":2,"AWS::IAM::Role":2,"AWS::SQS::Queue":1,"AWS::SQS::QueuePolicy":1,"AWS::Scheduler::Schedule":1}` {
			t.Errorf("%s: spoke resources %v, want the three forwarder rules, their role, their dead-letter queue and the heartbeat schedule with its role", want.Name, got)
		}
		arn := `":events:us-east-1:111111111111:event-bus/signin-notifier-hub"`
		if strings.Count(body, arn) != 4 || strings.Contains(body, "eu-west-1") || strings.Contains(body, "us-east-2") {
			t.Errorf("%s: the spoke must address the hub by account and region (rules and role) and name no other region", want.Name)
		}
		if sw := strings.Contains(body, `"SwitchRole"`); sw != want.ForwardsSwitch() {
			t.Errorf("%s: forwards SwitchRole = %v, want %v", want.Name, sw, want.ForwardsSwitch())
		}
	}
}

// The spoke of the StackSets is the spoke the hub topology deploys in a
// region of its own account, but for the hub's account (in the ARN), the
// description, the instances' name prefix in the tamper watch, and the
// dead-letter alarm and its forward to the home region, which a member
// account does without (it must cost nothing idle).
func TestOrganizationSpokeIsTheRegionalSpoke(t *testing.T) {
	s := synthApp(t, orgContext(map[string]string{config.KeyRegions: "us-east-1,eu-west-1"}))
	regional := s.templates["SigninNotifier-eu-west-1"]
	var embedded map[string]any
	for _, r := range resources(t, s.templates[plan.OrganizationStackID], "AWS::CloudFormation::StackSet", 2) {
		if props(r)["StackSetName"] == plan.SpokeSetName {
			if err := json.Unmarshal([]byte(props(r)["TemplateBody"].(string)), &embedded); err != nil {
				t.Fatal(err)
			}
		}
	}
	if embedded == nil {
		t.Fatal("no spoke StackSet")
	}
	normalize := func(tmpl map[string]any) string {
		out := map[string]any{}
		for id, r := range tmpl["Resources"].(map[string]any) {
			if r.(map[string]any)["Type"] == "AWS::CDK::Metadata" || strings.HasPrefix(id, "DeadLettersAlarm") {
				continue
			}
			out[id] = r
		}
		text := mustJSON(t, out)
		text = strings.ReplaceAll(text, `SigninNotifier-eu-west-1/`, `STACK/`)
		text = strings.ReplaceAll(text, plan.SpokeSetName+`/`, `STACK/`)
		text = strings.ReplaceAll(text, `"`+plan.MemberWatchRuleName+`"`, `"`+signin.WatchRuleName+`"`)
		text = strings.ReplaceAll(text, `"`+signin.MemberHeartbeatScheduleName+`"`, `"`+signin.HeartbeatScheduleName+`"`)
		text = strings.ReplaceAll(text, `,{"prefix":"StackSet-SigninNotifier-"}`, ``)
		text = strings.ReplaceAll(text, `{"Action":"sqs:SendMessage","Condition":{"ArnEquals":{"aws:SourceArn":[{"Fn::GetAtt":["DeadLettersAlarmForwardRuleF443FFC1","Arn"]}]}},"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":{"Fn::GetAtt":["DeadLettersQueue631681B1","Arn"]},"Sid":"AllowAlarmForward"},`, ``)
		// An environment-agnostic stack leaves the partition to
		// CloudFormation; the regional stack knows it is aws.
		text = strings.ReplaceAll(text, `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":events:us-east-1:111111111111:event-bus/signin-notifier-hub"]]}`, `"arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"`)
		// The role trusts EventBridge for the rules of its stack's account
		// and region, which an environment-agnostic stack leaves to
		// CloudFormation.
		text = strings.ReplaceAll(text, `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":events:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":rule/*"]]}`, `"arn:aws:events:eu-west-1:111111111111:rule/*"`)
		text = strings.ReplaceAll(text, `"aws:SourceAccount":{"Ref":"AWS::AccountId"}`, `"aws:SourceAccount":"111111111111"`)
		// The heartbeat: its own region's default bus and account are
		// CloudFormation's to fill in; a member says it is one.
		text = strings.ReplaceAll(text, `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":events:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":event-bus/default"]]}`, `"arn:aws:events:eu-west-1:111111111111:event-bus/default"`)
		text = strings.ReplaceAll(text, `{"Ref":"AWS::AccountId"}`, `"111111111111"`)
		text = strings.ReplaceAll(text, `\"sender\":\"member\"`, `\"sender\":\"stack\"`)
		return text
	}
	if a, b := normalize(regional), normalize(embedded); a != b {
		t.Errorf("the StackSet spoke differs from the regional spoke:\n%s\n%s", a, b)
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// TestOrganizationEveryEventBecomesExactlyTheRightMessage replays the whole
// corpus through the organization app as the member accounts record it:
// the emulator instantiates the StackSets' spoke in every member account of
// the OU and evaluates the hub bus policy. Each event arrives exactly as in
// the single-account app; an account outside the organization, putting
// events straight on the hub bus, gets nothing delivered, and an account
// outside the targeted OUs has no spoke. With the corpus's break-glass
// roles, a listed role name matches in every member account.
func TestOrganizationEveryEventBecomesExactlyTheRightMessage(t *testing.T) {
	for _, ctx := range []map[string]string{nil, {config.KeyRegions: hubBreakGlass[config.KeyRegions], config.KeyBreakGlassRoles: hubBreakGlass[config.KeyBreakGlassRoles]}} {
		t.Run(fmt.Sprintf("%d roles", len(ctx)), func(t *testing.T) { replayInOrganization(t, orgContext(ctx)) })
	}
}

func replayInOrganization(t *testing.T, ctx map[string]string) {
	const ou, otherOU = "ou-abcd-abcdefgh", "ou-abcd-otherone"
	s := synthApp(t, ctx)
	slack := newSlackServer(t)
	org := &emulator.Organization{ID: "o-abcdefghij", Accounts: map[string]string{
		testAccount: ou, "111122223333": ou, "444455556666": ou, "555555555555": otherOU,
	}}
	asm, err := emulator.Load(s.dir, emulator.Options{
		AccountID:    testAccount,
		Organization: org,
		Secrets:      map[string]string{config.DefaultSlackWebhookSecret: webhookURL},
		Endpoint:     emulator.RedirectTo(slack.URL),
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	for _, w := range asm.Warnings() {
		t.Errorf("emulator warning on the synthesized app: %s", w)
	}
	hubBus := "arn:aws:events:us-east-1:" + testAccount + ":event-bus/" + plan.BusName
	for _, sample := range samples.All() {
		t.Run(sample.Name, func(t *testing.T) {
			var ev struct{ Account string }
			if err := json.Unmarshal(sample.Event, &ev); err != nil {
				t.Fatal(err)
			}
			if org.Accounts[ev.Account] != ou || ev.Account == testAccount {
				t.Fatalf("sample account %s is not a member account of the test organization", ev.Account)
			}
			before := len(slack.bodies)
			// A member account's watch rule has a name of its own.
			event := bytes.ReplaceAll(sample.Event, []byte(`"`+signin.WatchRuleName+`"`), []byte(`"`+plan.MemberWatchRuleName+`"`))
			trace, err := asm.PutInAccount(ev.Account, event)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedMessages(t, s.cfg, sample)
			if sent := trace.Sent(); len(sent) != want || len(slack.bodies)-before != want {
				t.Fatalf("%d messages (server got %d), want %d\n%s", len(sent), len(slack.bodies)-before, want, trace)
			}
			for _, d := range trace.Sent() {
				if got := severityOfRule(t, d.RulePath); string(got) != expectedSeverity(t, s.cfg, sample) {
					t.Errorf("severity %s (rule %s), want %s", got, d.RulePath, expectedSeverity(t, s.cfg, sample))
				}
				assertSlackMessage(t, d.Body, sample, "", expected(t, s.cfg, sample).Title)
			}
			if want > 0 {
				first := trace.Steps[1] // the match on the member account's default bus
				if first.Kind != emulator.StepMatched || first.Account != ev.Account || !strings.HasPrefix(first.Stack, "StackSet-"+plan.SpokeSetName) {
					t.Errorf("the event did not pass through the member account's StackSet instance: %+v", first)
				}
			}

			// Outside the organization: refused at the hub bus.
			out, err := asm.PutOnBusAs(sample.Event, hubBus, "999999999999")
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Sent()) != 0 || len(out.Steps) != 1 || out.Steps[0].Kind != emulator.StepRefused {
				t.Errorf("an account outside the organization got through:\n%s", out)
			}
			// A member of an OU the StackSets do not target has no spoke.
			other, err := asm.PutInAccount("555555555555", sample.Event)
			if err != nil {
				t.Fatal(err)
			}
			if len(other.Sent()) != 0 {
				t.Errorf("an account outside the targeted OUs delivered:\n%s", other)
			}
			if len(slack.bodies)-before != want {
				t.Errorf("server got %d messages, want %d", len(slack.bodies)-before, want)
			}
		})
	}
}

// TestSpokeNamesNeverCollideWithTheHubAccount: automatic deployment can put
// a spoke in every account of the targeted OUs, the hub account included
// when it is one of them; no fixed name of a spoke may then equal one the
// hub account's own stacks define (rule names are unique per bus, alarm and
// topic names per region, role names per account).
func TestSpokeNamesNeverCollideWithTheHubAccount(t *testing.T) {
	s := synthApp(t, orgContext(map[string]string{config.KeyRegions: "us-east-1,eu-west-1"}))
	nameKeys := []string{"Name", "AlarmName", "TopicName", "QueueName", "RoleName", "ScheduleName"}
	fixedNames := func(tmpl map[string]any) map[string]string {
		out := map[string]string{}
		for id, r := range tmpl["Resources"].(map[string]any) {
			p, _ := r.(map[string]any)["Properties"].(map[string]any)
			for _, k := range nameKeys {
				if name, ok := p[k].(string); ok {
					out[name] = id
				}
			}
		}
		return out
	}
	hub := map[string]string{}
	for id, tmpl := range s.templates {
		for name := range fixedNames(tmpl) {
			hub[name] = id
		}
	}
	spokes := 0
	for _, r := range resources(t, s.templates[plan.OrganizationStackID], "AWS::CloudFormation::StackSet", 2) {
		var body map[string]any
		if err := json.Unmarshal([]byte(props(r)["TemplateBody"].(string)), &body); err != nil {
			t.Fatal(err)
		}
		names := fixedNames(body)
		if names[plan.MemberWatchRuleName] == "" {
			t.Errorf("%v: the spoke's watch rule is not named %s", props(r)["StackSetName"], plan.MemberWatchRuleName)
		}
		for name, res := range names {
			spokes++
			if stack, ok := hub[name]; ok {
				t.Errorf("%v: resource %s is named %q, as is one of stack %s", props(r)["StackSetName"], res, name, stack)
			}
		}
	}
	if spokes < 2 || len(hub) < 2 {
		t.Errorf("compared %d fixed names of spokes with %d of the hub account", spokes, len(hub))
	}
}
