package signin

// The heartbeat: a synthetic event every deployed account-region puts on its
// own default bus on a schedule (EventBridge Scheduler), which the region's
// sign-in forward rule carries to the signin-notifier bus exactly like a
// sign-in, where a counting rule counts it. It never reaches a notifier: no
// notifier rule matches its source.

// Heartbeat envelope. Customers cannot put events whose source starts with
// "aws." (EventBridge Scheduler's EventBridgeParameters.Source pattern
// refuses it), so the heartbeat has a source of its own, like send-test's.
const (
	HeartbeatSource     = "signin-notifier.heartbeat"
	HeartbeatDetailType = "signin-notifier heartbeat"
)

// HeartbeatSender says which kind of stack sent a heartbeat, in its detail's
// "sender" field: the hub counts the regional stacks of its own account and
// the StackSet spokes of member accounts apart (the number of the first is
// known at synth, that of the second is not).
type HeartbeatSender string

// The heartbeat senders.
const (
	// HeartbeatFromStack: a regional stack of the deployment (topologies hub
	// and direct, and the hub account of organization).
	HeartbeatFromStack HeartbeatSender = "stack"
	// HeartbeatFromMember: a StackSet spoke in a member account.
	HeartbeatFromMember HeartbeatSender = "member"
)

// HeartbeatDetail is the detail of the heartbeat a sender puts: a constant,
// as the schedule's Input.
func HeartbeatDetail(sender HeartbeatSender, periodMinutes int) map[string]any {
	return map[string]any{"heartbeat": "signin-notifier", "sender": string(sender), "periodMinutes": periodMinutes}
}

// heartbeatForwardPattern is the alternative of the sign-in forward rule
// that carries heartbeats: a heartbeat is forwarded by the very rule that
// forwards console sign-ins, with its role, to the same bus, so its arrival
// proves that rule enabled, its role allowed to put events, and the bus and
// its policy admitting them. The principal filter does not apply to it.
func heartbeatForwardPattern() Pattern {
	return Pattern{Source: []string{HeartbeatSource}, DetailType: []string{HeartbeatDetailType}}
}

// HeartbeatCountPattern matches the heartbeats of one kind of sender on the
// signin-notifier bus: the events a heartbeat counting rule counts.
func HeartbeatCountPattern(sender HeartbeatSender) Pattern {
	return Pattern{Source: []string{HeartbeatSource}, DetailType: []string{HeartbeatDetailType},
		Detail: Object{"sender": oneOf(string(sender))}}
}

// Heartbeat alarm names, fixed so that doctor finds them (alarm names are
// regional: topology direct has one per region).
const (
	HeartbeatAlarmName       = "signin-notifier-heartbeat"
	MemberHeartbeatAlarmName = "signin-notifier-heartbeat-members"
	// HeartbeatScheduleName names the schedule of a regional stack in the
	// default schedule group of its account-region.
	HeartbeatScheduleName = "signin-notifier-heartbeat"
	// MemberHeartbeatScheduleName names the schedule of a member account's
	// StackSet spoke (schedule names are unique per group, and automatic
	// deployment may put a spoke in the hub account too).
	MemberHeartbeatScheduleName = "signin-notifier-heartbeat-member"
)
