package signin_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// securitySources are the (source, eventSource, detail-type) triples of the
// security rules, plus two that must never notify.
var securitySources = [][3]string{
	{signin.SourceSTS, "sts.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceIAM, "iam.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceCloudTrail, "cloudtrail.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceEvents, "events.amazonaws.com", signin.DetailTypeAPICall},
	{signin.Source, signin.EventSource, signin.DetailTypeAnomaly},
	{signin.Source, signin.EventSource, signin.DetailType},
	{"aws.s3", "s3.amazonaws.com", signin.DetailTypeAPICall},
}

// securityFields are the strings FuzzSecurityRules controls, in argument order.
var securityFields = []string{"eventName", "type", "arn", "errorCode", "name", "rule", "trailName", "targetPrincipal", "taskPolicy", "sourceIPAddress", "eventID"}

// securityEvent builds an envelope; a field whose bit is set in absent is
// left out, and flags sets the booleans of UpdateTrail and PutEventSelectors.
func securityEvent(src int, v []string, absent uint16, flags uint8) []byte {
	s := securitySources[src%len(securitySources)]
	detail := map[string]any{"eventSource": s[1], "eventType": "AwsApiCall", "eventTime": "2026-11-28T10:00:00Z", "awsRegion": "us-east-1"}
	id := map[string]any{}
	params := map[string]any{}
	set := setter(v, absent)
	set(0, detail, "eventName")
	set(1, id, "type")
	set(2, id, "arn")
	set(3, detail, "errorCode")
	set(4, params, "name")
	set(5, params, "rule")
	set(6, params, "trailName")
	set(7, params, "targetPrincipal")
	if absent&(1<<8) == 0 {
		params["taskPolicyArn"] = map[string]any{"arn": v[8]}
	}
	set(9, detail, "sourceIPAddress")
	set(10, detail, "eventID")
	if flags&1 != 0 {
		params["isMultiRegionTrail"] = false
	}
	if flags&2 != 0 {
		params["includeGlobalServiceEvents"] = false
	}
	if flags&4 != 0 {
		params["eventSelectors"] = []any{map[string]any{"includeManagementEvents": flags&8 == 0, "readWriteType": map[bool]string{true: "ReadOnly", false: "All"}[flags&16 != 0]}}
	}
	if flags&32 != 0 {
		params["advancedEventSelectors"] = []any{map[string]any{"fieldSelectors": []any{map[string]any{"field": "eventCategory", "equals": []any{"Data"}}}}}
	}
	detail["userIdentity"] = id
	detail["requestParameters"] = params
	return envelope(s[0], s[2], "us-east-1", detail)
}

// expectSecurity is the specification of the security group, written
// independently of the patterns.
func expectSecurity(src int, v []string, absent uint16, flags uint8) signin.Severity {
	s := securitySources[src%len(securitySources)]
	has := func(i int) bool { return absent&(1<<i) == 0 }
	good := func(i int) bool { return has(i) && v[i] != "" }
	name := v[0]
	if !has(0) {
		name = ""
	}
	failed := good(3)
	succeeded := !has(3)
	switch {
	case s[2] == signin.DetailTypeAnomaly:
		return signin.SeverityAnomaly
	case s[0] == signin.Source && s[2] == signin.DetailType && slices.Contains(signin.RootCredentialEvents, name) && has(1) && v[1] == "Root":
		return signin.SeverityRoot // as in FuzzRules: a root password or email change always notifies
	case s[0] == signin.SourceSTS && name == "AssumeRoot":
		if failed && good(2) {
			return signin.SeverityTamper
		}
		if succeeded && good(2) && good(7) && good(8) {
			return signin.SeverityRoot
		}
	case s[0] == signin.SourceIAM && slices.Contains(signin.RootIAMCredentialEvents, name) && has(1) && v[1] == "Root":
		if failed && good(2) {
			return signin.SeverityTamper
		}
		if succeeded {
			return signin.SeverityRoot
		}
	case s[0] == signin.SourceCloudTrail && slices.Contains(signin.TrailTamperEvents, name):
		if failed && good(2) {
			return signin.SeverityTamper
		}
		if !succeeded || !good(2) {
			return ""
		}
		switch name {
		case "StopLogging", "DeleteTrail":
			if good(4) {
				return signin.SeverityTamper
			}
		case "UpdateTrail":
			if good(4) && flags&3 != 0 {
				return signin.SeverityTamper
			}
		case "PutEventSelectors":
			reducing := (flags&4 != 0 && (flags&8 != 0 || flags&16 != 0)) || flags&32 != 0
			if good(6) && reducing {
				return signin.SeverityTamper
			}
		}
	case s[0] == signin.SourceEvents && slices.Contains(signin.NotifierTamperEvents, name):
		if failed && good(2) {
			return signin.SeverityTamper
		}
		if !succeeded || !good(2) {
			return ""
		}
		if name == "PutTargets" || name == "RemoveTargets" {
			if good(5) {
				return signin.SeverityTamper
			}
		} else if good(4) {
			return signin.SeverityTamper
		}
	}
	return ""
}

// FuzzSecurityRules checks the security group the way FuzzRules checks the
// sign-in rules: at most one rule matches, the one the specification names;
// the body is valid for every destination; and no chat message shows a label
// without a value.
func FuzzSecurityRules(f *testing.F) {
	for _, s := range samples.All() {
		var ev struct {
			Source string
			Detail map[string]any
		}
		_ = json.Unmarshal(s.Event, &ev)
		id, _ := ev.Detail["userIdentity"].(map[string]any)
		rp, _ := ev.Detail["requestParameters"].(map[string]any)
		tp, _ := rp["taskPolicyArn"].(map[string]any)
		vals := []any{ev.Detail["eventName"], id["type"], id["arn"], ev.Detail["errorCode"], rp["name"], rp["rule"], rp["trailName"], rp["targetPrincipal"], tp["arn"], ev.Detail["sourceIPAddress"], ev.Detail["eventID"]}
		v := make([]string, len(vals))
		var absent uint16
		for i, x := range vals {
			str, ok := x.(string)
			if !ok {
				absent |= 1 << i
			}
			v[i] = str
		}
		src := slices.IndexFunc(securitySources, func(t [3]string) bool { return t[0] == ev.Source })
		if src < 0 {
			src = len(securitySources) - 1
		}
		f.Add(src, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], absent, uint8(0))
	}
	f.Add(2, "UpdateTrail", "IAMUser", "arn:aws:iam::111122223333:user/a", "", "t", "", "", "", "", "192.0.2.1", "e", uint16(1<<3|1<<5|1<<6|1<<7|1<<8), uint8(1))
	f.Add(2, "PutEventSelectors", "IAMUser", "arn:aws:iam::111122223333:user/a", "", "", "", "t", "", "", "192.0.2.1", "e", uint16(1<<3|1<<4|1<<5|1<<7|1<<8), uint8(4|8))
	type set struct {
		kind  signin.Kind
		rules []compiled
	}
	var sets []set
	for _, kind := range signin.Kinds {
		rules, err := signin.Rules(signin.Options{Kind: kind, SlackChannel: "C0123456789", AccountName: "Prod", Group: signin.GroupSecurity})
		if err != nil {
			f.Fatal(err)
		}
		var cs []compiled
		for _, r := range rules {
			if r.ID == "RootSignIn" || r.ID == "RootCliSignIn" || r.ID == "CliSignIn" {
				continue // sign-in shaped; FuzzRules covers them
			}
			pb, _ := json.Marshal(r.Pattern)
			p, err := eventbridge.ParsePattern(pb)
			if err != nil {
				f.Fatal(err)
			}
			tr, err := eventbridge.NewTransformer(r.Transformer.InputPathsMap, r.Transformer.InputTemplate)
			if err != nil {
				f.Fatal(err)
			}
			cs = append(cs, compiled{r, p, tr})
		}
		sets = append(sets, set{kind, cs})
	}
	f.Fuzz(func(t *testing.T, src int, eventName, typ, arn, errorCode, name, rule, trailName, targetPrincipal, taskPolicy, ip, eventID string, absent uint16, flags uint8) {
		if src < 0 {
			src = -src
		}
		v := []string{eventName, typ, arn, errorCode, name, rule, trailName, targetPrincipal, taskPolicy, ip, eventID}
		raw := securityEvent(src, v, absent, flags)
		ev, err := eventbridge.ParseEvent(raw)
		if err != nil {
			t.Fatal(err)
		}
		var generic map[string]any
		_ = json.Unmarshal(raw, &generic)
		want := expectSecurity(src, v, absent, flags)
		for _, s := range sets {
			var matched []compiled
			for _, c := range s.rules {
				if c.pattern.MatchEvent(ev) {
					matched = append(matched, c)
				}
			}
			if len(matched) > 1 {
				t.Fatalf("%d rules match (%s, %s): patterns must be mutually exclusive\n%s", len(matched), matched[0].rule.ID, matched[1].rule.ID, raw)
			}
			if want == "" {
				if len(matched) != 0 {
					t.Fatalf("rule %s matches an event that must not notify\n%s", matched[0].rule.ID, raw)
				}
				continue
			}
			if len(matched) == 0 || matched[0].rule.Severity != want {
				t.Fatalf("want severity %s, matched %v\n%s", want, matched, raw)
			}
			// Values AWS formats itself; a malformed one may make EventBridge
			// drop the event (documented), so only well-formed ones are checked.
			if !wellFormedSecurity(v, absent) {
				continue
			}
			body, err := matched[0].tr.Render(ev, eventbridge.Context{})
			if err != nil {
				t.Fatalf("%s: render: %v\n%s", matched[0].rule.ID, err, raw)
			}
			if s.kind != signin.KindWebhook && (generic["detail-type"] == signin.DetailTypeAnomaly || cloudTrailValid(generic["detail"].(map[string]any))) {
				for ph, path := range matched[0].rule.Transformer.InputPathsMap {
					if val, ok := valueAt(generic, path); !ok || val == "" {
						t.Fatalf("%s %s: <%s> (%s) renders empty: a label without a value\n%s", s.kind, matched[0].rule.ID, ph, path, raw)
					}
				}
			}
			if verr := validate(s.kind, body); verr != nil {
				t.Fatalf("%s %s: invalid payload: %v\n%s", s.kind, matched[0].rule.ID, verr, body)
			}
		}
	})
}

func wellFormedSecurity(v []string, absent uint16) bool {
	fs := make([]string, 0, len(v))
	var ab uint16
	for i := range v {
		fs = append(fs, v[i])
		if absent&(1<<i) != 0 {
			ab |= 1 << i
		}
	}
	// Reuse the sign-in rules' notion of an AWS-formatted value: no quote,
	// backslash, angle bracket or control character, at most 256 runes.
	for i, s := range fs {
		if ab&(1<<i) != 0 {
			continue
		}
		if !wellFormed([]string{s, "", "", "", "", "", "", "", "", "", "", ""}, ^uint16(1)) {
			return false
		}
	}
	return true
}
