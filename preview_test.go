package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/preview"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
)

// TestPreviewOfTheSynthesizedApp runs the user-facing preview command on the
// default app: route, exact body, Block Kit Builder link, --post, and the
// explanation of an event that sends nothing.
func TestPreviewOfTheSynthesizedApp(t *testing.T) {
	s := synthApp(t, nil)
	slack := newSlackServer(t)

	var out, errb bytes.Buffer
	code := preview.Run([]string{"preview", "--assembly", s.dir, "--post", slack.URL + "/services/T/B/X", "iam-user-failure-wrong-password"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{
		"rule ForwarderRule", "signin-notifier-hub",
		"message 1 of 1 (slack): rule SigninNotifier-us-east-1-slack/Notifier/FailedSignIn (severity failure)",
		"POST the URL stored in secret signin-notifier/slack-webhook-url",
		"Block Kit Builder: https://app.slack.com/block-kit-builder/#",
		"posted to http://127.0.0.1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("preview output lacks %q:\n%s", want, text)
		}
	}
	if len(slack.bodies) != 1 {
		t.Fatalf("--post sent %d requests, want 1", len(slack.bodies))
	}
	// The link and the posted body are the exact body the emulated API
	// destination would send.
	link := text[strings.Index(text, preview.BlockKitBuilder)+len(preview.BlockKitBuilder):]
	link = link[:strings.IndexByte(link, '\n')]
	fromLink, err := url.PathUnescape(link)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if json.Unmarshal([]byte(fromLink), &a) != nil || json.Unmarshal(slack.bodies[0], &b) != nil || mustJSON(t, a) != mustJSON(t, b) {
		t.Errorf("link body and posted body differ:\n%s\n%s", fromLink, slack.bodies[0])
	}
	sample, _ := samples.Get("iam-user-failure-wrong-password")
	assertSlackMessage(t, slack.bodies[0], sample, "")

	out.Reset()
	if code := preview.Run([]string{"preview", "--assembly", s.dir, "switch-role-target-account-eu-west-1"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !containsAll(out.String(), "would send nothing: no rule matched it:", `detail.eventName is "SwitchRole"`, "only its record notifies") {
		t.Errorf("no explanation of the silent switch record:\n%s", out.String())
	}
}

// TestPreviewOfOtherDestinations: one message per destination, named by the
// secret its URL comes from; only Slack bodies get a Block Kit Builder link.
func TestPreviewOfOtherDestinations(t *testing.T) {
	s := synthApp(t, map[string]string{"regions": "us-east-1", "teamsWebhookSecret": "teams-url", "discordWebhookSecret": "discord-url"})
	var out, errb bytes.Buffer
	if code := preview.Run([]string{"preview", "--assembly", s.dir, "root-success-no-mfa"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	if !containsAll(text, "message 1 of 2", "message 2 of 2", "POST the URL stored in secret teams-url", "POST the URL stored in secret discord-url", `"type": "AdaptiveCard"`, `"allowed_mentions"`) {
		t.Errorf("preview output:\n%s", text)
	}
	if strings.Contains(text, preview.BlockKitBuilder) {
		t.Error("a Block Kit Builder link for a non-Slack body")
	}
}
