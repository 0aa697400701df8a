package payloadcheck

import (
	"errors"
	"strings"
	"testing"
)

// validTeams is a root sign-in notification as the Workflows webhook gets
// it, with every supported element type.
const validTeams = `{
  "type": "message",
  "attachments": [{
    "contentType": "application/vnd.microsoft.card.adaptive",
    "contentUrl": null,
    "content": {
      "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
      "type": "AdaptiveCard",
      "version": "1.4",
      "msteams": {"width": "Full"},
      "body": [
        {"type": "TextBlock", "text": "🚨 Root user console sign-in", "wrap": true, "weight": "Bolder", "size": "Large", "color": "Attention"},
        {"type": "RichTextBlock", "spacing": "Small", "inlines": [
          {"type": "TextRun", "text": "Account:", "weight": "Bolder"},
          {"type": "TextRun", "text": " 111111111111 (prod)"}
        ]},
        {"type": "RichTextBlock", "spacing": "Small", "separator": false, "inlines": [
          {"type": "TextRun", "text": "User agent: ", "weight": "Bolder"},
          {"type": "TextRun", "text": "Mozilla/5.0 **x** [y](https://evil.example) <at>all</at>", "italic": false, "strikethrough": false, "underline": false, "highlight": false, "isSubtle": true, "size": "Small", "color": "Default"}
        ]},
        {"type": "FactSet", "facts": [{"title": "Region", "value": "us-east-1"}, {"title": "", "value": "MFA: no"}]},
        {"type": "Container", "style": "Emphasis", "items": [
          {"type": "ColumnSet", "columns": [
            {"type": "Column", "width": "auto", "items": [{"type": "TextBlock", "text": "Result", "isSubtle": true, "maxLines": 1}]},
            {"type": "Column", "width": 2, "items": [{"type": "TextBlock", "text": "Success", "spacing": "None", "separator": true}]},
            {"type": "Column", "width": "80px"}
          ]}
        ]},
        {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": "The root user should not be used day to day.", "italic": true, "isSubtle": true}]}
      ],
      "actions": [{"type": "Action.OpenUrl", "title": "Open this event in CloudTrail", "url": "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/0b0f6c1e-3c1a-4b4e-9f1e-1a2b3c4d5e6f"}]
    }
  }]
}`

// teamsOfSize returns validTeams grown to exactly n bytes by lengthening
// the header text.
func teamsOfSize(t *testing.T, n int) string {
	t.Helper()
	short := mut(validTeams, card+"/body/0/text", "")
	body := mut(validTeams, card+"/body/0/text", repeat("a", n-len(short)))
	if len(body) != n {
		t.Fatalf("payload is %d bytes, want %d", len(body), n)
	}
	return body
}

// card is the pointer of the Adaptive Card in validTeams.
const card = "/attachments/0/content"

func TestTeams_AcceptsValidPayloads(t *testing.T) {
	atSizeLimit := teamsOfSize(t, MaxTeamsPayloadBytes)
	cases := map[string]string{
		"sign-in notification":     validTeams,
		"exactly the size limit":   atSizeLimit,
		"no contentUrl":            mut(validTeams, "/attachments/0/contentUrl", drop),
		"no optional card fields":  mut(validTeams, card+"/$schema", drop, card+"/msteams", drop, card+"/actions", drop),
		"version 1.0":              mut(validTeams, card+"/version", "1.0"),
		"version 1.5":              mut(validTeams, card+"/version", "1.5"),
		"empty actions":            mut(validTeams, card+"/actions", []any{}),
		"two valid attachments":    mut(validTeams, "/attachments/1", at(validTeams, "/attachments/0")),
		"http action url":          mut(validTeams, card+"/actions/0/url", "http://intranet.example/events/1"),
		"whitespace TextRun":       mut(validTeams, card+"/body/1/inlines/1/text", " "),
		"relative column width":    mut(validTeams, card+"/body/4/items/0/columns/0/width", raw(`0.5`)),
		"stretch column":           mut(validTeams, card+"/body/4/items/0/columns/2/width", "stretch"),
		"column without items":     mut(validTeams, card+"/body/4/items/0/columns/1/items", drop),
		"every container style":    mut(validTeams, card+"/body/4/style", "Accent"),
		"padding spacing":          mut(validTeams, card+"/body/0/spacing", "Padding"),
		"escaped characters":       mut(validTeams, card+"/body/0/text", "\"quoted\" \\ \u00e9 \U0001F680"),
		"surrogate pair escape":    replaceOnce(validTeams, `🚨 Root`, `\ud83d\udea8 Root`),
		"escaped backslash then u": replaceOnce(validTeams, `🚨 Root`, `\\ud800 Root`),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Teams([]byte(body)); err != nil {
				t.Errorf("Teams: %v", err)
			}
		})
	}
}

