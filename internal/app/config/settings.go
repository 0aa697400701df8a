package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// SettingsFile is the optional settings file the app reads from the project
// root (the directory the CDK CLI runs it in): a JSON object with the same
// keys as the context, e.g.
//
//	{
//	  "//": "keys starting with // are comments",
//	  "regions": ["us-east-1", "eu-west-1"],
//	  "teamsWebhookSecret": "signin-notifier/teams-webhook-url",
//	  "alarmEmail": "security@example.com",
//	  "secretVersions": {"signin-notifier/teams-webhook-url": "..."}
//	}
//
// Values are JSON strings; the list keys (ListKeys) also take a JSON array
// of strings, and secretVersions a JSON object. null means not set. The
// CDK context (cdk.json, cdk.context.json and -c) and make's ARGS override
// the file key by key. Its values are validated like the context's, and
// each message about one of them names the file.
const SettingsFile = "signin-notifier.json"

// ListKeys are the keys whose value is a list: a comma-separated string, or
// in the settings file a JSON array of strings.
var ListKeys = []string{KeyRegions, KeyRoutes, KeyIgnorePrincipals, KeyIgnoreSourceIPs, KeyIgnoreSourceIPsFor, KeyAccounts, KeyBreakGlassRoles, KeyOrganizationalUnits}

// arrayKeys are the list keys Parse itself takes as a JSON array (as in
// cdk.json), element by element; the settings file hands Parse the other
// list keys as the comma-separated string -c would give.
var arrayKeys = []string{KeyRegions, KeyIgnorePrincipals, KeyIgnoreSourceIPs, KeyAccounts, KeyBreakGlassRoles}

// commentPrefix starts the keys of comments in the settings file.
const commentPrefix = "//"

// ReadSettings reads the settings file at path: nil and no error when there
// is none. A file that is not a JSON object of well-typed values is refused
// with one line naming the file, and the key when there is one.
func ReadSettings(path string) (map[string]any, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	name := path
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read (%v): fix its permissions, or remove it", name, errors.Unwrap(err))
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf(`%s is empty: write a JSON object such as {"regions": "us-east-1"}, or remove the file`, name)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	syntax := func(err error) error {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			line, col := position(raw, se.Offset)
			return fmt.Errorf("%s:%d:%d: %v: fix the JSON (no comments or trailing commas; a \"//\" key can hold a comment)", name, line, col, se)
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return fmt.Errorf("%s ends before its JSON object does: close every string, array and the object with }", name)
		}
		return fmt.Errorf("%s: %v", name, err)
	}
	if tok, err := dec.Token(); err != nil {
		return nil, syntax(err)
	} else if tok != json.Delim('{') {
		return nil, fmt.Errorf(`%s is not a JSON object: write the settings as {"KEY": "VALUE", ...}`, name)
	}
	out := map[string]any{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key := tok.(string) // object keys are strings, or Token fails
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, syntax(err)
		}
		if seen[key] {
			return nil, fmt.Errorf("%s sets %q twice: keep one", name, key)
		}
		seen[key] = true
		if strings.HasPrefix(key, commentPrefix) || v == nil {
			continue
		}
		if v, err = settingValue(key, v); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		out[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		end += int64(len(raw[end:]) - len(bytes.TrimLeft(raw[end:], " \t\r\n")))
		line, col := position(raw, end)
		return nil, fmt.Errorf("%s:%d:%d: text after the JSON object: keep all settings in one {...}", name, line, col)
	}
	return out, nil
}

// settingValue checks the JSON type of a value of the settings file and
// returns it as Parse reads it. Keys that are not the app's pass through,
// for Parse to refuse or note.
func settingValue(key string, v any) (any, error) {
	if !slices.Contains(Keys, key) {
		return v, nil
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case map[string]any:
		if key == KeySecretVersions {
			return v, nil
		}
	case []any:
		if !slices.Contains(ListKeys, key) {
			break
		}
		parts := make([]string, 0, len(v))
		for _, item := range v {
			s, ok := item.(string)
			switch {
			case !ok:
				return nil, fmt.Errorf("%s lists %s, which is not a string: write each entry in quotes, e.g. [%s]", key, jsonText(item), quotedList(key))
			case strings.TrimSpace(s) == "":
				return nil, fmt.Errorf("%s lists an empty string: remove it", key)
			case strings.Contains(s, ",") && key != KeyIgnorePrincipals:
				return nil, fmt.Errorf("%s lists %q, which holds a comma: give each entry as a string of its own", key, s)
			}
			parts = append(parts, s)
		}
		if slices.Contains(arrayKeys, key) {
			return v, nil
		}
		return strings.Join(parts, ","), nil
	}
	want := "a JSON string"
	switch {
	case key == KeySecretVersions:
		want = `a JSON object of secret name to version id, {"NAME": "VERSION-ID"}`
	case slices.Contains(ListKeys, key):
		want = fmt.Sprintf("a JSON array of strings, [%s], or one comma-separated string", quotedList(key))
	}
	if n, ok := v.(json.Number); ok {
		return nil, fmt.Errorf("%s is the number %s: write %s, e.g. %q", key, n, want, n.String())
	}
	return nil, fmt.Errorf("%s is %s: write %s", key, jsonText(v), want)
}

