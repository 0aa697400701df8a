package main

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
)

// TestDestinationStacks asserts the templates of a five-destination hub
// with routes and quiet rules: one stack per extra destination in the home
// region, the right endpoint, connection header and rate limit for each,
// the routed rule sets, and the filters inside the patterns.
func TestDestinationStacks(t *testing.T) {
	s := synthApp(t, map[string]string{
		config.KeyRegions:             "us-east-1,eu-west-1",
		config.KeySlackWebhookSecret:  "slack-url",
		config.KeySlackBotTokenSecret: "slack-bot",
		config.KeySlackChannel:        "C0123456789",
		config.KeyTeamsWebhookSecret:  "teams-url",
		config.KeyDiscordWebhookURL:   "https://discord.com/api/webhooks/1/TOKEN",
		config.KeyWebhookSecret:       "hook-url",
		config.KeyWebhookAuthSecret:   "hook-auth",
		config.KeyRoutes:              "slackApp:high,discord:root+failure",
		config.KeyIgnorePrincipals:    "arn:aws:sts::*:assumed-role/BreakGlassDrill/*",
		config.KeyIgnoreSourceIPs:     "203.0.113.0/24",
		config.KeyAccounts:            testAccount + ",111122223333", // the deployed account must be listed
	})
	var ids []string
	for _, st := range s.stacks {
		ids = append(ids, *st.StackName())
	}
	want := []string{"SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1", "SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security",
		"SigninNotifier-us-east-1-slackapp", "SigninNotifier-us-east-1-slackapp-security", "SigninNotifier-us-east-1-teams", "SigninNotifier-us-east-1-teams-security",
		"SigninNotifier-us-east-1-discord", "SigninNotifier-us-east-1-discord-security", "SigninNotifier-us-east-1-webhook", "SigninNotifier-us-east-1-webhook-security", "SigninNotifier-eu-west-1"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("stacks = %v, want %v", ids, want)
	}
	manifest := readManifest(t, s.dir)
	cases := []struct {
		stack, endpoint, header, headerValue string
		rate                                 float64
		rules                                int
	}{
		// Rule counts (the send-test rule aside): the sign-in group (12 with
		// switch events, 6 for high severities, 2 for root+failure: the two
		// failure rules) and the security group (14 with the burst rule; 12
		// for high, without CliSignIn and OAuthGrant; 7 for root+failure: 6
		// root rules and the burst). IncompleteSecurity is two rules there:
		// the two-account filter takes its pattern over 2,048 characters.
		{"SigninNotifier-us-east-1-slack", "{{resolve:secretsmanager:slack-url:SecretString:::}}", "X-Signin-Notifier", "slack", 1, 12},
		{"SigninNotifier-us-east-1-slack-security", "{{resolve:secretsmanager:slack-url:SecretString:::}}", "X-Signin-Notifier", "slack", 1, 14},
		{"SigninNotifier-us-east-1-slackapp", "https://slack.com/api/chat.postMessage", "Authorization", "Bearer {{resolve:secretsmanager:slack-bot:SecretString:::}}", 1, 6},
		{"SigninNotifier-us-east-1-slackapp-security", "https://slack.com/api/chat.postMessage", "Authorization", "Bearer {{resolve:secretsmanager:slack-bot:SecretString:::}}", 1, 12},
		{"SigninNotifier-us-east-1-teams", "{{resolve:secretsmanager:teams-url:SecretString:::}}", "X-Signin-Notifier", "teams", 1, 12},
		{"SigninNotifier-us-east-1-discord", "https://discord.com/api/webhooks/1/TOKEN", "X-Signin-Notifier", "discord", 1, 2},
		{"SigninNotifier-us-east-1-discord-security", "https://discord.com/api/webhooks/1/TOKEN", "X-Signin-Notifier", "discord", 1, 7},
		{"SigninNotifier-us-east-1-webhook", "{{resolve:secretsmanager:hook-url:SecretString:::}}", "Authorization", "{{resolve:secretsmanager:hook-auth:SecretString:::}}", 10, 12},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			tmpl := s.templates[tc.stack]
			for _, d := range resources(t, tmpl, "AWS::Events::ApiDestination", 1) {
				if p := props(d); p["InvocationEndpoint"] != tc.endpoint || p["InvocationRateLimitPerSecond"] != tc.rate {
					t.Errorf("api destination = %v, want %s at %v/s", p, tc.endpoint, tc.rate)
				}
			}
			for _, c := range resources(t, tmpl, "AWS::Events::Connection", 1) {
				key := props(c)["AuthParameters"].(map[string]any)["ApiKeyAuthParameters"].(map[string]any)
				if key["ApiKeyName"] != tc.header || mustJSON(t, key["ApiKeyValue"]) != mustJSON(t, tc.headerValue) {
					t.Errorf("connection header %v: %v, want %s: %s", key["ApiKeyName"], key["ApiKeyValue"], tc.header, tc.headerValue)
				}
			}
			rules := resourcesOf(tmpl, "AWS::Events::Rule") // counted below
			notifier := 0
			for id, r := range rules {
				if !strings.HasPrefix(id, "Notifier") || strings.HasPrefix(id, "NotifierTestSignIn") {
					continue // the send-test rule reaches every destination, unfiltered
				}
				notifier++
				pattern := mustJSON(t, props(r)["EventPattern"])
				if !strings.Contains(pattern, `"account":["111111111111","111122223333"]`) {
					t.Errorf("%s lacks the accounts filter: %s", id, pattern)
				}
				// Every rule that shows the source IP requires one; only the
				// successful sign-ins keep the ranges outside the ignored one.
				quietIP := strings.Contains(id, "SignInWith") || strings.Contains(id, "IdentityCenter") || strings.Contains(id, "Federated")
				if got := strings.Contains(pattern, `"sourceIPAddress":[{"cidr":`); got != quietIP {
					t.Errorf("%s: source-range filter present = %v, want %v", id, got, quietIP)
				}
				if strings.Contains(pattern, "BreakGlassDrill") || strings.Contains(pattern, "wildcard") {
					t.Errorf("%s: the principal filter belongs to the forwarder, not a severity rule", id)
				}
				if strings.Contains(pattern, `"cidr":"203.0.113.0/24"`) {
					t.Errorf("%s keeps the ignored range itself", id)
				}
			}
			if notifier != tc.rules {
				t.Errorf("%d notifier rules, want %d", notifier, tc.rules)
			}
			{
				if deps := manifest.Artifacts[tc.stack].Dependencies; !slices.Contains(deps, "SigninNotifier-us-east-1") {
					t.Errorf("dependencies = %v, want the home stack", deps)
				}
				for id, r := range rules {
					if got := mustJSON(t, props(r)["EventBusName"]); got != `"signin-notifier-hub"` {
						t.Errorf("%s listens on %s, want the hub bus by name", id, got)
					}
				}
			}
		})
	}
	if countTypes(s.templates["SigninNotifier-eu-west-1"])["AWS::Events::ApiDestination"] != 0 {
		t.Error("a spoke holds a destination")
	}
}
