package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

// ForwarderProps says where a stack forwards its region's sign-in events.
type ForwarderProps struct {
	// HubRegion and HubEventBusName name the hub bus in the same account.
	// Ignored when the stack's own notifier defines the hub bus: the stack
	// then forwards to that bus.
	HubRegion       *string
	HubEventBusName *string
	// IncludeSwitchEvents forwards SwitchRole and ExitRole too.
	// Default: true.
	IncludeSwitchEvents *bool
}

// NotifierStackProps configures a NotifierStack.
type NotifierStackProps struct {
	awscdk.StackProps
	// HubEventBusName, when set, defines the hub event bus (a SigninHub)
	// with this name in the stack: the home stack of the hub topology.
	// Default: - no hub bus.
	HubEventBusName *string
	// Notifier, when set, defines a SigninNotifier with these props. It
	// listens on the stack's hub bus if there is one, else on the bus named
	// NotifierEventBusName, else on the default bus.
	// Default: - no notifier (a spoke of the hub topology).
	Notifier *constructs.SigninNotifierProps
	// NotifierEventBusName is an existing bus in the stack's region for the
	// notifier to listen on, e.g. the hub bus defined by the home stack.
	// Default: - see Notifier.
	NotifierEventBusName *string
	// Forwarder, when set, defines a SigninForwarder.
	// Default: - no forwarder (the direct topology).
	Forwarder *ForwarderProps
	// Alarms says who is told of events the stack's rules could not
	// deliver; the notifier and forwarder share one constructs.DeadLetters.
	// Default: - nobody: the alarm has no action (synth warns).
	Alarms *AlarmProps
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
}

// NotifierStack is one region's part of signin-notifier: a notifier, a
// forwarder to the hub, or both (the hub's home region).
type NotifierStack struct {
	awscdk.Stack
	hub         *constructs.SigninHub
	notifier    *constructs.SigninNotifier
	forwarder   *constructs.SigninForwarder
	deadLetters *constructs.DeadLetters
}

// NewNotifierStack defines a NotifierStack. Unless props.Synthesizer says
// otherwise it uses the LegacyStackSynthesizer: the stack has no assets, so
// `cdk deploy` needs no `cdk bootstrap` in any region.
func NewNotifierStack(scope cx.Construct, id string, props *NotifierStackProps) *NotifierStack {
	var p NotifierStackProps
	if props != nil {
		p = *props
	}
	sprops := p.StackProps
	if sprops.Synthesizer == nil {
		sprops.Synthesizer = awscdk.NewLegacyStackSynthesizer()
	}
	stack := awscdk.NewStack(scope, &id, &sprops)
	s := &NotifierStack{Stack: stack}

	s.deadLetters = defineAlarms(stack, p)
	if p.HubEventBusName != nil {
		s.hub = constructs.NewSigninHub(stack, jsii.String("Hub"), &constructs.SigninHubProps{EventBusName: p.HubEventBusName})
	}
	if p.Notifier != nil {
		np := *p.Notifier
		if np.DeadLetters == nil && np.DeadLetterQueue == nil && np.AlarmTopic == nil && np.AlarmEmail == nil {
			np.DeadLetters = s.deadLetters // shared with the forwarder: one queue, one alarm per stack
		}
		switch {
		case s.hub != nil:
			np.EventBus = s.hub.EventBus()
		case p.NotifierEventBusName != nil:
			np.EventBus = awsevents.EventBus_FromEventBusName(stack, jsii.String("NotifierEventBus"), p.NotifierEventBusName)
		}
		s.notifier = constructs.NewSigninNotifier(stack, jsii.String("Notifier"), &np)
	}
	if p.Forwarder != nil {
		var hub awsevents.IEventBus
		if s.hub != nil {
			hub = s.hub.EventBus()
		} else {
			if p.Forwarder.HubEventBusName == nil {
				panic("NotifierStack " + id + ": Forwarder.HubEventBusName is required when the stack defines no hub bus: pass the name of the hub bus, e.g. constructs.DefaultHubEventBusName")
			}
			hub = awsevents.EventBus_FromEventBusArn(stack, jsii.String("HubEventBus"), stack.FormatArn(&awscdk.ArnComponents{
				Service:      jsii.String("events"),
				Region:       p.Forwarder.HubRegion,
				Resource:     jsii.String("event-bus"),
				ResourceName: p.Forwarder.HubEventBusName,
				ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
			}))
		}
		s.forwarder = constructs.NewSigninForwarder(stack, jsii.String("Forwarder"), &constructs.SigninForwarderProps{
			HubEventBus:         hub,
			IncludeSwitchEvents: p.Forwarder.IncludeSwitchEvents,
			DeadLetters:         s.deadLetters,
		})
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
	case p.Alarms != nil && a.ForwardToRegion == nil:
		topic = awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("sns"), Resource: jsii.String(constructs.DefaultAlarmTopicName),
		}))
	}
	if a.PublishForwarded != nil && *a.PublishForwarded {
		constructs.NewAlarmPublisher(stack, jsii.String("AlarmPublisher"), &constructs.AlarmPublisherProps{Topic: topic})
	}
	ownsFailures := func(n *constructs.SigninNotifierProps) bool {
		return n.DeadLetters != nil || n.DeadLetterQueue != nil || n.AlarmTopic != nil || n.AlarmEmail != nil
	}
	if p.Forwarder == nil && (p.Notifier == nil || ownsFailures(p.Notifier)) {
		return nil // no rule of the stack would use it
	}
	dp := &constructs.DeadLettersProps{AlarmTopic: topic}
	if a.ForwardToRegion != nil {
		dp.ForwardAlarmTo = awsevents.EventBus_FromEventBusArn(stack, jsii.String("AlarmEventBus"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("events"), Region: a.ForwardToRegion, Resource: jsii.String("event-bus"),
			ResourceName: jsii.String("default"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		}))
	}
	return constructs.NewDeadLetters(stack, jsii.String("DeadLetters"), dp)
}

// DeadLetters returns the failure handling the stack's notifier and
// forwarder share, or nil.
func (s *NotifierStack) DeadLetters() *constructs.DeadLetters { return s.deadLetters }

// Hub returns the stack's SigninHub, or nil.
func (s *NotifierStack) Hub() *constructs.SigninHub { return s.hub }

// Notifier returns the stack's SigninNotifier, or nil.
func (s *NotifierStack) Notifier() *constructs.SigninNotifier { return s.notifier }

// Forwarder returns the stack's SigninForwarder, or nil.
func (s *NotifierStack) Forwarder() *constructs.SigninForwarder { return s.forwarder }
