package constructs

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// SigninNotifierProps configures a SigninNotifier.
//
// Required: Destination, or its shorthand SlackWebhookUrl.
type SigninNotifierProps struct {
	// Destination says where to post and in which format: SlackWebhook,
	// SlackApp, TeamsWorkflow, DiscordWebhook or Webhook. One notifier posts
	// to one destination; define one notifier per destination.
	// Default: - SlackWebhook(SlackWebhookUrl).
	Destination *Destination
	// SlackWebhookUrl is shorthand for Destination: SlackWebhook(url). The
	// URL is the credential, so pass awscdk.SecretValue_SecretsManager:
	// CloudFormation then resolves it through a dynamic reference and it
	// appears in no template.
	// Default: - none; Destination is required then.
	SlackWebhookUrl awscdk.SecretValue
	// Severities limits the notifications to these severities, e.g.
	// HighSeverities for a security channel.
	// Default: - every severity.
	Severities []Severity
	// FailedSignInBurst adds the FailedSignInBurst rule (severity failure),
	// which reports the SigninHub's burst alarm entering ALARM; pass the
	// hub's setting so the message states its threshold and window.
	// Default: - no burst rule.
	FailedSignInBurst *Burst
	// IncludeTestRule adds the TestSignIn rule, which posts the synthetic
	// sign-in that `signin-notifier send-test` puts on the bus (source
	// signin-notifier.test), marked as a test, whatever Severities and the
	// filters say. Give it to one notifier per destination.
	// Default: true, except for a GroupSecurity notifier.
	IncludeTestRule *bool
	// Group limits the notifier to one group of rules: GroupSignIn (console
	// and CLI sign-ins, switch role) or GroupSecurity (root credential
	// changes, AssumeRoot, anomaly alerts, tampering). Deploy the two groups
	// as two notifiers in two stacks to keep each template under the 51,200
	// bytes CloudFormation accepts without a bootstrap bucket.
	// Default: - every rule.
	Group Group
	// IgnoreSourceIps silences events from these IPv4/IPv6 ranges, for the
	// severities in IgnoreSourceIpsFor.
	// Default: - none.
	IgnoreSourceIps []string
	// IgnoreSourceIpsFor are the severities IgnoreSourceIps apply to. A
	// failed sign-in or a root sign-in is silenced by an IP range only if
	// its severity is listed here.
	// Default: - SeveritySignIn and SeverityNoMFA (successful sign-ins).
	IgnoreSourceIpsFor []Severity
	// Accounts limits notifications to events of these account ids.
	// Default: - every account whose events reach the bus.
	Accounts []string
	// EventBus is the bus whose events the rules match, e.g. the bus of a
	// SigninHub that SigninForwarders send to.
	// Default: - the account's default event bus.
	EventBus awsevents.IEventBus
	// AccountName is a display name shown next to the account id.
	// Default: - only the account id is shown.
	AccountName *string
	// IncludeSwitchEvents adds the SwitchRole and ExitRole rules. Turn it off
	// outside us-east-1 when us-east-1 is covered too: the console records
	// those events in both places.
	// Default: true.
	IncludeSwitchEvents *bool
	// RateLimitPerSecond caps invocations of the destination.
	// Default: 1 for Slack, Teams and Discord; 10 for Webhook.
	RateLimitPerSecond *float64
	// RetryAttempts is the most times EventBridge retries a failed delivery
	// (HTTP 429 and 5xx) before sending the event to the dead-letter queue.
	// Default: 185.
	RetryAttempts *float64
	// MaxEventAge is how long EventBridge keeps retrying.
	// Default: awscdk.Duration_Hours(24).
	MaxEventAge awscdk.Duration
	// DeadLetterQueue receives events that could not be delivered.
	// Default: - a new SQS queue with SQS-managed encryption, a TLS-only
	// policy and 14 days of retention.
	DeadLetterQueue awssqs.IQueue
	// AlarmTopic receives the dead-letter alarm: it must be in the
	// notifier's region, and let cloudwatch.amazonaws.com publish (and use
	// its KMS key). Conflicts with AlarmEmail and DeadLetters.
	// Default: - none (synth warns that nobody is told).
	AlarmTopic awssns.ITopic
	// AlarmEmail defines an AlarmTopic of the notifier's own with this
	// address subscribed. Conflicts with AlarmTopic and DeadLetters.
	// Default: - none.
	AlarmEmail *string
	// DeadLetters, shared by the constructs of a stack, replaces the
	// notifier's own queue and alarm. Conflicts with DeadLetterQueue,
	// AlarmTopic and AlarmEmail.
	// Default: - DeadLetters of the notifier's own, from DeadLetterQueue,
	// AlarmTopic and AlarmEmail.
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
	dlq         awssqs.IQueue
	alarm       awscloudwatch.Alarm
	deadLetters *DeadLetters
}

