package constructs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
)

func slackRoute() *constructs.Route {
	return &constructs.Route{Destination: constructs.SlackWebhook(awscdk.SecretValue_SecretsManager(jsii.String("signin-notifier/slack-webhook-url"), nil))}
}

func stackNames(d *constructs.SigninDeployment) []string {
	var out []string
	for _, s := range d.Stacks() {
		out = append(out, *s.StackName())
	}
	return out
}

// TestDeploymentOfEveryDefaultRegion: the app's deployment in a user's app,
// in a few lines.
func TestDeploymentOfEveryDefaultRegion(t *testing.T) {
	app := newApp()
	d := constructs.NewSigninDeployment(app, &constructs.SigninDeploymentProps{
		Regions: constructs.DefaultRegions(),
		Routes:  []*constructs.Route{slackRoute()},
	})
	names := stackNames(d)
	if len(constructs.DefaultRegions()) != 17 || len(names) != 20 {
		t.Fatalf("%d default regions, %d stacks %v: want 17 regional stacks, the alarms stack and 2 notifier stacks", len(constructs.DefaultRegions()), len(names), names)
	}
	for _, id := range []string{"SigninNotifier-us-east-1", "SigninNotifier-us-east-1-alarms", "SigninNotifier-us-east-1-slack", "SigninNotifier-us-east-1-slack-security", "SigninNotifier-eu-west-1"} {
		if !slices.Contains(names, id) || d.Stack(id) == nil {
			t.Errorf("no stack %s", id)
		}
	}
	if len(d.Hubs()) != 1 || len(d.Notifiers()) != 2 || len(d.Forwarders()) != 17 || len(d.AlarmTopics()) != 1 || len(d.StackSets()) != 0 {
		t.Errorf("hubs %d, notifiers %d, forwarders %d, alarm topics %d, StackSets %d: want 1, 2, 17, 1, 0",
			len(d.Hubs()), len(d.Notifiers()), len(d.Forwarders()), len(d.AlarmTopics()), len(d.StackSets()))
	}
	deps := d.Stack("SigninNotifier-eu-west-1").Dependencies()
	if len(*deps) != 1 || *(*deps)[0].StackName() != "SigninNotifier-us-east-1" {
		t.Errorf("a spoke depends on %d stacks, want the home stack", len(*deps))
	}
	if got := *d.Stack("SigninNotifier-eu-west-1").Region(); got != "eu-west-1" {
		t.Errorf("region %s", got)
	}
	assertions.Annotations_FromStack(d.Stack("SigninNotifier-us-east-1-alarms")).HasWarning(jsii.String("*"),
		assertions.Match_StringLikeRegexp(jsii.String("nobody is subscribed to the alarm topic signin-notifier-alarms in us-east-1")))
	// A spoke: 3 forwarders and the heartbeat; no dead-letter alarm (the
	// hub's heartbeat alarm reports a broken spoke) and so no alarm forward.
	spoke := assertions.Template_FromStack(d.Stack("SigninNotifier-eu-west-1"), nil)
	spoke.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(3))
	spoke.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(0))
	spoke.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(1))
	spoke.HasResourceProperties(jsii.String("AWS::Scheduler::Schedule"), map[string]any{
		"Name": "signin-notifier-heartbeat", "ScheduleExpression": "rate(1 hour)", "State": "ENABLED",
		"FlexibleTimeWindow": map[string]any{"Mode": "OFF"},
		"Target": map[string]any{
			"EventBridgeParameters": map[string]any{"Source": "signin-notifier.heartbeat", "DetailType": "signin-notifier heartbeat"},
			"Input":                 `{"heartbeat":"signin-notifier","periodMinutes":60,"sender":"stack"}`,
		},
	})
	if len(d.Heartbeats()) != 17 {
		t.Errorf("heartbeats %d, want one per region", len(d.Heartbeats()))
	}
	home := assertions.Template_FromStack(d.Stack("SigninNotifier-us-east-1"), nil)
	home.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
		"AlarmName": "signin-notifier-heartbeat", "MetricName": "NumberOfMessagesSent", "Namespace": "AWS/SQS",
		"Statistic": "Sum", "Period": 7200, "EvaluationPeriods": 1, "Threshold": 33,
		"ComparisonOperator": "LessThanThreshold", "TreatMissingData": "breaching",
		"AlarmActions": assertions.Match_AnyValue(),
	})
	if d.Hubs()[0].HeartbeatAlarm() == nil || d.Hubs()[0].MemberHeartbeatAlarm() != nil {
		t.Errorf("the hub has no heartbeat alarm, or a member one without an organization")
	}
	assertions.Template_FromStack(d.Stack("SigninNotifier-us-east-1-alarms"), nil).ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(0)) // no publisher: nothing is forwarded
}

