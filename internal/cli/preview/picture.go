package preview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Picture renders body, the request body a destination of kind receives, as
// the plain text a reader of that chat sees, for a terminal:
//
//   - Slack (and a Slack app): the header, the section fields in two boxed
//     columns as Slack lays them out, the rich text, and the notification
//     text;
//   - Teams: the Adaptive Card's text blocks, its facts as aligned
//     label/value rows, its rich text and its actions;
//   - Discord: each embed's author, title, description (Markdown
//     resolved), fields and footer;
//   - the generic webhook, or a body of any other shape: the title, then
//     every non-empty value as an aligned "key  value" row (nested keys
//     joined with dots), in the body's order.
//
// Links are shown as "TEXT <URL>". Text from the event is shown, never
// interpreted: control characters and bidirectional overrides become
// visible \u escapes (a terminal would act on them), a tab a space.
func Picture(kind signin.Kind, body []byte) string {
	var lines []string
	switch kind {
	case signin.KindSlack, signin.KindSlackApp:
		lines = slackPicture(body)
	case signin.KindTeams:
		lines = teamsPicture(body)
	case signin.KindDiscord:
		lines = discordPicture(body)
	}
	if lines == nil {
		lines = genericPicture(body)
	}
	return strings.Join(lines, "\n") + "\n"
}

// cellWidth is the widest a column of the Slack fields box gets; longer
// values wrap.
const cellWidth = 38

func slackPicture(body []byte) []string {
	var b struct {
		Text    string           `json:"text"`
		Channel string           `json:"channel"`
		Blocks  []map[string]any `json:"blocks"`
	}
	if json.Unmarshal(body, &b) != nil || len(b.Blocks) == 0 {
		return nil
	}
	var out []string
	if b.Channel != "" {
		out = append(out, "to channel "+clean(b.Channel))
	}
	for _, blk := range b.Blocks {
		switch str(blk["type"]) {
		case "header":
			out = append(out, textLines(textOf(blk["text"]))...)
		case "section":
			if t := textOf(blk["text"]); t != "" {
				out = append(out, textLines(t)...)
			}
			if fields, ok := blk["fields"].([]any); ok {
				cells := make([]string, 0, len(fields))
				for _, f := range fields {
					cells = append(cells, textOf(f))
				}
				out = append(out, box(cells)...)
			}
		case "rich_text":
			out = append(out, textLines(richText(blk["elements"]))...)
		case "context":
			var parts []string
			for _, e := range list(blk["elements"]) {
				if t := textOf(e); t != "" {
					parts = append(parts, t)
				}
			}
			out = append(out, textLines(strings.Join(parts, "  "))...)
		case "divider":
			out = append(out, strings.Repeat("─", 20))
		default:
			out = append(out, textLines(allText(blk))...)
		}
	}
	if b.Text != "" {
		out = append(out, "(notification: "+clean(b.Text)+")")
	}
	return out
}

// richText flattens Slack rich_text elements: sections, lists, quotes and
// preformatted blocks, each made of text, link, emoji, user and channel
// elements.
func richText(v any) string {
	var b strings.Builder
	for _, e := range list(v) {
		m, _ := e.(map[string]any)
		switch str(m["type"]) {
		case "text":
			b.WriteString(str(m["text"]))
		case "link":
			b.WriteString(link(str(m["text"]), str(m["url"])))
		case "emoji":
			if u := str(m["unicode"]); u != "" {
				b.WriteString(decodeCodePoints(u))
			} else {
				b.WriteString(":" + str(m["name"]) + ":")
			}
		case "user":
			b.WriteString("@" + str(m["user_id"]))
		case "channel":
			b.WriteString("#" + str(m["channel_id"]))
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteString("\n")
			}
			b.WriteString(richText(m["elements"]))
		}
	}
	return b.String()
}

