// Command figures prints the tables the docs show that code can compute, as
// markdown, for <!-- generated: ... --> and <!-- measured: ... --> blocks
// (see package docs):
//
//	go run ./internal/testkit/docs/figures buses [DIR]   EventBridge quotas per bus, from the templates of a cdk.out
//	go run ./internal/testkit/docs/figures cost [DIR]    the standing monthly cost of a cdk.out, from its resources and AWS's prices
//	go run ./internal/testkit/docs/figures bench         build, synth and benchmark times on this machine (minutes)
//	go run ./internal/testkit/docs/figures build         the first make synth of a fresh copy, and a cold build of the CDK app (minutes)
//
// Several tables may be asked at once (buses cost), each printed after a
// blank line. DIR is cdk.out by default. Every figure is read from the synthesized
// templates, so it is what `make synth` made, not what a plan promised.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	costpkg "github.com/signin-notifier/signin-notifier/internal/core/cost"
	"github.com/signin-notifier/signin-notifier/internal/testkit/projectcopy"
)

func main() {
	var tables []string
	dir := "cdk.out"
	for i, a := range os.Args[1:] {
		switch {
		case a == "buses" || a == "cost" || a == "bench" || a == "build":
			tables = append(tables, a)
		case i == len(os.Args)-2 && len(tables) > 0:
			dir = a
		default:
			fail(fmt.Sprintf("unknown table %q: usage: figures buses|cost ... [DIR] | figures bench", a))
		}
	}
	if len(tables) == 0 {
		fail("usage: figures buses|cost ... [DIR] | figures bench")
	}
	for i, t := range tables {
		if i > 0 {
			fmt.Println()
		}
		var err error
		switch t {
		case "buses":
			err = buses(dir)
		case "cost":
			err = cost(dir)
		case "bench":
			err = bench()
		case "build":
			err = build()
		}
		if err != nil {
			fail(err.Error())
		}
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "figures: "+msg)
	os.Exit(1)
}

type template struct {
	Resources map[string]struct {
		Type       string         `json:"Type"`
		Properties map[string]any `json:"Properties"`
	} `json:"Resources"`
}

// stackTemplate is one template and where it is deployed.
type stackTemplate struct {
	name    string
	regions []string // one region; a StackSet's spoke: every region it deploys to
	member  bool     // a StackSet's spoke, in every member account
	tmpl    template
}

// templates reads every stack of dir, and the spoke template of every
// StackSet (its TemplateBody) as a stack of the member accounts.
func templates(dir string) ([]stackTemplate, error) {
	a, err := cloudassembly.Read(dir)
	if err != nil {
		return nil, err
	}
	var out []stackTemplate
	for _, s := range a.Stacks {
		var t template
		if err := json.Unmarshal(s.Template, &t); err != nil {
			return nil, fmt.Errorf("%s: %v", s.Name, err)
		}
		out = append(out, stackTemplate{name: s.Name, regions: []string{s.Region}, tmpl: t})
		for id, r := range t.Resources {
			if r.Type != "AWS::CloudFormation::StackSet" {
				continue
			}
			body, _ := r.Properties["TemplateBody"].(string)
			var spoke template
			if err := json.Unmarshal([]byte(body), &spoke); err != nil {
				return nil, fmt.Errorf("%s/%s: TemplateBody: %v", s.Name, id, err)
			}
			var regions []string
			groups, _ := r.Properties["StackInstancesGroup"].([]any)
			for _, g := range groups {
				g, _ := g.(map[string]any)
				rs, _ := g["Regions"].([]any)
				for _, x := range rs {
					if s, ok := x.(string); ok {
						regions = append(regions, s)
					}
				}
			}
			name, _ := r.Properties["StackSetName"].(string)
			out = append(out, stackTemplate{name: name, regions: regions, member: true, tmpl: spoke})
		}
	}
	return out, nil
}

// busCount is what the templates put on one bus of one region.
type busCount struct {
	member                                        bool
	region, bus                                   string
	rules, wildcards                              int
	maxTargets, maxPattern, maxTemplate, maxPaths int
}

