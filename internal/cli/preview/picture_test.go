package preview

import (
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// The bodies below have the shapes signin's renderers produce (a header, a
// section of plain_text fields and a rich_text block for Slack; a TextBlock,
// a FactSet and RichTextBlocks for Teams; one embed for Discord; the generic
// JSON document for webhooks), with the values of the root-success-no-mfa
// sample.

const slackBody = `{"text":"Root user console sign-in","blocks":[
 {"type":"header","text":{"type":"plain_text","text":"🚨 Root user console sign-in: Success"}},
 {"type":"section","fields":[
  {"type":"plain_text","text":"👤 Who\nroot user"},{"type":"plain_text","text":"🏢 Account\n111122223333 (Production)"},
  {"type":"plain_text","text":"🌍 Region\nus-east-1"},{"type":"plain_text","text":"🕒 Time (UTC)\n2022-11-10T16:24:34Z"},
  {"type":"plain_text","text":"🔑 MFA used\nNo"}]},
 {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[
  {"type":"text","text":"User agent: ","style":{"bold":true}},{"type":"text","text":"Mozilla/5.0"},
  {"type":"text","text":"\n"},{"type":"link","url":"https://console.aws.amazon.com/cloudtrailv2/home#/events/1","text":"Open in CloudTrail"}]}]}]}`

func TestPictureOfASlackMessage(t *testing.T) {
	want := `🚨 Root user console sign-in: Success
┌─────────────┬───────────────────────────┐
│ 👤 Who      │ 🏢 Account                │
│ root user   │ 111122223333 (Production) │
│ 🌍 Region   │ 🕒 Time (UTC)             │
│ us-east-1   │ 2022-11-10T16:24:34Z      │
│ 🔑 MFA used │                           │
│ No          │                           │
└─────────────┴───────────────────────────┘
User agent: Mozilla/5.0
Open in CloudTrail <https://console.aws.amazon.com/cloudtrailv2/home#/events/1>
(notification: Root user console sign-in)
`
	if got := Picture(signin.KindSlack, []byte(slackBody)); got != want {
		t.Errorf("picture\n%s\nwant\n%s", got, want)
	}
	app := strings.Replace(slackBody, `{"text":`, `{"channel":"C0123456789","text":`, 1)
	if got := Picture(signin.KindSlackApp, []byte(app)); got != "to channel C0123456789\n"+want {
		t.Errorf("slack app picture\n%s", got)
	}
}

func TestPictureOfATeamsCard(t *testing.T) {
	body := `{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4",
	 "body":[{"type":"TextBlock","text":"🚨 Root user console sign-in: Success","weight":"Bolder","size":"Large"},
	  {"type":"FactSet","facts":[{"title":"👤 Who","value":" root user"},{"title":"🕒 Time (UTC)","value":" 2022-11-10T16:24:34Z"},{"title":"🔑 MFA used","value":" No"}]},
	  {"type":"RichTextBlock","inlines":[{"type":"TextRun","text":"User agent: ","weight":"Bolder"},{"type":"TextRun","text":"Mozilla/5.0"}]},
	  {"type":"Container","items":[{"type":"TextBlock","text":"in a container"}]}],
	 "actions":[{"type":"Action.OpenUrl","title":"Open in CloudTrail","url":"https://console.aws.amazon.com/cloudtrailv2/home#/events/1"}]}}]}`
	want := `🚨 Root user console sign-in: Success
👤 Who         root user
🕒 Time (UTC)  2022-11-10T16:24:34Z
🔑 MFA used    No
User agent: Mozilla/5.0
in a container
[Open in CloudTrail] <https://console.aws.amazon.com/cloudtrailv2/home#/events/1>
`
	if got := Picture(signin.KindTeams, []byte(body)); got != want {
		t.Errorf("picture\n%s\nwant\n%s", got, want)
	}
}

// Discord renders Markdown: the picture shows bold labels without their
// asterisks and escaped characters as themselves.
func TestPictureOfADiscordEmbed(t *testing.T) {
	body := `{"username":"signin-notifier","allowed_mentions":{"parse":[]},"embeds":[{"author":{"name":"anaya"},"title":"⛔ Failed console sign-in",
	 "url":"https://console.aws.amazon.com/cloudtrailv2/home#/events/1","description":"**🏢 Account:** 111122223333\n**📋 Result:** Failure\n*a \\*note\\* with \\_escapes\\_*",
	 "fields":[{"name":"Region","value":"us-east-1"}],"footer":{"text":"signin-notifier · severity failure"}}]}`
	want := `anaya
⛔ Failed console sign-in <https://console.aws.amazon.com/cloudtrailv2/home#/events/1>
🏢 Account: 111122223333
📋 Result: Failure
a *note* with _escapes_
Region  us-east-1
signin-notifier · severity failure
`
	if got := Picture(signin.KindDiscord, []byte(body)); got != want {
		t.Errorf("picture\n%s\nwant\n%s", got, want)
	}
}

// The generic webhook's document: the title, then each non-empty value in
// the body's order, nested keys dotted.
func TestPictureOfAWebhookDocument(t *testing.T) {
	body := `{"source":"signin-notifier","version":1,"severity":"root","title":"🚨 Root user console sign-in: Success","accountName":"",
	 "identity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","userName":""},"mfaUsed":"No","tags":["a","b"],"extra":null}`
	want := `🚨 Root user console sign-in: Success
source         signin-notifier
version        1
severity       root
identity.type  Root
identity.arn   arn:aws:iam::111122223333:root
mfaUsed        No
tags.0         a
tags.1         b
`
	if got := Picture(signin.KindWebhook, []byte(body)); got != want {
		t.Errorf("picture\n%s\nwant\n%s", got, want)
	}
	if got := Picture(signin.KindWebhook, []byte(`not json`)); got != "not json\n" {
		t.Errorf("a body that is not JSON is shown as it is: %q", got)
	}
}

// Attacker-chosen text (a user agent) reaches the terminal as text: escape
// sequences, other control characters and bidirectional overrides become
// visible escapes, a tab a space; emoji, their joiners, CJK and Arabic stay.
// A long value wraps inside its box cell.
func TestPictureNeverLetsEventTextControlTheTerminal(t *testing.T) {
	hostile := "\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\u2066 tab\there 👩\u200d💻 日本 مرحبا \u0085"
	body := `{"blocks":[{"type":"section","fields":[{"type":"plain_text","text":"Who\n` + jsonEscape(hostile) + `"},{"type":"plain_text","text":"Agent\n` + strings.Repeat("A", 50) + `"}]},
	 {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"` + jsonEscape(hostile) + `"}]}]}]}`
	got := Picture(signin.KindSlack, []byte(body))
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u2066", "\t", "\u0085"} {
		if strings.Contains(got, bad) {
			t.Errorf("the picture contains %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{`\u001B]0;pwned\u0007\u001B[2J\u202Egnp.exe\u2066 tab here 👩` + "\u200d" + `💻 日本 مرحبا \u0085`, "│ " + strings.Repeat("A", 38) + " │", "│ " + strings.Repeat("A", 12) + strings.Repeat(" ", 26) + " │"} {
		if !strings.Contains(got, want) {
			t.Errorf("the picture lacks %q:\n%s", want, got)
		}
	}
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if strings.HasPrefix(line, "│") && displayWidth(line) != displayWidth(strings.Split(got, "\n")[0]) {
			t.Errorf("line %d of the box is %d columns, the box %d:\n%s", i, displayWidth(line), displayWidth(strings.Split(got, "\n")[0]), got)
		}
	}
}

func jsonEscape(s string) string {
	b := mustJSONString(s)
	return b[1 : len(b)-1]
}

func TestDisplayWidth(t *testing.T) {
	cases := []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"🚨", 2}, {"⛔", 2}, {"⚠️", 2}, {"↩️", 2}, {"日本", 4}, {"e\u0301", 1}, {"a\u200bb", 2}, {"👩\u200d💻", 4},
	}
	for _, tc := range cases {
		if got := displayWidth(tc.s); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestKindOfTemplate(t *testing.T) {
	cases := []struct {
		template string
		want     signin.Kind
	}{
		{`{"text":"<header>","blocks":[{"type":"section","text":{"type":"plain_text","text":<ua>}}]}`, signin.KindSlack},
		{`{"channel":"C0","text":"x","blocks":[]}`, signin.KindSlackApp},
		{`{"type":"message","attachments":[{"content":{"body":[{"type":"TextBlock","text":<who>}]}}]}`, signin.KindTeams},
		{`{"allowed_mentions":{"parse":[]},"embeds":[{"title":"<aws.events.rule-name>"}]}`, signin.KindDiscord},
		{`{"source":"signin-notifier","version":1,"userAgent":<userAgent>}`, signin.KindWebhook},
		{`$.detail`, signin.KindWebhook},
	}
	for _, tc := range cases {
		if got := KindOfTemplate(tc.template); got != tc.want {
			t.Errorf("KindOfTemplate(%s) = %s, want %s", tc.template, got, tc.want)
		}
	}
}
