package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/core/suggest"
)

// Context keys understood by the app. Each is set in cdk.json or on the
// command line with `cdk synth -c key=value`.
const (
	KeyRegions              = "regions"
	KeyHomeRegion           = "homeRegion"
	KeyTopology             = "topology"
	KeySlackWebhookSecret   = "slackWebhookSecret"
	KeySlackWebhookURL      = "slackWebhookUrl"
	KeyAccountName          = "accountName"
	KeySlackBotTokenSecret  = "slackBotTokenSecret"
	KeySlackChannel         = "slackChannel"
	KeyTeamsWebhookSecret   = "teamsWebhookSecret"
	KeyTeamsWebhookURL      = "teamsWebhookUrl"
	KeyDiscordWebhookSecret = "discordWebhookSecret"
	KeyDiscordWebhookURL    = "discordWebhookUrl"
	KeyWebhookSecret        = "webhookSecret"
	KeyWebhookURL           = "webhookUrl"
	KeyWebhookAuthSecret    = "webhookAuthSecret"
	KeyRoutes               = "routes"
	KeyIgnorePrincipals     = "ignorePrincipals"
	KeyIgnoreSourceIPs      = "ignoreSourceIps"
	KeyIgnoreSourceIPsFor   = "ignoreSourceIpsFor"
	KeyAccounts             = "accounts"
	KeyBreakGlassRoles      = "breakGlassRoles"
	KeyFailedSignInBurst    = "failedSignInBurst"
	KeyHeartbeat            = "heartbeat"
	KeyOrganizationID       = "organizationId"
	KeyOrganizationalUnits  = "organizationalUnits"
	KeyHubAccount           = "hubAccount"
	KeyStackSetCallAs       = "stackSetCallAs"
)

// Keys lists every context key Parse reads, in documentation order.
var Keys = []string{
	KeyRegions, KeyHomeRegion, KeyTopology, KeySlackWebhookSecret, KeySlackWebhookURL, KeyAccountName,
	KeySlackBotTokenSecret, KeySlackChannel, KeyTeamsWebhookSecret, KeyTeamsWebhookURL,
	KeyDiscordWebhookSecret, KeyDiscordWebhookURL, KeyWebhookSecret, KeyWebhookURL, KeyWebhookAuthSecret,
	KeyRoutes, KeyIgnorePrincipals, KeyIgnoreSourceIPs, KeyIgnoreSourceIPsFor, KeyAccounts, KeyBreakGlassRoles, KeyFailedSignInBurst,
	KeyHeartbeat, KeyAlarmEmail, KeyAlarmTopicARN, KeySecretVersions,
	KeyOrganizationID, KeyOrganizationalUnits, KeyHubAccount, KeyStackSetCallAs,
}

// Defaults applied when a key is absent or empty.
const (
	DefaultRegions            = "default"
	DefaultHomeRegion         = "us-east-1"
	DefaultSlackWebhookSecret = "signin-notifier/slack-webhook-url"
	DefaultFailedSignInBurst  = "10/5m"
	DefaultHeartbeat          = "1h"
	// Partition is the only AWS partition the app deploys to.
	Partition = "aws"
)

// Topology says how regional stacks cooperate.
type Topology string

const (
	// TopologyHub forwards every region's sign-in events to one event bus in
	// the home region, where a single notifier posts them.
	TopologyHub Topology = "hub"
	// TopologyDirect gives every region its own notifier.
	TopologyDirect Topology = "direct"
	// TopologyOrganization is the hub topology for a whole AWS
	// Organization: the hub account holds the hub and its own regional
	// forwarders, and service-managed StackSets put the same forwarders in
	// every member account of the target OUs.
	TopologyOrganization Topology = "organization"
)

// Region is one entry of the region catalog (aws-cdk-go's region-info).
type Region struct {
	Name      string
	Partition string
	OptIn     bool
}

