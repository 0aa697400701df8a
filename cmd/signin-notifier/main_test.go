package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Bad input through the real binary: exit status 1, one line on stderr
// starting with the command's name, nothing on stdout.
func TestBadInputThroughTheBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "signin-notifier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	hello := filepath.Join(dir, "hello.json")
	if err := os.WriteFile(hello, []byte(`{"hello": "world"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `signin-notifier: unknown command "frobnicate": use preview, samples or doctor`},
		{[]string{"doctor", "--assembly", filepath.Join(dir, "none")}, "signin-notifier: doctor: no cloud assembly at "},
		{[]string{"preview", hello}, "signin-notifier: event file " + hello + " is neither an EventBridge event"},
	}
	for _, tc := range cases {
		cmd := exec.Command(bin, tc.args...)
		cmd.Env = append(os.Environ(), "AWS_EC2_METADATA_DISABLED=true")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("%v: %v, want exit status 1", tc.args, err)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if stdout.Len() != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], tc.want) {
			t.Errorf("%v: stdout %q, stderr %q; want one line starting %q", tc.args, stdout.String(), stderr.String(), tc.want)
		}
	}
}
