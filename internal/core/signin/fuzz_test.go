package signin_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/testkit/payloadcheck"
)

// fields are the detail fields the fuzzer controls, in argument order.
var fields = []string{"eventName", "type", "userName", "arn", "userAgent", "MFAUsed", "result", "errorMessage", "sourceIPAddress", "SwitchFrom", "SwitchTo", "eventID"}

// event builds an EventBridge envelope. A field whose bit is set in absent is
// left out of the record.
func event(region string, v []string, absent uint16) []byte {
	detail := map[string]any{"eventSource": signin.EventSource, "eventType": "AwsConsoleSignIn", "eventTime": "2026-11-28T10:00:00Z", "awsRegion": region}
	identity := map[string]any{}
	extra := map[string]any{}
	set := setter(v, absent)
	set(0, detail, "eventName")
	set(1, identity, "type")
	set(2, identity, "userName")
	set(3, identity, "arn")
	set(4, detail, "userAgent")
	set(5, extra, "MFAUsed")
	if absent&(1<<6) == 0 {
		name := "ConsoleLogin"
		if v[0] == signin.EventSwitchRole || v[0] == signin.EventExitRole || slices.Contains(signin.RootCredentialEvents, v[0]) {
			name = v[0]
		}
		detail["responseElements"] = map[string]any{name: v[6]}
	}
	set(7, detail, "errorMessage")
	set(8, detail, "sourceIPAddress")
	set(9, extra, "SwitchFrom")
	set(10, extra, "SwitchTo")
	set(11, detail, "eventID")
	detail["userIdentity"] = identity
	if absent&(1<<12) == 0 {
		detail["additionalEventData"] = extra
	}
	return envelope(signin.Source, signin.DetailType, region, detail)
}

// setter returns set(i, into, key): into[key] = v[i] unless bit i of
// absent is set, which leaves the field out of the record.
func setter(v []string, absent uint16) func(i int, into map[string]any, key string) {
	return func(i int, into map[string]any, key string) {
		if absent&(1<<i) == 0 {
			into[key] = v[i]
		}
	}
}

// envelope wraps detail in an EventBridge event of account 111122223333.
func envelope(source, detailType, region string, detail map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"version": "0", "id": "6f87d04b-9f74-4f04-a780-7acf4b0a9b38", "detail-type": detailType,
		"source": source, "account": "111122223333", "time": "2026-11-28T10:00:00Z",
		"region": region, "resources": []any{}, "detail": detail,
	})
	return b
}

