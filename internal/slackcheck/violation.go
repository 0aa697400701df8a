package slackcheck

import "github.com/signin-notifier/signin-notifier/internal/jsoncheck"

// Violation is one broken rule, located by a JSON pointer (RFC 6901) into
// the payload, for example /blocks/2/fields/3/text. The root is "".
type Violation = jsoncheck.Violation

// Validate checks a Slack message payload and returns every violation joined
// with errors.Join (each one a *Violation), or nil when the payload is valid.
func Validate(body []byte) error { return jsoncheck.Join(Violations(body)) }
