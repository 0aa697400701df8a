package preview

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/samples"
)

// run runs `preview ARGS`; args[0] must be "preview".
func run(args ...string) (code int, stdout, stderr string) {
	if len(args) == 0 || args[0] != "preview" {
		panic("run wants preview ARGS")
	}
	var out, errb bytes.Buffer
	code = Main(args[1:], &out, &errb)
	return code, out.String(), errb.String()
}

// Every error is one line on stderr, nothing on stdout: exit status 2 for
// a wrong command line, 1 for bad input.
func TestErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"preview"}, 2, "preview needs exactly one EVENT (a file or a sample name), got 0: use preview [--assembly DIR] [--raw] [--post URL | --post-KIND URL ...] EVENT"},
		{[]string{"preview", "check-mfa", "root-failure"}, 2, "preview needs exactly one EVENT (a file or a sample name), got 2"},
		{[]string{"preview", "--bogus", "check-mfa"}, 2, "unknown flag --bogus (flags: --assembly, --post, --post-discord, --post-slack, --post-slackapp, --post-teams, --post-webhook, --raw)"},
		{[]string{"preview", "--post-team", slackHook, "check-mfa"}, 2, "unknown flag --post-team: did you mean --post-teams? (flags: "},
		{[]string{"preview", "--assemby", direct, "check-mfa"}, 2, "unknown flag --assemby: did you mean --assembly? (flags: "},
		{[]string{"preview", "check-mfa", "--assembly"}, 2, "--assembly needs a value: use preview [--assembly DIR]"},
		{[]string{"preview", "--raw=maybe", "check-mfa"}, 2, `invalid boolean value "maybe" for -raw`},
		{[]string{"preview", "--post", slackHook, "--post-slack", slackHook, "check-mfa"}, 2, "--post and --post-slack together: use one --post-KIND flag per destination"},
		{[]string{"preview", "no-such-sample"}, 1, `event "no-such-sample" is neither a file nor a built-in sample: run signin-notifier samples for the names`},
		{[]string{"preview", "root-succes"}, 1, `event "root-succes" is neither a file nor a built-in sample: did you mean root-success-mfa? (signin-notifier samples lists them)`},
		{[]string{"preview", "root-success-no-mf"}, 1, "did you mean root-success-no-mfa?"},
		{[]string{"preview", filepath.Join(dir, "missing.json")}, 1, "event file " + filepath.Join(dir, "missing.json") + " does not exist: check the path"},
		{[]string{"preview", bad}, 1, "event file " + bad},
		{[]string{"preview", "--assembly", filepath.Join(dir, "none"), "check-mfa"}, 1, "signin-notifier: no cloud assembly at " + filepath.Join(dir, "none") + ": run make synth first, or pass --assembly DIR"},
		{[]string{"preview", "--post", "ftp://x", "check-mfa"}, 1, `--post "ftp://x" is not an http(s) url`},
		{[]string{"preview", "--post", "hooks.slack.com/services/T/B/XXXX", "check-mfa"}, 1, `--post "hooks.slack.…" is not an http(s) url`},
	}
	for _, tc := range cases {
		code, stdout, stderr := run(tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if stdout != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "signin-notifier: ") || !strings.Contains(lines[0], tc.want) {
			t.Errorf("%v: stdout %q, stderr %q, want one line with %q", tc.args, stdout, stderr, tc.want)
		}
	}
	for _, help := range []string{"-h", "--help"} {
		if code, stdout, stderr := run("preview", help); code != 0 || stderr != "" || !strings.HasPrefix(stdout, "usage:\n  signin-notifier preview ") {
			t.Errorf("preview %s: exit %d, stdout %q, stderr %q", help, code, stdout, stderr)
		}
	}
}

func TestSamplesListsTheCorpus(t *testing.T) {
	var out, errb bytes.Buffer
	code := Samples(nil, &out, &errb)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 0 || len(lines) != len(samples.All()) || !strings.HasPrefix(lines[0], samples.All()[0].Name+" ") || !strings.Contains(out.String(), "\nroot-success-mfa ") {
		t.Errorf("samples: exit %d, %d lines for %d samples\n%s", code, len(lines), len(samples.All()), out.String())
	}
	out.Reset()
	if code := Samples([]string{"root"}, &out, &errb); code != 2 || out.Len() != 0 || !strings.Contains(errb.String(), `signin-notifier: samples takes no argument, got "root"`) {
		t.Errorf("samples root: exit %d, stderr %q", code, errb.String())
	}
}

