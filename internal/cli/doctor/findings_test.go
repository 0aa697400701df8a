package doctor

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Three stacks of one region share the logical ids of their dead-letter
// queue and alarm (each destination's stack has its own): every finding
// names its stack and region, a queue's firing alarm is the dead-letter
// check's finding only, and a stack that is not deployed is reported once,
// by the stacks check.
func TestFindingsNameTheirStackOnce(t *testing.T) {
	const q, a = "DeadLettersQueue631681B1", "DeadLettersAlarm495CD7B4"
	hub, slack, security, eu := "SigninNotifier-us-east-1", "SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security", "SigninNotifier-eu-west-1"
	queues := []Item{
		{Stack: hub, Region: "us-east-1", ID: q, Found: true},
		{Stack: slack, Region: "us-east-1", ID: q, Found: true, Messages: 2, URL: "https://sqs.us-east-1.amazonaws.com/1/slack-dlq"},
		{Stack: security, Region: "us-east-1", ID: q, Found: true, Messages: 1, URL: "https://sqs.us-east-1.amazonaws.com/1/security-dlq"},
		{Stack: eu, Region: "eu-west-1", ID: q, StackAbsent: true},
	}
	alarms := []Item{
		{Stack: hub, Region: "us-east-1", ID: a, Queue: q, Found: true, State: "OK"},
		{Stack: slack, Region: "us-east-1", ID: a, Queue: q, Found: true, State: "ALARM"},
		{Stack: security, Region: "us-east-1", ID: a, Queue: q, Found: true, State: "ALARM"},
		{Stack: eu, Region: "eu-west-1", ID: a, Queue: q, StackAbsent: true},
	}
	rules := []Item{
		{Stack: hub, Region: "us-east-1", ID: "ForwarderRule2246D170", Found: true, State: "ENABLED", Name: "SigninNotifier-us-east-1-ForwarderRule-X", Bus: "default"},
		{Stack: slack, Region: "us-east-1", ID: "NotifierSignInWithMfa07D801CF", Found: true, State: "DISABLED", Name: "SigninNotifier-us-east-1-slack-NotifierSignIn-Y", Bus: "signin-notifier-hub"},
		{Stack: eu, Region: "eu-west-1", ID: "ForwarderRule2246D170", StackAbsent: true},
		{Stack: eu, Region: "eu-west-1", ID: "ForwarderAlerts838B7E03", StackAbsent: true},
	}

	dl := JudgeDeadLetter(queues)
	if want := "3 undelivered notifications: DeadLettersQueue631681B1 in SigninNotifier-us-east-1-slack (us-east-1) holds 2, DeadLettersQueue631681B1 in SigninNotifier-us-east-1-slack-security (us-east-1) holds 1; the queues of 1 stack that is not deployed are left to the stacks check"; dl.OK || dl.Detail != want {
		t.Errorf("dead-letter detail\n%s\nwant\n%s", dl.Detail, want)
	}
	if !strings.Contains(dl.Fix, "--region us-east-1 --queue-url https://sqs.us-east-1.amazonaws.com/1/slack-dlq") {
		t.Errorf("dead-letter fix %q", dl.Fix)
	}
	if len(dl.Findings) != 2 || !reflect.DeepEqual(dl.Findings[0], Finding{Stack: slack, Region: "us-east-1", Resource: q, Problem: "holds 2 undelivered notifications"}) || dl.Findings[1].Stack != security {
		t.Errorf("dead-letter findings %+v", dl.Findings)
	}

	al := JudgeAlarms(alarms, queues)
	if want := "no other alarm in ALARM (1 OK, 0 INSUFFICIENT_DATA); in ALARM for the undelivered notifications of the dead-letter check: DeadLettersAlarm495CD7B4 in SigninNotifier-us-east-1-slack (us-east-1), DeadLettersAlarm495CD7B4 in SigninNotifier-us-east-1-slack-security (us-east-1); the alarms of 1 stack that is not deployed are left to the stacks check"; !al.OK || al.Detail != want || len(al.Findings) != 0 {
		t.Errorf("alarms %+v\nwant detail\n%s", al, want)
	}
	// Without messages in its queue, an alarm in ALARM is a finding of its own.
	quiet := append([]Item(nil), queues...)
	quiet[2].Messages = 0
	if al := JudgeAlarms(alarms, quiet); al.OK || !strings.HasPrefix(al.Detail, "in ALARM: DeadLettersAlarm495CD7B4 in SigninNotifier-us-east-1-slack-security (us-east-1); in ALARM for the undelivered notifications of the dead-letter check: DeadLettersAlarm495CD7B4 in SigninNotifier-us-east-1-slack (us-east-1)") || len(al.Findings) != 1 || al.Findings[0].Stack != security {
		t.Errorf("alarm without messages: %+v", al)
	}

	ru := JudgeRules(rules)
	if want := "1 rules are disabled: NotifierSignInWithMfa07D801CF (SigninNotifier-us-east-1-slack-NotifierSignIn-Y on signin-notifier-hub) in SigninNotifier-us-east-1-slack (us-east-1); the rules of 1 stack that is not deployed are left to the stacks check"; ru.OK || ru.Detail != want {
		t.Errorf("rules detail\n%s\nwant\n%s", ru.Detail, want)
	}
	if !strings.HasPrefix(ru.Fix, "enable it (aws events enable-rule --name SigninNotifier-us-east-1-slack-NotifierSignIn-Y --event-bus-name signin-notifier-hub --region us-east-1") {
		t.Errorf("rules fix %q", ru.Fix)
	}

	st := JudgeStacks([]StackState{{Stack: Stack{Name: hub, Region: "us-east-1"}, Status: "UPDATE_COMPLETE"}, {Stack: Stack{Name: eu, Region: "eu-west-1"}}})
	if st.OK || len(st.Findings) != 1 || !reflect.DeepEqual(st.Findings[0], Finding{Stack: eu, Region: "eu-west-1", Problem: "not deployed"}) {
		t.Errorf("stacks %+v", st)
	}

	results := []Result{{Name: CheckCloudTrail, OK: true, Detail: "d"}, {Name: CheckRegions, OK: true, Detail: "d"}, st, ru, {Name: CheckSecrets, OK: true, Detail: "d"}, dl, al}
	var out bytes.Buffer
	Report(&out, results)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8 || lines[7] != "4 of 7 checks pass; 3 fail: stacks, rules, dead-letter" {
		t.Errorf("report:\n%s", out.String())
	}
	b, err := json.Marshal(dl)
	if err != nil || !strings.Contains(string(b), `"findings":[{"stack":"SigninNotifier-us-east-1-slack","region":"us-east-1","resource":"DeadLettersQueue631681B1","problem":"holds 2 undelivered notifications"}`) {
		t.Errorf("json %s", b)
	}
}

