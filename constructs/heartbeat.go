package constructs

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// HeartbeatSender says which kind of stack sends a heartbeat; the hub
// counts the two kinds apart.
type HeartbeatSender string

// The heartbeat senders.
const (
	// HeartbeatFromStack: a regional stack of the deployment.
	HeartbeatFromStack HeartbeatSender = "stack"
	// HeartbeatFromMember: a StackSet spoke in a member account of an
	// Organization.
	HeartbeatFromMember HeartbeatSender = "member"
)

// Names of the heartbeat's resources.
const (
	// HeartbeatScheduleName names the schedule of a regional stack in the
	// default schedule group of its account-region.
	HeartbeatScheduleName = "signin-notifier-heartbeat"
	// MemberHeartbeatScheduleName names the schedule of a member account's
	// StackSet spoke: automatic deployment may put a spoke in the hub
	// account too, whose regional stacks have a schedule of their own, and
	// schedule names are unique per group.
	MemberHeartbeatScheduleName = "signin-notifier-heartbeat-member"
	// HeartbeatAlarmName names the alarm on the regional stacks'
	// heartbeats beside each signin-notifier bus.
	HeartbeatAlarmName = "signin-notifier-heartbeat"
	// MemberHeartbeatAlarmName names the alarm on the member accounts'
	// heartbeats (organization).
	MemberHeartbeatAlarmName = "signin-notifier-heartbeat-members"
)

// SigninHeartbeatProps configures a SigninHeartbeat.
type SigninHeartbeatProps struct {
	// Period between heartbeats, whole minutes from 15 minutes to 12 hours.
	// Default: 1 hour.
	Period awscdk.Duration
	// Sender says which kind of stack this is.
	// Default: HeartbeatFromStack.
	Sender HeartbeatSender
}

// SigninHeartbeat is an EventBridge Scheduler schedule that puts a heartbeat
// (source signin-notifier.heartbeat) on the default bus of its account and
// region every Period. A SigninForwarder's sign-in forward rule carries it to
// the hub bus like a sign-in, and a SigninHub with a HeartbeatWatch counts it,
// so a region whose forward path breaks (the rule disabled, its role changed,
// the hub bus or its policy gone, an SCP denying events:PutEvents) goes quiet
// and the hub's alarm says so. It costs nothing idle but its events: about
// 730 a month at the default period, $1.00 per million (Scheduler's first 14
// million invocations a month are free; aws.amazon.com/eventbridge/pricing).
type SigninHeartbeat struct {
	cx.Construct
	schedule awsscheduler.CfnSchedule
	role     awsiam.Role
}

// heartbeatMinutes converts a period to whole minutes, checking its range.
func heartbeatMinutes(d awscdk.Duration) (int, error) {
	if d == nil {
		return plan.DefaultHeartbeatMinutes, nil
	}
	seconds := *d.ToSeconds(nil)
	if seconds != math.Trunc(seconds) || int(seconds)%60 != 0 {
		return 0, fmt.Errorf("of %v seconds is not whole minutes", seconds)
	}
	m := int(seconds) / 60
	if m == 0 {
		return 0, fmt.Errorf("of 0 minutes %v", plan.CheckHeartbeatMinutes(1))
	}
	if err := plan.CheckHeartbeatMinutes(m); err != nil {
		return 0, fmt.Errorf("of %d minutes %v", m, err)
	}
	return m, nil
}

// scheduleExpression is the Scheduler rate expression of a period.
func scheduleExpression(minutes int) string {
	switch {
	case minutes%60 == 0 && minutes == 60:
		return "rate(1 hour)"
	case minutes%60 == 0:
		return fmt.Sprintf("rate(%d hours)", minutes/60)
	default:
		return fmt.Sprintf("rate(%d minutes)", minutes)
	}
}

