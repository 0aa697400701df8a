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
func Teams(body []byte) error { return join(TeamsViolations(body)) }

// TeamsViolations returns every violation in document order; nil when the
// body is valid.
func TeamsViolations(body []byte) []Violation {
	c, root, ok := parse(body, "Teams")
	if !ok {
		return c.vs
	}
	if len(body) > MaxTeamsPayloadBytes {
		c.add("", "body is %d bytes, over Teams' message size limit of %d bytes: Teams answers 413 and the message is lost", len(body), MaxTeamsPayloadBytes)
	}
	c.teamsMessage(root)
	return c.vs
}

func (c *checker) teamsMessage(root any) {
	m, ok := c.object("", root, "the payload")
	if !ok {
		return
	}
	c.fields("", m, "the message", "type", "attachments")
	c.constant("", m, "type", "message")
	for i, a := range c.array("", m, "attachments", true, 1, 0) {
		c.attachment(pointer("/attachments", i), a)
	}
}

func (c *checker) attachment(ptr string, v any) {
	a, ok := c.object(ptr, v, "an attachment")
	if !ok {
		return
	}
	c.fields(ptr, a, "an attachment", "contentType", "contentUrl", "content")
	c.constant(ptr, a, "contentType", TeamsCardContentType)
	if u, present := a["contentUrl"]; present && u != nil {
		c.add(pointer(ptr, "contentUrl"), "must be null for an inline card, got %s", typeName(u))
	}
	content, present := a["content"]
	if !present {
		c.add(pointer(ptr, "content"), "required field %q is missing: it holds the Adaptive Card", "content")
		return
	}
	c.card(pointer(ptr, "content"), content)
}

func (c *checker) card(ptr string, v any) {
	card, ok := c.object(ptr, v, "the Adaptive Card")
	if !ok {
		return
	}
	c.fields(ptr, card, "an Adaptive Card", "type", "version", "$schema", "body", "actions", "msteams")
	c.constant(ptr, card, "type", "AdaptiveCard")
	if n, isNum := card["version"].(json.Number); isNum {
		c.add(pointer(ptr, "version"), "must be a string such as \"1.4\", got the number %s", n)
	} else {
		c.oneOf(ptr, card, "version", true, cardVersions...)
	}
	c.str(ptr, card, "$schema", false)
	for i, e := range c.array(ptr, card, "body", true, 1, 0) {
		c.element(pointer(ptr, "body", i), e)
	}
	for i, a := range c.array(ptr, card, "actions", false, 0, 0) {
		c.action(pointer(ptr, "actions", i), a)
	}
	if ms, present := card["msteams"]; present {
		p := pointer(ptr, "msteams")
		if o, ok := c.object(p, ms, "msteams"); ok {
			c.fields(p, o, "msteams (mentions are never sent: they ping people)", "width")
			c.oneOf(p, o, "width", false, "Full")
		}
	}
}

// element checks one body element, recursively for containers.
func (c *checker) element(ptr string, v any) {
	e, ok := c.object(ptr, v, "a card element")
	if !ok {
		return
	}
	t, present := e["type"]
	switch t {
	case "TextBlock":
		c.fields(ptr, e, "a TextBlock", "type", "text", "wrap", "weight", "size", "color", "isSubtle", "spacing", "separator", "maxLines")
		c.text(ptr, e, "text", true, false, 0)
		c.textStyle(ptr, e)
		c.boolean(ptr, e, "wrap")
		c.integer(ptr, e, "maxLines", 1, 1<<31-1)
		c.layout(ptr, e)
	case "RichTextBlock":
		c.fields(ptr, e, "a RichTextBlock", "type", "inlines", "spacing", "separator")
		for i, r := range c.array(ptr, e, "inlines", true, 1, 0) {
			c.textRun(pointer(ptr, "inlines", i), r)
		}
		c.layout(ptr, e)
	case "FactSet":
		c.fields(ptr, e, "a FactSet", "type", "facts", "spacing", "separator")
		for i, f := range c.array(ptr, e, "facts", true, 1, 0) {
			p := pointer(ptr, "facts", i)
			if fo, ok := c.object(p, f, "a fact"); ok {
				c.fields(p, fo, "a fact", "title", "value")
				c.str(p, fo, "title", true)
				c.text(p, fo, "value", true, false, 0)
			}
		}
		c.layout(ptr, e)
	case "Container":
		c.fields(ptr, e, "a Container", "type", "items", "style", "spacing", "separator")
		for i, it := range c.array(ptr, e, "items", true, 1, 0) {
			c.element(pointer(ptr, "items", i), it)
		}
		c.oneOf(ptr, e, "style", false, cardStyles...)
		c.layout(ptr, e)
	case "ColumnSet":
		c.fields(ptr, e, "a ColumnSet", "type", "columns", "spacing", "separator")
		for i, col := range c.array(ptr, e, "columns", true, 1, 0) {
			c.column(pointer(ptr, "columns", i), col)
		}
		c.layout(ptr, e)
	default:
		p := pointer(ptr, "type")
		if !present {
			c.add(p, "required field %q is missing: use one of %s", "type", strings.Join(elementTypes, ", "))
		} else {
			c.add(p, "unsupported element type %s: this validator accepts only %s (a subset of Adaptive Cards 1.4)", describe(t), strings.Join(elementTypes, ", "))
		}
	}
}

