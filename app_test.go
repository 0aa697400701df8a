package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/core/cfnsize"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

const secretRef = "{{resolve:secretsmanager:signin-notifier/slack-webhook-url:SecretString:::}}"

// hubBusArn is the hub bus ARN of homeRegion as spokes spell it when the
// account is pinned (as it is with CDK_DEFAULT_ACCOUNT set).
func hubBusArn(home string) string {
	return "arn:aws:events:" + home + ":" + testAccount + ":event-bus/signin-notifier-hub"
}

func TestDefaultAppSynthesizesSeventeenRegionalStacks(t *testing.T) {
	// GIVEN no context at all (the README's main command)
	// WHEN
	s := synthApp(t, nil)
	// THEN one stack per region, the home region's alarms stack and the
	// Slack notifier's two stacks
	if len(s.stacks) != 20 {
		t.Fatalf("got %d stacks, want 17 regional stacks, the alarms stack and 2 Slack notifier stacks", len(s.stacks))
	}
	var names []string
	for _, st := range s.stacks {
		names = append(names, *st.StackName())
	}
	for _, region := range s.cfg.Regions {
		i := slices.Index(names, "SigninNotifier-"+region)
		if i < 0 {
			t.Errorf("no stack for %s in %v", region, names)
			continue
		}
		if got := *s.stacks[i].Region(); got != region {
			t.Errorf("stack %s has region %s", names[i], got)
		}
	}
	for _, id := range []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security"} {
		if !slices.Contains(names, id) {
			t.Errorf("no stack %s in %v", id, names)
		}
	}
	if !slices.Contains(s.cfg.Regions, "us-east-1") || slices.Contains(s.cfg.Regions, "af-south-1") {
		t.Errorf("default regions %v should include us-east-1 and no opt-in region", s.cfg.Regions)
	}
}

