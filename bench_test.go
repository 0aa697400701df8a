package main

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/config"
)

// BenchmarkSynthDefaultApp measures what `cdk synth` spends inside the app:
// parse the (empty) context, define the 17 regional stacks, synthesize them.
// The jsii kernel is already running after the first iteration, as it is
// for the single synth a CLI run does after start-up.
func BenchmarkSynthDefaultApp(b *testing.B) {
	values := cdkJSONContext(b)
	catalog := regionCatalog()
	for b.Loop() {
		cfg, err := config.Parse(nil, catalog)
		if err != nil {
			b.Fatal(err)
		}
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(b.TempDir()), Context: &values})
		if n := len(mustBuild(b, app, cfg)); n != 19 {
			b.Fatalf("%d stacks", n)
		}
		app.Synth(nil)
	}
}

// BenchmarkSynthOrganizationApp is BenchmarkSynthDefaultApp for topology
// organization over the same 17 regions: the hub account's 19 stacks, the
// organization stack, and the two spoke templates its StackSets embed,
// each synthesized in an app of its own.
func BenchmarkSynthOrganizationApp(b *testing.B) {
	values := cdkJSONContext(b)
	catalog := regionCatalog()
	ctx := map[string]any{}
	for k, v := range orgContext(nil) {
		ctx[k] = v
	}
	for b.Loop() {
		cfg, err := config.Parse(ctx, catalog)
		if err != nil {
			b.Fatal(err)
		}
		if len(cfg.Regions) != 17 {
			b.Fatalf("%d regions", len(cfg.Regions))
		}
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(b.TempDir()), Context: &values})
		if n := len(mustBuild(b, app, cfg)); n != 20 {
			b.Fatalf("%d stacks", n)
		}
		app.Synth(nil)
	}
}
