package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawsevents"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// The rule targets, the alarm action and the e-mail subscription below are
// the project's own small implementations of the CDK interfaces
// (awsevents.IRuleTarget, awscloudwatch.IAlarmAction,
// awssns.ITopicSubscription). aws-cdk-go's awseventstargets,
// awscloudwatchactions and awssnssubscriptions packages would do the same
// with over a hundred more packages each for a Go user to compile; these
// grant the same permissions and render the same CloudFormation.

// target is a rule target: its ARN, the role EventBridge assumes (nil for
// targets that authorize with a resource policy), an optional input, the
// permission it needs, and the delivery settings every target of the
// project gets (DeadLetters.wire).
type target struct {
	arn   *string
	role  awsiam.IRole
	input awsevents.RuleTargetInput
	// grant gives EventBridge, for rule, the permission to deliver.
	grant func(rule interfacesawsevents.IRuleRef)
	retry *awsevents.CfnRule_RetryPolicyProperty
	dlq   *awsevents.CfnRule_DeadLetterConfigProperty
}

// Bind implements awsevents.IRuleTarget.
func (t *target) Bind(rule interfacesawsevents.IRuleRef, _ *string) *awsevents.RuleTargetConfig {
	t.grant(rule)
	return &awsevents.RuleTargetConfig{Arn: t.arn, Role: t.role, Input: t.input, RetryPolicy: t.retry, DeadLetterConfig: t.dlq}
}

// apiDestinationTarget invokes an API destination as role, which it allows
// events:InvokeApiDestination on that destination only.
func apiDestinationTarget(dest awsevents.IApiDestination, role awsiam.IRole) *target {
	return &target{arn: dest.ApiDestinationArn(), role: role, grant: func(interfacesawsevents.IRuleRef) {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Resources: &[]*string{dest.ApiDestinationArn()},
			Actions:   jsii.Strings("events:InvokeApiDestination"),
		}))
	}}
}

// eventBusTarget puts the event on bus (in any region or account) as role,
// which it allows events:PutEvents on that bus only.
func eventBusTarget(bus awsevents.IEventBus, role awsiam.IRole) *target {
	return &target{arn: bus.EventBusArn(), role: role, grant: func(interfacesawsevents.IRuleRef) {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings("events:PutEvents"),
			Resources: &[]*string{bus.EventBusArn()},
		}))
	}}
}

// queueTarget sends the event to a queue without a KMS key of its own (SQS
// managed encryption or none), whose policy admits EventBridge for this
// rule only.
func queueTarget(queue awssqs.IQueue) *target {
	return &target{arn: queue.QueueArn(), grant: func(rule interfacesawsevents.IRuleRef) {
		queue.GrantSendMessages(awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": awsevents.CfnRule_ArnForRule(rule)}},
		}))
	}}
}

// topicTarget publishes message to topic, whose policy (and key policy)
// admits EventBridge on behalf of the rules of the topic's account and
// region only. The rules are matched by ARN pattern, not by reference: a
// reference would make the key depend on the rule, which depends on the
// topic, which depends on the key.
func topicTarget(topic awssns.ITopic, message awsevents.RuleTargetInput) *target {
	return &target{arn: topic.TopicArn(), input: message, grant: func(interfacesawsevents.IRuleRef) {
		topic.GrantPublish(awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: eventsSourceConditions(awscdk.Stack_Of(topic)),
		}))
	}}
}

// eventsSourceConditions restrict EventBridge to acting on behalf of a rule
// of stack's account and region (EventBridge user guide, "Cross-service
// confused deputy prevention": for rule targets, aws:SourceArn is the rule's
// ARN).
func eventsSourceConditions(stack awscdk.Stack) *map[string]any {
	return &map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
		"ArnLike": map[string]any{"aws:SourceArn": stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("events"), Resource: jsii.String("rule"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})},
	}
}

// eventsRole is a role only EventBridge may assume, and only on behalf of a
// rule of the role's own account and region (the confused-deputy
// conditions of the IAM user guide).
func eventsRole(scope cx.Construct, id, description string) awsiam.Role {
	return awsiam.NewRole(scope, jsii.String(id), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: eventsSourceConditions(awscdk.Stack_Of(scope)),
		}),
		Description: jsii.String(description),
	})
}

// topicAction is an alarm action that publishes to an SNS topic.
type topicAction struct{ topic awssns.ITopic }

// Bind implements awscloudwatch.IAlarmAction.
func (a *topicAction) Bind(cx.Construct, awscloudwatch.IAlarm) *awscloudwatch.AlarmActionConfig {
	return &awscloudwatch.AlarmActionConfig{AlarmActionArn: a.topic.TopicArn()}
}

// emailSubscription subscribes an e-mail address to a topic; the
// subscription's construct id is the address, as CDK's own.
type emailSubscription struct{ address *string }

// Bind implements awssns.ITopicSubscription.
func (e *emailSubscription) Bind(awssns.ITopic) *awssns.TopicSubscriptionConfig {
	return &awssns.TopicSubscriptionConfig{SubscriberId: e.address, Endpoint: e.address, Protocol: awssns.SubscriptionProtocol_EMAIL}
}

// suppressNag records, as the metadata cdk-nag reads, that a rule of its
// AwsSolutions pack does not apply to res and its CloudFormation children,
// so that the library itself needs no cdk-nag at run time.
func suppressNag(res cx.IConstruct, rule, reason string) {
	entry := map[string]any{"rules_to_suppress": []any{map[string]any{"reason": reason, "id": rule}}}
	for _, c := range *res.Node().FindAll(cx.ConstructOrder_PREORDER) {
		if cfn, ok := c.(awscdk.CfnResource); ok {
			cfn.AddMetadata(jsii.String("cdk_nag"), entry)
		}
	}
}
