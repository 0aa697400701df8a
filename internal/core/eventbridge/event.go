package eventbridge

import "fmt"

// Event is a decoded EventBridge event. Decode once with ParseEvent and reuse
// it for every rule and target: Pattern.MatchEvent and Input.Render never
// modify it.
type Event struct {
	root *value
}

// ParseEvent decodes an event. It must be a JSON object.
func ParseEvent(b []byte) (*Event, error) {
	v, err := parseJSON(b)
	if err != nil {
		return nil, fmt.Errorf("event is not valid JSON: %v", err)
	}
	if v.kind != kindObject {
		return nil, fmt.Errorf("event must be a JSON object, got %s", kindName(v.kind))
	}
	return &Event{root: v}, nil
}

// StringField returns the top-level string field name (for example "region"
// or "detail-type") and whether it is present as a string.
func (e *Event) StringField(name string) (string, bool) {
	v := e.root.get(name)
	if v == nil || v.kind != kindString {
		return "", false
	}
	return v.str, true
}

// HasObjectField reports whether the top-level field name is present and is a
// JSON object.
func (e *Event) HasObjectField(name string) bool {
	v := e.root.get(name)
	return v != nil && v.kind == kindObject
}

// HasField reports whether the top-level field name is present.
func (e *Event) HasField(name string) bool {
	return e.root.get(name) != nil
}

// JSON returns the event as compact JSON, keys in their original order.
func (e *Event) JSON() []byte {
	return appendJSON(nil, e.root)
}

func kindName(k kind) string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindArray:
		return "an array"
	default:
		return "an object"
	}
}

// DetailBool returns the boolean field name of the event's detail object
// (for example "readOnly") and whether it is present as a boolean.
func (e *Event) DetailBool(name string) (bool, bool) {
	d := e.root.get("detail")
	if d == nil || d.kind != kindObject {
		return false, false
	}
	v := d.get(name)
	if v == nil || v.kind != kindBool {
		return false, false
	}
	return v.b, true
}
