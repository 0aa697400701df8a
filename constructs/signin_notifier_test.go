package constructs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

func newApp() awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
}

var webhook = awscdk.SecretValue_UnsafePlainText(jsii.String("https://hooks.slack.com/services/T000/B000/XXXX"))

// ruleArns is the ARN pattern of every rule of newStack's account and
// region, as a condition renders it (the partition is left to
// CloudFormation without the app's feature flags).
var ruleArns = map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":events:us-east-1:111111111111:rule/*"}}}

// newStack is a stack in an app of its own. CDK's built-in CloudFormation
// template validation is off: it is most of a synth's time, and the app's
// TestSynthTimeChecks runs it on every topology these constructs build.
// hubBus is the bus of the app's hub, which SigninForwarders send to: the
// bus every notifier of these tests listens on.
func hubBus(stack awscdk.Stack) awsevents.IEventBus {
	return awsevents.EventBus_FromEventBusName(stack, jsii.String("HubBus"), jsii.String(constructs.DefaultHubEventBusName))
}

func newStack() awscdk.Stack {
	app := newApp()
	return awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
	})
}

func TestNotifierDefaults(t *testing.T) {
	// GIVEN
	stack := newStack()
	// WHEN
	n := constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hubBus(stack)})
	// THEN
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(25))
	tmpl.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(0))
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1))
	tmpl.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(1))
	tmpl.HasResourceProperties(jsii.String("AWS::Events::ApiDestination"), map[string]any{
		"HttpMethod":                   "POST",
		"InvocationRateLimitPerSecond": 1,
		"InvocationEndpoint":           "https://hooks.slack.com/services/T000/B000/XXXX",
	})
	tmpl.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventBusName": constructs.DefaultHubEventBusName,
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
			"RetryPolicy": map[string]any{"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185},
		})},
	})
	// EventBridge may assume the role on behalf of this account's rules only.
	tmpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), map[string]any{
		"AssumeRolePolicyDocument": assertions.Match_ObjectLike(&map[string]any{
			"Statement": []any{map[string]any{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
				"Condition": map[string]any{
					"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"},
					"ArnLike":      map[string]any{"aws:SourceArn": ruleArns},
				}}},
		}),
	})
	if len(n.Rules()) != 25 || len(n.RuleSpecs()) != 25 { // 24 and the send-test rule
		t.Errorf("Rules() = %d, RuleSpecs() = %d, want 25", len(n.Rules()), len(n.RuleSpecs()))
	}
	for name, v := range map[string]any{"EventBus": n.EventBus(), "Connection": n.Connection(), "ApiDestination": n.ApiDestination(), "Role": n.Role(), "DeadLetters": n.DeadLetters(), "DeadLetters().Queue": n.DeadLetters().Queue(), "DeadLetters().Alarm": n.DeadLetters().Alarm()} {
		if v == nil {
			t.Errorf("%s() is nil", name)
		}
	}
	if got := *n.EventBus().EventBusName(); got != constructs.DefaultHubEventBusName {
		t.Errorf("EventBus() = %s, want the bus it was given", got)
	}
}

