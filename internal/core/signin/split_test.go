package signin_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// TestLongAccountsFilterSplitsRules: an accounts filter long enough to push
// a rule of many alternatives over EventBridge's 2,048 characters splits it
// into parts over alternatives of disjoint event sources, each within the
// limit; every corpus event of a listed account then gets exactly the rule
// it gets without the filter (a part of it), never two.
func TestLongAccountsFilterSplitsRules(t *testing.T) {
	accounts := []string{"111122223333", "444455556666"}
	for i := range 18 {
		accounts = append(accounts, fmt.Sprintf("5555666677%02d", i))
	}
	plain := compile(t, true, signin.KindSlack, samples.BreakGlassRoles)
	filtered := compileRules(t, signin.Options{IncludeSwitch: true, Kind: signin.KindSlack, SlackChannel: "C0123456789", BreakGlassRoles: samples.BreakGlassRoles,
		Filters: signin.Filters{Accounts: accounts}})
	parts := 0
	for _, c := range filtered {
		raw, _ := json.Marshal(c.rule.Pattern)
		if n := len([]rune(string(raw))); n > eventbridge.MaxPatternLength {
			t.Errorf("%s: pattern of %d characters", c.rule.ID, n)
		}
		if signin.BaseRuleID(c.rule.ID) != c.rule.ID {
			parts++
		}
	}
	if !slices.ContainsFunc(filtered, func(c compiled) bool { return c.rule.ID == "IncompleteSecurityPart2" }) || parts != 1 {
		t.Fatalf("rules %v: want IncompleteSecurity split in two, and no other part", ids(filtered))
	}
	checked := 0
	for _, s := range samples.All() {
		ev, err := eventbridge.ParseEvent(s.Event)
		if err != nil {
			t.Fatal(err)
		}
		if account, _ := ev.StringField("account"); !slices.Contains(accounts, account) {
			continue
		}
		checked++
		var want, got []string
		for _, c := range plain {
			if c.pattern.MatchEvent(ev) {
				want = append(want, c.rule.ID)
			}
		}
		for _, c := range filtered {
			if c.pattern.MatchEvent(ev) {
				got = append(got, signin.BaseRuleID(c.rule.ID))
			}
		}
		if !slices.Equal(got, want) || len(got) > 1 {
			t.Errorf("%s: rules %v with the filter, %v without", s.Name, got, want)
		}
	}
	if checked < 50 {
		t.Errorf("%d corpus events of listed accounts checked, want at least 50", checked)
	}
}
