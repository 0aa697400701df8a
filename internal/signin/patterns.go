package signin

import (
	"encoding/json"
	"slices"
)

// Event constants shared by the console sign-in rules.
const (
	Source      = "aws.signin"
	DetailType  = "AWS Console Sign In via CloudTrail"
	EventSource = "signin.amazonaws.com"
)

// Detail-types and sources of the other events signin-notifier watches.
const (
	// DetailTypeAPICall is the detail-type of every CloudTrail management
	// event of type AwsApiCall.
	DetailTypeAPICall = "AWS API Call via CloudTrail"
	// DetailTypeAnomaly is the event AWS Sign-In sends directly to
	// EventBridge (delivery type durable); AWS publishes no schema for it.
	DetailTypeAnomaly = "Sign-in Anomaly Alert"
	SourceSTS         = "aws.sts"
	SourceIAM         = "aws.iam"
	SourceCloudTrail  = "aws.cloudtrail"
	SourceEvents      = "aws.events"
	// CloudFormationPrincipal is what CloudTrail records as sourceIPAddress
	// and userIdentity.invokedBy for calls CloudFormation makes on a
	// stack's behalf.
	CloudFormationPrincipal = "cloudformation.amazonaws.com"
)

// Event names that produce notifications.
const (
	EventConsoleLogin = "ConsoleLogin"
	EventSwitchRole   = "SwitchRole"
	EventExitRole     = "ExitRole"
	// EventCLILogin is recorded once per `aws login`; the token refreshes
	// that follow are CreateOAuth2Token, which never notifies.
	EventCLILogin   = "AuthorizeOAuth2Access"
	EventAssumeRoot = "AssumeRoot"
)

// RootCredentialEvents are the root user's credential events recorded as
// console sign-in events. They notify only for userIdentity.type Root.
var RootCredentialEvents = []string{"PasswordUpdated", "PasswordRecoveryRequested", "PasswordRecoveryCompleted", "EmailUpdated"}

// RootIAMCredentialEvents are the IAM API calls that change the root user's
// MFA devices or create root access keys. IAM is a global service: they are
// recorded in us-east-1. They notify only for userIdentity.type Root.
var RootIAMCredentialEvents = []string{"EnableMFADevice", "DeactivateMFADevice", "CreateVirtualMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice", "CreateAccessKey"}

// TrailTamperEvents are the CloudTrail calls that stop or may reduce the
// logging EventBridge depends on (UpdateTrail and PutEventSelectors only in
// the reducing forms, see trailTamperBranches).
var TrailTamperEvents = []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"}

// NotifierTamperEvents are the EventBridge calls that change or remove
// signin-notifier's own rules, targets, buses, API destinations and
// connections. Read-only calls never notify.
var NotifierTamperEvents = []string{
	"DisableRule", "DeleteRule", "PutRule", "RemoveTargets", "PutTargets",
	"DeleteEventBus", "PutPermission", "RemovePermission",
	"UpdateApiDestination", "DeleteApiDestination",
	"UpdateConnection", "DeleteConnection", "DeauthorizeConnection",
}

// targetTamperEvents name the rule in requestParameters.rule, not .name.
var targetTamperEvents = []string{"PutTargets", "RemoveTargets"}

// Severity classifies a notification. Every notifying event has exactly one.
type Severity string

// The severities, most urgent first.
const (
	SeverityRoot       Severity = "root"
	SeverityTamper     Severity = "tamper"
	SeverityAnomaly    Severity = "anomaly"
	SeverityFailure    Severity = "failure"
	SeverityNoMFA      Severity = "no-mfa"
	SeveritySignIn     Severity = "sign-in"
	SeveritySwitchRole Severity = "switch-role"
	SeveritySwitchBack Severity = "switch-back"
	SeverityIncomplete Severity = "incomplete"
)

// SeverityTest is the severity of the test message `signin-notifier
// send-test` puts on the signin-notifier bus. It is not routable: every
// destination gets the test.
const SeverityTest Severity = "test"

// SourceTest is the source of the synthetic sign-in `send-test` puts on the
// bus. Customers cannot put events with an aws.* source, so the test has its
// own, and its own rule, whose message always says it is a test.
const SourceTest = "signin-notifier.test"

