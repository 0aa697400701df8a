package constructs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

// assertEveryTargetDelivers checks, for every rule of the template, that
// every target has an explicit retry policy within EventBridge's ranges and
// a dead-letter queue, and that the queue's policy admits that rule.
func assertEveryTargetDelivers(t *testing.T, tmpl assertions.Template) {
	t.Helper()
	rules := resourcesOf(tmpl, "AWS::Events::Rule")
	if len(rules) == 0 {
		t.Fatal("no rule in the template")
	}
	policies, _ := json.Marshal(resourcesOf(tmpl, "AWS::SQS::QueuePolicy"))
	for id, r := range rules {
		targets, _ := r["Properties"].(map[string]any)["Targets"].([]any)
		if len(targets) == 0 {
			t.Errorf("rule %s has no target", id)
		}
		for i, tg := range targets {
			tg := tg.(map[string]any)
			rp, _ := tg["RetryPolicy"].(map[string]any)
			attempts, _ := rp["MaximumRetryAttempts"].(float64)
			age, _ := rp["MaximumEventAgeInSeconds"].(float64)
			if rp == nil || attempts < 0 || attempts > 185 || age < 60 || age > 86400 {
				t.Errorf("rule %s target %d: RetryPolicy %v, want MaximumRetryAttempts 0..185 and MaximumEventAgeInSeconds 60..86400", id, i, tg["RetryPolicy"])
			}
			dlq, _ := tg["DeadLetterConfig"].(map[string]any)
			if dlq == nil || dlq["Arn"] == nil {
				t.Errorf("rule %s target %d has no DeadLetterConfig", id, i)
			}
		}
		if !strings.Contains(string(policies), `{"Fn::GetAtt":["`+id+`","Arn"]}`) {
			t.Errorf("no queue policy admits rule %s: %s", id, policies)
		}
	}
}

// resourcesOf returns the resources of a type, by logical id.
func resourcesOf(tmpl assertions.Template, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range (*tmpl.ToJSON())["Resources"].(map[string]any) {
		if r := r.(map[string]any); r["Type"] == typ {
			out[id] = r
		}
	}
	return out
}

func alarmOf(t *testing.T, tmpl assertions.Template, prefix string) map[string]any {
	t.Helper()
	for id, a := range resourcesOf(tmpl, "AWS::CloudWatch::Alarm") {
		if strings.HasPrefix(id, prefix) {
			return a["Properties"].(map[string]any)
		}
	}
	t.Fatalf("no alarm %s*", prefix)
	return nil
}

// assertNewFailureAlarm checks the alarm counts new dead letters (not queue
// depth) and returns to OK when none arrive.
func assertNewFailureAlarm(t *testing.T, alarm map[string]any) {
	t.Helper()
	for k, want := range map[string]any{
		"Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent", "Statistic": "Sum", "Threshold": 0.0,
		"ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching", "DatapointsToAlarm": 1.0, "EvaluationPeriods": 4.0, "Period": 300.0, // a late datapoint of an idle queue is still seen
	} {
		if alarm[k] != want {
			t.Errorf("alarm %s = %v, want %v", k, alarm[k], want)
		}
	}
}

func TestNotifierTargetsRetryAndDeadLetter(t *testing.T) {
	stack := newStack()
	topic := awssns.NewTopic(stack, jsii.String("Alerts"), nil)
	dl := constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToTopic(topic)})
	n := constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hubBus(stack), DeadLetters: dl})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEveryTargetDelivers(t, tmpl)
	alarm := alarmOf(t, tmpl, "DLAlarm")
	assertNewFailureAlarm(t, alarm)
	if got, _ := json.Marshal(alarm["AlarmActions"]); !strings.HasPrefix(string(got), `[{"Ref":"Alerts`) {
		t.Errorf("AlarmActions = %s, want the AlarmTopic", got)
	}
	if n.DeadLetters() != dl || dl.AlarmTopic() != topic {
		t.Error("AlarmTopic() is not the given topic")
	}
	if name, _ := alarm["AlarmName"].(string); !strings.HasPrefix(name, constructs.AlarmNamePrefix) {
		t.Errorf("AlarmName = %q, want the prefix an AlarmPublisher matches", name)
	}
	if w := *assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("no action"))); len(w) != 0 {
		t.Errorf("warned although the alarm has a topic: %v", w)
	}
}

func TestNotifierWithoutAlarmTopicWarns(t *testing.T) {
	stack := newStack()
	constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hubBus(stack)})
	tmpl := assertions.Template_FromStack(stack, nil)
	if got := alarmOf(t, tmpl, "NDeadLettersAlarm")["AlarmActions"]; got != nil {
		t.Errorf("AlarmActions = %v, want none", got)
	}
	assertions.Annotations_FromStack(stack).HasWarning(jsii.String("/Test/N/DeadLetters"), assertions.Match_StringLikeRegexp(jsii.String("nobody is told.*pass Alarm: AlarmToTopic\\(topic\\) or AlarmToEventBus\\(bus\\)")))
}

