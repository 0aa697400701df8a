package preview

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"preview"}, "preview needs exactly one EVENT"},
		{[]string{"preview", "no-such-sample"}, `event "no-such-sample" is neither a file nor a built-in sample`},
		{[]string{"preview", bad}, "event file " + bad},
		{[]string{"preview", "--assembly", filepath.Join(dir, "none"), "check-mfa"}, "signin-notifier: no cloud assembly at " + filepath.Join(dir, "none") + ": run make synth first, or pass --assembly DIR"},
		{[]string{"preview", "--post", "ftp://x", "check-mfa"}, `--post "ftp://x" is not an http(s) url`},
		{[]string{"preview", "--post", "hooks.slack.com/services/T/B/XXXX", "check-mfa"}, `--post "hooks.slack.…" is not an http(s) url`},
		{[]string{"preview", "--bogus", "check-mfa"}, "preview: flag provided but not defined"},
	}
	for _, tc := range cases {
		code, _, stderr := run(tc.args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", tc.args, code)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "signin-notifier: ") || !strings.Contains(lines[0], tc.want) {
			t.Errorf("%v: stderr %q, want one line with %q", tc.args, stderr, tc.want)
		}
	}
	if code, _, stderr := run(); code != 2 || !strings.Contains(stderr, "usage:") {
		t.Errorf("no args: exit %d, stderr %q", code, stderr)
	}
}

func TestSamplesListsTheCorpus(t *testing.T) {
	code, out, _ := run("samples")
	if code != 0 || !strings.Contains(out, "root-success-mfa") || !strings.Contains(out, "check-mfa") {
		t.Errorf("samples: exit %d\n%s", code, out)
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

func TestReorderAcceptsFlagsAfterTheEvent(t *testing.T) {
	got := strings.Join(reorder([]string{"ev.json", "--post", "https://x", "--assembly=dir"}), " ")
	if got != "--post https://x --assembly=dir ev.json" {
		t.Errorf("reorder = %q", got)
	}
}
