// Package mototest starts a local moto_server (the AWS service emulator of
// the moto project) for tests that call AWS through the SDK, and points the
// SDK's usual configuration at it: AWS_ENDPOINT_URL, fake static
// credentials, no shared config files and no instance metadata.
//
// moto_server must be on PATH (`pip install 'moto[server]'`); CI machines
// have it. A test that needs it fails, with that fix, when it is missing.
//
// The tests that use it carry the build tag moto, so `go test ./...` stays
// the fast loop; `make test` (and CI) runs them with -tags moto.
package mototest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is one running moto_server.
type Server struct {
	URL string
	cmd *exec.Cmd
}

var (
	once    sync.Once
	shared  *Server
	initErr error
)

// Start starts moto_server on a free loopback port and waits until it
// answers. Stop it with Stop.
func Start() (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("moto_server is not on PATH: install it with pip install 'moto[server]' (moto 5.x); these tests run AWS calls against it")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %v", err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("moto_server on port %d did not answer within 30s", port)
}

// Stop ends the server by its own process id.
func (s *Server) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_, _ = s.cmd.Process.Wait()
}

// Reset forgets every resource the server holds.
func (s *Server) Reset() error {
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", strings.NewReader(""))
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// Shared returns the package's one server, started on first use. Call
// StopShared from TestMain after m.Run.
func Shared() (*Server, error) {
	once.Do(func() { shared, initErr = Start() })
	return shared, initErr
}

// StopShared stops the shared server if it was started.
func StopShared() {
	if shared != nil {
		shared.Stop()
	}
}

// Use returns the shared server, reset, with the SDK environment of t
// pointed at it. It fails t when moto_server is missing.
func Use(t testing.TB) *Server {
	t.Helper()
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(); err != nil {
		t.Fatalf("reset moto_server: %v", err)
	}
	Env(t, s.URL)
	return s
}

// Env points the AWS SDK at endpoint with fake credentials, isolated from
// the developer's own AWS configuration.
func Env(t testing.TB, endpoint string) {
	t.Helper()
	for _, k := range os.Environ() {
		name, _, _ := strings.Cut(k, "=")
		if strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}
