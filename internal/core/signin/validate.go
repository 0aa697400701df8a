package signin

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
)

// ValidateAccountName checks a display name for the account.
func ValidateAccountName(name string) error {
	if n := len([]rune(name)); n > MaxAccountNameLength {
		return fmt.Errorf("%q is %d characters long: use at most %d", name, n, MaxAccountNameLength)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%q contains a control character: use printable text", name)
		}
	}
	if strings.ContainsAny(name, "<>") {
		return fmt.Errorf("%q contains < or >, which EventBridge reads as a placeholder: remove them", name)
	}
	return nil
}

// ParseSeverities reads a "+"- or ","-separated severity list; "all" and
// "high" (HighSeverities) are shorthands.
func ParseSeverities(s string) ([]Severity, error) {
	var out []Severity
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == ',' }) {
		part = strings.TrimSpace(part)
		switch part {
		case "all":
			out = append(out, Severities...)
		case "high":
			out = append(out, HighSeverities...)
		default:
			if !slices.Contains(Severities, Severity(part)) {
				return nil, fmt.Errorf("unknown severity %q: use all, high, or %s", part, joinSeverities(Severities))
			}
			out = append(out, Severity(part))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no severity given: use all, high, or %s", joinSeverities(Severities))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ValidateSlackChannel checks a Slack channel id (C…, G… or D…).
func ValidateSlackChannel(id string) error {
	if len(id) < 9 || len(id) > 24 || !strings.ContainsRune("CGD", rune(id[0])) || strings.ToUpper(id) != id || strings.ContainsFunc(id, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) {
		return fmt.Errorf("slack channel %q is not a channel id: use the id shown in the channel's details, e.g. C0123456789 (not #name)", id)
	}
	return nil
}

// ValidateEmail accepts a plain e-mail address (no display name), as SNS
// takes it for an email subscription.
func ValidateEmail(addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr || !strings.Contains(addr[strings.LastIndexByte(addr, '@')+1:], ".") {
		return fmt.Errorf("is not an email address")
	}
	return nil
}
