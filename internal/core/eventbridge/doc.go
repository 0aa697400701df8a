// Package eventbridge reproduces, offline, the two parts of Amazon EventBridge
// that decide whether a sign-in notification is sent and what it says: event
// pattern matching and target input rendering (Input, InputPath and
// InputTransformer).
//
// What belongs here: the matching and rendering rules exactly as EventBridge
// documents them (docs/aws-facts.md lists the facts and their sources), with
// their validation errors. The package is pure Go with no AWS SDK,
// CDK or jsii dependency, so it tests in milliseconds.
//
// What does not belong here: anything about buses, rules as resources,
// CloudFormation templates or HTTP delivery (see internal/cli/emulator), and
// anything about a chat format (see internal/testkit/payloadcheck).
//
// Usage:
//
//	p, err := eventbridge.ParsePattern([]byte(`{"source": ["aws.signin"]}`))
//	ev, err := eventbridge.ParseEvent(eventJSON)
//	if p.MatchEvent(ev) {
//		t, err := eventbridge.NewTransformer(pathsMap, template)
//		body, err := t.Render(ev, eventbridge.Context{RuleName: "r"})
//		if errors.Is(err, eventbridge.ErrDropped) { /* EventBridge would not deliver */ }
//	}
package eventbridge
