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
