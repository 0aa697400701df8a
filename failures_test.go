package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// allDestinations configures every destination kind from secrets.
var allDestinations = map[string]string{
	config.KeySlackBotTokenSecret: "bot", config.KeySlackChannel: "C0123456789",
	config.KeyTeamsWebhookSecret: "teams", config.KeyDiscordWebhookSecret: "discord",
	config.KeyWebhookSecret: "hook", config.KeyWebhookAuthSecret: "hook-auth",
}

// everyDestination is a hub deployment of two regions with every
// destination kind, the Slack webhook included, all from secrets, and a
// quiet rule.
var everyDestination = with(allDestinations, config.KeyRegions, "us-east-1,eu-west-1", config.KeySlackWebhookSecret, "slack-url",
	config.KeyIgnoreSourceIPs, "203.0.113.0/24")

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// TestNoSilentFailure: in every stack of every topology, every target of
// every rule has an explicit retry policy and a dead-letter queue of its
// own stack (so of its own region), that queue admits the rule, and every
// dead-letter alarm either publishes to an SNS topic of its region or is
// forwarded, by a rule of its own, to the home region.
func TestNoSilentFailure(t *testing.T) {
	for _, ctx := range []map[string]string{
		everyDestination,
		with(allDestinations, config.KeyRegions, "us-east-1,eu-west-1", config.KeyTopology, "direct"),
		{config.KeyRegions: "us-east-1,eu-west-1", config.KeyAlarmTopicARN: "arn:aws:sns:us-east-1:" + testAccount + ":oncall"},
	} {
		s := synthApp(t, ctx)
		rows, err := s.cfg.Plan()
		if err != nil {
			t.Fatal(err)
		}
		planned := 0
		for _, row := range rows {
			planned += plannedRules(row)
		}
		rulesSeen := 0
		for id, tmpl := range s.templates {
			queues := resourcesOf(tmpl, "AWS::SQS::Queue")
			policies := mustJSON(t, resourcesOf(tmpl, "AWS::SQS::QueuePolicy"))
			for rid, r := range resourcesOf(tmpl, "AWS::Events::Rule") {
				rulesSeen++
				targets, _ := props(r)["Targets"].([]any)
				if len(targets) == 0 {
					t.Errorf("%v %s/%s: rule without targets", ctx, id, rid)
				}
				for i, tg := range targets {
					tg := tg.(map[string]any)
					rp, _ := tg["RetryPolicy"].(map[string]any)
					attempts, _ := rp["MaximumRetryAttempts"].(float64)
					age, _ := rp["MaximumEventAgeInSeconds"].(float64)
					if rp == nil || attempts > 185 || age < 60 || age > 86400 {
						t.Errorf("%v %s/%s target %d: RetryPolicy = %v", ctx, id, rid, i, tg["RetryPolicy"])
					}
					dlq := mustJSON(t, tg["DeadLetterConfig"])
					queue := ""
					for qid := range queues {
						if dlq == `{"Arn":{"Fn::GetAtt":["`+qid+`","Arn"]}}` {
							queue = qid
						}
					}
					if queue == "" {
						t.Errorf("%v %s/%s target %d: DeadLetterConfig %s is not a queue of this stack", ctx, id, rid, i, dlq)
					}
				}
				if !strings.Contains(policies, `{"Fn::GetAtt":["`+rid+`","Arn"]}`) {
					t.Errorf("%v %s/%s: no queue policy lets this rule send its dead letters", ctx, id, rid)
				}
			}
			for aid, a := range resourcesOf(tmpl, "AWS::CloudWatch::Alarm") {
				p := props(a)
				if n := p["AlarmName"]; n == signin.HeartbeatAlarmName || n == signin.MemberHeartbeatAlarmName {
					// counts heartbeats, not dead letters: TestHeartbeatAlarm
					if p["AlarmActions"] == nil {
						t.Errorf("%v %s/%s: heartbeat alarm without action tells nobody", ctx, id, aid)
					}
					continue
				}
				if p["MetricName"] != "NumberOfMessagesSent" || p["TreatMissingData"] != "notBreaching" {
					t.Errorf("%v %s/%s: alarm on %v, want new dead letters", ctx, id, aid, p["MetricName"])
				}
				if p["AlarmActions"] != nil {
					continue
				}
				forwarded := false
				for _, r := range resourcesOf(tmpl, "AWS::Events::Rule") {
					if strings.Contains(mustJSON(t, props(r)["EventPattern"]), `"alarmName":[`+mustJSON(t, p["AlarmName"])+`]`) {
						forwarded = true
					}
				}
				if !forwarded {
					t.Errorf("%v %s/%s: alarm with no action and no forward tells nobody", ctx, id, aid)
				}
			}
		}
		if rulesSeen != planned || planned == 0 {
			t.Errorf("%v: %d rules, the plan has %d", ctx, rulesSeen, planned)
		}
	}
}

