// Command consumer is a CDK app of a user of the signin-notifier construct
// library, in a module of its own: constructs' TestConsumerModule builds it
// against the library, and checks that it names every exported identifier
// of the package, so that the public API stands on its own.
package main

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	notifier "github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/stacks"
)

func secret(name string) awscdk.SecretValue {
	return awscdk.SecretValue_SecretsManager(jsii.String(name), nil)
}

// everyRegion is the whole deployment, as the signin-notifier app makes it.
func everyRegion(app awscdk.App) *notifier.SigninDeployment {
	props := &notifier.SigninDeploymentProps{
		Regions:    notifier.DefaultRegions(),
		HomeRegion: jsii.String("us-east-1"),
		Topology:   notifier.TopologyHub,
		Routes: []*notifier.Route{
			{Destination: notifier.SlackWebhook(secret("slack-url"))},
			{Destination: notifier.SlackApp(secret("slack-bot"), "C0123456789"), Severities: notifier.HighSeverities()},
			{Destination: notifier.TeamsWorkflow(secret("teams-url")), Severities: []notifier.Severity{notifier.SeverityRoot, notifier.SeverityTamper, notifier.SeverityAnomaly}},
			{Destination: notifier.DiscordWebhook(secret("discord-url")), Severities: []notifier.Severity{notifier.SeverityFailure, notifier.SeverityNoMFA, notifier.SeverityIncomplete}},
			{Destination: notifier.Webhook(secret("hook-url"), secret("hook-auth")), Severities: []notifier.Severity{notifier.SeveritySignIn, notifier.SeveritySwitchRole, notifier.SeveritySwitchBack}},
		},
		AccountName:        jsii.String("Production"),
		IgnorePrincipals:   []string{"arn:aws:sts::*:assumed-role/BreakGlassDrill/*"},
		IgnoreSourceIps:    []string{"203.0.113.0/24"},
		IgnoreSourceIpsFor: []notifier.Severity{notifier.SeveritySignIn},
		Accounts:           []string{"111111111111", "111122223333"},
		FailedSignInBurst:  &notifier.Burst{Threshold: jsii.Number(10), Period: awscdk.Duration_Minutes(jsii.Number(5))},
		AlarmEmail:         jsii.String("security@example.com"),
		HeartbeatPeriod:    awscdk.Duration_Hours(jsii.Number(1)),
		Account:            jsii.String("111111111111"),
		Organization: &notifier.SigninOrganization{
			OrganizationId: jsii.String("o-abcdefghij"), OrganizationalUnitIds: []string{"ou-abcd-abcdefgh"}, CallAs: jsii.String(notifier.CallAsDelegatedAdmin),
		},
	}
	if err := notifier.CheckSigninDeployment(props); err != nil {
		panic(err)
	}
	d := notifier.NewSigninDeployment(app, props)
	fmt.Println(len(d.Stacks()), d.Stack("SigninNotifier-us-east-1") != nil, len(d.Hubs()), len(d.Notifiers()), len(d.Forwarders()),
		len(d.AlarmTopics()), len(d.StackSets()), len(d.Heartbeats()))
	for _, s := range d.StackSets() {
		_ = s.StackSet()
	}
	for _, h := range d.Hubs() {
		_, _, _, _ = h.EventBus(), h.BurstAlarm(), h.HeartbeatAlarm(), h.MemberHeartbeatAlarm()
	}
	for _, h := range d.Heartbeats() {
		_, _ = h.Schedule(), h.Role()
	}
	return d
}

