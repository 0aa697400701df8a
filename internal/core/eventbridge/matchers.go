package eventbridge

import (
	"math"
	"net/netip"
	"strings"
)

// matcher tests one scalar event value (never an array or object).
type matcher interface {
	match(v *value) bool
}

type (
	nullMatcher   struct{}
	boolMatcher   bool
	numberMatcher float64
	stringMatcher string
	foldMatcher   string // lower-cased
	existsMatcher bool
	cidrMatcher   struct{ p netip.Prefix }
	affixMatcher  struct {
		s      string
		suffix bool
		fold   bool // s is lower-cased
	}
	numericMatcher struct {
		lo, hi         float64
		loIncl, hiIncl bool
	}
	// anythingBut excludes exact strings or numbers. Values of another type
	// (including null) match: AWS matches "state": null against
	// {"anything-but": "initializing"}.
	anythingBut struct {
		strs []string
		nums []float64
	}
	anythingButAffix struct {
		list   []string
		suffix bool
	}
	anythingButFold     []string
	anythingButWildcard []wildcardMatcher
)

func (nullMatcher) match(v *value) bool     { return v.kind == kindNull }
func (m boolMatcher) match(v *value) bool   { return v.kind == kindBool && v.b == bool(m) }
func (m numberMatcher) match(v *value) bool { return v.kind == kindNumber && v.num == float64(m) }
func (m stringMatcher) match(v *value) bool { return v.kind == kindString && v.str == string(m) }
func (m foldMatcher) match(v *value) bool {
	return v.kind == kindString && strings.ToLower(v.str) == string(m)
}

// existsMatcher(true) matches any leaf. exists:false never reaches here: it
// is recorded on the field and matches only the absence of a leaf.
func (m existsMatcher) match(*value) bool { return bool(m) }

func (m affixMatcher) match(v *value) bool {
	if v.kind != kindString {
		return false
	}
	s := v.str
	if m.fold {
		s = strings.ToLower(s)
	}
	if m.suffix {
		return strings.HasSuffix(s, m.s)
	}
	return strings.HasPrefix(s, m.s)
}

func (m numericMatcher) match(v *value) bool {
	if v.kind != kindNumber || math.Abs(v.num) > NumericLimit {
		return false
	}
	n := v.num
	if n < m.lo || (n == m.lo && !m.loIncl) {
		return false
	}
	return n < m.hi || (n == m.hi && m.hiIncl)
}

func (m cidrMatcher) match(v *value) bool {
	if v.kind != kindString {
		return false
	}
	a, err := netip.ParseAddr(v.str)
	if err != nil {
		return false
	}
	if m.p.Addr().Is4() {
		a = a.Unmap()
	}
	return m.p.Contains(a)
}

func (m anythingBut) match(v *value) bool {
	switch v.kind {
	case kindString:
		for _, s := range m.strs {
			if v.str == s {
				return false
			}
		}
	case kindNumber:
		for _, n := range m.nums {
			if v.num == n {
				return false
			}
		}
	}
	return true
}

func (m anythingButAffix) match(v *value) bool {
	if v.kind != kindString {
		return true
	}
	for _, s := range m.list {
		if (m.suffix && strings.HasSuffix(v.str, s)) || (!m.suffix && strings.HasPrefix(v.str, s)) {
			return false
		}
	}
	return true
}

func (m anythingButFold) match(v *value) bool {
	if v.kind != kindString {
		return true
	}
	s := strings.ToLower(v.str)
	for _, x := range m {
		if s == x {
			return false
		}
	}
	return true
}

func (m anythingButWildcard) match(v *value) bool {
	if v.kind != kindString {
		return true
	}
	for _, w := range m {
		if w.match(v) {
			return false
		}
	}
	return true
}
