// Package stacks holds the stack type of signin-notifier: every stack the
// composition constructs.NewSigninDeployment defines (a region's
// forwarders and hub bus, a notifier, a region's alarm topic, the
// StackSets, a StackSet's spoke) is a SigninStack. Stacks define no
// resources themselves: the constructs of package constructs do.
package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	cx "github.com/aws/constructs-go/constructs/v10"
)

// SigninStackProps configures a SigninStack.
type SigninStackProps struct {
	awscdk.StackProps
}

// NewSigninStack defines a stack for signin-notifier's constructs. Unless
// props.Synthesizer says otherwise it uses the LegacyStackSynthesizer: the
// constructs need no assets, so `cdk deploy` needs no `cdk bootstrap` in any
// region, as long as each template stays under the 51,200 bytes the CDK CLI
// sends inline.
func NewSigninStack(scope cx.Construct, id *string, props *SigninStackProps) awscdk.Stack {
	var sprops awscdk.StackProps
	if props != nil {
		sprops = props.StackProps
	}
	if sprops.Synthesizer == nil {
		sprops.Synthesizer = awscdk.NewLegacyStackSynthesizer()
	}
	return awscdk.NewStack(scope, id, &sprops)
}
