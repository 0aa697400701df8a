package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var dynRefRe = regexp.MustCompile(`\{\{resolve:([A-Za-z-]+):([^}]*)\}\}`)

// substituteDynamicRefs replaces CloudFormation dynamic references in every
// string of v. Only secretsmanager references are supported; anything that
// cannot be resolved is an error, never passed through.
func (a *Assembly) substituteDynamicRefs(v any, where string) (any, error) {
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "{{resolve:") {
			return x, nil
		}
		var firstErr error
		out := dynRefRe.ReplaceAllStringFunc(x, func(m string) string {
			sub := dynRefRe.FindStringSubmatch(m)
			val, err := a.dynamicRef(sub[1], sub[2])
			if err != nil && firstErr == nil {
				firstErr = fmt.Errorf("%s: dynamic reference %s: %w", where, m, err)
			}
			return val
		})
		if firstErr != nil {
			return nil, firstErr
		}
		if strings.Contains(out, "{{resolve:") {
			return nil, fmt.Errorf("%s: malformed dynamic reference in %q: use {{resolve:secretsmanager:NAME-or-ARN:SecretString:json-key::}}", where, x)
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := a.substituteDynamicRefs(e, where)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := a.substituteDynamicRefs(e, where)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// dynamicRef resolves {{resolve:SERVICE:BODY}}; for secretsmanager BODY is
// secret-id[:SecretString[:json-key[:version-stage[:version-id]]]] where
// secret-id is a name or a full ARN.
func (a *Assembly) dynamicRef(service, body string) (string, error) {
	if service != "secretsmanager" {
		return "", fmt.Errorf("service %q is not supported by the emulator: use a secretsmanager reference", service)
	}
	parts := strings.Split(body, ":")
	var id string
	if parts[0] == "arn" {
		if len(parts) < 7 {
			return "", fmt.Errorf("secret ARN %q is incomplete", body)
		}
		id, parts = strings.Join(parts[:7], ":"), parts[7:]
	} else {
		id, parts = parts[0], parts[1:]
	}
	if id == "" {
		return "", fmt.Errorf("secret id is empty")
	}
	if len(parts) > 4 {
		return "", fmt.Errorf("too many segments: use secret-id:SecretString:json-key:version-stage:version-id")
	}
	if len(parts) > 0 && parts[0] != "" && parts[0] != "SecretString" {
		return "", fmt.Errorf("secret part %q is not supported: only SecretString", parts[0])
	}
	secret, ok := a.lookupSecret(id)
	if !ok {
		return "", fmt.Errorf("secret %q is not in Options.Secrets: add Secrets: map[string]string{%q: \"...\"}", id, id)
	}
	if len(parts) < 2 || parts[1] == "" {
		return secret, nil
	}
	key := parts[1]
	var m map[string]any
	if err := json.Unmarshal([]byte(secret), &m); err != nil {
		return "", fmt.Errorf("secret %q is not a JSON object, so json-key %q cannot be read", id, key)
	}
	v, ok := m[key]
	if !ok {
		return "", fmt.Errorf("secret %q has no JSON key %q", id, key)
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, _ := json.Marshal(v)
	return string(b), nil
}

// lookupSecret finds a secret by the id written in the template; an ARN also
// matches its secret name with or without the 6-character random suffix.
func (a *Assembly) lookupSecret(id string) (string, bool) {
	if v, ok := a.opts.Secrets[id]; ok {
		return v, true
	}
	if _, name, ok := strings.Cut(id, ":secret:"); ok {
		if v, ok := a.opts.Secrets[name]; ok {
			return v, true
		}
		if i := strings.LastIndexByte(name, '-'); i > 0 && len(name)-i-1 == 6 {
			if v, ok := a.opts.Secrets[name[:i]]; ok {
				return v, true
			}
		}
	}
	if a.opts.SecretFallback != nil {
		return a.opts.SecretFallback(id)
	}
	return "", false
}
