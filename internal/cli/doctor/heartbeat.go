package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// CheckHeartbeat is the check of the heartbeat: the last heartbeat of every
// account-region that reached a signin-notifier bus.
const CheckHeartbeat = "heartbeat"

// Heartbeat is the last heartbeat of one account-region that doctor read
// from a heartbeat counting queue (which keeps heartbeats two periods and
// ten minutes).
type Heartbeat struct {
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Time    time.Time `json:"time"`
	// Member: sent by a member account's StackSet spoke.
	Member bool `json:"member,omitempty"`
}

// HeartbeatWatch is what doctor learned about the heartbeats of one
// signin-notifier bus.
type HeartbeatWatch struct {
	Stack, Region string
	PeriodMinutes int
	// Expected are the account-regions (ACCOUNT/REGION) whose regional
	// stacks send heartbeats to this bus.
	Expected []string
	// Last is the last heartbeat of each account-region seen in the queues.
	Last []Heartbeat
	// Alarms are the heartbeat alarms (State: their StateValue).
	Alarms []Item
	// StackAbsent: the stack is not deployed (the stacks check says so).
	StackAbsent bool
	Err         string
}

// readHeartbeats reads every message of a counting queue without consuming
// it (visibility timeout 0; long polling asks every SQS server) until a
// receive brings nothing new, and returns the last heartbeat per
// account-region. EventBridge delivers the whole event as the message body.
func readHeartbeats(ctx context.Context, q *sqs.Client, url string, member bool) (map[string]Heartbeat, error) {
	seen := map[string]bool{}
	last := map[string]Heartbeat{}
	for calls, idle := 0, 0; calls < 500 && idle < 2; calls++ {
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1})
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, m := range out.Messages {
			id := aws.ToString(m.MessageId)
			if seen[id] {
				continue
			}
			seen[id], fresh = true, fresh+1
			var ev struct {
				Source, Account, Region string
				Time                    time.Time
			}
			if json.Unmarshal([]byte(aws.ToString(m.Body)), &ev) != nil || ev.Source != signin.HeartbeatSource {
				continue
			}
			k := ev.Account + "/" + ev.Region
			if ev.Time.After(last[k].Time) {
				last[k] = Heartbeat{Account: ev.Account, Region: ev.Region, Time: ev.Time, Member: member}
			}
		}
		if fresh == 0 {
			idle++
		} else {
			idle = 0
		}
	}
	return last, nil
}

// heartbeats asks for the heartbeats counted beside the bus of stack s.
func (g *gatherer) heartbeats(ctx context.Context, s Stack, physical map[string]string, absent bool) HeartbeatWatch {
	w := HeartbeatWatch{Stack: s.Name, Region: s.Region, StackAbsent: absent}
	if absent {
		return w
	}
	cfg := g.regional(s.Region)
	q := sqs.NewFromConfig(cfg)
	last := map[string]Heartbeat{}
	ids := make([]string, 0, len(s.HeartbeatQueues))
	for id := range s.HeartbeatQueues {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		url := physical[id]
		if url == "" {
			continue
		}
		got, err := readHeartbeats(ctx, q, url, s.HeartbeatQueues[id])
		if err != nil {
			w.Err = apiError(err)
			return w
		}
		for k, h := range got {
			last[k] = h
		}
	}
	for _, h := range last {
		w.Last = append(w.Last, h)
	}
	sort.Slice(w.Last, func(i, j int) bool {
		if w.Last[i].Member != w.Last[j].Member {
			return !w.Last[i].Member
		}
		return w.Last[i].Account+w.Last[i].Region < w.Last[j].Account+w.Last[j].Region
	})
	var names []string
	for _, a := range s.HeartbeatAlarms {
		if n := physical[a]; n != "" {
			names = append(names, n)
		}
	}
	states := map[string]string{}
	if len(names) > 0 {
		out, err := CloudWatch(cfg).DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: names})
		if err != nil {
			w.Err = apiError(err)
			return w
		}
		for _, m := range out.MetricAlarms {
			states[aws.ToString(m.AlarmName)] = string(m.StateValue)
		}
	}
	for _, a := range s.HeartbeatAlarms {
		it := Item{Stack: s.Name, Region: s.Region, ID: a, Name: physical[a]}
		if st, ok := states[physical[a]]; ok {
			it.Found, it.State = true, st
		}
		w.Alarms = append(w.Alarms, it)
	}
	return w
}

