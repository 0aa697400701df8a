package secretpin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

// Reference is a secret a stack's template resolves, in the stack's region.
type Reference struct {
	Secret string // name or ARN, as written in the reference
	Region string
	Stack  string
}

// References lists the secrets referenced by the stacks of a cloud
// assembly (cdk.out, nested assemblies included), sorted by secret then
// region, without duplicates.
func References(assembly string) ([]Reference, error) {
	asm, err := cloudassembly.Read(assembly)
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]bool{}
	var out []Reference
	for _, s := range asm.Stacks {
		var tmpl any
		if err := json.Unmarshal(s.Template, &tmpl); err != nil {
			return nil, fmt.Errorf("stack %s: template %s is not JSON (%v): run make synth again", s.ArtifactID, s.TemplateFile, err)
		}
		for _, id := range SecretIDs(tmpl) {
			key := [2]string{id, s.Region}
			if !seen[key] {
				seen[key] = true
				out = append(out, Reference{Secret: key[0], Region: s.Region, Stack: s.ArtifactID})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Secret != out[j].Secret {
			return out[i].Secret < out[j].Secret
		}
		return out[i].Region < out[j].Region
	})
	return out, nil
}

// DescribeSecretAPI is the one Secrets Manager call the lookup makes.
type DescribeSecretAPI interface {
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
}

// CurrentVersions returns the AWSCURRENT version id of every referenced
// secret, asking the client of each reference's region. A secret read in
// several regions (replicas) must have the same current version in all of
// them, since one context entry pins every reference to it.
func CurrentVersions(ctx context.Context, refs []Reference, client func(region string) (DescribeSecretAPI, error)) (map[string]string, error) {
	out := map[string]string{}
	from := map[string]string{}
	for _, r := range refs {
		c, err := client(r.Region)
		if err != nil {
			return nil, err
		}
		res, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(r.Secret)})
		if err != nil {
			return nil, fmt.Errorf("secret %q in %s (read by %s): %v", r.Secret, r.Region, r.Stack, err)
		}
		var current []string
		for id, stages := range res.VersionIdsToStages {
			for _, s := range stages {
				if s == "AWSCURRENT" {
					current = append(current, id)
				}
			}
		}
		if len(current) != 1 {
			return nil, fmt.Errorf("secret %q in %s has %d versions labelled AWSCURRENT: store a value first (aws secretsmanager put-secret-value)", r.Secret, r.Region, len(current))
		}
		v := current[0]
		if err := config.ValidateSecretVersionID(v); err != nil {
			return nil, fmt.Errorf("secret %q in %s: AWSCURRENT version id %q %v: it cannot be pinned in a dynamic reference", r.Secret, r.Region, v, err)
		}
		if prev, ok := out[r.Secret]; ok && prev != v {
			return nil, fmt.Errorf("secret %q has AWSCURRENT version %s in %s but %s in %s: one pin must fit every region that reads it; let replication finish, or use a secret per region (secret ARNs)", r.Secret, prev, from[r.Secret], v, r.Region)
		}
		out[r.Secret], from[r.Secret] = v, r.Region
	}
	return out, nil
}

// WriteContext sets the secretVersions key of a CDK context file
// (cdk.context.json), keeping every other key, and reports whether it
// changed. The file is created when missing.
func WriteContext(path string, versions map[string]string) (bool, error) {
	ctx := map[string]any{}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return false, err
	default:
		if err := json.Unmarshal(raw, &ctx); err != nil {
			return false, fmt.Errorf("%s is not a JSON object: %v", path, err)
		}
	}
	pins := map[string]any{}
	for k, v := range versions {
		pins[k] = v
	}
	ctx[config.KeySecretVersions] = pins
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ctx); err != nil {
		return false, err
	}
	if bytes.Equal(buf.Bytes(), raw) {
		return false, nil
	}
	return true, os.WriteFile(path, buf.Bytes(), 0o644)
}

