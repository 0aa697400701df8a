package constructs

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/stacks"
)

// Topology says how the regions of a SigninDeployment cooperate.
type Topology string

// The topologies.
const (
	// TopologyHub: every region forwards its events to one signin-notifier
	// bus in the home region, where one notifier per destination posts
	// them: one connection, one rate limit, one place for the secrets.
	TopologyHub Topology = "hub"
	// TopologyDirect: every region has notifiers of its own.
	TopologyDirect Topology = "direct"
)

// SigninOrganization extends the hub to every account of an AWS
// Organization: service-managed StackSets put the forwarders in every
// member account of the OUs, and the hub bus admits the organization.
//
// Required: OrganizationId, OrganizationalUnitIds.
type SigninOrganization struct {
	// OrganizationId (o-...) is the only organization whose principals may
	// put events on the hub bus. Required.
	OrganizationId *string
	// OrganizationalUnitIds are the OU ids (ou-...) or the root id (r-...)
	// whose accounts get the forwarders, including accounts added later.
	// Required.
	OrganizationalUnitIds []string
	// CallAs is CallAsDelegatedAdmin when the hub account is a registered
	// delegated administrator of StackSets, CallAsSelf when it is the
	// management account.
	// Default: CallAsDelegatedAdmin.
	CallAs *string
}

// SigninDeploymentProps configures a SigninDeployment.
//
// Required: Regions, Routes.
type SigninDeploymentProps struct {
	// Regions each get a stack with the region's forwarders; a console
	// sign-in is recorded in the region of the sign-in endpoint, so list
	// every region someone may sign in to. DefaultRegions() lists those of
	// the aws partition that need no opt-in. Required.
	Regions []string
	// HomeRegion holds the hub: the signin-notifier bus, the notifiers, the
	// alarm topic. One of Regions.
	// Default: "us-east-1".
	HomeRegion *string
	// Topology says how the regions cooperate.
	// Default: TopologyHub.
	Topology Topology
	// Routes say which notifications go to which destination: at least one
	// route, at most one per destination kind.
	// Required.
	Routes []*Route
	// AccountName is a display name shown next to the account id in every
	// message, at most 64 characters, no < or >.
	// Default: - only the account id.
	AccountName *string
	// IgnorePrincipals quiets these principals' sign-ins: exact ARNs or
	// wildcards (* matches any characters), applied once, by each region's
	// forwarder. Root credential changes, AssumeRoot, anomaly alerts and
	// tampering are never quieted.
	// Default: - none.
	IgnorePrincipals []string
	// IgnoreSourceIps quiets events from these IPv4/IPv6 CIDR ranges, for
	// the severities of IgnoreSourceIpsFor.
	// Default: - none.
	IgnoreSourceIps []string
	// IgnoreSourceIpsFor are the severities IgnoreSourceIps apply to.
	// Default: - SeveritySignIn and SeverityNoMFA.
	IgnoreSourceIpsFor []Severity
	// Accounts limits notifications to events of these 12-digit account ids.
	// Default: - every account whose events reach the hub.
	Accounts []string
	// BreakGlassRoles are IAM roles whose every assumption is reported once
	// at SeverityBreakGlass, however it happens (AWS CLI or SDK through any
	// STS endpoint, role chaining, SAML or web identity federation, an AWS
	// service, a console switch role), and every refused attempt: role
	// names, matched exactly in every account the deployment sees (each
	// member account with an Organization), or role ARNs as IAM shows them.
	// At most 20. Each region's forwarder carries only these roles'
	// assumptions; each destination routed SeverityBreakGlass gets a
	// notifier stack SigninNotifier-<region>-<kind>-breakglass. Never
	// quieted by IgnorePrincipals.
	// Default: - none.
	BreakGlassRoles []string
	// HeartbeatPeriod is how often every deployed account-region (each
	// regional stack, and each member account's StackSet spoke) puts a
	// heartbeat on its default bus, which its forwarder carries to the
	// signin-notifier bus; the hub alarms (HeartbeatAlarmName, on the alarm
	// topic) when a region has been quiet for two periods. Whole minutes,
	// 15 minutes to 12 hours.
	// Default: 1 hour.
	HeartbeatPeriod awscdk.Duration
	// NoHeartbeat turns the heartbeat off: the spoke regions then forward
	// their dead-letter alarms to the home region instead ($0.10 a month
	// each), which a broken forward path also stops.
	// Default: false.
	NoHeartbeat *bool
	// FailedSignInBurst adds the failed sign-in burst alarm to every
	// signin-notifier bus, reported by every destination routed
	// SeverityFailure.
	// Default: - no burst alarm.
	FailedSignInBurst *Burst
	// AlarmEmail is subscribed to the alarm topic (DefaultAlarmTopicName)
	// the deployment defines in the home region (every region with
	// TopologyDirect), which is told of every event that could not be
	// delivered. SNS mails a confirmation link first. Conflicts with
	// AlarmTopicArn.
	// Default: - nobody (synth warns).
	AlarmEmail *string
	// AlarmTopicArn is an SNS topic of yours in the home region, instead of
	// the one the deployment defines. It must let cloudwatch.amazonaws.com
	// and events.amazonaws.com publish (and use its KMS key).
	// Default: - the deployment's own topic.
	AlarmTopicArn *string
	// Organization extends the hub to every account of an AWS Organization
	// (TopologyHub only; Account is then the hub account and required).
	// Default: - this account only.
	Organization *SigninOrganization
	// Account pins every stack to this account.
	// Default: - environment-agnostic: the account of the credentials at
	// deploy time.
	Account *string
}

