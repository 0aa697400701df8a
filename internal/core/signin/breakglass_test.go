package signin_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// allRules compiles every rule of every group, with the send-test rule.
func allRules(t testing.TB, kind signin.Kind, roles []string) []compiled {
	t.Helper()
	return compileRules(t, signin.Options{IncludeSwitch: true, AccountName: "Prod", Kind: kind, SlackChannel: "C0123456789", IncludeTest: true, BreakGlassRoles: roles})
}

// readOnly says whether a rule in state ENABLED ignores ev: a read-only
// management event delivered through CloudTrail (EventBridge User Guide,
// "Receiving read-only management events from AWS services").
func readOnly(ev *eventbridge.Event) bool {
	dt, _ := ev.StringField("detail-type")
	ro, ok := ev.DetailBool("readOnly")
	return strings.HasSuffix(dt, " via CloudTrail") && ok && ro
}

// forwarded reports whether an AWS STS record leaves its region: whether
// a break-glass forward rule of the roles matches it (the notifiers' rules
// of AWS STS records rely on that choice).
func forwarded(t testing.TB, roles []string, ev *eventbridge.Event) bool {
	t.Helper()
	patterns, err := signin.BreakGlassForwardPatterns(signin.ForwardOptions{IncludeSwitch: true, BreakGlassRoles: roles})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range patterns {
		raw, _ := json.Marshal(p)
		pp, err := eventbridge.ParsePattern(raw)
		if err != nil {
			t.Fatal(err)
		}
		if pp.MatchEvent(ev) {
			return true
		}
	}
	return false
}

func matching(rules []compiled, ev *eventbridge.Event) []compiled {
	var out []compiled
	for _, c := range rules {
		if c.pattern.MatchEvent(ev) && (c.rule.State == signin.StateAllManagementEvents || !readOnly(ev)) {
			out = append(out, c)
		}
	}
	return out
}

// TestCorpusWithAndWithoutBreakGlassRoles replays the samples the
// break-glass rules decide on (every AWS STS record, which reaches the
// notifiers only through a break-glass forward rule, and every console
// switch) through the whole rule set, with the corpus's break-glass roles
// and without any: one rule matches, of the sample's severity, or none; and
// the read-only assumptions reach only rules that admit read-only events.
// (The root package replays the whole corpus through the synthesized app.)
func TestCorpusWithAndWithoutBreakGlassRoles(t *testing.T) {
	for _, roles := range [][]string{nil, samples.BreakGlassRoles} {
		rules := allRules(t, signin.KindSlack, roles)
		checked := 0
		for _, s := range samples.All() {
			ev, err := eventbridge.ParseEvent(s.Event)
			if err != nil {
				t.Fatal(err)
			}
			var env struct {
				Source string
				Detail struct{ EventName string }
			}
			_ = json.Unmarshal(s.Event, &env)
			if env.Source != signin.SourceSTS && env.Detail.EventName != signin.EventSwitchRole {
				continue
			}
			want := s.Expect.SeverityWith(roles != nil)
			got := matching(rules, ev)
			if env.Source == signin.SourceSTS && env.Detail.EventName != signin.EventAssumeRoot && !forwarded(t, roles, ev) {
				got = nil
			}
			switch {
			case want == samples.SeverityNone && len(got) != 0:
				t.Errorf("%d roles: %s matched %s, want nothing", len(roles), s.Name, got[0].rule.ID)
			case want != samples.SeverityNone && (len(got) != 1 || string(got[0].rule.Severity) != want):
				t.Errorf("%d roles: %s matched %d rules (%v), want one of severity %s", len(roles), s.Name, len(got), ruleIDs(got), want)
			}
			if strings.HasPrefix(s.Name, "break-glass") {
				checked++
			}
		}
		if checked != 15 {
			t.Errorf("%d break-glass samples replayed, want 15", checked)
		}
	}
}

func ruleIDs(cs []compiled) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.rule.ID)
	}
	return out
}

