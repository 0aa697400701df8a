package payloadcheck

import (
	"errors"
	"strings"
	"testing"
)

const validMessage = `{
  "text": "Console sign-in: jane in 111111111111",
  "blocks": [
    {"type": "header", "block_id": "h", "text": {"type": "plain_text", "text": "🔐 Console sign-in", "emoji": true}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Account* 111111111111", "verbatim": true},
     "fields": [{"type": "plain_text", "text": "jane"}, {"type": "mrkdwn", "text": "*MFA* yes"}],
     "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Open"}, "url": "https://console.aws.amazon.com/cloudtrail", "style": "primary", "action_id": "open"}},
    {"type": "section", "fields": [{"type": "plain_text", "text": "only fields"}], "expand": false},
    {"type": "divider"},
    {"type": "context", "elements": [{"type": "plain_text", "text": "Mozilla/5.0"}, {"type": "image", "image_url": "https://a.example/i.png", "alt_text": "icon"}]},
    {"type": "image", "image_url": "https://a.example/i.png", "alt_text": "map", "title": {"type": "plain_text", "text": "Where"}},
    {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "CloudTrail"}, "url": "https://console.aws.amazon.com/", "value": "v"}]},
    {"type": "rich_text", "elements": [
      {"type": "rich_text_section", "elements": [{"type": "text", "text": "User agent: ", "style": {"bold": true}}, {"type": "text", "text": "<!channel>"}, {"type": "emoji", "name": "warning"}, {"type": "link", "url": "https://a.example", "text": "docs"}]},
      {"type": "rich_text_preformatted", "border": 0, "elements": [{"type": "text", "text": "raw"}]},
      {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted", "style": {"italic": true, "strike": false, "code": true}}]},
      {"type": "rich_text_list", "style": "bullet", "indent": 1, "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "item"}]}]}
    ]}
  ],
  "unfurl_links": false, "username": "signin-notifier"
}`

