package config

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// catalog mirrors a slice of aws-cdk-go's region-info: default regions, an
// opt-in region and a region of another partition.
var catalog = []Region{
	{Name: "ap-southeast-4", Partition: "aws", OptIn: true},
	{Name: "cn-north-1", Partition: "aws-cn"},
	{Name: "eu-west-1", Partition: "aws"},
	{Name: "us-east-1", Partition: "aws"},
	{Name: "us-east-2", Partition: "aws"},
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(nil, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"eu-west-1", "us-east-1", "us-east-2"}; !slices.Equal(c.Regions, want) {
		t.Errorf("Regions = %v, want %v (non-opt-in aws regions in catalog order)", c.Regions, want)
	}
	if c.HomeRegion != "us-east-1" || c.Topology != TopologyHub {
		t.Errorf("defaults not applied: %+v", c)
	}
	if want := []Destination{{Kind: signin.KindSlack, Secret: DefaultSlackWebhookSecret}}; !reflect.DeepEqual(c.Destinations, want) {
		t.Errorf("Destinations = %+v, want the default Slack secret", c.Destinations)
	}
	if got := c.NotifierRegions(); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("NotifierRegions = %v, want [us-east-1]", got)
	}
}

func TestParseOverrides(t *testing.T) {
	c, err := Parse(map[string]any{
		KeyRegions:     " eu-west-1 , ap-southeast-4",
		KeyHomeRegion:  "eu-west-1",
		KeyTopology:    "direct",
		KeyAccountName: "Prod (EU)",
	}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Regions, []string{"eu-west-1", "ap-southeast-4"}) {
		t.Errorf("Regions = %v: listed opt-in regions are allowed, order kept", c.Regions)
	}
	if c.Topology != TopologyDirect || c.AccountName != "Prod (EU)" {
		t.Errorf("overrides not honoured: %+v", c)
	}
	if got := c.NotifierRegions(); !slices.Equal(got, c.Regions) {
		t.Errorf("direct NotifierRegions = %v, want every region", got)
	}
}

// TestParseBreakGlassRoles: a comma-separated string or a JSON array,
// names and ARNs, in the settings the plan takes; none by default.
func TestParseBreakGlassRoles(t *testing.T) {
	for _, v := range []any{" BreakGlass , arn:aws:iam::444455556666:role/ops/Emergency", []any{"BreakGlass", "arn:aws:iam::444455556666:role/ops/Emergency"}} {
		c, err := Parse(map[string]any{KeyBreakGlassRoles: v}, catalog)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"BreakGlass", "arn:aws:iam::444455556666:role/ops/Emergency"}; !slices.Equal(c.BreakGlassRoles, want) || !slices.Equal(c.Settings().BreakGlassRoles, want) {
			t.Errorf("%v: BreakGlassRoles = %v, want %v", v, c.BreakGlassRoles, want)
		}
	}
	if c, err := Parse(nil, catalog); err != nil || c.BreakGlassRoles != nil {
		t.Errorf("default BreakGlassRoles = %v, %v; want none", c.BreakGlassRoles, err)
	}
}

func TestParseRegionsFromCdkJSONArray(t *testing.T) {
	c, err := Parse(map[string]any{KeyRegions: []any{"us-east-1", "us-east-2"}}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Regions, []string{"us-east-1", "us-east-2"}) {
		t.Errorf("Regions = %v", c.Regions)
	}
}

func TestParseWebhookURLWinsOverSecret(t *testing.T) {
	url := "https://hooks.slack.com/services/T000/B000/XXXX"
	c, err := Parse(map[string]any{KeySlackWebhookURL: url, KeySlackWebhookSecret: "arn:not-checked"}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Destinations) != 1 || c.Destinations[0].URL != url || c.Destinations[0].Secret != "" {
		t.Errorf("url should win over the secret: %+v", c.Destinations)
	}
}