// TestBreakGlassForwarders: every assumption of a listed role, and every
// refusal, leaves its region through exactly one forward rule; the
// assumptions of other roles and the near misses stay in their region; and
// without roles the forwarders are what they were.
func TestBreakGlassForwarders(t *testing.T) {
	o := signin.ForwardOptions{IncludeSwitch: true, BreakGlassRoles: samples.BreakGlassRoles}
	bg, err := signin.BreakGlassForwardPatterns(o)
	if err != nil || len(bg) != 1 {
		t.Fatalf("%d break-glass forward patterns, %v; want 1", len(bg), err)
	}
	if none, err := signin.BreakGlassForwardPatterns(signin.ForwardOptions{}); err != nil || none != nil {
		t.Errorf("break-glass forward patterns without roles: %v, %v", none, err)
	}
	forwards := []signin.Pattern{signin.SignInForwardPattern(o), signin.AlertForwardPattern(o), signin.WatchPattern(signin.WatchOptions{}), bg[0]}
	var parsed []*eventbridge.Pattern
	for _, p := range forwards {
		raw, _ := json.Marshal(p)
		pp, err := eventbridge.ParsePattern(raw)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, pp)
	}
	sts := 0
	for _, s := range samples.All() {
		var env struct{ Source string }
		_ = json.Unmarshal(s.Event, &env)
		if env.Source != signin.SourceSTS || !strings.Contains(string(s.Event), `"eventName":"AssumeRole`) {
			continue
		}
		sts++
		ev, _ := eventbridge.ParseEvent(s.Event)
		n := 0
		for _, p := range parsed {
			if p.MatchEvent(ev) {
				n++
			}
		}
		// Near misses name no listed role; the console's own AssumeRole for
		// a switch (AWS Internal) stays in its region: the switch's
		// SwitchRole records report it.
		listed := !strings.HasPrefix(s.Name, "break-glass-near-miss") && s.Name != "break-glass-switch-role-console-assume-role"
		if (listed && n != 1) || (!listed && n != 0) {
			t.Errorf("%s is forwarded by %d rules, want %d", s.Name, n, map[bool]int{true: 1}[listed])
		}
	}
	if sts != 13 {
		t.Errorf("%d assumption samples, want 13", sts)
	}
	// The sign-in forward rule is the same with and without roles.
	if mustJSON(t, signin.SignInForwardPattern(o)) != mustJSON(t, signin.SignInForwardPattern(signin.ForwardOptions{IncludeSwitch: true})) {
		t.Error("break-glass roles change the sign-in forward rule")
	}
}

// TestBreakGlassQuietedSwitch: a console switch into a listed role by a
// principal ignorePrincipals quiets still leaves its region, through the
// break-glass forward rule (once); any other switch by that principal stays
// quiet.
func TestBreakGlassQuietedSwitch(t *testing.T) {
	s, _ := samples.Get("break-glass-switch-role")
	other, _ := samples.Get("switch-role-source-account")
	o := signin.ForwardOptions{IncludeSwitch: true, IgnorePrincipals: []string{"arn:aws:iam::111122223333:user/*"}, BreakGlassRoles: samples.BreakGlassRoles}
	bg, err := signin.BreakGlassForwardPatterns(o)
	if err != nil {
		t.Fatal(err)
	}
	count := func(event []byte, withRoles bool) int {
		ev, _ := eventbridge.ParseEvent(event)
		opts := o
		patterns := append([]signin.Pattern{signin.SignInForwardPattern(opts)}, bg...)
		if !withRoles {
			patterns = patterns[:1]
		}
		n := 0
		for _, p := range patterns {
			pp, err := eventbridge.ParsePattern([]byte(mustJSON(t, p)))
			if err != nil {
				t.Fatal(err)
			}
			if pp.MatchEvent(ev) {
				n++
			}
		}
		return n
	}
	if n := count(s.Event, true); n != 1 {
		t.Errorf("a quieted switch into a break-glass role is forwarded %d times, want 1", n)
	}
	if n := count(s.Event, false); n != 0 {
		t.Errorf("without roles the quieted switch is forwarded %d times, want 0", n)
	}
	if n := count(other.Event, true); n != 0 {
		t.Errorf("a quieted switch into another role is forwarded %d times, want 0", n)
	}
	unquieted := signin.ForwardOptions{IncludeSwitch: true, IgnorePrincipals: []string{"arn:aws:iam::999999999999:user/ci"}, BreakGlassRoles: samples.BreakGlassRoles}
	bg2, _ := signin.BreakGlassForwardPatterns(unquieted)
	ev, _ := eventbridge.ParseEvent(s.Event)
	n := 0
	for _, p := range append([]signin.Pattern{signin.SignInForwardPattern(unquieted)}, bg2...) {
		pp, _ := eventbridge.ParsePattern([]byte(mustJSON(t, p)))
		if pp.MatchEvent(ev) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a switch into a break-glass role by a principal nobody quiets is forwarded %d times, want 1", n)
	}
}

