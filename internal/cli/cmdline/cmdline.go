// Package cmdline holds what every signin-notifier command shares on its
// command line: flag parsing whose errors are one line with the fix (an
// unknown flag gets "did you mean"), the usage error that exits with status
// 2, and the one place that turns an error into that line and an exit
// status. It needs no jsii and imports no command.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/suggest"
)

// Name prefixes every error line.
const Name = "signin-notifier"

// UsageError is a command line the command cannot run as given (an unknown
// command or flag, a missing or extra argument): exit status 2.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// IsUsage reports whether err is a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Exit status of a command.
const (
	ExitOK    = 0
	ExitError = 1 // bad input, or the command failed
	ExitUsage = 2 // the command line itself is wrong
)

// Report ends a command: nil is status 0; flag.ErrHelp prints usage on
// stdout, status 0; any other error is one line on stderr,
// "signin-notifier: PREFIX: error" (no "PREFIX: " when prefix is ""), with
// status 2 for a UsageError and 1 otherwise.
func Report(err error, prefix, usage string, stdout, stderr io.Writer) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	line := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	if prefix != "" {
		line = prefix + ": " + line
	}
	fmt.Fprintf(stderr, "%s: %s\n", Name, line)
	if IsUsage(err) {
		return ExitUsage
	}
	return ExitError
}

// Parse parses args with fs, whose own output it silences. -h and --help
// return flag.ErrHelp. Every other problem is a UsageError of one line that
// ends with the fix: an unknown flag names the closest defined one ("did you
// mean --post-teams?") and lists them all; a flag without its value, or with
// a value of the wrong type, shows synopsis, the command's short usage.
func Parse(fs *flag.FlagSet, args []string, synopsis string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return UnknownFlag(fs, strings.TrimLeft(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return Usagef("%s needs a value: use %s", Flag(strings.TrimLeft(name, "-")), synopsis)
	}
	return Usagef("%s: use %s", msg, synopsis)
}

// UnknownFlag is the error for flag name (without dashes), which fs does
// not define.
func UnknownFlag(fs *flag.FlagSet, name string) error {
	names := FlagNames(fs)
	hint := ""
	if best, ok := suggest.Closest(name, names); ok {
		hint = ": did you mean " + Flag(best) + "?"
	}
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = Flag(n)
	}
	if len(shown) == 0 {
		return Usagef("unknown flag %s: %s takes no flags", Flag(name), fs.Name())
	}
	return Usagef("unknown flag %s%s (flags: %s)", Flag(name), hint, strings.Join(shown, ", "))
}

// FlagNames lists the flags fs defines, sorted.
func FlagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	slices.Sort(names)
	return names
}

// Flag shows a flag name the way the usage writes it: --name.
func Flag(name string) string { return "--" + name }

// IsBool reports whether fs defines name as a flag that takes no value.
func IsBool(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Interspersed reorders args so that flags come before the positional
// arguments, as fs.Parse needs, letting a user write them in any order
// (`preview EVENT --post URL`). A flag's value follows it unless the flag
// is a bool or written --name=value; "--" ends the flags.
func Interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") || name == "h" || name == "help" || IsBool(fs, name) {
			continue
		}
		if i+1 == len(args) {
			// The value is missing: let the flag package say so, rather
			// than take "--" or the EVENT for it.
			return flags
		}
		flags = append(flags, args[i+1])
		i++
	}
	if len(rest) > 0 {
		flags = append(flags, "--")
	}
	return append(flags, rest...)
}
