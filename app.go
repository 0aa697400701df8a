// Command signin-notifier is the CDK app: it reads the CDK context, validates
// it, and defines one stack per region that posts every AWS Management
// Console sign-in, failed sign-in, switch role and switch back to Slack.
//
//	cdk synth                       # 17 regional stacks, hub in us-east-1
//	cdk synth -c regions=us-east-1,eu-west-1 -c topology=direct
package main

import (
	"bytes"
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
	cfg, err := config.Parse(contextValues(app), regionCatalog())
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	buildApp(app, cfg, os.Getenv("CDK_DEFAULT_ACCOUNT"))
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

// stackID names the stack of a region; stable, because changing it creates a
// new CloudFormation stack.
func stackID(region string) string { return "SigninNotifier-" + region }

// buildApp defines the stacks of cfg and returns them: per region the
// regional stack SigninNotifier-<region> (forwarder, hub bus, Slack webhook
// notifier), and in the regions that notify one SigninNotifier-<region>-<kind>
// stack per other destination, so that every template stays under the
// 51,200 bytes CloudFormation accepts without a bootstrap bucket. account
// pins the stacks' account when non-empty.
func buildApp(app awscdk.App, cfg config.Config, account string) []*stacks.NotifierStack {
	var accountName *string
	if cfg.AccountName != "" {
		accountName = jsii.String(cfg.AccountName)
	}
	notifier := func(d config.Destination, region string) *constructs.SigninNotifierProps {
		return &constructs.SigninNotifierProps{
			Destination:          destination(d, cfg.SecretVersions),
			AccountName:          accountName,
			IncludeSwitchEvents:  jsii.Bool(cfg.Topology == config.TopologyHub || cfg.SwitchEventsIn(region)),
			Severities:           d.Severities,
			IgnorePrincipals:     cfg.Filters.IgnorePrincipals,
			IgnoreSourceCidrs:    cfg.Filters.IgnoreSourceCIDRs,
			IgnoreSourceCidrsFor: cfg.Filters.IgnoreSourceSeverities,
			Accounts:             cfg.Filters.Accounts,
		}
	}
	env := func(region string) *awscdk.Environment {
		e := &awscdk.Environment{Region: jsii.String(region)}
		if account != "" {
			e.Account = jsii.String(account)
		}
		return e
	}
	hub := cfg.Topology == config.TopologyHub
	alarms := newAlarmPlan(cfg)

	var out []*stacks.NotifierStack
	var home *stacks.NotifierStack
	for _, region := range cfg.Regions {
		if st := alarms.defineRegion(app, region, env(region)); st != nil {
			out = append(out, st)
		}
		notifies := !hub || region == cfg.HomeRegion
		props := &stacks.NotifierStackProps{StackProps: awscdk.StackProps{Env: env(region)}}
		var slack *config.Destination
		for i, d := range cfg.Destinations {
			if d.Kind == constructs.KindSlack && notifies {
				slack = &cfg.Destinations[i]
			}
		}
		if slack != nil {
			props.Notifier = notifier(*slack, region)
		}
		switch {
		case !hub:
			props.Description = jsii.String("signin-notifier: console sign-in notifications for " + region)
		case region == cfg.HomeRegion:
			props.Description = jsii.String("signin-notifier: hub of console sign-in notifications, and the forwarder of " + region)
			props.HubEventBusName = jsii.String(constructs.DefaultHubEventBusName)
		default:
			props.Description = jsii.String("signin-notifier: forwards console sign-in events of " + region + " to the hub in " + cfg.HomeRegion)
		}
		if hub {
			props.Forwarder = &stacks.ForwarderProps{
				HubRegion:           jsii.String(cfg.HomeRegion),
				HubEventBusName:     jsii.String(constructs.DefaultHubEventBusName),
				IncludeSwitchEvents: jsii.Bool(cfg.SwitchEventsIn(region)),
			}
		}
		if props.Notifier != nil || props.Forwarder != nil {
			props.Alarms = alarms.props(region)
			stack := stacks.NewNotifierStack(app, stackID(region), props)
			alarms.defined(region, stack)
			if slack != nil && slack.URL != "" {
				warnPlainURL(stack, slack.Kind)
			}
			if hub && region == cfg.HomeRegion {
				home = stack
			}
			out = append(out, stack)
		}

		if !notifies {
			continue
		}
		for _, d := range cfg.Destinations {
			if d.Kind == constructs.KindSlack {
				continue
			}
			np := notifier(d, region)
			if !hasRules(cfg, d, *np.IncludeSwitchEvents) {
				continue // routed only to switch events, which this region leaves to us-east-1
			}
			p := &stacks.NotifierStackProps{
				StackProps: awscdk.StackProps{Env: env(region), Description: jsii.String("signin-notifier: console sign-in notifications to " + string(d.Kind) + " in " + region)},
				Notifier:   np,
			}
			if hub {
				p.NotifierEventBusName = jsii.String(constructs.DefaultHubEventBusName)
			}
			p.Alarms = alarms.props(region)
			stack := stacks.NewNotifierStack(app, stackID(region)+"-"+d.StackSuffix(), p)
			alarms.defined(region, stack)
			if d.URL != "" {
				warnPlainURL(stack, d.Kind)
			}
			out = append(out, stack)
		}
	}
	if home != nil {
		for _, s := range out {
			if s != home && (s.Notifier() != nil || s.Forwarder() != nil) {
				s.AddStackDependency(home.Stack, jsii.String("the hub event bus must exist before spokes and destinations use it"))
			}
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

// hasRules reports whether destination d gets any rule in a stack.
func hasRules(cfg config.Config, d config.Destination, includeSwitch bool) bool {
	rules, err := signin.Rules(signin.Options{IncludeSwitch: includeSwitch, Kind: d.Kind, SlackChannel: d.Channel, Severities: d.Severities, Filters: cfg.Filters})
	return err != nil || len(rules) > 0 // an error surfaces in the construct, with its message
}

func warnPlainURL(stack *stacks.NotifierStack, kind constructs.Kind) {
	awscdk.Annotations_Of(stack.Stack).AddWarningV2(jsii.String("signin-notifier:plain-webhook-url"),
		jsii.String("the "+string(kind)+" webhook URL is in this template in plain text: for anything but a trial, store it in Secrets Manager and set the matching ...Secret context key"), nil)
}
