package main

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/constructs"
	"github.com/signin-notifier/signin-notifier/internal/config"
	"github.com/signin-notifier/signin-notifier/stacks"
)

// alarmPlan decides how each stack's dead-letter alarm reaches a person.
// In every region of cfg.AlarmRegions a small stack
// SigninNotifier-<region>-alarms, deployed first, defines the encrypted
// topic signin-notifier-alarms (unless alarmTopicArn names one) and, in the
// hub's home region, the AlarmPublisher for the alarms the spoke regions
// forward; the region's other stacks publish to that topic. Spoke regions
// of the hub topology get no topic (and no KMS key): their alarm is
// forwarded to the home region's default bus.
type alarmPlan struct {
	cfg     config.Config
	regions []string
	stacks  map[string]*stacks.NotifierStack // the alarms stack of a region
}

func newAlarmPlan(cfg config.Config) *alarmPlan {
	return &alarmPlan{cfg: cfg, regions: cfg.AlarmRegions(), stacks: map[string]*stacks.NotifierStack{}}
}

// alarmsStackID names the alarms stack of a region.
func alarmsStackID(region string) string { return stackID(region) + "-alarms" }

// defineRegion defines the alarms stack of region, if it needs one, and
// returns it (or nil).
func (a *alarmPlan) defineRegion(app awscdk.App, region string, env *awscdk.Environment) *stacks.NotifierStack {
	if !slices.Contains(a.regions, region) {
		return nil
	}
	al := &stacks.AlarmProps{}
	if a.cfg.Alarms.TopicARN != "" {
		al.TopicArn = jsii.String(a.cfg.Alarms.TopicARN)
	} else {
		al.DefineTopic = jsii.Bool(true)
		if a.cfg.Alarms.Email != "" {
			al.Email = jsii.String(a.cfg.Alarms.Email)
		}
	}
	if a.cfg.Topology == config.TopologyHub && len(a.cfg.Regions) > 1 {
		al.PublishForwarded = jsii.Bool(true)
	}
	if al.DefineTopic == nil && al.PublishForwarded == nil {
		return nil // alarmTopicArn and nothing to publish: no stack needed
	}
	stack := stacks.NewNotifierStack(app, alarmsStackID(region), &stacks.NotifierStackProps{
		StackProps: awscdk.StackProps{Env: env, Description: jsii.String("signin-notifier: the alarm topic of " + region + ", told of every event that could not be delivered")},
		Alarms:     al,
	})
	if al.DefineTopic != nil && a.cfg.Alarms.Email == "" {
		awscdk.Annotations_Of(stack.Stack).AddWarningV2(jsii.String("signin-notifier:alarm-topic-without-subscriber"),
			jsii.String("nobody is subscribed to the alarm topic "+constructs.DefaultAlarmTopicName+" in "+region+", so an undeliverable sign-in notification tells nobody: set -c alarmEmail=ADDRESS (or alarmTopicArn), or subscribe to the topic"), nil)
	}
	a.stacks[region] = stack
	return stack
}

// props returns the Alarms props of a notifier or forwarder stack of region.
func (a *alarmPlan) props(region string) *stacks.AlarmProps {
	if !slices.Contains(a.regions, region) {
		return &stacks.AlarmProps{ForwardToRegion: jsii.String(a.cfg.HomeRegion)}
	}
	if a.cfg.Alarms.TopicARN != "" {
		return &stacks.AlarmProps{TopicArn: jsii.String(a.cfg.Alarms.TopicARN)}
	}
	return &stacks.AlarmProps{}
}

// defined makes a notifier or forwarder stack of region deploy after the
// region's alarms stack.
func (a *alarmPlan) defined(region string, stack *stacks.NotifierStack) {
	if first := a.stacks[region]; first != nil {
		stack.AddStackDependency(first.Stack, jsii.String("the region's alarm topic must exist before its alarms publish to it"))
	}
}

// secretValue is a Secrets Manager dynamic reference to secret, pinned to
// its version in versions (context secretVersions) when there is one.
// CloudFormation resolves a dynamic reference again only when its text
// changes, so the pinned version id is what makes a rotated secret reach
// the API destination and connection on the next deploy.
func secretValue(secret string, versions map[string]string) awscdk.SecretValue {
	var opts *awscdk.SecretsManagerSecretOptions
	if v := versions[secret]; v != "" {
		opts = &awscdk.SecretsManagerSecretOptions{VersionId: jsii.String(v)}
	}
	return awscdk.SecretValue_SecretsManager(jsii.String(secret), opts)
}
