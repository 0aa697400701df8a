package signin

import "strings"

// webhook renders the generic JSON document (version 1). Every event value
// is a whole value, so a missing field is simply "". The fields the
// message's events cannot have (see recordKind) are written as "".
func (m message) webhook(o renderOptions) map[string]any {
	result := slot("result")
	switch {
	case m.result != "":
		result = slot(m.result)
	case m.resultText != "":
		result = m.resultText
	case m.record != consoleRecord:
		result = ""
	}
	target := ""
	switch {
	case strings.Contains(m.target, "<"):
		// formatted fields inside a string literal
		target = expand(m.target)
	case m.target != "":
		target = slot(m.target)
	}
	event := func(name string) any {
		if m.record == noRecord {
			return ""
		}
		return slot(name)
	}
	console := func(name string) any {
		if m.record != consoleRecord {
			return ""
		}
		return slot(name)
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
		"eventId":       event("eventId"),
		"eventName":     event("eventName"),
		"identity":      map[string]any{"type": event("type"), "arn": event("arn"), "userName": event("userName")},
		"sourceIp":      event("ip"),
		"userAgent":     event("userAgent"),
		"result":        result,
		"errorMessage":  event("error"),
		"mfaUsed":       console("mfa"),
		"switchFrom":    console("switchFrom"),
		"switchTo":      console("switchTo"),
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