func TestValidateBreakGlassRoles(t *testing.T) {
	for _, ok := range [][]string{nil, {"BreakGlass"}, samples.BreakGlassRoles, {"a.b@c=d,e+f-g_h"}, {"arn:aws:iam::111122223333:role/a/b/c/BreakGlass", "Other"}} {
		if err := signin.ValidateBreakGlassRoles(ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	many := make([]string, signin.MaxBreakGlassRoles+1)
	for i := range many {
		many[i] = fmt.Sprintf("Role%d", i)
	}
	long := make([]string, signin.MaxBreakGlassRoles)
	for i := range long {
		long[i] = fmt.Sprintf("arn:aws:iam::1111222233%02d:role/%sRole%02d", i, strings.Repeat("path/", 10), i)
	}
	for _, tc := range []struct {
		list []string
		want string
	}{
		{[]string{"Break*"}, `"Break*" has a wildcard: list each role by its exact name or ARN`},
		{[]string{"arn:aws:sts::111122223333:assumed-role/BreakGlass/x"}, "is neither a role name nor a role ARN"},
		{[]string{"arn:aws-cn:iam::111122223333:role/BreakGlass"}, "is neither a role name nor a role ARN"},
		{[]string{"Break Glass"}, "is neither a role name nor a role ARN"},
		{[]string{strings.Repeat("x", 65)}, "is neither a role name nor a role ARN"},
		{[]string{"BreakGlass", "breakglass"}, `"breakglass" is listed twice (with "BreakGlass"; IAM does not distinguish role names by case)`},
		{[]string{"arn:aws:iam::111122223333:role/a/X", "arn:aws:iam::111122223333:role/X"}, "is listed twice"},
		{[]string{"arn:aws:iam::111122223333:role/X", "X"}, `break-glass role "X" already covers "arn:aws:iam::111122223333:role/X" in every account`},
		{many, "21 break-glass roles are listed: list at most 20"},
		{long, "together make rule SwitchRole's event pattern"},
	} {
		err := signin.ValidateBreakGlassRoles(tc.list)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: err = %v, want one line with %q", tc.list, err, tc.want)
		}
		if _, rerr := signin.Rules(signin.Options{BreakGlassRoles: tc.list}); rerr == nil {
			t.Errorf("Rules accepted %v", tc.list)
		}
	}
}

// TestBreakGlassWildcardsAndParts: which break-glass rules need wildcards
// (EventBridge quota: 30 per bus) and how the longest list splits.
func TestBreakGlassWildcardsAndParts(t *testing.T) {
	wild := func(roles []string) (ids []string) {
		rules, err := signin.Rules(signin.Options{IncludeSwitch: true, BreakGlassRoles: roles})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			if strings.Contains(mustJSON(t, r.Pattern), `"wildcard"`) {
				ids = append(ids, r.ID)
			}
		}
		return ids
	}
	if got := wild(nil); len(got) != 0 {
		t.Errorf("wildcard rules without roles: %v", got)
	}
	if got, want := wild([]string{"BreakGlass"}), []string{"SwitchRole", "SwitchRoleArrival", "BreakGlassSwitchRoleArrival"}; !slices.Equal(got, want) {
		t.Errorf("wildcard rules with a role name: %v, want %v", got, want)
	}
	if got, want := wild([]string{"arn:aws:iam::111122223333:role/BreakGlass"}), []string{"SwitchRoleArrival"}; !slices.Equal(got, want) {
		t.Errorf("wildcard rules with a role ARN: %v, want %v", got, want)
	}
	var twenty []string
	for i := range signin.MaxBreakGlassRoles {
		twenty = append(twenty, fmt.Sprintf("BreakGlass%02d", i))
	}
	var rules []signin.Rule
	for _, g := range []signin.Group{signin.GroupBreakGlass, signin.GroupBreakGlassSwitch} {
		rs, err := signin.Rules(signin.Options{IncludeSwitch: true, BreakGlassRoles: twenty, Group: g})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Group != g || (g == signin.GroupBreakGlassSwitch) != strings.HasPrefix(r.ID, "BreakGlassSwitch") {
				t.Errorf("%s is in group %s", r.ID, r.Group)
			}
		}
		rules = append(rules, rs...)
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	if want := []string{"BreakGlassAssumeRole", "BreakGlassAssumeRoleWithSourceIdentity", "BreakGlassCrossAccount", "BreakGlassCrossAccountWithSourceIdentity",
		"BreakGlassService", "BreakGlassFederation", "BreakGlassFederationWithSourceIdentity", "BreakGlassDenied", "BreakGlassIncomplete",
		"BreakGlassSwitchRole", "BreakGlassSwitchRoleArrival"}; !slices.Equal(ids, want) {
		t.Errorf("20 role names give the break-glass rules %v, want %v", ids, want)
	}
	// The rules of AWS STS records hold no role (the forwarders chose); the
	// switch rules list them, as every switch reaches the bus.
	for _, r := range rules {
		if lists := strings.Contains(mustJSON(t, r.Pattern), "BreakGlass07"); lists != strings.HasPrefix(r.ID, "BreakGlassSwitch") {
			t.Errorf("%s lists the roles: %v", r.ID, lists)
		}
	}
	forward, err := signin.BreakGlassForwardPatterns(signin.ForwardOptions{BreakGlassRoles: twenty})
	if err != nil || len(forward) != 2 {
		t.Errorf("20 role names need %d forward rules, %v; want 2 (assumptions, refusals)", len(forward), err)
	}
}

