package constructs_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

// ExampleNewSigninNotifier embeds the notifier in a stack of your own app:
// one line of props, the webhook URL read from Secrets Manager at deploy
// time. (No Output comment: compiled, not run.)
func ExampleNewSigninNotifier() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
	})
	notifier := constructs.NewSigninNotifier(stack, jsii.String("SigninNotifier"), &constructs.SigninNotifierProps{
		SlackWebhookUrl: awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil),
		AccountName:     jsii.String("Production"),
	})
	// Be told when Slack rejects a message: notifier.Alarm().AddAlarmAction(...)
	_ = notifier.Alarm()
	app.Synth(nil)
}

// ExampleNewSigninForwarder forwards another region's sign-in events to a
// hub bus defined by a SigninHub in us-east-1.
func ExampleNewSigninForwarder() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Spoke"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("eu-west-1")},
	})
	hub := awsevents.EventBus_FromEventBusArn(stack, jsii.String("Hub"),
		jsii.String("arn:aws:events:us-east-1:111122223333:event-bus/"+constructs.DefaultHubEventBusName))
	constructs.NewSigninForwarder(stack, jsii.String("Forwarder"), &constructs.SigninForwarderProps{
		HubEventBus:         hub,
		IncludeSwitchEvents: jsii.Bool(false), // us-east-1 forwards those
	})
	app.Synth(nil)
}
