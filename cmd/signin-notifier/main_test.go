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

const wantList = "(commands: preview, samples, doctor, send-test, pin-secrets, enabled-regions, help)"

// The table drives the dispatch, help and the answer to an unknown
// command, which names the closest command.
func TestDispatch(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stdout string // prefix
		stderr string // the one line, exactly
	}{
		{[]string{"previw"}, 2, "", `signin-notifier: unknown command "previw": did you mean preview? ` + wantList},
		{[]string{"doctr", "--json"}, 2, "", `signin-notifier: unknown command "doctr": did you mean doctor? ` + wantList},
		{[]string{"sendtest"}, 2, "", `signin-notifier: unknown command "sendtest": did you mean send-test? ` + wantList},
		{[]string{"frobnicate"}, 2, "", `signin-notifier: unknown command "frobnicate": run signin-notifier help ` + wantList},
		{[]string{"help", "previw"}, 2, "", `signin-notifier: help: unknown command "previw": did you mean preview? ` + wantList},
		{[]string{"help", "a", "b"}, 2, "", "signin-notifier: help takes at most one COMMAND, got 2 arguments: use help [COMMAND]"},
		{[]string{"help"}, 0, "usage: signin-notifier COMMAND [FLAGS] [ARGS]\n\ncommands:\n  preview  ", ""},
		{[]string{"--help"}, 0, "usage: signin-notifier COMMAND", ""},
		{[]string{"help", "preview"}, 0, "usage:\n  signin-notifier preview [--assembly DIR] [--raw] [--post-KIND URL ...] EVENT\n", ""},
		{[]string{"help", "enabled-regions"}, 0, "usage:\n  signin-notifier enabled-regions [--context FILE]\n", ""},
		{[]string{"doctor", "-h"}, 0, "usage:\n  signin-notifier doctor [--assembly DIR] [--json]\n", ""},
		{[]string{"samples"}, 0, "assume-root ", ""},
		{[]string{"preview", "--post-team", "https://x", "root-success-no-mfa"}, 2, "", "signin-notifier: unknown flag --post-team: did you mean --post-teams? (flags: --assembly, --post, --post-discord, --post-slack, --post-slackapp, --post-teams, --post-webhook, --raw)"},
		{[]string{"doctor", "--assemby", "x"}, 2, "", "signin-notifier: doctor: unknown flag --assemby: did you mean --assembly? (flags: --assembly, --json)"},
		{[]string{"send-test", "--regoin", "x"}, 2, "", "signin-notifier: send-test: unknown flag --regoin: did you mean --region? (flags: --assembly, --region)"},
		{[]string{"pin-secrets", "--contxt", "x"}, 2, "", "signin-notifier: pin-secrets: unknown flag --contxt: did you mean --context? (flags: --assembly, --context)"},
		{[]string{"enabled-regions", "--contex", "x"}, 2, "", "signin-notifier: enabled-regions: unknown flag --contex: did you mean --context? (flags: --context)"},
		{[]string{"preview", "root-succes"}, 1, "", `signin-notifier: event "root-succes" is neither a file nor a built-in sample: did you mean root-success-mfa? (signin-notifier samples lists them)`},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		code := run(tc.args, &out, &errb)
		if code != tc.code || !strings.HasPrefix(out.String(), tc.stdout) || (tc.stdout == "" && out.Len() != 0) || strings.TrimSuffix(errb.String(), "\n") != tc.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant exit %d, stdout starting %q, stderr %q", tc.args, code, out.String(), errb.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
	// The list of commands is the table: every command has a line.
	var out bytes.Buffer
	run([]string{"help"}, &out, &out)
	if len(commands) != 7 {
		t.Fatalf("%d commands", len(commands))
	}
	for _, c := range commands {
		if !strings.Contains(out.String(), "\n  "+c.name+" ") || c.run == nil || !strings.HasPrefix(c.usage, "  signin-notifier "+c.name) {
			t.Errorf("command %s: help line, run or usage missing", c.name)
		}
	}
	for i, line := range strings.Split(out.String(), "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("help line %d is over 80 columns: %q", i+1, line)
		}
	}
	// No command: one line that lists them, exit status 2.
	var errb bytes.Buffer
	out.Reset()
	if code := run(nil, &out, &errb); code != 2 || out.Len() != 0 || errb.String() != "signin-notifier: no command: run signin-notifier help "+wantList+"\n" {
		t.Errorf("no command: exit %d, stderr %q", code, errb.String())
	}
}

// Errors through the real binary: one line on stderr starting with the
// command's name, nothing on stdout, exit status 1 for bad input and 2 for
// a wrong command line; no "exit status" or other Go noise.
func TestErrorsThroughTheBinary(t *testing.T) {
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
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, `signin-notifier: unknown command "frobnicate": run signin-notifier help ` + wantList},
		{[]string{"previw", "root-success-no-mfa"}, 2, `signin-notifier: unknown command "previw": did you mean preview?`},
		{[]string{"preview", "--assemby", dir, "root-success-no-mfa"}, 2, "signin-notifier: unknown flag --assemby: did you mean --assembly?"},
		{[]string{"doctor", "--assembly", filepath.Join(dir, "none")}, 1, "signin-notifier: doctor: no cloud assembly at "},
		{[]string{"preview", hello}, 1, "signin-notifier: event file " + hello + " is neither an EventBridge event"},
		{[]string{"preview", "--assembly", filepath.Join(dir, "none"), "root-success-no-mfa"}, 1, "signin-notifier: no cloud assembly at "},
	}
	for _, tc := range cases {
		cmd := exec.Command(bin, tc.args...)
		cmd.Env = append(os.Environ(), "AWS_EC2_METADATA_DISABLED=true")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != tc.code {
			t.Errorf("%v: %v, want exit status %d", tc.args, err, tc.code)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if stdout.Len() != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], tc.want) {
			t.Errorf("%v: stdout %q, stderr %q; want one line starting %q", tc.args, stdout.String(), stderr.String(), tc.want)
		}
	}
}
