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
		if v[0] == signin.EventSwitchRole || v[0] == signin.EventExitRole {
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

// expectSeverity is the specification of the rule set, written independently
// of the patterns: which severity an event must get ("" = no message), with
// the break-glass roles breakGlass (a console switch into one of them is
// break-glass, not switch-role).
func expectSeverity(ev map[string]any, includeSwitch bool, breakGlass []string) signin.Severity {
	d := ev["detail"].(map[string]any)
	str := func(m map[string]any, k string) (string, bool) { s, ok := m[k].(string); return s, ok }
	good := func(m map[string]any, k string) bool { s, ok := str(m, k); return ok && s != "" }
	id := d["userIdentity"].(map[string]any)
	extra, _ := d["additionalEventData"].(map[string]any)
	name, _ := str(d, "eventName")
	typ, hasType := str(id, "type")
	mfa, hasMFA := str(extra, "MFAUsed")
	var result string
	re, _ := d["responseElements"].(map[string]any)
	result, _ = str(re, "ConsoleLogin")
	uaOK := good(d, "userAgent")
	root := hasType && typ == "Root"
	nonRootEvent := name == "ConsoleLogin" || (includeSwitch && (name == "SwitchRole" || name == "ExitRole"))
	failure := name == "ConsoleLogin" && hasType && typ != "Root" && result == "Failure"
	success := name == "ConsoleLogin" && hasType && typ != "Root" && result == "Success"
	_, switchToPresent := extra["SwitchTo"]
	switch {
	case root && slices.Contains(signin.RootCredentialEvents, name):
		return signin.SeverityRoot // a credential change always notifies; it shows no user agent
	case name == signin.EventCLILogin:
		if !hasType || !good(id, "arn") || !uaOK {
			return "" // documented gap: an incomplete aws login record is not reported
		}
		if root {
			return signin.SeverityRoot
		}
		return signin.SeveritySignIn
	case nonRootEvent && !uaOK:
		return signin.SeverityIncomplete
	case failure && !good(id, "userName"):
		return signin.SeverityIncomplete
	case name == "ConsoleLogin" && root:
		if !good(re, "ConsoleLogin") || !good(extra, "MFAUsed") {
			return signin.SeverityIncomplete
		}
		return signin.SeverityRoot
	case failure:
		if !good(d, "errorMessage") {
			return signin.SeverityIncomplete
		}
		return signin.SeverityFailure
	case success && !good(id, "arn"):
		return signin.SeverityIncomplete
	case success && typ == "IAMUser" && (!hasMFA || !strings.EqualFold(mfa, "yes")):
		return signin.SeverityNoMFA
	case success:
		return signin.SeveritySignIn
	case includeSwitch && (name == "SwitchRole" || name == "ExitRole") && !good(id, "arn"):
		return signin.SeverityIncomplete
	case includeSwitch && name == "SwitchRole":
		switch {
		case good(extra, "SwitchTo"):
			if switchedInto(extra["SwitchTo"].(string), breakGlass) {
				return signin.SeverityBreakGlass
			}
			return signin.SeveritySwitchRole
		case !switchToPresent && good(extra, "SwitchFrom"):
			if arn, _ := str(id, "arn"); sessionOf(arn, breakGlass) {
				return signin.SeverityBreakGlass
			}
			return signin.SeveritySwitchRole
		}
		return signin.SeverityIncomplete
	case includeSwitch && name == "ExitRole":
		return signin.SeveritySwitchBack
	}
	return ""
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

// cloudTrailValid says whether the record has the fields CloudTrail always
// writes (signin.CloudTrailFields): only for such records does a chat
// message promise a value for every label.
func cloudTrailValid(d map[string]any) bool {
	for _, k := range []string{"eventID", "eventName", "sourceIPAddress"} {
		if s, ok := d[k].(string); !ok || s == "" {
			return false
		}
	}
	return true
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

var iamUserNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

type compiled struct {
	rule    signin.Rule
	pattern *eventbridge.Pattern
	tr      *eventbridge.Transformer
}

func compile(t testing.TB, includeSwitch bool, kind signin.Kind, breakGlass []string) []compiled {
	rules, err := signin.Rules(signin.Options{IncludeSwitch: includeSwitch, AccountName: "Prod", Kind: kind, SlackChannel: "C0123456789", BreakGlassRoles: breakGlass})
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
	v := make([]string, len(sources))
	var absent uint16
	for i, s := range sources {
		str, ok := s.(string)
		if !ok {
			absent |= 1 << i
		}
		v[i] = str
	}
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
			want := expectSeverity(generic, set.includeSwitch, set.breakGlass)
			if len(matched) > 1 {
				t.Fatalf("switch=%v: %d rules match (%s, %s, ...): patterns must be mutually exclusive\n%s", set.includeSwitch, len(matched), matched[0].rule.ID, matched[1].rule.ID, raw)
			}
			if want == "" {
				if len(matched) != 0 {
					t.Fatalf("switch=%v: rule %s matches an event that must not notify\n%s", set.includeSwitch, matched[0].rule.ID, raw)
				}
				continue
			}
			if len(matched) == 0 || matched[0].rule.Severity != want {
				t.Fatalf("switch=%v: want severity %s, matched %v\n%s", set.includeSwitch, want, matched, raw)
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
			if set.kind != signin.KindWebhook && cloudTrailValid(generic["detail"].(map[string]any)) {
				for name, path := range matched[0].rule.Transformer.InputPathsMap {
					if v, ok := valueAt(generic, path); !ok || v == "" {
						t.Fatalf("%s %s: <%s> (%s) renders empty: a label without a value\n%s", set.kind, matched[0].rule.ID, name, path, raw)
					}
				}
			}
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
