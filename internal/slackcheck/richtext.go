package slackcheck

var richTextContainers = []string{"rich_text_section", "rich_text_preformatted", "rich_text_quote", "rich_text_list"}

func (c *checker) richTextElement(ptr string, v any) {
	o, ok := c.object(ptr, v, "a rich_text element")
	if !ok {
		return
	}
	switch o["type"] {
	case "rich_text_section":
		c.fields(ptr, o, "a rich_text_section", "type", "elements")
		c.inlineElements(ptr, o)
	case "rich_text_preformatted", "rich_text_quote":
		c.fields(ptr, o, "a "+o["type"].(string), "type", "elements", "border")
		c.integer(ptr, o, "border", 0, 1)
		c.inlineElements(ptr, o)
	case "rich_text_list":
		c.fields(ptr, o, "a rich_text_list", "type", "elements", "style", "indent", "offset", "border")
		c.oneOf(ptr, o, "style", true, "bullet", "ordered")
		c.integer(ptr, o, "indent", 0, 8)
		c.integer(ptr, o, "offset", 0, 1<<31-1)
		c.integer(ptr, o, "border", 0, 1)
		for i, e := range c.array(ptr, o, "elements", true, 1, 0) {
			p := pointer(ptr, "elements", i)
			if s, ok := c.object(p, e, "a rich_text_list item"); ok {
				if s["type"] != "rich_text_section" {
					c.oneOf(p, s, "type", true, "rich_text_section")
					continue
				}
				c.fields(p, s, "a rich_text_section", "type", "elements")
				c.inlineElements(p, s)
			}
		}
	default:
		c.oneOf(ptr, o, "type", true, richTextContainers...)
	}
}

var inlineTypes = []string{"text", "link", "emoji"}

func (c *checker) inlineElements(ptr string, o map[string]any) {
	for i, e := range c.array(ptr, o, "elements", true, 1, 0) {
		p := pointer(ptr, "elements", i)
		el, ok := c.object(p, e, "a rich text element")
		if !ok {
			continue
		}
		switch el["type"] {
		case "text":
			c.fields(p, el, "a text element", "type", "text", "style")
			c.str(p, el, "text", true, 0)
			c.style(p, el)
		case "link":
			c.fields(p, el, "a link element", "type", "url", "text", "style")
			c.str(p, el, "url", true, MaxURL)
			c.str(p, el, "text", false, 0)
			c.style(p, el)
		case "emoji":
			c.fields(p, el, "an emoji element", "type", "name", "unicode")
			c.str(p, el, "name", true, 0)
			c.str(p, el, "unicode", false, 0)
		default:
			c.oneOf(p, el, "type", true, inlineTypes...)
		}
	}
}

func (c *checker) style(ptr string, el map[string]any) {
	v, ok := el["style"]
	if !ok {
		return
	}
	p := pointer(ptr, "style")
	s, ok := c.object(p, v, "style")
	if !ok {
		return
	}
	c.fields(p, s, "a text style", "bold", "italic", "strike", "code")
	for _, k := range []string{"bold", "italic", "strike", "code"} {
		c.boolean(p, s, k)
	}
}