// NewSigninNotifier defines a SigninNotifier under scope/id:
//
//  1. validate props (panics with a one-line message on misuse);
//  2. the event bus: EventBus or the default;
//  3. connection, API destination (rate limited), invoke role, dead-letter
//     queue and its alarm on each new dead letter (DeadLetters, unless
//     shared);
//  4. one rule per severity from internal/core/signin, each targeting the API
//     destination with its own input transformer, retry policy and DLQ.
func NewSigninNotifier(scope cx.Construct, id *string, props *SigninNotifierProps) *SigninNotifier {
	p := validateNotifierProps(id, props)
	this := cx.NewConstruct(scope, id)
	n := &SigninNotifier{Construct: this}

	// ruleBus stays nil for the default bus, so the rules carry no
	// EventBusName at all.
	var ruleBus awsevents.IEventBus
	if p.EventBus != nil {
		n.eventBus, ruleBus = p.EventBus, p.EventBus
	} else {
		n.eventBus = awsevents.EventBus_FromEventBusName(this, jsii.String("DefaultBus"), jsii.String("default"))
	}

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
		RateLimitPerSecond: p.RateLimitPerSecond,
		Description:        jsii.String("signin-notifier: " + string(kind) + " destination"),
	})
	// The role is created here, not by the target, so that it is owned,
	// exposed and asserted; the targets grant it events:InvokeApiDestination
	// on this destination only.
	n.role = awsiam.NewRole(this, jsii.String("InvokeRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil),
		Description: jsii.String("signin-notifier: lets EventBridge invoke the " + string(kind) + " API destination"),
	})

	n.deadLetters = p.DeadLetters
	if n.deadLetters == nil {
		n.deadLetters = NewDeadLetters(this, jsii.String("DeadLetters"), &DeadLettersProps{Queue: p.DeadLetterQueue, AlarmTopic: p.AlarmTopic, AlarmEmail: p.AlarmEmail})
	}
	n.dlq, n.alarm = n.deadLetters.Queue(), n.deadLetters.Alarm()
	d := n.deadLetters.wire("AllowSigninNotifierRules", *p.RetryAttempts, *p.MaxEventAge.ToSeconds(nil))

	specs := p.rules
	n.ruleSpecs = specs
	for _, spec := range specs {
		rule := awsevents.NewRule(this, jsii.String(spec.ID), &awsevents.RuleProps{
			EventBus:     ruleBus,
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

// notifierProps is SigninNotifierProps with every default applied.
type notifierProps struct {
	SigninNotifierProps
	dest  *Destination
	rules []signin.Rule
}

// validateNotifierProps applies defaults and panics on misuse, before any
// child construct exists.
func validateNotifierProps(id *string, props *SigninNotifierProps) notifierProps {
	fail := func(format string, a ...any) {
		panic(fmt.Sprintf("SigninNotifier %q: ", idOf(id)) + fmt.Sprintf(format, a...))
	}
	if props == nil || (props.Destination == nil && props.SlackWebhookUrl == nil) {
		fail("a Destination is required: pass Destination: constructs.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String(\"signin-notifier/slack-webhook-url\"), nil)), or SlackWebhookUrl")
	}
	if props.Destination != nil && props.SlackWebhookUrl != nil {
		fail("Destination and SlackWebhookUrl are both set: pass one (SlackWebhookUrl is shorthand for Destination: SlackWebhook(url))")
	}
	if props.AlarmTopic != nil && props.AlarmEmail != nil {
		fail("AlarmTopic and AlarmEmail %q are both set: pass AlarmTopic to use your topic (and subscribe the address to it), or AlarmEmail to define one", *props.AlarmEmail)
	}
	if props.DeadLetters != nil && (props.DeadLetterQueue != nil || props.AlarmTopic != nil || props.AlarmEmail != nil) {
		fail("DeadLetters is set together with DeadLetterQueue, AlarmTopic or AlarmEmail: set those on the DeadLetters instead")
	}
	if props.AlarmEmail != nil {
		if err := signin.ValidateEmail(*props.AlarmEmail); err != nil {
			fail("AlarmEmail %q %v: use e.g. security@example.com", *props.AlarmEmail, err)
		}
	}
	p := notifierProps{SigninNotifierProps: *props, dest: props.Destination}
	if p.dest == nil {
		p.dest = SlackWebhook(props.SlackWebhookUrl)
	}
	if _, err := signin.ParseKind(string(p.dest.kind)); err != nil {
		fail("Destination: %v", err)
	}
	if (p.dest.kind == KindSlackApp && p.dest.auth == nil) || (p.dest.kind != KindSlackApp && p.dest.endpoint == nil) {
		fail("Destination %s has no secret value: build it with a non-nil awscdk.SecretValue", p.dest.kind)
	}
	includeSwitch := props.IncludeSwitchEvents == nil || *props.IncludeSwitchEvents
	var accountName string
	if props.AccountName != nil {
		accountName = *props.AccountName
		if err := signin.ValidateAccountName(accountName); err != nil {
			fail("AccountName %v", err)
		}
	}
	rules, err := signin.Rules(signin.Options{
		IncludeSwitch: includeSwitch,
		AccountName:   accountName,
		Kind:          p.dest.kind,
		SlackChannel:  p.dest.channel,
		Severities:    props.Severities,
		Group:         props.Group,
		Burst:         burstOf(props.FailedSignInBurst),
		IncludeTest:   (props.IncludeTestRule == nil && props.Group != GroupSecurity) || (props.IncludeTestRule != nil && *props.IncludeTestRule),
		Filters: signin.Filters{
			IgnoreSourceIPs:    props.IgnoreSourceIps,
			IgnoreSourceIPsFor: props.IgnoreSourceIpsFor,
			Accounts:           props.Accounts,
		},
	})
	if err != nil {
		fail("%v", err)
	}
	if !slices.ContainsFunc(rules, func(r signin.Rule) bool { return r.Severity != signin.SeverityTest }) {
		fail("Severities %v leave no rule to define: list at least one severity this notifier can see", props.Severities)
	}
	p.rules = rules
	if p.RateLimitPerSecond == nil {
		p.RateLimitPerSecond = jsii.Number(p.dest.kind.DefaultRateLimit())
	}
	if p.RetryAttempts == nil {
		p.RetryAttempts = jsii.Number(signin.DefaultRetryAttempts)
	}
	if p.MaxEventAge == nil {
		p.MaxEventAge = awscdk.Duration_Seconds(jsii.Number(signin.DefaultMaxEventAgeSeconds))
	}
	if err := signin.ValidateDelivery(*p.RateLimitPerSecond, *p.RetryAttempts, *p.MaxEventAge.ToSeconds(nil)); err != nil {
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
			ID: r.ID, Severity: r.Severity, Group: r.Group, State: r.State, Description: r.Description,
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

// DeadLetterQueue returns the queue that receives undeliverable events.
func (n *SigninNotifier) DeadLetterQueue() awssqs.IQueue { return n.dlq }

// Alarm returns the alarm that fires on each new event in the dead-letter
// queue (see DeadLetters).
func (n *SigninNotifier) Alarm() awscloudwatch.Alarm { return n.alarm }

func burstOf(b *Burst) Burst {
	if b == nil {
		return Burst{}
	}
	return *b
}

// DeadLetters returns the notifier's failure handling.
func (n *SigninNotifier) DeadLetters() *DeadLetters { return n.deadLetters }
