// Command signin-notifier is the CDK app: it reads the CDK context, validates
// it, and defines one stack per region that posts every AWS Management
// Console sign-in, failed sign-in, switch role and switch back to Slack.
//
//	cdk synth                       # 17 regional stacks, hub in us-east-1
//	cdk synth -c regions=us-east-1,eu-west-1 -c topology=direct
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/config"
	"github.com/signin-notifier/signin-notifier/internal/enabledregions"
	"github.com/signin-notifier/signin-notifier/internal/signin"
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
	ctx := contextValues(app)
	if config.WantsEnabledRegions(ctx) {
		all, _ := app.Node().GetAllContext(nil).(map[string]any)
		enabled, err := enabledregions.Resolver{Log: os.Stderr}.Resolve(context.Background(), all, os.Getenv("CDK_DEFAULT_ACCOUNT"))
		if err != nil {
			fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
			return 1
		}
		var unknown []string
		ctx, unknown = config.WithEnabledRegions(ctx, enabled, regionCatalog())
		if len(unknown) > 0 {
			fmt.Fprintf(os.Stderr, "signin-notifier: warning: context regions=\"enabled\": the account has enabled %s, which this CDK version does not know yet; they get no stack (upgrade aws-cdk-go)\n", strings.Join(unknown, ","))
		}
	}
	cfg, err := config.Parse(ctx, regionCatalog())
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(os.Stderr, "signin-notifier: warning: %s\n", w)
	}
	plan, err := cfg.Plan()
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	buildApp(app, cfg, plan, os.Getenv("CDK_DEFAULT_ACCOUNT"))
	assembly := app.Synth(nil)
	large, err := largeTemplates(*assembly.Directory())
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	for _, l := range large {
		fmt.Fprintf(os.Stderr, "signin-notifier: warning: %s\n", l)
	}
	return 0
}

// inlineLimit is the template size `cdk deploy` sends inline: the CLI
// serializes the template as YAML and uploads anything longer to the
// bootstrap bucket, which exists only after `cdk bootstrap`.
const inlineLimit = 51200

// yamlRatio bounds how much longer the CLI's YAML is than compact JSON for
// these templates (measured 1.16 to 1.24).
const yamlRatio = 1.25

// largeTemplates names the templates of a cloud assembly that are likely too
// large for cdk deploy to send inline, with the fix.
func largeTemplates(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return nil, fmt.Errorf("template %s: %v", f, err)
		}
		if est := int(float64(utf8.RuneCount(compact.Bytes())) * yamlRatio); est > inlineLimit {
			stack := strings.TrimSuffix(filepath.Base(f), ".template.json")
			out = append(out, fmt.Sprintf("%s is about %d characters as cdk deploy sends it, over the %d that deploy without a bootstrap bucket: run cdk bootstrap in its region first, or ignore fewer source ranges", stack, est, inlineLimit))
		}
	}
	return out, nil
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