// quotedList is an example JSON array for a list key.
func quotedList(key string) string {
	switch key {
	case KeyRegions:
		return `"us-east-1", "eu-west-1"`
	case KeyRoutes:
		return `"slack:all", "teams:high"`
	case KeyIgnorePrincipals:
		return `"arn:aws:iam::111122223333:role/Automation"`
	case KeyIgnoreSourceIPs:
		return `"203.0.113.0/24"`
	case KeyIgnoreSourceIPsFor:
		return `"sign-in", "switch-role"`
	case KeyAccounts:
		return `"111122223333"`
	}
	return `"ou-abcd-abcdefgh"`
}

// jsonText shows a JSON value as it was written, shortened.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return shorten(string(b))
}

// position returns the 1-based line and column of byte offset off of raw.
func position(raw []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(raw)))
	before := raw[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// WithSettings returns the context the app validates: the settings of file
// (if it exists), overridden key by key by ctx (the app's CDK context:
// cdk.json, cdk.context.json and -c), overridden by the -c settings of args
// (make's ARGS, see ParseArgs). ctx is not changed. Parse then names file
// in the messages about its values, and notes each value of file that ctx
// or args overrides.
func WithSettings(ctx map[string]any, file, args string) (map[string]any, error) {
	settings, err := ReadSettings(file)
	if err != nil {
		return nil, err
	}
	pairs, err := ParseArgs(args)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(settings)+len(ctx)+len(pairs)+1)
	maps.Copy(out, settings)
	maps.Copy(out, ctx)
	fromArgs := map[string]bool{}
	for _, p := range pairs {
		out[p.Key] = p.Value
		fromArgs[p.Key] = true
	}
	src := &sources{file: file}
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		_, inCtx := ctx[k]
		switch {
		case !inCtx && !fromArgs[k]:
			src.keys = append(src.keys, k)
			continue
		case reflect.DeepEqual(settings[k], out[k]):
			continue
		case fromArgs[k]:
			src.notes = append(src.notes, fmt.Sprintf("%s sets %s, and ARGS sets it too, which wins", file, k))
		default:
			src.notes = append(src.notes, fmt.Sprintf("%s sets %s, and the CDK context (cdk.json, cdk.context.json or -c) sets it too, which wins", file, k))
		}
	}
	if len(settings) > 0 {
		out[sourcesKey] = src
	}
	return out, nil
}

// sourcesKey holds, in the context WithSettings returns, which values came
// from the settings file. The ':' keeps it apart from the app's keys and
// from anything the app takes from the CDK context.
const sourcesKey = "signin-notifier:settings"

// sources says which keys of a context have the settings file's values.
type sources struct {
	file string
	// keys whose value is the file's, sorted.
	keys []string
	// notes about values of the file that were overridden.
	notes []string
}

// Parse validates the context values (as returned by TryGetContext: nil,
// strings, or JSON values from cdk.json; or by WithSettings) against the
// region catalog. Messages about a value of the settings file name the file
// instead of "context".
func Parse(ctx map[string]any, catalog []Region) (Config, error) {
	src, _ := ctx[sourcesKey].(*sources)
	if src != nil {
		ctx = maps.Clone(ctx)
		delete(ctx, sourcesKey)
	}
	c, err := parse(ctx, catalog)
	if err != nil {
		return Config{}, errors.New(src.attribute(err.Error()))
	}
	if src != nil {
		for i, w := range c.Warnings {
			c.Warnings[i] = src.attribute(w)
		}
		c.Warnings = append(c.Warnings, src.notes...)
	}
	return c, nil
}

// attribute rewrites a message of parse about a key whose value is the
// settings file's so that it names the file: `context regions="x" ...`
// becomes `signin-notifier.json: regions="x" ...`.
func (s *sources) attribute(msg string) string {
	if s == nil {
		return msg
	}
	// Longest first: ignoreSourceIpsFor before ignoreSourceIps.
	keys := slices.Clone(s.keys)
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	for _, k := range keys {
		for _, form := range [][2]string{
			{"unknown context key " + strconv.Quote(k), "unknown key " + strconv.Quote(k)},
			{"context key " + strconv.Quote(k), "key " + strconv.Quote(k)},
		} {
			if rest, ok := strings.CutPrefix(msg, form[0]); ok {
				return s.file + ": " + form[1] + rest
			}
		}
		if rest, ok := strings.CutPrefix(msg, "context "+k); ok && (rest == "" || strings.ContainsRune("=[: ", rune(rest[0]))) {
			return s.file + ": " + k + rest
		}
	}
	return msg
}
