package signin

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

// MaxAccountNameLength bounds the display name so that headers and fields
// stay far below every destination's limits.
const MaxAccountNameLength = 64

// Options tune the rule set of one notifier.
type Options struct {
	// IncludeSwitch adds the SwitchRole and ExitRole rules. The console
	// records those events in us-east-1 and again in the working region, so a
	// deployment that covers us-east-1 turns them off everywhere else.
	IncludeSwitch bool
	// AccountName is shown next to the account id. Optional.
	AccountName string
	// Kind is the destination format. Default: KindSlack.
	Kind Kind
	// SlackChannel is the channel id KindSlackApp posts to.
	SlackChannel string
	// Severities limits the rules to these severities. Default: all.
	Severities []Severity
	// Filters keep known-good activity quiet.
	Filters Filters
	// Group limits the rules to one group. Default: every group.
	Group Group
	// Burst adds the FailedSignInBurst rule (severity failure), which
	// reports the burst alarm; its message states the threshold and window.
	Burst Burst
	// IncludeTest adds the TestSignIn rule, which renders the synthetic
	// sign-in of `send-test` on every destination, whatever its routes and
	// filters, marked as a test. Give it to one notifier per destination.
	IncludeTest bool
	// BreakGlassRoles are the roles whose every assumption notifies at
	// SeverityBreakGlass (groups GroupBreakGlass and, for a console switch
	// into one of them, which is theirs, not SwitchRole's,
	// GroupBreakGlassSwitch): role names, matched in every account, or role
	// ARNs (breakglass.go).
	BreakGlassRoles []string
}

// Rule is one notification rule: a pattern and the message it renders.
type Rule struct {
	// ID is the construct id of the rule; part of the public contract.
	ID       string
	Severity Severity
	Group    Group
	// State is the rule's EventBridge state (StateEnabled or
	// StateAllManagementEvents).
	State       string
	Description string
	Pattern     Pattern
	Transformer Transformer
	// Shows lists the placeholder groups a chat message shows (each
	// renders non-empty when one of its placeholders does; Guarantees
	// checks them against the pattern); nil for the generic webhook, whose
	// document has "" for a missing field.
	Shows [][]string
}

// HighSeverities are what a security channel usually wants.
var HighSeverities = []Severity{SeverityRoot, SeverityTamper, SeverityBreakGlass, SeverityAnomaly, SeverityFailure, SeverityNoMFA, SeverityIncomplete}

func joinSeverities(s []Severity) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// Group says which stack of a destination holds a rule: the console
// sign-in rules (IAM users, federated users, switch role, incomplete
// records), the security rules (root sign-ins and credentials, aws login,
// AssumeRoot, anomaly alerts, tampering) and, when roles are listed, the
// break-glass rules of AWS STS records and of console switches are deployed
// as separate notifiers, so that each template stays under the 51,200
// bytes CloudFormation accepts inline.
type Group string

// The rule groups.
const (
	GroupSignIn           Group = "signin"
	GroupSecurity         Group = "security"
	GroupBreakGlass       Group = "breakglass"
	GroupBreakGlassSwitch Group = "breakglass-switch"
)

// Groups lists the rule groups in deployment order.
var Groups = []Group{GroupSignIn, GroupSecurity, GroupBreakGlass, GroupBreakGlassSwitch}