func TestBuilderLinkRoundTrips(t *testing.T) {
	body := []byte(`{"text": "x", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "a b#c&d%\u00e9"}}]}`)
	link, ok := BuilderLink(body)
	if !ok || !strings.HasPrefix(link, BlockKitBuilder) {
		t.Fatalf("BuilderLink = %q, %v", link, ok)
	}
	decoded, err := url.PathUnescape(strings.TrimPrefix(link, BlockKitBuilder))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"text":"x","blocks":[{"type":"header","text":{"type":"plain_text","text":"a b#c&d%\u00e9"}}]}`; decoded != want {
		t.Errorf("decoded %s, want %s", decoded, want)
	}
	if strings.ContainsAny(strings.TrimPrefix(link, BlockKitBuilder), " #\"") {
		t.Errorf("link is not escaped: %s", link)
	}
	if _, ok := BuilderLink([]byte(`{"type":"message"}`)); ok {
		t.Error("a body without blocks has no Block Kit Builder link")
	}
}

func TestMismatchNamesTheFailingCondition(t *testing.T) {
	pattern := `{"source":["aws.signin"],"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"eventName":["ConsoleLogin"],"userAgent":[{"anything-but":[""]}]}}`
	cases := []struct{ event, want string }{
		{`{"source":"aws.signin","detail-type":"AWS Console Sign In via CloudTrail","detail":{"eventName":"ConsoleLogin","userAgent":"x"}}`, ""},
		{`{"source":"aws.iam","detail-type":"AWS Console Sign In via CloudTrail","detail":{"eventName":"ConsoleLogin","userAgent":"x"}}`, `source is "aws.iam", the rule wants ["aws.signin"]`},
		{`{"source":"aws.signin","detail-type":"AWS Console Sign In via CloudTrail","detail":{"eventName":"CheckMfa","userAgent":"x"}}`, `detail.eventName is "CheckMfa", the rule wants ["ConsoleLogin"]`},
		{`{"source":"aws.signin","detail-type":"AWS Console Sign In via CloudTrail","detail":{"eventName":"ConsoleLogin"}}`, `detail.userAgent is missing, the rule wants [{"anything-but":[""]}]`},
	}
	for _, tc := range cases {
		if got := Mismatch(pattern, []byte(tc.event)); got != tc.want {
			t.Errorf("Mismatch = %q, want %q", got, tc.want)
		}
	}
}

// The preview leads with the message as the chat shows it, then the route;
// the JSON body and the Block Kit Builder link come only with --raw.
func TestPreviewLeadsWithThePicture(t *testing.T) {
	const sample = "switch-role-target-account-eu-west-1"
	code, out, stderr := run("preview", "--assembly", direct, sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	message := strings.Index(out, "message 1 of 1 (slack): rule SigninNotifier-eu-west-1/Notifier/Rule\nPOST the URL stored in secret signin-notifier/slack-webhook-url\n\n  AWS console sign-in\n  ┌")
	route := strings.Index(out, "\nroute:\n  hop 0: event on bus default in 111111111111/eu-west-1\n    rule SigninNotifier-eu-west-1/Notifier/Rule matched\n      target Target0 delivered to API destination SigninNotifier-eu-west-1/Notifier/Destination\n        if delivery fails: dead-letter queue SigninNotifier-eu-west-1/Notifier/DeadLetterQueue\n")
	if message < 0 || route < message {
		t.Errorf("want the message, then the route:\n%s", out)
	}
	for _, raw := range []string{`"blocks"`, BlockKitBuilder, "HTTP 200", "unsupported"} {
		if strings.Contains(out, raw) {
			t.Errorf("without --raw the output has %q:\n%s", raw, out)
		}
	}
	if !strings.HasSuffix(out, "\n(--raw also prints each exact JSON body, and a Block Kit Builder link for Slack)\n") {
		t.Errorf("no hint at --raw:\n%s", out)
	}

	// --raw, after the event like any flag: the body and the link too.
	code, raw, stderr := run("preview", "--assembly", direct, sample, "--raw")
	if code != 0 {
		t.Fatalf("--raw: exit %d: %s", code, stderr)
	}
	body, link := strings.Index(raw, "\nbody:\n{\n  \"text\": \"AWS console sign-in: arn:aws:sts::444455556666:assumed-role/Admin/anaya\",\n"), strings.Index(raw, "\nBlock Kit Builder: "+BlockKitBuilder)
	if body < 0 || link < body || strings.Index(raw, "\nroute:\n") < link || strings.Contains(raw, "(--raw also prints") {
		t.Errorf("--raw output:\n%s", raw)
	}
}
