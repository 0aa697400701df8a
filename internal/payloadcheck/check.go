package payloadcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

type obj = map[string]any

// checker collects violations for one payload. service names the receiver
// in messages ("Teams", "Discord", "the webhook format").
type checker struct {
	service string
	vs      []Violation
}

// parse decodes body as exactly one JSON value (numbers kept as
// json.Number) and runs the encoding checks that the decoded value can no
// longer show: invalid UTF-8, lone UTF-16 surrogates and duplicate keys.
// ok is false when body is not JSON; the reason is then the only violation.
func parse(body []byte, service string) (c *checker, root any, ok bool) {
	c = &checker{service: service}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		c.add("", "body is not valid JSON: %v", err)
		return c, nil, false
	}
	if dec.More() {
		c.add("", "body has data after the JSON value: send exactly one object")
		return c, nil, false
	}
	c.encoding(body)
	return c, root, true
}

func (c *checker) add(ptr, format string, args ...any) {
	c.vs = append(c.vs, Violation{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
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
				ptr = pointer(top.ptr, key)
				if top.seen[key] {
					c.add(ptr, "duplicate key %q: JSON parsers disagree on which value wins, send each key once", key)
				}
				top.seen[key] = true
				top.key = key
				top.expectKey = false
			case top.isObject:
				ptr = pointer(top.ptr, top.key)
				top.expectKey = true
			default:
				ptr = pointer(top.ptr, top.index)
				top.index++
			}
		}
		if _, isStr := tok.(string); isStr {
			if i := bytes.IndexByte(raw, '"'); i >= 0 {
				if problem := stringProblem(raw[i:]); problem != "" {
					c.add(ptr, "%s: every string must be valid UTF-8", problem)
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

// fields checks that o has only allowed keys and reports the others, sorted.
func (c *checker) fields(ptr string, o obj, what string, allowed ...string) {
	var unknown []string
	for k := range o {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if !ok {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		c.add(pointer(ptr, k), "unknown field %q in %s: allowed fields are %s", k, what, strings.Join(allowed, ", "))
	}
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	default:
		return "an object"
	}
}

func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return typeName(v)
}

func (c *checker) object(ptr string, v any, what string) (obj, bool) {
	o, ok := v.(obj)
	if !ok {
		c.add(ptr, "%s must be an object, got %s", what, typeName(v))
	}
	return o, ok
}

// str returns o[key] as a string. It reports a missing required key and a
// value that is not a string; ok says the key was present and a string.
func (c *checker) str(ptr string, o obj, key string, required bool) (string, bool) {
	v, present := o[key]
	p := pointer(ptr, key)
	if !present {
		if required {
			c.add(p, "required field %q is missing", key)
		}
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.add(p, "must be a string, got %s", typeName(v))
		return "", false
	}
	return s, true
}

// text is str plus a length check in characters (Unicode code points):
// empty is reported, and so is more than max (max 0: no limit). With
// noBlank, a string of only whitespace counts as empty. It returns the
// string and whether it was present and a string.
func (c *checker) text(ptr string, o obj, key string, required, noBlank bool, max int) (string, bool) {
	s, ok := c.str(ptr, o, key, required)
	if !ok {
		return s, ok
	}
	p := pointer(ptr, key)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		c.add(p, "must not be empty: %s", c.emptyReason(key))
	case noBlank && strings.TrimSpace(s) == "":
		c.add(p, "must not be only whitespace: %s", c.emptyReason(key))
	case max > 0 && n > max:
		c.add(p, "is %d characters, over %s's limit of %d: shorten it", n, c.service, max)
	}
	return s, true
}

// emptyReason says why an empty or blank required string is refused.
// Discord documents its minimum lengths and answers 400; for the others an
// empty value shows nothing, and this validator takes it for a missing one.
func (c *checker) emptyReason(key string) string {
	if c.service == "Discord" {
		return "Discord rejects an empty or blank " + key
	}
	return "an empty " + key + " shows nothing, so it is taken for a missing value"
}

func (c *checker) boolean(ptr string, o obj, key string) {
	if v, ok := o[key]; ok {
		if _, isBool := v.(bool); !isBool {
			c.add(pointer(ptr, key), "must be true or false, got %s", typeName(v))
		}
	}
}

// integer checks an optional integer field in lo..hi.
func (c *checker) integer(ptr string, o obj, key string, lo, hi int64) {
	v, ok := o[key]
	if !ok {
		return
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i < lo || i > hi {
		c.add(pointer(ptr, key), "must be an integer from %d to %d, got %v", lo, hi, v)
	}
}

func (c *checker) oneOf(ptr string, o obj, key string, required bool, allowed ...string) {
	v, present := o[key]
	if !present {
		if required {
			c.add(pointer(ptr, key), "required field %q is missing: use one of %s", key, strings.Join(allowed, ", "))
		}
		return
	}
	s, _ := v.(string)
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.add(pointer(ptr, key), "is %s, must be one of %s", describe(v), strings.Join(allowed, ", "))
}

// constant checks a required field that must be exactly the string want.
func (c *checker) constant(ptr string, o obj, key, want string) {
	v, present := o[key]
	if !present {
		c.add(pointer(ptr, key), "required field %q is missing: it must be %q", key, want)
		return
	}
	if s, _ := v.(string); s != want {
		c.add(pointer(ptr, key), "is %s, must be %q", describe(v), want)
	}
}

// array checks a field holding an array of min..max items (max 0: no
// limit) and returns it.
func (c *checker) array(ptr string, o obj, key string, required bool, min, max int) []any {
	v, present := o[key]
	p := pointer(ptr, key)
	if !present {
		if required {
			c.add(p, "required field %q is missing", key)
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		c.add(p, "must be an array, got %s", typeName(v))
		return nil
	}
	if len(a) < min {
		if len(a) == 0 {
			c.add(p, "must not be an empty array: %s needs at least %d %s", c.service, min, key)
		} else {
			c.add(p, "has %d items, needs at least %d", len(a), min)
		}
	}
	if max > 0 && len(a) > max {
		c.add(p, "has %d items, over %s's limit of %d: remove %d", len(a), c.service, max, len(a)-max)
	}
	return a
}

// link checks an optional or required absolute URL whose scheme is one of
// schemes.
func (c *checker) link(ptr string, o obj, key string, required bool, schemes ...string) {
	s, ok := c.str(ptr, o, key, required)
	if !ok {
		return
	}
	p := pointer(ptr, key)
	if s == "" {
		c.add(p, "must not be empty: %s", c.emptyReason(key))
		return
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" {
		c.add(p, "must be an absolute %s URL, got %q", strings.Join(schemes, " or "), s)
		return
	}
	for _, sc := range schemes {
		if strings.EqualFold(u.Scheme, sc) {
			return
		}
	}
	c.add(p, "has scheme %q, must be %s", u.Scheme, strings.Join(schemes, " or "))
}
