package payloadcheck

import (
	"errors"
	"strings"
	"testing"
)

// validWebhook is a root sign-in as the generic webhook gets it; fields the
// event lacks are empty strings.
const validWebhook = `{
  "source": "signin-notifier", "version": 1,
  "severity": "root",
  "rule": "RootSignIn", "title": "Root user console sign-in",
  "account": "111111111111", "accountName": "prod", "region": "us-east-1", "time": "2024-05-01T12:34:56Z",
  "eventId": "0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f", "eventName": "ConsoleLogin",
  "identity": {"type": "Root", "arn": "arn:aws:iam::111111111111:root", "userName": ""},
  "sourceIp": "203.0.113.7", "userAgent": "Mozilla/5.0 <script>", 
  "result": "Success", "errorMessage": "", "mfaUsed": "No",
  "switchFrom": "", "switchTo": "", "target": "",
  "cloudTrailUrl": "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f"
}`

func TestWebhook_AcceptsValidPayloads(t *testing.T) {
	cases := map[string]string{
		"root sign-in": validWebhook,
		"all optional values empty": mut(validWebhook, "/account", "", "/accountName", "", "/region", "", "/time", "", "/eventId", "",
			"/eventName", "", "/identity", raw(`{"type":"","arn":"","userName":""}`), "/sourceIp", "", "/userAgent", "",
			"/result", "", "/mfaUsed", ""),
		"switch role": mut(validWebhook, "/severity", "switch-role", "/rule", "SwitchRole", "/switchFrom", "arn:aws:iam::1:user/a", "/switchTo", "arn:aws:iam::2:role/b"),
		"break-glass assumption": mut(validWebhook, "/severity", "break-glass", "/rule", "BreakGlassCrossAccount", "/assumption",
			raw(`{"role":"arn:aws:iam::2:role/BreakGlass","sessionName":"john","sourceIdentity":"","callerAccount":"111122223333","invokedBy":"","identityProvider":""}`)),
	}
	for _, s := range WebhookSeverities {
		cases["severity "+s] = mut(validWebhook, "/severity", s)
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Webhook([]byte(body)); err != nil {
				t.Errorf("Webhook: %v", err)
			}
		})
	}
}