func TestTeams_RejectsEachRule(t *testing.T) {
	const tb = card + "/body/0"    // TextBlock
	const rt = card + "/body/2"    // RichTextBlock
	const fs = card + "/body/3"    // FactSet
	const ct = card + "/body/4"    // Container
	const cs = ct + "/items/0"     // ColumnSet
	const ac = card + "/actions/0" // Action.OpenUrl
	cases := []rejectCase{
		{"not JSON", `{"type":`, "", "not valid JSON"},
		{"trailing data", validTeams + `{}`, "", "data after the JSON value"},
		{"not an object", `[]`, "", "the payload must be an object"},
		{"one byte over the size limit", teamsOfSize(t, MaxTeamsPayloadBytes+1), "", "body is 28001 bytes, over Teams' message size limit of 28000 bytes"},
		{"invalid UTF-8", replaceOnce(validTeams, "Mozilla/5.0", "Mozilla/5.0\xff"), rt + "/inlines/1/text", "not valid UTF-8"},
		{"invalid UTF-8 in a key", replaceOnce(validTeams, `"wrap"`, "\"wr\xc3ap\""), tb + "/wr\ufffdap", "not valid UTF-8"},
		{"lone high surrogate", replaceOnce(validTeams, `🚨 Root`, `\ud83d Root`), tb + "/text", "lone UTF-16 surrogate"},
		{"lone low surrogate", replaceOnce(validTeams, `🚨 Root`, `\udea8 Root`), tb + "/text", "lone UTF-16 surrogate"},
		{"high surrogate at the end", replaceOnce(validTeams, `🚨 Root user console sign-in`, `x\ud83d`), tb + "/text", "lone UTF-16 surrogate"},
		{"two high surrogates", replaceOnce(validTeams, `🚨 Root`, `\ud83d\ud83d Root`), tb + "/text", "lone UTF-16 surrogate"},
		{"high surrogate then escape", replaceOnce(validTeams, `🚨 Root`, `\ud83d\n Root`), tb + "/text", "lone UTF-16 surrogate"},
		{"duplicate key", replaceOnce(validTeams, `"wrap": true`, `"wrap": true, "wrap": false`), tb + "/wrap", `duplicate key "wrap"`},
		{"unknown top-level field", mut(validTeams, "/summary", "x"), "/summary", `unknown field "summary" in the message`},
		{"missing type", mut(validTeams, "/type", drop), "/type", `required field "type" is missing: it must be "message"`},
		{"wrong type", mut(validTeams, "/type", "Message"), "/type", `is "Message", must be "message"`},
		{"missing attachments", mut(validTeams, "/attachments", drop), "/attachments", `required field "attachments" is missing`},
		{"no attachment", mut(validTeams, "/attachments", []any{}), "/attachments", "must not be an empty array"},
		{"attachments not an array", mut(validTeams, "/attachments", raw(`{}`)), "/attachments", "must be an array"},
		{"attachment not an object", mut(validTeams, "/attachments/0", "card"), "/attachments/0", "an attachment must be an object"},
		{"second attachment invalid", mut(validTeams, "/attachments/1", raw(`{"contentType":"text/html","content":{}}`)), "/attachments/1/contentType", `is "text/html", must be "application/vnd.microsoft.card.adaptive"`},
		{"unknown attachment field", mut(validTeams, "/attachments/0/name", "card.json"), "/attachments/0/name", `unknown field "name" in an attachment`},
		{"missing contentType", mut(validTeams, "/attachments/0/contentType", drop), "/attachments/0/contentType", `required field "contentType" is missing`},
		{"contentUrl set", mut(validTeams, "/attachments/0/contentUrl", "https://a.example/card.json"), "/attachments/0/contentUrl", "must be null"},
		{"missing content", mut(validTeams, card, drop), card, `required field "content" is missing`},
		{"content not an object", mut(validTeams, card, "{}"), card, "the Adaptive Card must be an object, got a string"},
		{"card type", mut(validTeams, card+"/type", "HeroCard"), card + "/type", `is "HeroCard", must be "AdaptiveCard"`},
		{"card without type", mut(validTeams, card+"/type", drop), card + "/type", `required field "type" is missing`},
		{"missing version", mut(validTeams, card+"/version", drop), card + "/version", `required field "version" is missing: use one of 1.0, 1.1`},
		{"version too new", mut(validTeams, card+"/version", "1.6"), card + "/version", `is "1.6", must be one of 1.0, 1.1, 1.2, 1.3, 1.4, 1.5`},
		{"version a number", mut(validTeams, card+"/version", raw(`1.4`)), card + "/version", "must be a string"},
		{"version null", mut(validTeams, card+"/version", nil), card + "/version", "is null, must be one of"},
		{"$schema not a string", mut(validTeams, card+"/$schema", 1), card + "/$schema", "must be a string"},
		{"unknown card field", mut(validTeams, card+"/fallbackText", "x"), card + "/fallbackText", `unknown field "fallbackText" in an Adaptive Card`},
		{"missing body", mut(validTeams, card+"/body", drop), card + "/body", `required field "body" is missing`},
		{"empty body", mut(validTeams, card+"/body", []any{}), card + "/body", "must not be an empty array"},
		{"msteams not an object", mut(validTeams, card+"/msteams", "Full"), card + "/msteams", "msteams must be an object"},
		{"msteams width", mut(validTeams, card+"/msteams/width", "Wide"), card + "/msteams/width", `is "Wide", must be one of Full`},
		{"msteams mention entities", mut(validTeams, card+"/msteams/entities", []any{}), card + "/msteams/entities", `unknown field "entities" in msteams (mentions`},
		{"element not an object", mut(validTeams, tb, "text"), tb, "a card element must be an object"},
		{"element without type", mut(validTeams, tb+"/type", drop), tb + "/type", `required field "type" is missing: use one of TextBlock, RichTextBlock`},
		{"unsupported element", mut(validTeams, tb+"/type", "Image"), tb + "/type", `unsupported element type "Image": this validator accepts only TextBlock, RichTextBlock, FactSet, Container, ColumnSet`},
		{"TextBlock unknown field", mut(validTeams, tb+"/horizontalAlignment", "Center"), tb + "/horizontalAlignment", `unknown field "horizontalAlignment" in a TextBlock`},
		{"TextBlock without text", mut(validTeams, tb+"/text", drop), tb + "/text", `required field "text" is missing`},
		{"TextBlock empty text", mut(validTeams, tb+"/text", ""), tb + "/text", "must not be empty"},
		{"TextBlock number text", mut(validTeams, tb+"/text", 5), tb + "/text", "must be a string, got a number"},
		{"TextBlock wrap string", mut(validTeams, tb+"/wrap", "true"), tb + "/wrap", "must be true or false"},
		{"TextBlock weight", mut(validTeams, tb+"/weight", "bold"), tb + "/weight", `is "bold", must be one of Default, Lighter, Bolder`},
		{"TextBlock weight lower case", mut(validTeams, tb+"/weight", "bolder"), tb + "/weight", "must be one of"},
		{"TextBlock size", mut(validTeams, tb+"/size", "Huge"), tb + "/size", "must be one of Default, Small, Medium, Large, ExtraLarge"},
		{"TextBlock color", mut(validTeams, tb+"/color", "Red"), tb + "/color", "must be one of Default, Dark, Light, Accent, Good, Warning, Attention"},
		{"TextBlock isSubtle", mut(validTeams, tb+"/isSubtle", 1), tb + "/isSubtle", "must be true or false"},
		{"TextBlock spacing", mut(validTeams, tb+"/spacing", "Tiny"), tb + "/spacing", "must be one of None, Small, Default, Medium, Large, ExtraLarge, Padding"},
		{"TextBlock separator", mut(validTeams, tb+"/separator", "yes"), tb + "/separator", "must be true or false"},
		{"TextBlock maxLines zero", mut(validTeams, tb+"/maxLines", 0), tb + "/maxLines", "must be an integer from 1"},
		{"TextBlock maxLines fraction", mut(validTeams, tb+"/maxLines", raw(`1.5`)), tb + "/maxLines", "must be an integer from 1"},
		{"RichTextBlock unknown field", mut(validTeams, rt+"/horizontalAlignment", "Right"), rt + "/horizontalAlignment", `unknown field "horizontalAlignment" in a RichTextBlock`},
		{"RichTextBlock without inlines", mut(validTeams, rt+"/inlines", drop), rt + "/inlines", `required field "inlines" is missing`},
		{"RichTextBlock empty inlines", mut(validTeams, rt+"/inlines", []any{}), rt + "/inlines", "must not be an empty array"},
		{"RichTextBlock spacing", mut(validTeams, rt+"/spacing", "small"), rt + "/spacing", "must be one of None"},
		{"inline shorthand string", mut(validTeams, rt+"/inlines/0", "User agent: "), rt + "/inlines/0", `is the string "User agent: ": write a {"type":"TextRun"} object`},
		{"inline not an object", mut(validTeams, rt+"/inlines/0", 3), rt + "/inlines/0", "an inline must be an object, got a number"},
		{"inline TextBlock", mut(validTeams, rt+"/inlines/0/type", "TextBlock"), rt + "/inlines/0/type", `is "TextBlock", must be one of TextRun`},
		{"TextRun empty text", mut(validTeams, rt+"/inlines/1/text", ""), rt + "/inlines/1/text", "must not be empty: an empty text shows nothing"},
		{"TextRun without text", mut(validTeams, rt+"/inlines/1/text", drop), rt + "/inlines/1/text", `required field "text" is missing`},
		{"TextRun selectAction", mut(validTeams, rt+"/inlines/1/selectAction", raw(`{"type":"Action.OpenUrl","url":"https://evil.example"}`)), rt + "/inlines/1/selectAction", `unknown field "selectAction" in a TextRun`},
		{"TextRun italic", mut(validTeams, rt+"/inlines/1/italic", "yes"), rt + "/inlines/1/italic", "must be true or false"},
		{"TextRun strikethrough", mut(validTeams, rt+"/inlines/1/strikethrough", 0), rt + "/inlines/1/strikethrough", "must be true or false"},
		{"TextRun underline", mut(validTeams, rt+"/inlines/1/underline", nil), rt + "/inlines/1/underline", "must be true or false, got null"},
		{"TextRun highlight", mut(validTeams, rt+"/inlines/1/highlight", "true"), rt + "/inlines/1/highlight", "must be true or false"},
		{"TextRun isSubtle", mut(validTeams, rt+"/inlines/1/isSubtle", "true"), rt + "/inlines/1/isSubtle", "must be true or false"},
		{"TextRun weight", mut(validTeams, rt+"/inlines/0/weight", "Heavy"), rt + "/inlines/0/weight", "must be one of Default, Lighter, Bolder"},
		{"TextRun size", mut(validTeams, rt+"/inlines/1/size", "Tiny"), rt + "/inlines/1/size", "must be one of Default, Small"},
		{"TextRun color", mut(validTeams, rt+"/inlines/1/color", "#ff0000"), rt + "/inlines/1/color", "must be one of Default, Dark"},
		{"FactSet without facts", mut(validTeams, fs+"/facts", drop), fs + "/facts", `required field "facts" is missing`},
		{"FactSet empty facts", mut(validTeams, fs+"/facts", []any{}), fs + "/facts", "must not be an empty array"},
		{"fact not an object", mut(validTeams, fs+"/facts/0", "Region: us-east-1"), fs + "/facts/0", "a fact must be an object"},
		{"fact unknown field", mut(validTeams, fs+"/facts/0/name", "Region"), fs + "/facts/0/name", `unknown field "name" in a fact`},
		{"fact without title", mut(validTeams, fs+"/facts/0/title", drop), fs + "/facts/0/title", `required field "title" is missing`},
		{"fact title a number", mut(validTeams, fs+"/facts/0/title", 1), fs + "/facts/0/title", "must be a string"},
		{"fact empty value", mut(validTeams, fs+"/facts/1/value", ""), fs + "/facts/1/value", "must not be empty"},
		{"fact without value", mut(validTeams, fs+"/facts/1/value", drop), fs + "/facts/1/value", `required field "value" is missing`},
		{"FactSet unknown field", mut(validTeams, fs+"/title", "x"), fs + "/title", `unknown field "title" in a FactSet`},
		{"Container without items", mut(validTeams, ct+"/items", drop), ct + "/items", `required field "items" is missing`},
		{"Container empty items", mut(validTeams, ct+"/items", []any{}), ct + "/items", "must not be an empty array"},
		{"Container style", mut(validTeams, ct+"/style", "Loud"), ct + "/style", "must be one of Default, Emphasis, Good, Attention, Warning, Accent"},
		{"Container unknown field", mut(validTeams, ct+"/selectAction", raw(`{}`)), ct + "/selectAction", `unknown field "selectAction" in a Container`},
		{"nested element checked", mut(validTeams, cs+"/columns/0/items/0/text", ""), cs + "/columns/0/items/0/text", "must not be empty"},
		{"nested unsupported element", mut(validTeams, cs+"/columns/1/items/0/type", "Input.Text"), cs + "/columns/1/items/0/type", `unsupported element type "Input.Text"`},
		{"ColumnSet without columns", mut(validTeams, cs+"/columns", drop), cs + "/columns", `required field "columns" is missing`},
		{"ColumnSet empty columns", mut(validTeams, cs+"/columns", []any{}), cs + "/columns", "must not be an empty array"},
		{"ColumnSet unknown field", mut(validTeams, cs+"/style", "Emphasis"), cs + "/style", `unknown field "style" in a ColumnSet`},
		{"column not an object", mut(validTeams, cs+"/columns/0", "auto"), cs + "/columns/0", "a column must be an object"},
		{"column type", mut(validTeams, cs+"/columns/0/type", "Col"), cs + "/columns/0/type", `is "Col", must be one of Column`},
		{"column without type", mut(validTeams, cs+"/columns/0/type", drop), cs + "/columns/0/type", `required field "type" is missing`},
		{"column unknown field", mut(validTeams, cs+"/columns/0/verticalContentAlignment", "Center"), cs + "/columns/0/verticalContentAlignment", `unknown field "verticalContentAlignment" in a Column`},
		{"column items not an array", mut(validTeams, cs+"/columns/0/items", raw(`{}`)), cs + "/columns/0/items", "must be an array"},
		{"column width word", mut(validTeams, cs+"/columns/0/width", "wide"), cs + "/columns/0/width", `is "wide", must be "auto", "stretch", a pixel width`},
		{"column width zero px", mut(validTeams, cs+"/columns/0/width", "0px"), cs + "/columns/0/width", `is "0px"`},
		{"column width negative", mut(validTeams, cs+"/columns/1/width", -1), cs + "/columns/1/width", "a relative width must be a positive number"},
		{"column width boolean", mut(validTeams, cs+"/columns/1/width", true), cs + "/columns/1/width", "must be a string or a number, got a boolean"},
		{"column spacing", mut(validTeams, cs+"/columns/1/spacing", "Huge"), cs + "/columns/1/spacing", "must be one of None"},
		{"actions not an array", mut(validTeams, card+"/actions", raw(`{}`)), card + "/actions", "must be an array"},
		{"action not an object", mut(validTeams, ac, "open"), ac, "an action must be an object"},
		{"Action.Submit", mut(validTeams, ac+"/type", "Action.Submit"), ac + "/type", `unsupported action type "Action.Submit": this validator accepts only Action.OpenUrl`},
		{"action without type", mut(validTeams, ac+"/type", drop), ac + "/type", `required field "type" is missing: use Action.OpenUrl`},
		{"action unknown field", mut(validTeams, ac+"/iconUrl", "https://a.example/i.png"), ac + "/iconUrl", `unknown field "iconUrl" in an Action.OpenUrl`},
		{"action without title", mut(validTeams, ac+"/title", drop), ac + "/title", `required field "title" is missing`},
		{"action blank title", mut(validTeams, ac+"/title", "  "), ac + "/title", "must not be only whitespace"},
		{"action without url", mut(validTeams, ac+"/url", drop), ac + "/url", `required field "url" is missing`},
		{"action empty url", mut(validTeams, ac+"/url", ""), ac + "/url", "must not be empty"},
		{"action relative url", mut(validTeams, ac+"/url", "/cloudtrailv2/home"), ac + "/url", "must be an absolute https or http URL"},
		{"action javascript url", mut(validTeams, ac+"/url", "javascript://x/%0Aalert(1)"), ac + "/url", `has scheme "javascript", must be https or http`},
	}
	runRejects(t, TeamsViolations, cases)
}

