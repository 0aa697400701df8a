package payloadcheck

import (
	"errors"
	"strings"
	"testing"
)

func TestPointer(t *testing.T) {
	cases := []struct {
		base   string
		tokens []any
		want   string
	}{
		{"", nil, ""},
		{"/a", nil, "/a"},
		{"", []any{"blocks", 2, "text"}, "/blocks/2/text"},
		{"/a", []any{"a/b"}, "/a/a~1b"},
		{"", []any{"m~n"}, "/m~0n"},
		{"", []any{"~1"}, "/~01"}, // ~ is escaped first, so ~1 does not read back as /
		{"", []any{"a/b~c", 0}, "/a~1b~0c/0"},
		{"", []any{""}, "/"},
	}
	for _, tc := range cases {
		if got := Pointer(tc.base, tc.tokens...); got != tc.want {
			t.Errorf("Pointer(%q, %v) = %q, want %q", tc.base, tc.tokens, got, tc.want)
		}
	}
}

func TestJSONViolation_Error(t *testing.T) {
	if got := (&Violation{Message: "x"}).Error(); got != "payload: x" {
		t.Errorf("root: %q", got)
	}
	if got := (&Violation{Pointer: "/a~1b", Message: "x"}).Error(); got != "/a~1b: x" {
		t.Errorf("pointer: %q", got)
	}
}

func TestJoin(t *testing.T) {
	if err := Join(nil); err != nil {
		t.Errorf("Join(nil) = %v", err)
	}
	if err := Join([]Violation{}); err != nil {
		t.Errorf("Join(empty) = %v", err)
	}

	one := Join([]Violation{{Pointer: "/a", Message: "x"}})
	var v *Violation
	if one == nil || one.Error() != "/a: x" || !errors.As(one, &v) || v.Pointer != "/a" {
		t.Errorf("Join(one) = %v, As gave %v", one, v)
	}

	vs := []Violation{{Message: "root"}, {Pointer: "/a", Message: "x"}, {Pointer: "/b", Message: "y"}}
	many := Join(vs)
	if want := "payload: root\n/a: x\n/b: y"; many == nil || many.Error() != want {
		t.Fatalf("Join(many) = %q, want %q", many, want)
	}
	joined, ok := many.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != len(vs) {
		t.Fatalf("Join(many) does not unwrap to %d errors: %#v", len(vs), many)
	}
	for i, e := range joined.Unwrap() {
		if e != error(&vs[i]) {
			t.Errorf("error %d is %v, want a pointer to vs[%d]", i, e, i)
		}
	}
}

func TestExpect(t *testing.T) {
	vs := []Violation{{Pointer: "/a", Message: "is too long"}, {Pointer: "/b", Message: "must not be empty"}}
	if err := Expect(vs, "/b", "empty"); err != nil {
		t.Errorf("Expect found nothing: %v", err)
	}
	for _, miss := range [][2]string{{"/a", "empty"}, {"/c", "long"}, {"", "long"}} {
		err := Expect(vs, miss[0], miss[1])
		if err == nil || !strings.Contains(err.Error(), "want a violation at") || !strings.Contains(err.Error(), "must not be empty") {
			t.Errorf("Expect(%q, %q) = %v, want an error listing vs", miss[0], miss[1], err)
		}
	}
	if err := Expect(nil, "", ""); err == nil {
		t.Error("Expect(nil) = nil")
	}
}
