package constructs_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/stacks"
)

// spoke is a forwarder stack in an app of its own, environment-agnostic,
// as a StackSet deploys it.
func spoke(t *testing.T) awscdk.Stack {
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false)})
	s := stacks.NewSigninStack(app, jsii.String("Spoke"), nil)
	hub := awsevents.EventBus_FromEventBusArn(s, jsii.String("Hub"), jsii.String("arn:aws:events:us-east-1:111111111111:event-bus/"+constructs.DefaultHubEventBusName))
	constructs.NewSigninForwarder(s, jsii.String("Forwarder"), &constructs.SigninForwarderProps{
		HubEventBus: hub, DeadLetters: constructs.NewDeadLetters(s, jsii.String("DeadLetters"), &constructs.DeadLettersProps{Alarm: constructs.NoAlarm()}),
	})
	return s
}

func stackSetProps(spoke awscdk.Stack) *constructs.SigninStackSetProps {
	return &constructs.SigninStackSetProps{
		StackSetName:          jsii.String("spokes"),
		Spoke:                 spoke,
		OrganizationalUnitIds: []string{"ou-abcd-abcdefgh"},
		Regions:               []string{"eu-west-1", "us-east-2"},
	}
}

// TestStackSetDefaults: service-managed, automatic deployment, and the
// spoke's synthesized template, byte for byte (compact), as TemplateBody.
func TestStackSetDefaults(t *testing.T) {
	stack := newStack()
	sp := spoke(t)
	s := constructs.NewSigninStackSet(stack, jsii.String("S"), stackSetProps(sp))
	raw, err := os.ReadFile(*awscdk.Stage_Of(sp).Synth(nil).GetStackArtifact(sp.ArtifactId()).TemplateFullPath())
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, raw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body.String(), `"signin-notifier-watch"`) {
		t.Fatalf("the spoke template lacks its forwarder: %.200s", body.String())
	}
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::CloudFormation::StackSet"), jsii.Number(1))
	tmpl.HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), map[string]any{
		"StackSetName":     "spokes",
		"PermissionModel":  "SERVICE_MANAGED",
		"CallAs":           "DELEGATED_ADMIN",
		"AutoDeployment":   map[string]any{"Enabled": true, "RetainStacksOnAccountRemoval": false},
		"Capabilities":     []any{"CAPABILITY_IAM"},
		"ManagedExecution": map[string]any{"Active": true},
		"OperationPreferences": map[string]any{
			"RegionConcurrencyType": "PARALLEL", "ConcurrencyMode": "SOFT_FAILURE_TOLERANCE",
			"FailureTolerancePercentage": 10, "MaxConcurrentPercentage": 25,
		},
		"StackInstancesGroup": []any{map[string]any{
			"DeploymentTargets": map[string]any{"OrganizationalUnitIds": []any{"ou-abcd-abcdefgh"}, "AccountFilterType": assertions.Match_Absent()},
			"Regions":           []any{"eu-west-1", "us-east-2"},
		}},
		"TemplateBody": body.String(),
	})
	if s.StackSet() == nil {
		t.Error("StackSet() is nil")
	}
}

func TestStackSetExcludesAccountsAndCallsAsSelf(t *testing.T) {
	stack := newStack()
	p := stackSetProps(spoke(t))
	p.ExcludeAccounts = []string{"111111111111"}
	p.CallAs = jsii.String(constructs.CallAsSelf)
	p.FailureTolerancePercentage = jsii.Number(100)
	constructs.NewSigninStackSet(stack, jsii.String("S"), p)
	assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), map[string]any{
		"CallAs":               "SELF",
		"OperationPreferences": assertions.Match_ObjectLike(&map[string]any{"FailureTolerancePercentage": 100}),
		"StackInstancesGroup": []any{map[string]any{
			"DeploymentTargets": map[string]any{"OrganizationalUnitIds": []any{"ou-abcd-abcdefgh"}, "Accounts": []any{"111111111111"}, "AccountFilterType": "DIFFERENCE"},
			"Regions":           []any{"eu-west-1", "us-east-2"},
		}},
	})
}

// TestStackSetNameFromAParameter: a name resolved at deploy time is passed
// on unchecked.
func TestStackSetNameFromAParameter(t *testing.T) {
	stack := newStack()
	p := stackSetProps(spoke(t))
	p.StackSetName = token(stack, "Name")
	constructs.NewSigninStackSet(stack, jsii.String("S"), p)
	assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), map[string]any{"StackSetName": map[string]any{"Ref": "Name"}})
}

func TestStackSetMisuse(t *testing.T) {
	cases := []struct {
		name  string
		props func(t *testing.T, stack awscdk.Stack) *constructs.SigninStackSetProps
		want  string
	}{
		{"nil props", func(*testing.T, awscdk.Stack) *constructs.SigninStackSetProps { return nil }, `SigninStackSet "S": StackSetName and Spoke are required`},
		{"template too large", func(t *testing.T, _ awscdk.Stack) *constructs.SigninStackSetProps {
			sp := spoke(t)
			awscdk.NewCfnResource(sp, jsii.String("Big"), &awscdk.CfnResourceProps{Type: jsii.String("Custom::Big"), Properties: &map[string]any{"Data": strings.Repeat("x", constructs.MaxTemplateBodyBytes)}})
			return stackSetProps(sp)
		}, "over the 51200 CloudFormation accepts inline"},
		{"bad name", func(t *testing.T, _ awscdk.Stack) *constructs.SigninStackSetProps {
			p := stackSetProps(spoke(t))
			p.StackSetName = jsii.String("1spokes")
			return p
		}, "must start with a letter"},
		{"no regions", func(t *testing.T, _ awscdk.Stack) *constructs.SigninStackSetProps {
			p := stackSetProps(spoke(t))
			p.Regions = nil
			return p
		}, "Regions is required"},
		{"no OUs", func(t *testing.T, _ awscdk.Stack) *constructs.SigninStackSetProps {
			p := stackSetProps(spoke(t))
			p.OrganizationalUnitIds = []string{}
			return p
		}, "OrganizationalUnitIds is required"},
		{"spoke in the same app", func(_ *testing.T, stack awscdk.Stack) *constructs.SigninStackSetProps {
			return stackSetProps(stacks.NewSigninStack(stack.Node().Root().(awscdk.App), jsii.String("Spoke"), nil))
		}, "belongs to the StackSet's own App: define it in an App of its own"},
		{"spoke pinned to a region", func(*testing.T, awscdk.Stack) *constructs.SigninStackSetProps {
			return stackSetProps(stacks.NewSigninStack(newApp(), jsii.String("Spoke"), &stacks.SigninStackProps{StackProps: awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}}}))
		}, "is pinned to account ${Token[AWS.AccountId.", // the account is the deploying one's, the region a literal
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack()
			props := tc.props(t, stack)
			mustPanic(t, []string{tc.want}, func() { constructs.NewSigninStackSet(stack, jsii.String("S"), props) })
			if n := len(*stack.Node().Children()); n != 0 {
				t.Errorf("misuse left %d constructs behind", n)
			}
		})
	}
}
