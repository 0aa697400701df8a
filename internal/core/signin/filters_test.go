package signin

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

func TestComplementCIDRsCoversExactlyTheRest(t *testing.T) {
	ignored := []string{"203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32", "192.0.2.128/25"}
	keep, err := complementCIDRs(ignored)
	if err != nil {
		t.Fatal(err)
	}
	var keepP, ignP []netip.Prefix
	for _, k := range keep {
		keepP = append(keepP, netip.MustParsePrefix(k))
	}
	for _, k := range ignored {
		ignP = append(ignP, netip.MustParsePrefix(k))
	}
	in := func(set []netip.Prefix, a netip.Addr) int {
		n := 0
		for _, p := range set {
			if p.Contains(a) {
				n++
			}
		}
		return n
	}
	rng := rand.New(rand.NewPCG(1, 2))
	probe := []netip.Addr{netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("203.0.112.255"), netip.MustParseAddr("10.255.255.255"), netip.MustParseAddr("11.0.0.0"), netip.MustParseAddr("192.0.2.127"), netip.MustParseAddr("192.0.2.128"), netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db9::1"), netip.MustParseAddr("::")}
	for i := 0; i < 2000; i++ {
		var b4 [4]byte
		var b16 [16]byte
		for j := range b4 {
			b4[j] = byte(rng.UintN(256))
		}
		for j := range b16 {
			b16[j] = byte(rng.UintN(256))
		}
		probe = append(probe, netip.AddrFrom4(b4), netip.AddrFrom16(b16))
	}
	for _, a := range probe {
		k, ig := in(keepP, a), in(ignP, a)
		if (ig > 0) == (k > 0) || k > 1 {
			t.Fatalf("%s: in %d kept ranges and %d ignored ranges; want exactly one of the two", a, k, ig)
		}
	}
	if len(keep) > 32*4+128*1 {
		t.Errorf("complement has %d ranges: not minimal", len(keep))
	}
}

// signInEvent is a successful IAM user sign-in with MFA.
func signInEvent(ip, arn, account string) []byte {
	detail := map[string]any{
		"eventSource": EventSource, "eventName": "ConsoleLogin", "userAgent": "Mozilla/5.0",
		"userIdentity":        map[string]any{"type": "IAMUser", "userName": "alice"},
		"responseElements":    map[string]any{"ConsoleLogin": "Success"},
		"additionalEventData": map[string]any{"MFAUsed": "Yes"},
		"sourceIPAddress":     ip,
	}
	if arn == "" {
		arn = "arn:aws:iam::" + account + ":user/alice"
	}
	detail["userIdentity"].(map[string]any)["arn"] = arn
	b, _ := json.Marshal(map[string]any{"source": Source, "detail-type": DetailType, "account": account, "region": "us-east-1", "detail": detail})
	return b
}

func failureEvent(ip, arn string) []byte {
	var ev map[string]any
	_ = json.Unmarshal(signInEvent(ip, arn, "111122223333"), &ev)
	d := ev["detail"].(map[string]any)
	d["responseElements"] = map[string]any{"ConsoleLogin": "Failure"}
	d["errorMessage"] = "Failed authentication"
	if arn == "" {
		delete(d["userIdentity"].(map[string]any), "arn") // AWS records no arn for a failed IAM sign-in
	}
	b, _ := json.Marshal(ev)
	return b
}

func ruleMatches(t *testing.T, o Options, id string, event []byte) bool {
	t.Helper()
	rules, err := Rules(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.ID != id {
			continue
		}
		b, _ := json.Marshal(r.Pattern)
		p, err := eventbridge.ParsePattern(b)
		if err != nil {
			t.Fatal(err)
		}
		ok, err := p.Match(event)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	t.Fatalf("no rule %s", id)
	return false
}

func TestIgnoreSourceIPsQuietSuccessfulSignInsOnly(t *testing.T) {
	o := Options{Filters: Filters{IgnoreSourceIPs: []string{"203.0.113.0/24", "2001:db8::/32"}}}
	cases := []struct {
		rule  string
		event []byte
		want  bool
	}{
		{"SignInWithMfa", signInEvent("203.0.113.9", "arn:aws:iam::111122223333:user/alice", "111122223333"), false},
		{"SignInWithMfa", signInEvent("2001:db8::5", "arn:aws:iam::111122223333:user/alice", "111122223333"), false},
		{"SignInWithMfa", signInEvent("198.51.100.9", "arn:aws:iam::111122223333:user/alice", "111122223333"), true},
		{"SignInWithMfa", signInEvent("2001:db9::5", "arn:aws:iam::111122223333:user/alice", "111122223333"), true},
		// A failure from the office still notifies unless the user says so.
		{"FailedSignIn", failureEvent("203.0.113.9", ""), true},
	}
	for _, tc := range cases {
		if got := ruleMatches(t, o, tc.rule, tc.event); got != tc.want {
			t.Errorf("%s on %s: match = %v, want %v", tc.rule, tc.event, got, tc.want)
		}
	}
	o.Filters.IgnoreSourceIPsFor = []Severity{SeverityFailure}
	if ruleMatches(t, o, "FailedSignIn", failureEvent("203.0.113.9", "")) {
		t.Error("failure from an ignored range notifies although failure was listed explicitly")
	}
	if !ruleMatches(t, o, "SignInWithMfa", signInEvent("203.0.113.9", "", "111122223333")) {
		t.Error("with only failure listed, successful sign-ins from the range must notify")
	}
}

// TestIgnorePrincipals: the principal filter lives in the forward rule,
// applied once before any severity rule.
func TestIgnorePrincipals(t *testing.T) {
	fo := ForwardOptions{IncludeSwitch: true, IgnorePrincipals: []string{"arn:aws:iam::111122223333:user/robot", "arn:aws:sts::*:assumed-role/BreakGlassDrill/*"}}
	b, _ := json.Marshal(SignInForwardPattern(fo))
	p, err := eventbridge.ParsePattern(b)
	if err != nil {
		t.Fatal(err)
	}
	var drill map[string]any
	_ = json.Unmarshal(signInEvent("198.51.100.1", "arn:aws:sts::111122223333:assumed-role/BreakGlassDrill/jane", "111122223333"), &drill)
	drill["detail"].(map[string]any)["userIdentity"].(map[string]any)["type"] = "AssumedRole"
	drillRaw, _ := json.Marshal(drill)
	noUA := map[string]any{}
	_ = json.Unmarshal(drillRaw, &noUA)
	delete(noUA["detail"].(map[string]any), "userAgent")
	noUARaw, _ := json.Marshal(noUA)
	cases := []struct {
		name  string
		event []byte
		want  bool
	}{
		{"ignored exact arn", signInEvent("198.51.100.1", "arn:aws:iam::111122223333:user/robot", "111122223333"), false},
		{"similar arn", signInEvent("198.51.100.1", "arn:aws:iam::111122223333:user/robot2", "111122223333"), true},
		{"other user", signInEvent("198.51.100.1", "arn:aws:iam::111122223333:user/alice", "111122223333"), true},
		{"no arn (failure, unknown user)", failureEvent("198.51.100.1", ""), true},
		{"ignored wildcard role", drillRaw, false},
		{"ignored role without a user agent: incomplete, never silenced", noUARaw, true},
	}
	for _, tc := range cases {
		got, err := p.Match(tc.event)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: forwarded = %v, want %v: %s", tc.name, got, tc.want, tc.event)
		}
	}
	for _, r := range mustRules(t, Options{IncludeSwitch: true, Filters: Filters{IgnorePrincipals: fo.IgnorePrincipals}}) {
		if b, _ := json.Marshal(r.Pattern); strings.Contains(string(b), "BreakGlassDrill") || strings.Contains(string(b), "wildcard") {
			t.Errorf("severity rule %s carries the principal filter or a wildcard", r.ID)
		}
	}
}

func TestAccountsLimitNotifications(t *testing.T) {
	o := Options{Filters: Filters{Accounts: []string{"111122223333"}}}
	if !ruleMatches(t, o, "SignInWithMfa", signInEvent("198.51.100.1", "", "111122223333")) {
		t.Error("listed account does not notify")
	}
	if ruleMatches(t, o, "SignInWithMfa", signInEvent("198.51.100.1", "", "444455556666")) {
		t.Error("unlisted account notifies")
	}
}

func TestFilterErrors(t *testing.T) {
	many := make([]string, 0, 40)
	for i := 0; i < 40; i++ {
		many = append(many, fmt.Sprintf("10.%d.7.0/24", i*5))
	}
	cases := []struct {
		f    Filters
		want string
	}{
		{Filters{IgnoreSourceIPs: []string{"203.0.113.0/33"}}, `"203.0.113.0/33" is not a CIDR`},
		{Filters{IgnoreSourceIPs: []string{"203.0.113.7/24"}}, "has host bits set: use 203.0.113.0/24"},
		{Filters{IgnoreSourceIPs: []string{"0.0.0.0/0", "::/0"}}, "cover every IPv4 and IPv6 address"},
		{Filters{IgnoreSourceIPs: many}, "need more than 4 copies of rule SignInWithoutMfa to stay under EventBridge's 2048-character pattern limit: ignore fewer or wider ranges"},
		{Filters{IgnorePrincipals: []string{"alice"}}, `"alice" is not an arn`},
		{Filters{IgnorePrincipals: []string{"arn:aws:iam::**:user/x"}}, "consecutive wildcards"},
		{Filters{Accounts: []string{"12345"}}, `"12345" is not a 12-digit account id`},
		{Filters{Accounts: []string{"111122223333", "111122223333"}}, "listed twice"},
		{Filters{IgnoreSourceIPsFor: []Severity{"loud"}}, `unknown severity "loud"`},
	}
	for _, tc := range cases {
		_, err := Rules(Options{Filters: tc.f})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.f, err, tc.want)
		}
	}
}

