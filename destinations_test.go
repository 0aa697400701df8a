package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/testkit/payloadcheck"
)

// destinationPaths tells destinations apart on the one local server: the
// path of each endpoint.
var destinationPaths = map[string]signin.Kind{
	"/services/T000/B000/SLACK":             signin.KindSlack,
	"/api/chat.postMessage":                 signin.KindSlackApp,
	"/workflows/abc/triggers/manual/invoke": signin.KindTeams,
	"/api/webhooks/123/DISCORDTOKEN":        signin.KindDiscord,
	"/signin":                               signin.KindWebhook,
}

// TestEveryDestinationGetsItsNativeMessage configures all five destinations
// with severity routes and every kind of quiet rule, pushes the corpus
// through the synthesized hub app, and checks, per destination, exactly
// which events arrive, that each payload is valid for that destination's
// format, and that filtered events arrive nowhere.
func TestEveryDestinationGetsItsNativeMessage(t *testing.T) {
	deliverToEveryDestination(t, map[string]string{
		config.KeySlackWebhookSecret:   "slack-url",
		config.KeySlackBotTokenSecret:  "slack-bot",
		config.KeySlackChannel:         "C0123456789",
		config.KeyTeamsWebhookSecret:   "teams-url",
		config.KeyDiscordWebhookSecret: "discord-url",
		config.KeyWebhookSecret:        "hook-url",
		config.KeyWebhookAuthSecret:    "hook-auth",
		config.KeyRoutes:               "slackApp:high,discord:root+failure",
		config.KeyIgnorePrincipals:     "arn:aws:sts::*:assumed-role/AWSReservedSSO_*",
		config.KeyIgnoreSourceIPs:      "192.0.2.20/32",
		config.KeyAccounts:             testAccount + ",111122223333", // the deployed account must be listed
		config.KeyAccountName:          "Prod",
	}, quieted)
}

// TestEveryDestinationGetsBreakGlass: with the corpus's break-glass roles,
// every destination routed break-glass gets exactly one native message of
// every break-glass sample, in a hub of three regions; Slack, routed
// switch-role too, gets the other switches, and ignorePrincipals quiets a
// switch of an IAM user of 111122223333 but not that user's switch into a
// break-glass role.
func TestEveryDestinationGetsBreakGlass(t *testing.T) {
	ctx := with(hubBreakGlass, config.KeySlackWebhookSecret, "slack-url", config.KeySlackBotTokenSecret, "slack-bot", config.KeySlackChannel, "C0123456789",
		config.KeyTeamsWebhookSecret, "teams-url", config.KeyDiscordWebhookSecret, "discord-url", config.KeyWebhookSecret, "hook-url", config.KeyWebhookAuthSecret, "hook-auth",
		config.KeyRoutes, "slack:break-glass+switch-role,slackApp:break-glass,teams:break-glass,discord:break-glass,webhook:break-glass",
		config.KeyIgnorePrincipals, "arn:aws:iam::111122223333:user/*", config.KeyAccountName, "Prod")
	deliverToEveryDestination(t, ctx, func(t *testing.T, s samples.Sample, sev signin.Severity) bool {
		var ev struct {
			Detail struct {
				UserAgent    string
				UserIdentity struct{ Arn string }
			}
		}
		if err := json.Unmarshal(s.Event, &ev); err != nil {
			t.Fatal(err)
		}
		return sev != signin.SeverityBreakGlass && sev != signin.SeverityIncomplete && ev.Detail.UserAgent != "" && strings.HasPrefix(ev.Detail.UserIdentity.Arn, "arn:aws:iam::111122223333:user/")
	})
}

