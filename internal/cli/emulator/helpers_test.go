package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

const webhookURL = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"

var fixedNow = func() time.Time { return time.Date(2024, 5, 1, 12, 0, 1, 0, time.UTC) }

// signinEvent returns a ConsoleLogin event recorded in region, with the
// user agent ua.
func signinEvent(region, ua string) []byte {
	ev := map[string]any{
		"version": "0", "id": "0c1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8",
		"detail-type": "AWS Console Sign In via CloudTrail", "source": "aws.signin",
		"account": "111111111111", "time": "2024-05-01T12:00:00Z", "region": region, "resources": []any{},
		"detail": map[string]any{
			"eventVersion": "1.08",
			"userIdentity": map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/jane", "userName": "jane"},
			"eventSource":  "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": region,
			"sourceIPAddress": "203.0.113.10", "userAgent": ua,
			"responseElements":    map[string]any{"ConsoleLogin": "Success"},
			"additionalEventData": map[string]any{"MFAUsed": "Yes"},
		},
	}
	b, _ := json.Marshal(ev)
	return b
}

// request is one request a recorder received.
type request struct {
	Method, Path, RawQuery, Host string
	Header                       http.Header
	Body                         string
}

// recorder is an httptest.Server that records every request.
type recorder struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []request
	status int
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{status: http.StatusOK}
	r.Server = newServer(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, request{req.Method, req.URL.Path, req.URL.RawQuery, req.Host, req.Header.Clone(), string(b)})
		status := r.status
		r.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte("ok"))
	})
	t.Cleanup(r.Close)
	return r
}

func newServer(h http.HandlerFunc) *httptest.Server { return httptest.NewServer(h) }

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

func load(t testing.TB, dir string, opts emulator.Options) *emulator.Assembly {
	t.Helper()
	a, err := emulator.Load(dir, opts)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return a
}

// tstack is a stack for writeAssembly.
type tstack struct {
	name, env string
	template  map[string]any
}

// writeAssembly writes a cloud assembly with the given stacks to a new
// temporary directory and returns it.
func writeAssembly(t testing.TB, stacks ...tstack) string {
	t.Helper()
	dir := t.TempDir()
	arts := map[string]any{}
	for _, s := range stacks {
		file := s.name + ".template.json"
		writeJSON(t, filepath.Join(dir, file), s.template)
		arts[s.name] = map[string]any{"type": "aws:cloudformation:stack", "environment": s.env, "properties": map[string]any{"templateFile": file}}
	}
	writeJSON(t, filepath.Join(dir, "manifest.json"), map[string]any{"version": "48.0.0", "artifacts": arts})
	return dir
}

func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// res builds a resource.
func res(typ string, props map[string]any) map[string]any {
	return map[string]any{"Type": typ, "Properties": props}
}

var signinPattern = map[string]any{"source": []any{"aws.signin"}, "detail-type": []any{"AWS Console Sign In via CloudTrail"}}

// destResources defines a connection and an API destination with the given
// endpoint, named Conn and Dest.
func destResources(endpoint string) map[string]any {
	return map[string]any{
		"Conn": res("AWS::Events::Connection", map[string]any{"AuthorizationType": "API_KEY",
			"AuthParameters": map[string]any{"ApiKeyAuthParameters": map[string]any{"ApiKeyName": "x-api-key", "ApiKeyValue": "k"}}}),
		"Dest": res("AWS::Events::ApiDestination", map[string]any{"ConnectionArn": map[string]any{"Fn::GetAtt": []any{"Conn", "Arn"}},
			"HttpMethod": "POST", "InvocationEndpoint": endpoint}),
	}
}

func ruleRes(pattern any, targets ...any) map[string]any {
	return res("AWS::Events::Rule", map[string]any{"EventPattern": pattern, "Targets": targets})
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func stepKinds(tr *emulator.Trace) string {
	var b []string
	for _, s := range tr.Steps {
		b = append(b, string(s.Kind))
	}
	return strings.Join(b, ",")
}
