package sendtest

import (
	"bytes"
	"encoding/json"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ebpattern "github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mototest.StopShared()
	os.Exit(code)
}

// writeAssembly writes a cloud assembly whose us-east-1 stack defines the
// signin-notifier bus and whose eu-west-1 stack does not.
func writeAssembly(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, v any) {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("Hub.template.json", map[string]any{"Resources": map[string]any{"Bus": map[string]any{"Type": "AWS::Events::EventBus", "Properties": map[string]any{"Name": plan.BusName}}}})
	write("Spoke.template.json", map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{}}}})
	write("manifest.json", map[string]any{"version": "48.0.0", "artifacts": map[string]any{
		"Hub":   map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/us-east-1", "properties": map[string]any{"templateFile": "Hub.template.json"}},
		"Spoke": map[string]any{"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/eu-west-1", "properties": map[string]any{"templateFile": "Spoke.template.json"}},
	}})
	return dir
}

// TestTheTestEventMatchesTheTestRuleOnly: the event send-test puts matches
// the TestSignIn rule's pattern, and no rule of a real sign-in.
func TestTheTestEventMatchesTheTestRuleOnly(t *testing.T) {
	detail, err := Detail("arn:aws:iam::111122223333:user/ops", "111122223333", "us-east-1", time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := json.Marshal(map[string]any{"version": "0", "id": "x", "source": signin.SourceTest, "detail-type": signin.DetailType,
		"account": "111122223333", "region": "us-east-1", "time": "2026-12-04T12:00:00Z", "resources": []any{}, "detail": json.RawMessage(detail)})
	rules, err := signin.Rules(signin.Options{IncludeSwitch: true, IncludeTest: true})
	if err != nil {
		t.Fatal(err)
	}
	var matched []string
	for _, r := range rules {
		b, _ := json.Marshal(r.Pattern)
		p, err := ebpattern.ParsePattern(b)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := p.Match(ev); ok {
			matched = append(matched, r.ID)
		}
	}
	if strings.Join(matched, ",") != "TestSignIn" {
		t.Errorf("the send-test event matches %v, want only TestSignIn", matched)
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--assembly", t.TempDir()}, 1, "signin-notifier: send-test: "},
		{[]string{"--assembly", writeAssembly(t), "--region", "eu-west-1"}, 1, "has no signin-notifier bus in eu-west-1: use --region with one of [us-east-1]"},
		{[]string{"extra"}, 2, `signin-notifier: send-test: unexpected argument "extra": use send-test [--assembly DIR] [--region REGION]`},
		{[]string{"--regoin", "eu-west-1"}, 2, "signin-notifier: send-test: unknown flag --regoin: did you mean --region? (flags: --assembly, --region)"},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		if code := Main(tc.args, &out, &errb); code != tc.code || !strings.Contains(errb.String(), tc.want) || strings.Count(errb.String(), "\n") != 1 || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want %d and one line with %q", tc.args, code, errb.String(), tc.code, tc.want)
		}
	}
	// no credentials: the SDK's usual chain finds nothing
	mototest.Env(t, "http://127.0.0.1:1")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	var out, errb bytes.Buffer
	if code := Main([]string{"--assembly", writeAssembly(t)}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no AWS credentials found") {
		t.Errorf("without credentials: exit %d, stderr %q", code, errb.String())
	}
}
