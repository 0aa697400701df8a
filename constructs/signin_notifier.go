package constructs

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// SigninNotifierProps configures a SigninNotifier.
//
// Required: Destination, EventBus.
type SigninNotifierProps struct {
	// Destination says where to post and in which format: SlackWebhook,
	// SlackApp, TeamsWorkflow, DiscordWebhook or Webhook. One notifier posts
	// to one destination; define one notifier per destination. Required.
	Destination *Destination
	// Severities limits the notifications to these severities, e.g.
	// HighSeverities() for a security channel.
	// Default: - every severity.
	Severities []Severity
	// Group limits the notifier to one group of rules, GroupSignIn,
	// GroupSecurity, GroupBreakGlass or GroupBreakGlassSwitch. Deploy the
	// groups as notifiers in separate stacks to keep each template under the
	// 51,200 bytes CloudFormation accepts without a bootstrap bucket
	// (SigninDeployment does).
	// Default: - every rule.
	Group Group
	// EventBus is the bus whose events the rules match: the bus of a
	// SigninHub (or any bus) that SigninForwarders send to. The rules rely
	// on the forwarders' choice of events: the security rules report every
	// AWS API call on the bus that was refused or lacks its caller, so on
	// the default bus, which carries every call of the account, they would
	// report far too much. Required, and never the default bus.
	EventBus awsevents.IEventBus
	// AccountName is a display name shown next to the account id, at most
	// 64 characters, no < or >.
	// Default: - only the account id is shown.
	AccountName *string
	// IncludeSwitchEvents adds the SwitchRole and ExitRole rules. Turn it off
	// outside us-east-1 when us-east-1 is covered too: the console records
	// those events in both places.
	// Default: true.
	IncludeSwitchEvents *bool
	// IncludeTestRule adds the TestSignIn rule, which posts the synthetic
	// sign-in that `signin-notifier send-test` puts on the bus (source
	// signin-notifier.test), marked as a test, whatever Severities and the
	// filters say. Give it to one notifier per destination.
	// Default: true, for a notifier of every group or of GroupSignIn.
	IncludeTestRule *bool
	// FailedSignInBurst adds the FailedSignInBurst rule (severity failure),
	// which reports the SigninHub's burst alarm entering ALARM; pass the
	// hub's setting so the message states its threshold and window.
	// Default: - no burst rule.
	FailedSignInBurst *Burst
	// IgnoreSourceIps silences events from these IPv4/IPv6 ranges (literal
	// CIDRs: the rules' patterns are computed from them at synth), for the
	// severities in IgnoreSourceIpsFor.
	// Default: - none.
	IgnoreSourceIps []string
	// IgnoreSourceIpsFor are the severities IgnoreSourceIps apply to. A
	// failed sign-in or a root sign-in is silenced by an IP range only if
	// its severity is listed here.
	// Default: - SeveritySignIn and SeverityNoMFA (successful sign-ins).
	IgnoreSourceIpsFor []Severity
	// Accounts limits notifications to events of these 12-digit account ids.
	// Default: - every account whose events reach the bus.
	Accounts []string
	// BreakGlassRoles are IAM roles whose every assumption notifies at
	// SeverityBreakGlass (GroupBreakGlass, GroupBreakGlassSwitch): role
	// names, matched exactly in
	// every account whose events reach the bus, or role ARNs (as IAM shows
	// them, with their path). A console switch into one of them is reported
	// at that severity rather than SeveritySwitchRole. Literal values: the
	// rules' event patterns are built from them at synth. The rules of AWS
	// STS records rely on the SigninForwarders that feed EventBus (required
	// then) to carry only the listed roles' assumptions: pass them the same
	// list.
	// Default: - none.
	BreakGlassRoles []string
	// RateLimitPerSecond caps invocations of the destination.
	// Default: 1 for Slack, Teams and Discord; 10 for Webhook.
	RateLimitPerSecond *float64
	// RetryAttempts is the most times EventBridge retries a failed delivery
	// (HTTP 429 and 5xx) before sending the event to the dead-letter queue,
	// at most 185.
	// Default: 185.
	RetryAttempts *float64
	// MaxEventAge is how long EventBridge keeps retrying, 1 minute to 24
	// hours.
	// Default: awscdk.Duration_Hours(24).
	MaxEventAge awscdk.Duration
	// DeadLetters is the failure handling of every rule target: the queue
	// undeliverable events go to, and the alarm that tells a person. Share
	// one among the constructs of a stack.
	// Default: - DeadLetters of the notifier's own, whose alarm has no action
	// (synth warns).
	DeadLetters *DeadLetters
}

// SigninNotifier defines EventBridge rules that post every console sign-in,
// failed sign-in, switch role and switch back to one destination (Slack,
// Microsoft Teams, Discord or any JSON webhook) through an API destination,
// with no Lambda function.
type SigninNotifier struct {
	cx.Construct
	eventBus    awsevents.IEventBus
	rules       []awsevents.Rule
	ruleSpecs   []signin.Rule
	connection  awsevents.Connection
	destination awsevents.ApiDestination
	role        awsiam.Role
	deadLetters *DeadLetters
}