// ago says how long before now t was, in whole minutes.
func ago(now, t time.Time) string {
	return fmt.Sprintf("%d min ago", int(now.Sub(t).Minutes()))
}

// JudgeHeartbeat: every account-region expected to send heartbeats to a
// bus has one younger than two periods, and no heartbeat alarm is in ALARM.
// The detail names the last heartbeat of every account-region doctor saw
// (members of an organization included: which member accounts should
// report, only the StackSets know) and the quiet ones.
func JudgeHeartbeat(watches []HeartbeatWatch, now time.Time) (Result, []Heartbeat) {
	r := Result{Name: CheckHeartbeat}
	var all []Heartbeat
	var quiet, firing, failed, seen []string
	members := 0
	for _, w := range watches {
		if w.StackAbsent {
			continue
		}
		if w.Err != "" {
			failed = append(failed, w.Stack+" ("+w.Region+"): "+w.Err)
			r.Findings = append(r.Findings, Finding{Stack: w.Stack, Region: w.Region, Problem: "cannot ask: " + w.Err})
			continue
		}
		limit := time.Duration(2*w.PeriodMinutes) * time.Minute
		last := map[string]Heartbeat{}
		for _, h := range w.Last {
			last[h.Account+"/"+h.Region] = h
			all = append(all, h)
			if h.Member {
				members++
			} else {
				seen = append(seen, h.Account+"/"+h.Region+" "+ago(now, h.Time))
			}
		}
		for _, e := range w.Expected {
			h, ok := last[e]
			switch {
			case !ok:
				quiet = append(quiet, e+" (none in the last "+fmt.Sprint(2*w.PeriodMinutes)+" min)")
				r.Findings = append(r.Findings, Finding{Region: strings.SplitN(e, "/", 2)[1], Problem: "no heartbeat in the last two periods"})
			case now.Sub(h.Time) > limit:
				quiet = append(quiet, e+" (last "+ago(now, h.Time)+")")
				r.Findings = append(r.Findings, Finding{Region: h.Region, Problem: "last heartbeat " + ago(now, h.Time)})
			}
		}
		for _, h := range w.Last {
			if h.Member && now.Sub(h.Time) > limit {
				quiet = append(quiet, h.Account+"/"+h.Region+" (member, last "+ago(now, h.Time)+")")
				r.Findings = append(r.Findings, Finding{Region: h.Region, Resource: h.Account, Problem: "member account-region: last heartbeat " + ago(now, h.Time)})
			}
		}
		for _, a := range w.Alarms {
			if a.Found && a.State == "ALARM" {
				firing = append(firing, a.Name+" in "+w.Region)
				r.Findings = append(r.Findings, a.finding("in ALARM"))
			}
		}
	}
	if len(watches) == 0 {
		r.OK, r.Detail = true, "no heartbeat in the templates (heartbeat=none)"
		return r, nil
	}
	sort.Strings(seen)
	if len(quiet)+len(firing)+len(failed) == 0 {
		r.OK = true
		r.Detail = "every account-region reported within two periods: " + strings.Join(seen, ", ")
		if members > 0 {
			r.Detail += fmt.Sprintf("; and %d member account-regions", members)
		}
		return r, all
	}
	var bad, fixes []string
	if len(quiet) > 0 {
		bad = append(bad, "quiet: "+strings.Join(quiet, ", "))
		fixes = append(fixes, "in each quiet account-region check that the schedule "+signin.HeartbeatScheduleName+" (in member accounts "+signin.MemberHeartbeatScheduleName+") is ENABLED, the forwarder's Rule is ENABLED and its ForwardRole may events:PutEvents on the hub bus (no SCP denies it), the hub bus policy admits the account, and read the forwarder's dead-letter queue")
	}
	if len(firing) > 0 {
		bad = append(bad, "in ALARM: "+strings.Join(firing, ", "))
		if len(quiet) == 0 {
			fixes = append(fixes, "every heartbeat arrives now: the alarm returns to OK within two periods")
		}
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow sqs:ReceiveMessage on the heartbeat queues and cloudwatch:DescribeAlarms")
	return r.with(bad, fixes), all
}
