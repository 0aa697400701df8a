package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const page = "intro\n" +
	"<!-- output: bin/x help -->\n" +
	"```text\n" +
	"$ bin/x help\n" +
	"old\n" +
	"```\n" +
	"<!-- output, fails, moto: bin/x doctor -->\n" +
	"```text\n" +
	"$ bin/x doctor\n" +
	"```\n" +
	"```text\n" +
	"<!-- output: an example of a marker, inside a fence -->\n" +
	"```\n" +
	"<!-- generated: go run ./x table -->\n" +
	"| a |\n" +
	"<!-- end -->\n" +
	"tail\n"

func TestParseAndRewrite(t *testing.T) {
	blocks, err := Parse("p.md", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 {
		t.Fatalf("%d blocks, want 3: %v", len(blocks), blocks)
	}
	want := []Block{
		{File: "p.md", Line: 2, Kind: "output", Command: "bin/x help", Content: "$ bin/x help\nold\n"},
		{File: "p.md", Line: 7, Kind: "output", Command: "bin/x doctor", Fails: true, Moto: true, Content: "$ bin/x doctor\n"},
		{File: "p.md", Line: 14, Kind: "generated", Command: "go run ./x table", Content: "| a |\n"},
	}
	for i, b := range blocks {
		w := want[i]
		if b.File != w.File || b.Line != w.Line || b.Kind != w.Kind || b.Command != w.Command || b.Fails != w.Fails || b.Moto != w.Moto || b.Content != w.Content {
			t.Errorf("block %d = %+v, want %+v", i, b, w)
		}
	}
	out := Rewrite([]byte(page), blocks, []string{
		Render(blocks[0], "new\nlines\n\n"),
		Render(blocks[1], "signin-notifier: no"),
		Render(blocks[2], "| b |\n|---|\n"),
	})
	wantPage := strings.NewReplacer("old\n", "new\nlines\n", "$ bin/x doctor\n", "$ bin/x doctor\nsignin-notifier: no\n", "| a |\n", "| b |\n|---|\n").Replace(page)
	if string(out) != wantPage {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, wantPage)
	}
	again, err := Parse("p.md", out)
	if err != nil || len(again) != 3 || again[0].Content != "$ bin/x help\nnew\nlines\n" {
		t.Errorf("the rewritten page parses to %v, %v", again, err)
	}
}

func TestParseRefusesMalformedBlocks(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"<!-- output: x -->\n```sh\n$ x\n```\n", "p.md:1: an output marker must be followed by a ```text fence"},
		{"<!-- output: x -->\n```text\n$ x\n", "p.md:1: the ```text fence after the output marker is not closed"},
		{"<!-- generated: x -->\n| a |\n", "p.md:1: the generated block has no <!-- end -->"},
		{"<!-- generated: x -->\n<!-- generated: y -->\n<!-- end -->\n", "p.md:1: the generated block has no <!-- end --> before the next marker"},
		{"<!-- generated, fails: x -->\n<!-- end -->\n", `p.md:1: unknown option "fails" of a generated marker`},
		{"<!-- output:x -->\n", "p.md:1: malformed marker"},
	} {
		_, err := Parse("p.md", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestUnmarkedOutputs(t *testing.T) {
	src := "<!-- output: a -->\n```text\n$ a\n```\n\n```text\n$ b\nb\n```\n```sh\nmake synth\n```\n"
	got := UnmarkedOutputs("p.md", []byte(src))
	if len(got) != 1 || got[0] != "p.md:7: $ b" {
		t.Errorf("UnmarkedOutputs = %q, want the one block of $ b", got)
	}
}

func TestLinksAndAnchors(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "docs"), 0o755)
	os.WriteFile(filepath.Join(root, "docs", "a.md"), []byte("# Title\n## What it costs: `make synth`\n## Title\n```sh\n# not a heading\n```\n"), 0o644)
	src := "[a](docs/a.md) [b](docs/a.md#what-it-costs-make-synth) [c](docs/a.md#title-1) `[d](nope.md)` [e](https://x/y)\n" +
		"[f](docs/a.md#not-a-heading) [g](missing.md) [h](../x.md)\n```\n[i](nope.md)\n```\n"
	links := Links("README.md", []byte(src))
	var targets []string
	var errs []string
	for _, l := range links {
		targets = append(targets, l.Target)
		if !l.Relative() {
			continue
		}
		if err := l.Check(root); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if got := strings.Join(targets, " "); got != "docs/a.md docs/a.md#what-it-costs-make-synth docs/a.md#title-1 https://x/y docs/a.md#not-a-heading missing.md ../x.md" {
		t.Errorf("links = %s", got)
	}
	want := []string{
		"README.md:2: link docs/a.md#not-a-heading: docs/a.md has no heading with the anchor #not-a-heading",
		"README.md:2: link missing.md: no such file or directory missing.md",
		"README.md:2: link ../x.md leaves the project",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
}

func TestNormalize(t *testing.T) {
	r := &Runner{Work: "/tmp/x/project"}
	in := "read /tmp/x/project/cdk.out\n  still synthesizing (10 s)\n  compiling: 3 of about 9 packages done (20 s)\nmade 3 stacks  \nin /tmp/x/project\n\n"
	if got, want := r.normalize(in), "read cdk.out\nmade 3 stacks\nin ."; got != want {
		t.Errorf("normalize = %q, want %q", got, want)
	}
}
