package signin

// The default-bus rules of each region: the sign-in and alert forwarders,
// the tamper watch, and the quiet rules they apply once.

import (
	"slices"
)

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
	// BreakGlassRoles add the break-glass forward rules
	// (BreakGlassForwardPatterns). Checked by ValidateBreakGlassRoles.
	BreakGlassRoles []string
}

// SignInForwardPattern selects the console and CLI sign-ins a notifier
// may report, after the principal filter, and the heartbeat (heartbeat.go);
// regional forwarders send exactly these to the notifiers' bus.
func SignInForwardPattern(o ForwardOptions) Pattern {
	console := map[string]any{"eventName": oneOf(slices.Concat(nonRootEvents(o.IncludeSwitch), RootCredentialEvents)...)}
	cli := map[string]any{"eventName": oneOf(EventCLILogin)}
	if len(o.IgnorePrincipals) > 0 {
		console["$or"] = quietBranches(o.IgnorePrincipals, true)
		cli["$or"] = quietBranches(o.IgnorePrincipals, false)
	}
	cliPattern := envelope(cli)
	cliPattern.DetailType = []string{DetailTypeAPICall, DetailType}
	return Pattern{Or: []Pattern{envelope(console), cliPattern, heartbeatForwardPattern()}}
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
		cloudTrail(SourceSTS, DetailTypeAPICall, map[string]any{"eventName": oneOf(EventAssumeRoot)}),
		cloudTrail(SourceIAM, DetailTypeAPICall, map[string]any{"eventName": oneOf(RootIAMCredentialEvents...), "userIdentity": identity("type", oneOf("Root"))}),
		cloudTrail(SourceEvents, DetailTypeAPICall, notOurStack(map[string]any{
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
		cloudTrail(SourceCloudTrail, DetailTypeAPICall, map[string]any{
			"eventName": oneOf(TrailTamperEvents...),
		}),
		cloudTrail(SourceEvents, DetailTypeAPICall, notOurStack(map[string]any{
			"eventName":         oneOf(NotifierTamperEvents...),
			"requestParameters": map[string]any{"$or": ours},
		})),
	}}
}

// notOurStack excludes the calls CloudFormation makes on a stack's behalf:
// deploying signin-notifier is not tampering with it. A record without a
// source address is no CloudFormation call (anything-but alone would not
// match it, and the change would never reach the notifiers).
func notOurStack(detail map[string]any) map[string]any {
	detail["sourceIPAddress"] = missingOr(anythingBut(CloudFormationPrincipal)...)
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
