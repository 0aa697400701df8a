package signin_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// securitySources are the (source, eventSource, detail-type) triples of the
// security rules, plus one that must never notify.
var securitySources = [][3]string{
	{signin.SourceSTS, "sts.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceIAM, "iam.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceCloudTrail, "cloudtrail.amazonaws.com", signin.DetailTypeAPICall},
	{signin.SourceEvents, "events.amazonaws.com", signin.DetailTypeAPICall},
	{signin.Source, signin.EventSource, signin.DetailTypeAnomaly},
	{signin.Source, signin.EventSource, signin.DetailType},
	{signin.Source, signin.EventSource, signin.DetailTypeAPICall},
	{"aws.s3", "s3.amazonaws.com", signin.DetailTypeAPICall},
}

// securityFields are the strings FuzzSecurityRules controls, in argument
// order; a field whose bit is set in absent is left out of the record.
var securityFields = []string{
	"eventName", "type", "arn", "errorCode", "name", "rule", "trailName", "targetPrincipal", "taskPolicy", "sourceIPAddress", "eventID",
	"userName", "client_id", "resource", "result",
}

const (
	fEventName = iota
	fType
	fArn
	fErrorCode
	fName
	fRule
	fTrailName
	fTargetPrincipal
	fTaskPolicy
	fIP
	fEventID
	fUserName
	fClientID
	fResource
	fResult
)

// Flags of securityEvent.
const (
	flagSingleRegion   = 1 << iota // UpdateTrail isMultiRegionTrail false
	flagNoGlobal                   // UpdateTrail includeGlobalServiceEvents false
	flagSelectors                  // PutEventSelectors with a basic selector...
	flagNoManagement               // ... that drops management events
	flagReadOnly                   // ... that keeps only read-only ones
	flagAdvanced                   // advanced event selectors
	flagOurBus                     // requestParameters.eventBusName is signin-notifier's bus
	flagCloudFormation             // the call came from CloudFormation
)

// securityEvent builds an envelope from the fuzzed fields.
func securityEvent(src int, v []string, absent uint32, flags uint8) []byte {
	s := securitySources[src%len(securitySources)]
	detail := map[string]any{"eventSource": s[1], "eventType": "AwsApiCall", "eventTime": "2026-11-28T10:00:00Z", "awsRegion": "us-east-1"}
	if s[2] == signin.DetailType {
		detail["eventType"] = "AwsConsoleSignIn"
	}
	id := map[string]any{}
	params := map[string]any{}
	has := func(i int) bool { return absent&(1<<i) == 0 }
	set := func(i int, into map[string]any, key string) {
		if has(i) {
			into[key] = v[i]
		}
	}
	set(fEventName, detail, "eventName")
	set(fType, id, "type")
	set(fArn, id, "arn")
	set(fErrorCode, detail, "errorCode")
	set(fName, params, "name")
	set(fRule, params, "rule")
	set(fTrailName, params, "trailName")
	set(fTargetPrincipal, params, "targetPrincipal")
	if has(fTaskPolicy) {
		params["taskPolicyArn"] = map[string]any{"arn": v[fTaskPolicy]}
	}
	set(fIP, detail, "sourceIPAddress")
	set(fEventID, detail, "eventID")
	set(fUserName, params, "userName")
	set(fClientID, params, "client_id")
	set(fResource, params, "resource")
	if has(fResult) && has(fEventName) {
		detail["responseElements"] = map[string]any{v[fEventName]: v[fResult]}
	}
	if flags&flagSingleRegion != 0 {
		params["isMultiRegionTrail"] = false
	}
	if flags&flagNoGlobal != 0 {
		params["includeGlobalServiceEvents"] = false
	}
	if flags&flagSelectors != 0 {
		params["eventSelectors"] = []any{map[string]any{"includeManagementEvents": flags&flagNoManagement == 0, "readWriteType": map[bool]string{true: "ReadOnly", false: "All"}[flags&flagReadOnly != 0]}}
	}
	if flags&flagAdvanced != 0 {
		params["advancedEventSelectors"] = []any{map[string]any{"fieldSelectors": []any{map[string]any{"field": "eventCategory", "equals": []any{"Data"}}}}}
	}
	if flags&flagOurBus != 0 {
		params["eventBusName"] = "signin-notifier-hub"
	}
	if flags&flagCloudFormation != 0 {
		id["invokedBy"] = signin.CloudFormationPrincipal
	}
	detail["userIdentity"] = id
	if has(fUserName) || has(fClientID) || has(fResource) || len(params) > 0 {
		detail["requestParameters"] = params
	}
	return envelope(s[0], s[2], "us-east-1", detail)
}

