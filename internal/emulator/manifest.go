package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type manifestFile struct {
	Artifacts map[string]artifact `json:"artifacts"`
}

type artifact struct {
	Type        string `json:"type"`
	Environment string `json:"environment"`
	DisplayName string `json:"displayName"`
	Properties  struct {
		TemplateFile  string `json:"templateFile"`
		StackName     string `json:"stackName"`
		DirectoryName string `json:"directoryName"`
	} `json:"properties"`
}

// stackFile is a stack artifact read from a manifest, before resolution.
type stackFile struct {
	artifactID string
	name       string
	account    string // "" for unknown-account
	region     string
	tmpl       *cfnTemplate
}

// readAssembly reads dir/manifest.json and every stack template, following
// nested assemblies (CDK Stages).
func readAssembly(dir string, depth int) ([]*stackFile, error) {
	if depth > 8 {
		return nil, fmt.Errorf("cloud assembly %s: nested assemblies more than 8 deep", dir)
	}
	path := filepath.Join(dir, "manifest.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cloud assembly: %w (run `cdk synth` first, or pass the cdk.out directory)", err)
	}
	var m manifestFile
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s is not a cloud assembly manifest: %v", path, err)
	}
	ids := make([]string, 0, len(m.Artifacts))
	for id := range m.Artifacts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var stacks []*stackFile
	for _, id := range ids {
		a := m.Artifacts[id]
		switch a.Type {
		case "aws:cloudformation:stack":
			s, err := readStack(dir, id, a)
			if err != nil {
				return nil, err
			}
			stacks = append(stacks, s)
		case "cdk:cloud-assembly":
			nested, err := readAssembly(filepath.Join(dir, a.Properties.DirectoryName), depth+1)
			if err != nil {
				return nil, err
			}
			stacks = append(stacks, nested...)
		}
	}
	return stacks, nil
}

func readStack(dir, id string, a artifact) (*stackFile, error) {
	env := strings.TrimPrefix(a.Environment, "aws://")
	account, region, ok := strings.Cut(env, "/")
	if !ok || !strings.HasPrefix(a.Environment, "aws://") {
		return nil, fmt.Errorf("stack %s: environment %q is not aws://ACCOUNT/REGION", id, a.Environment)
	}
	if region == "" || region == "unknown-region" {
		return nil, fmt.Errorf("stack %s has no region (environment %q): give the stack an env with a region in the CDK app", id, a.Environment)
	}
	if account == "unknown-account" {
		account = ""
	}
	if a.Properties.TemplateFile == "" {
		return nil, fmt.Errorf("stack %s: manifest has no properties.templateFile", id)
	}
	raw, err := os.ReadFile(filepath.Join(dir, a.Properties.TemplateFile))
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", id, err)
	}
	var t cfnTemplate
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("stack %s: template %s is not valid JSON: %v", id, a.Properties.TemplateFile, err)
	}
	name := a.Properties.StackName
	if name == "" {
		name = id
	}
	return &stackFile{artifactID: id, name: name, account: account, region: region, tmpl: &t}, nil
}

// cfnTemplate is the part of a CloudFormation template the emulator reads.
type cfnTemplate struct {
	Parameters map[string]struct {
		Type    string `json:"Type"`
		Default any    `json:"Default"`
	} `json:"Parameters"`
	Mappings   map[string]map[string]map[string]any `json:"Mappings"`
	Conditions map[string]any                       `json:"Conditions"`
	Resources  map[string]*cfnResource              `json:"Resources"`
	Outputs    map[string]struct {
		Value  any `json:"Value"`
		Export *struct {
			Name any `json:"Name"`
		} `json:"Export"`
	} `json:"Outputs"`
}

type cfnResource struct {
	Type       string         `json:"Type"`
	Properties map[string]any `json:"Properties"`
	Condition  string         `json:"Condition"`
	Metadata   map[string]any `json:"Metadata"`
}

// cdkPath returns the construct path CDK records in aws:cdk:path.
func (r *cfnResource) cdkPath() string {
	p, _ := r.Metadata["aws:cdk:path"].(string)
	return p
}
