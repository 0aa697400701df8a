package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ArgsVariable is the environment variable that carries make's ARGS, as the
// user typed them, to the app: the Makefile puts $(value ARGS) in it inside
// single quotes, so no shell and no make ever reads the text again, and the
// CDK CLI passes its environment on to the app it runs. The app splits it
// with ParseArgs and lays the settings over its context (WithSettings).
const ArgsVariable = "SIGNIN_NOTIFIER_ARGS"

// Setting is one -c KEY=VALUE of ARGS.
type Setting struct {
	Key, Value string
}

// ParseArgs splits make's ARGS into settings. The grammar is
//
//	ARGS    = { SPACE } { SETTING { SPACE } }
//	SETTING = ( "-c" | "--context" ) ( "=" | SPACE { SPACE } ) PAIR
//	PAIR    = KEY "=" VALUE | QUOTE KEY "=" TEXT QUOTE
//
// An unquoted VALUE runs to the next space-separated -c or --context (or
// the end), so it may hold spaces; the spaces in front of the next -c are
// not part of it. A VALUE (or a whole PAIR) in one pair of matching quotes,
// '...' or "...", is taken from between them, and may then hold " -c ".
// Nothing else is special: & ? % = ; | < > $ ` \ and quotes inside a value
// stay as they are. Anything that is not a setting (a stack name, --all,
// -o DIR, --profile), a key that is not one of the app's, a key set twice
// or an unclosed quote is refused with one line naming it and the fix:
// nothing in ARGS is ignored.
func ParseArgs(args string) ([]Setting, error) {
	p := argsParser{s: args}
	var out []Setting
	for p.skipSpace(); p.i < len(p.s); p.skipSpace() {
		n := flagAt(p.s, p.i)
		if n == 0 {
			return nil, notASetting(p.word(), "")
		}
		flag := p.s[p.i : p.i+n]
		p.i += n
		if p.i < len(p.s) && p.s[p.i] == '=' {
			p.i++
		}
		p.skipSpace()
		if p.i == len(p.s) {
			return nil, fmt.Errorf("ARGS ends with %s and no KEY=VALUE after it: write %s KEY=VALUE, or remove it", flag, flag)
		}
		s, err := p.setting()
		if err != nil {
			return nil, err
		}
		if err := checkArgKey(s.Key); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(o Setting) bool { return o.Key == s.Key }) {
			return nil, fmt.Errorf("ARGS sets %s twice: keep one -c %s=VALUE", s.Key, s.Key)
		}
		out = append(out, s)
	}
	return out, nil
}

// argSpace separates the words of ARGS.
const argSpace = " \t\r\n"

func isArgSpace(b byte) bool { return strings.IndexByte(argSpace, b) >= 0 }

// flagAt returns the length of the -c or --context at i, when it is a whole
// word or followed by '=', or 0.
func flagAt(s string, i int) int {
	for _, f := range []string{"--context", "-c"} {
		if strings.HasPrefix(s[i:], f) {
			j := i + len(f)
			if j == len(s) || s[j] == '=' || isArgSpace(s[j]) {
				return len(f)
			}
		}
	}
	return 0
}

type argsParser struct {
	s string
	i int
}

func (p *argsParser) skipSpace() {
	for p.i < len(p.s) && isArgSpace(p.s[p.i]) {
		p.i++
	}
}

// word returns the space-separated word at i.
func (p *argsParser) word() string {
	j := p.i
	for j < len(p.s) && !isArgSpace(p.s[j]) {
		j++
	}
	return p.s[p.i:j]
}

// boundary reports whether a setting may end at j: at the end of ARGS, or
// before spaces that lead to the next -c or --context.
func (p *argsParser) boundary(j int) bool {
	if j == len(p.s) {
		return true
	}
	if !isArgSpace(p.s[j]) {
		return false
	}
	for j < len(p.s) && isArgSpace(p.s[j]) {
		j++
	}
	return j == len(p.s) || flagAt(p.s, j) > 0
}

// quoted returns the text between the quote at i and its match that ends
// the setting, and the index after that match; ok is false when no match
// ends it.
func (p *argsParser) quoted(i int) (text string, end int, ok bool) {
	q := p.s[i]
	for j := i + 1; j < len(p.s); j++ {
		if p.s[j] == q && p.boundary(j+1) {
			return p.s[i+1 : j], j + 1, true
		}
	}
	return "", 0, false
}