// Config is the validated app configuration.
type Config struct {
	// Regions to deploy to, in catalog order, without duplicates.
	Regions []string
	// HomeRegion holds the hub (topologies hub and organization); always
	// one of Regions then.
	HomeRegion string
	Topology   Topology
	// Destinations, in signin.Kinds order; at least one.
	Destinations []Destination
	// AccountName is an optional display name for the account.
	AccountName string
	// Filters keep known-good activity quiet.
	Filters signin.Filters
	// BreakGlassRoles are the roles whose every assumption notifies at
	// severity break-glass: role names (every account) or role ARNs.
	BreakGlassRoles []string
	// Burst is the failed sign-in burst alarm; zero when off.
	Burst signin.Burst
	// HeartbeatMinutes is the heartbeat period; 0 when off.
	HeartbeatMinutes int
	// Warnings are one-line notes for the user, e.g. an unknown context key
	// that is not a near-miss of one of ours.
	Warnings []string
	// Alarms says who is told of undeliverable events.
	Alarms Alarms
	// SecretVersions pins secret name or ARN to a version id.
	SecretVersions map[string]string
	// OptInRegions are the listed regions that are opt-in regions.
	OptInRegions []string
	// Organization is set for the organization topology only.
	Organization *Organization
	// Account is the account the stacks deploy to when the app knows it
	// (the CDK CLI's CDK_DEFAULT_ACCOUNT); not a context key.
	Account string
}

// Organization is the organization topology's settings.
type Organization = plan.Organization

// StackSet call-as values (AWS::CloudFormation::StackSet CallAs).
const (
	CallAsDelegatedAdmin = plan.CallAsDelegatedAdmin
	CallAsSelf           = plan.CallAsSelf
)

// ApplyDefaultAccount returns ctx with hubAccount set to account (the CDK
// CLI's CDK_DEFAULT_ACCOUNT) when the topology is organization and the key
// is absent; otherwise ctx unchanged.
func ApplyDefaultAccount(ctx map[string]any, account string) map[string]any {
	topology, _ := ctx[KeyTopology].(string)
	if account == "" || Topology(strings.TrimSpace(topology)) != TopologyOrganization || ctx[KeyHubAccount] != nil {
		return ctx
	}
	out := make(map[string]any, len(ctx)+1)
	for k, v := range ctx {
		out[k] = v
	}
	out[KeyHubAccount] = account
	return out
}

// Settings returns the settings the plan takes, with the context keys as
// the names its errors use.
func (c Config) Settings() plan.Settings {
	var dests []plan.Destination
	for _, d := range c.Destinations {
		dests = append(dests, plan.Destination{Kind: d.Kind, Channel: d.Channel, Severities: d.Severities})
	}
	return plan.Settings{
		Regions: c.Regions, HomeRegion: c.HomeRegion, Direct: c.Topology == TopologyDirect,
		Destinations: dests, AccountName: c.AccountName, Filters: c.Filters, BreakGlassRoles: c.BreakGlassRoles, Burst: c.Burst,
		AlarmEmail: c.Alarms.Email, AlarmTopicARN: c.Alarms.TopicARN, OptInRegions: c.OptInRegions,
		Organization: c.Organization, Account: c.Account, HeartbeatMinutes: c.HeartbeatMinutes,
		Names: plan.Names{
			IgnorePrincipals: KeyIgnorePrincipals, IgnoreSourceIPs: "context " + KeyIgnoreSourceIPs,
			Routes: KeyRoutes, AccountName: KeyAccountName, Accounts: "context " + KeyAccounts, Heartbeat: "context " + KeyHeartbeat,
			BreakGlassRoles: "context " + KeyBreakGlassRoles,
		},
	}
}

// Plan returns every stack of the deployment (plan.Plan of Settings).
func (c Config) Plan() ([]plan.StackPlan, error) { return plan.Plan(c.Settings()) }

