package plan

import (
	"fmt"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// The heartbeat. Every deployed account-region (each regional stack, and
// with an Organization each member account's StackSet spoke) has an
// EventBridge Scheduler schedule that puts a heartbeat on its own default bus
// every HeartbeatMinutes. The region's sign-in forward rule carries it, with
// its role, to the signin-notifier bus like a sign-in. There a counting rule
// sends it to a queue nobody reads, and a CloudWatch alarm on the queue's
// AWS-vended NumberOfMessagesSent tells the alarm topic when fewer arrive
// than expected.
//
// CloudWatch evaluates an alarm every minute over its latest period, even
// when that period is longer than a minute (CloudWatch user guide, "Limits"
// of alarms, alarm-limits.html: "When CloudWatch evaluates an alarm, it
// does so every minute, even if the period for the alarm is longer than one
// minute"), so the window slides and a
// heartbeat delayed across a minute boundary moves in or out of it. The
// alarm therefore looks at two heartbeat periods, in which every live sender
// has put two heartbeats (one at the edge), and fires only when the sum is
// short by two: a sender that has missed two heartbeats, i.e. quiet for two
// periods since its last heartbeat (plus CloudWatch's few minutes), while a
// single late or lost heartbeat does not page anyone.
const (
	DefaultHeartbeatMinutes = 60
	// MinHeartbeatMinutes and MaxHeartbeatMinutes bound the period: the
	// alarm's period is twice the heartbeat's, at most one day.
	MinHeartbeatMinutes = 15
	MaxHeartbeatMinutes = 720
)

// CheckHeartbeatMinutes returns nil when minutes is a heartbeat period the
// plan accepts (0 is off).
func CheckHeartbeatMinutes(minutes int) error {
	if minutes == 0 || (minutes >= MinHeartbeatMinutes && minutes <= MaxHeartbeatMinutes) {
		return nil
	}
	return fmt.Errorf("must be from %dm to %dh (the alarm looks back two periods, at most a day)", MinHeartbeatMinutes, MaxHeartbeatMinutes/60)
}

// HeartbeatWatchPlan is the heartbeat count and alarm beside one
// signin-notifier bus.
type HeartbeatWatchPlan struct {
	PeriodMinutes int
	// Senders is the number of the deployment's regional stacks whose
	// heartbeats reach this bus: every region for the hub, the region
	// itself for topology direct.
	Senders int
	// Members adds the count and the alarm of the member accounts'
	// heartbeats (organization): their number is not known at synth, so
	// that alarm fires when none arrives for two periods; doctor names a
	// single member account-region that went quiet.
	Members bool
}

func (c Settings) heartbeatWatch(senders int) *HeartbeatWatchPlan {
	if c.HeartbeatMinutes == 0 {
		return nil
	}
	return &HeartbeatWatchPlan{PeriodMinutes: c.HeartbeatMinutes, Senders: senders, Members: c.Organization != nil}
}

// AlarmPeriodMinutes is the period of the heartbeat alarms: two heartbeat
// periods.
func (w HeartbeatWatchPlan) AlarmPeriodMinutes() int { return 2 * w.PeriodMinutes }

// Threshold is the sum of heartbeats under which the alarm of the regional
// stacks fires: two per sender in two periods, less the one a single late
// or lost heartbeat costs.
func (w HeartbeatWatchPlan) Threshold() int { return 2*w.Senders - 1 }

// CountPatterns are the patterns of the counting rules on the bus.
func (w HeartbeatWatchPlan) CountPatterns() []signin.Pattern {
	out := []signin.Pattern{signin.HeartbeatCountPattern(signin.HeartbeatFromStack)}
	if w.Members {
		out = append(out, signin.HeartbeatCountPattern(signin.HeartbeatFromMember))
	}
	return out
}
