package signin

import "strings"

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
				"type":    "AdaptiveCard",
				"version": "1.4",
				"msteams": map[string]any{"width": "Full"},
				"body":    body,
				"actions": []any{map[string]any{"type": "Action.OpenUrl", "title": "Open in CloudTrail", "url": m.url()}},
			},
		}},
	}
}
