package preview

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// call is one request the recording transport saw.
type call struct {
	URL, Auth string
	Body      []byte
}

// recording answers every --post request with status and body (or err),
// records it, and never touches the network.
type recording struct {
	status int
	body   string
	err    error
	calls  []call
}

func (r *recording) RoundTrip(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	r.calls = append(r.calls, call{req.URL.String(), req.Header.Get("Authorization"), b})
	if r.err != nil {
		return nil, r.err
	}
	return &http.Response{StatusCode: r.status, Status: http.StatusText(r.status), Body: io.NopCloser(strings.NewReader(r.body)), Header: http.Header{}, Request: req}, nil
}

func record200(t *testing.T, status int, body string, err error) *recording {
	t.Helper()
	rec := &recording{status: status, body: body, err: err}
	old := postClient.Transport
	postClient.Transport = rec
	t.Cleanup(func() { postClient.Transport = old })
	return rec
}

const (
	slackHook   = "https://hooks.slack.com/services/T000/B000/SECRETSECRET"
	discordHook = "https://discord.com/api/webhooks/123/SECRETSECRET"
)

// twoDestinations is the direct fixture plus a second rule that renders a
// Discord embed to the URL in secret discord-url, for the events that match
// discordPattern (nil: the Slack rule's pattern).
func twoDestinations(t *testing.T, discordPattern map[string]any) string {
	t.Helper()
	dir := t.TempDir()
	raw, err := os.ReadFile(filepath.Join(direct, "SigninNotifier-eu-west-1.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl map[string]map[string]map[string]any
	if err := json.Unmarshal(raw, &tmpl); err != nil {
		t.Fatal(err)
	}
	res := tmpl["Resources"]
	copyOf := func(id string) map[string]any {
		var c map[string]any
		b, _ := json.Marshal(res[id])
		_ = json.Unmarshal(b, &c)
		return c
	}
	dest := copyOf("NotifierDestination0C7D1F4B")
	dest["Properties"].(map[string]any)["InvocationEndpoint"] = "{{resolve:secretsmanager:discord-url}}"
	dest["Metadata"] = map[string]any{"aws:cdk:path": "SigninNotifier-eu-west-1-discord/Notifier/Destination/Resource"}
	res["DiscordDestination"] = dest
	rule := copyOf("NotifierRule8F3E2A10")
	rule["Metadata"] = map[string]any{"aws:cdk:path": "SigninNotifier-eu-west-1-discord/Notifier/Rule/Resource"}
	if discordPattern != nil {
		rule["Properties"].(map[string]any)["EventPattern"] = discordPattern
	}
	target := rule["Properties"].(map[string]any)["Targets"].([]any)[0].(map[string]any)
	target["Arn"] = map[string]any{"Fn::GetAtt": []any{"DiscordDestination", "Arn"}}
	target["InputTransformer"] = map[string]any{
		"InputPathsMap": map[string]any{"name": "$.detail.eventName"},
		"InputTemplate": `{"allowed_mentions":{"parse":[]},"embeds":[{"title":<name>}]}`,
	}
	res["DiscordRule"] = rule
	b, _ := json.Marshal(tmpl)
	if err := os.WriteFile(filepath.Join(dir, "SigninNotifier-eu-west-1.template.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(direct, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

const event = "switch-role-target-account-eu-west-1"

func TestPostSendsTheBody(t *testing.T) {
	rec := record200(t, 200, "ok", nil)
	code, out, stderr := run("preview", "--assembly", direct, "--post", slackHook, event)
	if code != 0 || len(rec.calls) != 1 || !strings.Contains(out, "posted to https://hooks.slack.com/services/...: OK ok") {
		t.Fatalf("exit %d, %d calls, stderr %q\n%s", code, len(rec.calls), stderr, out)
	}
	if rec.calls[0].URL != slackHook || !json.Valid(rec.calls[0].Body) {
		t.Errorf("call %+v", rec.calls[0])
	}
	if strings.Contains(out+stderr, "SECRETSECRET") {
		t.Error("the webhook secret was printed")
	}
}

func TestPostFailsWhenTheEndpointAnswersAnError(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		err    error
		want   string
	}{
		{"slack 400", 400, "invalid_blocks", nil, "signin-notifier: --post https://hooks.slack.com/services/...: the endpoint answered Bad Request invalid_blocks: the message was not accepted"},
		{"slack web api ok false", 200, `{"ok":false,"error":"channel_not_found"}`, nil, "signin-notifier: --post https://hooks.slack.com/services/...: the endpoint answered OK but ok:false (channel_not_found): check the token, the channel and that the app is in the channel"},
		{"network error naming the url", 0, "", errors.New(`dial tcp: lookup hooks.slack.com: no such host (while posting to ` + slackHook + `)`), "signin-notifier: --post https://hooks.slack.com/services/...: dial tcp: lookup hooks.slack.com: no such host (while posting to https://hooks.slack.com/services/...)"},
		{"error echoing the path", 404, "no route /services/T000/B000/SECRETSECRET", nil, "the endpoint answered Not Found no route /...: the message was not accepted"},
	}
	for _, tc := range cases {
		record200(t, tc.status, tc.body, tc.err)
		code, _, stderr := run("preview", "--assembly", direct, "--post", slackHook, event)
		if code != 1 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q, want %q", tc.name, code, stderr, tc.want)
		}
		if strings.Contains(stderr, "SECRETSECRET") {
			t.Errorf("%s: the webhook secret was printed: %s", tc.name, stderr)
		}
	}
}

func TestPostPerDestination(t *testing.T) {
	dir := twoDestinations(t, nil)
	rec := record200(t, 204, "", nil)

	code, out, stderr := run("preview", "--assembly", dir, "--post", slackHook, event)
	if code != 1 || out != "" || len(rec.calls) != 0 || !strings.Contains(stderr, "--post cannot tell which destination https://hooks.slack.com/services/... is for: the app sends this event to 2 destinations; use --post-slack URL and --post-discord URL") {
		t.Errorf("plain --post with two destinations: exit %d, %d calls, stderr %q", code, len(rec.calls), stderr)
	}

	code, out, stderr = run("preview", "--assembly", dir, "--post-slack", slackHook, "--post-discord", discordHook, event)
	if code != 0 || len(rec.calls) != 2 {
		t.Fatalf("exit %d, %d calls, stderr %q\n%s", code, len(rec.calls), stderr, out)
	}
	bodies := map[string]string{}
	for _, c := range rec.calls {
		bodies[c.URL] = string(c.Body)
	}
	if !strings.Contains(bodies[slackHook], `"blocks"`) || !strings.Contains(bodies[discordHook], `"embeds"`) {
		t.Errorf("each destination's body must go to its own url: %v", bodies)
	}
	if !strings.Contains(out, "of 2 (discord): rule SigninNotifier-eu-west-1-discord/Notifier/Rule") || !strings.Contains(out, "of 2 (slack): rule SigninNotifier-eu-west-1/Notifier/Rule") || strings.Count(out, "\nposted to ") != 2 {
		t.Errorf("output:\n%s", out)
	}
	if strings.Contains(out+stderr, "SECRETSECRET") {
		t.Error("a webhook secret was printed")
	}

	code, _, stderr = run("preview", "--assembly", dir, "--post-teams", slackHook, event)
	if code != 1 || !strings.Contains(stderr, "--post-teams https://hooks.slack.com/services/... is a slack url: pass it as --post-slack, or give --post-teams the teams url") {
		t.Errorf("slack url as teams: exit %d, %q", code, stderr)
	}
}

// A --post flag that would post nothing is an error, before anything is
// printed or posted, that says why and what to do.
func TestPostThatWouldPostNothing(t *testing.T) {
	const teamsHook = "https://prod-00.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=SECRETSECRET"
	// Discord gets switch-role events only.
	dir := twoDestinations(t, map[string]any{"source": []any{"aws.signin"}, "detail": map[string]any{"eventName": []any{"SwitchRole"}}})
	consoleLogin := writeFile(t, "login.json", mustJSON(t, map[string]any{
		"version": "0", "id": "1", "detail-type": "AWS Console Sign In via CloudTrail", "source": "aws.signin", "account": "111111111111",
		"time": "2024-05-01T12:00:00Z", "region": "eu-west-1", "resources": []any{},
		"detail": map[string]any{"eventName": "ConsoleLogin", "eventSource": "signin.amazonaws.com", "userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/jane"}, "userAgent": "Mozilla/5.0"},
	}))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a destination the app does not have", []string{"--post-teams", teamsHook, event},
			`--post-teams: the app in ` + dir + ` has no teams destination (it has slack, discord): add one with make synth ARGS="-c teamsWebhookSecret=SECRET" (or teamsWebhookUrl=URL to try it), or post to a destination it has`},
		{"a destination this event does not reach", []string{"--post-discord", discordHook, consoleLogin},
			"--post-discord: the app sends this event to slack, not to its discord destination (routes decides which severities each destination gets): post to --post-slack instead, or pick an event discord receives"},
		{"--post-KIND for an event that reaches nothing", []string{"--post-slack", slackHook, "check-mfa"},
			"--post-slack: the app sends this event to no destination, so there is nothing to post: run the preview without --post-slack to see why"},
		{"--post for an event that reaches nothing", []string{"--post", slackHook, "check-mfa"},
			"--post https://hooks.slack.com/services/...: the app sends this event to no destination, so there is nothing to post: run the preview without --post to see why"},
	}
	for _, tc := range cases {
		rec := record200(t, 200, "ok", nil)
		code, out, stderr := run(append([]string{"preview", "--assembly", dir}, tc.args...)...)
		if code != 1 || out != "" || len(rec.calls) != 0 || stderr != "signin-notifier: "+tc.want+"\n" {
			t.Errorf("%s: exit %d, %d calls, stdout %q, stderr\n%s\nwant\n%s", tc.name, code, len(rec.calls), out, stderr, tc.want)
		}
		if strings.Contains(stderr, "SECRETSECRET") {
			t.Errorf("%s: a webhook secret was printed", tc.name)
		}
	}
}

func TestPostSlackAppSendsTheBotToken(t *testing.T) {
	rec := record200(t, 200, `{"ok":false,"error":"not_authed"}`, nil)
	t.Setenv("SLACK_BOT_TOKEN", "")
	// The direct fixture renders Slack blocks without a channel, so its
	// body counts as an incoming-webhook body; the slackApp path is unit
	// tested through send.
	if _, err := send("https://slack.com/api/chat.postMessage", "slackApp", []byte(`{"channel":"C0","blocks":[]}`)); err == nil || !strings.Contains(err.Error(), "ok:false (not_authed): set SLACK_BOT_TOKEN") {
		t.Errorf("without a token: %v", err)
	}
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-test")
	rec.body = `{"ok":true}`
	if _, err := send("https://slack.com/api/chat.postMessage", "slackApp", []byte(`{"channel":"C0","blocks":[]}`)); err != nil || rec.calls[1].Auth != "Bearer xoxb-test" {
		t.Errorf("with a token: %v, %+v", err, rec.calls)
	}
}