func TestNotifierOverrides(t *testing.T) {
	stack := newStack()
	queue := awssqs.NewQueue(stack, jsii.String("MyDLQ"), nil)
	bus := awsevents.NewEventBus(stack, jsii.String("MyBus"), nil)
	n := constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{
		Destination:         constructs.SlackWebhook(webhook),
		EventBus:            bus,
		IncludeSwitchEvents: jsii.Bool(false),
		RateLimitPerSecond:  jsii.Number(2),
		RetryAttempts:       jsii.Number(3),
		MaxEventAge:         awscdk.Duration_Hours(jsii.Number(2)),
		DeadLetters:         constructs.NewDeadLetters(stack, jsii.String("DL"), &constructs.DeadLettersProps{Queue: queue}),
		AccountName:         jsii.String("Sandbox"),
	})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(22))
	tmpl.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1)) // only the injected one
	tmpl.HasResourceProperties(jsii.String("AWS::Events::ApiDestination"), map[string]any{"InvocationRateLimitPerSecond": 2})
	tmpl.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventBusName": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^MyBus"))},
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
			"RetryPolicy":      map[string]any{"MaximumEventAgeInSeconds": 7200, "MaximumRetryAttempts": 3},
			"DeadLetterConfig": map[string]any{"Arn": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^MyDLQ")), "Arn"}}},
			"InputTransformer": assertions.Match_ObjectLike(&map[string]any{"InputTemplate": assertions.Match_StringLikeRegexp(jsii.String(`\(Sandbox\)`))}),
		})},
	})
	if n.DeadLetters().Queue() != queue {
		t.Error("DeadLetters().Queue() is not the injected queue")
	}
	for _, r := range n.RuleSpecs() {
		if r.ID == "SwitchRole" || r.ID == "SwitchBack" {
			t.Errorf("IncludeSwitchEvents=false still defines %s", r.ID)
		}
	}
}

func TestNotifierOnHubBus(t *testing.T) {
	stack := newStack()
	hub := constructs.NewSigninHub(stack, jsii.String("Hub"), nil)
	n := constructs.NewSigninNotifier(stack, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hub.EventBus()})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.HasResourceProperties(jsii.String("AWS::Events::EventBus"), map[string]any{"Name": constructs.DefaultHubEventBusName})
	tmpl.AllResourcesProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventBusName": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^HubEventBus"))},
	})
	if n.EventBus() == nil {
		t.Error("EventBus() is nil")
	}
}

// TestPlainURLWarning: a literal webhook URL lands in the template, and the
// construct itself says so, for the app and for anyone who embeds it.
func TestPlainURLWarning(t *testing.T) {
	warning := assertions.Match_StringLikeRegexp(jsii.String("webhook URL is in this template in plain text"))
	plain := newStack()
	constructs.NewSigninNotifier(plain, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(webhook), EventBus: hubBus(plain)})
	assertions.Annotations_FromStack(plain).HasWarning(jsii.String("/Test/N"), warning)
	secret := newStack()
	constructs.NewSigninNotifier(secret, jsii.String("N"), &constructs.SigninNotifierProps{Destination: constructs.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("s"), nil)), EventBus: hubBus(secret)})
	assertions.Annotations_FromStack(secret).HasNoWarning(jsii.String("*"), warning)
}

func mustPanic(t *testing.T, want []string, fn func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		msg := fmt.Sprint(r)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("panic %q lacks %q", msg, w)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("panic message spans lines: %q", msg)
		}
	}()
	fn()
}

// token is a value resolved at deploy time, as from a CfnParameter.
func token(stack awscdk.Stack, name string) *string {
	return awscdk.NewCfnParameter(stack, jsii.String(name), nil).ValueAsString()
}

