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
		{"🔑 MFA", "not applicable: enforced by IAM Identity Center"},
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
		{"🔑 MFA", "not applicable: enforced by the identity provider"},
	},
	details: []wholeValue{uaDetail},
}

var rootCLIMessage = message{
	header:   "🚨 Root user AWS CLI sign-in (aws login)",
	fallback: "Root user AWS CLI sign-in",
	fields: []field{
		{"👤 Who", "root user"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success: the CLI holds root credentials for up to 12 hours"},
	},
	details: []wholeValue{uaDetail},
}

var cliMessage = message{
	header:   "🔑 AWS CLI sign-in with console credentials (aws login)",
	fallback: "AWS CLI sign-in (aws login)",
	fields: []field{
		{"👤 Who", "<arn>"},
		accountField, regionField, timeField, ipField,
		{"📋 Result", "Success"},
	},
	details: []wholeValue{uaDetail},
}

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
	note:     "The user agent, or the user name of this failed sign-in, is missing or empty; open the event in CloudTrail for the full record.",
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

var trailTamperMessage = message{
	header:   "🛑 CloudTrail logging stopped or reduced: <eventName>",
	fallback: "CloudTrail logging stopped or reduced",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"🧾 Trail", "<trailName>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "Without a trail, console sign-ins no longer reach EventBridge and signin-notifier goes silent.",
	target: "trailName",
}

var selectorTamperMessage = message{
	header:   "🛑 CloudTrail event selectors changed: management events may no longer be logged",
	fallback: "CloudTrail event selectors changed",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"🧾 Trail", "<selectorTrail>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "Console sign-ins reach EventBridge only while a trail logs write management events.",
	target: "selectorTrail",
}

var notifierTamperMessage = message{
	header:   "🛑 signin-notifier changed outside CloudFormation: <eventName>",
	fallback: "signin-notifier changed outside CloudFormation",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"🧩 Resource", "<resourceName>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "Someone changed a rule, bus, API destination or connection of signin-notifier directly; redeploy with cdk deploy to restore it.",
	target: "resourceName",
}

var notifierTargetTamperMessage = message{
	header:   "🛑 signin-notifier rule targets changed outside CloudFormation: <eventName>",
	fallback: "signin-notifier rule targets changed outside CloudFormation",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"🧩 Rule", "<ruleName>"},
		accountField, regionField, timeField, ipField,
	},
	note:   "Someone changed where a signin-notifier rule sends events; redeploy with cdk deploy to restore it.",
	target: "ruleName",
}

var deniedMessage = message{
	header:   "⛔ Denied: <eventName>",
	fallback: "Denied security call",
	fields: []field{
		{"👤 Who", "<arn>"},
		{"📋 Error", "<errorCode>"},
		accountField, regionField, timeField, ipField,
	},
	note: "Someone tried to take root, change root credentials, or stop or change CloudTrail or signin-notifier, and AWS refused.",
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
	}
}
