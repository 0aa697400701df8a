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

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mototest.StopShared()
	os.Exit(code)
}

func noLookup(t *testing.T) Lookup {
	return func(context.Context) (string, []string, error) {
		t.Fatal("asked AWS although the value is cached")
		return "", nil, nil
	}
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

func TestCachedValueIsUsedOffline(t *testing.T) {
	all := map[string]any{
		Key("111122223333"): []any{"us-east-1", "eu-west-1"},
		"availability-zones:account=111122223333:region=us-east-1": []any{"us-east-1a"},
	}
	r := Resolver{Lookup: noLookup(t), File: filepath.Join(t.TempDir(), ContextFile)}
	for _, account := range []string{"111122223333", ""} {
		got, err := r.Resolve(context.Background(), all, account)
		if err != nil || !slices.Equal(got, []string{"eu-west-1", "us-east-1"}) {
			t.Errorf("account %q: %v, %v", account, got, err)
		}
	}
	if _, err := os.Stat(r.File); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cached value wrote %s", r.File)
	}
}

func TestCacheProblemsAreOneLine(t *testing.T) {
	r := Resolver{Lookup: noLookup(t), File: ContextFile}
	two := map[string]any{Key("111122223333"): []any{"us-east-1"}, Key("444455556666"): []any{"eu-west-1"}}
	_, err := r.Resolve(context.Background(), two, "")
	if err == nil || err.Error() != `context regions="enabled": cdk.context.json caches the enabled regions of 2 accounts (signin-notifier:enabled-regions:111122223333, signin-notifier:enabled-regions:444455556666) and no credentials say which one is meant: synth with the credentials of the account, or forget the others with cdk context --reset KEY` {
		t.Errorf("two accounts: %v", err)
	}
	bad := map[string]any{Key("111122223333"): "us-east-1"}
	_, err = r.Resolve(context.Background(), bad, "111122223333")
	if err == nil || err.Error() != `context signin-notifier:enabled-regions:111122223333="us-east-1" is not a list of regions: run cdk context --reset signin-notifier:enabled-regions:111122223333 and synth again (with credentials)` {
		t.Errorf("bad value: %v", err)
	}
}

func TestLookupIsCachedNextToOtherContext(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	if err := os.WriteFile(file, []byte(`{"availability-zones:account=111122223333:region=us-east-1": ["us-east-1a"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	calls := 0
	r := Resolver{File: file, Log: &log, Lookup: func(context.Context) (string, []string, error) {
		calls++
		return "111122223333", []string{"us-west-2", "ap-southeast-4", "us-east-1"}, nil
	}}
	got, err := r.Resolve(context.Background(), map[string]any{}, "111122223333")
	if err != nil || !slices.Equal(got, []string{"ap-southeast-4", "us-east-1", "us-west-2"}) {
		t.Fatalf("%v, %v", got, err)
	}
	all := readContext(t, file)
	if len(all) != 2 || all["availability-zones:account=111122223333:region=us-east-1"] == nil {
		t.Errorf("other context lost: %v", all)
	}
	if !strings.HasPrefix(log.String(), "signin-notifier: cached the 3 enabled regions of account 111122223333 in "+file) {
		t.Errorf("log %q", log.String())
	}
	// The next synth gets the file's values as context and asks nobody.
	r.Lookup = noLookup(t)
	if again, err := r.Resolve(context.Background(), all, ""); err != nil || !slices.Equal(again, got) {
		t.Errorf("second synth: %v, %v", again, err)
	}
	if calls != 1 {
		t.Errorf("%d lookups", calls)
	}
}

func TestLookupFailureWritesNothing(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	r := Resolver{File: file, Lookup: func(context.Context) (string, []string, error) {
		return "", nil, errors.New("no AWS credentials found: run aws configure")
	}}
	_, err := r.Resolve(context.Background(), map[string]any{}, "")
	if err == nil || !strings.HasPrefix(err.Error(), `context regions="enabled" needs the account's enabled regions once and `+file+` has none cached: no AWS credentials found: run aws configure; then synth again`) {
		t.Errorf("%v", err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Error("a failed lookup wrote the context file")
	}
}

func TestSaveRefusesAFileThatIsNotAnObject(t *testing.T) {
	file := filepath.Join(t.TempDir(), ContextFile)
	if err := os.WriteFile(file, []byte(`[1,2]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(file, Key("1"), []string{"us-east-1"}); err == nil {
		t.Error("saved into a JSON array")
	}
	if raw, _ := os.ReadFile(file); string(raw) != `[1,2]` {
		t.Errorf("file changed to %s", raw)
	}
}
