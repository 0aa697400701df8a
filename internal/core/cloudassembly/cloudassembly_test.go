package cloudassembly_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

// files writes name -> content into a new directory; a content that is not
// a string is written as JSON.
func files(t *testing.T, fs map[string]any) string {
	t.Helper()
	dir := t.TempDir()
	for name, v := range fs {
		b, ok := v.(string)
		if !ok {
			raw, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			b = string(raw)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type obj = map[string]any

func stack(env, file string) obj {
	return obj{"type": "aws:cloudformation:stack", "environment": env, "properties": obj{"templateFile": file}}
}

func manifest(artifacts obj) obj { return obj{"version": "48.0.0", "artifacts": artifacts} }

const tmpl = `{"Resources":{}}`

func TestRead(t *testing.T) {
	type want struct {
		ids, names, accounts, regions, dirs []string
		warnings                            []string
	}
	cases := []struct {
		name  string
		files map[string]any
		want  want
		// wantErr is the error text, with {dir} for the assembly directory.
		wantErr string
	}{
		{
			name: "stacks sorted by artifact id, unknown account empty",
			files: map[string]any{
				"manifest.json": manifest(obj{
					"Tree": obj{"type": "cdk:tree", "properties": obj{"file": "tree.json"}},
					"B":    obj{"type": "aws:cloudformation:stack", "environment": "aws://111122223333/eu-west-1", "properties": obj{"templateFile": "B.template.json", "stackName": "Named"}},
					"A":    stack("aws://unknown-account/us-east-1", "A.template.json"),
				}),
				"A.template.json": tmpl, "B.template.json": tmpl,
			},
			want: want{ids: []string{"A", "B"}, names: []string{"A", "Named"}, accounts: []string{"", "111122223333"},
				regions: []string{"us-east-1", "eu-west-1"}, dirs: []string{"", ""}},
		},
		{
			name: "nested assembly",
			files: map[string]any{
				"manifest.json": manifest(obj{
					"assembly-Stage": obj{"type": "cdk:cloud-assembly", "properties": obj{"directoryName": "assembly-Stage"}},
					"Top":            stack("aws://unknown-account/us-east-1", "Top.template.json"),
				}),
				"Top.template.json":                  tmpl,
				"assembly-Stage/manifest.json":       manifest(obj{"StageInner": stack("aws://unknown-account/eu-west-1", "Inner.template.json")}),
				"assembly-Stage/Inner.template.json": tmpl,
			},
			want: want{ids: []string{"StageInner", "Top"}, names: []string{"StageInner", "Top"}, accounts: []string{"", ""},
				regions: []string{"eu-west-1", "us-east-1"}, dirs: []string{"assembly-Stage", ""}},
		},
		{
			name: "warnings from the manifest and the additional metadata file",
			files: map[string]any{
				"manifest.json": manifest(obj{"S": obj{
					"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/us-east-1",
					"properties": obj{"templateFile": "S.template.json"},
					"metadata": obj{"/S/B": []any{
						obj{"type": "aws:cdk:warning", "data": "nobody is told [ack: x]"},
						obj{"type": "aws:cdk:logicalId", "data": "B"},
					}},
					"additionalMetadataFile": "S.metadata.json",
				}}),
				"S.template.json": tmpl,
				"S.metadata.json": obj{"/S/A": []any{obj{"type": "aws:cdk:warning", "data": "first"}, obj{"type": "aws:cdk:info", "data": "fyi"}}},
			},
			want: want{ids: []string{"S"}, names: []string{"S"}, accounts: []string{""}, regions: []string{"us-east-1"}, dirs: []string{""},
				warnings: []string{"/S/A: first", "/S/B: nobody is told [ack: x]"}},
		},
		{
			name:    "missing manifest",
			files:   map[string]any{},
			wantErr: "no cloud assembly at {dir}: run make synth first, or pass --assembly DIR",
		},
		{
			name:    "manifest not JSON",
			files:   map[string]any{"manifest.json": `{"artifacts":`},
			wantErr: "{dir}/manifest.json is not a cloud assembly manifest (unexpected end of JSON input): run make synth again",
		},
		{
			name:    "no stacks",
			files:   map[string]any{"manifest.json": manifest(obj{"Tree": obj{"type": "cdk:tree"}})},
			wantErr: "cloud assembly at {dir} has no stacks: run make synth again",
		},
		{
			name:    "stack without region",
			files:   map[string]any{"manifest.json": manifest(obj{"S": stack("aws://unknown-account/unknown-region", "S.template.json")}), "S.template.json": tmpl},
			wantErr: `stack S in {dir} has no region (environment "aws://unknown-account/unknown-region"): give every stack an env with a region`,
		},
		{
			name:    "environment that is no aws:// url",
			files:   map[string]any{"manifest.json": manifest(obj{"S": stack("eu-west-1", "S.template.json")}), "S.template.json": tmpl},
			wantErr: `stack S in {dir} has no region (environment "eu-west-1"): give every stack an env with a region`,
		},
		{
			name:    "no templateFile",
			files:   map[string]any{"manifest.json": manifest(obj{"S": stack("aws://unknown-account/eu-west-1", "")})},
			wantErr: "stack S in {dir} has no templateFile in its manifest: run make synth again",
		},
		{
			name:    "missing template file",
			files:   map[string]any{"manifest.json": manifest(obj{"S": stack("aws://unknown-account/eu-west-1", "S.template.json")})},
			wantErr: "stack S: template S.template.json is missing from {dir}: run make synth again",
		},
		{
			name:    "template not JSON",
			files:   map[string]any{"manifest.json": manifest(obj{"S": stack("aws://unknown-account/eu-west-1", "S.template.json")}), "S.template.json": `{"Resources":`},
			wantErr: "stack S: template S.template.json is not JSON (unexpected end of JSON input): run make synth again",
		},
		{
			name: "missing nested manifest",
			files: map[string]any{"manifest.json": manifest(obj{
				"assembly-Stage": obj{"type": "cdk:cloud-assembly", "properties": obj{"directoryName": "assembly-Stage"}},
			})},
			wantErr: "no cloud assembly at {dir}/assembly-Stage: run make synth first, or pass --assembly DIR",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := files(t, tc.files)
			asm, err := cloudassembly.Read(dir)
			if tc.wantErr != "" {
				want := strings.ReplaceAll(tc.wantErr, "{dir}", dir)
				want = strings.ReplaceAll(want, dir+"/", dir+string(filepath.Separator))
				if err == nil || err.Error() != want {
					t.Fatalf("error %v\nwant  %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got want
			for _, s := range asm.Stacks {
				rel, _ := filepath.Rel(dir, s.Dir)
				if rel == "." {
					rel = ""
				}
				got.ids = append(got.ids, s.ArtifactID)
				got.names = append(got.names, s.Name)
				got.accounts = append(got.accounts, s.Account)
				got.regions = append(got.regions, s.Region)
				got.dirs = append(got.dirs, rel)
				got.warnings = append(got.warnings, s.Warnings()...)
				if string(s.Template) != tmpl {
					t.Errorf("stack %s: template %q", s.ArtifactID, s.Template)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestErrNoAssembly(t *testing.T) {
	_, err := cloudassembly.Read(filepath.Join(t.TempDir(), "none"))
	if !errors.Is(err, cloudassembly.ErrNoAssembly) {
		t.Errorf("error %v is not ErrNoAssembly", err)
	}
	// A file given as the assembly directory has no assembly either.
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := cloudassembly.Read(f); !errors.Is(err, cloudassembly.ErrNoAssembly) {
		t.Errorf("a file: error %v is not ErrNoAssembly", err)
	}
}

func TestNestedDepthLimit(t *testing.T) {
	dir := t.TempDir()
	nested := obj{"assembly-N": obj{"type": "cdk:cloud-assembly", "properties": obj{"directoryName": "assembly-N"}}}
	d := dir
	for i := 0; i <= cloudassembly.MaxDepth+1; i++ {
		b, _ := json.Marshal(manifest(nested))
		if err := os.WriteFile(filepath.Join(d, "manifest.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		d = filepath.Join(d, "assembly-N")
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, err := cloudassembly.Read(dir)
	if err == nil || !strings.HasSuffix(err.Error(), "is nested more than 8 deep: nest fewer Stages in the CDK app") {
		t.Errorf("error %v", err)
	}
}

func TestEntries(t *testing.T) {
	s := cloudassembly.Stack{Metadata: map[string][]cloudassembly.Entry{
		"/S/B": {{Type: cloudassembly.TypeWarning, Data: "b"}},
		"/S/A": {{Type: cloudassembly.TypeInfo, Data: "i"}, {Type: cloudassembly.TypeWarning, Data: "a"}},
	}}
	got := s.Entries(cloudassembly.TypeWarning)
	want := []cloudassembly.Entry{{Path: "/S/A", Type: cloudassembly.TypeWarning, Data: "a"}, {Path: "/S/B", Type: cloudassembly.TypeWarning, Data: "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entries = %+v, want %+v", got, want)
	}
}
