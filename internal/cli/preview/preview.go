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
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
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

const usage = `usage:
  signin-notifier preview [--assembly DIR] [--post-slack URL] [--post-slackapp URL]
                         [--post-teams URL] [--post-discord URL] [--post-webhook URL] EVENT
      show which region, bus and rule handle EVENT in the synthesized app and
      the exact body each destination would receive; --post-KIND also POSTs
      that destination's body to URL (quote a URL with &), and fails if the
      endpoint answers an error; --post URL does the same when the event
      reaches one destination only
      DIR defaults to cdk.out; EVENT is the name of a built-in sample or a JSON
      file: an EventBridge event, a CloudTrail record, or a CloudTrail log file
      ({"Records": [...]}, each record previewed)
  signin-notifier samples
      list the built-in sample events
  signin-notifier doctor [--assembly DIR] [--json]
      check the deployed account against the synthesized app (see the README)
  signin-notifier send-test [--assembly DIR] [--region REGION]
      put a test sign-in on the deployed signin-notifier bus: every
      destination posts it, marked as a test
  signin-notifier pin-secrets [--assembly DIR] [--context FILE]
      pin each secret the stacks read to its current version (rotation)
`

// Run executes the command line args and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "preview":
		err = runPreview(args[1:], stdout)
	case "samples":
		for _, s := range samples.All() {
			fmt.Fprintf(stdout, "%-45s %s\n", s.Name, s.Description)
		}
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = fmt.Errorf("unknown command %q: use preview, samples or doctor (see signin-notifier help)", args[0])
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "signin-notifier: %v\n", err)
		return 1
	}
	return 0
}

// postKinds are the destination kinds that have a --post-KIND flag.
var postKinds = []signin.Kind{signin.KindSlack, signin.KindSlackApp, signin.KindTeams, signin.KindDiscord, signin.KindWebhook}

func postFlag(k signin.Kind) string { return "post-" + strings.ToLower(string(k)) }