// expectRule is the specification of the console sign-in rules, written
// independently of the patterns: which rule must report an event ("" = no
// message), with the break-glass roles breakGlass (a console switch into
// one of them is reported by the break-glass switch rules). A field is
// "good" when present and not empty.
func expectRule(ev map[string]any, includeSwitch bool, breakGlass []string) string {
	d := ev["detail"].(map[string]any)
	str := func(m map[string]any, k string) (string, bool) { s, ok := m[k].(string); return s, ok }
	good := func(m map[string]any, k string) bool { s, ok := str(m, k); return ok && s != "" }
	id := d["userIdentity"].(map[string]any)
	extra, _ := d["additionalEventData"].(map[string]any)
	re, _ := d["responseElements"].(map[string]any)
	name, _ := str(d, "eventName")
	typ, hasType := str(id, "type")
	root := hasType && typ == "Root"
	nonRoot := []string{"ConsoleLogin"}
	if includeSwitch {
		nonRoot = append(nonRoot, "SwitchRole", "ExitRole")
	}
	if !slices.Contains(nonRoot, name) && !slices.Contains(signin.RootCredentialEvents, name) {
		return "" // CheckMfa, aws login (an API call, FuzzSecurityRules'), ...
	}
	// Every console sign-in message shows the source IP; a record without
	// one is no genuine CloudTrail record: reported as incomplete, whatever
	// else it holds.
	if !good(d, "sourceIPAddress") {
		return "IncompleteSecurity"
	}
	if slices.Contains(signin.RootCredentialEvents, name) {
		switch {
		case !root:
			return "" // an IAM user's own password: not notified
		case slices.ContainsFunc(signin.RootCredentialEvents, func(e string) bool { r, _ := str(re, e); return r == "Failure" }):
			return "RootCredentialChangeFailed"
		}
		return "RootCredentialChange" // a credential change notifies without a user agent
	}
	result, _ := str(re, "ConsoleLogin")
	mfa, hasMFA := str(extra, "MFAUsed")
	_, switchToPresent := extra["SwitchTo"]
	switch {
	case !good(d, "userAgent") && good(id, "userName"):
		return "IncompleteUserAgent"
	case !good(d, "userAgent"):
		return "Incomplete"
	case name == "ConsoleLogin" && root:
		if !good(re, "ConsoleLogin") || !good(extra, "MFAUsed") {
			return "IncompleteFields"
		}
		return "RootSignIn"
	case name == "ConsoleLogin" && hasType && result == "Failure":
		// A role or federated identity is named by its ARN, anyone else by
		// the user name typed.
		role := typ != "IAMUser" && good(id, "arn")
		switch {
		case !role && !good(id, "userName"):
			return "Incomplete"
		case !good(d, "errorMessage"):
			return "IncompleteFields"
		case role:
			return "FailedRoleSignIn"
		}
		return "FailedSignIn"
	case name == "ConsoleLogin" && hasType && result == "Success":
		switch {
		case !good(id, "arn"):
			return "IncompleteFields"
		case typ == "IAMUser" && (!hasMFA || !strings.EqualFold(mfa, "yes")):
			return "SignInWithoutMfa"
		case typ == "IAMUser":
			return "SignInWithMfa"
		}
		return "FederatedSignIn" // the fuzzed records have no Identity Center session issuer
	case name == "ConsoleLogin":
		return "" // no type, or no result: nothing to report
	case !good(id, "arn"):
		return "IncompleteFields"
	case name == "ExitRole":
		return "SwitchBack"
	case good(extra, "SwitchTo"):
		if switchedInto(extra["SwitchTo"].(string), breakGlass) {
			return "BreakGlassSwitchRole"
		}
		return "SwitchRole"
	case !switchToPresent && good(extra, "SwitchFrom"):
		if arn, _ := str(id, "arn"); sessionOf(arn, breakGlass) {
			return "BreakGlassSwitchRoleArrival"
		}
		return "SwitchRoleArrival"
	}
	return "IncompleteFields"
}

// switchedInto: a SwitchTo naming a break-glass role, compared as listed: a
// name ends it after a "/", an ARN (with or without its path) is it.
func switchedInto(switchTo string, roles []string) bool {
	for _, r := range roles {
		account, name, arns := roleOf(r)
		if (account == "" && strings.HasSuffix(switchTo, "/"+name)) || slices.Contains(arns, switchTo) {
			return true
		}
	}
	return false
}

// sessionOf: an identity ARN that is a session of a break-glass role,
// arn:aws:sts::ACCOUNT:assumed-role/NAME/ followed by anything (the
// wildcard form: * is any run of characters).
func sessionOf(arn string, roles []string) bool {
	for _, r := range roles {
		account, name, _ := roleOf(r)
		acct := ".*"
		if account != "" {
			acct = account
		}
		if regexp.MustCompile(`(?s)^arn:aws:sts::` + acct + `:assumed-role/` + regexp.QuoteMeta(name) + `/.*$`).MatchString(arn) {
			return true
		}
	}
	return false
}

