package doctor

import (
	"strings"
	"testing"
	"time"
)

func TestJudgeHeartbeat(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	asm := Assembly{Stacks: []Stack{
		{Name: "SigninNotifier-us-east-1", Region: "us-east-1", HasBus: true, HeartbeatMinutes: 60, HeartbeatQueues: map[string]bool{"Q": false}},
		{Name: "SigninNotifier-eu-west-1", Region: "eu-west-1", HeartbeatMinutes: 60},
	}}
	watch := func(last ...Heartbeat) []HeartbeatWatch {
		w := []HeartbeatWatch{{Stack: "SigninNotifier-us-east-1", Region: "us-east-1", Last: last,
			Alarms: []Item{{Stack: "SigninNotifier-us-east-1", Region: "us-east-1", ID: "A", Name: "signin-notifier-heartbeat", Found: true, State: "OK"}}}}
		ExpectHeartbeats(asm, "111111111111", w)
		return w
	}
	fresh := func(region string, minutes int) Heartbeat {
		return Heartbeat{Account: "111111111111", Region: region, Time: now.Add(-time.Duration(minutes) * time.Minute)}
	}
	w := watch(fresh("us-east-1", 10), fresh("eu-west-1", 50), Heartbeat{Account: "222222222222", Region: "eu-west-1", Time: now.Add(-5 * time.Minute), Member: true})
	if got := w[0].Expected; strings.Join(got, ",") != "111111111111/eu-west-1,111111111111/us-east-1" || w[0].PeriodMinutes != 60 {
		t.Fatalf("expected %v, period %d", got, w[0].PeriodMinutes)
	}
	r, all := JudgeHeartbeat(w, now)
	if !r.OK || len(all) != 3 || r.Detail != "every account-region reported within two periods: 111111111111/eu-west-1 50 min ago, 111111111111/us-east-1 10 min ago; and 1 member account-regions" {
		t.Errorf("all fresh: %+v (%d heartbeats)", r, len(all))
	}
	// eu-west-1 quiet for more than two periods, a member too, the alarm firing.
	w = watch(fresh("us-east-1", 10), fresh("eu-west-1", 130), Heartbeat{Account: "222222222222", Region: "ap-south-1", Time: now.Add(-125 * time.Minute), Member: true})
	w[0].Alarms[0].State = "ALARM"
	r, _ = JudgeHeartbeat(w, now)
	if r.OK || !strings.Contains(r.Detail, "quiet: 111111111111/eu-west-1 (last 130 min ago), 222222222222/ap-south-1 (member, last 125 min ago)") ||
		!strings.Contains(r.Detail, "in ALARM: signin-notifier-heartbeat in us-east-1") || !strings.Contains(r.Fix, "schedule signin-notifier-heartbeat (in member accounts signin-notifier-heartbeat-member) is ENABLED") || len(r.Findings) != 3 {
		t.Errorf("quiet: %+v", r)
	}
	// A region never seen in the queue.
	r, _ = JudgeHeartbeat(watch(fresh("us-east-1", 10)), now)
	if r.OK || !strings.Contains(r.Detail, "quiet: 111111111111/eu-west-1 (none in the last 120 min)") {
		t.Errorf("never seen: %+v", r)
	}
	if r, _ := JudgeHeartbeat(nil, now); !r.OK || r.Detail != "no heartbeat in the templates (heartbeat=none)" {
		t.Errorf("no heartbeat: %+v", r)
	}
	for expr, want := range map[string]int{"rate(1 hour)": 60, "rate(30 minutes)": 30, "rate(12 hours)": 720, "cron(0 * * * ? *)": 0} {
		if got := rateMinutes(expr); got != want {
			t.Errorf("rateMinutes(%q) = %d, want %d", expr, got, want)
		}
	}
}
