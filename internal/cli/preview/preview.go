package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/core/redact"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// BlockKitBuilder is the prefix of a link that renders a Slack payload
// without a workspace webhook.
const BlockKitBuilder = "https://app.slack.com/block-kit-builder/#"

// previewSecretHost stands in for every secret the assembly references (the
// preview knows no real value, and the body does not depend on it); the
// secret id in the path tells the user which secret a URL would come from.
const previewSecretHost = "https://secret.preview.invalid/"

// Usage is the preview part of the command's usage text.
const Usage = `  signin-notifier preview [--assembly DIR] [--raw] [--post-KIND URL ...] EVENT
      show, offline, the message each destination of the synthesized app
      would post for EVENT, as the chat shows it, then the route: region,
      bus, rule, and the dead-letter queue each target falls back to
      EVENT: a built-in sample name (see samples), or a JSON file holding an
      EventBridge event, a CloudTrail record or a CloudTrail log file
      ({"Records": [...]}, each record previewed); an event of a member
      account in topology organization starts in that account
      --assembly DIR       the synthesized app (default cdk.out: make synth)
      --raw                also print each exact JSON body (and, for Slack,
                           a Block Kit Builder link)
      --post-KIND URL      also POST the KIND body to URL (a real webhook of
                           that service; quote a URL with &): KIND is slack,
                           slackapp (set SLACK_BOT_TOKEN), teams, discord or
                           webhook; fails if the endpoint answers an error
      --post URL           the same when the event reaches one destination
`

// SamplesUsage is the samples part of the command's usage text.
const SamplesUsage = `  signin-notifier samples
      list the built-in sample events (names for preview EVENT)
`

// synopsis is the short usage a flag error ends with.
const synopsis = "preview [--assembly DIR] [--raw] [--post URL | --post-KIND URL ...] EVENT"

// Main runs `preview ARGS` and returns the exit status: 1 for bad input or
// an endpoint that refused a --post, 2 for a wrong command line.
func Main(args []string, stdout, stderr io.Writer) int {
	return cmdline.Report(runPreview(args, stdout), "", "usage:\n"+Usage, stdout, stderr)
}

// Samples runs `samples`: one line per built-in sample, name and what it is.
func Samples(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("samples", flag.ContinueOnError)
	err := cmdline.Parse(fs, args, "samples")
	if err == nil && fs.NArg() > 0 {
		err = cmdline.Usagef("samples takes no argument, got %q: use samples, then preview NAME", fs.Arg(0))
	}
	if err == nil {
		for _, s := range samples.All() {
			fmt.Fprintf(stdout, "%-45s %s\n", s.Name, s.Description)
		}
	}
	return cmdline.Report(err, "", "usage:\n"+SamplesUsage, stdout, stderr)
}

// postKinds are the destination kinds that have a --post-KIND flag.
var postKinds = []signin.Kind{signin.KindSlack, signin.KindSlackApp, signin.KindTeams, signin.KindDiscord, signin.KindWebhook}

func postFlag(k signin.Kind) string { return "post-" + strings.ToLower(string(k)) }

// addSetting is how to add a destination of each kind: the make synth
// command, and the trial alternative.
var addSetting = map[signin.Kind]string{
	signin.KindSlack:    `make synth ARGS="-c slackWebhookSecret=SECRET" (or slackWebhookUrl=URL to try it)`,
	signin.KindSlackApp: `make synth ARGS="-c slackBotTokenSecret=SECRET -c slackChannel=CHANNEL_ID"`,
	signin.KindTeams:    `make synth ARGS="-c teamsWebhookSecret=SECRET" (or teamsWebhookUrl=URL to try it)`,
	signin.KindDiscord:  `make synth ARGS="-c discordWebhookSecret=SECRET" (or discordWebhookUrl=URL to try it)`,
	signin.KindWebhook:  `make synth ARGS="-c webhookSecret=SECRET" (or webhookUrl=URL to try it)`,
}

// result is one input and what the app does with it.
type result struct {
	in    input
	trace *emulator.Trace
	// member is set when the event was recorded in a member account of the
	// organization: it started on that account's default bus.
	member string
}

