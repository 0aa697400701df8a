package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/emulator"
	"github.com/signin-notifier/signin-notifier/internal/eventbridge"
	"github.com/signin-notifier/signin-notifier/internal/samples"
	"github.com/signin-notifier/signin-notifier/internal/signin"
)

// BlockKitBuilder is the prefix of a link that renders a Slack payload
// without a workspace webhook.
const BlockKitBuilder = "https://app.slack.com/block-kit-builder/#"

// previewSecretHost stands in for every secret the assembly references (the
// preview knows no real value, and the body does not depend on it); the
// secret id in the path tells the user which secret a URL would come from.
const previewSecretHost = "https://secret.preview.invalid/"

const usage = `usage:
  signin-notifier preview [--assembly DIR] [--post URL] EVENT
      show which region, bus and rule handle EVENT in the synthesized app and
      the exact body each destination would receive; with --post, also POST
      that body to URL (e.g. your Slack incoming webhook)
      DIR defaults to cdk.out; EVENT is a JSON file (an EventBridge event, or a
      sample file) or the name of a built-in sample
  signin-notifier samples
      list the built-in sample events
  signin-notifier doctor [--assembly DIR] [--json]
      check the deployed account against the synthesized app (see the README)
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

func runPreview(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	assembly := fs.String("assembly", "cdk.out", "cloud assembly directory")
	post := fs.String("post", "", "POST each body to this URL")
	if err := fs.Parse(reorder(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("preview: %v: use preview [--assembly DIR] [--post URL] EVENT", err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("preview needs exactly one EVENT (a file or a sample name), got %d: run signin-notifier samples for the names", fs.NArg())
	}
	if *post != "" {
		if u, err := url.Parse(*post); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("--post %q is not an http(s) url: pass the webhook url, e.g. https://hooks.slack.com/services/T.../B.../...", *post)
		}
	}
	name, event, err := loadEvent(fs.Arg(0))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*assembly, "manifest.json")); err != nil {
		return fmt.Errorf("no cloud assembly at %s: run make synth first, or pass --assembly DIR", *assembly)
	}

	capture := &recorder{}
	srv := httptest.NewServer(capture)
	defer srv.Close()
	asm, err := emulator.Load(*assembly, emulator.Options{
		Endpoint: emulator.RedirectTo(srv.URL),
		SecretFallback: func(id string) (string, bool) {
			return previewSecretHost + url.PathEscape(id), true
		},
	})
	if err != nil {
		return fmt.Errorf("cannot read the cloud assembly in %s: %v", *assembly, err)
	}
	trace, err := asm.Put(event)
	if err != nil {
		return fmt.Errorf("event %s: %v", name, err)
	}

	fmt.Fprintf(out, "event %s: %s\n\nroute:\n", name, describeEvent(event))
	for _, line := range strings.Split(strings.TrimRight(routeOnly(trace), "\n"), "\n") {
		fmt.Fprintf(out, "  %s\n", line)
	}
	sent := trace.Sent()
	if len(sent) == 0 {
		fmt.Fprintf(out, "\nwould send nothing: %s\n", explain(asm, trace, event))
		return nil
	}
	for i, d := range sent {
		fmt.Fprintf(out, "\nmessage %d of %d: rule %s", i+1, len(sent), ruleName(d.RulePath))
		if sev := severity(d.RulePath); sev != "" {
			fmt.Fprintf(out, " (severity %s)", sev)
		}
		endpoint := d.Endpoint
		if id, ok := strings.CutPrefix(endpoint, previewSecretHost); ok {
			id, _ = url.PathUnescape(id)
			endpoint = "the URL stored in secret " + id
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
		if *post != "" {
			status, err := send(*post, d.Body)
			if err != nil {
				return fmt.Errorf("--post %s: %v", redact(*post), err)
			}
			fmt.Fprintf(out, "posted to %s: %s\n", redact(*post), status)
		}
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

// loadEvent reads EVENT: a file (sample wrapper or bare envelope) or the
// name of a built-in sample.
func loadEvent(arg string) (string, []byte, error) {
	if data, err := os.ReadFile(arg); err == nil {
		s, err := samples.Parse(data)
		if err != nil {
			return "", nil, fmt.Errorf("event file %s: %v", arg, err)
		}
		return arg, s.Event, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", nil, fmt.Errorf("cannot read event file %s: %v", arg, err)
	}
	if s, ok := samples.Get(arg); ok {
		return s.Name, s.Event, nil
	}
	return "", nil, fmt.Errorf("event %q is neither a file nor a built-in sample: run signin-notifier samples for the names", arg)
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
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
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

// recorder answers every request like a webhook that accepted it.
type recorder struct{}

func (recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	_, _ = w.Write([]byte("ok"))
}

// send POSTs body to target the way an API destination does.
func send(target string, body []byte) (string, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "signin-notifier-preview")
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return fmt.Sprintf("%s %s", resp.Status, strings.TrimSpace(string(answer))), nil
}

// redact keeps a webhook URL's scheme, host and first path segment.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "the given url"
	}
	first := strings.SplitN(strings.TrimPrefix(u.Path, "/"), "/", 2)[0]
	return u.Scheme + "://" + u.Host + "/" + first + "/..."
}
