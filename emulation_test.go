package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/testkit/payloadcheck"
)

// webhookURL is the value of the Slack secret in the emulated account.
const webhookURL = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX"

// slackServer stands in for Slack: it records every request.
type slackServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
}

func newSlackServer(t *testing.T) *slackServer {
	s := &slackServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, r)
		s.bodies = append(s.bodies, b)
		s.mu.Unlock()
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(s.Close)
	return s
}

// expected is the outcome (severity, rule, header) a sample must get in a
// deployment of cfg: the tests configure either the corpus's break-glass
// roles or none.
func expected(t *testing.T, cfg config.Config, s samples.Sample) samples.Outcome {
	t.Helper()
	switch {
	case len(cfg.BreakGlassRoles) == 0:
		return s.Expect.With(false)
	case !slices.Equal(cfg.BreakGlassRoles, samples.BreakGlassRoles):
		t.Fatalf("breakGlassRoles %v: the corpus knows its outcomes with %v or none", cfg.BreakGlassRoles, samples.BreakGlassRoles)
	}
	return s.Expect.With(true)
}

// expectedSeverity is the severity of expected.
func expectedSeverity(t *testing.T, cfg config.Config, s samples.Sample) string {
	t.Helper()
	return expected(t, cfg, s).Severity
}

// expectedMessages is how many messages a sample must produce in a
// deployment of cfg: one per user action, none for events that must not
// notify, none for the second recording of a switch outside us-east-1.
func expectedMessages(t *testing.T, cfg config.Config, s samples.Sample) int {
	var ev struct {
		Region string
		Detail struct{ EventName string }
	}
	if err := json.Unmarshal(s.Event, &ev); err != nil {
		t.Fatal(err)
	}
	switch sev := expectedSeverity(t, cfg, s); {
	case sev == samples.SeverityNone:
		return 0
	case sev == samples.SeverityTest:
		return 0 // put on a default bus, the test goes nowhere: send-test puts it on the signin-notifier bus

	case !slices.Contains(cfg.Regions, ev.Region):
		return 0
	case (ev.Detail.EventName == signin.EventSwitchRole || ev.Detail.EventName == signin.EventExitRole) && !cfg.SwitchEventsIn(ev.Region):
		return 0
	}
	return 1
}

// severityOfRule maps a rule's construct path (…/Notifier/<RuleID>/Resource)
// to its severity.
func severityOfRule(t *testing.T, path string) signin.Severity {
	sev, ok := signin.SeverityOf(ruleID(t, path))
	if !ok {
		t.Fatalf("delivery from unknown rule %s", path)
	}
	return sev
}

// ruleID is the id of the rule of a construct path (…/Notifier/<RuleID>/Resource),
// without a part number.
func ruleID(t *testing.T, path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/Resource"), "/")
	if len(parts) < 2 || parts[len(parts)-2] != "Notifier" {
		t.Fatalf("delivery from a rule outside a notifier: %s", path)
	}
	return signin.BaseRuleID(parts[len(parts)-1])
}

// realRecordSamples are the samples of the record classes of issue 17 (real
// records that got the wrong message): each must be exercised.
var realRecordSamples = []string{
	"cloudtrail-stop-logging-no-request-parameters", "console-login-failure-assumed-role",
	"cloudtrail-stop-logging-trail-not-found", "cloudtrail-delete-trail-access-denied",
	"iam-user-success-mfa-no-event-id", "root-create-access-key-for-iam-user",
	"root-password-update-failed", "mcp-oauth-authorize", "aws-login-root-user",
	"sso-console-login", "saml-console-login",
}

// linkRE finds the links of a body; a link must not end in an empty path
// segment or query value (a placeholder the event did not fill).
var linkRE = regexp.MustCompile(`https://[^"\\ ]*`)

func assertLinks(t *testing.T, body []byte) {
	t.Helper()
	links := linkRE.FindAllString(string(body), -1)
	if len(links) == 0 {
		t.Errorf("no link in %s", body)
	}
	for _, l := range links {
		if strings.HasSuffix(l, "/") || strings.HasSuffix(l, "=") || strings.Contains(l, "=&") || strings.Contains(l, "//.") {
			t.Errorf("link %s has an empty part", l)
		}
	}
}

