package signin

import (
	"fmt"
	"strings"
)

// MaxAccountNameLength bounds the display name so that headers and fields
// stay far below Slack's limits.
const MaxAccountNameLength = 64

// Options tune the rule set of one notifier.
type Options struct {
	// IncludeSwitch adds the SwitchRole and ExitRole rules. The console
	// records those events in us-east-1 and again in the working region, so a
	// deployment that covers us-east-1 turns them off everywhere else.
	IncludeSwitch bool
	// AccountName is shown next to the account id. Optional.
	AccountName string
}

// Rule is one notification rule: a pattern and the message it renders.
type Rule struct {
	// ID is the construct id of the rule; part of the public contract.
	ID          string
	Severity    Severity
	Description string
	Pattern     Pattern
	Transformer Transformer
}

// ValidateAccountName checks a display name for the account.
func ValidateAccountName(name string) error {
	if n := len([]rune(name)); n > MaxAccountNameLength {
		return fmt.Errorf("%q is %d characters long: use at most %d", name, n, MaxAccountNameLength)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%q contains a control character: use printable text", name)
		}
	}
	if strings.ContainsAny(name, "<>") {
		return fmt.Errorf("%q contains < or >, which EventBridge reads as a placeholder: remove them", name)
	}
	return nil
}

type ruleSpec struct {
	id, description string
	severity        Severity
	pattern         Pattern
	message         func(accountName string) message
}

// Rules returns the notification rules, most urgent first. Their patterns are
// mutually exclusive: an event matches at most one rule, and every event that
// should notify matches exactly one.
func Rules(o Options) ([]Rule, error) {
	if err := ValidateAccountName(o.AccountName); err != nil {
		return nil, fmt.Errorf("account name: %w", err)
	}
	specs := []ruleSpec{
		{"RootSignIn", "root user console sign-in, success or failure", SeverityRoot, rootSignInPattern(), rootSignInMessage},
		{"RootCredentialChange", "root user password or email change and password recovery", SeverityRoot, rootCredentialPattern(), rootCredentialMessage},
		{"FailedSignIn", "failed console sign-in of an IAM user or federated identity", SeverityFailure, failurePattern(), failureMessage},
		{"SignInWithoutMfa", "successful IAM user console sign-in without MFA", SeverityNoMFA, noMFAPattern(), noMFAMessage},
		{"SignInWithMfa", "successful IAM user console sign-in with MFA", SeveritySignIn, mfaPattern(), mfaMessage},
		{"FederatedSignIn", "successful console sign-in of an assumed role (IAM Identity Center, SAML, web identity)", SeveritySignIn, federatedPattern(), federatedMessage},
	}
	if o.IncludeSwitch {
		specs = append(specs,
			ruleSpec{"SwitchRole", "console switch role", SeveritySwitchRole, switchPattern(EventSwitchRole), switchRoleMessage},
			ruleSpec{"SwitchBack", "console switch back (ExitRole)", SeveritySwitchBack, switchPattern(EventExitRole), switchBackMessage},
		)
	}
	specs = append(specs,
		ruleSpec{"IncompleteUserAgent", "sign-in event without a user agent", SeverityIncomplete, incompleteUserAgentPattern(o.IncludeSwitch), incompleteUserAgentMessage},
		ruleSpec{"Incomplete", "sign-in event without a user agent or user name, or failed sign-in without a user name", SeverityIncomplete, incompletePattern(o.IncludeSwitch), incompleteMessage},
	)

	rules := make([]Rule, 0, len(specs))
	for _, s := range specs {
		t, err := s.message(o.AccountName).render(o.AccountName)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", s.id, err)
		}
		rules = append(rules, Rule{
			ID:          s.id,
			Severity:    s.severity,
			Description: "signin-notifier (" + string(s.severity) + "): " + s.description,
			Pattern:     s.pattern,
			Transformer: t,
		})
	}
	return rules, nil
}

