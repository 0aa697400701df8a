package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
)

// Usage is the doctor part of the command's usage text.
const Usage = `  signin-notifier doctor [--assembly DIR] [--json]
      ask the AWS account (your usual credentials; AWS_ENDPOINT_URL is
      honoured) whether everything the synthesized app needs is in place:
      a logging trail with management events in every deployed region, the
      enabled regions, the stacks and their rules, the secrets, empty
      dead-letter queues and quiet alarms; one line per check with the fix,
      each finding with its stack and region, then "N of 7 checks pass";
      --json prints the checks as JSON; exit status 1 if a check fails
`

// Concurrency is how many stacks are asked about at once.
const Concurrency = 8

// Main runs `doctor ARGS`; it returns the exit status: 1 if a check fails
// or something stops every check (one line on stderr), 2 for a wrong
// command line.
func Main(args []string, stdout, stderr io.Writer) int {
	err := run(args, stdout, stderr)
	if errors.Is(err, errFailed) {
		return cmdline.ExitError
	}
	return cmdline.Report(err, "doctor", "usage:\n"+Usage, stdout, stderr)
}

var errFailed = errors.New("a check failed")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	dir := fs.String("assembly", "cdk.out", "cloud assembly directory")
	asJSON := fs.Bool("json", false, "print a JSON array")
	const synopsis = "doctor [--assembly DIR] [--json]"
	if err := cmdline.Parse(fs, args, synopsis); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cmdline.Usagef("unexpected argument %q: use %s", fs.Arg(0), synopsis)
	}
	asm, err := ReadAssembly(*dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	results, err := Run(ctx, asm, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		b, _ := json.MarshalIndent(results, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		Report(stdout, results)
	}
	for _, r := range results {
		if !r.OK {
			return errFailed
		}
	}
	return nil
}

// Report prints the text report: one line per check, ✔ or ✘ and, for a
// failed check, the fix; then the summary line.
func Report(w io.Writer, results []Result) {
	for _, r := range results {
		if r.OK {
			fmt.Fprintf(w, "✔ %s: %s\n", r.Name, r.Detail)
		} else {
			fmt.Fprintf(w, "✘ %s: %s; fix: %s\n", r.Name, r.Detail, r.Fix)
		}
	}
	fmt.Fprintln(w, Summary(results))
}

// LoadAWS loads the caller's usual configuration (environment, shared
// files, SSO, instance role; AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
// included) for region, makes sure credentials are there, and names the
// caller's account and partition. Its errors are one line with the fix.
func LoadAWS(ctx context.Context, region string) (aws.Config, string, string, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(region), awsconfig.WithRetryMaxAttempts(3))
	if err != nil {
		return cfg, "", "", fmt.Errorf("cannot load the AWS configuration: %v: check AWS_PROFILE and ~/.aws/config", oneLine(err))
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return cfg, "", "", fmt.Errorf("no AWS credentials found: run aws configure (or aws sso login), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return cfg, "", "", fmt.Errorf("cannot call AWS STS in %s: %s: check the network, the region and that your credentials have not expired (aws sts get-caller-identity)", region, apiError(err))
	}
	partition := "aws"
	if parts := strings.SplitN(aws.ToString(id.Arn), ":", 3); len(parts) == 3 && parts[1] != "" {
		partition = parts[1]
	}
	return cfg, aws.ToString(id.Account), partition, nil
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", " ") }

// Run asks AWS about everything asm expects and judges it. Progress goes to
// progress; the error is for what stops every check (no credentials).
func Run(ctx context.Context, asm Assembly, progress io.Writer) ([]Result, error) {
	home := asm.HomeRegion()
	cfg, account, partition, err := LoadAWS(ctx, home)
	if err != nil {
		return nil, err
	}
	g := &gatherer{cfg: cfg, partition: partition}
	deployed := asm.Regions()
	p := newProgress(progress, len(asm.Stacks))
	fmt.Fprintf(progress, "doctor: account %s, %d stacks in %d regions of %s, %d at a time\n", account, len(asm.Stacks), len(deployed), asm.Dir, Concurrency)

	var wg sync.WaitGroup
	var trails []Trail
	var trailErr, regionErr string
	var regions []RegionStatus
	wg.Add(2)
	go func() {
		defer wg.Done()
		t, err := g.trails(ctx, home)
		if err != nil {
			trailErr = apiError(err)
		}
		trails = t
	}()
	go func() {
		defer wg.Done()
		r, err := Regions(ctx, g.regional(home), partition)
		if err != nil {
			regionErr = apiError(err)
		}
		regions = r
	}()

	facts := make([]stackFacts, len(asm.Stacks))
	type secretKey struct{ region, id string }
	var keys []secretKey
	readers := map[secretKey][]string{}
	for _, s := range asm.Stacks {
		for _, id := range s.Secrets {
			k := secretKey{secretRegion(s.Region, id), id}
			if readers[k] == nil {
				keys = append(keys, k)
			}
			readers[k] = append(readers[k], s.Name)
		}
	}
	secrets := make([]Item, len(keys))
	sem := make(chan struct{}, Concurrency)
	for i, s := range asm.Stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			facts[i] = g.stack(ctx, s)
			p.done(s.Region)
		}()
	}
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			secrets[i] = g.secret(ctx, k.region, k.id)
			secrets[i].ReadBy = readers[k]
		}()
	}
	wg.Wait()
	p.finish()

	var states []StackState
	var rules, queues, alarms []Item
	var watches []HeartbeatWatch
	for _, f := range facts {
		states = append(states, f.state)
		rules = append(rules, f.rules...)
		queues = append(queues, f.queues...)
		alarms = append(alarms, f.alarms...)
		if f.heartbeat != nil {
			watches = append(watches, *f.heartbeat)
		}
	}
	ExpectHeartbeats(asm, account, watches)
	heartbeat, _ := JudgeHeartbeat(watches, time.Now())
	sort.SliceStable(secrets, func(i, j int) bool { return secrets[i].Region+secrets[i].ID < secrets[j].Region+secrets[j].ID })
	return []Result{
		JudgeCloudTrail(trails, deployed, trailErr),
		JudgeRegions(regions, deployed, regionErr),
		JudgeStacks(states),
		JudgeRules(rules),
		JudgeSecrets(secrets),
		JudgeDeadLetter(queues),
		JudgeAlarms(alarms, queues),
		heartbeat,
	}, nil
}