// TestEveryEventBecomesExactlyTheRightMessage pushes the whole corpus through
// the synthesized app, for the default app, a direct deployment of two
// regions, a hub list without us-east-1, and with the corpus's break-glass
// roles a hub and a direct deployment of three regions, and checks what
// Slack would receive (events of regions the app leaves out included).
func TestEveryEventBecomesExactlyTheRightMessage(t *testing.T) {
	configs := []map[string]string{
		nil,
		directTwoRegions,
		{config.KeyRegions: "eu-west-1,eu-central-1,us-east-2", config.KeyHomeRegion: "eu-central-1", config.KeyAccountName: "Prod"},
		hubBreakGlass,
		with(hubBreakGlass, config.KeyTopology, "direct"),
	}
	for _, ctx := range configs {
		s := synthApp(t, ctx)
		ran, sentTotal, wantTotal := 0, 0, 0
		exercised := map[string]bool{}
		slack := newSlackServer(t)
		asm, err := emulator.Load(s.dir, emulator.Options{
			AccountID: testAccount,
			Secrets:   map[string]string{config.DefaultSlackWebhookSecret: webhookURL},
			Endpoint:  emulator.RedirectTo(slack.URL),
		})
		if err != nil {
			t.Fatalf("%v: load: %v", ctx, err)
		}
		for _, w := range asm.Warnings() {
			t.Errorf("%v: emulator warning on the synthesized app: %s", ctx, w)
		}
		for _, sample := range samples.All() {
			t.Run(string(s.cfg.Topology)+"/"+strings.Join(s.cfg.Regions, ",")[:9]+"/"+fmt.Sprint(len(s.cfg.BreakGlassRoles))+"/"+sample.Name, func(t *testing.T) {
				before := len(slack.bodies)
				trace, err := asm.Put(sample.Event)
				if err != nil {
					t.Fatal(err)
				}
				want := expectedMessages(t, s.cfg, sample)
				sent := trace.Sent()
				ran++
				exercised[sample.Name] = true
				wantTotal += want
				sentTotal += len(sent)
				if len(sent) != want || len(slack.bodies)-before != want {
					t.Fatalf("%d messages (server got %d), want %d\n%s", len(sent), len(slack.bodies)-before, want, trace)
				}
				for _, d := range trace.Deliveries {
					if d.Dropped || d.Err != nil {
						t.Errorf("delivery dropped or failed: %s %v", d.DropReason, d.Err)
					}
				}
				// The assumptions of unlisted roles (every role, without
				// break-glass roles) stay in their region: AssumeRole is
				// among the most frequent CloudTrail events.
				if unlisted := strings.HasPrefix(sample.Name, "break-glass-near-miss") || (len(s.cfg.BreakGlassRoles) == 0 && strings.HasPrefix(sample.Name, "break-glass-assume-role")); unlisted {
					for _, st := range trace.Steps {
						if st.Kind == emulator.StepForwarded {
							t.Errorf("an assumption of an unlisted role left its region: %+v", st)
						}
					}
				}
				for i, d := range sent {
					req := slack.requests[before+i]
					if req.Method != http.MethodPost || req.URL.Path != "/services/T000/B000/XXXXXXXXXXXX" {
						t.Errorf("request %s %s, want POST to the webhook path from the secret", req.Method, req.URL.Path)
					}
					if got := severityOfRule(t, d.RulePath); string(got) != expectedSeverity(t, s.cfg, sample) {
						t.Errorf("severity %s (rule %s), want %s", got, d.RulePath, expectedSeverity(t, s.cfg, sample))
					}
					if got, want := ruleID(t, d.RulePath), expected(t, s.cfg, sample).Rule; got != want {
						t.Errorf("reported by rule %s, want %s", got, want)
					}
					assertSlackMessage(t, d.Body, sample, s.cfg.AccountName, expected(t, s.cfg, sample).Title)
				}
			})
		}
		// Every sample ran, and the corpus as a whole sent what it must.
		if n := len(samples.Names()); ran != n || n < 52 {
			t.Errorf("%v: %d samples ran of %d (the corpus has at least 52)", ctx, ran, n)
		}
		if sentTotal != wantTotal || wantTotal == 0 {
			t.Errorf("%v: the corpus sent %d messages, want %d", ctx, sentTotal, wantTotal)
		}
		for _, name := range realRecordSamples {
			if !exercised[name] {
				t.Errorf("%v: sample %s did not run", ctx, name)
			}
		}
		// send-test puts its event on the signin-notifier bus of every
		// region that notifies: one message there, marked as a test.
		sample, _ := samples.Get("send-test")
		for _, region := range s.cfg.NotifierRegions() {
			before := len(slack.bodies)
			trace, err := asm.PutOnBus(sample.Event, hubBusArn(region))
			if err != nil {
				t.Fatal(err)
			}
			if len(trace.Sent()) != 1 || len(slack.bodies)-before != 1 {
				t.Fatalf("%v: send-test on the bus in %s sent %d messages, want 1\n%s", ctx, region, len(trace.Sent()), trace)
			}
			assertSlackMessage(t, trace.Sent()[0].Body, sample, s.cfg.AccountName, sample.Expect.Title)
			if !strings.Contains(string(trace.Sent()[0].Body), "Test from signin-notifier send-test") {
				t.Errorf("the send-test message does not say it is a test: %s", trace.Sent()[0].Body)
			}
		}
	}
}

