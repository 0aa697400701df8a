package payloadcheck

import (
	"encoding/json"
	"sort"
	"strings"
)

// TextKind says how a chat service renders a string.
type TextKind string

// Kinds of rendered text.
const (
	// KindMarkdown is parsed as the service's Markdown: Teams' subset in a
	// TextBlock or FactSet, Discord's Markdown (which also turns <@id>,
	// @everyone and masked links into markup) in content, titles,
	// descriptions and fields. Untrusted text must never be here unescaped.
	KindMarkdown TextKind = "markdown"
	// KindPlain is shown literally: a Teams TextRun or action title, a
	// Discord author name, footer text or username.
	KindPlain TextKind = "plain"
	// KindURL is a link target.
	KindURL TextKind = "url"
	// KindRichText is literal text inside Slack rich_text elements.
	KindRichText TextKind = "rich_text"
	// KindFallback is Slack's top-level "text", shown in notifications and
	// parsed as markup.
	KindFallback TextKind = "fallback"
)

// TextLocation is one user-visible string in a payload.
type TextLocation struct {
	Kind    TextKind
	Pointer string
	Text    string
}

// TeamsTextLocations lists every user-visible string in a Teams Workflows
// body with how Teams renders it, in a stable order (object keys sorted).
// It walks the whole body, not only valid elements, so text in unexpected
// places is still reported, as Markdown (the worst case). It returns nil for
// a body that is not a JSON object; call Teams for the reason.
func TeamsTextLocations(body []byte) []TextLocation {
	root, ok := decodeObject(body)
	if !ok {
		return nil
	}
	return walkTeams(nil, "", root, "")
}

// DiscordTextLocations lists every user-visible string in a Discord
// webhook body with how Discord renders it, in a stable order (object keys
// sorted). Text in unexpected places is reported as Markdown, the worst
// case. It returns nil for a body that is not a JSON object; call Discord
// for the reason.
func DiscordTextLocations(body []byte) []TextLocation {
	root, ok := decodeObject(body)
	if !ok {
		return nil
	}
	return walkDiscord(nil, "", root, "")
}

func decodeObject(body []byte) (map[string]any, bool) {
	var root any
	if err := json.Unmarshal(body, &root); err != nil {
		return nil, false
	}
	m, ok := root.(map[string]any)
	return m, ok
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isURLKey says whether a key names a link target: url, avatar_url,
// icon_url, contentUrl, iconUrl and the like.
func isURLKey(k string) bool {
	return strings.HasSuffix(strings.ToLower(k), "url")
}

// walkTeams appends the text of v; parent is the key holding v (or the
// array holding it).
func walkTeams(out []TextLocation, ptr string, v any, parent string) []TextLocation {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			p := Pointer(ptr, i)
			if s, ok := e.(string); ok && parent == "inlines" {
				// the shorthand for a TextRun: never Markdown
				out = append(out, TextLocation{Kind: KindPlain, Pointer: p, Text: s})
				continue
			}
			out = walkTeams(out, p, e, parent)
		}
	case map[string]any:
		t, _ := x["type"].(string)
		for _, k := range sortedKeys(x) {
			p := Pointer(ptr, k)
			s, isStr := x[k].(string)
			switch {
			case !isStr:
				out = walkTeams(out, p, x[k], k)
			case k == "text" && t == "TextRun":
				out = append(out, TextLocation{Kind: KindPlain, Pointer: p, Text: s})
			case k == "title" && t == "Action.OpenUrl":
				out = append(out, TextLocation{Kind: KindPlain, Pointer: p, Text: s})
			case k == "text" || k == "title" || k == "value":
				// TextBlock text and fact titles and values are Markdown;
				// so is any such string elsewhere, as the worst case.
				out = append(out, TextLocation{Kind: KindMarkdown, Pointer: p, Text: s})
			case isURLKey(k):
				out = append(out, TextLocation{Kind: KindURL, Pointer: p, Text: s})
			}
		}
	}
	return out
}

// walkDiscord appends the text of v; parent is the key holding v (or the
// array holding it).
func walkDiscord(out []TextLocation, ptr string, v any, parent string) []TextLocation {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			out = walkDiscord(out, Pointer(ptr, i), e, parent)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			p := Pointer(ptr, k)
			s, isStr := x[k].(string)
			switch {
			case !isStr:
				out = walkDiscord(out, p, x[k], k)
			case k == "username" && parent == "",
				k == "name" && parent == "author",
				k == "text" && parent == "footer":
				out = append(out, TextLocation{Kind: KindPlain, Pointer: p, Text: s})
			case k == "content" || k == "title" || k == "description" || k == "name" || k == "value" || k == "text":
				out = append(out, TextLocation{Kind: KindMarkdown, Pointer: p, Text: s})
			case isURLKey(k):
				out = append(out, TextLocation{Kind: KindURL, Pointer: p, Text: s})
			}
		}
	}
	return out
}
