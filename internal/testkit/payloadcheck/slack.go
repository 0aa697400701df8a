package payloadcheck

import (
	"unicode/utf8"
)

// Slack limits, in characters (Unicode code points).
const (
	MaxBlocks          = 50
	MaxFallbackText    = 40000
	MaxHeaderText      = 150
	MaxSectionText     = 3000
	MaxSectionFields   = 10
	MaxFieldText       = 2000
	MaxContextElements = 10
	MaxActionsElements = 25
	MaxBlockID         = 255
	MaxButtonText      = 75
	MaxURL             = 3000
	MaxAltText         = 2000
	MaxImageTitle      = 2000
	MaxActionID        = 255
	MaxButtonValue     = 2000
)

// Violations returns every violation in document order; nil when valid.
func SlackViolations(body []byte) []Violation {
	c := &slackChecker{Checker: Checker{Service: "Slack"}, blockIDs: map[string]string{}}
	root, ok := c.Decode(body)
	if !ok {
		return c.Violations()
	}
	c.message(root)
	return c.Violations()
}

// slackChecker adds Slack's rules to the generic checks; Slack's wording for an
// empty value ("Slack rejects empty text") is the generic checker's default.
type slackChecker struct {
	Checker
	blockIDs map[string]string // block_id -> pointer of first use
}

// str checks an optional (required=false) or required string field and its
// length 1..max (max 0: no upper limit). It returns the string and whether
// it was present and a string.
func (c *slackChecker) str(ptr string, o obj, key string, required bool, max int) (string, bool) {
	return c.Text(ptr, o, key, required, false, max)
}

var topLevelFields = []string{"text", "blocks", "channel", "username", "icon_emoji", "icon_url", "unfurl_links", "unfurl_media", "mrkdwn", "thread_ts", "link_names", "parse", "reply_broadcast"}

func (c *slackChecker) message(root any) {
	m, ok := c.Object("", root, "the payload")
	if !ok {
		return
	}
	c.Fields("", m, "the message", topLevelFields...)
	blocks := c.Array("", m, "blocks", false, 0, MaxBlocks)
	if v, present := m["text"]; present {
		s, isStr := v.(string)
		switch {
		case !isStr:
			c.Add("/text", "must be a string (the notification fallback text), got %s", TypeName(v))
		case utf8.RuneCountInString(s) > MaxFallbackText:
			c.Add("/text", "is %d characters, over Slack's limit of %d", utf8.RuneCountInString(s), MaxFallbackText)
		case s == "" && len(blocks) == 0:
			c.Add("/text", "must not be empty when there are no blocks")
		}
	} else if len(blocks) == 0 {
		c.Add("", "a message needs \"text\" or \"blocks\": add a fallback text")
	}
	for _, k := range []string{"channel", "username", "icon_emoji", "icon_url", "thread_ts", "parse"} {
		if v, ok := m[k]; ok {
			if _, isStr := v.(string); !isStr {
				c.Add(Pointer("", k), "must be a string, got %s", TypeName(v))
			}
		}
	}
	for _, k := range []string{"unfurl_links", "unfurl_media", "mrkdwn", "link_names", "reply_broadcast"} {
		c.Boolean("", m, k)
	}
	for i, b := range blocks {
		c.block(Pointer("/blocks", i), b)
	}
}
