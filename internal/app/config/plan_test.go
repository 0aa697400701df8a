package config

import (
	"fmt"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

func mustPlan(t *testing.T, ctx map[string]any) []plan.StackPlan {
	t.Helper()
	c, err := Parse(ctx, catalog)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func ids(rows []plan.StackPlan) []string {
	var out []string
	for _, s := range rows {
		out = append(out, s.ID)
	}
	return out
}

func row(t *testing.T, rows []plan.StackPlan, id string) plan.StackPlan {
	t.Helper()
	for _, s := range rows {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no stack %s in %v", id, ids(rows))
	return plan.StackPlan{}
}

func TestPlanHub(t *testing.T) {
	rows := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1"})
	want := []string{"SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1", "SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security", "SigninNotifier-eu-west-1"}
	if !slices.Equal(ids(rows), want) {
		t.Fatalf("stacks = %v, want %v", ids(rows), want)
	}
	home := row(t, rows, "SigninNotifier-us-east-1")
	if home.Bus != plan.BusName || home.Forward == nil || home.Forward.ToRegion != "us-east-1" || home.Notifier != nil || !slices.Equal(home.DependsOn, []string{"SigninNotifier-us-east-1-alarms"}) {
		t.Errorf("home = %+v", home)
	}
	alarms := row(t, rows, "SigninNotifier-us-east-1-alarms")
	if alarms.Alarms == nil || alarms.Alarms.PublishForwarded || alarms.Alarms.TopicARN != "" || alarms.Forward != nil || alarms.Notifier != nil {
		t.Errorf("alarms = %+v: our topic; the spokes forward no alarm (the heartbeat covers them)", alarms)
	}
	if w := home.HeartbeatWatch; w == nil || *w != (plan.HeartbeatWatchPlan{PeriodMinutes: 60, Senders: 2}) || w.Threshold() != 3 || w.AlarmPeriodMinutes() != 120 {
		t.Errorf("home heartbeat watch = %+v, want hourly heartbeats of 2 regions, alarm under 3 in 2 hours", home.HeartbeatWatch)
	}
	if home.Forward.HeartbeatMinutes != 60 || home.Forward.HeartbeatSender != signin.HeartbeatFromStack {
		t.Errorf("home forward = %+v, want an hourly heartbeat of a regional stack", home.Forward)
	}
	if home.AlarmRoute == nil || home.AlarmRoute.ForwardToRegion != "" {
		t.Errorf("home alarm route = %+v, want its own region's topic", home.AlarmRoute)
	}
	spoke := row(t, rows, "SigninNotifier-eu-west-1")
	if spoke.Bus != "" || spoke.Forward.ToRegion != "us-east-1" || spoke.Forward.Options.IncludeSwitch || !slices.Equal(spoke.DependsOn, []string{"SigninNotifier-us-east-1"}) {
		t.Errorf("spoke = %+v (switch events come from us-east-1 records only)", spoke)
	}
	if spoke.AlarmRoute == nil || !spoke.AlarmRoute.None || spoke.HeartbeatWatch != nil || spoke.Forward.HeartbeatMinutes != 60 {
		t.Errorf("spoke = %+v, alarm route %+v: want a heartbeat and no dead-letter alarm (no topic, no key in a spoke)", spoke, spoke.AlarmRoute)
	}
	for id, g := range map[string]signin.Group{"SigninNotifier-us-east-1-slack": signin.GroupSignIn, "SigninNotifier-us-east-1-slack-security": signin.GroupSecurity} {
		n := row(t, rows, id)
		if n.Notifier == nil || n.Notifier.Group != g || n.Notifier.Bus != plan.BusName || !n.Notifier.IncludeSwitch || !slices.Equal(n.DependsOn, []string{"SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1"}) {
			t.Errorf("%s = %+v", id, n)
		}
		for _, r := range n.Notifier.Rules {
			if r.Group != g {
				t.Errorf("%s holds rule %s of group %s", id, r.ID, r.Group)
			}
		}
	}
}

// TestPlanHubWithoutHeartbeat: heartbeat=none gives the spokes their
// forwarded dead-letter alarms back, and the home region the publisher.
func TestPlanHubWithoutHeartbeat(t *testing.T) {
	rows := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyHeartbeat: "none"})
	if a := row(t, rows, "SigninNotifier-us-east-1-alarms"); !a.Alarms.PublishForwarded {
		t.Errorf("alarms = %+v, want the publisher of forwarded alarms", a.Alarms)
	}
	home, spoke := row(t, rows, "SigninNotifier-us-east-1"), row(t, rows, "SigninNotifier-eu-west-1")
	if home.HeartbeatWatch != nil || home.Forward.HeartbeatMinutes != 0 || spoke.Forward.HeartbeatMinutes != 0 {
		t.Errorf("home = %+v, spoke = %+v: no heartbeat", home, spoke)
	}
	if spoke.AlarmRoute == nil || spoke.AlarmRoute.ForwardToRegion != "us-east-1" {
		t.Errorf("spoke alarm route = %+v, want forwarded to the home region", spoke.AlarmRoute)
	}
}

func TestParseHeartbeat(t *testing.T) {
	for raw, want := range map[string]int{"": 60, "1h": 60, "30m": 30, "15m": 15, "12h": 720, "none": 0, " 2h ": 120} {
		c, err := Parse(map[string]any{KeyRegions: "us-east-1", KeyHeartbeat: raw}, catalog)
		if err != nil || c.HeartbeatMinutes != want {
			t.Errorf("heartbeat=%q: %d, %v; want %d", raw, c.HeartbeatMinutes, err, want)
		}
	}
	for raw, want := range map[string]string{
		"hourly": `context heartbeat="hourly" is not a period: use e.g. 1h (the default), 30m, 6h, or none`,
		"5m":     `context heartbeat="5m" must be from 15m to 12h (the alarm looks back two periods, at most a day): use e.g. 1h, or none`,
		"13h":    `context heartbeat="13h" must be from 15m to 12h`,
		"0m":     `context heartbeat="0m" must be from 15m to 12h`,
	} {
		_, err := Parse(map[string]any{KeyRegions: "us-east-1", KeyHeartbeat: raw}, catalog)
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("heartbeat=%q: %v, want one line starting %q", raw, err, want)
		}
	}
}

