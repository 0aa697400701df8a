package payloadcheck

import (
	"encoding/json"
	"sort"
)

// SlackTextLocations lists every user-visible string in a payload with how Slack
// renders it, in a stable order. It walks the whole body, not only valid
// blocks, so text in unexpected places is still reported. It returns nil
// for a body that is not JSON; call Validate for the reason.
func SlackTextLocations(body []byte) []TextLocation {
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
			out = walkText(out, Pointer(ptr, i), e)
		}
	case map[string]any:
		t, _ := x["type"].(string)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := Pointer(ptr, k)
			s, isStr := x[k].(string)
			switch {
			case !isStr:
				out = walkText(out, p, x[k])
			case k == "text" && (t == "plain_text" || t == "mrkdwn"):
				out = append(out, TextLocation{Kind: slackKinds[t], Pointer: p, Text: s})
			case k == "text" && (t == "text" || t == "link"):
				out = append(out, TextLocation{Kind: KindRichText, Pointer: p, Text: s})
			case k == "text":
				// a string "text" outside a known text object: Slack
				// would reject it; report it as markup, the worst case.
				out = append(out, TextLocation{Kind: KindMarkdown, Pointer: p, Text: s})
			case k == "url" || k == "image_url":
				out = append(out, TextLocation{Kind: KindURL, Pointer: p, Text: s})
			case k == "alt_text":
				out = append(out, TextLocation{Kind: KindPlain, Pointer: p, Text: s})
			}
		}
	}
	return out
}

// slackKinds maps Slack text object types to how Slack renders them.
var slackKinds = map[string]TextKind{"plain_text": KindPlain, "mrkdwn": KindMarkdown}
