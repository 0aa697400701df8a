package payloadcheck

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var c Checker
	root, ok := c.Decode([]byte(body))
	if !ok {
		t.Fatalf("Decode(%s): %v", body, c.Violations())
	}
	return root.(map[string]any)
}

func TestDecode(t *testing.T) {
	var c Checker
	root, ok := c.Decode([]byte(`{"n":1.0}`))
	if !ok || c.Violations() != nil {
		t.Fatalf("Decode: %v", c.Violations())
	}
	if n, isNum := root.(map[string]any)["n"].(json.Number); !isNum || n.String() != "1.0" {
		t.Errorf("numbers are not kept as json.Number: %#v", root)
	}
	for body, want := range map[string]string{
		`{"a":`:               "body is not valid JSON: ",
		`{} []`:               "body has data after the JSON value: send exactly one object",
		`{"text":"a"}}`:       "body has data after the JSON value: send exactly one object",
		"{\"text\":\"a\"}\n]": "body has data after the JSON value: send exactly one object",
		``:                    "body is not valid JSON: ",
	} {
		var c Checker
		root, ok := c.Decode([]byte(body))
		vs := c.Violations()
		if ok || root != nil || len(vs) != 1 || vs[0].Pointer != "" || !strings.HasPrefix(vs[0].Message, want) {
			t.Errorf("Decode(%s) = %v, %v, %v; want one root violation %q", body, root, ok, vs, want)
		}
	}
}

func TestChecker_Wording(t *testing.T) {
	o := decode(t, `{"s":"","b":" ","l":"abcd","a":[],"m":[1,2,3]}`)
	messages := func(c *Checker) []string {
		c.Text("", o, "s", true, false, 0)
		c.Text("", o, "b", true, true, 0)
		c.Text("", o, "l", true, false, 3)
		c.Array("", o, "a", true, 1, 0)
		c.Array("", o, "m", true, 1, 2)
		var out []string
		for _, v := range c.Violations() {
			out = append(out, v.Error())
		}
		return out
	}
	defaults := messages(&Checker{Service: "Slack"})
	want := []string{
		"/s: must not be empty: Slack rejects empty s",
		"/b: must not be only whitespace: Slack rejects empty b",
		"/l: is 4 characters, over Slack's limit of 3: shorten it",
		"/a: must not be an empty array: Slack rejects empty a",
		"/m: has 3 items, over Slack's limit of 2: remove 1",
	}
	if strings.Join(defaults, "\n") != strings.Join(want, "\n") {
		t.Errorf("default wording:\n%s\nwant:\n%s", strings.Join(defaults, "\n"), strings.Join(want, "\n"))
	}
	custom := messages(&Checker{
		Service:    "X",
		EmptyText:  func(key string) string { return "no " + key },
		EmptyArray: func(key string, min int) string { return key + " needs " + strings.Repeat("!", min) },
	})
	if custom[0] != "/s: must not be empty: no s" || custom[1] != "/b: must not be only whitespace: no b" || custom[3] != "/a: must not be an empty array: a needs !" {
		t.Errorf("custom wording: %q", custom)
	}
}

func TestChecker_Checks(t *testing.T) {
	o := decode(t, `{"t":"ok","n":5,"x":"5","f":1.5,"big":99999999999999999999,"e":"é","o":{},"arr":["a"],"z~/":1}`)
	cases := []struct {
		name string
		run  func(c *Checker)
		want []string // whole Error() texts, in order
	}{
		{"str missing required", func(c *Checker) { c.Str("/p", o, "missing", true) }, []string{`/p/missing: required field "missing" is missing`}},
		{"str missing optional", func(c *Checker) { c.Str("", o, "missing", false) }, nil},
		{"str not a string", func(c *Checker) { c.Str("", o, "n", false) }, []string{"/n: must be a string, got a number"}},
		{"text counts characters", func(c *Checker) { c.Text("", o, "e", true, false, 1) }, nil},
		{"boolean", func(c *Checker) { c.Boolean("", o, "t"); c.Boolean("", o, "missing") }, []string{"/t: must be true or false, got a string"}},
		{"integer in range", func(c *Checker) { c.Integer("", o, "n", 0, 5) }, nil},
		{"integer out of range", func(c *Checker) { c.Integer("", o, "n", 0, 4) }, []string{"/n: must be an integer from 0 to 4, got 5"}},
		{"integer not integral", func(c *Checker) { c.Integer("", o, "f", 0, 4) }, []string{"/f: must be an integer from 0 to 4, got 1.5"}},
		{"integer overflow", func(c *Checker) { c.Integer("", o, "big", 0, 4) }, []string{"/big: must be an integer from 0 to 4, got 99999999999999999999"}},
		{"integer a string", func(c *Checker) { c.Integer("", o, "x", 0, 9) }, []string{"/x: must be an integer from 0 to 9, got 5"}},
		{"oneOf", func(c *Checker) { c.OneOf("", o, "t", true, "ok", "no") }, nil},
		{"oneOf other", func(c *Checker) { c.OneOf("", o, "t", true, "a", "b") }, []string{`/t: is "ok", must be one of a, b`}},
		{"oneOf number", func(c *Checker) { c.OneOf("", o, "n", false, "a") }, []string{"/n: is a number, must be one of a"}},
		{"oneOf missing", func(c *Checker) { c.OneOf("", o, "missing", true, "a", "b") }, []string{`/missing: required field "missing" is missing: use one of a, b`}},
		{"object", func(c *Checker) { c.Object("/arr", o["arr"], "a thing") }, []string{"/arr: a thing must be an object, got an array"}},
		{"array not an array", func(c *Checker) { c.Array("", o, "o", false, 0, 0) }, []string{"/o: must be an array, got an object"}},
		{"array below min", func(c *Checker) { c.Array("", o, "arr", false, 2, 0) }, []string{"/arr: has 1 items, needs at least 2"}},
		{"fields sorted and escaped", func(c *Checker) { c.Fields("/p", o, "a thing", "t", "n", "x", "f", "big", "e") }, []string{
			`/p/arr: unknown field "arr" in a thing: allowed fields are t, n, x, f, big, e`,
			`/p/o: unknown field "o" in a thing: allowed fields are t, n, x, f, big, e`,
			`/p/z~0~1: unknown field "z~/" in a thing: allowed fields are t, n, x, f, big, e`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &Checker{Service: "S"}
			tc.run(c)
			var got []string
			for _, v := range c.Violations() {
				got = append(got, v.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestTypeNameAndDescribe(t *testing.T) {
	for v, want := range map[string]any{"null": nil, "a boolean": true, "a number": json.Number("1"), "a string": "s", "an array": []any{}, "an object": map[string]any{}} {
		if got := TypeName(want); got != v {
			t.Errorf("TypeName(%#v) = %q, want %q", want, got, v)
		}
	}
	if got := Describe(`a"b`); got != `"a\"b"` {
		t.Errorf("Describe(string) = %s", got)
	}
	if got := Describe(false); got != "a boolean" {
		t.Errorf("Describe(false) = %s", got)
	}
}
