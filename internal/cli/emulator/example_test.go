package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

func Example() {
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer slack.Close()

	a, err := emulator.Load("testdata/hub", emulator.Options{
		Secrets:  map[string]string{"signin-notifier/slack": `{"webhookUrl":"https://hooks.slack.com/services/T/B/X","apiKey":"k"}`},
		Endpoint: emulator.RedirectTo(slack.URL),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(a.Describe())

	tr, _ := a.Put([]byte(`{"source":"aws.signin","detail-type":"AWS Console Sign In via CloudTrail","region":"eu-west-1","time":"2024-05-01T12:00:00Z",
		"detail":{"eventName":"ConsoleLogin","userIdentity":{"arn":"arn:aws:iam::111111111111:user/jane"},"sourceIPAddress":"203.0.113.10","userAgent":"Mozilla/5.0"}}`))
	for _, s := range tr.Steps {
		fmt.Println(strings.TrimSpace(strings.Join([]string{string(s.Kind), s.Region, s.Bus, s.RuleLogicalID, s.TargetID}, " ")))
	}
	d := tr.Sent()[0]
	fmt.Println(d.StatusCode, d.Method, d.Endpoint)
	// Output:
	// account 111111111111
	// 111111111111/eu-west-1: stacks SigninNotifier-eu-west-1
	//   bus default
	//     rule ForwarderRuleB7A1C3D5 [ENABLED] SigninNotifier-eu-west-1/Forwarder/Rule/Resource
	//       pattern {"detail-type":["AWS Console Sign In via CloudTrail"],"source":["aws.signin"]}
	//       target Target0 (event-bus): forward to signin-notifier-hub (111111111111/us-east-1)
	// 111111111111/us-east-1: stacks SigninNotifier-us-east-1
	//   bus default
	//     rule ForwarderRuleB7A1C3D5 [ENABLED] SigninNotifier-us-east-1/Forwarder/Rule/Resource
	//       pattern {"detail-type":["AWS Console Sign In via CloudTrail"],"source":["aws.signin"]}
	//       target Target0 (event-bus): forward to signin-notifier-hub (111111111111/us-east-1)
	//   bus signin-notifier-hub
	//     rule NotifierRule8F3E2A10 [ENABLED] SigninNotifier-us-east-1/Notifier/Rule/Resource
	//       pattern {"detail-type":["AWS Console Sign In via CloudTrail"],"source":["aws.signin"]}
	//       target Target0 (api-destination): POST {{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:signin-notifier/slack-AbCdEf:SecretString:webhookUrl::}} via NotifierConnection5A3B9E21 (API_KEY, rate 1/s), input: InputTransformer, if delivery fails: dead-letter queue SigninNotifier-us-east-1/Notifier/DeadLetterQueue, retry attempts 10, max age 3600s
	// arrived eu-west-1 default
	// matched eu-west-1 default ForwarderRuleB7A1C3D5
	// forwarded eu-west-1 default ForwarderRuleB7A1C3D5 Target0
	// arrived us-east-1 signin-notifier-hub
	// matched us-east-1 signin-notifier-hub NotifierRule8F3E2A10
	// delivered us-east-1 signin-notifier-hub NotifierRule8F3E2A10 Target0
	// 200 POST https://hooks.slack.com/services/T/B/X
}
