package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

// stackFile is a stack artifact read from a manifest, before resolution.
type stackFile struct {
	artifactID string
	name       string
	account    string // "" for unknown-account
	region     string
	tmpl       *cfnTemplate
}

// readAssembly reads the cloud assembly in dir (following nested
// assemblies) and decodes every stack template.
func readAssembly(dir string) ([]*stackFile, error) {
	asm, err := cloudassembly.Read(dir)
	if err != nil {
		return nil, err
	}
	stacks := make([]*stackFile, 0, len(asm.Stacks))
	for _, s := range asm.Stacks {
		var t cfnTemplate
		dec := json.NewDecoder(bytes.NewReader(s.Template))
		dec.UseNumber()
		if err := dec.Decode(&t); err != nil {
			return nil, fmt.Errorf("stack %s: template %s is not a CloudFormation template (%v): run make synth again", s.ArtifactID, s.TemplateFile, err)
		}
		stacks = append(stacks, &stackFile{artifactID: s.ArtifactID, name: s.Name, account: s.Account, region: s.Region, tmpl: &t})
	}
	return stacks, nil
}

// cfnTemplate is the part of a CloudFormation template the emulator reads.
type cfnTemplate struct {
	Resources map[string]*cfnResource `json:"Resources"`
}

type cfnResource struct {
	Type       string         `json:"Type"`
	Properties map[string]any `json:"Properties"`
	Condition  string         `json:"Condition"` // refused: see refuseCondition
	Metadata   map[string]any `json:"Metadata"`
}

// cdkPath returns the construct path CDK records in aws:cdk:path.
func (r *cfnResource) cdkPath() string {
	p, _ := r.Metadata["aws:cdk:path"].(string)
	return p
}
