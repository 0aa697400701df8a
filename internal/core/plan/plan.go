package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Settings is everything the plan depends on: what a deployment of
// signin-notifier is, free of CDK types. The app fills it from the CDK
// context, the public composition (constructs.NewSigninDeployment) from its
// props.
type Settings struct {
	// Regions to deploy to, without duplicates; at least one.
	Regions []string
	// HomeRegion holds the hub (unless Direct); one of Regions then.
	HomeRegion string
	// Direct gives every region a notifier of its own instead of one hub.
	Direct bool
	// Destinations, at most one per kind; at least one.
	Destinations []Destination
	// AccountName is the display name shown next to the account id.
	AccountName string
	// Filters keep known-good activity quiet.
	Filters signin.Filters
	// BreakGlassRoles are the roles whose every assumption notifies at
	// severity break-glass (role names, matched in every account, or role
	// ARNs): each region's forwarder carries their assumptions, and every
	// destination routed break-glass gets notifiers of groups breakglass
	// and breakglass-switch.
	BreakGlassRoles []string
	// Burst is the failed sign-in burst alarm; zero when off.
	Burst signin.Burst
	// AlarmEmail is subscribed to the alarm topic the plan defines.
	AlarmEmail string
	// AlarmTopicARN is the user's topic for the alarms, in the alarm region,
	// instead of one the plan defines.
	AlarmTopicARN string
	// OptInRegions are the regions of Regions that are opt-in regions.
	OptInRegions []string
	// Organization, when set, makes the hub serve every account of an AWS
	// Organization (not with Direct).
	Organization *Organization
	// Account is the account the stacks deploy to, when known ("" when
	// not): without an Organization every event the notifiers see is this
	// account's.
	Account string
	// HeartbeatMinutes is the period of the heartbeat every deployed
	// account-region sends through its forwarder to the signin-notifier bus;
	// 0 turns it off (and gives the spoke regions their dead-letter alarms
	// back). See heartbeat.go.
	HeartbeatMinutes int
	// Names are the names of the settings, as the caller spells them, for
	// the errors that tell which one to change.
	Names Names
}

// Destination is one destination of the deployment: its kind (one
// notifier per kind), the Slack channel of a Slack app, and the severities
// routed to it (nil for all).
type Destination struct {
	Kind       signin.Kind
	Channel    string
	Severities []signin.Severity
}

// Organization says which accounts of an AWS Organization forward to the
// hub, and how the StackSets that put the forwarders there are managed.
type Organization struct {
	// ID is the organization id (o-...), admitted by the hub bus policy.
	ID string
	// Units are the OU ids (ou-...) or the root id (r-...) the StackSets
	// target; accounts added to them later get the forwarders too.
	Units []string
	// HubAccount is the account that holds the hub (and deploys the app).
	HubAccount string
	// CallAs is CallAsDelegatedAdmin or CallAsSelf.
	CallAs string
}

// StackSet call-as values (AWS::CloudFormation::StackSet CallAs).
const (
	CallAsDelegatedAdmin = "DELEGATED_ADMIN"
	CallAsSelf           = "SELF"
)

