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
