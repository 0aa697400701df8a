package signin

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

var placeholderRE = regexp.MustCompile(`<([A-Za-z0-9_.-]+)>`)

func mustRules(t *testing.T, o Options) []Rule {
	t.Helper()
	rules, err := Rules(o)
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

func TestRulesSetAndOrder(t *testing.T) {
	ids := func(rules []Rule) []string {
		var out []string
		for _, r := range rules {
			out = append(out, r.ID)
		}
		return out
	}
	with := ids(mustRules(t, Options{IncludeSwitch: true}))
	// The ids are construct ids, and so CloudFormation logical ids: part of
	// the contract (renaming one replaces the rule on the next deploy).
	want := []string{"FailedSignIn", "FailedRoleSignIn", "SignInWithoutMfa", "SignInWithMfa", "IdentityCenterSignIn", "FederatedSignIn",
		"SwitchRole", "SwitchRoleArrival", "SwitchBack", "IncompleteUserAgent", "Incomplete", "IncompleteFields",
		"RootSignIn", "RootCliSignIn", "CliSignIn", "OAuthGrant", "RootCredentialChange", "RootCredentialChangeFailed", "RootUserCredentialChange",
		"AssumeRoot", "SigninAnomaly", "Tampering", "SecurityCallDenied", "IncompleteSecurity"}
	if !slices.Equal(with, want) {
		t.Errorf("rule ids = %v, want %v", with, want)
	}
	without := ids(mustRules(t, Options{}))
	if slices.Contains(without, "SwitchRole") || slices.Contains(without, "SwitchRoleArrival") || slices.Contains(without, "SwitchBack") || len(without) != len(want)-3 {
		t.Errorf("without switch events: %v", without)
	}
	signIn := ids(mustRules(t, Options{IncludeSwitch: true, Group: GroupSignIn}))
	security := ids(mustRules(t, Options{IncludeSwitch: true, Group: GroupSecurity}))
	if !slices.Equal(slices.Concat(signIn, security), want) || !slices.Equal(security, want[12:]) {
		t.Errorf("groups split the rules as %v + %v", signIn, security)
	}
	if bg := ids(mustRules(t, Options{IncludeSwitch: true, Group: GroupBreakGlass})); len(bg) != 0 {
		t.Errorf("break-glass rules without break-glass roles: %v", bg)
	}
	// With roles, the break-glass group follows, the other groups keep
	// their ids (and their order).
	withRoles := ids(mustRules(t, Options{IncludeSwitch: true, BreakGlassRoles: []string{"BreakGlass"}}))
	wantBG := []string{"BreakGlassAssumeRole", "BreakGlassAssumeRoleWithSourceIdentity", "BreakGlassCrossAccount", "BreakGlassCrossAccountWithSourceIdentity",
		"BreakGlassService", "BreakGlassFederation", "BreakGlassFederationWithSourceIdentity", "BreakGlassDenied", "BreakGlassIncomplete",
		"BreakGlassSwitchRole", "BreakGlassSwitchRoleArrival"}
	if !slices.Equal(withRoles, slices.Concat(want, wantBG)) {
		t.Errorf("rule ids with break-glass roles = %v, want %v", withRoles, slices.Concat(want, wantBG))
	}
	if bg := ids(mustRules(t, Options{BreakGlassRoles: []string{"BreakGlass"}, Group: GroupBreakGlass})); !slices.Equal(bg, wantBG[:9]) {
		t.Errorf("break-glass rules without switch events = %v, want %v", bg, wantBG[:9])
	}
	if bg := ids(mustRules(t, Options{BreakGlassRoles: []string{"BreakGlass"}, IncludeSwitch: true, Group: GroupBreakGlassSwitch})); !slices.Equal(bg, wantBG[9:]) {
		t.Errorf("break-glass switch rules = %v, want %v", bg, wantBG[9:])
	}
	if bg := ids(mustRules(t, Options{BreakGlassRoles: []string{"BreakGlass"}, Group: GroupBreakGlassSwitch})); len(bg) != 0 {
		t.Errorf("break-glass switch rules without switch events = %v", bg)
	}
}

// testBreakGlassRoles is a list of break-glass roles of every kind: names
// and ARNs with and without a path.
var testBreakGlassRoles = []string{"BreakGlass", "arn:aws:iam::444455556666:role/ops/Emergency", "arn:aws:iam::111122223333:role/Recovery"}

// longBreakGlassRoles are MaxBreakGlassRoles roles: 12 names and 8 ARNs
// with a path, all with names of 20 characters.
func longBreakGlassRoles() []string {
	var out []string
	for i := 0; len(out) < MaxBreakGlassRoles; i++ {
		if i < 12 {
			out = append(out, fmt.Sprintf("EmergencyAccess%05d", i))
		} else {
			out = append(out, fmt.Sprintf("arn:aws:iam::1111222233%02d:role/break-glass/EmergencyAccess%05d", i, i))
		}
	}
	return out
}

// TestNoLabelWithoutValue: every placeholder a chat message shows is
// guaranteed present and non-empty by the rule's own pattern (or by the
// EventBridge envelope), in every alternative of the pattern; a <a|b> group
// needs one of its placeholders there. So no chat message ever shows a
// label without a value, nor a link with a hole. The generic webhook keeps
// its documented document, where "" stands for a missing field.
func TestNoLabelWithoutValue(t *testing.T) {
	n := 0
	for _, kind := range []Kind{KindSlack, KindSlackApp, KindTeams, KindDiscord} {
		for _, includeSwitch := range []bool{true, false} {
			for _, r := range mustRules(t, Options{IncludeSwitch: includeSwitch, Kind: kind, SlackChannel: "C0123456789", IncludeTest: true, Burst: Burst{Threshold: 10, PeriodMinutes: 5},
				Filters: Filters{IgnoreSourceIPs: []string{"203.0.113.0/24"}, Accounts: []string{"111122223333"}}, BreakGlassRoles: testBreakGlassRoles}) {
				n++
				if g := Unguaranteed(r.Pattern, r.Shows); g != nil {
					t.Errorf("%s %s shows <%s>, which an alternative of its pattern does not guarantee: %s", kind, r.ID, strings.Join(g, "|"), mustJSON(t, r.Pattern))
				}
				shown := map[string]bool{}
				for _, g := range r.Shows {
					for _, name := range g {
						shown[name] = true
					}
				}
				for name := range r.Transformer.InputPathsMap {
					if !shown[name] {
						t.Errorf("%s %s uses <%s> outside the groups it declares", kind, r.ID, name)
					}
				}
			}
		}
	}
	// 4 kinds x (26 rules with switch events + 23 without, test and burst
	// included, and the break-glass rules: 11 with switch events, 9 without)
	if n != 4*(26+11+23+9) {
		t.Errorf("checked %d rules, want %d", n, 4*(26+11+23+9))
	}
}

func TestGuaranteed(t *testing.T) {
	p := Pattern{Source: []string{"aws.signin"}, DetailType: []string{DetailType}, Detail: Object{
		"userAgent": nonEmpty(), "a": missing(), "b": []any{map[string]any{"exists": true}}, "c": []any{map[string]any{"anything-but": map[string]any{"prefix": "x"}}},
		"d": prefix("AWS"), "e": []any{false}, "f": anythingBut("Root"), "i": absent(), "j": missingOr("x"),
		"$or": []any{map[string]any{"g": nonEmpty(), "h": nonEmpty()}, map[string]any{"g": oneOf("x")}},
	}}
	g := Guaranteed(p)
	for _, want := range []string{"$.account", "$.detail.userAgent", "$.detail.d", "$.detail.e", "$.detail.g"} {
		if !g[want] {
			t.Errorf("%s not guaranteed", want)
		}
	}
	// CloudTrail documents eventID and sourceIPAddress as always written,
	// but records from tests and datasets lack them: not assumed.
	for _, not := range []string{"$.detail.a", "$.detail.b", "$.detail.c", "$.detail.f", "$.detail.h", "$.detail.i", "$.detail.j", "$.detail.eventID", "$.detail.sourceIPAddress"} {
		if g[not] {
			t.Errorf("%s guaranteed", not)
		}
	}
	if alts := Alternatives(p); len(alts) != 2 || !alts[0]["$.detail.h"] || alts[1]["$.detail.h"] {
		t.Errorf("alternatives = %v, want h in the first only", alts)
	}
	union := Pattern{Source: []string{"aws.x"}, Detail: Object{"$or": []any{
		map[string]any{"requestParameters": map[string]any{"name": nonEmpty()}},
		map[string]any{"requestParameters": map[string]any{"rule": nonEmpty()}},
	}}}
	if g := Unguaranteed(union, [][]string{{"resourceName", "ruleName"}}); g != nil {
		t.Errorf("<resourceName|ruleName> not guaranteed by name-or-rule: %v", g)
	}
	if g := Unguaranteed(union, [][]string{{"resourceName"}}); g == nil {
		t.Error("<resourceName> alone guaranteed by name-or-rule")
	}
	// The forms of the break-glass rules: an ending without regard to case
	// guarantees a value, a wildcard exclusion only when it excludes "".
	bg := Guaranteed(Pattern{Source: []string{"aws.sts"}, DetailType: []string{DetailTypeAPICall}, Detail: Object{
		"i": []any{map[string]any{"suffix": map[string]any{"equals-ignore-case": "/BreakGlass"}}},
		"j": []any{map[string]any{"anything-but": map[string]any{"wildcard": []any{"", "*/BreakGlass"}}}},
		"k": []any{map[string]any{"anything-but": map[string]any{"wildcard": []any{"*/BreakGlass"}}}},
		"l": absent(),
	}})
	if !bg["$.detail.i"] || !bg["$.detail.j"] || bg["$.detail.k"] || bg["$.detail.l"] {
		t.Errorf("break-glass forms guaranteed: i %v, j %v, k %v, l %v; want true, true, false, false", bg["$.detail.i"], bg["$.detail.j"], bg["$.detail.k"], bg["$.detail.l"])
	}
	if Guaranteed(anomalyPattern())["$.detail.eventID"] {
		t.Error("an anomaly alert is no CloudTrail record: eventID is not guaranteed")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEverySeverityHasARule(t *testing.T) {
	rules := mustRules(t, Options{IncludeSwitch: true, BreakGlassRoles: testBreakGlassRoles})
	for _, s := range Severities {
		if !slices.ContainsFunc(rules, func(r Rule) bool { return r.Severity == s }) {
			t.Errorf("no rule for severity %s", s)
		}
	}
}

// TestTemplatesRenderValidJSON substitutes hostile values the way EventBridge
// does (whole values quoted and escaped, in-string values raw) and checks
// that the body parses.
func TestTemplatesRenderValidJSON(t *testing.T) {
	hostile := `He said "hi" \ <!channel>` + "\t\n"
	for _, kind := range Kinds {
		for _, r := range mustRules(t, Options{IncludeSwitch: true, AccountName: `Prod "EU" & co`, Kind: kind, SlackChannel: "C0123456789", BreakGlassRoles: testBreakGlassRoles}) {
			t.Run(string(kind)+"/"+r.ID, func(t *testing.T) {
				body := substitute(r.Transformer.InputTemplate, func(name string) string {
					if slices.Contains(AttackerFields, name) {
						return hostile
					}
					return "value-of-" + name
				})
				var v map[string]any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Fatalf("rendered body is not JSON: %v\n%s", err, body)
				}
				if !strings.Contains(body, `Prod \"EU\" & co`) && !strings.Contains(body, `Prod \"EU\" & co`) && !strings.Contains(body, `Prod \"EU\" & co`) {
					t.Errorf("account name not escaped into the template: %s", body)
				}
			})
		}
	}
}

func TestTemplatesUsePlaceholdersSafely(t *testing.T) {
	for _, kind := range Kinds {
		for _, r := range mustRules(t, Options{IncludeSwitch: true, Kind: kind, SlackChannel: "C0123456789", IncludeTest: true, Burst: Burst{Threshold: 10, PeriodMinutes: 60}, BreakGlassRoles: testBreakGlassRoles}) {
			t.Run(string(kind)+"/"+r.ID, func(t *testing.T) {
				tmpl := r.Transformer.InputTemplate
				if n := len(tmpl); n > 8192 {
					t.Errorf("template is %d characters, EventBridge allows 8192", n)
				}
				if strings.Contains(tmpl, "mrkdwn") {
					t.Error("template uses mrkdwn; event values must never be rendered as markup")
				}
				// The generic document may hold "" for a missing field; the chat
				// formats reject empty text, so there formatted fields stay
				// inside string literals.
				emptyOK := kind == KindWebhook
				for _, m := range placeholderRE.FindAllStringSubmatchIndex(tmpl, -1) {
					name := tmpl[m[2]:m[3]]
					if _, ok := r.Transformer.InputPathsMap[name]; !ok {
						t.Errorf("placeholder <%s> is not in InputPathsMap", name)
					}
					quoted := inStringLiteral(tmpl, m[0])
					switch {
					case slices.Contains(AttackerFields, name) && quoted:
						t.Errorf("attacker-chosen <%s> is inside a string literal", name)
					case slices.Contains(FormattedFields, name) && !quoted && !emptyOK:
						t.Errorf("<%s> is a whole value but may be missing: it would render an empty text", name)
					case !slices.Contains(AttackerFields, name) && !slices.Contains(FormattedFields, name):
						t.Errorf("<%s> is neither an attacker field nor a formatted field", name)
					}
				}
				for name, path := range r.Transformer.InputPathsMap {
					if Paths[name] != path {
						t.Errorf("InputPathsMap[%s] = %s, want %s", name, path, Paths[name])
					}
					if !strings.Contains(tmpl, "<"+name+">") {
						t.Errorf("InputPathsMap has unused %s", name)
					}
				}
			})
		}
	}
}

// substitute renders a template the way EventBridge does: a whole-value
// placeholder becomes a quoted, escaped JSON string, one inside a string
// literal is inserted raw.
func substitute(tmpl string, value func(name string) string) string {
	var out strings.Builder
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(tmpl, -1) {
		out.WriteString(tmpl[last:m[0]])
		v := value(tmpl[m[2]:m[3]])
		if inStringLiteral(tmpl, m[0]) {
			out.WriteString(v)
		} else {
			b, _ := json.Marshal(v)
			out.Write(b)
		}
		last = m[1]
	}
	out.WriteString(tmpl[last:])
	return out.String()
}

// inStringLiteral reports whether offset i of a JSON text lies inside a string.
func inStringLiteral(s string, i int) bool {
	in, esc := false, false
	for j := 0; j < i; j++ {
		switch c := s[j]; {
		case esc:
			esc = false
		case c == '\\' && in:
			esc = true
		case c == '"':
			in = !in
		}
	}
	return in
}

func TestPatternsWithinEventBridgeLimit(t *testing.T) {
	patterns := map[string]Pattern{
		"forward": SignInForwardPattern(ForwardOptions{IncludeSwitch: true, IgnorePrincipals: []string{"arn:aws:sts::*:assumed-role/BreakGlassDrill/*", "arn:aws:iam::111122223333:user/ci"}}),
		"alerts":  AlertForwardPattern(ForwardOptions{}),
		"watch":   WatchPattern(WatchOptions{BusNames: []string{"signin-notifier-hub"}}),
	}
	for _, roles := range [][]string{nil, testBreakGlassRoles, longBreakGlassRoles()} {
		for _, r := range mustRules(t, Options{IncludeSwitch: true, BreakGlassRoles: roles}) {
			patterns[fmt.Sprintf("%s/%d roles", r.ID, len(roles))] = r.Pattern
		}
		forward, err := BreakGlassForwardPatterns(ForwardOptions{IncludeSwitch: true, IgnorePrincipals: []string{"arn:aws:sts::*:assumed-role/Drill/*", "arn:aws:iam::111122223333:user/ci"}, BreakGlassRoles: roles})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range forward {
			patterns[fmt.Sprintf("break-glass forward %d/%d roles", i, len(roles))] = p
		}
	}
	for id, p := range patterns {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 2048 {
			t.Errorf("%s pattern is %d characters, EventBridge allows 2048", id, len(b))
		}
		if _, err := eventbridge.ParsePattern(b); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		if !strings.Contains(string(b), `"source":[`) {
			t.Errorf("%s pattern does not pin the source: %s", id, b)
		}
	}
}

func TestForwardPattern(t *testing.T) {
	names := func(p Pattern) []any {
		return p.Or[0].Detail["eventName"].([]any)
	}
	with, without := names(SignInForwardPattern(ForwardOptions{IncludeSwitch: true})), names(SignInForwardPattern(ForwardOptions{}))
	for _, n := range []any{"ConsoleLogin", "SwitchRole", "ExitRole", "PasswordUpdated"} {
		if !slices.Contains(with, n) {
			t.Errorf("forward pattern lacks %s", n)
		}
	}
	if slices.Contains(with, "CheckMfa") {
		t.Error("forward pattern includes CheckMfa")
	}
	if slices.Contains(without, "SwitchRole") || slices.Contains(without, "ExitRole") {
		t.Errorf("forward pattern without switch events still has them: %v", without)
	}
	exact := mustJSON(t, SignInForwardPattern(ForwardOptions{IgnorePrincipals: []string{"arn:aws:iam::111122223333:user/ci"}}))
	wild := mustJSON(t, SignInForwardPattern(ForwardOptions{IgnorePrincipals: []string{"arn:aws:sts::*:assumed-role/Drill/*"}}))
	if strings.Contains(exact, "wildcard") || !strings.Contains(wild, "wildcard") {
		t.Errorf("exact principals need no wildcard, wildcard ones do:\n%s\n%s", exact, wild)
	}
	if w := mustJSON(t, WatchPattern(WatchOptions{})); strings.Contains(w, "wildcard") {
		t.Errorf("the watch rule uses a wildcard: %s", w)
	}
}

func TestValidateAccountName(t *testing.T) {
	for _, ok := range []string{"", "Prod (EU)", "ünïcode 🚀"} {
		if err := ValidateAccountName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"<prod>", "a\nb", strings.Repeat("x", 65)} {
		if err := ValidateAccountName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := Rules(Options{AccountName: "<x>"}); err == nil {
		t.Error("Rules accepted an account name with a placeholder")
	}
}

func TestFallbackEscapesAccountName(t *testing.T) {
	rules := mustRules(t, Options{AccountName: "R&D"})
	var body struct{ Text string }
	tmpl := substitute(rules[0].Transformer.InputTemplate, func(string) string { return "x" })
	if err := json.Unmarshal([]byte(tmpl), &body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body.Text, "R&amp;D") {
		t.Errorf("fallback text %q does not escape & for Slack", body.Text)
	}
}

func TestValidateDelivery(t *testing.T) {
	if err := ValidateDelivery(KindSlack.DefaultRateLimit(), DefaultRetryAttempts, DefaultMaxEventAgeSeconds); err != nil {
		t.Errorf("defaults rejected: %v", err)
	}
	bad := []struct {
		rate, retries, age float64
		want               string
	}{
		{0, 1, 60, "RateLimitPerSecond 0"},
		{1.5, 1, 60, "RateLimitPerSecond 1.5"},
		{1, -1, 60, "RetryAttempts -1"},
		{1, 186, 60, "RetryAttempts 186"},
		{1, 1, 59, "59 seconds"},
		{1, 1, 86401, "86401 seconds"},
	}
	for _, b := range bad {
		err := ValidateDelivery(b.rate, b.retries, b.age)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ValidateDelivery(%v, %v, %v) = %v, want error with %q", b.rate, b.retries, b.age, err, b.want)
		}
	}
}

func TestBurstRule(t *testing.T) {
	rules := mustRules(t, Options{Burst: Burst{Threshold: 25, PeriodMinutes: 60}, Group: GroupSecurity})
	last := rules[len(rules)-1]
	if last.ID != "FailedSignInBurst" || last.Severity != SeverityFailure || !strings.Contains(last.Transformer.InputTemplate, "at least 25 within 1 hour") {
		t.Errorf("last rule = %s %s: %s", last.ID, last.Severity, last.Transformer.InputTemplate)
	}
	for _, r := range mustRules(t, Options{Group: GroupSecurity}) {
		if r.ID == "FailedSignInBurst" {
			t.Error("burst rule without a burst alarm")
		}
	}
	if !strings.Contains(mustJSON(t, AlertForwardPattern(ForwardOptions{})), BurstAlarmName) {
		t.Error("the alert forwarder does not carry the burst alarm's state change to the hub")
	}
}

// TestEvaluationPeriodsCoverTheSQSDelay: every window an alarm may use
// looks back far enough for a datapoint SQS reports 15 minutes late, and
// stays within CloudWatch's limits on Period times EvaluationPeriods.
func TestEvaluationPeriodsCoverTheSQSDelay(t *testing.T) {
	want := map[int]int{1: 16, 5: 4, 10: 3, 15: 2, 60: 2, 1440: 2}
	for minutes := 1; minutes <= 24*60; minutes++ {
		n := EvaluationPeriods(minutes)
		if w, ok := want[minutes]; ok && n != w {
			t.Errorf("EvaluationPeriods(%d) = %d, want %d", minutes, n, w)
		}
		if (n-1)*minutes < SQSMetricDelayMinutes {
			t.Errorf("%d periods of %d minutes do not cover a datapoint %d minutes late", n, minutes, SQSMetricDelayMinutes)
		}
		limit := 24 * 60
		if minutes >= 60 {
			limit = 7 * 24 * 60
		}
		if n*minutes > limit {
			t.Errorf("%d periods of %d minutes: over CloudWatch's %d minutes", n, minutes, limit)
		}
	}
}
