package eventbridge

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// kind is the JSON type of a value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// value is an order-preserving JSON tree. Key order matters because
// EventBridge renders objects (InputPath, object placeholders) in event order.
type value struct {
	kind kind
	str  string  // string content, or the literal text of a number
	num  float64 // parsed number (kindNumber)
	b    bool
	arr  []*value
	obj  []member
}

type member struct {
	key string
	val *value
}

// get returns the member named key, or nil. With duplicate keys the last one
// wins, as in EventBridge.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	for i := len(v.obj) - 1; i >= 0; i-- {
		if v.obj[i].key == key {
			return v.obj[i].val
		}
	}
	return nil
}

// parseJSON decodes b into an ordered tree.
func parseJSON(b []byte) (*value, error) {
	if !json.Valid(b) {
		var x any
		err := json.Unmarshal(b, &x)
		if err == nil {
			err = fmt.Errorf("trailing data")
		}
		return nil, err
	}
	p := parser{b: b}
	return p.value(), nil
}

// parser walks input that json.Valid has already accepted, so it does not
// re-check syntax.
type parser struct {
	b []byte
	i int
}

func (p *parser) skip() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() *value {
	p.skip()
	switch p.b[p.i] {
	case '{':
		p.i++
		v := &value{kind: kindObject}
		p.skip()
		if p.b[p.i] == '}' {
			p.i++
			return v
		}
		for {
			p.skip()
			k := p.string()
			p.skip()
			p.i++ // ':'
			v.obj = append(v.obj, member{key: k, val: p.value()})
			p.skip()
			c := p.b[p.i]
			p.i++
			if c == '}' {
				return v
			}
		}
	case '[':
		p.i++
		v := &value{kind: kindArray}
		p.skip()
		if p.b[p.i] == ']' {
			p.i++
			return v
		}
		for {
			v.arr = append(v.arr, p.value())
			p.skip()
			c := p.b[p.i]
			p.i++
			if c == ']' {
				return v
			}
		}
	case '"':
		return &value{kind: kindString, str: p.string()}
	case 't':
		p.i += 4
		return &value{kind: kindBool, b: true}
	case 'f':
		p.i += 5
		return &value{kind: kindBool}
	case 'n':
		p.i += 4
		return &value{kind: kindNull}
	default:
		start := p.i
		for p.i < len(p.b) {
			c := p.b[p.i]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				p.i++
				continue
			}
			break
		}
		text := string(p.b[start:p.i])
		f, _ := strconv.ParseFloat(text, 64) // ±Inf on overflow: never in numeric range
		return &value{kind: kindNumber, str: text, num: f}
	}
}

// string reads a string token starting at the opening quote.
func (p *parser) string() string {
	start := p.i + 1
	j := start
	escaped := false
	for {
		c := p.b[j]
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			j += 2
			continue
		}
		j++
	}
	raw := p.b[start:j]
	p.i = j + 1
	if !escaped && utf8.Valid(raw) {
		return string(raw)
	}
	var s string
	_ = json.Unmarshal(p.b[start-1:j+1], &s) // valid by construction
	return s
}

// appendJSON appends the compact JSON text of v.
func appendJSON(dst []byte, v *value) []byte {
	switch v.kind {
	case kindNull:
		return append(dst, "null"...)
	case kindBool:
		if v.b {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case kindNumber:
		return append(dst, v.str...)
	case kindString:
		return appendQuoted(dst, v.str)
	case kindArray:
		dst = append(dst, '[')
		for i, e := range v.arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e)
		}
		return append(dst, ']')
	default:
		dst = append(dst, '{')
		for i, m := range v.obj {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuoted(dst, m.key)
			dst = append(dst, ':')
			dst = appendJSON(dst, m.val)
		}
		return append(dst, '}')
	}
}

const hexDigits = "0123456789abcdef"

// appendQuoted appends s as a JSON string with minimal escaping: quote,
// backslash and control characters only. Non-ASCII text (and <, >, &) is kept
// as is, the way a typical JSON serializer on the AWS side writes it.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c == '\b':
				dst = append(dst, '\\', 'b')
			case c == '\f':
				dst = append(dst, '\\', 'f')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
