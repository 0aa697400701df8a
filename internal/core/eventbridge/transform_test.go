package eventbridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// lsEvent is the event of the LocalStack input-transformer tests recorded
// against AWS (test_events_inputs.snapshot.json), with "time" = "date".
const lsEvent = `{"version":"0","id":"e1","detail-type":"core.update-account-command","source":"core.update-account-command","account":"111111111111","time":"date","region":"us-east-1","resources":[],"detail":{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"},"statuses":["ACTIVE","INACTIVE"],"single":["A"],"flag":true,"count":42,"nothing":null}}`

func mustEvent(t testing.TB, s string) *Event {
	t.Helper()
	e, err := ParseEvent([]byte(s))
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	return e
}

func mustTransformer(t testing.TB, paths map[string]string, tpl string) *Transformer {
	t.Helper()
	tr, err := NewTransformer(paths, tpl)
	if err != nil {
		t.Fatalf("NewTransformer(%v, %s): %v", paths, tpl, err)
	}
	return tr
}

func TestTransformer_AWSValidatedRenders(t *testing.T) {
	paths := map[string]string{"detail-type": "$.detail-type", "timestamp": "$.time", "command": "$.detail.command", "missing": "$.detail.notinmessage", "payload": "$.detail.payload", "statuses": "$.detail.statuses", "single": "$.detail.single", "flag": "$.detail.flag", "instance": "$.detail.command"}
	cases := []struct {
		name, template, want string
	}{
		// LocalStack AWS-validated test_put_events_with_input_transformer_input_template_string.
		{"string template", `"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"`, `"Event of core.update-account-command type, at time date, info extracted from detail update-account"`},
		{"string template, missing path renders nothing", `"Event of <detail-type> type, at time <timestamp>, info extracted from detail <missing>"`, `"Event of core.update-account-command type, at time date, info extracted from detail "`},
		{"string template starting with {[/", `"{[/Check with special starting characters for event of <detail-type> type"`, `"{[/Check with special starting characters for event of core.update-account-command type"`},
		// LocalStack AWS-validated test_put_events_with_input_transformer_input_template_json.
		{"json template", `{"detailType": <detail-type>, "time": <timestamp>, "command": <command>}`, `{"detailType": "core.update-account-command", "time": "date", "command": "update-account"}`},
		{"json template, missing path renders \"\"", `{"detailType": <detail-type>, "time": <timestamp>, "command": <missing>}`, `{"detailType": "core.update-account-command", "time": "date", "command": ""}`},
		// UG "Transforming target input": quotes around a string placeholder are permitted.
		{"quoted string placeholder", `{"instance": "<instance>"}`, `{"instance": "update-account"}`},
		// UG: objects and arrays in a string lose their internal quotes (AWS-validated "Payload of ...").
		{"object inside string", `"Payload of <payload> and more"`, `"Payload of {acc_id:0a787ecb-4015,sf_id:baz} and more"`},
		{"array inside string", `"Statuses: <statuses>!"`, `"Statuses: [ACTIVE,INACTIVE]!"`},
		{"boolean inside string", `"flag=<flag>"`, `"flag=true"`},
		// UG: no quotes for objects and arrays in value position.
		{"object as value", `{"p": <payload>}`, `{"p": {"acc_id":"0a787ecb-4015","sf_id":"baz"}}`},
		{"array as value", `{"s": <statuses>}`, `{"s": ["ACTIVE","INACTIVE"]}`},
		{"boolean as value", `{"f": <flag>}`, `{"f": true}`},
	}
	e := mustEvent(t, lsEvent)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustTransformer(t, paths, tc.template).Render(e, Context{})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestTransformer_AWSValidatedDrops(t *testing.T) {
	// LocalStack AWS-validated negative tests: an object or a list in quotes
	// is not delivered ("must be a valid string or json else it will be
	// silently ignored"); UG: "Do not add quotes for variables that represent
	// JSON objects or arrays".
	paths := map[string]string{"payload": "$.detail.payload", "listsingle": "$.detail.single"}
	e := mustEvent(t, lsEvent)
	for _, tpl := range []string{`{"payload": "<payload>"}`, `{"singlelistitem": "<listsingle>"}`} {
		_, err := mustTransformer(t, paths, tpl).Render(e, Context{})
		if !errors.Is(err, ErrDropped) {
			t.Errorf("template %s: err = %v, want ErrDropped", tpl, err)
		}
	}
}

func TestTransformer_ReservedVariables(t *testing.T) {
	e := mustEvent(t, lsEvent)
	ctx := Context{RuleARN: "arn:aws:events:us-east-1:111111111111:rule/bus/r1", RuleName: "r1", IngestionTime: time.Date(2024, 6, 11, 8, 33, 10, 0, time.UTC)}
	cases := []struct{ name, template, want string }{
		// LocalStack AWS-validated test_input_transformer_predefined_variables (string form).
		{"in a string", `"Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"`,
			`"Message containing all pre defined variables arn:aws:events:us-east-1:111111111111:rule/bus/r1 r1 2024-06-11T08:33:10Z"`},
		// Same test (JSON form): <aws.events.event> has no detail, detail-type becomes detailType, in the key order AWS produced.
		{"event and event.json", `{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}`,
			`{"originalEvent": {"id":"e1","account":"111111111111","detailType":"core.update-account-command","time":"date","source":"core.update-account-command","region":"us-east-1","resources":[],"version":"0"}, "originalEventJson": ` + strings.ReplaceAll(lsEvent, "\n", "") + `}`},
		{"as values are quoted", `{"arn": <aws.events.rule-arn>, "name": <aws.events.rule-name>}`, `{"arn": "arn:aws:events:us-east-1:111111111111:rule/bus/r1", "name": "r1"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustTransformer(t, nil, tc.template).Render(e, ctx)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestTransformer_IngestionTimeDefaultsToEventTime(t *testing.T) {
	e := mustEvent(t, `{"time":"2024-01-02T03:04:05Z"}`)
	got, err := mustTransformer(t, nil, `"<aws.events.event.ingestion-time>"`).Render(e, Context{})
	if err != nil || string(got) != `"2024-01-02T03:04:05Z"` {
		t.Fatalf("got %s, %v", got, err)
	}
}

// TestTransformer_HostileValues checks each attacker-influenced value in both
// positions: whole-value placeholders are escaped by EventBridge, placeholders
// inside a string literal are inserted raw (UG: "EventBridge doesn't escape
// values extracted by Input Path").
func TestTransformer_HostileValues(t *testing.T) {
	cases := []struct {
		name  string
		value string // the event value, as Go text
		// decoded value of {"v": <x>} (always delivered)
		// and of {"v": "UA: <x>"} ("" wantDropInString means delivered as wantInString)
		wantInString     string
		wantDropInString bool
	}{
		{"plain", "Mozilla/5.0", "UA: Mozilla/5.0", false},
		{"double quote", `say "hi"`, "", true},
		{"backslash + q", `a\q`, "", true},
		{"backslash + n becomes a newline", `C:\new`, "UA: C:\new", false},
		{"trailing backslash", `a\`, "", true},
		{"tab", "a\tb", "", true},
		{"newline", "a\nb", "", true},
		{"NUL", "a\x00b", "", true},
		{"unicode", "Zürich – 東京", "UA: Zürich – 東京", false},
		{"emoji", "🔥🚨", "UA: 🔥🚨", false},
		{"slack markup", "<!channel> <https://evil|reset>", "UA: <!channel> <https://evil|reset>", false},
		{"placeholder-looking text", "<detail-type>", "UA: <detail-type>", false},
		// Injection: valid JSON with a different value and an extra key.
		{"json injection is delivered", `x", "admin": true, "y": "`, "UA: x", false},
		{"line separator", "a\u2028b", "UA: a\u2028b", false},
	}
	tWhole := mustTransformer(t, map[string]string{"ua": "$.detail.ua"}, `{"v": <ua>}`)
	tIn := mustTransformer(t, map[string]string{"ua": "$.detail.ua"}, `{"v": "UA: <ua>"}`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evJSON, _ := json.Marshal(map[string]any{"detail": map[string]string{"ua": tc.value}})
			e := mustEvent(t, string(evJSON))

			out, err := tWhole.Render(e, Context{})
			if err != nil {
				t.Fatalf("whole-value render dropped: %v", err)
			}
			var got struct{ V string }
			if err := json.Unmarshal(out, &got); err != nil || got.V != tc.value {
				t.Errorf("whole-value: %s decodes to %q (%v), want %q", out, got.V, err, tc.value)
			}

			out, err = tIn.Render(e, Context{})
			if tc.wantDropInString {
				var de *DropError
				if !errors.As(err, &de) || !errors.Is(err, ErrDropped) || len(de.Rendered) == 0 {
					t.Fatalf("in-string: got %s, %v; want a *DropError with the rendered text", out, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("in-string render dropped: %v", err)
			}
			if err := json.Unmarshal(out, &got); err != nil || got.V != tc.wantInString {
				t.Errorf("in-string: %s decodes to %q (%v), want %q", out, got.V, err, tc.wantInString)
			}
		})
	}
}

func TestTransformer_InStringInjectionAddsKeys(t *testing.T) {
	e := mustEvent(t, `{"detail":{"ua":"x\", \"admin\": true, \"y\": \""}}`)
	out, err := mustTransformer(t, map[string]string{"ua": "$.detail.ua"}, `{"v": "UA: <ua>"}`).Render(e, Context{})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil || got["admin"] != true {
		t.Errorf("%s decodes to %v (%v): want an injected admin key", out, got, err)
	}
}

func TestTransformer_ValueKinds(t *testing.T) {
	e := mustEvent(t, `{"detail":{"n":1.50,"z":null,"o":{"a":"x","b":1},"arr":["A","B"],"resources":["r0","r1"],"s":"v"},"resources":["arn:1","arn:2"]}`)
	cases := []struct{ name, path, template, want string }{
		{"number keeps its text", "$.detail.n", `{"v": <x>}`, `{"v": 1.50}`},
		{"null as value", "$.detail.z", `{"v": <x>}`, `{"v": null}`},
		{"null in string", "$.detail.z", `{"v": "is <x>"}`, `{"v": "is null"}`},
		{"number in string", "$.detail.n", `{"v": "n=<x>"}`, `{"v": "n=1.50"}`},
		{"number whole string", "$.detail.n", `{"v": "<x>"}`, `{"v": "1.50"}`},
		{"object loses quotes in string", "$.detail.o", `{"v": "o=<x>"}`, `{"v": "o={a:x,b:1}"}`},
		{"array index", "$.resources[0]", `{"v": <x>}`, `{"v": "arn:1"}`},
		{"array index out of range is missing", "$.resources[5]", `{"v": <x>}`, `{"v": ""}`},
		{"nested index", "$.detail.resources[1]", `{"v": <x>}`, `{"v": "r1"}`},
		{"wildcard", "$.resources[*]", `{"v": <x>}`, `{"v": ["arn:1","arn:2"]}`},
		{"object wildcard", "$.detail.o.*", `{"v": <x>}`, `{"v": ["x",1]}`},
		{"whole event", "$", `{"v": <x>}`, `{"v": {"detail":{"n":1.50,"z":null,"o":{"a":"x","b":1},"arr":["A","B"],"resources":["r0","r1"],"s":"v"},"resources":["arn:1","arn:2"]}}`},
		{"bare string template", "$.detail.s", `<x>`, `"v"`},
		{"missing in bare template", "$.detail.nope", `<x>`, `""`},
		{"same placeholder twice", "$.detail.s", `[<x>, "<x><x>"]`, `["v", "vv"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustTransformer(t, map[string]string{"x": tc.path}, tc.template).Render(e, Context{})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestNewTransformer_Rejects(t *testing.T) {
	many := map[string]string{}
	for i := 0; i <= MaxInputPaths; i++ {
		many[fmt.Sprintf("k%d", i)] = "$.detail"
	}
	cases := []struct {
		name     string
		paths    map[string]string
		template string
		wantErr  string
	}{
		// LocalStack AWS-validated test_put_events_with_input_transformer_missing_keys.
		{"undefined placeholder", map[string]string{"a": "$.a"}, `{"a": <a>, "b": <notdefinedkey>}`, "invalid placeholder <notdefinedkey>"},
		{"undefined placeholder in string", nil, `"hello <who>"`, "invalid placeholder <who>"},
		{"too many variables", many, `"x"`, "over the limit of 100"},
		{"AWS. prefix", map[string]string{"AWS.x": "$.a"}, `"x"`, `must not start with "AWS."`},
		{"aws. prefix any case", map[string]string{"aws.events.rule-name": "$.a"}, `"x"`, `must not start with "AWS."`},
		{"bad key character", map[string]string{"a b": "$.a"}, `"x"`, "only letters, digits"},
		{"empty template", nil, ``, "must be 1..8192"},
		{"template too long", nil, `"` + strings.Repeat("a", MaxInputLength) + `"`, "must be 1..8192"},
		{"placeholder as key", map[string]string{"k": "$.a"}, `{"<k>": 1}`, "as an object key"},
		{"template not JSON", map[string]string{"a": "$.a"}, `<a> is in state <a>`, "is not JSON once its placeholders are filled"},
		{"unquoted text", nil, `hello`, "is not JSON"},
		{"path without $", map[string]string{"a": "detail.a"}, `<a>`, "must start with $"},
		{"bracket name", map[string]string{"a": "$['detail']"}, `<a>`, "bracket notation"},
		{"negative index", map[string]string{"a": "$.r[-1]"}, `<a>`, "non-negative array index"},
		{"unclosed bracket", map[string]string{"a": "$.r[0"}, `<a>`, "unclosed ["},
		{"empty name", map[string]string{"a": "$..a"}, `<a>`, "expected a field name"},
		{"space in path", map[string]string{"a": "$.a b"}, `<a>`, "unexpected"},
		{"path too long", map[string]string{"a": "$." + strings.Repeat("a", MaxPathLength)}, `<a>`, "over the limit of 256"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTransformer(tc.paths, tc.template)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("NewTransformer error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestNewTransformer_AcceptsLimits(t *testing.T) {
	paths := map[string]string{}
	for i := 0; i < MaxInputPaths; i++ {
		paths[fmt.Sprintf("k%d", i)] = "$.detail"
	}
	// 8192 characters exactly, multi-byte.
	tpl := `"` + strings.Repeat("é", MaxInputLength-2) + `"`
	if _, err := NewTransformer(paths, tpl); err != nil {
		t.Fatalf("limits rejected: %v", err)
	}
	// Slack markup that looks like a tag is literal text, not a placeholder.
	if _, err := NewTransformer(nil, `{"text": "<!channel> <@U123> <#C1|x> <https://a.example|b>"}`); err != nil {
		t.Fatalf("slack markup rejected: %v", err)
	}
}

func TestInputs(t *testing.T) {
	e := mustEvent(t, lsEvent)
	t.Run("whole event is compact JSON in original order", func(t *testing.T) {
		got, _ := WholeEvent().Render(mustEvent(t, "{ \"b\" : 1,\n \"a\" : [ true ] }"), Context{})
		if string(got) != `{"b":1,"a":[true]}` {
			t.Errorf("got %s", got)
		}
	})
	t.Run("constant input is sent as given", func(t *testing.T) {
		in, err := ConstantInput(`{"text": "hello"}`)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := in.Render(e, Context{})
		if string(got) != `{"text": "hello"}` {
			t.Errorf("got %s", got)
		}
	})
	t.Run("constant input must be JSON", func(t *testing.T) {
		if _, err := ConstantInput(`hello`); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
			t.Errorf("err = %v", err)
		}
		if _, err := ConstantInput(``); err == nil {
			t.Error("empty input accepted")
		}
	})
	t.Run("input path selects a subtree", func(t *testing.T) {
		in, err := PathInput("$.detail.payload")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := in.Render(e, Context{})
		if string(got) != `{"acc_id":"0a787ecb-4015","sf_id":"baz"}` {
			t.Errorf("got %s", got)
		}
	})
	t.Run("input path to a string is a JSON string", func(t *testing.T) {
		// LocalStack AWS-validated test_put_events_with_input_path_max_level_depth: "baz" arrives quoted.
		in, _ := PathInput("$.detail.payload.sf_id")
		got, _ := in.Render(e, Context{})
		if string(got) != `"baz"` {
			t.Errorf("got %s", got)
		}
	})
	t.Run("input path to nothing is a drop", func(t *testing.T) {
		in, _ := PathInput("$.detail.nope")
		if _, err := in.Render(e, Context{}); !errors.Is(err, ErrDropped) {
			t.Errorf("err = %v, want ErrDropped", err)
		}
	})
	t.Run("input path is validated", func(t *testing.T) {
		if _, err := PathInput("detail"); err == nil {
			t.Error("invalid path accepted")
		}
	})
}

func TestParseEvent(t *testing.T) {
	e, err := ParseEvent([]byte(`{"region":"eu-west-1","detail":{},"n":1,"region":"us-east-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := e.StringField("region"); !ok || r != "us-east-1" {
		t.Errorf("region = %q, %v; want the last duplicate", r, ok)
	}
	if _, ok := e.StringField("n"); ok {
		t.Error("number reported as string")
	}
	if !e.HasObjectField("detail") || e.HasObjectField("n") || !e.HasField("n") || e.HasField("x") {
		t.Error("field presence wrong")
	}
	for _, bad := range []string{``, `[]`, `{"a":}`, `{} {}`} {
		if _, err := ParseEvent([]byte(bad)); err == nil {
			t.Errorf("ParseEvent(%q) accepted", bad)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	// Escapes are decoded and re-encoded minimally; invalid UTF-8 becomes U+FFFD.
	in := `{"s":"a\"b\\c\n\t\u0001\u00e9\ud83d\ude00 <&>","k\u00e9y":[1e3,-0.5,true,false,null,{}],"bad":"` + "\xff" + `"}`
	e, err := ParseEvent([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"s":"a\"b\\c\n\t\u0001é😀 <&>","kéy":[1e3,-0.5,true,false,null,{}],"bad":"` + "\uFFFD" + `"}`
	if got := string(e.JSON()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
