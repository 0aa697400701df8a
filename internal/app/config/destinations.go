package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/redact"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Destination is one configured destination.
type Destination struct {
	Kind signin.Kind
	// URL is a plain endpoint URL for trials: it ends up in the template.
	URL string
	// Secret is the name or ARN of the secret holding the endpoint URL, or
	// the bot token for slackApp. Empty when URL is set.
	Secret string
	// AuthSecret holds the Authorization header value of a generic webhook.
	AuthSecret string
	// Channel is the channel id of slackApp.
	Channel string
	// Severities routed to this destination; nil means all.
	Severities []signin.Severity
}

// StackSuffix names the extra stack of a destination other than the Slack
// incoming webhook: SigninNotifier-<region>-<suffix>.
func (d Destination) StackSuffix() string { return strings.ToLower(string(d.Kind)) }

// urlKeys pairs each kind with its URL and secret keys.
var urlKeys = []struct {
	kind        signin.Kind
	url, secret string
	check       func(string) error
	example     string
}{
	{signin.KindSlack, KeySlackWebhookURL, KeySlackWebhookSecret, ValidateSlackWebhookURL, "https://hooks.slack.com/services/T.../B.../..."},
	{signin.KindTeams, KeyTeamsWebhookURL, KeyTeamsWebhookSecret, validateTeamsURL, "the URL of a Teams Workflows webhook"},
	{signin.KindDiscord, KeyDiscordWebhookURL, KeyDiscordWebhookSecret, validateDiscordURL, "https://discord.com/api/webhooks/ID/TOKEN"},
	{signin.KindWebhook, KeyWebhookURL, KeyWebhookSecret, validateWebhookURL, "https://alerts.example.com/signin"},
}

