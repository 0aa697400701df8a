// Package cost computes, free of CDK and jsii, what a synthesized
// signin-notifier deployment costs a month while nothing happens, from the
// resources of its templates (what synth made, not what a plan promised)
// and AWS's list prices in us-east-1 (other regions may differ).
//
// Prices, from AWS's pricing pages (checked December 2026):
//   - aws.amazon.com/kms/pricing: a customer managed key costs $1.00 a month;
//     with automatic rotation the first and the second rotation of its key
//     material each add $1.00 a month, later rotations add nothing, so a
//     rotated key costs $2.00 from its first birthday and $3.00 from its
//     second.
//   - aws.amazon.com/cloudwatch/pricing: alarms are billed per alarm metric,
//     $0.10 a month at standard resolution, $0.30 at high resolution (a
//     period under 60 s); a metric-math alarm is billed for each metric it
//     reads. The free tier's 10 alarm metrics are not subtracted: the
//     account's other alarms may use them.
//   - aws.amazon.com/eventbridge/pricing: custom events, such as a heartbeat
//     put by a schedule, $1.00 per million; events of AWS services free. The
//     forward of a heartbeat to the signin-notifier bus is counted as one
//     more event at $1.00 per million, an upper bound (cross-account
//     deliveries of custom events are listed at $0.05 per million).
//     EventBridge Scheduler: the first 14 million invocations a month are
//     free, then $1.00 per million.
//   - Secrets Manager ($0.40 a month per secret you create for a
//     destination) is not counted: you create the secret; the secret
//     EventBridge keeps for each connection is included in the API
//     destination charge (EventBridge user guide, "Connections for HTTP
//     endpoint targets").
//   - SQS queues, SNS topics, rules, roles, buses and schedules cost nothing
//     while idle.
package cost

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Prices in millionths of a dollar a month.
const (
	KMSKeyMicro          = 1_000_000
	KMSRotationMicro     = 1_000_000
	KMSRotationsBilled   = 2
	AlarmMetricMicro     = 100_000
	HighResAlarmMicro    = 300_000
	CustomEventMicro     = 1 // $1.00 per million events
	SchedulerFreePerMon  = 14_000_000
	SchedulerInvokeMicro = 1 // $1.00 per million beyond the free tier
	MinutesPerMonth      = 730 * 60
)

// Sources of the prices, for the tables the docs show.
const (
	KMSPricing         = "https://aws.amazon.com/kms/pricing/"
	CloudWatchPricing  = "https://aws.amazon.com/cloudwatch/pricing/"
	EventBridgePricing = "https://aws.amazon.com/eventbridge/pricing/"
)

// Stack is one decoded template and where it is deployed: a stack of the
// deploying account, or (Member) the spoke a StackSet puts in every member
// account and region.
type Stack struct {
	Name     string
	Template map[string]any
	Member   bool
}

// Item is one line of the cost.
type Item struct {
	What  string
	Count int
	// MonthlyMicro is the line's monthly cost in millionths of a dollar.
	MonthlyMicro int64
}

// Cost is the idle monthly cost of a deployment in the deploying account,
// in its first year, and what each member account-region of an
// Organization costs.
type Cost struct {
	Items []Item
	// KMSKeys is the number of customer managed keys: each costs $1.00 a
	// month more after each of its first two yearly rotations.
	KMSKeys int
	// MemberAccountRegionMicro is what each member account-region costs a
	// month; 0 without an Organization.
	MemberAccountRegionMicro int64
}

// TotalMicro is the first year's monthly total.
func (c Cost) TotalMicro() int64 {
	var t int64
	for _, it := range c.Items {
		t += it.MonthlyMicro
	}
	return t
}

// SteadyMicro is the monthly total once every key has had the rotations
// KMS bills.
func (c Cost) SteadyMicro() int64 {
	return c.TotalMicro() + int64(c.KMSKeys*KMSRotationsBilled*KMSRotationMicro)
}

// Dollars formats millionths of a dollar as dollars and cents, rounded.
func Dollars(micro int64) string {
	cents := (micro + 5_000) / 10_000
	return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
}

// Of returns the idle cost of stacks.
func Of(stacks []Stack) Cost {
	var c Cost
	var own usage
	for _, s := range stacks {
		if !s.Member {
			own.add(s.Template)
			continue
		}
		// each member account-region has one spoke: the dearest one
		var member usage
		member.add(s.Template)
		c.MemberAccountRegionMicro = max(c.MemberAccountRegionMicro, member.micro())
	}
	c.KMSKeys = own.keys
	if own.keys > 0 {
		c.Items = append(c.Items, Item{"KMS customer managed key (the alarm topic's)", own.keys, int64(own.keys * KMSKeyMicro)})
	}
	if own.alarmMetrics > 0 {
		c.Items = append(c.Items, Item{"CloudWatch alarm metrics", own.alarmMetrics, int64(own.alarmMetrics * AlarmMetricMicro)})
	}
	if own.highResMetrics > 0 {
		c.Items = append(c.Items, Item{"CloudWatch alarm metrics, high resolution", own.highResMetrics, int64(own.highResMetrics * HighResAlarmMicro)})
	}
	if own.schedules > 0 {
		c.Items = append(c.Items, Item{"heartbeats (put, forwarded, scheduled)", own.schedules, own.heartbeatMicro()})
	}
	return c
}