// assertSlackMessage: a valid Block Kit payload that states the facts of the
// event, never renders markup, and shows attacker-chosen text only as plain
// rich text.
func assertSlackMessage(t *testing.T, body []byte, sample samples.Sample, accountName, title string) {
	t.Helper()
	if err := payloadcheck.Slack(body); err != nil {
		t.Fatalf("invalid Slack payload: %v\n%s", err, body)
	}
	locs := payloadcheck.SlackTextLocations(body)
	var all strings.Builder
	for _, l := range locs {
		all.WriteString(l.Text + "\n")
		// No label without a value: a field is "label\nvalue...", a header
		// never ends at a colon.
		if strings.Contains(l.Pointer, "/fields/") {
			lines := strings.Split(l.Text, "\n")
			if len(lines) < 2 || slices.ContainsFunc(lines, func(s string) bool { return strings.TrimSpace(s) == "" }) {
				t.Errorf("field %s shows a label without a value: %q", l.Pointer, l.Text)
			}
		}
		if trimmed := strings.TrimSpace(l.Text); strings.HasSuffix(trimmed, ":") && !strings.Contains(l.Pointer, "/elements/") {
			t.Errorf("%s ends at its label: %q", l.Pointer, l.Text)
		}
		if l.Kind == payloadcheck.KindMarkdown {
			t.Errorf("mrkdwn at %s: %q", l.Pointer, l.Text)
		}
		for _, m := range sample.Expect.AttackerMarkers {
			if strings.Contains(l.Text, m) && l.Kind != payloadcheck.KindRichText {
				t.Errorf("attacker marker %q rendered as %s at %s", m, l.Kind, l.Pointer)
			}
		}
	}
	for _, want := range sample.Expect.MustContain {
		if !strings.Contains(all.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, all.String())
		}
	}
	for _, want := range sample.Expect.Says {
		if !strings.Contains(all.String(), want) {
			t.Errorf("message does not say %q:\n%s", want, all.String())
		}
	}
	if accountName != "" && !strings.Contains(all.String(), accountName) {
		t.Errorf("message lacks the account name %q", accountName)
	}
	var blocks struct {
		Blocks []struct {
			Type string
			Text struct{ Text string }
		}
	}
	if err := json.Unmarshal(body, &blocks); err != nil || len(blocks.Blocks) == 0 || blocks.Blocks[0].Type != "header" || blocks.Blocks[0].Text.Text != title {
		t.Errorf("header %+v, want %q", blocks.Blocks, title)
	}
	assertLinks(t, body)
}
