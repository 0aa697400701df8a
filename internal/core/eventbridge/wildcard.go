package eventbridge

import (
	"fmt"
	"strings"
)

// wildcardMatcher matches strings against a pattern where * stands for zero
// or more characters. \* is a literal star and \\ a literal backslash.
type wildcardMatcher struct {
	chunks []string // literal text between stars; "" at an end means a star there
}

func parseWildcard(s, path string) (wildcardMatcher, error) {
	var chunks []string
	var cur strings.Builder
	prevStar := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '*' && s[i+1] != '\\') {
				return wildcardMatcher{}, fmt.Errorf("event pattern %q: wildcard %q: a backslash may only escape * or \\ (position %d)", path, s, i)
			}
			i++
			cur.WriteByte(s[i])
			prevStar = false
		case '*':
			if prevStar {
				return wildcardMatcher{}, fmt.Errorf("event pattern %q: wildcard %q: consecutive wildcard characters at position %d: use a single *", path, s, i)
			}
			chunks = append(chunks, cur.String())
			cur.Reset()
			prevStar = true
		default:
			cur.WriteByte(c)
			prevStar = false
		}
	}
	chunks = append(chunks, cur.String())
	return wildcardMatcher{chunks: chunks}, nil
}

func (w wildcardMatcher) match(v *value) bool {
	return v.kind == kindString && w.matchString(v.str)
}

// matchString uses leftmost matching of the inner chunks, which is exact for
// patterns whose only metacharacter is *.
func (w wildcardMatcher) matchString(s string) bool {
	if len(w.chunks) == 1 {
		return s == w.chunks[0]
	}
	first, last := w.chunks[0], w.chunks[len(w.chunks)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, c := range w.chunks[1 : len(w.chunks)-1] {
		i := strings.Index(s, c)
		if i < 0 {
			return false
		}
		s = s[i+len(c):]
	}
	return strings.HasSuffix(s, last)
}
