// Package constructs holds the reusable signin-notifier constructs:
//
//   - SigninNotifier: the EventBridge rules (one per severity), the API
//     destination, connection and role that post console sign-in events to a
//     Slack incoming webhook, with a dead-letter queue and an alarm.
//   - SigninForwarder: a rule and role that forward console sign-in events to
//     a hub event bus, possibly in another region or account.
//   - SigninHub: the hub event bus, with a bus policy admitting an AWS
//     Organization when asked.
//   - SigninStackSet: a service-managed CloudFormation StackSet that deploys
//     an inline spoke template to every account of some OUs and regions.
//
// The constructs read no environment variables and create no stacks; embed
// them in any Go CDK app. The event patterns and message templates they use
// live in the jsii-free package internal/signin.
//
// The package name matches github.com/aws/constructs-go/constructs/v10, which
// is therefore imported as cx throughout the project.
package constructs
