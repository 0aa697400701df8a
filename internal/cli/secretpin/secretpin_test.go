package secretpin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

const arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:team/hook-AbCdEf"

// writeAssembly writes a minimal cloud assembly: one stack per region with
// the given template text.
func writeAssembly(t *testing.T, templates map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	artifacts := map[string]any{"Tree": map[string]any{"type": "cdk:tree"}}
	for region, body := range templates {
		name := "S-" + region
		artifacts[name] = map[string]any{
			"type": "aws:cloudformation:stack", "environment": "aws://111111111111/" + region,
			"properties": map[string]any{"templateFile": name + ".template.json"},
		}
		if err := os.WriteFile(filepath.Join(dir, name+".template.json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal(map[string]any{"artifacts": artifacts})
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReferences(t *testing.T) {
	dir := writeAssembly(t, map[string]string{
		"us-east-1": `{"A":"{{resolve:secretsmanager:signin-notifier/slack-webhook-url:SecretString:::}}","B":"Bearer {{resolve:secretsmanager:bot:SecretString:::00000000-0000-0000-0000-000000000001}}","C":"{{resolve:secretsmanager:bot:SecretString:::}}"}`,
		"eu-west-1": `{"A":"{{resolve:secretsmanager:` + arn + `:SecretString:::}}","B":"{{resolve:ssm:/x}}",` +
			`"J":{"Fn::Join":["",["{{resolve:secretsmanager:","joined/hook",":SecretString:::}}"]]}}`,
	})
	got, err := References(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Reference{
		{Secret: arn, Region: "eu-west-1", Stack: "S-eu-west-1"},
		{Secret: "bot", Region: "us-east-1", Stack: "S-us-east-1"},
		{Secret: "joined/hook", Region: "eu-west-1", Stack: "S-eu-west-1"}, // an Fn::Join of literals, as doctor reads it
		{Secret: "signin-notifier/slack-webhook-url", Region: "us-east-1", Stack: "S-us-east-1"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("References = %v\nwant %v", got, want)
	}
	none := t.TempDir()
	if _, err := References(none); !errors.Is(err, cloudassembly.ErrNoAssembly) || err.Error() != "no cloud assembly at "+none+": run make synth first, or pass --assembly DIR" {
		t.Errorf("missing assembly: %v", err)
	}
}

// TestReferencesNested: the stacks of a nested assembly (a CDK Stage) are
// read too, as the emulator and doctor read them.
func TestReferencesNested(t *testing.T) {
	inner := writeAssembly(t, map[string]string{"eu-west-1": `{"A":"{{resolve:secretsmanager:staged/hook:SecretString:::}}"}`})
	outer := t.TempDir()
	if err := os.Rename(inner, filepath.Join(outer, "assembly-Stage")); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"artifacts": map[string]any{
		"assembly-Stage": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-Stage"}}}})
	if err := os.WriteFile(filepath.Join(outer, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := References(outer)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Reference{{Secret: "staged/hook", Region: "eu-west-1", Stack: "S-eu-west-1"}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("References = %v, want %v", got, want)
	}
}

type fakeSM map[string]map[string][]string // secret -> version -> stages

func (f fakeSM) DescribeSecret(_ context.Context, in *secretsmanager.DescribeSecretInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error) {
	v, ok := f[*in.SecretId]
	if !ok {
		return nil, errors.New("ResourceNotFoundException")
	}
	return &secretsmanager.DescribeSecretOutput{VersionIdsToStages: v}, nil
}

func TestCurrentVersions(t *testing.T) {
	const v1, v2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
	regions := map[string]fakeSM{
		"us-east-1": {"hook": {v1: {"AWSPREVIOUS"}, v2: {"AWSCURRENT", "AWSPENDING"}}, "none": {v1: {"AWSPREVIOUS"}}, "odd": {"short": {"AWSCURRENT"}}},
		"eu-west-1": {"hook": {v1: {"AWSCURRENT"}}},
	}
	client := func(r string) (DescribeSecretAPI, error) { return regions[r], nil }
	got, err := CurrentVersions(context.Background(), []Reference{{Secret: "hook", Region: "us-east-1"}}, client)
	if err != nil || got["hook"] != v2 {
		t.Errorf("CurrentVersions = %v, %v; want hook=%s", got, err, v2)
	}
	for _, tc := range []struct {
		refs []Reference
		want string
	}{
		{[]Reference{{Secret: "hook", Region: "us-east-1"}, {Secret: "hook", Region: "eu-west-1"}}, "has AWSCURRENT version " + v2 + " in us-east-1 but " + v1 + " in eu-west-1"},
		{[]Reference{{Secret: "none", Region: "us-east-1"}}, "has 0 versions labelled AWSCURRENT"},
		{[]Reference{{Secret: "odd", Region: "us-east-1"}}, `AWSCURRENT version id "short" is not a secret version id`},
		{[]Reference{{Secret: "missing", Region: "us-east-1", Stack: "S"}}, `secret "missing" in us-east-1 (read by S): ResourceNotFoundException`},
	} {
		if _, err := CurrentVersions(context.Background(), tc.refs, client); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.refs, err, tc.want)
		}
	}
}

func TestWriteContextKeepsOtherKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdk.context.json")
	if err := os.WriteFile(path, []byte(`{"availability-zones:account=1:region=us-east-1":["a"],"secretVersions":{"old":"x"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := WriteContext(path, map[string]string{"hook": "v"})
	if err != nil || !changed {
		t.Fatalf("WriteContext = %v, %v", changed, err)
	}
	var got map[string]any
	raw, _ := os.ReadFile(path)
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != `map[availability-zones:account=1:region=us-east-1:[a] secretVersions:map[hook:v]]` {
		t.Errorf("context = %v", got)
	}
	if changed, err := WriteContext(path, map[string]string{"hook": "v"}); err != nil || changed {
		t.Errorf("second WriteContext = %v, %v; want unchanged", changed, err)
	}
}

// A wrong command line is one line on stderr, exit status 2, and asks AWS
// nothing; -h prints the usage.
func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--assembli", "cdk.out"}, "signin-notifier: pin-secrets: unknown flag --assembli: did you mean --assembly? (flags: --assembly, --context)\n"},
		{[]string{"cdk.out"}, "signin-notifier: pin-secrets: unexpected argument \"cdk.out\": use pin-secrets [--assembly DIR] [--context FILE]\n"},
	} {
		var out, errb bytes.Buffer
		if code := Run(tc.args, &out, &errb); code != 2 || errb.String() != tc.want || out.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q, want %q", tc.args, code, out.String(), errb.String(), tc.want)
		}
	}
	var out, errb bytes.Buffer
	if code := Run([]string{"--help"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "usage:\n  signin-notifier pin-secrets ") || errb.Len() != 0 {
		t.Errorf("--help: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}