// buildApp turns the plan of cfg into stacks: per row one NotifierStack
// with the row's bus, forwarders or notifier. account pins the stacks'
// account when non-empty.
func buildApp(app awscdk.App, cfg config.Config, plan []config.StackPlan, account string) []*stacks.NotifierStack {
	var accountName *string
	if cfg.AccountName != "" {
		accountName = jsii.String(cfg.AccountName)
	}
	byID := map[string]*stacks.NotifierStack{}
	var out []*stacks.NotifierStack
	for _, row := range plan {
		env := &awscdk.Environment{Region: jsii.String(row.Region)}
		if account != "" {
			env.Account = jsii.String(account)
		}
		props := &stacks.NotifierStackProps{StackProps: awscdk.StackProps{Env: env, Description: jsii.String(row.Description)}, DefineHub: row.Bus != ""}
		if row.Bus != "" {
			props.Hub = &stacks.Hub{Region: row.Region, EventBusName: row.Bus}
			if row.Burst.On() {
				props.FailedSignInBurst = &row.Burst
			}
		}
		if f := row.Forward; f != nil {
			props.Hub = &stacks.Hub{Region: f.ToRegion, EventBusName: f.ToBus}
			props.Forwarder = &stacks.ForwarderProps{
				IncludeSwitchEvents: jsii.Bool(f.Options.IncludeSwitch),
				IgnorePrincipals:    f.Options.IgnorePrincipals,
			}
		}
		if n := row.Notifier; n != nil {
			props.Hub = &stacks.Hub{Region: row.Region, EventBusName: n.Bus}
			props.Notifier = &constructs.SigninNotifierProps{
				Destination:         destination(n.Destination, cfg.SecretVersions),
				AccountName:         accountName,
				IncludeSwitchEvents: jsii.Bool(n.IncludeSwitch),
				Severities:          n.Destination.Severities,
				Group:               n.Group,
				IncludeTestRule:     jsii.Bool(n.IncludeTest),
				FailedSignInBurst:   burstOrNil(n.Burst),
				IgnoreSourceIps:     cfg.Filters.IgnoreSourceIPs,
				IgnoreSourceIpsFor:  cfg.Filters.IgnoreSourceIPsFor,
				Accounts:            cfg.Filters.Accounts,
			}
		}
		if al := row.Alarms; al != nil {
			props.Alarms = &stacks.AlarmProps{PublishForwarded: jsii.Bool(al.PublishForwarded)}
			if al.TopicARN != "" {
				props.Alarms.TopicArn = jsii.String(al.TopicARN)
			} else {
				props.Alarms.DefineTopic = jsii.Bool(true)
				if al.Email != "" {
					props.Alarms.Email = jsii.String(al.Email)
				}
			}
		}
		if r := row.AlarmRoute; r != nil {
			props.Alarms = &stacks.AlarmProps{}
			switch {
			case r.ForwardToRegion != "":
				props.Alarms.ForwardToRegion = jsii.String(r.ForwardToRegion)
			case r.TopicARN != "":
				props.Alarms.TopicArn = jsii.String(r.TopicARN)
			}
		}
		stack := stacks.NewNotifierStack(app, row.ID, props)
		if al := row.Alarms; al != nil && al.TopicARN == "" && al.Email == "" {
			awscdk.Annotations_Of(stack.Stack).AddWarningV2(jsii.String("signin-notifier:alarm-topic-without-subscriber"),
				jsii.String("nobody is subscribed to the alarm topic "+constructs.DefaultAlarmTopicName+" in "+row.Region+", so an undeliverable sign-in notification tells nobody: set -c alarmEmail=ADDRESS (or alarmTopicArn), or subscribe to the topic"), nil)
		}
		byID[row.ID] = stack
		out = append(out, stack)
	}
	for i, row := range plan {
		for _, dep := range row.DependsOn {
			out[i].AddStackDependency(byID[dep].Stack, jsii.String("the signin-notifier bus must exist before forwarders and notifiers use it"))
		}
	}
	return out
}

// destination builds the construct destination of a configured one: a
// plain URL for trials, otherwise Secrets Manager dynamic references, pinned
// to the version in versions when there is one (see secretValue).
func destination(d config.Destination, versions map[string]string) *constructs.Destination {
	value := func() awscdk.SecretValue {
		if d.URL != "" {
			return awscdk.SecretValue_UnsafePlainText(jsii.String(d.URL))
		}
		return secretValue(d.Secret, versions)
	}
	switch d.Kind {
	case constructs.KindSlackApp:
		return constructs.SlackApp(value(), d.Channel)
	case constructs.KindTeams:
		return constructs.TeamsWorkflow(value())
	case constructs.KindDiscord:
		return constructs.DiscordWebhook(value())
	case constructs.KindWebhook:
		var auth awscdk.SecretValue
		if d.AuthSecret != "" {
			auth = secretValue(d.AuthSecret, versions)
		}
		return constructs.Webhook(value(), auth)
	}
	return constructs.SlackWebhook(value())
}

func burstOrNil(b signin.Burst) *signin.Burst {
	if !b.On() {
		return nil
	}
	return &b
}
