package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
)

// testAccount pins the account so templates are deterministic.
const testAccount = "111111111111"

// cdkJSONContext returns the feature flags of cdk.json plus the context the
// CDK CLI adds by default (path metadata, version reporting), so tests
// synthesize exactly what `cdk synth` does.
func cdkJSONContext(t testing.TB) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ Context map[string]any }
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	c.Context["aws:cdk:enable-path-metadata"] = true
	c.Context["aws:cdk:version-reporting"] = true
	return c.Context
}

// synthesized is one app synthesized through the same path as main.
type synthesized struct {
	cfg       config.Config
	dir       string
	stacks    []awscdk.Stack
	deployed  *constructs.SigninDeployment
	templates map[string]map[string]any // by stack id
	raw       map[string]string         // template text by stack id
	// checkFailure is why synthesis failed its checks (an error
	// annotation, a cdk-nag error): the assembly is complete, and
	// TestSynthTimeChecks reports the findings.
	checkFailure error
}

// synthesize synthesizes app and returns the failure a synth-time check
// raised after the assembly was written.
func synthesize(app awscdk.App) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	app.Synth(nil)
	return nil
}

// synthApp parses ctx like main does, builds the app with buildApp and
// synthesizes it into a cloud assembly. Each distinct context is
// synthesized once per test binary and shared: callers only read the
// result. CDK's built-in template validation is most of a synth's time, so
// it runs, with cdk-nag's AwsSolutions pack, only for checkedContexts
// (TestSynthTimeChecks reads their findings).
func synthApp(t testing.TB, ctx map[string]string) *synthesized {
	t.Helper()
	key := contextKey(ctx)
	if s, ok := synthCache[key]; ok {
		return s
	}
	checked := slices.ContainsFunc(checkedContexts, func(c map[string]string) bool { return contextKey(c) == key })
	raw := map[string]any{}
	for k, v := range ctx {
		raw[k] = v
	}
	cfg, err := config.Parse(raw, regionCatalog())
	if err != nil {
		t.Fatalf("config.Parse(%v): %v", ctx, err)
	}
	dir, err := os.MkdirTemp(synthRoot, "assembly")
	if err != nil {
		t.Fatal(err)
	}
	app := newTestApp(t, dir, raw, checked)
	s := &synthesized{cfg: cfg, dir: dir, templates: map[string]map[string]any{}, raw: map[string]string{}}
	s.deployed = mustBuild(t, app, cfg)
	s.stacks = s.deployed.Stacks()
	if checked {
		awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	}
	s.checkFailure = synthesize(app)
	for _, st := range s.stacks {
		id := *st.StackName()
		b, err := os.ReadFile(filepath.Join(dir, id+".template.json"))
		if err != nil {
			t.Fatal(err)
		}
		var tmpl map[string]any
		if err := json.Unmarshal(b, &tmpl); err != nil {
			t.Fatal(err)
		}
		s.templates[id] = tmpl
		s.raw[id] = string(b)
	}
	synthCache[key] = s
	return s
}

// checkedContexts are synthesized as `cdk synth` does, with CDK's built-in
// template validation, and with cdk-nag: one of each topology, every
// destination kind and quiet rule, the alarm e-mail subscription. Tests
// share them like any other context.
var checkedContexts = []map[string]string{
	hubWithAlarmEmail,
	directTwoRegions,
	orgContext(map[string]string{config.KeyRegions: "us-east-1,eu-west-1"}),
	everyDestination,
	hubBreakGlass,
}

var (
	hubWithAlarmEmail = map[string]string{config.KeyRegions: "us-east-1,eu-west-1", config.KeyAlarmEmail: "security@example.com"}
	directTwoRegions  = map[string]string{config.KeyRegions: "us-east-1,eu-west-1", config.KeyTopology: "direct"}
	// hubBreakGlass lists the corpus's break-glass roles, in the regions of
	// its break-glass samples: the global STS endpoint (us-east-1) and
	// regional ones (eu-west-1, us-east-2).
	hubBreakGlass = map[string]string{config.KeyRegions: "us-east-1,eu-west-1,us-east-2", config.KeyBreakGlassRoles: strings.Join(samples.BreakGlassRoles, ",")}
)

