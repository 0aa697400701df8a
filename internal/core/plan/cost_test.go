package plan

import (
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// defaultRegions are the 17 regions the app deploys to by default (the aws
// partition's regions that need no opt-in, aws-cdk-go 2.276).
var defaultRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

func defaultSettings(heartbeat int) Settings {
	return Settings{
		Regions: defaultRegions, HomeRegion: "us-east-1",
		Destinations:     []Destination{{Kind: signin.KindSlack}},
		Burst:            signin.Burst{Threshold: 10, PeriodMinutes: 5},
		HeartbeatMinutes: heartbeat,
	}
}

func costOf(t *testing.T, s Settings) Cost {
	t.Helper()
	rows, err := Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	return Costs(rows)
}

// TestDefaultAppCost pins the idle cost the README quotes: the default app
// (17 regions, hub, Slack) with the hourly heartbeat, and without it (the
// figure before the heartbeat replaced the spokes' dead-letter alarms).
func TestDefaultAppCost(t *testing.T) {
	after := costOf(t, defaultSettings(DefaultHeartbeatMinutes))
	if got := Dollars(after.TotalMicro()); got != "$1.52" {
		t.Errorf("default app idle cost = %s, want $1.52:\n%s", got, after)
	}
	if got := Dollars(after.SteadyMicro()); got != "$3.52" {
		t.Errorf("default app after two key rotations = %s, want $3.52", got)
	}
	want := []CostItem{
		{"alarm topic KMS key", 1, 1_000_000},
		{"dead-letter alarm of a stack with rules", 3, 300_000},
		{"failed sign-in burst alarm", 1, 100_000},
		{"heartbeat alarm", 1, 100_000},
		{"heartbeat events (put and forwarded) and schedules", 17, 24_820},
	}
	if len(after.Items) != len(want) {
		t.Fatalf("items = %+v, want %+v", after.Items, want)
	}
	for i, it := range after.Items {
		if it != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, it, want[i])
		}
	}
	before := costOf(t, defaultSettings(0))
	if got := Dollars(before.TotalMicro()); got != "$3.10" {
		t.Errorf("default app without heartbeat = %s, want $3.10 (the cost before the heartbeat):\n%s", got, before)
	}
	if !strings.Contains(after.String(), "total a month, first year: $1.52; with every key rotated twice: $3.52") {
		t.Errorf("table:\n%s", after)
	}
}

func TestCostOfTopologies(t *testing.T) {
	direct := defaultSettings(DefaultHeartbeatMinutes)
	direct.Regions, direct.Direct = []string{"us-east-1", "eu-west-1"}, true
	// per region: key, region stack and two notifier stacks' dead-letter
	// alarms, burst, heartbeat; 2 x 730 heartbeat events.
	if got := Dollars(costOf(t, direct).TotalMicro()); got != "$3.00" {
		t.Errorf("direct, 2 regions = %s, want $3.00", got)
	}
	org := defaultSettings(DefaultHeartbeatMinutes)
	org.Organization = &Organization{ID: "o-abcdefghij", Units: []string{"ou-ab12-11111111"}, HubAccount: "111111111111", CallAs: CallAsDelegatedAdmin}
	c := costOf(t, org)
	if got := Dollars(c.TotalMicro()); got != "$1.62" {
		t.Errorf("organization hub = %s, want $1.62 (the default app and the member heartbeat alarm):\n%s", got, c)
	}
	if c.MemberAccountRegionMicro != 1460 {
		t.Errorf("member account-region = %d micro-dollars, want 1460 (730 heartbeats put and forwarded)", c.MemberAccountRegionMicro)
	}
	user := defaultSettings(DefaultHeartbeatMinutes)
	user.AlarmTopicARN = "arn:aws:sns:us-east-1:111111111111:oncall"
	if got := costOf(t, user); got.KMSKeys != 0 || Dollars(got.TotalMicro()) != "$0.52" {
		t.Errorf("with alarmTopicArn = %s (%d keys), want $0.52 and no key", Dollars(got.TotalMicro()), got.KMSKeys)
	}
}
