package payloadcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Checker collects the violations of one payload, in the order they are
// found. A validator embeds it and adds its own checks on top.
type Checker struct {
	// Service names the receiver in limit messages: "over Slack's limit
	// of 50".
	Service string
	// EmptyText says why an empty (or blank, see Text) string field key
	// is refused. Nil means "<Service> rejects empty <key>".
	EmptyText func(key string) string
	// EmptyArray says why an empty array field key is refused when it
	// needs at least min items. Nil means "<Service> rejects empty <key>".
	EmptyArray func(key string, min int) string

	vs []Violation
}

// Violations returns what was found so far; nil when nothing was.
func (c *Checker) Violations() []Violation { return c.vs }

// Add records a violation at ptr with a fmt.Sprintf message.
func (c *Checker) Add(ptr, format string, args ...any) {
	c.vs = append(c.vs, Violation{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

func (c *Checker) emptyText(key string) string {
	if c.EmptyText != nil {
		return c.EmptyText(key)
	}
	return c.Service + " rejects empty " + key
}

func (c *Checker) emptyArray(key string, min int) string {
	if c.EmptyArray != nil {
		return c.EmptyArray(key, min)
	}
	return c.Service + " rejects empty " + key
}

// Decode decodes body as exactly one JSON value, numbers kept as
// json.Number. When body is not JSON or holds more than one value, it
// records the reason at the root and ok is false.
func (c *Checker) Decode(body []byte) (root any, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		c.Add("", "body is not valid JSON: %v", err)
		return nil, false
	}
	// dec.More reports false in front of a stray } or ], so look at the
	// rest of the body itself: only white space may follow.
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		c.Add("", "body has data after the JSON value: send exactly one object")
		return nil, false
	}
	return root, true
}

// TypeName names the JSON type of a decoded value, with its article: "a
// string", "an array", "null".
func TypeName(v any) string {
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

// Describe shows a string quoted and anything else by its TypeName.
func Describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return TypeName(v)
}

// Fields checks that o has only allowed keys and reports the others,
// sorted. what names o in the message ("a header block").
func (c *Checker) Fields(ptr string, o map[string]any, what string, allowed ...string) {
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
		c.Add(Pointer(ptr, k), "unknown field %q in %s: allowed fields are %s", k, what, strings.Join(allowed, ", "))
	}
}

// Object returns v as an object and reports it when it is not one; what
// names v in the message ("a block").
func (c *Checker) Object(ptr string, v any, what string) (map[string]any, bool) {
	o, ok := v.(map[string]any)
	if !ok {
		c.Add(ptr, "%s must be an object, got %s", what, TypeName(v))
	}
	return o, ok
}

// Str returns o[key] as a string. It reports a missing required key and a
// value that is not a string; ok says the key was present and a string.
func (c *Checker) Str(ptr string, o map[string]any, key string, required bool) (string, bool) {
	v, present := o[key]
	p := Pointer(ptr, key)
	if !present {
		if required {
			c.Add(p, "required field %q is missing", key)
		}
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.Add(p, "must be a string, got %s", TypeName(v))
		return "", false
	}
	return s, true
}

// Text is Str plus a length check in characters (Unicode code points):
// empty is reported, and so is more than max (max 0: no limit). With
// noBlank, a string of only whitespace counts as empty. It returns the
// string and whether it was present and a string.
func (c *Checker) Text(ptr string, o map[string]any, key string, required, noBlank bool, max int) (string, bool) {
	s, ok := c.Str(ptr, o, key, required)
	if !ok {
		return s, ok
	}
	p := Pointer(ptr, key)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		c.Add(p, "must not be empty: %s", c.emptyText(key))
	case noBlank && strings.TrimSpace(s) == "":
		c.Add(p, "must not be only whitespace: %s", c.emptyText(key))
	case max > 0 && n > max:
		c.Add(p, "is %d characters, over %s's limit of %d: shorten it", n, c.Service, max)
	}
	return s, true
}

// Boolean checks an optional true or false field.
func (c *Checker) Boolean(ptr string, o map[string]any, key string) {
	if v, ok := o[key]; ok {
		if _, isBool := v.(bool); !isBool {
			c.Add(Pointer(ptr, key), "must be true or false, got %s", TypeName(v))
		}
	}
}

// Integer checks an optional integer field in lo..hi.
func (c *Checker) Integer(ptr string, o map[string]any, key string, lo, hi int64) {
	v, ok := o[key]
	if !ok {
		return
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i < lo || i > hi {
		c.Add(Pointer(ptr, key), "must be an integer from %d to %d, got %v", lo, hi, v)
	}
}

// OneOf checks an optional or required field that must be one of the
// allowed strings, matched exactly.
func (c *Checker) OneOf(ptr string, o map[string]any, key string, required bool, allowed ...string) {
	v, present := o[key]
	if !present {
		if required {
			c.Add(Pointer(ptr, key), "required field %q is missing: use one of %s", key, strings.Join(allowed, ", "))
		}
		return
	}
	s, _ := v.(string)
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.Add(Pointer(ptr, key), "is %s, must be one of %s", Describe(v), strings.Join(allowed, ", "))
}

// Array checks a field holding an array of min..max items (max 0: no
// limit) and returns it.
func (c *Checker) Array(ptr string, o map[string]any, key string, required bool, min, max int) []any {
	v, present := o[key]
	p := Pointer(ptr, key)
	if !present {
		if required {
			c.Add(p, "required field %q is missing", key)
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		c.Add(p, "must be an array, got %s", TypeName(v))
		return nil
	}
	if len(a) < min {
		if len(a) == 0 {
			c.Add(p, "must not be an empty array: %s", c.emptyArray(key, min))
		} else {
			c.Add(p, "has %d items, needs at least %d", len(a), min)
		}
	}
	if max > 0 && len(a) > max {
		c.Add(p, "has %d items, over %s's limit of %d: remove %d", len(a), c.Service, max, len(a)-max)
	}
	return a
}
