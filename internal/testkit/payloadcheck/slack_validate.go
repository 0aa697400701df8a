package payloadcheck

// Slack checks a Slack message payload (Block Kit, incoming webhook or
// chat.postMessage body) and returns every violation joined with errors.Join
// (each one a *Violation), or nil when the payload is valid.
func Slack(body []byte) error { return Join(SlackViolations(body)) }
