package payloadcheck

import (
	"encoding/json"
	"slices"
	"strings"
)

// The generic JSON webhook document, version 1.
const (
	// WebhookSource is the required value of "source".
	WebhookSource = "signin-notifier"
	// WebhookVersion is the required value of "version".
	WebhookVersion = 1
)

// WebhookSeverities lists the allowed values of "severity".
var WebhookSeverities = []string{"root", "tamper", "break-glass", "anomaly", "failure", "no-mfa", "sign-in", "switch-role", "switch-back", "incomplete", "test"}

// webhookKeys lists the top-level keys of the document in documentation
// order; every one is required.
var webhookKeys = []string{
	"source", "version", "severity", "rule", "title",
	"account", "accountName", "region", "time",
	"eventId", "eventName",
	"identity",
	"sourceIp", "userAgent",
	"result", "errorMessage", "mfaUsed",
	"switchFrom", "switchTo", "target",
	"cloudTrailUrl",
}

var identityKeys = []string{"type", "arn", "userName"}

// AssumptionKeys are the keys of "assumption", the object only break-glass
// documents carry (after "target"): the assumed role and its session, and
// the caller CloudTrail names when it has no ARN; every one is present,
// "" when the event lacks it.
var AssumptionKeys = []string{"role", "sessionName", "sourceIdentity", "callerAccount", "invokedBy", "identityProvider"}

// Webhook checks a generic JSON webhook document (version 1) and returns
// every violation joined with errors.Join (each one a *Violation), or nil
// when it is valid.
func Webhook(body []byte) error { return Join(WebhookViolations(body)) }

// WebhookViolations returns every violation in document order; nil when
// the document is valid.
func WebhookViolations(body []byte) []Violation {
	c, root, ok := parse(body, "the webhook format")
	if !ok {
		return c.Violations()
	}
	m, ok := c.Object("", root, "the document")
	if !ok {
		return c.Violations()
	}
	c.Fields("", m, "the document", append(slices.Clone(webhookKeys), "assumption")...)
	if v, present := m["assumption"]; present {
		p := Pointer("", "assumption")
		if a, ok := c.Object(p, v, "assumption"); ok {
			c.Fields(p, a, "assumption", AssumptionKeys...)
			for _, k := range AssumptionKeys {
				c.stringSlot(p, a, k)
			}
		}
	}
	for _, k := range webhookKeys {
		p := Pointer("", k)
		switch k {
		case "source":
			c.constant("", m, k, WebhookSource)
		case "version":
			v, present := m[k]
			n, isNum := v.(json.Number)
			switch {
			case !present:
				c.Add(p, "required field %q is missing: it must be the number %d", k, WebhookVersion)
			case !isNum || n.String() != "1":
				c.Add(p, "is %s, must be the number %d", describeJSON(v), WebhookVersion)
			}
		case "severity":
			c.OneOf("", m, k, true, WebhookSeverities...)
		case "rule", "title":
			if s, ok := c.Str("", m, k, true); ok && strings.TrimSpace(s) == "" {
				c.Add(p, "must not be empty or only whitespace")
			}
		case "cloudTrailUrl":
			c.link("", m, k, true, "https")
		case "identity":
			v, present := m[k]
			if !present {
				c.Add(p, "required field %q is missing: send {\"type\":\"\",\"arn\":\"\",\"userName\":\"\"} when the event lacks it", k)
				continue
			}
			if id, ok := c.Object(p, v, "identity"); ok {
				c.Fields(p, id, "identity", identityKeys...)
				for _, ik := range identityKeys {
					c.stringSlot(p, id, ik)
				}
			}
		default:
			c.stringSlot("", m, k)
		}
	}
	return c.Violations()
}

// stringSlot checks a required string that may be empty.
func (c *checker) stringSlot(ptr string, o obj, key string) {
	if _, present := o[key]; !present {
		c.Add(Pointer(ptr, key), "required field %q is missing: use \"\" when the event lacks it", key)
		return
	}
	c.Str(ptr, o, key, true)
}

// describeJSON shows a scalar as JSON ("1.0", "\"1\"") and anything else by
// its type.
func describeJSON(v any) string {
	switch x := v.(type) {
	case json.Number:
		return "the number " + x.String()
	case string:
		return Describe(x)
	default:
		return TypeName(v)
	}
}
