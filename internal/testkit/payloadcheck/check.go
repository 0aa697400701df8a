package payloadcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

type obj = map[string]any

// checker adds a service's rules to the generic checks. Its Service names
// the receiver in messages ("Teams", "Discord", "the webhook format").
type checker struct {
	Checker
}

// parse decodes body as exactly one JSON value (numbers kept as
// json.Number) and runs the encoding checks that the decoded value can no
// longer show: invalid UTF-8, lone UTF-16 surrogates and duplicate keys.
// ok is false when body is not JSON; the reason is then the only violation.
func parse(body []byte, service string) (c *checker, root any, ok bool) {
	c = &checker{Checker{Service: service}}
	c.EmptyText = c.emptyReason
	c.EmptyArray = func(key string, min int) string {
		return fmt.Sprintf("%s needs at least %d %s", service, min, key)
	}
	root, ok = c.Decode(body)
	if !ok {
		return c, nil, false
	}
	c.encoding(body)
	return c, root, true
}

// frame is an open object or array during the token walk.
type frame struct {
	ptr       string
	isObject  bool
	expectKey bool
	key       string
	index     int
	seen      map[string]bool
}

// encoding walks the raw tokens of an already valid JSON body and reports,
// with the pointer of the string, every string (key or value) that is not
// valid UTF-8 or holds a lone UTF-16 surrogate escape, and every duplicate
// key. encoding/json silently turns the first two into U+FFFD and keeps the
// last of duplicate keys, so the decoded value hides all three.
func (c *checker) encoding(body []byte) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*frame
	prev := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return // io.EOF; the body already decoded, so nothing else
		}
		end := int(dec.InputOffset())
		raw := body[prev:end]
		prev = end
		if d, isDelim := tok.(json.Delim); isDelim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		ptr := ""
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			switch {
			case top.isObject && top.expectKey:
				key, _ := tok.(string)
				ptr = Pointer(top.ptr, key)
				if top.seen[key] {
					c.Add(ptr, "duplicate key %q: JSON parsers disagree on which value wins, send each key once", key)
				}
				top.seen[key] = true
				top.key = key
				top.expectKey = false
			case top.isObject:
				ptr = Pointer(top.ptr, top.key)
				top.expectKey = true
			default:
				ptr = Pointer(top.ptr, top.index)
				top.index++
			}
		}
		if _, isStr := tok.(string); isStr {
			if i := bytes.IndexByte(raw, '"'); i >= 0 {
				if problem := stringProblem(raw[i:]); problem != "" {
					c.Add(ptr, "%s: every string must be valid UTF-8", problem)
				}
			}
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			stack = append(stack, &frame{ptr: ptr, isObject: d == '{', expectKey: true, seen: map[string]bool{}})
		}
	}
}

// stringProblem describes what is wrong with a raw JSON string literal
// (quotes included), or returns "".
func stringProblem(lit []byte) string {
	if !utf8.Valid(lit) {
		return "holds bytes that are not valid UTF-8"
	}
	pendingHigh := false
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			if pendingHigh {
				return "holds a lone UTF-16 surrogate escape"
			}
			continue
		}
		i++
		if i >= len(lit) || lit[i] != 'u' || i+4 >= len(lit) {
			if pendingHigh {
				return "holds a lone UTF-16 surrogate escape"
			}
			continue
		}
		var v rune
		for _, h := range lit[i+1 : i+5] {
			v <<= 4
			switch {
			case h >= '0' && h <= '9':
				v |= rune(h - '0')
			case h >= 'a' && h <= 'f':
				v |= rune(h - 'a' + 10)
			case h >= 'A' && h <= 'F':
				v |= rune(h - 'A' + 10)
			}
		}
		i += 4
		switch {
		case v >= 0xD800 && v < 0xDC00:
			if pendingHigh {
				return "holds a lone UTF-16 surrogate escape"
			}
			pendingHigh = true
		case v >= 0xDC00 && v <= 0xDFFF:
			if !pendingHigh {
				return "holds a lone UTF-16 surrogate escape"
			}
			pendingHigh = false
		default:
			if pendingHigh {
				return "holds a lone UTF-16 surrogate escape"
			}
		}
	}
	return "" // lit ends with its closing quote, which ends any pending pair
}

// emptyReason says why an empty or blank required string is refused.
// Discord documents its minimum lengths and answers 400; for the others an
// empty value shows nothing, and this validator takes it for a missing one.
func (c *checker) emptyReason(key string) string {
	if c.Service == "Discord" {
		return "Discord rejects an empty or blank " + key
	}
	return "an empty " + key + " shows nothing, so it is taken for a missing value"
}

// constant checks a required field that must be exactly the string want.
func (c *checker) constant(ptr string, o obj, key, want string) {
	v, present := o[key]
	if !present {
		c.Add(Pointer(ptr, key), "required field %q is missing: it must be %q", key, want)
		return
	}
	if s, _ := v.(string); s != want {
		c.Add(Pointer(ptr, key), "is %s, must be %q", Describe(v), want)
	}
}

// link checks an optional or required absolute URL whose scheme is one of
// schemes.
func (c *checker) link(ptr string, o obj, key string, required bool, schemes ...string) {
	s, ok := c.Str(ptr, o, key, required)
	if !ok {
		return
	}
	p := Pointer(ptr, key)
	if s == "" {
		c.Add(p, "must not be empty: %s", c.emptyReason(key))
		return
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" {
		c.Add(p, "must be an absolute %s URL, got %q", strings.Join(schemes, " or "), s)
		return
	}
	for _, sc := range schemes {
		if strings.EqualFold(u.Scheme, sc) {
			return
		}
	}
	c.Add(p, "has scheme %q, must be %s", u.Scheme, strings.Join(schemes, " or "))
}