func TestHubTopology(t *testing.T) {
	s := synthApp(t, map[string]string{config.KeyRegions: "us-east-1,eu-west-1,ap-southeast-2"})
	manifest := readManifest(t, s.dir)

	t.Run("home stack holds the hub bus and forwards its own region", func(t *testing.T) {
		home := s.templates["SigninNotifier-us-east-1"]
		// the bus, its policy admitting its account, its burst alarm and its
		// heartbeat alarm (each a counting rule, counter queue and alarm), the three forward rules
		// with their role, the region's heartbeat schedule with its role,
		// and the stack's dead letters (queue, policy, alarm)
		want := map[string]int{"AWS::Events::EventBus": 1, "AWS::Events::EventBusPolicy": 1, "AWS::Events::Rule": 5, "AWS::IAM::Role": 2, "AWS::IAM::Policy": 2,
			"AWS::SQS::Queue": 3, "AWS::SQS::QueuePolicy": 3, "AWS::CloudWatch::Alarm": 3, "AWS::Scheduler::Schedule": 1}
		if got := countTypes(home); !reflect.DeepEqual(got, want) {
			t.Errorf("resource counts = %v, want %v", got, want)
		}
		bus := resources(t, home, "AWS::Events::EventBus", 1)["HubEventBusA99C4F83"]
		if bus == nil || props(bus)["Name"] != "signin-notifier-hub" {
			t.Fatalf("hub bus missing or renamed (logical id is part of the contract): %v", resourcesOf(home, "AWS::Events::EventBus"))
		}
		fwd := forwarderRule(t, home, "ForwarderRule")
		if got := props(fwd)["EventBusName"]; got != nil {
			t.Errorf("home forwarder must listen on the default bus, got EventBusName %v", got)
		}
		assertForwardPattern(t, fwd, true)
		var burst, heartbeat map[string]any
		for _, a := range resources(t, home, "AWS::CloudWatch::Alarm", 3) { // the dead-letter, burst and heartbeat alarms
			switch props(a)["AlarmName"] {
			case signin.BurstAlarmName:
				burst = props(a)
			case signin.HeartbeatAlarmName:
				heartbeat = props(a)
			}
		}
		// 3 regions, hourly: 2 heartbeats each in the 2-hour window; one
		// late or lost is tolerated, two missing (a region quiet for two
		// periods) alarm, and so does no data at all.
		if heartbeat["MetricName"] != "NumberOfMessagesSent" || heartbeat["Statistic"] != "Sum" || heartbeat["Period"] != 7200.0 || heartbeat["Threshold"] != 5.0 ||
			heartbeat["ComparisonOperator"] != "LessThanThreshold" || heartbeat["TreatMissingData"] != "breaching" || heartbeat["EvaluationPeriods"] != 1.0 || heartbeat["AlarmActions"] == nil {
			t.Errorf("heartbeat alarm = %v", heartbeat)
		}
		if burst["AlarmName"] != signin.BurstAlarmName || burst["MetricName"] != "NumberOfMessagesSent" || burst["Threshold"] != 10.0 || burst["Period"] != 300.0 ||
			burst["ComparisonOperator"] != "GreaterThanOrEqualToThreshold" || burst["Statistic"] != "Sum" ||
			burst["EvaluationPeriods"] != 4.0 || burst["DatapointsToAlarm"] != 1.0 {
			t.Errorf("burst alarm = %v, want the default 10 failed sign-ins within 5 minutes, in any window of the last 20 minutes (the counter's datapoints may be 15 minutes late)", burst)
		}
		for _, prefix := range []string{"ForwarderRule", "ForwarderAlerts", "ForwarderWatch"} {
			target := props(forwarderRule(t, home, prefix))["Targets"].([]any)[0].(map[string]any)
			if mustJSON(t, target["Arn"]) != `{"Fn::GetAtt":["HubEventBusA99C4F83","Arn"]}` {
				t.Errorf("home %s target = %v, want the hub bus", prefix, target["Arn"])
			}
		}
		if got := props(forwarderRule(t, home, "ForwarderWatch"))["Name"]; got != signin.WatchRuleName {
			t.Errorf("watch rule name = %v, want %s (the alert forwarder watches it by name)", got, signin.WatchRuleName)
		}
	})

	t.Run("notifier stacks listen on the hub bus", func(t *testing.T) {
		for id, group := range map[string]signin.Group{"SigninNotifier-us-east-1-slack": signin.GroupSignIn, "SigninNotifier-us-east-1-slack-security": signin.GroupSecurity} {
			assertNotifierRules(t, s.templates[id], "signin-notifier-hub", true, group)
			if deps := manifest.Artifacts[id].Dependencies; !slices.Contains(deps, "SigninNotifier-us-east-1") {
				t.Errorf("%s dependencies = %v, want the home stack", id, deps)
			}
		}
	})

	for _, region := range []string{"eu-west-1", "ap-southeast-2"} {
		t.Run("spoke "+region, func(t *testing.T) {
			id := "SigninNotifier-" + region
			spoke := s.templates[id]
			// The forwarder, its dead-letter queue (no alarm: the hub's
			// heartbeat alarm reports a broken spoke; no topic, no key) and
			// the heartbeat schedule with its role.
			want := map[string]int{"AWS::Events::Rule": 3, "AWS::IAM::Role": 2, "AWS::IAM::Policy": 2,
				"AWS::SQS::Queue": 1, "AWS::SQS::QueuePolicy": 1, "AWS::Scheduler::Schedule": 1}
			if got := countTypes(spoke); !reflect.DeepEqual(got, want) {
				t.Errorf("resource counts = %v, want %v", got, want)
			}
			fwd := forwarderRule(t, spoke, "ForwarderRule")
			// us-east-1 is deployed, so switch events come from its records only.
			assertForwardPattern(t, fwd, false)
			target := props(fwd)["Targets"].([]any)[0].(map[string]any)
			if got, want := mustJSON(t, target["Arn"]), mustJSON(t, hubBusArn("us-east-1")); got != want {
				t.Errorf("spoke target = %s, want %s", got, want)
			}
			if target["RoleArn"] == nil {
				t.Error("cross-region event bus target without a role")
			}
			assertOnlyActions(t, spoke, map[string]any{"events:PutEvents": anyOf{hubBusArn("us-east-1"), "arn:aws:events:" + region + ":" + testAccount + ":event-bus/default"}})
			if deps := manifest.Artifacts[id].Dependencies; !slices.Contains(deps, "SigninNotifier-us-east-1") {
				t.Errorf("%s dependencies = %v, want the home stack", id, deps)
			}
		})
	}
}

