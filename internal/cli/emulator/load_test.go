package emulator_test

import (
	"encoding/json"
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

// notModeled ends the one error for anything signin-notifier never
// synthesizes.
const notModeled = " is not modeled: the emulator models only what signin-notifier synthesizes: " +
	"Ref (of an event bus, IAM role, SNS topic or SQS queue, AWS::AccountId, AWS::Partition, AWS::Region), Fn::Join and " +
	"Fn::GetAtt (Arn of an event bus, rule, API destination, connection, IAM role, KMS key or SQS queue; QueueName of a queue)"

// TestLoad_RefusesWhatSigninNotifierNeverSynthesizes: every intrinsic, pseudo
// parameter, Ref and Fn::GetAtt outside what the app emits is one error
// naming it, the stack, the resource and the property.
func TestLoad_RefusesWhatSigninNotifierNeverSynthesizes(t *testing.T) {
	ref := func(name string) map[string]any { return map[string]any{"Ref": name} }
	getAtt := func(id, attr string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }
	fn := func(name string, arg any) map[string]any { return map[string]any{name: arg} }
	cases := []struct {
		what string
		arn  any
	}{
		{"Fn::Sub", fn("Fn::Sub", "arn:${AWS::Partition}:events:eu-west-1:${AWS::AccountId}:event-bus/b")},
		{"Fn::Select", fn("Fn::Select", []any{0, []any{"arn:aws:events:eu-west-1:111111111111:event-bus/b"}})},
		{"Fn::Split", fn("Fn::Split", []any{",", "a,b"})},
		{"Fn::If", fn("Fn::If", []any{"C", "a", "b"})},
		{"Fn::FindInMap", fn("Fn::FindInMap", []any{"M", "eu-west-1", "Bus"})},
		{"Fn::ImportValue", fn("Fn::ImportValue", "HubArn")},
		{"Fn::GetAZs", fn("Fn::GetAZs", "")},
		{"Fn::Base64", fn("Fn::Base64", "x")},
		{"Fn::Equals", fn("Fn::Equals", []any{"a", "a"})},
		{"Fn::Cidr", fn("Fn::Cidr", []any{"10.0.0.0/16", 2, 8})},
		{"Ref AWS::URLSuffix", ref("AWS::URLSuffix")},
		{"Ref AWS::URLSuffix", ref("AWS::URLSuffix")},
		{"Ref AWS::StackName", ref("AWS::StackName")},
		{"Ref AWS::StackId", ref("AWS::StackId")},
		{"Ref AWS::NotificationARNs", ref("AWS::NotificationARNs")},
		{"Ref AWS::NoValue", ref("AWS::NoValue")},
		{"Ref P (no resource of the stack)", ref("P")}, // a parameter, with a default
		{"Ref Fn (AWS::Lambda::Function)", ref("Fn")},
		{"Ref Secret (AWS::SecretsManager::Secret)", ref("Secret")},
		{"Ref Dest (AWS::Events::ApiDestination)", ref("Dest")},
		{"Fn::GetAtt Fn.Arn (AWS::Lambda::Function)", getAtt("Fn", "Arn")},
		{"Fn::GetAtt Logs.Arn (AWS::Logs::LogGroup)", getAtt("Logs", "Arn")},
		{"Fn::GetAtt Conn.SecretArn (AWS::Events::Connection)", getAtt("Conn", "SecretArn")},
		{"Fn::GetAtt Dest.ArnForPolicy (AWS::Events::ApiDestination)", getAtt("Dest", "ArnForPolicy")},
		{"Fn::GetAtt Role.RoleId (AWS::IAM::Role)", getAtt("Role", "RoleId")},
		{"Fn::GetAtt Bus.Name (AWS::Events::EventBus)", getAtt("Bus", "Name")},
		{"Fn::GetAtt Queue.QueueUrl (AWS::SQS::Queue)", getAtt("Queue", "QueueUrl")},
		{"Fn::GetAtt Topic.TopicArn (AWS::SNS::Topic)", getAtt("Topic", "TopicArn")},
		{"Fn::GetAtt Key.KeyId (AWS::KMS::Key)", getAtt("Key", "KeyId")},
		{"Fn::GetAtt Table.StreamArn (AWS::DynamoDB::Table)", getAtt("Table", "StreamArn")},
		// inside a Fn::Join the error names the property that holds the Join
		{"Ref AWS::StackName", map[string]any{"Fn::Join": []any{"", []any{"arn:aws:events:us-east-1:", ref("AWS::StackName"), ":event-bus/b"}}}},
	}
	template := func(arn any) map[string]any {
		return map[string]any{
			"Parameters": map[string]any{"P": map[string]any{"Type": "String", "Default": "x"}},
			"Conditions": map[string]any{"C": map[string]any{"Fn::Equals": []any{"a", "a"}}},
			"Mappings":   map[string]any{"M": map[string]any{"eu-west-1": map[string]any{"Bus": "b"}}},
			"Resources": merge(destResources("https://a.example/x"), map[string]any{
				"Bus":    res("AWS::Events::EventBus", map[string]any{"Name": "b"}),
				"Fn":     res("AWS::Lambda::Function", nil),
				"Key":    res("AWS::KMS::Key", nil),
				"Logs":   res("AWS::Logs::LogGroup", nil),
				"Queue":  res("AWS::SQS::Queue", nil),
				"Role":   res("AWS::IAM::Role", nil),
				"Secret": res("AWS::SecretsManager::Secret", nil),
				"Table":  res("AWS::DynamoDB::Table", nil),
				"Topic":  res("AWS::SNS::Topic", nil),
				"R":      ruleRes(signinPattern, map[string]any{"Id": "t", "Arn": arn}),
			}),
		}
	}
	env := "aws://111111111111/eu-west-1"
	for _, tc := range cases {
		t.Run(tc.what, func(t *testing.T) {
			_, err := emulator.Load(writeAssembly(t, tstack{"S", env, template(tc.arn)}), emulator.Options{})
			want := "stack S resource R property Targets[0].Arn: " + tc.what + notModeled
			if err == nil || err.Error() != want {
				t.Errorf("Load error\n got %v\nwant %s", err, want)
			}
		})
	}
	t.Run("resource Condition", func(t *testing.T) {
		tmpl := template("arn:aws:events:eu-west-1:111111111111:event-bus/b")
		tmpl["Resources"].(map[string]any)["Queue"].(map[string]any)["Condition"] = "C"
		_, err := emulator.Load(writeAssembly(t, tstack{"S", env, tmpl}), emulator.Options{})
		if want := "stack S resource Queue: Condition C" + notModeled; err == nil || err.Error() != want {
			t.Errorf("Load error\n got %v\nwant %s", err, want)
		}
	})
	t.Run("in a StackSet spoke", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{"Resources": map[string]any{"Fwd": ruleRes(signinPattern, busTarget("t", ref("AWS::URLSuffix")))}})
		set := res("AWS::CloudFormation::StackSet", map[string]any{
			"StackSetName": "spokes", "PermissionModel": "SELF_MANAGED", "TemplateBody": string(body),
			"StackInstancesGroup": []any{map[string]any{"DeploymentTargets": map[string]any{"Accounts": []any{memberAcct}}, "Regions": []any{"eu-west-1"}}},
		})
		_, err := emulator.Load(writeAssembly(t, tstack{"Org", "aws://" + hubAcct + "/us-east-1", map[string]any{"Resources": map[string]any{"Set": set}}}), emulator.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "stack StackSet-spokes-") || !strings.HasSuffix(err.Error(), " resource Fwd property Targets[0].Arn: Ref AWS::URLSuffix"+notModeled) {
			t.Errorf("Load error %v", err)
		}
	})
}

