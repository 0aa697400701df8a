package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Context keys of delivery failures and secret rotation.
const (
	// KeyAlarmEmail subscribes an email address to the alarm topic the app
	// defines in every region whose alarms notify directly.
	KeyAlarmEmail = "alarmEmail"
	// KeyAlarmTopicARN uses an existing SNS topic for those alarms instead.
	KeyAlarmTopicARN = "alarmTopicArn"
	// KeySecretVersions pins the Secrets Manager version of each secret the
	// templates reference: a JSON object of secret name or ARN to version
	// id, written into cdk.context.json by `signin-notifier pin-secrets`.
	KeySecretVersions = "secretVersions"
)

// Alarms says who is told when an event could not be delivered.
type Alarms struct {
	// Email is subscribed to the alarm topic the app defines; empty for none.
	Email string
	// TopicARN is an existing topic in every alarm region, used instead of a
	// topic of the app's own; empty for none.
	TopicARN string
}

// AlarmRegions returns the regions whose dead-letter alarms publish to a
// topic directly (plan.Settings.AlarmRegions).
func (c Config) AlarmRegions() []string { return c.Settings().AlarmRegions() }

// SecretVersion returns the pinned version id of a secret, or "" when the
// reference follows AWSCURRENT.
func (c Config) SecretVersion(secret string) string { return c.SecretVersions[secret] }

// TopicARN is a parsed SNS topic ARN.
type TopicARN = plan.TopicARN

// ParseTopicARN parses arn:aws:sns:REGION:ACCOUNT:NAME (plan.ParseTopicARN).
func ParseTopicARN(arn string) (TopicARN, error) { return plan.ParseTopicARN(arn) }

// ValidateSecretVersionID accepts a Secrets Manager version id: 32 to 64
// characters (the ClientRequestToken limits), none of which may break the
// dynamic reference that carries it (':', '{', '}', whitespace).
func ValidateSecretVersionID(id string) error {
	if len(id) < 32 || len(id) > 64 || strings.ContainsAny(id, ":{}\\ \t\r\n") {
		return fmt.Errorf("is not a secret version id")
	}
	return nil
}

// parseAlarms reads alarmEmail and alarmTopicArn; readers are the regions
// whose alarms publish to the topic.
func parseAlarms(ctx map[string]any, readers []string) (Alarms, error) {
	var a Alarms
	email, err := stringValue(ctx, KeyAlarmEmail)
	if err != nil {
		return a, err
	}
	arn, err := stringValue(ctx, KeyAlarmTopicARN)
	if err != nil {
		return a, err
	}
	a.Email, a.TopicARN = strings.TrimSpace(email), strings.TrimSpace(arn)
	if a.Email != "" {
		if err := signin.ValidateEmail(a.Email); err != nil {
			return a, fmt.Errorf("context %s=%q %v: use e.g. security@example.com", KeyAlarmEmail, email, err)
		}
	}
	if a.TopicARN == "" {
		return a, nil
	}
	if a.Email != "" {
		return a, fmt.Errorf("context %s=%q and %s=%q are both set: set alarmEmail to let the app define the topic, or subscribe the address to your own topic and set only alarmTopicArn", KeyAlarmEmail, a.Email, KeyAlarmTopicARN, a.TopicARN)
	}
	t, err := ParseTopicARN(a.TopicARN)
	if err != nil {
		return a, fmt.Errorf("context %s=%q %v: use arn:aws:sns:REGION:ACCOUNT:NAME of a standard topic, or alarmEmail", KeyAlarmTopicARN, arn, err)
	}
	for _, r := range readers {
		if r != t.Region {
			return a, fmt.Errorf("context %s=%q is in %s but the alarms in %s publish to it, and an alarm can only publish to a topic in its own region: use a topic in %s, or alarmEmail", KeyAlarmTopicARN, arn, t.Region, r, strings.Join(readers, ","))
		}
	}
	return a, nil
}

// parseSecretVersions reads secretVersions: a JSON object (from cdk.json or
// cdk.context.json) or a JSON string (from -c) of secret name or ARN to
// version id. Every key must be a secret some destination reads.
func parseSecretVersions(ctx map[string]any, dests []Destination) (map[string]string, error) {
	raw := ctx[KeySecretVersions]
	if s, ok := raw.(string); ok {
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, fmt.Errorf("context %s=%q is not a JSON object: use {\"SECRET-NAME\":\"VERSION-ID\"}, or run signin-notifier pin-secrets", KeySecretVersions, s)
		}
	}
	if raw == nil {
		return nil, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("context %s=%v is not a JSON object: use {\"SECRET-NAME\":\"VERSION-ID\"}, or run signin-notifier pin-secrets", KeySecretVersions, raw)
	}
	var read []string
	for _, d := range dests {
		for _, s := range []string{d.Secret, d.AuthSecret} {
			if s != "" {
				read = append(read, s)
			}
		}
	}
	out := map[string]string{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, ok := m[k].(string)
		if !ok {
			return nil, fmt.Errorf("context %s[%q]=%v is not a string: use the version id Secrets Manager shows, e.g. 00000000-0000-0000-0000-000000000000", KeySecretVersions, k, m[k])
		}
		if !slices.Contains(read, k) {
			return nil, fmt.Errorf("context %s names secret %q, which no destination reads (they read %s): remove it, or spell it as the destination's secret key does", KeySecretVersions, k, strings.Join(read, ", "))
		}
		if err := ValidateSecretVersionID(v); err != nil {
			return nil, fmt.Errorf("context %s[%q]=%q %v: use the VersionId of its AWSCURRENT version (32 to 64 characters), or run signin-notifier pin-secrets", KeySecretVersions, k, v, err)
		}
		out[k] = v
	}
	return out, nil
}