func TestHubTopologyWithoutUsEast1ForwardsSwitchEventsEverywhere(t *testing.T) {
	s := synthApp(t, map[string]string{config.KeyRegions: "eu-west-1,eu-central-1", config.KeyHomeRegion: "eu-central-1"})
	home := s.templates["SigninNotifier-eu-central-1"]
	assertNotifierRules(t, s.templates["SigninNotifier-eu-central-1-slack"], "signin-notifier-hub", true, signin.GroupSignIn)
	assertForwardPattern(t, forwarderRule(t, home, "ForwarderRule"), true)
	spoke := s.templates["SigninNotifier-eu-west-1"]
	assertForwardPattern(t, forwarderRule(t, spoke, "ForwarderRule"), true)
	target := props(forwarderRule(t, spoke, "ForwarderRule"))["Targets"].([]any)[0].(map[string]any)
	if got, want := mustJSON(t, target["Arn"]), mustJSON(t, hubBusArn("eu-central-1")); got != want {
		t.Errorf("spoke target = %s, want %s", got, want)
	}
}

// TestDirectTopology: every region is its own hub: its default bus forwards
// to its own signin-notifier bus, where its notifiers listen, so none of
// our severity rules shares the default bus with the account's rules.
func TestDirectTopology(t *testing.T) {
	s := synthApp(t, directTwoRegions)
	manifest := readManifest(t, s.dir)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		t.Run(region, func(t *testing.T) {
			id := "SigninNotifier-" + region
			tmpl := s.templates[id]
			want := map[string]int{"AWS::Events::EventBus": 1, "AWS::Events::EventBusPolicy": 1, "AWS::Events::Rule": 5, "AWS::IAM::Role": 2, "AWS::IAM::Policy": 2,
				"AWS::SQS::Queue": 3, "AWS::SQS::QueuePolicy": 3, "AWS::CloudWatch::Alarm": 3, "AWS::Scheduler::Schedule": 1}
			if got := countTypes(tmpl); !reflect.DeepEqual(got, want) {
				t.Errorf("resource counts = %v, want %v", got, want)
			}
			switchRules := region == "us-east-1"
			assertForwardPattern(t, forwarderRule(t, tmpl, "ForwarderRule"), switchRules)
			assertNotifierRules(t, s.templates[id+"-slack"], "signin-notifier-hub", switchRules, signin.GroupSignIn)
			assertNotifierRules(t, s.templates[id+"-slack-security"], "signin-notifier-hub", switchRules, signin.GroupSecurity)
			if deps := manifest.Artifacts[id].Dependencies; !slices.Equal(deps, []string{id + "-alarms"}) {
				t.Errorf("direct stacks depend only on their region's alarm topic, %s depends on %v", id, deps)
			}
		})
	}
}

