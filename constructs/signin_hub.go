package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// SigninHubProps configures a SigninHub.
type SigninHubProps struct {
	// EventBusName names the hub bus. Event bus names are regional, so the
	// fixed default is safe; forwarders in other regions address it by name.
	// Default: DefaultHubEventBusName.
	EventBusName *string
	// FailedSignInBurst, when set, counts the failed console sign-ins that
	// reach the bus and raises the alarm BurstAlarmName when at least
	// Threshold arrive within Period. Its state change reaches this
	// region's default bus, where a SigninForwarder's alert rule sends it to
	// the hub, and a notifier built with the same Burst reports it.
	// Default: - no burst alarm.
	FailedSignInBurst *Burst
	// Heartbeat, when set, counts the heartbeats (SigninHeartbeat) that
	// reach the bus and tells AlarmTopic when a sender goes quiet.
	// Default: - no heartbeat count.
	Heartbeat *HeartbeatWatch
	// DeadLetters keeps the events the burst and heartbeat counters could
	// not receive (the counting rules' targets, like every target, retry
	// and have a dead-letter queue).
	// Default: - DeadLetters of the hub's own, when FailedSignInBurst or
	// Heartbeat is set.
	DeadLetters *DeadLetters
	// OrganizationId, when set (o-..., or a token), adds a bus policy
	// statement that lets principals of this AWS Organization put events on
	// the hub bus: the forwarders of the member accounts. Nobody outside it
	// may.
	// Default: - only the bus's own account may put events (the bus policy
	// says so explicitly).
	OrganizationId *string
}

// BurstAlarmName is the name of the burst alarm in its region.
const BurstAlarmName = "signin-notifier-failed-sign-in-burst"

// SigninHub defines the custom event bus of the hub topology: forwarders in
// every region send console sign-in events to it, and one SigninNotifier per
// destination and rule group listens on it. Optionally it counts failed
// sign-ins for the burst alarm.
type SigninHub struct {
	cx.Construct
	bus        awsevents.EventBus
	burstAlarm awscloudwatch.Alarm
	heartbeats []heartbeatCounter
}

// NewSigninHub defines a SigninHub under scope/id. It panics with one line,
// before any child exists, on a burst CloudWatch cannot alarm on or an
// OrganizationId that is not one.
func NewSigninHub(scope cx.Construct, id *string, props *SigninHubProps) *SigninHub {
	var p SigninHubProps
	if props != nil {
		p = *props
	}
	name := jsii.String(DefaultHubEventBusName)
	if p.EventBusName != nil {
		name = p.EventBusName
	}
	burst, err := coreBurst(p.FailedSignInBurst)
	if err != nil {
		panic(fmt.Sprintf("SigninHub %q: FailedSignInBurst %v", idOf(id), err))
	}
	if literal(p.OrganizationId) && !plan.ValidOrganizationID(*p.OrganizationId) {
		panic(fmt.Sprintf("SigninHub %q: OrganizationId %q is not an organization id: use the id of AWS Organizations, e.g. o-a1b2c3d4e5", idOf(id), *p.OrganizationId))
	}
	if hb := p.Heartbeat; hb != nil {
		if _, err := heartbeatMinutes(hb.Period); err != nil {
			panic(fmt.Sprintf("SigninHub %q: Heartbeat.Period %v", idOf(id), err))
		}
		if hb.Senders == nil || *hb.Senders < 1 || *hb.Senders != float64(int(*hb.Senders)) {
			panic(fmt.Sprintf("SigninHub %q: Heartbeat.Senders is required: the number of account-regions whose SigninHeartbeat reaches the bus, at least 1", idOf(id)))
		}
		if hb.AlarmTopic == nil {
			panic(fmt.Sprintf("SigninHub %q: Heartbeat.AlarmTopic is required: the topic told when a region goes quiet, e.g. NewAlarmTopic(...).Topic()", idOf(id)))
		}
	}
	this := cx.NewConstruct(scope, id)
	h := &SigninHub{Construct: this, bus: awsevents.NewEventBus(this, jsii.String("EventBus"), &awsevents.EventBusProps{
		EventBusName: name,
		Description:  jsii.String("signin-notifier hub: console sign-in events forwarded from every region"),
	})}
	dl := p.DeadLetters
	if dl == nil && (burst.On() || p.Heartbeat != nil) {
		dl = NewDeadLetters(this, jsii.String("DeadLetters"), nil)
	}
	if burst.On() {
		h.burstAlarm = newBurstAlarm(this, h.bus, burst, dl)
	}
	// The bus's own account may put events on it, from any region: whether a
	// same-account cross-region rule target needs this is not documented,
	// and a target refused for want of it would fail silently.
	h.bus.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String(OwnAccountStatementID),
		Effect:     awsiam.Effect_ALLOW,
		Principals: &[]awsiam.IPrincipal{awsiam.NewAccountRootPrincipal()},
		Actions:    jsii.Strings("events:PutEvents"),
		Resources:  jsii.Strings(*h.bus.EventBusArn()),
	}))
	if p.Heartbeat != nil {
		h.heartbeats = newHeartbeatWatch(this, h.bus, p.Heartbeat, dl)
	}
	if p.OrganizationId != nil {
		h.bus.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String(OrganizationStatementID),
			Effect:     awsiam.Effect_ALLOW,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions:    jsii.Strings("events:PutEvents"),
			Resources:  jsii.Strings(*h.bus.EventBusArn()),
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": *p.OrganizationId}},
		}))
	}
	return h
}

