package payloadcheck

import "testing"

func TestStringProblem(t *testing.T) {
	cases := []struct{ lit, want string }{
		{`"plain"`, ""},
		{`"é 🚀"`, ""},
		{`"\ud83d\ude80"`, ""},
		{`"\uD83D\uDE80 upper case"`, ""},
		{`"\u00e9\n\t\"\\\/"`, ""},
		{`"\\ud83d"`, ""}, // an escaped backslash, then the letters ud83d
		{`"\\\ud83d\ude80"`, ""},
		{"\"\xff\"", "holds bytes that are not valid UTF-8"},
		{"\"\xed\xa0\x80\"", "holds bytes that are not valid UTF-8"},
		{`"\ud83d"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ude80"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83dx\ude80"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83d\ud83d\ude80"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83d\n"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83d\u0041"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83d\u0041\ude80"`, "holds a lone UTF-16 surrogate escape"},
		{`"\ud83d\n\ude80"`, "holds a lone UTF-16 surrogate escape"},
	}
	for _, tc := range cases {
		if got := stringProblem([]byte(tc.lit)); got != tc.want {
			t.Errorf("stringProblem(%s) = %q, want %q", tc.lit, got, tc.want)
		}
	}
}

func TestEncoding_PointsAtNestedStringsAndKeys(t *testing.T) {
	body := []byte("{\"a\":[{\"b\":\"ok\"},{\"b\":\"\\udc00\"}],\"k\\ud800\":1,\"c\":{\"d\":1,\"d\":2},\"e\":[[\"x\",\"\xfe\"]]}")
	c, _, ok := parse(body, "test")
	vs := c.Violations()
	if !ok {
		t.Fatalf("parse: %v", vs)
	}
	want := []Violation{
		{Pointer: "/a/1/b", Message: "holds a lone UTF-16 surrogate escape: every string must be valid UTF-8"},
		{Pointer: "/k\ufffd", Message: "holds a lone UTF-16 surrogate escape: every string must be valid UTF-8"},
		{Pointer: "/c/d", Message: `duplicate key "d": JSON parsers disagree on which value wins, send each key once`},
		{Pointer: "/e/0/1", Message: "holds bytes that are not valid UTF-8: every string must be valid UTF-8"},
	}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want %v", vs, want)
	}
	for i := range want {
		if vs[i] != want[i] {
			t.Errorf("violation %d = %v, want %v", i, vs[i], want[i])
		}
	}
}

func TestEncoding_SameKeyInSiblingObjectsIsNotDuplicate(t *testing.T) {
	c, _, ok := parse([]byte(`{"a":{"x":1},"b":{"x":2},"l":[{"x":1},{"x":2}]}`), "test")
	if vs := c.Violations(); !ok || len(vs) != 0 {
		t.Errorf("got %v", vs)
	}
}