func TestParseSeverities(t *testing.T) {
	got, err := ParseSeverities("high")
	if err != nil || fmt.Sprint(got) != "[anomaly break-glass failure incomplete no-mfa root tamper]" {
		t.Errorf("high = %v, %v", got, err)
	}
	if got, err := ParseSeverities("root+switch-role"); err != nil || len(got) != 2 {
		t.Errorf("root+switch-role = %v, %v", got, err)
	}
	if _, err := ParseSeverities("root+loud"); err == nil || !strings.Contains(err.Error(), `unknown severity "loud"`) {
		t.Errorf("err = %v", err)
	}
}

func TestSeveritiesLimitTheRules(t *testing.T) {
	rules := mustRules(t, Options{Severities: HighSeverities, IncludeSwitch: true})
	for _, r := range rules {
		if r.Severity == SeveritySignIn || r.Severity == SeveritySwitchRole {
			t.Errorf("%s (%s) defined for a high-only destination", r.ID, r.Severity)
		}
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	want := "[FailedSignIn FailedRoleSignIn SignInWithoutMfa IncompleteUserAgent Incomplete IncompleteFields RootSignIn RootCliSignIn RootCredentialChange RootCredentialChangeFailed RootUserCredentialChange AssumeRoot SigninAnomaly Tampering SecurityCallDenied IncompleteSecurity]"
	if fmt.Sprint(ids) != want {
		t.Errorf("high rules = %v, want %s", ids, want)
	}
}

func TestKindsAndChannel(t *testing.T) {
	if _, err := ParseKind("pagerduty"); err == nil || !strings.Contains(err.Error(), `unknown destination type "pagerduty": use slack, slackApp, teams, discord, webhook`) {
		t.Errorf("err = %v", err)
	}
	if _, err := Rules(Options{Kind: KindSlackApp, SlackChannel: "#security"}); err == nil || !strings.Contains(err.Error(), `"#security" is not a channel id`) {
		t.Errorf("err = %v", err)
	}
	rules := mustRules(t, Options{Kind: KindSlackApp, SlackChannel: "C0123456789"})
	if !strings.Contains(rules[0].Transformer.InputTemplate, `"channel":"C0123456789"`) {
		t.Error("chat.postMessage body lacks the channel")
	}
}

func TestLongRangeListsSplitIntoDisjointRules(t *testing.T) {
	o := Options{Filters: Filters{IgnoreSourceIPs: []string{"203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"}}}
	rules := mustRules(t, o)
	var ids []string
	for _, r := range rules {
		if BaseRuleID(r.ID) == "SignInWithMfa" {
			ids = append(ids, r.ID)
			if b, _ := json.Marshal(r.Pattern); len(b) > 2048 {
				t.Errorf("%s pattern is %d characters", r.ID, len(b))
			}
		}
	}
	if len(ids) < 2 || ids[1] != "SignInWithMfaPart2" {
		t.Fatalf("SignInWithMfa parts = %v, want a split", ids)
	}
	// Every address outside the ranges matches exactly one part; inside, none.
	for ip, want := range map[string]int{"198.51.100.7": 0, "203.0.113.200": 0, "2001:db8:1::9": 0, "192.0.2.1": 1, "8.8.8.8": 1, "2001:db9::1": 1, "::1": 1, "255.255.255.255": 1} {
		n := 0
		for _, id := range ids {
			if ruleMatches(t, o, id, signInEvent(ip, "", "111122223333")) {
				n++
			}
		}
		if n != want {
			t.Errorf("%s matches %d parts, want %d", ip, n, want)
		}
	}
	if BaseRuleID("SignInWithMfaPart3") != "SignInWithMfa" || BaseRuleID("Incomplete") != "Incomplete" || BaseRuleID("Part") != "Part" {
		t.Error("BaseRuleID")
	}
}