// SigninDeployment defines every stack of a signin-notifier deployment
// under an App (or Stage), exactly as the signin-notifier app does: per
// region a stack with the region's forwarders (and, in the home region, the
// signin-notifier bus), per notifying region, destination and rule group one
// notifier stack (each template under the 51,200 bytes `cdk deploy` sends
// without a bootstrap bucket), the alarm topic, and with an Organization
// the StackSets of the member accounts; switch role recorded twice gives
// one message, spoke regions' alarms are forwarded to the home region, and
// stacks depend on the stacks whose bus or topic they use.
type SigninDeployment struct {
	stacks      []awscdk.Stack
	byID        map[string]awscdk.Stack
	hubs        []*SigninHub
	notifiers   []*SigninNotifier
	forwarders  []*SigninForwarder
	heartbeats  []*SigninHeartbeat
	alarmTopics []*AlarmTopic
	stackSets   []*SigninStackSet
}

// NewSigninDeployment defines a SigninDeployment's stacks in scope, the App
// (or a Stage): SigninNotifier-<region> per region,
// SigninNotifier-<region>-<kind> and SigninNotifier-<region>-<kind>-security
// per notifier, SigninNotifier-<region>-alarms per alarm topic and, with an
// Organization, SigninNotifier-organization. The deployment itself is not a
// construct: its stacks are the App's. It panics with the one line
// CheckSigninDeployment returns on misuse, before any stack exists.
func NewSigninDeployment(scope cx.Construct, props *SigninDeploymentProps) *SigninDeployment {
	rows, err := planDeployment(props)
	if err != nil {
		panic("SigninDeployment: " + err.Error())
	}
	d := &SigninDeployment{byID: map[string]awscdk.Stack{}}
	for _, row := range rows {
		env := &awscdk.Environment{Region: jsii.String(row.Region)}
		if props.Account != nil {
			env.Account = props.Account
		}
		stack := d.record(defineStack(scope, row, env, props))
		if len(row.StackSets) > 0 {
			d.defineStackSets(scope, stack, row.StackSets, props)
		}
		if al := row.Alarms; al != nil && al.TopicARN == "" && al.Email == "" {
			awscdk.Annotations_Of(stack).AddWarningV2(jsii.String("signin-notifier:alarm-topic-without-subscriber"),
				jsii.String("nobody is subscribed to the alarm topic "+DefaultAlarmTopicName+" in "+row.Region+", so an undeliverable sign-in notification tells nobody: set alarmEmail (or alarmTopicArn), or subscribe someone to the topic"), nil)
		}
	}
	for _, row := range rows {
		for _, dep := range row.DependsOn {
			d.byID[row.ID].AddStackDependency(d.byID[dep], jsii.String("the signin-notifier bus and alarm topic must exist before forwarders and notifiers use them"))
		}
	}
	return d
}

