package eventbridge

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// NumericLimit is the magnitude limit of numeric matching: values between
// -5.0e9 and +5.0e9 inclusive.
const NumericLimit = 5.0e9

const operatorList = "prefix, suffix, equals-ignore-case, wildcard, anything-but, exists, numeric, cidr"

// parseMatcher parses one element of a leaf value list.
func parseMatcher(v *value, path string) (matcher, error) {
	switch v.kind {
	case kindNull:
		return nullMatcher{}, nil
	case kindBool:
		return boolMatcher(v.b), nil
	case kindNumber:
		return numberMatcher(v.num), nil
	case kindString:
		return stringMatcher(v.str), nil
	case kindArray:
		return nil, fmt.Errorf("event pattern %q: a value list must not contain arrays: flatten it", path)
	}
	if len(v.obj) != 1 {
		return nil, fmt.Errorf("event pattern %q: a match expression must have exactly one operator, got %d: split it into separate list elements", path, len(v.obj))
	}
	op, arg := v.obj[0].key, v.obj[0].val
	switch op {
	case "prefix", "suffix":
		return parseAffix(op, arg, path)
	case "equals-ignore-case":
		if arg.kind != kindString {
			return nil, fmt.Errorf("event pattern %q: equals-ignore-case must be a string, got %s", path, kindName(arg.kind))
		}
		return foldMatcher(strings.ToLower(arg.str)), nil
	case "wildcard":
		if arg.kind != kindString {
			return nil, fmt.Errorf("event pattern %q: wildcard must be a string, got %s", path, kindName(arg.kind))
		}
		return parseWildcard(arg.str, path)
	case "anything-but":
		return parseAnythingBut(arg, path)
	case "exists":
		if arg.kind != kindBool {
			return nil, fmt.Errorf("event pattern %q: exists must be true or false, got %s", path, kindName(arg.kind))
		}
		return existsMatcher(arg.b), nil
	case "numeric":
		return parseNumeric(arg, path)
	case "cidr":
		return parseCIDR(arg, path)
	}
	return nil, fmt.Errorf("event pattern %q: unrecognized match type %q: operators are case-sensitive; use one of %s", path, op, operatorList)
}

func parseAffix(op string, arg *value, path string) (matcher, error) {
	suffix := op == "suffix"
	switch {
	case arg.kind == kindString:
		return affixMatcher{s: arg.str, suffix: suffix}, nil
	case arg.kind == kindObject && len(arg.obj) == 1 && arg.obj[0].key == "equals-ignore-case" && arg.obj[0].val.kind == kindString:
		return affixMatcher{s: strings.ToLower(arg.obj[0].val.str), suffix: suffix, fold: true}, nil
	}
	return nil, fmt.Errorf("event pattern %q: %s must be a string or {\"equals-ignore-case\": string}, got %s", path, op, kindName(arg.kind))
}

func parseAnythingBut(arg *value, path string) (matcher, error) {
	switch arg.kind {
	case kindString:
		return anythingBut{strs: []string{arg.str}}, nil
	case kindNumber:
		return anythingBut{nums: []float64{arg.num}}, nil
	case kindArray:
		if len(arg.arr) == 0 {
			return nil, fmt.Errorf("event pattern %q: anything-but list must not be empty", path)
		}
		var ab anythingBut
		for _, e := range arg.arr {
			switch e.kind {
			case kindString:
				ab.strs = append(ab.strs, e.str)
			case kindNumber:
				ab.nums = append(ab.nums, e.num)
			default:
				return nil, fmt.Errorf("event pattern %q: anything-but list may hold only strings or only numbers, got %s", path, kindName(e.kind))
			}
		}
		if len(ab.strs) > 0 && len(ab.nums) > 0 {
			return nil, fmt.Errorf("event pattern %q: anything-but list mixes strings and numbers: use one type", path)
		}
		return ab, nil
	case kindObject:
		if len(arg.obj) != 1 {
			return nil, fmt.Errorf("event pattern %q: anything-but object must have exactly one of prefix, suffix, equals-ignore-case, wildcard", path)
		}
		op := arg.obj[0].key
		switch op {
		case "prefix", "suffix", "equals-ignore-case", "wildcard":
		default:
			return nil, fmt.Errorf("event pattern %q: anything-but does not support %q: use prefix, suffix, equals-ignore-case or wildcard", path, op)
		}
		strs, err := stringOrList(arg.obj[0].val, path, "anything-but "+op)
		if err != nil {
			return nil, err
		}
		switch op {
		case "prefix", "suffix":
			for _, s := range strs {
				if s == "" {
					return nil, fmt.Errorf("event pattern %q: anything-but %s must not be empty", path, op)
				}
			}
			return anythingButAffix{list: strs, suffix: op == "suffix"}, nil
		case "equals-ignore-case":
			for i := range strs {
				strs[i] = strings.ToLower(strs[i])
			}
			return anythingButFold(strs), nil
		case "wildcard":
			var ws anythingButWildcard
			for _, s := range strs {
				w, err := parseWildcard(s, path)
				if err != nil {
					return nil, err
				}
				ws = append(ws, w)
			}
			return ws, nil
		}
	}
	return nil, fmt.Errorf("event pattern %q: anything-but must be a string, a number, a list of them, or an object, got %s", path, kindName(arg.kind))
}