func TestWebhook_RejectsEachRule(t *testing.T) {
	cases := []rejectCase{
		{"not JSON", `{"source"}`, "", "not valid JSON"},
		{"not an object", `[]`, "", "the document must be an object"},
		{"invalid UTF-8", replaceOnce(validWebhook, "Mozilla/5.0", "Mozilla/5.0\xed\xa0\x80"), "/userAgent", "not valid UTF-8"},
		{"duplicate key", replaceOnce(validWebhook, `"severity": "root"`, `"severity": "root", "severity": "sign-in"`), "/severity", `duplicate key "severity"`},
		{"unknown key", mut(validWebhook, "/accountId", "111111111111"), "/accountId", `unknown field "accountId" in the document`},
		{"assumption not an object", mut(validWebhook, "/assumption", "x"), "/assumption", "assumption must be an object"},
		{"assumption key missing", mut(validWebhook, "/assumption", raw(`{"role":"","sessionName":"","sourceIdentity":"","callerAccount":"","invokedBy":""}`)), "/assumption/identityProvider", `required field "identityProvider" is missing`},
		{"assumption unknown key", mut(validWebhook, "/assumption", raw(`{"role":"","sessionName":"","sourceIdentity":"","callerAccount":"","invokedBy":"","identityProvider":"","x":""}`)), "/assumption/x", `unknown field "x" in assumption`},
		{"source wrong", mut(validWebhook, "/source", "signin"), "/source", `is "signin", must be "signin-notifier"`},
		{"source empty", mut(validWebhook, "/source", ""), "/source", `must be "signin-notifier"`},
		{"source a number", mut(validWebhook, "/source", 1), "/source", `is a number, must be "signin-notifier"`},
		{"version a string", mut(validWebhook, "/version", "1"), "/version", `is "1", must be the number 1`},
		{"version 2", mut(validWebhook, "/version", 2), "/version", "is the number 2, must be the number 1"},
		{"version 1.0", mut(validWebhook, "/version", raw(`1.0`)), "/version", "is the number 1.0, must be the number 1"},
		{"version null", mut(validWebhook, "/version", nil), "/version", "is null, must be the number 1"},
		{"severity unknown", mut(validWebhook, "/severity", "high"), "/severity", `is "high", must be one of root, tamper, break-glass, anomaly, failure, no-mfa, sign-in, switch-role, switch-back, incomplete, test`},
		{"severity empty", mut(validWebhook, "/severity", ""), "/severity", "must be one of"},
		{"severity capitalised", mut(validWebhook, "/severity", "Root"), "/severity", "must be one of"},
		{"rule empty", mut(validWebhook, "/rule", ""), "/rule", "must not be empty"},
		{"rule blank", mut(validWebhook, "/rule", " "), "/rule", "must not be empty or only whitespace"},
		{"title empty", mut(validWebhook, "/title", ""), "/title", "must not be empty"},
		{"title a number", mut(validWebhook, "/title", 5), "/title", "must be a string, got a number"},
		{"cloudTrailUrl empty", mut(validWebhook, "/cloudTrailUrl", ""), "/cloudTrailUrl", "must not be empty"},
		{"cloudTrailUrl http", mut(validWebhook, "/cloudTrailUrl", "http://console.aws.amazon.com/"), "/cloudTrailUrl", `has scheme "http", must be https`},
		{"cloudTrailUrl relative", mut(validWebhook, "/cloudTrailUrl", "cloudtrailv2/home"), "/cloudTrailUrl", "must be an absolute https URL"},
		{"cloudTrailUrl an object", mut(validWebhook, "/cloudTrailUrl", raw(`{"href":"https://a"}`)), "/cloudTrailUrl", "must be a string, got an object"},
		{"account a number", mut(validWebhook, "/account", 111111111111), "/account", "must be a string, got a number"},
		{"mfaUsed a boolean", mut(validWebhook, "/mfaUsed", false), "/mfaUsed", "must be a string, got a boolean"},
		{"userAgent an object", mut(validWebhook, "/userAgent", raw(`{"raw":"x"}`)), "/userAgent", "must be a string, got an object"},
		{"errorMessage an array", mut(validWebhook, "/errorMessage", []any{"x"}), "/errorMessage", "must be a string, got an array"},
		{"switchTo null", mut(validWebhook, "/switchTo", nil), "/switchTo", "must be a string, got null"},
		{"identity a string", mut(validWebhook, "/identity", "Root"), "/identity", "identity must be an object, got a string"},
		{"identity missing", mut(validWebhook, "/identity", drop), "/identity", `required field "identity" is missing`},
		{"identity unknown key", mut(validWebhook, "/identity/accountId", "1"), "/identity/accountId", `unknown field "accountId" in identity`},
		{"identity arn null", mut(validWebhook, "/identity/arn", nil), "/identity/arn", "must be a string, got null"},
		{"identity userName missing", mut(validWebhook, "/identity/userName", drop), "/identity/userName", `required field "userName" is missing: use "" when the event lacks it`},
	}
	// every key is required
	for _, k := range webhookKeys {
		cases = append(cases, rejectCase{"missing " + k, mut(validWebhook, "/"+k, drop), "/" + k, `required field "` + k + `" is missing`})
	}
	runRejects(t, WebhookViolations, cases)
}

func TestWebhook_KeysMatchDocumentation(t *testing.T) {
	// The documented keys, in order, written out independently of
	// webhookKeys so that a dropped or renamed key fails here.
	want := "source version severity rule title account accountName region time eventId eventName identity sourceIp userAgent result errorMessage mfaUsed switchFrom switchTo target cloudTrailUrl"
	if got := strings.Join(webhookKeys, " "); got != want {
		t.Errorf("webhookKeys = %s\nwant        %s", got, want)
	}
}

func TestWebhook_ValidPayloadHasNoViolations(t *testing.T) {
	if vs := WebhookViolations([]byte(validWebhook)); vs != nil {
		t.Fatalf("WebhookViolations(validWebhook) = %v, want nil", vs)
	}
}

func TestWebhook_ReportsAllViolationsInDocumentOrder(t *testing.T) {
	body := mut(validWebhook, "/version", "1", "/title", "", "/identity/type", 1, "/cloudTrailUrl", "ftp://x")
	vs := WebhookViolations([]byte(body))
	var got []string
	for _, v := range vs {
		got = append(got, v.Pointer)
	}
	if want := "/version /title /identity/type /cloudTrailUrl"; strings.Join(got, " ") != want {
		t.Errorf("pointers %v, want %s", got, want)
	}
	var v *Violation
	if err := Webhook([]byte(body)); !errors.As(err, &v) {
		t.Errorf("Webhook = %v, want a joined *Violation", err)
	}
}

func TestViolation_Error(t *testing.T) {
	if got := (&Violation{Message: "x"}).Error(); got != "payload: x" {
		t.Errorf("root: %q", got)
	}
	if got := (&Violation{Pointer: "/a", Message: "x"}).Error(); got != "/a: x" {
		t.Errorf("pointer: %q", got)
	}
	if got := Pointer("", "a/b~c", 0); got != "/a~1b~0c/0" {
		t.Errorf("escaping: %q", got)
	}
	if err := Webhook([]byte(validWebhook)); err != nil {
		t.Errorf("valid: %v", err)
	}
}
