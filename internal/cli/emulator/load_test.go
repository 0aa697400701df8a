package emulator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

func TestLoad_Errors(t *testing.T) {
	env := "aws://unknown-account/eu-west-1"
	one := func(resources map[string]any) []tstack {
		return []tstack{{"S", env, map[string]any{"Resources": resources}}}
	}
	rule := func(props map[string]any) map[string]any {
		p := map[string]any{"EventPattern": signinPattern}
		for k, v := range props {
			p[k] = v
		}
		return res("AWS::Events::Rule", p)
	}
	dt := destTarget("d", nil)
	cases := []struct {
		name    string
		stacks  []tstack
		wantErr []string
	}{
		{"unknown intrinsic names stack, resource and function", one(map[string]any{"R": rule(map[string]any{"Description": map[string]any{"Fn::Cidr": []any{"10.0.0.0/16", 2, 8}}})}),
			[]string{"stack S resource R", "Fn::Cidr is not supported"}},
		{"unknown Ref", one(map[string]any{"R": rule(map[string]any{"Description": map[string]any{"Ref": "Nope"}})}), []string{"stack S resource R", "Ref Nope: no such parameter"}},
		{"unsupported GetAtt attribute", one(map[string]any{"T": res("AWS::DynamoDB::Table", nil), "R": rule(map[string]any{"Description": map[string]any{"Fn::GetAtt": []any{"T", "StreamArn"}}})}),
			[]string{"Fn::GetAtt T.StreamArn", "AWS::DynamoDB::Table"}},
		{"parameter without default", []tstack{{"S", env, map[string]any{"Parameters": map[string]any{"P": map[string]any{"Type": "String"}}, "Resources": map[string]any{"R": rule(map[string]any{"Description": map[string]any{"Ref": "P"}})}}}},
			[]string{"Ref P: parameter has no Default"}},
		{"missing import", one(map[string]any{"R": rule(map[string]any{"Description": map[string]any{"Fn::ImportValue": "nothing"}})}), []string{`Fn::ImportValue "nothing": no stack`}},
		{"invalid pattern", one(map[string]any{"R": rule(map[string]any{"EventPattern": map[string]any{"source": "aws.signin"}})}), []string{"stack S resource R: EventPattern", `"source" must be an object or an array`}},
		{"rule without pattern or schedule", one(map[string]any{"R": res("AWS::Events::Rule", map[string]any{})}), []string{"needs an EventPattern or a ScheduleExpression"}},
		{"bad state", one(map[string]any{"R": rule(map[string]any{"State": "ON"})}), []string{`State "ON"`}},
		{"six targets", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{
			destTarget("a", nil), destTarget("b", nil), destTarget("c", nil), destTarget("d", nil), destTarget("e", nil), destTarget("f", nil)}})})),
			[]string{"6 targets, over the EventBridge limit of 5"}},
		{"duplicate target id", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{dt, dt}})})), []string{`target Id "d" is used twice`}},
		{"bad target id", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("a b", nil)}})})), []string{`target Id "a b"`}},
		{"two inputs", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("d", map[string]any{"Input": "{}", "InputPath": "$.detail"})}})})),
			[]string{"only one of Input, InputPath, or InputTransformer"}},
		{"invalid input transformer", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("d", map[string]any{
			"InputTransformer": map[string]any{"InputPathsMap": map[string]any{"a": "$.a"}, "InputTemplate": `{"x": <b>}`}})}})})),
			[]string{"resource R target d: InputTransformer", "invalid placeholder <b>"}},
		{"constant input not JSON", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("d", map[string]any{"Input": "hello"})}})})),
			[]string{"target d: Input", "not valid JSON"}},
		{"retry attempts out of range", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("d", map[string]any{"RetryPolicy": map[string]any{"MaximumRetryAttempts": 186}})}})})),
			[]string{"MaximumRetryAttempts 186 must be 0..185"}},
		{"event age out of range", one(merge(destResources("https://a.example/x"), map[string]any{"R": rule(map[string]any{"Targets": []any{destTarget("d", map[string]any{"RetryPolicy": map[string]any{"MaximumEventAgeInSeconds": 59}})}})})),
			[]string{"MaximumEventAgeInSeconds 59 must be 60..86400"}},
		{"target not an ARN", one(map[string]any{"R": rule(map[string]any{"Targets": []any{map[string]any{"Id": "x", "Arn": "hub"}}})}), []string{`Arn "hub" is not an ARN`}},
		{"API destination outside the assembly", one(map[string]any{"R": rule(map[string]any{"Targets": []any{map[string]any{"Id": "x", "Arn": "arn:aws:events:eu-west-1:111111111111:api-destination/other/abc"}}})}),
			[]string{"API destination arn:aws:events:eu-west-1:111111111111:api-destination/other/abc is not defined"}},
		{"connection outside the assembly", one(map[string]any{
			"Dest": res("AWS::Events::ApiDestination", map[string]any{"ConnectionArn": "arn:aws:events:eu-west-1:111111111111:connection/c/x", "HttpMethod": "POST", "InvocationEndpoint": "https://a.example"}),
			"R":    rule(map[string]any{"Targets": []any{dt}})}), []string{"ConnectionArn arn:aws:events:eu-west-1:111111111111:connection/c/x, which is not defined"}},
		{"http endpoint", one(destResources("http://a.example/x")), []string{"resource Dest: InvocationEndpoint", "must be an https:// URL"}},
		{"secret endpoint is redacted in errors", []tstack{{"S", env, map[string]any{"Resources": destResources("{{resolve:secretsmanager:plain}}")}}}, []string{"<redacted>", "resolved from {{resolve:secretsmanager:plain}}"}},
		{"bad method", one(map[string]any{"Conn": destResources("https://a")["Conn"], "Dest": res("AWS::Events::ApiDestination", map[string]any{
			"ConnectionArn": map[string]any{"Fn::GetAtt": []any{"Conn", "Arn"}}, "HttpMethod": "FETCH", "InvocationEndpoint": "https://a.example"})}), []string{`HttpMethod "FETCH"`}},
		{"rate limit zero", one(map[string]any{"Conn": destResources("https://a")["Conn"], "Dest": res("AWS::Events::ApiDestination", map[string]any{
			"ConnectionArn": map[string]any{"Fn::GetAtt": []any{"Conn", "Arn"}}, "HttpMethod": "POST", "InvocationEndpoint": "https://a.example", "InvocationRateLimitPerSecond": 0})}), []string{"InvocationRateLimitPerSecond 0"}},
		{"api key without value", one(map[string]any{"C": res("AWS::Events::Connection", map[string]any{"AuthorizationType": "API_KEY", "AuthParameters": map[string]any{"ApiKeyAuthParameters": map[string]any{"ApiKeyName": "k"}}})}),
			[]string{"API_KEY needs AuthParameters.ApiKeyAuthParameters"}},
		{"unknown auth type", one(map[string]any{"C": res("AWS::Events::Connection", map[string]any{"AuthorizationType": "NONE"})}), []string{`AuthorizationType "NONE"`}},
		{"bus without name", one(map[string]any{"B": res("AWS::Events::EventBus", map[string]any{})}), []string{"AWS::Events::EventBus needs a Name"}},
		{"bus named default", one(map[string]any{"B": res("AWS::Events::EventBus", map[string]any{"Name": "default"})}), []string{`cannot be named "default"`}},
		{"duplicate bus", []tstack{
			{"S1", env, map[string]any{"Resources": map[string]any{"B": res("AWS::Events::EventBus", map[string]any{"Name": "hub"})}}},
			{"S2", env, map[string]any{"Resources": map[string]any{"B": res("AWS::Events::EventBus", map[string]any{"Name": "hub"})}}},
		}, []string{`event bus "hub" is already defined by stack S1`}},
		{"rule on another region's bus", one(map[string]any{"R": rule(map[string]any{"EventBusName": "arn:aws:events:us-east-1:111111111111:event-bus/hub"})}), []string{"a rule must be on a bus in its own account and region"}},
		{"unknown region", []tstack{{"S", "aws://unknown-account/unknown-region", map[string]any{"Resources": map[string]any{}}}}, []string{"stack S in ", ` has no region (environment "aws://unknown-account/unknown-region"): give every stack an env with a region`}},
		{"malformed environment", []tstack{{"S", "eu-west-1", map[string]any{"Resources": map[string]any{}}}}, []string{"stack S in ", ` has no region (environment "eu-west-1"): give every stack an env with a region`}},
		{"unsupported dynamic reference", one(destResources("{{resolve:ssm:/webhook}}")), []string{`service "ssm" is not supported`}},
		{"condition depends on itself", []tstack{{"S", env, map[string]any{"Conditions": map[string]any{"C": map[string]any{"Condition": "C"}}, "Resources": map[string]any{"R": map[string]any{"Type": "AWS::Events::Rule", "Condition": "C"}}}}},
			[]string{"condition C depends on itself"}},
		{"property of the wrong shape", one(map[string]any{"R": rule(map[string]any{"Targets": "none"})}), []string{"stack S resource R (AWS::Events::Rule): unexpected property shape"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := emulator.Load(writeAssembly(t, tc.stacks...), emulator.Options{Secrets: map[string]string{"plain": "http://insecure.example/secret-path"}})
			if err == nil {
				t.Fatalf("Load succeeded, want an error with %q", tc.wantErr)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret-path") {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
}

func TestLoad_FileErrors(t *testing.T) {
	if _, err := emulator.Load(t.TempDir(), emulator.Options{}); !errors.Is(err, cloudassembly.ErrNoAssembly) || !strings.HasSuffix(err.Error(), ": run make synth first, or pass --assembly DIR") {
		t.Errorf("missing manifest: %v", err)
	}
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"artifacts":{}}`), 0o644)
	if _, err := emulator.Load(dir, emulator.Options{}); err == nil || !strings.HasSuffix(err.Error(), " has no stacks: run make synth again") {
		t.Errorf("empty assembly: %v", err)
	}
	_ = os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"artifacts":{"S":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/eu-west-1","properties":{"templateFile":"S.json"}}}}`), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "S.json"), []byte(`{"Resources":`), 0o644)
	if _, err := emulator.Load(dir, emulator.Options{}); err == nil || !strings.Contains(err.Error(), "stack S: template S.json is not JSON (unexpected end of JSON input): run make synth again") {
		t.Errorf("broken template: %v", err)
	}
}

func TestLoad_NestedAssembly(t *testing.T) {
	inner := writeAssembly(t, tstack{"Inner", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{"R": ruleRes(signinPattern)}}})
	outer := t.TempDir()
	if err := os.Rename(inner, filepath.Join(outer, "assembly-Stage")); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(outer, "manifest.json"), map[string]any{"artifacts": map[string]any{
		"assembly-Stage": map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-Stage"}}}})
	a := load(t, outer, emulator.Options{})
	tr, _ := a.Put(signinEvent("eu-west-1", "ua"))
	if got := stepKinds(tr); got != "arrived,matched" {
		t.Errorf("steps %s", got)
	}
}