func TestNotifierMisuse(t *testing.T) {
	slack := constructs.SlackWebhook(webhook)
	// Every case's notifier listens on hubBus unless the case names a bus
	// (busSet) or has no props.
	cases := []struct {
		name   string
		props  func(stack awscdk.Stack) *constructs.SigninNotifierProps
		want   []string
		busSet bool
	}{
		{"no event bus", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack}
		}, []string{"EventBus is required", "the bus SigninForwarders send to", "NewSigninHub"}, true},
		{"the default bus", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, EventBus: awsevents.EventBus_FromEventBusName(s, jsii.String("Default"), jsii.String("default"))}
		}, []string{"EventBus is the default bus", "every AWS API call"}, true},
		{"nil props", func(awscdk.Stack) *constructs.SigninNotifierProps { return nil }, []string{`SigninNotifier "N"`, "Destination is required", "SecretValue_SecretsManager"}, false},
		{"no destination", func(awscdk.Stack) *constructs.SigninNotifierProps { return &constructs.SigninNotifierProps{} }, []string{"Destination is required"}, false},
		{"destination without secret", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: constructs.DiscordWebhook(nil)}
		}, []string{"Destination discord has no secret value"}, false},
		{"slack channel name", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: constructs.SlackApp(webhook, "#sec")}
		}, []string{`"#sec" is not a channel id`}, false},
		{"slack channel token", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: constructs.SlackApp(webhook, *token(s, "Channel"))}
		}, []string{"the SlackApp channel holds a token", "use literal values"}, false},
		{"bad cidr", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, IgnoreSourceIps: []string{"10.0.0.1/8"}}
		}, []string{"has host bits set: use 10.0.0.0/8"}, false},
		{"cidr token", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, IgnoreSourceIps: []string{*token(s, "Cidr")}}
		}, []string{"IgnoreSourceIps holds a token"}, false},
		{"account token", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, Accounts: []string{*token(s, "Account")}}
		}, []string{"Accounts holds a token"}, false},
		{"bad account", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, Accounts: []string{"1234"}}
		}, []string{`account "1234" is not a 12-digit account id`}, false},
		{"no rule left", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, IncludeSwitchEvents: jsii.Bool(false), Severities: []constructs.Severity{constructs.SeveritySwitchRole}}
		}, []string{"leave no rule to define"}, false},
		{"a valid notifier", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, Group: constructs.GroupSecurity}
		}, nil, false},
		{"an account name from a parameter", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, AccountName: token(s, "Name")}
		}, nil, false},
		{"zero rate", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, RateLimitPerSecond: jsii.Number(0)}
		}, []string{"RateLimitPerSecond 0", "1 to 300"}, false},
		{"too many retries", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, RetryAttempts: jsii.Number(200)}
		}, []string{"RetryAttempts 200", "0 to 185"}, false},
		{"short event age", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, MaxEventAge: awscdk.Duration_Seconds(jsii.Number(30))}
		}, []string{"MaxEventAge of 30 seconds", "1 minute to 24 hours"}, false},
		{"placeholder in account name", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, AccountName: jsii.String("<prod>")}
		}, []string{"account name", "placeholder"}, false},
		{"burst in seconds", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(5), Period: awscdk.Duration_Seconds(jsii.Number(90))}}
		}, []string{"FailedSignInBurst of 5 within 1 minute 30 seconds is invalid", "whole minutes"}, false},
		{"burst without period", func(awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, FailedSignInBurst: &constructs.Burst{Threshold: jsii.Number(5)}}
		}, []string{"FailedSignInBurst needs both Threshold and Period"}, false},
		{"break-glass wildcard", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, BreakGlassRoles: []string{"Break*"}}
		}, []string{`BreakGlassRoles: break-glass role "Break*" has a wildcard`}, false},
		{"break-glass token", func(s awscdk.Stack) *constructs.SigninNotifierProps {
			return &constructs.SigninNotifierProps{Destination: slack, BreakGlassRoles: []string{*token(s, "Role")}}
		}, []string{"BreakGlassRoles holds a token"}, false},
	}
	valid := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack()
			props := tc.props(stack)
			if props != nil && !tc.busSet {
				props.EventBus = hubBus(stack)
			}
			before := len(*stack.Node().Children())
			if tc.want == nil { // valid cases keep the table honest
				constructs.NewSigninNotifier(stack, jsii.String("N"), props)
				valid++
				return
			}
			mustPanic(t, tc.want, func() { constructs.NewSigninNotifier(stack, jsii.String("N"), props) })
			if n := len(*stack.Node().Children()); n != before {
				t.Errorf("misuse left %d constructs behind", n-before)
			}
		})
	}
	if valid != 2 {
		t.Errorf("%d valid cases ran, want 2", valid)
	}
}

