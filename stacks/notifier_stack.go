package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

// Hub names the signin-notifier bus: the region it lives in and its name.
// Forwarders send to it; notifiers listen on it.
type Hub struct {
	Region       string
	EventBusName string
	// Account is the hub's account when it is not the stack's own: a member
	// account's spoke forwards to the hub account.
	Account string
}

// ForwarderProps configure the forwarders of the stack's region.
type ForwarderProps struct {
	// IncludeSwitchEvents forwards SwitchRole and ExitRole too.
	// Default: true.
	IncludeSwitchEvents *bool
	// IgnorePrincipals quiets these principals' sign-ins, once, in the
	// forwarder (see constructs.SigninForwarderProps).
	// Default: - none.
	IgnorePrincipals []string
	// WatchNamePrefixes start the names of the resources the tamper watch
	// reports (see constructs.SigninForwarderProps).
	// Default: - "SigninNotifier-".
	WatchNamePrefixes []string
}

// NotifierStackProps configures a NotifierStack.
//
// Required: Hub, when Notifier or Forwarder is set.
type NotifierStackProps struct {
	awscdk.StackProps
	// Hub is the signin-notifier bus of the deployment.
	Hub *Hub
	// DefineHub defines the hub bus (a SigninHub) in this stack, whose
	// region must be Hub.Region.
	// Default: false.
	DefineHub bool
	// HubOrganizationId, with DefineHub, lets the principals of this AWS
	// Organization put events on the hub bus (a bus policy).
	// Default: - only the stack's account.
	HubOrganizationId *string
	// FailedSignInBurst adds the burst alarm to the hub bus this stack
	// defines.
	// Default: - no burst alarm.
	FailedSignInBurst *constructs.Burst
	// Notifier, when set, defines a SigninNotifier with these props,
	// listening on the hub bus, which must be in the stack's region.
	// Default: - no notifier.
	Notifier *constructs.SigninNotifierProps
	// Forwarder, when set, defines the SigninForwarder of the stack's
	// region, sending to the hub bus.
	// Default: - no forwarder.
	Forwarder *ForwarderProps
	// Alarms says who is told of events the stack's rules could not
	// deliver; the notifier and forwarder share one constructs.DeadLetters.
	// Default: - nobody: the alarm has no action (synth warns).
	Alarms *AlarmProps
	// StackSets, when set, defines one SigninStackSet per entry: the
	// member accounts' spokes of the organization topology.
	// Default: - none.
	StackSets []*constructs.SigninStackSetProps
}

// AlarmProps says how a stack's dead-letter alarm reaches a person, and
// which alarm resources the stack defines for its region.
type AlarmProps struct {
	// TopicArn is an existing SNS topic in the stack's region.
	// Default: - the topic named constructs.DefaultAlarmTopicName in the
	// stack's region, unless ForwardToRegion is set.
	TopicArn *string
	// ForwardToRegion forwards the alarm to the default bus of this region,
	// whose AlarmPublisher publishes it: a spoke region without a topic.
	// Default: - no forward.
	ForwardToRegion *string
	// DefineTopic makes this stack define the topic named
	// constructs.DefaultAlarmTopicName; the region's other stacks use it and
	// must deploy after this one.
	// Default: false.
	DefineTopic *bool
	// Email is subscribed to the topic DefineTopic defines.
	// Default: - no subscription.
	Email *string
	// PublishForwarded defines an AlarmPublisher: the alarms other regions
	// forward here are published to the topic.
	// Default: false.
	PublishForwarded *bool
	// None keeps the stack's dead letters without an alarm: a member
	// account's StackSet spoke, which must cost nothing idle.
	// Default: false.
	None *bool
}

// NotifierStack is one stack of signin-notifier: a region's forwarders (and,
// where the notifiers run, the hub bus), or one notifier.
type NotifierStack struct {
	awscdk.Stack
	hub         *constructs.SigninHub
	notifier    *constructs.SigninNotifier
	forwarder   *constructs.SigninForwarder
	deadLetters *constructs.DeadLetters
	stackSets   []*constructs.SigninStackSet
}

