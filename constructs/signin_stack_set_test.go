package constructs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

func stackSetProps(body string) *constructs.SigninStackSetProps {
	return &constructs.SigninStackSetProps{
		StackSetName:          jsii.String("spokes"),
		TemplateBody:          jsii.String(body),
		OrganizationalUnitIds: jsii.Strings("ou-abcd-abcdefgh"),
		Regions:               jsii.Strings("eu-west-1", "us-east-2"),
	}
}

func TestStackSetDefaults(t *testing.T) {
	stack := newStack()
	constructs.NewSigninStackSet(stack, jsii.String("S"), stackSetProps(`{"Resources":{}}`))
	tmpl := assertions.Template_FromStack(stack, nil)
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
		"TemplateBody": `{"Resources":{}}`,
	})
}

func TestStackSetExcludesAccountsAndCallsAsSelf(t *testing.T) {
	stack := newStack()
	p := stackSetProps(`{"Resources":{}}`)
	p.ExcludeAccounts = jsii.Strings("111111111111")
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

func TestStackSetRefusesBadProps(t *testing.T) {
	cases := []struct {
		name  string
		props *constructs.SigninStackSetProps
		want  string
	}{
		{"template too large", stackSetProps(`{"Description":"` + strings.Repeat("x", constructs.MaxTemplateBodyBytes) + `"}`), "over the 51200 CloudFormation accepts inline"},
		{"bad name", func() *constructs.SigninStackSetProps {
			p := stackSetProps("{}")
			p.StackSetName = jsii.String("1spokes")
			return p
		}(), "must start with a letter"},
		{"no regions", func() *constructs.SigninStackSetProps { p := stackSetProps("{}"); p.Regions = nil; return p }(), "Regions is required"},
		{"no OUs", func() *constructs.SigninStackSetProps {
			p := stackSetProps("{}")
			p.OrganizationalUnitIds = &[]*string{}
			return p
		}(), "OrganizationalUnitIds is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
					t.Errorf("panic %q, want one line with %q", msg, tc.want)
				}
			}()
			constructs.NewSigninStackSet(newStack(), jsii.String("S"), tc.props)
		})
	}
}
