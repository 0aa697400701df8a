package config

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

func mustPlan(t *testing.T, ctx map[string]any) []StackPlan {
	t.Helper()
	c, err := Parse(ctx, catalog)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func ids(plan []StackPlan) []string {
	var out []string
	for _, s := range plan {
		out = append(out, s.ID)
	}
	return out
}

func row(t *testing.T, plan []StackPlan, id string) StackPlan {
	t.Helper()
	for _, s := range plan {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no stack %s in %v", id, ids(plan))
	return StackPlan{}
}

func TestPlanHub(t *testing.T) {
	plan := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1"})
	want := []string{"SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1", "SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security", "SigninNotifier-eu-west-1"}
	if !slices.Equal(ids(plan), want) {
		t.Fatalf("stacks = %v, want %v", ids(plan), want)
	}
	home := row(t, plan, "SigninNotifier-us-east-1")
	if home.Bus != BusName || home.Forward == nil || home.Forward.ToRegion != "us-east-1" || home.Notifier != nil || !slices.Equal(home.DependsOn, []string{"SigninNotifier-us-east-1-alarms"}) {
		t.Errorf("home = %+v", home)
	}
	alarms := row(t, plan, "SigninNotifier-us-east-1-alarms")
	if alarms.Alarms == nil || !alarms.Alarms.PublishForwarded || alarms.Alarms.TopicARN != "" || alarms.Forward != nil || alarms.Notifier != nil {
		t.Errorf("alarms = %+v: our topic, publishing what the spokes forward", alarms)
	}
	if home.AlarmRoute == nil || home.AlarmRoute.ForwardToRegion != "" {
		t.Errorf("home alarm route = %+v, want its own region's topic", home.AlarmRoute)
	}
	spoke := row(t, plan, "SigninNotifier-eu-west-1")
	if spoke.Bus != "" || spoke.Forward.ToRegion != "us-east-1" || spoke.Forward.Options.IncludeSwitch || !slices.Equal(spoke.DependsOn, []string{"SigninNotifier-us-east-1"}) {
		t.Errorf("spoke = %+v (switch events come from us-east-1 records only)", spoke)
	}
	if spoke.AlarmRoute == nil || spoke.AlarmRoute.ForwardToRegion != "us-east-1" {
		t.Errorf("spoke alarm route = %+v, want forwarded to the home region (no topic, no key in a spoke)", spoke.AlarmRoute)
	}
	for id, g := range map[string]signin.Group{"SigninNotifier-us-east-1-slack": signin.GroupSignIn, "SigninNotifier-us-east-1-slack-security": signin.GroupSecurity} {
		n := row(t, plan, id)
		if n.Notifier == nil || n.Notifier.Group != g || n.Notifier.Bus != BusName || !n.Notifier.IncludeSwitch || !slices.Equal(n.DependsOn, []string{"SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1"}) {
			t.Errorf("%s = %+v", id, n)
		}
		for _, r := range n.Notifier.Rules {
			if r.Group != g {
				t.Errorf("%s holds rule %s of group %s", id, r.ID, r.Group)
			}
		}
	}
}

func TestPlanDirect(t *testing.T) {
	plan := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyTopology: "direct"})
	if len(plan) != 8 {
		t.Fatalf("stacks = %v, want an alarms stack, a bus stack and two notifier stacks per region", ids(plan))
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		s := row(t, plan, StackID(region))
		if s.Bus != BusName || s.Forward.ToRegion != region || !slices.Equal(s.DependsOn, []string{AlarmsStackID(region)}) || row(t, plan, AlarmsStackID(region)).Alarms.PublishForwarded {
			t.Errorf("%s = %+v: a region forwards to its own bus", s.ID, s)
		}
		n := row(t, plan, NotifierStackID(region, signin.KindSlack, signin.GroupSignIn))
		if n.Notifier.IncludeSwitch != (region == "us-east-1") {
			t.Errorf("%s IncludeSwitch = %v", n.ID, n.Notifier.IncludeSwitch)
		}
	}
}

func TestPlanRoutesLeaveOutEmptyGroups(t *testing.T) {
	plan := mustPlan(t, map[string]any{KeyRegions: "us-east-1", KeySlackWebhookSecret: "a", KeyDiscordWebhookSecret: "d", KeyRoutes: "discord:tamper"})
	if got := ids(plan); slices.Contains(got, "SigninNotifier-us-east-1-discord") || !slices.Contains(got, "SigninNotifier-us-east-1-discord-security") {
		t.Errorf("stacks = %v: a destination routed only to tamper gets only the security stack", got)
	}
}

