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
	rules, err := signin.Rules(signin.Options{IncludeSwitch: true, Kind: signin.KindSlack, SlackChannel: "C0123456789", BreakGlassRoles: samples.BreakGlassRoles,
		Filters: signin.Filters{Accounts: accounts}})
	if err != nil {
		t.Fatalf("20 accounts: %v", err)
	}
	var filtered []compiled
	parts := 0
	for _, r := range rules {
		raw, _ := json.Marshal(r.Pattern)
		if n := len([]rune(string(raw))); n > eventbridge.MaxPatternLength {
			t.Errorf("%s: pattern of %d characters", r.ID, n)
		}
		p, err := eventbridge.ParsePattern(raw)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		tr, err := eventbridge.NewTransformer(r.Transformer.InputPathsMap, r.Transformer.InputTemplate)
		if err != nil {
			t.Fatal(err)
		}
		if signin.BaseRuleID(r.ID) != r.ID {
			parts++
		}
		filtered = append(filtered, compiled{r, p, tr})
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