// NewSigninHeartbeat defines a SigninHeartbeat under scope/id. It panics with
// one line, before any child exists, on a period it cannot use.
func NewSigninHeartbeat(scope cx.Construct, id *string, props *SigninHeartbeatProps) *SigninHeartbeat {
	var p SigninHeartbeatProps
	if props != nil {
		p = *props
	}
	minutes, err := heartbeatMinutes(p.Period)
	if err != nil {
		panic(fmt.Sprintf("SigninHeartbeat %q: Period %v: use e.g. awscdk.Duration_Hours(jsii.Number(1))", idOf(id), err))
	}
	sender := p.Sender
	switch sender {
	case "":
		sender = HeartbeatFromStack
	case HeartbeatFromStack, HeartbeatFromMember:
	default:
		panic(fmt.Sprintf("SigninHeartbeat %q: Sender %q is not HeartbeatFromStack or HeartbeatFromMember", idOf(id), sender))
	}
	this := cx.NewConstruct(scope, id)
	stack := awscdk.Stack_Of(this)
	h := &SigninHeartbeat{Construct: this}
	bus := stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("events"), Resource: jsii.String("event-bus"), ResourceName: jsii.String("default"),
		ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
	})
	// EventBridge Scheduler assumes the role to put the event; the
	// condition keeps another account's schedules from using it (Scheduler
	// user guide, "Set up the execution role": confused deputy).
	h.role = awsiam.NewRole(this, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("scheduler.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()}},
		}),
		Description: jsii.String("signin-notifier: lets EventBridge Scheduler put the heartbeat on this region's default bus"),
	})
	h.role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("events:PutEvents"),
		Resources: &[]*string{bus},
	}))
	detail, _ := json.Marshal(signin.HeartbeatDetail(signin.HeartbeatSender(sender), minutes))
	scheduleName := HeartbeatScheduleName
	if sender == HeartbeatFromMember {
		scheduleName = MemberHeartbeatScheduleName
	}
	h.schedule = awsscheduler.NewCfnSchedule(this, jsii.String("Schedule"), &awsscheduler.CfnScheduleProps{
		Name:               jsii.String(scheduleName),
		Description:        jsii.String("signin-notifier: proves this region's forward path to the hub bus"),
		ScheduleExpression: jsii.String(scheduleExpression(minutes)),
		FlexibleTimeWindow: &awsscheduler.CfnSchedule_FlexibleTimeWindowProperty{Mode: jsii.String("OFF")},
		State:              jsii.String("ENABLED"),
		Target: &awsscheduler.CfnSchedule_TargetProperty{
			Arn:     bus,
			RoleArn: h.role.RoleArn(),
			Input:   jsii.String(string(detail)),
			EventBridgeParameters: &awsscheduler.CfnSchedule_EventBridgeParametersProperty{
				Source: jsii.String(signin.HeartbeatSource), DetailType: jsii.String(signin.HeartbeatDetailType),
			},
			// A heartbeat older than its period proves nothing: the next
			// one is due (Scheduler RetryPolicy: 60 s to 86,400 s, 0 to
			// 185 attempts).
			RetryPolicy: &awsscheduler.CfnSchedule_RetryPolicyProperty{
				MaximumEventAgeInSeconds: jsii.Number(float64(minutes * 60)),
				MaximumRetryAttempts:     jsii.Number(10),
			},
		},
	})
	// The role is referenced (GetAtt); its policy must exist before the
	// schedule first puts an event.
	h.schedule.Node().AddDependency(h.role.Node().FindChild(jsii.String("DefaultPolicy")))
	return h
}

// Schedule returns the schedule.
func (h *SigninHeartbeat) Schedule() awsscheduler.CfnSchedule { return h.schedule }

// Role returns the role EventBridge Scheduler assumes.
func (h *SigninHeartbeat) Role() awsiam.Role { return h.role }

// HeartbeatWatch configures the heartbeat count beside a SigninHub.
//
// Required: Senders, AlarmTopic.
type HeartbeatWatch struct {
	// Period of the heartbeats, as the senders' SigninHeartbeat.
	// Default: 1 hour.
	Period awscdk.Duration
	// Senders is the number of account-regions with a HeartbeatFromStack
	// SigninHeartbeat whose forwarders target the hub bus. Required.
	Senders *float64
	// Members also counts the HeartbeatFromMember heartbeats of an
	// Organization's member accounts, and alarms when none arrives for two
	// periods.
	// Default: false.
	Members *bool
	// AlarmTopic is told when heartbeats go missing; it must be in the hub's
	// region and let CloudWatch publish. Required.
	AlarmTopic awssns.ITopic
}

// heartbeatCounter is one counting rule, its queue and its alarm.
type heartbeatCounter struct {
	queue awssqs.Queue
	alarm awscloudwatch.Alarm
}

