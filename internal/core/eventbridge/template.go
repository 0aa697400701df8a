package eventbridge

import (
	"fmt"
	"strings"
)

// scanTemplate splits an InputTemplate into literals and placeholders and
// records, for each placeholder, whether it sits inside a JSON string
// literal. A placeholder is <name> with name made of letters, digits, '_',
// '-' and '.'; any other use of < is literal text (Slack's <!channel> for
// example).
func scanTemplate(tpl string) ([]segment, error) {
	var segs []segment
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, segment{literal: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(tpl); {
		c := tpl[i]
		if c == '"' {
			end := stringEnd(tpl, i)
			content := tpl[i+1 : end]
			isKey := nextNonSpace(tpl, end+1) == ':'
			lit.WriteByte('"')
			whole := false
			if name, n := placeholderAt(content, 0); n == len(content) && name != "" {
				whole = true
			}
			for j := 0; j < len(content); {
				name, n := placeholderAt(content, j)
				if name == "" {
					lit.WriteByte(content[j])
					j++
					continue
				}
				if isKey {
					return nil, fmt.Errorf("input template uses placeholder <%s> as an object key: placeholders may only be values", name)
				}
				flush()
				pos := posInString
				if whole {
					pos = posWholeString
				}
				segs = append(segs, segment{name: name, pos: pos})
				j += n
			}
			if end < len(tpl) {
				lit.WriteByte('"')
			}
			i = end + 1
			continue
		}
		if name, n := placeholderAt(tpl, i); name != "" {
			flush()
			segs = append(segs, segment{name: name, pos: posValue})
			i += n
			continue
		}
		lit.WriteByte(c)
		i++
	}
	flush()
	return segs, nil
}

// stringEnd returns the index of the quote closing the string literal that
// opens at start, or len(s) if it is unterminated.
func stringEnd(s string, start int) int {
	for j := start + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(s)
}

func nextNonSpace(s string, i int) byte {
	for ; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return s[i]
		}
	}
	return 0
}

// placeholderAt returns the name and length of a placeholder starting at
// s[i], or "" and 0.
func placeholderAt(s string, i int) (string, int) {
	if i >= len(s) || s[i] != '<' {
		return "", 0
	}
	j := i + 1
	for j < len(s) && isPlaceholderByte(s[j]) {
		j++
	}
	if j == i+1 || j >= len(s) || s[j] != '>' {
		return "", 0
	}
	return s[i+1 : j], j + 1 - i
}

func isPlaceholderByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