func TestPlanDirect(t *testing.T) {
	rows := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyTopology: "direct"})
	if len(rows) != 8 {
		t.Fatalf("stacks = %v, want an alarms stack, a bus stack and two notifier stacks per region", ids(rows))
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		s := row(t, rows, plan.StackID(region))
		if s.Bus != plan.BusName || s.Forward.ToRegion != region || !slices.Equal(s.DependsOn, []string{plan.AlarmsStackID(region)}) || row(t, rows, plan.AlarmsStackID(region)).Alarms.PublishForwarded {
			t.Errorf("%s = %+v: a region forwards to its own bus", s.ID, s)
		}
		n := row(t, rows, plan.NotifierStackID(region, signin.KindSlack, signin.GroupSignIn))
		if n.Notifier.IncludeSwitch != (region == "us-east-1") {
			t.Errorf("%s IncludeSwitch = %v", n.ID, n.Notifier.IncludeSwitch)
		}
		if w := s.HeartbeatWatch; w == nil || w.Senders != 1 || w.Threshold() != 1 || s.AlarmRoute.None {
			t.Errorf("%s heartbeat watch = %+v, route %+v: each region counts its own heartbeat and keeps its dead-letter alarm", s.ID, w, s.AlarmRoute)
		}
	}
}

func TestPlanRoutesLeaveOutEmptyGroups(t *testing.T) {
	rows := mustPlan(t, map[string]any{KeyRegions: "us-east-1", KeySlackWebhookSecret: "a", KeyDiscordWebhookSecret: "d", KeyRoutes: "discord:tamper"})
	if got := ids(rows); slices.Contains(got, "SigninNotifier-us-east-1-discord") || !slices.Contains(got, "SigninNotifier-us-east-1-discord-security") {
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
			"eu-west-1/default: 3 rules, 0 wildcard", "us-east-1/default: 3 rules, 0 wildcard", "us-east-1/signin-notifier-hub: 28 rules, 0 wildcard"}},
		{"direct", map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyTopology: "direct"}, []string{
			"eu-west-1/default: 3 rules, 0 wildcard", "eu-west-1/signin-notifier-hub: 25 rules, 0 wildcard", "us-east-1/default: 3 rules, 0 wildcard", "us-east-1/signin-notifier-hub: 28 rules, 0 wildcard"}},
		{"five destinations", five, []string{
			"eu-west-1/default: 3 rules, 1 wildcard", "us-east-1/default: 3 rules, 1 wildcard", "us-east-1/signin-notifier-hub: 108 rules, 0 wildcard"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range plan.CountRules(mustPlan(t, tc.ctx)) {
				got = append(got, fmt.Sprintf("%s/%s: %d rules, %d wildcard", c.Region, c.Bus, c.Rules, c.Wildcards))
				if c.MaxTargets != 1 || c.MaxPattern > plan.QuotaPatternLength || c.MaxTemplate > plan.QuotaInputTemplateChars || c.MaxPaths > plan.QuotaInputPaths {
					t.Errorf("%+v is over a per-rule quota", c)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("counts = %v, want %v", got, tc.want)
			}
		})
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
	rows := mustPlan(t, map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyFailedSignInBurst: "none"})
	for _, s := range rows {
		if s.Burst.On() || (s.Notifier != nil && slices.ContainsFunc(s.Notifier.Rules, func(r signin.Rule) bool { return r.ID == "FailedSignInBurst" })) {
			t.Errorf("%s has the burst alarm although it is off", s.ID)
		}
	}
}
