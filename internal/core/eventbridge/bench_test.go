package eventbridge

import (
	"testing"
	"time"
)

const signinEvent = `{"version":"0","id":"0c1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","account":"111111111111","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111111111111:user/jane","accountId":"111111111111","userName":"jane"},"eventTime":"2024-05-01T12:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventID":"1a2b3c4d","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111111111111","eventCategory":"Management"}}`

const signinPattern = `{"source":["aws.signin"],"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"eventName":["ConsoleLogin"],"userIdentity":{"type":["IAMUser"],"arn":[{"anything-but":{"wildcard":"*:assumed-role/AWSReservedSSO_*"}}]},"responseElements":{"ConsoleLogin":["Success"]},"additionalEventData":{"MFAUsed":[{"equals-ignore-case":"no"}]},"sourceIPAddress":[{"anything-but":{"prefix":"10."}}]}}`

func BenchmarkMatch(b *testing.B) {
	p, err := ParsePattern([]byte(signinPattern))
	if err != nil {
		b.Fatal(err)
	}
	e := mustEvent(b, signinEvent)
	b.ReportAllocs()
	for b.Loop() {
		if !p.MatchEvent(e) {
			b.Fatal("no match")
		}
	}
}

func BenchmarkMatchBytes(b *testing.B) {
	p, err := ParsePattern([]byte(signinPattern))
	if err != nil {
		b.Fatal(err)
	}
	ev := []byte(signinEvent)
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := p.Match(ev); !ok || err != nil {
			b.Fatal("no match")
		}
	}
}

func BenchmarkTransform(b *testing.B) {
	tr := mustTransformer(b, map[string]string{
		"user": "$.detail.userIdentity.userName", "arn": "$.detail.userIdentity.arn", "type": "$.detail.userIdentity.type",
		"ip": "$.detail.sourceIPAddress", "ua": "$.detail.userAgent", "mfa": "$.detail.additionalEventData.MFAUsed",
		"account": "$.account", "region": "$.region", "time": "$.time",
	}, `{"text":"Console sign-in by <user> in <account>","blocks":[{"type":"header","text":{"type":"plain_text","text":"Console sign-in"}},{"type":"section","fields":[{"type":"plain_text","text":<user>},{"type":"plain_text","text":<arn>},{"type":"plain_text","text":<type>},{"type":"plain_text","text":<ip>},{"type":"plain_text","text":<mfa>},{"type":"plain_text","text":<region>},{"type":"plain_text","text":<time>}]},{"type":"context","elements":[{"type":"plain_text","text":<ua>}]}]}`)
	e := mustEvent(b, signinEvent)
	ctx := Context{RuleARN: "arn:aws:events:us-east-1:111111111111:rule/r", RuleName: "r", IngestionTime: time.Unix(0, 0)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Render(e, ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEvent(b *testing.B) {
	ev := []byte(signinEvent)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseEvent(ev); err != nil {
			b.Fatal(err)
		}
	}
}