// CheckSigninDeployment returns the one-line error NewSigninDeployment
// would panic with, or nil: an app can report bad settings without a stack
// trace.
func CheckSigninDeployment(props *SigninDeploymentProps) error {
	_, err := planDeployment(props)
	return err
}

// DefaultRegions returns the regions of the aws partition that need no
// opt-in, as aws-cdk-go's region-info knows them (17 in aws-cdk-go 2.276).
func DefaultRegions() []string {
	var out []string
	for _, r := range *regioninfo.RegionInfo_Regions() {
		if *r.Partition() == "aws" && !*r.IsOptInRegion() {
			out = append(out, *r.Name())
		}
	}
	return out
}

// planDeployment checks props and returns the plan: every stack, decided by
// the jsii-free planner internal/core/plan.
func planDeployment(props *SigninDeploymentProps) ([]plan.StackPlan, error) {
	s, err := settingsOf(props)
	if err != nil {
		return nil, err
	}
	return plan.Plan(s)
}

// settingsOf converts the props into the planner's settings, checking every
// literal value.
func settingsOf(p *SigninDeploymentProps) (plan.Settings, error) {
	var s plan.Settings
	if p == nil || len(p.Regions) == 0 {
		return s, errors.New("Regions is required: list the regions to deploy to, e.g. DefaultRegions()")
	}
	if len(p.Routes) == 0 {
		return s, errors.New("Routes is required: pass at least one, e.g. &Route{Destination: SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String(\"signin-notifier/slack-webhook-url\"), nil))}")
	}
	catalog := map[string]regioninfo.RegionInfo{}
	for _, r := range *regioninfo.RegionInfo_Regions() {
		catalog[*r.Name()] = r
	}
	for i, region := range p.Regions {
		r, ok := catalog[region]
		switch {
		case !ok || *r.Partition() != "aws":
			return s, fmt.Errorf("Regions names %q, which is no region of the aws partition: use e.g. us-east-1", region)
		case slices.Contains(p.Regions[:i], region):
			return s, fmt.Errorf("Regions lists %q twice: list each region once", region)
		case *r.IsOptInRegion():
			s.OptInRegions = append(s.OptInRegions, region)
		}
	}
	s.Regions = slices.Clone(p.Regions)
	s.HomeRegion = plan.SwitchRecordRegion
	if p.HomeRegion != nil {
		s.HomeRegion = *p.HomeRegion
	}
	switch p.Topology {
	case "", TopologyHub:
		if !slices.Contains(s.Regions, s.HomeRegion) {
			return s, fmt.Errorf("HomeRegion %q is not among Regions (%s): add it to Regions or pick one of them", s.HomeRegion, strings.Join(s.Regions, ","))
		}
	case TopologyDirect:
		s.Direct = true
	default:
		return s, fmt.Errorf("Topology %q is not a topology: use TopologyHub or TopologyDirect", p.Topology)
	}
	for i, r := range p.Routes {
		if r == nil || r.Destination == nil {
			return s, fmt.Errorf("Routes[%d] has no Destination: build one with SlackWebhook, SlackApp, TeamsWorkflow, DiscordWebhook or Webhook", i)
		}
		k := r.Destination.kind
		for _, other := range s.Destinations {
			if other.Kind == signin.Kind(k) {
				return s, fmt.Errorf("Routes has two %s destinations: route each destination kind once (list several severities in its Severities)", k)
			}
		}
		s.Destinations = append(s.Destinations, plan.Destination{Kind: signin.Kind(k), Channel: r.Destination.channel, Severities: severities(r.Severities)})
	}
	if p.AccountName != nil {
		s.AccountName = *p.AccountName
	}
	for _, list := range []struct {
		name   string
		values []string
	}{{"IgnorePrincipals", p.IgnorePrincipals}, {"IgnoreSourceIps", p.IgnoreSourceIps}, {"Accounts", p.Accounts}, {"BreakGlassRoles", p.BreakGlassRoles}} {
		for _, v := range list.values {
			if *awscdk.Token_IsUnresolved(jsii.String(v)) {
				return s, fmt.Errorf("%s holds a token (%s): use literal values, which the rules' event patterns are built from at synth", list.name, v)
			}
		}
	}
	s.Filters = signin.Filters{IgnorePrincipals: p.IgnorePrincipals, IgnoreSourceIPs: p.IgnoreSourceIps, IgnoreSourceIPsFor: severities(p.IgnoreSourceIpsFor), Accounts: p.Accounts}
	if err := s.Filters.Validate(); err != nil {
		return s, err
	}
	s.BreakGlassRoles = slices.Clone(p.BreakGlassRoles)
	var err error
	if s.Burst, err = coreBurst(p.FailedSignInBurst); err != nil {
		return s, fmt.Errorf("FailedSignInBurst %v", err)
	}
	if p.NoHeartbeat == nil || !*p.NoHeartbeat {
		if s.HeartbeatMinutes, err = heartbeatMinutes(p.HeartbeatPeriod); err != nil {
			return s, fmt.Errorf("HeartbeatPeriod %v: use e.g. awscdk.Duration_Hours(jsii.Number(1)), or NoHeartbeat", err)
		}
	} else if p.HeartbeatPeriod != nil {
		return s, errors.New("HeartbeatPeriod and NoHeartbeat are both set: set one")
	}
	if p.AlarmEmail != nil && p.AlarmTopicArn != nil {
		return s, errors.New("AlarmEmail and AlarmTopicArn are both set: set AlarmEmail to let the deployment define the topic, or subscribe the address to your topic and set only AlarmTopicArn")
	}
	if literal(p.AlarmEmail) {
		if err := signin.ValidateEmail(*p.AlarmEmail); err != nil {
			return s, fmt.Errorf("AlarmEmail %q %v: use e.g. security@example.com", *p.AlarmEmail, err)
		}
	}
	if p.AlarmEmail != nil {
		s.AlarmEmail = *p.AlarmEmail
	}
	if p.AlarmTopicArn != nil {
		s.AlarmTopicARN = *p.AlarmTopicArn
	}
	if literal(p.AlarmTopicArn) {
		t, err := plan.ParseTopicARN(s.AlarmTopicARN)
		if err != nil {
			return s, fmt.Errorf("AlarmTopicArn %q %v: use arn:aws:sns:REGION:ACCOUNT:NAME of a standard topic, or AlarmEmail", s.AlarmTopicARN, err)
		}
		for _, r := range s.AlarmRegions() {
			if r != t.Region {
				return s, fmt.Errorf("AlarmTopicArn %q is in %s but the alarms in %s publish to it, and an alarm can only publish to a topic in its own region: use a topic in %s, or AlarmEmail", s.AlarmTopicARN, t.Region, r, strings.Join(s.AlarmRegions(), ","))
			}
		}
	}
	if literal(p.Account) {
		s.Account = *p.Account
	}
	if o := p.Organization; o != nil {
		org, err := organizationOf(o, p.Account, s.Direct)
		if err != nil {
			return s, err
		}
		s.Organization = org
	}
	return s, nil
}

