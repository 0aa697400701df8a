package payloadcheck

import (
	"errors"
	"strings"
	"testing"
)

// validDiscord is a root sign-in notification as the Discord webhook gets
// it. The author name is the typed user name, attacker-chosen.
const validDiscord = `{
  "username": "signin-notifier",
  "avatar_url": "https://example.com/signin-notifier.png",
  "content": "",
  "allowed_mentions": {"parse": [], "users": [], "roles": [], "replied_user": false},
  "embeds": [{
    "title": "🚨 Root user console sign-in",
    "url": "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f",
    "color": 13959168,
    "timestamp": "2024-05-01T12:34:56Z",
    "description": "**Account:** 111111111111 (prod)\n**Region:** us-east-1",
    "author": {"name": "@everyone <@123> **jane**", "url": "https://example.com/users/jane", "icon_url": "https://example.com/jane.png"},
    "footer": {"text": "signin-notifier · severity root · the user agent is in the CloudTrail event", "icon_url": "https://example.com/f.png"},
    "fields": [
      {"name": "Source IP", "value": "203.0.113.7", "inline": true},
      {"name": "MFA", "value": "No", "inline": true},
      {"name": "Result", "value": "Success"}
    ]
  }]
}`

func TestDiscord_AcceptsValidPayloads(t *testing.T) {
	e := "/embeds/0"
	cases := map[string]string{
		"sign-in notification":             validDiscord,
		"content only":                     mut(validDiscord, "/content", "Root sign-in in 111111111111", "/embeds", drop),
		"content without embeds field":     `{"content":"hi","allowed_mentions":{"parse":[]}}`,
		"empty embeds with content":        mut(validDiscord, "/content", "hi", "/embeds", []any{}),
		"no optional top-level fields":     mut(validDiscord, "/username", drop, "/avatar_url", drop, "/content", drop),
		"parse only":                       mut(validDiscord, "/allowed_mentions", raw(`{"parse":[]}`)),
		"content of 2000 emoji":            mut(validDiscord, "/content", repeat("🔥", MaxDiscordContent)),
		"username of 80 characters":        mut(validDiscord, "/username", repeat("é", MaxDiscordUsername)),
		"username of 1 character":          mut(validDiscord, "/username", "n"),
		"title of 256 characters":          mut(validDiscord, e+"/title", repeat("é", MaxEmbedTitle)),
		"description of 4096 characters":   mut(validDiscord, e+"/description", repeat("ü", MaxEmbedDesc)),
		"author name of 256 characters":    mut(validDiscord, e+"/author/name", repeat("x", MaxEmbedAuthorName)),
		"footer of 2048 characters":        mut(validDiscord, e+"/footer/text", repeat("x", MaxEmbedFooterText)),
		"field name of 256, value of 1024": mut(validDiscord, e+"/fields/0", map[string]any{"name": repeat("n", MaxEmbedFieldName), "value": repeat("v", MaxEmbedFieldValue)}),
		"25 fields":                        mut(validDiscord, e+"/fields", items(MaxEmbedFields, map[string]any{"name": "n", "value": "v"})),
		"10 embeds":                        mut(validDiscord, "/embeds", items(MaxDiscordEmbeds, map[string]any{"title": "t"})),
		"exactly 6000 characters in total": mut(validDiscord, "/embeds", []any{map[string]any{"description": repeat("a", 4096)}, map[string]any{"description": repeat("b", 1000), "title": repeat("c", 256), "fields": items(1, map[string]any{"name": repeat("d", 200), "value": repeat("e", 448)})}}),
		"color 0":                          mut(validDiscord, e+"/color", 0),
		"color 0xFFFFFF":                   mut(validDiscord, e+"/color", MaxEmbedColor),
		"timestamp with offset and millis": mut(validDiscord, e+"/timestamp", "2024-05-01T12:34:56.789+02:00"),
		"embed with only a description":    mut(validDiscord, "/embeds/0", raw(`{"description":"x"}`)),
		"embed with only fields":           mut(validDiscord, "/embeds/0", raw(`{"fields":[{"name":"a","value":"b"}]}`)),
		"author without url":               mut(validDiscord, e+"/author", raw(`{"name":"jane"}`)),
		"username with a split clyde":      mut(validDiscord, "/username", "Cl-yde notifier"),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Discord([]byte(body)); err != nil {
				t.Errorf("Discord: %v", err)
			}
		})
	}
}

