// Package cloudassembly reads a synthesized CDK cloud assembly (cdk.out):
// manifest.json, the nested assemblies of CDK Stages, and for every stack
// artifact its environment, its template bytes and its metadata (the
// warnings synth recorded). It is the one reader the emulator, doctor,
// pin-secrets and preview share, so that they agree on what an assembly
// holds and say the same thing, naming the path and the fix, when it is
// broken. It needs no jsii: only the files are read.
package cloudassembly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// MaxDepth is how deep nested assemblies (Stages within Stages) are
// followed.
const MaxDepth = 8

// ErrNoAssembly is wrapped by the error Read returns when a directory holds
// no manifest.json.
var ErrNoAssembly = errors.New("no cloud assembly")

// Metadata entry types CDK writes for annotations.
const (
	TypeWarning = "aws:cdk:warning"
	TypeError   = "aws:cdk:error"
	TypeInfo    = "aws:cdk:info"
)

// Assembly is a read cloud assembly.
type Assembly struct {
	// Dir is the directory Read was given.
	Dir string
	// Stacks are the stack artifacts of the assembly and of every nested
	// assembly, sorted by artifact id (then directory).
	Stacks []Stack
}

// Stack is one aws:cloudformation:stack artifact.
type Stack struct {
	ArtifactID string
	// Name is properties.stackName, else the artifact id.
	Name string
	// Account is "" when the environment's account is unknown-account.
	Account string
	Region  string
	// Dir is the directory of the (possibly nested) assembly the stack is
	// in; TemplateFile is relative to it.
	Dir          string
	TemplateFile string
	// Template is the template file's content, a JSON object.
	Template []byte
	// Metadata maps construct paths to the entries the manifest (and the
	// artifact's additionalMetadataFile) records for them.
	Metadata map[string][]Entry
}

// Entry is one metadata entry. Path is the construct path it is recorded
// for.
type Entry struct {
	Path string `json:"-"`
	Type string `json:"type"`
	Data any    `json:"data"`
}

// Entries returns the stack's metadata entries of type typ, sorted by
// construct path (in recorded order within a path).
func (s Stack) Entries(typ string) []Entry {
	paths := make([]string, 0, len(s.Metadata))
	for p := range s.Metadata {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []Entry
	for _, p := range paths {
		for _, e := range s.Metadata[p] {
			if e.Type == typ {
				e.Path = p
				out = append(out, e)
			}
		}
	}
	return out
}

// Warnings returns the stack's aws:cdk:warning messages as "PATH: MESSAGE",
// sorted by construct path.
func (s Stack) Warnings() []string {
	var out []string
	for _, e := range s.Entries(TypeWarning) {
		out = append(out, fmt.Sprintf("%s: %v", e.Path, e.Data))
	}
	return out
}

type manifest struct {
	Artifacts map[string]struct {
		Type                   string             `json:"type"`
		Environment            string             `json:"environment"`
		Metadata               map[string][]Entry `json:"metadata"`
		AdditionalMetadataFile string             `json:"additionalMetadataFile"`
		Properties             struct {
			TemplateFile  string `json:"templateFile"`
			StackName     string `json:"stackName"`
			DirectoryName string `json:"directoryName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// Read reads dir/manifest.json, every stack template it names and those of
// its nested assemblies. Every stack must name its region. An error names
// the file or stack at fault and what to do; when dir has no manifest.json
// it wraps ErrNoAssembly.
func Read(dir string) (*Assembly, error) {
	stacks, err := read(dir, 0)
	if err != nil {
		return nil, err
	}
	if len(stacks) == 0 {
		return nil, fmt.Errorf("cloud assembly at %s has no stacks: run make synth again", dir)
	}
	sort.Slice(stacks, func(i, j int) bool {
		if stacks[i].ArtifactID != stacks[j].ArtifactID {
			return stacks[i].ArtifactID < stacks[j].ArtifactID
		}
		return stacks[i].Dir < stacks[j].Dir
	})
	return &Assembly{Dir: dir, Stacks: stacks}, nil
}

func read(dir string, depth int) ([]Stack, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("cloud assembly at %s is nested more than %d deep: nest fewer Stages in the CDK app", dir, MaxDepth)
	}
	path := filepath.Join(dir, "manifest.json")
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, fmt.Errorf("%w at %s: run make synth first, or pass --assembly DIR", ErrNoAssembly, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the cloud assembly at %s: %v", dir, err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s is not a cloud assembly manifest (%v): run make synth again", path, err)
	}
	var out []Stack
	for id, a := range m.Artifacts {
		switch a.Type {
		case "cdk:cloud-assembly":
			if a.Properties.DirectoryName == "" {
				return nil, fmt.Errorf("nested assembly %s in %s has no directoryName: run make synth again", id, dir)
			}
			nested, err := read(filepath.Join(dir, a.Properties.DirectoryName), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, nested...)
		case "aws:cloudformation:stack":
			env, ok := strings.CutPrefix(a.Environment, "aws://")
			account, region, ok2 := strings.Cut(env, "/")
			if !ok || !ok2 || region == "" || region == "unknown-region" {
				return nil, fmt.Errorf("stack %s in %s has no region (environment %q): give every stack an env with a region", id, dir, a.Environment)
			}
			if account == "unknown-account" {
				account = ""
			}
			name := a.Properties.StackName
			if name == "" {
				name = id
			}
			file := a.Properties.TemplateFile
			if file == "" {
				return nil, fmt.Errorf("stack %s in %s has no templateFile in its manifest: run make synth again", id, dir)
			}
			tmpl, err := os.ReadFile(filepath.Join(dir, file))
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("stack %s: template %s is missing from %s: run make synth again", id, file, dir)
			}
			if err != nil {
				return nil, fmt.Errorf("stack %s: cannot read template %s (%v): run make synth again", id, file, err)
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(tmpl, &obj); err != nil {
				return nil, fmt.Errorf("stack %s: template %s is not JSON (%v): run make synth again", id, file, err)
			}
			meta := a.Metadata
			if a.AdditionalMetadataFile != "" {
				if meta, err = addMetadata(meta, dir, a.AdditionalMetadataFile); err != nil {
					return nil, fmt.Errorf("stack %s: %v: run make synth again", id, err)
				}
			}
			out = append(out, Stack{ArtifactID: id, Name: name, Account: account, Region: region,
				Dir: dir, TemplateFile: file, Template: tmpl, Metadata: meta})
		}
	}
	return out, nil
}

// addMetadata adds the entries of an artifact's additionalMetadataFile
// (where recent CDK versions write them) to those of the manifest.
func addMetadata(meta map[string][]Entry, dir, file string) (map[string][]Entry, error) {
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return nil, fmt.Errorf("cannot read metadata file %s (%v)", file, err)
	}
	var more map[string][]Entry
	if err := json.Unmarshal(raw, &more); err != nil {
		return nil, fmt.Errorf("metadata file %s is not JSON (%v)", file, err)
	}
	if meta == nil {
		meta = map[string][]Entry{}
	}
	for p, es := range more {
		meta[p] = append(meta[p], es...)
	}
	return meta, nil
}
