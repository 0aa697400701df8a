//go:build moto

package sendtest

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// TestSendTestPutsTheEventOnTheBus runs the command against a local
// moto_server: the event arrives on the bus (a rule forwards it to a queue
// we read), with the test source and the caller as the identity.
func TestSendTestPutsTheEventOnTheBus(t *testing.T) {
	mototest.Use(t)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	eb := eventbridge.NewFromConfig(cfg)
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(plan.BusName)}); err != nil {
		t.Fatal(err)
	}
	q := sqs.NewFromConfig(cfg)
	queue, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("seen")})
	if err != nil {
		t.Fatal(err)
	}
	pattern := `{"source":["signin-notifier.test"]}`
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("seen"), EventBusName: aws.String(plan.BusName), EventPattern: aws.String(pattern)}); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("seen"), EventBusName: aws.String(plan.BusName),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:123456789012:seen")}}}); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"--assembly", writeAssembly(t)}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "✔ sent a test sign-in to signin-notifier-hub in us-east-1") || strings.Contains(out.String(), "eu-west-1") {
		t.Errorf("output:\n%s", out.String())
	}
	msgs, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10})
	if err != nil || len(msgs.Messages) != 1 {
		t.Fatalf("the queue behind the bus got %d messages (%v), want the test event", len(msgs.Messages), err)
	}
	body := aws.ToString(msgs.Messages[0].Body)
	var got struct {
		Source     string `json:"source"`
		DetailType string `json:"detail-type"`
		Detail     struct {
			UserAgent    string
			UserIdentity struct{ Arn string }
		}
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Source != signin.SourceTest || got.DetailType != signin.DetailType ||
		got.Detail.UserAgent != "signin-notifier send-test" || !strings.HasPrefix(got.Detail.UserIdentity.Arn, "arn:aws:") {
		t.Errorf("event on the bus: %s", body)
	}
}
