package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
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
	// HubAccount is the account of the hub bus, when it is not the stack's
	// own: a member account's spoke forwards to the hub account.
	// Default: - the stack's account.
	HubAccount *string
	// IncludeSwitchEvents forwards SwitchRole and ExitRole too.
	// Default: true.
	IncludeSwitchEvents *bool
	// IgnorePrincipals quiets these principals' sign-ins, once, in the
	// forwarder (see constructs.SigninForwarderProps).
	// Default: - none.
	IgnorePrincipals []string
	// WatchBusNames are the buses whose rules the tamper watch reports.
	// Default: - the hub bus.
	WatchBusNames []string
	// WatchNamePrefixes start the names of the resources the tamper watch
	// reports (see constructs.SigninForwarderProps).
	// Default: - "SigninNotifier-".
	WatchNamePrefixes []string
}

// NotifierStackProps configures a NotifierStack.
type NotifierStackProps struct {
	awscdk.StackProps
	// HubEventBusName, when set, defines the hub event bus (a SigninHub)
	// with this name in the stack: the home stack of the hub topology.
	// Default: - no hub bus.
	HubEventBusName *string
	// HubOrganizationId, with HubEventBusName, lets the principals of this
	// AWS Organization put events on the hub bus (a bus policy).
	// Default: - only the stack's account.
	HubOrganizationId *string
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
	// StackSets, when set, defines one SigninStackSet per entry: the
	// member accounts' spokes of the organization topology.
	// Default: - none.
	StackSets []*constructs.SigninStackSetProps
}

// NotifierStack is one region's part of signin-notifier: a notifier, a
// forwarder to the hub, or both (the hub's home region).
type NotifierStack struct {
	awscdk.Stack
	hub       *constructs.SigninHub
	notifier  *constructs.SigninNotifier
	forwarder *constructs.SigninForwarder
	stackSets []*constructs.SigninStackSet
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

	if p.HubEventBusName != nil {
		s.hub = constructs.NewSigninHub(stack, jsii.String("Hub"), &constructs.SigninHubProps{EventBusName: p.HubEventBusName, OrganizationId: p.HubOrganizationId})
	}
	if p.Notifier != nil {
		np := *p.Notifier
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
				Account:      p.Forwarder.HubAccount,
				Region:       p.Forwarder.HubRegion,
				Resource:     jsii.String("event-bus"),
				ResourceName: p.Forwarder.HubEventBusName,
				ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
			}))
		}
		s.forwarder = constructs.NewSigninForwarder(stack, jsii.String("Forwarder"), &constructs.SigninForwarderProps{
			HubEventBus:         hub,
			IncludeSwitchEvents: p.Forwarder.IncludeSwitchEvents,
			IgnorePrincipals:    p.Forwarder.IgnorePrincipals,
			WatchBusNames:       p.Forwarder.WatchBusNames,
			WatchNamePrefixes:   p.Forwarder.WatchNamePrefixes,
		})
	}
	for _, ss := range p.StackSets {
		s.stackSets = append(s.stackSets, constructs.NewSigninStackSet(stack, ss.StackSetName, ss))
	}
	return s
}

// StackSets returns the stack's SigninStackSets.
func (s *NotifierStack) StackSets() []*constructs.SigninStackSet { return s.stackSets }

// Hub returns the stack's SigninHub, or nil.
func (s *NotifierStack) Hub() *constructs.SigninHub { return s.hub }

// Notifier returns the stack's SigninNotifier, or nil.
func (s *NotifierStack) Notifier() *constructs.SigninNotifier { return s.notifier }

// Forwarder returns the stack's SigninForwarder, or nil.
func (s *NotifierStack) Forwarder() *constructs.SigninForwarder { return s.forwarder }