// The break-glass fuzzer's fields, in argument order.
var bgFields = []string{"eventName", "type", "arn", "accountId", "invokedBy", "identityProvider", "userName", "userAgent",
	"roleArn", "roleSessionName", "sourceIdentity", "sharedEventID", "errorCode", "errorMessage", "sourceIPAddress", "eventID"}

// bgEvent builds an AWS STS envelope; a field whose bit is set in absent is
// left out.
func bgEvent(v []string, absent uint32) []byte {
	detail := map[string]any{"eventSource": "sts.amazonaws.com", "eventType": "AwsApiCall", "eventTime": "2026-11-28T10:00:00Z", "awsRegion": "us-east-1", "readOnly": true}
	id, rp := map[string]any{}, map[string]any{}
	into := []map[string]any{detail, id, id, id, id, id, id, detail, rp, rp, rp, detail, detail, detail, detail, detail}
	keys := []string{"eventName", "type", "arn", "accountId", "invokedBy", "identityProvider", "userName", "userAgent", "roleArn", "roleSessionName", "sourceIdentity", "sharedEventID", "errorCode", "errorMessage", "sourceIPAddress", "eventID"}
	for i, k := range keys {
		if absent&(1<<i) == 0 {
			into[i][k] = v[i]
		}
	}
	detail["userIdentity"] = id
	if absent&(1<<16) == 0 {
		detail["requestParameters"] = rp
	} else {
		detail["requestParameters"] = nil
	}
	return envelope(signin.SourceSTS, signin.DetailTypeAPICall, "us-east-1", detail)
}

// roleOf splits a break-glass entry: a name (account "") or an ARN and its
// ARN forms.
func roleOf(entry string) (account, name string, arns []string) {
	if !strings.HasPrefix(entry, "arn:") {
		return "", entry, nil
	}
	account = strings.Split(entry, ":")[4]
	name = entry[strings.LastIndex(entry, "/")+1:]
	return account, name, []string{entry, "arn:aws:iam::" + account + ":role/" + name}
}