// parseDestinations reads every destination key. With none configured, the
// Slack webhook from the default secret is the destination.
func parseDestinations(ctx map[string]any, readers []string) ([]Destination, error) {
	get := func(key string) (string, error) {
		v, err := stringValue(ctx, key)
		return strings.TrimSpace(v), err
	}
	var out []Destination
	for _, k := range urlKeys {
		u, err := get(k.url)
		if err != nil {
			return nil, err
		}
		secret, err := get(k.secret)
		if err != nil {
			return nil, err
		}
		d := Destination{Kind: k.kind}
		switch {
		case u != "":
			if err := k.check(u); err != nil {
				return nil, fmt.Errorf("context %s=%q %w; or store it in Secrets Manager and set %s", k.url, redact.URL(u), err, k.secret)
			}
			d.URL = u
		case secret != "":
			if err := validateSecret(k.secret, secret, readers); err != nil {
				return nil, err
			}
			d.Secret = secret
		default:
			if k.kind == signin.KindWebhook {
				if auth, _ := get(KeyWebhookAuthSecret); auth != "" {
					return nil, fmt.Errorf("context %s=%q is set but no generic webhook is: set %s (or %s) too, or remove it", KeyWebhookAuthSecret, auth, KeyWebhookSecret, KeyWebhookURL)
				}
			}
			continue
		}
		if k.kind == signin.KindWebhook {
			if d.AuthSecret, err = get(KeyWebhookAuthSecret); err != nil {
				return nil, err
			}
			if d.AuthSecret != "" {
				if err := validateSecret(KeyWebhookAuthSecret, d.AuthSecret, readers); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, d)
	}

	token, err := get(KeySlackBotTokenSecret)
	if err != nil {
		return nil, err
	}
	channel, err := get(KeySlackChannel)
	if err != nil {
		return nil, err
	}
	switch {
	case token != "" && channel == "":
		return nil, fmt.Errorf("context %s=%q needs %s: set -c %s=C0123456789 (the channel id)", KeySlackBotTokenSecret, token, KeySlackChannel, KeySlackChannel)
	case token == "" && channel != "":
		return nil, fmt.Errorf("context %s=%q needs %s: set the name of the secret holding the bot token (xoxb-...)", KeySlackChannel, channel, KeySlackBotTokenSecret)
	case token != "":
		if err := validateSecret(KeySlackBotTokenSecret, token, readers); err != nil {
			return nil, err
		}
		if err := signin.ValidateSlackChannel(channel); err != nil {
			return nil, fmt.Errorf("context %s: %w", KeySlackChannel, err)
		}
		out = append(out, Destination{Kind: signin.KindSlackApp, Secret: token, Channel: channel})
	}

	if len(out) == 0 {
		if err := validateSecret(KeySlackWebhookSecret, DefaultSlackWebhookSecret, readers); err != nil {
			return nil, err
		}
		out = []Destination{{Kind: signin.KindSlack, Secret: DefaultSlackWebhookSecret}}
	}
	slices.SortStableFunc(out, func(a, b Destination) int {
		return slices.Index(signin.Kinds, a.Kind) - slices.Index(signin.Kinds, b.Kind)
	})
	return out, nil
}

// parseRoutes reads routes=KIND:SEVERITIES,... (severities joined by +,
// or the shorthands all and high) into the destinations.
func parseRoutes(ctx map[string]any, dests []Destination) error {
	raw, err := stringValue(ctx, KeyRoutes)
	if err != nil || strings.TrimSpace(raw) == "" {
		return err
	}
	seen := map[signin.Kind]bool{}
	for _, entry := range strings.Split(raw, ",") {
		name, sevs, ok := strings.Cut(strings.TrimSpace(entry), ":")
		if !ok {
			return fmt.Errorf("context %s=%q: entry %q has no ':': use DESTINATION:SEVERITIES, e.g. slack:all,teams:high", KeyRoutes, raw, entry)
		}
		kind, err := signin.ParseKind(strings.TrimSpace(name))
		if err != nil {
			return fmt.Errorf("context %s=%q: %v", KeyRoutes, raw, err)
		}
		if seen[kind] {
			return fmt.Errorf("context %s=%q routes %s twice: give each destination one entry", KeyRoutes, raw, kind)
		}
		seen[kind] = true
		severities, err := signin.ParseSeverities(sevs)
		if err != nil {
			return fmt.Errorf("context %s=%q: %v", KeyRoutes, raw, err)
		}
		i := slices.IndexFunc(dests, func(d Destination) bool { return d.Kind == kind })
		if i < 0 {
			return fmt.Errorf("context %s=%q routes to %s, which is not configured: set its webhook secret or url (or remove the entry)", KeyRoutes, raw, kind)
		}
		dests[i].Severities = severities
	}
	return nil
}

// parseFilters reads the quiet rules.
func parseFilters(ctx map[string]any) (signin.Filters, error) {
	var f signin.Filters
	var err error
	if f.IgnorePrincipals, err = listValue(ctx, KeyIgnorePrincipals); err != nil {
		return f, err
	}
	if err := (signin.Filters{IgnorePrincipals: f.IgnorePrincipals}).Validate(); err != nil {
		return f, fmt.Errorf("context %s: %v", KeyIgnorePrincipals, err)
	}
	if f.IgnoreSourceIPs, err = listValue(ctx, KeyIgnoreSourceIPs); err != nil {
		return f, err
	}
	if err := (signin.Filters{IgnoreSourceIPs: f.IgnoreSourceIPs}).Validate(); err != nil {
		return f, fmt.Errorf("context %s: %v", KeyIgnoreSourceIPs, err)
	}
	raw, err := stringValue(ctx, KeyIgnoreSourceIPsFor)
	if err != nil {
		return f, err
	}
	if strings.TrimSpace(raw) != "" {
		if f.IgnoreSourceIPsFor, err = signin.ParseSeverities(raw); err != nil {
			return f, fmt.Errorf("context %s=%q: %v", KeyIgnoreSourceIPsFor, raw, err)
		}
	}
	if f.Accounts, err = listValue(ctx, KeyAccounts); err != nil {
		return f, err
	}
	if err := (signin.Filters{Accounts: f.Accounts}).Validate(); err != nil {
		return f, fmt.Errorf("context %s: %v", KeyAccounts, err)
	}
	return f, nil
}

// listValue reads a comma-separated string or a JSON array of strings.
func listValue(ctx map[string]any, key string) ([]string, error) {
	var parts []string
	if list, ok := ctx[key].([]any); ok {
		for _, item := range list {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("context %s=%v must list strings", key, list)
			}
			parts = append(parts, s)
		}
	} else {
		raw, err := stringValue(ctx, key)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(raw) == "" {
			return nil, nil
		}
		parts = strings.Split(raw, ",")
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			return nil, fmt.Errorf("context %s has an empty entry: remove the extra comma", key)
		}
		out = append(out, p)
	}
	return out, nil
}

// A URL check returns the problem and the fix; parseDestinations names the
// key and the redacted value in front: context KEY="URL" PROBLEM: FIX.
type urlProblem struct{ problem, fix string }

func (p *urlProblem) Error() string { return p.problem + ": " + p.fix }

// serviceOf names the chat service whose webhook host u is on, or "".
func serviceOf(u *url.URL) signin.Kind {
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "hooks.slack.com" || host == "slack.com" || strings.HasSuffix(host, ".slack.com"):
		return signin.KindSlack
	case host == "discord.com" || host == "discordapp.com" || strings.HasSuffix(host, ".discord.com"):
		return signin.KindDiscord
	case teamsHost(host) || strings.HasSuffix(host, ".webhook.office.com") || host == "outlook.office.com":
		return signin.KindTeams
	}
	return ""
}

// teamsHost: a Teams Workflows webhook is a Power Automate flow trigger,
// served from *.logic.azure.com (e.g. prod-23.westeurope.logic.azure.com) or
// *.api.powerplatform.com (DEFAULTENV.09.environment.api.powerplatform.com).
func teamsHost(host string) bool {
	return strings.HasSuffix(host, ".logic.azure.com") || strings.HasSuffix(host, ".api.powerplatform.com") || strings.HasSuffix(host, ".powerautomate.com")
}

