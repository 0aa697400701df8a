package payloadcheck

import (
	"reflect"
	"strings"
	"testing"
)

func TestTeamsTextLocations(t *testing.T) {
	got := TeamsTextLocations([]byte(validTeams))
	want := []TextLocation{
		{KindPlain, card + "/actions/0/title", "Open this event in CloudTrail"},
		{KindURL, card + "/actions/0/url", "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f"},
		{KindMarkdown, card + "/body/0/text", "🚨 Root user console sign-in"},
		{KindPlain, card + "/body/1/inlines/0/text", "Account:"},
		{KindPlain, card + "/body/1/inlines/1/text", " 111111111111 (prod)"},
		{KindPlain, card + "/body/2/inlines/0/text", "User agent: "},
		{KindPlain, card + "/body/2/inlines/1/text", "Mozilla/5.0 **x** [y](https://evil.example) <at>all</at>"},
		{KindMarkdown, card + "/body/3/facts/0/title", "Region"},
		{KindMarkdown, card + "/body/3/facts/0/value", "us-east-1"},
		{KindMarkdown, card + "/body/3/facts/1/title", ""},
		{KindMarkdown, card + "/body/3/facts/1/value", "MFA: no"},
		{KindMarkdown, card + "/body/4/items/0/columns/0/items/0/text", "Result"},
		{KindMarkdown, card + "/body/4/items/0/columns/1/items/0/text", "Success"},
		{KindPlain, card + "/body/5/inlines/0/text", "The root user should not be used day to day."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TeamsTextLocations mismatch\ngot:\n%s\nwant:\n%s", fmtLocs(got), fmtLocs(want))
	}
}

func TestDiscordTextLocations(t *testing.T) {
	got := DiscordTextLocations([]byte(validDiscord))
	want := []TextLocation{
		{KindURL, "/avatar_url", "https://example.com/signin-notifier.png"},
		{KindMarkdown, "/content", ""},
		{KindURL, "/embeds/0/author/icon_url", "https://example.com/jane.png"},
		{KindPlain, "/embeds/0/author/name", "@everyone <@123> **jane**"},
		{KindURL, "/embeds/0/author/url", "https://example.com/users/jane"},
		{KindMarkdown, "/embeds/0/description", "**Account:** 111111111111 (prod)\n**Region:** us-east-1"},
		{KindMarkdown, "/embeds/0/fields/0/name", "Source IP"},
		{KindMarkdown, "/embeds/0/fields/0/value", "203.0.113.7"},
		{KindMarkdown, "/embeds/0/fields/1/name", "MFA"},
		{KindMarkdown, "/embeds/0/fields/1/value", "No"},
		{KindMarkdown, "/embeds/0/fields/2/name", "Result"},
		{KindMarkdown, "/embeds/0/fields/2/value", "Success"},
		{KindURL, "/embeds/0/footer/icon_url", "https://example.com/f.png"},
		{KindPlain, "/embeds/0/footer/text", "signin-notifier · severity root · the user agent is in the CloudTrail event"},
		{KindMarkdown, "/embeds/0/title", "🚨 Root user console sign-in"},
		{KindURL, "/embeds/0/url", "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f"},
		{KindPlain, "/username", "signin-notifier"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DiscordTextLocations mismatch\ngot:\n%s\nwant:\n%s", fmtLocs(got), fmtLocs(want))
	}
}

// The check a notifier test performs: an attacker's marker must appear
// only where the service shows text literally.
func TestTextLocations_MarkerKinds(t *testing.T) {
	const marker = "ATTACKER-9f2c"
	cases := []struct {
		name  string
		locs  func([]byte) []TextLocation
		body  string
		kinds []TextKind
	}{
		{"Teams TextRun", TeamsTextLocations, mut(validTeams, card+"/body/2/inlines/1/text", "UA "+marker), []TextKind{KindPlain}},
		{"Teams TextBlock", TeamsTextLocations, mut(validTeams, card+"/body/0/text", "Sign-in by "+marker), []TextKind{KindMarkdown}},
		{"Teams fact value", TeamsTextLocations, mut(validTeams, card+"/body/3/facts/0/value", marker), []TextKind{KindMarkdown}},
		{"Teams fact title", TeamsTextLocations, mut(validTeams, card+"/body/3/facts/0/title", marker), []TextKind{KindMarkdown}},
		{"Teams action title and url", TeamsTextLocations, mut(validTeams, card+"/actions/0/title", marker, card+"/actions/0/url", "https://a.example/"+marker), []TextKind{KindPlain, KindURL}},
		{"Teams inline shorthand string", TeamsTextLocations, mut(validTeams, card+"/body/2/inlines/1", marker), []TextKind{KindPlain}},
		{"Teams unknown element text", TeamsTextLocations, mut(validTeams, card+"/body/1", raw(`{"type":"Input.Text","label":"x","value":"`+marker+`"}`)), []TextKind{KindMarkdown}},
		{"Discord author name", DiscordTextLocations, mut(validDiscord, "/embeds/0/author/name", marker), []TextKind{KindPlain}},
		{"Discord footer", DiscordTextLocations, mut(validDiscord, "/embeds/0/footer/text", marker), []TextKind{KindPlain}},
		{"Discord username", DiscordTextLocations, mut(validDiscord, "/username", marker), []TextKind{KindPlain}},
		{"Discord field value", DiscordTextLocations, mut(validDiscord, "/embeds/0/fields/0/value", marker), []TextKind{KindMarkdown}},
		{"Discord content and title", DiscordTextLocations, mut(validDiscord, "/content", marker, "/embeds/0/title", marker), []TextKind{KindMarkdown, KindMarkdown}},
		{"Discord description", DiscordTextLocations, mut(validDiscord, "/embeds/0/description", marker), []TextKind{KindMarkdown}},
		{"Discord text in an unknown object", DiscordTextLocations, mut(validDiscord, "/embeds/0/provider", raw(`{"name":"`+marker+`"}`)), []TextKind{KindMarkdown}},
		{"Discord urls", DiscordTextLocations, mut(validDiscord, "/embeds/0/url", "https://a.example/"+marker, "/avatar_url", "https://a.example/"+marker), []TextKind{KindURL, KindURL}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var kinds []TextKind
			for _, l := range tc.locs([]byte(tc.body)) {
				if strings.Contains(l.Text, marker) {
					kinds = append(kinds, l.Kind)
				}
			}
			if !reflect.DeepEqual(kinds, tc.kinds) {
				t.Errorf("marker kinds %v, want %v", kinds, tc.kinds)
			}
		})
	}
}

func TestTextLocations_UnknownInlineTextIsMarkdown(t *testing.T) {
	// A text in an inline that is not a TextRun would be rejected by the
	// validator; the locations report it as Markdown, the worst case.
	body := mut(validTeams, card+"/body/1/inlines/0/type", "Mention")
	for _, l := range TeamsTextLocations([]byte(body)) {
		if l.Pointer == card+"/body/1/inlines/0/text" {
			if l.Kind != KindMarkdown {
				t.Errorf("kind %s, want markdown", l.Kind)
			}
			return
		}
	}
	t.Error("text of the unknown inline not listed")
}

func TestTextLocations_InvalidBody(t *testing.T) {
	for _, b := range []string{`nope`, `[]`, `"x"`, ``} {
		if got := TeamsTextLocations([]byte(b)); got != nil {
			t.Errorf("TeamsTextLocations(%s) = %v, want nil", b, got)
		}
		if got := DiscordTextLocations([]byte(b)); got != nil {
			t.Errorf("DiscordTextLocations(%s) = %v, want nil", b, got)
		}
	}
}

func fmtLocs(ls []TextLocation) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(string(l.Kind) + " " + l.Pointer + " " + l.Text + "\n")
	}
	return b.String()
}
