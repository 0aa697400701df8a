package constructs_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	notifier "github.com/signin-notifier/signin-notifier/constructs"
)

// The README shows the code between each begin and end marker verbatim
// (less one tab of indentation), so it compiles here, in a package that,
// like a project made with `cdk init app --language go`, imports
// constructs-go as "constructs".

// README:stack:begin
// NewMyStack is the stack of a project made with `cdk init app --language go`,
// which imports constructs-go as "constructs"; import signin-notifier's
// constructs package as "notifier" beside it.
func NewMyStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)
	alarms := notifier.NewAlarmTopic(stack, jsii.String("Alarms"), &notifier.AlarmTopicProps{
		Email: jsii.String("security@example.com"), // told of every undeliverable message
	})
	failures := notifier.NewDeadLetters(stack, jsii.String("Failures"), &notifier.DeadLettersProps{
		Alarm: notifier.AlarmToTopic(alarms.Topic()),
	})
	// the bus the notifier reads, and the rules of this region's default bus
	// that choose what goes on it
	hub := notifier.NewSigninHub(stack, jsii.String("Hub"), nil)
	notifier.NewSigninForwarder(stack, jsii.String("Forwarder"), &notifier.SigninForwarderProps{
		HubEventBus:       hub.EventBus(),
		WatchNamePrefixes: []string{*stack.StackName() + "-"}, // this stack's rules: changes outside CloudFormation are reported
		DeadLetters:       failures,
	})
	notifier.NewSigninNotifier(stack, jsii.String("SigninNotifier"), &notifier.SigninNotifierProps{
		Destination: notifier.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil)),
		EventBus:    hub.EventBus(),
		AccountName: jsii.String("Production"),
		DeadLetters: failures,
	})
	return stack
}

// README:stack:end

// newMyDeployment is the main function of such a project, given its app.
func newMyDeployment(app awscdk.App) *notifier.SigninDeployment {
	// README:deployment:begin
	// every region of the account, as the signin-notifier app deploys it
	deployment := notifier.NewSigninDeployment(app, &notifier.SigninDeploymentProps{
		Regions: notifier.DefaultRegions(),
		Routes: []*notifier.Route{{
			Destination: notifier.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil)),
		}},
		AccountName: jsii.String("Production"),
		AlarmEmail:  jsii.String("security@example.com"),
	})
	// README:deployment:end
	return deployment
}

// snippet returns the code between the named markers of this file.
func snippet(t *testing.T, name string) string {
	t.Helper()
	src, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	code := string(src)
	begin, end := "// README:"+name+":begin\n", "// README:"+name+":end"
	i, j := strings.Index(code, begin), strings.Index(code, end)
	if i < 0 || j < i {
		t.Fatalf("no %s snippet", name)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(code[i+len(begin):j], "\t\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	if name == "stack" { // a top-level declaration: not indented
		return strings.TrimSpace(code[i+len(begin) : j])
	}
	return strings.Join(lines, "\n")
}

// TestReadmeConstructSnippets: the README's two library snippets are this
// file's code, which compiles beside constructs-go imported as
// "constructs" and synthesizes.
func TestReadmeConstructSnippets(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"stack", "deployment"} {
		if s := snippet(t, name); !strings.Contains(string(readme), s) {
			t.Errorf("README.md does not contain the %s snippet of readme_example_test.go verbatim:\n%s", name, s)
		}
	}
	if !strings.Contains(string(readme), `notifier "github.com/signin-notifier/signin-notifier/constructs"`) {
		t.Error("README.md does not show the import alias")
	}
	stack := NewMyStack(newApp(), "MyStack", nil)
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::ApiDestination"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(28)) // 25 of the notifier on the hub bus, 3 of the forwarder on the default bus
	onHub, watches := 0, 0
	for _, r := range resourcesOf(tmpl, "AWS::Events::Rule") {
		props := r["Properties"].(map[string]any)
		if props["EventBusName"] != nil {
			onHub++
		}
		if props["Name"] != notifier.DefaultWatchRuleName {
			continue
		}
		watches++
		watch, _ := json.Marshal(props)
		for _, want := range []string{`{"prefix":"MyStack-"}`, `"Ref":"Hub`} {
			if !strings.Contains(string(watch), want) {
				t.Errorf("the watch rule lacks %s: %s", want, watch)
			}
		}
	}
	if onHub != 25 || watches != 1 {
		t.Errorf("%d rules listen on the hub bus and %d are the watch rule, want the notifier's 25 and 1", onHub, watches)
	}
	d := newMyDeployment(newApp())
	if n := len(d.Stacks()); n != 20 {
		t.Errorf("the deployment snippet defines %d stacks, want 17 regional stacks, the alarm topic's and 2 notifier stacks", n)
	}
}