// buses prints, per bus, the rules of every template that put rules on it
// and the largest figure of any one of them, beside EventBridge's quota.
func buses(dir string) error {
	stacks, err := templates(dir)
	if err != nil {
		return err
	}
	counts := map[string]*busCount{}
	for _, s := range stacks {
		names := map[string]string{} // bus logical id -> name
		for id, r := range s.tmpl.Resources {
			if r.Type == "AWS::Events::EventBus" {
				names[id], _ = r.Properties["Name"].(string)
			}
		}
		for id, r := range s.tmpl.Resources {
			if r.Type != "AWS::Events::Rule" {
				continue
			}
			bus, err := busName(r.Properties["EventBusName"], names)
			if err != nil {
				return fmt.Errorf("%s/%s: %v", s.name, id, err)
			}
			pattern, err := compact(r.Properties["EventPattern"])
			if err != nil {
				return fmt.Errorf("%s/%s: %v", s.name, id, err)
			}
			targets, _ := r.Properties["Targets"].([]any)
			for _, region := range s.regions {
				k := fmt.Sprint(s.member, region, bus)
				c := counts[k]
				if c == nil {
					c = &busCount{member: s.member, region: region, bus: bus}
					counts[k] = c
				}
				c.rules++
				if strings.Contains(pattern, `"wildcard"`) {
					c.wildcards++
				}
				c.maxPattern = max(c.maxPattern, len([]rune(pattern)))
				c.maxTargets = max(c.maxTargets, len(targets))
				for _, t := range targets {
					t, _ := t.(map[string]any)
					it, _ := t["InputTransformer"].(map[string]any)
					if it == nil {
						continue
					}
					tmpl, ok := it["InputTemplate"].(string)
					if !ok {
						return fmt.Errorf("%s/%s: an InputTemplate that is not a string", s.name, id)
					}
					paths, _ := it["InputPathsMap"].(map[string]any)
					c.maxTemplate = max(c.maxTemplate, len([]rune(tmpl)))
					c.maxPaths = max(c.maxPaths, len(paths))
				}
			}
		}
	}
	if len(counts) == 0 {
		return fmt.Errorf("no rule in the templates of %s", dir)
	}
	// Rows that differ only by region are shown once, with their regions.
	type row struct {
		busCount
		regions []string
	}
	var rows []*row
	byFigures := map[string]*row{}
	for _, c := range counts {
		k := fmt.Sprint(c.member, c.bus, c.rules, c.wildcards, c.maxTargets, c.maxPattern, c.maxTemplate, c.maxPaths)
		if r := byFigures[k]; r != nil {
			r.regions = append(r.regions, c.region)
			continue
		}
		r := &row{busCount: *c, regions: []string{c.region}}
		byFigures[k] = r
		rows = append(rows, r)
	}
	for _, r := range rows {
		sort.Strings(r.regions)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.member != b.member {
			return !a.member
		}
		if a.bus != b.bus {
			return a.bus < b.bus
		}
		if len(a.regions) != len(b.regions) {
			return len(a.regions) > len(b.regions)
		}
		return a.regions[0] < b.regions[0]
	})
	dash := func(n int) string {
		if n == 0 {
			return "—"
		}
		return thousands(n)
	}
	fmt.Println("| where | bus | our rules | with wildcards | targets per rule | largest pattern | largest input template | most input paths |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		where := regionList(r.regions)
		if r.member {
			where = "each member account: " + where
		}
		fmt.Printf("| %s | `%s` | %d | %d | %d | %s | %s | %s |\n", where, r.bus, r.rules, r.wildcards, r.maxTargets, thousands(r.maxPattern), dash(r.maxTemplate), dash(r.maxPaths))
	}
	fmt.Println("| EventBridge's quota | per bus | 300 | 30 | 5 | 2,048 | 8,192 | 100 |")
	return nil
}

func regionList(regions []string) string {
	if len(regions) <= 3 {
		return strings.Join(regions, ", ")
	}
	return fmt.Sprintf("%d regions (%s ... %s)", len(regions), regions[0], regions[len(regions)-1])
}

func busName(v any, names map[string]string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "default", nil
	case string:
		if i := strings.LastIndex(v, "event-bus/"); i >= 0 {
			return v[i+len("event-bus/"):], nil
		}
		return v, nil
	case map[string]any:
		if ref, ok := v["Ref"].(string); ok && names[ref] != "" {
			return names[ref], nil
		}
		if ga, ok := v["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			if id, ok := ga[0].(string); ok && names[id] != "" {
				return names[id], nil
			}
		}
	}
	return "", fmt.Errorf("EventBusName %v names no bus of its template", v)
}

