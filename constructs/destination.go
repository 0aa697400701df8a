package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Destination says where a SigninNotifier posts and in which format. Build
// one with SlackWebhook, SlackApp, TeamsWorkflow, DiscordWebhook or Webhook.
type Destination struct {
	kind     Kind
	endpoint awscdk.SecretValue
	auth     awscdk.SecretValue
	channel  string
}

// SlackWebhook posts Block Kit to a Slack incoming webhook. The URL is the
// credential: pass awscdk.SecretValue_SecretsManager.
func SlackWebhook(url awscdk.SecretValue) *Destination {
	return &Destination{kind: KindSlack, endpoint: url}
}

// SlackApp posts Block Kit with chat.postMessage to channelID, with a bot
// token (xoxb-...) read from a secret; the connection sends it as
// "Authorization: Bearer <token>". Slack answers most errors with HTTP 200
// and "ok": false, which EventBridge counts as delivered: such a message is
// neither retried nor sent to the dead-letter queue.
func SlackApp(botToken awscdk.SecretValue, channelID string) *Destination {
	return &Destination{kind: KindSlackApp, auth: botToken, channel: channelID}
}

// TeamsWorkflow posts an Adaptive Card to a Microsoft Teams Workflows
// webhook ("Send webhook alerts to a channel"). Its URL carries a signature:
// pass it as a secret.
func TeamsWorkflow(url awscdk.SecretValue) *Destination {
	return &Destination{kind: KindTeams, endpoint: url}
}

// DiscordWebhook posts an embed that pings nobody to a Discord webhook.
func DiscordWebhook(url awscdk.SecretValue) *Destination {
	return &Destination{kind: KindDiscord, endpoint: url}
}

// Webhook posts the generic JSON document (see README) to any HTTPS
// endpoint; authorization, when non-nil, is sent as the Authorization
// header.
func Webhook(url awscdk.SecretValue, authorization awscdk.SecretValue) *Destination {
	return &Destination{kind: KindWebhook, endpoint: url, auth: authorization}
}

// Kind returns the destination type.
func (d *Destination) Kind() Kind { return d.kind }

// Route sends the notifications of some severities to one destination.
//
// Required: Destination.
type Route struct {
	// Destination receives the notifications. Required.
	Destination *Destination
	// Severities routed to Destination, e.g. HighSeverities() for a
	// security channel.
	// Default: - every severity.
	Severities []Severity
}

// invocationEndpoint is the URL the API destination calls.
func (d *Destination) invocationEndpoint() *string {
	if d.kind == KindSlackApp {
		return jsii.String(signin.SlackPostMessageURL)
	}
	return d.endpoint.UnsafeUnwrap()
}

// authorization is the connection's header. Destinations without one still
// need a connection header; a constant that names the kind is no secret.
func (d *Destination) authorization() awsevents.Authorization {
	switch {
	case d.kind == KindSlackApp:
		return awsevents.Authorization_ApiKey(jsii.String("Authorization"),
			awscdk.SecretValue_UnsafePlainText(jsii.String("Bearer "+*d.auth.UnsafeUnwrap())))
	case d.auth != nil:
		return awsevents.Authorization_ApiKey(jsii.String("Authorization"), d.auth)
	}
	return awsevents.Authorization_ApiKey(jsii.String("X-Signin-Notifier"), awscdk.SecretValue_UnsafePlainText(jsii.String(string(d.kind))))
}

// plainText reports whether the destination's credential (the endpoint URL,
// or the Slack app's token) is a literal rather than a token resolved at
// deploy time: it then lands in the template, and the construct warns.
func (d *Destination) plainText() bool {
	v := d.endpoint
	if d.kind == KindSlackApp {
		v = d.auth
	}
	return v != nil && !*awscdk.Token_IsUnresolved(v.UnsafeUnwrap())
}
