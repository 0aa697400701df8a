package emulator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// newTestStack builds a stack from template JSON without reading files.
func newTestStack(t *testing.T, tmplJSON string) *stack {
	t.Helper()
	var tmpl cfnTemplate
	dec := json.NewDecoder(strings.NewReader(tmplJSON))
	dec.UseNumber()
	if err := dec.Decode(&tmpl); err != nil {
		t.Fatal(err)
	}
	return &stack{stackFile: &stackFile{name: "Home", region: "us-east-1", tmpl: &tmpl}, account: "111111111111", partition: "aws",
		names: map[string]string{}, busy: map[string]bool{}}
}

// appTemplate has a resource of every type whose Ref or Fn::GetAtt
// signin-notifier's templates use.
const appTemplate = `{
 "Resources": {
  "HubBus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "signin-notifier-hub"}},
  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "HubBus"}, "EventPattern": {"source": ["x"]}}},
  "ArnRule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Fn::GetAtt": ["HubBus", "Arn"]}, "EventPattern": {"source": ["x"]}}},
  "DefaultRule": {"Type": "AWS::Events::Rule", "Properties": {"Name": "fixed-name", "EventPattern": {"source": ["x"]}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/service/"}},
  "Queue": {"Type": "AWS::SQS::Queue"},
  "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "signin-notifier-alarms"}},
  "Key": {"Type": "AWS::KMS::Key"},
  "Dest": {"Type": "AWS::Events::ApiDestination", "Properties": {"Name": "slack"}},
  "Conn": {"Type": "AWS::Events::Connection"}
 }
}`