// NewSigninNotifier defines a SigninNotifier under scope/id:
//
//  1. validate props (panics with a one-line message on misuse);
//  2. the event bus: EventBus;
//  3. connection, API destination (rate limited), invoke role, and
//     DeadLetters unless shared;
//  4. one or more rules per severity, each targeting the API destination
//     with its own input transformer, the retry policy and the dead-letter
//     queue.
func NewSigninNotifier(scope cx.Construct, id *string, props *SigninNotifierProps) *SigninNotifier {
	p := validateNotifierProps(id, props)
	this := cx.NewConstruct(scope, id)
	n := &SigninNotifier{Construct: this}

	n.eventBus = p.EventBus

	kind := p.dest.Kind()
	if p.dest.plainText() {
		awscdk.Annotations_Of(this).AddWarningV2(jsii.String("signin-notifier:plain-webhook-url"),
			jsii.String("the "+string(kind)+" webhook URL is in this template in plain text: for anything but a trial, store it in Secrets Manager (the matching ...Secret context key, or awscdk.SecretValue_SecretsManager)"), nil)
	}
	n.connection = awsevents.NewConnection(this, jsii.String("Connection"), &awsevents.ConnectionProps{
		Authorization: p.dest.authorization(),
		Description:   jsii.String("signin-notifier: " + string(kind) + " destination"),
	})
	n.destination = awsevents.NewApiDestination(this, jsii.String("Destination"), &awsevents.ApiDestinationProps{
		Connection:         n.connection,
		Endpoint:           p.dest.invocationEndpoint(),
		HttpMethod:         awsevents.HttpMethod_POST,
		RateLimitPerSecond: jsii.Number(p.rateLimit),
		Description:        jsii.String("signin-notifier: " + string(kind) + " destination"),
	})
	// The role is created here, not by the target, so that it is owned,
	// exposed and asserted; the targets grant it events:InvokeApiDestination
	// on this destination only.
	n.role = eventsRole(this, "InvokeRole", "signin-notifier: lets EventBridge invoke the "+string(kind)+" API destination")

	n.deadLetters = p.DeadLetters
	if n.deadLetters == nil {
		n.deadLetters = NewDeadLetters(this, jsii.String("DeadLetters"), nil)
	}
	d := n.deadLetters.wire("AllowSigninNotifierRules", p.retryAttempts, p.maxAgeSeconds)

	specs := p.rules
	n.ruleSpecs = specs
	for _, spec := range specs {
		rule := awsevents.NewRule(this, jsii.String(spec.ID), &awsevents.RuleProps{
			EventBus:     p.EventBus,
			Description:  jsii.String(spec.Description),
			EventPattern: placeholderPattern(spec.Pattern),
		})
		setPattern(rule, spec.Pattern, spec.State)
		d.addTarget(rule, apiDestinationTarget(n.destination, n.role))
		cfn := rule.Node().DefaultChild().(awsevents.CfnRule)
		// The message is an exact input transformer from internal/signin;
		// RuleTargetInput would re-quote its placeholders.
		cfn.AddPropertyOverride(jsii.String("Targets.0.InputTransformer"), map[string]any{
			"InputPathsMap": spec.Transformer.InputPathsMap,
			"InputTemplate": spec.Transformer.InputTemplate,
		})
		n.rules = append(n.rules, rule)
	}
	d.admitRules()
	return n
}

// notifierProps is SigninNotifierProps checked, with every default
// applied.
type notifierProps struct {
	SigninNotifierProps
	dest                                    *Destination
	rules                                   []signin.Rule
	rateLimit, retryAttempts, maxAgeSeconds float64
}

