package constructs_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

func TestHubWithBurstAndOrganization(t *testing.T) {
	stack := newStack()
	h := constructs.NewSigninHub(stack, jsii.String("Hub"), &constructs.SigninHubProps{
		FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(10), Period: awscdk.Duration_Minutes(jsii.Number(5))},
		OrganizationId:    jsii.String("o-abcdefghij"),
	})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::Events::EventBusPolicy"), jsii.Number(2)) // its own account, the organization
	tmpl.HasResourceProperties(jsii.String("AWS::Events::EventBusPolicy"), map[string]any{
		"StatementId": "cdk-" + constructs.OwnAccountStatementID,
		"Statement": assertions.Match_ObjectLike(&map[string]any{
			"Action": "events:PutEvents", "Effect": "Allow", "Condition": assertions.Match_Absent(),
			"Principal": map[string]any{"AWS": map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":iam::111111111111:root"}}}},
		}),
	})
	tmpl.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
		"AlarmName": constructs.BurstAlarmName, "Threshold": 10, "Period": 300, "EvaluationPeriods": 4, "DatapointsToAlarm": 1,
	})
	tmpl.HasResourceProperties(jsii.String("AWS::Events::EventBusPolicy"), map[string]any{
		"Statement": assertions.Match_ObjectLike(&map[string]any{"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-abcdefghij"}}}),
	})
	if h.EventBus() == nil || h.BurstAlarm() == nil {
		t.Error("accessors return nil")
	}
}

// TestHubOrganizationFromAParameter: an organization id resolved at deploy
// time goes into the bus policy unchecked.
func TestHubOrganizationFromAParameter(t *testing.T) {
	stack := newStack()
	constructs.NewSigninHub(stack, jsii.String("Hub"), &constructs.SigninHubProps{OrganizationId: token(stack, "Org")})
	assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String("AWS::Events::EventBusPolicy"), map[string]any{
		"Statement": assertions.Match_ObjectLike(&map[string]any{"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": map[string]any{"Ref": "Org"}}}}),
	})
}

func TestHubMisuse(t *testing.T) {
	cases := []struct {
		name  string
		props *constructs.SigninHubProps
		want  []string
	}{
		{"organization id", &constructs.SigninHubProps{OrganizationId: jsii.String("o-1")}, []string{`SigninHub "Hub": OrganizationId "o-1" is not an organization id`}},
		// The check comes before the bus and the burst alarm exist.
		{"organization id with a burst", &constructs.SigninHubProps{OrganizationId: jsii.String("123456789012"),
			FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(3), Period: awscdk.Duration_Minutes(jsii.Number(1))}}, []string{`OrganizationId "123456789012" is not an organization id`}},
		{"burst threshold", &constructs.SigninHubProps{FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(0), Period: awscdk.Duration_Minutes(jsii.Number(5))}}, []string{`SigninHub "Hub": FailedSignInBurst of 0 within 5 minutes is invalid`}},
		{"burst window", &constructs.SigninHubProps{FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(3), Period: awscdk.Duration_Days(jsii.Number(2))}}, []string{"FailedSignInBurst of 3 within 2 days is invalid", "from 1 minute to 24 hours"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack()
			mustPanic(t, tc.want, func() { constructs.NewSigninHub(stack, jsii.String("Hub"), tc.props) })
			if n := len(*stack.Node().Children()); n != 0 {
				t.Errorf("misuse left %d constructs behind", n)
			}
		})
	}
}
