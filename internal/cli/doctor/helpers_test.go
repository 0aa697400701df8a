package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	mototest.StopShared()
	os.Exit(code)
}

// motoEnabled are the aws-partition regions moto 5.x reports as enabled
// (DescribeRegions AllRegions, opt-in-not-required): the 17 default
// regions plus three moto does not mark as opt-in.
var motoEnabled = []string{
	"af-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
	"ap-southeast-2", "ap-southeast-3", "ca-central-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1",
	"eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// defaultRegions are the 17 non-opt-in regions the app deploys by default.
var defaultRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

const (
	hubRegion = "us-east-1"
	hubSecret = "signin-notifier/slack-webhook-url"
)

// hubTemplate is shaped like the app's hub stack: a bus, a rule on it whose
// target's endpoint is a secret reference, a forwarder on the default bus,
// a dead-letter queue.
func hubTemplate() map[string]any {
	return map[string]any{"Resources": map[string]any{
		"HubBus": map[string]any{"Type": "AWS::Events::EventBus", "Properties": map[string]any{"Name": "signin-notifier-hub"}},
		"NotifierRule": map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{
			"EventBusName": map[string]any{"Ref": "HubBus"},
			"EventPattern": map[string]any{"source": []any{"aws.signin"}},
		}},
		"ForwarderRule": map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{
			"EventPattern": map[string]any{"source": []any{"aws.signin"}}, "State": "ENABLED",
		}},
		"Destination": map[string]any{"Type": "AWS::Events::ApiDestination", "Properties": map[string]any{
			"InvocationEndpoint": "{{resolve:secretsmanager:" + hubSecret + ":SecretString:::}}",
		}},
		"DeadLetterQueue": map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{}},
	}}
}

func spokeTemplate() map[string]any {
	return map[string]any{"Resources": map[string]any{
		"ForwarderRule": map[string]any{"Type": "AWS::Events::Rule", "Properties": map[string]any{
			"EventPattern": map[string]any{"source": []any{"aws.signin"}},
		}},
	}}
}

func stackName(region string) string { return "SigninNotifier-" + region }

// writeAssembly writes a cloud assembly with the hub in us-east-1 and a
// spoke in every other region.
func writeAssembly(t *testing.T, regions []string) string {
	t.Helper()
	dir := t.TempDir()
	artifacts := map[string]any{}
	for _, r := range regions {
		tmpl := spokeTemplate()
		if r == hubRegion {
			tmpl = hubTemplate()
		}
		file := stackName(r) + ".template.json"
		writeJSON(t, filepath.Join(dir, file), tmpl)
		artifacts[stackName(r)] = map[string]any{
			"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/" + r,
			"properties": map[string]any{"templateFile": file},
		}
	}
	artifacts["Tree"] = map[string]any{"type": "cdk:tree", "properties": map[string]any{"file": "tree.json"}}
	writeJSON(t, filepath.Join(dir, "manifest.json"), map[string]any{"version": "48.0.0", "artifacts": artifacts})
	return dir
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func cfgFor(t *testing.T, region string) aws.Config {
	t.Helper()
	cfg, _, _, err := LoadAWS(context.Background(), region)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// deploy creates the stack of region in moto from the assembly's template.
// moto cannot resolve a Ref to an event bus in a rule's EventBusName (it
// crashes), so the bus name is written literally, as CloudFormation would
// resolve it; it does not resolve dynamic references either, so those are
// dropped (the secrets check reads them from the local template).
func deploy(t *testing.T, dir, region string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, stackName(region)+".template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl map[string]map[string]map[string]any
	if err := json.Unmarshal(raw, &tmpl); err != nil {
		t.Fatal(err)
	}
	for id, r := range tmpl["Resources"] {
		if r["Type"] == "AWS::Events::ApiDestination" {
			delete(tmpl["Resources"], id)
		}
		props, _ := r["Properties"].(map[string]any)
		if ref, ok := props["EventBusName"].(map[string]any); ok && ref["Ref"] == "HubBus" {
			props["EventBusName"] = "signin-notifier-hub"
			r["DependsOn"] = "HubBus"
		}
	}
	body, _ := json.Marshal(tmpl)
	_, err = cloudformation.NewFromConfig(cfgFor(t, region)).CreateStack(context.Background(), &cloudformation.CreateStackInput{
		StackName: aws.String(stackName(region)), TemplateBody: aws.String(string(body)),
	})
	if err != nil {
		t.Fatalf("create stack in %s: %v", region, err)
	}
}

// trail creates a trail in us-east-1 and starts it unless stopped is set.
func trail(t *testing.T, name string, multi, logging bool, selectors []cttypes.EventSelector) {
	t.Helper()
	ctx := context.Background()
	cfg := cfgFor(t, hubRegion)
	bucket := "trail-bucket-" + strings.ToLower(name)
	if _, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	ct := cloudtrail.NewFromConfig(cfg)
	if _, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(name), S3BucketName: aws.String(bucket), IsMultiRegionTrail: aws.Bool(multi)}); err != nil {
		t.Fatal(err)
	}
	if logging {
		if _, err := ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
	}
	if selectors != nil {
		if _, err := ct.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(name), EventSelectors: selectors}); err != nil {
			t.Fatal(err)
		}
	}
}

func secret(t *testing.T, region, name string) {
	t.Helper()
	_, err := secretsmanager.NewFromConfig(cfgFor(t, region)).CreateSecret(context.Background(), &secretsmanager.CreateSecretInput{
		Name: aws.String(name), SecretString: aws.String("https://hooks.slack.com/services/T000/B000/XXXX"),
	})
	if err != nil {
		t.Fatal(err)
	}
}

// doctor runs the command and returns its exit status, its results (from
// --json) and stderr.
func doctor(t *testing.T, dir string) (int, map[string]Result, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main([]string{"--assembly", dir, "--json"}, &out, &errb)
	var list []Result
	if code == 0 || out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &list); err != nil {
			t.Fatalf("--json printed %q (stderr %q): %v", out.String(), errb.String(), err)
		}
	}
	byName := map[string]Result{}
	for _, r := range list {
		byName[r.Name] = r
	}
	return code, byName, errb.String()
}
