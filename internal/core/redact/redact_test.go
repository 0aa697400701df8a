package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	cases := []struct {
		name, in, want string
		// secret must not appear in the output.
		secret string
	}{
		{"slack", "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXXXXXXXXXXXX", "https://hooks.slack.com/services/...", "XXXXSECRET"},
		{"discord", "https://discord.com/api/webhooks/123456/SECRETTOKEN", "https://discord.com/api/...", "SECRETTOKEN"},
		{"teams office", "https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/SECRET/c", "https://contoso.webhook.office.com/webhookb2/...", "SECRET"},
		{"teams workflows", "https://prod-23.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRET", "https://prod-23.westeurope.logic.azure.com:443/workflows/...", "SECRET"},
		{"query token on the first segment", "https://example.com/hook?token=SECRET", "https://example.com/hook", "SECRET"},
		{"fragment", "https://example.com/hook#SECRET", "https://example.com/hook", "SECRET"},
		{"userinfo", "https://user:SECRET@example.com/a/b", "https://example.com/a/...", "SECRET"},
		{"host only", "https://example.com", "https://example.com", ""},
		{"root path", "https://example.com/", "https://example.com", ""},
		{"trailing slash after first segment", "https://example.com/hook/", "https://example.com/hook", ""},
		{"query without path", "https://example.com?sig=SECRET", "https://example.com", "SECRET"},
		{"http and port", "http://localhost:8080/x/y", "http://localhost:8080/x/...", ""},
		{"no scheme but host", "//hooks.slack.com/services/T/B/SECRET", "//hooks.slack.com/services/...", "SECRET"},
		{"missing scheme", "hooks.slack.com/services/T000/B000/SECRET", "hooks.slack.…", "SECRET"},
		{"one slash after scheme", "https:/hooks.slack.com/services/T/B/SECRET", "https:/hooks…", "SECRET"},
		{"control character does not parse", "https://hooks.slack.com/services/T/B/SECRET\n", "https://hook…", "SECRET"},
		{"bad escape does not parse", "https://discord.com/api/webhooks/1/SE%zzCRET", "https://disc…", "SE%zz"},
		{"userinfo without scheme", "user:SECRET@hooks.slack.com/x", "user…", "SECRET"},
		{"bare path", "T000/B000/SECRET", "T000…", "SECRET"},
		{"bare query", "?sig=SECRET", "…", "SECRET"},
		{"long garbage", "not a url at all, clearly", "not a url at…", "clearly"},
		{"short word", "nope", "nope", ""},
		{"twelve characters", "abcdefghijkl", "abcdefghijkl", ""},
		{"thirteen characters", "abcdefghijklm", "abcdefghijkl…", "m"},
		{"multibyte runes are not split", "ééééééééééééé", "éééééééééééé…", ""},
		{"empty", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := URL(tc.in)
			if got != tc.want {
				t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if tc.secret != "" && strings.Contains(got, tc.secret) {
				t.Errorf("URL(%q) = %q shows %q", tc.in, got, tc.secret)
			}
		})
	}
}
