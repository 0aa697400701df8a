package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/signin"
)

// eventPattern converts a pattern built by internal/signin (source,
// detail-type and detail keys only) into the typed L2 form.
func eventPattern(p signin.Pattern) *awsevents.EventPattern {
	strs := func(key string) *[]*string {
		var out []*string
		for _, v := range p[key].([]any) {
			out = append(out, jsii.String(v.(string)))
		}
		return &out
	}
	detail := p["detail"].(map[string]any)
	return &awsevents.EventPattern{
		Source:     strs("source"),
		DetailType: strs("detail-type"),
		Detail:     &detail,
	}
}

// idOf returns *id, or "" for a nil id, for panic messages.
func idOf(id *string) string {
	if id == nil {
		return ""
	}
	return *id
}
