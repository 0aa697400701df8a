package emulator

import (
	"fmt"
	"slices"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

// arrival is the event reaching a bus.
type arrival struct {
	bus     busKey
	hop     int
	path    []busKey
	crossed bool // the event has crossed an account boundary
}

// Put puts an EventBridge event (an envelope with "source", "detail-type",
// "region" and usually "detail") on the default bus of Options.AccountID in
// the event's region and follows it through every matching rule. A region
// with no stack is not an error: the trace says so and nothing is delivered.
func (a *Assembly) Put(event []byte) (*Trace, error) {
	ev, region, err := parseEnvelope(event)
	if err != nil {
		return nil, err
	}
	return a.route(ev, event, busKey{a.account, region, "default"}), nil
}

// PutOnBus puts an event directly on the bus with the given ARN, as PutEvents
// with EventBusName would.
func (a *Assembly) PutOnBus(event []byte, busARN string) (*Trace, error) {
	ev, k, err := parseForBus(event, busARN)
	if err != nil {
		return nil, err
	}
	return a.route(ev, event, k), nil
}

// parseForBus parses an event put directly on the bus with the given ARN.
func parseForBus(event []byte, busARN string) (*eventbridge.Event, busKey, error) {
	ev, _, err := parseEnvelope(event)
	if err != nil {
		return nil, busKey{}, err
	}
	k, ok := busFromARN(busARN)
	if !ok {
		return nil, busKey{}, fmt.Errorf("%q is not an event bus ARN such as arn:aws:events:us-east-1:111111111111:event-bus/default", busARN)
	}
	return ev, k, nil
}

func parseEnvelope(event []byte) (*eventbridge.Event, string, error) {
	ev, err := eventbridge.ParseEvent(event)
	if err != nil {
		return nil, "", err
	}
	for _, f := range []string{"source", "detail-type", "region"} {
		if v, ok := ev.StringField(f); !ok || v == "" {
			return nil, "", fmt.Errorf("event has no %q string: put a full EventBridge envelope (source, detail-type, region, account, time, detail)", f)
		}
	}
	if ev.HasField("detail") && !ev.HasObjectField("detail") {
		return nil, "", fmt.Errorf("event \"detail\" must be a JSON object")
	}
	region, _ := ev.StringField("region")
	return ev, region, nil
}

func (a *Assembly) route(ev *eventbridge.Event, raw []byte, start busKey) *Trace {
	t := &Trace{Event: append([]byte(nil), raw...)}
	queue := []arrival{{bus: start, path: []busKey{start}}}
	for len(queue) > 0 {
		ar := queue[0]
		queue = queue[1:]
		b := a.buses[ar.bus]
		st := Step{Kind: StepArrived, Hop: ar.hop, Account: ar.bus.account, Region: ar.bus.region, Bus: ar.bus.name}
		switch {
		case !a.hasRegion(ar.bus.account, ar.bus.region):
			st.Note = "no stack is deployed in this account and region, so no rule can match"
		case b == nil:
			st.Note = "the bus is not defined in the cloud assembly"
		case len(b.rules) == 0:
			st.Note = "no rules on this bus"
		}
		t.Steps = append(t.Steps, st)
		if b == nil {
			continue
		}
		for _, r := range b.rules {
			if r.pattern == nil || !r.pattern.MatchEvent(ev) {
				continue
			}
			rs := st
			rs.Stack, rs.RuleLogicalID, rs.RulePath, rs.Note = r.stack, r.logicalID, r.path, ""
			if !r.enabled {
				rs.Kind, rs.Note = StepDisabled, "the rule matches but its State is DISABLED"
				t.Steps = append(t.Steps, rs)
				continue
			}
			if !r.readOnlyEvents && readOnlyManagementEvent(ev) {
				rs.Kind, rs.Note = StepDisabled, "the rule matches, but this is a read-only management event delivered through CloudTrail and the rule's State is ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
				t.Steps = append(t.Steps, rs)
				continue
			}
			rs.Kind = StepMatched
			t.Steps = append(t.Steps, rs)
			for _, tg := range r.targets {
				ts := rs
				ts.TargetID, ts.Target, ts.To = tg.id, tg.arn, tg.arn
				if tg.dlqArn != "" {
					ts.DeadLetter = a.queueLabel(tg.dlqArn)
				}
				switch tg.kind {
				case targetBus:
					next, kind, note := a.forward(ar, tg.bus)
					ts.Kind, ts.To, ts.Note = kind, "bus "+tg.bus.String(), note
					if next != nil {
						queue = append(queue, *next)
					}
				case targetAPIDestination:
					ts.To = "API destination " + label(tg.dest.stack, tg.dest.logicalID, tg.dest.path)
					d := a.deliver(ev, ar, r, tg)
					switch {
					case d.Dropped:
						ts.Kind, ts.Note = StepDropped, d.DropReason
					case d.Err != nil:
						ts.Kind, ts.Note = StepFailed, d.Err.Error()
					default:
						ts.Kind, ts.Note = StepDelivered, fmt.Sprintf("HTTP %d", d.StatusCode)
					}
					t.Deliveries = append(t.Deliveries, d)
				case targetQueue:
					ts.Kind, ts.To, ts.Note = StepQueued, "queue "+a.queueLabel(tg.arn), "the emulator follows the event no further"
				default:
					ts.Kind, ts.Note = StepUnsupported, "the emulator delivers only to event buses and API destinations, and follows a queue no further"
				}
				t.Steps = append(t.Steps, ts)
			}
		}
	}
	return t
}

// readOnlyManagementEvent reports whether ev is a read-only management
// event delivered through CloudTrail: a rule in state ENABLED does not match
// those ("Receiving read-only management events from AWS services",
// EventBridge User Guide). The documentation adds that some read-only events
// whose names do not start with Describe, Get or List may arrive anyway; the
// emulator takes the documented rule at its word, so a rule that needs such
// an event must use ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
func readOnlyManagementEvent(ev *eventbridge.Event) bool {
	dt, _ := ev.StringField("detail-type")
	if !strings.HasSuffix(dt, " via CloudTrail") {
		return false
	}
	ro, ok := ev.DetailBool("readOnly")
	return ok && ro
}

// forward decides whether the event goes on to bus to; it returns the next
// arrival, or nil, StepSuppressed or StepRefused (by the receiving bus's
// policy, for another account) and the reason.
func (a *Assembly) forward(ar arrival, to busKey) (*arrival, StepKind, string) {
	switch {
	case slices.Contains(ar.path, to):
		return nil, StepSuppressed, fmt.Sprintf("bus %s is already on this event's path (loop)", to)
	case ar.hop+1 > a.opts.MaxHops:
		return nil, StepSuppressed, fmt.Sprintf("more than %d bus-to-bus hops", a.opts.MaxHops)
	case ar.crossed && to.account != ar.bus.account:
		return nil, StepSuppressed, "an event received from another account is not sent on to a third account"
	}
	note := ""
	if to.account != ar.bus.account {
		ok, why := a.admits(a.buses[to], ar.bus.account)
		if !ok {
			return nil, StepRefused, why
		}
		note = "from account " + ar.bus.account + ", " + why
	}
	path := append(slices.Clone(ar.path), to)
	return &arrival{bus: to, hop: ar.hop + 1, path: path, crossed: ar.crossed || to.account != ar.bus.account}, StepForwarded, note
}

func (a *Assembly) hasRegion(account, region string) bool {
	for _, s := range a.stacks {
		if s.account == account && s.region == region {
			return true
		}
	}
	return false
}