// expectBreakGlass is the specification of the break-glass rules for an
// AWS STS record, written independently of the patterns: the base id of the
// rule that must report it, or "" for none. A wildcard * is any run of
// characters (EventBridge User Guide, "Content filtering in event
// patterns").
func expectBreakGlass(v []string, absent uint32, roles []string) string {
	has := func(f string) bool { return absent&(1<<slices.Index(bgFields, f)) == 0 }
	val := func(f string) string { return v[slices.Index(bgFields, f)] }
	good := func(f string) bool { return has(f) && val(f) != "" }
	is := func(f, want string) bool { return has(f) && val(f) == want }
	hasParams := absent&(1<<16) == 0
	name := val("eventName")
	if !has("eventName") || !slices.Contains(signin.AssumeRoleEvents, name) {
		return ""
	}
	// Where the record was made: the console's own AssumeRole for a switch
	// (AWS Internal) stays in its region, a record without an address
	// (CloudTrail always writes one) reaches the hub's IncompleteSecurity,
	// which reports what it has; every break-glass message shows it.
	where := func(rule string) string {
		switch {
		case is("sourceIPAddress", signin.AWSInternal):
			return ""
		case !good("sourceIPAddress"):
			return "IncompleteSecurity"
		}
		return rule
	}
	if has("errorCode") {
		if name != signin.EventAssumeRole || val("errorCode") != "AccessDenied" || !has("errorMessage") {
			return ""
		}
		for _, r := range roles {
			account, rname, arns := roleOf(r)
			var forms []string
			if account == "" {
				forms = []string{".*/" + regexp.QuoteMeta(rname)}
			}
			for _, a := range arns {
				forms = append(forms, regexp.QuoteMeta(a))
			}
			for _, f := range forms {
				if regexp.MustCompile(`(?s)^.*resource: ` + f + `( .*)?$`).MatchString(val("errorMessage")) {
					return where("BreakGlassDenied")
				}
			}
		}
		return ""
	}
	listed := false
	if hasParams && has("roleArn") {
		for _, r := range roles {
			account, rname, arns := roleOf(r)
			if account == "" && strings.HasSuffix(strings.ToLower(val("roleArn")), "/"+strings.ToLower(rname)) {
				listed = true
			}
			for _, a := range arns {
				listed = listed || strings.EqualFold(a, val("roleArn"))
			}
		}
	}
	if !listed {
		return ""
	}
	if w := where("?"); w != "?" {
		return w
	}
	if !good("userAgent") || !hasParams || !good("roleSessionName") {
		return "BreakGlassIncomplete"
	}
	si := ""
	if hasParams && good("sourceIdentity") {
		si = "WithSourceIdentity"
	}
	switch {
	case name != signin.EventAssumeRole:
		if !has("type") || (val("type") != signin.IdentitySAMLUser && val("type") != signin.IdentityWebIdentityUser) || !good("identityProvider") || !good("userName") {
			return "BreakGlassIncomplete"
		}
		return "BreakGlassFederation" + si
	case is("type", signin.IdentityAWSService):
		if !good("invokedBy") {
			return "BreakGlassIncomplete"
		}
		return "BreakGlassService"
	case is("type", signin.IdentityAWSAccount):
		if !good("accountId") {
			return "BreakGlassIncomplete"
		}
		return "BreakGlassCrossAccount" + si
	case has("sharedEventID"):
		return "" // the caller account's copy of a cross-account assumption
	case !good("arn"):
		return "BreakGlassIncomplete"
	}
	return "BreakGlassAssumeRole" + si
}