// TestNoWebhookInTemplates: with the default secret the URL is resolved by
// CloudFormation at deploy time and appears in no file of the assembly.
func TestSecretKeepsWebhookOutOfTheAssembly(t *testing.T) {
	s := synthApp(t, directTwoRegions)
	dests := 0
	for id, tmpl := range s.templates {
		for _, d := range resourcesOf(tmpl, "AWS::Events::ApiDestination") {
			dests++
			if got := props(d)["InvocationEndpoint"]; got != secretRef {
				t.Errorf("%s InvocationEndpoint = %v, want the dynamic reference %s", id, got, secretRef)
			}
		}
	}
	if dests != 4 {
		t.Errorf("%d API destinations, want one per region and rule group (4)", dests)
	}
	err := filepath.WalkDir(s.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), "hooks.slack.com") {
			t.Errorf("%s mentions hooks.slack.com", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecretARN(t *testing.T) {
	arn := "arn:aws:secretsmanager:us-east-1:111111111111:secret:team/slack-AbCdEf"
	s := synthApp(t, map[string]string{config.KeyRegions: "us-east-1", config.KeySlackWebhookSecret: arn})
	for _, id := range []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security"} {
		for _, d := range resources(t, s.templates[id], "AWS::Events::ApiDestination", 1) {
			if got, want := props(d)["InvocationEndpoint"], "{{resolve:secretsmanager:"+arn+":SecretString:::}}"; got != want {
				t.Errorf("%s InvocationEndpoint = %v, want %s", id, got, want)
			}
		}
	}
}

func TestPlainWebhookURLIsUsedAndWarnedAbout(t *testing.T) {
	url := "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
	s := synthApp(t, map[string]string{config.KeyRegions: "us-east-1,eu-west-1", config.KeySlackWebhookURL: url})
	for _, d := range resources(t, s.templates["SigninNotifier-us-east-1-slack"], "AWS::Events::ApiDestination", 1) {
		if got := props(d)["InvocationEndpoint"]; got != url {
			t.Errorf("InvocationEndpoint = %v, want %s", got, url)
		}
	}
	const warning = "the slack webhook URL is in this template in plain text"
	for _, st := range s.stacks {
		id := *st.StackName()
		var warned []string
		for _, w := range annotations(t, s.dir, id, cloudassembly.TypeWarning) {
			if strings.Contains(w, warning) {
				warned = append(warned, w)
			}
		}
		notifier := strings.HasSuffix(id, "-slack") || strings.HasSuffix(id, "-slack-security")
		if notifier && (len(warned) != 1 || !strings.HasPrefix(warned[0], "/"+id+"/Notifier: ")) {
			t.Errorf("%s: plain-URL warnings %q, want one on /%s/Notifier", id, warned, id)
		}
		if !notifier && len(warned) != 0 {
			t.Errorf("%s has no notifier but warns: %q", id, warned)
		}
	}
}

func TestAccountNameInEveryMessage(t *testing.T) {
	s := synthApp(t, map[string]string{config.KeyRegions: "us-east-1", config.KeyAccountName: `Prod "EU"`})
	rows, err := s.cfg.Plan()
	if err != nil {
		t.Fatal(err)
	}
	notifiers := 0
	for _, row := range rows {
		if row.Notifier == nil {
			continue
		}
		notifiers++
		for id, r := range resources(t, s.templates[row.ID], "AWS::Events::Rule", len(row.Notifier.Rules)) {
			tr := props(r)["Targets"].([]any)[0].(map[string]any)["InputTransformer"]
			if tmpl, _ := tr.(map[string]any)["InputTemplate"].(string); !strings.Contains(tmpl, `(Prod \"EU\")`) {
				t.Errorf("%s rule %s template lacks the escaped account name", row.ID, id)
			}
		}
	}
	if notifiers != 2 {
		t.Errorf("%d notifier stacks, want the sign-in and the security notifier", notifiers)
	}
}

// TestDeployableWithoutBootstrap: no assets, no bootstrap version parameter
// or rule, and every template of the default app within the size cdk
// deploy sends inline (largeTemplates; TestTemplateSizeBound pins its figure
// to the CLI's own). A configuration with many quiet
// rules is warned about instead.
func TestDeployableWithoutBootstrap(t *testing.T) {
	s := synthApp(t, map[string]string{config.KeyAccountName: strings.Repeat("n", 64), config.KeyIgnoreSourceIPs: "203.0.113.0/24"})
	for id, tmpl := range s.templates {
		if tmpl["Parameters"] != nil || tmpl["Rules"] != nil {
			t.Errorf("%s has Parameters/Rules (bootstrap checks?): %v %v", id, tmpl["Parameters"], tmpl["Rules"])
		}
	}
	for name, a := range readManifest(t, s.dir).Artifacts {
		if !slices.Contains([]string{"aws:cloudformation:stack", "cdk:tree", "cdk:feature-flag-report"}, a.Type) {
			t.Errorf("artifact %s of type %s: the app must have no assets", name, a.Type)
		}
	}
	if large, err := largeTemplates(s.dir); err != nil || len(large) != 0 {
		t.Errorf("default app with an account name and one ignored range: %v %v", large, err)
	}

	heavy := synthApp(t, map[string]string{
		config.KeyRegions: "us-east-1", config.KeyTopology: "direct",
		config.KeyIgnoreSourceIPs: "203.0.113.0/24,198.51.100.0/24,2001:db8::/32",
	})
	large, err := largeTemplates(heavy.dir)
	if err != nil || len(large) != 1 || !containsAll(large[0], "SigninNotifier-us-east-1-slack is ", "characters as cdk deploy sends it", "run cdk bootstrap in its region first") {
		t.Errorf("largeTemplates = %v, %v; want a warning for the stack with three ignored ranges", large, err)
	}
}

// assertNotifierRules checks the notification rules of a template against
// internal/core/signin: one rule per spec, exact pattern, exact transformer, the
// API destination target with its role, retry policy and DLQ.
func assertNotifierRules(t *testing.T, tmpl map[string]any, eventBus any, includeSwitch bool, group signin.Group) {
	t.Helper()
	specs, err := signin.Rules(signin.Options{IncludeSwitch: includeSwitch, Group: group})
	if err != nil {
		t.Fatal(err)
	}
	// and the send-test rule (sign-in group) or the burst rule (security)
	rules := resources(t, tmpl, "AWS::Events::Rule", len(specs)+1)
	for _, spec := range specs {
		var found map[string]any
		for id, r := range rules {
			if strings.HasPrefix(id, "Notifier"+spec.ID) && len(id) == len("Notifier"+spec.ID)+8 {
				found = r
			}
		}
		if found == nil {
			t.Errorf("no rule for %s", spec.ID)
			continue
		}
		p := props(found)
		if got := p["State"]; got != spec.State {
			t.Errorf("%s state = %v, want %s", spec.ID, got, spec.State)
		}
		if got, want := mustJSON(t, p["EventPattern"]), mustJSON(t, spec.Pattern); got != want {
			t.Errorf("%s pattern = %s, want %s", spec.ID, got, want)
		}
		if mustJSON(t, p["EventBusName"]) != mustJSON(t, eventBus) {
			t.Errorf("%s EventBusName = %v, want %v", spec.ID, p["EventBusName"], eventBus)
		}
		targets := p["Targets"].([]any)
		if len(targets) != 1 {
			t.Fatalf("%s has %d targets", spec.ID, len(targets))
		}
		tg := targets[0].(map[string]any)
		tr := tg["InputTransformer"].(map[string]any)
		if tr["InputTemplate"] != spec.Transformer.InputTemplate || mustJSON(t, tr["InputPathsMap"]) != mustJSON(t, spec.Transformer.InputPathsMap) {
			t.Errorf("%s input transformer differs from internal/signin", spec.ID)
		}
		if !strings.Contains(mustJSON(t, tg["Arn"]), `"Fn::GetAtt":["NotifierDestinationApiDestination`) ||
			!strings.Contains(mustJSON(t, tg["RoleArn"]), `"NotifierInvokeRole`) ||
			!strings.Contains(mustJSON(t, tg["DeadLetterConfig"]), `"DeadLettersQueue`) {
			t.Errorf("%s target = %s", spec.ID, mustJSON(t, tg))
		}
		if got := mustJSON(t, tg["RetryPolicy"]); got != `{"MaximumEventAgeInSeconds":86400,"MaximumRetryAttempts":185}` {
			t.Errorf("%s retry policy = %s", spec.ID, got)
		}
	}
	dests := resources(t, tmpl, "AWS::Events::ApiDestination", 1)
	for _, d := range dests {
		if p := props(d); p["InvocationRateLimitPerSecond"] != 1.0 || p["HttpMethod"] != "POST" {
			t.Errorf("api destination = %v, want POST at 1/s", p)
		}
	}
	var destID string
	for id := range dests {
		destID = id
	}
	wantActions := map[string]any{"events:InvokeApiDestination": map[string]any{"Fn::GetAtt": []any{destID, "Arn"}}}
	assertOnlyActions(t, tmpl, wantActions)
	for _, q := range resources(t, tmpl, "AWS::SQS::Queue", 1) {
		if props(q)["SqsManagedSseEnabled"] != true {
			t.Errorf("dead-letter queue without SSE: %v", props(q))
		}
	}
	for _, qp := range resources(t, tmpl, "AWS::SQS::QueuePolicy", 1) {
		doc := mustJSON(t, props(qp)["PolicyDocument"])
		if !containsAll(doc, `"aws:SecureTransport":"false"`, `"Effect":"Deny"`, `"Service":"events.amazonaws.com"`, `"sqs:SendMessage"`) {
			t.Errorf("dead-letter queue policy lacks TLS-only or the EventBridge grant: %s", doc)
		}
	}
	for _, a := range resources(t, tmpl, "AWS::CloudWatch::Alarm", 1) {
		assertNewDeadLetterAlarm(t, props(a))
	}
}

// assertNewDeadLetterAlarm: the alarm counts new dead letters, not queue
// depth, returns to OK when none arrive, and tells the region's topic.
func assertNewDeadLetterAlarm(t *testing.T, p map[string]any) {
	t.Helper()
	if p["MetricName"] != "NumberOfMessagesSent" || p["Statistic"] != "Sum" || p["Threshold"] != 0.0 ||
		p["ComparisonOperator"] != "GreaterThanThreshold" || p["TreatMissingData"] != "notBreaching" {
		t.Errorf("alarm = %v, want any new message in the DLQ to alarm", p)
	}
	if got := mustJSON(t, p["AlarmActions"]); !strings.Contains(got, ":signin-notifier-alarms") && !strings.Contains(got, `"Ref":"AlarmTopic`) {
		t.Errorf("alarm actions = %s, want the alarm topic", got)
	}
}

// anyOf lists the resources an action may be allowed on in assertOnlyActions.
type anyOf []any

// assertOnlyActions: the IAM policies of tmpl allow exactly these actions,
// each on exactly its resource, and nothing else.
func assertOnlyActions(t *testing.T, tmpl map[string]any, want map[string]any) {
	t.Helper()
	seen := map[string]bool{}
	for id, pol := range resourcesOf(tmpl, "AWS::IAM::Policy") { // every action of want must be seen below
		for _, st := range props(pol)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			s := st.(map[string]any)
			action, _ := s["Action"].(string)
			resource, ok := want[action]
			alts, isAlts := resource.(anyOf)
			if !isAlts {
				alts = anyOf{resource}
			}
			if !ok || s["Effect"] != "Allow" || !slices.ContainsFunc(alts, func(r any) bool { return mustJSON(t, s["Resource"]) == mustJSON(t, r) }) {
				t.Errorf("policy %s has an unexpected statement: %s", id, mustJSON(t, s))
			}
			seen[action] = true
		}
	}
	for action := range want {
		if !seen[action] {
			t.Errorf("no policy allows %s", action)
		}
	}
}

