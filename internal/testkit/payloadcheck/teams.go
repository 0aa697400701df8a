package payloadcheck

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Microsoft Teams (Workflows webhook with an Adaptive Card) limits.
const (
	// MaxTeamsPayloadBytes is the Teams message size limit, "28 KB",
	// read as 28,000 bytes of JSON body (the stricter reading of KB).
	MaxTeamsPayloadBytes = 28000
	// TeamsCardContentType is the contentType of an Adaptive Card
	// attachment.
	TeamsCardContentType = "application/vnd.microsoft.card.adaptive"
	// MinCardVersion and MaxCardVersion bound the Adaptive Card "version"
	// this validator accepts.
	MinCardVersion = "1.0"
	MaxCardVersion = "1.5"
)

var (
	cardVersions  = []string{"1.0", "1.1", "1.2", "1.3", "1.4", "1.5"}
	elementTypes  = []string{"TextBlock", "RichTextBlock", "FactSet", "Container", "ColumnSet"}
	actionTypes   = []string{"Action.OpenUrl"}
	cardWeights   = []string{"Default", "Lighter", "Bolder"}
	cardSizes     = []string{"Default", "Small", "Medium", "Large", "ExtraLarge"}
	cardColors    = []string{"Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"}
	cardSpacings  = []string{"None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"}
	cardStyles    = []string{"Default", "Emphasis", "Good", "Attention", "Warning", "Accent"}
	columnWidthRe = regexp.MustCompile(`^(auto|stretch|[1-9][0-9]*px)$`)
)

// Teams checks a Teams Workflows webhook body and returns every violation
// joined with errors.Join (each one a *Violation), or nil when it is valid.
func Teams(body []byte) error { return Join(TeamsViolations(body)) }

// TeamsViolations returns every violation in document order; nil when the
// body is valid.
func TeamsViolations(body []byte) []Violation {
	c, root, ok := parse(body, "Teams")
	if !ok {
		return c.Violations()
	}
	if len(body) > MaxTeamsPayloadBytes {
		c.Add("", "body is %d bytes, over Teams' message size limit of %d bytes: Teams answers 413 and the message is lost", len(body), MaxTeamsPayloadBytes)
	}
	c.teamsMessage(root)
	return c.Violations()
}

func (c *checker) teamsMessage(root any) {
	m, ok := c.Object("", root, "the payload")
	if !ok {
		return
	}
	c.Fields("", m, "the message", "type", "attachments")
	c.constant("", m, "type", "message")
	for i, a := range c.Array("", m, "attachments", true, 1, 0) {
		c.attachment(Pointer("/attachments", i), a)
	}
}

func (c *checker) attachment(ptr string, v any) {
	a, ok := c.Object(ptr, v, "an attachment")
	if !ok {
		return
	}
	c.Fields(ptr, a, "an attachment", "contentType", "contentUrl", "content")
	c.constant(ptr, a, "contentType", TeamsCardContentType)
	if u, present := a["contentUrl"]; present && u != nil {
		c.Add(Pointer(ptr, "contentUrl"), "must be null for an inline card, got %s", TypeName(u))
	}
	content, present := a["content"]
	if !present {
		c.Add(Pointer(ptr, "content"), "required field %q is missing: it holds the Adaptive Card", "content")
		return
	}
	c.card(Pointer(ptr, "content"), content)
}

func (c *checker) card(ptr string, v any) {
	card, ok := c.Object(ptr, v, "the Adaptive Card")
	if !ok {
		return
	}
	c.Fields(ptr, card, "an Adaptive Card", "type", "version", "$schema", "body", "actions", "msteams")
	c.constant(ptr, card, "type", "AdaptiveCard")
	if n, isNum := card["version"].(json.Number); isNum {
		c.Add(Pointer(ptr, "version"), "must be a string such as \"1.4\", got the number %s", n)
	} else {
		c.OneOf(ptr, card, "version", true, cardVersions...)
	}
	c.Str(ptr, card, "$schema", false)
	for i, e := range c.Array(ptr, card, "body", true, 1, 0) {
		c.element(Pointer(ptr, "body", i), e)
	}
	for i, a := range c.Array(ptr, card, "actions", false, 0, 0) {
		c.action(Pointer(ptr, "actions", i), a)
	}
	if ms, present := card["msteams"]; present {
		p := Pointer(ptr, "msteams")
		if o, ok := c.Object(p, ms, "msteams"); ok {
			c.Fields(p, o, "msteams (mentions are never sent: they ping people)", "width")
			c.OneOf(p, o, "width", false, "Full")
		}
	}
}

