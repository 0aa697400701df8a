package payloadcheck

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Discord execute-webhook limits, in characters (Unicode code points).
const (
	MaxDiscordContent  = 2000
	MaxDiscordUsername = 80
	MaxDiscordEmbeds   = 10
	MaxEmbedTitle      = 256
	MaxEmbedDesc       = 4096
	MaxEmbedFields     = 25
	MaxEmbedFieldName  = 256
	MaxEmbedFieldValue = 1024
	MaxEmbedFooterText = 2048
	MaxEmbedAuthorName = 256
	// MaxEmbedTotal bounds the sum of every title, description, field
	// name, field value, footer text and author name across all embeds.
	MaxEmbedTotal = 6000
	// MaxEmbedColor is the largest RGB colour integer (0xFFFFFF).
	MaxEmbedColor = 0xFFFFFF
)

// Substrings Discord forbids in webhook names (case-insensitive).
var forbiddenUsernameParts = []string{"clyde", "discord"}

// Discord checks a Discord execute-webhook JSON body and returns every
// violation joined with errors.Join (each one a *Violation), or nil when it
// is valid.
func Discord(body []byte) error { return Join(DiscordViolations(body)) }

// DiscordViolations returns every violation in document order; nil when
// the body is valid.
func DiscordViolations(body []byte) []Violation {
	c, root, ok := parse(body, "Discord")
	if !ok {
		return c.Violations()
	}
	c.discordMessage(root)
	return c.Violations()
}

func (c *checker) discordMessage(root any) {
	m, ok := c.Object("", root, "the payload")
	if !ok {
		return
	}
	c.Fields("", m, "the message", "content", "username", "avatar_url", "allowed_mentions", "embeds")
	// content may be empty when there are embeds, so only its length is
	// checked here.
	content, hasContent := c.Str("", m, "content", false)
	if n := utf8.RuneCountInString(content); n > MaxDiscordContent {
		c.Add("/content", "is %d characters, over Discord's limit of %d: shorten it", n, MaxDiscordContent)
	}
	if name, ok := c.Text("", m, "username", false, true, MaxDiscordUsername); ok {
		lower := strings.ToLower(name)
		for _, part := range forbiddenUsernameParts {
			if strings.Contains(lower, part) {
				c.Add("/username", "contains %q: Discord rejects webhook names containing %s", part, strings.Join(forbiddenUsernameParts, " or "))
			}
		}
	}
	c.link("", m, "avatar_url", false, "https", "http")
	c.allowedMentions(m)
	embeds := c.Array("", m, "embeds", false, 0, MaxDiscordEmbeds)
	total := 0
	for i, e := range embeds {
		total += c.embed(Pointer("/embeds", i), e)
	}
	if total > MaxEmbedTotal {
		c.Add("/embeds", "embeds hold %d characters of titles, descriptions, field names and values, footer texts and author names, over Discord's limit of %d", total, MaxEmbedTotal)
	}
	if (!hasContent || strings.TrimSpace(content) == "") && len(embeds) == 0 {
		c.Add("", "a message needs non-empty \"content\" or at least one embed: Discord rejects an empty message")
	}
}

// allowedMentions requires {"parse": []}: the message must never ping.
func (c *checker) allowedMentions(m obj) {
	v, present := m["allowed_mentions"]
	const p = "/allowed_mentions"
	if !present {
		c.Add(p, "required field %q is missing: send {\"parse\":[]} so that no text can ping @everyone, users or roles", "allowed_mentions")
		return
	}
	am, ok := c.Object(p, v, "allowed_mentions")
	if !ok {
		return
	}
	c.Fields(p, am, "allowed_mentions", "parse", "users", "roles", "replied_user")
	if _, present := am["parse"]; !present {
		c.Add(p+"/parse", "required field %q is missing: send an empty array so that nothing is parsed as a mention", "parse")
	}
	for _, k := range []string{"parse", "users", "roles"} {
		a := c.Array(p, am, k, false, 0, 0)
		if len(a) > 0 {
			c.Add(Pointer(p, k), "has %d items, must be empty: this notifier never pings anyone", len(a))
		}
	}
	if r, present := am["replied_user"]; present && r != false {
		c.Add(p+"/replied_user", "must be false, got %s", Describe(r))
	}
}

// embed checks one embed and returns its characters counted toward
// MaxEmbedTotal.
func (c *checker) embed(ptr string, v any) int {
	e, ok := c.Object(ptr, v, "an embed")
	if !ok {
		return 0
	}
	c.Fields(ptr, e, "an embed", "title", "description", "url", "color", "timestamp", "author", "footer", "fields")
	total := 0
	count := func(s string, _ bool) { total += utf8.RuneCountInString(s) }
	count(c.Text(ptr, e, "title", false, true, MaxEmbedTitle))
	count(c.Text(ptr, e, "description", false, true, MaxEmbedDesc))
	c.link(ptr, e, "url", false, "https", "http")
	c.Integer(ptr, e, "color", 0, MaxEmbedColor)
	if ts, ok := c.Str(ptr, e, "timestamp", false); ok {
		if _, err := time.Parse(time.RFC3339, ts); err != nil {
			c.Add(Pointer(ptr, "timestamp"), "is %q, must be an ISO 8601 timestamp such as 2024-05-01T12:00:00Z", ts)
		}
	}
	if a, present := e["author"]; present {
		p := Pointer(ptr, "author")
		if ao, ok := c.Object(p, a, "author"); ok {
			c.Fields(p, ao, "an embed author", "name", "url", "icon_url")
			count(c.Text(p, ao, "name", true, true, MaxEmbedAuthorName))
			c.link(p, ao, "url", false, "https", "http")
			c.link(p, ao, "icon_url", false, "https", "http")
		}
	}
	if f, present := e["footer"]; present {
		p := Pointer(ptr, "footer")
		if fo, ok := c.Object(p, f, "footer"); ok {
			c.Fields(p, fo, "an embed footer", "text", "icon_url")
			count(c.Text(p, fo, "text", true, true, MaxEmbedFooterText))
			c.link(p, fo, "icon_url", false, "https", "http")
		}
	}
	fields := c.Array(ptr, e, "fields", false, 0, MaxEmbedFields)
	for i, f := range fields {
		p := Pointer(ptr, "fields", i)
		if fo, ok := c.Object(p, f, "an embed field"); ok {
			c.Fields(p, fo, "an embed field", "name", "value", "inline")
			count(c.Text(p, fo, "name", true, true, MaxEmbedFieldName))
			count(c.Text(p, fo, "value", true, true, MaxEmbedFieldValue))
			c.Boolean(p, fo, "inline")
		}
	}
	if !hasAny(e, "title", "description", "author", "footer") && len(fields) == 0 {
		c.Add(ptr, "an embed needs a title, description, author, footer or fields: it would show nothing")
	}
	return total
}

func hasAny(o obj, keys ...string) bool {
	for _, k := range keys {
		if _, ok := o[k]; ok {
			return true
		}
	}
	return false
}
