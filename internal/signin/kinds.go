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
	case SeverityRoot, SeverityFailure, SeverityTamper:
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

// slack renders Block Kit: a header, plain_text fields, and a rich_text
// block carrying the whole-value details and the CloudTrail link.
func (m message) slack(o renderOptions) map[string]any {
	fields := make([]any, 0, len(m.fields))
	for _, f := range m.fields {
		fields = append(fields, map[string]any{"type": "plain_text", "text": f.label + "\n" + f.value})
	}
	var elements []any
	for i, d := range m.details {
		if i > 0 {
			elements = append(elements, map[string]any{"type": "text", "text": "\n"})
		}
		elements = append(elements,
			map[string]any{"type": "text", "text": d.label + ": ", "style": map[string]any{"bold": true}},
			map[string]any{"type": "text", "text": slot(d.placeholder)},
		)
	}
	if m.note != "" {
		if len(elements) > 0 {
			elements = append(elements, map[string]any{"type": "text", "text": "\n"})
		}
		elements = append(elements, map[string]any{"type": "text", "text": m.note, "style": map[string]any{"italic": true}})
	}
	if len(elements) > 0 {
		elements = append(elements, map[string]any{"type": "text", "text": "\n"})
	}
	elements = append(elements, map[string]any{"type": "link", "url": m.url(), "text": "Open in CloudTrail"})
	fallback := m.fallback
	if o.accountName != "" {
		fallback += " · " + escapeMrkdwn(o.accountName)
	}
	body := map[string]any{
		"text": fallback,
		"blocks": []any{
			map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": m.header}},
			map[string]any{"type": "section", "fields": fields},
			map[string]any{"type": "rich_text", "elements": []any{map[string]any{"type": "rich_text_section", "elements": elements}}},
		},
	}
	if o.kind == KindSlackApp {
		body["channel"] = o.channel
		body["unfurl_links"] = false
		body["unfurl_media"] = false
	}
	return body
}

// teams renders an Adaptive Card for a Teams Workflows webhook. The header
// (a TextBlock) and the facts (a FactSet) hold only static text and
// AWS-formatted values; the values an attacker can choose are TextRuns,
// which Teams never parses as Markdown.
func (m message) teams(o renderOptions) map[string]any {
	_, color := severityColor(o.severity)
	run := func(text string, bold bool) map[string]any {
		r := map[string]any{"type": "TextRun", "text": text}
		if bold {
			r["weight"] = "Bolder"
		}
		return r
	}
	body := []any{map[string]any{"type": "TextBlock", "text": m.header, "wrap": true, "weight": "Bolder", "size": "Large", "color": color}}
	facts := make([]any, 0, len(m.fields))
	for _, f := range m.fields {
		// A leading space keeps the value non-empty when the field is.
		facts = append(facts, map[string]any{"title": f.label, "value": " " + strings.ReplaceAll(f.value, "\n", " ")})
	}
	body = append(body, map[string]any{"type": "FactSet", "facts": facts})
	for _, d := range m.details {
		body = append(body, map[string]any{"type": "RichTextBlock", "inlines": []any{
			run(d.label+": ", true), run(slot(d.placeholder), false),
		}})
	}
	if m.note != "" {
		body = append(body, map[string]any{"type": "RichTextBlock", "inlines": []any{
			map[string]any{"type": "TextRun", "text": m.note, "italic": true, "isSubtle": true},
		}})
	}
	return map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"content": map[string]any{
				"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
				"type":    "AdaptiveCard",
				"version": "1.4",
				"msteams": map[string]any{"width": "Full"},
				"body":    body,
				"actions": []any{map[string]any{"type": "Action.OpenUrl", "title": "Open in CloudTrail", "url": m.url()}},
			},
		}},
	}
}

// discord renders one embed. Discord renders Markdown in titles,
// descriptions and field values, so those hold only static text and
// AWS-formatted values; the typed user name goes in author.name, which
// Discord shows as plain text. The user agent is left out: footer text (the
// only other plain-text slot) is limited to 2,048 characters, and a longer
// user agent would make Discord reject the whole message.
func (m message) discord(o renderOptions) map[string]any {
	color, _ := severityColor(o.severity)
	var lines []string
	for _, f := range m.fields {
		lines = append(lines, "**"+f.label+":** "+strings.ReplaceAll(f.value, "\n", " "))
	}
	if m.note != "" {
		lines = append(lines, "*"+escapeDiscord(m.note)+"*")
	}
	embed := map[string]any{
		"title":       m.header,
		"url":         m.url(),
		"color":       color,
		"description": strings.Join(lines, "\n"),
		"footer":      map[string]any{"text": "signin-notifier · severity " + string(o.severity) + " · the user agent is in the CloudTrail event"},
	}
	for _, d := range m.details {
		if d.placeholder == "userName" {
			embed["author"] = map[string]any{"name": slot("userName")}
		}
	}
	return map[string]any{
		"username":         "signin-notifier",
		"allowed_mentions": map[string]any{"parse": []any{}},
		"embeds":           []any{embed},
	}
}

// webhook renders the generic JSON document (version 1). Every event value
// is a whole value, so a missing field is simply "".
func (m message) webhook(o renderOptions) map[string]any {
	result := slot("result")
	if m.result != "" {
		result = slot(m.result)
	}
	target := ""
	if m.target != "" {
		target = slot(m.target)
	}
	return map[string]any{
		"source":        "signin-notifier",
		"version":       1,
		"severity":      string(o.severity),
		"rule":          o.ruleID,
		"title":         m.header,
		"account":       slot("account"),
		"accountName":   o.accountName,
		"region":        slot("region"),
		"time":          slot("time"),
		"eventId":       slot("eventId"),
		"eventName":     slot("eventName"),
		"identity":      map[string]any{"type": slot("type"), "arn": slot("arn"), "userName": slot("userName")},
		"sourceIp":      slot("ip"),
		"userAgent":     slot("userAgent"),
		"result":        result,
		"errorMessage":  slot("error"),
		"mfaUsed":       slot("mfa"),
		"switchFrom":    slot("switchFrom"),
		"switchTo":      slot("switchTo"),
		"target":        target,
		"cloudTrailUrl": m.url(),
	}
}

// escapeDiscord escapes Discord Markdown in static text.
func escapeDiscord(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`, "#", `\#`, "[", `\[`, "]", `\]`, "@", "@\u200b").Replace(s)
}
