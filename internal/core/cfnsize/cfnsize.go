// Package cfnsize bounds, free of CDK and Node, the size of the template
// body the CDK CLI sends to CloudFormation: `cdk deploy` serializes a
// template as YAML (the yaml package's stringify with schema yaml-1.1 and
// no line folding) and sends it inline only when that text is at most 50
// KiB, counted in UTF-16 code units; a larger one must go through the
// bootstrap bucket, which exists only after `cdk bootstrap`.
//
// YAMLUpperBound lays the template out exactly as that serializer does
// (block mappings and sequences, two spaces per level, sequences indented
// under their key, empty collections as {} and []) and, for each scalar,
// counts the longest of the styles the serializer may choose (plain,
// single-quoted, double-quoted, block literal), so the figure is never
// below the CLI's. The tests pin it to the CLI's own figure.
package cfnsize

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// InlineLimit is the most UTF-16 code units of YAML `cdk deploy` sends
// inline (50 KiB).
const InlineLimit = 51200

// YAMLUpperBound returns an upper bound of the length, in UTF-16 code
// units, of the YAML the CDK CLI makes of template, a decoded JSON value.
func YAMLUpperBound(template any) int {
	switch t := template.(type) {
	case map[string]any:
		if len(t) > 0 {
			return blockMap(t, 0)
		}
	case []any:
		if len(t) > 0 {
			return blockSeq(t, 0)
		}
	}
	return scalar(template, 0) + 1
}

// blockMap: each pair on a line of its own at indent.
func blockMap(m map[string]any, indent int) int {
	n := 0
	for k, v := range m {
		n += indent + key(k) + 1 + value(v, indent)
	}
	return n
}

// blockSeq: each item on a line of its own at indent, after "- ".
func blockSeq(s []any, indent int) int {
	n := 0
	for _, v := range s {
		n += indent + 2 + item(v, indent+2)
	}
	return n
}

// value is what follows "key:" up to and including the last newline.
func value(v any, indent int) int {
	switch t := v.(type) {
	case map[string]any:
		if len(t) > 0 {
			return 1 + blockMap(t, indent+2)
		}
	case []any:
		if len(t) > 0 {
			return 1 + blockSeq(t, indent+2) // sequences indented under their key
		}
	}
	return 1 + scalar(v, indent) + 1
}

// item is what follows "- ", whose continuation lines are at indent.
func item(v any, indent int) int {
	switch t := v.(type) {
	case map[string]any:
		if len(t) > 0 {
			return blockMap(t, indent) - indent // the first pair shares the dash's line
		}
	case []any:
		if len(t) > 0 {
			return blockSeq(t, indent) - indent
		}
	}
	return scalar(v, indent) + 1
}

// key bounds a mapping key (an implicit key: never a block scalar).
func key(k string) int { return stringBound(k, 0, true) }

// scalar bounds a scalar value written at a line whose key or dash is at
// indent.
func scalar(v any, indent int) int {
	switch t := v.(type) {
	case nil:
		return 4 // null
	case bool:
		if t {
			return 4
		}
		return 5
	case float64:
		return len(formatNumber(t))
	case string:
		return stringBound(t, indent, false)
	case map[string]any, []any:
		return 2 // {} or []
	}
	return stringBound(fmt.Sprint(v), indent, false) // not a JSON value: bounded as text
}

var (
	// needsQuotes is the serializer's test for a string that cannot be
	// written plain (stringifyString.js, plainString).
	needsQuotes = regexp.MustCompile(`^[\n\t ,\[\]{}#&*!|>'"%@` + "`" + `]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$`)
	// notAString over-approximates the plain scalars the yaml-1.1 schema
	// reads as something else (null, booleans, numbers in every base,
	// infinities, timestamps, the merge key), which it therefore quotes.
	notAString = regexp.MustCompile(`^(~|[Nn]ull|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<)?$|` +
		`^[-+]?[0-9_.:]+([eE][-+]?[0-9]+)?$|^[-+]?0[bBxXoO][0-9a-fA-F_]+$|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
	documentMarker = regexp.MustCompile(`(?m)^(%|---|\.\.\.)`)
	controls       = regexp.MustCompile(`[\x00-\x08\x0b-\x1f\x7f-\x{9f}]`)
)

// stringBound bounds the text the serializer writes for s: plain when it
// can, otherwise quoted (single quotes when s holds a double quote and no
// single one, else double quotes); a string with a line break in it is
// bounded by the longest style it may take.
func stringBound(s string, indent int, implicitKey bool) int {
	units := utf16Len(s)
	if strings.Contains(s, "\n") {
		lines := strings.Count(s, "\n")
		single := 2 + units + strings.Count(s, "'") + lines*(indent+3)
		double := utf16Len(jsonQuote(s)) + lines*(indent+4)
		block := 3 + (lines+1)*(1+indent+2) + units - lines // |-, each line two spaces deeper
		if implicitKey {
			return max(single, double)
		}
		return max(single, double, block)
	}
	switch {
	case controls.MatchString(s):
		return utf16Len(jsonQuote(s))
	case needsQuotes.MatchString(s) || notAString.MatchString(s):
		return quoted(s)
	case documentMarker.MatchString(s):
		// at the top level the serializer writes a block scalar
		return max(quoted(s), 3+1+2+units+indent)
	}
	return units
}

// quoted is the length of s as the serializer quotes it.
func quoted(s string) int {
	if strings.Contains(s, `"`) && !strings.Contains(s, "'") {
		return 2 + utf16Len(s)
	}
	return utf16Len(jsonQuote(s)) // at most JSON.stringify's escapes
}

// jsonQuote quotes s as JavaScript's JSON.stringify does: it escapes only
// quotes, backslashes and control characters.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u0000`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// utf16Len counts s in UTF-16 code units, as JavaScript's length does.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// formatNumber writes a number as JavaScript does for the values templates
// hold (integers, and decimals in shortest form).
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
