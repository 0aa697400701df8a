package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Severity classifies a notification: each notifying event has exactly one,
// decided by the event pattern of the rule that matched it.
type Severity string

// The severities, most urgent first.
const (
	// SeverityRoot: the root user signed in, changed a credential, or was
	// assumed (AssumeRoot).
	SeverityRoot Severity = "root"
	// SeverityTamper: CloudTrail was stopped or reduced, or signin-notifier's
	// own rules, buses or destinations were changed outside CloudFormation.
	SeverityTamper Severity = "tamper"
	// SeverityBreakGlass: a role listed in BreakGlassRoles was assumed (AWS
	// CLI or SDK, role chaining, SAML or web identity federation, an AWS
	// service, a console switch role), or an attempt to was refused.
	SeverityBreakGlass Severity = "break-glass"
	// SeverityAnomaly: AWS Sign-In's own anomaly alert.
	SeverityAnomaly Severity = "anomaly"
	// SeverityFailure: a failed console sign-in, a burst of them, or a
	// refused security call.
	SeverityFailure Severity = "failure"
	// SeverityNoMFA: an IAM user signed in without MFA.
	SeverityNoMFA Severity = "no-mfa"
	// SeveritySignIn: any other successful console or CLI sign-in.
	SeveritySignIn Severity = "sign-in"
	// SeveritySwitchRole: a console switch role.
	SeveritySwitchRole Severity = "switch-role"
	// SeveritySwitchBack: back from a switched role.
	SeveritySwitchBack Severity = "switch-back"
	// SeverityIncomplete: a sign-in record missing a field a message would
	// show; the message says which.
	SeverityIncomplete Severity = "incomplete"
	// SeverityTest: the test sign-in `signin-notifier send-test` puts on the
	// bus. It is not routable: every destination gets it (see
	// SigninNotifierProps.IncludeTestRule).
	SeverityTest Severity = "test"
)

// AllSeverities returns every routable severity, most urgent first.
func AllSeverities() []Severity {
	return []Severity{SeverityRoot, SeverityTamper, SeverityBreakGlass, SeverityAnomaly, SeverityFailure, SeverityNoMFA,
		SeveritySignIn, SeveritySwitchRole, SeveritySwitchBack, SeverityIncomplete}
}

// HighSeverities returns what a security channel usually wants: root,
// tampering, break-glass roles, anomaly alerts, failed sign-ins, sign-ins
// without MFA and incomplete records.
func HighSeverities() []Severity {
	return []Severity{SeverityRoot, SeverityTamper, SeverityBreakGlass, SeverityAnomaly, SeverityFailure, SeverityNoMFA, SeverityIncomplete}
}

// Group is a group of notification rules. The groups are deployed as
// separate notifiers (stacks) per destination, so that each template stays
// under the 51,200 bytes CloudFormation accepts without a bootstrap bucket.
type Group string

// The rule groups.
const (
	// GroupSignIn: console sign-ins of IAM users, Identity Center and
	// federated identities, failed sign-ins, switch role and switch back,
	// and incomplete sign-in records.
	GroupSignIn Group = "signin"
	// GroupSecurity: root sign-ins and credential changes, `aws login`,
	// AssumeRoot, anomaly alerts, failed sign-in bursts, tampering and
	// refused security calls.
	GroupSecurity Group = "security"
	// GroupBreakGlass: the assumptions of the roles listed in
	// BreakGlassRoles as AWS STS records them, and refused attempts (none
	// without roles).
	GroupBreakGlass Group = "breakglass"
	// GroupBreakGlassSwitch: console switch roles into the roles listed in
	// BreakGlassRoles (none without roles).
	GroupBreakGlassSwitch Group = "breakglass-switch"
)

// Kind is a type of destination: each gets the same facts in its own native
// format.
type Kind string

// The destination kinds.
const (
	// KindSlack: a Slack incoming webhook (Block Kit).
	KindSlack Kind = "slack"
	// KindSlackApp: Slack's chat.postMessage with a bot token.
	KindSlackApp Kind = "slackApp"
	// KindTeams: a Microsoft Teams Workflows webhook (an Adaptive Card).
	KindTeams Kind = "teams"
	// KindDiscord: a Discord webhook (an embed that pings nobody).
	KindDiscord Kind = "discord"
	// KindWebhook: any HTTPS endpoint receiving a compact JSON document.
	KindWebhook Kind = "webhook"
)

// Burst configures the failed sign-in burst alarm: it fires when at least
// Threshold failed console sign-ins reach the hub within Period.
//
// Required: Threshold, Period.
type Burst struct {
	// Threshold is the number of failed sign-ins, at least 1. Required.
	Threshold *float64
	// Period is the window, in whole minutes from 1 minute to 24 hours,
	// e.g. awscdk.Duration_Minutes(jsii.Number(5)). Required.
	Period awscdk.Duration
}

// The conversions to the jsii-free core, at the boundary of the package.

func severities(in []Severity) []signin.Severity {
	if in == nil {
		return nil
	}
	out := make([]signin.Severity, len(in))
	for i, s := range in {
		out[i] = signin.Severity(s)
	}
	return out
}

// coreBurst converts a burst prop, or returns why it cannot be one; nil
// is off.
func coreBurst(b *Burst) (signin.Burst, error) {
	if b == nil {
		return signin.Burst{}, nil
	}
	if b.Threshold == nil || b.Period == nil {
		return signin.Burst{}, fmt.Errorf("needs both Threshold and Period, e.g. &Burst{Threshold: jsii.Number(10), Period: awscdk.Duration_Minutes(jsii.Number(5))}")
	}
	seconds := *b.Period.ToSeconds(nil)
	threshold := *b.Threshold
	if threshold < 1 || threshold != float64(int(threshold)) || seconds < 60 || seconds > 24*60*60 || int(seconds)%60 != 0 || seconds != float64(int(seconds)) {
		return signin.Burst{}, fmt.Errorf("of %v within %s is invalid: use a whole Threshold of at least 1 and a Period of whole minutes from 1 minute to 24 hours", threshold, *b.Period.ToHumanString())
	}
	return signin.Burst{Threshold: int(threshold), PeriodMinutes: int(seconds) / 60}, nil
}

// publicBurst is the prop form of a core burst; nil when off.
func publicBurst(b signin.Burst) *Burst {
	if !b.On() {
		return nil
	}
	return &Burst{Threshold: jsii.Number(float64(b.Threshold)), Period: awscdk.Duration_Minutes(jsii.Number(float64(b.PeriodMinutes)))}
}

// literal reports whether s is a value known at synth (not a token
// resolved at deploy time): only literal values can be checked.
func literal(s *string) bool { return s != nil && !*awscdk.Token_IsUnresolved(s) }
