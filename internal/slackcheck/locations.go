package slackcheck

import (
	"encoding/json"
	"sort"

	"github.com/signin-notifier/signin-notifier/internal/jsoncheck"
)

// TextKind says how Slack renders a string.
type TextKind string

// Kinds of rendered text.
const (
	// KindPlainText is shown literally (plain_text objects, image alt text).
	KindPlainText TextKind = "plain_text"
	// KindMrkdwn is parsed as Slack markup: <!channel> pings, <url|label>
	// links. Untrusted text must never be here.
	KindMrkdwn TextKind = "mrkdwn"
	// KindRichText is literal text inside rich_text elements.
	KindRichText TextKind = "rich_text"
	// KindFallback is the top-level "text", shown in notifications and
	// parsed as markup.
	KindFallback TextKind = "fallback"
	// KindURL is a link or image target.
	KindURL TextKind = "url"
)

// TextLocation is one user-visible string in a payload.
type TextLocation struct {
	Kind    TextKind
	Pointer string
	Text    string
}

// TextLocations lists every user-visible string in a payload with how Slack
// renders it, in a stable order. It walks the whole body, not only valid
// blocks, so text in unexpected places is still reported. It returns nil
// for a body that is not JSON; call Validate for the reason.
func TextLocations(body []byte) []TextLocation {
	var root any
	if err := json.Unmarshal(body, &root); err != nil {
		return nil
	}
	var out []TextLocation
	m, ok := root.(map[string]any)
	if !ok {
		return nil
	}
	if s, ok := m["text"].(string); ok {
		out = append(out, TextLocation{Kind: KindFallback, Pointer: "/text", Text: s})
	}
	if b, ok := m["blocks"]; ok {
		out = walkText(out, "/blocks", b)
	}
	return out
}

func walkText(out []TextLocation, ptr string, v any) []TextLocation {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			out = walkText(out, jsoncheck.Pointer(ptr, i), e)
		}
	case map[string]any:
		t, _ := x["type"].(string)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := jsoncheck.Pointer(ptr, k)
			s, isStr := x[k].(string)
			switch {
			case !isStr:
				out = walkText(out, p, x[k])
			case k == "text" && (t == "plain_text" || t == "mrkdwn"):
				out = append(out, TextLocation{Kind: TextKind(t), Pointer: p, Text: s})
			case k == "text" && (t == "text" || t == "link"):
				out = append(out, TextLocation{Kind: KindRichText, Pointer: p, Text: s})
			case k == "text":
				// a string "text" outside a known text object: Slack
				// would reject it; report it as markup, the worst case.
				out = append(out, TextLocation{Kind: KindMrkdwn, Pointer: p, Text: s})
			case k == "url" || k == "image_url":
				out = append(out, TextLocation{Kind: KindURL, Pointer: p, Text: s})
			case k == "alt_text":
				out = append(out, TextLocation{Kind: KindPlainText, Pointer: p, Text: s})
			}
		}
	}
	return out
}