func runPreview(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	assembly := fs.String("assembly", "cdk.out", "cloud assembly directory")
	raw := fs.Bool("raw", false, "also print each exact JSON body and the Block Kit Builder link")
	post := fs.String("post", "", "POST each body to this URL (only when one destination receives the event)")
	posts := map[signin.Kind]*string{}
	for _, k := range postKinds {
		posts[k] = fs.String(postFlag(k), "", "POST the "+string(k)+" body to this URL")
	}
	if err := cmdline.Parse(fs, cmdline.Interspersed(fs, args), synopsis); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return cmdline.Usagef("preview needs exactly one EVENT (a file or a sample name), got %d: use %s (signin-notifier samples lists the names)", fs.NArg(), synopsis)
	}
	targets := map[signin.Kind]string{}
	for _, k := range postKinds {
		if u := *posts[k]; u != "" {
			if err := checkPostURL("--"+postFlag(k), u, k); err != nil {
				return err
			}
			targets[k] = u
		}
	}
	if *post != "" {
		if len(targets) > 0 {
			return cmdline.Usagef("--post and --%s together: use one --post-KIND flag per destination", postFlag(firstKind(targets)))
		}
		if err := checkPostURL("--post", *post, ""); err != nil {
			return err
		}
	}
	inputs, note, err := loadInputs(fs.Arg(0))
	if err != nil {
		return err
	}
	asm, err := load(*assembly, nil)
	if err != nil {
		return err
	}
	org, err := memberOrganization(asm, inputs)
	if err != nil {
		return err
	}
	hub := asm
	if org != nil {
		if asm, err = load(*assembly, org); err != nil {
			return err
		}
	}
	var results []result
	kinds := map[signin.Kind]bool{}
	for _, in := range inputs {
		r := result{in: in}
		if acct := eventAccount(in.event); org != nil && org.Accounts[acct] != "" {
			r.member = acct
			r.trace, err = asm.PutInAccount(acct, in.event)
		} else {
			r.trace, err = asm.Put(in.event)
		}
		if err != nil {
			return fmt.Errorf("event %s: %v", in.name, err)
		}
		for _, d := range r.trace.Sent() {
			kinds[KindOfBody(d.Body)] = true
		}
		results = append(results, r)
	}
	// Refuse before anything is printed or posted: a Teams card posted to a
	// Slack URL would only produce a confusing error, and a --post that
	// posts nothing must not look like success.
	if err := checkPosts(*assembly, hub, kinds, *post, targets); err != nil {
		return err
	}

	fmt.Fprintf(out, "read %s\n", note)
	sent := false
	for _, r := range results {
		if len(results) > 1 {
			fmt.Fprintf(out, "\n== %s\n", r.in.name)
		}
		if err := printPreview(out, asm, r, org, *post, targets, *raw); err != nil {
			return err
		}
		sent = sent || len(r.trace.Sent()) > 0
	}
	if sent && !*raw {
		fmt.Fprintf(out, "\n(--raw also prints each exact JSON body, and a Block Kit Builder link for Slack)\n")
	}
	return nil
}

// load reads the assembly for the preview: every API destination request
// is answered by the recorder, in process, so the preview sends nothing
// anywhere unless --post says so.
func load(dir string, org *emulator.Organization) (*emulator.Assembly, error) {
	asm, err := emulator.Load(dir, emulator.Options{
		HTTPClient: &http.Client{Transport: recorder{}},
		SecretFallback: func(id string) (string, bool) {
			return previewSecretHost + url.PathEscape(id), true
		},
		Organization: org,
	})
	if errors.Is(err, cloudassembly.ErrNoAssembly) {
		return nil, err // names the directory and the fix already
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the cloud assembly in %s: %v", dir, err)
	}
	return asm, nil
}

// memberOrganization returns, when the assembly deploys to an AWS
// Organization through service-managed StackSets (topology organization),
// the organization in which the accounts of the inputs other than the hub
// account are members under the first unit the StackSets target: each of
// those events starts on its own account's default bus, as it would in a
// member account, and reaches the hub through the StackSet's spoke. Nil
// otherwise: every event starts in the app's account.
func memberOrganization(asm *emulator.Assembly, inputs []input) (*emulator.Organization, error) {
	units := asm.StackSetOrganizationalUnits()
	if len(units) == 0 {
		return nil, nil
	}
	org := &emulator.Organization{ID: "o-unknown", Accounts: map[string]string{}}
	if ids := asm.PolicyOrganizationIDs(); len(ids) > 0 {
		org.ID = ids[0]
	}
	for _, in := range inputs {
		if acct := eventAccount(in.event); acct != "" && acct != asm.AccountID() {
			org.Accounts[acct] = units[0]
		}
	}
	if len(org.Accounts) == 0 {
		return nil, nil
	}
	return org, nil
}