// newHeartbeatWatch counts the heartbeats that reach bus through queues
// nobody reads (SQS counts every message it receives in the AWS-vended
// metric NumberOfMessagesSent; the messages stay two periods and ten
// minutes, long enough for doctor to read the last heartbeat of each
// account-region) and alarms on the sum over two periods.
func newHeartbeatWatch(scope cx.Construct, bus awsevents.IEventBus, w *HeartbeatWatch, dl *DeadLetters) []heartbeatCounter {
	minutes, err := heartbeatMinutes(w.Period)
	if err != nil {
		panic(fmt.Sprintf("SigninHub %q: Heartbeat.Period %v", *scope.Node().Id(), err))
	}
	wp := plan.HeartbeatWatchPlan{PeriodMinutes: minutes, Senders: int(*w.Senders), Members: w.Members != nil && *w.Members}
	d := dl.wire("AllowSigninHubHeartbeat", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	counter := func(id string, sender signin.HeartbeatSender, alarm *awscloudwatch.AlarmProps) heartbeatCounter {
		q := awssqs.NewQueue(scope, jsii.String(id+"Counter"), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Minutes(jsii.Number(float64(wp.AlarmPeriodMinutes() + 10))),
		})
		suppressNag(q, "AwsSolutions-SQS3", "this queue only counts heartbeats for the heartbeat alarm (NumberOfMessagesSent) and keeps them for doctor; a dead-letter queue would never receive anything")
		rule := awsevents.NewRule(scope, jsii.String(id+"Count"), &awsevents.RuleProps{
			EventBus:     bus,
			Description:  jsii.String("signin-notifier: count the heartbeats of " + map[signin.HeartbeatSender]string{signin.HeartbeatFromStack: "the deployment's regional stacks", signin.HeartbeatFromMember: "the member accounts"}[sender]),
			EventPattern: placeholderPattern(signin.HeartbeatCountPattern(sender)),
		})
		setPattern(rule, signin.HeartbeatCountPattern(sender), signin.StateEnabled)
		d.addTarget(rule, queueTarget(q))
		alarm.Metric = q.MetricNumberOfMessagesSent(&awscloudwatch.MetricOptions{
			Period:    awscdk.Duration_Minutes(jsii.Number(float64(wp.AlarmPeriodMinutes()))),
			Statistic: jsii.String("Sum"),
		})
		alarm.ComparisonOperator = awscloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD
		alarm.EvaluationPeriods = jsii.Number(1)
		a := awscloudwatch.NewAlarm(scope, jsii.String(id+"Alarm"), alarm)
		a.AddAlarmAction(&topicAction{topic: w.AlarmTopic})
		return heartbeatCounter{queue: q, alarm: a}
	}
	period := fmt.Sprintf("%d minutes", minutes)
	out := []heartbeatCounter{counter("Heartbeat", signin.HeartbeatFromStack, &awscloudwatch.AlarmProps{
		AlarmName: jsii.String(HeartbeatAlarmName),
		AlarmDescription: jsii.String(fmt.Sprintf("signin-notifier: fewer than %d heartbeats of the %d regional stacks (one every %s each) reached the %s bus in the last %d minutes: a region's forwarder rule, its role, the bus or its policy is broken, and its sign-ins are not reported. Run signin-notifier doctor to see which account-region went quiet.",
			wp.Threshold(), wp.Senders, period, *bus.EventBusName(), wp.AlarmPeriodMinutes())),
		Threshold: jsii.Number(float64(wp.Threshold())),
		// No heartbeat at all (not even the bus's own region) is the
		// worst case, not "insufficient data".
		TreatMissingData: awscloudwatch.TreatMissingData_BREACHING,
	})}
	if wp.Members {
		out = append(out, counter("MemberHeartbeat", signin.HeartbeatFromMember, &awscloudwatch.AlarmProps{
			AlarmName: jsii.String(MemberHeartbeatAlarmName),
			AlarmDescription: jsii.String(fmt.Sprintf("signin-notifier: no heartbeat of any member account (one every %s from each StackSet spoke) reached the %s bus in the last %d minutes: the bus policy, the organization id, an SCP or the StackSets broke every member's forward path. Run signin-notifier doctor to see the last heartbeat of each member account-region.",
				period, *bus.EventBusName(), wp.AlarmPeriodMinutes())),
			Threshold: jsii.Number(1),
			// An organization without member heartbeats yet (no member
			// account, or none deployed) has no data: not an alarm.
			TreatMissingData: awscloudwatch.TreatMissingData_NOT_BREACHING,
		}))
	}
	d.admitRules()
	return out
}
