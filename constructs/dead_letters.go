package constructs

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// AlarmNamePrefix starts the name of every dead-letter alarm, so that an
// AlarmPublisher can tell forwarded signin-notifier alarms from others.
const AlarmNamePrefix = "signin-notifier-"

// Undeliverable-event alarm: one ALARM per burst of new dead letters, per
// 5-minute period. A dead-letter queue is idle most of the time, and the
// first datapoints of an idle queue can reach CloudWatch 15 minutes late,
// so the alarm looks back over enough periods to see it
// (signin.EvaluationPeriods) and needs only one of them with a dead letter.
const alarmPeriodMinutes = 5

// alarmDetailType is the detail-type of the event CloudWatch sends to the
// default bus of the alarm's region on every state change.
const alarmDetailType = "CloudWatch Alarm State Change"

// AlarmRoute says how a dead-letter alarm reaches a person, by another path
// than the chat whose failure it reports. Build one with AlarmToTopic,
// AlarmToEventBus or NoAlarm.
type AlarmRoute struct {
	topic awssns.ITopic
	bus   awsevents.IEventBus
	none  bool
}

// AlarmToTopic publishes the alarm to an SNS topic of the alarm's region,
// which must let cloudwatch.amazonaws.com publish (and use its KMS key, if
// it has one). NewAlarmTopic defines such a topic, with an e-mail
// subscription if you like.
func AlarmToTopic(topic awssns.ITopic) *AlarmRoute { return &AlarmRoute{topic: topic} }

// AlarmToEventBus forwards the alarm's ALARM state changes to an event bus,
// usually the default bus of the home region, where an AlarmPublisher
// publishes them to the alarm topic: how a spoke region's failures reach a
// person without a topic (and a KMS key) of its own.
func AlarmToEventBus(bus awsevents.IEventBus) *AlarmRoute { return &AlarmRoute{bus: bus} }

// NoAlarm keeps the dead letters without an alarm, which costs $0.10 a
// month: for stacks that must cost nothing idle, such as the forwarders a
// StackSet puts in every member account and region.
func NoAlarm() *AlarmRoute { return &AlarmRoute{none: true} }

// DeadLettersProps configures DeadLetters.
//
// Required: none; without Alarm, synth warns that nobody is told.
type DeadLettersProps struct {
	// Queue receives the events that could not be delivered.
	// Default: - a new SQS queue with SQS-managed encryption, a TLS-only
	// policy and 14 days of retention.
	Queue awssqs.IQueue
	// Alarm says where the alarm on each new dead letter goes.
	// Default: - the alarm has no action, and synth warns that nobody is
	// told.
	Alarm *AlarmRoute
}

// DeadLetters is the failure handling of a stack's EventBridge rules: one
// dead-letter queue for every target, and an alarm on each new dead letter
// (not on queue depth) whose action reaches a person by another path than
// the chat (see AlarmRoute). SigninNotifier, SigninForwarder, SigninHub and
// AlarmPublisher give every target they create an explicit retry policy
// and this queue; share one DeadLetters among the constructs of a stack.
type DeadLetters struct {
	cx.Construct
	queue awssqs.IQueue
	alarm awscloudwatch.Alarm
	topic awssns.ITopic
}

// NewDeadLetters defines DeadLetters under scope/id. It panics with one line
// on misuse, before any child construct exists.
func NewDeadLetters(scope cx.Construct, id *string, props *DeadLettersProps) *DeadLetters {
	var p DeadLettersProps
	if props != nil {
		p = *props
	}
	route := p.Alarm
	if route == nil {
		route = &AlarmRoute{}
	}
	if p.Alarm != nil && !route.none && route.topic == nil && route.bus == nil {
		panic(fmt.Sprintf("DeadLetters %q: Alarm has no topic or bus: build it with AlarmToTopic(topic), AlarmToEventBus(bus) or NoAlarm()", idOf(id)))
	}
	this := cx.NewConstruct(scope, id)
	dl := &DeadLetters{Construct: this, queue: p.Queue, topic: route.topic}
	if dl.queue == nil {
		q := awssqs.NewQueue(this, jsii.String("Queue"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(signin.DefaultDeadLetterRetainDays)),
		})
		suppressNag(q, "AwsSolutions-SQS3", "this queue is the dead-letter queue of EventBridge rule targets; a DLQ of its own would only hold the same events again")
		dl.queue = q
	}
	if route.none {
		return dl
	}
	// NumberOfMessagesSent counts the SendMessage calls EventBridge makes for
	// each undeliverable event, so the alarm fires on each new failure and
	// returns to OK once no new one arrives, however long the old ones stay
	// in the queue (ApproximateNumberOfMessagesVisible would stay in ALARM
	// for the whole retention period and tell nobody of the next failure).
	dl.alarm = awscloudwatch.NewAlarm(this, jsii.String("Alarm"), &awscloudwatch.AlarmProps{
		AlarmName:        jsii.String(dl.alarmName()),
		AlarmDescription: jsii.String("signin-notifier could not deliver an event; it is in the dead-letter queue, whose RULE_ARN, ERROR_CODE and ERROR_MESSAGE message attributes say which rule and why."),
		Metric: dl.queue.MetricNumberOfMessagesSent(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(alarmPeriodMinutes)),
			Statistic: jsii.String("Sum"),
		}),
		Threshold:          jsii.Number(0),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD,
		EvaluationPeriods:  jsii.Number(float64(signin.EvaluationPeriods(alarmPeriodMinutes))),
		DatapointsToAlarm:  jsii.Number(1),
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	switch {
	case route.topic != nil:
		dl.alarm.AddAlarmAction(&topicAction{topic: route.topic})
	case route.bus != nil:
		dl.forwardAlarm(route.bus)
	default:
		awscdk.Annotations_Of(this).AddWarningV2(jsii.String("signin-notifier:alarm-without-action"),
			jsii.String("the dead-letter alarm has no action, so nobody is told when an event cannot be delivered: pass Alarm: AlarmToTopic(topic) or AlarmToEventBus(bus)"), nil)
	}
	return dl
}