// Rule states. A rule in the default ENABLED state does not see read-only
// management events delivered through CloudTrail; `aws login` is recorded
// read-only, so its rules use StateAllManagementEvents.
const (
	StateEnabled             = "ENABLED"
	StateAllManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

type ruleSpec struct {
	id, description string
	severity        Severity
	group           Group
	pattern         Pattern
	message         message
	state           string
}

func specs(includeSwitch bool, bg breakGlassRoles) []ruleSpec {
	in := func(id, description string, sev Severity, p Pattern, m message) ruleSpec {
		return ruleSpec{id: id, description: description, severity: sev, group: GroupSignIn, pattern: p, message: m, state: StateEnabled}
	}
	sec := func(id, description string, sev Severity, p Pattern, m message) ruleSpec {
		return ruleSpec{id: id, description: description, severity: sev, group: GroupSecurity, pattern: p, message: m, state: StateEnabled}
	}
	// aws login and the other OAuth grants are recorded read-only: only this
	// state lets a rule see them.
	readOnly := func(r ruleSpec) ruleSpec {
		r.state = StateAllManagementEvents
		return r
	}
	out := []ruleSpec{
		in("FailedSignIn", "failed console sign-in, by user name", SeverityFailure, failurePattern(), failureMessage),
		in("FailedRoleSignIn", "failed console sign-in of a role or federated identity", SeverityFailure, failedRolePattern(), failedRoleMessage),
		in("SignInWithoutMfa", "successful IAM user console sign-in without MFA", SeverityNoMFA, noMFAPattern(), noMFAMessage),
		in("SignInWithMfa", "successful IAM user console sign-in with MFA", SeveritySignIn, mfaPattern(), mfaMessage),
		in("IdentityCenterSignIn", "successful console sign-in through IAM Identity Center", SeveritySignIn, identityCenterPattern(), identityCenterMessage),
		in("FederatedSignIn", "console sign-in of another role or federated user", SeveritySignIn, federatedPattern(), federatedMessage),
	}
	if includeSwitch {
		out = append(out,
			in("SwitchRole", "console switch role, as recorded in the account switched from", SeveritySwitchRole, withoutBreakGlass("SwitchRole", switchRolePattern(), bg), switchRoleMessage),
			in("SwitchRoleArrival", "console switch role, as recorded in the account switched to", SeveritySwitchRole, withoutBreakGlass("SwitchRoleArrival", switchRoleArrivalPattern(), bg), switchRoleArrivalMessage),
			in("SwitchBack", "console switch back (ExitRole)", SeveritySwitchBack, switchBackPattern(), switchBackMessage),
		)
	}
	return append(out,
		in("IncompleteUserAgent", "sign-in event without a user agent", SeverityIncomplete, incompleteUserAgentPattern(includeSwitch), incompleteUserAgentMessage),
		in("Incomplete", "sign-in without user agent and user name, or failure naming nobody", SeverityIncomplete, incompletePattern(includeSwitch), incompleteMessage),
		in("IncompleteFields", "sign-in event missing a field its message shows", SeverityIncomplete, incompleteFieldsPattern(includeSwitch), incompleteFieldsMessage),
		sec("RootSignIn", "root user console sign-in, success or failure", SeverityRoot, rootSignInPattern(), rootSignInMessage),
		readOnly(sec("RootCliSignIn", "root user OAuth sign-in (aws login or an application)", SeverityRoot, rootOAuthPattern(), rootCLIMessage)),
		readOnly(sec("CliSignIn", "AWS CLI sign-in with console credentials (aws login)", SeveritySignIn, cliLoginPattern(), cliMessage)),
		readOnly(sec("OAuthGrant", "OAuth sign-in of an application other than the AWS CLI", SeveritySignIn, oauthGrantPattern(), oauthGrantMessage)),
		sec("RootCredentialChange", "root user password, email, MFA device or access key change", SeverityRoot, rootCredentialPattern(), rootCredentialMessage),
		sec("RootCredentialChangeFailed", "failed root user password or email change", SeverityRoot, rootCredentialFailedPattern(), rootCredentialFailedMessage),
		sec("RootUserCredentialChange", "root user change to an IAM user's access key or MFA device", SeverityRoot, rootUserCredentialPattern(), rootUserCredentialMessage),
		sec("AssumeRoot", "root session in a member account (AssumeRoot)", SeverityRoot, assumeRootPattern(), assumeRootMessage),
		sec("SigninAnomaly", "AWS Sign-In anomaly alert", SeverityAnomaly, anomalyPattern(), anomalyMessage),
		sec("Tampering", "CloudTrail logging stopped or reduced, or signin-notifier changed outside CloudFormation", SeverityTamper, tamperPattern(), tamperMessage),
		sec("SecurityCallDenied", "refused root, credential or tamper call", SeverityTamper, deniedPattern(), deniedMessage),
		readOnly(sec("IncompleteSecurity", "security event missing a field its message shows", SeverityIncomplete, incompleteSecurityPattern(includeSwitch), incompleteSecurityMessage)),
	)
}

// Rules returns the notification rules, most urgent first. Their patterns are
// mutually exclusive: an event matches at most one rule, and every event that
// should notify (and is not filtered) matches exactly one. Every pattern is
// checked the way EventBridge checks it (operators, wildcards, the
// 2,048-character limit), so a bad filter fails here, at synth.
func Rules(o Options) ([]Rule, error) {
	if err := ValidateAccountName(o.AccountName); err != nil {
		return nil, fmt.Errorf("account name: %w", err)
	}
	if o.Kind == "" {
		o.Kind = KindSlack
	}
	if _, err := ParseKind(string(o.Kind)); err != nil {
		return nil, err
	}
	if o.Kind == KindSlackApp {
		if err := ValidateSlackChannel(o.SlackChannel); err != nil {
			return nil, err
		}
	}
	if o.Group != "" && !slices.Contains(Groups, o.Group) {
		return nil, fmt.Errorf("unknown rule group %q: use %s, %s, %s or %s", o.Group, GroupSignIn, GroupSecurity, GroupBreakGlass, GroupBreakGlassSwitch)
	}
	if err := ValidateBreakGlassRoles(o.BreakGlassRoles); err != nil {
		return nil, err
	}
	bg, _ := parseBreakGlassRoles(o.BreakGlassRoles)
	if err := o.Filters.Validate(); err != nil {
		return nil, err
	}
	severities := o.Severities
	if len(severities) == 0 {
		severities = Severities
	}
	var rules []Rule
	all := specs(o.IncludeSwitch, bg)
	bgSpecs, err := breakGlassSpecs(o.IncludeSwitch, bg)
	if err != nil {
		return nil, err
	}
	all = append(all, bgSpecs...)
	if o.Burst.On() {
		all = append(all, ruleSpec{id: "FailedSignInBurst", description: "a burst of failed console sign-ins (the burst alarm entered ALARM)", severity: SeverityFailure,
			group: GroupSecurity, pattern: burstPattern(), message: burstMessage(o.Burst), state: StateEnabled})
	}
	if o.IncludeTest {
		g := o.Group
		if g == "" {
			g = GroupSignIn
		}
		all = append(all, ruleSpec{id: "TestSignIn", description: "the test message of signin-notifier send-test", severity: SeverityTest,
			group: g, pattern: testPattern(), message: testMessage, state: StateEnabled})
	}
	for _, s := range all {
		test := s.severity == SeverityTest
		if (!test && !slices.Contains(severities, s.severity)) || (o.Group != "" && s.group != o.Group) {
			continue
		}
		pattern := s.pattern
		if slices.ContainsFunc(s.message.groups(), func(g []string) bool { return slices.Contains(g, "ip") }) {
			pattern = requireIP(pattern)
		}
		if !test { // the test reaches every destination, whatever its filters
			var err error
			if pattern, err = o.Filters.apply(pattern, s.severity, s.group); err != nil {
				return nil, err
			}
		}
		parts := splitByAlternatives(splitBySourceIP(pattern))
		t, err := s.message.render(renderOptions{kind: o.Kind, severity: s.severity, ruleID: s.id, accountName: o.AccountName, channel: o.SlackChannel})
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", s.id, err)
		}
		if n := len([]rune(t.InputTemplate)); n > eventbridge.MaxInputLength {
			return nil, fmt.Errorf("rule %s: the %s message template is %d characters, over EventBridge's %d", s.id, o.Kind, n, eventbridge.MaxInputLength)
		}
		for i, part := range parts {
			raw, err := json.Marshal(part)
			if err != nil {
				return nil, err
			}
			if _, err := eventbridge.ParsePattern(raw); err != nil {
				if part.SourceIPs != nil && len(raw) > eventbridge.MaxPatternLength {
					return nil, fmt.Errorf("the ignored source ranges need more than %d copies of rule %s to stay under EventBridge's %d-character pattern limit: ignore fewer or wider ranges", MaxRuleParts, s.id, eventbridge.MaxPatternLength)
				}
				return nil, fmt.Errorf("the event pattern of rule %s is not accepted by EventBridge: %v", s.id, err)
			}
			id := s.id
			if i > 0 {
				id = fmt.Sprintf("%s%s%d", s.id, PartSuffix, i+1)
			}
			var shows [][]string
			if o.Kind != KindWebhook {
				shows = s.message.groups()
			}
			rules = append(rules, Rule{
				ID:          id,
				Severity:    s.severity,
				Group:       s.group,
				State:       s.state,
				Description: "signin-notifier (" + string(s.severity) + "): " + s.description,
				Pattern:     part,
				Transformer: t,
				Shows:       shows,
			})
		}
	}
	return rules, nil
}

