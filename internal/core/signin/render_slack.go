package signin

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
