package constructs_test

import (
	"slices"
	"testing"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// TestPublicValuesAreTheCoresValues: the library declares its severities,
// groups and kinds as literals of its own, converted to the jsii-free
// core's at the boundary; they must be the same values, in the same order.
func TestPublicValuesAreTheCoresValues(t *testing.T) {
	var all []string
	for _, s := range constructs.AllSeverities() {
		all = append(all, string(s))
	}
	var core []string
	for _, s := range signin.Severities {
		core = append(core, string(s))
	}
	if !slices.Equal(all, core) || len(all) != 10 {
		t.Errorf("AllSeverities() = %v, core %v", all, core)
	}
	var high, coreHigh []string
	for _, s := range constructs.HighSeverities() {
		high = append(high, string(s))
	}
	for _, s := range signin.HighSeverities {
		coreHigh = append(coreHigh, string(s))
	}
	if !slices.Equal(high, coreHigh) || len(high) != 7 {
		t.Errorf("HighSeverities() = %v, core %v", high, coreHigh)
	}
	constructs.HighSeverities()[0] = "changed"
	if constructs.HighSeverities()[0] != constructs.SeverityRoot {
		t.Error("HighSeverities() shares its slice with callers")
	}
	pairs := [][2]string{
		{string(constructs.SeverityTest), string(signin.SeverityTest)},
		{string(constructs.GroupSignIn), string(signin.GroupSignIn)},
		{string(constructs.GroupSecurity), string(signin.GroupSecurity)},
		{string(constructs.GroupBreakGlass), string(signin.GroupBreakGlass)},
		{string(constructs.GroupBreakGlassSwitch), string(signin.GroupBreakGlassSwitch)},
		{string(constructs.KindSlack), string(signin.KindSlack)},
		{string(constructs.KindSlackApp), string(signin.KindSlackApp)},
		{string(constructs.KindTeams), string(signin.KindTeams)},
		{string(constructs.KindDiscord), string(signin.KindDiscord)},
		{string(constructs.KindWebhook), string(signin.KindWebhook)},
		{constructs.BurstAlarmName, signin.BurstAlarmName},
		{constructs.DefaultHubEventBusName, "signin-notifier-hub"},
		{string(constructs.HeartbeatFromStack), string(signin.HeartbeatFromStack)},
		{string(constructs.HeartbeatFromMember), string(signin.HeartbeatFromMember)},
		{constructs.HeartbeatScheduleName, signin.HeartbeatScheduleName},
		{constructs.MemberHeartbeatScheduleName, signin.MemberHeartbeatScheduleName},
		{constructs.HeartbeatAlarmName, signin.HeartbeatAlarmName},
		{constructs.MemberHeartbeatAlarmName, signin.MemberHeartbeatAlarmName},
	}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("public %q, core %q", p[0], p[1])
		}
	}
	if len(signin.Kinds) != 5 {
		t.Errorf("the core has %d kinds; the library declares 5", len(signin.Kinds))
	}
}
