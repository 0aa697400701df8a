package signin

// Console and CLI sign-in rules: ConsoleLogin, SwitchRole, ExitRole, `aws login`,
// the incomplete records, and the send-test rule.

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

// nonRootEvents are the console event names that notify for every identity
// type.
func nonRootEvents(includeSwitch bool) []string {
	if includeSwitch {
		return []string{EventConsoleLogin, EventSwitchRole, EventExitRole}
	}
	return []string{EventConsoleLogin}
}

func consoleLogin(result []any) map[string]any {
	return map[string]any{"ConsoleLogin": result}
}

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
