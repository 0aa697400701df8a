package docs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
	"github.com/signin-notifier/signin-notifier/internal/testkit/projectcopy"
)

// CDK is the pinned CDK CLI, relative to the project root.
const CDK = "tools/cdk/node_modules/.bin/cdk"

// Runner runs the commands of marked blocks in a copy of the project, so
// that neither a make synth with other settings nor a failed one touches
// the developer's own cdk.out, and the developer's own settings
// (signin-notifier.json, cdk.context.json) and AWS credentials change
// nothing shown.
//
// Before each command, the copy's cdk.out is the one `make synth` made with
// the built-in defaults, and bin/signin-notifier and bin/cdk-app are built.
type Runner struct {
	Root, Work string
	// Timeout bounds one command (default 10 minutes).
	Timeout time.Duration

	defaults string // the default cdk.out, kept beside the copy
	moto     *mototest.Server
	cache    map[string]Result
}

// Result is what one command did.
type Result struct {
	Output   string // normalized; for generated blocks stdout only
	Stderr   string // of a generated block's command
	ExitCode int
	Took     time.Duration
}

// NewRunner copies the project root to a new directory under tmp, builds
// the command line and the CDK app there and synthesizes the defaults.
func NewRunner(root, tmp string) (*Runner, error) {
	for _, tool := range []string{"make", "npm", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is not installed: the docs show make synth, which needs make, Node.js with npm and python3 (see the README's prerequisites)", tool)
		}
	}
	// The copy links to the root's CDK CLI: install it there first, through
	// the Makefile's own rule, so make in the copy never installs it.
	install := exec.Command("make", "-s", CDK)
	install.Dir, install.Env = root, commandEnv(nil)
	if out, err := install.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("make %s: %v\n%s", CDK, err, out)
	}
	r := &Runner{Root: root, Work: filepath.Join(tmp, "project"), defaults: filepath.Join(tmp, "cdk.out.defaults"), cache: map[string]Result{}}
	if err := projectcopy.Project(root, r.Work); err != nil {
		return nil, err
	}
	for _, setup := range []string{"make cli", "go build -o bin/cdk-app ."} {
		res, err := r.shell(setup, nil, false)
		if err != nil {
			return nil, err
		}
		if res.ExitCode != 0 {
			return nil, fmt.Errorf("%s (in a copy of the project): exit status %d\n%s", setup, res.ExitCode, res.Output)
		}
	}
	res, err := r.shell("make synth", nil, false)
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, fmt.Errorf("make synth (in a copy of the project, the defaults): exit status %d\n%s", res.ExitCode, res.Output)
	}
	r.cache[key(Block{Kind: "output", Command: "make synth"})] = res
	if err := projectcopy.Tree(filepath.Join(r.Work, "cdk.out"), r.defaults); err != nil {
		return nil, err
	}
	return r, nil
}

// Close stops the moto_server the runner started, if any.
func (r *Runner) Close() {
	if r.moto != nil {
		r.moto.Stop()
	}
}

func key(b Block) string { return fmt.Sprintf("%s %v %v %s", b.Kind, b.Fails, b.Moto, b.Command) }

// Run runs the command of a block, once per distinct command and kind.
func (r *Runner) Run(b Block) (Result, error) {
	if res, ok := r.cache[key(b)]; ok {
		return res, nil
	}
	if err := os.RemoveAll(filepath.Join(r.Work, "cdk.out")); err != nil {
		return Result{}, err
	}
	if err := projectcopy.Tree(r.defaults, filepath.Join(r.Work, "cdk.out")); err != nil {
		return Result{}, err
	}
	var extra []string
	if b.Moto {
		if r.moto == nil {
			s, err := mototest.Start()
			if err != nil {
				return Result{}, err
			}
			r.moto = s
		}
		if err := r.moto.Reset(); err != nil {
			return Result{}, fmt.Errorf("reset moto_server: %v", err)
		}
		extra = []string{"AWS_ENDPOINT_URL=" + r.moto.URL, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_REGION=us-east-1"}
	}
	res, err := r.shell(b.Command, extra, b.Kind != "output")
	if err != nil {
		return res, err
	}
	r.cache[key(b)] = res
	return res, nil
}

// commandEnv is the environment of every command: the test's own, less
// make's variables of an enclosing make (make test, make docs: with them,
// a make inside would print "Entering directory" lines), the settings of
// make synth, CI (the CDK CLI prints differently there), and every AWS_
// variable; with no credentials, no shared config and no instance
// metadata, a command that needs AWS says so in one line, the same on
// every machine. extra is added.
func commandEnv(extra []string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(k, "AWS_") || slices.Contains([]string{"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS", "SIGNIN_NOTIFIER_ARGS", "CI", "CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION"}, k)
	})
	env = append(env, "AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "AWS_EC2_METADATA_DISABLED=true")
	return append(env, extra...)
}

// shell runs command with sh in the copy. With separate, stdout is the
// output and stderr is kept apart; otherwise both go through one pipe, in
// the order a terminal shows them.
func (r *Runner) shell(command string, extra []string, separate bool) (Result, error) {
	timeout := r.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir, cmd.Env = r.Work, commandEnv(extra)
	cmd.Stdin = nil
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // to stop all of it on a timeout
	var out, stderr bytes.Buffer
	pr, pw, err := os.Pipe()
	if err != nil {
		return Result{}, err
	}
	cmd.Stdout = pw
	if separate {
		cmd.Stderr = &stderr
	} else {
		cmd.Stderr = pw
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		pw.Close()
		pr.Close()
		return Result{}, err
	}
	pw.Close()
	copied := make(chan struct{})
	go func() { io.Copy(&out, pr); pr.Close(); close(copied) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case <-time.After(timeout):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		return Result{}, fmt.Errorf("%s: no end after %v", command, timeout)
	}
	<-copied
	res := Result{Output: r.normalize(out.String()), Stderr: stderr.String(), Took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.ExitCode = exit.ExitCode()
	case err != nil:
		return res, fmt.Errorf("%s: %v", command, err)
	}
	return res, nil
}

// progressRE matches a progress line that says how long something has
// taken so far, "(12 s)" or "(... packages, 12 s)": how many there are and
// what they say depends on the machine's speed.
var progressRE = regexp.MustCompile(`(\(|, )[0-9]+ s\)$`)

// normalize removes from an output only what changes from run to run
// whatever the code: the path of the copy (shown as "."), progress lines
// with elapsed seconds, and blanks at the ends of lines (which editors
// strip from the markdown).
func (r *Runner) normalize(s string) string {
	s = strings.ReplaceAll(s, r.Work+"/", "")
	s = strings.ReplaceAll(s, r.Work, ".")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \t\r")
		if progressRE.MatchString(l) {
			continue
		}
		lines = append(lines, l)
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
