// Package docs keeps README.md and docs/*.md true, in the spirit of Go's
// example tests: every example output and every computed figure they show
// sits under a marker naming the command that produces it, TestDocs runs
// each command and compares, and `make docs` (TestDocs with -update)
// rewrites every marked block from the commands' current output.
//
// Three markers, each an HTML comment on a line of its own (GitHub does not
// render them):
//
//	<!-- output: COMMAND -->
//	```text
//	$ COMMAND
//	what COMMAND prints (stdout and stderr, as a terminal shows them)
//	```
//
//	<!-- generated: COMMAND -->
//	markdown COMMAND prints on stdout (a table, a figure)
//	<!-- end -->
//
//	<!-- measured: COMMAND -->
//	markdown COMMAND prints: timings, regenerated only by make docs-bench
//	<!-- end -->
//
// An output marker may carry options before the colon: "output, fails:"
// for a command that must exit with a status other than 0 (a bad input),
// and "output, moto:" for a command that runs against a fresh, empty local
// moto_server instead of AWS. Every other command runs with no AWS
// credentials at all, so nothing shown depends on the machine's account.
package docs

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Block is one marked block of a markdown file.
type Block struct {
	File    string // relative to the project root
	Line    int    // of the marker, from 1
	Kind    string // "output", "generated" or "measured"
	Command string
	Fails   bool // output, fails: the command must exit non-zero
	Moto    bool // output, moto: the command runs against a fresh moto_server
	// Content is the block's text as the file has it: for output, the lines
	// between the fences; otherwise the lines between marker and end.
	Content string
	// start and end are byte offsets of Content in the file.
	start, end int
}

func (b Block) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", b.File, b.Line, b.Kind, b.Command)
}

var markerRE = regexp.MustCompile(`^<!-- (output|generated|measured)((?:, [a-z]+)*): (.+?) -->$`)

// endMarker closes a generated or measured block.
const endMarker = "<!-- end -->"

// Parse finds the marked blocks of a markdown file. A malformed block (an
// output marker not followed by a ```text fence, a generated block without
// its end, an unknown option) is an error naming its line.
func Parse(file string, src []byte) ([]Block, error) {
	var blocks []Block
	lines := splitLines(src)
	inFence := "" // markers inside a fenced block are examples, not markers
	for i := 0; i < len(lines); i++ {
		text := strings.TrimRight(string(lines[i].text), "\n")
		if inFence != "" {
			if strings.HasPrefix(strings.TrimSpace(text), inFence) {
				inFence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			inFence = m[1]
			continue
		}
		if !strings.HasPrefix(text, "<!-- output") && !strings.HasPrefix(text, "<!-- generated") && !strings.HasPrefix(text, "<!-- measured") {
			continue
		}
		m := markerRE.FindStringSubmatch(text)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: malformed marker %q: write <!-- output: COMMAND -->, <!-- generated: COMMAND --> or <!-- measured: COMMAND -->", file, i+1, text)
		}
		b := Block{File: file, Line: i + 1, Kind: m[1], Command: m[3]}
		for _, opt := range strings.Split(strings.TrimPrefix(m[2], ", "), ", ") {
			switch {
			case opt == "":
			case opt == "fails" && b.Kind == "output":
				b.Fails = true
			case opt == "moto" && b.Kind == "output":
				b.Moto = true
			default:
				return nil, fmt.Errorf("%s:%d: unknown option %q of a %s marker: output takes fails and moto", file, i+1, opt, b.Kind)
			}
		}
		switch b.Kind {
		case "output":
			if i+1 >= len(lines) || strings.TrimRight(string(lines[i+1].text), "\n") != "```text" {
				return nil, fmt.Errorf("%s:%d: an output marker must be followed by a ```text fence", file, i+1)
			}
			j := i + 2
			for j < len(lines) && strings.TrimRight(string(lines[j].text), "\n") != "```" {
				j++
			}
			if j >= len(lines) {
				return nil, fmt.Errorf("%s:%d: the ```text fence after the output marker is not closed", file, i+1)
			}
			b.start, b.end = lines[i+2].offset, lines[j].offset
			i = j
		default:
			j := i + 1
			for j < len(lines) && strings.TrimRight(string(lines[j].text), "\n") != endMarker {
				if markerRE.MatchString(strings.TrimRight(string(lines[j].text), "\n")) {
					return nil, fmt.Errorf("%s:%d: the %s block has no %s before the next marker", file, i+1, b.Kind, endMarker)
				}
				j++
			}
			if j >= len(lines) {
				return nil, fmt.Errorf("%s:%d: the %s block has no %s", file, i+1, b.Kind, endMarker)
			}
			b.start, b.end = lines[i+1].offset, lines[j].offset
			i = j
		}
		b.Content = string(src[b.start:b.end])
		blocks = append(blocks, b)
	}
	return blocks, nil
}

// Render is the content a block must have, given what its command printed
// (normalized).
func Render(b Block, output string) string {
	output = strings.TrimRight(output, "\n")
	switch b.Kind {
	case "output":
		if output == "" {
			return "$ " + b.Command + "\n"
		}
		return "$ " + b.Command + "\n" + output + "\n"
	default:
		if output == "" {
			return ""
		}
		return output + "\n"
	}
}

// Rewrite returns src with the content of each block replaced by
// contents[i] (blocks as Parse returned them for src).
func Rewrite(src []byte, blocks []Block, contents []string) []byte {
	var out bytes.Buffer
	at := 0
	for i, b := range blocks {
		out.Write(src[at:b.start])
		out.WriteString(contents[i])
		at = b.end
	}
	out.Write(src[at:])
	return out.Bytes()
}

type line struct {
	text   []byte // with its newline
	offset int
}

func splitLines(src []byte) []line {
	var out []line
	for at := 0; at < len(src); {
		n := bytes.IndexByte(src[at:], '\n')
		if n < 0 {
			n = len(src) - at - 1
		}
		out = append(out, line{text: src[at : at+n+1], offset: at})
		at += n + 1
	}
	// a virtual empty line at the end, so a block may end at EOF
	out = append(out, line{offset: len(src)})
	return out
}

// fenceRE matches the opening of a fenced code block.
var fenceRE = regexp.MustCompile("^(```+|~~~+)\\s*([A-Za-z0-9_-]*)")

// UnmarkedOutputs lists the ```text blocks of src that show a shell
// command's output ("$ " on their first line) without an output marker
// before them: an example output nothing checks.
func UnmarkedOutputs(file string, src []byte) []string {
	var out []string
	lines := strings.Split(string(src), "\n")
	inFence := ""
	for i, l := range lines {
		if inFence != "" {
			if strings.HasPrefix(strings.TrimSpace(l), inFence) {
				inFence = ""
			}
			continue
		}
		m := fenceRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		inFence = m[1]
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "$ ") {
			if i == 0 || !strings.HasPrefix(lines[i-1], "<!-- output") {
				out = append(out, fmt.Sprintf("%s:%d: %s", file, i+2, lines[i+1]))
			}
		}
	}
	return out
}