// synthCache holds every assembly synthApp made, by contextKey; synthRoot
// is the directory they are in, removed by TestMain. jsii tests never run
// in parallel, so the map needs no lock.
var (
	synthCache = map[string]*synthesized{}
	synthRoot  string
)

func contextKey(ctx map[string]string) string {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%q=%q;", k, ctx[k])
	}
	return b.String()
}

// newTestApp is the app the CDK CLI would run with context (cdk.json's
// feature flags plus the CLI's defaults and ctx) writing into dir, with or
// without CDK's built-in CloudFormation template validation.
func newTestApp(t testing.TB, dir string, ctx map[string]any, validate bool) awscdk.App {
	t.Helper()
	values := cdkJSONContext(t)
	for k, v := range ctx {
		values[k] = v
	}
	return awscdk.NewApp(&awscdk.AppProps{
		Outdir:                          jsii.String(dir),
		Context:                         &values,
		BuiltinCloudFormationValidation: jsii.Bool(validate),
	})
}

// resources returns the resources of a template with the given type, by
// logical id, and fails the test unless there are exactly want of them: a
// test that loops over what it found must not pass on nothing.
func resources(t testing.TB, tmpl map[string]any, typ string, want int) map[string]map[string]any {
	t.Helper()
	out := resourcesOf(tmpl, typ)
	if len(out) != want || want < 1 {
		t.Fatalf("%d resources of type %s, want %d (%v)", len(out), typ, want, keys(out))
	}
	return out
}

// plannedRules is the number of EventBridge rules the stack of a plan row
// defines: its forwarders' three (and break-glass rules), its notifier's, the burst and heartbeat
// counters beside its bus, the forward of its dead-letter alarm to the home region, and the
// publisher of the alarms other regions forward.
func plannedRules(row plan.StackPlan) int {
	n := 0
	if row.Forward != nil {
		n += len(plan.ForwardRules(*row.Forward))
	}
	if row.Notifier != nil {
		n += len(row.Notifier.Rules)
	}
	if row.Bus != "" && row.Burst.On() {
		n++
	}
	if w := row.HeartbeatWatch; row.Bus != "" && w != nil {
		n += len(w.CountPatterns())
	}
	if (row.Forward != nil || row.Notifier != nil) && row.AlarmRoute != nil && row.AlarmRoute.ForwardToRegion != "" {
		n++
	}
	if row.Alarms != nil && row.Alarms.PublishForwarded {
		n++
	}
	return n
}

// resourcesOf returns the resources of a template with the given type, by
// logical id, however many: for searches that fail by themselves when
// nothing matches, and for absence checks.
func resourcesOf(tmpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range tmpl["Resources"].(map[string]any) {
		res := r.(map[string]any)
		if res["Type"] == typ {
			out[id] = res
		}
	}
	return out
}

func props(res map[string]any) map[string]any { return res["Properties"].(map[string]any) }

// countTypes counts resources per type, leaving out the CLI's
// AWS::CDK::Metadata (version reporting).
func countTypes(tmpl map[string]any) map[string]int {
	out := map[string]int{}
	for _, r := range tmpl["Resources"].(map[string]any) {
		if typ := r.(map[string]any)["Type"].(string); typ != "AWS::CDK::Metadata" {
			out[typ]++
		}
	}
	return out
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// mustBuild builds cfg's stacks, as run does.
func mustBuild(t testing.TB, app awscdk.App, cfg config.Config) *constructs.SigninDeployment {
	t.Helper()
	built, err := buildApp(app, cfg, testAccount)
	if err != nil {
		t.Fatal(err)
	}
	return built
}
