package signin

import "strings"

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
		switch d.placeholder {
		case "userName":
			embed["author"] = map[string]any{"name": slot("userName")}
		case "alarmReason", "denial":
			// CloudWatch's own text, or AWS's error message of a refused
			// break-glass assumption (which names the caller and the
			// role), a few hundred characters: the plain-text footer
			// (2,048) holds it. (A role ARN the caller stretched over the
			// footer's limit makes Discord refuse the message, which then
			// goes to the dead-letter queue, whose alarm tells.)
			embed["footer"] = map[string]any{"text": slot(d.placeholder)}
		}
	}
	return map[string]any{
		"username":         "signin-notifier",
		"allowed_mentions": map[string]any{"parse": []any{}},
		"embeds":           []any{embed},
	}
}

// escapeDiscord escapes Discord Markdown in static text.
func escapeDiscord(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`, "#", `\#`, "[", `\[`, "]", `\]`, "@", "@\u200b").Replace(s)
}