// Names are the names of the settings the plan's errors tell the user to
// change; empty ones default to the props of constructs.SigninDeployment.
type Names struct {
	IgnorePrincipals, IgnoreSourceIPs, Routes, AccountName, Accounts, Heartbeat, BreakGlassRoles string
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (n Names) ignorePrincipals() string { return or(n.IgnorePrincipals, "IgnorePrincipals") }
func (n Names) ignoreSourceIPs() string  { return or(n.IgnoreSourceIPs, "IgnoreSourceIps") }
func (n Names) routes() string           { return or(n.Routes, "Routes") }
func (n Names) accountName() string      { return or(n.AccountName, "AccountName") }
func (n Names) accounts() string         { return or(n.Accounts, "Accounts") }
func (n Names) heartbeat() string        { return or(n.Heartbeat, "HeartbeatPeriod") }
func (n Names) breakGlassRoles() string  { return or(n.BreakGlassRoles, "BreakGlassRoles") }

// NotifierRegions returns the regions whose stacks hold a notifier: the
// home region, or every region when Direct.
func (c Settings) NotifierRegions() []string {
	if c.Direct {
		return slices.Clone(c.Regions)
	}
	return []string{c.HomeRegion}
}

// SwitchEventsIn reports whether the stack in region should handle SwitchRole
// and ExitRole records. The console records them in us-east-1 and again in the
// working region, so when us-east-1 is deployed only its records are used:
// one user action, one message.
func (c Settings) SwitchEventsIn(region string) bool {
	return region == SwitchRecordRegion || !slices.Contains(c.Regions, SwitchRecordRegion)
}

// SwitchRecordRegion is where the console always records SwitchRole and
// ExitRole.
const SwitchRecordRegion = "us-east-1"

// AlarmRegions returns the regions whose dead-letter alarms publish to an
// SNS topic directly: the notifier regions. The other regions forward their
// alarms to the home region.
func (c Settings) AlarmRegions() []string { return c.NotifierRegions() }

// BusName is the name of signin-notifier's own event bus: the hub in the
// home region (topology hub), or each region's own bus (topology direct).
// Event bus names are regional, so one fixed name is safe.
const BusName = "signin-notifier-hub"

// StackPlan is one stack of the deployment, decided without CDK: the app
// turns each row into constructs.
type StackPlan struct {
	// ID is the stack id and CloudFormation stack name.
	ID          string
	Region      string
	Description string
	// Bus, when set, is the name of the signin-notifier bus this stack
	// defines.
	Bus string
	// Burst, when on, adds the failed sign-in burst alarm beside the bus
	// (a counting rule, a queue that only counts, an alarm).
	Burst signin.Burst
	// BusOrganization, when set with Bus, is the organization whose
	// principals the bus policy admits to put events on the bus.
	BusOrganization string
	// Forward, when set, defines the forwarders of the region's default bus.
	Forward *ForwardPlan
	// Notifier, when set, defines one notifier of one destination.
	Notifier *NotifierPlan
	// Alarms, when set, makes this the region's alarms stack: the SNS topic
	// dead-letter alarms publish to, and the publisher of the alarms other
	// regions forward.
	Alarms *AlarmsPlan
	// AlarmRoute says where the dead-letter alarm of this stack's rules goes.
	AlarmRoute *AlarmRoute
	// HeartbeatWatch, when set with Bus, counts the heartbeats that reach
	// the bus and alarms when fewer arrive than expected.
	HeartbeatWatch *HeartbeatWatchPlan
	// StackSets, when set, are the service-managed StackSets that put the
	// forwarders in the member accounts (topology organization).
	StackSets []StackSetPlan
	// DependsOn are stacks that must be deployed first.
	DependsOn []string
}

// AlarmsPlan is a region's alarms stack.
type AlarmsPlan struct {
	// TopicARN is the user's topic (alarmTopicArn); "" to define ours.
	TopicARN string
	// Email is subscribed to the topic we define.
	Email string
	// PublishForwarded publishes the alarms spoke regions forward here.
	PublishForwarded bool
}

// AlarmRoute says where a stack's dead-letter alarm goes: the topic of its
// region (TopicARN, or ours when empty), or, for a spoke region without a
// topic, the default bus of ForwardToRegion.
type AlarmRoute struct {
	TopicARN        string
	ForwardToRegion string
	// None: the stack keeps its dead letters but has no alarm: a StackSet
	// spoke in a member account, which must cost nothing idle and has no
	// way to the hub account's topic (its dead letters stay in its queue),
	// and, with the heartbeat on, a spoke region of the hub topology, whose
	// broken path the hub's heartbeat alarm reports instead.
	None bool
}

// AlarmsStackID names the alarms stack of a region.
func AlarmsStackID(region string) string { return StackID(region) + "-alarms" }

// alarmRows returns the alarms stack of region (nil when it needs none) and
// the route of the region's other stacks' alarms.
func (c Settings) alarmRows(region string) (*StackPlan, *AlarmRoute) {
	if !slices.Contains(c.AlarmRegions(), region) {
		if c.HeartbeatMinutes > 0 {
			return nil, &AlarmRoute{None: true}
		}
		return nil, &AlarmRoute{ForwardToRegion: c.HomeRegion}
	}
	a := &AlarmsPlan{TopicARN: c.AlarmTopicARN, Email: c.AlarmEmail, PublishForwarded: !c.Direct && len(c.Regions) > 1 && c.HeartbeatMinutes == 0}
	route := &AlarmRoute{TopicARN: c.AlarmTopicARN}
	if a.TopicARN != "" && !a.PublishForwarded {
		return nil, route // the user's topic and nothing to publish: no stack
	}
	return &StackPlan{
		ID: AlarmsStackID(region), Region: region, Alarms: a,
		Description: "signin-notifier: the alarm topic of " + region + ", told of every event that could not be delivered",
	}, route
}

// StackSetPlan is one service-managed StackSet of the organization
// topology: the same spoke stack in every account of Units and every region
// of Regions.
type StackSetPlan struct {
	// Name is the StackSet name; CloudFormation names each instance's stack
	// StackSet-<Name>-<uuid>.
	Name        string
	Description string
	Regions     []string
	Units       []string
	// ExcludeAccounts are accounts of Units that get no instance: the hub
	// account, whose own regional stacks forward already.
	ExcludeAccounts []string
	CallAs          string
	// OptIn marks a set of opt-in regions, whose instances fail in accounts
	// that have not enabled the region: it tolerates every failure.
	OptIn bool
	// Spoke is the stack each instance deploys: a forwarder row, built
	// exactly like a spoke region's row of the hub topology, that addresses
	// the hub bus by its full ARN. Its ID is the StackSet's name and its
	// Region is empty: the template is synthesized environment-agnostic and
	// deploys in any region.
	Spoke StackPlan
}

// ForwardsSwitch reports whether the set's spoke forwards SwitchRole and
// ExitRole records.
func (s StackSetPlan) ForwardsSwitch() bool { return s.Spoke.Forward.Options.IncludeSwitch }

// Names of the organization topology.
const (
	// OrganizationStackID names the stack that holds the StackSets, in the
	// home region of the hub account.
	OrganizationStackID = signin.DefaultNamePrefix + "organization"
	// SpokeSetName is the StackSet of the member accounts' default regions
	// (other than us-east-1, when us-east-1 has a set of its own).
	SpokeSetName = signin.DefaultNamePrefix + "spokes"
	// MemberWatchRuleName names the tamper watch rule of the StackSets'
	// spokes. It differs from the hub account's own (signin.WatchRuleName):
	// automatic deployment puts a spoke in every account of the targeted
	// OUs, the hub account included when it is one of them, and rule names
	// are unique per bus.
	MemberWatchRuleName = "signin-notifier-watch-member"
	// StackSetStackPrefix starts the name CloudFormation gives every stack
	// instance of the app's StackSets, and so the generated names of their
	// rules, which the tamper watch recognizes by prefix.
	StackSetStackPrefix = "StackSet-" + signin.DefaultNamePrefix
)

// ForwardPlan says where a region's forwarders send its events.
type ForwardPlan struct {
	ToRegion, ToBus string
	// HeartbeatMinutes, when not 0, adds the schedule that puts a heartbeat
	// from HeartbeatSender on the region's default bus every so many minutes.
	HeartbeatMinutes int
	HeartbeatSender  signin.HeartbeatSender
	// ToAccount, when set, is the account of the bus: a member account's
	// spoke forwards to the hub account. Empty means the stack's account.
	ToAccount string
	Options   signin.ForwardOptions
	Watch     signin.WatchOptions
}

// NotifierPlan is one notifier: a destination, a rule group, and the bus
// its rules listen on.
type NotifierPlan struct {
	Destination Destination
	// DestinationIndex is the destination's index in Settings.Destinations.
	DestinationIndex int
	Group            signin.Group
	IncludeSwitch    bool
	// IncludeTest: this notifier renders the send-test message.
	IncludeTest bool
	Bus         string
	// Rules are the notifier's rules, compiled once here.
	Rules []signin.Rule
	// Burst is the burst alarm whose state change the notifier reports
	// (with FailedSignInBurst); zero when off.
	Burst signin.Burst
}

// StackID names the stack of a region; stable, because changing it creates
// a new CloudFormation stack.
func StackID(region string) string { return signin.DefaultNamePrefix + region }

// Plan returns every stack of the deployment: per region the stack with the
// forwarders (and, where notifiers run, the signin-notifier bus), and per
// notifying region, destination and rule group one notifier stack, so that
// every template stays under the 51,200 bytes CloudFormation accepts inline.
// Every rule is compiled and every EventBridge quota counted per bus; a
// configuration that cannot fit is an error naming the quota and the fix.
func Plan(c Settings) ([]StackPlan, error) {
	if a := c.Filters.Accounts; len(a) > 0 && c.Organization == nil && c.Account != "" && !slices.Contains(a, c.Account) {
		return nil, fmt.Errorf("%s=%q leaves out account %s, the account deployed to, whose events are the only ones its buses receive: nothing would ever be notified; add %s, or drop %s", c.Names.accounts(), strings.Join(a, ","), c.Account, c.Account, c.Names.accounts())
	}
	hub := !c.Direct
	if err := CheckHeartbeatMinutes(c.HeartbeatMinutes); err != nil {
		return nil, fmt.Errorf("%s of %d minutes %v", c.Names.heartbeat(), c.HeartbeatMinutes, err)
	}
	if err := c.checkBreakGlass(); err != nil {
		return nil, err
	}
	var out []StackPlan
	for _, region := range c.Regions {
		alarms, route := c.alarmRows(region)
		first := func(deps ...string) []string {
			if alarms != nil {
				deps = append([]string{alarms.ID}, deps...)
			}
			return deps
		}
		if alarms != nil {
			out = append(out, *alarms)
		}
		notifies := !hub || region == c.HomeRegion
		to := region
		if hub {
			to = c.HomeRegion
		}
		s := StackPlan{
			ID:         StackID(region),
			Region:     region,
			AlarmRoute: route,
			Forward: &ForwardPlan{ToRegion: to, ToBus: BusName, HeartbeatMinutes: c.HeartbeatMinutes, HeartbeatSender: signin.HeartbeatFromStack,
				Options: signin.ForwardOptions{IncludeSwitch: c.SwitchEventsIn(region), IgnorePrincipals: c.Filters.IgnorePrincipals, WatchRuleName: signin.WatchRuleName, BreakGlassRoles: c.BreakGlassRoles},
				Watch:   signin.WatchOptions{BusNames: []string{BusName}}},
		}
		switch {
		case !hub:
			s.Bus, s.Burst, s.HeartbeatWatch = BusName, c.Burst, c.heartbeatWatch(1)
			s.Description = "signin-notifier: console sign-in events of " + region + ", their bus and tamper watch"
		case region == c.HomeRegion:
			s.Bus, s.Burst, s.HeartbeatWatch = BusName, c.Burst, c.heartbeatWatch(len(c.Regions))
			s.Description = "signin-notifier: hub of console sign-in notifications, and the forwarders and tamper watch of " + region
			if c.Organization != nil {
				s.BusOrganization = c.Organization.ID
				s.Description = "signin-notifier: hub of console sign-in notifications of organization " + c.Organization.ID + ", and the forwarders and tamper watch of " + region
			}
		default:
			s.Description = "signin-notifier: forwards console sign-in events of " + region + " to the hub in " + c.HomeRegion
			s.DependsOn = []string{StackID(c.HomeRegion)}
		}
		s.DependsOn = first(s.DependsOn...)
		out = append(out, s)
		if !notifies {
			continue
		}
		includeSwitch := hub || c.SwitchEventsIn(region)
		for index, d := range c.Destinations {
			testGiven := false
			for _, g := range signin.Groups {
				// The send-test rule goes to the destination's first notifier.
				o := signin.Options{
					IncludeSwitch: includeSwitch, AccountName: c.AccountName, Kind: d.Kind, SlackChannel: d.Channel,
					Severities: d.Severities, Filters: c.Filters, Group: g, Burst: c.Burst, IncludeTest: !testGiven, BreakGlassRoles: c.BreakGlassRoles,
				}
				rules, err := signin.Rules(o)
				if err != nil {
					return nil, fmt.Errorf("%s/%s: %v", c.Names.ignoreSourceIPs(), c.Names.routes(), err)
				}
				if !slices.ContainsFunc(rules, func(r signin.Rule) bool { return r.Severity != signin.SeverityTest }) {
					continue // routed to no severity of this group
				}
				testGiven = true
				out = append(out, StackPlan{
					ID:          NotifierStackID(region, d.Kind, g),
					Region:      region,
					Description: fmt.Sprintf("signin-notifier: %s notifications to %s in %s", groupNoun(g), d.Kind, region),
					Notifier:    &NotifierPlan{Destination: d, DestinationIndex: index, Group: g, IncludeSwitch: includeSwitch, IncludeTest: o.IncludeTest, Bus: BusName, Rules: rules, Burst: c.Burst},
					AlarmRoute:  route,
					DependsOn:   first(StackID(region)),
				})
			}
		}
	}
	if c.Organization != nil {
		out = append(out, c.organizationPlan())
	}
	if err := checkQuotas(out, c.Names); err != nil {
		return nil, err
	}
	return out, nil
}

// organizationPlan is the row of the StackSets: one per kind of spoke
// template (us-east-1 forwards switch records when deployed, the other
// regions do not; a StackSet has one template) and one more for listed
// opt-in regions, which get a failure tolerance of their own.
func (c Settings) organizationPlan() StackPlan {
	o := c.Organization
	row := StackPlan{
		ID:          OrganizationStackID,
		Region:      c.HomeRegion,
		Description: "signin-notifier: StackSets that forward the console sign-in events of every account of organization " + o.ID + " to the hub in " + o.HubAccount + "/" + c.HomeRegion,
		DependsOn:   []string{StackID(c.HomeRegion)},
	}
	type kind struct{ switchRegion, optIn bool }
	index := map[kind]int{}
	for _, region := range c.Regions {
		k := kind{switchRegion: region == SwitchRecordRegion, optIn: slices.Contains(c.OptInRegions, region)}
		i, ok := index[k]
		if !ok {
			name, what := SpokeSetName, "the member accounts' regions"
			switch {
			case k.optIn:
				name, what = SpokeSetName+"-opt-in", "the member accounts' opt-in regions (instances fail where an account has not enabled the region)"
			case k.switchRegion:
				name, what = SpokeSetName+"-"+SwitchRecordRegion, "the member accounts' "+SwitchRecordRegion+" (with switch role records),"
			}
			i = len(row.StackSets)
			index[k] = i
			row.StackSets = append(row.StackSets, StackSetPlan{
				Name:            name,
				Description:     "signin-notifier: forwards console sign-in events of " + what + " to the hub in " + o.HubAccount + "/" + c.HomeRegion,
				Units:           slices.Clone(o.Units),
				ExcludeAccounts: []string{o.HubAccount},
				CallAs:          o.CallAs,
				OptIn:           k.optIn,
				Spoke: StackPlan{
					ID:          name,
					AlarmRoute:  &AlarmRoute{None: true},
					Description: "signin-notifier: forwards console sign-in events of this account and region to the hub in " + o.HubAccount + "/" + c.HomeRegion,
					Forward: &ForwardPlan{ToRegion: c.HomeRegion, ToBus: BusName, ToAccount: o.HubAccount,
						HeartbeatMinutes: c.HeartbeatMinutes, HeartbeatSender: signin.HeartbeatFromMember,
						Options: signin.ForwardOptions{IncludeSwitch: c.SwitchEventsIn(region), IgnorePrincipals: c.Filters.IgnorePrincipals, WatchRuleName: MemberWatchRuleName, BreakGlassRoles: c.BreakGlassRoles},
						Watch:   signin.WatchOptions{BusNames: []string{BusName}, NamePrefixes: []string{signin.DefaultNamePrefix, StackSetStackPrefix}}},
				},
			})
		}
		row.StackSets[i].Regions = append(row.StackSets[i].Regions, region)
	}
	return row
}

func groupNoun(g signin.Group) string {
	switch g {
	case signin.GroupSecurity:
		return "root, anomaly and tamper"
	case signin.GroupBreakGlass:
		return "break-glass role"
	case signin.GroupBreakGlassSwitch:
		return "break-glass console switch"
	}
	return "console sign-in"
}

// NotifierStackID names the stack of one notifier:
// SigninNotifier-<region>-<kind> for the sign-in rules,
// SigninNotifier-<region>-<kind>-security for the security rules,
// SigninNotifier-<region>-<kind>-breakglass for the break-glass rules of
// AWS STS records and SigninNotifier-<region>-<kind>-breakglass-switch for
// those of console switches.
func NotifierStackID(region string, kind signin.Kind, g signin.Group) string {
	id := StackID(region) + "-" + strings.ToLower(string(kind))
	if g != signin.GroupSignIn {
		id += "-" + string(g)
	}
	return id
}

// checkBreakGlass checks the break-glass roles, the forward rules they
// shape with the principal filter, and that no destination is routed
// break-glass alone without them (it would get nothing).
func (c Settings) checkBreakGlass() error {
	if err := signin.ValidateBreakGlassRoles(c.BreakGlassRoles); err != nil {
		return fmt.Errorf("%s: %v", c.Names.breakGlassRoles(), err)
	}
	for _, includeSwitch := range []bool{true, false} {
		if _, err := signin.BreakGlassForwardPatterns(signin.ForwardOptions{IncludeSwitch: includeSwitch, IgnorePrincipals: c.Filters.IgnorePrincipals, BreakGlassRoles: c.BreakGlassRoles}); err != nil {
			return fmt.Errorf("%s with %s: %v", c.Names.breakGlassRoles(), c.Names.ignorePrincipals(), err)
		}
	}
	if len(c.BreakGlassRoles) > 0 {
		return nil
	}
	for _, d := range c.Destinations {
		if len(d.Severities) > 0 && !slices.ContainsFunc(d.Severities, func(s signin.Severity) bool { return s != signin.SeverityBreakGlass }) {
			return fmt.Errorf("%s sends %s only %s, but %s lists no role, so it would get nothing: list the roles, or route it more severities", c.Names.routes(), d.Kind, signin.SeverityBreakGlass, c.Names.breakGlassRoles())
		}
	}
	return nil
}

// EventBridge quotas (EventBridge User Guide, "Amazon EventBridge quotas";
// API reference for InputTransformer). The wildcard quota cannot be raised
// and the default bus is shared with every other rule of the account, so
// signin-notifier keeps to a budget of a third of it on any bus.
const (
	QuotaRulesPerBus        = 300
	QuotaWildcardRules      = 30
	WildcardBudget          = 10
	QuotaTargetsPerRule     = 5
	QuotaInputPaths         = 100
	QuotaPatternLength      = eventbridge.MaxPatternLength
	QuotaInputTemplateChars = eventbridge.MaxInputLength
)

// BusCount is what signin-notifier puts on one event bus, across all
// stacks that share it.
type BusCount struct {
	Region, Bus      string
	Rules, Wildcards int
	// MaxTargets, MaxPattern, MaxTemplate and MaxPaths are the largest
	// figures of any one rule on the bus.
	MaxTargets, MaxPattern, MaxTemplate, MaxPaths int
}

// CountRules counts the rules of a plan per bus, the forwarders' on each
// region's default bus and the notifiers' on the signin-notifier bus.
func CountRules(plan []StackPlan) []BusCount {
	counts := map[[2]string]*BusCount{}
	add := func(region, bus string, pattern signin.Pattern, t *signin.Transformer) {
		k := [2]string{region, bus}
		c := counts[k]
		if c == nil {
			c = &BusCount{Region: region, Bus: bus}
			counts[k] = c
		}
		raw, _ := json.Marshal(pattern)
		c.Rules++
		if strings.Contains(string(raw), `"wildcard"`) {
			c.Wildcards++
		}
		c.MaxTargets = max(c.MaxTargets, 1)
		c.MaxPattern = max(c.MaxPattern, len([]rune(string(raw))))
		if t != nil {
			c.MaxTemplate = max(c.MaxTemplate, len([]rune(t.InputTemplate)))
			c.MaxPaths = max(c.MaxPaths, len(t.InputPathsMap))
		}
	}
	for _, s := range plan {
		if s.Bus != "" && s.Burst.On() {
			add(s.Region, s.Bus, signin.FailedSignInCountPattern(), nil)
		}
		if w := s.HeartbeatWatch; s.Bus != "" && w != nil {
			for _, p := range w.CountPatterns() {
				add(s.Region, s.Bus, p, nil)
			}
		}
		if f := s.Forward; f != nil {
			for _, p := range ForwardRules(*f) {
				add(s.Region, "default", p, nil)
			}
		}
		for _, set := range s.StackSets {
			for _, region := range set.Regions {
				for _, p := range ForwardRules(*set.Spoke.Forward) {
					add(region+" (member accounts)", "default", p, nil)
				}
			}
		}
		if n := s.Notifier; n != nil {
			for _, r := range n.Rules {
				add(s.Region, n.Bus, r.Pattern, &r.Transformer)
			}
		}
	}
	out := make([]BusCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Region != out[j].Region {
			return out[i].Region < out[j].Region
		}
		return out[i].Bus < out[j].Bus
	})
	return out
}

