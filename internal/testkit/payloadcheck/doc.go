// Package payloadcheck is a strict, offline validator for every chat payload
// this project sends through EventBridge input transformers, one file per
// format: Slack Block Kit (slack*.go: an incoming webhook or chat.postMessage
// body), a Microsoft Teams Workflows webhook carrying an Adaptive Card, a
// Discord execute-webhook body, and the project's own generic JSON webhook
// document (version 1). It also lists every user-visible string with how the
// service renders it (TextLocation: plain, markdown, rich_text, fallback,
// url), so tests can prove that attacker-chosen values never reach markup.
//
// json_*.go hold what every format shares: Violation (a message located by a
// JSON pointer, RFC 6901), Join, Pointer, and Checker, the generic checks of
// a decoded JSON document (allowed fields, strings and their length in
// characters, booleans, integer ranges, enumerations, arrays).
//
// What belongs here: each format's documented limits and the
// classification of rendered text. What does not: building messages
// (internal/core/signin does that) and anything about EventBridge itself.
//
// Where the limits come from. They are documentation limits, copied from
// each service's published reference, not measured against a live service;
// the services may enforce less or more than they document.
//
//   - Teams: the message size limit of 28 KB ("Create an Incoming Webhook"
//     and "Limits and specifications for Microsoft Teams" on Microsoft
//     Learn; the Teams connector's known-limitations table says "about 28
//     KB" for Workflows posts). The documents do not say whether KB means
//     1,000 or 1,024 bytes, or whether the JSON body or the stored message
//     is measured, so MaxTeamsPayloadBytes takes the stricter 28,000 bytes
//     of body. Element types, properties and enum values come from the
//     Adaptive Cards schema explorer (adaptivecards.io/explorer, schema
//     1.0 to 1.5); TextRun text is documented there as "Markdown is not
//     supported", TextBlock text as "a subset of markdown".
//   - Discord: content, embeds and the embed field list come from the
//     developer documentation's "Execute Webhook" (content up to 2000
//     characters, up to 10 embeds) and "Embed Limits" (title 256,
//     description 4096, 25 fields, field name 256, field value 1024,
//     footer text 2048, author name 256, 6000 across all embeds of a
//     message). The username limit of 1 to 80 characters and the ban on
//     "clyde" and "discord" are documented for webhook names under "Create
//     Webhook"; they are applied here to the username override too.
//   - The generic webhook document is this project's own format.
//
// The validator is deliberately stricter than the services: it accepts only
// the element types and fields this project uses and reports unknown fields,
// because a rejected message is lost: EventBridge API destinations do not
// retry most 4xx answers (400 and 413 among them). Besides the documented
// rules it requires what this project promises: Discord's allowed_mentions
// with an empty parse list (never ping), no Teams mentions, strings that are
// valid UTF-8 (no invalid bytes, no lone surrogate escapes) and no duplicate
// JSON keys, which different parsers resolve differently. Enum values such
// as "Bolder" are matched exactly, although Adaptive Card renderers match
// them case-insensitively.
package payloadcheck