// appShapedStack holds every Ref and Fn::GetAtt the app's templates use (see
// TestResolve_WhatTheAppEmits), in properties the emulator reads: a rule on
// the default bus forwards to a hub bus whose rule calls an API destination.
func appShapedStack(region string) tstack {
	hubArn := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":events:" + region + ":", map[string]any{"Ref": "AWS::AccountId"}, ":event-bus/hub"}}}
	getAtt := func(id, attr string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }
	ref := func(name string) map[string]any { return map[string]any{"Ref": name} }
	return tstack{"App", "aws://unknown-account/" + region, map[string]any{"Resources": merge(destResources("https://hooks.example.com/x"), map[string]any{
		"Hub":    res("AWS::Events::EventBus", map[string]any{"Name": "hub"}),
		"Policy": res("AWS::Events::EventBusPolicy", map[string]any{"EventBusName": ref("Hub"), "StatementId": "s", "Statement": allowPut(map[string]any{"AWS": hubArn}, nil)}),
		"Role":   res("AWS::IAM::Role", map[string]any{}),
		"Dlq":    res("AWS::SQS::Queue", map[string]any{"KmsMasterKeyId": getAtt("Key", "Arn")}),
		"Key":    res("AWS::KMS::Key", map[string]any{}),
		"Alarms": res("AWS::SNS::Topic", map[string]any{"TopicName": "alarms"}),
		"Fwd":    ruleRes(signinPattern, map[string]any{"Id": "hub", "Arn": getAtt("Hub", "Arn"), "RoleArn": getAtt("Role", "Arn"), "DeadLetterConfig": map[string]any{"Arn": getAtt("Dlq", "Arn")}}),
		"Notify": res("AWS::Events::Rule", map[string]any{"EventBusName": ref("Hub"), "EventPattern": signinPattern,
			"Description": map[string]any{"Fn::Join": []any{" ", []any{ref("Alarms"), ref("Dlq"), ref("Role"), getAtt("Dlq", "QueueName"), getAtt("Key", "Arn"), getAtt("Fwd", "Arn"), hubArn}}},
			"Targets":     []any{destTarget("d", map[string]any{"RoleArn": getAtt("Role", "Arn"), "DeadLetterConfig": map[string]any{"Arn": getAtt("Dlq", "Arn")}})}}),
	})}}
}

