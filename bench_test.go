package main

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
)

// BenchmarkSynthDefaultApp measures what `cdk synth` spends inside the app:
// parse the (empty) context, define every stack of the plan (17 regions,
// the home region's alarms and Slack notifier stacks), synthesize them.
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
		want := plannedStacks(b, cfg)
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(b.TempDir()), Context: &values})
		if n := len(mustBuild(b, app, cfg).Stacks()); n != want {
			b.Fatalf("%d stacks, plan has %d", n, want)
		}
		app.Synth(nil)
	}
}

// BenchmarkSynthOrganizationApp is BenchmarkSynthDefaultApp for topology
// organization over the same 17 regions: the hub account's stacks, the
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
		want := plannedStacks(b, cfg)
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(b.TempDir()), Context: &values})
		if n := len(mustBuild(b, app, cfg).Stacks()); n != want {
			b.Fatalf("%d stacks, plan has %d", n, want)
		}
		app.Synth(nil)
	}
}

// plannedStacks is the number of stacks config.Plan promises for cfg; the
// benchmark fails if the app defines a different number.
func plannedStacks(b *testing.B, cfg config.Config) int {
	b.Helper()
	rows, err := cfg.Plan()
	if err != nil {
		b.Fatal(err)
	}
	return len(rows)
}
