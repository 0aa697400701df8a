package eventbridge

import (
	"fmt"
	"strconv"
	"unicode"
)

// MaxPathLength is the longest InputPath or InputPathsMap value.
const MaxPathLength = 256

// jsonPath is the JSON path subset EventBridge supports: $, dot notation with
// letters, digits, '-', '_' and '/', array indices [n], and wildcards (.* or
// [*]).
type jsonPath struct {
	src   string
	steps []pathStep
}

type pathStep struct {
	name     string
	index    int // -1 for a name step
	wildcard bool
}

func parsePath(s string) (*jsonPath, error) {
	if len(s) > MaxPathLength {
		return nil, fmt.Errorf("JSON path %q is %d characters, over the limit of %d", s, len(s), MaxPathLength)
	}
	if s == "" || s[0] != '$' {
		return nil, fmt.Errorf("JSON path %q must start with $, for example $.detail.userIdentity.arn", s)
	}
	p := &jsonPath{src: s}
	rs := []rune(s)
	for i := 1; i < len(rs); {
		switch rs[i] {
		case '.':
			j := i + 1
			if j < len(rs) && rs[j] == '*' {
				p.steps = append(p.steps, pathStep{index: -1, wildcard: true})
				i = j + 1
				continue
			}
			for j < len(rs) && isPathNameRune(rs[j]) {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("JSON path %q: expected a field name at position %d: use dot notation with letters, digits, '-', '_' or '/' (bracket notation is not supported)", s, i+1)
			}
			p.steps = append(p.steps, pathStep{name: string(rs[i+1 : j]), index: -1})
			i = j
		case '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("JSON path %q: unclosed [ at position %d", s, i)
			}
			inner := string(rs[i+1 : j])
			if inner == "*" {
				p.steps = append(p.steps, pathStep{index: -1, wildcard: true})
			} else {
				n, err := strconv.Atoi(inner)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("JSON path %q: [%s] must be a non-negative array index such as [0]: bracket notation for names is not supported", s, inner)
				}
				p.steps = append(p.steps, pathStep{index: n})
			}
			i = j + 1
		default:
			return nil, fmt.Errorf("JSON path %q: unexpected %q at position %d: use dot notation such as $.detail.eventName", s, string(rs[i]), i)
		}
	}
	return p, nil
}

func isPathNameRune(r rune) bool {
	return r == '-' || r == '_' || r == '/' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// eval returns the value at the path, or nil when the path does not exist.
// A path with a wildcard returns an array of every match (possibly empty).
func (p *jsonPath) eval(root *value) *value {
	cur := []*value{root}
	multi := false
	for _, st := range p.steps {
		var next []*value
		for _, v := range cur {
			switch {
			case st.wildcard:
				multi = true
				switch v.kind {
				case kindArray:
					next = append(next, v.arr...)
				case kindObject:
					for _, m := range v.obj {
						next = append(next, m.val)
					}
				}
			case st.index >= 0:
				if v.kind == kindArray && st.index < len(v.arr) {
					next = append(next, v.arr[st.index])
				}
			default:
				if c := v.get(st.name); c != nil {
					next = append(next, c)
				}
			}
		}
		cur = next
	}
	if multi {
		return &value{kind: kindArray, arr: cur}
	}
	if len(cur) == 0 {
		return nil
	}
	return cur[0]
}
