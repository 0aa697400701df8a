package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// DefaultAlarmTopicName names the alarm topic the app defines in each region
// whose alarms publish directly. Topic names are regional, so other stacks
// of the region address it by name.
const DefaultAlarmTopicName = "signin-notifier-alarms"

// AlarmTopicProps configures an AlarmTopic.
//
// Required: none.
type AlarmTopicProps struct {
	// Email is subscribed to the topic. SNS sends it a confirmation
	// message first: nothing arrives until the link in it is followed.
	// Default: - no subscription; subscribe someone to Topic().
	Email *string
	// TopicName names the topic, e.g. DefaultAlarmTopicName.
	// Default: - a name CloudFormation generates.
	TopicName *string
}

// AlarmTopic is the SNS topic signin-notifier's alarms publish to: a path to
// a person that does not go through the chat whose failure it reports. It
// is encrypted with a customer managed KMS key (CloudWatch cannot publish to
// a topic encrypted with the AWS managed key alias/aws/sns, whose policy
// cannot be changed) and accepts only TLS publishers.
type AlarmTopic struct {
	cx.Construct
	key   awskms.Key
	topic awssns.Topic
}

// NewAlarmTopic defines an AlarmTopic under scope/id. It panics with one
// line, before any child exists, if Email is a literal that is not an
// address.
func NewAlarmTopic(scope cx.Construct, id *string, props *AlarmTopicProps) *AlarmTopic {
	var p AlarmTopicProps
	if props != nil {
		p = *props
	}
	if literal(p.Email) {
		if err := signin.ValidateEmail(*p.Email); err != nil {
			panic(fmt.Sprintf("AlarmTopic %q: Email %q %v: use e.g. security@example.com", idOf(id), *p.Email, err))
		}
	}
	this := cx.NewConstruct(scope, id)
	a := &AlarmTopic{Construct: this}
	a.key = awskms.NewKey(this, jsii.String("Key"), &awskms.KeyProps{
		Description:       jsii.String("signin-notifier: encrypts the alarm topic"),
		EnableKeyRotation: jsii.Bool(true),
		// The key protects only messages in flight, so deleting the stack
		// schedules its deletion instead of leaving it billed ($1/month).
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		PendingWindow: awscdk.Duration_Days(jsii.Number(7)),
	})
	// CloudWatch (alarm actions) and EventBridge (forwarded spoke alarms)
	// publish to the topic, so both need the key (SNS developer guide,
	// "Enable compatibility between event sources from AWS services and
	// encrypted topics").
	a.key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid: jsii.String("AllowAlarmPublishers"),
		Principals: &[]awsiam.IPrincipal{
			awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil),
			awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil),
		},
		Actions:   jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources: jsii.Strings("*"),
	}), nil)
	a.topic = awssns.NewTopic(this, jsii.String("Topic"), &awssns.TopicProps{
		TopicName:   p.TopicName,
		DisplayName: jsii.String("signin-notifier alarms"),
		MasterKey:   a.key,
		EnforceSSL:  jsii.Bool(true),
	})
	// A topic policy replaces the default one, which let the account's
	// principals publish; CloudWatch alarms of this account need it back.
	a.topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AllowAlarms"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{a.topic.TopicArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(this).Account()}},
	}))
	if p.Email != nil {
		a.topic.AddSubscription(&emailSubscription{address: p.Email})
	}
	return a
}

// Topic returns the topic.
func (a *AlarmTopic) Topic() awssns.Topic { return a.topic }

// Key returns the KMS key that encrypts the topic.
func (a *AlarmTopic) Key() awskms.Key { return a.key }

// AlarmPublisherProps configures an AlarmPublisher.
//
// Required: Topic.
type AlarmPublisherProps struct {
	// Topic receives the forwarded alarms; it must be in the publisher's
	// region. Required.
	Topic awssns.ITopic
}

// AlarmPublisher publishes to an SNS topic the ALARM state changes of
// signin-notifier dead-letter alarms that DeadLetters in other regions
// forward to this region's default bus (ForwardAlarmTo), as one readable
// line. Its own target has a retry policy, a dead-letter queue and an alarm
// on the same topic.
type AlarmPublisher struct {
	cx.Construct
	rule        awsevents.Rule
	deadLetters *DeadLetters
}

// NewAlarmPublisher defines an AlarmPublisher under scope/id. It panics if
// Topic is missing.
func NewAlarmPublisher(scope cx.Construct, id *string, props *AlarmPublisherProps) *AlarmPublisher {
	if props == nil || props.Topic == nil {
		panic(fmt.Sprintf("AlarmPublisher %q: Topic is required: pass the alarm topic of this region, e.g. NewAlarmTopic(...).Topic()", idOf(id)))
	}
	this := cx.NewConstruct(scope, id)
	a := &AlarmPublisher{Construct: this}
	a.deadLetters = NewDeadLetters(this, jsii.String("DeadLetters"), &DeadLettersProps{Alarm: AlarmToTopic(props.Topic)})
	// The default bus also gets this region's own alarm events, which their
	// alarm actions already publish: only other regions' are taken here.
	a.rule = awsevents.NewRule(this, jsii.String("Rule"), &awsevents.RuleProps{
		Description: jsii.String("signin-notifier: publish the dead-letter alarms other regions forward here to the alarm topic"),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings("aws.cloudwatch"),
			DetailType: jsii.Strings(alarmDetailType),
			Detail: &map[string]any{
				"alarmName": []any{map[string]any{"prefix": AlarmNamePrefix}},
				"state":     map[string]any{"value": []any{"ALARM"}},
			},
		},
	})
	// Spoke regions forward their alarms to this region's default bus: its
	// policy admits the account explicitly (whether a same-account
	// cross-region target needs it is not documented).
	awsevents.NewCfnEventBusPolicy(this, jsii.String("DefaultBusPolicy"), &awsevents.CfnEventBusPolicyProps{
		EventBusName: jsii.String("default"),
		StatementId:  jsii.String("signin-notifier-alarm-forwards"),
		Statement: awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Effect:     awsiam.Effect_ALLOW,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAccountRootPrincipal()},
			Actions:    jsii.Strings("events:PutEvents"),
			Resources: jsii.Strings(*awscdk.Stack_Of(this).FormatArn(&awscdk.ArnComponents{
				Service: jsii.String("events"), Resource: jsii.String("event-bus"), ResourceName: jsii.String("default"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
			})),
		}).ToJSON(),
	})
	cfn := a.rule.Node().DefaultChild().(awsevents.CfnRule)
	cfn.AddPropertyOverride(jsii.String("EventPattern.region"), []any{map[string]any{"anything-but": awscdk.Stack_Of(this).Region()}})
	field := func(path string) string { return *awsevents.EventField_FromPath(jsii.String(path)) }
	d := a.deadLetters.wire("AllowAlarmPublisher", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	d.addTarget(a.rule, topicTarget(props.Topic, awsevents.RuleTargetInput_FromText(jsii.String(fmt.Sprintf("ALARM %s in %s (account %s): %s Reason: %s",
		field("$.detail.alarmName"), field("$.region"), field("$.account"),
		field("$.detail.configuration.description"), field("$.detail.state.reason"))))))
	d.admitRules()
	return a
}

// Rule returns the rule that publishes forwarded alarms.
func (a *AlarmPublisher) Rule() awsevents.Rule { return a.rule }

// DeadLetters returns the publisher's own failure handling.
func (a *AlarmPublisher) DeadLetters() *DeadLetters { return a.deadLetters }
