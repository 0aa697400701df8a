package constructs_test

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	notifier "github.com/signin-notifier/signin-notifier/constructs"
)

// ExampleNewSigninDeployment gives an app of your own every region, as the
// signin-notifier app deploys them: a forwarder stack per region, the hub
// with one notifier per destination and rule group in us-east-1, and the
// alarm topic. (No Output comment: compiled, not run.)
func ExampleNewSigninDeployment() {
	app := awscdk.NewApp(nil)
	notifier.NewSigninDeployment(app, &notifier.SigninDeploymentProps{
		Regions: notifier.DefaultRegions(),
		Routes: []*notifier.Route{
			{Destination: notifier.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil))},
			{Destination: notifier.TeamsWorkflow(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/teams-url"), nil)), Severities: notifier.HighSeverities()},
		},
		AlarmEmail: jsii.String("security@example.com"),
	})
	app.Synth(nil)
}

// ExampleNewSigninNotifier embeds one region's notifier in a stack of your
// own app: the hub bus it reads, the forwarder rules that choose what goes
// on it, the webhook URL read from Secrets Manager at deploy time,
// undeliverable messages mailed to the security team. It sees the events of
// the stack's own region; NewSigninDeployment covers every region.
func ExampleNewSigninNotifier() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Security"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
	})
	alarms := notifier.NewAlarmTopic(stack, jsii.String("Alarms"), &notifier.AlarmTopicProps{Email: jsii.String("security@example.com")})
	failures := notifier.NewDeadLetters(stack, jsii.String("Failures"), &notifier.DeadLettersProps{Alarm: notifier.AlarmToTopic(alarms.Topic())})
	hub := notifier.NewSigninHub(stack, jsii.String("Hub"), nil)
	notifier.NewSigninForwarder(stack, jsii.String("Forwarder"), &notifier.SigninForwarderProps{
		HubEventBus:       hub.EventBus(),
		WatchNamePrefixes: []string{"Security-"}, // the stack's name starts the names of its rules
		DeadLetters:       failures,
	})
	notifier.NewSigninNotifier(stack, jsii.String("SigninNotifier"), &notifier.SigninNotifierProps{
		Destination: notifier.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil)),
		EventBus:    hub.EventBus(),
		AccountName: jsii.String("Production"),
		DeadLetters: failures,
	})
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
		jsii.String("arn:aws:events:us-east-1:111122223333:event-bus/"+notifier.DefaultHubEventBusName))
	notifier.NewSigninForwarder(stack, jsii.String("Forwarder"), &notifier.SigninForwarderProps{
		HubEventBus:         hub,
		IncludeSwitchEvents: jsii.Bool(false), // us-east-1 forwards those
	})
	app.Synth(nil)
}