// expectSecurity is the specification of the security rules, written
// independently of the patterns: the rule that must report an event that
// reached the signin-notifier bus ("" = no message). A field is "good"
// when present and not empty.
func expectSecurity(src int, v []string, absent uint32, flags uint8) string {
	s := securitySources[src%len(securitySources)]
	has := func(i int) bool { return absent&(1<<i) == 0 }
	good := func(i int) bool { return has(i) && v[i] != "" }
	name := v[fEventName]
	if !has(fEventName) {
		name = ""
	}
	rootType := has(fType) && v[fType] == "Root"
	succeeded := !has(fErrorCode)
	refused := has(fErrorCode) && slices.Contains(signin.RefusalCodes, v[fErrorCode])
	// A call that failed for another reason than a refusal changed nothing.
	if s[2] == signin.DetailTypeAPICall && !succeeded && !refused {
		return ""
	}
	// Every message of an API call shows who and from where: without them,
	// the fallback (CloudTrail writes both in every genuine record).
	whoAndWhere := good(fArn) && good(fIP)
	switch {
	case s[2] == signin.DetailTypeAnomaly:
		return "SigninAnomaly"
	case s[0] == signin.Source && s[2] == signin.DetailType:
		// The root user's password and email events (the console sign-ins
		// are FuzzRules', but the fallback for their source IP is here).
		switch {
		case !good(fIP) && slices.Contains([]string{"ConsoleLogin", "SwitchRole", "ExitRole"}, name):
			return "IncompleteSecurity"
		case !slices.Contains(signin.RootCredentialEvents, name):
			return ""
		case !good(fIP):
			return "IncompleteSecurity"
		case !rootType:
			return ""
		case has(fResult) && v[fResult] == "Failure":
			return "RootCredentialChangeFailed"
		}
		return "RootCredentialChange"
	case s[0] == signin.Source && s[2] == signin.DetailTypeAPICall:
		// aws login and other OAuth sign-ins.
		cli := has(fClientID) && slices.Contains(signin.CLIClientIDs, v[fClientID])
		switch {
		case name != signin.EventCLILogin || !succeeded:
			return ""
		case !has(fType) || !whoAndWhere || !good(fClientID):
			return "IncompleteSecurity"
		case rootType:
			return "RootCliSignIn" // any client: the message shows which
		case cli:
			return "CliSignIn"
		case !good(fResource):
			return "IncompleteSecurity"
		}
		return "OAuthGrant"
	case s[0] == signin.SourceSTS || s[0] == signin.SourceIAM || s[0] == signin.SourceCloudTrail || s[0] == signin.SourceEvents:
		switch {
		case !whoAndWhere:
			return "IncompleteSecurity"
		case refused:
			return "SecurityCallDenied"
		}
		switch s[0] {
		case signin.SourceSTS: // AssumeRoot
			if !good(fTargetPrincipal) || !good(fTaskPolicy) {
				return "IncompleteSecurity"
			}
			return "AssumeRoot"
		case signin.SourceIAM: // the root user's MFA and access key calls
			if good(fUserName) && v[fUserName] != signin.RootUserName {
				return "RootUserCredentialChange"
			}
			return "RootCredentialChange"
		case signin.SourceCloudTrail:
			switch name {
			case "StopLogging", "DeleteTrail":
				if !good(fName) {
					return "IncompleteSecurity"
				}
				return "Tampering"
			case "UpdateTrail":
				switch {
				case !good(fName):
					return "IncompleteSecurity" // the request parameters are lost
				case flags&(flagSingleRegion|flagNoGlobal) != 0:
					return "Tampering"
				}
			case "PutEventSelectors":
				reduces := (flags&flagSelectors != 0 && flags&(flagNoManagement|flagReadOnly) != 0) || flags&flagAdvanced != 0
				switch {
				case !good(fTrailName):
					return "IncompleteSecurity"
				case reduces:
					return "Tampering"
				}
			}
			return ""
		default: // signin-notifier's own resources
			if !good(fName) && !good(fRule) {
				return "IncompleteSecurity"
			}
			return "Tampering"
		}
	}
	return ""
}

