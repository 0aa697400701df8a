package payloadcheck

import (
	"reflect"
	"strings"
	"testing"
)

func TestTextLocations(t *testing.T) {
	got := SlackTextLocations([]byte(validMessage))
	want := []TextLocation{
		{KindFallback, "/text", "Console sign-in: jane in 111111111111"},
		{KindPlain, "/blocks/0/text/text", "🔐 Console sign-in"},
		{KindPlain, "/blocks/1/accessory/text/text", "Open"},
		{KindURL, "/blocks/1/accessory/url", "https://console.aws.amazon.com/cloudtrail"},
		{KindPlain, "/blocks/1/fields/0/text", "jane"},
		{KindMarkdown, "/blocks/1/fields/1/text", "*MFA* yes"},
		{KindMarkdown, "/blocks/1/text/text", "*Account* 111111111111"},
		{KindPlain, "/blocks/2/fields/0/text", "only fields"},
		{KindPlain, "/blocks/4/elements/0/text", "Mozilla/5.0"},
		{KindPlain, "/blocks/4/elements/1/alt_text", "icon"},
		{KindURL, "/blocks/4/elements/1/image_url", "https://a.example/i.png"},
		{KindPlain, "/blocks/5/alt_text", "map"},
		{KindURL, "/blocks/5/image_url", "https://a.example/i.png"},
		{KindPlain, "/blocks/5/title/text", "Where"},
		{KindPlain, "/blocks/6/elements/0/text/text", "CloudTrail"},
		{KindURL, "/blocks/6/elements/0/url", "https://console.aws.amazon.com/"},
		{KindRichText, "/blocks/7/elements/0/elements/0/text", "User agent: "},
		{KindRichText, "/blocks/7/elements/0/elements/1/text", "<!channel>"},
		{KindRichText, "/blocks/7/elements/0/elements/3/text", "docs"},
		{KindURL, "/blocks/7/elements/0/elements/3/url", "https://a.example"},
		{KindRichText, "/blocks/7/elements/1/elements/0/text", "raw"},
		{KindRichText, "/blocks/7/elements/2/elements/0/text", "quoted"},
		{KindRichText, "/blocks/7/elements/3/elements/0/elements/0/text", "item"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TextLocations mismatch\ngot:\n%v\nwant:\n%v", fmtLocs(got), fmtLocs(want))
	}
}

func TestTextLocations_MarkerInMrkdwnIsVisible(t *testing.T) {
	// The check a notifier test performs: the attacker's marker must appear
	// only in plain_text or rich_text.
	const marker = "ATTACKER-9f2c"
	safe := `{"text":"Sign-in","blocks":[{"type":"section","fields":[{"type":"plain_text","text":"UA ` + marker + `"}]}]}`
	unsafe := `{"text":"Sign-in by ` + marker + `","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"` + marker + `"}}]}`
	if kinds := markerKinds(safe, marker); !reflect.DeepEqual(kinds, []TextKind{KindPlain}) {
		t.Errorf("safe payload: marker kinds %v", kinds)
	}
	if kinds := markerKinds(unsafe, marker); !reflect.DeepEqual(kinds, []TextKind{KindFallback, KindMarkdown}) {
		t.Errorf("unsafe payload: marker kinds %v", kinds)
	}
}

func TestTextLocations_UnknownTextIsTreatedAsMarkup(t *testing.T) {
	got := SlackTextLocations([]byte(`{"blocks":[{"type":"section","text":"bare"}]}`))
	if len(got) != 1 || got[0].Kind != KindMarkdown {
		t.Errorf("got %v", got)
	}
}

func TestSlackTextLocations_InvalidBody(t *testing.T) {
	for _, b := range []string{`nope`, `[]`} {
		if got := SlackTextLocations([]byte(b)); got != nil {
			t.Errorf("SlackTextLocations(%s) = %v, want nil", b, got)
		}
	}
}

func markerKinds(body, marker string) []TextKind {
	var kinds []TextKind
	for _, l := range SlackTextLocations([]byte(body)) {
		if strings.Contains(l.Text, marker) {
			kinds = append(kinds, l.Kind)
		}
	}
	return kinds
}