func eventAccount(event []byte) string {
	var ev struct {
		Account string `json:"account"`
	}
	_ = json.Unmarshal(event, &ev)
	return ev.Account
}

// checkPosts refuses a --post or --post-KIND that would post nothing, or
// could not tell which body to post.
func checkPosts(dir string, asm *emulator.Assembly, kinds map[signin.Kind]bool, post string, targets map[signin.Kind]string) error {
	var reached []string
	for _, k := range postKinds {
		if kinds[k] {
			reached = append(reached, string(k))
		}
	}
	if post != "" {
		switch {
		case len(kinds) == 0:
			return fmt.Errorf("--post %s: the app sends this event to no destination, so there is nothing to post: run the preview without --post to see why", redact.URL(post))
		case len(kinds) > 1:
			var names []string
			for _, k := range postKinds {
				if kinds[k] {
					names = append(names, "--"+postFlag(k)+" URL")
				}
			}
			return fmt.Errorf("--post cannot tell which destination %s is for: the app sends this event to %d destinations; use %s", redact.URL(post), len(kinds), strings.Join(names, " and "))
		}
		return nil
	}
	has := AppKinds(asm)
	for _, k := range postKinds {
		if targets[k] == "" || kinds[k] {
			continue
		}
		flagName := "--" + postFlag(k)
		if !has[k] {
			var names []string
			for _, h := range postKinds {
				if has[h] {
					names = append(names, string(h))
				}
			}
			it := "it has none"
			if len(names) > 0 {
				it = "it has " + strings.Join(names, ", ")
			}
			return fmt.Errorf("%s: the app in %s has no %s destination (%s): add one with %s, or post to a destination it has", flagName, dir, k, it, addSetting[k])
		}
		if len(reached) == 0 {
			return fmt.Errorf("%s: the app sends this event to no destination, so there is nothing to post: run the preview without %s to see why", flagName, flagName)
		}
		return fmt.Errorf("%s: the app sends this event to %s, not to its %s destination (routes decides which severities each destination gets): post to %s instead, or pick an event %s receives", flagName, strings.Join(reached, " and "), k, "--post-"+strings.ToLower(reached[0]), k)
	}
	return nil
}

// AppKinds names the kinds of destination the assembly's API destination
// targets post to, from the shape of each target's input.
func AppKinds(asm *emulator.Assembly) map[signin.Kind]bool {
	kinds := map[signin.Kind]bool{}
	for _, r := range asm.Describe().Regions {
		for _, b := range r.Buses {
			for _, ru := range b.Rules {
				for _, t := range ru.Targets {
					if t.Kind == "api-destination" {
						kinds[KindOfTemplate(t.Input)] = true
					}
				}
			}
		}
	}
	return kinds
}

var placeholderRE = regexp.MustCompile(`<[A-Za-z0-9_.\-]+>`)

// KindOfTemplate names the destination an input template is for, by the
// shape of the body it renders (KindOfBody): each <placeholder> stands for a
// value. A template that is not a JSON object is a generic webhook's.
func KindOfTemplate(template string) signin.Kind {
	return KindOfBody([]byte(placeholderRE.ReplaceAllString(template, "0")))
}

func firstKind(m map[signin.Kind]string) signin.Kind {
	for _, k := range postKinds {
		if m[k] != "" {
			return k
		}
	}
	return ""
}

// checkPostURL accepts an http(s) URL and refuses one of another chat
// service than the flag's destination.
func checkPostURL(flagName, raw string, k signin.Kind) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%s %q is not an http(s) url: pass the webhook url, e.g. https://hooks.slack.com/services/T.../B.../...", flagName, redact.URL(raw))
	}
	if k == "" {
		return nil
	}
	if svc := config.ServiceOfURL(raw); svc != "" && svc != k && !(k == signin.KindSlackApp && svc == signin.KindSlack) {
		return fmt.Errorf("%s %s is a %s url: pass it as --%s, or give --%s the %s url", flagName, redact.URL(raw), svc, postFlag(svc), postFlag(k), k)
	}
	return nil
}

