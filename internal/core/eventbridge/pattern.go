package eventbridge

import (
	"fmt"
	"unicode/utf8"
)

// Limits from the EventBridge quotas and content-filtering documentation.
const (
	// MaxPatternLength is the largest event pattern, in characters.
	MaxPatternLength = 2048
	// MaxOrCombinations is the largest number of rule combinations an $or
	// expansion may produce.
	MaxOrCombinations = 1000
)

// Pattern is a parsed, validated EventBridge event pattern.
type Pattern struct {
	src  string
	root *objectNode
}

// objectNode is an object level of a pattern: every field must match (AND)
// and, for each $or, at least one alternative must match.
type objectNode struct {
	fields []*fieldNode
	ors    [][]*objectNode
}

// fieldNode is one key of an object level: either a nested object or a leaf
// list of matchers (OR).
type fieldNode struct {
	key         string
	child       *objectNode
	matchers    []matcher // excludes exists:false, see existsFalse
	existsFalse bool
}

// ParsePattern parses and validates an event pattern. The length limit is
// counted on b as given, so pass the pattern in the compact form that is sent
// to PutRule.
func ParsePattern(b []byte) (*Pattern, error) {
	if n := utf8.RuneCount(b); n > MaxPatternLength {
		return nil, fmt.Errorf("event pattern is %d characters, over the EventBridge limit of %d: shorten value lists or split the rule", n, MaxPatternLength)
	}
	v, err := parseJSON(b)
	if err != nil {
		return nil, fmt.Errorf("event pattern is not valid JSON: %v", err)
	}
	if v.kind != kindObject {
		return nil, fmt.Errorf("event pattern must be a JSON object, got %s", kindName(v.kind))
	}
	if len(v.obj) == 0 {
		return nil, fmt.Errorf("event pattern is empty: add at least one field, for example \"source\"")
	}
	root, err := parseObject(v, "")
	if err != nil {
		return nil, err
	}
	if n := root.combinations(); n > MaxOrCombinations {
		return nil, fmt.Errorf("event pattern: $or expands to more than %d rule combinations: use fewer $or alternatives or split the rule", MaxOrCombinations)
	}
	return &Pattern{src: string(b), root: root}, nil
}

// String returns the pattern text as given to ParsePattern.
func (p *Pattern) String() string { return p.src }

// Match reports whether the event JSON matches the pattern.
func (p *Pattern) Match(event []byte) (bool, error) {
	e, err := ParseEvent(event)
	if err != nil {
		return false, err
	}
	return p.MatchEvent(e), nil
}

