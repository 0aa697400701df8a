package constructs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// DefaultHubEventBusName is the name of the hub event bus the app defines in
// its home region. Event bus names are regional, so a fixed name is safe.
const DefaultHubEventBusName = "signin-notifier-hub"

// DefaultWatchRuleName names the tamper watch rule of a SigninForwarder.
const DefaultWatchRuleName = "signin-notifier-watch"

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
	// IgnorePrincipals silences the sign-ins of these principals: exact ARNs
	// or wildcard patterns (* matches any characters), e.g.
	// arn:aws:sts::*:assumed-role/BreakGlassDrill/*. Applied here, once,
	// so that no severity rule needs a wildcard. Records without a user
	// agent (and failures without a user name) are never silenced, nor are
	// root credential changes, AssumeRoot, anomaly alerts or tampering.
	// Default: - none.
	IgnorePrincipals []string
	// WatchNamePrefixes start the physical names of the rules, API
	// destinations and connections whose changes outside CloudFormation the
	// watch rule reports.
	// Default: - "SigninNotifier-", the prefix of every stack of the app.
	WatchNamePrefixes []string
	// WatchBusNames are the event buses whose rules the watch rule reports
	// changes to.
	// Default: - the name of HubEventBus.
	WatchBusNames []string
	// WatchRuleName names the tamper watch rule, which the alert rule
	// watches by name. Two forwarders in one account and region need two
	// names: rule names are unique per bus. It must not start with one of
	// WatchNamePrefixes.
	// Default: DefaultWatchRuleName.
	WatchRuleName *string
	// BreakGlassRoles are IAM roles whose every assumption in this region
	// (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, and
	// refused AssumeRole calls) is forwarded by the break-glass rules, for
	// a SigninNotifier with the same list to report; the assumptions of
	// other roles stay in the region. Role names (every account) or role
	// ARNs; literal values. A console switch into one of them is forwarded
	// even for a principal IgnorePrincipals quiets.
	// Default: - none: no break-glass rule.
	BreakGlassRoles []string
	// DeadLetters keeps the events that could not be forwarded, in this
	// region, and tells someone (see DeadLetters).
	// Default: - DeadLetters of the forwarder's own, without an alarm
	// action (synth warns).
	DeadLetters *DeadLetters
}

// SigninForwarder defines the rules of a region's default event bus: one
// forwards console and CLI sign-ins (after the principal filter), one
// forwards root, AssumeRoot and anomaly events and changes to the watch
// rule, and the watch rule forwards CloudTrail tampering and changes to
// signin-notifier's own resources. The watch rule watches the forward rules
// and the alert forward rule watches the watch rule, so disabling one is
// reported by the other. With BreakGlassRoles, the break-glass rules
// forward the assumptions of those roles (watched like the others).
type SigninForwarder struct {
	cx.Construct
	signIns, alerts, watch awsevents.Rule
	breakGlass             []awsevents.Rule
	role                   awsiam.Role
	deadLetters            *DeadLetters
}