// Severities lists every severity, most urgent first.
var Severities = []Severity{SeverityRoot, SeverityTamper, SeverityAnomaly, SeverityFailure, SeverityNoMFA, SeveritySignIn, SeveritySwitchRole, SeveritySwitchBack, SeverityIncomplete}

// Object is one level of an event pattern's matcher tree, JSON-ready.
type Object = map[string]any

// Pattern is an EventBridge event pattern. The fields signin-notifier sets
// after a rule is built (the account filter, the kept source ranges) are
// typed; the rest of the detail is the matcher tree. A pattern with Or is a
// top-level $or of whole patterns (only Account may be set beside it).
type Pattern struct {
	Source     []string
	DetailType []string
	Account    []string
	// Detail is the matcher tree of the detail, without sourceIPAddress.
	Detail Object
	// SourceIPs, when set, are the matchers of detail.sourceIPAddress.
	SourceIPs []any
	// Or holds the alternatives of a top-level $or.
	Or []Pattern
}

// Map returns the pattern as the JSON-ready object EventBridge and
// CloudFormation take.
func (p Pattern) Map() map[string]any {
	out := map[string]any{}
	strs := func(key string, v []string) {
		if v != nil {
			out[key] = anys(v)
		}
	}
	strs("source", p.Source)
	strs("detail-type", p.DetailType)
	strs("account", p.Account)
	if p.Detail != nil || p.SourceIPs != nil {
		d := Object{}
		for k, v := range p.Detail {
			d[k] = v
		}
		if p.SourceIPs != nil {
			d["sourceIPAddress"] = p.SourceIPs
		}
		out["detail"] = d
	}
	if p.Or != nil {
		alts := make([]any, len(p.Or))
		for i, a := range p.Or {
			alts[i] = a.Map()
		}
		out["$or"] = alts
	}
	return out
}

// MarshalJSON writes the pattern as EventBridge reads it.
func (p Pattern) MarshalJSON() ([]byte, error) { return json.Marshal(p.Map()) }

// Matcher helpers, each one EventBridge content-filter form.
func nonEmpty() []any         { return []any{map[string]any{"anything-but": []any{""}}} }
func missing() []any          { return []any{map[string]any{"exists": false}} }
func empty() []any            { return []any{""} }
func oneOf(v ...string) []any { return anys(v) }
func anythingBut(v ...string) []any {
	return []any{map[string]any{"anything-but": anys(v)}}
}
func prefix(p string) []any { return []any{map[string]any{"prefix": p}} }

// bad lists the two ways a field can fail to render: missing or empty.
func bad() [][]any { return [][]any{missing(), empty()} }

func anys(v []string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// envelope wraps a detail pattern with the fields every console sign-in rule
// matches.
func envelope(detail map[string]any) Pattern {
	return cloudTrail(Source, DetailType, EventSource, detail)
}

// cloudTrail builds the pattern of CloudTrail-delivered events of one
// service.
func cloudTrail(source, detailType, eventSource string, detail map[string]any) Pattern {
	d := map[string]any{"eventSource": oneOf(eventSource)}
	for k, v := range detail {
		d[k] = v
	}
	return Pattern{Source: []string{source}, DetailType: []string{detailType}, Detail: d}
}

// nonRootEvents are the console event names that notify for every identity
// type.
func nonRootEvents(includeSwitch bool) []string {
	if includeSwitch {
		return []string{EventConsoleLogin, EventSwitchRole, EventExitRole}
	}
	return []string{EventConsoleLogin}
}

// identity builds a userIdentity sub-pattern.
func identity(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func consoleLogin(result []any) map[string]any {
	return map[string]any{"ConsoleLogin": result}
}

// ---- console sign-in rules -------------------------------------------------
//
// Every placeholder a chat message shows is required non-empty by the
// rule's own pattern (or is a field EventBridge or CloudTrail always
// writes, see Guaranteed); the Incomplete rules match exactly the notifying
// records where one of those requirements fails, so nothing is lost and no
// label is shown without a value.

func rootSignInPattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventConsoleLogin),
		"userIdentity":        identity("type", oneOf("Root")),
		"userAgent":           nonEmpty(),
		"responseElements":    consoleLogin(nonEmpty()),
		"additionalEventData": map[string]any{"MFAUsed": nonEmpty()},
	})
}

func failurePattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", anythingBut("Root"), "userName", nonEmpty()),
		"responseElements": consoleLogin(oneOf("Failure")),
		"errorMessage":     nonEmpty(),
		"userAgent":        nonEmpty(),
	})
}

func noMFAPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", oneOf("IAMUser"), "arn", nonEmpty()),
		"responseElements": consoleLogin(oneOf("Success")),
		"userAgent":        nonEmpty(),
		"$or": []any{
			map[string]any{"additionalEventData": map[string]any{"MFAUsed": []any{map[string]any{"anything-but": map[string]any{"equals-ignore-case": "yes"}}}}},
			map[string]any{"additionalEventData": map[string]any{"MFAUsed": missing()}},
		},
	})
}

func mfaPattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventConsoleLogin),
		"userIdentity":        identity("type", oneOf("IAMUser"), "arn", nonEmpty()),
		"responseElements":    consoleLogin(oneOf("Success")),
		"additionalEventData": map[string]any{"MFAUsed": []any{map[string]any{"equals-ignore-case": "yes"}}},
		"userAgent":           nonEmpty(),
	})
}

// IdentityCenterRolePrefix starts the name of every role IAM Identity Center
// creates for a permission set (AWSReservedSSO_<permission set>_<hash>),
// recorded as userIdentity.sessionContext.sessionIssuer.userName. A prefix
// match needs no wildcard, which EventBridge counts against a quota of 30
// rules per bus that cannot be raised.
const IdentityCenterRolePrefix = "AWSReservedSSO_"

func identityCenterIssuer(m []any) map[string]any {
	return map[string]any{"sessionIssuer": map[string]any{"userName": m}}
}

func identityCenterPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", anythingBut("Root", "IAMUser"), "arn", nonEmpty(), "sessionContext", identityCenterIssuer(prefix(IdentityCenterRolePrefix))),
		"responseElements": consoleLogin(oneOf("Success")),
		"userAgent":        nonEmpty(),
	})
}

func federatedPattern() Pattern {
	id := identity("type", anythingBut("Root", "IAMUser"), "arn", nonEmpty())
	id["$or"] = []any{
		map[string]any{"sessionContext": identityCenterIssuer(missing())},
		map[string]any{"sessionContext": identityCenterIssuer([]any{map[string]any{"anything-but": map[string]any{"prefix": IdentityCenterRolePrefix}}})},
	}
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     id,
		"responseElements": consoleLogin(oneOf("Success")),
		"userAgent":        nonEmpty(),
	})
}

// switchRolePattern matches the SwitchRole record of the account the user
// switches from: it names the role switched to (SwitchTo).
func switchRolePattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventSwitchRole),
		"userIdentity":        identity("arn", nonEmpty()),
		"additionalEventData": map[string]any{"SwitchTo": nonEmpty()},
		"userAgent":           nonEmpty(),
	})
}

// switchRoleArrivalPattern matches the SwitchRole record of the account the
// user switches into: it names the identity switched from (SwitchFrom).
func switchRoleArrivalPattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventSwitchRole),
		"userIdentity":        identity("arn", nonEmpty()),
		"additionalEventData": map[string]any{"SwitchTo": missing(), "SwitchFrom": nonEmpty()},
		"userAgent":           nonEmpty(),
	})
}

func switchBackPattern() Pattern {
	return envelope(map[string]any{
		"eventName":    oneOf(EventExitRole),
		"userIdentity": identity("arn", nonEmpty()),
		"userAgent":    nonEmpty(),
	})
}

// cliLoginPattern matches `aws login`. AWS documents the event name, not
// the record's eventType, so both CloudTrail detail-types are accepted; the
// record is read-only, so the rule's state must admit read-only management
// events (StateAllManagementEvents).
func cliLoginPattern(root bool) Pattern {
	p := envelope(map[string]any{
		"eventName":    oneOf(EventCLILogin),
		"userIdentity": identity("type", rootOr(root), "arn", nonEmpty()),
		"errorCode":    missing(),
		"userAgent":    nonEmpty(),
	})
	p.DetailType = []string{DetailTypeAPICall, DetailType}
	return p
}

func rootOr(root bool) []any {
	if root {
		return oneOf("Root")
	}
	return anythingBut("Root")
}

