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
	cfg, err := config.Parse(config.ApplyDefaultAccount(contextValues(app), os.Getenv("CDK_DEFAULT_ACCOUNT")), regionCatalog())
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	plan, err := cfg.Plan()
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	account := os.Getenv("CDK_DEFAULT_ACCOUNT")
	if cfg.Organization != nil {
		// The hub's stacks belong in the hub account: deploying them with
		// credentials of another account fails instead of misplacing them.
		account = cfg.Organization.HubAccount
	}
	if _, err := buildApp(app, cfg, plan, account); err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
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
// with the row's bus, forwarders, notifier or StackSets. account pins the
// stacks' account when non-empty. A spoke template too large for a
// StackSet is an error.
func buildApp(app awscdk.App, cfg config.Config, plan []config.StackPlan, account string) ([]*stacks.NotifierStack, error) {
	byID := map[string]*stacks.NotifierStack{}
	var out []*stacks.NotifierStack
	for _, row := range plan {
		props := stackProps(cfg, row)
		props.Env = &awscdk.Environment{Region: jsii.String(row.Region)}
		if account != "" {
			props.Env.Account = jsii.String(account)
		}
		bodies, err := spokeTemplates(app, cfg, row.StackSets)
		if err != nil {
			return nil, err
		}
		for _, set := range row.StackSets {
			body := bodies[set.Name]
			if len(body) > constructs.MaxTemplateBodyBytes {
				return nil, fmt.Errorf("the spoke template of StackSet %s is %d bytes, over the %d CloudFormation accepts inline as TemplateBody: ignore fewer principals (%s)", set.Name, len(body), constructs.MaxTemplateBodyBytes, config.KeyIgnorePrincipals)
			}
			ss := &constructs.SigninStackSetProps{
				StackSetName:          jsii.String(set.Name),
				Description:           jsii.String(set.Description),
				TemplateBody:          jsii.String(body),
				OrganizationalUnitIds: jsii.Strings(set.Units...),
				Regions:               jsii.Strings(set.Regions...),
				ExcludeAccounts:       jsii.Strings(set.ExcludeAccounts...),
				CallAs:                jsii.String(set.CallAs),
			}
			if set.OptIn {
				ss.FailureTolerancePercentage = jsii.Number(100)
			}
			props.StackSets = append(props.StackSets, ss)
		}
		stack := stacks.NewNotifierStack(app, row.ID, props)
		if row.Notifier != nil && row.Notifier.Destination.URL != "" {
			warnPlainURL(stack, row.Notifier.Destination.Kind)
		}
		byID[row.ID] = stack
		out = append(out, stack)
	}
	for i, row := range plan {
		for _, dep := range row.DependsOn {
			out[i].AddStackDependency(byID[dep].Stack, jsii.String("the signin-notifier bus must exist before forwarders and notifiers use it"))
		}
	}
	return out, nil
}

// stackProps returns the props of the NotifierStack of a plan row, without
// an environment.
func stackProps(cfg config.Config, row config.StackPlan) *stacks.NotifierStackProps {
	props := &stacks.NotifierStackProps{StackProps: awscdk.StackProps{Description: jsii.String(row.Description)}}
	if row.Bus != "" {
		props.HubEventBusName = jsii.String(row.Bus)
		if row.BusOrganization != "" {
			props.HubOrganizationId = jsii.String(row.BusOrganization)
		}
	}
	if f := row.Forward; f != nil {
		props.Forwarder = &stacks.ForwarderProps{
			HubRegion:           jsii.String(f.ToRegion),
			HubEventBusName:     jsii.String(f.ToBus),
			IncludeSwitchEvents: jsii.Bool(f.Options.IncludeSwitch),
			IgnorePrincipals:    f.Options.IgnorePrincipals,
			WatchBusNames:       f.Watch.BusNames,
			WatchNamePrefixes:   f.Watch.NamePrefixes,
		}
		if f.ToAccount != "" {
			props.Forwarder.HubAccount = jsii.String(f.ToAccount)
		}
	}
	if n := row.Notifier; n != nil {
		var accountName *string
		if cfg.AccountName != "" {
			accountName = jsii.String(cfg.AccountName)
		}
		props.NotifierEventBusName = jsii.String(n.Bus)
		props.Notifier = &constructs.SigninNotifierProps{
			Destination:          destination(n.Destination),
			AccountName:          accountName,
			IncludeSwitchEvents:  jsii.Bool(n.IncludeSwitch),
			Severities:           n.Destination.Severities,
			Group:                n.Group,
			IgnoreSourceCidrs:    cfg.Filters.IgnoreSourceCIDRs,
			IgnoreSourceCidrsFor: cfg.Filters.IgnoreSourceSeverities,
			Accounts:             cfg.Filters.Accounts,
		}
	}
	return props
}

// spokeTemplates synthesizes the spoke rows of the StackSets, each as an
// environment-agnostic stack named after its StackSet, in one app of their
// own with the context (feature flags) of app but without version
// reporting, and returns each template as compact JSON by StackSet name:
// the TemplateBody every stack instance deploys.
func spokeTemplates(app awscdk.App, cfg config.Config, sets []config.StackSetPlan) (map[string]string, error) {
	if len(sets) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "signin-notifier-spoke-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	values := map[string]any{}
	if all, ok := app.Node().GetAllContext(nil).(map[string]any); ok {
		for k, v := range all {
			values[k] = v
		}
	}
	values["aws:cdk:version-reporting"] = false
	spokeApp := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &values, AnalyticsReporting: jsii.Bool(false)})
	for _, set := range sets {
		stacks.NewNotifierStack(spokeApp, set.Spoke.ID, stackProps(cfg, set.Spoke))
	}
	out := *spokeApp.Synth(nil).Directory()
	bodies := map[string]string{}
	for _, set := range sets {
		raw, err := os.ReadFile(filepath.Join(out, set.Spoke.ID+".template.json"))
		if err != nil {
			return nil, fmt.Errorf("spoke template: %v", err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return nil, fmt.Errorf("spoke template: %v", err)
		}
		bodies[set.Name] = compact.String()
	}
	return bodies, nil
}

// destination builds the construct destination of a configured one: a
// plain URL for trials, otherwise Secrets Manager dynamic references.
func destination(d config.Destination) *constructs.Destination {
	value := func() awscdk.SecretValue {
		if d.URL != "" {
			return awscdk.SecretValue_UnsafePlainText(jsii.String(d.URL))
		}
		return awscdk.SecretValue_SecretsManager(jsii.String(d.Secret), nil)
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
			auth = awscdk.SecretValue_SecretsManager(jsii.String(d.AuthSecret), nil)
		}
		return constructs.Webhook(value(), auth)
	}
	return constructs.SlackWebhook(value())
}

func warnPlainURL(stack *stacks.NotifierStack, kind constructs.Kind) {
	awscdk.Annotations_Of(stack.Stack).AddWarningV2(jsii.String("signin-notifier:plain-webhook-url"),
		jsii.String("the "+string(kind)+" webhook URL is in this template in plain text: for anything but a trial, store it in Secrets Manager and set the matching ...Secret context key"), nil)
}