func TestDiscord_RejectsEachRule(t *testing.T) {
	const e = "/embeds/0"
	cases := []rejectCase{
		{"not JSON", `{`, "", "not valid JSON"},
		{"not an object", `"hi"`, "", "the payload must be an object"},
		{"invalid UTF-8", replaceOnce(validDiscord, "**jane**", "**jane\xc0**"), e + "/author/name", "not valid UTF-8"},
		{"lone surrogate", replaceOnce(validDiscord, "Source IP", `Source \udc00IP`), e + "/fields/0/name", "lone UTF-16 surrogate"},
		{"duplicate key", replaceOnce(validDiscord, `"content": ""`, `"content": "", "content": "@everyone"`), "/content", `duplicate key "content"`},
		{"unknown top-level field", mut(validDiscord, "/tts", true), "/tts", `unknown field "tts" in the message`},
		{"components", mut(validDiscord, "/components", []any{}), "/components", `unknown field "components"`},
		{"content not a string", mut(validDiscord, "/content", 1), "/content", "must be a string"},
		{"content of 2001 characters", mut(validDiscord, "/content", repeat("🔥", MaxDiscordContent+1)), "/content", "is 2001 characters, over Discord's limit of 2000"},
		{"no content and no embeds", mut(validDiscord, "/embeds", drop), "", `needs non-empty "content" or at least one embed`},
		{"blank content and empty embeds", mut(validDiscord, "/content", " \n", "/embeds", []any{}), "", `needs non-empty "content" or at least one embed`},
		{"empty username", mut(validDiscord, "/username", ""), "/username", "must not be empty"},
		{"blank username", mut(validDiscord, "/username", "  "), "/username", "must not be only whitespace"},
		{"username of 81 characters", mut(validDiscord, "/username", repeat("é", MaxDiscordUsername+1)), "/username", "is 81 characters, over Discord's limit of 80"},
		{"username with discord", mut(validDiscord, "/username", "Discord Alerts"), "/username", `contains "discord"`},
		{"username with clyde", mut(validDiscord, "/username", "CLYDE"), "/username", `contains "clyde"`},
		{"username a number", mut(validDiscord, "/username", 7), "/username", "must be a string"},
		{"avatar_url relative", mut(validDiscord, "/avatar_url", "icon.png"), "/avatar_url", "must be an absolute https or http URL"},
		{"avatar_url ftp", mut(validDiscord, "/avatar_url", "ftp://example.com/i.png"), "/avatar_url", `has scheme "ftp"`},
		{"avatar_url empty", mut(validDiscord, "/avatar_url", ""), "/avatar_url", "must not be empty"},
		{"allowed_mentions missing", mut(validDiscord, "/allowed_mentions", drop), "/allowed_mentions", `required field "allowed_mentions" is missing: send {"parse":[]}`},
		{"allowed_mentions not an object", mut(validDiscord, "/allowed_mentions", []any{}), "/allowed_mentions", "allowed_mentions must be an object"},
		{"parse missing", mut(validDiscord, "/allowed_mentions/parse", drop), "/allowed_mentions/parse", `required field "parse" is missing`},
		{"parse everyone", mut(validDiscord, "/allowed_mentions/parse", []any{"everyone"}), "/allowed_mentions/parse", "has 1 items, must be empty: this notifier never pings anyone"},
		{"parse not an array", mut(validDiscord, "/allowed_mentions/parse", "everyone"), "/allowed_mentions/parse", "must be an array"},
		{"users listed", mut(validDiscord, "/allowed_mentions/users", []any{"123"}), "/allowed_mentions/users", "must be empty"},
		{"roles listed", mut(validDiscord, "/allowed_mentions/roles", []any{"456", "789"}), "/allowed_mentions/roles", "has 2 items, must be empty"},
		{"replied_user true", mut(validDiscord, "/allowed_mentions/replied_user", true), "/allowed_mentions/replied_user", "must be false, got a boolean"},
		{"allowed_mentions unknown field", mut(validDiscord, "/allowed_mentions/everyone", false), "/allowed_mentions/everyone", `unknown field "everyone" in allowed_mentions`},
		{"embeds not an array", mut(validDiscord, "/embeds", raw(`{}`)), "/embeds", "must be an array"},
		{"11 embeds", mut(validDiscord, "/embeds", items(MaxDiscordEmbeds+1, map[string]any{"title": "t"})), "/embeds", "has 11 items, over Discord's limit of 10"},
		{"embed not an object", mut(validDiscord, e, "text"), e, "an embed must be an object"},
		{"embed unknown field", mut(validDiscord, e+"/image", raw(`{"url":"https://a.example/i.png"}`)), e + "/image", `unknown field "image" in an embed`},
		{"embed type", mut(validDiscord, e+"/type", "rich"), e + "/type", `unknown field "type" in an embed`},
		{"embed showing nothing", mut(validDiscord, e, raw(`{"color":1,"fields":[]}`)), e, "an embed needs a title, description, author, footer or fields"},
		{"title of 257 characters", mut(validDiscord, e+"/title", repeat("é", MaxEmbedTitle+1)), e + "/title", "is 257 characters, over Discord's limit of 256"},
		{"blank title", mut(validDiscord, e+"/title", "\t"), e + "/title", "must not be only whitespace"},
		{"title a number", mut(validDiscord, e+"/title", 1), e + "/title", "must be a string"},
		{"description of 4097 characters", mut(validDiscord, e+"/description", repeat("ü", MaxEmbedDesc+1)), e + "/description", "over Discord's limit of 4096"},
		{"empty description", mut(validDiscord, e+"/description", ""), e + "/description", "must not be empty"},
		{"url relative", mut(validDiscord, e+"/url", "cloudtrailv2/home"), e + "/url", "must be an absolute"},
		{"color negative", mut(validDiscord, e+"/color", -1), e + "/color", "must be an integer from 0 to 16777215"},
		{"color too big", mut(validDiscord, e+"/color", MaxEmbedColor+1), e + "/color", "must be an integer from 0 to 16777215"},
		{"color string", mut(validDiscord, e+"/color", "#D50000"), e + "/color", "must be an integer"},
		{"color fraction", mut(validDiscord, e+"/color", raw(`1.5`)), e + "/color", "must be an integer"},
		{"timestamp words", mut(validDiscord, e+"/timestamp", "yesterday"), e + "/timestamp", `is "yesterday", must be an ISO 8601 timestamp`},
		{"timestamp without T", mut(validDiscord, e+"/timestamp", "2024-05-01 12:34:56"), e + "/timestamp", "must be an ISO 8601 timestamp"},
		{"timestamp number", mut(validDiscord, e+"/timestamp", 1714566896), e + "/timestamp", "must be a string"},
		{"author not an object", mut(validDiscord, e+"/author", "jane"), e + "/author", "author must be an object"},
		{"author without name", mut(validDiscord, e+"/author/name", drop), e + "/author/name", `required field "name" is missing`},
		{"author empty name", mut(validDiscord, e+"/author/name", ""), e + "/author/name", "must not be empty: Discord rejects an empty or blank name"},
		{"author blank name", mut(validDiscord, e+"/author/name", " "), e + "/author/name", "must not be only whitespace"},
		{"author name of 257 characters", mut(validDiscord, e+"/author/name", repeat("x", MaxEmbedAuthorName+1)), e + "/author/name", "over Discord's limit of 256"},
		{"author bad url", mut(validDiscord, e+"/author/url", "jane"), e + "/author/url", "must be an absolute"},
		{"author bad icon_url", mut(validDiscord, e+"/author/icon_url", "data:image/png;base64,AAAA"), e + "/author/icon_url", "must be an absolute"},
		{"author unknown field", mut(validDiscord, e+"/author/proxy_icon_url", "https://a.example"), e + "/author/proxy_icon_url", `unknown field "proxy_icon_url" in an embed author`},
		{"footer not an object", mut(validDiscord, e+"/footer", "x"), e + "/footer", "footer must be an object"},
		{"footer without text", mut(validDiscord, e+"/footer/text", drop), e + "/footer/text", `required field "text" is missing`},
		{"footer blank text", mut(validDiscord, e+"/footer/text", "\n"), e + "/footer/text", "must not be only whitespace"},
		{"footer of 2049 characters", mut(validDiscord, e+"/footer/text", repeat("x", MaxEmbedFooterText+1)), e + "/footer/text", "over Discord's limit of 2048"},
		{"footer unknown field", mut(validDiscord, e+"/footer/timestamp", "x"), e + "/footer/timestamp", `unknown field "timestamp" in an embed footer`},
		{"fields not an array", mut(validDiscord, e+"/fields", raw(`{}`)), e + "/fields", "must be an array"},
		{"26 fields", mut(validDiscord, e+"/fields", items(MaxEmbedFields+1, map[string]any{"name": "n", "value": "v"})), e + "/fields", "has 26 items, over Discord's limit of 25"},
		{"field not an object", mut(validDiscord, e+"/fields/1", "MFA: No"), e + "/fields/1", "an embed field must be an object"},
		{"field without name", mut(validDiscord, e+"/fields/1/name", drop), e + "/fields/1/name", `required field "name" is missing`},
		{"field blank name", mut(validDiscord, e+"/fields/1/name", " "), e + "/fields/1/name", "must not be only whitespace"},
		{"field name of 257 characters", mut(validDiscord, e+"/fields/1/name", repeat("n", MaxEmbedFieldName+1)), e + "/fields/1/name", "over Discord's limit of 256"},
		{"field without value", mut(validDiscord, e+"/fields/1/value", drop), e + "/fields/1/value", `required field "value" is missing`},
		{"field empty value", mut(validDiscord, e+"/fields/1/value", ""), e + "/fields/1/value", "must not be empty"},
		{"field value of 1025 characters", mut(validDiscord, e+"/fields/1/value", repeat("v", MaxEmbedFieldValue+1)), e + "/fields/1/value", "over Discord's limit of 1024"},
		{"field inline string", mut(validDiscord, e+"/fields/1/inline", "true"), e + "/fields/1/inline", "must be true or false"},
		{"field unknown key", mut(validDiscord, e+"/fields/1/title", "MFA"), e + "/fields/1/title", `unknown field "title" in an embed field`},
		{"6001 characters in total", mut(validDiscord, "/embeds", []any{map[string]any{"description": repeat("a", 4096)}, map[string]any{"description": repeat("b", 1001), "title": repeat("c", 256), "fields": items(1, map[string]any{"name": repeat("d", 200), "value": repeat("e", 448)})}}), "/embeds", "embeds hold 6001 characters"},
		{"total counts footer and author", mut(validDiscord, e+"/description", repeat("a", 4096), e+"/footer/text", repeat("f", 2048)), "/embeds", "over Discord's limit of 6000"},
	}
	runRejects(t, DiscordViolations, cases)
}

func TestDiscord_ValidPayloadHasNoViolations(t *testing.T) {
	if vs := DiscordViolations([]byte(validDiscord)); vs != nil {
		t.Fatalf("DiscordViolations(validDiscord) = %v, want nil", vs)
	}
}

func TestDiscord_ReportsAllViolations(t *testing.T) {
	body := mut(validDiscord,
		"/allowed_mentions/parse", []any{"everyone"},
		"/embeds/0/title", "",
		"/embeds/0/fields/2/value", " ",
	)
	err := Discord([]byte(body))
	if err == nil {
		t.Fatal("Discord = nil")
	}
	want := []string{
		"/allowed_mentions/parse: has 1 items, must be empty",
		"/embeds/0/title: must not be empty",
		"/embeds/0/fields/2/value: must not be only whitespace",
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%s", w, err)
		}
	}
	var v *Violation
	if !errors.As(err, &v) || v.Pointer != "/allowed_mentions/parse" {
		t.Errorf("errors.As gave %v, want the first violation", v)
	}
	if n := len(DiscordViolations([]byte(body))); n != len(want) {
		t.Errorf("got %d violations, want %d: %v", n, len(want), DiscordViolations([]byte(body)))
	}
}
