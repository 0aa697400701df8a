package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/signin-notifier/signin-notifier/internal/config"
)

// TestCdkNagAwsSolutions applies cdk-nag's AwsSolutions pack (v2, pinned in
// go.mod) to apps built by buildApp, for every topology: no unsuppressed
// finding, and every suppression carries a reason.
func TestCdkNagAwsSolutions(t *testing.T) {
	for _, ctx := range []map[string]any{
		{config.KeyRegions: "us-east-1,eu-west-1"},
		{config.KeyRegions: "us-east-1,eu-west-1", config.KeyTopology: "direct", config.KeyAlarmEmail: "security@example.com"},
		{
			config.KeyRegions: "us-east-1,eu-west-1", config.KeyTopology: "organization", config.KeyOrganizationID: "o-abcdefghij",
			config.KeyOrganizationalUnits: "ou-abcd-abcdefgh", config.KeyHubAccount: testAccount,
		},
		{
			config.KeyRegions: "us-east-1,eu-west-1", config.KeySlackBotTokenSecret: "bot", config.KeySlackChannel: "C0123456789",
			config.KeyTeamsWebhookSecret: "teams", config.KeyDiscordWebhookSecret: "discord", config.KeyWebhookSecret: "hook",
			config.KeyWebhookAuthSecret: "hook-auth", config.KeyIgnoreSourceIPs: "203.0.113.0/24",
		},
	} {
		cfg, err := config.Parse(ctx, regionCatalog())
		if err != nil {
			t.Fatal(err)
		}
		values := cdkJSONContext(t)
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: &values})
		built := mustBuild(t, app, cfg)
		awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
		// An unsuppressed nag error makes synthesis itself fail; report it
		// as a finding instead of a jsii stack trace.
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%v: synthesis with cdk-nag failed: %v", ctx, r)
				}
			}()
			app.Synth(nil)
		}()

		for _, st := range built {
			a := assertions.Annotations_FromStack(st.Stack)
			nag := assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-"))
			for _, kind := range []struct {
				name     string
				messages *[]*cxapi.SynthesisMessage
			}{{"error", a.FindError(jsii.String("*"), nag)}, {"warning", a.FindWarning(jsii.String("*"), nag)}} {
				for _, m := range *kind.messages {
					t.Errorf("%v %s: cdk-nag %s at %s: %v", ctx, *st.StackName(), kind.name, *m.Id, (*m.Entry).Data)
				}
			}
			tmpl := assertions.Template_FromStack(st.Stack, nil).ToJSON()
			for id, r := range (*tmpl)["Resources"].(map[string]any) {
				meta, _ := r.(map[string]any)["Metadata"].(map[string]any)
				nagMeta, _ := meta["cdk_nag"].(map[string]any)
				rules, _ := nagMeta["rules_to_suppress"].([]any)
				for _, rule := range rules {
					b, _ := json.Marshal(rule)
					reason, _ := rule.(map[string]any)["reason"].(string)
					if len(strings.TrimSpace(reason)) < 20 {
						t.Errorf("%s %s: suppression without a real reason: %s", *st.StackName(), id, b)
					}
				}
			}
		}
	}
}
