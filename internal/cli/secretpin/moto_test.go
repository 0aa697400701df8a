//go:build moto

package secretpin

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// startMoto starts moto_server (internal/testkit/mototest) on a free loopback port
// and stops it, by its own pid, when the test ends. It returns the
// endpoint URL.
func startMoto(t *testing.T) string {
	t.Helper()
	m, err := mototest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return m.URL
}

// TestPinSecretsAgainstMoto runs the lookup through the real SDK client
// (default configuration chain, AWS_ENDPOINT_URL) against moto: the pin is
// the AWSCURRENT version, stays put while the secret does, and moves when
// the secret is rotated.
func TestPinSecretsAgainstMoto(t *testing.T) {
	url := startMoto(t)
	t.Setenv("AWS_ENDPOINT_URL", url)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	ctx := context.Background()
	c, err := sdkClient("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	sm := c.(*secretsmanager.Client)
	const name = "signin-notifier/slack-webhook-url"
	created, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("https://hooks.slack.com/services/T/B/one")})
	if err != nil {
		t.Fatal(err)
	}
	dir := writeAssembly(t, map[string]string{"us-east-1": `{"E":"{{resolve:secretsmanager:` + name + `:SecretString:::}}"}`})
	contextFile := filepath.Join(t.TempDir(), "cdk.context.json")
	pinned := func() (string, string) {
		t.Helper()
		var out bytes.Buffer
		if err := pin(ctx, dir, contextFile, &out, sdkClient); err != nil {
			t.Fatal(err)
		}
		var got struct{ SecretVersions map[string]string }
		raw, _ := os.ReadFile(contextFile)
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		return got.SecretVersions[name], out.String()
	}

	v1, out := pinned()
	if v1 != *created.VersionId || !strings.Contains(out, "wrote secretVersions") {
		t.Errorf("first pin = %q (%q), want the created version %s", v1, out, *created.VersionId)
	}
	if again, out := pinned(); again != v1 || !strings.Contains(out, "up to date") {
		t.Errorf("unchanged secret: pin = %q (%q), want %s and up to date", again, out, v1)
	}
	rotated, err := sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("https://hooks.slack.com/services/T/B/two")})
	if err != nil {
		t.Fatal(err)
	}
	if v2, _ := pinned(); v2 != *rotated.VersionId || v2 == v1 {
		t.Errorf("after rotation: pin = %q, want the new version %s (was %s)", v2, *rotated.VersionId, v1)
	}

	var stderr bytes.Buffer
	if code := Run([]string{"--assembly", writeAssembly(t, map[string]string{"us-east-1": `{"E":"{{resolve:secretsmanager:absent:SecretString:::}}"}`}), "--context", contextFile}, &bytes.Buffer{}, &stderr); code != 1 ||
		!strings.HasPrefix(stderr.String(), `signin-notifier: pin-secrets: secret "absent" in us-east-1`) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("missing secret: exit %d, stderr %q; want 1 and one line", code, stderr.String())
	}
}
