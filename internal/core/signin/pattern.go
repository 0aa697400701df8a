package signin

// The Pattern type and the small matcher helpers every rule builds on.

import (
	"encoding/json"
)

// Event constants shared by the console sign-in rules.
const (
	Source      = "aws.signin"
	DetailType  = "AWS Console Sign In via CloudTrail"
	EventSource = "signin.amazonaws.com"
)

// Detail-types and sources of the other events signin-notifier watches.
const (
	// DetailTypeAPICall is the detail-type of every CloudTrail management
	// event of type AwsApiCall.
	DetailTypeAPICall = "AWS API Call via CloudTrail"
	// DetailTypeAnomaly is the event AWS Sign-In sends directly to
	// EventBridge (delivery type durable); AWS publishes no schema for it.
	DetailTypeAnomaly = "Sign-in Anomaly Alert"
	SourceSTS         = "aws.sts"
	SourceIAM         = "aws.iam"
	SourceCloudTrail  = "aws.cloudtrail"
	SourceEvents      = "aws.events"
	// CloudFormationPrincipal is what CloudTrail records as sourceIPAddress
	// and userIdentity.invokedBy for calls CloudFormation makes on a
	// stack's behalf.
	CloudFormationPrincipal = "cloudformation.amazonaws.com"
)

// Object is one level of an event pattern's matcher tree, JSON-ready.
type Object = map[string]any

// Pattern is an EventBridge event pattern. The fields signin-notifier sets
// after a rule is built (the account filter, the kept source ranges) are
// typed; the rest of the detail is the matcher tree. A pattern with Or is a
// top-level $or of whole patterns (only Account may be set beside it).
type Pattern struct {
	Source     []string
	DetailType []string
	Account    []string
	// Detail is the matcher tree of the detail, without sourceIPAddress.
	Detail Object
	// SourceIPs, when set, are the matchers of detail.sourceIPAddress.
	SourceIPs []any
	// Or holds the alternatives of a top-level $or.
	Or []Pattern
}

// Map returns the pattern as the JSON-ready object EventBridge and
// CloudFormation take.
func (p Pattern) Map() map[string]any {
	out := map[string]any{}
	strs := func(key string, v []string) {
		if v != nil {
			out[key] = anys(v)
		}
	}
	strs("source", p.Source)
	strs("detail-type", p.DetailType)
	strs("account", p.Account)
	if p.Detail != nil || p.SourceIPs != nil {
		d := Object{}
		for k, v := range p.Detail {
			d[k] = v
		}
		if p.SourceIPs != nil {
			d["sourceIPAddress"] = p.SourceIPs
		}
		out["detail"] = d
	}
	if p.Or != nil {
		alts := make([]any, len(p.Or))
		for i, a := range p.Or {
			alts[i] = a.Map()
		}
		out["$or"] = alts
	}
	return out
}

// MarshalJSON writes the pattern as EventBridge reads it.
func (p Pattern) MarshalJSON() ([]byte, error) { return json.Marshal(p.Map()) }

// Matcher helpers, each one EventBridge content-filter form. nonEmpty uses
// the single-value form of anything-but ({"anything-but": "initializing"} in
// the EventBridge User Guide): one line less per field in the template the
// CDK CLI sends, which must stay under 51,200 characters.
func nonEmpty() []any         { return []any{map[string]any{"anything-but": ""}} }
func missing() []any          { return []any{map[string]any{"exists": false}} }
func empty() []any            { return []any{""} }
func oneOf(v ...string) []any { return anys(v) }
func anythingBut(v ...string) []any {
	return []any{map[string]any{"anything-but": anys(v)}}
}
func prefix(p string) []any { return []any{map[string]any{"prefix": p}} }

// bad lists the two ways a field can fail to render: missing or empty.
func bad() [][]any { return [][]any{missing(), empty()} }

// absent matches a field that is missing or empty (both ways a field fails
// to render) in one matcher list: EventBridge ORs the matchers of a list,
// and exists:false may stand beside other matchers there (AWS accepts
// [{"anything-but": ...}, {"exists": false}], see the emulator's tests).
func absent() []any { return []any{map[string]any{"exists": false}, ""} }

// missingOr matches a field that is missing or matches one of the
// matchers.
func missingOr(m ...any) []any { return append([]any{map[string]any{"exists": false}}, m...) }

func anys(v []string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// envelope wraps a detail pattern with the fields every console sign-in rule
// matches.
func envelope(detail map[string]any) Pattern {
	return cloudTrail(Source, DetailType, detail)
}

// cloudTrail builds the pattern of CloudTrail-delivered events of one
// service. The source names the service (aws.iam for iam.amazonaws.com, and
// so on; only AWS can put an aws.* source), so the record's eventSource
// needs no matcher of its own.
func cloudTrail(source, detailType string, detail map[string]any) Pattern {
	d := map[string]any{}
	for k, v := range detail {
		d[k] = v
	}
	return Pattern{Source: []string{source}, DetailType: []string{detailType}, Detail: d}
}

// requireIP makes every alternative of p require a source IP address: the
// messages show it, so the pattern must guarantee it.
func requireIP(p Pattern) Pattern {
	if p.Or != nil {
		alts := make([]Pattern, len(p.Or))
		for i, a := range p.Or {
			alts[i] = requireIP(a)
		}
		p.Or = alts
		return p
	}
	if p.SourceIPs == nil {
		p.SourceIPs = nonEmpty()
	}
	return p
}

// identity builds a userIdentity sub-pattern.
func identity(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func mergeIdentity(a any, b map[string]any) map[string]any {
	out := map[string]any{}
	if m, ok := a.(map[string]any); ok {
		for k, v := range m {
			out[k] = v
		}
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
