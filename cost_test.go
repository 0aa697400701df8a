package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/core/cost"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
)

// costOfApp is the idle cost of the app synthesized for ctx, its StackSets'
// spokes counted as member account-regions.
func costOfApp(t *testing.T, ctx map[string]string) cost.Cost {
	t.Helper()
	s := synthApp(t, ctx)
	var stacks []cost.Stack
	for id, tmpl := range s.templates {
		stacks = append(stacks, cost.Stack{Name: id, Template: tmpl})
		for _, r := range resourcesOf(tmpl, "AWS::CloudFormation::StackSet") {
			var body map[string]any
			if err := json.Unmarshal([]byte(props(r)["TemplateBody"].(string)), &body); err != nil {
				t.Fatal(err)
			}
			stacks = append(stacks, cost.Stack{Name: props(r)["StackSetName"].(string), Template: body, Member: true})
		}
	}
	return cost.Of(stacks)
}

// TestIdleCost pins the idle cost the docs quote, from what synth makes:
// the default app (17 regions, hub, Slack, hourly heartbeat), the same
// without the heartbeat (the figure before it replaced the spoke regions'
// dead-letter alarms), direct in two regions, an organization's hub, and
// alarms sent to a topic of the user's (no key).
func TestIdleCost(t *testing.T) {
	def := costOfApp(t, nil)
	if got := cost.Dollars(def.TotalMicro()); got != "$1.52" {
		t.Errorf("default app idle cost = %s, want $1.52:\n%s", got, def)
	}
	if got := cost.Dollars(def.SteadyMicro()); got != "$3.52" {
		t.Errorf("default app after two key rotations = %s, want $3.52", got)
	}
	want := []cost.Item{
		{What: "KMS customer managed key (the alarm topic's)", Count: 1, MonthlyMicro: 1_000_000},
		// the dead-letter alarms of the home stack and the two notifier
		// stacks, the burst alarm, the heartbeat alarm
		{What: "CloudWatch alarm metrics", Count: 5, MonthlyMicro: 500_000},
		// 17 schedules, 730 heartbeats a month each, put and forwarded
		{What: "heartbeats (put, forwarded, scheduled)", Count: 17, MonthlyMicro: 24_820},
	}
	if len(def.Items) != len(want) {
		t.Fatalf("items = %+v, want %+v", def.Items, want)
	}
	for i, it := range def.Items {
		if it != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, it, want[i])
		}
	}
	cases := []struct {
		name  string
		ctx   map[string]string
		total string
		keys  int
	}{
		// 16 spoke dead-letter alarms and the alarm publisher's, no heartbeat
		{"no heartbeat", map[string]string{config.KeyHeartbeat: "none"}, "$3.10", 1},
		// per region: a key, the dead-letter alarms of three stacks, the
		// burst and heartbeat alarms, 730 heartbeats
		{"direct, two regions", directTwoRegions, "$3.00", 2},
		{"alarms to the user's topic", map[string]string{config.KeyAlarmTopicARN: "arn:aws:sns:us-east-1:" + testAccount + ":oncall"}, "$0.52", 0},
		// the dead-letter alarms of the two break-glass notifier stacks,
		// whatever the number of roles: only the listed roles' assumptions
		// are forwarded
		{"one break-glass role", map[string]string{config.KeyBreakGlassRoles: "BreakGlass"}, "$1.72", 1},
		{"twenty break-glass roles", map[string]string{config.KeyBreakGlassRoles: breakGlassRoles(20)}, "$1.72", 1},
	}
	for _, tc := range cases {
		c := costOfApp(t, tc.ctx)
		if got := cost.Dollars(c.TotalMicro()); got != tc.total || c.KMSKeys != tc.keys {
			t.Errorf("%s: %s with %d keys, want %s with %d:\n%s", tc.name, got, c.KMSKeys, tc.total, tc.keys, c)
		}
	}
	org := costOfApp(t, orgContext(nil))
	if got := cost.Dollars(org.TotalMicro()); got != "$1.62" {
		t.Errorf("organization hub = %s, want $1.62 (the default app and the member heartbeat alarm):\n%s", got, org)
	}
	if org.MemberAccountRegionMicro != 1460 {
		t.Errorf("member account-region = %d micro-dollars, want 1460 (730 heartbeats put and forwarded, no alarm, no key)", org.MemberAccountRegionMicro)
	}
	if !strings.Contains(def.Markdown(), "| **total while idle, first year** | | **$1.52** |") {
		t.Errorf("markdown:\n%s", def.Markdown())
	}
	if plan.DefaultHeartbeatMinutes != 60 {
		t.Errorf("the figures assume an hourly heartbeat, the default is %d minutes", plan.DefaultHeartbeatMinutes)
	}
}

// breakGlassRoles is a breakGlassRoles value of n role names.
func breakGlassRoles(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("BreakGlass%02d", i+1)
	}
	return strings.Join(names, ",")
}
