package payloadcheck

var richTextContainers = []string{"rich_text_section", "rich_text_preformatted", "rich_text_quote", "rich_text_list"}

func (c *slackChecker) richTextElement(ptr string, v any) {
	o, ok := c.Object(ptr, v, "a rich_text element")
	if !ok {
		return
	}
	switch o["type"] {
	case "rich_text_section":
		c.Fields(ptr, o, "a rich_text_section", "type", "elements")
		c.inlineElements(ptr, o)
	case "rich_text_preformatted", "rich_text_quote":
		c.Fields(ptr, o, "a "+o["type"].(string), "type", "elements", "border")
		c.Integer(ptr, o, "border", 0, 1)
		c.inlineElements(ptr, o)
	case "rich_text_list":
		c.Fields(ptr, o, "a rich_text_list", "type", "elements", "style", "indent", "offset", "border")
		c.OneOf(ptr, o, "style", true, "bullet", "ordered")
		c.Integer(ptr, o, "indent", 0, 8)
		c.Integer(ptr, o, "offset", 0, 1<<31-1)
		c.Integer(ptr, o, "border", 0, 1)
		for i, e := range c.Array(ptr, o, "elements", true, 1, 0) {
			p := Pointer(ptr, "elements", i)
			if s, ok := c.Object(p, e, "a rich_text_list item"); ok {
				if s["type"] != "rich_text_section" {
					c.OneOf(p, s, "type", true, "rich_text_section")
					continue
				}
				c.Fields(p, s, "a rich_text_section", "type", "elements")
				c.inlineElements(p, s)
			}
		}
	default:
		c.OneOf(ptr, o, "type", true, richTextContainers...)
	}
}

var inlineTypes = []string{"text", "link", "emoji"}

func (c *slackChecker) inlineElements(ptr string, o map[string]any) {
	for i, e := range c.Array(ptr, o, "elements", true, 1, 0) {
		p := Pointer(ptr, "elements", i)
		el, ok := c.Object(p, e, "a rich text element")
		if !ok {
			continue
		}
		switch el["type"] {
		case "text":
			c.Fields(p, el, "a text element", "type", "text", "style")
			c.str(p, el, "text", true, 0)
			c.style(p, el)
		case "link":
			c.Fields(p, el, "a link element", "type", "url", "text", "style")
			c.str(p, el, "url", true, MaxURL)
			c.str(p, el, "text", false, 0)
			c.style(p, el)
		case "emoji":
			c.Fields(p, el, "an emoji element", "type", "name", "unicode")
			c.str(p, el, "name", true, 0)
			c.str(p, el, "unicode", false, 0)
		default:
			c.OneOf(p, el, "type", true, inlineTypes...)
		}
	}
}

func (c *slackChecker) style(ptr string, el map[string]any) {
	v, ok := el["style"]
	if !ok {
		return
	}
	p := Pointer(ptr, "style")
	s, ok := c.Object(p, v, "style")
	if !ok {
		return
	}
	c.Fields(p, s, "a text style", "bold", "italic", "strike", "code")
	for _, k := range []string{"bold", "italic", "strike", "code"} {
		c.Boolean(p, s, k)
	}
}
