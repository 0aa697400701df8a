// Package signin holds what signin-notifier knows about console sign-in
// events, free of aws-cdk-go and jsii: the event patterns of the notification
// rules (one rule per severity, mutually exclusive), the pattern the regional
// forwarders use, and the Slack Block Kit input templates rendered by
// EventBridge input transformers.
//
// The templates follow the input transformer rules recorded in
// shared/reference/aws-semantics.md section 3:
//
//   - Values an attacker can choose (the user agent, the user name typed on a
//     failed sign-in) are inserted only as whole values (unquoted
//     placeholders, which EventBridge quotes as JSON strings) into rich_text
//     "text" elements, which Slack never parses as mrkdwn and which have no
//     documented length limit.
//   - A whole-value placeholder whose path is missing renders as "" and Slack
//     rejects empty text, so every rule that uses one requires the field to be
//     present and non-empty in its pattern; the Incomplete rule catches the
//     rest with a message built only from fields AWS always formats itself.
//   - Fields AWS formats itself (account, region, time, event id and name,
//     identity type and ARN, source IP, MFAUsed, result, error message,
//     SwitchFrom/SwitchTo) are inserted inside string literals of plain_text
//     objects and links. EventBridge does not escape such values: a value with
//     a quote or backslash would make the body invalid JSON and EventBridge
//     would drop the event. AWS never writes such values into these fields;
//     FormattedFields documents the assumption and the fuzz test checks it.
//   - Nothing taken from an event is ever rendered as mrkdwn.
package signin
