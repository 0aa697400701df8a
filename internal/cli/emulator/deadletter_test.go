package emulator_test

import (
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

// A target's dead-letter queue is its failure path, not a target: the
// route names it under the target, by the queue's construct path, and no
// step calls it unsupported.
func TestRouteShowsTheDeadLetterQueueAsTheFailurePath(t *testing.T) {
	srv := newRecorder(t)
	dlq := map[string]any{"Arn": map[string]any{"Fn::GetAtt": []any{"DLQ", "Arn"}}}
	queue := res("AWS::SQS::Queue", nil)
	queue["Metadata"] = map[string]any{"aws:cdk:path": "Notifier-eu-west-1/DeadLetters/Queue/Resource"}
	rule := ruleRes(signinPattern, destTarget("d", map[string]any{"DeadLetterConfig": dlq}))
	rule["Metadata"] = map[string]any{"aws:cdk:path": "Notifier-eu-west-1/Notifier/SignIn/Resource"}
	dir := writeAssembly(t, tstack{"Notifier-eu-west-1", "aws://111111111111/eu-west-1", map[string]any{"Resources": merge(destResources("https://hooks.example.com/x"), map[string]any{
		"DLQ":  queue,
		"Rule": rule,
	})}})
	a := load(t, dir, emulator.Options{Endpoint: emulator.RedirectTo(srv.URL)})
	tr, err := a.Put(signinEvent("eu-west-1", "ua"))
	if err != nil {
		t.Fatal(err)
	}
	if got := stepKinds(tr); got != "arrived,matched,delivered" {
		t.Fatalf("steps %s\n%s", got, tr)
	}
	step := tr.Steps[2]
	if step.DeadLetter != "Notifier-eu-west-1/DeadLetters/Queue" {
		t.Errorf("DeadLetter = %q", step.DeadLetter)
	}
	want := "hop 0: event on bus default in 111111111111/eu-west-1\n" +
		"  rule Notifier-eu-west-1/Notifier/SignIn matched\n" +
		"    target d delivered to API destination Notifier-eu-west-1/Dest: HTTP 200\n" +
		"      if delivery fails: dead-letter queue Notifier-eu-west-1/DeadLetters/Queue\n"
	if got := tr.Route(); got != want {
		t.Errorf("route\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(tr.String(), "unsupported") || strings.Contains(a.Describe().String(), "arn:aws:sqs") {
		t.Errorf("the dead-letter queue is shown as a target or by its ARN:\n%s\n%s", tr, a.Describe())
	}
	targets := a.Describe().Regions[0].Buses[0].Rules[0].Targets
	if len(targets) != 1 || targets[0].DeadLetter != "Notifier-eu-west-1/DeadLetters/Queue" {
		t.Errorf("Describe targets %+v", targets)
	}
}