// organizationOf checks the organization props; hub is the hub account.
func organizationOf(o *SigninOrganization, hub *string, direct bool) (*plan.Organization, error) {
	switch {
	case direct:
		return nil, errors.New("Organization needs TopologyHub: the member accounts forward to one hub")
	case o.OrganizationId == nil:
		return nil, errors.New("Organization.OrganizationId is required: pass your organization id, o-... (aws organizations describe-organization)")
	case !plan.ValidOrganizationID(*o.OrganizationId):
		return nil, fmt.Errorf("Organization.OrganizationId %q is not an organization id: use o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5", *o.OrganizationId)
	case len(o.OrganizationalUnitIds) == 0:
		return nil, errors.New("Organization.OrganizationalUnitIds is required: pass OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx, every account)")
	case hub == nil || !plan.ValidAccountID(*hub):
		return nil, errors.New("Account is required with Organization, as the 12-digit id of the hub account: the member accounts' forwarders address the hub bus by its full ARN")
	}
	org := &plan.Organization{ID: *o.OrganizationId, HubAccount: *hub, CallAs: plan.CallAsDelegatedAdmin}
	for i, u := range o.OrganizationalUnitIds {
		switch {
		case !plan.ValidUnitID(u):
			return nil, fmt.Errorf("Organization.OrganizationalUnitIds names %q, which is neither an OU id nor a root id: use ou-xxxx-xxxxxxxx or r-xxxx", u)
		case slices.Contains(o.OrganizationalUnitIds[:i], u):
			return nil, fmt.Errorf("Organization.OrganizationalUnitIds lists %q twice: list each OU once", u)
		}
		org.Units = append(org.Units, u)
	}
	if o.CallAs != nil {
		switch *o.CallAs {
		case plan.CallAsDelegatedAdmin, plan.CallAsSelf:
			org.CallAs = *o.CallAs
		default:
			return nil, fmt.Errorf("Organization.CallAs %q must be %s (the hub account is a delegated administrator of StackSets) or %s (it is the management account)", *o.CallAs, plan.CallAsDelegatedAdmin, plan.CallAsSelf)
		}
	}
	return org, nil
}

