package config

import (
	"slices"
	"strings"
	"testing"
)

// catalog mirrors a slice of aws-cdk-go's region-info: default regions, an
// opt-in region and a region of another partition.
var catalog = []Region{
	{Name: "ap-southeast-4", Partition: "aws", OptIn: true},
	{Name: "cn-north-1", Partition: "aws-cn"},
	{Name: "eu-west-1", Partition: "aws"},
	{Name: "us-east-1", Partition: "aws"},
	{Name: "us-east-2", Partition: "aws"},
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(nil, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"eu-west-1", "us-east-1", "us-east-2"}; !slices.Equal(c.Regions, want) {
		t.Errorf("Regions = %v, want %v (non-opt-in aws regions in catalog order)", c.Regions, want)
	}
	if c.HomeRegion != "us-east-1" || c.Topology != TopologyHub || c.SlackWebhookSecret != DefaultSlackWebhookSecret || c.SlackWebhookURL != "" {
		t.Errorf("defaults not applied: %+v", c)
	}
	if got := c.NotifierRegions(); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("NotifierRegions = %v, want [us-east-1]", got)
	}
}

func TestParseOverrides(t *testing.T) {
	c, err := Parse(map[string]any{
		KeyRegions:     " eu-west-1 , ap-southeast-4",
		KeyHomeRegion:  "eu-west-1",
		KeyTopology:    "direct",
		KeyAccountName: "Prod (EU)",
	}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Regions, []string{"eu-west-1", "ap-southeast-4"}) {
		t.Errorf("Regions = %v: listed opt-in regions are allowed, order kept", c.Regions)
	}
	if c.Topology != TopologyDirect || c.AccountName != "Prod (EU)" {
		t.Errorf("overrides not honoured: %+v", c)
	}
	if got := c.NotifierRegions(); !slices.Equal(got, c.Regions) {
		t.Errorf("direct NotifierRegions = %v, want every region", got)
	}
}

func TestParseRegionsFromCdkJSONArray(t *testing.T) {
	c, err := Parse(map[string]any{KeyRegions: []any{"us-east-1", "us-east-2"}}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Regions, []string{"us-east-1", "us-east-2"}) {
		t.Errorf("Regions = %v", c.Regions)
	}
}

func TestParseWebhookURLWinsOverSecret(t *testing.T) {
	url := "https://hooks.slack.com/services/T000/B000/XXXX"
	c, err := Parse(map[string]any{KeySlackWebhookURL: url, KeySlackWebhookSecret: "arn:not-checked"}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if c.SlackWebhookURL != url || c.SlackWebhookSecret != "" {
		t.Errorf("url should win over the secret: %+v", c)
	}
}

func TestParseSecretARN(t *testing.T) {
	arn := "arn:aws:secretsmanager:us-east-1:111122223333:secret:team/slack-AbCdEf"
	c, err := Parse(map[string]any{KeySlackWebhookSecret: arn}, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if c.SlackWebhookSecret != arn {
		t.Errorf("SlackWebhookSecret = %q", c.SlackWebhookSecret)
	}
}

func TestSwitchEventsIn(t *testing.T) {
	with := Config{Regions: []string{"us-east-1", "eu-west-1"}}
	without := Config{Regions: []string{"eu-west-1", "us-east-2"}}
	cases := []struct {
		cfg    Config
		region string
		want   bool
	}{
		{with, "us-east-1", true},
		{with, "eu-west-1", false},
		{without, "eu-west-1", true},
		{without, "us-east-2", true},
	}
	for _, tc := range cases {
		if got := tc.cfg.SwitchEventsIn(tc.region); got != tc.want {
			t.Errorf("regions %v: SwitchEventsIn(%s) = %v, want %v", tc.cfg.Regions, tc.region, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		ctx  map[string]any
		want []string // substrings: key, bad value, fix
	}{
		{"unknown region", map[string]any{KeyRegions: "us-east-1,eu-west-9"}, []string{"regions=", `"eu-west-9"`, "use default"}},
		{"duplicate region", map[string]any{KeyRegions: "us-east-1,us-east-1"}, []string{"regions=", `"us-east-1" twice`, "list each region once"}},
		{"empty region list", map[string]any{KeyRegions: " "}, []string{"regions=", "is empty", "use default"}},
		{"explicitly empty regions", map[string]any{KeyRegions: ""}, []string{`regions=""`, "is empty", "use default"}},
		{"empty entry", map[string]any{KeyRegions: "us-east-1,,eu-west-1"}, []string{"regions=", "empty entry", "remove the extra comma"}},
		{"empty json list", map[string]any{KeyRegions: []any{}}, []string{"regions=[]", "is empty"}},
		{"other partition", map[string]any{KeyRegions: "us-east-1,cn-north-1"}, []string{"regions=", `"cn-north-1"`, "aws partition only"}},
		{"home not deployed", map[string]any{KeyRegions: "eu-west-1", KeyHomeRegion: "us-east-1"}, []string{`homeRegion="us-east-1"`, "not among regions (eu-west-1)", "add it to regions"}},
		{"home unknown", map[string]any{KeyHomeRegion: "mars-1"}, []string{`homeRegion="mars-1"`, "not an aws region"}},
		{"unknown topology", map[string]any{KeyTopology: "mesh"}, []string{`topology="mesh"`, "use hub", "or direct"}},
		{"not slack url", map[string]any{KeySlackWebhookURL: "https://example.com/hook"}, []string{"slackWebhookUrl", "https://example.com/hook", "https://hooks.slack.com/services/"}},
		{"http slack url", map[string]any{KeySlackWebhookURL: "http://hooks.slack.com/services/T/B/X"}, []string{"slackWebhookUrl", "http://hooks.slack.com/services/...", "not a Slack incoming-webhook url"}},
		{"malformed arn", map[string]any{KeySlackWebhookSecret: "arn:aws:secretsmanager:us-east-1:123:secret:x"}, []string{"slackWebhookSecret=", "arn:aws:secretsmanager:us-east-1:123:secret:x", "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME"}},
		{"arn in another region", map[string]any{KeySlackWebhookSecret: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-AbCdEf"}, []string{"slackWebhookSecret=", "is in eu-west-1", "us-east-1 reads it", "use the secret name"}},
		{"bad secret name", map[string]any{KeySlackWebhookSecret: "my secret!"}, []string{"slackWebhookSecret=", `"my secret!"`, "letters, digits"}},
		{"long account name", map[string]any{KeyAccountName: strings.Repeat("x", 65)}, []string{"accountName", "65 characters", "at most 64"}},
		{"non-string value", map[string]any{KeyTopology: 3.0}, []string{"topology=3", "must be a string"}},
		{"typo key", map[string]any{"region": "us-east-1"}, []string{`unknown context key "region" (did you mean regions?)`, "known keys are"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.ctx, catalog)
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans several lines: %q", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "XXXX") {
				t.Errorf("error leaks the webhook secret: %q", msg)
			}
		})
	}
}

func TestRedactURLHidesSecretPath(t *testing.T) {
	got := redactURL("https://example.com/services/T000/B000/SECRET")
	if strings.Contains(got, "SECRET") || !strings.HasPrefix(got, "https://example.com/services") {
		t.Errorf("redactURL = %q", got)
	}
}
