package signin

import (
	"slices"
	"strings"
)

// EnvelopeFields are the EventBridge envelope fields every event carries.
var EnvelopeFields = []string{"$.id", "$.account", "$.region", "$.time", "$.source", "$.detail-type"}

// Guaranteed returns the JSON paths ($.a.b) whose value is present and not
// an empty string in every event the pattern matches: the envelope, and
// every field whose matchers all reject both a missing field and "". Fields
// CloudTrail documents as always written (eventID, sourceIPAddress...) are
// not assumed: records from tests, datasets and captures lack them, so a
// pattern that shows one must require it.
func Guaranteed(p Pattern) map[string]bool {
	alts := Alternatives(p)
	out := map[string]bool{}
	for path := range alts[0] {
		if !slices.ContainsFunc(alts[1:], func(a map[string]bool) bool { return !a[path] }) {
			out[path] = true
		}
	}
	return out
}

// Alternatives returns, for each combination of $or alternatives the
// pattern expands to, the paths that combination guarantees present and
// not empty (the envelope included). An event the pattern matches matches
// at least one combination.
func Alternatives(p Pattern) []map[string]bool {
	out := combinations(p.Map(), "$")
	for _, a := range out {
		for _, f := range EnvelopeFields {
			a[f] = true
		}
	}
	return out
}

// combinations walks one object of a pattern: its fields are AND-ed, each
// $or multiplies the combinations by its alternatives.
func combinations(obj map[string]any, at string) []map[string]bool {
	out := []map[string]bool{{}}
	for k, v := range obj {
		switch x := v.(type) {
		case map[string]any:
			out = cross(out, combinations(x, at+"."+k))
		case []any:
			if k == "$or" {
				var alts []map[string]bool
				for _, alt := range x {
					m, _ := alt.(map[string]any)
					alts = append(alts, combinations(m, at)...)
				}
				out = cross(out, alts)
			} else if nonEmptyMatchers(x) {
				for _, c := range out {
					c[at+"."+k] = true
				}
			}
		}
	}
	return out
}

func cross(a, b []map[string]bool) []map[string]bool {
	out := make([]map[string]bool, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			c := make(map[string]bool, len(x)+len(y))
			for k := range x {
				c[k] = true
			}
			for k := range y {
				c[k] = true
			}
			out = append(out, c)
		}
	}
	return out
}

// Unguaranteed returns the first group of shows (placeholder groups, see
// Rule.Shows) that some combination of the pattern leaves without any
// guaranteed placeholder, and nil when every group is guaranteed: then the
// message never shows a label without a value.
func Unguaranteed(p Pattern, shows [][]string) []string {
	alts := Alternatives(p)
	for _, g := range shows {
		for _, a := range alts {
			if !slices.ContainsFunc(g, func(name string) bool { return a[Paths[name]] }) {
				return g
			}
		}
	}
	return nil
}

// nonEmptyMatchers reports whether a matcher list matches only values that
// are present and, if strings, not empty.
func nonEmptyMatchers(list []any) bool {
	if len(list) == 0 {
		return false
	}
	for _, m := range list {
		if !nonEmptyMatcher(m) {
			return false
		}
	}
	return true
}

func nonEmptyMatcher(m any) bool {
	switch x := m.(type) {
	case string:
		return x != ""
	case bool, float64, int:
		return true
	case nil:
		return false
	case map[string]any:
		for op, arg := range x {
			switch op {
			case "prefix", "suffix", "equals-ignore-case":
				if m, ok := arg.(map[string]any); ok && (op == "prefix" || op == "suffix") {
					arg = m["equals-ignore-case"] // {"suffix": {"equals-ignore-case": "x"}}
				}
				s, ok := arg.(string)
				return ok && s != ""
			case "wildcard":
				s, ok := arg.(string)
				return ok && strings.Trim(s, "*") != ""
			case "cidr", "numeric":
				return true
			case "anything-but":
				// Only a list (or single value) that names "" excludes it,
				// or a wildcard list that holds "", which matches "" only.
				switch a := arg.(type) {
				case []any:
					return slices.Contains(a, any(""))
				case string:
					return a == ""
				case map[string]any:
					w, ok := a["wildcard"].([]any)
					return ok && slices.Contains(w, any("")) || a["wildcard"] == ""
				}
				return false
			}
		}
	}
	return false
}