// forwarders are the default-bus rules that feed the signin-notifier bus:
// the security rules only ever see what one of them forwards.
func forwarders(t testing.TB) []*eventbridge.Pattern {
	var out []*eventbridge.Pattern
	for _, p := range []signin.Pattern{
		signin.SignInForwardPattern(signin.ForwardOptions{IncludeSwitch: true}),
		signin.AlertForwardPattern(signin.ForwardOptions{}),
		signin.WatchPattern(signin.WatchOptions{BusNames: []string{"signin-notifier-hub"}}),
	} {
		b, _ := json.Marshal(p)
		c, err := eventbridge.ParsePattern(b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// FuzzSecurityRules checks the security group the way FuzzRules checks the
// sign-in rules, on what reaches the signin-notifier bus (events a
// forwarder passes): at most one rule matches, the one the specification
// names; an event that matches a rule's intent is never dropped for a
// missing field its message shows (the fallback takes it); the body is
// valid for every destination; and no chat message shows a label without a
// value.
func FuzzSecurityRules(f *testing.F) {
	for _, s := range samples.All() {
		var ev struct {
			Source     string
			DetailType string `json:"detail-type"`
			Detail     map[string]any
		}
		_ = json.Unmarshal(s.Event, &ev)
		id, _ := ev.Detail["userIdentity"].(map[string]any)
		rp, _ := ev.Detail["requestParameters"].(map[string]any)
		tp, _ := rp["taskPolicyArn"].(map[string]any)
		re, _ := ev.Detail["responseElements"].(map[string]any)
		name, _ := ev.Detail["eventName"].(string)
		vals := []any{ev.Detail["eventName"], id["type"], id["arn"], ev.Detail["errorCode"], rp["name"], rp["rule"], rp["trailName"], rp["targetPrincipal"], tp["arn"],
			ev.Detail["sourceIPAddress"], ev.Detail["eventID"], rp["userName"], rp["client_id"], rp["resource"], re[name]}
		v, absent := fuzzStrings(vals)
		var flags uint8
		if rp["eventBusName"] != nil {
			flags |= flagOurBus
		}
		if ev.Detail["sourceIPAddress"] == signin.CloudFormationPrincipal {
			flags |= flagCloudFormation
		}
		src := slices.IndexFunc(securitySources, func(t [3]string) bool { return t[0] == ev.Source && t[2] == ev.DetailType })
		if src < 0 {
			src = len(securitySources) - 1
		}
		f.Add(src, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], absent, flags)
	}
	all := func(except ...int) uint32 {
		var a uint32 = 1<<len(securityFields) - 1
		for _, i := range except {
			a &^= 1 << i
		}
		return a
	}
	admin := "arn:aws:sts::111122223333:assumed-role/Admin/admin"
	// A reducing UpdateTrail and PutEventSelectors.
	f.Add(2, "UpdateTrail", "IAMUser", admin, "", "SigninNotifier-x", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fName, fIP, fEventID), uint8(flagSingleRegion))
	f.Add(2, "PutEventSelectors", "IAMUser", admin, "", "", "", "t", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fTrailName, fIP, fEventID), uint8(flagSelectors|flagNoManagement))
	// StopLogging without request parameters; refused, and failed for another reason.
	f.Add(2, "StopLogging", "AssumedRole", admin, "", "", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fIP, fEventID), uint8(0))
	f.Add(2, "StopLogging", "AssumedRole", admin, "AccessDeniedException", "t", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fErrorCode, fName, fIP, fEventID), uint8(0))
	f.Add(2, "DeleteTrail", "AssumedRole", admin, "TrailNotFoundException", "t", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fErrorCode, fName, fIP, fEventID), uint8(0))
	// A permission change on signin-notifier's bus (named by no name or rule).
	f.Add(3, "PutPermission", "AssumedRole", admin, "", "", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fIP, fEventID), uint8(flagOurBus))
	// The root user's key for an IAM user, and its own.
	f.Add(1, "CreateAccessKey", "Root", "arn:aws:iam::111122223333:root", "", "", "", "", "", "", "192.0.2.1", "e", "alice", "", "", "", all(fEventName, fType, fArn, fIP, fEventID, fUserName), uint8(0))
	f.Add(1, "CreateAccessKey", "Root", "arn:aws:iam::111122223333:root", "", "", "", "", "", "", "192.0.2.1", "e", "", "", "", "", all(fEventName, fType, fArn, fIP, fEventID), uint8(0))
	// OAuth: an MCP agent, the CLI of the root user.
	f.Add(6, "AuthorizeOAuth2Access", "AssumedRole", admin, "", "", "", "", "", "", "203.0.113.1", "", "", "arn:aws:signin:us-west-2::external-client/dcr/609544da-example", "https://aws-mcp.us-west-2.api.aws/mcp", "", all(fEventName, fType, fArn, fIP, fClientID, fResource), uint8(0))
	f.Add(6, "AuthorizeOAuth2Access", "Root", "arn:aws:iam::111122223333:root", "", "", "", "", "", "", "203.0.113.1", "e", "", signin.CLIClientIDs[0], "", "", all(fEventName, fType, fArn, fIP, fEventID, fClientID), uint8(0))
	// A root password change that failed.
	f.Add(5, "PasswordUpdated", "Root", "arn:aws:iam::111122223333:root", "", "", "", "", "", "", "192.0.2.1", "e", "", "", "", "Failure", all(fEventName, fType, fArn, fIP, fEventID, fResult), uint8(0))

	fw := forwarders(f)
	type set struct {
		kind  signin.Kind
		rules []compiled
	}
	var sets []set
	for _, kind := range signin.Kinds {
		rules, err := signin.Rules(signin.Options{Kind: kind, SlackChannel: "C0123456789", AccountName: "Prod", Group: signin.GroupSecurity, IncludeSwitch: true})
		if err != nil {
			f.Fatal(err)
		}
		var cs []compiled
		for _, r := range rules {
			if r.ID == "RootSignIn" {
				continue // a console sign-in: FuzzRules covers it
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
	f.Fuzz(func(t *testing.T, src int, eventName, typ, arn, errorCode, name, rule, trailName, targetPrincipal, taskPolicy, ip, eventID, userName, clientID, resource, result string, absent uint32, flags uint8) {
		if src < 0 {
			src = -src
		}
		v := []string{eventName, typ, arn, errorCode, name, rule, trailName, targetPrincipal, taskPolicy, ip, eventID, userName, clientID, resource, result}
		raw := securityEvent(src, v, absent, flags)
		ev, err := eventbridge.ParseEvent(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(fw, func(p *eventbridge.Pattern) bool { return p.MatchEvent(ev) }) {
			return // never reaches the signin-notifier bus
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
			if len(matched) == 0 || matched[0].rule.ID != want {
				t.Fatalf("want rule %s, matched %v\n%s", want, ids(matched), raw)
			}
			// Every label has its value, well-formed or not.
			shows(t, s.kind, matched[0].rule, generic, raw)
			body, err := matched[0].tr.Render(ev, eventbridge.Context{})
			ok := wellFormedSecurity(v, absent)
			if err != nil {
				if !errors.Is(err, eventbridge.ErrDropped) || ok {
					t.Fatalf("%s: render failed for well-formed AWS fields: %v\n%s", matched[0].rule.ID, err, raw)
				}
				continue // documented drop: a malformed AWS-formatted field
			}
			if !ok {
				continue
			}
			if verr := validate(s.kind, body); verr != nil {
				t.Fatalf("%s %s: invalid payload: %v\n%s", s.kind, matched[0].rule.ID, verr, body)
			}
		}
	})
}

// wellFormedSecurity says whether the fuzzed fields look like what AWS
// writes (see signin.FormattedFields): no quote, backslash, angle bracket
// or control character, at most 256 runes; event ids and addresses in
// their formats.
func wellFormedSecurity(v []string, absent uint32) bool {
	for i, s := range v {
		if absent&(1<<i) != 0 {
			continue
		}
		if !wellFormedValue(s) {
			return false
		}
		if re := formatRE[securityFields[i]]; re != nil && !re.MatchString(s) {
			return false
		}
	}
	return true
}