// incompleteUserAgentPattern matches the notifying events whose user agent
// is missing or empty but whose user name is there to show.
func incompleteUserAgentPattern(includeSwitch bool) Pattern {
	events := oneOf(nonRootEvents(includeSwitch)...)
	var branches []any
	for _, ua := range bad() {
		branches = append(branches, map[string]any{"eventName": events, "userAgent": ua})
	}
	return envelope(map[string]any{
		"userIdentity": identity("userName", nonEmpty()),
		"$or":          branches,
	})
}

// incompletePattern matches a missing or empty user agent without a user
// name to show, and a non-root failure without a user name.
func incompletePattern(includeSwitch bool) Pattern {
	events := oneOf(nonRootEvents(includeSwitch)...)
	var branches []any
	for _, ua := range bad() {
		for _, user := range bad() {
			branches = append(branches, map[string]any{"eventName": events, "userAgent": ua, "userIdentity": identity("userName", user)})
		}
	}
	for _, user := range bad() {
		branches = append(branches, map[string]any{
			"eventName":        oneOf(EventConsoleLogin),
			"userIdentity":     identity("type", anythingBut("Root"), "userName", user),
			"responseElements": consoleLogin(oneOf("Failure")),
			"userAgent":        nonEmpty(),
		})
	}
	return envelope(map[string]any{"$or": branches})
}

