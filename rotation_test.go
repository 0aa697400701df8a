package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
)

// TestPinnedSecretVersionsChangeExactlyTheirReferences: pinning a secret's
// version (what pin-secrets writes after a rotation) changes every
// reference to that secret, in every stack (the Slack app's Bearer token
// and the webhook's Authorization header in the connections included), and
// nothing else, so the next deploy re-resolves exactly those.
func TestPinnedSecretVersionsChangeExactlyTheirReferences(t *testing.T) {
	base := everyDestination
	pins := map[string]string{
		"bot":       "11111111-1111-4111-8111-111111111111",
		"hook-auth": "22222222-2222-4222-8222-222222222222",
		"slack-url": "33333333-3333-4333-8333-333333333333",
	}
	before := synthApp(t, base)
	after := synthApp(t, with(base, config.KeySecretVersions, fmt.Sprintf(`{"bot":%q,"hook-auth":%q,"slack-url":%q}`, pins["bot"], pins["hook-auth"], pins["slack-url"])))

	unpinned := func(s string) string { return "{{resolve:secretsmanager:" + s + ":SecretString:::}}" }
	pinned := func(s string) string { return "{{resolve:secretsmanager:" + s + ":SecretString:::" + pins[s] + "}}" }
	changed := map[string][]string{} // secret -> paths
	for id, b := range before.templates {
		a, ok := after.templates[id]
		if !ok {
			t.Fatalf("stack %s vanished", id)
		}
		for _, d := range diffLeaves(b, a, id) {
			bs, _ := d.before.(string)
			as, _ := d.after.(string)
			which := ""
			for s := range pins {
				if strings.Contains(bs, unpinned(s)) {
					which = s
				}
			}
			if which == "" || as != strings.ReplaceAll(bs, unpinned(which), pinned(which)) {
				t.Errorf("%s changed although it references no pinned secret: %v -> %v", d.path, d.before, d.after)
				continue
			}
			changed[which] = append(changed[which], d.path)
		}
		for s := range pins {
			if n := strings.Count(after.raw[id], unpinned(s)); n != 0 {
				t.Errorf("%s still has %d unpinned references to %s", id, n, s)
			}
			if nb, na := strings.Count(before.raw[id], unpinned(s)), strings.Count(after.raw[id], pinned(s)); nb != na {
				t.Errorf("%s: %d references to %s before, %d pinned after", id, nb, s, na)
			}
		}
	}
	for s, want := range map[string]string{
		"bot":       "SigninNotifier-us-east-1-slackapp/Resources/NotifierConnection",
		"hook-auth": "SigninNotifier-us-east-1-webhook/Resources/NotifierConnection",
		"slack-url": "SigninNotifier-us-east-1-slack/Resources/NotifierDestinationApiDestination",
	} {
		if !anyHasPrefix(changed[s], want) {
			t.Errorf("pinning %s changed %v, want a change under %s", s, changed[s], want)
		}
	}
	if n := len(changed["teams"]) + len(changed["hook"]) + len(changed["discord"]); n != 0 {
		t.Errorf("unpinned secrets changed: %v", changed)
	}
}

func anyHasPrefix(paths []string, prefix string) bool {
	for _, p := range paths {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

type leafDiff struct {
	path          string
	before, after any
}

// diffLeaves lists the differing leaves of two JSON values; a structural
// difference (keys, lengths, types) is one diff at its path.
func diffLeaves(b, a any, path string) []leafDiff {
	switch bv := b.(type) {
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok || len(av) != len(bv) {
			return []leafDiff{{path, b, a}}
		}
		keys := make([]string, 0, len(bv))
		for k := range bv {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []leafDiff
		for _, k := range keys {
			if _, ok := av[k]; !ok {
				return []leafDiff{{path, b, a}}
			}
			out = append(out, diffLeaves(bv[k], av[k], path+"/"+k)...)
		}
		return out
	case []any:
		av, ok := a.([]any)
		if !ok || len(av) != len(bv) {
			return []leafDiff{{path, b, a}}
		}
		var out []leafDiff
		for i := range bv {
			out = append(out, diffLeaves(bv[i], av[i], fmt.Sprintf("%s/%d", path, i))...)
		}
		return out
	}
	if !reflect.DeepEqual(a, b) {
		return []leafDiff{{path, b, a}}
	}
	return nil
}