// NewNotifierStack defines a NotifierStack. Unless props.Synthesizer says
// otherwise it uses the LegacyStackSynthesizer: the stack has no assets, so
// `cdk deploy` needs no `cdk bootstrap` in any region. It panics, before
// defining anything, when a forwarder or notifier has no Hub or a notifier
// is not in the hub's region.
func NewNotifierStack(scope cx.Construct, id string, props *NotifierStackProps) *NotifierStack {
	var p NotifierStackProps
	if props != nil {
		p = *props
	}
	region := ""
	if p.Env != nil && p.Env.Region != nil {
		region = *p.Env.Region
	}
	if p.Hub == nil && (p.Notifier != nil || p.Forwarder != nil || p.DefineHub) {
		panic(fmt.Sprintf("NotifierStack %s: Hub is required with a notifier, a forwarder or DefineHub: pass the region and name of the signin-notifier bus, e.g. &stacks.Hub{Region: \"us-east-1\", EventBusName: constructs.DefaultHubEventBusName}", id))
	}
	if (p.Notifier != nil || p.DefineHub) && region != p.Hub.Region {
		panic(fmt.Sprintf("NotifierStack %s: a notifier or hub bus must be in the hub's region %s, not %q: deploy it in %s", id, p.Hub.Region, region, p.Hub.Region))
	}
	sprops := p.StackProps
	if sprops.Synthesizer == nil {
		sprops.Synthesizer = awscdk.NewLegacyStackSynthesizer()
	}
	stack := awscdk.NewStack(scope, &id, &sprops)
	s := &NotifierStack{Stack: stack}

	s.deadLetters = defineAlarms(stack, p)
	var bus awsevents.IEventBus
	switch {
	case p.DefineHub:
		s.hub = constructs.NewSigninHub(stack, jsii.String("Hub"), &constructs.SigninHubProps{
			EventBusName: jsii.String(p.Hub.EventBusName), OrganizationId: p.HubOrganizationId,
			FailedSignInBurst: p.FailedSignInBurst, DeadLetters: s.deadLetters,
		})
		bus = s.hub.EventBus()
	case p.Notifier != nil:
		bus = awsevents.EventBus_FromEventBusName(stack, jsii.String("NotifierEventBus"), jsii.String(p.Hub.EventBusName))
	case p.Forwarder != nil:
		var account *string
		if p.Hub.Account != "" {
			account = jsii.String(p.Hub.Account)
		}
		bus = awsevents.EventBus_FromEventBusArn(stack, jsii.String("HubEventBus"), stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("events"),
			Account:      account,
			Region:       jsii.String(p.Hub.Region),
			Resource:     jsii.String("event-bus"),
			ResourceName: jsii.String(p.Hub.EventBusName),
			ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		}))
	}
	if p.Notifier != nil {
		np := *p.Notifier
		np.EventBus = bus
		if !ownsFailures(&np) {
			np.DeadLetters = s.deadLetters // shared with the forwarder: one queue, one alarm per stack
		}
		s.notifier = constructs.NewSigninNotifier(stack, jsii.String("Notifier"), &np)
	}
	if p.Forwarder != nil {
		s.forwarder = constructs.NewSigninForwarder(stack, jsii.String("Forwarder"), &constructs.SigninForwarderProps{
			HubEventBus:         bus,
			IncludeSwitchEvents: p.Forwarder.IncludeSwitchEvents,
			IgnorePrincipals:    p.Forwarder.IgnorePrincipals,
			WatchBusNames:       []string{p.Hub.EventBusName},
			WatchNamePrefixes:   p.Forwarder.WatchNamePrefixes,
			DeadLetters:         s.deadLetters,
		})
	}
	for _, ss := range p.StackSets {
		s.stackSets = append(s.stackSets, constructs.NewSigninStackSet(stack, ss.StackSetName, ss))
	}
	return s
}

// defineAlarms defines the region's alarm topic and publisher when asked,
// and the DeadLetters the stack's notifier and forwarder share (nil when
// the stack has neither).
func defineAlarms(stack awscdk.Stack, p NotifierStackProps) *constructs.DeadLetters {
	a := p.Alarms
	if a == nil {
		a = &AlarmProps{}
	}
	var topic awssns.ITopic
	switch {
	case a.TopicArn != nil:
		topic = awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), a.TopicArn)
	case a.DefineTopic != nil && *a.DefineTopic:
		topic = constructs.NewAlarmTopic(stack, jsii.String("AlarmTopic"), &constructs.AlarmTopicProps{
			Email: a.Email, TopicName: jsii.String(constructs.DefaultAlarmTopicName),
		}).Topic()
	case p.Alarms != nil && a.ForwardToRegion == nil && (a.None == nil || !*a.None):
		topic = awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("sns"), Resource: jsii.String(constructs.DefaultAlarmTopicName),
		}))
	}
	if a.PublishForwarded != nil && *a.PublishForwarded {
		constructs.NewAlarmPublisher(stack, jsii.String("AlarmPublisher"), &constructs.AlarmPublisherProps{Topic: topic})
	}
	if p.Forwarder == nil && (p.Notifier == nil || ownsFailures(p.Notifier)) {
		return nil // no rule of the stack would use it
	}
	dp := &constructs.DeadLettersProps{AlarmTopic: topic}
	if a.None != nil && *a.None {
		dp = &constructs.DeadLettersProps{NoAlarm: jsii.Bool(true)}
	}
	if a.ForwardToRegion != nil {
		dp.ForwardAlarmTo = awsevents.EventBus_FromEventBusArn(stack, jsii.String("AlarmEventBus"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("events"), Region: a.ForwardToRegion, Resource: jsii.String("event-bus"),
			ResourceName: jsii.String("default"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		}))
	}
	return constructs.NewDeadLetters(stack, jsii.String("DeadLetters"), dp)
}

// ownsFailures reports a notifier whose props already say where its
// failures go, so it does not share the stack's DeadLetters.
func ownsFailures(n *constructs.SigninNotifierProps) bool {
	return n.DeadLetters != nil || n.DeadLetterQueue != nil || n.AlarmTopic != nil || n.AlarmEmail != nil
}

// DeadLetters returns the failure handling the stack's notifier and
// forwarder share, or nil.
func (s *NotifierStack) DeadLetters() *constructs.DeadLetters { return s.deadLetters }

// StackSets returns the stack's SigninStackSets.
func (s *NotifierStack) StackSets() []*constructs.SigninStackSet { return s.stackSets }

// Hub returns the stack's SigninHub, or nil.
func (s *NotifierStack) Hub() *constructs.SigninHub { return s.hub }

// Notifier returns the stack's SigninNotifier, or nil.
func (s *NotifierStack) Notifier() *constructs.SigninNotifier { return s.notifier }

// Forwarder returns the stack's SigninForwarder, or nil.
func (s *NotifierStack) Forwarder() *constructs.SigninForwarder { return s.forwarder }
