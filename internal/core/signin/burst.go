package signin

// Failed sign-in bursts: the counting rule and the rule that reports the
// burst alarm.

// Burst configures the failed sign-in burst alarm: it fires when at least
// Threshold failed console sign-ins arrive within PeriodMinutes. The zero
// value turns it off.
type Burst struct {
	Threshold     int
	PeriodMinutes int
}

// On reports whether the burst alarm is configured.
func (b Burst) On() bool { return b.Threshold > 0 }

// BurstAlarmName is the physical name of the burst alarm in each region
// that has a signin-notifier bus (alarm names are unique per region).
const BurstAlarmName = "signin-notifier-failed-sign-in-burst"

// CloudWatch alarm state changes reach the default bus of the alarm's
// region with this source and detail-type.
const (
	SourceCloudWatch = "aws.cloudwatch"
	DetailTypeAlarm  = "CloudWatch Alarm State Change"
)

// FailedSignInCountPattern matches every failed console sign-in on the
// signin-notifier bus, whatever its identity or completeness: the events
// the burst alarm counts.
func FailedSignInCountPattern() Pattern {
	return envelope(map[string]any{
		"eventName":        oneOf(EventConsoleLogin),
		"responseElements": consoleLogin(oneOf("Failure")),
	})
}

// burstPattern matches the burst alarm entering ALARM.
func burstPattern() Pattern {
	return Pattern{Source: []string{SourceCloudWatch}, DetailType: []string{DetailTypeAlarm}, Detail: Object{
		"alarmName": oneOf(BurstAlarmName),
		"state":     map[string]any{"value": oneOf("ALARM"), "reason": nonEmpty()},
	}}
}