// built is what one plan row defined.
type built struct {
	id         string
	stack      awscdk.Stack
	hub        *SigninHub
	notifier   *SigninNotifier
	forwarder  *SigninForwarder
	heartbeat  *SigninHeartbeat
	alarmTopic *AlarmTopic
}

// record keeps what a row defined and returns its stack.
func (d *SigninDeployment) record(b built) awscdk.Stack {
	d.stacks = append(d.stacks, b.stack)
	d.byID[b.id] = b.stack
	if b.hub != nil {
		d.hubs = append(d.hubs, b.hub)
	}
	if b.notifier != nil {
		d.notifiers = append(d.notifiers, b.notifier)
	}
	if b.forwarder != nil {
		d.forwarders = append(d.forwarders, b.forwarder)
	}
	if b.heartbeat != nil {
		d.heartbeats = append(d.heartbeats, b.heartbeat)
	}
	if b.alarmTopic != nil {
		d.alarmTopics = append(d.alarmTopics, b.alarmTopic)
	}
	return b.stack
}

// defineStack defines the stack of one plan row under scope, env pinning
// it (nil for a StackSet's environment-agnostic spoke).
func defineStack(scope cx.Construct, row plan.StackPlan, env *awscdk.Environment, props *SigninDeploymentProps) built {
	stack := stacks.NewSigninStack(scope, jsii.String(row.ID), &stacks.SigninStackProps{StackProps: awscdk.StackProps{Description: jsii.String(row.Description), Env: env}})
	b := built{id: row.ID, stack: stack}
	var dl *DeadLetters
	b.alarmTopic, dl = defineAlarms(stack, row)
	var bus awsevents.IEventBus
	switch {
	case row.Bus != "":
		hp := &SigninHubProps{EventBusName: jsii.String(row.Bus), FailedSignInBurst: publicBurst(row.Burst), DeadLetters: dl}
		if row.BusOrganization != "" {
			hp.OrganizationId = jsii.String(row.BusOrganization)
		}
		if w := row.HeartbeatWatch; w != nil {
			hp.Heartbeat = &HeartbeatWatch{
				Period:     awscdk.Duration_Minutes(jsii.Number(float64(w.PeriodMinutes))),
				Senders:    jsii.Number(float64(w.Senders)),
				Members:    jsii.Bool(w.Members),
				AlarmTopic: dl.AlarmTopic(),
			}
		}
		b.hub = NewSigninHub(stack, jsii.String("Hub"), hp)
		bus = b.hub.EventBus()
	case row.Notifier != nil:
		bus = awsevents.EventBus_FromEventBusName(stack, jsii.String("NotifierEventBus"), jsii.String(row.Notifier.Bus))
	case row.Forward != nil:
		var account *string
		if row.Forward.ToAccount != "" {
			account = jsii.String(row.Forward.ToAccount)
		}
		bus = awsevents.EventBus_FromEventBusArn(stack, jsii.String("HubEventBus"), stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("events"),
			Account:      account,
			Region:       jsii.String(row.Forward.ToRegion),
			Resource:     jsii.String("event-bus"),
			ResourceName: jsii.String(row.Forward.ToBus),
			ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		}))
	}
	if n := row.Notifier; n != nil {
		route := props.Routes[n.DestinationIndex]
		var accountName *string
		if props.AccountName != nil && *props.AccountName != "" {
			accountName = props.AccountName
		}
		b.notifier = NewSigninNotifier(stack, jsii.String("Notifier"), &SigninNotifierProps{
			Destination:         route.Destination,
			Severities:          route.Severities,
			Group:               Group(n.Group),
			EventBus:            bus,
			AccountName:         accountName,
			IncludeSwitchEvents: jsii.Bool(n.IncludeSwitch),
			IncludeTestRule:     jsii.Bool(n.IncludeTest),
			FailedSignInBurst:   publicBurst(n.Burst),
			IgnoreSourceIps:     props.IgnoreSourceIps,
			IgnoreSourceIpsFor:  props.IgnoreSourceIpsFor,
			Accounts:            props.Accounts,
			BreakGlassRoles:     props.BreakGlassRoles,
			DeadLetters:         dl,
		})
	}
	if f := row.Forward; f != nil {
		b.forwarder = NewSigninForwarder(stack, jsii.String("Forwarder"), &SigninForwarderProps{
			HubEventBus:         bus,
			IncludeSwitchEvents: jsii.Bool(f.Options.IncludeSwitch),
			IgnorePrincipals:    f.Options.IgnorePrincipals,
			WatchBusNames:       []string{f.ToBus},
			WatchNamePrefixes:   f.Watch.NamePrefixes,
			WatchRuleName:       jsii.String(f.Options.WatchRuleName),
			BreakGlassRoles:     f.Options.BreakGlassRoles,
			DeadLetters:         dl,
		})
		if f.HeartbeatMinutes > 0 {
			b.heartbeat = NewSigninHeartbeat(stack, jsii.String("Heartbeat"), &SigninHeartbeatProps{
				Period: awscdk.Duration_Minutes(jsii.Number(float64(f.HeartbeatMinutes))),
				Sender: HeartbeatSender(f.HeartbeatSender),
			})
		}
	}
	return b
}