// PartSuffix joins a rule id and the number of one of its parts: a rule
// whose list of kept source ranges is too long for one event pattern is
// split into rules SignInWithMfa, SignInWithMfaPart2, ... over disjoint
// parts of the list, so they stay mutually exclusive.
const PartSuffix = "Part"

// MaxRuleParts bounds that split: each part is one more rule and message
// template in the stack.
const MaxRuleParts = 4

// SeverityOf returns the severity of a rule id (or of one of its parts).
func SeverityOf(ruleID string) (Severity, bool) {
	switch base := BaseRuleID(ruleID); base {
	case "FailedSignInBurst":
		return SeverityFailure, true
	case "TestSignIn":
		return SeverityTest, true
	default:
		if slices.Contains(breakGlassRuleIDs, base) {
			return SeverityBreakGlass, true
		}
		for _, s := range specs(true, nil) {
			if s.id == base {
				return s.severity, true
			}
		}
	}
	return "", false
}

// BaseRuleID strips a part number from a rule id.
func BaseRuleID(id string) string {
	if i := strings.LastIndex(id, PartSuffix); i > 0 && strings.Trim(id[i+len(PartSuffix):], "0123456789") == "" && len(id) > i+len(PartSuffix) {
		return id[:i]
	}
	return id
}

// splitByAlternatives splits each pattern of parts that is over
// EventBridge's pattern length limit, because a long accounts filter is
// added to a rule of many alternatives, into patterns over groups of its
// top-level alternatives whose event sources do not overlap: no event
// matches two of them, so the rules stay mutually exclusive. A pattern
// that cannot be split so, or whose groups still do not fit, is kept whole
// for ParsePattern to report.
func splitByAlternatives(parts []Pattern) []Pattern {
	var out []Pattern
	for _, p := range parts {
		if raw, _ := json.Marshal(p); len([]rune(string(raw))) <= eventbridge.MaxPatternLength || len(p.Or) < 2 || p.Source != nil || p.DetailType != nil || p.Detail != nil || p.SourceIPs != nil {
			out = append(out, p)
			continue
		}
		groups := sourceGroups(p.Or)
		if len(groups) < 2 || len(out)+len(groups) > MaxRuleParts {
			out = append(out, p)
			continue
		}
		for _, g := range groups {
			cp := p
			cp.Or = g
			if len(g) == 1 {
				cp = g[0]
				cp.Account = p.Account
			}
			out = append(out, cp)
		}
	}
	return out
}

