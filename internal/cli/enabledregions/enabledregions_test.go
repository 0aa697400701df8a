package enabledregions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mototest.StopShared()
	os.Exit(code)
}

// readContext loads a cdk.context.json the way the CLI hands it to the app.
func readContext(t *testing.T, file string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]any
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	return all
}

func TestLookupIsCachedNextToOtherContext(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	if err := os.WriteFile(file, []byte(`{"availability-zones:account=111122223333:region=us-east-1": ["us-east-1a"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	calls := 0
	lookup := func(context.Context) (string, []string, error) {
		calls++
		return "111122223333", []string{"us-west-2", "ap-southeast-4", "us-east-1"}, nil
	}
	if code := run([]string{"--context", file}, &stdout, &stderr, lookup); code != 0 || stderr.Len() > 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	all := readContext(t, file)
	if len(all) != 2 || all["availability-zones:account=111122223333:region=us-east-1"] == nil {
		t.Errorf("other context lost: %v", all)
	}
	if want := "cached the 3 enabled regions of account 111122223333 in " + file + " (signin-notifier:enabled-regions:111122223333): ap-southeast-4,us-east-1,us-west-2\n"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("stdout %q, want prefix %q", stdout.String(), want)
	}
	// The app's next synth gets the file's values as context and asks nobody.
	got, err := config.CachedEnabledRegions(all, "")
	if err != nil || !slices.Equal(got, []string{"ap-southeast-4", "us-east-1", "us-west-2"}) {
		t.Errorf("app reads %v, %v", got, err)
	}
	if calls != 1 {
		t.Errorf("%d lookups", calls)
	}
}

func TestLookupFailureWritesNothing(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	var stdout, stderr bytes.Buffer
	code := run([]string{"--context", file}, &stdout, &stderr, func(context.Context) (string, []string, error) {
		return "", nil, errors.New("no AWS credentials found: run aws configure")
	})
	if want := "signin-notifier: enabled-regions: cannot look up the account's enabled regions: no AWS credentials found: run aws configure\n"; code != 1 || stderr.String() != want || stdout.Len() > 0 {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Error("a failed lookup wrote the context file")
	}
}

// A wrong command line is one line, exit status 2, and asks AWS nothing.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, "signin-notifier: enabled-regions: unexpected argument \"extra\": use enabled-regions [--context FILE]\n"},
		{[]string{"--contxt", "x.json"}, "signin-notifier: enabled-regions: unknown flag --contxt: did you mean --context? (flags: --context)\n"},
		{[]string{"--context"}, "signin-notifier: enabled-regions: --context needs a value: use enabled-regions [--context FILE]\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr, nil); code != 2 || stderr.String() != tc.want || stdout.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr, nil); code != 0 || !strings.HasPrefix(stdout.String(), "usage:\n  signin-notifier enabled-regions [--context FILE]\n") || stderr.Len() != 0 {
		t.Errorf("-h: exit %d, stdout %q", code, stdout.String())
	}
}

func TestSaveRefusesAFileThatIsNotAnObject(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	if err := os.WriteFile(file, []byte(`[1,2]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(file, config.EnabledRegionsKey("1"), []string{"us-east-1"}); err == nil {
		t.Error("saved into a JSON array")
	}
	if raw, _ := os.ReadFile(file); string(raw) != `[1,2]` {
		t.Errorf("file changed to %s", raw)
	}
}
