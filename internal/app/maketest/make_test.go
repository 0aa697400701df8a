package maketest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// teamsURL is shaped like the URL Teams shows for a Workflows webhook
// ("Send webhook alerts to a channel"): a Power Automate trigger on
// logic.azure.com whose query holds & ? % = and the signature sig=.
const teamsURL = "https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC-123_xyz%3D"

// accountName has a space and | ; ' & %, none of which a shell may see.
const accountName = "Production EU | R&D; it's 100%"

// TestMakeSynthAsTyped runs the commands below in a copy of the project, as
// a user types them into a shell, one after the other.
func TestMakeSynthAsTyped(t *testing.T) {
	root := projectRoot(t)
	work := copyProject(t, root)

	// 1. A Teams Workflows URL in the quotes the old README taught, and an
	// account name with a space and shell characters, unquoted.
	out, err := makeSynth(t, work, `make synth ARGS="-c regions=us-east-1 -c teamsWebhookUrl='`+teamsURL+`' -c accountName=`+accountName+`"`)
	if err != nil {
		t.Fatalf("make synth: %v\n%s", err, out)
	}
	templates := readTemplates(t, work)
	var endpoints []string
	named := 0
	for name, tmpl := range templates {
		resources, _ := tmpl["Resources"].(map[string]any)
		for _, r := range resources {
			r, _ := r.(map[string]any)
			if r["Type"] == "AWS::Events::ApiDestination" {
				props, _ := r["Properties"].(map[string]any)
				endpoints = append(endpoints, name+": "+asString(props["InvocationEndpoint"]))
			}
		}
		if containsString(tmpl, accountName) {
			named++
		}
	}
	if len(endpoints) == 0 {
		t.Fatalf("no API destination in the %d templates:\n%s", len(templates), out)
	}
	for _, e := range endpoints {
		if _, url, _ := strings.Cut(e, ": "); url != teamsURL {
			t.Errorf("API destination %s, want the Teams URL byte for byte: %s", e, teamsURL)
		}
	}
	if named == 0 {
		t.Errorf("no template holds the account name %q unchanged", accountName)
	}
	good := hashTree(t, filepath.Join(work, "cdk.out"))

	// 2. and 3. Refused settings: one line, exit status not 0, and the
	// cdk.out of the synth before is intact.
	for _, tc := range []struct{ name, cmd, line string }{
		{"< and > in a value", `make synth ARGS="-c regions=us-east-1 -c accountName=Ops <prod> | x; it's"`,
			`signin-notifier: context accountName: "Ops <prod> | x; it's" contains < or >, which EventBridge reads as a placeholder: remove them`},
		{"a cdk option in ARGS", `make synth ARGS="-c regions=us-east-1 --all"`,
			`signin-notifier: ARGS holds "--all", which is not a -c KEY=VALUE setting: make synth and make deploy always take every stack of the configuration: remove it (if it is part of the value of regions, quote the value: -c regions='...')`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := makeSynth(t, work, tc.cmd)
			if err == nil {
				t.Fatalf("make synth succeeded:\n%s", out)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("make synth: %v, want a non-zero exit status", err)
			}
			// Besides progress lines (indented) and make's own "make: ***"
			// line, the output is the one line.
			var lines []string
			for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if !strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "make: *** ") {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 || lines[0] != tc.line {
				t.Errorf("output lines %q, want only\n  %q\nin:\n%s", lines, tc.line, out)
			}
			if got := hashTree(t, filepath.Join(work, "cdk.out")); got != good {
				t.Errorf("the failed make synth changed cdk.out of the synth before")
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(work, ".cdk.out.*")); len(left) != 0 {
		t.Errorf("make synth left %v behind", left)
	}
}

// makeSynth runs command through sh in dir and returns its output (stdout
// and stderr, in one pipe). It fails the test if anything keeps the pipe
// open more than 5 s after make exits: something started by make synth
// would still be running, and could still print or write cdk.out.
func makeSynth(t *testing.T, dir, command string) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		// The make that runs `make test` passes its flags on; this make is
		// the user's.
		return slices.Contains([]string{"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "SIGNIN_NOTIFIER_ARGS"}, k)
	})
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // to stop all of it on a timeout
	t.Logf("$ %s", command)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var out bytes.Buffer
	eof := make(chan struct{})
	go func() {
		io.Copy(&out, r)
		close(eof)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case <-time.After(10 * time.Minute):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("%s: still running after 10 minutes", command)
	}
	select {
	case <-eof:
	case <-time.After(5 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-eof
		t.Fatalf("%s: something it started was still running 5 s after make exited (%v); output:\n%s", command, err, out.String())
	}
	r.Close()
	return out.String(), err
}

// projectRoot is the directory of go.mod and the Makefile, three levels up.
func projectRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"go.mod", "Makefile", "tools/synth.sh"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Fatalf("project root %s: %v", root, err)
		}
	}
	return root
}

// cdk is the pinned CDK CLI the Makefile installs.
const cdk = "tools/cdk/node_modules/.bin/cdk"

// copyProject copies the project's files (without its cdk.out, bin, git
// history and own settings) into a new directory, with their modification
// times, so that make sees the same targets up to date. The pinned CDK CLI
// is linked, after installing it with make (as make test does) when it is
// not there; without npm the test is skipped.
func copyProject(t *testing.T, root string) string {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatal("make is not installed: install it (the README's commands are make targets)")
	}
	if _, err := os.Stat(filepath.Join(root, cdk)); err != nil {
		if _, err := exec.LookPath("npm"); err != nil {
			t.Skip("npm is not installed, so make synth cannot install the CDK CLI: install Node.js with npm to run this test")
		}
		install := exec.Command("make", cdk)
		install.Dir = root
		if out, err := install.CombinedOutput(); err != nil {
			t.Fatalf("make %s: %v\n%s", cdk, err, out)
		}
	}
	work := t.TempDir()
	skip := map[string]bool{".git": true, "cdk.out": true, "bin": true, "signin-notifier.json": true, "cdk.context.json": true, "tools/cdk/node_modules": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if skip[rel] || strings.HasPrefix(rel, ".cdk.out.") || d.Name() == "node_modules" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(work, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "tools", "cdk", "node_modules"), filepath.Join(work, "tools", "cdk", "node_modules")); err != nil {
		t.Fatal(err)
	}
	return work
}

// readTemplates reads every template of dir/cdk.out by stack name.
func readTemplates(t *testing.T, dir string) map[string]map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "cdk.out", "*.template.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates in cdk.out (%v)", err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tmpl map[string]any
		if err := json.Unmarshal(b, &tmpl); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".template.json")] = tmpl
	}
	return out
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// containsString reports whether a string of the JSON value v contains s.
func containsString(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, s)
	case map[string]any:
		for _, x := range v {
			if containsString(x, s) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if containsString(x, s) {
				return true
			}
		}
	}
	return false
}

// hashTree digests the names and contents of every file under dir.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path)
		}
		return err
	})
	if err != nil || len(names) == 0 {
		t.Fatalf("%s: %d files (%v)", dir, len(names), err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, n)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