func TestAlarmToAnAlarmTopicWithEmail(t *testing.T) {
	stack := newStack()
	topic := constructs.NewAlarmTopic(stack, jsii.String("Alarms"), &constructs.AlarmTopicProps{Email: jsii.String("security@example.com")})
	dl := constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToTopic(topic.Topic())})
	constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hubBus(stack), DeadLetters: dl})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEncryptedTopic(t, tmpl, "security@example.com")
	if got, _ := json.Marshal(alarmOf(t, tmpl, "DLAlarm")["AlarmActions"]); !strings.Contains(string(got), `"Ref":"AlarmsTopic`) {
		t.Errorf("AlarmActions = %s, want the AlarmTopic", got)
	}
}

// assertEncryptedTopic checks the AlarmTopic: a customer managed key with
// rotation that CloudWatch and EventBridge may use, a TLS-only topic policy
// that lets CloudWatch publish, and the email subscription.
func assertEncryptedTopic(t *testing.T, tmpl assertions.Template, email string) {
	t.Helper()
	tmpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(1))
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::Topic"), map[string]any{
		"KmsMasterKeyId": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("Key[0-9A-F]{8}$")), "Arn"}},
	})
	tmpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), map[string]any{
		"EnableKeyRotation": true,
		"KeyPolicy": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Action":    []any{"kms:Decrypt", "kms:GenerateDataKey*"},
			"Principal": map[string]any{"Service": []any{"cloudwatch.amazonaws.com", "events.amazonaws.com"}},
		})})}),
	})
	tmpl.HasResource(jsii.String("AWS::KMS::Key"), map[string]any{
		"DeletionPolicy": "Delete", "Properties": assertions.Match_ObjectLike(&map[string]any{"PendingWindowInDays": 7}),
	})
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), map[string]any{
		"PolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"Effect": "Deny", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}),
			assertions.Match_ObjectLike(&map[string]any{"Effect": "Allow", "Action": "sns:Publish", "Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"}}),
		})}),
	})
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), map[string]any{"Protocol": "email", "Endpoint": email})
}

func TestAlarmTopic(t *testing.T) {
	stack := newStack()
	a := constructs.NewAlarmTopic(stack, jsii.String("A"), &constructs.AlarmTopicProps{Email: jsii.String("oncall@example.org")})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEncryptedTopic(t, tmpl, "oncall@example.org")
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::Topic"), map[string]any{"TopicName": assertions.Match_Absent()})
	if a.Topic() == nil || a.Key() == nil {
		t.Error("accessors return nil")
	}
}

func TestSpokeForwarderForwardsItsAlarmToTheHomeRegion(t *testing.T) {
	stack := newStack()
	hub := awsevents.EventBus_FromEventBusArn(stack, jsii.String("Hub"), jsii.String("arn:aws:events:eu-west-1:111111111111:event-bus/hub"))
	home := awsevents.EventBus_FromEventBusArn(stack, jsii.String("Home"), jsii.String("arn:aws:events:eu-west-1:111111111111:event-bus/default"))
	dl := constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToEventBus(home)})
	f := constructs.NewSigninForwarder(stack, jsii.String("F"), &constructs.SigninForwarderProps{HubEventBus: hub, DeadLetters: dl})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEveryTargetDelivers(t, tmpl)
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::SNS::Topic"), jsii.Number(0))
	alarm := alarmOf(t, tmpl, "DLAlarm")
	assertNewFailureAlarm(t, alarm)
	if alarm["AlarmActions"] != nil {
		t.Errorf("a spoke alarm has actions %v: it has no topic in its region", alarm["AlarmActions"])
	}
	tmpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventPattern": map[string]any{
			"source": []any{"aws.cloudwatch"}, "detail-type": []any{"CloudWatch Alarm State Change"},
			"detail": map[string]any{"alarmName": []any{alarm["AlarmName"]}, "state": map[string]any{"value": []any{"ALARM"}}},
		},
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{"Arn": "arn:aws:events:eu-west-1:111111111111:event-bus/default"})},
	})
	if f.DeadLetters() != dl || dl.Queue() == nil || dl.Alarm() == nil {
		t.Error("accessors")
	}
}

