package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// Link is one markdown link of a file.
type Link struct {
	File   string // relative to the project root
	Line   int
	Target string
}

// linkRE matches an inline link or image, [text](target) or ![alt](target),
// and an autolink is not relative, so it is not looked for.
var linkRE = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// Links lists the links of a markdown file outside code (fenced blocks and
// `code spans`).
func Links(file string, src []byte) []Link {
	var out []Link
	for _, l := range prose(src) {
		for _, m := range linkRE.FindAllStringSubmatch(stripCodeSpans(l.text), -1) {
			out = append(out, Link{File: file, Line: l.n, Target: m[1]})
		}
	}
	return out
}

// proseLine is a line of markdown outside fenced code blocks, and its
// number.
type proseLine struct {
	n    int
	text string
}

// prose returns the lines of src outside fenced code blocks.
func prose(src []byte) []proseLine {
	var out []proseLine
	inFence := ""
	for i, l := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(l)
		if inFence != "" {
			if strings.HasPrefix(t, inFence) {
				inFence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(t); m != nil {
			inFence = m[1]
			continue
		}
		out = append(out, proseLine{n: i + 1, text: l})
	}
	return out
}

var codeSpanRE = regexp.MustCompile("`[^`]*`")

func stripCodeSpans(s string) string { return codeSpanRE.ReplaceAllString(s, "") }

// Relative reports whether a link points into the project (not a URL).
func (l Link) Relative() bool {
	return !strings.Contains(l.Target, "://") && !strings.HasPrefix(l.Target, "mailto:")
}

// Check resolves a relative link from the project root: the file or
// directory must exist, and an #anchor must be a heading of the markdown
// file it points to.
func (l Link) Check(root string) error {
	path, anchor, _ := strings.Cut(l.Target, "#")
	target := l.File
	if path != "" {
		target = filepath.Join(filepath.Dir(l.File), path)
	}
	clean := filepath.ToSlash(filepath.Clean(target))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("%s:%d: link %s leaves the project", l.File, l.Line, l.Target)
	}
	info, err := os.Stat(filepath.Join(root, target))
	if err != nil {
		return fmt.Errorf("%s:%d: link %s: no such file or directory %s", l.File, l.Line, l.Target, clean)
	}
	if anchor == "" {
		return nil
	}
	if info.IsDir() || !strings.HasSuffix(target, ".md") {
		return fmt.Errorf("%s:%d: link %s: an anchor needs a markdown file", l.File, l.Line, l.Target)
	}
	src, err := os.ReadFile(filepath.Join(root, target))
	if err != nil {
		return err
	}
	for _, a := range Anchors(src) {
		if a == anchor {
			return nil
		}
	}
	return fmt.Errorf("%s:%d: link %s: %s has no heading with the anchor #%s", l.File, l.Line, l.Target, clean, anchor)
}

// Anchors lists the anchors GitHub gives the headings of a markdown file:
// the heading's text in lower case, code spans' backticks and punctuation
// removed (hyphens and underscores kept), spaces turned into hyphens, and
// -1, -2 ... after a repeated one.
func Anchors(src []byte) []string {
	var out []string
	seen := map[string]int{}
	for _, p := range prose(src) {
		l := p.text
		if !strings.HasPrefix(l, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(l, "#"))
		a := Slug(text)
		if n := seen[a]; n > 0 {
			out = append(out, fmt.Sprintf("%s-%d", a, n))
		} else {
			out = append(out, a)
		}
		seen[a]++
	}
	return out
}

// Slug is GitHub's anchor for a heading text.
func Slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}