func forwarderRule(t *testing.T, tmpl map[string]any, prefix string) map[string]any {
	t.Helper()
	for id, r := range resourcesOf(tmpl, "AWS::Events::Rule") {
		if strings.HasPrefix(id, prefix) && len(id) == len(prefix)+8 {
			return r
		}
	}
	t.Fatalf("no rule %s", prefix)
	return nil
}

func assertForwardPattern(t *testing.T, rule map[string]any, includeSwitch bool) {
	t.Helper()
	if got, want := mustJSON(t, props(rule)["EventPattern"]), mustJSON(t, signin.SignInForwardPattern(signin.ForwardOptions{IncludeSwitch: includeSwitch})); got != want {
		t.Errorf("forward pattern = %s, want %s", got, want)
	}
}

type manifest struct {
	Artifacts map[string]struct {
		Type         string
		Dependencies []string
	}
}

// annotations returns the annotations of type typ
// (cloudassembly.TypeWarning, TypeError) the synthesis of the assembly in
// dir recorded for stack name, as "PATH: MESSAGE", without synthesizing
// the stack again as assertions.Annotations_FromStack would.
func annotations(t testing.TB, dir, name, typ string) []string {
	t.Helper()
	asm, err := cloudassembly.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range asm.Stacks {
		if st.Name == name {
			var out []string
			for _, e := range st.Entries(typ) {
				out = append(out, fmt.Sprintf("%s: %v", e.Path, e.Data))
			}
			return out
		}
	}
	t.Fatalf("no stack %s in %s", name, dir)
	return nil
}

