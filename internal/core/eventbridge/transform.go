package eventbridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of InputTransformer.
const (
	// MaxInputPaths is the most InputPathsMap entries.
	MaxInputPaths = 100
	// MaxInputPathKeyLength is the longest InputPathsMap key.
	MaxInputPathKeyLength = 256
)

// Reserved transformer variables, usable in a template without an
// InputPathsMap entry.
const (
	VarRuleARN       = "aws.events.rule-arn"
	VarRuleName      = "aws.events.rule-name"
	VarIngestionTime = "aws.events.event.ingestion-time"
	VarEvent         = "aws.events.event"
	VarEventJSON     = "aws.events.event.json"
)

var reservedVars = map[string]bool{
	VarRuleARN: true, VarRuleName: true, VarIngestionTime: true, VarEvent: true, VarEventJSON: true,
}

// position is where a placeholder sits in the template, which decides how
// its value is written.
type position uint8

const (
	// posValue: outside any JSON string literal. Strings are quoted and
	// escaped; other values are written as JSON.
	posValue position = iota
	// posWholeString: the placeholder is the entire content of a string
	// literal ("<x>"). The value is written raw: strings unescaped, objects
	// and arrays as JSON with their quotes (which breaks the string).
	posWholeString
	// posInString: inside a string literal with other text. Strings are
	// written raw and unescaped; objects and arrays lose every quote.
	posInString
)

type segment struct {
	literal string
	name    string // placeholder name; "" for a literal
	pos     position
}

// Transformer is a parsed, validated InputTransformer.
type Transformer struct {
	paths    map[string]*jsonPath
	segments []segment
	template string
}

// NewTransformer validates an InputTransformer as PutTargets does: at most
// 100 InputPathsMap entries with keys of [A-Za-z0-9_-] not starting with
// "AWS.", valid JSON paths, a template of 1..8192 characters whose every
// <placeholder> is defined or reserved and never an object key, and a
// template that is JSON once placeholders are filled.
func NewTransformer(inputPathsMap map[string]string, inputTemplate string) (*Transformer, error) {
	if len(inputPathsMap) > MaxInputPaths {
		return nil, fmt.Errorf("input transformer has %d InputPathsMap entries, over the limit of %d", len(inputPathsMap), MaxInputPaths)
	}
	t := &Transformer{paths: make(map[string]*jsonPath, len(inputPathsMap)), template: inputTemplate}
	for _, k := range sortedKeys(inputPathsMap) {
		if err := checkPathKey(k); err != nil {
			return nil, err
		}
		p, err := parsePath(inputPathsMap[k])
		if err != nil {
			return nil, fmt.Errorf("input transformer variable %q: %w", k, err)
		}
		t.paths[k] = p
	}
	if n := utf8.RuneCountInString(inputTemplate); n == 0 || n > MaxInputLength {
		return nil, fmt.Errorf("input template is %d characters: it must be 1..%d", n, MaxInputLength)
	}
	segs, err := scanTemplate(inputTemplate)
	if err != nil {
		return nil, err
	}
	for _, s := range segs {
		if s.name == "" || reservedVars[s.name] {
			continue
		}
		if _, ok := t.paths[s.name]; !ok {
			return nil, fmt.Errorf("input template contains invalid placeholder <%s>: define %q in InputPathsMap or use a reserved variable (%s)", s.name, s.name, strings.Join(sortedKeys(reservedVars), ", "))
		}
	}
	t.segments = segs
	if err := t.checkShape(); err != nil {
		return nil, err
	}
	return t, nil
}

func checkPathKey(k string) error {
	if k == "" || len(k) > MaxInputPathKeyLength {
		return fmt.Errorf("input transformer variable name %q must be 1..%d characters", k, MaxInputPathKeyLength)
	}
	if strings.HasPrefix(strings.ToUpper(k), "AWS.") {
		return fmt.Errorf("input transformer variable name %q must not start with \"AWS.\": that prefix is reserved", k)
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return fmt.Errorf("input transformer variable name %q may contain only letters, digits, '_' and '-'", k)
		}
	}
	return nil
}

