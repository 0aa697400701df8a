// Package signin holds what signin-notifier knows about console sign-in,
// root, anomaly and tamper events, free of aws-cdk-go and jsii: the event
// patterns of the notification rules (mutually exclusive, in two groups), the
// patterns of the regional forwarders and the tamper watch, and the input
// templates of every destination format rendered by EventBridge input
// transformers.
//
// Files: pattern.go (the Pattern type and matcher helpers), severity.go,
// console.go (console and CLI sign-in patterns), security.go (root, anomaly,
// tamper and denied patterns), breakglass.go (break-glass roles: the
// assumptions of listed roles, their forwarders and messages), burst.go
// (failed sign-in bursts), forward.go
// (the forwarders, the tamper watch and the quiet rules they apply),
// rules.go (the rule set), messages.go (what each message says),
// templates.go (placeholders and encoding), kinds.go and render_*.go (one
// renderer per destination format), filters.go (quiet rules), guarantee.go
// (which fields a pattern guarantees), retry.go (retry and rate limits).
//
// The templates follow the input transformer rules listed in
// docs/aws-facts.md:
//
//   - Values an attacker can choose (the user agent, the user name typed on a
//     failed sign-in) are inserted only as whole values (unquoted
//     placeholders, which EventBridge quotes as JSON strings) into rich_text
//     "text" elements, which Slack never parses as mrkdwn and which have no
//     documented length limit.
//   - A placeholder whose path is missing renders as "" (Slack rejects empty
//     text, and a label without its value misleads), so every placeholder a
//     chat message uses, the link's included, is guaranteed present and
//     non-empty by its rule's own pattern in each of its alternatives
//     (Rule.Shows, Unguaranteed): fields CloudTrail documents as always
//     written (eventID, sourceIPAddress) are not assumed, because records
//     from tests, datasets and captures lack them. A field may read <a|b>,
//     whichever of two paths the record has. The Incomplete rules catch the
//     rest of the console sign-ins, and IncompleteSecurity the rest of
//     every rule that shows the source IP and of the security rules, with a
//     message built only from guaranteed fields. So a record that matches a
//     rule's intent is never dropped for a field its message shows.
//   - The links go to the CloudTrail event history of the event's name in
//     its region (the event's own page would need its eventID).
//   - The rules that report AWS API calls run on the signin-notifier bus,
//     which carries only what the forwarders chose (AlertForwardPattern,
//     WatchPattern): SecurityCallDenied and IncompleteSecurity rely on that
//     selection instead of repeating the event names (see hubCalls), which
//     keeps the security notifier's template under the 51,200 characters
//     cdk deploy sends inline.
//   - Fields AWS formats itself (account, region, time, event id and name,
//     identity type and ARN, source IP, MFAUsed, result, error message,
//     SwitchFrom/SwitchTo) are inserted inside string literals of plain_text
//     objects and links. EventBridge does not escape such values: a value with
//     a quote or backslash would make the body invalid JSON and EventBridge
//     would drop the event. AWS never writes such values into these fields;
//     FormattedFields documents the assumption and the fuzz test checks it.
//   - Nothing taken from an event is ever rendered as mrkdwn.
package signin
