// Command signin-notifier is the CDK app: it reads the CDK context, validates
// it, and defines one stack per region that posts every AWS Management
// Console sign-in, failed sign-in, switch role and switch back to Slack.
//
//	cdk synth                       # 17 regional stacks, hub in us-east-1
//	cdk synth -c regions=us-east-1,eu-west-1 -c topology=direct
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/app/config"
	_ "github.com/signin-notifier/signin-notifier/internal/app/quietnode" // before the CDK starts Node
	"github.com/signin-notifier/signin-notifier/internal/core/cfnsize"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
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
	d, err := buildApp(app, cfg, account)
	if err != nil {
		fmt.Fprintf(os.Stderr, "signin-notifier: %v\n", err)
		return 1
	}
	if os.Getenv(progressVariable) != "" {
		fmt.Fprintf(os.Stderr, "signin-notifier: synthesizing %d stacks for %d regions\n", len(d.Stacks()), len(cfg.Regions))
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

// progressVariable, when set (tools/synth.sh sets it), has the app say how
// many stacks it synthesizes before it does.
const progressVariable = "SIGNIN_NOTIFIER_PROGRESS"

// largeTemplates names the templates of a cloud assembly too large for
// `cdk deploy` to send inline, with the fix: the CLI sends a template as
// YAML of at most 51,200 UTF-16 code units, and a larger one through the
// bootstrap bucket, which exists only after `cdk bootstrap`. The size is
// the CLI's own (cfnsize lays the YAML out as the CLI does).
func largeTemplates(dir string) ([]string, error) {
	asm, err := cloudassembly.Read(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, st := range asm.Stacks {
		var tmpl any
		if err := json.Unmarshal(st.Template, &tmpl); err != nil {
			return nil, fmt.Errorf("stack %s: template %s: %v", st.Name, st.TemplateFile, err)
		}
		if n := cfnsize.YAMLUpperBound(tmpl); n > cfnsize.InlineLimit {
			out = append(out, fmt.Sprintf("%s is %d characters as cdk deploy sends it, over the %d that deploy without a bootstrap bucket: run cdk bootstrap in its region first, or ignore fewer source ranges", st.Name, n, cfnsize.InlineLimit))
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

// buildApp defines cfg's stacks in app through the public composition.
// account pins the stacks' account when non-empty; an organization's are
// pinned to the hub account, so that deploying them with credentials of
// another account fails instead of misplacing them. A configuration the
// plan refuses is an error naming the context key to change (the
// composition itself would name its props).
func buildApp(app awscdk.App, cfg config.Config, account string) (*constructs.SigninDeployment, error) {
	cfg.Account = account
	if _, err := cfg.Plan(); err != nil {
		return nil, err
	}
	if cfg.Organization != nil {
		account = cfg.Organization.HubAccount
	}
	return constructs.NewSigninDeployment(app, deploymentProps(cfg, account)), nil
}

// deploymentProps are the props of the composition for cfg; account pins
// the stacks' account when non-empty (the hub account of an organization).
func deploymentProps(cfg config.Config, account string) *constructs.SigninDeploymentProps {
	p := &constructs.SigninDeploymentProps{
		Regions:            cfg.Regions,
		HomeRegion:         jsii.String(cfg.HomeRegion),
		IgnorePrincipals:   cfg.Filters.IgnorePrincipals,
		IgnoreSourceIps:    cfg.Filters.IgnoreSourceIPs,
		IgnoreSourceIpsFor: severities(cfg.Filters.IgnoreSourceIPsFor),
		Accounts:           cfg.Filters.Accounts,
		BreakGlassRoles:    cfg.BreakGlassRoles,
	}
	if cfg.Topology == config.TopologyDirect {
		p.Topology = constructs.TopologyDirect
	}
	for _, d := range cfg.Destinations {
		p.Routes = append(p.Routes, &constructs.Route{Destination: destination(d, cfg.SecretVersions), Severities: severities(d.Severities)})
	}
	if cfg.AccountName != "" {
		p.AccountName = jsii.String(cfg.AccountName)
	}
	if cfg.HeartbeatMinutes == 0 {
		p.NoHeartbeat = jsii.Bool(true)
	} else {
		p.HeartbeatPeriod = awscdk.Duration_Minutes(jsii.Number(float64(cfg.HeartbeatMinutes)))
	}
	if b := cfg.Burst; b.On() {
		p.FailedSignInBurst = &constructs.Burst{Threshold: jsii.Number(float64(b.Threshold)), Period: awscdk.Duration_Minutes(jsii.Number(float64(b.PeriodMinutes)))}
	}
	if cfg.Alarms.Email != "" {
		p.AlarmEmail = jsii.String(cfg.Alarms.Email)
	}
	if cfg.Alarms.TopicARN != "" {
		p.AlarmTopicArn = jsii.String(cfg.Alarms.TopicARN)
	}
	if o := cfg.Organization; o != nil {
		p.Organization = &constructs.SigninOrganization{OrganizationId: jsii.String(o.ID), OrganizationalUnitIds: o.Units, CallAs: jsii.String(o.CallAs)}
	}
	if account != "" {
		p.Account = jsii.String(account)
	}
	return p
}

// severities converts the severities of the core to the library's.
func severities(in []signin.Severity) []constructs.Severity {
	if in == nil {
		return nil
	}
	out := make([]constructs.Severity, len(in))
	for i, s := range in {
		out[i] = constructs.Severity(s)
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
	switch constructs.Kind(d.Kind) {
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