// TestDeploymentWithoutHeartbeat: NoHeartbeat gives the spokes their
// forwarded dead-letter alarms back.
func TestDeploymentWithoutHeartbeat(t *testing.T) {
	app := newApp()
	d := constructs.NewSigninDeployment(app, &constructs.SigninDeploymentProps{
		Regions: []string{"us-east-1", "eu-west-1"}, Routes: []*constructs.Route{slackRoute()}, NoHeartbeat: jsii.Bool(true),
	})
	spoke := assertions.Template_FromStack(d.Stack("SigninNotifier-eu-west-1"), nil)
	spoke.ResourceCountIs(jsii.String("AWS::Events::Rule"), jsii.Number(4)) // 3 forwarders, the alarm forward
	spoke.ResourceCountIs(jsii.String("AWS::Scheduler::Schedule"), jsii.Number(0))
	if len(d.Heartbeats()) != 0 || d.Hubs()[0].HeartbeatAlarm() != nil {
		t.Errorf("heartbeats %d, hub alarm %v: want none", len(d.Heartbeats()), d.Hubs()[0].HeartbeatAlarm())
	}
}

func TestDeploymentOfAnOrganization(t *testing.T) {
	app := newApp()
	d := constructs.NewSigninDeployment(app, &constructs.SigninDeploymentProps{
		Regions:      []string{"us-east-1", "eu-west-1"},
		Routes:       []*constructs.Route{slackRoute()},
		AlarmEmail:   jsii.String("security@example.com"),
		Account:      jsii.String("111111111111"),
		Organization: &constructs.SigninOrganization{OrganizationId: jsii.String("o-abcdefghij"), OrganizationalUnitIds: []string{"ou-abcd-abcdefgh"}},
	})
	if len(d.StackSets()) != 2 || d.Stack("SigninNotifier-organization") == nil {
		t.Fatalf("StackSets %d in %v, want 2 in SigninNotifier-organization", len(d.StackSets()), stackNames(d))
	}
	if got := *d.Stack("SigninNotifier-organization").Account(); got != "111111111111" {
		t.Errorf("the organization stack is in account %s", got)
	}
	tmpl := assertions.Template_FromStack(d.Stack("SigninNotifier-organization"), nil)
	tmpl.ResourceCountIs(jsii.String("AWS::CloudFormation::StackSet"), jsii.Number(2))
	tmpl.HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), map[string]any{
		"StackSetName": "SigninNotifier-spokes",
		"TemplateBody": assertions.Match_StringLikeRegexp(jsii.String(`:events:us-east-1:111111111111:event-bus/signin-notifier-hub`)),
	})
	// Every member account-region sends heartbeats marked as a member's.
	tmpl.HasResourceProperties(jsii.String("AWS::CloudFormation::StackSet"), map[string]any{
		"StackSetName": "SigninNotifier-spokes",
		"TemplateBody": assertions.Match_StringLikeRegexp(jsii.String(`AWS::Scheduler::Schedule.*\\"sender\\":\\"member\\"`)),
	})
	assertions.Template_FromStack(d.Stack("SigninNotifier-us-east-1"), nil).HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
		"AlarmName": "signin-notifier-heartbeat-members", "Threshold": 1, "ComparisonOperator": "LessThanThreshold", "TreatMissingData": "notBreaching",
	})
}

