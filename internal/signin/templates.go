package signin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Paths maps every placeholder the templates may use to its JSON path in the
// EventBridge envelope.
var Paths = map[string]string{
	"account":      "$.account",
	"region":       "$.region",
	"time":         "$.time",
	"eventId":      "$.detail.eventID",
	"eventName":    "$.detail.eventName",
	"arn":          "$.detail.userIdentity.arn",
	"userName":     "$.detail.userIdentity.userName",
	"type":         "$.detail.userIdentity.type",
	"ip":           "$.detail.sourceIPAddress",
	"userAgent":    "$.detail.userAgent",
	"mfa":          "$.detail.additionalEventData.MFAUsed",
	"result":       "$.detail.responseElements.ConsoleLogin",
	"switchResult": "$.detail.responseElements.SwitchRole",
	"error":        "$.detail.errorMessage",
	"switchFrom":   "$.detail.additionalEventData.SwitchFrom",
	"switchTo":     "$.detail.additionalEventData.SwitchTo",
}

// AttackerFields are the placeholders whose values someone outside the
// account can choose. Templates insert them only as whole values into
// rich_text elements.
var AttackerFields = []string{"userAgent", "userName"}

// FormattedFields are the placeholders inserted inside string literals. AWS
// writes these values in fixed formats (ids, ARNs, timestamps, enumerations,
// IP addresses) that never contain a quote, a backslash or a control
// character; a value that did would make EventBridge drop the event because
// the rendered body would not be valid JSON.
var FormattedFields = []string{"account", "region", "time", "eventId", "eventName", "arn", "type", "ip", "mfa", "result", "switchResult", "error", "switchFrom", "switchTo"}

// Transformer is an EventBridge input transformer.
type Transformer struct {
	InputPathsMap map[string]string
	InputTemplate string
}

// field is one "Label\nvalue" cell of the facts section. Value may contain
// <placeholder>s of FormattedFields.
type field struct{ label, value string }

// wholeValue is a labelled rich_text line whose value is one whole-value
// placeholder (quoted and escaped by EventBridge).
type wholeValue struct{ label, placeholder string }

// message is the shape of every Slack notification.
type message struct {
	header   string // plain_text; may use FormattedFields placeholders
	fallback string // notification text; static or FormattedFields only
	fields   []field
	details  []wholeValue
	note     string // optional static line in the details block
}

// slotPrefix marks whole-value placeholders in the marshalled JSON so that
// they can be replaced by unquoted <placeholder>s afterwards.
const slotPrefix = "\u0000slot:"

// render turns m into an input transformer. The JSON is produced by
// encoding/json, so literal text (the account name included) is always
// correctly escaped; only the placeholders are spliced in afterwards.
func (m message) render(accountName string) (Transformer, error) {
	fields := make([]any, 0, len(m.fields))
	for _, f := range m.fields {
		fields = append(fields, map[string]any{"type": "plain_text", "emoji": true, "text": f.label + "\n" + f.value})
	}
	var elements []any
	for i, d := range m.details {
		if i > 0 {
			elements = append(elements, map[string]any{"type": "text", "text": "\n"})
		}
		elements = append(elements,
			map[string]any{"type": "text", "text": d.label + ": ", "style": map[string]any{"bold": true}},
			map[string]any{"type": "text", "text": slotPrefix + d.placeholder},
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
	elements = append(elements, map[string]any{
		"type": "link",
		"url":  "https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events/<eventId>",
		"text": "Open this event in CloudTrail",
	})
	blocks := []any{
		map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "emoji": true, "text": m.header}},
		map[string]any{"type": "section", "fields": fields},
		map[string]any{"type": "rich_text", "elements": []any{map[string]any{"type": "rich_text_section", "elements": elements}}},
	}
	fallback := m.fallback
	if accountName != "" {
		fallback += " · " + escapeMrkdwn(accountName)
	}
	body := map[string]any{"text": fallback, "blocks": blocks}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return Transformer{}, err
	}
	tmpl := strings.TrimSpace(buf.String())
	// Whole-value slots: "\u0000slot:name" -> <name>.
	for _, d := range m.details {
		quoted := `"\u0000slot:` + d.placeholder + `"`
		if !strings.Contains(tmpl, quoted) {
			return Transformer{}, fmt.Errorf("internal error: slot %s not found in template", d.placeholder)
		}
		tmpl = strings.ReplaceAll(tmpl, quoted, "<"+d.placeholder+">")
	}
	paths := map[string]string{}
	for name, path := range Paths {
		if strings.Contains(tmpl, "<"+name+">") {
			paths[name] = path
		}
	}
	return Transformer{InputPathsMap: paths, InputTemplate: tmpl}, nil
}

// escapeMrkdwn escapes the three characters Slack treats as markup in the
// fallback text, which Slack renders in notifications.
func escapeMrkdwn(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Placeholders returns the placeholders used in a template, sorted.
func Placeholders(t Transformer) []string {
	out := make([]string, 0, len(t.InputPathsMap))
	for k := range t.InputPathsMap {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Common cells.
func accountField(accountName string) field {
	v := "<account>"
	if accountName != "" {
		v += " (" + accountName + ")"
	}
	return field{"🏢 Account", v}
}

var (
	regionField = field{"🌍 Region", "<region>"}
	timeField   = field{"🕒 Time (UTC)", "<time>"}
	ipField     = field{"📍 Source IP", "<ip>"}
	uaDetail    = wholeValue{"User agent", "userAgent"}
)