// NotifierRegions returns the regions whose stacks hold a notifier: the
// home region for the hub and organization topologies, every region for
// direct.
func (c Config) NotifierRegions() []string { return c.Settings().NotifierRegions() }

// SwitchEventsIn reports whether the stack in region handles SwitchRole and
// ExitRole records (plan.Settings.SwitchEventsIn).
func (c Config) SwitchEventsIn(region string) bool { return c.Settings().SwitchEventsIn(region) }

// DefaultRegionNames returns the non-opt-in regions of the aws partition in
// catalog order: the meaning of regions=default.
func DefaultRegionNames(catalog []Region) []string {
	var out []string
	for _, r := range catalog {
		if r.Partition == Partition && !r.OptIn {
			out = append(out, r.Name)
		}
	}
	return out
}

// parse validates the raw context values (as returned by TryGetContext: nil,
// strings, or JSON values from cdk.json) against the region catalog; Parse
// calls it and names the settings file in its messages.
func parse(ctx map[string]any, catalog []Region) (Config, error) {
	var c Config
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		if slices.Contains(Keys, k) {
			continue
		}
		// A near-miss of one of our keys is a typo that would silently
		// change nothing: refuse it. Any other key may be the CDK CLI's own
		// (a new one would otherwise break every synth): note it.
		if hint := keyHint(k); hint != "" {
			return Config{}, fmt.Errorf("unknown context key %q%s: known keys are %s", k, hint, strings.Join(Keys, ", "))
		}
		c.Warnings = append(c.Warnings, fmt.Sprintf("context key %q is not one of signin-notifier's and is ignored (known keys are %s)", k, strings.Join(Keys, ", ")))
	}
	var err error
	raw := func(key string) (string, error) { return stringValue(ctx, key) }

	regions, err := regionsValue(ctx)
	if err != nil {
		return Config{}, err
	}
	if c.Regions, err = parseRegions(regions, ctx[KeyRegions] != nil, catalog); err != nil {
		return Config{}, err
	}

	topology, err := raw(KeyTopology)
	if err != nil {
		return Config{}, err
	}
	switch Topology(strings.TrimSpace(topology)) {
	case "", TopologyHub:
		c.Topology = TopologyHub
	case TopologyDirect:
		c.Topology = TopologyDirect
	case TopologyOrganization:
		c.Topology = TopologyOrganization
	default:
		return Config{}, fmt.Errorf("context %s=%q is not a topology: use hub (one notifier in homeRegion), direct (a notifier in every region) or organization (every account of an AWS Organization forwards to one hub)", KeyTopology, topology)
	}

	home, err := raw(KeyHomeRegion)
	if err != nil {
		return Config{}, err
	}
	c.HomeRegion = strings.TrimSpace(home)
	if c.HomeRegion == "" {
		c.HomeRegion = DefaultHomeRegion
	}
	if _, ok := lookup(catalog, c.HomeRegion); !ok {
		return Config{}, fmt.Errorf("context %s=%q is not an aws region: use one of the regions being deployed, e.g. us-east-1", KeyHomeRegion, c.HomeRegion)
	}
	if c.Topology != TopologyDirect && !slices.Contains(c.Regions, c.HomeRegion) {
		return Config{}, fmt.Errorf("context %s=%q is not among regions (%s): add it to regions or set homeRegion to one of them", KeyHomeRegion, c.HomeRegion, strings.Join(c.Regions, ","))
	}

	for _, name := range c.Regions {
		if r, _ := lookup(catalog, name); r.OptIn {
			c.OptInRegions = append(c.OptInRegions, name)
		}
	}
	if c.Organization, err = parseOrganization(ctx, c.Topology); err != nil {
		return Config{}, err
	}

	if c.Destinations, err = parseDestinations(ctx, c.NotifierRegions()); err != nil {
		return Config{}, err
	}
	if err := parseRoutes(ctx, c.Destinations); err != nil {
		return Config{}, err
	}
	if c.Burst, err = parseBurst(ctx); err != nil {
		return Config{}, err
	}
	if c.HeartbeatMinutes, err = parseHeartbeat(ctx); err != nil {
		return Config{}, err
	}
	if c.Filters, err = parseFilters(ctx); err != nil {
		return Config{}, err
	}
	if c.BreakGlassRoles, err = listValue(ctx, KeyBreakGlassRoles); err != nil {
		return Config{}, err
	}
	if err := signin.ValidateBreakGlassRoles(c.BreakGlassRoles); err != nil {
		return Config{}, fmt.Errorf("context %s: %v", KeyBreakGlassRoles, err)
	}

	if c.AccountName, err = raw(KeyAccountName); err != nil {
		return Config{}, err
	}
	c.AccountName = strings.TrimSpace(c.AccountName)
	if err := signin.ValidateAccountName(c.AccountName); err != nil {
		return Config{}, fmt.Errorf("context %s: %w", KeyAccountName, err)
	}
	if c.Alarms, err = parseAlarms(ctx, c.AlarmRegions()); err != nil {
		return Config{}, err
	}
	if c.SecretVersions, err = parseSecretVersions(ctx, c.Destinations); err != nil {
		return Config{}, err
	}
	return c, nil
}