func TestAlarmStacks(t *testing.T) {
	t.Run("hub: one topic in the home region, the heartbeat covers the spokes", func(t *testing.T) {
		s := synthApp(t, hubWithAlarmEmail)
		al := s.templates["SigninNotifier-us-east-1-alarms"]
		if al == nil {
			t.Fatalf("no alarms stack: %v", keys(s.templates))
		}
		// the topic and its key; no publisher of forwarded alarms: the
		// spokes have no dead-letter alarm, the hub's heartbeat alarm
		// reports a broken spoke.
		want := map[string]int{
			"AWS::KMS::Key": 1, "AWS::SNS::Topic": 1, "AWS::SNS::TopicPolicy": 1, "AWS::SNS::Subscription": 1,
		}
		if got := countTypes(al); !mapsEqual(got, want) {
			t.Errorf("alarms stack resources = %v, want %v", got, want)
		}
		for _, k := range resources(t, al, "AWS::KMS::Key", 1) {
			if props(k)["EnableKeyRotation"] != true {
				t.Error("alarm topic key without rotation")
			}
		}
		for _, tp := range resources(t, al, "AWS::SNS::Topic", 1) {
			if props(tp)["TopicName"] != "signin-notifier-alarms" || !strings.Contains(mustJSON(t, props(tp)["KmsMasterKeyId"]), "AlarmTopicKey") {
				t.Errorf("topic = %v, want signin-notifier-alarms encrypted with its key", props(tp))
			}
		}
		for _, sub := range resources(t, al, "AWS::SNS::Subscription", 1) {
			if props(sub)["Protocol"] != "email" || props(sub)["Endpoint"] != "security@example.com" {
				t.Errorf("subscription = %v", props(sub))
			}
		}
		for _, a := range resources(t, s.templates["SigninNotifier-us-east-1"], "AWS::CloudWatch::Alarm", 3) {
			if n := props(a)["AlarmName"]; n == signin.BurstAlarmName || n == signin.HeartbeatAlarmName {
				continue // reported to chat through its state change (FailedSignInBurst); the heartbeat's
			}
			assertNewDeadLetterAlarm(t, props(a))
		}
		if _, ok := s.templates["SigninNotifier-eu-west-1-alarms"]; ok {
			t.Error("a spoke region has an alarms stack (and a KMS key)")
		}
		m := readManifest(t, s.dir)
		if deps := m.Artifacts["SigninNotifier-us-east-1"].Dependencies; !slices.Contains(deps, "SigninNotifier-us-east-1-alarms") {
			t.Errorf("home stack dependencies = %v, want the alarms stack", deps)
		}
		if deps := m.Artifacts["SigninNotifier-us-east-1-alarms"].Dependencies; len(deps) != 0 {
			t.Errorf("the alarms stack deploys first, but depends on %v", deps)
		}
	})
	t.Run("direct: a topic per region, nothing forwarded", func(t *testing.T) {
		s := synthApp(t, directTwoRegions)
		for _, r := range []string{"us-east-1", "eu-west-1"} {
			al := s.templates["SigninNotifier-"+r+"-alarms"]
			if got := countTypes(al); got["AWS::SNS::Topic"] != 1 || got["AWS::Events::Rule"] != 0 {
				t.Errorf("%s alarms stack = %v, want a topic and no publisher", r, got)
			}
		}
	})
	t.Run("alarmTopicArn: no topic of ours", func(t *testing.T) {
		arn := "arn:aws:sns:us-east-1:" + testAccount + ":oncall"
		s := synthApp(t, map[string]string{config.KeyRegions: "us-east-1,eu-west-1", config.KeyAlarmTopicARN: arn})
		for id, tmpl := range s.templates {
			if n := countTypes(tmpl)["AWS::SNS::Topic"] + countTypes(tmpl)["AWS::KMS::Key"]; n != 0 {
				t.Errorf("%s defines a topic or key although alarmTopicArn is set", id)
			}
		}
		for _, a := range resources(t, s.templates["SigninNotifier-us-east-1"], "AWS::CloudWatch::Alarm", 3) {
			if props(a)["AlarmName"] == signin.BurstAlarmName {
				continue
			}
			if got := mustJSON(t, props(a)["AlarmActions"]); got != `["`+arn+`"]` {
				t.Errorf("home alarm actions = %s, want [%s]", got, arn)
			}
		}
		// The user's topic and nothing forwarded (the heartbeat covers the
		// spokes): no alarms stack at all.
		if _, ok := s.templates["SigninNotifier-us-east-1-alarms"]; ok {
			t.Error("an alarms stack although alarmTopicArn is set and no spoke forwards its alarm")
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func firstOf(m map[string]map[string]any) map[string]any {
	for _, k := range keys(m) {
		return m[k]
	}
	return nil
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEveryRuleHasOneTarget: every rule of every stack (forwarders,
// notifiers, the burst counter, the alarm forward, the alarm publisher) has
// exactly one target, which the constructs' input transformer and
// delivery settings address as Targets.0, and each stack has exactly the
// rules its plan row calls for.
func TestEveryRuleHasOneTarget(t *testing.T) {
	for _, ctx := range checkedContexts {
		s := synthApp(t, ctx)
		rows, err := s.cfg.Plan()
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, row := range rows {
			want := plannedRules(row)
			total += want
			if want == 0 {
				if n := len(resourcesOf(s.templates[row.ID], "AWS::Events::Rule")); n != 0 {
					t.Errorf("%v %s: %d rules, the plan has none", ctx, row.ID, n)
				}
				continue
			}
			for id, r := range resources(t, s.templates[row.ID], "AWS::Events::Rule", want) {
				if targets, _ := props(r)["Targets"].([]any); len(targets) != 1 {
					t.Errorf("%v %s/%s has %d targets, want 1", ctx, row.ID, id, len(targets))
				}
			}
		}
		if total < 30 {
			t.Errorf("%v: the plan has only %d rules", ctx, total)
		}
	}
}
