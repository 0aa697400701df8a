// Command signin-notifier is the command line of signin-notifier: it
// previews what the synthesized app does with a console sign-in event,
// offline, checks a deployed account, sends a test through it, pins the
// secrets the stacks read and caches the account's enabled regions. Build it
// with `make cli` (go build -o bin/signin-notifier ./cmd/signin-notifier):
//
//	bin/signin-notifier preview iam-user-failure-wrong-password
//	bin/signin-notifier preview --post-slack https://hooks.slack.com/services/T/B/X my-event.json
//	bin/signin-notifier samples
//	bin/signin-notifier doctor
//	bin/signin-notifier send-test
//	bin/signin-notifier pin-secrets [--assembly cdk.out] [--context cdk.context.json]
//	bin/signin-notifier enabled-regions
//	bin/signin-notifier help [COMMAND]
//
// The table of commands below drives the usage text, help and the answer to
// an unknown command.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
	"github.com/signin-notifier/signin-notifier/internal/cli/doctor"
	"github.com/signin-notifier/signin-notifier/internal/cli/enabledregions"
	"github.com/signin-notifier/signin-notifier/internal/cli/preview"
	"github.com/signin-notifier/signin-notifier/internal/cli/secretpin"
	"github.com/signin-notifier/signin-notifier/internal/cli/sendtest"
	"github.com/signin-notifier/signin-notifier/internal/core/suggest"
)

// command is one row of the table.
type command struct {
	name    string
	summary string // one line for the list of commands
	usage   string // the command's usage: synopsis, then what it does
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is the table, in the order help shows them.
var commands = []command{
	{"preview", "show the messages an event would post and its route, offline", preview.Usage, preview.Main},
	{"samples", "list the built-in sample events (names for preview)", preview.SamplesUsage, preview.Samples},
	{"doctor", "check the deployed account against the synthesized app", doctor.Usage, doctor.Main},
	{"send-test", "send a test sign-in through every deployed destination", sendtest.Usage, sendtest.Main},
	{"pin-secrets", "pin each secret the stacks read to its version (make rotate)", secretpin.Usage, secretpin.Run},
	{"enabled-regions", "cache enabled regions for -c regions=enabled (make regions)", enabledregions.Usage, enabledregions.Main},
	{"help", "show this text, or the usage of one command", helpUsage, nil}, // run set by init: help reads the table
}

func init() { commands[len(commands)-1].run = help }

const helpUsage = `  signin-notifier help [COMMAND]
      show this text, or the usage of one command (every command also
      takes -h)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to its command and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return cmdline.Report(cmdline.Usagef("no command: run signin-notifier help %s", commandList()), "", "", stdout, stderr)
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return cmdline.ExitOK
	}
	c, err := find(args[0])
	if err != nil {
		return cmdline.Report(err, "", "", stdout, stderr)
	}
	return c.run(args[1:], stdout, stderr)
}

// help is the help command.
func help(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usage())
		return cmdline.ExitOK
	case 1:
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprint(stdout, "usage:\n"+helpUsage)
			return cmdline.ExitOK
		}
		c, err := find(args[0])
		if err != nil {
			return cmdline.Report(err, "help", "", stdout, stderr)
		}
		fmt.Fprint(stdout, "usage:\n"+c.usage)
		return cmdline.ExitOK
	}
	return cmdline.Report(cmdline.Usagef("help takes at most one COMMAND, got %d arguments: use help [COMMAND]", len(args)), "", "", stdout, stderr)
}

// find returns the command called name, or the usage error that names the
// closest one and lists them all.
func find(name string) (command, error) {
	names := make([]string, len(commands))
	for i, c := range commands {
		if c.name == name {
			return c, nil
		}
		names[i] = c.name
	}
	list := commandList()
	if best, ok := suggest.Closest(name, names); ok {
		return command{}, cmdline.Usagef("unknown command %q: did you mean %s? %s", name, best, list)
	}
	return command{}, cmdline.Usagef("unknown command %q: run signin-notifier help %s", name, list)
}

// commandList is "(commands: preview, samples, ...)", from the table.
func commandList() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return "(commands: " + strings.Join(names, ", ") + ")"
}

// usage is the text of signin-notifier help, from the table.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: signin-notifier COMMAND [FLAGS] [ARGS]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-15s  %s\n", c.name, c.summary)
	}
	b.WriteString(`
signin-notifier help COMMAND (or COMMAND -h) shows a command's flags. Most
commands read the synthesized app in cdk.out (make synth; --assembly DIR).
Start with: signin-notifier preview root-success-no-mfa
Exit status: 0 done, 1 bad input or a failed check, 2 a wrong command line.
`)
	return b.String()
}