// TestResolve_WhatTheAppEmits resolves every intrinsic, Ref and Fn::GetAtt
// the six configurations of .ci/run synthesize (StackSet spokes included).
func TestResolve_WhatTheAppEmits(t *testing.T) {
	s := newTestStack(t, appTemplate)
	cases := []struct {
		name string
		in   string
		want any
	}{
		{"Join of the pseudo parameters", `{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":events:us-east-1:", {"Ref": "AWS::AccountId"}, ":event-bus/signin-notifier-hub"]]}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
		{"Join of an environment-agnostic rule ARN", `{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":events:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":rule/*"]]}`, "arn:aws:events:us-east-1:111111111111:rule/*"},
		{"Join with a delimiter", `{"Fn::Join": ["|", ["a", {"Ref": "HubBus"}, "c"]]}`, "a|signin-notifier-hub|c"},
		{"bus Ref is its name", `{"Ref": "HubBus"}`, "signin-notifier-hub"},
		{"bus Arn", `{"Fn::GetAtt": ["HubBus", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
		{"rule on a bus by Ref", `{"Fn::GetAtt": ["Rule", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:rule/signin-notifier-hub/" + generatedName("Home", "Rule", 64)},
		{"rule on a bus by ARN", `{"Fn::GetAtt": ["ArnRule", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:rule/signin-notifier-hub/" + generatedName("Home", "ArnRule", 64)},
		{"rule on the default bus with a Name", `{"Fn::GetAtt": ["DefaultRule", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:rule/fixed-name"},
		{"role Ref is its name", `{"Ref": "Role"}`, generatedName("Home", "Role", 64)},
		{"role ARN with path", `{"Fn::GetAtt": ["Role", "Arn"]}`, "arn:aws:iam::111111111111:role/service/" + generatedName("Home", "Role", 64)},
		{"queue Ref is its URL", `{"Ref": "Queue"}`, "https://sqs.us-east-1.amazonaws.com/111111111111/" + generatedName("Home", "Queue", 64)},
		{"queue Arn", `{"Fn::GetAtt": ["Queue", "Arn"]}`, "arn:aws:sqs:us-east-1:111111111111:" + generatedName("Home", "Queue", 64)},
		{"queue QueueName", `{"Fn::GetAtt": ["Queue", "QueueName"]}`, generatedName("Home", "Queue", 64)},
		{"topic Ref is its ARN", `{"Ref": "Topic"}`, "arn:aws:sns:us-east-1:111111111111:signin-notifier-alarms"},
		{"KMS key Arn", `{"Fn::GetAtt": ["Key", "Arn"]}`, "arn:aws:kms:us-east-1:111111111111:key/" + fakeUUID("Home", "Key")},
		{"api destination ARN has a uuid", `{"Fn::GetAtt": ["Dest", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:api-destination/slack/" + fakeUUID("Home", "Dest")},
		{"connection ARN", `{"Fn::GetAtt": ["Conn", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:connection/" + generatedName("Home", "Conn", 64) + "/" + fakeUUID("Home", "Conn")},
		{"plain values pass through", `{"x": [1, true, null, "s"]}`, map[string]any{"x": []any{json.Number("1"), true, nil, "s"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var in any
			dec := json.NewDecoder(strings.NewReader(tc.in))
			dec.UseNumber()
			if err := dec.Decode(&in); err != nil {
				t.Fatal(err)
			}
			got, err := s.resolve(in, "X", "P")
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestResolve_Errors: malformed uses of the intrinsics the app emits.
func TestResolve_Errors(t *testing.T) {
	s := newTestStack(t, appTemplate)
	cases := map[string]string{
		`{"Fn::Join": [",", "notalist"]}`:   "Fn::Join needs [delimiter, [values]]",
		`{"Fn::Join": [",", [["nested"]]]}`: "element 0 must resolve to a string",
		`{"Fn::Join": ","}`:                 "Fn::Join needs [delimiter, [values]]",
		`{"Fn::GetAtt": ["HubBus"]}`:        "Fn::GetAtt needs [LogicalId, Attribute]",
		`{"Fn::GetAtt": "HubBus.Arn"}`:      "Fn::GetAtt needs [LogicalId, Attribute]",
		`{"Fn::GetAtt": ["Nope", "Arn"]}`:   "Fn::GetAtt Nope.Arn: no such resource",
		`{"Ref": 5}`:                        "Ref needs a name",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			var v any
			dec := json.NewDecoder(strings.NewReader(in))
			dec.UseNumber()
			_ = dec.Decode(&v)
			_, err := s.resolve(v, "X", "P")
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "stack Home resource X") {
				t.Errorf("err = %v, want it to name the stack and resource and contain %q", err, want)
			}
		})
	}
}

func TestDynamicReferences(t *testing.T) {
	secrets := map[string]string{
		"plain":               "https://hooks.example/1",
		"json":                `{"url":"https://hooks.example/2","n":5}`,
		"by-name-with-suffix": "s3",
		"named-Q1w2E3":        "s5",
		"arn:aws:secretsmanager:us-east-1:111111111111:secret:exact-XyZ123": "s4",
	}
	a := &Assembly{opts: Options{Secrets: secrets}}
	cases := []struct {
		in, want, wantErr string
	}{
		{in: "{{resolve:secretsmanager:plain}}", want: "https://hooks.example/1"},
		{in: "{{resolve:secretsmanager:plain:SecretString:::}}", want: "https://hooks.example/1"},
		{in: "Bearer {{resolve:secretsmanager:plain}}!", want: "Bearer https://hooks.example/1!"},
		{in: "{{resolve:secretsmanager:json:SecretString:url}}", want: "https://hooks.example/2"},
		{in: "{{resolve:secretsmanager:json:SecretString:n::}}", want: "5"},
		{in: "{{resolve:secretsmanager:json:SecretString:url:AWSCURRENT:}}", want: "https://hooks.example/2"},
		{in: "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:by-name-with-suffix-AbCdEf}}", want: "s3"},
		{in: "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:exact-XyZ123:SecretString:::}}", want: "s4"},
		{in: "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:named-Q1w2E3}}", want: "s5"},
		{in: "{{resolve:secretsmanager:nope}}", wantErr: `secret "nope" is not in Options.Secrets`},
		{in: "{{resolve:secretsmanager:json:SecretString:missing}}", wantErr: `has no JSON key "missing"`},
		{in: "{{resolve:secretsmanager:plain:SecretString:key}}", wantErr: "is not a JSON object"},
		{in: "{{resolve:secretsmanager:plain:SecretBinary}}", wantErr: `"SecretBinary" is not supported`},
		{in: "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1}}", wantErr: "is incomplete"},
		{in: "{{resolve:secretsmanager:a:SecretString:b:c:d:e}}", wantErr: "too many segments"},
		{in: "{{resolve:ssm-secure:/x:1}}", wantErr: `service "ssm-secure" is not supported`},
		{in: "{{resolve:secretsmanager:plain", wantErr: "malformed dynamic reference"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := a.substituteDynamicRefs(map[string]any{"k": []any{tc.in}}, "stack S resource R")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "stack S resource R") {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v := got.(map[string]any)["k"].([]any)[0]; v != tc.want {
				t.Errorf("got %q, want %q", v, tc.want)
			}
		})
	}
}

func TestRedirectTo(t *testing.T) {
	f := RedirectTo("http://127.0.0.1:9/")
	for in, want := range map[string]string{
		"https://hooks.slack.com/services/T/B/X": "http://127.0.0.1:9/services/T/B/X",
		"https://api.example.com?x=1":            "http://127.0.0.1:9?x=1",
		"https://api.example.com":                "http://127.0.0.1:9/",
	} {
		if got := f(in); got != want {
			t.Errorf("RedirectTo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretFallbackResolvesUnknownSecrets(t *testing.T) {
	a := &Assembly{opts: Options{
		Secrets:        map[string]string{"known": "k"},
		SecretFallback: func(id string) (string, bool) { return "fallback-for-" + id, id != "refused" },
	}}
	for id, want := range map[string]string{"known": "k", "other": "fallback-for-other"} {
		if got, ok := a.lookupSecret(id); !ok || got != want {
			t.Errorf("lookupSecret(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
	if _, ok := a.lookupSecret("refused"); ok {
		t.Error("a fallback that refuses must leave the secret unresolved")
	}
}
