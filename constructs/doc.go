// Package constructs holds the reusable signin-notifier constructs:
//
//   - SigninNotifier: the EventBridge rules (mutually exclusive, one or more
//     per severity, in two groups: GroupSignIn and GroupSecurity), the API
//     destination, connection and role that post them to one destination
//     (SlackWebhook, SlackApp, TeamsWorkflow, DiscordWebhook or Webhook).
//     It listens on the default bus or on the bus it is given (a
//     SigninHub's).
//   - SigninHub: the custom event bus forwarders send to and notifiers
//     listen on, with a bus policy admitting an AWS Organization when asked,
//     and optionally the failed sign-in burst alarm.
//   - SigninForwarder: a region's three default-bus rules and their role:
//     console and CLI sign-ins (after the principal filter, applied here
//     once), root, AssumeRoot, anomaly and burst events, and the tamper
//     watch; the watch reports changes to the forward rules and the alert
//     rule reports changes to the watch. The hub may be in another region
//     or account.
//   - SigninStackSet: a service-managed CloudFormation StackSet that deploys
//     an inline spoke template to every account of some OUs and regions.
//   - DeadLetters (delivery.go): the failure handling every rule target gets:
//     an explicit retry policy, a dead-letter queue, and an alarm on each new
//     dead letter that publishes to an AlarmTopic or is forwarded to the home
//     region, where an AlarmPublisher publishes it (alarm_topic.go).
//
// The constructs read no environment variables and create no stacks; embed
// them in any Go CDK app. Misuse panics with one line naming the prop, the
// value and the fix, before any child construct exists. The event patterns
// and message templates live in the jsii-free package internal/core/signin.
//
// The package name matches github.com/aws/constructs-go/constructs/v10: in
// an app that imports both (as `cdk init app --language go` does), import
// this one as signin:
//
//	import signin "github.com/signin-notifier/signin-notifier/constructs"
package constructs