func TestAlarmPublisher(t *testing.T) {
	stack := newStack()
	topic := constructs.NewAlarmTopic(stack, jsii.String("Alarms"), nil).Topic()
	p := constructs.NewAlarmPublisher(stack, jsii.String("P"), &constructs.AlarmPublisherProps{Topic: topic})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEveryTargetDelivers(t, tmpl)
	assertNewFailureAlarm(t, alarmOf(t, tmpl, "PDeadLettersAlarm"))
	if got, _ := json.Marshal(alarmOf(t, tmpl, "PDeadLettersAlarm")["AlarmActions"]); !strings.HasPrefix(string(got), `[{"Ref":"AlarmsTopic`) {
		t.Errorf("AlarmActions = %s, want the topic", got)
	}
	tmpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventBusName": assertions.Match_Absent(),
		"EventPattern": map[string]any{
			"source": []any{"aws.cloudwatch"}, "detail-type": []any{"CloudWatch Alarm State Change"},
			"region": []any{map[string]any{"anything-but": "us-east-1"}},
			"detail": map[string]any{
				"alarmName": []any{map[string]any{"prefix": constructs.AlarmNamePrefix}},
				"state":     map[string]any{"value": []any{"ALARM"}},
			},
		},
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
			"Arn": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^AlarmsTopic"))},
			"InputTransformer": assertions.Match_ObjectLike(&map[string]any{
				"InputTemplate": `"ALARM <detail-alarmName> in <region> (account <account>): <detail-configuration-description> Reason: <detail-state-reason>"`,
			}),
		})},
	})
	// The forwarded alarms arrive on the default bus, whose policy admits
	// the account; the topic admits EventBridge for this account's rules.
	tmpl.HasResourceProperties(jsii.String("AWS::Events::EventBusPolicy"), map[string]any{
		"EventBusName": "default", "StatementId": "signin-notifier-alarm-forwards",
		"Statement": assertions.Match_ObjectLike(&map[string]any{"Action": "events:PutEvents", "Effect": "Allow"}),
	})
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), map[string]any{
		"PolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Action": "sns:Publish", "Principal": map[string]any{"Service": "events.amazonaws.com"},
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"},
				"ArnLike":      map[string]any{"aws:SourceArn": ruleArns},
			},
		})})}),
	})
	if p.Rule() == nil || p.DeadLetters() == nil {
		t.Error("accessors return nil")
	}
}

func TestSharedDeadLetters(t *testing.T) {
	stack := newStack()
	topic := awssns.NewTopic(stack, jsii.String("Alerts"), nil)
	dl := constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToTopic(topic)})
	hub := awsevents.NewEventBus(stack, jsii.String("HubBus"), nil)
	constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hub, DeadLetters: dl})
	constructs.NewSigninForwarder(stack, jsii.String("F"), &constructs.SigninForwarderProps{HubEventBus: hub, DeadLetters: dl})
	tmpl := assertions.Template_FromStack(stack, nil)
	assertEveryTargetDelivers(t, tmpl)
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::QueuePolicy"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(1))
}

func TestNoAlarm(t *testing.T) {
	stack := newStack()
	dl := constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.NoAlarm()})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(0))
	if dl.Alarm() != nil || dl.AlarmTopic() != nil || dl.Queue() == nil {
		t.Error("NoAlarm: accessors")
	}
	if w := *assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_AnyValue()); len(w) != 0 {
		t.Errorf("NoAlarm warned: %v", w)
	}
}

func TestAlarmMisuse(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(stack awscdk.Stack)
		want []string
	}{
		{"topic route without a topic", func(s awscdk.Stack) {
			constructs.NewDeadLetters(s, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToTopic(nil)})
		}, []string{`DeadLetters "DL": Alarm has no topic or bus: build it with AlarmToTopic(topic), AlarmToEventBus(bus) or NoAlarm()`}},
		{"bus route without a bus", func(s awscdk.Stack) {
			constructs.NewDeadLetters(s, jsii.String("DL"), &constructs.DeadLettersProps{Alarm: constructs.AlarmToEventBus(nil)})
		}, []string{`DeadLetters "DL": Alarm has no topic or bus`}},
		{"publisher without topic", func(s awscdk.Stack) {
			constructs.NewAlarmPublisher(s, jsii.String("P"), nil)
		}, []string{`AlarmPublisher "P": Topic is required`}},
		{"topic email", func(s awscdk.Stack) {
			constructs.NewAlarmTopic(s, jsii.String("A"), &constructs.AlarmTopicProps{Email: jsii.String("Ops <ops@example.com>")})
		}, []string{`AlarmTopic "A": Email "Ops <ops@example.com>" is not an email address: use e.g. security@example.com`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack()
			mustPanic(t, tc.want, func() { tc.fn(stack) })
			if n := len(*stack.Node().Children()); n != 0 {
				t.Errorf("misuse left %d constructs behind", n)
			}
		})
	}
}

// TestAlarmTopicEmailFromAParameter: an e-mail address resolved at deploy
// time is subscribed as it is, unchecked.
func TestAlarmTopicEmailFromAParameter(t *testing.T) {
	stack := newStack()
	constructs.NewAlarmTopic(stack, jsii.String("A"), &constructs.AlarmTopicProps{Email: token(stack, "Email")})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::SNS::Subscription"), jsii.Number(1))
	tmpl.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), map[string]any{"Protocol": "email", "Endpoint": map[string]any{"Ref": "Email"}})
}