// shows reports whether every placeholder group a rule declares has a
// non-empty value in the event: no label without a value.
func shows(t *testing.T, kind signin.Kind, r signin.Rule, generic map[string]any, raw []byte) {
	t.Helper()
	for _, g := range r.Shows {
		if !slices.ContainsFunc(g, func(name string) bool { v, ok := valueAt(generic, signin.Paths[name]); return ok && v != "" }) {
			t.Fatalf("%s %s: <%s> renders empty: a label without a value\n%s", kind, r.ID, strings.Join(g, "|"), raw)
		}
	}
}

// valueAt reads a $.a.b path of a decoded event.
func valueAt(ev map[string]any, path string) (string, bool) {
	var cur any = ev
	for _, k := range strings.Split(strings.TrimPrefix(path, "$."), ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		cur = m[k]
	}
	s, ok := cur.(string)
	return s, ok
}

// wellFormed says whether the fields the templates insert inside string
// literals look like what AWS writes (see signin.FormattedFields). Only then
// is a valid Slack payload guaranteed; otherwise EventBridge may drop the
// event (documented in internal/core/signin).
var formatRE = map[string]*regexp.Regexp{
	"eventID":         regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`),
	"sourceIPAddress": regexp.MustCompile(`^[0-9A-Fa-f.:]{2,45}$|^[a-z0-9.-]{1,128}$`),
}

func wellFormed(v []string, absent uint16) bool {
	for i, name := range fields {
		if absent&(1<<i) != 0 || name == "userAgent" || name == "userName" {
			continue
		}
		if !wellFormedValue(v[i]) {
			return false
		}
		if re := formatRE[name]; re != nil && !re.MatchString(v[i]) {
			return false
		}
	}
	return true
}

// wellFormedValue: no quote, backslash, angle bracket or control
// character, valid UTF-8, at most 256 runes.
func wellFormedValue(s string) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= 256 && !strings.ContainsAny(s, "\"\\<>") && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

var iamUserNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

type compiled struct {
	rule    signin.Rule
	pattern *eventbridge.Pattern
	tr      *eventbridge.Transformer
}

func ids(cs []compiled) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.rule.ID
	}
	return out
}

func compile(t testing.TB, includeSwitch bool, kind signin.Kind, breakGlass []string) []compiled {
	return compileRules(t, signin.Options{IncludeSwitch: includeSwitch, AccountName: "Prod", Kind: kind, SlackChannel: "C0123456789", BreakGlassRoles: breakGlass})
}

// compileRules builds the rules of o and compiles each pattern and input
// transformer as the emulator does.
func compileRules(t testing.TB, o signin.Options) []compiled {
	t.Helper()
	rules, err := signin.Rules(o)
	if err != nil {
		t.Fatal(err)
	}
	var out []compiled
	for _, r := range rules {
		pb, _ := json.Marshal(r.Pattern)
		p, err := eventbridge.ParsePattern(pb)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		tr, err := eventbridge.NewTransformer(r.Transformer.InputPathsMap, r.Transformer.InputTemplate)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		out = append(out, compiled{r, p, tr})
	}
	return out
}

// fuzzStrings turns the values of a record's fields into fuzz arguments:
// each string, or "" with bit i of absent set where field i is missing or
// not a string.
func fuzzStrings(vals []any) (v []string, absent uint32) {
	v = make([]string, len(vals))
	for i, x := range vals {
		str, ok := x.(string)
		if !ok {
			absent |= 1 << i
		}
		v[i] = str
	}
	return v, absent
}

// sampleArgs turns a corpus event into fuzz arguments.
func sampleArgs(t testing.TB, raw []byte) ([]string, uint16) {
	var ev struct{ Detail map[string]any }
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	id, _ := ev.Detail["userIdentity"].(map[string]any)
	extra, hasExtra := ev.Detail["additionalEventData"].(map[string]any)
	re, _ := ev.Detail["responseElements"].(map[string]any)
	var result any
	for _, v := range re {
		result = v
	}
	sources := []any{ev.Detail["eventName"], id["type"], id["userName"], id["arn"], ev.Detail["userAgent"], extra["MFAUsed"], result, ev.Detail["errorMessage"], ev.Detail["sourceIPAddress"], extra["SwitchFrom"], extra["SwitchTo"], ev.Detail["eventID"]}
	v, bits := fuzzStrings(sources)
	absent := uint16(bits)
	if !hasExtra {
		absent |= 1 << 12
	}
	return v, absent
}

// FuzzRules puts arbitrary strings in every field the rules read and checks
// the whole chain, for Slack, Teams, Discord and the generic webhook: at most
// one rule matches, exactly the one the specification names; the rendered
// body is valid for the destination (or, for malformed AWS-formatted fields,
// a documented drop); attacker-chosen text is never rendered as markup. The
// corpus seeds run in every `go test`.
func FuzzRules(f *testing.F) {
	for _, s := range samples.All() {
		v, absent := sampleArgs(f, s.Event)
		f.Add(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], absent)
	}
	// A failed sign-in of an assumed role: named by its ARN, no user name.
	f.Add("ConsoleLogin", "AssumedRole", "", "arn:aws:sts::111122223333:assumed-role/SAMLRole/jdoe", "Mozilla/5.0", "No", "Failure", "Failed authentication", "192.0.2.1", "", "", "e", uint16(1<<2|1<<9|1<<10))
	// A root password change that failed, and one without a source IP.
	f.Add("PasswordUpdated", "Root", "", "arn:aws:iam::111122223333:root", "Mozilla/5.0", "", "Failure", "", "192.0.2.1", "", "", "e", uint16(1<<2|1<<5|1<<7|1<<9|1<<10))
	f.Add("ConsoleLogin", "IAMUser", "alice", "arn:aws:iam::111122223333:user/alice", "Mozilla/5.0", "Yes", "Success", "", "", "", "", "e", uint16(1<<7|1<<8|1<<9|1<<10))
	type ruleSet struct {
		includeSwitch bool
		kind          signin.Kind
		breakGlass    []string
		rules         []compiled
	}
	var sets []ruleSet
	for _, kind := range []signin.Kind{signin.KindSlack, signin.KindTeams, signin.KindDiscord, signin.KindWebhook} {
		for _, includeSwitch := range []bool{true, false} {
			for _, breakGlass := range [][]string{nil, samples.BreakGlassRoles} {
				sets = append(sets, ruleSet{includeSwitch, kind, breakGlass, compile(f, includeSwitch, kind, breakGlass)})
			}
		}
	}
	f.Fuzz(func(t *testing.T, eventName, typ, userName, arn, userAgent, mfa, result, errMsg, ip, switchFrom, switchTo, eventID string, absent uint16) {
		v := []string{eventName, typ, userName, arn, userAgent, mfa, result, errMsg, ip, switchFrom, switchTo, eventID}
		raw := event("us-east-1", v, absent)
		ev, err := eventbridge.ParseEvent(raw)
		if err != nil {
			t.Fatalf("ParseEvent: %v", err)
		}
		var generic map[string]any
		if err := json.Unmarshal(raw, &generic); err != nil {
			t.Fatal(err)
		}
		for _, set := range sets {
			var matched []compiled
			for _, c := range set.rules {
				if c.pattern.MatchEvent(ev) {
					matched = append(matched, c)
				}
			}
			want := expectRule(generic, set.includeSwitch, set.breakGlass)
			if len(matched) > 1 {
				t.Fatalf("switch=%v: %d rules match (%s, %s, ...): patterns must be mutually exclusive\n%s", set.includeSwitch, len(matched), matched[0].rule.ID, matched[1].rule.ID, raw)
			}
			if want == "" {
				if len(matched) != 0 {
					t.Fatalf("switch=%v: rule %s matches an event that must not notify\n%s", set.includeSwitch, matched[0].rule.ID, raw)
				}
				continue
			}
			if len(matched) == 0 || matched[0].rule.ID != want {
				t.Fatalf("switch=%v: want rule %s, matched %v\n%s", set.includeSwitch, want, ids(matched), raw)
			}
			body, err := matched[0].tr.Render(ev, eventbridge.Context{})
			ok := wellFormed(v, absent)
			if err != nil {
				if !errors.Is(err, eventbridge.ErrDropped) || ok {
					t.Fatalf("%s: render failed for well-formed AWS fields: %v\n%s", matched[0].rule.ID, err, raw)
				}
				continue // documented drop: a malformed AWS-formatted field
			}
			if !ok {
				continue
			}
			if set.kind == signin.KindDiscord && absent&(1<<2) == 0 && !iamUserNameRE.MatchString(userName) {
				// Discord shows the typed user name as the author name, which
				// must not be blank and holds 256 characters. AWS records
				// there only an existing IAM user name (at most 64 of
				// [\w+=,.@-]) or HIDDEN_DUE_TO_SECURITY_REASONS.
				continue
			}
			shows(t, set.kind, matched[0].rule, generic, raw)
			if verr := validate(set.kind, body); verr != nil {
				t.Fatalf("%s %s: invalid payload: %v\nevent %s\nbody %s", set.kind, matched[0].rule.ID, verr, raw, body)
			}
			assertNoMarkup(t, set.kind, body, attackerOnly(matched[0].rule.Transformer.InputTemplate, v)...)
		}
	})
}

// attackerOnly returns the attacker-chosen values that cannot legitimately
// appear elsewhere: not part of the template's own text and not part of an
// AWS-formatted field (an IAM user's name is also in its ARN).
func attackerOnly(template string, v []string) []string {
	var out []string
	for i, name := range fields {
		if name != "userAgent" && name != "userName" {
			continue
		}
		a := v[i]
		if len(a) < 4 || strings.Contains(template, a) {
			continue
		}
		elsewhere := false
		for j, other := range fields {
			if other != "userAgent" && other != "userName" && strings.Contains(v[j], a) {
				elsewhere = true
			}
		}
		if !elsewhere {
			out = append(out, a)
		}
	}
	return out
}

func validate(kind signin.Kind, body []byte) error {
	switch kind {
	case signin.KindTeams:
		return payloadcheck.Teams(body)
	case signin.KindDiscord:
		return payloadcheck.Discord(body)
	case signin.KindWebhook:
		return payloadcheck.Webhook(body)
	}
	return payloadcheck.Slack(body)
}

// assertNoMarkup: attacker-chosen values appear only where the destination
// never parses markup (Slack: rich_text, and no mrkdwn at all; Teams:
// TextRun; Discord: author name). The generic document has no markup.
func assertNoMarkup(t *testing.T, kind signin.Kind, body []byte, attacker ...string) {
	t.Helper()
	type loc struct{ kind, pointer, text string }
	var locs []loc
	safe := "plain"
	switch kind {
	case signin.KindWebhook:
		return
	case signin.KindTeams:
		for _, l := range payloadcheck.TeamsTextLocations(body) {
			locs = append(locs, loc{string(l.Kind), l.Pointer, l.Text})
		}
	case signin.KindDiscord:
		for _, l := range payloadcheck.DiscordTextLocations(body) {
			locs = append(locs, loc{string(l.Kind), l.Pointer, l.Text})
		}
	default:
		safe = string(payloadcheck.KindRichText)
		for _, l := range payloadcheck.SlackTextLocations(body) {
			if l.Kind == payloadcheck.KindMarkdown {
				t.Fatalf("mrkdwn text at %s: %q", l.Pointer, l.Text)
			}
			locs = append(locs, loc{string(l.Kind), l.Pointer, l.Text})
		}
	}
	for _, l := range locs {
		for _, a := range attacker {
			if strings.Contains(l.text, a) && l.kind != safe {
				t.Fatalf("%s: attacker-chosen %q rendered as %s at %s", kind, a, l.kind, l.pointer)
			}
		}
	}
}
