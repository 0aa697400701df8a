package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

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
		rows []StackPlan
		want string
	}{
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(WildcardBudget+1, wild)}}}, "bus b in us-east-1 would get 11 rules with wildcards; EventBridge allows 30 per bus and cannot raise it, and signin-notifier keeps to 10: list exact ARNs in IgnorePrincipals"},
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(200, plain)}}, {Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(101, plain)}}}, "bus b in us-east-1 would get 301 rules, over EventBridge's 300 per bus"},
		{[]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: []signin.Rule{{Pattern: plain, Transformer: signin.Transformer{InputTemplate: strings.Repeat("x", 8193)}}}}}}, "input template of 8193 characters, over EventBridge's 8192"},
	}
	for _, tc := range cases {
		err := CheckQuotas(tc.rows)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("err = %v, want one line with %q", err, tc.want)
		}
	}
	if err := CheckQuotas([]StackPlan{{Region: "us-east-1", Notifier: &NotifierPlan{Bus: "b", Rules: rules(WildcardBudget, wild)}}}); err != nil {
		t.Errorf("10 wildcard rules are within the budget: %v", err)
	}
}

// TestAccountsMustIncludeTheDeployedAccount: without an organization, the
// buses receive only the deployed account's events, so an accounts filter
// that leaves it out would silence everything.
func TestAccountsMustIncludeTheDeployedAccount(t *testing.T) {
	base := Settings{Regions: []string{"us-east-1"}, HomeRegion: "us-east-1", Destinations: []Destination{{Kind: signin.KindSlack}},
		Filters: signin.Filters{Accounts: []string{"222222222222"}}}
	for _, direct := range []bool{false, true} {
		s := base
		s.Direct, s.Account = direct, "111111111111"
		_, err := Plan(s)
		if want := `Accounts="222222222222" leaves out account 111111111111, the account deployed to`; err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("direct %v: err = %v, want one line starting %q", direct, err, want)
		}
	}
	ok := []Settings{base, base, base}
	ok[0].Account = "" // not known at synth: nothing to check
	ok[1].Account, ok[1].Filters.Accounts = "111111111111", []string{"222222222222", "111111111111"}
	ok[2].Account, ok[2].Organization = "111111111111", &Organization{ID: "o-abcdefghij", Units: []string{"r-abcd"}, HubAccount: "111111111111", CallAs: CallAsSelf}
	for i, s := range ok {
		if _, err := Plan(s); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
}