// newBurstAlarm counts failed sign-ins through a queue nobody reads (SQS
// counts every message it receives in NumberOfMessagesSent; the messages
// expire after a minute) and alarms on the sum per window, in any of the
// windows of the last 15 minutes and more.
func newBurstAlarm(scope cx.Construct, bus awsevents.IEventBus, b signin.Burst, dl *DeadLetters) awscloudwatch.Alarm {
	counter := awssqs.NewQueue(scope, jsii.String("FailedSignInCounter"), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Minutes(jsii.Number(1)),
	})
	suppressNag(counter, "AwsSolutions-SQS3", "this queue only counts failed sign-ins for the burst alarm (NumberOfMessagesSent); nobody reads it, so a dead-letter queue would never receive anything")
	rule := awsevents.NewRule(scope, jsii.String("FailedSignInCount"), &awsevents.RuleProps{
		EventBus:     bus,
		Description:  jsii.String("signin-notifier: count failed console sign-ins for the burst alarm"),
		EventPattern: placeholderPattern(signin.FailedSignInCountPattern()),
	})
	setPattern(rule, signin.FailedSignInCountPattern(), signin.StateEnabled)
	d := dl.wire("AllowSigninHubCount", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	d.addTarget(rule, queueTarget(counter))
	d.admitRules()
	return awscloudwatch.NewAlarm(scope, jsii.String("FailedSignInBurst"), &awscloudwatch.AlarmProps{
		AlarmName:        jsii.String(BurstAlarmName),
		AlarmDescription: jsii.String(fmt.Sprintf("signin-notifier: at least %d failed console sign-ins within %d minutes; the state change is reported to chat by the FailedSignInBurst rules", b.Threshold, b.PeriodMinutes)),
		Metric: counter.MetricNumberOfMessagesSent(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(float64(b.PeriodMinutes))),
			Statistic: jsii.String("Sum"),
		}),
		Threshold:          jsii.Number(float64(b.Threshold)),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		// The counter is idle most of the time, and the first datapoints of
		// an idle queue can reach CloudWatch 15 minutes late: one window
		// with the burst, anywhere in a range that covers the delay.
		EvaluationPeriods: jsii.Number(float64(signin.EvaluationPeriods(b.PeriodMinutes))),
		DatapointsToAlarm: jsii.Number(1),
		TreatMissingData:  awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
}

// OrganizationStatementID is the Sid of the hub bus policy statement that
// admits the organization (CDK writes it with the prefix "cdk-").
const OrganizationStatementID = "signin-notifier-organization"

// OwnAccountStatementID is the Sid of the bus policy statement that admits
// the bus's own account (CDK writes it with the prefix "cdk-").
const OwnAccountStatementID = "signin-notifier-own-account"

// EventBus returns the hub bus.
func (h *SigninHub) EventBus() awsevents.EventBus { return h.bus }

// HeartbeatAlarm returns the alarm on the regional stacks' heartbeats, or
// nil without Heartbeat.
func (h *SigninHub) HeartbeatAlarm() awscloudwatch.Alarm {
	if len(h.heartbeats) == 0 {
		return nil
	}
	return h.heartbeats[0].alarm
}

// MemberHeartbeatAlarm returns the alarm on the member accounts'
// heartbeats, or nil without Heartbeat.Members.
func (h *SigninHub) MemberHeartbeatAlarm() awscloudwatch.Alarm {
	if len(h.heartbeats) < 2 {
		return nil
	}
	return h.heartbeats[1].alarm
}

// BurstAlarm returns the failed sign-in burst alarm, or nil.
func (h *SigninHub) BurstAlarm() awscloudwatch.Alarm { return h.burstAlarm }