// deliverToEveryDestination synthesizes ctx (all five destinations, secrets
// of fixed names), replays the corpus and checks what each destination
// gets; quiet says whether the context's quiet rules silence a sample.
func deliverToEveryDestination(t *testing.T, ctx map[string]string, quiet func(*testing.T, samples.Sample, signin.Severity) bool) {
	s := synthApp(t, ctx)
	srv := newSlackServer(t)
	asm, err := emulator.Load(s.dir, emulator.Options{
		AccountID: testAccount,
		Secrets: map[string]string{
			"slack-url":   "https://hooks.slack.com/services/T000/B000/SLACK",
			"slack-bot":   "xoxb-test-token",
			"teams-url":   "https://prod-00.westus.logic.azure.com/workflows/abc/triggers/manual/invoke?sig=SECRET",
			"discord-url": "https://discord.com/api/webhooks/123/DISCORDTOKEN",
			"hook-url":    "https://alerts.example.com/signin",
			"hook-auth":   "Bearer hook-token",
		},
		Endpoint: emulator.RedirectTo(srv.URL),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range asm.Warnings() {
		t.Errorf("emulator warning: %s", w)
	}
	routes := map[signin.Kind][]signin.Severity{}
	for _, d := range s.cfg.Destinations {
		routes[d.Kind] = d.Severities
	}
	if len(routes) != 5 {
		t.Fatalf("destinations = %v, want all five", routes)
	}

	ran := 0
	delivered := map[signin.Kind]int{}
	for _, sample := range samples.All() {
		ran++
		t.Run(sample.Name, func(t *testing.T) {
			before := len(srv.bodies)
			test := sample.Expect.Severity == samples.SeverityTest
			// send-test puts its event on the signin-notifier bus itself.
			put := func() (*emulator.Trace, error) { return asm.Put(sample.Event) }
			if test {
				put = func() (*emulator.Trace, error) { return asm.PutOnBus(sample.Event, hubBusArn("us-east-1")) }
			}
			if _, err := put(); err != nil {
				t.Fatal(err)
			}
			got := map[signin.Kind]int{}
			for i := before; i < len(srv.bodies); i++ {
				req, body := srv.requests[i], srv.bodies[i]
				kind, ok := destinationPaths[req.URL.Path]
				if !ok {
					t.Fatalf("request to unknown path %s", req.URL.Path)
				}
				got[kind]++
				delivered[kind]++
				assertNative(t, kind, req, body, sample, expected(t, s.cfg, sample))
			}
			sev := signin.Severity(expectedSeverity(t, s.cfg, sample))
			notify := expectedMessages(t, s.cfg, sample) == 1 && !quiet(t, sample, sev)
			for kind, severities := range routes {
				want := 0
				if test || notify && (severities == nil || slices.Contains(severities, sev)) {
					want = 1 // the test reaches every destination, whatever its routes and filters
				}
				if got[kind] != want {
					t.Errorf("%s got %d messages, want %d (severity %q)", kind, got[kind], want, sev)
				}
			}
		})
	}
	if n := len(samples.Names()); ran != n || n < 52 {
		t.Errorf("%d samples ran of %d (the corpus has at least 52)", ran, n)
	}
	for kind := range routes {
		if delivered[kind] == 0 {
			t.Errorf("%s received nothing from the corpus", kind)
		}
	}
}

// quieted says whether the test's quiet rules silence a sample.
func quieted(t *testing.T, s samples.Sample, sev signin.Severity) bool {
	var ev struct {
		Account string
		Detail  struct {
			SourceIPAddress string
			UserIdentity    struct{ Arn string }
		}
	}
	if err := json.Unmarshal(s.Event, &ev); err != nil {
		t.Fatal(err)
	}
	switch {
	case ev.Account != "111122223333" && ev.Account != testAccount:
		return true
	case sev != signin.SeverityIncomplete && strings.Contains(ev.Detail.UserIdentity.Arn, ":assumed-role/AWSReservedSSO_"):
		return true
	case (sev == signin.SeveritySignIn || sev == signin.SeverityNoMFA) && ev.Detail.SourceIPAddress == "192.0.2.20":
		return true
	}
	return false
}

// assertNative checks one delivered request against its destination's
// format, auth and markup rules; want is the sample's expected outcome.
func assertNative(t *testing.T, kind signin.Kind, req *http.Request, body []byte, sample samples.Sample, want samples.Outcome) {
	t.Helper()
	var locs []string // user-visible text, for the facts
	plainOnly := func(kindOf string, text string) {
		for _, m := range sample.Expect.AttackerMarkers {
			if strings.Contains(text, m) && kindOf != "plain" {
				t.Errorf("%s: attacker marker %q rendered as %s", kind, m, kindOf)
			}
		}
		locs = append(locs, text)
	}
	switch kind {
	case signin.KindSlack, signin.KindSlackApp:
		assertSlackMessage(t, body, sample, "Prod", want.Title)
		if kind == signin.KindSlackApp {
			var v struct{ Channel string }
			_ = json.Unmarshal(body, &v)
			if v.Channel != "C0123456789" || req.Header.Get("Authorization") != "Bearer xoxb-test-token" {
				t.Errorf("chat.postMessage: channel %q, Authorization %q", v.Channel, req.Header.Get("Authorization"))
			}
		}
		return
	case signin.KindTeams:
		if err := payloadcheck.Teams(body); err != nil {
			t.Fatalf("invalid Teams payload: %v\n%s", err, body)
		}
		for _, l := range payloadcheck.TeamsTextLocations(body) {
			plainOnly(string(l.Kind), l.Text)
		}
		var card struct {
			Attachments []struct {
				Content struct{ Body []struct{ Text string } }
			}
		}
		_ = json.Unmarshal(body, &card)
		if len(card.Attachments) != 1 || len(card.Attachments[0].Content.Body) == 0 || card.Attachments[0].Content.Body[0].Text != want.Title {
			t.Errorf("teams header %+v, want %q", card, want.Title)
		}
	case signin.KindDiscord:
		if err := payloadcheck.Discord(body); err != nil {
			t.Fatalf("invalid Discord payload: %v\n%s", err, body)
		}
		for _, l := range payloadcheck.DiscordTextLocations(body) {
			plainOnly(string(l.Kind), l.Text)
		}
		var msg struct{ Embeds []struct{ Title string } }
		_ = json.Unmarshal(body, &msg)
		if len(msg.Embeds) != 1 || msg.Embeds[0].Title != want.Title {
			t.Errorf("discord title %+v, want %q", msg.Embeds, want.Title)
		}
	case signin.KindWebhook:
		if err := payloadcheck.Webhook(body); err != nil {
			t.Fatalf("invalid webhook document: %v\n%s", err, body)
		}
		if req.Header.Get("Authorization") != "Bearer hook-token" {
			t.Errorf("webhook Authorization = %q", req.Header.Get("Authorization"))
		}
		var doc map[string]any
		_ = json.Unmarshal(body, &doc)
		if doc["severity"] != want.Severity {
			t.Errorf("webhook severity %v, want %s", doc["severity"], want.Severity)
		}
		if doc["title"] != want.Title || doc["rule"] != want.Rule {
			t.Errorf("webhook rule %v title %v, want %s %q", doc["rule"], doc["title"], want.Rule, want.Title)
		}
		for _, v := range doc {
			if str, ok := v.(string); ok {
				locs = append(locs, str)
			}
		}
		for _, nested := range []string{"identity", "assumption"} {
			if o, ok := doc[nested].(map[string]any); ok {
				for _, v := range o {
					locs = append(locs, v.(string))
				}
			}
		}
	}
	all := strings.Join(locs, "\n")
	for _, want := range sample.Expect.MustContain {
		if !strings.Contains(all, want) {
			t.Errorf("%s message lacks %q:\n%s", kind, want, all)
		}
	}
	if kind != signin.KindWebhook {
		for _, want := range sample.Expect.Says {
			if !strings.Contains(all, want) {
				t.Errorf("%s message does not say %q:\n%s", kind, want, all)
			}
		}
	}
	assertLinks(t, body)
}