// forwardAlarm sends the alarm's ALARM state changes to bus. Only ALARM is
// forwarded, so a failing forward (whose dead letter raises the same alarm)
// cannot loop.
func (dl *DeadLetters) forwardAlarm(bus awsevents.IEventBus) {
	rule := awsevents.NewRule(dl.Construct, jsii.String("AlarmForwardRule"), &awsevents.RuleProps{
		Description: jsii.String("signin-notifier: forward this region's dead-letter alarm to the home region"),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings("aws.cloudwatch"),
			DetailType: jsii.Strings(alarmDetailType),
			Detail: &map[string]any{
				"alarmName": []any{dl.alarmName()},
				"state":     map[string]any{"value": []any{"ALARM"}},
			},
		},
	})
	// Cross-region event bus targets need an execution role; the target
	// grants it events:PutEvents on that bus only.
	role := eventsRole(dl.Construct, "AlarmForwardRole", "signin-notifier: lets EventBridge forward the dead-letter alarm to the home region")
	d := dl.wire("AllowAlarmForward", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	d.addTarget(rule, eventBusTarget(bus, role))
	d.admitRules()
}

// alarmName is the alarm's name: fixed, so that rules can match it, and
// unique in the region (stack names are).
func (dl *DeadLetters) alarmName() string {
	return AlarmNamePrefix + *awscdk.Names_UniqueId(dl.Construct)
}

// Queue returns the dead-letter queue.
func (dl *DeadLetters) Queue() awssqs.IQueue { return dl.queue }

// Alarm returns the alarm on each new dead letter, or nil with NoAlarm.
func (dl *DeadLetters) Alarm() awscloudwatch.Alarm { return dl.alarm }

// AlarmTopic returns the topic the alarm publishes to, or nil when it is
// forwarded, has no action or there is no alarm.
func (dl *DeadLetters) AlarmTopic() awssns.ITopic { return dl.topic }

// delivery wires the targets of one construct's rules to DeadLetters: add
// them with addTarget, then call admitRules once.
type delivery struct {
	dl            *DeadLetters
	sid           string
	retryAttempts float64
	maxAgeSeconds float64
	ruleArns      []any
	targets       map[string]int // targets added so far, by rule path
	admitted      bool
}

var sidRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// wire returns the delivery of one construct; sid names its statement in
// the queue policy and must be unique per DeadLetters.
func (dl *DeadLetters) wire(sid string, retryAttempts, maxAgeSeconds float64) *delivery {
	if !sidRE.MatchString(sid) {
		panic("internal error: queue policy Sid " + sid + " is not alphanumeric")
	}
	return &delivery{dl: dl, sid: sid, retryAttempts: retryAttempts, maxAgeSeconds: maxAgeSeconds, targets: map[string]int{}}
}

// addTarget adds target to rule with this delivery's retry policy and
// dead-letter queue. It returns the target's index in the rule's Targets.
func (d *delivery) addTarget(rule awsevents.Rule, t *target) int {
	if d.admitted {
		panic("internal error: delivery.addTarget after admitRules")
	}
	t.retry = &awsevents.CfnRule_RetryPolicyProperty{
		MaximumRetryAttempts:     jsii.Number(d.retryAttempts),
		MaximumEventAgeInSeconds: jsii.Number(d.maxAgeSeconds),
	}
	t.dlq = &awsevents.CfnRule_DeadLetterConfigProperty{Arn: d.dl.queue.QueueArn()}
	rule.AddTarget(t)
	path := *rule.Node().Path()
	i := d.targets[path]
	d.targets[path]++
	if i == 0 {
		d.ruleArns = append(d.ruleArns, rule.RuleArn())
	}
	return i
}

// admitRules lets EventBridge send to the dead-letter queue, from this
// delivery's rules only. An imported queue cannot take a policy: its owner
// must grant this.
func (d *delivery) admitRules() {
	d.admitted = true
	if len(d.ruleArns) == 0 {
		return
	}
	d.dl.queue.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String(d.sid),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sqs:SendMessage"),
		Resources:  &[]*string{d.dl.queue.QueueArn()},
		Conditions: &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": d.ruleArns}},
	}))
}