func TestDeploymentMisuse(t *testing.T) {
	cases := []struct {
		name  string
		props *constructs.SigninDeploymentProps
		want  string
	}{
		{"nil", nil, "Regions is required"},
		{"no routes", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}}, "Routes is required"},
		{"unknown region", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1", "eu-west-9"}, Routes: []*constructs.Route{slackRoute()}}, `Regions names "eu-west-9", which is no region of the aws partition`},
		{"twice", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1", "us-east-1"}, Routes: []*constructs.Route{slackRoute()}}, `Regions lists "us-east-1" twice`},
		{"home elsewhere", &constructs.SigninDeploymentProps{Regions: []string{"eu-west-1"}, Routes: []*constructs.Route{slackRoute()}}, `HomeRegion "us-east-1" is not among Regions (eu-west-1)`},
		{"two slack routes", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute(), slackRoute()}}, "Routes has two slack destinations"},
		{"route without destination", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{{}}}, "Routes[0] has no Destination"},
		{"both alarm settings", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, AlarmEmail: jsii.String("a@example.com"), AlarmTopicArn: jsii.String("arn:aws:sns:us-east-1:111111111111:t")}, "AlarmEmail and AlarmTopicArn are both set"},
		{"topic elsewhere", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, AlarmTopicArn: jsii.String("arn:aws:sns:eu-west-1:111111111111:t")}, `AlarmTopicArn "arn:aws:sns:eu-west-1:111111111111:t" is in eu-west-1 but the alarms in us-east-1 publish to it`},
		{"accounts without the deployed one", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, Account: jsii.String("111111111111"), Accounts: []string{"222222222222"}},
			`Accounts="222222222222" leaves out account 111111111111, the account deployed to`},
		{"heartbeat too often", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, HeartbeatPeriod: awscdk.Duration_Minutes(jsii.Number(5))}, "HeartbeatPeriod of 5 minutes must be from 15m to 12h"},
		{"heartbeat off and on", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, HeartbeatPeriod: awscdk.Duration_Hours(jsii.Number(1)), NoHeartbeat: jsii.Bool(true)}, "HeartbeatPeriod and NoHeartbeat are both set"},
		{"bad email", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, AlarmEmail: jsii.String("x")}, `AlarmEmail "x" is not an email address`},
		{"organization without account", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()},
			Organization: &constructs.SigninOrganization{OrganizationId: jsii.String("o-abcdefghij"), OrganizationalUnitIds: []string{"r-abcd"}}}, "Account is required with Organization"},
		{"direct organization", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, Topology: constructs.TopologyDirect, Account: jsii.String("111111111111"),
			Organization: &constructs.SigninOrganization{OrganizationId: jsii.String("o-abcdefghij"), OrganizationalUnitIds: []string{"r-abcd"}}}, "Organization needs TopologyHub"},
		{"bad OU", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()}, Account: jsii.String("111111111111"),
			Organization: &constructs.SigninOrganization{OrganizationId: jsii.String("o-abcdefghij"), OrganizationalUnitIds: []string{"ou-1"}}}, `OrganizationalUnitIds names "ou-1", which is neither an OU id nor a root id`},
		{"wildcards over the budget", &constructs.SigninDeploymentProps{Regions: []string{"us-east-1"}, Routes: []*constructs.Route{slackRoute()},
			IgnorePrincipals: strings.Split(strings.Repeat("arn:aws:sts::*:assumed-role/"+strings.Repeat("R", 60)+"/*,", 30), ",")[:30]}, "over EventBridge's 2048: list fewer principals in IgnorePrincipals"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := constructs.CheckSigninDeployment(tc.props)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("CheckSigninDeployment = %v, want one line with %q", err, tc.want)
			}
			app := newApp()
			mustPanic(t, []string{"SigninDeployment: ", tc.want}, func() { constructs.NewSigninDeployment(app, tc.props) })
			if n := len(*app.Node().Children()); n != 0 {
				t.Errorf("misuse left %d stacks behind", n)
			}
		})
	}
}
