package signin

// webhook renders the generic JSON document (version 1). Every event value
// is a whole value, so a missing field is simply "".
func (m message) webhook(o renderOptions) map[string]any {
	result := slot("result")
	if m.result != "" {
		result = slot(m.result)
	}
	target := ""
	if m.target != "" {
		target = slot(m.target)
	}
	doc := map[string]any{
		"source":        "signin-notifier",
		"version":       1,
		"severity":      string(o.severity),
		"rule":          o.ruleID,
		"title":         m.header,
		"account":       slot("account"),
		"accountName":   o.accountName,
		"region":        slot("region"),
		"time":          slot("time"),
		"eventId":       slot("eventId"),
		"eventName":     slot("eventName"),
		"identity":      map[string]any{"type": slot("type"), "arn": slot("arn"), "userName": slot("userName")},
		"sourceIp":      slot("ip"),
		"userAgent":     slot("userAgent"),
		"result":        result,
		"errorMessage":  slot("error"),
		"mfaUsed":       slot("mfa"),
		"switchFrom":    slot("switchFrom"),
		"switchTo":      slot("switchTo"),
		"target":        target,
		"cloudTrailUrl": m.url(),
	}
	if m.assumption {
		doc["assumption"] = map[string]any{
			"role": slot("roleArn"), "sessionName": slot("roleSession"), "sourceIdentity": slot("sourceIdentity"),
			"callerAccount": slot("callerAccount"), "invokedBy": slot("invokedBy"), "identityProvider": slot("identityProvider"),
		}
	}
	return doc
}
