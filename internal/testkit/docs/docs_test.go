package docs

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	update  = flag.Bool("update", false, "rewrite the output and generated blocks of README.md and docs/*.md from their commands (make docs)")
	measure = flag.Bool("measure", false, "also run the commands of measured blocks and rewrite them (make docs-bench; minutes)")
)

// pages are the markdown files TestDocs keeps true; every one must exist.
var pages = []string{
	"README.md",
	"CHANGELOG.md",
	"docs/architecture.md",
	"docs/aws-facts.md",
	"docs/configuration.md",
	"docs/development.md",
	"docs/library.md",
	"docs/messages.md",
	"docs/operations.md",
	"docs/organizations.md",
}

// outsidePathRE matches a relative path that climbs at least one directory,
// at the start of a path (not inside an ellipsis such as T.../B...).
var outsidePathRE = regexp.MustCompile(`(?:^|[\s(\x60'"])((?:\.\./)+[\w.-]+)`)

// maxReadmeLines keeps the README a page a newcomer reads to the end.
const maxReadmeLines = 300

func projectRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/signin-notifier/signin-notifier\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod of github.com/signin-notifier/signin-notifier above the working directory")
		}
		dir = parent
	}
}

func read(t *testing.T, root, page string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, page))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	return b
}

// TestDocs checks README.md and docs/: the README's length, every relative
// link, that every example output is marked, and then runs the command of
// every marked block and compares what it prints with what the page shows.
// With -update (make docs) it rewrites the blocks instead; measured blocks
// only with -measure (make docs-bench). The commands run in make test (the
// build tag moto) and with -update; go test ./... and -short check only the
// pages.
func TestDocs(t *testing.T) {
	root := projectRoot(t)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, d := range docs {
		found = append(found, "docs/"+filepath.Base(d))
	}
	for _, p := range pages[2:] {
		if !slices.Contains(found, p) {
			t.Errorf("%s is missing", p)
		}
	}
	for _, f := range found {
		if !slices.Contains(pages, f) {
			t.Errorf("%s is not one of the pages TestDocs checks: add it to pages", f)
		}
	}

	readme := read(t, root, "README.md")
	if n := strings.Count(string(readme), "\n"); n > maxReadmeLines {
		t.Errorf("README.md has %d lines, more than %d: move the depth to docs/", n, maxReadmeLines)
	}

	links := 0
	for _, p := range pages {
		src := read(t, root, p)
		for _, l := range Links(p, src) {
			if !l.Relative() {
				continue
			}
			links++
			if err := l.Check(root); err != nil {
				t.Error(err)
			}
		}
		for _, u := range UnmarkedOutputs(p, src) {
			t.Errorf("%s: an example output without <!-- output: COMMAND --> before its fence: nothing keeps it true", u)
		}
		// A path that climbs out of the project, in a link or in prose,
		// names something users of the repository do not have.
		for _, sub := range outsidePathRE.FindAllStringSubmatch(string(src), -1) {
			m := sub[1]
			if rel := filepath.ToSlash(filepath.Join(filepath.Dir(p), m)); rel == ".." || strings.HasPrefix(rel, "../") {
				t.Errorf("%s mentions %s, outside the project: facts go into the repo's own docs with their sources", p, m)
			}
		}
	}
	// README links every page of docs/, and the pages link each other.
	if links < 2*len(pages) {
		t.Errorf("%d relative links in %d pages: the README's index of docs/ alone has %d", links, len(pages), len(pages)-2)
	}

	var blocks []Block
	for _, p := range pages {
		bs, err := Parse(p, read(t, root, p))
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, bs...)
	}
	kinds := map[string]int{}
	for _, b := range blocks {
		kinds[b.Kind]++
	}
	// at least: the README's make synth, preview, help and a bad setting;
	// the quota and cost tables; the benchmarks.
	if kinds["output"] < 4 || kinds["generated"] < 2 || kinds["measured"] < 1 {
		t.Fatalf("marked blocks: %v; the README and docs/ show at least 4 outputs, 2 generated tables and 1 measured one", kinds)
	}
	synth := -1
	for i, b := range blocks {
		if b.File == "README.md" && b.Kind == "output" && b.Command == "make synth" {
			synth = i
		}
	}
	if synth < 0 {
		t.Fatal("README.md shows no <!-- output: make synth --> block")
	}
	if !*update && !*measure && (testing.Short() || !fullRun) {
		t.Skipf("%d marked blocks not run: make test (go test -tags moto) runs their commands, about two minutes", len(blocks))
	}

	r, err := NewRunner(root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	contents := make([]string, len(blocks))
	for i, b := range blocks {
		contents[i] = b.Content
		if b.Kind == "measured" && !*measure {
			if strings.TrimSpace(b.Content) == "" {
				t.Errorf("%s: empty: run make docs-bench", b)
			}
			continue
		}
		res, err := r.Run(b)
		if err != nil {
			t.Errorf("%s: %v", b, err)
			continue
		}
		t.Logf("%s (%.1f s)", b, res.Took.Seconds())
		switch {
		case b.Kind != "output" && res.ExitCode != 0:
			t.Errorf("%s: exit status %d:\n%s%s", b, res.ExitCode, res.Output, res.Stderr)
			continue
		case b.Fails && res.ExitCode == 0:
			t.Errorf("%s: succeeded, but the page shows it failing (output, fails):\n%s", b, res.Output)
			continue
		case !b.Fails && res.ExitCode != 0:
			t.Errorf("%s: exit status %d, but the page shows it succeeding (mark it output, fails if it should fail):\n%s", b, res.ExitCode, res.Output)
			continue
		}
		want := Render(b, res.Output)
		if want == b.Content {
			continue
		}
		contents[i] = want
		if !*update {
			t.Errorf("%s: the page shows\n%s\nbut the command prints\n%s\n(run make docs to update the page)", b, b.Content, want)
		}
	}

	// Every key the app knows (it lists them when one is misspelled) is in
	// the configuration reference's table.
	keysRE := regexp.MustCompile(`known keys are ([A-Za-z, ]+)`)
	conf := string(read(t, root, "docs/configuration.md"))
	keys := 0
	for _, b := range blocks {
		if b.File != "docs/configuration.md" || b.Kind != "output" {
			continue
		}
		res, err := r.Run(b)
		if err != nil {
			continue // reported above
		}
		m := keysRE.FindStringSubmatch(res.Output)
		if m == nil {
			continue
		}
		for _, k := range strings.Split(m[1], ", ") {
			keys++
			if !strings.Contains(conf, "| `"+k+"`") && !strings.Contains(conf, ", `"+k+"`") && !strings.Contains(conf, " / `"+k+"`") {
				t.Errorf("the app knows the context key %s, but docs/configuration.md has no row for it", k)
			}
		}
	}
	if keys < 20 {
		t.Errorf("docs/configuration.md shows the app's list of known keys with %d keys; want the output of a misspelled key, which lists them all", keys)
	}

	// The README's stack count, wherever it says it, is make synth's.
	made := regexp.MustCompile(`made ([0-9]+) stacks for ([0-9]+) regions?`)
	res, _ := r.Run(blocks[synth])
	line := made.FindString(res.Output)
	if line == "" {
		t.Errorf("make synth prints no %q line:\n%s", made, res.Output)
	}
	text := string(readme)
	if *update {
		text = string(Rewrite(readme, blocksOf(blocks, "README.md"), contentsOf(blocks, contents, "README.md")))
	}
	for _, m := range made.FindAllString(text, -1) {
		if m != line {
			t.Errorf("README.md says %q, but make synth prints %q", m, line)
		}
	}

	if !*update && !*measure {
		return
	}
	for _, p := range pages {
		src := read(t, root, p)
		out := Rewrite(src, blocksOf(blocks, p), contentsOf(blocks, contents, p))
		if string(out) == string(src) {
			continue
		}
		if err := os.WriteFile(filepath.Join(root, p), out, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("docs: rewrote %s\n", p)
	}
}

func blocksOf(blocks []Block, page string) []Block {
	var out []Block
	for _, b := range blocks {
		if b.File == page {
			out = append(out, b)
		}
	}
	return out
}

func contentsOf(blocks []Block, contents []string, page string) []string {
	var out []string
	for i, b := range blocks {
		if b.File == page {
			out = append(out, contents[i])
		}
	}
	return out
}

// TestReadmeSectionsNamed: a command's output or an error that sends the
// reader to a README section, as (README, "Title") or README "Title", names
// a heading the README has.
func TestReadmeSectionsNamed(t *testing.T) {
	root := projectRoot(t)
	headings := map[string]bool{}
	for _, l := range strings.Split(string(read(t, root, "README.md")), "\n") {
		if strings.HasPrefix(l, "## ") {
			headings[strings.TrimPrefix(l, "## ")] = true
		}
	}
	ref := regexp.MustCompile(`README[,:]? "([^"]+)"`)
	found := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || strings.HasPrefix(name, "cdk.out") || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || strings.HasSuffix(name, ".sh") || name == "Makefile" || strings.HasSuffix(name, ".md") {
			found += checkSectionRefs(t, path, ref, headings)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no README section is named anywhere: the search is broken (tools/synth.sh names one)")
	}
}

func checkSectionRefs(t *testing.T, file string, ref *regexp.Regexp, headings map[string]bool) int {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range ref.FindAllStringSubmatch(string(src), -1) {
		n++
		if !headings[m[1]] {
			t.Errorf("%s names the README section %q, which does not exist", file, m[1])
		}
	}
	return n
}