// defineAlarms defines a region's alarm topic (when the row defines it)
// and publisher (an alarms row), and the DeadLetters the row's notifier and
// forwarder share, with the alarm route the plan gives it (nil when the row
// has neither).
func defineAlarms(stack awscdk.Stack, row plan.StackPlan) (*AlarmTopic, *DeadLetters) {
	var defined *AlarmTopic
	if a := row.Alarms; a != nil {
		var topic awssns.ITopic
		if a.TopicARN != "" {
			topic = awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), jsii.String(a.TopicARN))
		} else {
			tp := &AlarmTopicProps{TopicName: jsii.String(DefaultAlarmTopicName)}
			if a.Email != "" {
				tp.Email = jsii.String(a.Email)
			}
			defined = NewAlarmTopic(stack, jsii.String("AlarmTopic"), tp)
			topic = defined.Topic()
		}
		if a.PublishForwarded {
			NewAlarmPublisher(stack, jsii.String("AlarmPublisher"), &AlarmPublisherProps{Topic: topic})
		}
	}
	if row.Forward == nil && row.Notifier == nil {
		return defined, nil // no rule of the stack would use DeadLetters
	}
	var route *AlarmRoute
	switch r := row.AlarmRoute; {
	case r == nil:
	case r.None:
		route = NoAlarm()
	case r.ForwardToRegion != "":
		route = AlarmToEventBus(awsevents.EventBus_FromEventBusArn(stack, jsii.String("AlarmEventBus"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("events"), Region: jsii.String(r.ForwardToRegion), Resource: jsii.String("event-bus"),
			ResourceName: jsii.String("default"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})))
	case r.TopicARN != "":
		route = AlarmToTopic(awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), jsii.String(r.TopicARN)))
	default:
		route = AlarmToTopic(awssns.Topic_FromTopicArn(stack, jsii.String("AlarmTopicImport"), stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("sns"), Resource: jsii.String(DefaultAlarmTopicName),
		})))
	}
	return defined, NewDeadLetters(stack, jsii.String("DeadLetters"), &DeadLettersProps{Alarm: route})
}