// checkShape renders the template with harmless values and requires JSON:
// a template that is not JSON then drops every event.
func (t *Transformer) checkShape() error {
	var b []byte
	for _, s := range t.segments {
		switch {
		case s.name == "":
			b = append(b, s.literal...)
		case s.pos == posValue:
			b = append(b, `""`...)
		default:
			b = append(b, 'x')
		}
	}
	if !json.Valid(b) {
		return fmt.Errorf("input template %q is not JSON once its placeholders are filled (%v): quote plain text as a JSON string and leave whole-value placeholders unquoted", t.template, jsonError(b))
	}
	return nil
}

// Template returns the template text.
func (t *Transformer) Template() string { return t.template }

// Render fills the template for one event. It returns a *DropError (see
// ErrDropped) when the result is not valid JSON, which EventBridge drops
// without delivering.
func (t *Transformer) Render(e *Event, c Context) ([]byte, error) {
	b := make([]byte, 0, len(t.template)+256)
	for _, s := range t.segments {
		if s.name == "" {
			b = append(b, s.literal...)
			continue
		}
		b = appendPlaceholder(b, t.lookup(s.name, e, c), s.pos)
	}
	if !json.Valid(b) {
		return nil, &DropError{Rendered: b, Reason: fmt.Sprintf("rendered input is not valid JSON (%v); EventBridge drops the event", jsonError(b))}
	}
	return b, nil
}

// appendPlaceholder writes one placeholder value; v is nil when the path is
// missing from the event, which renders as an empty string.
func appendPlaceholder(b []byte, v *value, pos position) []byte {
	if v == nil {
		if pos == posValue {
			return append(b, `""`...)
		}
		return b
	}
	switch pos {
	case posValue:
		return appendJSON(b, v)
	case posWholeString:
		if v.kind == kindString {
			return append(b, v.str...)
		}
		return appendJSON(b, v)
	default:
		switch v.kind {
		case kindString:
			return append(b, v.str...)
		case kindObject, kindArray:
			return append(b, bytes.ReplaceAll(appendJSON(nil, v), []byte{'"'}, nil)...)
		default:
			return appendJSON(b, v)
		}
	}
}

func (t *Transformer) lookup(name string, e *Event, c Context) *value {
	switch name {
	case VarRuleARN:
		return &value{kind: kindString, str: c.RuleARN}
	case VarRuleName:
		return &value{kind: kindString, str: c.RuleName}
	case VarIngestionTime:
		if c.IngestionTime.IsZero() {
			s, _ := e.StringField("time")
			return &value{kind: kindString, str: s}
		}
		return &value{kind: kindString, str: c.IngestionTime.UTC().Format(time.RFC3339)}
	case VarEvent:
		return eventWithoutDetail(e.root)
	case VarEventJSON:
		return e.root
	}
	return t.paths[name].eval(e.root)
}

// envelopeOrder is the key order AWS produced for <aws.events.event> in an
// AWS-validated recording (LocalStack snapshot, 2024-06-11).
var envelopeOrder = []string{"id", "account", "detail-type", "time", "source", "region", "resources", "version"}

// eventWithoutDetail builds <aws.events.event>: the event without "detail",
// with "detail-type" renamed to "detailType".
func eventWithoutDetail(root *value) *value {
	out := &value{kind: kindObject}
	seen := map[string]bool{"detail": true}
	rename := func(k string) string {
		if k == "detail-type" {
			return "detailType"
		}
		return k
	}
	for _, k := range envelopeOrder {
		if v := root.get(k); v != nil {
			out.obj = append(out.obj, member{key: rename(k), val: v})
		}
		seen[k] = true
	}
	for _, m := range root.obj {
		if !seen[m.key] {
			seen[m.key] = true
			out.obj = append(out.obj, member{key: rename(m.key), val: root.get(m.key)})
		}
	}
	return out
}

func jsonError(b []byte) error {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
