// Package emulator routes events through a synthesized CDK cloud assembly
// (cdk.out) the way Amazon EventBridge would, offline: it loads every stack
// template, resolves the intrinsics and dynamic references signin-notifier
// synthesizes (Ref, Fn::GetAtt, Fn::Join, AWS::AccountId, AWS::Partition, AWS::Region,
// {{resolve:secretsmanager:...}}; anything else is a Load error, never a
// guess), builds the buses, rules, targets, API destinations and
// connections of every region, and then, for an event put on a region's
// default bus, follows matching rules across buses and regions and sends the
// rendered HTTP requests to API destinations (usually redirected to a local
// httptest.Server).
//
// What belongs here: assembly loading, intrinsic resolution, the resource
// model, routing and delivery, and the trace that explains them.
//
// What does not belong here: pattern matching and input rendering (they come
// from internal/core/eventbridge), payload rules (internal/testkit/payloadcheck), and
// anything that imports aws-cdk-go or jsii: this package reads the JSON
// files CDK writes, so its tests run in milliseconds.
//
// Decisions where AWS documents nothing (see also Options):
//   - Put places an event on the default bus of Options.AccountID in the
//     event's "region". A region with no stack is not an error: the trace
//     records that nothing is deployed there and no delivery happens.
//   - Forwarding to a bus already on the event's path is suppressed (a loop
//     guard), as is any hop past Options.MaxHops. An event that has crossed
//     an account boundary is not forwarded to another account ("If a receiver
//     account sets up a rule that sends events received from a sender account
//     on to a third account, these events are not sent to the third account",
//     EventBridge User Guide). Each suppression is a trace step.
//   - An event forwarded to a bus of another account, or put on it by
//     PutOnBusAs, enters only if the bus's resource policy
//     (AWS::Events::EventBusPolicy) admits the sending account for
//     events:PutEvents: an explicit Deny wins, a bus without a policy
//     refuses (a StepRefused with the reason). Principals "*", account ids
//     and account root ARNs, and the condition StringEquals
//     aws:PrincipalOrgID (membership from Options.Organization) are
//     evaluated; a statement with any other condition admits nobody and is
//     a warning.
//   - A StackSet with an inline TemplateBody is instantiated as one stack
//     per target account and region, named StackSet-NAME-UUID: for
//     SERVICE_MANAGED, the accounts Options.Organization lists under the
//     targeted OUs (every account for a root r-...), filtered by
//     AccountFilterType, never the management account; for SELF_MANAGED,
//     the listed accounts. OUs are flat (no nested OUs).
//   - Two rules that forward the same event to the same bus deliver it twice,
//     as EventBridge does; the trace shows both.
//   - An SQS queue target is a StepQueued: the event is in the queue and the
//     emulator follows it no further. A target's DeadLetterConfig is not a
//     target: each target step names it (Step.DeadLetter, by the queue's
//     construct path) as where EventBridge would put the event it could
//     not deliver.
//   - The emulator makes one delivery attempt: it records whether EventBridge
//     would retry (HTTP 429, 5xx, timeouts) but does not retry.
package emulator
