package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// roleNames returns n role names, BreakGlass for one.
// defaultRegions are the 17 regions the app deploys to by default (the aws
// partition's regions that need no opt-in, aws-cdk-go 2.276).
var defaultRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// defaultSettings are the default app's: 17 regions, hub in us-east-1,
// Slack, the burst alarm and a heartbeat of heartbeat minutes.
func defaultSettings(heartbeat int) Settings {
	return Settings{
		Regions: defaultRegions, HomeRegion: "us-east-1",
		Destinations:     []Destination{{Kind: signin.KindSlack}},
		Burst:            signin.Burst{Threshold: 10, PeriodMinutes: 5},
		HeartbeatMinutes: heartbeat,
	}
}

func roleNames(n int) []string {
	if n == 1 {
		return []string{"BreakGlass"}
	}
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("BreakGlass%02d", i))
	}
	return out
}

// TestBreakGlassQuotaFigures pins the figures the documentation quotes for
// the default app (17 regions, hub in us-east-1, Slack) with
// breakGlassRoles of 0, 1, 5 and 20 role names: the rules and wildcard
// rules of each region's default bus and of the hub bus, the longest
// pattern, and the notifier stacks.
func TestBreakGlassQuotaFigures(t *testing.T) {
	type figures struct {
		defaultRules, defaultWildcards, hubRules, hubWildcards, maxPattern int
		stacks                                                             []string
	}
	notifiers := []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security"}
	for _, tc := range []struct {
		roles int
		want  figures
	}{
		{0, figures{3, 0, 28, 0, 2014, notifiers}},
		{1, figures{4, 1, 39, 3, 2014, append(notifiers, "SigninNotifier-us-east-1-slack-breakglass", "SigninNotifier-us-east-1-slack-breakglass-switch")}},
		{5, figures{4, 1, 39, 3, 2014, append(notifiers, "SigninNotifier-us-east-1-slack-breakglass", "SigninNotifier-us-east-1-slack-breakglass-switch")}},
		{20, figures{5, 1, 39, 3, 2014, append(notifiers, "SigninNotifier-us-east-1-slack-breakglass", "SigninNotifier-us-east-1-slack-breakglass-switch")}},
	} {
		s := defaultSettings(DefaultHeartbeatMinutes)
		s.BreakGlassRoles = roleNames(tc.roles)
		rows, err := Plan(s)
		if err != nil {
			t.Fatalf("%d roles: %v", tc.roles, err)
		}
		var got figures
		regions := 0
		for _, c := range CountRules(rows) {
			got.maxPattern = max(got.maxPattern, c.MaxPattern)
			switch {
			case c.Bus == "default":
				regions++
				if regions == 1 {
					got.defaultRules, got.defaultWildcards = c.Rules, c.Wildcards
				} else if c.Rules != got.defaultRules || c.Wildcards != got.defaultWildcards {
					t.Errorf("%d roles: %s has %d rules, %d with wildcards; the others %d, %d", tc.roles, c.Region, c.Rules, c.Wildcards, got.defaultRules, got.defaultWildcards)
				}
			case c.Bus == BusName:
				got.hubRules, got.hubWildcards = c.Rules, c.Wildcards
			}
		}
		for _, r := range rows {
			if r.Notifier != nil {
				got.stacks = append(got.stacks, r.ID)
			}
		}
		if regions != 17 || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%d roles: %d regions, figures %+v, want 17, %+v", tc.roles, regions, got, tc.want)
		}
	}
}

// TestBreakGlassNotifiersFollowTheRoutes: a destination gets a break-glass
// notifier when it is routed break-glass and roles are listed; a route to
// break-glass alone without roles is refused; the wildcard budget names the
// fixes.
func TestBreakGlassNotifiersFollowTheRoutes(t *testing.T) {
	s := Settings{Regions: []string{"us-east-1", "eu-west-1"}, HomeRegion: "us-east-1", BreakGlassRoles: []string{"BreakGlass"},
		Destinations: []Destination{{Kind: signin.KindSlack, Severities: signin.HighSeverities}, {Kind: signin.KindTeams, Severities: []signin.Severity{signin.SeveritySignIn}}}}
	rows, err := Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		if n := r.Notifier; n != nil {
			ids = append(ids, r.ID)
			if want := map[signin.Group]int{signin.GroupBreakGlass: 9, signin.GroupBreakGlassSwitch: 2}[n.Group]; want > 0 && (len(n.Rules) != want || n.IncludeTest) {
				t.Errorf("%s: %d rules, test rule %v; want %d break-glass rules and no test rule", r.ID, len(n.Rules), n.IncludeTest, want)
			}
		}
		if f := r.Forward; f != nil && !slices.Equal(f.Options.BreakGlassRoles, s.BreakGlassRoles) {
			t.Errorf("%s forwards break-glass roles %v", r.ID, f.Options.BreakGlassRoles)
		}
	}
	if want := []string{"SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security", "SigninNotifier-us-east-1-slack-breakglass", "SigninNotifier-us-east-1-slack-breakglass-switch", "SigninNotifier-us-east-1-teams", "SigninNotifier-us-east-1-teams-security"}; !slices.Equal(ids, want) {
		t.Errorf("notifiers %v, want %v", ids, want)
	}

	alone := Settings{Regions: []string{"us-east-1"}, HomeRegion: "us-east-1", Destinations: []Destination{{Kind: signin.KindSlack, Severities: []signin.Severity{signin.SeverityBreakGlass}}},
		Names: Names{Routes: "routes", BreakGlassRoles: "breakGlassRoles"}}
	if _, err := Plan(alone); err == nil || err.Error() != "routes sends slack only break-glass, but breakGlassRoles lists no role, so it would get nothing: list the roles, or route it more severities" {
		t.Errorf("break-glass alone without roles: %v", err)
	}
	bad := alone
	bad.BreakGlassRoles = []string{"Break*"}
	if _, err := Plan(bad); err == nil || !strings.HasPrefix(err.Error(), `breakGlassRoles: break-glass role "Break*" has a wildcard`) {
		t.Errorf("bad role: %v", err)
	}

	// Every destination routed everything, roles listed by name: three
	// wildcard rules each (the SwitchRole and SwitchRoleArrival exclusions
	// and the switch into a listed role's session): three destinations fit,
	// four do not.
	many := Settings{Regions: []string{"us-east-1"}, HomeRegion: "us-east-1", BreakGlassRoles: []string{"BreakGlass"},
		Destinations: []Destination{{Kind: signin.KindSlack}, {Kind: signin.KindTeams}, {Kind: signin.KindDiscord}}}
	if _, err := Plan(many); err != nil {
		t.Errorf("three destinations of everything with a role name: %v", err)
	}
	many.Destinations = append(many.Destinations, Destination{Kind: signin.KindWebhook})
	if _, err := Plan(many); err == nil || !strings.Contains(err.Error(), "would get 12 rules with wildcards") || !strings.Contains(err.Error(), "list role ARNs rather than names in BreakGlassRoles") {
		t.Errorf("four destinations of everything with a role name: %v", err)
	}
	// Role ARNs: one wildcard rule each (the SwitchRoleArrival exclusion).
	many.BreakGlassRoles = []string{"arn:aws:iam::111122223333:role/BreakGlass"}
	many.Destinations = append(many.Destinations, Destination{Kind: signin.KindSlackApp, Channel: "C0123456789"})
	if _, err := Plan(many); err != nil {
		t.Errorf("five destinations of everything with a role ARN: %v", err)
	}
}