func TestParseSecretARN(t *testing.T) {
	arn := "arn:aws:secretsmanager:us-east-1:111122223333:secret:team/slack-AbCdEf"
	c, err := Parse(map[string]any{KeySlackWebhookSecret: arn}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if c.Destinations[0].Secret != arn {
		t.Errorf("secret = %q", c.Destinations[0].Secret)
	}
}

func TestSwitchEventsIn(t *testing.T) {
	with := Config{Regions: []string{"us-east-1", "eu-west-1"}}
	without := Config{Regions: []string{"eu-west-1", "us-east-2"}}
	cases := []struct {
		cfg    Config
		region string
		want   bool
	}{
		{with, "us-east-1", true},
		{with, "eu-west-1", false},
		{without, "eu-west-1", true},
		{without, "us-east-2", true},
	}
	for _, tc := range cases {
		if got := tc.cfg.SwitchEventsIn(tc.region); got != tc.want {
			t.Errorf("regions %v: SwitchEventsIn(%s) = %v, want %v", tc.cfg.Regions, tc.region, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		ctx  map[string]any
		want []string // substrings: key, bad value, fix
	}{
		{"unknown region", map[string]any{KeyRegions: "us-east-1,eu-west-9"}, []string{"regions=", `"eu-west-9"`, "use default"}},
		{"duplicate region", map[string]any{KeyRegions: "us-east-1,us-east-1"}, []string{"regions=", `"us-east-1" twice`, "list each region once"}},
		{"empty region list", map[string]any{KeyRegions: " "}, []string{"regions=", "is empty", "use default"}},
		{"explicitly empty regions", map[string]any{KeyRegions: ""}, []string{`regions=""`, "is empty", "use default"}},
		{"empty entry", map[string]any{KeyRegions: "us-east-1,,eu-west-1"}, []string{"regions=", "empty entry", "remove the extra comma"}},
		{"empty json list", map[string]any{KeyRegions: []any{}}, []string{"regions=[]", "is empty"}},
		{"other partition", map[string]any{KeyRegions: "us-east-1,cn-north-1"}, []string{"regions=", `"cn-north-1"`, "aws partition only"}},
		{"home not deployed", map[string]any{KeyRegions: "eu-west-1", KeyHomeRegion: "us-east-1"}, []string{`homeRegion="us-east-1"`, "not among regions (eu-west-1)", "add it to regions"}},
		{"home unknown", map[string]any{KeyHomeRegion: "mars-1"}, []string{`homeRegion="mars-1"`, "not an aws region"}},
		{"unknown topology", map[string]any{KeyTopology: "mesh"}, []string{`topology="mesh"`, "use hub", "direct (a notifier", "or organization"}},
		{"not slack url", map[string]any{KeySlackWebhookURL: "https://example.com/hook"}, []string{"slackWebhookUrl", "https://example.com/hook", "https://hooks.slack.com/services/", "set slackWebhookSecret"}},
		{"retired teams connector", map[string]any{KeyTeamsWebhookURL: "https://contoso.webhook.office.com/webhookb2/x/IncomingWebhook/y/z"}, []string{"teamsWebhookUrl", "connectors are retired", "Workflows webhook"}},
		{"not a discord url", map[string]any{KeyDiscordWebhookURL: "https://example.com/api/webhooks/1/x"}, []string{"discordWebhookUrl", "https://discord.com/api/webhooks/ID/TOKEN"}},
		{"http webhook", map[string]any{KeyWebhookURL: "http://alerts.example.com/x"}, []string{"webhookUrl", "not an https url"}},
		{"auth without webhook", map[string]any{KeyWebhookAuthSecret: "hook-auth"}, []string{`webhookAuthSecret="hook-auth"`, "set webhookSecret"}},
		{"bot token without channel", map[string]any{KeySlackBotTokenSecret: "bot"}, []string{`slackBotTokenSecret="bot" needs slackChannel`}},
		{"channel without token", map[string]any{KeySlackChannel: "C0123456789"}, []string{`slackChannel="C0123456789" needs slackBotTokenSecret`}},
		{"channel name not id", map[string]any{KeySlackBotTokenSecret: "bot", KeySlackChannel: "#security"}, []string{"slackChannel", `"#security" is not a channel id`}},
		{"unknown destination type", map[string]any{KeyRoutes: "pagerduty:all"}, []string{`routes="pagerduty:all"`, `unknown destination type "pagerduty"`, "use slack, slackApp, teams, discord, webhook"}},
		{"route to unconfigured", map[string]any{KeyRoutes: "teams:high"}, []string{`routes="teams:high"`, "teams, which is not configured"}},
		{"route without colon", map[string]any{KeyRoutes: "slack"}, []string{`entry "slack" has no ':'`}},
		{"unknown severity", map[string]any{KeyRoutes: "slack:loud"}, []string{`unknown severity "loud"`, "use all, high"}},
		{"bad cidr", map[string]any{KeyIgnoreSourceIPs: "203.0.113.0/24,10.1.2.3/8"}, []string{"ignoreSourceIps", `"10.1.2.3/8" has host bits set: use 10.0.0.0/8`}},
		{"not a cidr", map[string]any{KeyIgnoreSourceIPs: "office"}, []string{"ignoreSourceIps", `"office" is not a CIDR`}},
		{"bad principal", map[string]any{KeyIgnorePrincipals: "alice"}, []string{"ignorePrincipals", `"alice" is not an arn`}},
		{"bad wildcard", map[string]any{KeyIgnorePrincipals: "arn:aws:iam::**"}, []string{"ignorePrincipals", "consecutive wildcards"}},
		{"bad account", map[string]any{KeyAccounts: "111122223333,42"}, []string{"accounts", `"42" is not a 12-digit account id`}},
		{"bad ip severity", map[string]any{KeyIgnoreSourceIPsFor: "sign-in+loud"}, []string{"ignoreSourceIpsFor", `unknown severity "loud"`}},
		{"pattern too long", map[string]any{KeyIgnoreSourceIPs: manyRanges()}, []string{"ignoreSourceIps/routes", "need more than 4 copies of rule", "ignore fewer or wider ranges"}},
		{"http slack url", map[string]any{KeySlackWebhookURL: "http://hooks.slack.com/services/T/B/X"}, []string{"slackWebhookUrl", "http://hooks.slack.com/services/...", "not a Slack incoming-webhook url"}},
		{"slack url without scheme", map[string]any{KeySlackWebhookURL: "hooks.slack.com/services/T/B/XXXX"}, []string{`slackWebhookUrl="hooks.slack.…"`, "not a Slack incoming-webhook url"}},
		{"malformed arn", map[string]any{KeySlackWebhookSecret: "arn:aws:secretsmanager:us-east-1:123:secret:x"}, []string{"slackWebhookSecret=", "arn:aws:secretsmanager:us-east-1:123:secret:x", "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME"}},
		{"arn in another region", map[string]any{KeySlackWebhookSecret: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-AbCdEf"}, []string{"slackWebhookSecret=", "is in eu-west-1", "us-east-1 reads it", "use the secret name"}},
		{"bad secret name", map[string]any{KeySlackWebhookSecret: "my secret!"}, []string{"slackWebhookSecret=", `"my secret!"`, "letters, digits"}},
		{"long account name", map[string]any{KeyAccountName: strings.Repeat("x", 65)}, []string{"accountName", "65 characters", "at most 64"}},
		{"non-string value", map[string]any{KeyTopology: 3.0}, []string{"topology=3", "must be a string"}},
		{"over a quota", map[string]any{KeyIgnorePrincipals: manyPrincipals()}, []string{"bus default in", "would get an event pattern of", "over EventBridge's 2048: list fewer principals in ignorePrincipals"}},
		{"typo key", map[string]any{"region": "us-east-1"}, []string{`unknown context key "region" (did you mean regions?)`, "known keys are"}},
		{"break-glass typo key", map[string]any{"breakGlassRole": "BreakGlass"}, []string{`unknown context key "breakGlassRole" (did you mean breakGlassRoles?)`}},
		{"break-glass wildcard", map[string]any{KeyBreakGlassRoles: "BreakGlass,Emergency*"}, []string{"context breakGlassRoles", `"Emergency*" has a wildcard`, "exact name or ARN"}},
		{"break-glass not a role", map[string]any{KeyBreakGlassRoles: "arn:aws:iam::111122223333:user/alice"}, []string{"context breakGlassRoles", `"arn:aws:iam::111122223333:user/alice" is neither a role name nor a role ARN`}},
		{"break-glass twice", map[string]any{KeyBreakGlassRoles: []any{"BreakGlass", "breakglass"}}, []string{"context breakGlassRoles", `"breakglass" is listed twice`}},
		{"break-glass empty entry", map[string]any{KeyBreakGlassRoles: "BreakGlass,,Emergency"}, []string{"breakGlassRoles", "empty entry"}},
		{"break-glass route without roles", map[string]any{KeyRoutes: "slack:break-glass"}, []string{"routes sends slack only break-glass, but context breakGlassRoles lists no role", "list the roles"}},
		{"break-glass over the wildcard budget", map[string]any{KeyBreakGlassRoles: "BreakGlass", KeySlackWebhookSecret: "s", KeyTeamsWebhookSecret: "t", KeyWebhookSecret: "w", KeyDiscordWebhookSecret: "d"},
			[]string{"bus signin-notifier-hub in us-east-1 would get 12 rules with wildcards", "route break-glass and switch-role to fewer destinations with routes", "list role ARNs rather than names in context breakGlassRoles"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.ctx, catalog)
			if err == nil {
				_, err = c.Plan() // rule compilation and quotas
			}
			if err == nil {
				t.Fatal("Parse and Plan succeeded, want an error")
			}
			msg := checkOneLine(t, err, tc.want)
			if strings.Contains(msg, "XXXX") {
				t.Errorf("error leaks the webhook secret: %q", msg)
			}
		})
	}
}

func manyRanges() string {
	var r []string
	for i := 0; i < 30; i++ {
		r = append(r, "10."+strconv.Itoa(i*7)+".5.0/24")
	}
	return strings.Join(r, ",")
}

func TestParseDestinationsAndRoutes(t *testing.T) {
	c, err := Parse(map[string]any{
		KeySlackWebhookSecret:  "log-channel",
		KeySlackBotTokenSecret: "bot-token",
		KeySlackChannel:        "C0123456789",
		KeyTeamsWebhookSecret:  "teams-url",
		KeyDiscordWebhookURL:   "https://discord.com/api/webhooks/1/abc",
		KeyWebhookSecret:       "hook-url",
		KeyWebhookAuthSecret:   "hook-auth",
		KeyRoutes:              "slackApp:high, discord:root+failure",
		KeyIgnorePrincipals:    "arn:aws:sts::*:assumed-role/BreakGlassDrill/*",
		KeyIgnoreSourceIPs:     []any{"203.0.113.0/24", "2001:db8::/32"},
		KeyIgnoreSourceIPsFor:  "sign-in+no-mfa+failure",
		KeyAccounts:            "111122223333",
	}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []signin.Kind
	for _, d := range c.Destinations {
		kinds = append(kinds, d.Kind)
	}
	if want := []signin.Kind{signin.KindSlack, signin.KindSlackApp, signin.KindTeams, signin.KindDiscord, signin.KindWebhook}; !slices.Equal(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
	want := map[signin.Kind]Destination{
		signin.KindSlack:    {Kind: signin.KindSlack, Secret: "log-channel"},
		signin.KindSlackApp: {Kind: signin.KindSlackApp, Secret: "bot-token", Channel: "C0123456789", Severities: []signin.Severity{"anomaly", "break-glass", "failure", "incomplete", "no-mfa", "root", "tamper"}},
		signin.KindTeams:    {Kind: signin.KindTeams, Secret: "teams-url"},
		signin.KindDiscord:  {Kind: signin.KindDiscord, URL: "https://discord.com/api/webhooks/1/abc", Severities: []signin.Severity{"failure", "root"}},
		signin.KindWebhook:  {Kind: signin.KindWebhook, Secret: "hook-url", AuthSecret: "hook-auth"},
	}
	for _, d := range c.Destinations {
		if !reflect.DeepEqual(d, want[d.Kind]) {
			t.Errorf("%s = %+v, want %+v", d.Kind, d, want[d.Kind])
		}
	}
	if !slices.Equal(c.Filters.IgnoreSourceIPs, []string{"203.0.113.0/24", "2001:db8::/32"}) || len(c.Filters.IgnorePrincipals) != 1 || len(c.Filters.Accounts) != 1 || len(c.Filters.IgnoreSourceIPsFor) != 3 {
		t.Errorf("filters = %+v", c.Filters)
	}
}

func TestNoDefaultSlackWhenAnotherDestinationIsSet(t *testing.T) {
	c, err := Parse(map[string]any{KeyTeamsWebhookSecret: "teams-url"}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Destinations) != 1 || c.Destinations[0].Kind != signin.KindTeams {
		t.Errorf("Destinations = %+v, want only Teams", c.Destinations)
	}
}

// TestUnknownKeys: a near-miss of one of our keys fails; a key the CDK CLI
// may add tomorrow only warns.
func TestUnknownKeys(t *testing.T) {
	c, err := Parse(map[string]any{"cliTelemetryLevel": "off"}, catalog)
	if err != nil || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], `context key "cliTelemetryLevel" is not one of signin-notifier's and is ignored`) {
		t.Errorf("Parse = %v, warnings %q", err, c.Warnings)
	}
	if _, err := Parse(map[string]any{"topolgy": "hub"}, catalog); err == nil || !strings.Contains(err.Error(), "did you mean topology?") {
		t.Errorf("near-miss err = %v", err)
	}
}

func manyPrincipals() string {
	var out []string
	for i := 0; i < 30; i++ {
		out = append(out, fmt.Sprintf("arn:aws:iam::111122223333:user/automation-account-%02d", i))
	}
	return strings.Join(out, ",")
}

// Each URL key takes only its own service's webhook, and says which key a
// URL of another service belongs to. Examples: Slack's incoming webhook
// (api.slack.com/messaging/webhooks), Discord's webhook url (discord.com
// developers docs, Execute Webhook), a Teams Workflows trigger url
// (Power Automate "When a Teams webhook request is received").
func TestURLsAreCheckedPerService(t *testing.T) {
	const (
		slack   = "https://hooks.slack.com/services/T000/B000/XXXX"
		discord = "https://discord.com/api/webhooks/123/XXXX"
		teams   = "https://prod-23.westeurope.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=XXXX"
		teamsPP = "https://default0a1b.09.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0a1b/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=XXXX"
	)
	ok := []map[string]any{
		{KeySlackWebhookURL: slack}, {KeyDiscordWebhookURL: discord}, {KeyTeamsWebhookURL: teams}, {KeyTeamsWebhookURL: teamsPP},
		{KeyWebhookURL: "https://alerts.example.com/signin?token=XXXX"},
	}
	for _, ctx := range ok {
		if _, err := Parse(ctx, catalog); err != nil {
			t.Errorf("%v: %v", ctx, err)
		}
	}
	cases := []struct {
		key, value, want string
	}{
		{KeyTeamsWebhookURL, slack, `context teamsWebhookUrl="https://hooks.slack.com/services/..." is a Slack url: set it as slackWebhookUrl instead`},
		{KeyTeamsWebhookURL, discord, `context teamsWebhookUrl="https://discord.com/api/..." is a Discord url: set it as discordWebhookUrl instead`},
		{KeyTeamsWebhookURL, strings.Split(teams, "&sig=")[0], `context teamsWebhookUrl="https://prod-23.westeurope.logic.azure.com:443/workflows/..." has no sig= signature: copy the whole url, with its sig=... parameter, and quote it on the command line (it contains &)`},
		{KeyTeamsWebhookURL, "https://example.com/workflows/x?sig=XXXX", `context teamsWebhookUrl="https://example.com/workflows/..." is not a Teams Workflows url (its host is not logic.azure.com or api.powerplatform.com)`},
		{KeyDiscordWebhookURL, slack, `context discordWebhookUrl="https://hooks.slack.com/services/..." is a Slack url: set it as slackWebhookUrl instead`},
		{KeyDiscordWebhookURL, "https://discord.com/api/webhooks/123", `context discordWebhookUrl="https://discord.com/api/..." is not a Discord webhook url: use https://discord.com/api/webhooks/ID/TOKEN`},
		{KeySlackWebhookURL, discord, `context slackWebhookUrl="https://discord.com/api/..." is a Discord url: set it as discordWebhookUrl instead`},
		{KeySlackWebhookURL, teams, `context slackWebhookUrl="https://prod-23.westeurope.logic.azure.com:443/workflows/..." is a Microsoft Teams url: set it as teamsWebhookUrl instead`},
		{KeyWebhookURL, slack, `context webhookUrl="https://hooks.slack.com/services/..." is a chat service's url, which would reject the generic document: set it as slackWebhookUrl instead`},
		{KeyWebhookURL, teamsPP, `context webhookUrl="https://default0a1b.09.environment.api.powerplatform.com:443/powerautomate/..." is a chat service's url, which would reject the generic document: set it as teamsWebhookUrl instead`},
	}
	for _, tc := range cases {
		_, err := Parse(map[string]any{tc.key: tc.value}, catalog)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s=%s:\n got %v\nwant %s", tc.key, tc.value, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "XXXX") || strings.Contains(err.Error(), "\n") || !strings.HasSuffix(err.Error(), "; or store it in Secrets Manager and set "+strings.Replace(tc.key, "Url", "Secret", 1)) {
			t.Errorf("%s: %q leaks the secret, spans lines or lacks the secret alternative", tc.key, err)
		}
	}
}

// orgCtx is a valid organization configuration over the test catalog.
func orgCtx(extra map[string]any) map[string]any {
	ctx := map[string]any{
		KeyTopology: "organization", KeyOrganizationID: "o-abcdefghij",
		KeyOrganizationalUnits: "ou-abcd-abcdefgh, r-ab12", KeyHubAccount: "111111111111",
	}
	for k, v := range extra {
		ctx[k] = v
	}
	return ctx
}

func TestParseOrganization(t *testing.T) {
	c, err := Parse(orgCtx(map[string]any{KeyRegions: "us-east-1,eu-west-1,ap-southeast-4"}), catalog)
	if err != nil {
		t.Fatal(err)
	}
	want := &Organization{ID: "o-abcdefghij", Units: []string{"ou-abcd-abcdefgh", "r-ab12"}, HubAccount: "111111111111", CallAs: CallAsDelegatedAdmin}
	if c.Topology != TopologyOrganization || !reflect.DeepEqual(c.Organization, want) {
		t.Errorf("Organization = %+v, want %+v", c.Organization, want)
	}
	if !slices.Equal(c.OptInRegions, []string{"ap-southeast-4"}) {
		t.Errorf("OptInRegions = %v, want the listed opt-in region", c.OptInRegions)
	}
	if got := c.NotifierRegions(); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("NotifierRegions = %v, want the home region only", got)
	}
	c, err = Parse(orgCtx(map[string]any{KeyStackSetCallAs: "SELF"}), catalog)
	if err != nil || c.Organization.CallAs != CallAsSelf {
		t.Errorf("stackSetCallAs=SELF: %+v, %v", c.Organization, err)
	}
}

func TestApplyDefaultAccount(t *testing.T) {
	org := map[string]any{KeyTopology: "organization"}
	if got := ApplyDefaultAccount(org, "222222222222")[KeyHubAccount]; got != "222222222222" {
		t.Errorf("hubAccount = %v, want CDK_DEFAULT_ACCOUNT for topology=organization", got)
	}
	if _, set := org[KeyHubAccount]; set {
		t.Error("ApplyDefaultAccount modified its argument")
	}
	explicit := map[string]any{KeyTopology: "organization", KeyHubAccount: "333333333333"}
	if got := ApplyDefaultAccount(explicit, "222222222222")[KeyHubAccount]; got != "333333333333" {
		t.Errorf("hubAccount = %v, want the context value to win", got)
	}
	if _, set := ApplyDefaultAccount(map[string]any{}, "222222222222")[KeyHubAccount]; set {
		t.Error("hubAccount set for topology hub, where it is refused")
	}
}

func TestParseOrganizationErrors(t *testing.T) {
	without := func(key string) map[string]any {
		ctx := orgCtx(nil)
		delete(ctx, key)
		return ctx
	}
	cases := []struct {
		name string
		ctx  map[string]any
		want []string
	}{
		{"no organization id", without(KeyOrganizationID), []string{"topology=organization needs organizationId", "-c organizationId=o-"}},
		{"bad organization id", orgCtx(map[string]any{KeyOrganizationID: "o-123"}), []string{`organizationId="o-123"`, "10 to 32 lowercase"}},
		{"upper-case organization id", orgCtx(map[string]any{KeyOrganizationID: "o-ABCDEFGHIJ"}), []string{`organizationId="o-ABCDEFGHIJ"`, "not an organization id"}},
		{"no units", without(KeyOrganizationalUnits), []string{"needs organizationalUnits", "ou-xxxx-xxxxxxxx", "r-xxxx"}},
		{"bad unit", orgCtx(map[string]any{KeyOrganizationalUnits: "ou-abcd-abcdefgh,Security"}), []string{"organizationalUnits=", `"Security"`, "neither an OU id nor a root id"}},
		{"account id as unit", orgCtx(map[string]any{KeyOrganizationalUnits: "123456789012"}), []string{`"123456789012"`, "use ou-xxxx-xxxxxxxx or r-xxxx"}},
		{"empty unit", orgCtx(map[string]any{KeyOrganizationalUnits: "ou-abcd-abcdefgh,"}), []string{"empty entry"}},
		{"duplicate unit", orgCtx(map[string]any{KeyOrganizationalUnits: "r-ab12,r-ab12"}), []string{`"r-ab12" twice`}},
		{"no hub account", without(KeyHubAccount), []string{"needs the hub account id", "-c hubAccount=", "CDK_DEFAULT_ACCOUNT"}},
		{"bad hub account", orgCtx(map[string]any{KeyHubAccount: "1234"}), []string{`hubAccount="1234"`, "12-digit"}},
		{"bad call-as", orgCtx(map[string]any{KeyStackSetCallAs: "ADMIN"}), []string{`stackSetCallAs="ADMIN"`, "DELEGATED_ADMIN", "SELF"}},
		{"home outside regions", orgCtx(map[string]any{KeyRegions: "eu-west-1", KeyHomeRegion: "us-east-1"}), []string{`homeRegion="us-east-1"`, "not among regions (eu-west-1)", "add it to regions"}},
		{"organization keys without the topology", map[string]any{KeyOrganizationID: "o-abcdefghij"}, []string{`organizationId="o-abcdefghij" is only used with topology=organization`, "-c topology=organization"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.ctx, catalog)
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			checkOneLine(t, err, tc.want)
		})
	}
}

// checkOneLine fails t unless err is one line containing every want, and
// returns its text.
func checkOneLine(t *testing.T, err error, want []string) string {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans several lines: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
	return msg
}
