package payloadcheck

import (
	"errors"
	"fmt"
	"strings"
)

// Violation is one broken rule, located by a JSON pointer (RFC 6901) into
// the payload, for example /blocks/2/fields/3/text. The root is "".
type Violation struct {
	Pointer string
	Message string
}

func (v *Violation) Error() string {
	if v.Pointer == "" {
		return "payload: " + v.Message
	}
	return v.Pointer + ": " + v.Message
}

// Join returns the violations joined with errors.Join (each one a
// *Violation), or nil when there are none.
func Join(vs []Violation) error {
	if len(vs) == 0 {
		return nil
	}
	errs := make([]error, len(vs))
	for i := range vs {
		errs[i] = &vs[i]
	}
	return errors.Join(errs...)
}

// Pointer appends reference tokens to a JSON pointer, escaping ~ and /.
func Pointer(base string, tokens ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		s := fmt.Sprint(t)
		s = strings.ReplaceAll(s, "~", "~0")
		s = strings.ReplaceAll(s, "/", "~1")
		b.WriteString(s)
	}
	return b.String()
}

// Expect returns nil when vs holds a violation at pointer whose message
// contains substr, and otherwise an error that lists vs. The validators'
// tests assert one rule per row with it.
func Expect(vs []Violation, pointer, substr string) error {
	for _, v := range vs {
		if v.Pointer == pointer && strings.Contains(v.Message, substr) {
			return nil
		}
	}
	return fmt.Errorf("want a violation at %q containing %q, got %v", pointer, substr, vs)
}
