package signin

import (
	"fmt"
	"math"
)

// Delivery defaults: EventBridge retries 429 and 5xx answers with back-off,
// here for as long as the service allows, before the event goes to the
// dead-letter queue. Rate limits depend on the destination (Kind.DefaultRateLimit).
const (
	DefaultRetryAttempts        = 185
	DefaultMaxEventAgeSeconds   = 24 * 60 * 60
	MinMaxEventAgeSeconds       = 60
	MaxRetryAttempts            = 185
	DefaultDeadLetterRetainDays = 14
)

// ValidateDelivery checks the delivery settings of a notifier against the
// limits of EventBridge's RetryPolicy and API destinations.
func ValidateDelivery(rateLimitPerSecond, retryAttempts, maxEventAgeSeconds float64) error {
	if rateLimitPerSecond < 1 || rateLimitPerSecond != math.Trunc(rateLimitPerSecond) || rateLimitPerSecond > 300 {
		return fmt.Errorf("RateLimitPerSecond %v is invalid: use a whole number from 1 to 300 (Slack allows about 1)", rateLimitPerSecond)
	}
	if retryAttempts < 0 || retryAttempts > MaxRetryAttempts || retryAttempts != math.Trunc(retryAttempts) {
		return fmt.Errorf("RetryAttempts %v is invalid: use a whole number from 0 to %d", retryAttempts, MaxRetryAttempts)
	}
	if maxEventAgeSeconds < MinMaxEventAgeSeconds || maxEventAgeSeconds > DefaultMaxEventAgeSeconds {
		return fmt.Errorf("MaxEventAge of %v seconds is invalid: use 1 minute to 24 hours", maxEventAgeSeconds)
	}
	return nil
}

// SQSMetricDelayMinutes is how late the first datapoints of an SQS queue can
// reach CloudWatch after it was idle: CloudWatch considers a queue active
// for six hours after its last API call, and an inactive queue's metrics
// can take up to 15 minutes to appear again once it is used (Amazon SQS
// Developer Guide, "Monitoring Amazon SQS queues using CloudWatch"). Both
// alarms on a queue's NumberOfMessagesSent (each new dead letter, the
// failed sign-in burst) watch queues that are idle most of the time.
const SQSMetricDelayMinutes = 15

// EvaluationPeriods is how many periods of periodMinutes an alarm on an SQS
// metric must look back over, with one datapoint to alarm, so that a period
// whose datapoint arrives SQSMetricDelayMinutes late is still evaluated:
// the delay plus the period itself. CloudWatch limits Period times
// EvaluationPeriods to one day for periods under an hour, and to seven days
// otherwise (CloudWatch API reference, PutMetricAlarm); periodMinutes is 1
// to 1,440, which keeps within both.
func EvaluationPeriods(periodMinutes int) int {
	return (SQSMetricDelayMinutes+periodMinutes-1)/periodMinutes + 1
}