func readManifest(t testing.TB, dir string) manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBadContextFailsWithOneLine runs the app in a process of its own the
// way the CDK CLI does (context in CDK_CONTEXT_JSON) and checks the user-facing failure:
// exit status 1, one line on stderr, nothing written. There is one case per
// stage that can refuse a setting (region catalog, quotas of the plan, a
// JSON value, the environment, the deployed account, the settings file, make's
// ARGS); internal/app/config's and internal/core/plan's tests specify every
// message. The app runs in a directory of its own, where the settings file
// is the case's.
func TestBadContextFailsWithOneLine(t *testing.T) {
	bin, err := os.Executable() // this test binary, which is the app with runAsApp set
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		ctx     map[string]string
		account string // CDK_DEFAULT_ACCOUNT
		file    string // signin-notifier.json
		args    string // make's ARGS
		want    []string
	}{
		{"accounts without the deployed account", map[string]string{"accounts": "222222222222"}, testAccount, "", "",
			[]string{`context accounts="222222222222" leaves out account 111111111111`, "nothing would ever be notified"}},
		{"unknown region", map[string]string{"regions": "us-east-1,eu-west-9"}, "", "", "", []string{`regions="us-east-1,eu-west-9"`, `"eu-west-9"`, "use default"}},
		{"over an EventBridge quota", map[string]string{"ignorePrincipals": strings.Repeat("arn:aws:iam::111122223333:user/automation-account,", 40) + "arn:aws:iam::111122223333:user/x"}, "", "", "", []string{"would get an event pattern of", "over EventBridge's 2048", "list fewer principals in ignorePrincipals"}},
		{"bad secret version", map[string]string{"secretVersions": `{"signin-notifier/slack-webhook-url":"AWSCURRENT"}`}, "", "", "", []string{`secretVersions["signin-notifier/slack-webhook-url"]="AWSCURRENT" is not a secret version id`, "pin-secrets"}},
		{"organization without a hub account", map[string]string{"topology": "organization", "organizationId": "o-abcdefghij", "organizationalUnits": "r-abcd"}, "", "", "", []string{"needs the hub account id", "-c hubAccount=", "CDK_DEFAULT_ACCOUNT"}},
		{"a bad value in the settings file", nil, "", `{"regions": ["us-east-1", "eu-west-9"]}`, "", []string{`signin-notifier: signin-notifier.json: regions="us-east-1,eu-west-9" names unknown region "eu-west-9"`}},
		{"a settings file that is not JSON", nil, "", `{"regions": "us-east-1",}`, "", []string{"signin-notifier: signin-notifier.json:1:25: invalid character '}'"}},
		{"something else than a setting in ARGS", nil, "", "", "-c regions=us-east-1 --all", []string{`signin-notifier: ARGS holds "--all", which is not a -c KEY=VALUE setting`}},
		{"a bad value in ARGS", nil, "", "", "-c accountName=Ops <prod> | x; it's", []string{`signin-notifier: context accountName: "Ops <prod> | x; it's" contains < or >`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Each case runs the app in its own process (and jsii runtime),
			// never this process's jsii runtime, so the cases may overlap.
			t.Parallel()
			out := t.TempDir()
			ctx, _ := json.Marshal(tc.ctx)
			cmd := exec.Command(bin)
			cmd.Dir = t.TempDir()
			if tc.file != "" {
				if err := os.WriteFile(filepath.Join(cmd.Dir, config.SettingsFile), []byte(tc.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
				return strings.HasPrefix(kv, "CDK_DEFAULT_ACCOUNT=") || strings.HasPrefix(kv, config.ArgsVariable+"=")
			})
			cmd.Env = append(env, runAsApp+"=1", "CDK_CONTEXT_JSON="+string(ctx), "CDK_OUTDIR="+out, config.ArgsVariable+"="+tc.args)
			if tc.account != "" {
				cmd.Env = append(cmd.Env, "CDK_DEFAULT_ACCOUNT="+tc.account)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
				t.Fatalf("exit = %v, want status 1", err)
			}
			// Nothing but our line, not even jsii's Node end-of-life banner.
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "signin-notifier: ") || !containsAll(lines[0], tc.want...) {
				t.Errorf("stderr = %q, want one line with %q", lines, tc.want)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("failed synth left %d files in the output directory", len(entries))
			}
		})
	}
}

