package signin

import (
	"fmt"
	"strings"
)

// Kind is a type of destination. Each gets the same facts in its own native
// format.
type Kind string

// The destination kinds.
const (
	// KindSlack: a Slack incoming webhook (Block Kit).
	KindSlack Kind = "slack"
	// KindSlackApp: Slack's chat.postMessage with a bot token (Block Kit
	// plus a channel id).
	KindSlackApp Kind = "slackApp"
	// KindTeams: a Microsoft Teams Workflows webhook (an Adaptive Card).
	KindTeams Kind = "teams"
	// KindDiscord: a Discord webhook (an embed, pinging nobody).
	KindDiscord Kind = "discord"
	// KindWebhook: any HTTPS endpoint receiving a compact JSON document.
	KindWebhook Kind = "webhook"
)

// Kinds lists every destination kind in documentation order.
var Kinds = []Kind{KindSlack, KindSlackApp, KindTeams, KindDiscord, KindWebhook}

// SlackPostMessageURL is the Web API endpoint of KindSlackApp.
const SlackPostMessageURL = "https://slack.com/api/chat.postMessage"

// ParseKind accepts a destination kind by name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown destination type %q: use %s", s, strings.Join(names, ", "))
}

// DefaultRateLimit is the API destination rate limit of a kind, from each
// service's guidance: Slack about 1 message per second per webhook or
// channel; Teams and Discord webhooks are throttled per webhook as well; a
// generic endpoint is the user's own.
func (k Kind) DefaultRateLimit() float64 {
	if k == KindWebhook {
		return 10
	}
	return 1
}

// severityColor is the colour of a severity in Discord (RGB integer) and
// Teams (a named Adaptive Card colour).
func severityColor(s Severity) (discord int, teams string) {
	switch s {
	case SeverityRoot, SeverityFailure, SeverityTamper, SeverityBreakGlass:
		return 0xD50000, "Attention"
	case SeverityAnomaly:
		return 0xFFAB00, "Warning"
	case SeverityNoMFA, SeverityIncomplete:
		return 0xFFAB00, "Warning"
	case SeveritySignIn:
		return 0x2E7D32, "Good"
	}
	return 0x1565C0, "Accent"
}

// renderOptions carry what a renderer needs beyond the message.
type renderOptions struct {
	kind        Kind
	severity    Severity
	ruleID      string
	accountName string
	channel     string
}

func (m message) render(o renderOptions) (Transformer, error) {
	escape := func(s string) string { return s }
	if o.kind == KindDiscord {
		escape = escapeDiscord
	}
	m.fields = withAccountName(m.fields, o.accountName, escape)
	m = m.expanded()
	switch o.kind {
	case KindSlack, KindSlackApp:
		return encode(m.slack(o))
	case KindTeams:
		return encode(m.teams(o))
	case KindDiscord:
		return encode(m.discord(o))
	case KindWebhook:
		return encode(m.webhook(o))
	}
	return Transformer{}, fmt.Errorf("unknown destination type %q", o.kind)
}

// expanded writes the message's <a|b> placeholders as EventBridge renders
// them (<a><b>), except the webhook target, which the webhook renderer
// reads as written.
func (m message) expanded() message {
	m.header = expand(m.header)
	fields := make([]field, len(m.fields))
	for i, f := range m.fields {
		fields[i] = field{f.label, expand(f.value)}
	}
	m.fields = fields
	return m
}