// setting reads the PAIR at i.
func (p *argsParser) setting() (Setting, error) {
	if q := p.s[p.i]; q == '\'' || q == '"' {
		text, end, ok := p.quoted(p.i)
		if !ok {
			return Setting{}, fmt.Errorf("ARGS has -c %c%s with no matching %c before the next -c: close the quote", q, shorten(p.s[p.i+1:]), q)
		}
		key, value, found := strings.Cut(text, "=")
		if !found || key == "" || strings.ContainsAny(key, argSpace) {
			return Setting{}, fmt.Errorf("ARGS has -c %c%s%c, which is not KEY=VALUE: write -c KEY=VALUE", q, shorten(text), q)
		}
		p.i = end
		return Setting{key, value}, nil
	}
	start := p.i
	eq := strings.IndexByte(p.s[start:], '=')
	if w := p.word(); eq < 0 || eq > len(w) {
		return Setting{}, fmt.Errorf("ARGS has -c %s, which is not KEY=VALUE: write -c KEY=VALUE", w)
	}
	key := p.s[start : start+eq]
	if key == "" {
		return Setting{}, fmt.Errorf("ARGS has -c %s, which has no key before '=': write -c KEY=VALUE", p.word())
	}
	p.i = start + eq + 1
	if p.i < len(p.s) {
		if q := p.s[p.i]; q == '\'' || q == '"' {
			text, end, ok := p.quoted(p.i)
			if !ok {
				return Setting{}, fmt.Errorf("ARGS has -c %s=%c%s with no matching %c before the next -c: close the quote", key, q, shorten(p.s[p.i+1:]), q)
			}
			p.i = end
			return Setting{key, text}, nil
		}
	}
	j := p.i
	for !p.boundary(j) {
		j++
	}
	value := p.s[p.i:j]
	p.i = j
	// A word of an unquoted value that looks like a cdk option or a stack
	// name was meant as one, not as part of the value.
	for _, w := range strings.Fields(value)[min(1, len(strings.Fields(value))):] {
		if optionRE.MatchString(w) || strings.HasPrefix(strings.ToLower(w), "signinnotifier-") {
			return Setting{}, notASetting(w, key)
		}
	}
	return Setting{key, value}, nil
}

// optionRE matches a word that looks like a command-line option.
var optionRE = regexp.MustCompile(`^--?[A-Za-z]`)

// notASetting refuses a word of ARGS that is not a setting; after names the
// key whose unquoted value it followed.
func notASetting(word, after string) error {
	var fix string
	switch lw := strings.ToLower(word); {
	case word == "--all" || strings.HasPrefix(lw, "signinnotifier"):
		fix = "make synth and make deploy always take every stack of the configuration: remove it"
	case word == "-o" || strings.HasPrefix(word, "--output"):
		fix = "make synth always writes cdk.out: remove it"
	case strings.HasPrefix(word, "--profile"):
		fix = "set the profile in the environment instead: AWS_PROFILE=NAME make ..."
	default:
		fix = "remove it, or run tools/cdk/node_modules/.bin/cdk with it yourself"
	}
	if after != "" {
		fix += fmt.Sprintf(" (if it is part of the value of %s, quote the value: -c %s='...')", after, after)
	}
	return fmt.Errorf("ARGS holds %q, which is not a -c KEY=VALUE setting: %s", word, fix)
}

// checkArgKey accepts the app's own keys only: ARGS reaches the app, not the
// CDK CLI, so any other key would change nothing.
func checkArgKey(key string) error {
	if slices.Contains(Keys, key) {
		return nil
	}
	if strings.ContainsAny(key, ":@") {
		return fmt.Errorf("ARGS sets %s, which is not a signin-notifier setting: set CDK context such as feature flags in cdk.json", key)
	}
	return fmt.Errorf("ARGS sets unknown key %q%s: known keys are %s", key, keyHint(key), strings.Join(Keys, ", "))
}

// shorten keeps a refused text short enough for one line.
func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "..."
	}
	return s
}
