package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/signin"
)

// setPattern writes pattern p (and a non-default state) into rule's
// CloudFormation resource.
func setPattern(rule awsevents.Rule, p signin.Pattern, state string) {
	cfn := rule.Node().DefaultChild().(awsevents.CfnRule)
	// An override is merged into the rendered property: the placeholder's
	// source must go where p (a top-level $or) has none.
	cfn.AddPropertyOverride(jsii.String("EventPattern"), p)
	if _, ok := p["source"]; !ok {
		cfn.AddPropertyDeletionOverride(jsii.String("EventPattern.source"))
	}
	if state != "" && state != signin.StateEnabled {
		cfn.AddPropertyOverride(jsii.String("State"), state)
	}
}

// placeholderPattern satisfies the L2 Rule, which needs a pattern or a
// schedule at construction; setPattern replaces it.
func placeholderPattern(p signin.Pattern) *awsevents.EventPattern {
	var sources []*string
	if s, ok := p["source"].([]any); ok {
		for _, v := range s {
			sources = append(sources, jsii.String(v.(string)))
		}
	}
	if len(sources) == 0 {
		sources = []*string{jsii.String(signin.Source)}
	}
	return &awsevents.EventPattern{Source: &sources}
}

// idOf returns *id, or "" for a nil id, for panic messages.
func idOf(id *string) string {
	if id == nil {
		return ""
	}
	return *id
}
