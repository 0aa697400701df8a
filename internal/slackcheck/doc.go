// Package slackcheck is a strict, offline validator for the Slack Block Kit
// payloads this project sends through EventBridge API destinations, plus a
// helper that lists every user-visible string and how Slack renders it.
//
// What belongs here: Slack's documented payload limits (block counts, text
// lengths counted in characters, allowed block and element types) and the
// classification of rendered text (plain_text, mrkdwn, rich_text, fallback,
// url), so tests can prove that attacker-chosen values never reach mrkdwn or
// the fallback text.
//
// What does not belong here: building messages (the CDK constructs do that),
// anything about EventBridge itself (see internal/eventbridge) and the
// generic JSON checks this package shares with internal/payloadcheck (see
// internal/jsoncheck).
//
// The validator is deliberately stricter than Slack: it accepts only the
// block types and fields this project uses and reports unknown fields,
// because Slack answers an invalid payload with HTTP 400, which EventBridge
// does not retry, so the notification is lost.
package slackcheck
