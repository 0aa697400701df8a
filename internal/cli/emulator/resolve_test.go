package emulator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// newTestStack builds a stack from template JSON without reading files.
func newTestStack(t *testing.T, tmplJSON string, secrets map[string]string) *stack {
	t.Helper()
	var tmpl cfnTemplate
	dec := json.NewDecoder(strings.NewReader(tmplJSON))
	dec.UseNumber()
	if err := dec.Decode(&tmpl); err != nil {
		t.Fatal(err)
	}
	a := &Assembly{opts: Options{Secrets: secrets}.withDefaults()}
	s := &stack{stackFile: &stackFile{name: "Home", region: "us-east-1", tmpl: &tmpl}, asm: a, account: "111111111111", partition: "aws",
		conds: map[string]bool{}, names: map[string]string{}, busy: map[string]bool{}}
	a.stacks = []*stack{s}
	return s
}

const intrinsicsTemplate = `{
 "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
 "Mappings": {"Hub": {"us-east-1": {"Bus": "signin-notifier-hub"}}},
 "Conditions": {
  "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
  "IsEU": {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]},
  "ProdNotEU": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsEU"}]}]},
  "Either": {"Fn::Or": [{"Condition": "IsEU"}, {"Condition": "IsProd"}]}
 },
 "Resources": {
  "HubBus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": {"Fn::FindInMap": ["Hub", {"Ref": "AWS::Region"}, "Bus"]}}},
  "Rule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Fn::GetAtt": ["HubBus", "Arn"]}, "EventPattern": {"source": ["x"]}}},
  "DefaultRule": {"Type": "AWS::Events::Rule", "Properties": {"Name": "fixed-name", "EventPattern": {"source": ["x"]}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/service/"}},
  "Queue": {"Type": "AWS::SQS::Queue"},
  "Dest": {"Type": "AWS::Events::ApiDestination", "Properties": {"Name": "slack"}},
  "Conn": {"Type": "AWS::Events::Connection"},
  "Gone": {"Type": "AWS::SQS::Queue", "Condition": "IsEU"}
 },
 "Outputs": {"HubArn": {"Value": {"Fn::GetAtt": ["HubBus", "Arn"]}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-HubArn"}}}}
}`

