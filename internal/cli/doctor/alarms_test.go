//go:build moto

package doctor

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// fakeCloudFormation answers DescribeStacks and ListStackResources (query
// protocol, XML) for one stack whose resources are given, because moto does
// not create AWS::CloudWatch::Alarm resources through CloudFormation (it
// lists them with an empty logical and physical id).
func fakeCloudFormation(t *testing.T, stack string, resources map[string][2]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "text/xml")
		const ns = `xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"`
		switch r.Form.Get("Action") {
		case "DescribeStacks":
			if r.Form.Get("StackName") != stack {
				w.WriteHeader(400)
				fmt.Fprintf(w, `<ErrorResponse %s><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id %s does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`, ns, r.Form.Get("StackName"))
				return
			}
			fmt.Fprintf(w, `<DescribeStacksResponse %s><DescribeStacksResult><Stacks><member><StackName>%s</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/%s/1</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-12-04T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`, ns, stack, stack)
		case "ListStackResources":
			var members strings.Builder
			for logical, tp := range resources {
				fmt.Fprintf(&members, `<member><LogicalResourceId>%s</LogicalResourceId><PhysicalResourceId>%s</PhysicalResourceId><ResourceType>%s</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-12-04T00:00:00Z</LastUpdatedTimestamp></member>`, logical, tp[1], tp[0])
			}
			fmt.Fprintf(w, `<ListStackResourcesResponse %s><ListStackResourcesResult><StackResourceSummaries>%s</StackResourceSummaries></ListStackResourcesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListStackResourcesResponse>`, ns, members.String())
		default:
			t.Errorf("unexpected CloudFormation call %q", r.Form.Get("Action"))
			w.WriteHeader(400)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDoctorAlarms(t *testing.T) {
	ctx := context.Background()
	mototest.Use(t)
	dir := t.TempDir()
	writeJSON(t, dir+"/manifest.json", map[string]any{"artifacts": map[string]any{"Hub": map[string]any{
		"type": "aws:cloudformation:stack", "environment": "aws://111122223333/us-east-1",
		"properties": map[string]any{"templateFile": "Hub.template.json", "stackName": "Hub"},
	}}})
	writeJSON(t, dir+"/Hub.template.json", map[string]any{"Resources": map[string]any{
		"DeadLetterAlarm": map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{}},
		"FailuresAlarm":   map[string]any{"Type": "AWS::CloudWatch::Alarm", "Properties": map[string]any{}},
	}})
	cfn := fakeCloudFormation(t, "Hub", map[string][2]string{
		"DeadLetterAlarm": {"AWS::CloudWatch::Alarm", "Hub-DeadLetterAlarm-ABC"},
		"FailuresAlarm":   {"AWS::CloudWatch::Alarm", "Hub-FailuresAlarm-DEF"},
	})
	t.Setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", cfn.URL)
	cw := CloudWatch(cfgFor(t, "us-east-1"))
	for _, name := range []string{"Hub-DeadLetterAlarm-ABC", "Hub-FailuresAlarm-DEF"} {
		_, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String(name), Namespace: aws.String("AWS/SQS"), MetricName: aws.String("ApproximateNumberOfMessagesVisible"),
			Statistic: cwtypes.StatisticMaximum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(0),
			ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	setState := func(name string, s cwtypes.StateValue) {
		if _, err := cw.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(name), StateValue: s, StateReason: aws.String("test")}); err != nil {
			t.Fatal(err)
		}
	}
	setState("Hub-FailuresAlarm-DEF", cwtypes.StateValueOk)
	setState("Hub-DeadLetterAlarm-ABC", cwtypes.StateValueInsufficientData)

	_, results, _ := doctor(t, dir)
	if r := results[CheckAlarms]; !r.OK || r.Detail != "no alarm in ALARM (1 OK, 1 INSUFFICIENT_DATA)" {
		t.Errorf("quiet alarms: %+v", r)
	}
	if r := results[CheckStacks]; !r.OK {
		t.Errorf("stacks: %+v", r)
	}

	setState("Hub-DeadLetterAlarm-ABC", cwtypes.StateValueAlarm)
	_, results, _ = doctor(t, dir)
	if r := results[CheckAlarms]; r.OK || r.Detail != "in ALARM: DeadLetterAlarm in Hub (us-east-1)" || !strings.Contains(r.Fix, "dead-letter") {
		t.Errorf("firing alarm: %+v", r)
	}

	// An alarm the stack lists but CloudWatch no longer has.
	if _, err := cw.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"Hub-FailuresAlarm-DEF"}}); err != nil {
		t.Fatal(err)
	}
	_, results, _ = doctor(t, dir)
	if r := results[CheckAlarms]; r.OK || !strings.Contains(r.Detail, "missing alarms: FailuresAlarm in Hub (us-east-1)") {
		t.Errorf("deleted alarm: %+v", r)
	}
}
