package constructs_test

import (
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	signin "github.com/signin-notifier/signin-notifier/constructs"
)

// README:begin
// NewMyStack is the stack of a project made with `cdk init app --language go`,
// which imports constructs-go as "constructs"; import signin-notifier's
// constructs package as "signin" beside it.
func NewMyStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)
	notifier := signin.NewSigninNotifier(stack, jsii.String("SigninNotifier"), &signin.SigninNotifierProps{
		SlackWebhookUrl: awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil),
		AccountName:     jsii.String("Production"),
		Group:           signin.GroupSignIn,                  // and a second notifier with signin.GroupSecurity
		AlarmEmail:      jsii.String("security@example.com"), // told of every undeliverable message
	})
	_ = notifier.Alarm() // the alarm on each new dead letter
	return stack
}

// README:end

// TestReadmeConstructSnippet: the README's construct snippet is this file's
// code, which compiles beside constructs-go imported as "constructs" and
// synthesizes.
func TestReadmeConstructSnippet(t *testing.T) {
	src, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	code := string(src)
	snippet := strings.TrimSpace(code[strings.Index(code, "// README:begin")+len("// README:begin") : strings.Index(code, "// README:end")])
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), snippet) {
		t.Errorf("README.md does not contain the construct snippet of readme_example_test.go verbatim:\n%s", snippet)
	}
	if !strings.Contains(string(readme), `signin "github.com/signin-notifier/signin-notifier/constructs"`) {
		t.Error("README.md does not show the import alias")
	}
	stack := NewMyStack(newApp(), "MyStack", nil)
	assertions.Template_FromStack(stack, nil).ResourceCountIs(jsii.String("AWS::Events::ApiDestination"), jsii.Number(1))
}
