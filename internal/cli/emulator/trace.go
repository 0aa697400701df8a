package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// StepKind says what happened at a step of a trace.
type StepKind string

// Step kinds.
const (
	// StepArrived: the event reached a bus.
	StepArrived StepKind = "arrived"
	// StepMatched: an enabled rule on the bus matched.
	StepMatched StepKind = "matched"
	// StepDisabled: a rule matched but is DISABLED, so nothing was sent.
	StepDisabled StepKind = "disabled"
	// StepForwarded: a target sent the unchanged event to another bus.
	StepForwarded StepKind = "forwarded"
	// StepSuppressed: a forward was not done (loop, hop limit, third account).
	StepSuppressed StepKind = "suppressed"
	// StepRefused: the receiving bus's resource policy does not admit the
	// sending account, so the event does not enter the bus.
	StepRefused StepKind = "refused"
	// StepDelivered: an API destination request was sent (see Deliveries).
	StepDelivered StepKind = "delivered"
	// StepDropped: the rendered input was not valid JSON; nothing was sent.
	StepDropped StepKind = "dropped"
	// StepFailed: the request could not be made or sent.
	StepFailed StepKind = "failed"
	// StepQueued: an SQS queue target received the event; the emulator
	// follows it no further.
	StepQueued StepKind = "queued"
	// StepUnsupported: a target type the emulator does not deliver to.
	StepUnsupported StepKind = "unsupported"
)

// Step is one event in the life of a put event, in order.
type Step struct {
	Kind    StepKind
	Hop     int // 0 on the first bus, +1 per forward
	Account string
	Region  string
	Bus     string
	// Rule fields are empty for StepArrived.
	Stack         string
	RuleLogicalID string
	RulePath      string // the rule's aws:cdk:path
	TargetID      string
	Target        string // target ARN
	// To names the target for a reader: "bus NAME (ACCOUNT/REGION)", "API
	// destination PATH", "queue PATH".
	To string
	// DeadLetter is the target's dead-letter queue (its construct path when
	// the assembly defines it): where EventBridge puts the event when it
	// cannot deliver it. "" when the target has none.
	DeadLetter string
	Note       string
}

// Delivery is one API destination invocation (or its drop).
type Delivery struct {
	Hop           int
	Account       string
	Region        string
	Bus           string
	Stack         string
	RuleLogicalID string
	RulePath      string
	RuleARN       string
	TargetID      string
	// Destination is the logical id of the AWS::Events::ApiDestination.
	Destination string
	// Endpoint is the URL EventBridge would call; DialedURL the URL used
	// after Options.Endpoint.
	Endpoint  string
	DialedURL string
	Method    string
	// Headers are the request headers as sent (secrets included).
	Headers http.Header
	// Body is the request body, or for a drop the rendered text.
	Body         []byte
	Dropped      bool
	DropReason   string
	StatusCode   int
	ResponseBody []byte
	// Retryable: EventBridge would retry (429, 5xx, timeout or network error).
	Retryable bool
	Err       error
}

// Trace is what happened to one put event.
type Trace struct {
	Event      []byte
	Steps      []Step
	Deliveries []Delivery
}

// Sent returns the deliveries whose request reached the endpoint and got an
// HTTP response.
func (t *Trace) Sent() []Delivery {
	var out []Delivery
	for _, d := range t.Deliveries {
		if d.StatusCode != 0 {
			out = append(out, d)
		}
	}
	return out
}

// Matched returns the logical ids of the rules that matched, in order.
func (t *Trace) Matched() []string {
	var out []string
	for _, s := range t.Steps {
		if s.Kind == StepMatched {
			out = append(out, s.RuleLogicalID)
		}
	}
	return out
}

// targetVerb joins a target step's kind and its target.
var targetVerb = map[StepKind]string{
	StepForwarded:   "forwarded to",
	StepSuppressed:  "not forwarded to",
	StepRefused:     "refused by",
	StepDelivered:   "delivered to",
	StepDropped:     "dropped before",
	StepFailed:      "failed to reach",
	StepQueued:      "queued in",
	StepUnsupported: "not followed to",
}

// Route renders the steps of the trace for a terminal: each bus the event
// reaches, each rule that matches there and what each target does, with
// the target's dead-letter queue as its failure path.
func (t *Trace) Route() string {
	var b strings.Builder
	for _, s := range t.Steps {
		indent := strings.Repeat("  ", s.Hop)
		switch s.Kind {
		case StepArrived:
			fmt.Fprintf(&b, "%shop %d: event on bus %s in %s/%s", indent, s.Hop, s.Bus, s.Account, s.Region)
		case StepMatched, StepDisabled:
			fmt.Fprintf(&b, "%s  rule %s %s", indent, label(s.Stack, s.RuleLogicalID, s.RulePath), s.Kind)
		default:
			to := s.To
			if to == "" {
				to = s.Target
			}
			if s.TargetID == "" { // PutOnBusAs, refused at the door
				fmt.Fprintf(&b, "%s%s by bus %s in %s/%s", indent, s.Kind, s.Bus, s.Account, s.Region)
			} else {
				fmt.Fprintf(&b, "%s    target %s %s %s", indent, s.TargetID, targetVerb[s.Kind], to)
			}
		}
		if s.Note != "" {
			fmt.Fprintf(&b, ": %s", s.Note)
		}
		b.WriteByte('\n')
		if s.DeadLetter != "" && s.Kind != StepSuppressed {
			fmt.Fprintf(&b, "%s      if delivery fails: dead-letter queue %s\n", indent, s.DeadLetter)
		}
	}
	return b.String()
}

// String renders the trace for a terminal, the route then each delivery,
// with secret header values redacted.
func (t *Trace) String() string {
	var b strings.Builder
	b.WriteString(t.Route())
	for i, d := range t.Deliveries {
		fmt.Fprintf(&b, "delivery %d: rule %s target %s -> %s %s\n", i+1, d.RuleLogicalID, d.TargetID, d.Method, d.Endpoint)
		switch {
		case d.Dropped:
			fmt.Fprintf(&b, "  DROPPED: %s\n  rendered: %s\n", d.DropReason, d.Body)
			continue
		case d.Err != nil:
			fmt.Fprintf(&b, "  ERROR: %v\n", d.Err)
		default:
			fmt.Fprintf(&b, "  status %d", d.StatusCode)
			if d.Retryable {
				b.WriteString(" (EventBridge would retry)")
			}
			b.WriteByte('\n')
		}
		keys := make([]string, 0, len(d.Headers))
		for k := range d.Headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := strings.Join(d.Headers[k], ", ")
			if sensitiveHeader(k) {
				v = "<redacted>"
			}
			fmt.Fprintf(&b, "  %s: %s\n", k, v)
		}
		fmt.Fprintf(&b, "  body: %s\n", d.Body)
	}
	return b.String()
}

func sensitiveHeader(k string) bool {
	switch http.CanonicalHeaderKey(k) {
	case "Content-Type", "User-Agent", "Range", "Accept-Encoding", "Connection":
		return false
	}
	return true
}