// stringOrList accepts a string or a non-empty list of strings.
func stringOrList(v *value, path, what string) ([]string, error) {
	if v.kind == kindString {
		return []string{v.str}, nil
	}
	if v.kind == kindArray && len(v.arr) > 0 {
		out := make([]string, 0, len(v.arr))
		for _, e := range v.arr {
			if e.kind != kindString {
				return nil, fmt.Errorf("event pattern %q: %s list may hold only strings, got %s", path, what, kindName(e.kind))
			}
			out = append(out, e.str)
		}
		return out, nil
	}
	return nil, fmt.Errorf("event pattern %q: %s must be a string or a non-empty list of strings, got %s", path, what, kindName(v.kind))
}

var numericOps = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true}

func parseNumeric(arg *value, path string) (matcher, error) {
	if arg.kind != kindArray || (len(arg.arr) != 2 && len(arg.arr) != 4) {
		return nil, fmt.Errorf("event pattern %q: numeric must be [op, number] or [\">\"|\">=\", low, \"<\"|\"<=\", high]", path)
	}
	m := numericMatcher{lo: math.Inf(-1), hi: math.Inf(1)}
	for i := 0; i < len(arg.arr); i += 2 {
		opv := arg.arr[i]
		if opv.kind != kindString || !numericOps[opv.str] {
			return nil, fmt.Errorf("event pattern %q: numeric operator must be one of =, <, <=, >, >=, got %s", path, string(appendJSON(nil, opv)))
		}
		op := opv.str
		if i+1 >= len(arg.arr) || arg.arr[i+1].kind != kindNumber {
			return nil, fmt.Errorf("event pattern %q: value of %s must be numeric", path, op)
		}
		n := arg.arr[i+1].num
		if math.Abs(n) > NumericLimit {
			return nil, fmt.Errorf("event pattern %q: numeric value %s is outside -5.0e9..5.0e9", path, arg.arr[i+1].str)
		}
		if len(arg.arr) == 4 {
			lower := op == ">" || op == ">="
			upper := op == "<" || op == "<="
			if (i == 0 && !lower) || (i == 2 && !upper) {
				return nil, fmt.Errorf("event pattern %q: bad numeric range operator %s: a range is [\">\"|\">=\", low, \"<\"|\"<=\", high]", path, op)
			}
		}
		switch op {
		case "=":
			m.lo, m.hi, m.loIncl, m.hiIncl = n, n, true, true
		case ">", ">=":
			m.lo, m.loIncl = n, op == ">="
		case "<", "<=":
			m.hi, m.hiIncl = n, op == "<="
		}
	}
	if m.lo > m.hi || (m.lo == m.hi && !(m.loIncl && m.hiIncl)) {
		return nil, fmt.Errorf("event pattern %q: numeric range is empty: the low bound must be below the high bound", path)
	}
	return m, nil
}

func parseCIDR(arg *value, path string) (matcher, error) {
	if arg.kind != kindString {
		return nil, fmt.Errorf("event pattern %q: cidr must be a string, got %s", path, kindName(arg.kind))
	}
	s := arg.str
	addr, bits, ok := strings.Cut(s, "/")
	if !ok || strings.Contains(bits, "/") {
		return nil, fmt.Errorf("event pattern %q: malformed CIDR %q: one '/' required (use %s/32 for a single IPv4 address)", path, s, s)
	}
	if _, err := strconv.Atoi(bits); err != nil {
		return nil, fmt.Errorf("event pattern %q: malformed CIDR %q: mask bits must be an integer", path, s)
	}
	if _, err := netip.ParseAddr(addr); err != nil {
		return nil, fmt.Errorf("event pattern %q: nonstandard IP address %q in cidr", path, addr)
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return nil, fmt.Errorf("event pattern %q: malformed CIDR %q: %v", path, s, err)
	}
	return cidrMatcher{p.Masked()}, nil
}