func TestValidate_AcceptsValidPayloads(t *testing.T) {
	cases := map[string]string{
		"full message":                  validMessage,
		"text only":                     `{"text":"hello"}`,
		"blocks without fallback":       `{"blocks":[{"type":"divider"}]}`,
		"empty fallback with blocks":    `{"text":"","blocks":[{"type":"divider"}]}`,
		"50 blocks":                     `{"blocks":[` + strings.TrimSuffix(strings.Repeat(`{"type":"divider"},`, 50), ",") + `]}`,
		"header of 150 characters (é)":  `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"` + strings.Repeat("é", 150) + `"}}]}`,
		"section text of 3000 emoji":    `{"blocks":[{"type":"section","text":{"type":"plain_text","text":"` + strings.Repeat("🔥", 3000) + `"}}]}`,
		"10 fields of 2000 characters":  `{"blocks":[{"type":"section","fields":[` + strings.TrimSuffix(strings.Repeat(`{"type":"plain_text","text":"`+strings.Repeat("x", 2000)+`"},`, 10), ",") + `]}]}`,
		"block_id of 255 characters":    `{"blocks":[{"type":"divider","block_id":"` + strings.Repeat("b", 255) + `"}]}`,
		"10 context elements":           `{"blocks":[{"type":"context","elements":[` + strings.TrimSuffix(strings.Repeat(`{"type":"mrkdwn","text":"x"},`, 10), ",") + `]}]}`,
		"fallback of 40000 characters":  `{"text":"` + strings.Repeat("ü", 40000) + `"}`,
		"image accessory":               `{"blocks":[{"type":"section","text":{"type":"plain_text","text":"x"},"accessory":{"type":"image","image_url":"https://a.example/i.png","alt_text":"i"}}]}`,
		"ordered list with offset":      `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_list","style":"ordered","offset":2,"elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"a"}]}]}]}]}`,
		"link without text":             `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"link","url":"https://a.example"}]}]}]}`,
		"escaped characters count once": `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"` + strings.Repeat(`\"`, 150) + `"}}]}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Slack([]byte(body)); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidate_RejectsEachRule(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name, body, pointer, msg string
	}{
		{"not JSON", `{"text":`, "", "not valid JSON"},
		{"trailing data", `{"text":"a"} {}`, "", "data after the JSON value"},
		{"not an object", `["x"]`, "", "must be an object"},
		{"neither text nor blocks", `{}`, "", `needs "text" or "blocks"`},
		{"unknown top-level field", `{"text":"a","attachments":[]}`, "/attachments", `unknown field "attachments"`},
		{"fallback not a string", `{"text":{"type":"plain_text","text":"a"}}`, "/text", "must be a string"},
		{"fallback too long", `{"text":"` + long(40001) + `"}`, "/text", "over Slack's limit of 40000"},
		{"empty fallback without blocks", `{"text":""}`, "/text", "must not be empty when there are no blocks"},
		{"blocks not an array", `{"blocks":{}}`, "/blocks", "must be an array"},
		{"51 blocks", `{"blocks":[` + strings.TrimSuffix(strings.Repeat(`{"type":"divider"},`, 51), ",") + `]}`, "/blocks", "over Slack's limit of 50"},
		{"block not an object", `{"blocks":["divider"]}`, "/blocks/0", "a block must be an object"},
		{"unknown block type", `{"blocks":[{"type":"video"}]}`, "/blocks/0/type", `is "video", must be one of header, section`},
		{"missing block type", `{"blocks":[{}]}`, "/blocks/0/type", `required field "type" is missing`},
		{"block_id too long", `{"blocks":[{"type":"divider","block_id":"` + long(256) + `"}]}`, "/blocks/0/block_id", "over Slack's limit of 255"},
		{"block_id empty", `{"blocks":[{"type":"divider","block_id":""}]}`, "/blocks/0/block_id", "must not be empty"},
		{"duplicate block_id", `{"blocks":[{"type":"divider","block_id":"a"},{"type":"divider","block_id":"a"}]}`, "/blocks/1/block_id", `duplicate block_id "a"`},
		{"unknown block field", `{"blocks":[{"type":"divider","text":"x"}]}`, "/blocks/0/text", `unknown field "text" in a divider block`},
		{"header mrkdwn", `{"blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}`, "/blocks/0/text/type", "header text must be plain_text"},
		{"header too long", `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"` + long(151) + `"}}]}`, "/blocks/0/text/text", "is 151 characters, over Slack's limit of 150"},
		{"header missing text", `{"blocks":[{"type":"header"}]}`, "/blocks/0/text", `required field "text" is missing`},
		{"text object not an object", `{"blocks":[{"type":"header","text":"hi"}]}`, "/blocks/0/text", "a text object must be an object, got a string"},
		{"text object bad type", `{"blocks":[{"type":"section","text":{"type":"markdown","text":"x"}}]}`, "/blocks/0/text/type", `must be one of plain_text, mrkdwn`},
		{"text object empty text", `{"blocks":[{"type":"section","text":{"type":"plain_text","text":""}}]}`, "/blocks/0/text/text", "must not be empty"},
		{"text object missing text", `{"blocks":[{"type":"section","text":{"type":"plain_text"}}]}`, "/blocks/0/text/text", `required field "text" is missing`},
		{"text object number text", `{"blocks":[{"type":"section","text":{"type":"plain_text","text":5}}]}`, "/blocks/0/text/text", "must be a string, got a number"},
		{"emoji on mrkdwn", `{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x","emoji":true}}]}`, "/blocks/0/text/emoji", `unknown field "emoji" in a mrkdwn object`},
		{"verbatim on plain_text", `{"blocks":[{"type":"section","text":{"type":"plain_text","text":"x","verbatim":true}}]}`, "/blocks/0/text/verbatim", `unknown field "verbatim"`},
		{"emoji not bool", `{"blocks":[{"type":"section","text":{"type":"plain_text","text":"x","emoji":"yes"}}]}`, "/blocks/0/text/emoji", "must be true or false"},
		{"section without text or fields", `{"blocks":[{"type":"section"}]}`, "/blocks/0", `needs "text" or "fields"`},
		{"section text too long", `{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"` + long(3001) + `"}}]}`, "/blocks/0/text/text", "over Slack's limit of 3000"},
		{"11 fields", `{"blocks":[{"type":"section","fields":[` + strings.TrimSuffix(strings.Repeat(`{"type":"plain_text","text":"x"},`, 11), ",") + `]}]}`, "/blocks/0/fields", "over Slack's limit of 10"},
		{"field too long", `{"blocks":[{"type":"section","fields":[{"type":"plain_text","text":"x"},{"type":"plain_text","text":"x"},{"type":"plain_text","text":"x"},{"type":"plain_text","text":"` + long(2001) + `"}]}]}`, "/blocks/0/fields/3/text", "over Slack's limit of 2000"},
		{"empty fields", `{"blocks":[{"type":"section","fields":[]}]}`, "/blocks/0/fields", "must not be an empty array"},
		{"bad accessory", `{"blocks":[{"type":"section","text":{"type":"plain_text","text":"x"},"accessory":{"type":"datepicker"}}]}`, "/blocks/0/accessory/type", "must be one of button, image"},
		{"context without elements", `{"blocks":[{"type":"context"}]}`, "/blocks/0/elements", `required field "elements" is missing`},
		{"context empty elements", `{"blocks":[{"type":"context","elements":[]}]}`, "/blocks/0/elements", "must not be an empty array"},
		{"11 context elements", `{"blocks":[{"type":"context","elements":[` + strings.TrimSuffix(strings.Repeat(`{"type":"mrkdwn","text":"x"},`, 11), ",") + `]}]}`, "/blocks/0/elements", "over Slack's limit of 10"},
		{"context button", `{"blocks":[{"type":"context","elements":[{"type":"button"}]}]}`, "/blocks/0/elements/0/type", "must be one of plain_text, mrkdwn, image"},
		{"image without alt_text", `{"blocks":[{"type":"image","image_url":"https://a.example/i.png"}]}`, "/blocks/0/alt_text", `required field "alt_text" is missing`},
		{"image title mrkdwn", `{"blocks":[{"type":"image","image_url":"https://a","alt_text":"a","title":{"type":"mrkdwn","text":"t"}}]}`, "/blocks/0/title/type", "image title must be plain_text"},
		{"actions non-button", `{"blocks":[{"type":"actions","elements":[{"type":"static_select"}]}]}`, "/blocks/0/elements/0/type", "must be one of button"},
		{"button text too long", `{"blocks":[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"` + long(76) + `"}}]}]}`, "/blocks/0/elements/0/text/text", "over Slack's limit of 75"},
		{"button bad style", `{"blocks":[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"x"},"style":"green"}]}]}`, "/blocks/0/elements/0/style", "must be one of primary, danger"},
		{"button mrkdwn text", `{"blocks":[{"type":"actions","elements":[{"type":"button","text":{"type":"mrkdwn","text":"x"}}]}]}`, "/blocks/0/elements/0/text/type", "button text must be plain_text"},
		{"rich_text empty elements", `{"blocks":[{"type":"rich_text","elements":[]}]}`, "/blocks/0/elements", "must not be an empty array"},
		{"rich_text bad container", `{"blocks":[{"type":"rich_text","elements":[{"type":"text","text":"x"}]}]}`, "/blocks/0/elements/0/type", "must be one of rich_text_section"},
		{"section empty elements", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[]}]}]}`, "/blocks/0/elements/0/elements", "must not be an empty array"},
		{"rich text empty text", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":""}]}]}]}`, "/blocks/0/elements/0/elements/0/text", "must not be empty"},
		{"rich text broadcast", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"broadcast","range":"channel"}]}]}]}`, "/blocks/0/elements/0/elements/0/type", "must be one of text, link, emoji"},
		{"rich text bad style", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"x","style":{"underline":true}}]}]}]}`, "/blocks/0/elements/0/elements/0/style/underline", `unknown field "underline"`},
		{"rich text style not bool", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"x","style":{"bold":1}}]}]}]}`, "/blocks/0/elements/0/elements/0/style/bold", "must be true or false"},
		{"link without url", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"link","text":"x"}]}]}]}`, "/blocks/0/elements/0/elements/0/url", `required field "url" is missing`},
		{"link empty text", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"link","url":"https://a","text":""}]}]}]}`, "/blocks/0/elements/0/elements/0/text", "must not be empty"},
		{"emoji without name", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"emoji"}]}]}]}`, "/blocks/0/elements/0/elements/0/name", `required field "name" is missing`},
		{"list without style", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_list","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"a"}]}]}]}]}`, "/blocks/0/elements/0/style", `required field "style" is missing`},
		{"list item not a section", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_list","style":"bullet","elements":[{"type":"text","text":"a"}]}]}]}`, "/blocks/0/elements/0/elements/0/type", "must be one of rich_text_section"},
		{"list indent out of range", `{"blocks":[{"type":"rich_text","elements":[{"type":"rich_text_list","style":"bullet","indent":9,"elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"a"}]}]}]}]}`, "/blocks/0/elements/0/indent", "must be an integer from 0 to 8"},
		{"unfurl not bool", `{"text":"a","unfurl_links":"false"}`, "/unfurl_links", "must be true or false"},
		{"username not string", `{"text":"a","username":1}`, "/username", "must be a string"},
		{"pointer escapes / and ~", `{"text":"a","a/b~c":1}`, "/a~1b~0c", `unknown field "a/b~c"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := Expect(SlackViolations([]byte(tc.body)), tc.pointer, tc.msg); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestValidate_ReportsAllViolations(t *testing.T) {
	body := `{"text":5,"blocks":[{"type":"header","text":{"type":"mrkdwn","text":""}},{"type":"section"},{"type":"nope"}]}`
	err := Slack([]byte(body))
	if err == nil {
		t.Fatal("Validate = nil")
	}
	want := []string{
		"/text: must be a string",
		"/blocks/0/text/text: must not be empty",
		"/blocks/0/text/type: header text must be plain_text",
		"/blocks/1: a section block needs",
		"/blocks/2/type: is \"nope\"",
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("error lacks %q:\n%s", w, got)
		}
	}
	var v *Violation
	if !errors.As(err, &v) {
		t.Error("joined error does not expose *Violation")
	}
	if n := len(SlackViolations([]byte(body))); n != len(want) {
		t.Errorf("got %d violations, want %d: %v", n, len(want), SlackViolations([]byte(body)))
	}
}

func TestViolation_RootPointer(t *testing.T) {
	v := Violation{Message: "x"}
	if v.Error() != "payload: x" {
		t.Errorf("got %q", v.Error())
	}
}