// TestLoad_EveryShapeSigninNotifierSynthesizes loads an assembly of each
// shape the app makes and follows one sign-in through it.
func TestLoad_EveryShapeSigninNotifierSynthesizes(t *testing.T) {
	spoke, _ := json.Marshal(map[string]any{"Resources": map[string]any{
		"Role": res("AWS::IAM::Role", map[string]any{}),
		"Fwd":  ruleRes(signinPattern, busTarget("t", map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":events:us-east-1:" + hubAcct + ":event-bus/hub"}}})),
	}})
	org := tstack{"Org", "aws://" + hubAcct + "/us-east-1", map[string]any{"Resources": map[string]any{"Set": res("AWS::CloudFormation::StackSet", map[string]any{
		"StackSetName": "spokes", "PermissionModel": "SERVICE_MANAGED", "TemplateBody": string(spoke),
		"StackInstancesGroup": []any{map[string]any{"DeploymentTargets": map[string]any{"OrganizationalUnitIds": []any{"r-abcd"}, "AccountFilterType": "DIFFERENCE", "Accounts": []any{hubAcct}}, "Regions": []any{"eu-west-1"}}},
	})}}}
	cases := []struct {
		name            string
		dir             string
		opts            emulator.Options
		account, region string
	}{
		{"direct (testdata/direct)", "testdata/direct", emulator.Options{Secrets: map[string]string{"signin-notifier/slack-webhook-url": webhookURL}}, "", "eu-west-1"},
		{"hub (testdata/hub)", "testdata/hub", emulator.Options{Secrets: hubSecrets()}, "", "eu-west-1"},
		{"hub over the 17 default regions", writeHubAssembly(t, commercialRegions), emulator.Options{Secrets: benchSecrets}, "", "ap-northeast-3"},
		{"organization: StackSet spokes in member accounts", writeAssembly(t, hubStack(orgPolicy("o-abcdefghij")), org), emulator.Options{AccountID: hubAcct, Organization: testOrg}, memberAcct, "eu-west-1"},
		{"every Ref and Fn::GetAtt the app emits", writeAssembly(t, appShapedStack("eu-west-1")), emulator.Options{}, "", "eu-west-1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t)
			tc.opts.Endpoint = emulator.RedirectTo(srv.URL)
			a := load(t, tc.dir, tc.opts)
			if w := a.Warnings(); len(w) != 0 {
				t.Errorf("warnings: %v", w)
			}
			account := tc.account
			if account == "" {
				account = a.AccountID()
			}
			tr, err := a.PutInAccount(account, signinEvent(tc.region, "ua"))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(srv.requests()); n != 1 || len(tr.Sent()) != 1 {
				t.Errorf("%d requests, %d sent in the trace, want 1\n%s", n, len(tr.Sent()), tr)
			}
		})
	}
}