// incompleteFieldsPattern matches the records with a user agent that the
// rules above cannot render because a field their message shows is missing
// or empty: a root sign-in without result or MFAUsed, a failure without
// an error message, a success, switch or switch back without an ARN, a
// SwitchRole without a usable SwitchTo or SwitchFrom.
func incompleteFieldsPattern(includeSwitch bool) Pattern {
	var branches []any
	add := func(b map[string]any) { branches = append(branches, b) }
	for _, v := range bad() {
		add(map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", oneOf("Root")), "responseElements": consoleLogin(v)})
		add(map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", oneOf("Root")), "additionalEventData": map[string]any{"MFAUsed": v}})
		add(map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", anythingBut("Root"), "userName", nonEmpty()), "responseElements": consoleLogin(oneOf("Failure")), "errorMessage": v})
		add(map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", anythingBut("Root"), "arn", v), "responseElements": consoleLogin(oneOf("Success"))})
		if includeSwitch {
			add(map[string]any{"eventName": oneOf(EventSwitchRole, EventExitRole), "userIdentity": identity("arn", v)})
			add(map[string]any{"eventName": oneOf(EventSwitchRole), "additionalEventData": map[string]any{"SwitchTo": missing(), "SwitchFrom": v}})
		}
	}
	if includeSwitch {
		add(map[string]any{"eventName": oneOf(EventSwitchRole), "additionalEventData": map[string]any{"SwitchTo": empty()}})
	}
	return envelope(map[string]any{"userAgent": nonEmpty(), "$or": branches})
}

// testPattern matches the synthetic sign-in of `send-test`: shaped like a
// successful IAM user sign-in with MFA, so it exercises the same path and
// the same kind of message. It is no CloudTrail record, so every field the
// message shows is required here.
func testPattern() Pattern {
	p := envelope(map[string]any{
		"eventName":       oneOf(EventConsoleLogin),
		"userIdentity":    identity("arn", nonEmpty()),
		"eventID":         nonEmpty(),
		"sourceIPAddress": nonEmpty(),
		"userAgent":       nonEmpty(),
	})
	p.Source = []string{SourceTest}
	return p
}

// ---- failed sign-in bursts ------------------------------------------------

// Burst configures the failed sign-in burst alarm: it fires when at least
// Threshold failed console sign-ins arrive within PeriodMinutes. The zero
// value turns it off.
type Burst struct {
	Threshold     int
	PeriodMinutes int
}

// On reports whether the burst alarm is configured.
func (b Burst) On() bool { return b.Threshold > 0 }

// BurstAlarmName is the physical name of the burst alarm in each region
// that has a signin-notifier bus (alarm names are unique per region).
const BurstAlarmName = "signin-notifier-failed-sign-in-burst"

// CloudWatch alarm state changes reach the default bus of the alarm's
// region with this source and detail-type.
const (
	SourceCloudWatch = "aws.cloudwatch"
	DetailTypeAlarm  = "CloudWatch Alarm State Change"
)

// FailedSignInCountPattern matches every failed console sign-in on the
// signin-notifier bus, whatever its identity or completeness: the events
// the burst alarm counts.
func FailedSignInCountPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"responseElements": consoleLogin(oneOf("Failure")),
	})
}

// burstPattern matches the burst alarm entering ALARM.
func burstPattern() Pattern {
	return Pattern{Source: []string{SourceCloudWatch}, DetailType: []string{DetailTypeAlarm}, Detail: Object{
		"alarmName": oneOf(BurstAlarmName),
		"state":     map[string]any{"value": oneOf("ALARM"), "reason": nonEmpty()},
	}}
}

// ---- security rules ----------------------------------------------------------

// rootCredentialPattern matches a root credential change: the console's
// password and email events, and the IAM calls that change root MFA
// devices or create root access keys.
func rootCredentialPattern() Pattern {
	return Pattern{Or: []Pattern{
		envelope(map[string]any{
			"eventName":    oneOf(RootCredentialEvents...),
			"userIdentity": identity("type", oneOf("Root")),
		}),
		cloudTrail(SourceIAM, DetailTypeAPICall, "iam.amazonaws.com", map[string]any{
			"eventName":    oneOf(RootIAMCredentialEvents...),
			"userIdentity": identity("type", oneOf("Root")),
			"errorCode":    missing(),
		}),
	}}
}

// assumeRootPattern matches a successful AssumeRoot: a privileged root
// session in a member account, taken from the management or delegated
// administrator account.
func assumeRootPattern() Pattern {
	return cloudTrail(SourceSTS, DetailTypeAPICall, "sts.amazonaws.com", map[string]any{
		"eventName":         oneOf(EventAssumeRoot),
		"userIdentity":      identity("arn", nonEmpty()),
		"requestParameters": map[string]any{"targetPrincipal": nonEmpty(), "taskPolicyArn": map[string]any{"arn": nonEmpty()}},
		"errorCode":         missing(),
	})
}

// anomalyPattern matches every Sign-in Anomaly Alert: AWS publishes no
// schema for its detail, so nothing but source and detail-type is required.
func anomalyPattern() Pattern {
	return Pattern{Source: []string{Source}, DetailType: []string{DetailTypeAnomaly}}
}

// trailTamperBranches are the CloudTrail calls that stop or reduce logging:
// StopLogging and DeleteTrail always; UpdateTrail when it makes the trail
// single-region or drops global service events; PutEventSelectors when a
// basic selector drops management events or keeps only read-only ones, or
// when advanced selectors replace the selectors (they cannot be inspected
// element by element in an event pattern, so any change is reported).
func trailTamperBranches(nameKey string) []any {
	named := func(m map[string]any) map[string]any {
		m[nameKey] = nonEmpty()
		return m
	}
	return []any{
		map[string]any{"eventName": oneOf("StopLogging", "DeleteTrail"), "requestParameters": named(map[string]any{})},
		map[string]any{"eventName": oneOf("UpdateTrail"), "requestParameters": named(map[string]any{"isMultiRegionTrail": []any{false}})},
		map[string]any{"eventName": oneOf("UpdateTrail"), "requestParameters": named(map[string]any{"includeGlobalServiceEvents": []any{false}})},
	}
}

func selectorTamperBranches() []any {
	return []any{
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "eventSelectors": map[string]any{"includeManagementEvents": []any{false}}}},
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "eventSelectors": map[string]any{"readWriteType": oneOf("ReadOnly")}}},
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "advancedEventSelectors": map[string]any{"fieldSelectors": map[string]any{"field": []any{map[string]any{"exists": true}}}}}},
	}
}

func trailTamperPattern() Pattern {
	return cloudTrail(SourceCloudTrail, DetailTypeAPICall, "cloudtrail.amazonaws.com", map[string]any{
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    missing(),
		"$or":          trailTamperBranches("name"),
	})
}

func selectorTamperPattern() Pattern {
	return cloudTrail(SourceCloudTrail, DetailTypeAPICall, "cloudtrail.amazonaws.com", map[string]any{
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    missing(),
		"$or":          selectorTamperBranches(),
	})
}

// notifierTamperPattern matches a successful change to one of
// signin-notifier's own EventBridge resources, named in requestParameters
// under key ("name", or "rule" for PutTargets and RemoveTargets). The
// forwarders already chose which names are ours.
func notifierTamperPattern(key string) Pattern {
	names := slices.DeleteFunc(slices.Clone(NotifierTamperEvents), func(n string) bool { return slices.Contains(targetTamperEvents, n) })
	if key == "rule" {
		names = targetTamperEvents
	}
	return cloudTrail(SourceEvents, DetailTypeAPICall, "events.amazonaws.com", map[string]any{
		"eventName":         oneOf(names...),
		"userIdentity":      identity("arn", nonEmpty()),
		"requestParameters": map[string]any{key: nonEmpty()},
		"errorCode":         missing(),
	})
}

