package signin

import "fmt"

// The messages of the rules, format-neutral: the renderers (render_*.go)
// turn each into a destination's native payload. Every placeholder a message
// shows must be guaranteed by its rule's pattern (Guaranteed).

var rootSignInMessage = message{
	header:   "🚨 Root user console sign-in: <result>",
	fallback: "Root user console sign-in",
	fields: []field{
		{"👤 Who", "root user"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "<result>"},
		{"🔑 MFA used", "<mfa>"},
	},
	details: []wholeValue{uaDetail},
}

var failureMessage = message{
	header:   "⛔ Failed console sign-in",
	fallback: "Failed console sign-in",
	fields: []field{
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Failure: <error>"},
	},
	details: []wholeValue{{"User name entered", "userName"}, uaDetail},
	note:    "AWS records HIDDEN_DUE_TO_SECURITY_REASONS when the user name does not exist.",
}

var failedRoleMessage = message{
	header:   "⛔ Failed console sign-in of a role or federated identity",
	fallback: "Failed console sign-in",
	fields: []field{
		{"👤 Who (role/session)", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Failure: <error>"},
	},
	details: []wholeValue{uaDetail},
}

var noMFAMessage = message{
	header:   "⚠️ IAM user console sign-in without MFA",
	fallback: "IAM user console sign-in without MFA",
	fields: []field{
		{"👤 Who", "IAM user\n<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
		{"🔑 MFA", "❌ not used"},
	},
	details: []wholeValue{uaDetail},
}

var mfaMessage = message{
	header:   "✅ IAM user console sign-in",
	fallback: "IAM user console sign-in",
	fields: []field{
		{"👤 Who", "IAM user\n<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
		{"🔑 MFA", "✅ used"},
	},
	details: []wholeValue{uaDetail},
}

var identityCenterMessage = message{
	header:   "✅ IAM Identity Center console sign-in",
	fallback: "IAM Identity Center console sign-in",
	fields: []field{
		{"👤 Who (permission set/user)", "<arn>"},
		{"🎫 Permission set role", "<ssoRole>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
		{"🔑 MFA", "decided by IAM Identity Center, not recorded in this event"},
	},
	details: []wholeValue{uaDetail},
}

var federatedMessage = message{
	header:   "✅ Federated console sign-in",
	fallback: "Federated console sign-in",
	fields: []field{
		{"👤 Who (role/session)", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
		{"🔑 MFA", "decided by the identity provider, not recorded in this event"},
	},
	details: []wholeValue{uaDetail},
}

var rootCLIMessage = message{
	header:   "🚨 Root user OAuth sign-in (aws login or an application)",
	fallback: "Root user OAuth sign-in",
	fields: []field{
		{"👤 Who", "root user"},
		clientField,
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success: the client holds root credentials for up to 12 hours"},
	},
	note:   "Clients arn:aws:signin:::devtools/same-device and cross-device are the AWS CLI (aws login); another is an application, such as an MCP agent.",
	record: apiRecord,
	target: "clientId",
}

var cliMessage = message{
	header:   "🔑 AWS CLI sign-in with console credentials (aws login)",
	fallback: "AWS CLI sign-in (aws login)",
	fields: []field{
		{"👤 Who", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
	},
	record: apiRecord,
}

var oauthGrantMessage = message{
	header:   "🔑 Application authorized with OAuth (not the AWS CLI)",
	fallback: "OAuth application authorized",
	fields: []field{
		{"👤 Who", "<arn>"},
		clientField, resourceField,
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success: 1-hour access tokens, refreshed for up to 12 hours"},
	},
	note:   oauthNote,
	record: apiRecord,
	target: "<clientId> for <resource>",
}

var (
	clientField   = field{"🧩 Client", "<clientId>"}
	resourceField = field{"🎯 Resource", "<resource>"}
)

const oauthNote = "A client other than the AWS CLI, such as an MCP agent, can now call this resource as this identity."

var switchRoleMessage = message{
	header:   "🔀 Switch role",
	fallback: "Console switch role",
	fields: []field{
		{"👤 Who", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"↩️ Switched to", "<switchTo>"},
		{"🔑 MFA", "not applicable: switching uses the current session"},
	},
	details: []wholeValue{uaDetail},
	result:  "switchResult",
}

var switchRoleArrivalMessage = message{
	header:   "🔀 Switch role into this account",
	fallback: "Console switch role",
	fields: []field{
		{"👤 Now acting as", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"↪️ Switched from", "<switchFrom>"},
		{"🔑 MFA", "not applicable: switching uses the current session"},
	},
	details: []wholeValue{uaDetail},
	result:  "switchResult",
}

var switchBackMessage = message{
	header:   "↩️ Switch back",
	fallback: "Console switch back",
	fields: []field{
		{"👤 Left role", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"🔑 MFA", "not applicable: switching back uses the original session"},
	},
	details: []wholeValue{uaDetail},
	result:  "exitResult",
}

var incompleteUserAgentMessage = message{
	header:   "⚠️ Console sign-in event without a user agent: <eventName>",
	fallback: "Console sign-in event without a user agent",
	fields:   []field{accountField, regionField, timeField, ipField},
	details:  []wholeValue{{"User name", "userName"}},
	note:     "The user agent is missing or empty in this CloudTrail record; open the event in CloudTrail for the full record.",
}

var incompleteMessage = message{
	header:   "⚠️ Console sign-in event with missing fields: <eventName>",
	fallback: "Console sign-in event with missing fields",
	fields:   []field{accountField, regionField, timeField, ipField},
	note:     "The user agent, or the user name (for a role, its ARN) of this failed sign-in, is missing or empty; open the event in CloudTrail.",
}

var incompleteFieldsMessage = message{
	header:   "⚠️ Console sign-in event with missing fields: <eventName>",
	fallback: "Console sign-in event with missing fields",
	fields:   []field{accountField, regionField, timeField, ipField},
	details:  []wholeValue{uaDetail},
	note:     "A field this kind of sign-in always has (result, MFA, error message, ARN or switch target) is missing or empty; open the event in CloudTrail for the full record.",
}

var rootCredentialMessage = message{
	header:   "🚨 Root user credential change: <eventName>",
	fallback: "Root user credential change",
	fields: []field{
		{"👤 Who", "root user"},
		accountField, regionField, timeField, ipField,
		{"📋 Event", "<eventName>"},
	},
	record: apiRecord,
}

var rootCredentialFailedMessage = message{
	header:   "🚨 Root user credential change failed: <eventName>",
	fallback: "Root user credential change failed",
	fields: []field{
		{"👤 Who", "root user"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Failure"},
	},
	note:       "Someone with the root user's session tried this change; AWS recorded it as failed.",
	record:     apiRecord,
	resultText: "Failure",
}

var rootUserCredentialMessage = message{
	header:   "🚨 Root user changed an IAM user's credentials: <eventName>",
	fallback: "Root user changed an IAM user's credentials",
	fields: []field{
		{"👤 Who", "root user"},
		{"🎯 IAM user", "<credentialUser>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "The credential of this IAM user, not the root user's own.",
	record: apiRecord,
	target: "credentialUser",
}

var assumeRootMessage = message{
	header:   "🚨 Root session taken in a member account (AssumeRoot)",
	fallback: "Root session taken in a member account",
	fields: []field{
		{"👤 Taken by", "<arn>"},
		{"🎯 Member account", "<targetPrincipal>"},
		{"📜 Task policy", "<taskPolicy>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "The session lasts at most 15 minutes; its calls are recorded in the member account.",
	record: apiRecord,
	target: "targetPrincipal",
}

var anomalyMessage = message{
	header:   "⚠️ AWS Sign-In anomaly alert",
	fallback: "AWS Sign-In anomaly alert",
	fields: []field{
		accountField, regionField, timeField,
		{"🆔 Alert id", "<alertId>"},
	},
	note: "AWS Sign-In detected unusual sign-in activity. AWS publishes no schema for this alert: review the account's recent sign-in events in CloudTrail.",
	link: signInEventsURL,
}

var tamperMessage = message{
	header:   "🛑 Logging or signin-notifier changed: <eventName>",
	fallback: "CloudTrail logging or signin-notifier changed",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"🎯 Trail or resource", "<trailName|selectorTrail|ruleName>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "A trail stopped or reduced, or signin-notifier changed outside CloudFormation: sign-ins may go unreported. Restore the trail, or redeploy with cdk deploy.",
	record: apiRecord,
	target: "<trailName|selectorTrail|ruleName>",
}

var deniedMessage = message{
	header:   "⛔ Denied: <eventName>",
	fallback: "Denied security call",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"📋 Error", "<errorCode>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "Someone tried to take root, change root credentials, or change CloudTrail or signin-notifier; AWS refused it: nothing changed.",
	record: apiRecord,
	result: "errorCode",
}

var incompleteSecurityMessage = message{
	header:   "⚠️ Security event with missing fields: <eventName>",
	fallback: "Security event with missing fields",
	fields:   []field{accountField, regionField, timeField},
	note:     "The record lacks a field this alert shows (who, source IP, trail, resource, AssumeRoot target or task policy, OAuth client or resource); open it in CloudTrail.",
	record:   apiRecord,
}

var testMessage = message{
	header:   "🧪 Test from signin-notifier send-test: IAM user console sign-in",
	fallback: "signin-notifier test message",
	fields: []field{
		{"👤 Who", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success (test)"},
		{"🔑 MFA", "✅ used (test)"},
	},
	details: []wholeValue{uaDetail},
	note:    "This is a test, not a sign-in: it went through the signin-notifier bus, a rule, its input transformer and the API destination, so real sign-ins will arrive here too.",
	link:    signInEventsURL,
}

// burstMessage states the alarm's threshold and window (fixed at synth) and
// the alarm's own reason, which names the count CloudWatch saw.
func burstMessage(b Burst) message {
	window := fmt.Sprintf("%d minutes", b.PeriodMinutes)
	if b.PeriodMinutes == 1 {
		window = "1 minute"
	} else if b.PeriodMinutes%60 == 0 {
		window = fmt.Sprintf("%d hours", b.PeriodMinutes/60)
		if b.PeriodMinutes == 60 {
			window = "1 hour"
		}
	}
	return message{
		header:   "⛔ Burst of failed console sign-ins",
		fallback: "Burst of failed console sign-ins",
		fields: []field{
			{"🔢 Failed sign-ins", fmt.Sprintf("at least %d within %s", b.Threshold, window)},
			accountField, regionField, timeField,
		},
		details: []wholeValue{{"CloudWatch", "alarmReason"}},
		note:    "Each failed sign-in was also reported on its own; the link lists the console sign-ins in CloudTrail.",
		link:    consoleLoginsURL,
		result:  "alarmReason",
		record:  noRecord,
	}
}