// oneStack holds the building blocks in a stack of the user's own.
func oneStack(scope constructs.Construct) awscdk.Stack {
	stack := stacks.NewSigninStack(scope, jsii.String("Security"), &stacks.SigninStackProps{StackProps: awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
	}})
	alarms := notifier.NewAlarmTopic(stack, jsii.String("Alarms"), &notifier.AlarmTopicProps{Email: jsii.String("security@example.com"), TopicName: jsii.String(notifier.DefaultAlarmTopicName)})
	_ = alarms.Key()
	failures := notifier.NewDeadLetters(stack, jsii.String("Failures"), &notifier.DeadLettersProps{Alarm: notifier.AlarmToTopic(alarms.Topic())})
	_, _, _ = failures.Queue(), failures.Alarm(), failures.AlarmTopic()
	hub := notifier.NewSigninHub(stack, jsii.String("Hub"), &notifier.SigninHubProps{
		EventBusName:      jsii.String(notifier.DefaultHubEventBusName),
		FailedSignInBurst: &notifier.Burst{Threshold: jsii.Number(5), Period: awscdk.Duration_Minutes(jsii.Number(10))},
		DeadLetters:       failures,
		Heartbeat: &notifier.HeartbeatWatch{Period: awscdk.Duration_Hours(jsii.Number(1)), Senders: jsii.Number(1), Members: jsii.Bool(false),
			AlarmTopic: alarms.Topic()},
	})
	var slack *notifier.Destination = notifier.SlackWebhook(secret("slack-url"))
	n := notifier.NewSigninNotifier(stack, jsii.String("Notifier"), &notifier.SigninNotifierProps{
		Destination:         slack,
		Severities:          notifier.AllSeverities(),
		Group:               notifier.GroupSignIn,
		EventBus:            hub.EventBus(),
		AccountName:         jsii.String("Production"),
		IncludeSwitchEvents: jsii.Bool(true),
		IncludeTestRule:     jsii.Bool(true),
		IgnoreSourceIps:     []string{"203.0.113.0/24"},
		IgnoreSourceIpsFor:  []notifier.Severity{notifier.SeverityNoMFA},
		Accounts:            []string{"111111111111"},
		RateLimitPerSecond:  jsii.Number(1),
		RetryAttempts:       jsii.Number(185),
		MaxEventAge:         awscdk.Duration_Hours(jsii.Number(24)),
		DeadLetters:         failures,
	})
	notifier.NewSigninNotifier(stack, jsii.String("Security"), &notifier.SigninNotifierProps{
		Destination: notifier.SlackWebhook(secret("slack-url")), Group: notifier.GroupSecurity, EventBus: hub.EventBus(),
		FailedSignInBurst: &notifier.Burst{Threshold: jsii.Number(5), Period: awscdk.Duration_Minutes(jsii.Number(10))}, DeadLetters: failures,
	})
	for _, g := range []notifier.Group{notifier.GroupBreakGlass, notifier.GroupBreakGlassSwitch} {
		notifier.NewSigninNotifier(stack, jsii.String("BreakGlass"+string(g)), &notifier.SigninNotifierProps{
			Destination: notifier.SlackWebhook(secret("slack-url")), Group: g, EventBus: hub.EventBus(),
			Severities: []notifier.Severity{notifier.SeverityBreakGlass}, BreakGlassRoles: []string{"BreakGlass"}, DeadLetters: failures,
		})
	}
	var specs []notifier.RuleSpec = n.RuleSpecs()
	for _, r := range specs {
		if r.Severity == notifier.SeverityTest {
			fmt.Println(r.ID, r.Group, r.State, r.Description, len(r.EventPattern), len(r.InputPathsMap), len(r.InputTemplate))
		}
	}
	_, _, _, _, _, _ = n.Rules(), n.Connection(), n.ApiDestination(), n.Role(), n.DeadLetters(), n.EventBus()
	fmt.Println(n.RuleSpecs()[0].Severity == notifier.SeverityRoot, notifier.KindSlack, notifier.KindSlackApp, notifier.KindTeams, notifier.KindDiscord, notifier.KindWebhook,
		notifier.SlackWebhook(secret("x")).Kind())
	f := notifier.NewSigninForwarder(stack, jsii.String("Forwarder"), &notifier.SigninForwarderProps{
		HubEventBus:         hub.EventBus(),
		IncludeSwitchEvents: jsii.Bool(true),
		IgnorePrincipals:    []string{"arn:aws:iam::111111111111:user/ci"},
		WatchNamePrefixes:   []string{"Security"},
		WatchBusNames:       []string{notifier.DefaultHubEventBusName},
		WatchRuleName:       jsii.String(notifier.DefaultWatchRuleName),
		BreakGlassRoles:     []string{"BreakGlass"},
		DeadLetters:         failures,
	})
	_, _, _, _, _, _ = f.Rule(), f.AlertRule(), f.WatchRule(), f.Role(), f.DeadLetters(), f.BreakGlassRules()
	var sender notifier.HeartbeatSender = notifier.HeartbeatFromStack
	hb := notifier.NewSigninHeartbeat(stack, jsii.String("Heartbeat"), &notifier.SigninHeartbeatProps{Period: awscdk.Duration_Hours(jsii.Number(1)), Sender: sender})
	_ = hb
	home := awsevents.EventBus_FromEventBusName(stack, jsii.String("Default"), jsii.String("default"))
	var forward *notifier.AlarmRoute = notifier.AlarmToEventBus(home)
	spokeFailures := notifier.NewDeadLetters(stack, jsii.String("SpokeFailures"), &notifier.DeadLettersProps{Alarm: forward})
	_ = notifier.NewDeadLetters(stack, jsii.String("Quiet"), &notifier.DeadLettersProps{Alarm: notifier.NoAlarm()})
	_ = spokeFailures
	p := notifier.NewAlarmPublisher(stack, jsii.String("Publisher"), &notifier.AlarmPublisherProps{Topic: awssns.Topic_FromTopicArn(stack, jsii.String("T"), jsii.String("arn:aws:sns:us-east-1:111111111111:t"))})
	_, _ = p.Rule(), p.DeadLetters()

	spokeApp := awscdk.NewApp(nil)
	spoke := stacks.NewSigninStack(spokeApp, jsii.String("Spoke"), nil)
	notifier.NewSigninHeartbeat(spoke, jsii.String("Heartbeat"), &notifier.SigninHeartbeatProps{Sender: notifier.HeartbeatFromMember})
	notifier.NewSigninStackSet(stack, jsii.String("Spokes"), &notifier.SigninStackSetProps{
		StackSetName: jsii.String("spokes"), Description: jsii.String("spokes"), Spoke: spoke,
		OrganizationalUnitIds: []string{"ou-abcd-abcdefgh"}, Regions: []string{"eu-west-1"}, ExcludeAccounts: []string{"111111111111"},
		CallAs: jsii.String(notifier.CallAsSelf), FailureTolerancePercentage: jsii.Number(10), MaxConcurrentPercentage: jsii.Number(25),
	})
	fmt.Println(notifier.AlarmNamePrefix, notifier.BurstAlarmName, notifier.MaxTemplateBodyBytes, notifier.OrganizationStatementID, notifier.OwnAccountStatementID,
		notifier.HeartbeatScheduleName, notifier.MemberHeartbeatScheduleName, notifier.HeartbeatAlarmName, notifier.MemberHeartbeatAlarmName, notifier.TopologyDirect)
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	everyRegion(app)
	oneStack(app)
	app.Synth(nil)
}
