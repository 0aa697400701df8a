package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// setPattern writes pattern p (and a non-default state) into rule's
// CloudFormation resource.
func setPattern(rule awsevents.Rule, p signin.Pattern, state string) {
	cfn := rule.Node().DefaultChild().(awsevents.CfnRule)
	// An override is merged into the rendered property: the placeholder's
	// source must go where p (a top-level $or) has none.
	cfn.AddPropertyOverride(jsii.String("EventPattern"), p.Map())
	if p.Source == nil {
		cfn.AddPropertyDeletionOverride(jsii.String("EventPattern.source"))
	}
	if state != "" && state != signin.StateEnabled {
		cfn.AddPropertyOverride(jsii.String("State"), state)
	}
}

// placeholderPattern satisfies the L2 Rule, which needs a pattern or a
// schedule at construction; setPattern replaces it.
func placeholderPattern(p signin.Pattern) *awsevents.EventPattern {
	sources := jsii.Strings(p.Source...)
	if len(p.Source) == 0 {
		sources = jsii.Strings(signin.Source)
	}
	return &awsevents.EventPattern{Source: sources}
}

// idOf returns *id, or "" for a nil id, for panic messages.
func idOf(id *string) string {
	if id == nil {
		return ""
	}
	return *id
}