// TestTemplateSizeBound: the size synth checks (largeTemplates, through
// cfnsize) is never below what the pinned CDK CLI sends, and hardly above:
// tools/yaml-size.mjs serializes every template with the yaml package the
// CLI bundles and the CLI's options, which is checked against the CLI's own
// output for the largest template. The webhook stack of two ignored ranges
// in one region is over the inline limit, and synth says so.
func TestTemplateSizeBound(t *testing.T) {
	if _, err := os.Stat("tools/cdk/node_modules/yaml/package.json"); err != nil {
		t.Skip("tools/cdk/node_modules is not installed: make test installs it")
	}
	webhook := map[string]string{config.KeyWebhookSecret: "hook-url", config.KeyWebhookAuthSecret: "hook-auth", config.KeyRegions: "us-east-1",
		config.KeyIgnoreSourceIPs: "203.0.113.0/24,198.51.100.0/24"}
	contexts := append([]map[string]string{nil, webhook, {config.KeyTopology: "direct", config.KeyAccountName: "Production"}}, checkedContexts...)
	largest, largestDir, largestSize := "", "", 0
	compared := 0
	for _, ctx := range contexts {
		s := synthApp(t, ctx)
		out, err := exec.Command("node", "tools/yaml-size.mjs", s.dir).Output()
		if err != nil {
			t.Fatalf("node tools/yaml-size.mjs: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(s.templates) {
			t.Fatalf("%v: yaml-size measured %d templates of %d", ctx, len(lines), len(s.templates))
		}
		for _, line := range lines {
			var exact int
			var id string
			if _, err := fmt.Sscan(line, &exact, &id); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			var tmpl any
			if err := json.Unmarshal([]byte(s.raw[id]), &tmpl); err != nil {
				t.Fatal(err)
			}
			if bound := cfnsize.YAMLUpperBound(tmpl); bound < exact || float64(bound) > float64(exact)*1.01 {
				t.Errorf("%v %s: synth counts %d characters, the CLI sends %d", ctx, id, bound, exact)
			}
			if exact > largestSize {
				largest, largestDir, largestSize = id, s.dir, exact
			}
			compared++
		}
	}
	if compared < 100 {
		t.Errorf("compared %d templates", compared)
	}
	// The CLI's own text (`cdk synth --app DIR STACK` prints it, plus a
	// newline) has the length yaml-size.mjs reports.
	out, err := exec.Command("tools/cdk/node_modules/.bin/cdk", "synth", "--no-notices", "--app", largestDir, largest).Output()
	if err != nil {
		t.Fatalf("cdk synth --app %s %s: %v", largestDir, largest, err)
	}
	if got := len(utf16.Encode([]rune(strings.TrimSuffix(string(out), "\n")))); got != largestSize {
		t.Errorf("%s: the CLI's YAML is %d characters, yaml-size.mjs says %d", largest, got, largestSize)
	}
	large, err := largeTemplates(synthApp(t, webhook).dir)
	if err != nil || len(large) != 1 || !strings.HasPrefix(large[0], "SigninNotifier-us-east-1-webhook is ") {
		t.Errorf("largeTemplates = %v, %v; want the webhook stack named", large, err)
	}
}