// KindOfBody names the destination a rendered body is for, by its shape.
func KindOfBody(body []byte) signin.Kind {
	var b map[string]json.RawMessage
	if json.Unmarshal(body, &b) != nil {
		return signin.KindWebhook
	}
	switch {
	case b["blocks"] != nil && b["channel"] != nil:
		return signin.KindSlackApp
	case b["blocks"] != nil:
		return signin.KindSlack
	case b["attachments"] != nil:
		return signin.KindTeams
	case b["embeds"] != nil:
		return signin.KindDiscord
	}
	return signin.KindWebhook
}

// printPreview prints one event: the picture of each message (with its
// body and Block Kit Builder link when raw), posting it when asked, then
// the route, or why nothing would be sent.
func printPreview(out io.Writer, asm *emulator.Assembly, r result, org *emulator.Organization, post string, targets map[signin.Kind]string, raw bool) error {
	event := r.in.event
	fmt.Fprintf(out, "event %s: %s\n", r.in.name, describeEvent(event))
	sent := r.trace.Sent()
	if len(sent) == 0 {
		fmt.Fprintf(out, "\nwould send nothing: %s\n", explain(asm, r.trace, event))
	}
	for i, d := range sent {
		kind := KindOfBody(d.Body)
		fmt.Fprintf(out, "\nmessage %d of %d (%s): rule %s", i+1, len(sent), kind, ruleName(d.Stack, d.RuleLogicalID, d.RulePath))
		if sev := severity(d.RulePath); sev != "" {
			fmt.Fprintf(out, " (severity %s)", sev)
		}
		endpoint := d.Endpoint
		if id, ok := strings.CutPrefix(endpoint, previewSecretHost); ok {
			id, _ = url.PathUnescape(id)
			endpoint = "the URL stored in secret " + id
		} else {
			endpoint = redact.URL(endpoint)
		}
		fmt.Fprintf(out, "\nPOST %s\n\n", endpoint)
		for _, line := range strings.Split(strings.TrimRight(Picture(kind, d.Body), "\n"), "\n") {
			fmt.Fprintf(out, "  %s\n", line)
		}
		if raw {
			var pretty bytes.Buffer
			if json.Indent(&pretty, d.Body, "", "  ") != nil {
				pretty.Write(d.Body)
			}
			fmt.Fprintf(out, "\nbody:\n%s\n", pretty.String())
			if link, ok := BuilderLink(d.Body); ok {
				fmt.Fprintf(out, "Block Kit Builder: %s\n", link)
			}
		}
		target, flagName := targets[kind], "--"+postFlag(kind)
		if post != "" {
			target, flagName = post, "--post"
		}
		if target == "" {
			continue
		}
		status, err := send(target, kind, d.Body)
		if err != nil {
			return fmt.Errorf("%s %s: %v", flagName, redact.URL(target), err)
		}
		fmt.Fprintf(out, "\nposted to %s: %s\n", redact.URL(target), status)
	}
	fmt.Fprintf(out, "\nroute:\n")
	if r.member != "" {
		var ev struct{ Region string }
		_ = json.Unmarshal(event, &ev)
		fmt.Fprintf(out, "  (account %s is not the hub account %s: the event starts on the default bus of %s in %s, as in a member account of organization %s under %s, where the StackSets deploy the spoke)\n",
			r.member, asm.AccountID(), r.member, ev.Region, org.ID, org.Accounts[r.member])
	}
	// Every API destination request was answered by the recorder: its
	// "HTTP 200" would only suggest that something was sent.
	route := strings.ReplaceAll(r.trace.Route(), ": HTTP 200\n", "\n")
	for _, line := range strings.Split(strings.TrimRight(route, "\n"), "\n") {
		fmt.Fprintf(out, "  %s\n", line)
	}
	return nil
}

