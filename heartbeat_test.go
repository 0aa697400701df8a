package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// TestHeartbeatRoute fires every heartbeat schedule of the app in each
// topology through the emulator: each heartbeat passes its region's sign-in
// forward rule, reaches exactly one counting queue beside the
// signin-notifier bus it must prove (the home region's, or in topology
// direct its own region's), and no notifier rule matches it: nothing is
// posted to chat.
func TestHeartbeatRoute(t *testing.T) {
	const ou = "ou-abcd-abcdefgh"
	members := []string{"111122223333", "444455556666"}
	cases := []struct {
		name string
		ctx  map[string]string
		// want is the number of schedules: one per deployed account-region.
		want int
	}{
		{"hub", hubWithAlarmEmail, 2},
		{"direct", directTwoRegions, 2},
		{"organization", orgContext(nil), 17 * (1 + len(members))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := synthApp(t, tc.ctx)
			slack := newSlackServer(t)
			opts := emulator.Options{
				AccountID: testAccount,
				Secrets:   map[string]string{config.DefaultSlackWebhookSecret: webhookURL},
				Endpoint:  emulator.RedirectTo(slack.URL),
			}
			if tc.name == "organization" {
				opts.Organization = &emulator.Organization{ID: "o-abcdefghij", Accounts: map[string]string{testAccount: ou, members[0]: ou, members[1]: ou}}
			}
			asm, err := emulator.Load(s.dir, opts)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			for _, w := range asm.Warnings() {
				t.Errorf("emulator warning: %s", w)
			}
			schedules := asm.Schedules()
			if len(schedules) != tc.want {
				t.Fatalf("%d schedules, want %d (one per account-region)", len(schedules), tc.want)
			}
			for _, sch := range schedules {
				member := sch.Account != testAccount
				name := map[bool]string{true: signin.MemberHeartbeatScheduleName, false: signin.HeartbeatScheduleName}[member]
				if sch.Name != name || sch.Expression != "rate(1 hour)" || !sch.Enabled {
					t.Errorf("schedule %+v", sch)
				}
				var detail map[string]any
				if err := json.Unmarshal(sch.Detail, &detail); err != nil || detail["sender"] != map[bool]string{true: "member", false: "stack"}[member] {
					t.Errorf("%s/%s detail %s, member %v", sch.Account, sch.Region, sch.Detail, member)
				}
				tr, err := asm.Fire(sch)
				if err != nil {
					t.Fatal(err)
				}
				hub := "us-east-1"
				if tc.name == "direct" {
					hub = sch.Region
				}
				counter := "HeartbeatCounter"
				if member {
					counter = "MemberHeartbeatCounter"
				}
				var queued []emulator.Step
				for _, st := range tr.Steps {
					if st.Kind == emulator.StepQueued {
						queued = append(queued, st)
					}
				}
				if len(queued) != 1 || queued[0].Account != testAccount || queued[0].Region != hub || queued[0].Bus != plan.BusName ||
					!strings.HasSuffix(queued[0].To, "/Hub/"+counter) {
					t.Errorf("%s/%s: heartbeat queued %+v, want once in %s on the %s bus of %s/%s\n%s", sch.Account, sch.Region, queued, counter, plan.BusName, testAccount, hub, tr)
				}
				first := tr.Steps[1] // the match on the sender's default bus
				if first.Kind != emulator.StepMatched || first.Account != sch.Account || first.Region != sch.Region || !strings.HasSuffix(first.RulePath, "/Forwarder/Rule/Resource") {
					t.Errorf("%s/%s: the heartbeat did not pass the region's sign-in forward rule: %+v\n%s", sch.Account, sch.Region, first, tr)
				}
				if len(tr.Deliveries) != 0 || len(tr.Sent()) != 0 {
					t.Errorf("%s/%s: a heartbeat reached a chat destination:\n%s", sch.Account, sch.Region, tr)
				}
			}
			if len(slack.bodies) != 0 {
				t.Errorf("the chat server got %d requests from heartbeats, want 0", len(slack.bodies))
			}
		})
	}
}
