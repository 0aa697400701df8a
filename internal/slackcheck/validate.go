package slackcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Slack limits, in characters (Unicode code points).
const (
	MaxBlocks          = 50
	MaxFallbackText    = 40000
	MaxHeaderText      = 150
	MaxSectionText     = 3000
	MaxSectionFields   = 10
	MaxFieldText       = 2000
	MaxContextElements = 10
	MaxActionsElements = 25
	MaxBlockID         = 255
	MaxButtonText      = 75
	MaxURL             = 3000
	MaxAltText         = 2000
	MaxImageTitle      = 2000
	MaxActionID        = 255
	MaxButtonValue     = 2000
)

type obj = map[string]any

// Violations returns every violation in document order; nil when valid.
func Violations(body []byte) []Violation {
	c := &checker{blockIDs: map[string]string{}}
	var root any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		c.add("", "body is not valid JSON: %v", err)
		return c.vs
	}
	if dec.More() {
		c.add("", "body has data after the JSON value: send exactly one object")
		return c.vs
	}
	c.message(root)
	return c.vs
}

type checker struct {
	vs       []Violation
	blockIDs map[string]string // block_id -> pointer of first use
}

func (c *checker) add(ptr, format string, args ...any) {
	c.vs = append(c.vs, Violation{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
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

// str checks an optional (required=false) or required string field and its
// length 1..max (max 0: no upper limit). It returns the string and whether
// it was present and a string.
func (c *checker) str(ptr string, o obj, key string, required bool, max int) (string, bool) {
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
	n := utf8.RuneCountInString(s)
	if n == 0 {
		c.add(p, "must not be empty: Slack rejects empty %s", key)
	} else if max > 0 && n > max {
		c.add(p, "is %d characters, over Slack's limit of %d: shorten it", n, max)
	}
	return s, true
}

func (c *checker) boolean(ptr string, o obj, key string) {
	if v, ok := o[key]; ok {
		if _, isBool := v.(bool); !isBool {
			c.add(pointer(ptr, key), "must be true or false, got %s", typeName(v))
		}
	}
}

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

func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return typeName(v)
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
			c.add(p, "must not be an empty array: Slack rejects empty %s", key)
		} else {
			c.add(p, "has %d items, needs at least %d", len(a), min)
		}
	}
	if max > 0 && len(a) > max {
		c.add(p, "has %d items, over Slack's limit of %d: remove %d", len(a), max, len(a)-max)
	}
	return a
}

func (c *checker) object(ptr string, v any, what string) (obj, bool) {
	o, ok := v.(obj)
	if !ok {
		c.add(ptr, "%s must be an object, got %s", what, typeName(v))
	}
	return o, ok
}

var topLevelFields = []string{"text", "blocks", "channel", "username", "icon_emoji", "icon_url", "unfurl_links", "unfurl_media", "mrkdwn", "thread_ts", "link_names", "parse", "reply_broadcast"}

func (c *checker) message(root any) {
	m, ok := c.object("", root, "the payload")
	if !ok {
		return
	}
	c.fields("", m, "the message", topLevelFields...)
	blocks := c.array("", m, "blocks", false, 0, MaxBlocks)
	if v, present := m["text"]; present {
		s, isStr := v.(string)
		switch {
		case !isStr:
			c.add("/text", "must be a string (the notification fallback text), got %s", typeName(v))
		case utf8.RuneCountInString(s) > MaxFallbackText:
			c.add("/text", "is %d characters, over Slack's limit of %d", utf8.RuneCountInString(s), MaxFallbackText)
		case s == "" && len(blocks) == 0:
			c.add("/text", "must not be empty when there are no blocks")
		}
	} else if len(blocks) == 0 {
		c.add("", "a message needs \"text\" or \"blocks\": add a fallback text")
	}
	for _, k := range []string{"channel", "username", "icon_emoji", "icon_url", "thread_ts", "parse"} {
		if v, ok := m[k]; ok {
			if _, isStr := v.(string); !isStr {
				c.add(pointer("", k), "must be a string, got %s", typeName(v))
			}
		}
	}
	for _, k := range []string{"unfurl_links", "unfurl_media", "mrkdwn", "link_names", "reply_broadcast"} {
		c.boolean("", m, k)
	}
	for i, b := range blocks {
		c.block(pointer("/blocks", i), b)
	}
}