// MatchEvent reports whether a decoded event matches the pattern.
func (p *Pattern) MatchEvent(e *Event) bool {
	return p.root.match(e.root)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func parseObject(v *value, path string) (*objectNode, error) {
	n := &objectNode{}
	index := map[string]int{} // duplicate keys: the last one is used
	for _, m := range v.obj {
		if m.key == "$or" {
			alts, err := parseOr(m.val, path)
			if err != nil {
				return nil, err
			}
			n.ors = append(n.ors, alts)
			continue
		}
		f, err := parseField(m.key, m.val, joinPath(path, m.key))
		if err != nil {
			return nil, err
		}
		if i, dup := index[m.key]; dup {
			n.fields[i] = f
			continue
		}
		index[m.key] = len(n.fields)
		n.fields = append(n.fields, f)
	}
	return n, nil
}

// parseOr parses the alternatives of an $or found in the object at path.
func parseOr(v *value, path string) ([]*objectNode, error) {
	at := joinPath(path, "$or")
	if v.kind != kindArray || len(v.arr) < 2 {
		return nil, fmt.Errorf("event pattern %q: $or must be an array of at least two objects", at)
	}
	alts := make([]*objectNode, 0, len(v.arr))
	for i, e := range v.arr {
		if e.kind != kindObject || len(e.obj) == 0 {
			return nil, fmt.Errorf("event pattern %q: $or element %d must be a non-empty object, got %s", at, i, kindName(e.kind))
		}
		sub, err := parseObject(e, path)
		if err != nil {
			return nil, err
		}
		alts = append(alts, sub)
	}
	return alts, nil
}

func parseField(key string, v *value, path string) (*fieldNode, error) {
	f := &fieldNode{key: key}
	switch v.kind {
	case kindObject:
		if len(v.obj) == 0 {
			return nil, fmt.Errorf("event pattern %q: empty objects are not allowed: add a field or remove the key", path)
		}
		child, err := parseObject(v, path)
		if err != nil {
			return nil, err
		}
		f.child = child
	case kindArray:
		if len(v.arr) == 0 {
			return nil, fmt.Errorf("event pattern %q: empty arrays are not allowed: list at least one value", path)
		}
		for _, e := range v.arr {
			m, err := parseMatcher(e, path)
			if err != nil {
				return nil, err
			}
			if ex, ok := m.(existsMatcher); ok && !bool(ex) {
				f.existsFalse = true
				continue
			}
			f.matchers = append(f.matchers, m)
		}
	default:
		return nil, fmt.Errorf("event pattern %q must be an object or an array, got %s: wrap the value in [ ]", path, kindName(v.kind))
	}
	return f, nil
}

// combinations counts the rule combinations that $or expands to, saturating
// just above MaxOrCombinations.
func (n *objectNode) combinations() int {
	total := 1
	for _, f := range n.fields {
		if f.child != nil {
			total = satMul(total, f.child.combinations())
		}
	}
	for _, alts := range n.ors {
		sum := 0
		for _, a := range alts {
			sum = min(sum+a.combinations(), MaxOrCombinations+1)
		}
		total = satMul(total, sum)
	}
	return total
}

func satMul(a, b int) int {
	if a > MaxOrCombinations || b > MaxOrCombinations || a*b > MaxOrCombinations {
		return MaxOrCombinations + 1
	}
	return a * b
}

// match evaluates an object level against an event value (nil when the
// field is missing, any kind otherwise).
func (n *objectNode) match(v *value) bool {
	for _, f := range n.fields {
		fv := v.get(f.key)
		if f.child != nil {
			if !matchNested(f.child, fv) {
				return false
			}
		} else if !f.matchLeaf(fv) {
			return false
		}
	}
	for _, alts := range n.ors {
		ok := false
		for _, a := range alts {
			if a.match(v) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// matchNested applies a nested pattern object. An event array matches when
// any one element matches the whole nested pattern.
func matchNested(n *objectNode, v *value) bool {
	if v != nil && v.kind == kindArray {
		if len(v.arr) == 0 {
			return n.match(nil)
		}
		for _, e := range v.arr {
			if matchNested(n, e) {
				return true
			}
		}
		return false
	}
	return n.match(v)
}

// matchLeaf applies a leaf matcher list. EventBridge matches on leaves only:
// a missing field, an object (an intermediate node) and an array with no
// scalar elements all count as "no leaf here", which only exists:false
// matches.
func (f *fieldNode) matchLeaf(v *value) bool {
	if v == nil || v.kind == kindObject {
		return f.existsFalse
	}
	if v.kind != kindArray {
		return f.anyMatch(v)
	}
	found, matched := false, false
	walkLeaves(v, func(l *value) bool {
		found = true
		if f.anyMatch(l) {
			matched = true
			return false
		}
		return true
	})
	if !found {
		return f.existsFalse
	}
	return matched
}

func (f *fieldNode) anyMatch(leaf *value) bool {
	for _, m := range f.matchers {
		if m.match(leaf) {
			return true
		}
	}
	return false
}

// walkLeaves calls fn for every scalar inside v (nested arrays flattened,
// objects skipped) until fn returns false.
func walkLeaves(v *value, fn func(*value) bool) bool {
	for _, e := range v.arr {
		switch e.kind {
		case kindArray:
			if !walkLeaves(e, fn) {
				return false
			}
		case kindObject:
		default:
			if !fn(e) {
				return false
			}
		}
	}
	return true
}