// progress reports each finished stack: on a terminal as one rewritten
// line, otherwise one line per stack.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	n, of int
}

func newProgress(w io.Writer, of int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, tty: tty, of: of}
}

func (p *progress) done(region string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.tty {
		fmt.Fprintf(p.w, "\rdoctor: %d/%d stacks asked (last: %s)   ", p.n, p.of, region)
	} else {
		fmt.Fprintf(p.w, "doctor: %d/%d stacks asked (%s)\n", p.n, p.of, region)
	}
}

func (p *progress) finish() {
	if p.tty {
		fmt.Fprint(p.w, "\n")
	}
}

// ExpectHeartbeats fills in each watch's period and the account-regions
// whose regional stacks send it heartbeats: every region with a heartbeat
// schedule when one bus counts them (hub, organization), else each bus its
// own region's (direct).
func ExpectHeartbeats(asm Assembly, account string, watches []HeartbeatWatch) {
	senders := map[string]int{}
	var regions []string
	for _, s := range asm.Stacks {
		if s.HeartbeatMinutes > 0 {
			if _, ok := senders[s.Region]; !ok {
				regions = append(regions, s.Region)
			}
			senders[s.Region] = s.HeartbeatMinutes
		}
	}
	sort.Strings(regions)
	for i := range watches {
		w := &watches[i]
		w.PeriodMinutes = senders[w.Region]
		if len(watches) == 1 {
			for _, r := range regions {
				w.Expected = append(w.Expected, account+"/"+r)
			}
		} else if _, ok := senders[w.Region]; ok {
			w.Expected = []string{account + "/" + w.Region}
		}
		if w.PeriodMinutes == 0 && len(regions) > 0 {
			w.PeriodMinutes = senders[regions[0]]
		}
	}
}
