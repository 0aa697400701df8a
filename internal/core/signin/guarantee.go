package signin

import (
	"slices"
	"strings"
)

// EnvelopeFields are the EventBridge envelope fields every event carries.
var EnvelopeFields = []string{"$.id", "$.account", "$.region", "$.time", "$.source", "$.detail-type"}

// CloudTrailFields are the record fields the CloudTrail User Guide
// ("CloudTrail record contents", Optional: False) lists as always present in
// a management event; a pattern that pins a CloudTrail detail-type may rely
// on them.
var CloudTrailFields = []string{"$.detail.eventID", "$.detail.eventName", "$.detail.eventSource", "$.detail.sourceIPAddress", "$.detail.awsRegion", "$.detail.eventTime"}

var cloudTrailDetailTypes = []string{DetailType, DetailTypeAPICall}

// Guaranteed returns the JSON paths ($.a.b) whose value is present and not
// an empty string in every event the pattern matches: the envelope, the
// CloudTrail fields when every alternative pins a CloudTrail detail-type and
// an AWS source,
// and every field whose matchers all reject both a missing field and "".
// A chat template may show a placeholder only if its path is guaranteed.
func Guaranteed(p Pattern) map[string]bool {
	out := map[string]bool{}
	for _, f := range EnvelopeFields {
		out[f] = true
	}
	for path := range guaranteedIn(p.Map(), "$") {
		out[path] = true
	}
	return out
}

// guaranteedIn walks one object of a pattern. An $or guarantees what all of
// its alternatives guarantee.
func guaranteedIn(obj map[string]any, at string) map[string]bool {
	out := map[string]bool{}
	for k, v := range obj {
		switch x := v.(type) {
		case map[string]any:
			for p := range guaranteedIn(x, at+"."+k) {
				out[p] = true
			}
		case []any:
			if k == "$or" {
				var common map[string]bool
				for _, alt := range x {
					m, _ := alt.(map[string]any)
					g := guaranteedIn(m, at)
					if common == nil {
						common = g
						continue
					}
					for p := range common {
						if !g[p] {
							delete(common, p)
						}
					}
				}
				for p := range common {
					out[p] = true
				}
				continue
			}
			if nonEmptyMatchers(x) {
				out[at+"."+k] = true
			}
			if at == "$" && k == "detail-type" && allCloudTrail(x) && awsSource(obj["source"]) {
				for _, f := range CloudTrailFields {
					out[f] = true
				}
			}
		}
	}
	return out
}

// awsSource reports whether every source of a pattern is an AWS service's:
// only AWS services can put those, so only their events are CloudTrail's.
func awsSource(v any) bool {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return false
	}
	for _, s := range list {
		if str, ok := s.(string); !ok || !strings.HasPrefix(str, "aws.") {
			return false
		}
	}
	return true
}

func allCloudTrail(values []any) bool {
	for _, v := range values {
		s, ok := v.(string)
		if !ok || !slices.Contains(cloudTrailDetailTypes, s) {
			return false
		}
	}
	return len(values) > 0
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
