// Package redact shortens webhook URLs for error messages and output, so
// that the secret part of a URL (its path, query or userinfo) never reaches
// a terminal or a CI log. It needs no jsii.
package redact

import (
	"net/url"
	"strings"
)

// keep is how many characters of a value that is not a URL are shown.
const keep = 12

// URL returns raw without its secret parts.
//
// A URL with a host becomes scheme://host/first-path-segment, followed by
// "/..." when more path follows; without a path it is scheme://host. The
// userinfo, query and fragment are dropped. Webhook URLs carry their token
// after the first segment (hooks.slack.com/services/..., discord.com/api/...,
// ...webhook.office.com/webhookb2/...) or in the query (sig=).
//
// Any other value (it does not parse, or has no host: perhaps a mistyped
// webhook URL) keeps at most its first 12 characters, and nothing from the
// first '@', '?', '#', path '/' or ':' on (a colon followed by '/', and the
// slashes after it, excepted, as in "https://"); "…" marks the cut. A
// webhook's scheme and host are longer than 12 characters, so even a
// mistyped webhook URL shows none of its token, nor a "user:password@"
// prefix its password. A value is shown whole only when it is at most 12
// characters without any of those separators. "" stays "".
func URL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		first, rest, more := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
		out := "//" + u.Host
		if u.Scheme != "" {
			out = u.Scheme + ":" + out
		}
		if first != "" {
			out += "/" + first
		}
		if more && rest != "" {
			out += "/..."
		}
		return out
	}
	runes := []rune(raw)
	for i, r := range runes {
		cut := i == keep || r == '@' || r == '?' || r == '#' ||
			(r == ':' && (i+1 == len(runes) || runes[i+1] != '/')) ||
			(r == '/' && i > 0 && runes[i-1] != ':' && runes[i-1] != '/')
		if cut {
			return string(runes[:i]) + "…"
		}
	}
	return raw
}