func rootSignInMessage(accountName string) message {
	return message{
		header:   "🚨 Root user console sign-in: <result>",
		fallback: "Root user console sign-in",
		fields: []field{
			{"👤 Who", "root user\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "<result> <error>"},
			{"🔑 MFA used", "<mfa>"},
		},
		details: []wholeValue{uaDetail},
	}
}

func rootCredentialMessage(accountName string) message {
	return message{
		header:   "🚨 Root user credential change: <eventName>",
		fallback: "Root user credential change",
		fields: []field{
			{"👤 Who", "root user\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Event", "<eventName> <error>"},
		},
		details: []wholeValue{uaDetail},
	}
}

func failureMessage(accountName string) message {
	return message{
		header:   "⛔ Failed console sign-in",
		fallback: "Failed console sign-in",
		fields: []field{
			{"👤 Identity type", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "Failure: <error>"},
			{"🔑 MFA used", "<mfa>"},
		},
		details: []wholeValue{{"User name entered", "userName"}, uaDetail},
		note:    "AWS records HIDDEN_DUE_TO_SECURITY_REASONS when the user name does not exist.",
	}
}

func noMFAMessage(accountName string) message {
	return message{
		header:   "⚠️ IAM user console sign-in without MFA",
		fallback: "IAM user console sign-in without MFA",
		fields: []field{
			{"👤 Who", "IAM user\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "Success"},
			{"🔑 MFA", "❌ not used"},
		},
		details: []wholeValue{uaDetail},
	}
}

func mfaMessage(accountName string) message {
	return message{
		header:   "✅ IAM user console sign-in",
		fallback: "IAM user console sign-in",
		fields: []field{
			{"👤 Who", "IAM user\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "Success"},
			{"🔑 MFA", "✅ used"},
		},
		details: []wholeValue{uaDetail},
	}
}

func federatedMessage(accountName string) message {
	return message{
		header:   "✅ Federated console sign-in",
		fallback: "Federated console sign-in",
		fields: []field{
			{"👤 Who (role/session)", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "Success"},
			{"🔑 MFA", "not applicable: enforced by the identity provider"},
		},
		details: []wholeValue{uaDetail},
	}
}

func switchRoleMessage(accountName string) message {
	return message{
		header:   "🔀 Switch role: <switchResult>",
		fallback: "Console switch role",
		fields: []field{
			{"👤 Who", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"↪️ Switched from", "<switchFrom>"},
			{"↩️ Switched to", "<switchTo>"},
			{"🔑 MFA", "not applicable: switching uses the current session"},
		},
		details: []wholeValue{uaDetail},
	}
}

func switchBackMessage(accountName string) message {
	return message{
		header:   "↩️ Switch back",
		fallback: "Console switch back",
		fields: []field{
			{"👤 Who", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"↪️ Left role", "<switchFrom>"},
			{"🔑 MFA", "not applicable: switching back uses the original session"},
		},
		details: []wholeValue{uaDetail},
	}
}

func incompleteUserAgentMessage(accountName string) message {
	return message{
		header:   "⚠️ Console sign-in event without a user agent: <eventName>",
		fallback: "Console sign-in event without a user agent",
		fields: []field{
			{"👤 Identity type", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "<result> <error>"},
			{"🔑 MFA used", "<mfa>"},
		},
		details: []wholeValue{{"User name", "userName"}},
		note:    "The user agent is missing or empty in this CloudTrail record; open the event in CloudTrail for the full record.",
	}
}

func incompleteMessage(accountName string) message {
	return message{
		header:   "⚠️ Console sign-in event with missing fields: <eventName>",
		fallback: "Console sign-in event with missing fields",
		fields: []field{
			{"👤 Identity type", "<type>\n<arn>"},
			accountField(accountName), regionField, timeField, ipField,
			{"📋 Result", "<result> <error>"},
			{"🔑 MFA used", "<mfa>"},
		},
		note: "The user agent, or the user name of this failed sign-in, is missing or empty; open the event in CloudTrail for the full record.",
	}
}