func describeEvent(event []byte) string {
	var ev struct {
		Source     string `json:"source"`
		DetailType string `json:"detail-type"`
		Region     string `json:"region"`
		Account    string `json:"account"`
		Detail     struct {
			EventName    string
			UserIdentity struct{ Type, Arn, UserName string }
		} `json:"detail"`
	}
	_ = json.Unmarshal(event, &ev)
	who := ev.Detail.UserIdentity.Arn
	if who == "" {
		who = ev.Detail.UserIdentity.UserName
	}
	parts := []string{fmt.Sprintf("%s %q", ev.Source, ev.DetailType)}
	if ev.Detail.EventName != "" {
		parts = append(parts, "from "+ev.Detail.EventName)
	}
	if by := strings.TrimSpace(ev.Detail.UserIdentity.Type + " " + who); by != "" {
		parts = append(parts, "by "+by)
	}
	return clean(strings.Join(parts, " ") + fmt.Sprintf(" in account %s, region %s", ev.Account, ev.Region))
}

// ruleName names a rule for a reader: its construct path without
// /Resource, else STACK/LOGICALID.
func ruleName(stack, logicalID, path string) string {
	switch {
	case path != "":
		return strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/Resource")
	case stack == "":
		return logicalID
	}
	return stack + "/" + logicalID
}

// severity names the severity of a notifier rule from its construct path.
func severity(path string) signin.Severity {
	parts := strings.Split(strings.TrimSuffix(path, "/Resource"), "/")
	sev, _ := signin.SeverityOf(parts[len(parts)-1])
	return sev
}

// BuilderLink returns the Block Kit Builder link for a Slack payload.
func BuilderLink(body []byte) (string, bool) {
	var v struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Blocks) == 0 {
		return "", false
	}
	var compact bytes.Buffer
	if json.Compact(&compact, body) != nil {
		return "", false
	}
	return BlockKitBuilder + url.PathEscape(compact.String()), true
}

// explain says why an event reached no destination.
func explain(asm *emulator.Assembly, t *emulator.Trace, event []byte) string {
	var reasons []string
	for _, s := range t.Steps {
		if s.Kind == emulator.StepArrived && s.Note != "" {
			reasons = append(reasons, fmt.Sprintf("%s: %s", s.Region, s.Note))
		}
		if s.Kind == emulator.StepSuppressed || s.Kind == emulator.StepDropped || s.Kind == emulator.StepFailed || s.Kind == emulator.StepUnsupported {
			reasons = append(reasons, fmt.Sprintf("target %s %s: %s", s.TargetID, s.Kind, s.Note))
		}
	}
	for _, d := range t.Deliveries {
		if d.Dropped {
			reasons = append(reasons, "EventBridge would drop the rendered body: "+d.DropReason)
		}
	}
	if len(reasons) > 0 {
		return strings.Join(reasons, "; ")
	}
	// The event reached buses whose rules did not match: say why, per rule.
	arrived := map[string]bool{}
	for _, s := range t.Steps {
		if s.Kind == emulator.StepArrived {
			arrived[s.Account+"/"+s.Region+"/"+s.Bus] = true
		}
	}
	var lines []string
	for _, r := range asm.Describe().Regions {
		for _, b := range r.Buses {
			if !arrived[r.Account+"/"+r.Region+"/"+b.Name] {
				continue
			}
			for _, rule := range b.Rules {
				if why := Mismatch(rule.Pattern, event); why != "" {
					lines = append(lines, fmt.Sprintf("\n  %s/%s rule %s: %s", r.Region, b.Name, ruleName("", rule.LogicalID, rule.Path), why))
				}
			}
		}
	}
	if len(lines) == 0 {
		return "no rule matched"
	}
	sort.Strings(lines)
	var ev struct {
		Region string
		Detail struct{ EventName string }
	}
	_ = json.Unmarshal(event, &ev)
	hint := ""
	if (ev.Detail.EventName == signin.EventSwitchRole || ev.Detail.EventName == signin.EventExitRole) && ev.Region != "us-east-1" {
		hint = "\n  (the console records SwitchRole and ExitRole in us-east-1 and again in the working region; when us-east-1 is deployed only its record notifies, so each switch gives one message)"
	}
	return "no rule matched it:" + strings.Join(lines, "") + hint
}

