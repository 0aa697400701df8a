package signin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Paths maps every placeholder the templates may use to its JSON path in the
// EventBridge envelope.
var Paths = map[string]string{
	"account":      "$.account",
	"region":       "$.region",
	"time":         "$.time",
	"eventId":      "$.detail.eventID",
	"eventName":    "$.detail.eventName",
	"arn":          "$.detail.userIdentity.arn",
	"userName":     "$.detail.userIdentity.userName",
	"type":         "$.detail.userIdentity.type",
	"ip":           "$.detail.sourceIPAddress",
	"userAgent":    "$.detail.userAgent",
	"mfa":          "$.detail.additionalEventData.MFAUsed",
	"result":       "$.detail.responseElements.ConsoleLogin",
	"switchResult": "$.detail.responseElements.SwitchRole",
	"exitResult":   "$.detail.responseElements.ExitRole",
	"error":        "$.detail.errorMessage",
	"switchFrom":   "$.detail.additionalEventData.SwitchFrom",
	"switchTo":     "$.detail.additionalEventData.SwitchTo",
	"ssoRole":      "$.detail.userIdentity.sessionContext.sessionIssuer.userName",
	// AssumeRoot
	"targetPrincipal": "$.detail.requestParameters.targetPrincipal",
	"taskPolicy":      "$.detail.requestParameters.taskPolicyArn.arn",
	// Sign-in Anomaly Alert: the EventBridge event id
	"alertId": "$.id",
	// tampering
	"trailName":     "$.detail.requestParameters.name",
	"selectorTrail": "$.detail.requestParameters.trailName",
	"resourceName":  "$.detail.requestParameters.name",
	"ruleName":      "$.detail.requestParameters.rule",
	"errorCode":     "$.detail.errorCode",
	// the root user acting on an IAM user's credentials
	"credentialUser": "$.detail.requestParameters.userName",
	// OAuth grants (AuthorizeOAuth2Access)
	"clientId": "$.detail.requestParameters.client_id",
	"resource": "$.detail.requestParameters.resource",
	// the burst alarm's state change
	"alarmReason": "$.detail.state.reason",
}

// AttackerFields are the placeholders whose values someone outside the
// account can choose (or, for alarmReason, that AWS writes as free text). Templates insert them only as whole values into
// rich_text elements.
var AttackerFields = []string{"userAgent", "userName", "alarmReason"}

// FormattedFields are the placeholders inserted inside string literals. AWS
// writes these values in fixed formats (ids, ARNs, timestamps, enumerations,
// IP addresses, IAM user names, the client ARN AWS Sign-In issued and the
// resource URL it accepted for a successful grant) that never contain a
// quote, a backslash or a control character; a value that did would make
// EventBridge drop the event because the rendered body would not be valid
// JSON.
var FormattedFields = []string{"account", "region", "time", "eventId", "eventName", "arn", "type", "ip", "mfa", "result", "switchResult", "exitResult", "error", "switchFrom", "switchTo", "ssoRole", "targetPrincipal", "taskPolicy", "alertId", "trailName", "selectorTrail", "resourceName", "ruleName", "errorCode", "credentialUser", "clientId", "resource"}

// Transformer is an EventBridge input transformer.
type Transformer struct {
	InputPathsMap map[string]string
	InputTemplate string
}

// field is one "Label\nvalue" cell of the facts section. Value may contain
// <placeholder>s of FormattedFields, and <a|b> for "whichever of a and b
// the record has": the pattern guarantees one of them in each of its
// alternatives, and the other is missing there (rendered as <a><b>).
type field struct{ label, value string }

// wholeValue is a labelled line whose value is one whole-value placeholder
// (quoted and escaped by EventBridge).
type wholeValue struct{ label, placeholder string }

// message is the format-neutral content of every notification; the
// renderers in kinds.go turn it into each destination's native payload.
type message struct {
	header   string // may use FormattedFields placeholders
	fallback string // notification text; static only
	fields   []field
	details  []wholeValue
	note     string // optional static line
	// result is the placeholder of the outcome for the generic webhook
	// ("result" or "switchResult"); resultText a static outcome the rule
	// implies; both "" for none.
	result, resultText string
	// target is what the event acted on, for the generic webhook's
	// "target" (the member account of AssumeRoot, the trail or resource
	// tampered with, the client an OAuth grant authorized): a placeholder
	// name (a whole value), or a text of formatted placeholders such as
	// "<a|b>"; "" for none.
	target string
	// link is the URL the message links to. Default: cloudTrailURL, the
	// CloudTrail event history of the event's name in its region.
	link string
	// record says which fields of the generic webhook document the events
	// of this message can have; the others are "" in every such event and
	// are written as "" (default consoleRecord: all of them).
	record recordKind
	// assumption adds the generic webhook's "assumption" object (the role,
	// session and caller of an AWS STS assumption) to a break-glass
	// message.
	assumption bool
}