func TestResolve_Intrinsics(t *testing.T) {
	s := newTestStack(t, intrinsicsTemplate, nil)
	cases := []struct {
		name string
		in   string
		want any
	}{
		{"pseudo parameters", `{"Fn::Join": ["|", [{"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, {"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}, {"Ref": "AWS::StackName"}]]}`, "us-east-1|111111111111|aws|amazonaws.com|Home"},
		{"parameter default", `{"Ref": "Env"}`, "prod"},
		{"bus Ref is its name", `{"Ref": "HubBus"}`, "signin-notifier-hub"},
		{"bus Arn", `{"Fn::GetAtt": ["HubBus", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
		{"GetAtt dotted string form", `{"Fn::GetAtt": "HubBus.Name"}`, "signin-notifier-hub"},
		{"rule on custom bus", `{"Fn::GetAtt": ["Rule", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:rule/signin-notifier-hub/" + generatedName("Home", "Rule", 64)},
		{"rule on default bus with a Name", `{"Fn::GetAtt": ["DefaultRule", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:rule/fixed-name"},
		{"generated rule name", `{"Ref": "Rule"}`, generatedName("Home", "Rule", 64)},
		{"role ARN with path", `{"Fn::GetAtt": ["Role", "Arn"]}`, "arn:aws:iam::111111111111:role/service/" + generatedName("Home", "Role", 64)},
		{"queue Ref is its URL", `{"Ref": "Queue"}`, "https://sqs.us-east-1.amazonaws.com/111111111111/" + generatedName("Home", "Queue", 64)},
		{"api destination ARN has a uuid", `{"Fn::GetAtt": ["Dest", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:api-destination/slack/" + fakeUUID("Home", "Dest")},
		{"api destination ArnForPolicy", `{"Fn::GetAtt": ["Dest", "ArnForPolicy"]}`, "arn:aws:events:us-east-1:111111111111:api-destination/slack"},
		{"connection ARN", `{"Fn::GetAtt": ["Conn", "Arn"]}`, "arn:aws:events:us-east-1:111111111111:connection/" + generatedName("Home", "Conn", 64) + "/" + fakeUUID("Home", "Conn")},
		{"Sub string form", `{"Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${HubBus}"}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
		{"Sub with attribute", `{"Fn::Sub": "${HubBus.Arn}"}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
		{"Sub with variables and escapes", `{"Fn::Sub": ["${Greeting}, ${!Literal} ${Env}", {"Greeting": {"Fn::Join": ["", ["he", "llo"]]}}]}`, "hello, ${Literal} prod"},
		{"Select and Split", `{"Fn::Select": [1, {"Fn::Split": ["/", "a/b/c"]}]}`, "b"},
		{"Select with string index", `{"Fn::Select": ["2", ["x", "y", "z"]]}`, "z"},
		{"If true", `{"Fn::If": ["IsProd", "yes", "no"]}`, "yes"},
		{"If with And/Not", `{"Fn::If": ["ProdNotEU", "yes", "no"]}`, "yes"},
		{"If with Or", `{"Fn::If": ["Either", "yes", "no"]}`, "yes"},
		{"If false branch", `{"Fn::If": ["IsEU", "yes", "no"]}`, "no"},
		{"NoValue removes the key", `{"a": {"Fn::If": ["IsEU", "x", {"Ref": "AWS::NoValue"}]}, "b": 1}`, map[string]any{"b": json.Number("1")}},
		{"NoValue removes list items", `[{"Ref": "AWS::NoValue"}, "x"]`, []any{"x"}},
		{"GetAZs", `{"Fn::Select": [0, {"Fn::GetAZs": ""}]}`, "us-east-1a"},
		{"Base64", `{"Fn::Base64": "hi"}`, "aGk="},
		{"ImportValue from an export", `{"Fn::ImportValue": "Home-HubArn"}`, "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"},
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
			got, err := s.resolve(in, "X")
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestResolve_Errors(t *testing.T) {
	s := newTestStack(t, intrinsicsTemplate, nil)
	cases := map[string]string{
		`{"Fn::Select": [5, ["a"]]}`:           "index 5 is out of range",
		`{"Fn::Select": ["x", ["a"]]}`:         `index "x" is not an integer`,
		`{"Fn::Join": [",", "notalist"]}`:      "Fn::Join needs a list",
		`{"Fn::Join": [",", [["nested"]]]}`:    "element 0 must resolve to a string",
		`{"Fn::Join": ","}`:                    "Fn::Join needs [delimiter, [values]]",
		`{"Fn::Split": ["", "a"]}`:             "delimiter must be a non-empty string",
		`{"Fn::If": ["Missing", 1, 2]}`:        "condition Missing is not defined",
		`{"Fn::If": ["IsProd", 1]}`:            "Fn::If needs [condition, then, else]",
		`{"Fn::FindInMap": ["Hub", "x", "y"]}`: "no such mapping entry",
		`{"Fn::Sub": "${Unknown}"}`:            "Ref Unknown",
		`{"Fn::Sub": 5}`:                       "Fn::Sub needs a string",
		`{"Fn::GetAtt": ["HubBus"]}`:           "Fn::GetAtt needs [LogicalId, Attribute]",
		`{"Ref": "Gone"}`:                      "condition IsEU is false",
		`{"Ref": 5}`:                           "Ref needs a name",
		`{"Fn::Transform": {}}`:                "Fn::Transform is not supported",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			var v any
			dec := json.NewDecoder(strings.NewReader(in))
			dec.UseNumber()
			_ = dec.Decode(&v)
			_, err := s.resolve(v, "X")
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