// layout checks the spacing and separator every element may carry.
func (c *checker) layout(ptr string, e obj) {
	c.oneOf(ptr, e, "spacing", false, cardSpacings...)
	c.boolean(ptr, e, "separator")
}

// textStyle checks the weight, size, color and isSubtle of a TextBlock or
// TextRun.
func (c *checker) textStyle(ptr string, e obj) {
	c.oneOf(ptr, e, "weight", false, cardWeights...)
	c.oneOf(ptr, e, "size", false, cardSizes...)
	c.oneOf(ptr, e, "color", false, cardColors...)
	c.boolean(ptr, e, "isSubtle")
}

func (c *checker) textRun(ptr string, v any) {
	if s, isStr := v.(string); isStr {
		c.add(ptr, "is the string %q: write a {\"type\":\"TextRun\"} object, the only inline this validator accepts", s)
		return
	}
	r, ok := c.object(ptr, v, "an inline")
	if !ok {
		return
	}
	if r["type"] != "TextRun" {
		c.oneOf(ptr, r, "type", true, "TextRun")
		return
	}
	c.fields(ptr, r, "a TextRun", "type", "text", "weight", "size", "color", "italic", "strikethrough", "underline", "highlight", "isSubtle")
	c.text(ptr, r, "text", true, false, 0)
	c.textStyle(ptr, r)
	for _, k := range []string{"italic", "strikethrough", "underline", "highlight"} {
		c.boolean(ptr, r, k)
	}
}

func (c *checker) column(ptr string, v any) {
	col, ok := c.object(ptr, v, "a column")
	if !ok {
		return
	}
	if col["type"] != "Column" {
		c.oneOf(ptr, col, "type", true, "Column")
		return
	}
	c.fields(ptr, col, "a Column", "type", "items", "width", "spacing", "separator")
	for i, it := range c.array(ptr, col, "items", false, 0, 0) {
		c.element(pointer(ptr, "items", i), it)
	}
	if w, present := col["width"]; present {
		p := pointer(ptr, "width")
		switch x := w.(type) {
		case string:
			if !columnWidthRe.MatchString(x) {
				c.add(p, "is %q, must be \"auto\", \"stretch\", a pixel width such as \"80px\" or a positive number", x)
			}
		case json.Number:
			if f, err := x.Float64(); err != nil || f <= 0 {
				c.add(p, "is %s, a relative width must be a positive number", x)
			}
		default:
			c.add(p, "must be a string or a number, got %s", typeName(w))
		}
	}
	c.layout(ptr, col)
}

func (c *checker) action(ptr string, v any) {
	a, ok := c.object(ptr, v, "an action")
	if !ok {
		return
	}
	t, present := a["type"]
	if t != "Action.OpenUrl" {
		p := pointer(ptr, "type")
		if !present {
			c.add(p, "required field %q is missing: use %s", "type", strings.Join(actionTypes, ", "))
		} else {
			c.add(p, "unsupported action type %s: this validator accepts only %s", describe(t), strings.Join(actionTypes, ", "))
		}
		return
	}
	c.fields(ptr, a, "an Action.OpenUrl", "type", "title", "url")
	c.text(ptr, a, "title", true, true, 0)
	c.link(ptr, a, "url", true, "https", "http")
}