// recordKind is the shape of the events a message reports.
type recordKind int

const (
	// consoleRecord: a console sign-in record (or an unknown shape).
	consoleRecord recordKind = iota
	// apiRecord: an API call record, which has no ConsoleLogin result, no
	// MFAUsed and no SwitchFrom or SwitchTo.
	apiRecord
	// noRecord: no CloudTrail record at all (the burst alarm).
	noRecord
)

// url returns the message's link.
func (m message) url() string {
	if m.link != "" {
		return m.link
	}
	return cloudTrailURL
}

// cloudTrailURL links to the CloudTrail event history of the event's name
// in its region, where the event is listed by time. A link to the event
// itself would need its eventID, which a record may lack; every pattern of
// a CloudTrail rule guarantees the event name.
const cloudTrailURL = "https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events?EventName=<eventName>"

// consoleLoginsURL links to the ConsoleLogin events in the CloudTrail event
// history of the event's region.
const consoleLoginsURL = "https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events?EventName=ConsoleLogin"

// signInEventsURL links to the CloudTrail event history of AWS Sign-In in
// the event's region, for events that are not CloudTrail records.
const signInEventsURL = "https://<region>.console.aws.amazon.com/cloudtrailv2/home?region=<region>#/events?EventSource=signin.amazonaws.com"

// unionRE matches a placeholder of a message: <name> or <a|b>.
var unionRE = regexp.MustCompile(`<([A-Za-z]+(?:\|[A-Za-z]+)*)>`)

// expand writes every <a|b> as <a><b>: EventBridge renders the one the
// record has.
func expand(s string) string {
	return unionRE.ReplaceAllStringFunc(s, func(m string) string {
		return "<" + strings.ReplaceAll(m[1:len(m)-1], "|", "><") + ">"
	})
}

// groups returns the placeholder groups a chat message shows: each
// renders non-empty when one of its placeholders does.
func (m message) groups() [][]string {
	var out [][]string
	add := func(s string) {
		for _, g := range unionRE.FindAllStringSubmatch(s, -1) {
			out = append(out, strings.Split(g[1], "|"))
		}
	}
	add(m.header)
	for _, f := range m.fields {
		add(f.value)
	}
	for _, d := range m.details {
		out = append(out, []string{d.placeholder})
	}
	add(m.url())
	return out
}

// slotPrefix marks whole-value placeholders in the marshalled JSON so that
// they can be replaced by unquoted <placeholder>s afterwards.
const slotPrefix = "\u0000slot:"

// slot is the marker of a whole-value placeholder; encode turns the JSON
// string "<marker>" into the bare <name>.
func slot(name string) string { return slotPrefix + name }

var slotRE = regexp.MustCompile(`"\\u0000slot:([A-Za-z]+)"`)

// encode marshals a payload into an input transformer. The JSON is produced
// by encoding/json, so literal text (the account name included) is always
// correctly escaped; only the placeholders are spliced in afterwards.
func encode(body any) (Transformer, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return Transformer{}, err
	}
	tmpl := slotRE.ReplaceAllString(strings.TrimSpace(buf.String()), "<$1>")
	if strings.Contains(tmpl, `\u0000`) {
		return Transformer{}, fmt.Errorf("internal error: malformed slot in %s", tmpl)
	}
	paths := map[string]string{}
	for name, path := range Paths {
		if strings.Contains(tmpl, "<"+name+">") {
			paths[name] = path
		}
	}
	return Transformer{InputPathsMap: paths, InputTemplate: tmpl}, nil
}

// escapeMrkdwn escapes the three characters Slack treats as markup in the
// fallback text, which Slack renders in notifications.
func escapeMrkdwn(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Placeholders returns the placeholders used in a template, sorted.
func Placeholders(t Transformer) []string {
	out := make([]string, 0, len(t.InputPathsMap))
	for k := range t.InputPathsMap {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Common cells. The account name, when configured, is appended to the
// account cell by each renderer, escaped for its format.
const accountLabel = "🏢 Account"

var (
	accountField = field{accountLabel, "<account>"}
	regionField  = field{"🌍 Region", "<region>"}
	timeField    = field{"🕒 Time (UTC)", "<time>"}
	ipField      = field{"📍 Source IP", "<ip>"}
	uaDetail     = wholeValue{"User agent", "userAgent"}
)

// withAccountName returns the fields with the account name appended to the
// account cell through escape.
func withAccountName(fields []field, name string, escape func(string) string) []field {
	if name == "" {
		return fields
	}
	out := make([]field, len(fields))
	for i, f := range fields {
		if f.label == accountLabel {
			f.value += " (" + escape(name) + ")"
		}
		out[i] = f
	}
	return out
}