// FuzzBreakGlassRules puts arbitrary strings in every field the break-glass
// rules read and checks the chain as FuzzRules does, from the region's
// break-glass forward rules to the whole rule set (every group) of every
// destination format: at most one rule matches,
// the one the specification names; the body is valid for the destination;
// no chat message shows a label without a value; attacker-chosen text
// (user agent, federated user name, a refusal's message) is never markup.
func FuzzBreakGlassRules(f *testing.F) {
	for _, s := range samples.All() {
		var ev struct {
			Source string
			Detail map[string]any
		}
		_ = json.Unmarshal(s.Event, &ev)
		if ev.Source != signin.SourceSTS {
			continue
		}
		id, _ := ev.Detail["userIdentity"].(map[string]any)
		rp, hasParams := ev.Detail["requestParameters"].(map[string]any)
		from := func(m map[string]any, k string) any { return m[k] }
		vals := []any{ev.Detail["eventName"], id["type"], id["arn"], id["accountId"], id["invokedBy"], id["identityProvider"], id["userName"], ev.Detail["userAgent"],
			from(rp, "roleArn"), from(rp, "roleSessionName"), from(rp, "sourceIdentity"), ev.Detail["sharedEventID"], ev.Detail["errorCode"], ev.Detail["errorMessage"], ev.Detail["sourceIPAddress"], ev.Detail["eventID"]}
		v, absent := fuzzStrings(vals)
		if !hasParams {
			absent |= 1 << 16
		}
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], absent)
		// The same record without its source IP address, with an empty
		// one, and made by AWS itself without a user agent.
		ip := slices.Index(bgFields, "sourceIPAddress")
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], absent|1<<ip)
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], "", v[15], absent&^(1<<ip))
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], "", v[8], v[9], v[10], v[11], v[12], v[13], signin.AWSInternal, v[15], absent&^(1<<ip))
	}
	type set struct {
		kind  signin.Kind
		rules []compiled
	}
	var sets []set
	for _, kind := range signin.Kinds {
		sets = append(sets, set{kind, allRules(f, kind, samples.BreakGlassRoles)})
	}
	f.Fuzz(func(t *testing.T, eventName, typ, arn, accountID, invokedBy, idp, userName, userAgent, roleArn, session, sourceIdentity, shared, errorCode, errorMessage, ip, eventID string, absent uint32) {
		v := []string{eventName, typ, arn, accountID, invokedBy, idp, userName, userAgent, roleArn, session, sourceIdentity, shared, errorCode, errorMessage, ip, eventID}
		raw := bgEvent(v, absent)
		ev, err := eventbridge.ParseEvent(raw)
		if err != nil {
			t.Fatal(err)
		}
		var generic map[string]any
		_ = json.Unmarshal(raw, &generic)
		want := expectBreakGlass(v, absent, samples.BreakGlassRoles)
		reaches := forwarded(t, samples.BreakGlassRoles, ev)
		for _, s := range sets {
			got := matching(s.rules, ev)
			if !reaches {
				got = nil // the record stays in its region
			}
			if len(got) > 1 {
				t.Fatalf("%d rules match (%v): patterns must be mutually exclusive\n%s", len(got), ruleIDs(got), raw)
			}
			if want == "" {
				if len(got) != 0 {
					t.Fatalf("rule %s matches an event that must not notify\n%s", got[0].rule.ID, raw)
				}
				continue
			}
			wantSeverity := signin.SeverityBreakGlass
			if want == "IncompleteSecurity" {
				wantSeverity = signin.SeverityIncomplete
			}
			if len(got) == 0 || signin.BaseRuleID(got[0].rule.ID) != want || got[0].rule.Severity != wantSeverity {
				t.Fatalf("want rule %s, matched %v\n%s", want, ruleIDs(got), raw)
			}
			if !wellFormedBreakGlass(v, absent) {
				continue // a malformed AWS-formatted value may make EventBridge drop the event (documented)
			}
			body, err := got[0].tr.Render(ev, eventbridge.Context{})
			if err != nil {
				if errors.Is(err, eventbridge.ErrDropped) {
					t.Fatalf("%s: dropped for well-formed AWS fields: %v\n%s", got[0].rule.ID, err, raw)
				}
				t.Fatal(err)
			}
			if s.kind != signin.KindWebhook {
				shows(t, s.kind, got[0].rule, generic, raw)
			}
			if s.kind == signin.KindDiscord && (utf8.RuneCountInString(userName) > 256 || utf8.RuneCountInString(errorMessage) > 2048) {
				continue // Discord's author name holds 256 characters (a federated user name from an identity provider), its footer 2,048 (a refusal's message: documented)
			}
			if verr := validate(s.kind, body); verr != nil {
				t.Fatalf("%s %s: invalid payload: %v\n%s", s.kind, got[0].rule.ID, verr, body)
			}
			// Attacker-chosen values that cannot legitimately appear
			// elsewhere: not in the template's own text nor in another field.
			var attacker []string
			for _, i := range []int{6, 7, 13} {
				a := v[i]
				elsewhere := strings.Contains(got[0].rule.Transformer.InputTemplate, a)
				for j, o := range v {
					elsewhere = elsewhere || (j != i && strings.Contains(o, a))
				}
				if len(a) >= 4 && !elsewhere {
					attacker = append(attacker, a)
				}
			}
			assertNoMarkup(t, s.kind, body, attacker...)
		}
	})
}

// wellFormedBreakGlass: the values the templates insert inside string
// literals look like what AWS writes (no quote, backslash, angle bracket or
// control character, at most 256 characters; AWS STS validates session
// names and source identities).
func wellFormedBreakGlass(v []string, absent uint32) bool {
	for i, name := range bgFields {
		if absent&(1<<i) != 0 || name == "userAgent" || name == "userName" || name == "errorMessage" {
			continue
		}
		s := v[i]
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 256 || strings.ContainsAny(s, "\"\\<>") || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return false
		}
		if re := formatRE[name]; re != nil && !re.MatchString(s) {
			return false
		}
	}
	return true
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