// parseOrganization reads the organization keys: required for the
// organization topology, refused for the others.
func parseOrganization(ctx map[string]any, topology Topology) (*Organization, error) {
	values := map[string]string{}
	for _, k := range []string{KeyOrganizationID, KeyOrganizationalUnits, KeyHubAccount, KeyStackSetCallAs} {
		v, err := stringValue(ctx, k)
		if err != nil {
			return nil, err
		}
		values[k] = strings.TrimSpace(v)
	}
	if topology != TopologyOrganization {
		for _, k := range []string{KeyOrganizationID, KeyOrganizationalUnits, KeyHubAccount, KeyStackSetCallAs} {
			if values[k] != "" {
				return nil, fmt.Errorf("context %s=%q is only used with topology=organization: add -c %s=organization or remove %s", k, values[k], KeyTopology, k)
			}
		}
		return nil, nil
	}
	o := &Organization{ID: values[KeyOrganizationID], HubAccount: values[KeyHubAccount], CallAs: values[KeyStackSetCallAs]}
	switch {
	case o.ID == "":
		return nil, fmt.Errorf("context %s=organization needs %s: set -c %s=o-... to your organization id (aws organizations describe-organization)", KeyTopology, KeyOrganizationID, KeyOrganizationID)
	case !plan.ValidOrganizationID(o.ID):
		return nil, fmt.Errorf("context %s=%q is not an organization id: use o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5", KeyOrganizationID, o.ID)
	}
	units := values[KeyOrganizationalUnits]
	if units == "" {
		return nil, fmt.Errorf("context %s=organization needs %s: set -c %s=ou-xxxx-xxxxxxxx,... (or the root id r-xxxx for every account)", KeyTopology, KeyOrganizationalUnits, KeyOrganizationalUnits)
	}
	for _, u := range strings.Split(units, ",") {
		u = strings.TrimSpace(u)
		switch {
		case u == "":
			return nil, fmt.Errorf("context %s=%q has an empty entry: remove the extra comma", KeyOrganizationalUnits, units)
		case !plan.ValidUnitID(u):
			return nil, fmt.Errorf("context %s=%q names %q, which is neither an OU id nor a root id: use ou-xxxx-xxxxxxxx or r-xxxx (aws organizations list-roots, list-organizational-units-for-parent)", KeyOrganizationalUnits, units, u)
		case slices.Contains(o.Units, u):
			return nil, fmt.Errorf("context %s=%q lists %q twice: list each OU once", KeyOrganizationalUnits, units, u)
		}
		o.Units = append(o.Units, u)
	}
	switch {
	case o.HubAccount == "":
		return nil, fmt.Errorf("context %s=organization needs the hub account id, which the member accounts' forwarders address: set -c %s=123456789012, or run cdk with credentials of the hub account (CDK_DEFAULT_ACCOUNT)", KeyTopology, KeyHubAccount)
	case !plan.ValidAccountID(o.HubAccount):
		return nil, fmt.Errorf("context %s=%q is not a 12-digit account id: use the id of the account that holds the hub, e.g. 123456789012", KeyHubAccount, o.HubAccount)
	}
	switch o.CallAs {
	case "":
		o.CallAs = CallAsDelegatedAdmin
	case CallAsDelegatedAdmin, CallAsSelf:
	default:
		return nil, fmt.Errorf("context %s=%q must be %s (the hub account is a delegated administrator of StackSets) or %s (it is the management account)", KeyStackSetCallAs, o.CallAs, CallAsDelegatedAdmin, CallAsSelf)
	}
	return o, nil
}