// NewSigninForwarder defines a SigninForwarder under scope/id. It panics
// with one line, before any child exists, if HubEventBus is missing or a
// principal is malformed.
func NewSigninForwarder(scope cx.Construct, id *string, props *SigninForwarderProps) *SigninForwarder {
	if props == nil || props.HubEventBus == nil {
		panic(fmt.Sprintf("SigninForwarder %q: HubEventBus is required: pass the hub bus, e.g. awsevents.EventBus_FromEventBusArn(scope, id, arn)", idOf(id)))
	}
	for _, v := range props.IgnorePrincipals {
		if *awscdk.Token_IsUnresolved(jsii.String(v)) {
			panic(fmt.Sprintf("SigninForwarder %q: IgnorePrincipals holds a token (%s): use literal ARNs, which the forward rule's event pattern is built from at synth", idOf(id), v))
		}
	}
	if err := (signin.Filters{IgnorePrincipals: props.IgnorePrincipals}).Validate(); err != nil {
		panic(fmt.Sprintf("SigninForwarder %q: IgnorePrincipals: %v", idOf(id), err))
	}
	for _, v := range props.BreakGlassRoles {
		if *awscdk.Token_IsUnresolved(jsii.String(v)) {
			panic(fmt.Sprintf("SigninForwarder %q: BreakGlassRoles holds a token (%s): use literal names or ARNs, which the break-glass rules' event patterns are built from at synth", idOf(id), v))
		}
	}
	if err := signin.ValidateBreakGlassRoles(props.BreakGlassRoles); err != nil {
		panic(fmt.Sprintf("SigninForwarder %q: BreakGlassRoles: %v", idOf(id), err))
	}
	fo := signin.ForwardOptions{
		IncludeSwitch:    props.IncludeSwitchEvents == nil || *props.IncludeSwitchEvents,
		IgnorePrincipals: props.IgnorePrincipals,
		WatchRuleName:    DefaultWatchRuleName,
		BreakGlassRoles:  props.BreakGlassRoles,
	}
	breakGlass, err := signin.BreakGlassForwardPatterns(fo)
	if err != nil {
		panic(fmt.Sprintf("SigninForwarder %q: BreakGlassRoles with IgnorePrincipals: %v", idOf(id), err))
	}
	wo := signin.WatchOptions{NamePrefixes: props.WatchNamePrefixes, BusNames: props.WatchBusNames}
	if props.WatchRuleName != nil {
		fo.WatchRuleName = *props.WatchRuleName
	}
	prefixes := wo.NamePrefixes
	if len(prefixes) == 0 {
		prefixes = []string{signin.DefaultNamePrefix}
	}
	for _, p := range prefixes {
		if literal(jsii.String(fo.WatchRuleName)) && strings.HasPrefix(fo.WatchRuleName, p) {
			panic(fmt.Sprintf("SigninForwarder %q: WatchRuleName %q starts with %q, a prefix the watch rule itself reports: pick a name without it, e.g. %s", idOf(id), fo.WatchRuleName, p, DefaultWatchRuleName))
		}
	}
	this := cx.NewConstruct(scope, id)
	if wo.BusNames == nil {
		wo.BusNames = []string{*props.HubEventBus.EventBusName()}
	}
	f := &SigninForwarder{Construct: this}
	// Cross-region event bus targets need an execution role; the targets
	// grant it events:PutEvents on the hub bus only.
	f.role = eventsRole(this, "ForwardRole", "signin-notifier: lets EventBridge put console sign-in events on the hub bus")
	// Every target: an explicit retry policy and the dead-letter queue, so
	// a failed forward is kept in this region and someone is told.
	f.deadLetters = props.DeadLetters
	if f.deadLetters == nil {
		f.deadLetters = NewDeadLetters(this, jsii.String("DeadLetters"), nil)
	}
	d := f.deadLetters.wire("AllowSigninForwarder", signin.DefaultRetryAttempts, signin.DefaultMaxEventAgeSeconds)
	rule := func(ruleID, description string, p signin.Pattern, state string, name *string) awsevents.Rule {
		r := awsevents.NewRule(this, jsii.String(ruleID), &awsevents.RuleProps{
			RuleName:     name,
			Description:  jsii.String(description),
			EventPattern: placeholderPattern(p),
		})
		setPattern(r, p, state)
		d.addTarget(r, eventBusTarget(props.HubEventBus, f.role))
		return r
	}
	// `aws login` is recorded read-only: only this state lets the rule see it.
	f.signIns = rule("Rule", "signin-notifier: forward console and CLI sign-ins to the hub bus", signin.SignInForwardPattern(fo), signin.StateAllManagementEvents, nil)
	f.alerts = rule("Alerts", "signin-notifier: forward root, AssumeRoot and anomaly events, and changes to the watch rule, to the hub bus", signin.AlertForwardPattern(fo), signin.StateEnabled, nil)
	f.watch = rule("Watch", "signin-notifier: forward CloudTrail tampering and changes to signin-notifier made outside CloudFormation to the hub bus", signin.WatchPattern(wo), signin.StateEnabled, jsii.String(fo.WatchRuleName))
	// AssumeRole and its SAML and web identity forms are recorded
	// read-only: only this state lets the rules see them.
	for i, p := range breakGlass {
		ruleID := "BreakGlass"
		if i > 0 {
			ruleID = fmt.Sprintf("BreakGlass%s%d", signin.PartSuffix, i+1)
		}
		f.breakGlass = append(f.breakGlass, rule(ruleID, "signin-notifier: forward the assumptions of break-glass roles, and refused attempts, to the hub bus", p, signin.StateAllManagementEvents, nil))
	}
	d.admitRules()
	return f
}

// Rule returns the rule that forwards console and CLI sign-ins.
func (f *SigninForwarder) Rule() awsevents.Rule { return f.signIns }

// AlertRule returns the rule that forwards root, AssumeRoot and anomaly
// events and changes to the watch rule.
func (f *SigninForwarder) AlertRule() awsevents.Rule { return f.alerts }

// BreakGlassRules returns the rules that forward the assumptions of the
// break-glass roles (none without BreakGlassRoles).
func (f *SigninForwarder) BreakGlassRules() []awsevents.Rule {
	return append([]awsevents.Rule(nil), f.breakGlass...)
}

// WatchRule returns the tamper watch rule.
func (f *SigninForwarder) WatchRule() awsevents.Rule { return f.watch }

// DeadLetters returns the forwarder's failure handling.
func (f *SigninForwarder) DeadLetters() *DeadLetters { return f.deadLetters }

// Role returns the role EventBridge assumes to put events on the hub bus.
func (f *SigninForwarder) Role() awsiam.Role { return f.role }
