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
// default app: the message as Slack shows it, the route with each target's
// dead-letter queue, with --raw the exact body and the Block Kit Builder
// link, --post, and the explanation of an event that sends nothing.
func TestPreviewOfTheSynthesizedApp(t *testing.T) {
	s := synthApp(t, nil)
	slack := newSlackServer(t)

	var out, errb bytes.Buffer
	code := preview.Main([]string{"--assembly", s.dir, "--raw", "--post", slack.URL + "/services/T/B/X", "iam-user-failure-wrong-password"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{
		"message 1 of 1 (slack): rule SigninNotifier-us-east-1-slack/Notifier/FailedSignIn (severity failure)\nPOST the URL stored in secret signin-notifier/slack-webhook-url\n\n  ⛔ Failed console sign-in\n  ┌",
		"Block Kit Builder: https://app.slack.com/block-kit-builder/#",
		"posted to http://127.0.0.1",
		"\nroute:\n  hop 0: event on bus default in 111111111111/us-east-1\n    rule SigninNotifier-us-east-1/Forwarder/Rule matched\n      target Target0 forwarded to bus signin-notifier-hub (111111111111/us-east-1)\n        if delivery fails: dead-letter queue SigninNotifier-us-east-1/DeadLetters/Queue\n",
		"rule SigninNotifier-us-east-1/Hub/FailedSignInCount matched\n        target Target0 queued in queue SigninNotifier-us-east-1/Hub/FailedSignInCounter",
		"rule SigninNotifier-us-east-1-slack/Notifier/FailedSignIn matched\n        target Target0 delivered to API destination SigninNotifier-us-east-1-slack/Notifier/Destination/ApiDestination\n          if delivery fails: dead-letter queue SigninNotifier-us-east-1-slack/DeadLetters/Queue\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("preview output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "unsupported") || strings.Contains(text, "arn:aws:sqs") {
		t.Errorf("a queue shown as an unsupported target or by its ARN:\n%s", text)
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
	assertSlackMessage(t, slack.bodies[0], sample, "", sample.Expect.Title)

	out.Reset()
	if code := preview.Main([]string{"--assembly", s.dir, "switch-role-target-account-eu-west-1"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !containsAll(out.String(), "would send nothing: no rule matched it:", `detail.eventName is "SwitchRole"`, "only its record notifies") {
		t.Errorf("no explanation of the silent switch record:\n%s", out.String())
	}

	// --post-KIND for a destination the app does not have: the fix, and
	// nothing printed or posted.
	out.Reset()
	errb.Reset()
	if code := preview.Main([]string{"--assembly", s.dir, "--post-teams", slack.URL + "/workflows/x", "root-success-no-mfa"}, &out, &errb); code != 1 || out.Len() != 0 || len(slack.bodies) != 1 ||
		errb.String() != "signin-notifier: --post-teams: the app in "+s.dir+` has no teams destination (it has slack): add one with make synth ARGS="-c teamsWebhookSecret=SECRET" (or teamsWebhookUrl=URL to try it), or post to a destination it has`+"\n" {
		t.Errorf("--post-teams without teams: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// TestPreviewOfOtherDestinations: one message per destination, named by the
// secret its URL comes from, each as its chat shows it; the JSON of each
// body with --raw, and a Block Kit Builder link for Slack bodies only.
func TestPreviewOfOtherDestinations(t *testing.T) {
	s := synthApp(t, map[string]string{"regions": "us-east-1", "teamsWebhookSecret": "teams-url", "discordWebhookSecret": "discord-url"})
	var out, errb bytes.Buffer
	if code := preview.Main([]string{"--assembly", s.dir, "root-success-no-mfa"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	if !containsAll(text, "message 1 of 2", "message 2 of 2", "POST the URL stored in secret teams-url", "POST the URL stored in secret discord-url",
		"\n  🚨 Root user console sign-in: Success <https://", "\n  [Open in CloudTrail] <https://", "\n  🔑 MFA used") {
		t.Errorf("preview output:\n%s", text)
	}
	if strings.Contains(text, `"type": "AdaptiveCard"`) || strings.Contains(text, preview.BlockKitBuilder) {
		t.Errorf("JSON or a Block Kit Builder link without --raw:\n%s", text)
	}
	out.Reset()
	if code := preview.Main([]string{"--raw", "--assembly", s.dir, "root-success-no-mfa"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if text := out.String(); !containsAll(text, `"type": "AdaptiveCard"`, `"allowed_mentions"`) || strings.Contains(text, preview.BlockKitBuilder) {
		t.Errorf("--raw output:\n%s", text)
	}
}

// TestPreviewOfAMemberAccountEvent: in topology organization, a sign-in of a
// member account starts on that account's default bus and reaches the hub
// through the StackSet's spoke and the hub bus policy.
func TestPreviewOfAMemberAccountEvent(t *testing.T) {
	s := synthApp(t, orgContext(nil))
	var out, errb bytes.Buffer
	if code := preview.Main([]string{"--assembly", s.dir, "root-success-no-mfa"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	if !containsAll(text,
		"(account 111122223333 is not the hub account "+testAccount+": the event starts on the default bus of 111122223333 in us-east-1, as in a member account of organization o-abcdefghij under ou-abcd-abcdefgh, where the StackSets deploy the spoke)",
		"\n  hop 0: event on bus default in 111122223333/us-east-1\n    rule SigninNotifier-spokes-us-east-1/Forwarder/Rule matched\n      target Target0 forwarded to bus signin-notifier-hub ("+testAccount+"/us-east-1): from account 111122223333, admitted by statement ",
		"message 1 of 1 (slack): rule SigninNotifier-us-east-1-slack-security/Notifier/RootSignIn (severity root)",
	) {
		t.Errorf("preview output:\n%s", text)
	}
}

// TestPreviewOfABreakGlassAssumption: with break-glass roles, the preview
// shows a refused assumption of a listed role as the break-glass notifier
// posts it, carried by the region's break-glass forward rule, and explains
// why an assumption of a near-miss role sends nothing.
func TestPreviewOfABreakGlassAssumption(t *testing.T) {
	s := synthApp(t, hubBreakGlass)
	var out, errb bytes.Buffer
	if code := preview.Main([]string{"--assembly", s.dir, "break-glass-assume-role-denied"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if text := out.String(); !containsAll(text,
		"message 1 of 1 (slack): rule SigninNotifier-us-east-1-slack-breakglass/Notifier/BreakGlassDenied (severity break-glass)",
		"\n  ⛔ Refused: assumption of a break-glass role\n",
		"on resource: arn:aws:iam::444455556666:role/BreakGlass",
		"\n    rule SigninNotifier-us-east-1/Forwarder/BreakGlass matched\n      target Target0 forwarded to bus signin-notifier-hub",
	) {
		t.Errorf("preview output:\n%s", text)
	}
	out.Reset()
	if code := preview.Main([]string{"--assembly", s.dir, "break-glass-near-miss-suffix"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if text := out.String(); !containsAll(text, "would send nothing: no rule matched it:", `rule SigninNotifier-us-east-1/Forwarder/BreakGlass: detail.requestParameters is {"roleArn":"arn:aws:iam::444455556666:role/BreakGlassTest"`) {
		t.Errorf("preview output:\n%s", text)
	}
}