// TestQuotasOfDocumentedConfigurations pins the per-bus figures the README's
// quota table quotes.
func TestQuotasOfDocumentedConfigurations(t *testing.T) {
	five := map[string]any{
		KeyRegions: "us-east-1,eu-west-1", KeySlackWebhookSecret: "a", KeySlackBotTokenSecret: "b", KeySlackChannel: "C0123456789",
		KeyTeamsWebhookSecret: "t", KeyDiscordWebhookSecret: "d", KeyWebhookSecret: "w", KeyRoutes: "slackApp:high,discord:root+failure",
		KeyIgnoreSourceIPs: "203.0.113.0/24", KeyIgnorePrincipals: "arn:aws:sts::*:assumed-role/BreakGlassDrill/*", KeyAccounts: "111122223333",
	}
	cases := []struct {
		name string
		ctx  map[string]any
		want []string
	}{
		{"defaults", map[string]any{KeyRegions: "us-east-1,eu-west-1"}, []string{
			"eu-west-1/default: 3 rules, 0 wildcard", "us-east-1/default: 3 rules, 0 wildcard", "us-east-1/signin-notifier-hub: 27 rules, 0 wildcard"}},
		{"direct", map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyTopology: "direct"}, []string{
			"eu-west-1/default: 3 rules, 0 wildcard", "eu-west-1/signin-notifier-hub: 24 rules, 0 wildcard", "us-east-1/default: 3 rules, 0 wildcard", "us-east-1/signin-notifier-hub: 27 rules, 0 wildcard"}},
		{"five destinations", five, []string{
			"eu-west-1/default: 3 rules, 1 wildcard", "us-east-1/default: 3 rules, 1 wildcard", "us-east-1/signin-notifier-hub: 107 rules, 0 wildcard"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range CountRules(mustPlan(t, tc.ctx)) {
				got = append(got, fmt.Sprintf("%s/%s: %d rules, %d wildcard", c.Region, c.Bus, c.Rules, c.Wildcards))
				if c.MaxTargets != 1 || c.MaxPattern > QuotaPatternLength || c.MaxTemplate > QuotaInputTemplateChars || c.MaxPaths > QuotaInputPaths {
					t.Errorf("%+v is over a per-rule quota", c)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("counts = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckQuotasNamesTheQuotaCountAndFix(t *testing.T) {
	wild := signin.Pattern{Source: []string{"x"}, Detail: signin.Object{"a": []any{map[string]any{"wildcard": "a*"}}}}
	rules := func(n int, p signin.Pattern) []signin.Rule {
		out := make([]signin.Rule, n)
		for i := range out {
			out[i] = signin.Rule{ID: fmt.Sprint("R", i), Pattern: p}
		}
		return out
	}
	plain := signin.Pattern{Source: []string{"x"}}
	cases := []struct {
		plan []StackPlan
		want string
	}{
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(WildcardBudget+1, wild)}}}, "bus b in us-east-1 would get 11 rules with wildcards; EventBridge allows 30 per bus and cannot raise it, and signin-notifier keeps to 10: list exact ARNs in ignorePrincipals"},
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(200, plain)}}, {Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(101, plain)}}}, "bus b in us-east-1 would get 301 rules, over EventBridge's 300 per bus"},
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: []signin.Rule{{Pattern: plain, Transformer: signin.Transformer{InputTemplate: strings.Repeat("x", 8193)}}}}}}, "input template of 8193 characters, over EventBridge's 8192"},
	}
	for _, tc := range cases {
		err := CheckQuotas(tc.plan)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("err = %v, want one line with %q", err, tc.want)
		}
	}
	if err := CheckQuotas([]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(WildcardBudget, wild)}}}); err != nil {
		t.Errorf("10 wildcard rules are within the budget: %v", err)
	}
}

func TestBurstSetting(t *testing.T) {
	for raw, want := range map[string]signin.Burst{"": {Threshold: 10, PeriodMinutes: 5}, "25/1h": {Threshold: 25, PeriodMinutes: 60}, "3/1m": {Threshold: 3, PeriodMinutes: 1}, "none": {}} {
		c, err := Parse(map[string]any{KeyFailedSignInBurst: raw}, catalog)
		if err != nil || c.Burst != want {
			t.Errorf("%q: %+v, %v; want %+v", raw, c.Burst, err, want)
		}
	}
	for _, bad := range []string{"10", "10/5", "0/5m", "10/0m", "10/25h", "ten/5m"} {
		_, err := Parse(map[string]any{KeyFailedSignInBurst: bad}, catalog)
		if err == nil || !strings.Contains(err.Error(), "context failedSignInBurst=") || !strings.Contains(err.Error(), "e.g. 10/5m") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	plan := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyFailedSignInBurst: "none"})
	for _, s := range plan {
		if s.Burst.On() || (s.Notifier != nil && slices.ContainsFunc(s.Notifier.Rules, func(r signin.Rule) bool { return r.ID == "FailedSignInBurst" })) {
			t.Errorf("%s has the burst alarm although it is off", s.ID)
		}
	}
}