// keyFor names the URL key of a kind.
func keyFor(k signin.Kind) string {
	switch k {
	case signin.KindSlack:
		return KeySlackWebhookURL
	case signin.KindTeams:
		return KeyTeamsWebhookURL
	case signin.KindDiscord:
		return KeyDiscordWebhookURL
	}
	return KeyWebhookURL
}

// otherService refuses a URL of another service than the key's kind.
func otherService(u *url.URL, want signin.Kind) error {
	got := serviceOf(u)
	if got == "" || got == want {
		return nil
	}
	names := map[signin.Kind]string{signin.KindSlack: "a Slack", signin.KindTeams: "a Microsoft Teams", signin.KindDiscord: "a Discord"}
	return &urlProblem{"is " + names[got] + " url", "set it as " + keyFor(got) + " instead (each service gets its own message format)"}
}

// ValidateSlackWebhookURL accepts only Slack incoming-webhook URLs.
func ValidateSlackWebhookURL(raw string) error {
	u, err := parseHTTPS(raw)
	if err != nil {
		return &urlProblem{"is not a Slack incoming-webhook url (" + err.Error() + ")", "use https://hooks.slack.com/services/T.../B.../..."}
	}
	if err := otherService(u, signin.KindSlack); err != nil {
		return err
	}
	if u.Host != "hooks.slack.com" || !strings.HasPrefix(u.Path, "/services/") {
		return &urlProblem{"is not a Slack incoming-webhook url", "use https://hooks.slack.com/services/T.../B.../... (for a Slack app, set slackBotTokenSecret and slackChannel)"}
	}
	return nil
}

// validateTeamsURL accepts a Teams Workflows webhook: a Power Automate
// trigger URL that carries its shared-access signature (sig=), without
// which the flow answers 401 (an API destination cannot sign in to Entra).
func validateTeamsURL(raw string) error {
	u, err := parseHTTPS(raw)
	if err != nil {
		return &urlProblem{"is not a Teams Workflows url (" + err.Error() + ")", "use the URL of a Teams Workflows webhook"}
	}
	host := strings.ToLower(u.Hostname())
	if strings.HasSuffix(host, ".webhook.office.com") || host == "outlook.office.com" {
		return &urlProblem{"is an Office 365 connector url, and those connectors are retired", `create a Workflows webhook ("Send webhook alerts to a channel") and use its url`}
	}
	if err := otherService(u, signin.KindTeams); err != nil {
		return err
	}
	if !teamsHost(host) {
		return &urlProblem{"is not a Teams Workflows url (its host is not logic.azure.com or api.powerplatform.com)", `copy the url of the Workflows webhook ("Send webhook alerts to a channel") in Teams`}
	}
	if u.Query().Get("sig") == "" {
		return &urlProblem{"has no sig= signature", "copy the whole url, with its sig=... parameter, and quote it on the command line (it contains &)"}
	}
	return nil
}

func validateDiscordURL(raw string) error {
	u, err := parseHTTPS(raw)
	if err != nil {
		return &urlProblem{"is not a Discord webhook url (" + err.Error() + ")", "use https://discord.com/api/webhooks/ID/TOKEN"}
	}
	if err := otherService(u, signin.KindDiscord); err != nil {
		return err
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	ok := (u.Host == "discord.com" || u.Host == "discordapp.com" || u.Host == "ptb.discord.com" || u.Host == "canary.discord.com") &&
		len(parts) == 4 && parts[0] == "api" && parts[1] == "webhooks" && parts[2] != "" && parts[3] != ""
	if !ok {
		return &urlProblem{"is not a Discord webhook url", "use https://discord.com/api/webhooks/ID/TOKEN"}
	}
	return nil
}

// validateWebhookURL accepts any https endpoint except a chat service's,
// which would reject the generic document.
func validateWebhookURL(raw string) error {
	u, err := parseHTTPS(raw)
	if err != nil {
		return &urlProblem{"is " + err.Error(), "EventBridge API destinations call https endpoints only"}
	}
	if got := serviceOf(u); got != "" {
		return &urlProblem{"is a chat service's url, which would reject the generic document", "set it as " + keyFor(got) + " instead"}
	}
	return nil
}

func parseHTTPS(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || len(u.Path) <= 1 || strings.ContainsAny(raw, " \t\r\n") {
		return nil, fmt.Errorf("not an https url")
	}
	if len(raw) > 2048 {
		return nil, fmt.Errorf("longer than the 2048 characters EventBridge accepts")
	}
	return u, nil
}

// ServiceOfURL names the chat service (slack, teams or discord) whose
// webhook host raw is on, or "" for any other URL.
func ServiceOfURL(raw string) signin.Kind {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return serviceOf(u)
}
