package emulator

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/redact"
)

// Summary describes a loaded assembly, for a CLI or a test failure message.
type Summary struct {
	Account string
	Regions []RegionSummary
}

// RegionSummary is one account and region.
type RegionSummary struct {
	Account string
	Region  string
	Stacks  []string
	Buses   []BusSummary
}

// BusSummary is one event bus and its rules.
type BusSummary struct {
	Name  string
	ARN   string
	Stack string // "" for a default bus or a bus no stack defines
	Rules []RuleSummary
}

// RuleSummary is one rule.
type RuleSummary struct {
	LogicalID string
	Path      string
	Name      string
	Enabled   bool
	Pattern   string // "" for a scheduled rule
	Schedule  string
	Targets   []TargetSummary
}

// TargetSummary is one target. Detail never contains a secret: endpoints
// that come from a dynamic reference are shown as that reference.
type TargetSummary struct {
	ID     string
	Kind   string // "event-bus", "api-destination" or the ARN's service
	ARN    string
	Detail string
	// Input is the target's Input, InputPath or InputTransformer's
	// InputTemplate as the template writes it; "" for the whole event.
	Input string
	// DeadLetter is the target's dead-letter queue (see Step.DeadLetter).
	DeadLetter string
}

// Describe summarizes the regions, buses, rules and targets of the assembly.
func (a *Assembly) Describe() Summary {
	sum := Summary{Account: a.account}
	regions := map[[2]string]*RegionSummary{}
	for _, s := range a.stacks {
		k := [2]string{s.account, s.region}
		if regions[k] == nil {
			regions[k] = &RegionSummary{Account: s.account, Region: s.region}
		}
		regions[k].Stacks = append(regions[k].Stacks, s.name)
	}
	keys := make([]busKey, 0, len(a.buses))
	for k := range a.buses {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].account != keys[j].account {
			return keys[i].account < keys[j].account
		}
		if keys[i].region != keys[j].region {
			return keys[i].region < keys[j].region
		}
		return keys[i].name < keys[j].name
	})
	for _, k := range keys {
		b := a.buses[k]
		rs := regions[[2]string{k.account, k.region}]
		if rs == nil {
			continue
		}
		bs := BusSummary{Name: k.name, ARN: b.arn, Stack: b.stack}
		for _, r := range b.rules {
			rsum := RuleSummary{LogicalID: r.logicalID, Path: r.path, Name: r.name, Enabled: r.enabled, Schedule: r.schedule}
			if r.pattern != nil {
				rsum.Pattern = r.pattern.String()
			}
			for _, t := range r.targets {
				rsum.Targets = append(rsum.Targets, a.describeTarget(t))
			}
			bs.Rules = append(bs.Rules, rsum)
		}
		rs.Buses = append(rs.Buses, bs)
	}
	for _, rs := range regions {
		sum.Regions = append(sum.Regions, *rs)
	}
	sort.Slice(sum.Regions, func(i, j int) bool {
		if sum.Regions[i].Account != sum.Regions[j].Account {
			return sum.Regions[i].Account < sum.Regions[j].Account
		}
		return sum.Regions[i].Region < sum.Regions[j].Region
	})
	return sum
}

func (a *Assembly) describeTarget(t *target) TargetSummary {
	ts := TargetSummary{ID: t.id, ARN: t.arn, Input: t.inputText}
	switch t.kind {
	case targetBus:
		ts.Kind, ts.Detail = "event-bus", "forward to "+t.bus.String()
	case targetAPIDestination:
		ts.Kind = "api-destination"
		ep := t.dest.endpointSource
		if ep == t.dest.endpoint {
			ep = redact.URL(ep)
		}
		ts.Detail = fmt.Sprintf("%s %s via %s (%s, rate %d/s), input: %s", t.dest.method, ep, t.dest.conn.logicalID, t.dest.conn.authType, t.dest.rate, t.inputDesc)
	case targetQueue:
		ts.Kind, ts.Detail = "sqs", "send to queue "+a.queueLabel(t.arn)+" (the emulator follows it no further)"
	default:
		p, _ := parseARN(t.arn)
		ts.Kind, ts.Detail = p.service, "not delivered by the emulator"
	}
	if t.dlqArn != "" {
		ts.DeadLetter = a.queueLabel(t.dlqArn)
		ts.Detail += ", if delivery fails: dead-letter queue " + ts.DeadLetter
	}
	if t.retry != "" {
		ts.Detail += ", " + t.retry
	}
	return ts
}

// String renders the summary as an indented outline.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "account %s\n", s.Account)
	for _, r := range s.Regions {
		fmt.Fprintf(&b, "%s/%s: stacks %s\n", r.Account, r.Region, strings.Join(r.Stacks, ", "))
		for _, bus := range r.Buses {
			fmt.Fprintf(&b, "  bus %s\n", bus.Name)
			for _, ru := range bus.Rules {
				state := "ENABLED"
				if !ru.Enabled {
					state = "DISABLED"
				}
				fmt.Fprintf(&b, "    rule %s [%s] %s\n", ru.LogicalID, state, ru.Path)
				if ru.Pattern != "" {
					fmt.Fprintf(&b, "      pattern %s\n", ru.Pattern)
				} else {
					fmt.Fprintf(&b, "      schedule %s\n", ru.Schedule)
				}
				for _, t := range ru.Targets {
					fmt.Fprintf(&b, "      target %s (%s): %s\n", t.ID, t.Kind, t.Detail)
				}
			}
		}
	}
	return b.String()
}

// Warnings lists problems that do not stop loading, such as an API
// destination target without a RoleArn.
func (a *Assembly) Warnings() []string { return append([]string(nil), a.warnings...) }

// AccountID is the account Put delivers into.
func (a *Assembly) AccountID() string { return a.account }

// Regions lists the regions that have at least one stack, sorted.
func (a *Assembly) Regions() []string {
	regions := map[string]bool{}
	for _, s := range a.stacks {
		regions[s.region] = true
	}
	return slices.Sorted(maps.Keys(regions))
}
