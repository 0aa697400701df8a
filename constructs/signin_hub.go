package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// SigninHubProps configures a SigninHub.
type SigninHubProps struct {
	// EventBusName names the hub bus. Event bus names are regional, so the
	// fixed default is safe; forwarders in other regions address it by name.
	// Default: DefaultHubEventBusName.
	EventBusName *string
}

// SigninHub defines the custom event bus of the hub topology: forwarders in
// every region send console sign-in events to it, and one SigninNotifier per
// destination listens on it.
type SigninHub struct {
	cx.Construct
	bus awsevents.EventBus
}

// NewSigninHub defines a SigninHub under scope/id.
func NewSigninHub(scope cx.Construct, id *string, props *SigninHubProps) *SigninHub {
	name := jsii.String(DefaultHubEventBusName)
	if props != nil && props.EventBusName != nil {
		name = props.EventBusName
	}
	this := cx.NewConstruct(scope, id)
	return &SigninHub{Construct: this, bus: awsevents.NewEventBus(this, jsii.String("EventBus"), &awsevents.EventBusProps{
		EventBusName: name,
		Description:  jsii.String("signin-notifier hub: console sign-in events forwarded from every region"),
	})}
}

// EventBus returns the hub bus.
func (h *SigninHub) EventBus() awsevents.EventBus { return h.bus }