func stringValue(ctx map[string]any, key string) (string, error) {
	switch v := ctx[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("context %s=%v must be a string: pass it as -c %s=VALUE or as a JSON string in cdk.json", key, v, key)
	}
}

// regionsValue accepts a comma-separated string or, from cdk.json, a JSON
// array of strings.
func regionsValue(ctx map[string]any) (string, error) {
	if list, ok := ctx[KeyRegions].([]any); ok {
		parts := make([]string, 0, len(list))
		for _, item := range list {
			s, ok := item.(string)
			if !ok {
				return "", fmt.Errorf("context %s=%v must list region names as strings, e.g. [\"us-east-1\",\"eu-west-1\"]", KeyRegions, list)
			}
			parts = append(parts, s)
		}
		if len(parts) == 0 {
			return "", fmt.Errorf("context %s=[] is empty: use default (every non-opt-in region) or list at least one region", KeyRegions)
		}
		return strings.Join(parts, ","), nil
	}
	return stringValue(ctx, KeyRegions)
}

func parseRegions(value string, present bool, catalog []Region) ([]string, error) {
	trimmed := strings.TrimSpace(value)
	if !present || trimmed == DefaultRegions {
		return DefaultRegionNames(catalog), nil
	}
	if trimmed == EnabledRegions {
		return nil, fmt.Errorf("context %s=%q was not resolved by this app: list the regions instead, e.g. -c %s=us-east-1,eu-west-1", KeyRegions, value, KeyRegions)
	}
	if trimmed == "" {
		return nil, fmt.Errorf("context %s=%q is empty: use default (every non-opt-in region) or a comma-separated list such as us-east-1,eu-west-1", KeyRegions, value)
	}
	var out []string
	for _, name := range strings.Split(trimmed, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, fmt.Errorf("context %s=%q has an empty entry: remove the extra comma", KeyRegions, value)
		}
		r, ok := lookup(catalog, name)
		if !ok {
			return nil, fmt.Errorf("context %s=%q names unknown region %q: use default or regions of the aws partition such as us-east-1,eu-west-1", KeyRegions, value, name)
		}
		if r.Partition != Partition {
			return nil, fmt.Errorf("context %s=%q names %q of partition %s: signin-notifier deploys to the aws partition only; remove it", KeyRegions, value, name, r.Partition)
		}
		if slices.Contains(out, name) {
			return nil, fmt.Errorf("context %s=%q lists %q twice: list each region once", KeyRegions, value, name)
		}
		out = append(out, name)
	}
	return out, nil
}

