// Package plan decides, free of CDK and jsii, every stack of a
// signin-notifier deployment: per region the forwarders (and where
// notifiers run, the signin-notifier bus), per notifying region, destination
// and rule group one notifier stack (so that every template stays under the
// 51,200 bytes CloudFormation accepts inline), the alarm topics and how each
// stack's dead-letter alarm reaches a person, the StackSets of an
// organization, and the dependencies between stacks. It counts every
// EventBridge quota per bus and refuses a deployment that would not fit.
//
// The CDK app (through internal/app/config) and the public composition
// constructs.NewSigninDeployment both turn a Settings into the same plan,
// and the composition turns each row into one stack.
package plan
