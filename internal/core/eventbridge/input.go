package eventbridge

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// MaxInputLength is the largest constant Input and the largest InputTemplate,
// in characters.
const MaxInputLength = 8192

// ErrDropped reports that EventBridge would not deliver the event to the
// target because the rendered input is not valid JSON (or selects nothing).
// Test with errors.Is; the concrete error is a *DropError.
var ErrDropped = errors.New("event dropped")

// DropError describes a dropped delivery.
type DropError struct {
	// Rendered is what the transformation produced (nil if nothing was).
	Rendered []byte
	// Reason says why EventBridge would drop it.
	Reason string
}

func (e *DropError) Error() string { return "event dropped: " + e.Reason }

// Is makes errors.Is(err, ErrDropped) true.
func (e *DropError) Is(target error) bool { return target == ErrDropped }

// Context carries the values of the reserved transformer variables.
type Context struct {
	// RuleARN is <aws.events.rule-arn>.
	RuleARN string
	// RuleName is <aws.events.rule-name>.
	RuleName string
	// IngestionTime is <aws.events.event.ingestion-time>. When zero, the
	// event's own "time" field is used so renders stay deterministic.
	IngestionTime time.Time
}

// Input turns a matched event into the payload a target receives. It is
// implemented by *Transformer, ConstantInput, PathInput and WholeEvent.
type Input interface {
	// Render returns the payload, or an error wrapping ErrDropped when
	// EventBridge would not deliver.
	Render(e *Event, c Context) ([]byte, error)
}

// WholeEvent is the input of a target with no Input, InputPath or
// InputTransformer: the event itself.
func WholeEvent() Input { return wholeEvent{} }

type wholeEvent struct{}

func (wholeEvent) Render(e *Event, _ Context) ([]byte, error) { return e.JSON(), nil }

// ConstantInput is a target's Input: constant JSON text sent instead of the
// event. It must be valid JSON of at most MaxInputLength characters.
func ConstantInput(text string) (Input, error) {
	if n := utf8.RuneCountInString(text); n == 0 || n > MaxInputLength {
		return nil, fmt.Errorf("input is %d characters: it must be 1..%d", n, MaxInputLength)
	}
	if _, err := parseJSON([]byte(text)); err != nil {
		return nil, fmt.Errorf("input %q is not valid JSON (%v): quote plain text as a JSON string", text, err)
	}
	return constantInput(text), nil
}

type constantInput string

func (c constantInput) Render(*Event, Context) ([]byte, error) { return []byte(c), nil }

// PathInput is a target's InputPath: the part of the event the path selects,
// as JSON. A path that selects nothing is reported as a drop.
func PathInput(path string) (Input, error) {
	p, err := parsePath(path)
	if err != nil {
		return nil, fmt.Errorf("input path: %w", err)
	}
	return pathInput{p}, nil
}

type pathInput struct{ p *jsonPath }

func (pi pathInput) Render(e *Event, _ Context) ([]byte, error) {
	v := pi.p.eval(e.root)
	if v == nil {
		return nil, &DropError{Reason: fmt.Sprintf("input path %s selects nothing in this event", pi.p.src)}
	}
	return appendJSON(nil, v), nil
}