func lookup(catalog []Region, name string) (Region, bool) {
	for _, r := range catalog {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

var (
	secretNameRE = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)
	secretARNRE  = regexp.MustCompile(`^arn:aws:secretsmanager:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$`)
)

// validateSecret checks a secret name or ARN. A dynamic reference resolves in
// the stack's own region, so an ARN must point at the region of every stack
// that reads it.
func validateSecret(key, secret string, readers []string) error {
	if !strings.HasPrefix(secret, "arn:") {
		if !secretNameRE.MatchString(secret) {
			return fmt.Errorf("context %s=%q is not a secret name: use letters, digits and /_+=.@- (e.g. signin-notifier/slack-webhook-url) or a full secret arn", key, secret)
		}
		return nil
	}
	m := secretARNRE.FindStringSubmatch(secret)
	if m == nil {
		return fmt.Errorf("context %s=%q is not a secrets manager arn: use arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-abcdef, or just the secret name", key, secret)
	}
	for _, r := range readers {
		if r != m[1] {
			return fmt.Errorf("context %s=%q is in %s but the notifier in %s reads it: use the secret name and create (or replicate) the secret in %s", key, secret, m[1], r, strings.Join(readers, ","))
		}
	}
	return nil
}

// keyHint proposes the known key a misspelled one was probably meant to be
// (suggest.Closest: the same key in another case, a prefix of it or it a
// prefix, or one at most two edits away).
func keyHint(key string) string {
	if k, ok := suggest.Closest(key, Keys); ok {
		return fmt.Sprintf(" (did you mean %s?)", k)
	}
	return ""
}

var burstRE = regexp.MustCompile(`^(\d{1,6})/(\d{1,4})([mh])$`)

// parseBurst reads failedSignInBurst=COUNT/WINDOW (e.g. 10/5m, 50/1h) or
// none. The window is a CloudWatch alarm period: whole minutes, at most a
// day.
func parseBurst(ctx map[string]any) (signin.Burst, error) {
	raw, err := stringValue(ctx, KeyFailedSignInBurst)
	if err != nil {
		return signin.Burst{}, err
	}
	v := strings.TrimSpace(raw)
	if v == "" {
		v = DefaultFailedSignInBurst
	}
	if v == "none" {
		return signin.Burst{}, nil
	}
	m := burstRE.FindStringSubmatch(v)
	if m == nil {
		return signin.Burst{}, fmt.Errorf("context %s=%q is not COUNT/WINDOW: use e.g. 10/5m (10 failed sign-ins within 5 minutes), 50/1h, or none", KeyFailedSignInBurst, raw)
	}
	count, _ := strconv.Atoi(m[1])
	window, _ := strconv.Atoi(m[2])
	if m[3] == "h" {
		window *= 60
	}
	if count < 1 || window < 1 || window > 24*60 {
		return signin.Burst{}, fmt.Errorf("context %s=%q: use a count of at least 1 and a window from 1m to 24h (a CloudWatch alarm period), e.g. 10/5m", KeyFailedSignInBurst, raw)
	}
	return signin.Burst{Threshold: count, PeriodMinutes: window}, nil
}

var heartbeatRE = regexp.MustCompile(`^(\d{1,4})([mh])$`)

// parseHeartbeat reads heartbeat=PERIOD (minutes m or hours h, e.g. 1h,
// 30m) or none.
func parseHeartbeat(ctx map[string]any) (int, error) {
	raw, err := stringValue(ctx, KeyHeartbeat)
	if err != nil {
		return 0, err
	}
	v := strings.TrimSpace(raw)
	if v == "" {
		v = DefaultHeartbeat
	}
	if v == "none" {
		return 0, nil
	}
	m := heartbeatRE.FindStringSubmatch(v)
	if m == nil {
		return 0, fmt.Errorf("context %s=%q is not a period: use e.g. 1h (the default), 30m, 6h, or none", KeyHeartbeat, raw)
	}
	minutes, _ := strconv.Atoi(m[1])
	if m[2] == "h" {
		minutes *= 60
	}
	if minutes == 0 || plan.CheckHeartbeatMinutes(minutes) != nil {
		return 0, fmt.Errorf("context %s=%q %v: use e.g. 1h, or none", KeyHeartbeat, raw, plan.CheckHeartbeatMinutes(max(minutes, 1)))
	}
	return minutes, nil
}