// ForwardRules returns the patterns of a region's default-bus rules: the
// sign-in forwarder, the alert forwarder, the tamper watch and, with
// break-glass roles, the break-glass forwarders (checked by Plan).
func ForwardRules(f ForwardPlan) []signin.Pattern {
	bg, _ := signin.BreakGlassForwardPatterns(f.Options)
	return append([]signin.Pattern{signin.SignInForwardPattern(f.Options), signin.AlertForwardPattern(f.Options), signin.WatchPattern(f.Watch)}, bg...)
}

// CheckQuotas fails with one line when any bus of the plan is over an
// EventBridge quota (or, for wildcard rules, over signin-notifier's budget).
func CheckQuotas(plan []StackPlan) error { return checkQuotas(plan, Names{}) }

func checkQuotas(plan []StackPlan, n Names) error {
	breakGlass := slices.ContainsFunc(plan, func(s StackPlan) bool {
		return s.Forward != nil && len(s.Forward.Options.BreakGlassRoles) > 0
	})
	for _, c := range CountRules(plan) {
		where := fmt.Sprintf("bus %s in %s", c.Bus, c.Region)
		switch {
		case c.Wildcards > WildcardBudget && breakGlass:
			return fmt.Errorf("%s would get %d rules with wildcards; EventBridge allows %d per bus and cannot raise it, and signin-notifier keeps to %d: route break-glass and switch-role to fewer destinations with %s, list role ARNs rather than names in %s, or list exact ARNs in %s instead of wildcards", where, c.Wildcards, QuotaWildcardRules, WildcardBudget, n.routes(), n.breakGlassRoles(), n.ignorePrincipals())
		case c.Wildcards > WildcardBudget:
			return fmt.Errorf("%s would get %d rules with wildcards; EventBridge allows %d per bus and cannot raise it, and signin-notifier keeps to %d: list exact ARNs in %s instead of wildcards", where, c.Wildcards, QuotaWildcardRules, WildcardBudget, n.ignorePrincipals())
		case c.Rules > QuotaRulesPerBus:
			return fmt.Errorf("%s would get %d rules, over EventBridge's %d per bus: configure fewer destinations, route fewer severities with %s, or ignore fewer source ranges", where, c.Rules, QuotaRulesPerBus, n.routes())
		case c.MaxPattern > QuotaPatternLength:
			return fmt.Errorf("%s would get an event pattern of %d characters, over EventBridge's %d: list fewer principals in %s", where, c.MaxPattern, QuotaPatternLength, n.ignorePrincipals())
		case c.MaxTemplate > QuotaInputTemplateChars:
			return fmt.Errorf("%s would get an input template of %d characters, over EventBridge's %d: use a shorter %s", where, c.MaxTemplate, QuotaInputTemplateChars, n.accountName())
		case c.MaxPaths > QuotaInputPaths:
			return fmt.Errorf("%s would get an input transformer with %d paths, over EventBridge's %d", where, c.MaxPaths, QuotaInputPaths)
		case c.MaxTargets > QuotaTargetsPerRule:
			return fmt.Errorf("%s would get a rule with %d targets, over EventBridge's %d", where, c.MaxTargets, QuotaTargetsPerRule)
		}
	}
	return nil
}
