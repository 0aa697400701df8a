package stacks_test

import (
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/stacks"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// newApp is an app without CDK's built-in CloudFormation template
// validation: it is most of a synth's time, and the app's
// TestSynthTimeChecks runs it on every topology these stacks make.
func newApp() awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
}

var hub = &stacks.Hub{Region: "us-east-1", EventBusName: constructs.DefaultHubEventBusName}

func env(region string) awscdk.StackProps {
	return awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String(region)}}
}

// TestStackShapes: the three kinds of stack the app deploys, each with
// exactly its resources, and no bootstrap parameter or rule.
func TestStackShapes(t *testing.T) {
	// As in cdk.json: partition literals for a pinned region.
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"@aws-cdk/core:enablePartitionLiterals": true}, BuiltinCloudFormationValidation: jsii.Bool(false)})
	home := stacks.NewNotifierStack(app, "Home", &stacks.NotifierStackProps{StackProps: env("us-east-1"), Hub: hub, DefineHub: true, Forwarder: &stacks.ForwarderProps{}})
	spoke := stacks.NewNotifierStack(app, "Spoke", &stacks.NotifierStackProps{StackProps: env("eu-west-1"), Hub: hub, Forwarder: &stacks.ForwarderProps{IncludeSwitchEvents: jsii.Bool(false)}})
	notifier := stacks.NewNotifierStack(app, "Notifier", &stacks.NotifierStackProps{StackProps: env("us-east-1"), Hub: hub, Notifier: &constructs.SigninNotifierProps{
		SlackWebhookUrl: awscdk.SecretValue_SecretsManager(jsii.String("s"), nil), Group: constructs.GroupSecurity,
	}})
	h := assertions.Template_FromStack(home.Stack, nil)
	h.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(1))
	h.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(3))
	h.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{"Arn": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^HubEventBus")), "Arn"}}})},
	})
	s := assertions.Template_FromStack(spoke.Stack, nil)
	s.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(0))
	s.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{"Arn": "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub"})},
	})
	n := assertions.Template_FromStack(notifier.Stack, nil)
	n.ResourceCountIs(jsii.String("AWS::Events::ApiDestination"), jsii.Number(1))
	n.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{"EventBusName": "signin-notifier-hub"})
	for _, st := range []*stacks.NotifierStack{home, spoke, notifier} {
		tmpl := assertions.Template_FromStack(st.Stack, nil).ToJSON()
		if (*tmpl)["Parameters"] != nil || (*tmpl)["Rules"] != nil {
			t.Errorf("%s has bootstrap Parameters or Rules", *st.StackName())
		}
	}
	if home.Hub() == nil || home.Forwarder() == nil || home.Notifier() != nil || notifier.Notifier() == nil {
		t.Error("accessors do not match the stack's contents")
	}
}

// TestEveryRuleHasOneTarget guards the Targets.0 overrides the constructs
// write (input transformer, dead-letter queue): each rule has exactly one
// target.
func TestEveryRuleHasOneTarget(t *testing.T) {
	for i, p := range []*stacks.NotifierStackProps{
		{StackProps: env("us-east-1"), Hub: hub, DefineHub: true, Forwarder: &stacks.ForwarderProps{IgnorePrincipals: []string{"arn:aws:iam::111122223333:user/ci"}}},
		{StackProps: env("us-east-1"), Hub: hub, Notifier: &constructs.SigninNotifierProps{SlackWebhookUrl: awscdk.SecretValue_SecretsManager(jsii.String("s"), nil)}},
	} {
		st := stacks.NewNotifierStack(newApp(), "S"+string(rune('A'+i)), p)
		rules := assertions.Template_FromStack(st.Stack, nil).FindResources(jsii.String("AWS::Events::Rule"), nil)
		for id, r := range *rules {
			targets := (*r)["Properties"].(map[string]any)["Targets"].([]any)
			if len(targets) != 1 {
				t.Errorf("%s has %d targets, want 1", id, len(targets))
			}
		}
	}
}

func TestMisuseFailsBeforeAnyResource(t *testing.T) {
	cases := []struct {
		props *stacks.NotifierStackProps
		want  string
	}{
		{&stacks.NotifierStackProps{StackProps: env("us-east-1"), Forwarder: &stacks.ForwarderProps{}}, "Hub is required"},
		{&stacks.NotifierStackProps{StackProps: env("eu-west-1"), Hub: hub, DefineHub: true}, `must be in the hub's region us-east-1, not "eu-west-1"`},
	}
	for _, tc := range cases {
		app := newApp()
		func() {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
					t.Errorf("panic = %v, want one line with %q", r, tc.want)
				}
			}()
			stacks.NewNotifierStack(app, "X", tc.props)
		}()
		if n := len(*app.Node().Children()); n != 0 {
			t.Errorf("misuse left %d constructs behind", n)
		}
	}
}
