package emulator_test

import (
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

// schedule is an AWS::Scheduler::Schedule with an EventBridge PutEvents
// target on the default bus of 111111111111/eu-west-1, changed by edit
// (CloudFormation template reference, AWS::Scheduler::Schedule).
func schedule(edit func(p, target map[string]any)) map[string]any {
	target := map[string]any{
		"Arn": busArn("111111111111", "eu-west-1", "default"), "RoleArn": "arn:aws:iam::111111111111:role/r",
		"Input":                 `{"heartbeat":"x"}`,
		"EventBridgeParameters": map[string]any{"Source": "example.heartbeat", "DetailType": "heartbeat"},
	}
	p := map[string]any{"Name": "hb", "ScheduleExpression": "rate(1 hour)", "FlexibleTimeWindow": map[string]any{"Mode": "OFF"}, "Target": target}
	if edit != nil {
		edit(p, target)
	}
	return res("AWS::Scheduler::Schedule", p)
}

var heartbeatPattern = map[string]any{"source": []any{"example.heartbeat"}}

// TestSchedule_FiresThroughTheDefaultBus: the schedule's event starts on its
// target bus, in its account and region, with its source, detail-type and
// Input as detail, and follows the rules like any event.
func TestSchedule_FiresThroughTheDefaultBus(t *testing.T) {
	stack := tstack{"S", "aws://111111111111/eu-west-1", map[string]any{"Resources": map[string]any{
		"Sched":   schedule(nil),
		"Counter": res("AWS::SQS::Queue", nil),
		"Count":   ruleRes(heartbeatPattern, map[string]any{"Id": "q", "Arn": map[string]any{"Fn::GetAtt": []any{"Counter", "Arn"}}}),
		"Other":   ruleRes(signinPattern, map[string]any{"Id": "q", "Arn": map[string]any{"Fn::GetAtt": []any{"Counter", "Arn"}}}),
	}}}
	a := load(t, writeAssembly(t, stack), emulator.Options{})
	s := a.Schedules()
	if len(s) != 1 || s[0].Name != "hb" || s[0].Account != "111111111111" || s[0].Region != "eu-west-1" || !s[0].Enabled ||
		s[0].ARN != "arn:aws:scheduler:eu-west-1:111111111111:schedule/default/hb" || string(s[0].Detail) != `{"heartbeat":"x"}` {
		t.Fatalf("schedules = %+v", s)
	}
	tr, err := a.Fire(s[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := stepKinds(tr); got != "arrived,matched,queued" || tr.Steps[1].RuleLogicalID != "Count" {
		t.Errorf("steps %s\n%s", got, tr)
	}
	for _, want := range []string{`"source":"example.heartbeat"`, `"detail-type":"heartbeat"`, `"detail":{"heartbeat":"x"}`, `"region":"eu-west-1"`, `"account":"111111111111"`} {
		if !strings.Contains(string(tr.Event), want) {
			t.Errorf("event %s lacks %s", tr.Event, want)
		}
	}
	disabled := load(t, writeAssembly(t, tstack{"S", "aws://111111111111/eu-west-1", map[string]any{"Resources": map[string]any{
		"Sched": schedule(func(p, _ map[string]any) { p["State"] = "DISABLED" }),
	}}}), emulator.Options{})
	if _, err := disabled.Fire(disabled.Schedules()[0]); err == nil || !strings.Contains(err.Error(), "DISABLED: it puts nothing") {
		t.Errorf("a disabled schedule fired: %v", err)
	}
}

// TestSchedule_RefusesWhatSchedulerRefuses: each property outside what
// EventBridge Scheduler accepts, or outside what the app emits (a target
// other than an event bus of the schedule's own account and region), is one
// load error naming the stack and resource.
func TestSchedule_RefusesWhatSchedulerRefuses(t *testing.T) {
	cases := []struct {
		name string
		edit func(p, target map[string]any)
		want string
	}{
		{"aws source", func(_, tg map[string]any) {
			tg["EventBridgeParameters"] = map[string]any{"Source": "aws.events", "DetailType": "x"}
		}, `Source "aws.events" must be`},
		{"no detail-type", func(_, tg map[string]any) { tg["EventBridgeParameters"] = map[string]any{"Source": "a.b"} }, "DetailType must be 1..128"},
		{"no parameters", func(_, tg map[string]any) { delete(tg, "EventBridgeParameters") }, "needs EventBridgeParameters"},
		{"input not an object", func(_, tg map[string]any) { tg["Input"] = `"x"` }, "Input must be a JSON object"},
		{"no role", func(_, tg map[string]any) { delete(tg, "RoleArn") }, "Target needs an Arn and a RoleArn"},
		{"queue target", func(_, tg map[string]any) { tg["Arn"] = "arn:aws:sqs:eu-west-1:111111111111:q" }, "is not an event bus"},
		{"bus of another region", func(_, tg map[string]any) { tg["Arn"] = busArn("111111111111", "us-east-1", "default") }, "is not a bus of the schedule's account and region"},
		{"rate of 1 hours", func(p, _ map[string]any) { p["ScheduleExpression"] = "rate(1 hours)" }, "singular unit for 1"},
		{"rate of 0", func(p, _ map[string]any) { p["ScheduleExpression"] = "rate(0 minutes)" }, "at least 1"},
		{"not an expression", func(p, _ map[string]any) { p["ScheduleExpression"] = "every hour" }, "is not rate(VALUE UNIT) or cron(...)"},
		{"no time window", func(p, _ map[string]any) { delete(p, "FlexibleTimeWindow") }, "FlexibleTimeWindow is required"},
		{"flexible without a window", func(p, _ map[string]any) { p["FlexibleTimeWindow"] = map[string]any{"Mode": "FLEXIBLE"} }, "MaximumWindowInMinutes 1..1440"},
		{"retry age", func(_, tg map[string]any) { tg["RetryPolicy"] = map[string]any{"MaximumEventAgeInSeconds": 30} }, "MaximumEventAgeInSeconds 30 must be 60..86400"},
		{"state", func(p, _ map[string]any) { p["State"] = "ON" }, `State "ON" must be ENABLED or DISABLED`},
		{"no name", func(p, _ map[string]any) { delete(p, "Name") }, "has no Name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := emulator.Load(writeAssembly(t, tstack{"S", "aws://111111111111/eu-west-1", map[string]any{"Resources": map[string]any{"Sched": schedule(tc.edit)}}}), emulator.Options{})
			if err == nil || !strings.HasPrefix(err.Error(), "stack S resource Sched: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load error %v, want one naming stack S resource Sched and %q", err, tc.want)
			}
		})
	}
}
