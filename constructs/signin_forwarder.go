package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/signin"
)

// DefaultHubEventBusName is the name of the hub event bus the app defines in
// its home region. Event bus names are regional, so a fixed name is safe.
const DefaultHubEventBusName = "signin-notifier-hub"

// SigninForwarderProps configures a SigninForwarder.
//
// Required: HubEventBus.
type SigninForwarderProps struct {
	// HubEventBus receives the forwarded events; it may be in another region
	// (awsevents.EventBus_FromEventBusArn). Required.
	HubEventBus awsevents.IEventBus
	// IncludeSwitchEvents forwards SwitchRole and ExitRole too.
	// Default: true.
	IncludeSwitchEvents *bool
	// DeadLetters keeps the events that could not be forwarded, in this
	// region, and tells someone (see DeadLetters).
	// Default: - DeadLetters of the forwarder's own, without an alarm
	// action (synth warns).
	DeadLetters *DeadLetters
}

// SigninForwarder defines a rule on the default event bus that forwards
// console sign-in events, unchanged, to a hub event bus.
type SigninForwarder struct {
	cx.Construct
	rule        awsevents.Rule
	role        awsiam.Role
	deadLetters *DeadLetters
}

// NewSigninForwarder defines a SigninForwarder under scope/id. It panics if
// HubEventBus is missing.
func NewSigninForwarder(scope cx.Construct, id *string, props *SigninForwarderProps) *SigninForwarder {
	if props == nil || props.HubEventBus == nil {
		panic(fmt.Sprintf("SigninForwarder %q: HubEventBus is required: pass the hub bus, e.g. awsevents.EventBus_FromEventBusArn(scope, id, arn)", idOf(id)))
	}
	includeSwitch := props.IncludeSwitchEvents == nil || *props.IncludeSwitchEvents
	this := cx.NewConstruct(scope, id)
	f := &SigninForwarder{Construct: this}
	// Cross-region event bus targets need an execution role; the target
	// grants it events:PutEvents on the hub bus only.
	f.role = awsiam.NewRole(this, jsii.String("ForwardRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil),
		Description: jsii.String("signin-notifier: lets EventBridge put console sign-in events on the hub bus"),
	})
	f.rule = awsevents.NewRule(this, jsii.String("Rule"), &awsevents.RuleProps{
		Description:  jsii.String("signin-notifier: forward console sign-in events to the hub bus"),
		EventPattern: eventPattern(signin.ForwardPattern(includeSwitch)),
	})
	// Every target: an explicit retry policy and the dead-letter queue, so
	// a failed forward is kept in this region and someone is told.
	f.deadLetters = props.DeadLetters
	if f.deadLetters == nil {
		f.deadLetters = NewDeadLetters(this, jsii.String("DeadLetters"), nil)
	}
	d := f.deadLetters.wire("AllowSigninForwarder", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	d.addTarget(f.rule, awseventstargets.NewEventBus(props.HubEventBus, &awseventstargets.EventBusProps{Role: f.role}))
	d.admitRules()
	return f
}

// Rule returns the forwarding rule.
func (f *SigninForwarder) Rule() awsevents.Rule { return f.rule }

// DeadLetters returns the forwarder's failure handling.
func (f *SigninForwarder) DeadLetters() *DeadLetters { return f.deadLetters }

// Role returns the role EventBridge assumes to put events on the hub bus.
func (f *SigninForwarder) Role() awsiam.Role { return f.role }
