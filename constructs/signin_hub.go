package constructs

import (
	"fmt"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// SigninHubProps configures a SigninHub.
type SigninHubProps struct {
	// EventBusName names the hub bus. Event bus names are regional, so the
	// fixed default is safe; forwarders in other regions address it by name.
	// Default: DefaultHubEventBusName.
	EventBusName *string
	// OrganizationId, when set (o-...), adds a bus policy that lets
	// principals of this AWS Organization, and nobody outside it, put
	// events on the hub bus: the forwarders of the member accounts.
	// Default: - no bus policy; only the bus's own account can put events.
	OrganizationId *string
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
	h := &SigninHub{Construct: this, bus: awsevents.NewEventBus(this, jsii.String("EventBus"), &awsevents.EventBusProps{
		EventBusName: name,
		Description:  jsii.String("signin-notifier hub: console sign-in events forwarded from every region"),
	})}
	if props != nil && props.OrganizationId != nil {
		if !organizationIDRE.MatchString(*props.OrganizationId) {
			panic(fmt.Sprintf("SigninHub %q: OrganizationId %q is not an organization id such as o-a1b2c3d4e5", idOf(id), *props.OrganizationId))
		}
		h.bus.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String(OrganizationStatementID),
			Effect:     awsiam.Effect_ALLOW,
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions:    jsii.Strings("events:PutEvents"),
			Resources:  jsii.Strings(*h.bus.EventBusArn()),
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": *props.OrganizationId}},
		}))
	}
	return h
}

// OrganizationStatementID is the Sid of the hub bus policy statement that
// admits the organization (CDK writes it with the prefix "cdk-").
const OrganizationStatementID = "signin-notifier-organization"

var organizationIDRE = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)

// EventBus returns the hub bus.
func (h *SigninHub) EventBus() awsevents.EventBus { return h.bus }
