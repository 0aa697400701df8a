package preview

import (
	"strings"
	"testing"
)

// organization is the emulator's topology-organization fixture: the hub
// account 111111111111 holds the hub bus signin-notifier-hub in us-east-1,
// whose policy admits PutEvents from organization o-abcdefghij, a notifier
// rule on it and its own forwarder; a service-managed StackSet puts the
// spoke (a forwarder to the hub bus ARN) in every account of OU
// ou-abcd-abcdefgh but the hub, in us-east-1 and eu-west-1.
const organization = "../emulator/testdata/organization"

// signInIn is a successful console sign-in recorded in account and
// region, shaped as CloudTrail delivers it to EventBridge (EventBridge user
// guide, eb-service-event-cloudtrail; the record is the CloudTrail user
// guide's ConsoleLogin example).
func signInIn(t *testing.T, account, region string) string {
	t.Helper()
	return writeFile(t, "event.json", mustJSON(t, map[string]any{
		"version": "0", "id": "6f87d04b-9f74-4f04-a780-7acf4b0a9b38", "detail-type": "AWS Console Sign In via CloudTrail", "source": "aws.signin",
		"account": account, "time": "2024-05-01T12:00:00Z", "region": region, "resources": []any{},
		"detail": map[string]any{
			"eventVersion": "1.08", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "eventType": "AwsConsoleSignIn",
			"awsRegion": region, "sourceIPAddress": "192.0.2.10", "userAgent": "Mozilla/5.0", "recipientAccountId": account,
			"userIdentity":        map[string]any{"type": "IAMUser", "accountId": account, "arn": "arn:aws:iam::" + account + ":user/jane", "userName": "jane"},
			"responseElements":    map[string]any{"ConsoleLogin": "Success"},
			"additionalEventData": map[string]any{"MFAUsed": "Yes"},
		},
	}))
}

// An event of a member account starts on that account's default bus, goes
// through the StackSet's spoke there and crosses to the hub bus, whose
// policy admits the organization; the hub account's own events start in
// the hub account.
func TestPreviewOfAMemberAccountsEvent(t *testing.T) {
	code, out, stderr := run("preview", "--assembly", organization, signInIn(t, "222222222222", "eu-west-1"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	route := out[strings.Index(out, "\nroute:\n"):]
	want := `
route:
  (account 222222222222 is not the hub account 111111111111: the event starts on the default bus of 222222222222 in eu-west-1, as in a member account of organization o-abcdefghij under ou-abcd-abcdefgh, where the StackSets deploy the spoke)
  hop 0: event on bus default in 222222222222/eu-west-1
    rule SigninNotifier-spokes/Forwarder/Rule matched
      target Target0 forwarded to bus signin-notifier-hub (111111111111/us-east-1): from account 222222222222, admitted by statement "cdk-signin-notifier-organization"
        if delivery fails: dead-letter queue SigninNotifier-spokes/DeadLetters/Queue
    hop 1: event on bus signin-notifier-hub in 111111111111/us-east-1
      rule SigninNotifier-us-east-1/Notifier/SignIn matched
        target Target0 delivered to API destination SigninNotifier-us-east-1/Notifier/Destination
          if delivery fails: dead-letter queue SigninNotifier-us-east-1/DeadLetters/Queue
`
	if !strings.HasPrefix(route, want) {
		t.Errorf("route\n%s\nwant\n%s", route, want)
	}
	if !strings.Contains(out, "message 1 of 1 (slack): rule SigninNotifier-us-east-1/Notifier/SignIn\n") || !strings.Contains(out, "│ arn:aws:iam::222222222222:user/jane │ 222222222222 │") {
		t.Errorf("message:\n%s", out)
	}

	// The hub account's own sign-in: its own forwarder, no spoke.
	code, out, stderr = run("preview", "--assembly", organization, signInIn(t, "111111111111", "us-east-1"))
	if code != 0 || strings.Contains(out, "not the hub account") || !strings.Contains(out, "  hop 0: event on bus default in 111111111111/us-east-1\n    rule SigninNotifier-us-east-1/Forwarder/Rule matched\n") || !strings.Contains(out, "message 1 of 1 (slack)") {
		t.Errorf("hub account: exit %d, %s\n%s", code, stderr, out)
	}

	// The StackSet deploys to us-east-1 and eu-west-1 only: a member's
	// sign-in elsewhere is seen by nothing.
	code, out, _ = run("preview", "--assembly", organization, signInIn(t, "222222222222", "ap-south-1"))
	if code != 0 || !strings.Contains(out, "would send nothing: ap-south-1: no stack is deployed in this account and region, so no rule can match") || !strings.Contains(out, "hop 0: event on bus default in 222222222222/ap-south-1: no stack is deployed") {
		t.Errorf("member account, undeployed region: exit %d\n%s", code, out)
	}
}