// element checks one body element, recursively for containers.
func (c *checker) element(ptr string, v any) {
	e, ok := c.Object(ptr, v, "a card element")
	if !ok {
		return
	}
	t, present := e["type"]
	switch t {
	case "TextBlock":
		c.Fields(ptr, e, "a TextBlock", "type", "text", "wrap", "weight", "size", "color", "isSubtle", "spacing", "separator", "maxLines")
		c.Text(ptr, e, "text", true, false, 0)
		c.textStyle(ptr, e)
		c.Boolean(ptr, e, "wrap")
		c.Integer(ptr, e, "maxLines", 1, 1<<31-1)
		c.layout(ptr, e)
	case "RichTextBlock":
		c.Fields(ptr, e, "a RichTextBlock", "type", "inlines", "spacing", "separator")
		for i, r := range c.Array(ptr, e, "inlines", true, 1, 0) {
			c.textRun(Pointer(ptr, "inlines", i), r)
		}
		c.layout(ptr, e)
	case "FactSet":
		c.Fields(ptr, e, "a FactSet", "type", "facts", "spacing", "separator")
		for i, f := range c.Array(ptr, e, "facts", true, 1, 0) {
			p := Pointer(ptr, "facts", i)
			if fo, ok := c.Object(p, f, "a fact"); ok {
				c.Fields(p, fo, "a fact", "title", "value")
				c.Str(p, fo, "title", true)
				c.Text(p, fo, "value", true, false, 0)
			}
		}
		c.layout(ptr, e)
	case "Container":
		c.Fields(ptr, e, "a Container", "type", "items", "style", "spacing", "separator")
		for i, it := range c.Array(ptr, e, "items", true, 1, 0) {
			c.element(Pointer(ptr, "items", i), it)
		}
		c.OneOf(ptr, e, "style", false, cardStyles...)
		c.layout(ptr, e)
	case "ColumnSet":
		c.Fields(ptr, e, "a ColumnSet", "type", "columns", "spacing", "separator")
		for i, col := range c.Array(ptr, e, "columns", true, 1, 0) {
			c.column(Pointer(ptr, "columns", i), col)
		}
		c.layout(ptr, e)
	default:
		p := Pointer(ptr, "type")
		if !present {
			c.Add(p, "required field %q is missing: use one of %s", "type", strings.Join(elementTypes, ", "))
		} else {
			c.Add(p, "unsupported element type %s: this validator accepts only %s (a subset of Adaptive Cards 1.4)", Describe(t), strings.Join(elementTypes, ", "))
		}
	}
}

// layout checks the spacing and separator every element may carry.
func (c *checker) layout(ptr string, e obj) {
	c.OneOf(ptr, e, "spacing", false, cardSpacings...)
	c.Boolean(ptr, e, "separator")
}

// textStyle checks the weight, size, color and isSubtle of a TextBlock or
// TextRun.
func (c *checker) textStyle(ptr string, e obj) {
	c.OneOf(ptr, e, "weight", false, cardWeights...)
	c.OneOf(ptr, e, "size", false, cardSizes...)
	c.OneOf(ptr, e, "color", false, cardColors...)
	c.Boolean(ptr, e, "isSubtle")
}

func (c *checker) textRun(ptr string, v any) {
	if s, isStr := v.(string); isStr {
		c.Add(ptr, "is the string %q: write a {\"type\":\"TextRun\"} object, the only inline this validator accepts", s)
		return
	}
	r, ok := c.Object(ptr, v, "an inline")
	if !ok {
		return
	}
	if r["type"] != "TextRun" {
		c.OneOf(ptr, r, "type", true, "TextRun")
		return
	}
	c.Fields(ptr, r, "a TextRun", "type", "text", "weight", "size", "color", "italic", "strikethrough", "underline", "highlight", "isSubtle")
	c.Text(ptr, r, "text", true, false, 0)
	c.textStyle(ptr, r)
	for _, k := range []string{"italic", "strikethrough", "underline", "highlight"} {
		c.Boolean(ptr, r, k)
	}
}

func (c *checker) column(ptr string, v any) {
	col, ok := c.Object(ptr, v, "a column")
	if !ok {
		return
	}
	if col["type"] != "Column" {
		c.OneOf(ptr, col, "type", true, "Column")
		return
	}
	c.Fields(ptr, col, "a Column", "type", "items", "width", "spacing", "separator")
	for i, it := range c.Array(ptr, col, "items", false, 0, 0) {
		c.element(Pointer(ptr, "items", i), it)
	}
	if w, present := col["width"]; present {
		p := Pointer(ptr, "width")
		switch x := w.(type) {
		case string:
			if !columnWidthRe.MatchString(x) {
				c.Add(p, "is %q, must be \"auto\", \"stretch\", a pixel width such as \"80px\" or a positive number", x)
			}
		case json.Number:
			if f, err := x.Float64(); err != nil || f <= 0 {
				c.Add(p, "is %s, a relative width must be a positive number", x)
			}
		default:
			c.Add(p, "must be a string or a number, got %s", TypeName(w))
		}
	}
	c.layout(ptr, col)
}

func (c *checker) action(ptr string, v any) {
	a, ok := c.Object(ptr, v, "an action")
	if !ok {
		return
	}
	t, present := a["type"]
	if t != "Action.OpenUrl" {
		p := Pointer(ptr, "type")
		if !present {
			c.Add(p, "required field %q is missing: use %s", "type", strings.Join(actionTypes, ", "))
		} else {
			c.Add(p, "unsupported action type %s: this validator accepts only %s", Describe(t), strings.Join(actionTypes, ", "))
		}
		return
	}
	c.Fields(ptr, a, "an Action.OpenUrl", "type", "title", "url")
	c.Text(ptr, a, "title", true, true, 0)
	c.link(ptr, a, "url", true, "https", "http")
}