func TestTeams_ValidPayloadHasNoViolations(t *testing.T) {
	if vs := TeamsViolations([]byte(validTeams)); vs != nil {
		t.Fatalf("TeamsViolations(validTeams) = %v, want nil", vs)
	}
}

func TestTeams_ReportsAllViolationsInOrder(t *testing.T) {
	body := mut(validTeams,
		"/type", "note",
		card+"/version", "2.0",
		card+"/body/0/text", "",
		card+"/body/2/inlines/1/italic", "yes",
		card+"/actions/0/url", "ftp://a.example/x",
	)
	err := Teams([]byte(body))
	if err == nil {
		t.Fatal("Teams = nil")
	}
	want := []string{
		`/type: is "note", must be "message"`,
		card + `/version: is "2.0"`,
		card + "/body/0/text: must not be empty",
		card + "/body/2/inlines/1/italic: must be true or false",
		card + `/actions/0/url: has scheme "ftp"`,
	}
	got := err.Error()
	last := -1
	for _, w := range want {
		i := strings.Index(got, w)
		if i < 0 {
			t.Errorf("error lacks %q:\n%s", w, got)
			continue
		}
		if i < last {
			t.Errorf("%q is out of document order:\n%s", w, got)
		}
		last = i
	}
	var v *Violation
	if !errors.As(err, &v) {
		t.Error("joined error does not expose *Violation")
	}
	if n := len(TeamsViolations([]byte(body))); n != len(want) {
		t.Errorf("got %d violations, want %d: %v", n, len(want), TeamsViolations([]byte(body)))
	}
}