// Usage is the pin-secrets part of the command's usage text.
const Usage = `  signin-notifier pin-secrets [--assembly DIR] [--context FILE]
      pin each secret the stacks read to its current version (AWSCURRENT,
      read with your usual credentials; never the value) in FILE (default
      cdk.context.json), so that the next deploy picks up a rotated secret
      (make rotate runs this)
`

// Run is the pin-secrets command:
//
//	signin-notifier pin-secrets [--assembly cdk.out] [--context cdk.context.json]
func Run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pin-secrets", flag.ContinueOnError)
	assembly := fs.String("assembly", "cdk.out", "cloud assembly whose templates name the secrets (run make synth first)")
	contextFile := fs.String("context", "cdk.context.json", "CDK context file to write secretVersions into")
	const synopsis = "pin-secrets [--assembly DIR] [--context FILE]"
	err := cmdline.Parse(fs, args, synopsis)
	if err == nil && fs.NArg() > 0 {
		err = cmdline.Usagef("unexpected argument %q: use %s", fs.Arg(0), synopsis)
	}
	if err == nil {
		err = pin(context.Background(), *assembly, *contextFile, stdout, sdkClient)
	}
	return cmdline.Report(err, "pin-secrets", "usage:\n"+Usage, stdout, stderr)
}

func pin(ctx context.Context, assembly, contextFile string, stdout io.Writer, client func(string) (DescribeSecretAPI, error)) error {
	refs, err := References(assembly)
	if err != nil {
		return err
	}
	if len(refs) == 0 {
		return fmt.Errorf("no template in %s references a Secrets Manager secret: nothing to pin", assembly)
	}
	versions, err := CurrentVersions(ctx, refs, client)
	if err != nil {
		return err
	}
	changed, err := WriteContext(contextFile, versions)
	if err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(versions)) {
		fmt.Fprintf(stdout, "%s\t%s\n", k, versions[k])
	}
	if changed {
		fmt.Fprintf(stdout, "wrote %s to %s: synthesize and deploy again to use these versions\n", config.KeySecretVersions, contextFile)
	} else {
		fmt.Fprintf(stdout, "%s in %s is up to date\n", config.KeySecretVersions, contextFile)
	}
	return nil
}

// sdkClient builds a Secrets Manager client for region from the default
// configuration chain, which honours AWS_ENDPOINT_URL.
func sdkClient(region string) (DescribeSecretAPI, error) {
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithRegion(region))
	if err != nil {
		return nil, err
	}
	return secretsmanager.NewFromConfig(cfg), nil
}

var dynamicRef = regexp.MustCompile(`\{\{resolve:secretsmanager:([^}]+)\}\}`)

// SecretIDs returns the secret id of every Secrets Manager dynamic
// reference in v: in any string, and in an Fn::Join of literal strings. The
// reference is {{resolve:secretsmanager:secret-id:SecretString:json-key:
// version-stage:version-id}}, where secret-id is a name or a full ARN
// (CloudFormation user guide, dynamic-references-secretsmanager).
func SecretIDs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			for _, m := range dynamicRef.FindAllStringSubmatch(v, -1) {
				out = append(out, secretID(m[1]))
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			if j, ok := v["Fn::Join"].([]any); ok && len(j) == 2 {
				if sep, ok := j[0].(string); ok {
					if parts, ok := j[1].([]any); ok {
						var lit []string
						for _, p := range parts {
							if s, ok := p.(string); ok {
								lit = append(lit, s)
							} else {
								lit = nil
								break
							}
						}
						if lit != nil {
							walk(strings.Join(lit, sep))
							return
						}
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}

// secretID cuts the secret id out of the part after "secretsmanager:": an
// ARN has seven colon-separated fields, a name none.
func secretID(ref string) string {
	parts := strings.Split(ref, ":")
	if parts[0] == "arn" && len(parts) >= 7 {
		return strings.Join(parts[:7], ":")
	}
	return parts[0]
}