func runPreview(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	assembly := fs.String("assembly", "cdk.out", "cloud assembly directory")
	post := fs.String("post", "", "POST each body to this URL (only when one destination receives the event)")
	posts := map[signin.Kind]*string{}
	for _, k := range postKinds {
		posts[k] = fs.String(postFlag(k), "", "POST the "+string(k)+" body to this URL")
	}
	if err := fs.Parse(reorder(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("preview: %v: use preview [--assembly DIR] [--post URL | --post-slack URL --post-teams URL ...] EVENT", err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("preview needs exactly one EVENT (a file or a sample name), got %d: run signin-notifier samples for the names", fs.NArg())
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
			return fmt.Errorf("--post and --%s together: use one --post-KIND flag per destination", postFlag(firstKind(targets)))
		}
		if err := checkPostURL("--post", *post, ""); err != nil {
			return err
		}
	}
	inputs, note, err := loadInputs(fs.Arg(0))
	if err != nil {
		return err
	}
	asm, err := emulator.Load(*assembly, emulator.Options{
		// Every API destination request is answered by the recorder, in
		// process: the preview sends nothing anywhere unless --post says so.
		HTTPClient: &http.Client{Transport: recorder{}},
		SecretFallback: func(id string) (string, bool) {
			return previewSecretHost + url.PathEscape(id), true
		},
	})
	if errors.Is(err, cloudassembly.ErrNoAssembly) {
		return err // names the directory and the fix already
	}
	if err != nil {
		return fmt.Errorf("cannot read the cloud assembly in %s: %v", *assembly, err)
	}
	type result struct {
		in    input
		trace *emulator.Trace
	}
	var results []result
	kinds := map[signin.Kind]bool{}
	for _, in := range inputs {
		trace, err := asm.Put(in.event)
		if err != nil {
			return fmt.Errorf("event %s: %v", in.name, err)
		}
		for _, d := range trace.Sent() {
			kinds[KindOfBody(d.Body)] = true
		}
		results = append(results, result{in, trace})
	}
	// Refuse before anything is printed or posted: a Teams card posted to a
	// Slack URL would only produce a confusing error.
	if *post != "" && len(kinds) > 1 {
		var names []string
		for _, k := range postKinds {
			if kinds[k] {
				names = append(names, "--"+postFlag(k)+" URL")
			}
		}
		return fmt.Errorf("--post cannot tell which destination %s is for: the app sends this event to %d destinations; use %s", redact.URL(*post), len(kinds), strings.Join(names, " and "))
	}

	fmt.Fprintf(out, "read %s\n", note)
	for _, r := range results {
		if len(results) > 1 {
			fmt.Fprintf(out, "\n== %s\n", r.in.name)
		}
		if err := printPreview(out, asm, r.in, r.trace, *post, targets); err != nil {
			return err
		}
	}
	for _, k := range postKinds {
		if targets[k] != "" && !kinds[k] {
			fmt.Fprintf(out, "\nnothing posted to --%s: the app sends this event to no %s destination\n", postFlag(k), k)
		}
	}
	return nil
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

func printPreview(out io.Writer, asm *emulator.Assembly, in input, trace *emulator.Trace, post string, targets map[signin.Kind]string) error {
	event := in.event
	fmt.Fprintf(out, "event %s: %s\n\nroute:\n", in.name, describeEvent(event))
	for _, line := range strings.Split(strings.TrimRight(routeOnly(trace), "\n"), "\n") {
		fmt.Fprintf(out, "  %s\n", line)
	}
	sent := trace.Sent()
	if len(sent) == 0 {
		fmt.Fprintf(out, "\nwould send nothing: %s\n", explain(asm, trace, event))
		return nil
	}
	for i, d := range sent {
		kind := KindOfBody(d.Body)
		fmt.Fprintf(out, "\nmessage %d of %d (%s): rule %s", i+1, len(sent), kind, ruleName(d.RulePath))
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
		fmt.Fprintf(out, "\nPOST %s\n", endpoint)
		var pretty bytes.Buffer
		if json.Indent(&pretty, d.Body, "", "  ") != nil {
			pretty.Write(d.Body)
		}
		fmt.Fprintf(out, "%s\n", pretty.String())
		if link, ok := BuilderLink(d.Body); ok {
			fmt.Fprintf(out, "Block Kit Builder: %s\n", link)
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
		fmt.Fprintf(out, "posted to %s: %s\n", redact.URL(target), status)
	}
	return nil
}

// reorder moves flags before the positional EVENT so that both
// `preview EVENT --post URL` and `preview --post URL EVENT` work.
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && a != "-h" && a != "--help" {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
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
	return fmt.Sprintf("%s %q from %s by %s %s in account %s, region %s", ev.Source, ev.DetailType, ev.Detail.EventName, ev.Detail.UserIdentity.Type, who, ev.Account, ev.Region)
}

// routeOnly is the step part of the trace (the deliveries are printed
// separately, with their bodies).
func routeOnly(t *emulator.Trace) string {
	s := t.String()
	if i := strings.Index(s, "\ndelivery 1:"); i >= 0 {
		return s[:i+1]
	}
	if strings.HasPrefix(s, "delivery 1:") {
		return ""
	}
	return s
}

// ruleName shortens a construct path to STACK/…/RULE.
func ruleName(path string) string {
	return strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/Resource")
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
			arrived[s.Region+"/"+s.Bus] = true
		}
	}
	var lines []string
	for _, r := range asm.Describe().Regions {
		for _, b := range r.Buses {
			if !arrived[r.Region+"/"+b.Name] {
				continue
			}
			for _, rule := range b.Rules {
				if why := Mismatch(rule.Pattern, event); why != "" {
					lines = append(lines, fmt.Sprintf("\n  %s/%s rule %s: %s", r.Region, b.Name, ruleName(rule.Path), why))
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