// A secret is read by stacks, not defined by one: its finding names them.
func TestSecretFindingNamesTheStacksThatReadIt(t *testing.T) {
	r := JudgeSecrets([]Item{{Region: "us-east-1", ID: "signin-notifier/slack-webhook-url", ReadBy: []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security"}}})
	if r.OK || r.Detail != "missing: signin-notifier/slack-webhook-url in us-east-1 (read by SigninNotifier-us-east-1-slack, SigninNotifier-us-east-1-slack-security)" {
		t.Errorf("detail %q", r.Detail)
	}
	want := Finding{Stacks: []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security"}, Region: "us-east-1", Resource: "signin-notifier/slack-webhook-url", Problem: "missing"}
	if len(r.Findings) != 1 || !reflect.DeepEqual(r.Findings[0], want) {
		t.Errorf("findings %+v", r.Findings)
	}
}

func TestSummary(t *testing.T) {
	pass := Result{Name: "a", OK: true}
	if got := Summary([]Result{pass, pass}); got != "2 of 2 checks pass" {
		t.Errorf("all pass: %q", got)
	}
	if got := Summary([]Result{pass, {Name: CheckRegions}}); got != "1 of 2 checks pass; 1 fail: regions" {
		t.Errorf("one fails: %q", got)
	}
}

// An enabled region without a stack: make regions caches the enabled
// regions, then synth with regions=enabled reads that cache.
func TestRegionsFixRunsMakeRegionsFirst(t *testing.T) {
	r := JudgeRegions([]RegionStatus{{"us-east-1", "opt-in-not-required"}, {"eu-south-1", "opted-in"}}, []string{"us-east-1"}, "")
	if r.OK || r.Fix != `deploy to them too: run make regions (it caches the account's enabled regions in cdk.context.json), then make synth ARGS="-c regions=enabled" (or list them in regions), then cdk deploy --all, so sign-ins there are seen` {
		t.Errorf("fix %q", r.Fix)
	}
	if len(r.Findings) != 1 || !reflect.DeepEqual(r.Findings[0], Finding{Region: "eu-south-1", Problem: "enabled, no stack"}) {
		t.Errorf("findings %+v", r.Findings)
	}
}
