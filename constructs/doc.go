// Package constructs holds the reusable signin-notifier constructs:
//
//   - SigninNotifier: the EventBridge rules (one per severity), the API
//     destination, connection and role that post console sign-in events to a
//     Slack incoming webhook, with a dead-letter queue and an alarm.
//   - SigninForwarder: a rule and role that forward console sign-in events to
//     a hub event bus, possibly in another region.
//   - DeadLetters (delivery.go): the failure handling every rule target gets:
//     an explicit retry policy, a dead-letter queue, and an alarm on each new
//     dead letter that publishes to an AlarmTopic or is forwarded to the home
//     region, where an AlarmPublisher publishes it (alarm_topic.go).
//
// The constructs read no environment variables and create no stacks; embed
// them in any Go CDK app. The event patterns and message templates they use
// live in the jsii-free package internal/signin.
//
// The package name matches github.com/aws/constructs-go/constructs/v10, which
// is therefore imported as cx throughout the project.
package constructs
