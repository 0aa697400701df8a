package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
)

// TestSynthTimeChecks reads what `cdk synth` checks in an app of every
// topology (checkedContexts, synthesized with CDK's built-in CloudFormation
// template validation on and cdk-nag's AwsSolutions pack, v2 pinned in
// go.mod, applied): no validation finding, no unsuppressed nag finding,
// and every suppression carries a reason.
func TestSynthTimeChecks(t *testing.T) {
	for _, ctx := range checkedContexts {
		s := synthApp(t, ctx)
		if s.checkFailure != nil {
			t.Errorf("%v: synthesis failed its checks: %v", ctx, s.checkFailure)
		}
		for _, finding := range validationFindings(t, s.dir) {
			t.Errorf("%v: CDK template validation: %s", ctx, finding)
		}
		for _, st := range s.stacks {
			id := *st.StackName()
			for _, kind := range []string{cloudassembly.TypeError, cloudassembly.TypeWarning} {
				for _, msg := range annotations(t, s.dir, id, kind) {
					if strings.Contains(msg, "AwsSolutions-") {
						t.Errorf("%v %s: cdk-nag %s at %s", ctx, id, kind, msg)
					}
				}
			}
			var tmpl struct {
				Resources map[string]struct {
					Metadata struct {
						CdkNag struct {
							RulesToSuppress []struct{ ID, Reason string } `json:"rules_to_suppress"`
						} `json:"cdk_nag"`
					}
				}
			}
			if err := json.Unmarshal([]byte(s.raw[id]), &tmpl); err != nil {
				t.Fatal(err)
			}
			for res, r := range tmpl.Resources {
				for _, rule := range r.Metadata.CdkNag.RulesToSuppress {
					if len(strings.TrimSpace(rule.Reason)) < 20 {
						t.Errorf("%s %s: suppression of %s without a real reason: %q", id, res, rule.ID, rule.Reason)
					}
				}
			}
		}
	}
}

// TestSynthTimeChecksSeeFindings is the control of TestSynthTimeChecks:
// the same synthesis and readers report a template CloudFormation would
// reject and a queue cdk-nag objects to.
func TestSynthTimeChecksSeeFindings(t *testing.T) {
	dir := t.TempDir()
	app := newTestApp(t, dir, nil, true)
	st := awscdk.NewStack(app, jsii.String("Bad"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String("us-east-1")}})
	awscdk.NewCfnResource(st, jsii.String("Rule"), &awscdk.CfnResourceProps{
		Type:       jsii.String("AWS::Events::Rule"),
		Properties: &map[string]any{"State": "ON", "EventPattern": map[string]any{"source": []string{"aws.signin"}}},
	})
	awssqs.NewQueue(st, jsii.String("Queue"), nil) // no dead-letter queue, no TLS policy
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	if err := synthesize(app); err == nil || !strings.Contains(err.Error(), "Validation failed") {
		t.Errorf("synthesis with cdk-nag errors: %v, want it to fail validation", err)
	}
	findings := validationFindings(t, dir)
	if len(findings) != 1 || !strings.Contains(findings[0], "'ON' is not one of") {
		t.Errorf("findings = %q, want the one about State", findings)
	}
	nag := strings.Join(annotations(t, dir, "Bad", cloudassembly.TypeError), "\n")
	if !strings.Contains(nag, "AwsSolutions-SQS3") || !strings.Contains(nag, "AwsSolutions-SQS4") {
		t.Errorf("cdk-nag errors = %q, want SQS3 and SQS4 on the queue", nag)
	}
}

// validationFindings reads the report CDK's built-in CloudFormation
// validation writes next to the assembly (validation-report.json): the
// findings of that plugin, as "RULE stack/path: description". Construct
// annotations, which CDK copies into the same report, are left out: the
// tests check them where they are made.
func validationFindings(t *testing.T, dir string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "validation-report.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		PluginReports []struct {
			PluginName string
			Violations []struct {
				RuleName, Description string
				ViolatingConstructs   []struct{ ConstructPath string }
			}
		}
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatalf("validation-report.json: %v", err)
	}
	var out []string
	for _, p := range report.PluginReports {
		if p.PluginName == "Construct Annotations" {
			continue
		}
		for _, v := range p.Violations {
			var at []string
			for _, c := range v.ViolatingConstructs {
				at = append(at, c.ConstructPath)
			}
			out = append(out, p.PluginName+" "+v.RuleName+" "+strings.Join(at, ",")+": "+v.Description)
		}
	}
	slices.Sort(out)
	return out
}
