package payloadcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// drop is the value that makes mut delete a key or an array item.
type dropT struct{}

var drop = dropT{}

// mut returns base with each (pointer, value) pair applied in turn: the
// value at the JSON pointer is replaced (or added, for a new object key; or
// appended, for the index one past the end of an array), or deleted when
// the value is drop. It panics when a pointer does not lead anywhere, so a
// row can never silently test the unchanged payload.
func mut(base string, pairs ...any) string {
	var root any
	dec := json.NewDecoder(strings.NewReader(base))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		panic(err)
	}
	for i := 0; i < len(pairs); i += 2 {
		root = setAt(root, splitPointer(pairs[i].(string)), pairs[i+1])
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	if !strings.HasPrefix(p, "/") {
		panic("pointer must start with /: " + p)
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts
}

func setAt(node any, path []string, val any) any {
	if len(path) == 0 {
		return val
	}
	switch x := node.(type) {
	case map[string]any:
		k := path[0]
		if len(path) == 1 {
			if val == drop {
				if _, ok := x[k]; !ok {
					panic("no key to drop: " + k)
				}
				delete(x, k)
			} else {
				x[k] = val
			}
			return x
		}
		child, ok := x[k]
		if !ok {
			panic("no key " + k)
		}
		x[k] = setAt(child, path[1:], val)
		return x
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i > len(x) {
			panic("bad index " + path[0])
		}
		if len(path) == 1 {
			switch {
			case val == drop:
				return append(x[:i:i], x[i+1:]...)
			case i == len(x):
				return append(x, val)
			default:
				x[i] = val
				return x
			}
		}
		x[i] = setAt(x[i], path[1:], val)
		return x
	}
	panic(fmt.Sprintf("cannot descend into %T", node))
}

// replaceOnce replaces the only occurrence of old in s, and panics when
// there is not exactly one.
func replaceOnce(s, old, new string) string {
	if n := strings.Count(s, old); n != 1 {
		panic(fmt.Sprintf("%q occurs %d times", old, n))
	}
	return strings.Replace(s, old, new, 1)
}

// at returns the value at a JSON pointer of base, as JSON; it panics when
// there is none.
func at(base, ptr string) json.RawMessage {
	var node any
	if err := json.Unmarshal([]byte(base), &node); err != nil {
		panic(err)
	}
	for _, tok := range splitPointer(ptr) {
		switch x := node.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				panic("no key " + tok)
			}
			node = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				panic("bad index " + tok)
			}
			node = x[i]
		default:
			panic("cannot descend into " + tok)
		}
	}
	b, err := json.Marshal(node)
	if err != nil {
		panic(err)
	}
	return b
}

// raw is a JSON fragment placed as-is by mut.
func raw(s string) json.RawMessage { return json.RawMessage(s) }

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// items returns n copies of v.
func items(n int, v any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

type rejectCase struct {
	name, body, pointer, msg string
}

// runRejects checks that each body has a violation at the pointer whose
// message contains msg.
func runRejects(t *testing.T, violations func([]byte) []Violation, cases []rejectCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if err := Expect(violations([]byte(tc.body)), tc.pointer, tc.msg); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestMut(t *testing.T) {
	got := mut(`{"a":[1,{"b":"x"}],"c":true}`, "/a/1/b", "y", "/c", drop, "/a/2", raw(`null`), "/d~1e", 1)
	want := `{"a":[1,{"b":"y"},null],"d/e":1}`
	if got != want {
		t.Errorf("mut = %s, want %s", got, want)
	}
	if got := mut(`{"a":[1,2,3]}`, "/a/0", drop); got != `{"a":[2,3]}` {
		t.Errorf("drop from array = %s", got)
	}
	for _, bad := range []func(){
		func() { mut(`{"a":1}`, "/b/c", 1) },
		func() { mut(`{"a":1}`, "/b", drop) },
		func() { mut(`{"a":[]}`, "/a/1", 1) },
		func() { replaceOnce("aa", "a", "b") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("want a panic")
				}
			}()
			bad()
		}()
	}
}
