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
	"github.com/signin-notifier/signin-notifier/internal/app/config"
	_ "github.com/signin-notifier/signin-notifier/internal/app/quietnode" // before the CDK starts Node
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
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
	all, _ := app.Node().GetAllContext(nil).(map[string]any)
	// The settings file under the CDK context, make's ARGS over it.
	ctx, err := config.WithSettings(contextValues(all), config.SettingsFile, os.Getenv(config.ArgsVariable))
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	catalog := regionCatalog()
	// The account of the CLI's credentials, when cdk runs the app.
	account := os.Getenv("CDK_DEFAULT_ACCOUNT")
	if config.WantsEnabledRegions(ctx) {
		enabled, err := config.CachedEnabledRegions(all, account)
		if err != nil {
			fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
			return 1
		}
		var unknown []string
		ctx, unknown = config.WithEnabledRegions(ctx, enabled, catalog)
		if len(unknown) > 0 {
			fmt.Fprintf(os.Stderr, "signin-notifier: warning: context regions=\"enabled\": the account has enabled %s, which this CDK version does not know yet; they get no stack (upgrade aws-cdk-go)\n", strings.Join(unknown, ","))
		}
	}
	cfg, err := config.Parse(config.ApplyDefaultAccount(ctx, account), catalog)
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
	asm, err := cloudassembly.Read(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, st := range asm.Stacks {
		var compact bytes.Buffer
		if err := json.Compact(&compact, st.Template); err != nil {
			return nil, fmt.Errorf("stack %s: template %s: %v", st.Name, st.TemplateFile, err)
		}
		if est := int(float64(utf8.RuneCount(compact.Bytes())) * yamlRatio); est > inlineLimit {
			out = append(out, fmt.Sprintf("%s is about %d characters as cdk deploy sends it, over the %d that deploy without a bootstrap bucket: run cdk bootstrap in its region first, or ignore fewer source ranges", st.Name, est, inlineLimit))
		}
	}
	return out, nil
}

// contextValues returns the app's own context keys out of all the app's
// context, plus any other key that looks like a misspelled one (CDK's own
// keys contain ':' or start with '@').
func contextValues(all map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range all {
		if !strings.ContainsAny(k, ":@") && !slices.Contains(cdkContextKeys, k) {
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
// with the row's bus, forwarders, notifier, alarm topic or StackSets.
// account pins the stacks' account when non-empty. A spoke template too
// large for a StackSet is an error.
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
	return out, nil
}

// stackProps returns the props of the NotifierStack of a plan row, without
// an environment.
func stackProps(cfg config.Config, row config.StackPlan) *stacks.NotifierStackProps {
	props := &stacks.NotifierStackProps{StackProps: awscdk.StackProps{Description: jsii.String(row.Description)}, DefineHub: row.Bus != ""}
	if row.Bus != "" {
		props.Hub = &stacks.Hub{Region: row.Region, EventBusName: row.Bus}
		props.FailedSignInBurst = burstOrNil(row.Burst)
		if row.BusOrganization != "" {
			props.HubOrganizationId = jsii.String(row.BusOrganization)
		}
	}
	if f := row.Forward; f != nil {
		props.Hub = &stacks.Hub{Region: f.ToRegion, EventBusName: f.ToBus, Account: f.ToAccount}
		props.Forwarder = &stacks.ForwarderProps{
			IncludeSwitchEvents: jsii.Bool(f.Options.IncludeSwitch),
			IgnorePrincipals:    f.Options.IgnorePrincipals,
			WatchNamePrefixes:   f.Watch.NamePrefixes,
		}
	}
	if n := row.Notifier; n != nil {
		var accountName *string
		if cfg.AccountName != "" {
			accountName = jsii.String(cfg.AccountName)
		}
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
		case r.None:
			props.Alarms.None = jsii.Bool(true)
		case r.ForwardToRegion != "":
			props.Alarms.ForwardToRegion = jsii.String(r.ForwardToRegion)
		case r.TopicARN != "":
			props.Alarms.TopicArn = jsii.String(r.TopicARN)
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

// burstOrNil is b for a prop, or nil when the burst alarm is off.
func burstOrNil(b signin.Burst) *signin.Burst {
	if !b.On() {
		return nil
	}
	return &b
}
