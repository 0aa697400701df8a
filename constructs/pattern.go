package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/jsii-runtime-go"

	"github.com/signin-notifier/signin-notifier/internal/signin"
)

// eventPattern converts a pattern built by internal/signin (source,
// detail-type, account and detail keys) into the typed L2 form.
func eventPattern(p signin.Pattern) *awsevents.EventPattern {
	for k := range p {
		if k != "source" && k != "detail-type" && k != "detail" && k != "account" {
			panic("internal error: event pattern key " + k + " has no L2 field")
		}
	}
	strs := func(key string) *[]*string {
		var out []*string
		for _, v := range p[key].([]any) {
			out = append(out, jsii.String(v.(string)))
		}
		return &out
	}
	detail := p["detail"].(map[string]any)
	out := &awsevents.EventPattern{
		Source:     strs("source"),
		DetailType: strs("detail-type"),
		Detail:     &detail,
	}
	if _, ok := p["account"]; ok {
		out.Account = strs("account")
	}
	return out
}

// idOf returns *id, or "" for a nil id, for panic messages.
func idOf(id *string) string {
	if id == nil {
		return ""
	}
	return *id
}