// defineStackSets defines the organization's StackSets in stack. Their
// spokes are the same forwarder stacks, synthesized environment-agnostic in
// an app of their own with the context (feature flags) of scope's app but
// without version reporting.
func (d *SigninDeployment) defineStackSets(scope cx.Construct, stack awscdk.Stack, sets []plan.StackSetPlan, props *SigninDeploymentProps) {
	dir, err := os.MkdirTemp("", "signin-notifier-spoke-")
	if err != nil {
		panic(fmt.Sprintf("SigninDeployment: cannot synthesize the StackSets' spoke template: %v", err))
	}
	defer os.RemoveAll(dir)
	values := map[string]any{}
	if all, ok := scope.Node().GetAllContext(nil).(map[string]any); ok {
		for k, v := range all {
			values[k] = v
		}
	}
	values["aws:cdk:version-reporting"] = false
	spokeApp := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &values, AnalyticsReporting: jsii.Bool(false)})
	spokes := map[string]awscdk.Stack{}
	for _, set := range sets {
		spokes[set.Name] = defineStack(spokeApp, set.Spoke, nil, props).stack
	}
	for _, set := range sets {
		ss := &SigninStackSetProps{
			StackSetName:          jsii.String(set.Name),
			Description:           jsii.String(set.Description),
			Spoke:                 spokes[set.Name],
			OrganizationalUnitIds: set.Units,
			Regions:               set.Regions,
			ExcludeAccounts:       set.ExcludeAccounts,
			CallAs:                jsii.String(set.CallAs),
		}
		if set.OptIn {
			ss.FailureTolerancePercentage = jsii.Number(100)
		}
		d.stackSets = append(d.stackSets, NewSigninStackSet(stack, jsii.String(set.Name), ss))
	}
}

// Stacks returns every stack of the deployment, in plan order.
func (d *SigninDeployment) Stacks() []awscdk.Stack { return slices.Clone(d.stacks) }

// Stack returns the deployment's stack named id, or nil.
func (d *SigninDeployment) Stack(id string) awscdk.Stack { return d.byID[id] }

// Hubs returns the signin-notifier buses: one in the home region, or one
// per region with TopologyDirect.
func (d *SigninDeployment) Hubs() []*SigninHub { return slices.Clone(d.hubs) }

// Notifiers returns every notifier, in plan order.
func (d *SigninDeployment) Notifiers() []*SigninNotifier { return slices.Clone(d.notifiers) }

// Forwarders returns every region's forwarder (not the StackSets' spokes).
func (d *SigninDeployment) Forwarders() []*SigninForwarder { return slices.Clone(d.forwarders) }

// Heartbeats returns every regional stack's heartbeat (not the StackSets'
// spokes'); none with NoHeartbeat.
func (d *SigninDeployment) Heartbeats() []*SigninHeartbeat { return slices.Clone(d.heartbeats) }

// AlarmTopics returns the alarm topics the deployment defines.
func (d *SigninDeployment) AlarmTopics() []*AlarmTopic { return slices.Clone(d.alarmTopics) }

// StackSets returns the StackSets of an Organization.
func (d *SigninDeployment) StackSets() []*SigninStackSet { return slices.Clone(d.stackSets) }
