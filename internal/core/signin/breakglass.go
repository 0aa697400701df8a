package signin

// Break-glass roles: every assumption of a listed role, however it happens
// (AWS STS AssumeRole from the CLI, an SDK or another role's session,
// AssumeRoleWithSAML, AssumeRoleWithWebIdentity, an AWS service, the
// console's switch role) and every refused attempt, reported once at
// severity break-glass. The facts these rules rest on, with their sources,
// are in docs/aws-facts.md ("Break-glass roles"):
//
//   - AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity are
//     recorded with requestParameters.roleArn and roleSessionName (and
//     sourceIdentity when set), and CloudTrail logs them as read-only (IAM
//     User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail"):
//     every rule that must see them has the state StateAllManagementEvents.
//   - An assumption within one account is one record, without
//     sharedEventID; an assumption across accounts is recorded in both, the
//     role's account naming the caller only as userIdentity.type AWSAccount
//     and accountId, and both copies carry the same sharedEventID, "present
//     only when CloudTrail events are delivered to multiple accounts"
//     (CloudTrail User Guide, "CloudTrail record contents"). Only the record
//     of the role's account notifies: exactly one per assumption, seen
//     whenever the role's account is.
//   - An AWS service assuming the role is recorded as userIdentity.type
//     AWSService with invokedBy; SAML and web identity callers as SAMLUser
//     and WebIdentityUser with userName and identityProvider (CloudTrail
//     User Guide, "CloudTrail userIdentity element").
//   - A refused AssumeRole is recorded with errorCode AccessDenied,
//     requestParameters null and the role only in errorMessage ("User: ...
//     is not authorized to perform: sts:AssumeRole on resource: ROLE", at
//     times followed by the reason), and only in the caller's account:
//     "CloudTrail does not log denied AWS STS requests in the target
//     account's CloudTrail" (IAM User Guide, same page). It is matched with
//     wildcards, which EventBridge counts against a quota of 30 rules per
//     bus that cannot be raised.
//   - The console's switch role is reported by its SwitchRole records
//     (console.go), now at severity break-glass; the AssumeRole the console
//     makes for the same switch, with sourceIPAddress "AWS Internal"
//     (inferred: AWS publishes no such record), gives nothing: one user
//     action, one message.
//
// The listed roles are matched where the records are: each region's
// forwarder (BreakGlassForwardPatterns) carries the AWS STS records of the
// listed roles, and only those, to the notifiers' bus; AssumeRole is among
// the most frequent CloudTrail events, and each forward costs. The
// break-glass rules of AWS STS records rely on that choice, as the tamper
// rules rely on the forwarders' choice of names, and so hold no list of
// roles: a notifier with break-glass roles listens on a bus that only
// forwarders with the same roles feed. The console's SwitchRole records of
// every role reach the bus, so the switch rules match the listed roles
// themselves.
//
// Role names are matched exactly against the last segment of a role ARN, so
// BreakGlass is neither BreakGlassTest nor NotBreakGlass; a role ARN matches
// that role of that account, as listed (with its path) or without its path.
// The role of an assumption, which the caller passes to AWS STS, is compared
// without regard to case, as IAM names "are not distinguished by case" (IAM
// API Reference, CreateRole); the console's records and refusals, which
// need a complementary or wildcard match, are compared as listed.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

// The AWS STS calls that assume a role.
const (
	EventAssumeRole                = "AssumeRole"
	EventAssumeRoleWithSAML        = "AssumeRoleWithSAML"
	EventAssumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity"
)

// AssumeRoleEvents are the AWS STS calls that assume a role.
var AssumeRoleEvents = []string{EventAssumeRole, EventAssumeRoleWithSAML, EventAssumeRoleWithWebIdentity}

// AWSInternal is the sourceIPAddress CloudTrail records for a call AWS
// makes itself on a user's behalf, such as the AssumeRole of the console's
// switch role.
const AWSInternal = "AWS Internal"

// ErrorAccessDenied is the errorCode of a refused assumption.
const ErrorAccessDenied = "AccessDenied"

// Identity types of the callers of an assumption (CloudTrail userIdentity).
const (
	IdentityAWSAccount      = "AWSAccount"
	IdentityAWSService      = "AWSService"
	IdentitySAMLUser        = "SAMLUser"
	IdentityWebIdentityUser = "WebIdentityUser"
)

