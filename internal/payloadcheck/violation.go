package payloadcheck

import "github.com/signin-notifier/signin-notifier/internal/jsoncheck"

// Violation is one broken rule, located by a JSON pointer (RFC 6901) into
// the payload, for example /embeds/0/fields/3/value. The root is "".
type Violation = jsoncheck.Violation