// deniedPattern matches a failed attempt at any call the security rules
// report (the call named an error code): someone tried.
func deniedPattern() Pattern {
	denied := func(source, eventSource string, detail map[string]any) Pattern {
		detail["errorCode"] = nonEmpty()
		detail["userIdentity"] = mergeIdentity(detail["userIdentity"], identity("arn", nonEmpty()))
		return cloudTrail(source, DetailTypeAPICall, eventSource, detail)
	}
	return Pattern{Or: []Pattern{
		denied(SourceSTS, "sts.amazonaws.com", map[string]any{"eventName": oneOf(EventAssumeRoot)}),
		denied(SourceIAM, "iam.amazonaws.com", map[string]any{"eventName": oneOf(RootIAMCredentialEvents...), "userIdentity": identity("type", oneOf("Root"))}),
		denied(SourceCloudTrail, "cloudtrail.amazonaws.com", map[string]any{"eventName": oneOf(TrailTamperEvents...)}),
		denied(SourceEvents, "events.amazonaws.com", map[string]any{"eventName": oneOf(NotifierTamperEvents...)}),
	}}
}

func mergeIdentity(a any, b map[string]any) map[string]any {
	out := map[string]any{}
	if m, ok := a.(map[string]any); ok {
		for k, v := range m {
			out[k] = v
		}
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// ---- forwarders --------------------------------------------------------------

// WatchRuleName is the physical name of the tamper watch rule on every
// region's default bus. It deliberately does not start with a prefix the
// watch rule itself reports, so a change to it is reported once, by the
// forward rule, which watches it.
const WatchRuleName = "signin-notifier-watch"

// ForwardOptions configure the rules that carry events from a region's
// default bus to the notifiers' bus.
type ForwardOptions struct {
	// IncludeSwitch forwards SwitchRole and ExitRole too.
	IncludeSwitch bool
	// IgnorePrincipals are applied here, once, before any severity rule, so
	// that the notifiers' rules carry no wildcard. Records without a user
	// agent (and failures without a user name) are never silenced.
	IgnorePrincipals []string
	// WatchRuleName is the name of the watch rule the forward rule watches.
	// Default: WatchRuleName.
	WatchRuleName string
}

// SignInForwardPattern selects the console and CLI sign-ins a notifier
// may report, after the principal filter; regional forwarders send exactly
// these to the notifiers' bus.
func SignInForwardPattern(o ForwardOptions) Pattern {
	console := map[string]any{"eventName": oneOf(slices.Concat(nonRootEvents(o.IncludeSwitch), RootCredentialEvents)...)}
	cli := map[string]any{"eventName": oneOf(EventCLILogin)}
	if len(o.IgnorePrincipals) > 0 {
		console["$or"] = quietBranches(o.IgnorePrincipals, true)
		cli["$or"] = quietBranches(o.IgnorePrincipals, false)
	}
	cliPattern := envelope(cli)
	cliPattern.DetailType = []string{DetailTypeAPICall, DetailType}
	return Pattern{Or: []Pattern{envelope(console), cliPattern}}
}

// AlertForwardPattern selects the anomaly alerts, the burst alarm entering
// ALARM, AssumeRoot calls, root IAM credential changes, and changes to the
// watch rule (which the watch rule cannot report about itself). It is never
// filtered.
func AlertForwardPattern(o ForwardOptions) Pattern {
	watch := o.WatchRuleName
	if watch == "" {
		watch = WatchRuleName
	}
	alarm := Pattern{Source: []string{SourceCloudWatch}, DetailType: []string{DetailTypeAlarm}, Detail: Object{
		"alarmName": oneOf(BurstAlarmName), "state": map[string]any{"value": oneOf("ALARM")},
	}}
	return Pattern{Or: []Pattern{
		anomalyPattern(),
		alarm,
		cloudTrail(SourceSTS, DetailTypeAPICall, "sts.amazonaws.com", map[string]any{"eventName": oneOf(EventAssumeRoot)}),
		cloudTrail(SourceIAM, DetailTypeAPICall, "iam.amazonaws.com", map[string]any{"eventName": oneOf(RootIAMCredentialEvents...), "userIdentity": identity("type", oneOf("Root"))}),
		cloudTrail(SourceEvents, DetailTypeAPICall, "events.amazonaws.com", notOurStack(map[string]any{
			"eventName": oneOf(NotifierTamperEvents...),
			"requestParameters": map[string]any{"$or": []any{
				map[string]any{"name": oneOf(watch)},
				map[string]any{"rule": oneOf(watch)},
			}},
		})),
	}}
}

// WatchOptions configure the tamper watch rule.
type WatchOptions struct {
	// NamePrefixes start the physical names of signin-notifier's rules, API
	// destinations and connections (CloudFormation names them after the
	// stack). Default: "SigninNotifier-".
	NamePrefixes []string
	// BusNames are signin-notifier's own event buses.
	BusNames []string
}

// DefaultNamePrefix starts the name of every stack of the app, and so the
// physical name CloudFormation gives each of their rules, API destinations
// and connections.
const DefaultNamePrefix = "SigninNotifier-"

// WatchPattern matches every CloudTrail call that stops or reduces logging,
// and every change to signin-notifier's own EventBridge resources not made
// by CloudFormation. It does not match its own name: the forward rule
// watches the watch rule.
func WatchPattern(o WatchOptions) Pattern {
	prefixes := o.NamePrefixes
	if len(prefixes) == 0 {
		prefixes = []string{DefaultNamePrefix}
	}
	var names []any
	for _, p := range prefixes {
		names = append(names, map[string]any{"prefix": p})
	}
	ours := []any{
		map[string]any{"name": names},
		map[string]any{"rule": names},
	}
	if len(o.BusNames) > 0 {
		ours = append(ours,
			map[string]any{"name": oneOf(o.BusNames...)},
			map[string]any{"eventBusName": oneOf(o.BusNames...)},
		)
	}
	return Pattern{Or: []Pattern{
		cloudTrail(SourceCloudTrail, DetailTypeAPICall, "cloudtrail.amazonaws.com", map[string]any{
			"eventName": oneOf(TrailTamperEvents...),
		}),
		cloudTrail(SourceEvents, DetailTypeAPICall, "events.amazonaws.com", notOurStack(map[string]any{
			"eventName":         oneOf(NotifierTamperEvents...),
			"requestParameters": map[string]any{"$or": ours},
		})),
	}}
}

// notOurStack excludes the calls CloudFormation makes on a stack's behalf:
// deploying signin-notifier is not tampering with it.
func notOurStack(detail map[string]any) map[string]any {
	detail["sourceIPAddress"] = anythingBut(CloudFormationPrincipal)
	detail["userIdentity"] = map[string]any{"$or": []any{
		map[string]any{"invokedBy": missing()},
		map[string]any{"invokedBy": anythingBut(CloudFormationPrincipal)},
	}}
	return detail
}

// quietBranches are the alternatives under which a record passes the
// principal filter: its ARN is missing or matches none of the ignored
// principals, or it is incomplete (no user agent; for the console, a failure
// without a user name), which always notifies.
func quietBranches(principals []string, console bool) []any {
	out := []any{
		map[string]any{"userIdentity": map[string]any{"arn": missing()}},
		map[string]any{"userIdentity": map[string]any{"arn": excludeMatcher(principals)}},
	}
	for _, ua := range bad() {
		out = append(out, map[string]any{"userAgent": ua})
	}
	if console {
		for _, user := range bad() {
			out = append(out, map[string]any{"responseElements": consoleLogin(oneOf("Failure")), "userIdentity": map[string]any{"userName": user}})
		}
	}
	return out
}

// excludeMatcher matches a value equal to none of the principals. Exact
// ARNs use a plain anything-but list; a list with a * needs the wildcard
// form, which counts against EventBridge's wildcard-rule quota.
func excludeMatcher(principals []string) []any {
	if slices.ContainsFunc(principals, hasWildcard) {
		return []any{map[string]any{"anything-but": map[string]any{"wildcard": anys(principals)}}}
	}
	return anythingBut(principals...)
}

func hasWildcard(s string) bool {
	for _, r := range s {
		if r == '*' {
			return true
		}
	}
	return false
}