// compact is the event pattern as EventBridge receives it: compact JSON.
func compact(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// cost prints what the stacks of dir cost per month while idle (package
// cost: the resources of the templates, AWS's list prices).
func cost(dir string) error {
	stacks, err := templates(dir)
	if err != nil {
		return err
	}
	var in []costpkg.Stack
	for _, s := range stacks {
		raw, err := json.Marshal(s.tmpl)
		if err != nil {
			return err
		}
		var tmpl map[string]any
		if err := json.Unmarshal(raw, &tmpl); err != nil {
			return err
		}
		in = append(in, costpkg.Stack{Name: s.name, Template: tmpl, Member: s.member})
	}
	fmt.Print(costpkg.Of(in).Markdown())
	return nil
}

// bench measures, on this machine, what only a clock can tell: building
// and synthesizing the app, and the benchmarks of the code, each in a
// process of its own.
func bench() error {
	type row struct{ what, how string }
	var rows []row
	run := func(name string, args ...string) (time.Duration, string, error) {
		start := time.Now()
		cmd := exec.Command(name, args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, "", fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return time.Since(start), string(out), nil
	}
	// make synth, warm: the app built once before.
	if _, _, err := run("make", "synth"); err != nil {
		return err
	}
	d, _, err := run("make", "synth")
	if err != nil {
		return err
	}
	rows = append(rows, row{"`make synth`, defaults (20 stacks), the app already built", fmt.Sprintf("%.1f s", d.Seconds())})
	benchmarks := []struct{ pkg, name, what string }{
		{".", "BenchmarkSynthDefaultApp", "synthesize the default app in process (17 regions, 20 stacks)"},
		{".", "BenchmarkSynthOrganizationApp", "synthesize the organization app in process (17 regions, and the spoke templates)"},
		{"./internal/cli/emulator", "BenchmarkLoad", "load the 17-region hub assembly into the emulator"},
		{"./internal/cli/emulator", "BenchmarkPutNoNetwork", "route one event through it, delivery in process"},
		{"./internal/cli/emulator", "BenchmarkPut", "route one event through it, delivery over loopback HTTP"},
		{"./internal/core/eventbridge", "BenchmarkMatch", "match one event pattern"},
		{"./internal/core/eventbridge", "BenchmarkTransform", "render one input transformer"},
	}
	nsRE := regexp.MustCompile(`\s([0-9.]+) ns/op`)
	for _, b := range benchmarks {
		benchtime := "100x"
		if b.pkg == "." {
			benchtime = "4x"
		}
		_, out, err := run("go", "test", "-run", "^$", "-bench", "^"+b.name+"$", "-benchtime", benchtime, b.pkg)
		if err != nil {
			return err
		}
		m := nsRE.FindStringSubmatch(out)
		if m == nil {
			return fmt.Errorf("%s: no ns/op in\n%s", b.name, out)
		}
		ns, _ := strconv.ParseFloat(m[1], 64)
		rows = append(rows, row{b.what + " (`" + b.name + "`)", duration(time.Duration(ns))})
	}
	fmt.Println("| what | time |")
	fmt.Println("|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s |\n", r.what, r.how)
	}
	fmt.Printf("\nMeasured on %s.\n", machine())
	return nil
}

// build measures what a newcomer waits for: the first `make synth` of a
// fresh copy of the project (the pinned CDK CLI installed from the npm
// registry, the app compiled with an empty Go build cache, the default app
// synthesized), with the longest stretch without a line of output, and the
// cold build of the CDK app alone with the aws-cdk-go packages it compiles.
// Go modules must be downloaded already (go mod download).
func build() error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "signin-notifier-build")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	work := filepath.Join(tmp, "project")
	if err := projectcopy.Project(root, work); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(work, "tools", "cdk", "node_modules")); err != nil {
		return err
	}
	env := func(cache string) []string {
		return append(os.Environ(), "GOCACHE="+filepath.Join(tmp, cache), "GOFLAGS=-modcacherw")
	}
	// The first make synth, streamed: the longest silence is between two
	// lines of output (or before the first, or after the last).
	cmd := exec.Command("make", "synth")
	cmd.Dir, cmd.Env = work, env("gocache-synth")
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	last, silence := start, time.Duration(0)
	var lines []string
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		now := time.Now()
		silence = max(silence, now.Sub(last))
		last = now
		lines = append(lines, sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("make synth in a fresh copy: %v\n%s", err, strings.Join(lines, "\n"))
	}
	first := time.Since(start)
	silence = max(silence, time.Since(last))
	// The CDK app alone, cold.
	bin := filepath.Join(tmp, "cdk-app")
	cmd = exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir, cmd.Env = work, env("gocache-app")
	start = time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	cold := time.Since(start)
	cmd = exec.Command("go", "list", "-deps", ".")
	cmd.Dir, cmd.Env = work, env("gocache-app")
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -deps: %v", err)
	}
	cdk := 0
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/aws/aws-cdk-go/awscdk/v2") {
			cdk++
		}
	}
	fmt.Println("| what | time |")
	fmt.Println("|---|---|")
	fmt.Printf("| the first `make synth` of a fresh clone: the CDK CLI installed, the app built with an empty Go build cache, 20 stacks synthesized | %.0f s, never more than %.0f s without a line of output |\n", first.Seconds(), silence.Seconds())
	fmt.Printf("| of which the CDK app's build alone, empty Go build cache (%d aws-cdk-go packages, no AWS SDK) | %.0f s |\n", cdk, cold.Seconds())
	fmt.Printf("\nMeasured on %s, Go modules and npm packages already downloaded.\n", machine())
	return nil
}

func duration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f µs", float64(d)/float64(time.Microsecond))
	}
}

// machine names this machine, its Go and today, for a measured table.
func machine() string {
	return fmt.Sprintf("%s, %d cores, %s, %s, %s", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH, time.Now().UTC().Format("2006-01-02"))
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "an unknown CPU"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "an unknown CPU"
}