// sourceGroups partitions alternatives into the fewest groups such that no
// event source appears in two groups, in the alternatives' order; an
// alternative without a source list joins every other (one group).
func sourceGroups(alts []Pattern) [][]Pattern {
	group := make([]int, len(alts))
	for i := range group {
		group[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if group[i] != i {
			group[i] = find(group[i])
		}
		return group[i]
	}
	for i := range alts {
		for j := range i {
			if alts[i].Source == nil || alts[j].Source == nil || slices.ContainsFunc(alts[i].Source, func(s string) bool { return slices.Contains(alts[j].Source, s) }) {
				group[find(i)] = find(j)
			}
		}
	}
	var out [][]Pattern
	index := map[int]int{}
	for i, a := range alts {
		root := find(i)
		k, ok := index[root]
		if !ok {
			k = len(out)
			index[root] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], a)
	}
	return out
}

// splitBySourceIP returns p, or, when p is over EventBridge's pattern
// length limit because of its source ranges, the fewest copies of p that
// each list a part of the ranges and fit. A pattern that still does not fit
// is returned whole, for ParsePattern to report.
func splitBySourceIP(p Pattern) []Pattern {
	if raw, _ := json.Marshal(p); len([]rune(string(raw))) <= eventbridge.MaxPatternLength || len(p.SourceIPs) < 2 {
		return []Pattern{p}
	}
	list := p.SourceIPs
	for parts := 2; parts <= min(len(list), MaxRuleParts); parts++ {
		size := (len(list) + parts - 1) / parts
		var out []Pattern
		fits := true
		for start := 0; start < len(list) && fits; start += size {
			cp := p
			cp.SourceIPs = list[start:min(start+size, len(list))]
			raw, _ := json.Marshal(cp)
			fits = len([]rune(string(raw))) <= eventbridge.MaxPatternLength
			out = append(out, cp)
		}
		if fits {
			return out
		}
	}
	return []Pattern{p}
}
