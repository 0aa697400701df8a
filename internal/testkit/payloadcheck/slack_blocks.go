package payloadcheck

// Block types this validator accepts.
var blockTypes = []string{"header", "section", "context", "divider", "rich_text", "actions", "image"}

func (c *slackChecker) block(ptr string, v any) {
	b, ok := c.Object(ptr, v, "a block")
	if !ok {
		return
	}
	t, _ := b["type"].(string)
	if id, ok := c.str(ptr, b, "block_id", false, MaxBlockID); ok {
		if first, dup := c.blockIDs[id]; dup {
			c.Add(Pointer(ptr, "block_id"), "duplicate block_id %q (first used at %s): block_ids must be unique", id, first)
		} else {
			c.blockIDs[id] = Pointer(ptr, "block_id")
		}
	}
	switch t {
	case "header":
		c.Fields(ptr, b, "a header block", "type", "block_id", "text")
		if to, ok := c.textField(ptr, b, "text", MaxHeaderText); ok && to != "plain_text" {
			c.Add(Pointer(ptr, "text", "type"), "header text must be plain_text, got %q", to)
		}
	case "section":
		c.section(ptr, b)
	case "divider":
		c.Fields(ptr, b, "a divider block", "type", "block_id")
	case "context":
		c.Fields(ptr, b, "a context block", "type", "block_id", "elements")
		for i, e := range c.Array(ptr, b, "elements", true, 1, MaxContextElements) {
			c.contextElement(Pointer(ptr, "elements", i), e)
		}
	case "image":
		c.Fields(ptr, b, "an image block", "type", "block_id", "image_url", "alt_text", "title")
		c.image(ptr, b)
		if t, present := b["title"]; present {
			if to, ok := c.textObject(Pointer(ptr, "title"), t, MaxImageTitle); ok && to != "plain_text" {
				c.Add(Pointer(ptr, "title", "type"), "image title must be plain_text, got %q", to)
			}
		}
	case "actions":
		c.Fields(ptr, b, "an actions block", "type", "block_id", "elements")
		for i, e := range c.Array(ptr, b, "elements", true, 1, MaxActionsElements) {
			c.button(Pointer(ptr, "elements", i), e)
		}
	case "rich_text":
		c.Fields(ptr, b, "a rich_text block", "type", "block_id", "elements")
		for i, e := range c.Array(ptr, b, "elements", true, 1, 0) {
			c.richTextElement(Pointer(ptr, "elements", i), e)
		}
	default:
		c.OneOf(ptr, b, "type", true, blockTypes...)
	}
}

func (c *slackChecker) section(ptr string, b obj) {
	c.Fields(ptr, b, "a section block", "type", "block_id", "text", "fields", "accessory", "expand")
	_, hasText := b["text"]
	_, hasFields := b["fields"]
	if !hasText && !hasFields {
		c.Add(ptr, "a section block needs \"text\" or \"fields\"")
	}
	if hasText {
		c.textObject(Pointer(ptr, "text"), b["text"], MaxSectionText)
	}
	for i, f := range c.Array(ptr, b, "fields", false, 1, MaxSectionFields) {
		c.textObject(Pointer(ptr, "fields", i), f, MaxFieldText)
	}
	c.Boolean(ptr, b, "expand")
	if a, ok := b["accessory"]; ok {
		p := Pointer(ptr, "accessory")
		if ao, ok := c.Object(p, a, "accessory"); ok {
			switch ao["type"] {
			case "button":
				c.button(p, ao)
			case "image":
				c.Fields(p, ao, "an image element", "type", "image_url", "alt_text")
				c.image(p, ao)
			default:
				c.OneOf(p, ao, "type", true, "button", "image")
			}
		}
	}
}

// textField checks the text object in parent[key] and returns its type.
func (c *slackChecker) textField(ptr string, parent obj, key string, max int) (string, bool) {
	v, ok := parent[key]
	if !ok {
		c.Add(Pointer(ptr, key), "required field %q is missing", key)
		return "", false
	}
	return c.textObject(Pointer(ptr, key), v, max)
}

// textObject checks a composition text object and returns its type.
func (c *slackChecker) textObject(ptr string, v any, max int) (string, bool) {
	o, ok := c.Object(ptr, v, "a text object")
	if !ok {
		return "", false
	}
	t, _ := o["type"].(string)
	switch t {
	case "plain_text":
		c.Fields(ptr, o, "a plain_text object", "type", "text", "emoji")
		c.Boolean(ptr, o, "emoji")
	case "mrkdwn":
		c.Fields(ptr, o, "a mrkdwn object", "type", "text", "verbatim")
		c.Boolean(ptr, o, "verbatim")
	default:
		c.OneOf(ptr, o, "type", true, "plain_text", "mrkdwn")
		return "", false
	}
	c.str(ptr, o, "text", true, max)
	return t, true
}

func (c *slackChecker) contextElement(ptr string, v any) {
	o, ok := c.Object(ptr, v, "a context element")
	if !ok {
		return
	}
	if o["type"] == "image" {
		c.Fields(ptr, o, "an image element", "type", "image_url", "alt_text")
		c.image(ptr, o)
		return
	}
	if t, _ := o["type"].(string); t != "plain_text" && t != "mrkdwn" {
		c.OneOf(ptr, o, "type", true, "plain_text", "mrkdwn", "image")
		return
	}
	c.textObject(ptr, o, MaxSectionText)
}

func (c *slackChecker) image(ptr string, o obj) {
	c.str(ptr, o, "image_url", true, MaxURL)
	c.str(ptr, o, "alt_text", true, MaxAltText)
}

func (c *slackChecker) button(ptr string, v any) {
	o, ok := c.Object(ptr, v, "an element")
	if !ok {
		return
	}
	if o["type"] != "button" {
		c.OneOf(ptr, o, "type", true, "button")
		return
	}
	c.Fields(ptr, o, "a button", "type", "text", "action_id", "url", "value", "style", "accessibility_label")
	if to, ok := c.textField(ptr, o, "text", MaxButtonText); ok && to != "plain_text" {
		c.Add(Pointer(ptr, "text", "type"), "button text must be plain_text, got %q", to)
	}
	c.str(ptr, o, "action_id", false, MaxActionID)
	c.str(ptr, o, "url", false, MaxURL)
	c.str(ptr, o, "value", false, MaxButtonValue)
	c.str(ptr, o, "accessibility_label", false, MaxButtonText)
	c.OneOf(ptr, o, "style", false, "primary", "danger")
}