// decodeCodePoints turns Slack's "1f6a8" or "1f1fa-1f1f8" into the emoji.
func decodeCodePoints(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "-") {
		var r rune
		if _, err := fmt.Sscanf(part, "%x", &r); err == nil {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// box lays out cells two per row, as Slack shows section fields, each cell
// a column of lines (its text split at newlines, wrapped to cellWidth).
func box(cells []string) []string {
	if len(cells) == 0 {
		return nil
	}
	cols := 2
	if len(cells) == 1 {
		cols = 1
	}
	wrapped := make([][]string, len(cells))
	width := make([]int, cols)
	for i, c := range cells {
		for _, line := range strings.Split(c, "\n") {
			for _, w := range wrap(clean(line), cellWidth) {
				wrapped[i] = append(wrapped[i], w)
				width[i%cols] = max(width[i%cols], displayWidth(w))
			}
		}
	}
	rule := func(left, mid, right string) string {
		parts := make([]string, cols)
		for i := range parts {
			parts[i] = strings.Repeat("─", width[i]+2)
		}
		return left + strings.Join(parts, mid) + right
	}
	out := []string{rule("┌", "┬", "┐")}
	for row := 0; row*cols < len(cells); row++ {
		height := 0
		for c := 0; c < cols && row*cols+c < len(cells); c++ {
			height = max(height, len(wrapped[row*cols+c]))
		}
		for l := 0; l < height; l++ {
			var b strings.Builder
			b.WriteString("│")
			for c := 0; c < cols; c++ {
				text := ""
				if i := row*cols + c; i < len(cells) && l < len(wrapped[i]) {
					text = wrapped[i][l]
				}
				b.WriteString(" " + text + strings.Repeat(" ", width[c]-displayWidth(text)) + " │")
			}
			out = append(out, b.String())
		}
	}
	return append(out, rule("└", "┴", "┘"))
}

func teamsPicture(body []byte) []string {
	var b struct {
		Attachments []struct {
			Content map[string]any `json:"content"`
		} `json:"attachments"`
	}
	if json.Unmarshal(body, &b) != nil || len(b.Attachments) == 0 {
		return nil
	}
	var out []string
	for _, a := range b.Attachments {
		out = append(out, cardElements(a.Content["body"])...)
		for _, act := range list(a.Content["actions"]) {
			m, _ := act.(map[string]any)
			if str(m["type"]) == "Action.OpenUrl" {
				out = append(out, "["+clean(str(m["title"]))+"] <"+clean(str(m["url"]))+">")
			} else {
				out = append(out, "["+clean(str(m["title"]))+"]")
			}
		}
	}
	return out
}

// cardElements renders Adaptive Card body elements, descending into
// containers and columns.
func cardElements(v any) []string {
	var out []string
	for _, e := range list(v) {
		m, _ := e.(map[string]any)
		switch str(m["type"]) {
		case "TextBlock":
			out = append(out, textLines(str(m["text"]))...)
		case "RichTextBlock":
			var b strings.Builder
			for _, in := range list(m["inlines"]) {
				if s, ok := in.(string); ok {
					b.WriteString(s)
					continue
				}
				im, _ := in.(map[string]any)
				b.WriteString(str(im["text"]))
			}
			out = append(out, textLines(b.String())...)
		case "FactSet":
			var rows [][2]string
			for _, f := range list(m["facts"]) {
				fm, _ := f.(map[string]any)
				rows = append(rows, [2]string{str(fm["title"]), str(fm["value"])})
			}
			out = append(out, aligned(rows)...)
		case "Container":
			out = append(out, cardElements(m["items"])...)
		case "ColumnSet":
			for _, c := range list(m["columns"]) {
				cm, _ := c.(map[string]any)
				out = append(out, cardElements(cm["items"])...)
			}
		default:
			out = append(out, textLines(allText(m))...)
		}
	}
	return out
}

func discordPicture(body []byte) []string {
	var b struct {
		Content string `json:"content"`
		Embeds  []struct {
			Author struct {
				Name string `json:"name"`
			} `json:"author"`
			Title       string `json:"title"`
			URL         string `json:"url"`
			Description string `json:"description"`
			Fields      []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"fields"`
			Footer struct {
				Text string `json:"text"`
			} `json:"footer"`
		} `json:"embeds"`
	}
	if json.Unmarshal(body, &b) != nil || (len(b.Embeds) == 0 && b.Content == "") {
		return nil
	}
	var out []string
	if b.Content != "" {
		out = append(out, textLines(markdown(b.Content))...)
	}
	for _, e := range b.Embeds {
		if e.Author.Name != "" {
			out = append(out, textLines(e.Author.Name)...)
		}
		if e.Title != "" {
			out = append(out, textLines(link(markdown(e.Title), e.URL))...)
		}
		if e.Description != "" {
			out = append(out, textLines(markdown(e.Description))...)
		}
		var rows [][2]string
		for _, f := range e.Fields {
			rows = append(rows, [2]string{markdown(f.Name), markdown(f.Value)})
		}
		out = append(out, aligned(rows)...)
		if e.Footer.Text != "" {
			out = append(out, textLines(e.Footer.Text)...)
		}
	}
	return out
}

// markdown resolves the Discord Markdown signin-notifier writes: bold and
// italic markers go, backslash escapes become the character.
func markdown(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && unicode.IsPunct(rs[i+1]) || rs[i] == '\\' && i+1 < len(rs) && unicode.IsSymbol(rs[i+1]):
			i++
			b.WriteRune(rs[i])
		case rs[i] == '*':
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

// genericPicture shows any JSON body: its title first, then every
// non-empty value.
func genericPicture(body []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var rows [][2]string
	if err := flatten(dec, "", &rows); err != nil {
		return textLines(string(body))
	}
	var out []string
	for i, r := range rows {
		if r[0] == "title" {
			out = append(out, textLines(r[1])...)
			rows = append(rows[:i:i], rows[i+1:]...)
			break
		}
	}
	return append(out, aligned(rows)...)
}

// flatten reads one JSON value from dec into rows of "dotted.key value",
// in document order, leaving out empty strings and nulls.
func flatten(dec *json.Decoder, prefix string, rows *[][2]string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if err := flatten(dec, join(fmt.Sprint(k)), rows); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := flatten(dec, join(fmt.Sprint(i)), rows); err != nil {
					return err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case nil:
	case string:
		if t != "" {
			*rows = append(*rows, [2]string{prefix, t})
		}
	default:
		*rows = append(*rows, [2]string{prefix, fmt.Sprint(t)})
	}
	return nil
}

// aligned renders label/value rows with the values in one column.
func aligned(rows [][2]string) []string {
	w := 0
	for _, r := range rows {
		w = max(w, displayWidth(clean(strings.TrimSpace(r[0]))))
	}
	var out []string
	for _, r := range rows {
		label := clean(strings.TrimSpace(r[0]))
		values := strings.Split(strings.TrimSpace(r[1]), "\n")
		for i, v := range values {
			if i > 0 {
				label = ""
			}
			out = append(out, label+strings.Repeat(" ", w-displayWidth(label))+"  "+clean(v))
		}
	}
	return out
}

// textLines splits text at newlines, each line cleaned.
func textLines(text string) []string {
	if text == "" {
		return nil
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return lines
}

func link(text, url string) string {
	switch {
	case url == "":
		return text
	case text == "":
		return "<" + url + ">"
	}
	return text + " <" + url + ">"
}

// textOf is the text of a Slack text object (or a bare string).
func textOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	m, _ := v.(map[string]any)
	return str(m["text"])
}

// allText joins every "text" string found in v, for element types the
// picture does not know.
func allText(v any) string {
	var parts []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok && s != "" {
				parts = append(parts, s)
			}
			for k, e := range x {
				if k != "text" {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return strings.Join(parts, "\n")
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// clean makes one line of text safe to print on a terminal: control
// characters (C0, DEL, C1) and the bidirectional formatting characters
// become \u escapes, a tab a space. Everything else, emoji and their
// joiners included, stays.
func clean(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
		return true
	case r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return true
	}
	return false
}

// wrap breaks a line into pieces of at most width columns, at a space
// when there is one in the piece, else anywhere.
func wrap(line string, width int) []string {
	var out []string
	for displayWidth(line) > width {
		rs := []rune(line)
		cut, w := 0, 0
		for cut < len(rs) && w+runeWidth(rs, cut) <= width {
			w += runeWidth(rs, cut)
			cut++
		}
		if cut == 0 {
			cut = 1
		}
		if sp := strings.LastIndex(string(rs[:cut]), " "); sp > 0 {
			out = append(out, string(rs[:cut])[:sp])
			line = string(rs[:cut])[sp+1:] + string(rs[cut:])
			continue
		}
		out = append(out, string(rs[:cut]))
		line = string(rs[cut:])
	}
	return append(out, line)
}

// displayWidth is how many terminal columns s takes, by the usual rules:
// wide (East Asian wide and emoji) characters 2, combining marks, format
// characters and variation selectors 0, and a character followed by the
// emoji variation selector 2.
func displayWidth(s string) int {
	rs := []rune(s)
	w := 0
	for i := range rs {
		w += runeWidth(rs, i)
	}
	return w
}

func runeWidth(rs []rune, i int) int {
	r := rs[i]
	switch {
	case r == 0xFE0E || r == 0xFE0F || r == 0x200D || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case wide(r):
		return 2
	case i+1 < len(rs) && rs[i+1] == 0xFE0F:
		return 2
	}
	return 1
}

func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0x303E, r >= 0x3041 && r <= 0x33FF,
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F, r >= 0x1F680 && r <= 0x1F6FF, r >= 0x1F900 && r <= 0x1F9FF,
		r >= 0x1FA70 && r <= 0x1FAFF, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	// Emoji of the Miscellaneous Symbols and Dingbats blocks that are
	// wide by default (Unicode East Asian Width W).
	switch r {
	case 0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE,
		0x2614, 0x2615, 0x2648, 0x2649, 0x264A, 0x264B, 0x264C, 0x264D, 0x264E, 0x264F, 0x2650, 0x2651, 0x2652, 0x2653,
		0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3,
		0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757,
		0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55:
		return true
	}
	return false
}