// Mismatch names the first condition of pattern that event fails, or ""
// when it matches.
func Mismatch(pattern string, event []byte) string {
	var p map[string]any
	if err := json.Unmarshal([]byte(pattern), &p); err != nil {
		return "unreadable pattern"
	}
	var ev map[string]any
	_ = json.Unmarshal(event, &ev)
	check := func(sub map[string]any) bool {
		b, _ := json.Marshal(sub)
		pat, err := eventbridge.ParsePattern(b)
		if err != nil {
			return true
		}
		ok, err := pat.Match(event)
		return err == nil && ok
	}
	// A top-level $or: explain the alternative for the event's own source
	// and detail-type (or the first one).
	if alts, ok := p["$or"].([]any); ok && len(p) == 1 {
		var first string
		for _, a := range alts {
			m, _ := a.(map[string]any)
			b, _ := json.Marshal(m)
			why := Mismatch(string(b), event)
			if why == "" {
				return ""
			}
			if first == "" {
				first = why
			}
			if check(map[string]any{"source": m["source"], "detail-type": m["detail-type"]}) {
				return why
			}
		}
		return first
	}
	for _, k := range slices.Sorted(maps.Keys(p)) {
		if k == "detail" {
			continue
		}
		if !check(map[string]any{k: p[k]}) {
			return fmt.Sprintf("%s is %s, the rule wants %s", k, show(ev[k]), show(p[k]))
		}
	}
	detail, _ := p["detail"].(map[string]any)
	evDetail, _ := ev["detail"].(map[string]any)
	dkeys := make([]string, 0, len(detail))
	for k := range detail {
		dkeys = append(dkeys, k)
	}
	sort.Strings(dkeys)
	for _, k := range dkeys {
		if !check(map[string]any{"detail": map[string]any{k: detail[k]}}) {
			if k == "$or" {
				return "the event matches none of the alternatives of detail.$or " + show(detail[k])
			}
			val, present := evDetail[k]
			if !present {
				return fmt.Sprintf("detail.%s is missing, the rule wants %s", k, show(detail[k]))
			}
			return fmt.Sprintf("detail.%s is %s, the rule wants %s", k, show(val), show(detail[k]))
		}
	}
	if !check(p) {
		return "the combination of conditions does not match"
	}
	return ""
}

func show(v any) string {
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// recorder answers every request like a webhook that accepted it, without
// a network: the preview records what the API destination would send.
type recorder struct{}

func (recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("ok")), Request: r,
	}, nil
}

// postClient sends --post requests; tests replace its transport.
var postClient = &http.Client{Timeout: 5 * time.Second}

// send POSTs body to target the way an API destination does, and fails
// when the endpoint answers an error: a non-2xx status, or a 2xx JSON body
// with "ok": false (Slack's Web API answers most errors with HTTP 200 and
// ok false). The error never contains target, which holds a secret.
func send(target string, kind signin.Kind, body []byte) (string, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "", errors.New("cannot build the request")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "signin-notifier-preview")
	if kind == signin.KindSlackApp {
		if token := os.Getenv("SLACK_BOT_TOKEN"); token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
	}
	resp, err := postClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", errors.New(scrub(err.Error(), target))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	answer := scrub(strings.TrimSpace(string(raw)), target)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", fmt.Errorf("the endpoint answered %s %s: the message was not accepted", resp.Status, answer)
	}
	var slack struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(raw, &slack) == nil && slack.OK != nil && !*slack.OK {
		fix := "check the token, the channel and that the app is in the channel"
		if kind == signin.KindSlackApp && os.Getenv("SLACK_BOT_TOKEN") == "" {
			fix = "set SLACK_BOT_TOKEN to the bot token (xoxb-...) for --post-slackapp"
		}
		return "", fmt.Errorf("the endpoint answered %s but ok:false (%s): %s", resp.Status, slack.Error, fix)
	}
	return strings.TrimSpace(resp.Status + " " + answer), nil
}

// scrub removes target, and its path and query, from an error text.
func scrub(text, target string) string {
	if target == "" {
		return text
	}
	text = strings.ReplaceAll(text, target, redact.URL(target))
	if u, err := url.Parse(target); err == nil {
		for _, part := range []string{u.RawQuery, u.EscapedPath(), u.Path} {
			if len(part) > 1 {
				text = strings.ReplaceAll(text, part, "/...")
			}
		}
	}
	return text
}
