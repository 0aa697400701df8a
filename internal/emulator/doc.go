// Package emulator routes events through a synthesized CDK cloud assembly
// (cdk.out) the way Amazon EventBridge would, offline: it loads every stack
// template, resolves the CloudFormation intrinsics and dynamic references
// that CDK emits, builds the buses, rules, targets, API destinations and
// connections of every region, and then, for an event put on a region's
// default bus, follows matching rules across buses and regions and sends the
// rendered HTTP requests to API destinations (usually redirected to a local
// httptest.Server).
//
// What belongs here: assembly loading, intrinsic resolution, the resource
// model, routing and delivery, and the trace that explains them.
//
// What does not belong here: pattern matching and input rendering (they come
// from internal/eventbridge), payload rules (internal/payloadcheck), and
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
//   - Two rules that forward the same event to the same bus deliver it twice,
//     as EventBridge does; the trace shows both.
//   - The emulator makes one delivery attempt: it records whether EventBridge
//     would retry (HTTP 429, 5xx, timeouts) but does not retry.
package emulator
