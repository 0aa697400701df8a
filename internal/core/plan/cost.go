package plan

import (
	"fmt"
	"sort"
	"strings"
)

// Idle cost of a plan, from the list prices of us-east-1 (other regions may
// differ). Prices in millionths of a dollar a month.
//
// Sources (AWS pricing pages as stored for this change):
//   - aws.amazon.com/kms/pricing: a customer managed key costs $1.00 a month;
//     with automatic rotation the first and the second rotation of its key
//     material each add $1.00 a month, later rotations add nothing (since
//     the April 2024 change), so a rotated key costs $2.00 from its first
//     birthday and $3.00 from its second.
//   - aws.amazon.com/cloudwatch/pricing: alarms are billed per alarm metric,
//     $0.10 a month at standard resolution (a metric-math alarm is billed
//     for each metric it reads). The free tier's 10 alarm metrics are not
//     subtracted: the account's other alarms may use them.
//   - aws.amazon.com/eventbridge/pricing: custom events (a heartbeat put by
//     the schedule) $1.00 per million; events of AWS services free. The
//     forward of a heartbeat to the signin-notifier bus is counted here as
//     one more event at $1.00 per million, an upper bound (the AWS price
//     list has cross-account deliveries of custom events at $0.05 per
//     million). EventBridge Scheduler: the first 14 million invocations a
//     month are free (AWS price list, "$0 for the first 14 million
//     scheduled invocations"), then $1.00 per million.
//   - Secrets Manager (aws.amazon.com/secrets-manager/pricing): $0.40 a
//     month per secret you create for a destination, not counted here (the
//     app reads it, you create it); the secret EventBridge keeps for each
//     connection is included in the API destination charge (Secrets Manager
//     user guide, "How Amazon EventBridge uses AWS Secrets Manager").
//   - SQS, SNS, rules, roles, schedules: nothing while idle.
const (
	PriceKMSKeyMicro          = 1_000_000
	PriceKMSRotationMicro     = 1_000_000
	PriceKMSRotationsBilled   = 2
	PriceAlarmMetricMicro     = 100_000
	PriceCustomEventPerMicro  = 1 // $1.00 per million events: 1 micro-dollar each
	HoursPerMonth             = 730
	SchedulerFreeInvocations  = 14_000_000
	PriceSchedulerInvokeMicro = 1 // $1.00 per million beyond the free tier
)

// CostItem is one line of the idle cost.
type CostItem struct {
	What  string
	Count int
	// MonthlyMicro is the item's monthly cost in millionths of a dollar.
	MonthlyMicro int64
}

// Cost is the idle monthly cost of a plan's resources in the deploying
// account (the hub account), in its first year.
type Cost struct {
	Items []CostItem
	// KMSKeys is the number of customer managed keys, each $1.00 a month more
	// after each of its first two yearly rotations.
	KMSKeys int
	// MemberAccountRegionMicro is what each member account-region of an
	// Organization costs a month (its heartbeats); 0 without one.
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
	return c.TotalMicro() + int64(c.KMSKeys*PriceKMSRotationsBilled*PriceKMSRotationMicro)
}

// Dollars formats millionths of a dollar as dollars and cents, rounded.
func Dollars(micro int64) string {
	cents := (micro + 5_000) / 10_000
	return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
}

// heartbeatEventsPerMonth is how many heartbeats one sender puts a month.
func heartbeatEventsPerMonth(minutes int) int64 {
	return int64(HoursPerMonth * 60 / minutes)
}

// Costs returns the idle cost of plan: its alarms, keys and heartbeats.
func Costs(plan []StackPlan) Cost {
	var c Cost
	alarms := map[string]int{}
	var senders, heartbeatMinutes int
	for _, s := range plan {
		if a := s.Alarms; a != nil {
			if a.TopicARN == "" {
				c.KMSKeys++
			}
			if a.PublishForwarded {
				alarms["dead-letter alarm of the AlarmPublisher"]++
			}
		}
		if (s.Forward != nil || s.Notifier != nil) && s.AlarmRoute != nil && !s.AlarmRoute.None {
			alarms["dead-letter alarm of a stack with rules"]++
		}
		if s.Bus != "" && s.Burst.On() {
			alarms["failed sign-in burst alarm"]++
		}
		if w := s.HeartbeatWatch; s.Bus != "" && w != nil {
			alarms["heartbeat alarm"]++
			if w.Members {
				alarms["member heartbeat alarm"]++
			}
		}
		if f := s.Forward; f != nil && f.HeartbeatMinutes > 0 {
			senders++
			heartbeatMinutes = f.HeartbeatMinutes
		}
		for _, set := range s.StackSets {
			if f := set.Spoke.Forward; f != nil && f.HeartbeatMinutes > 0 {
				// put on the member's bus, forwarded to the hub: billed to
				// the member account.
				c.MemberAccountRegionMicro = 2 * heartbeatEventsPerMonth(f.HeartbeatMinutes) * PriceCustomEventPerMicro
			}
		}
	}
	if c.KMSKeys > 0 {
		c.Items = append(c.Items, CostItem{What: "alarm topic KMS key", Count: c.KMSKeys, MonthlyMicro: int64(c.KMSKeys * PriceKMSKeyMicro)})
	}
	names := make([]string, 0, len(alarms))
	for n := range alarms {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.Items = append(c.Items, CostItem{What: n, Count: alarms[n], MonthlyMicro: int64(alarms[n] * PriceAlarmMetricMicro)})
	}
	if senders > 0 {
		events := int64(senders) * heartbeatEventsPerMonth(heartbeatMinutes)
		var scheduler int64
		if events > SchedulerFreeInvocations {
			scheduler = (events - SchedulerFreeInvocations) * PriceSchedulerInvokeMicro
		}
		c.Items = append(c.Items, CostItem{What: "heartbeat events (put and forwarded) and schedules", Count: senders,
			MonthlyMicro: 2*events*PriceCustomEventPerMicro + scheduler})
	}
	return c
}

// String is the cost as a table, one line per item, then the totals.
func (c Cost) String() string {
	var b strings.Builder
	for _, it := range c.Items {
		fmt.Fprintf(&b, "%-55s %3d  %s\n", it.What, it.Count, Dollars(it.MonthlyMicro))
	}
	fmt.Fprintf(&b, "total a month, first year: %s; with every key rotated twice: %s", Dollars(c.TotalMicro()), Dollars(c.SteadyMicro()))
	if c.MemberAccountRegionMicro > 0 {
		fmt.Fprintf(&b, "; each member account-region: %s", Dollars(c.MemberAccountRegionMicro))
	}
	return b.String()
}
