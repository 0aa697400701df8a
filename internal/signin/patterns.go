package signin

import "slices"

// Event constants shared by every rule.
const (
	Source      = "aws.signin"
	DetailType  = "AWS Console Sign In via CloudTrail"
	EventSource = "signin.amazonaws.com"
)

// Event names that produce notifications.
const (
	EventConsoleLogin = "ConsoleLogin"
	EventSwitchRole   = "SwitchRole"
	EventExitRole     = "ExitRole"
)

// RootCredentialEvents are the root user's credential events recorded as
// console sign-in events. They notify only for userIdentity.type Root.
var RootCredentialEvents = []string{"PasswordUpdated", "PasswordRecoveryRequested", "PasswordRecoveryCompleted", "EmailUpdated"}

// Severity classifies a notification. Every notifying event has exactly one.
type Severity string

// The severities, most urgent first.
const (
	SeverityRoot       Severity = "root"
	SeverityFailure    Severity = "failure"
	SeverityNoMFA      Severity = "no-mfa"
	SeveritySignIn     Severity = "sign-in"
	SeveritySwitchRole Severity = "switch-role"
	SeveritySwitchBack Severity = "switch-back"
	SeverityIncomplete Severity = "incomplete"
)

// Severities lists every severity, most urgent first.
var Severities = []Severity{SeverityRoot, SeverityFailure, SeverityNoMFA, SeveritySignIn, SeveritySwitchRole, SeveritySwitchBack, SeverityIncomplete}

// Pattern is an EventBridge event pattern as JSON-ready maps and slices.
type Pattern = map[string]any

// Matcher helpers, each one EventBridge content-filter form.
func nonEmpty() []any         { return []any{map[string]any{"anything-but": []any{""}}} }
func missing() []any          { return []any{map[string]any{"exists": false}} }
func empty() []any            { return []any{""} }
func oneOf(v ...string) []any { return anys(v) }
func anythingBut(v ...string) []any {
	return []any{map[string]any{"anything-but": anys(v)}}
}

func anys(v []string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// envelope wraps a detail pattern with the fields every sign-in rule matches.
func envelope(detail map[string]any) Pattern {
	d := map[string]any{"eventSource": oneOf(EventSource)}
	for k, v := range detail {
		d[k] = v
	}
	return Pattern{
		"source":      oneOf(Source),
		"detail-type": oneOf(DetailType),
		"detail":      d,
	}
}

// nonRootEvents are the event names that notify for every identity type.
func nonRootEvents(includeSwitch bool) []string {
	if includeSwitch {
		return []string{EventConsoleLogin, EventSwitchRole, EventExitRole}
	}
	return []string{EventConsoleLogin}
}

// ForwardPattern selects every event a hub may notify about; regional
// forwarders send exactly these to the hub bus. When includeSwitch is false
// SwitchRole and ExitRole stay in their region (see Options.IncludeSwitch).
func ForwardPattern(includeSwitch bool) Pattern {
	return envelope(map[string]any{
		"eventName": oneOf(slices.Concat(nonRootEvents(includeSwitch), RootCredentialEvents)...),
	})
}

// identity builds a userIdentity sub-pattern.
func identity(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func rootSignInPattern() Pattern {
	return envelope(map[string]any{
		"eventName":    oneOf(EventConsoleLogin),
		"userIdentity": identity("type", oneOf("Root")),
		"userAgent":    nonEmpty(),
	})
}

func rootCredentialPattern() Pattern {
	return envelope(map[string]any{
		"eventName":    oneOf(RootCredentialEvents...),
		"userIdentity": identity("type", oneOf("Root")),
		"userAgent":    nonEmpty(),
	})
}

func failurePattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", anythingBut("Root"), "userName", nonEmpty()),
		"responseElements": map[string]any{"ConsoleLogin": oneOf("Failure")},
		"userAgent":        nonEmpty(),
	})
}

func noMFAPattern() Pattern {
	p := envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", oneOf("IAMUser")),
		"responseElements": map[string]any{"ConsoleLogin": oneOf("Success")},
		"userAgent":        nonEmpty(),
		"$or": []any{
			map[string]any{"additionalEventData": map[string]any{"MFAUsed": []any{map[string]any{"anything-but": map[string]any{"equals-ignore-case": "yes"}}}}},
			map[string]any{"additionalEventData": map[string]any{"MFAUsed": missing()}},
		},
	})
	return p
}

func mfaPattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventConsoleLogin),
		"userIdentity":        identity("type", oneOf("IAMUser")),
		"responseElements":    map[string]any{"ConsoleLogin": oneOf("Success")},
		"additionalEventData": map[string]any{"MFAUsed": []any{map[string]any{"equals-ignore-case": "yes"}}},
		"userAgent":           nonEmpty(),
	})
}

// IdentityCenterRoleARN matches the assumed-role ARN of an IAM Identity
// Center session: assumed-role/AWSReservedSSO_<permission set>_<hash>/<user>.
const IdentityCenterRoleARN = "arn:*:sts::*:assumed-role/AWSReservedSSO_*"

func identityCenterPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     identity("type", anythingBut("Root", "IAMUser"), "arn", []any{map[string]any{"wildcard": IdentityCenterRoleARN}}),
		"responseElements": map[string]any{"ConsoleLogin": oneOf("Success")},
		"userAgent":        nonEmpty(),
	})
}

func federatedPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"userIdentity":     excludeARNs(identity("type", anythingBut("Root", "IAMUser")), IdentityCenterRoleARN),
		"responseElements": map[string]any{"ConsoleLogin": oneOf("Success")},
		"userAgent":        nonEmpty(),
	})
}

func switchPattern(eventName string) Pattern {
	return envelope(map[string]any{
		"eventName": oneOf(eventName),
		"userAgent": nonEmpty(),
	})
}

// incompleteUserAgentPattern matches the notifying events whose user agent
// is missing or empty but whose user name is there to show.
func incompleteUserAgentPattern(includeSwitch bool) Pattern {
	events := oneOf(nonRootEvents(includeSwitch)...)
	return envelope(map[string]any{
		"userIdentity": identity("userName", nonEmpty()),
		"$or": []any{
			map[string]any{"eventName": events, "userAgent": missing()},
			map[string]any{"eventName": events, "userAgent": empty()},
		},
	})
}

// incompletePattern matches the remaining notifying events that the other
// rules cannot render: a missing or empty user agent without a user name,
// a root credential event without a user agent, or a non-root failure
// without a user name.
func incompletePattern(includeSwitch bool) Pattern {
	events := oneOf(nonRootEvents(includeSwitch)...)
	root := identity("type", oneOf("Root"))
	var branches []any
	for _, ua := range [][]any{missing(), empty()} {
		for _, user := range [][]any{missing(), empty()} {
			branches = append(branches, map[string]any{"eventName": events, "userAgent": ua, "userIdentity": identity("userName", user)})
		}
		branches = append(branches, map[string]any{"eventName": oneOf(RootCredentialEvents...), "userIdentity": root, "userAgent": ua})
	}
	for _, user := range [][]any{missing(), empty()} {
		branches = append(branches, map[string]any{
			"eventName":        oneOf(EventConsoleLogin),
			"userIdentity":     identity("type", anythingBut("Root"), "userName", user),
			"responseElements": map[string]any{"ConsoleLogin": oneOf("Failure")},
		})
	}
	return envelope(map[string]any{"$or": branches})
}

// excludeARNs makes userIdentity match only identities without an arn or
// whose arn matches none of the wildcard patterns. Calling it again on the
// same map extends the list: a map can hold one "$or".
func excludeARNs(userIdentity map[string]any, patterns ...string) map[string]any {
	if or, ok := userIdentity["$or"].([]any); ok && len(or) == 2 {
		if m, ok := or[1].(map[string]any)["arn"].([]any); ok {
			w := m[0].(map[string]any)["anything-but"].(map[string]any)
			w["wildcard"] = append(toAnys(w["wildcard"]), anys(patterns)...)
			return userIdentity
		}
	}
	userIdentity["$or"] = []any{
		map[string]any{"arn": missing()},
		map[string]any{"arn": []any{map[string]any{"anything-but": map[string]any{"wildcard": anys(patterns)}}}},
	}
	return userIdentity
}

func toAnys(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case string:
		return []any{x}
	}
	return nil
}