func TestForwarder(t *testing.T) {
	stack := newStack()
	hub := awsevents.EventBus_FromEventBusArn(stack, jsii.String("Hub"), jsii.String("arn:aws:events:eu-west-1:111111111111:event-bus/hub"))
	f := constructs.NewSigninForwarder(stack, jsii.String("F"), &constructs.SigninForwarderProps{HubEventBus: hub, IncludeSwitchEvents: jsii.Bool(false)})
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(3))
	tmpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"Name":  "signin-notifier-watch",
		"State": "ENABLED",
	})
	tmpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventPattern": signin.SignInForwardPattern(signin.ForwardOptions{}).Map(),
		"State":        "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
			"Arn":     "arn:aws:events:eu-west-1:111111111111:event-bus/hub",
			"RoleArn": assertions.Match_AnyValue(),
		})},
	})
	tmpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), map[string]any{
		"PolicyDocument": map[string]any{"Statement": []any{map[string]any{
			"Action": "events:PutEvents", "Effect": "Allow", "Resource": "arn:aws:events:eu-west-1:111111111111:event-bus/hub",
		}}, "Version": "2012-10-17"},
	})
	if f.Rule() == nil || f.Role() == nil {
		t.Error("accessors return nil")
	}
	mustPanic(t, []string{`SigninForwarder "G"`, "HubEventBus is required"}, func() {
		constructs.NewSigninForwarder(stack, jsii.String("G"), &constructs.SigninForwarderProps{})
	})
	mustPanic(t, []string{`SigninForwarder "H": WatchRuleName "SigninNotifier-watch" starts with "SigninNotifier-", a prefix the watch rule itself reports`}, func() {
		constructs.NewSigninForwarder(stack, jsii.String("H"), &constructs.SigninForwarderProps{HubEventBus: hub, WatchRuleName: jsii.String("SigninNotifier-watch")})
	})
	if len(f.BreakGlassRules()) != 0 {
		t.Error("break-glass rules without BreakGlassRoles")
	}
	mustPanic(t, []string{`SigninForwarder "I": BreakGlassRoles: break-glass role "arn:aws:iam::111122223333:user/x" is neither a role name nor a role ARN`}, func() {
		constructs.NewSigninForwarder(stack, jsii.String("I"), &constructs.SigninForwarderProps{HubEventBus: hub, BreakGlassRoles: []string{"arn:aws:iam::111122223333:user/x"}})
	})
}

// TestForwarderWithBreakGlassRoles: the break-glass forward rule, in the
// state that admits read-only management events (AssumeRole is one),
// targets the hub bus like the others.
func TestForwarderWithBreakGlassRoles(t *testing.T) {
	stack := newStack()
	hub := awsevents.EventBus_FromEventBusArn(stack, jsii.String("Hub"), jsii.String("arn:aws:events:eu-west-1:111111111111:event-bus/hub"))
	roles := []string{"BreakGlass", "arn:aws:iam::444455556666:role/ops/Emergency"}
	f := constructs.NewSigninForwarder(stack, jsii.String("F"), &constructs.SigninForwarderProps{HubEventBus: hub, BreakGlassRoles: roles})
	want, err := signin.BreakGlassForwardPatterns(signin.ForwardOptions{IncludeSwitch: true, BreakGlassRoles: roles})
	if err != nil || len(want) != 1 {
		t.Fatalf("%d patterns, %v", len(want), err)
	}
	tmpl := assertions.Template_FromStack(stack, nil)
	tmpl.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(4))
	tmpl.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{
		"EventPattern": want[0].Map(),
		"State":        "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
		"Targets": []any{assertions.Match_ObjectLike(&map[string]any{
			"Arn":     "arn:aws:events:eu-west-1:111111111111:event-bus/hub",
			"RoleArn": assertions.Match_AnyValue(),
		})},
	})
	if len(f.BreakGlassRules()) != 1 {
		t.Errorf("%d break-glass rules, want 1", len(f.BreakGlassRules()))
	}
}