// MaxBreakGlassRoles bounds the list: each role lengthens the patterns of
// the break-glass rules, which are split into more rules (and wildcard
// rules) as the list grows; the quota figures of the documentation are
// measured up to this many.
const MaxBreakGlassRoles = 20

var (
	roleNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	roleARNRE  = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64})$`)
)

// breakGlassRole is one entry of the list: a role name (account "") or a
// role ARN (path "" or "seg/.../").
type breakGlassRole struct {
	entry, account, path, name string
}

// arn is the role's ARN as listed; noPath the same without its path.
func (r breakGlassRole) arn() string    { return "arn:aws:iam::" + r.account + ":role/" + r.path + r.name }
func (r breakGlassRole) noPath() string { return "arn:aws:iam::" + r.account + ":role/" + r.name }

// arns returns the ARN forms that name the role: as listed and, with a
// path, without it.
func (r breakGlassRole) arns() []string {
	if r.path == "" {
		return []string{r.arn()}
	}
	return []string{r.arn(), r.noPath()}
}

// breakGlassRoles is a checked list.
type breakGlassRoles []breakGlassRole

// ValidateBreakGlassRoles checks a list of break-glass roles: role names or
// role ARNs of the aws partition, each listed once, at most
// MaxBreakGlassRoles, together short enough for the event patterns they
// shape. The rules that match a listed role are split over parts of the
// list as needed; the SwitchRole and SwitchRoleArrival rules must exclude
// the whole list in one pattern.
func ValidateBreakGlassRoles(list []string) error {
	rs, err := parseBreakGlassRoles(list)
	if err != nil || len(rs) == 0 {
		return err
	}
	for _, id := range []string{"SwitchRole", "SwitchRoleArrival"} {
		p := switchRolePattern()
		if id == "SwitchRoleArrival" {
			p = switchRoleArrivalPattern()
		}
		raw, _ := json.Marshal(withoutBreakGlass(id, p, rs))
		if n := len([]rune(string(raw))); n > eventbridge.MaxPatternLength {
			return fmt.Errorf("the %d break-glass roles together make rule %s's event pattern %d characters, over EventBridge's %d: list fewer roles, or role names instead of ARNs with paths", len(rs), id, n, eventbridge.MaxPatternLength)
		}
	}
	if _, err := breakGlassSpecs(true, rs); err != nil {
		return err
	}
	_, err = BreakGlassForwardPatterns(ForwardOptions{BreakGlassRoles: list})
	return err
}

func parseBreakGlassRoles(list []string) (breakGlassRoles, error) {
	if len(list) > MaxBreakGlassRoles {
		return nil, fmt.Errorf("%d break-glass roles are listed: list at most %d", len(list), MaxBreakGlassRoles)
	}
	var out breakGlassRoles
	for _, entry := range list {
		var r breakGlassRole
		switch m := roleARNRE.FindStringSubmatch(entry); {
		case strings.Contains(entry, "*"):
			return nil, fmt.Errorf("break-glass role %q has a wildcard: list each role by its exact name or ARN", entry)
		case roleNameRE.MatchString(entry):
			r = breakGlassRole{entry: entry, name: entry}
		case m != nil:
			r = breakGlassRole{entry: entry, account: m[1], path: m[2], name: m[3]}
		default:
			return nil, fmt.Errorf("break-glass role %q is neither a role name nor a role ARN: use a name such as BreakGlass (every account), or an ARN such as arn:aws:iam::111122223333:role/BreakGlass", entry)
		}
		for _, o := range out {
			same := strings.EqualFold(o.name, r.name)
			switch {
			case same && o.account == r.account:
				return nil, fmt.Errorf("break-glass role %q is listed twice (with %q; IAM does not distinguish role names by case): list each role once", entry, o.entry)
			case same && (o.account == "" || r.account == ""):
				name, arn := o.entry, entry
				if r.account == "" {
					name, arn = entry, o.entry
				}
				return nil, fmt.Errorf("break-glass role %q already covers %q in every account: list one of them", name, arn)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// names reports whether the list holds a role name (which matches in every
// account, and so needs wildcards where the account is part of the value).
func (rs breakGlassRoles) names() bool {
	return slices.ContainsFunc(rs, func(r breakGlassRole) bool { return r.account == "" })
}

// roleArnMatchers match requestParameters.roleArn of an assumption of a
// listed role, without regard to case: a name as the last segment of any
// account's role ARN, an ARN with or without its path.
func (rs breakGlassRoles) roleArnMatchers() []any {
	var out []any
	for _, r := range rs {
		if r.account == "" {
			out = append(out, map[string]any{"suffix": map[string]any{"equals-ignore-case": "/" + r.name}})
			continue
		}
		for _, a := range r.arns() {
			out = append(out, map[string]any{"equals-ignore-case": a})
		}
	}
	return out
}

// switchToSuffixes are what identifies a listed role in the SwitchTo of a
// console switch: the ending "/NAME" of a name, the ARNs of an ARN.
func (rs breakGlassRoles) switchToSuffixes() []string {
	var out []string
	for _, r := range rs {
		if r.account == "" {
			out = append(out, "/"+r.name)
			continue
		}
		out = append(out, r.arns()...)
	}
	return out
}

// switchTo matches the SwitchTo of a switch into a listed role: the
// ending "/NAME" of a name, exactly an ARN.
func (rs breakGlassRoles) switchTo() []any {
	var out []any
	for _, s := range rs.switchToSuffixes() {
		if strings.HasPrefix(s, "/") {
			out = append(out, map[string]any{"suffix": s})
		} else {
			out = append(out, s)
		}
	}
	return out
}

// switchToElsewhere matches a non-empty SwitchTo of any other role. With
// only ARNs an exact list does; a name needs the wildcard form, the only
// one that excludes "" and an ending at once.
func (rs breakGlassRoles) switchToElsewhere() []any {
	if !rs.names() {
		return anythingBut(append([]string{""}, rs.switchToSuffixes()...)...)
	}
	w := []any{""}
	for _, s := range rs.switchToSuffixes() {
		if strings.HasPrefix(s, "/") {
			s = "*" + s
		}
		w = append(w, s)
	}
	return []any{map[string]any{"anything-but": map[string]any{"wildcard": w}}}
}

// sessions are the wildcard forms of the ARNs of a listed role's sessions,
// arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION (role and session names
// hold no "/").
func (rs breakGlassRoles) sessions() []string {
	var out []string
	for _, r := range rs {
		account := r.account
		if account == "" {
			account = "*"
		}
		out = append(out, "arn:aws:sts::"+account+":assumed-role/"+r.name+"/*")
	}
	return out
}

// session matches the userIdentity.arn of a listed role's session: a
// prefix for ARNs only, a wildcard as soon as a name is listed.
func (rs breakGlassRoles) session() []any {
	var out []any
	for _, s := range rs.sessions() {
		if rs.names() {
			out = append(out, map[string]any{"wildcard": s})
		} else {
			out = append(out, map[string]any{"prefix": strings.TrimSuffix(s, "*")})
		}
	}
	return out
}

// sessionElsewhere matches a non-empty userIdentity.arn that is no listed
// role's session (a wildcard: the only form that excludes "" too).
func (rs breakGlassRoles) sessionElsewhere() []any {
	w := []any{""}
	for _, s := range rs.sessions() {
		w = append(w, s)
	}
	return []any{map[string]any{"anything-but": map[string]any{"wildcard": w}}}
}

// denied matches the errorMessage of a refused AssumeRole of a listed role:
// the role follows "on resource: " and ends the message or a word of it.
func (rs breakGlassRoles) denied() []any {
	var out []any
	add := func(role string) {
		for _, w := range []string{"*resource: " + role, "*resource: " + role + " *"} {
			out = append(out, map[string]any{"wildcard": w})
		}
	}
	for _, r := range rs {
		if r.account == "" {
			add("*/" + r.name)
			continue
		}
		for _, a := range r.arns() {
			add(a)
		}
	}
	return out
}

// stsCall builds the pattern of an AWS STS management event.
//
// Every such rule shows the source IP address, and none reports the
// AssumeRole the console makes for a switch role (AWS Internal): its
// SwitchRole records report the switch. A record without an address is
// IncompleteSecurity's.
func stsCall(detail map[string]any) Pattern {
	p := cloudTrail(SourceSTS, DetailTypeAPICall, detail)
	p.SourceIPs = anythingBut("", AWSInternal)
	return p
}

// assumed is the requestParameters of a successful assumption (of a listed
// role: the forwarders chose) with a session name; sourceIdentity set
// (true), missing or empty (false), or either (nil).
func assumed(sourceIdentity *bool) map[string]any {
	rp := map[string]any{"roleArn": nonEmpty(), "roleSessionName": nonEmpty()}
	if sourceIdentity != nil {
		if *sourceIdentity {
			rp["sourceIdentity"] = nonEmpty()
		} else {
			rp["sourceIdentity"] = absent()
		}
	}
	return rp
}

// notAnAccountOrService matches the userIdentity.type of a caller of this
// account: any type but AWSAccount and AWSService, or none.
func notAnAccountOrService() []any {
	return []any{map[string]any{"anything-but": []any{IdentityAWSAccount, IdentityAWSService}}, map[string]any{"exists": false}}
}

// breakGlassAssumeRolePattern: an assumption recorded once, in the role's
// own account (no sharedEventID): the CLI, an SDK or a role chain of this
// account. The console's own AssumeRole (AWS Internal) is left to its
// SwitchRole records.
func breakGlassAssumeRolePattern(sourceIdentity bool) Pattern {
	return stsCall(map[string]any{
		"eventName":         oneOf(EventAssumeRole),
		"errorCode":         missing(),
		"sharedEventID":     missing(),
		"userAgent":         nonEmpty(),
		"userIdentity":      map[string]any{"arn": nonEmpty(), "type": notAnAccountOrService()},
		"requestParameters": assumed(&sourceIdentity),
	})
}

// breakGlassCrossAccountPattern: the role's account's copy of an assumption
// from another account, whose caller CloudTrail names by account only.
func breakGlassCrossAccountPattern(sourceIdentity bool) Pattern {
	return stsCall(map[string]any{
		"eventName":         oneOf(EventAssumeRole),
		"errorCode":         missing(),
		"userAgent":         nonEmpty(),
		"userIdentity":      map[string]any{"type": oneOf(IdentityAWSAccount), "accountId": nonEmpty()},
		"requestParameters": assumed(&sourceIdentity),
	})
}

// breakGlassServicePattern: an AWS service assumed the role.
func breakGlassServicePattern() Pattern {
	return stsCall(map[string]any{
		"eventName":         oneOf(EventAssumeRole),
		"errorCode":         missing(),
		"userAgent":         nonEmpty(),
		"userIdentity":      map[string]any{"type": oneOf(IdentityAWSService), "invokedBy": nonEmpty()},
		"requestParameters": assumed(nil),
	})
}

// breakGlassFederationPattern: AssumeRoleWithSAML or
// AssumeRoleWithWebIdentity (a SAML identity provider, a CI system's OIDC
// token).
func breakGlassFederationPattern(sourceIdentity bool) Pattern {
	return stsCall(map[string]any{
		"eventName":         oneOf(EventAssumeRoleWithSAML, EventAssumeRoleWithWebIdentity),
		"errorCode":         missing(),
		"userAgent":         nonEmpty(),
		"userIdentity":      map[string]any{"type": oneOf(IdentitySAMLUser, IdentityWebIdentityUser), "identityProvider": nonEmpty(), "userName": nonEmpty()},
		"requestParameters": assumed(&sourceIdentity),
	})
}

// breakGlassDeniedPattern: a refused AssumeRole (of a listed role: the
// forwarders chose, by its error message). Its message shows only the
// error message, which names the caller and the role.
func breakGlassDeniedPattern() Pattern {
	return stsCall(map[string]any{
		"eventName":    oneOf(EventAssumeRole),
		"errorCode":    oneOf(ErrorAccessDenied),
		"errorMessage": nonEmpty(),
	})
}

// breakGlassIncompletePattern: a successful assumption of a listed role the
// rules above cannot render because a field their message shows is missing
// or empty: the user agent or session name of any of them (even of a copy
// that would otherwise give nothing), or the caller its message names.
func breakGlassIncompletePattern() Pattern {
	all := oneOf(AssumeRoleEvents...)
	federated := oneOf(EventAssumeRoleWithSAML, EventAssumeRoleWithWebIdentity)
	federatedTypes := oneOf(IdentitySAMLUser, IdentityWebIdentityUser)
	return stsCall(map[string]any{
		"errorCode":         missing(),
		"requestParameters": map[string]any{"roleArn": nonEmpty()},
		"$or": []any{
			map[string]any{"eventName": all, "userAgent": absent()},
			map[string]any{"eventName": all, "requestParameters": map[string]any{"roleSessionName": absent()}},
			map[string]any{"eventName": oneOf(EventAssumeRole), "sharedEventID": missing(),
				"userIdentity": map[string]any{"arn": absent(), "type": notAnAccountOrService()}},
			map[string]any{"eventName": oneOf(EventAssumeRole),
				"userIdentity": map[string]any{"type": oneOf(IdentityAWSAccount), "accountId": absent()}},
			map[string]any{"eventName": oneOf(EventAssumeRole), "userIdentity": map[string]any{"type": oneOf(IdentityAWSService), "invokedBy": absent()}},
			map[string]any{"eventName": federated, "userIdentity": map[string]any{"type": []any{map[string]any{"anything-but": []any{IdentitySAMLUser, IdentityWebIdentityUser}}, map[string]any{"exists": false}}}},
			map[string]any{"eventName": federated, "userIdentity": map[string]any{"type": federatedTypes, "identityProvider": absent()}},
			map[string]any{"eventName": federated, "userIdentity": map[string]any{"type": federatedTypes, "userName": absent()}},
		},
	})
}

// breakGlassSwitchRolePattern: the console's SwitchRole record in the
// account switched from, into a listed role (switchRolePattern's shape).
func breakGlassSwitchRolePattern(rs breakGlassRoles) Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventSwitchRole),
		"userIdentity":        identity("arn", nonEmpty()),
		"additionalEventData": map[string]any{"SwitchTo": rs.switchTo()},
		"userAgent":           nonEmpty(),
	})
}

// breakGlassSwitchRoleArrivalPattern: the console's SwitchRole record in
// the account switched to, whose identity is a listed role's session
// (switchRoleArrivalPattern's shape).
func breakGlassSwitchRoleArrivalPattern(rs breakGlassRoles) Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventSwitchRole),
		"userIdentity":        identity("arn", rs.session()),
		"additionalEventData": map[string]any{"SwitchTo": missing(), "SwitchFrom": nonEmpty()},
		"userAgent":           nonEmpty(),
	})
}

// withoutBreakGlass narrows the SwitchRole and SwitchRoleArrival patterns
// to the other roles: a switch into a listed role is the break-glass
// rules'.
func withoutBreakGlass(id string, p Pattern, rs breakGlassRoles) Pattern {
	if len(rs) == 0 {
		return p
	}
	d := Object{}
	for k, v := range p.Detail {
		d[k] = v
	}
	switch id {
	case "SwitchRole":
		d["additionalEventData"] = map[string]any{"SwitchTo": rs.switchToElsewhere()}
	case "SwitchRoleArrival":
		d["userIdentity"] = identity("arn", rs.sessionElsewhere())
	}
	p.Detail = d
	return p
}

// The break-glass rule ids, in rule order; rules too long for one event
// pattern are split over disjoint parts of the list (PartSuffix).
var breakGlassRuleIDs = []string{
	"BreakGlassAssumeRole", "BreakGlassAssumeRoleWithSourceIdentity",
	"BreakGlassCrossAccount", "BreakGlassCrossAccountWithSourceIdentity",
	"BreakGlassService", "BreakGlassFederation", "BreakGlassFederationWithSourceIdentity",
	"BreakGlassDenied", "BreakGlassIncomplete", "BreakGlassSwitchRole", "BreakGlassSwitchRoleArrival",
}

// breakGlassSpecs returns the rules of groups breakglass (AWS STS records)
// and breakglass-switch (console switches) for the list, each split into as
// many parts as its pattern needs; none for an empty list.
func breakGlassSpecs(includeSwitch bool, rs breakGlassRoles) ([]ruleSpec, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	type def struct {
		id, description string
		pattern         func(breakGlassRoles) Pattern
		message         message
		switchEvent     bool
	}
	defs := []def{
		{"BreakGlassAssumeRole", "break-glass role assumed in its account", fixed(breakGlassAssumeRolePattern(false)), breakGlassAssumeRoleMessage(false), false},
		{"BreakGlassAssumeRoleWithSourceIdentity", "break-glass role assumed in its account, source identity", fixed(breakGlassAssumeRolePattern(true)), breakGlassAssumeRoleMessage(true), false},
		{"BreakGlassCrossAccount", "break-glass role assumed from another account", fixed(breakGlassCrossAccountPattern(false)), breakGlassCrossAccountMessage(false), false},
		{"BreakGlassCrossAccountWithSourceIdentity", "break-glass role assumed from another account, source identity", fixed(breakGlassCrossAccountPattern(true)), breakGlassCrossAccountMessage(true), false},
		{"BreakGlassService", "break-glass role assumed by an AWS service", fixed(breakGlassServicePattern()), breakGlassServiceMessage, false},
		{"BreakGlassFederation", "break-glass role assumed through federation", fixed(breakGlassFederationPattern(false)), breakGlassFederationMessage(false), false},
		{"BreakGlassFederationWithSourceIdentity", "break-glass role assumed through federation, source identity", fixed(breakGlassFederationPattern(true)), breakGlassFederationMessage(true), false},
		{"BreakGlassDenied", "refused assumption of a break-glass role", fixed(breakGlassDeniedPattern()), breakGlassDeniedMessage, false},
		{"BreakGlassIncomplete", "break-glass role assumed, record with missing fields", fixed(breakGlassIncompletePattern()), breakGlassIncompleteMessage, false},
		{"BreakGlassSwitchRole", "console switch into a break-glass role, account switched from", breakGlassSwitchRolePattern, breakGlassSwitchRoleMessage, true},
		{"BreakGlassSwitchRoleArrival", "console switch into a break-glass role, account switched to", breakGlassSwitchRoleArrivalPattern, breakGlassSwitchRoleArrivalMessage, true},
	}
	var out []ruleSpec
	for _, d := range defs {
		if d.switchEvent && !includeSwitch {
			continue
		}
		parts, err := splitRoles(rs, d.pattern)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %v", d.id, err)
		}
		for i, p := range parts {
			id := d.id
			if i > 0 {
				id = fmt.Sprintf("%s%s%d", d.id, PartSuffix, i+1)
			}
			state, group := StateAllManagementEvents, GroupBreakGlass
			if d.switchEvent {
				state, group = StateEnabled, GroupBreakGlassSwitch
			}
			out = append(out, ruleSpec{id: id, description: d.description, severity: SeverityBreakGlass, group: group, pattern: p, message: d.message, state: state})
		}
	}
	return out, nil
}

// fixed is the pattern of a rule that holds no list of roles.
func fixed(p Pattern) func(breakGlassRoles) Pattern {
	return func(breakGlassRoles) Pattern { return p }
}

// splitRoles builds the pattern of the whole list, or, when it is over
// EventBridge's length limit, of the fewest disjoint parts of the list that
// each fit. The entries never overlap (parseBreakGlassRoles), so an event
// matches at most one part.
func splitRoles(rs breakGlassRoles, build func(breakGlassRoles) Pattern) ([]Pattern, error) {
	for parts := 1; parts <= len(rs); parts++ {
		size := (len(rs) + parts - 1) / parts
		var out []Pattern
		fits := true
		for start := 0; start < len(rs) && fits; start += size {
			p := build(rs[start:min(start+size, len(rs))])
			fits = patternFits(p)
			out = append(out, p)
		}
		if fits {
			return out, nil
		}
	}
	return nil, fmt.Errorf("a single break-glass role makes the event pattern longer than EventBridge's %d characters: list shorter names or ARNs", eventbridge.MaxPatternLength)
}

func patternFits(p Pattern) bool {
	raw, _ := json.Marshal(p)
	return len([]rune(string(raw))) <= eventbridge.MaxPatternLength
}

// forwardedSTSCall builds a forward pattern of AWS STS calls: every
// record but the AssumeRole the console makes for a switch role (AWS
// Internal), including one without a source IP address, which the hub's
// IncompleteSecurity reports.
func forwardedSTSCall(detail map[string]any) Pattern {
	p := cloudTrail(SourceSTS, DetailTypeAPICall, detail)
	p.SourceIPs = []any{map[string]any{"anything-but": []any{AWSInternal}}, map[string]any{"exists": false}}
	return p
}

// BreakGlassForwardPatterns are the patterns of the regional forwarder's
// break-glass rules: every assumption (AssumeRole, AssumeRoleWithSAML,
// AssumeRoleWithWebIdentity) of a listed role and every refused AssumeRole
// of one, which CloudTrail records read-only (so each rule has the state
// StateAllManagementEvents); assumptions of other roles, among the most
// frequent CloudTrail events, stay in their region. The console's SwitchRole
// records travel with the sign-in forwarder's (SignInForwardPattern), but
// for a switch into a listed role by a principal its filter quiets
// (IgnorePrincipals), which this rule carries instead: break-glass is never
// quieted, and each record is forwarded once. None without roles.
func BreakGlassForwardPatterns(o ForwardOptions) ([]Pattern, error) {
	rs, err := parseBreakGlassRoles(o.BreakGlassRoles)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	builds := []func(breakGlassRoles) Pattern{
		func(r breakGlassRoles) Pattern {
			return forwardedSTSCall(map[string]any{"eventName": oneOf(AssumeRoleEvents...), "requestParameters": map[string]any{"roleArn": r.roleArnMatchers()}})
		},
		func(r breakGlassRoles) Pattern {
			return forwardedSTSCall(map[string]any{"eventName": oneOf(EventAssumeRole), "errorCode": oneOf(ErrorAccessDenied), "errorMessage": r.denied()})
		},
	}
	if len(o.IgnorePrincipals) > 0 && o.IncludeSwitch {
		// The complement of quietBranches for a switch into a listed role:
		// a principal it quiets, and a user agent (without one, the record
		// passes the filter as incomplete).
		builds = append(builds, func(r breakGlassRoles) Pattern {
			return envelope(map[string]any{
				"eventName":           oneOf(EventSwitchRole),
				"additionalEventData": map[string]any{"SwitchTo": r.switchTo()},
				"userIdentity":        map[string]any{"arn": includeMatcher(o.IgnorePrincipals)},
				"userAgent":           nonEmpty(),
			})
		})
	}
	whole := Pattern{}
	for _, b := range builds {
		whole.Or = append(whole.Or, b(rs))
	}
	if patternFits(whole) {
		return []Pattern{whole}, nil
	}
	var out []Pattern
	for _, b := range builds {
		parts, err := splitRoles(rs, b)
		if err != nil {
			return nil, err
		}
		out = append(out, parts...)
	}
	return out, nil
}

// includeMatcher matches a value equal to one of the principals (the
// complement of excludeMatcher).
func includeMatcher(principals []string) []any {
	if !slices.ContainsFunc(principals, hasWildcard) {
		return oneOf(principals...)
	}
	var out []any
	for _, p := range principals {
		out = append(out, map[string]any{"wildcard": p})
	}
	return out
}

// The placeholders of the break-glass messages, registered with the
// others (templates.go) when the package is initialized.
func init() {
	for name, path := range map[string]string{
		"roleArn":          "$.detail.requestParameters.roleArn",
		"roleSession":      "$.detail.requestParameters.roleSessionName",
		"sourceIdentity":   "$.detail.requestParameters.sourceIdentity",
		"callerAccount":    "$.detail.userIdentity.accountId",
		"invokedBy":        "$.detail.userIdentity.invokedBy",
		"identityProvider": "$.detail.userIdentity.identityProvider",
		"denial":           "$.detail.errorMessage",
	} {
		Paths[name] = path
	}
	// AWS STS validates session names and source identities ([\w+=,.@-]),
	// role ARNs name existing roles, and the rest is AWS's own.
	FormattedFields = append(FormattedFields, "roleArn", "roleSession", "sourceIdentity", "callerAccount", "invokedBy", "identityProvider")
	// A refusal's message repeats the role ARN exactly as the caller passed
	// it: a whole value (in Discord, the plain-text footer).
	AttackerFields = append(AttackerFields, "denial")
}

// The break-glass messages.

var (
	breakGlassRoleField = field{"🎭 Role", "<roleArn>"}
	breakGlassResult    = field{"📋 Result", "Success"}
)

func breakGlassSessionField(sourceIdentity bool) field {
	if sourceIdentity {
		return field{"🪪 Session (source identity)", "<roleSession> (<sourceIdentity>)"}
	}
	return field{"🪪 Session", "<roleSession>"}
}

func breakGlassAssumeRoleMessage(sourceIdentity bool) message {
	return message{
		header:   "🚨 Break-glass role assumed",
		fallback: "Break-glass role assumed",
		fields: []field{
			{"👤 Who", "<arn>"},
			breakGlassRoleField, breakGlassSessionField(sourceIdentity),
			accountField, regionField, timeField, ipField, breakGlassResult,
		},
		details:    []wholeValue{uaDetail},
		target:     "roleArn",
		assumption: true,
		record:     apiRecord,
		resultText: "Success",
	}
}

func breakGlassCrossAccountMessage(sourceIdentity bool) message {
	return message{
		header:   "🚨 Break-glass role assumed from another account",
		fallback: "Break-glass role assumed from another account",
		fields: []field{
			{"👤 Who", "a principal of account <callerAccount>"},
			breakGlassRoleField, breakGlassSessionField(sourceIdentity),
			accountField, regionField, timeField, ipField, breakGlassResult,
		},
		details:    []wholeValue{uaDetail},
		note:       "CloudTrail names a caller of another account by account only; that account's record of the call (same sharedEventID) names the principal.",
		target:     "roleArn",
		assumption: true,
		record:     apiRecord,
		resultText: "Success",
	}
}

var breakGlassServiceMessage = message{
	header:   "🚨 Break-glass role assumed by an AWS service",
	fallback: "Break-glass role assumed by an AWS service",
	fields: []field{
		{"👤 Who", "AWS service <invokedBy>"},
		breakGlassRoleField, breakGlassSessionField(false),
		accountField, regionField, timeField, ipField, breakGlassResult,
	},
	details:    []wholeValue{uaDetail},
	note:       "Something was set up to use this break-glass role.",
	target:     "roleArn",
	assumption: true,
	record:     apiRecord,
	resultText: "Success",
}

func breakGlassFederationMessage(sourceIdentity bool) message {
	return message{
		header:   "🚨 Break-glass role assumed through federation: <eventName>",
		fallback: "Break-glass role assumed through federation",
		fields: []field{
			{"👤 Who", "<type> of <identityProvider>"},
			breakGlassRoleField, breakGlassSessionField(sourceIdentity),
			accountField, regionField, timeField, ipField, breakGlassResult,
		},
		details:    []wholeValue{{"Federated user", "userName"}, uaDetail},
		target:     "roleArn",
		assumption: true,
		record:     apiRecord,
		resultText: "Success",
	}
}

var breakGlassDeniedMessage = message{
	header:   "⛔ Refused: assumption of a break-glass role",
	fallback: "Refused assumption of a break-glass role",
	fields: []field{
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Refused: AccessDenied"},
	},
	details:    []wholeValue{{"AWS error message (names the caller and the role)", "denial"}},
	note:       "AWS refused. CloudTrail names the role only in AWS's error message, with the caller.",
	result:     "errorCode",
	assumption: true,
	record:     apiRecord,
}

var breakGlassIncompleteMessage = message{
	header:   "🚨 Break-glass role assumed, in a record with missing fields: <eventName>",
	fallback: "Break-glass role assumed (record with missing fields)",
	fields: []field{
		breakGlassRoleField,
		accountField, regionField, timeField, ipField,
	},
	note:       "Who assumed the role, the session name or the user agent is missing or empty: open the event in CloudTrail.",
	target:     "roleArn",
	assumption: true,
	record:     apiRecord,
}

var breakGlassSwitchRoleMessage = message{
	header:   "🚨 Switch role into a break-glass role",
	fallback: "Console switch role into a break-glass role",
	fields: []field{
		{"👤 Who", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"↩️ Switched to", "<switchTo>"},
	},
	details: []wholeValue{uaDetail},
	result:  "switchResult",
	target:  "switchTo",
}

var breakGlassSwitchRoleArrivalMessage = message{
	header:   "🚨 Switch role into a break-glass role of this account",
	fallback: "Console switch role into a break-glass role",
	fields: []field{
		{"👤 Now acting as", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"↪️ Switched from", "<switchFrom>"},
	},
	details: []wholeValue{uaDetail},
	result:  "switchResult",
}
