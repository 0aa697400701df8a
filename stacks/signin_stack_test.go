package stacks_test

import (
	"os"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/stacks"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

func newApp() awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
}

// TestNeedsNoBootstrap: by default a SigninStack uses the
// LegacyStackSynthesizer, so its template has no bootstrap version
// parameter or rule and `cdk deploy` needs no `cdk bootstrap`; a
// synthesizer of the caller's wins.
func TestNeedsNoBootstrap(t *testing.T) {
	app := newApp()
	cases := []struct {
		id        string
		props     *stacks.SigninStackProps
		bootstrap bool
	}{
		{"Nil", nil, false},
		{"Pinned", &stacks.SigninStackProps{StackProps: awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}, Description: jsii.String("d")}}, false},
		{"Default", &stacks.SigninStackProps{StackProps: awscdk.StackProps{Synthesizer: awscdk.NewDefaultStackSynthesizer(nil)}}, true},
	}
	var defined []awscdk.Stack
	for _, tc := range cases {
		st := stacks.NewSigninStack(app, jsii.String(tc.id), tc.props)
		awssqs.NewQueue(st, jsii.String("Q"), nil)
		defined = append(defined, st)
	}
	for i, tc := range cases {
		tmpl := *assertions.Template_FromStack(defined[i], nil).ToJSON()
		if got := tmpl["Parameters"] != nil || tmpl["Rules"] != nil; got != tc.bootstrap {
			t.Errorf("%s: bootstrap parameters or rules = %v, want %v", tc.id, got, tc.bootstrap)
		}
	}
	if got := (*assertions.Template_FromStack(defined[1], nil).ToJSON())["Description"]; got != "d" {
		t.Errorf("Description = %v, want the props' d", got)
	}
}
