package cmdline

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
)

func flags() (*flag.FlagSet, *string, *bool) {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	post := fs.String("post-teams", "", "")
	raw := fs.Bool("raw", false, "")
	fs.String("assembly", "cdk.out", "")
	return fs, post, raw
}

func TestParse(t *testing.T) {
	cases := []struct {
		args []string
		want string // "" for success
	}{
		{[]string{"--post-teams", "u", "--raw"}, ""},
		{[]string{"--post-team", "u"}, "unknown flag --post-team: did you mean --post-teams? (flags: --assembly, --post-teams, --raw)"},
		{[]string{"-assemby=x"}, "unknown flag --assemby: did you mean --assembly? (flags: --assembly, --post-teams, --raw)"},
		{[]string{"--zzz"}, "unknown flag --zzz (flags: --assembly, --post-teams, --raw)"},
		{[]string{"--assembly"}, "--assembly needs a value: use SYNOPSIS"},
		{[]string{"--raw=perhaps"}, `invalid boolean value "perhaps" for -raw: parse error: use SYNOPSIS`},
	}
	for _, tc := range cases {
		fs, _, _ := flags()
		err := Parse(fs, tc.args, "SYNOPSIS")
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want || !IsUsage(err)):
			t.Errorf("%v: %v, want the usage error %q", tc.args, err, tc.want)
		}
	}
	fs, _, _ := flags()
	if err := Parse(fs, []string{"-h"}, "S"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
	none := flag.NewFlagSet("samples", flag.ContinueOnError)
	if err := Parse(none, []string{"--all"}, "S"); err == nil || err.Error() != "unknown flag --all: samples takes no flags" {
		t.Errorf("no flags: %v", err)
	}
}

// Flags may follow the positional EVENT; a bool flag takes no value, so
// the EVENT after it stays the EVENT.
func TestInterspersed(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ev.json --post-teams https://x --assembly=dir", "--post-teams https://x --assembly=dir -- ev.json"},
		{"--raw ev.json", "--raw -- ev.json"},
		{"ev.json --raw --assembly d", "--raw --assembly d -- ev.json"},
		{"--assembly d", "--assembly d"},
		{"ev.json --assembly", "--assembly"},
		{"-- -odd-name.json", "-- -odd-name.json"},
	}
	for _, tc := range cases {
		fs, _, _ := flags()
		if got := strings.Join(Interspersed(fs, strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("Interspersed(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
	fs, post, raw := flags()
	if err := Parse(fs, Interspersed(fs, []string{"ev.json", "--raw", "--post-teams", "u"}), "S"); err != nil || !*raw || *post != "u" || fs.NArg() != 1 || fs.Arg(0) != "ev.json" {
		t.Errorf("parse: %v, raw %v, post %q, args %v", err, *raw, *post, fs.Args())
	}
}

func TestReport(t *testing.T) {
	cases := []struct {
		err    error
		prefix string
		code   int
		stdout string
		stderr string
	}{
		{nil, "doctor", 0, "", ""},
		{flag.ErrHelp, "doctor", 0, "USAGE", ""},
		{Usagef("unexpected argument %q", "x"), "doctor", 2, "", "signin-notifier: doctor: unexpected argument \"x\"\n"},
		{fmt.Errorf("wrapped: %w", Usagef("bad")), "", 2, "", "signin-notifier: wrapped: bad\n"},
		{errors.New("no cloud assembly at x\nsecond line"), "", 1, "", "signin-notifier: no cloud assembly at x second line\n"},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		if code := Report(tc.err, tc.prefix, "USAGE", &out, &errb); code != tc.code || out.String() != tc.stdout || errb.String() != tc.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.err, code, out.String(), errb.String())
		}
	}
}