// validateNotifierProps applies defaults and panics on misuse, before any
// child construct exists.
func validateNotifierProps(id *string, props *SigninNotifierProps) notifierProps {
	fail := func(format string, a ...any) {
		panic(fmt.Sprintf("SigninNotifier %q: ", idOf(id)) + fmt.Sprintf(format, a...))
	}
	if props == nil || props.Destination == nil {
		fail("Destination is required: pass e.g. Destination: SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String(\"signin-notifier/slack-webhook-url\"), nil))")
	}
	if props.EventBus == nil {
		fail("EventBus is required: pass the bus SigninForwarders send to, e.g. EventBus: hub.EventBus() of a NewSigninHub (NewSigninDeployment sets all three up)")
	}
	if name := props.EventBus.EventBusName(); name != nil && !*awscdk.Token_IsUnresolved(name) && *name == "default" {
		fail("EventBus is the default bus, which carries every AWS API call of the account: pass the bus SigninForwarders send to, e.g. hub.EventBus() of a NewSigninHub")
	}
	p := notifierProps{SigninNotifierProps: *props, dest: props.Destination}
	if _, err := signin.ParseKind(string(p.dest.kind)); err != nil {
		fail("Destination: %v", err)
	}
	if (p.dest.kind == KindSlackApp && p.dest.auth == nil) || (p.dest.kind != KindSlackApp && p.dest.endpoint == nil) {
		fail("Destination %s has no secret value: build it with a non-nil awscdk.SecretValue", p.dest.kind)
	}
	for _, list := range []struct {
		name   string
		values []string
	}{{"IgnoreSourceIps", props.IgnoreSourceIps}, {"Accounts", props.Accounts}, {"BreakGlassRoles", props.BreakGlassRoles}, {"the SlackApp channel", []string{p.dest.channel}}} {
		for _, v := range list.values {
			if *awscdk.Token_IsUnresolved(jsii.String(v)) {
				fail("%s holds a token (%s): use literal values, which the rules' event patterns are built from at synth", list.name, v)
			}
		}
	}
	var accountName string
	if props.AccountName != nil {
		accountName = *props.AccountName
	}
	burst, err := coreBurst(props.FailedSignInBurst)
	if err != nil {
		fail("FailedSignInBurst %v", err)
	}
	if err := signin.ValidateBreakGlassRoles(props.BreakGlassRoles); err != nil {
		fail("BreakGlassRoles: %v", err)
	}
	rules, err := signin.Rules(signin.Options{
		IncludeSwitch: props.IncludeSwitchEvents == nil || *props.IncludeSwitchEvents,
		AccountName:   accountName,
		Kind:          signin.Kind(p.dest.kind),
		SlackChannel:  p.dest.channel,
		Severities:    severities(props.Severities),
		Group:         signin.Group(props.Group),
		Burst:         burst,
		IncludeTest:   (props.IncludeTestRule == nil && (props.Group == "" || props.Group == GroupSignIn)) || (props.IncludeTestRule != nil && *props.IncludeTestRule),
		Filters: signin.Filters{
			IgnoreSourceIPs:    props.IgnoreSourceIps,
			IgnoreSourceIPsFor: severities(props.IgnoreSourceIpsFor),
			Accounts:           props.Accounts,
		},
		BreakGlassRoles: props.BreakGlassRoles,
	})
	if err != nil {
		fail("%v", err)
	}
	if !slices.ContainsFunc(rules, func(r signin.Rule) bool { return r.Severity != signin.SeverityTest }) {
		fail("Severities %v leave no rule to define in group %q: list at least one severity this notifier can see", props.Severities, props.Group)
	}
	p.rules = rules
	p.rateLimit = signin.Kind(p.dest.kind).DefaultRateLimit()
	if props.RateLimitPerSecond != nil {
		p.rateLimit = *props.RateLimitPerSecond
	}
	p.retryAttempts = signin.DefaultRetryAttempts
	if props.RetryAttempts != nil {
		p.retryAttempts = *props.RetryAttempts
	}
	p.maxAgeSeconds = signin.DefaultMaxEventAgeSeconds
	if props.MaxEventAge != nil {
		p.maxAgeSeconds = *props.MaxEventAge.ToSeconds(nil)
	}
	if err := signin.ValidateDelivery(p.rateLimit, p.retryAttempts, p.maxAgeSeconds); err != nil {
		fail("%v", err)
	}
	return p
}

// EventBus returns the bus the rules listen on.
func (n *SigninNotifier) EventBus() awsevents.IEventBus { return n.eventBus }

// Rules returns the notification rules, most urgent first.
func (n *SigninNotifier) Rules() []awsevents.Rule { return append([]awsevents.Rule(nil), n.rules...) }

// RuleSpec is what one notification rule does: its construct id (and so
// CloudFormation logical id prefix), severity, group, EventBridge state,
// event pattern and input transformer.
type RuleSpec struct {
	ID            string
	Severity      Severity
	Group         Group
	State         string
	Description   string
	EventPattern  map[string]any
	InputPathsMap map[string]string
	InputTemplate string
}

// RuleSpecs returns the pattern, severity and message template of each rule,
// in the order of Rules.
func (n *SigninNotifier) RuleSpecs() []RuleSpec {
	out := make([]RuleSpec, len(n.ruleSpecs))
	for i, r := range n.ruleSpecs {
		out[i] = RuleSpec{
			ID: r.ID, Severity: Severity(r.Severity), Group: Group(r.Group), State: r.State, Description: r.Description,
			EventPattern: r.Pattern.Map(), InputPathsMap: r.Transformer.InputPathsMap, InputTemplate: r.Transformer.InputTemplate,
		}
	}
	return out
}

// Connection returns the EventBridge connection of the API destination.
func (n *SigninNotifier) Connection() awsevents.Connection { return n.connection }

// ApiDestination returns the API destination that posts the messages.
func (n *SigninNotifier) ApiDestination() awsevents.ApiDestination { return n.destination }

// Role returns the role EventBridge assumes to invoke the API destination.
func (n *SigninNotifier) Role() awsiam.Role { return n.role }

// DeadLetters returns the notifier's failure handling: the dead-letter
// queue and the alarm.
func (n *SigninNotifier) DeadLetters() *DeadLetters { return n.deadLetters }