// micro is everything u costs a month.
func (u usage) micro() int64 {
	return u.heartbeatMicro() + int64(u.keys*KMSKeyMicro+u.alarmMetrics*AlarmMetricMicro+u.highResMetrics*HighResAlarmMicro)
}

// usage is what costs money in some templates.
type usage struct {
	keys, alarmMetrics, highResMetrics, schedules int
	heartbeats                                    int64 // a month, of all schedules
}

var rateRE = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

func (u *usage) add(tmpl map[string]any) {
	resources, _ := tmpl["Resources"].(map[string]any)
	for _, r := range resources {
		r, _ := r.(map[string]any)
		props, _ := r["Properties"].(map[string]any)
		switch r["Type"] {
		case "AWS::KMS::Key":
			u.keys++
		case "AWS::CloudWatch::Alarm":
			n := 1
			if metrics, ok := props["Metrics"].([]any); ok {
				n = 0
				for _, m := range metrics {
					if m, _ := m.(map[string]any); m["MetricStat"] != nil {
						n++
					}
				}
			}
			if period, _ := props["Period"].(float64); period > 0 && period < 60 {
				u.highResMetrics += n
			} else {
				u.alarmMetrics += n
			}
		case "AWS::Scheduler::Schedule":
			u.schedules++
			expr, _ := props["ScheduleExpression"].(string)
			if m := rateRE.FindStringSubmatch(expr); m != nil {
				n, _ := strconv.Atoi(m[1])
				minutes := n
				switch {
				case strings.HasPrefix(m[2], "hour"):
					minutes = n * 60
				case strings.HasPrefix(m[2], "day"):
					minutes = n * 24 * 60
				}
				if minutes > 0 {
					u.heartbeats += int64(MinutesPerMonth / minutes)
				}
			}
		}
	}
}

// heartbeatMicro is what the heartbeats cost: each is put and forwarded,
// and the scheduler's free tier covers the first 14 million.
func (u usage) heartbeatMicro() int64 {
	m := 2 * u.heartbeats * CustomEventMicro
	if u.heartbeats > SchedulerFreePerMon {
		m += (u.heartbeats - SchedulerFreePerMon) * SchedulerInvokeMicro
	}
	return m
}

// String is the cost as a text table, one line per item, then the totals.
func (c Cost) String() string {
	var b strings.Builder
	for _, it := range c.Items {
		fmt.Fprintf(&b, "%-45s %3d  %s\n", it.What, it.Count, Dollars(it.MonthlyMicro))
	}
	fmt.Fprintf(&b, "total a month, first year: %s; with every key rotated twice: %s", Dollars(c.TotalMicro()), Dollars(c.SteadyMicro()))
	if c.MemberAccountRegionMicro > 0 {
		fmt.Fprintf(&b, "; each member account-region: %s", Dollars(c.MemberAccountRegionMicro))
	}
	return b.String()
}

// Markdown is the cost as the docs show it, each price linked to its
// pricing page.
func (c Cost) Markdown() string {
	var b strings.Builder
	b.WriteString("| what | how many | per month |\n|---|---|---|\n")
	items := append([]Item(nil), c.Items...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].MonthlyMicro > items[j].MonthlyMicro })
	for _, it := range items {
		fmt.Fprintf(&b, "| %s ([prices](%s)) | %d | %s |\n", it.What, source(it.What), it.Count, Dollars(it.MonthlyMicro))
	}
	fmt.Fprintf(&b, "| **total while idle, first year** | | **%s** |\n", Dollars(c.TotalMicro()))
	if c.KMSKeys > 0 {
		fmt.Fprintf(&b, "| total once the key has had the two rotations KMS bills | | %s |\n", Dollars(c.SteadyMicro()))
	}
	if c.MemberAccountRegionMicro > 0 {
		fmt.Fprintf(&b, "| each member account and region (its heartbeats) | | %s |\n", Dollars(c.MemberAccountRegionMicro))
	}
	fmt.Fprintf(&b, "| each event forwarded from another region or account; each message posted | | $1.00 and $0.20 per million ([prices](%s)) |\n", EventBridgePricing)
	return b.String()
}

func source(what string) string {
	switch {
	case strings.HasPrefix(what, "KMS"):
		return KMSPricing
	case strings.HasPrefix(what, "CloudWatch"):
		return CloudWatchPricing
	}
	return EventBridgePricing
}
