package cfnsize

import (
	"encoding/json"
	"testing"
)

// The YAML in these cases is what the yaml package (2.9.1, the version the
// CDK CLI bundles) writes with the CLI's options, schema yaml-1.1 and
// lineWidth 0; the root package's TestTemplateSizeBound compares whole
// templates with the pinned package itself.
func TestYAMLUpperBound(t *testing.T) {
	cases := []struct {
		json, yaml string
		exact      bool
	}{
		// keys the yaml-1.1 schema would read as booleans are quoted, and so
		// are such values; an empty string is quoted too
		{`{"N":"yes","Y":"no","a":""}`, "\"N\": \"yes\"\n\"Y\": \"no\"\na: \"\"\n", true},
		// a string that needs no quotes is written plain, quotes and all
		{`{"k":"it's \"q\""}`, "k: it's \"q\"\n", true},
		// sequences indented under their key, a sequence in a sequence, a
		// mapping in a sequence, numbers, null, false, empty collections
		{`{"k":["a",["b","c"],{"x":1.5,"y":null,"z":false}],"e":{},"f":[]}`, "k:\n  - a\n  - - b\n    - c\n  - x: 1.5\n    \"y\": null\n    z: false\ne: {}\nf: []\n", true},
		// ": " and an emoji (two UTF-16 code units) in a double-quoted value
		{`{"k":"🚨 Root user: ok"}`, "k: \"🚨 Root user: ok\"\n", true},
		// a JSON document is single-quoted: it holds double quotes only
		{`{"InputTemplate":"{\"text\":\"a: b\"}"}`, "InputTemplate: '{\"text\":\"a: b\"}'\n", true},
		// strings the schema reads as numbers or dates, and a % at the start
		{`{"top":{"k":"%x","n":"0x1F","t":"2024-01-01","i":"-12"}}`, "top:\n  k: \"%x\"\n  \"n\": \"0x1F\"\n  t: \"2024-01-01\"\n  i: \"-12\"\n", true},
		{`{"k":"a # b","l":"trail "}`, "k: \"a # b\"\nl: \"trail \"\n", true},
		// bounded, not exact: a control character, a line break, a
		// document marker
		{`{"k":"ctl\u0007x"}`, "k: \"ctl\\ax\"\n", false},
		{`{"k":"line1\nline2"}`, "k: |-\n  line1\n  line2\n", false},
		{`{"Description":"--- x"}`, "Description: --- x\n", false},
	}
	for _, c := range cases {
		var v any
		if err := json.Unmarshal([]byte(c.json), &v); err != nil {
			t.Fatal(err)
		}
		got, want := YAMLUpperBound(v), utf16Len(c.yaml)
		if (c.exact && got != want) || got < want {
			t.Errorf("%s: bound %d, the serializer writes %d (exact %v)", c.json, got, want, c.exact)
		}
	}
}
