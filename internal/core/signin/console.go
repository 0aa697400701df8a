package signin

// Console and CLI sign-in rules: ConsoleLogin, SwitchRole, ExitRole, `aws login`
// and other OAuth grants, the incomplete records, and the send-test rule.

import "slices"

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

// failure is the base of every non-root failed console sign-in with a user
// agent.
func failure(detail map[string]any) Pattern {
	detail["eventName"] = oneOf(EventConsoleLogin)
	detail["responseElements"] = consoleLogin(oneOf("Failure"))
	detail["userAgent"] = nonEmpty()
	return envelope(detail)
}

// A failed non-root sign-in is told apart by what identifies it: an
// assumed role or federated identity by its ARN (AWS records no user name
// for it), anyone else by the user name typed.
//
//   - roleFailure: a type other than Root and IAMUser, with an ARN;
//   - userFailure: any other non-root type, with a user name;
//   - neither: the Incomplete rule.
func roleFailure() map[string]any {
	return identity("type", anythingBut("Root", "IAMUser"), "arn", nonEmpty())
}

func userFailure(userName []any) map[string]any {
	return map[string]any{"userName": userName, "$or": []any{
		map[string]any{"type": oneOf("IAMUser")},
		map[string]any{"type": anythingBut("Root"), "arn": absent()},
	}}
}

func failurePattern() Pattern {
	return failure(map[string]any{"userIdentity": userFailure(nonEmpty()), "errorMessage": nonEmpty()})
}

// failedRolePattern matches a failed console sign-in of an assumed role or
// a federated identity, named by its ARN.
func failedRolePattern() Pattern {
	return failure(map[string]any{"userIdentity": roleFailure(), "errorMessage": nonEmpty()})
}

func noMFAPattern() Pattern {
	return envelope(map[string]any{
		"eventName":           oneOf(EventConsoleLogin),
		"userIdentity":        identity("type", oneOf("IAMUser"), "arn", nonEmpty()),
		"responseElements":    consoleLogin(oneOf("Success")),
		"userAgent":           nonEmpty(),
		"additionalEventData": map[string]any{"MFAUsed": missingOr(map[string]any{"anything-but": map[string]any{"equals-ignore-case": "yes"}})},
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
	id := identity("type", anythingBut("Root", "IAMUser"), "arn", nonEmpty(),
		"sessionContext", identityCenterIssuer(missingOr(map[string]any{"anything-but": map[string]any{"prefix": IdentityCenterRolePrefix}})))
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

// CLIClientIDs are the OAuth client ids of the AWS CLI's `aws login`
// (same-device, and cross-device for --remote); any other client of
// AuthorizeOAuth2Access is an application the identity authorized, such as
// an MCP agent registered dynamically (client id
// arn:aws:signin:<region>::external-client/dcr/...).
var CLIClientIDs = []string{"arn:aws:signin:::devtools/same-device", "arn:aws:signin:::devtools/cross-device"}

// oauthPattern matches a successful AuthorizeOAuth2Access: `aws login` or
// an OAuth grant to another client. AWS publishes the record (AWS Security
// Blog on aws login, AWS MCP Server guide): eventType AwsApiCall, so
// detail-type "AWS API Call via CloudTrail"; it is read-only, so the rule's
// state must admit read-only management events (StateAllManagementEvents).
func oauthPattern(detail map[string]any) Pattern {
	detail["eventName"] = oneOf(EventCLILogin)
	detail["errorCode"] = missing()
	return cloudTrail(Source, DetailTypeAPICall, detail)
}

// cliLoginPattern matches `aws login` of anyone but the root user (one of
// CLIClientIDs).
func cliLoginPattern() Pattern {
	return oauthPattern(map[string]any{
		"userIdentity":      identity("type", anythingBut("Root"), "arn", nonEmpty()),
		"requestParameters": map[string]any{"client_id": oneOf(CLIClientIDs...)},
	})
}

// rootOAuthPattern matches the root user's OAuth sign-in, whatever the
// client: its message shows the client, and what the AWS CLI's are.
func rootOAuthPattern() Pattern {
	return oauthPattern(map[string]any{
		"userIdentity":      identity("type", oneOf("Root"), "arn", nonEmpty()),
		"requestParameters": map[string]any{"client_id": nonEmpty()},
	})
}

// otherClient matches a client id that is present, not empty and not the
// AWS CLI's.
func otherClient() []any { return anythingBut(append(slices.Clone(CLIClientIDs), "")...) }

// oauthGrantPattern matches an OAuth grant of anyone but the root user to
// another client, which names the resource it may call.
func oauthGrantPattern() Pattern {
	return oauthPattern(map[string]any{
		"userIdentity":      identity("type", anythingBut("Root"), "arn", nonEmpty()),
		"requestParameters": map[string]any{"client_id": otherClient(), "resource": nonEmpty()},
	})
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
	return envelope(map[string]any{
		"eventName":    oneOf(nonRootEvents(includeSwitch)...),
		"userAgent":    absent(),
		"userIdentity": identity("userName", nonEmpty()),
	})
}

// incompletePattern matches a missing or empty user agent without a user
// name to show, and a non-root failure with nothing to name it (no user
// name and, for a role or federated identity, no ARN).
func incompletePattern(includeSwitch bool) Pattern {
	return envelope(map[string]any{"$or": []any{
		map[string]any{"eventName": oneOf(nonRootEvents(includeSwitch)...), "userAgent": absent(), "userIdentity": identity("userName", absent())},
		failure(map[string]any{"userIdentity": userFailure(absent())}).Detail,
	}})
}

// incompleteFieldsPattern matches the records with a user agent that the
// rules above cannot render because a field their message shows is missing
// or empty: a root sign-in without result or MFAUsed, a failure without
// an error message, a success, switch or switch back without an ARN, a
// SwitchRole without a usable SwitchTo or SwitchFrom.
func incompleteFieldsPattern(includeSwitch bool) Pattern {
	branches := []any{
		map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", oneOf("Root")), "$or": []any{
			map[string]any{"responseElements": consoleLogin(absent())},
			map[string]any{"additionalEventData": map[string]any{"MFAUsed": absent()}},
		}},
		failure(map[string]any{"errorMessage": absent(), "userIdentity": map[string]any{"$or": []any{
			identity("type", anythingBut("Root"), "userName", nonEmpty()),
			roleFailure(),
		}}}).Detail,
		map[string]any{"eventName": oneOf(EventConsoleLogin), "userIdentity": identity("type", anythingBut("Root"), "arn", absent()), "responseElements": consoleLogin(oneOf("Success"))},
	}
	if includeSwitch {
		branches = append(branches,
			map[string]any{"eventName": oneOf(EventSwitchRole, EventExitRole), "userIdentity": identity("arn", absent())},
			map[string]any{"eventName": oneOf(EventSwitchRole), "additionalEventData": map[string]any{"$or": []any{
				map[string]any{"SwitchTo": missing(), "SwitchFrom": absent()},
				map[string]any{"SwitchTo": empty()},
			}}},
		)
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
