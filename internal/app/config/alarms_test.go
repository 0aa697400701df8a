package config

import (
	"strings"
	"testing"
)

func TestAlarmKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  map[string]any
		want Alarms
	}{
		{"none", nil, Alarms{}},
		{"email", map[string]any{KeyAlarmEmail: " security@example.com "}, Alarms{Email: "security@example.com"}},
		{"topic in the home region", map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyAlarmTopicARN: "arn:aws:sns:us-east-1:123456789012:alerts"},
			Alarms{TopicARN: "arn:aws:sns:us-east-1:123456789012:alerts"}},
		{"direct topology with one region", map[string]any{KeyRegions: "eu-west-1", KeyTopology: "direct", KeyAlarmTopicARN: "arn:aws:sns:eu-west-1:123456789012:alerts"},
			Alarms{TopicARN: "arn:aws:sns:eu-west-1:123456789012:alerts"}},
	} {
		c, err := Parse(tc.ctx, catalog)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if c.Alarms != tc.want {
			t.Errorf("%s: Alarms = %+v, want %+v", tc.name, c.Alarms, tc.want)
		}
	}
}

func TestSecretVersions(t *testing.T) {
	const v1 = "a1b2c3d4-0000-4000-8000-000000000001"
	for _, raw := range []any{
		map[string]any{DefaultSlackWebhookSecret: v1},        // cdk.json / cdk.context.json
		`{"` + DefaultSlackWebhookSecret + `":"` + v1 + `"}`, // -c secretVersions='{...}'
	} {
		c, err := Parse(map[string]any{KeySecretVersions: raw}, catalog)
		if err != nil {
			t.Fatalf("%v: %v", raw, err)
		}
		if got := c.SecretVersion(DefaultSlackWebhookSecret); got != v1 {
			t.Errorf("%v: SecretVersion = %q, want %q", raw, got, v1)
		}
		if got := c.SecretVersion("other"); got != "" {
			t.Errorf("unpinned secret has version %q", got)
		}
	}
}

func TestBadDeliveryContext(t *testing.T) {
	const v1 = "a1b2c3d4-0000-4000-8000-000000000001"
	for _, tc := range []struct {
		ctx  map[string]any
		want string
	}{
		{map[string]any{KeyAlarmEmail: "x"}, `context alarmEmail="x" is not an email address: use e.g. security@example.com`},
		{map[string]any{KeyAlarmEmail: "Sec <sec@example.com>"}, `context alarmEmail="Sec <sec@example.com>" is not an email address`},
		{map[string]any{KeyAlarmEmail: "sec@localhost"}, `is not an email address`},
		{map[string]any{KeyAlarmEmail: []any{"a@example.com"}}, `context alarmEmail=[a@example.com] must be a string`},
		{map[string]any{KeyAlarmTopicARN: "alerts"}, `context alarmTopicArn="alerts" is not an SNS topic ARN: use arn:aws:sns:REGION:ACCOUNT:NAME`},
		{map[string]any{KeyAlarmTopicARN: "arn:aws:sqs:us-east-1:123456789012:alerts"}, `is not an SNS topic ARN`},
		{map[string]any{KeyAlarmTopicARN: "arn:aws:sns:us-east-1:123456789012:alerts.fifo"}, `is not an SNS topic ARN`},
		{map[string]any{KeyAlarmTopicARN: "arn:aws:sns:eu-west-1:123456789012:alerts"},
			`context alarmTopicArn="arn:aws:sns:eu-west-1:123456789012:alerts" is in eu-west-1 but the alarms in us-east-1 publish to it, and an alarm can only publish to a topic in its own region: use a topic in us-east-1, or alarmEmail`},
		{map[string]any{KeyRegions: "us-east-1,eu-west-1", KeyTopology: "direct", KeyAlarmTopicARN: "arn:aws:sns:us-east-1:123456789012:alerts"},
			`is in us-east-1 but the alarms in eu-west-1 publish to it`},
		{map[string]any{KeyAlarmEmail: "a@example.com", KeyAlarmTopicARN: "arn:aws:sns:us-east-1:123456789012:alerts"}, `are both set`},
		{map[string]any{KeySecretVersions: "v1"}, `context secretVersions="v1" is not a JSON object`},
		{map[string]any{KeySecretVersions: []any{"v1"}}, `context secretVersions=[v1] is not a JSON object`},
		{map[string]any{KeySecretVersions: map[string]any{"other": v1}}, `context secretVersions names secret "other", which no destination reads (they read signin-notifier/slack-webhook-url)`},
		{map[string]any{KeySecretVersions: map[string]any{DefaultSlackWebhookSecret: "AWSCURRENT"}},
			`context secretVersions["signin-notifier/slack-webhook-url"]="AWSCURRENT" is not a secret version id: use the VersionId of its AWSCURRENT version`},
		{map[string]any{KeySecretVersions: map[string]any{DefaultSlackWebhookSecret: v1 + ":x"}}, `is not a secret version id`},
		{map[string]any{KeySecretVersions: map[string]any{DefaultSlackWebhookSecret: 7}}, `is not a string`},
	} {
		_, err := Parse(tc.ctx, catalog)
		if err == nil {
			t.Errorf("%v: no error, want %q", tc.ctx, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v:\n got %q\nwant %q on one line", tc.ctx, err, tc.want)
		}
	}
}

func TestValidators(t *testing.T) {
	got, err := ParseTopicARN("arn:aws:sns:ap-southeast-2:123456789012:signin-notifier-alarms")
	if want := (TopicARN{Region: "ap-southeast-2", Account: "123456789012", Name: "signin-notifier-alarms"}); err != nil || got != want {
		t.Errorf("ParseTopicARN = %+v, %v; want %+v", got, err, want)
	}
	for _, ok := range []string{"EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE", strings.Repeat("a", 64)} {
		if err := ValidateSecretVersionID(ok); err != nil {
			t.Errorf("ValidateSecretVersionID(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "AWSCURRENT", strings.Repeat("a", 31), strings.Repeat("a", 65), strings.Repeat("a", 31) + "}", strings.Repeat("a", 31) + " "} {
		if ValidateSecretVersionID(bad) == nil {
			t.Errorf("ValidateSecretVersionID(%q) accepted", bad)
		}
	}
}
