package payloadcheck

import (
	"errors"
	"fmt"
	"strings"
)

// Violation is one broken rule, located by a JSON pointer (RFC 6901) into
// the payload, for example /embeds/0/fields/3/value. The root is "".
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

// join returns the violations joined with errors.Join (each one a
// *Violation), or nil when there are none.
func join(vs []Violation) error {
	if len(vs) == 0 {
		return nil
	}
	errs := make([]error, len(vs))
	for i := range vs {
		errs[i] = &vs[i]
	}
	return errors.Join(errs...)
}

// pointer appends reference tokens to a JSON pointer, escaping ~ and /.
func pointer(base string, tokens ...any) string {
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
