// Package constructs is the signin-notifier construct library: EventBridge
// rules, input transformers and API destinations (no Lambda function) that
// post a chat message for every AWS console sign-in, failed sign-in, switch
// role, root credential change and tamper attempt.
//
// The package name matches github.com/aws/constructs-go/constructs/v10,
// which every Go CDK app imports as "constructs" (as `cdk init app
// --language go` does): import this one as notifier.
//
//	import notifier "github.com/signin-notifier/signin-notifier/constructs"
//
// The whole deployment, as the signin-notifier app makes it, is one call:
//
//   - NewSigninDeployment defines, in your App, one stack per region with
//     the region's forwarders, the hub (a signin-notifier event bus) in the
//     home region with one notifier per destination and rule group, the
//     alarm topic, and with an Organization the StackSets that put the
//     forwarders in every member account. CheckSigninDeployment reports bad
//     props as one line.
//
// Its building blocks, for a stack of your own:
//
//   - SigninNotifier: the notification rules (mutually exclusive, one or
//     more per severity, in groups: GroupSignIn, GroupSecurity and, with
//     BreakGlassRoles, GroupBreakGlass), the
//     API destination, connection and role that post them to one
//     Destination (SlackWebhook, SlackApp, TeamsWorkflow, DiscordWebhook or
//     Webhook). It listens on the bus SigninForwarders send to (a
//     SigninHub's), never on the default bus: its security rules rely on
//     the forwarders' choice of events.
//   - SigninHub: the event bus forwarders send to and notifiers listen on,
//     with a bus policy admitting an AWS Organization when asked, and
//     optionally the failed sign-in burst alarm.
//   - SigninForwarder: a region's default-bus rules and their role:
//     sign-ins (after the principal filter, applied here once), root,
//     AssumeRoot, anomaly and burst events, the tamper watch, and with
//     BreakGlassRoles the assumptions of those roles; the watch
//     reports changes to the forward rules and the alert rule reports
//     changes to the watch. The hub may be in another region or account.
//   - SigninStackSet: a service-managed CloudFormation StackSet that
//     deploys a spoke stack to every account of some OUs and regions.
//   - DeadLetters: the failure handling every rule target gets: an explicit
//     retry policy, a dead-letter queue, and an alarm on each new dead
//     letter that reaches a person (AlarmRoute): an AlarmTopic in the
//     region, or a forward to the home region, where an AlarmPublisher
//     publishes it.
//
// The constructs read no environment variables; embed them in any Go CDK
// app. Misuse panics with one line naming the prop, the value and the fix,
// before any child construct exists; values that may be tokens resolved at
// deploy time are checked only when they are literals. No construct needs
// an asset, so stacks of these constructs deploy without `cdk bootstrap`
// while each template stays under 51,200 bytes.
package constructs
