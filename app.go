// Command signin-notifier is the CDK app: it reads the CDK context, validates
// it, and defines one stack per region that posts every AWS Management
// Console sign-in, failed sign-in, switch role and switch back to Slack.
//
//	cdk synth                       # 17 regional stacks, hub in us-east-1
//	cdk synth -c regions=us-east-1,eu-west-1 -c topology=direct
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/config"
	"github.com/signin-notifier/signin-notifier/stacks"
)

func main() {
	os.Exit(run())
}

// run synthesizes the app and returns the process exit code. Bad context is
// reported as one line on stderr before any stack exists.
func run() int {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	cfg, err := config.Parse(contextValues(app), regionCatalog())
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	buildApp(app, cfg, os.Getenv("CDK_DEFAULT_ACCOUNT"))
	app.Synth(nil)
	return 0
}

// contextValues returns the app's own context keys, plus any other key that
// looks like a misspelled one (CDK's own keys contain ':' or start with '@').
func contextValues(app awscdk.App) map[string]any {
	out := map[string]any{}
	if all, ok := app.Node().GetAllContext(nil).(map[string]any); ok {
		for k, v := range all {
			if !strings.ContainsAny(k, ":@") && !slices.Contains(cdkContextKeys, k) {
				out[k] = v
			}
		}
	}
	for _, k := range config.Keys {
		if v := app.Node().TryGetContext(jsii.String(k)); v != nil {
			out[k] = v
		}
	}
	return out
}

// cdkContextKeys are context keys the CDK CLI or libraries set themselves.
var cdkContextKeys = []string{"acknowledged-issue-numbers", "assetStaging", "cli-telemetry"}

// regionCatalog reads aws-cdk-go's region-info.
func regionCatalog() []config.Region {
	var out []config.Region
	for _, r := range *regioninfo.RegionInfo_Regions() {
		out = append(out, config.Region{Name: *r.Name(), Partition: *r.Partition(), OptIn: *r.IsOptInRegion()})
	}
	return out
}

// stackID names the stack of a region; stable, because changing it creates a
// new CloudFormation stack.
func stackID(region string) string { return "SigninNotifier-" + region }

// buildApp defines one NotifierStack per region of cfg and returns them in
// cfg.Regions order. account pins the stacks' account when non-empty.
func buildApp(app awscdk.App, cfg config.Config, account string) []*stacks.NotifierStack {
	var webhook awscdk.SecretValue
	if cfg.SlackWebhookURL != "" {
		webhook = awscdk.SecretValue_UnsafePlainText(jsii.String(cfg.SlackWebhookURL))
	} else {
		webhook = awscdk.SecretValue_SecretsManager(jsii.String(cfg.SlackWebhookSecret), nil)
	}
	var accountName *string
	if cfg.AccountName != "" {
		accountName = jsii.String(cfg.AccountName)
	}
	notifier := func(region string) *constructs.SigninNotifierProps {
		return &constructs.SigninNotifierProps{
			SlackWebhookUrl:     webhook,
			AccountName:         accountName,
			IncludeSwitchEvents: jsii.Bool(cfg.SwitchEventsIn(region)),
		}
	}

	out := make([]*stacks.NotifierStack, 0, len(cfg.Regions))
	var home *stacks.NotifierStack
	for _, region := range cfg.Regions {
		env := &awscdk.Environment{Region: jsii.String(region)}
		if account != "" {
			env.Account = jsii.String(account)
		}
		props := &stacks.NotifierStackProps{StackProps: awscdk.StackProps{Env: env}}
		forward := &stacks.ForwarderProps{
			HubRegion:           jsii.String(cfg.HomeRegion),
			HubEventBusName:     jsii.String(constructs.DefaultHubEventBusName),
			IncludeSwitchEvents: jsii.Bool(cfg.SwitchEventsIn(region)),
		}
		switch {
		case cfg.Topology == config.TopologyDirect:
			props.Description = jsii.String("signin-notifier: console sign-in notifications for " + region)
			props.Notifier = notifier(region)
		case region == cfg.HomeRegion:
			props.Description = jsii.String("signin-notifier: hub of console sign-in notifications, and the forwarder of " + region)
			props.Notifier = notifier(region)
			// The hub hears from every region, us-east-1 included.
			props.Notifier.IncludeSwitchEvents = jsii.Bool(true)
			props.Notifier.EventBusName = jsii.String(constructs.DefaultHubEventBusName)
			props.Forwarder = forward
		default:
			props.Description = jsii.String("signin-notifier: forwards console sign-in events of " + region + " to the hub in " + cfg.HomeRegion)
			props.Forwarder = forward
		}
		stack := stacks.NewNotifierStack(app, stackID(region), props)
		if cfg.SlackWebhookURL != "" && props.Notifier != nil {
			awscdk.Annotations_Of(stack.Stack).AddWarningV2(jsii.String("signin-notifier:plain-webhook-url"),
				jsii.String("slackWebhookUrl puts the Slack webhook URL into this template in plain text: for anything but a trial, store it in Secrets Manager and set slackWebhookSecret"), nil)
		}
		if region == cfg.HomeRegion && cfg.Topology == config.TopologyHub {
			home = stack
		}
		out = append(out, stack)
	}
	if home != nil {
		for _, s := range out {
			if s != home {
				s.AddStackDependency(home.Stack, jsii.String("the hub event bus must exist before spokes forward to it"))
			}
		}
	}
	return out
}
