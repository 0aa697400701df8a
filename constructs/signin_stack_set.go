package constructs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudformation"
	cx "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// MaxTemplateBodyBytes is the largest TemplateBody CloudFormation accepts
// inline (AWS::CloudFormation::StackSet, CreateStackSet).
const MaxTemplateBodyBytes = 51200

// StackSet call-as values: who the calling account is to AWS Organizations.
const (
	CallAsDelegatedAdmin = "DELEGATED_ADMIN"
	CallAsSelf           = "SELF"
)

// SigninStackSetProps configures a SigninStackSet.
//
// Required: StackSetName, Spoke, OrganizationalUnitIds, Regions.
type SigninStackSetProps struct {
	// StackSetName names the StackSet; each stack instance is named
	// StackSet-<StackSetName>-<uuid>. Required.
	StackSetName *string
	// Description of the StackSet.
	// Default: - none.
	Description *string
	// Spoke is the stack every instance deploys, usually a stack with a
	// SigninForwarder to the hub bus. It must be environment-agnostic (no
	// account or region), have no assets, be complete, and belong to an App
	// of its own, not the StackSet's: the StackSet synthesizes that App when
	// it is defined and sends the spoke's template inline (at most
	// MaxTemplateBodyBytes), so no asset bucket and no bootstrap are needed
	// in any account. Required.
	Spoke awscdk.Stack
	// OrganizationalUnitIds are the OU ids (ou-...) or the root id (r-...)
	// to deploy to; accounts that join them later get an instance too
	// (automatic deployment). Required.
	OrganizationalUnitIds []string
	// Regions of every account to deploy to. Required.
	Regions []string
	// ExcludeAccounts are accounts of the OUs that get no instance (the
	// hub account, which has its own regional stacks).
	// Default: - none.
	ExcludeAccounts []string
	// CallAs is CallAsDelegatedAdmin when the deploying account is a
	// registered delegated administrator of StackSets, CallAsSelf when it
	// is the management account.
	// Default: CallAsDelegatedAdmin.
	CallAs *string
	// FailureTolerancePercentage is the share of accounts per region whose
	// instance may fail before CloudFormation stops the operation in that
	// region. Use 100 for opt-in regions, where every account that has not
	// enabled the region fails.
	// Default: 10.
	FailureTolerancePercentage *float64
	// MaxConcurrentPercentage is the share of accounts per region deployed
	// at once.
	// Default: 25.
	MaxConcurrentPercentage *float64
}

// SigninStackSet defines a service-managed CloudFormation StackSet that
// deploys one spoke stack to every account of some OUs in some regions:
// automatic deployment to accounts added later, stack instances removed
// with an account that leaves, all regions in parallel.
type SigninStackSet struct {
	cx.Construct
	stackSet awscloudformation.CfnStackSet
}

var stackSetNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

// NewSigninStackSet defines a SigninStackSet under scope/id. It panics with
// one line, before any child exists, if a required prop is missing, the
// name is not a StackSet name, the spoke is pinned to an environment or
// shares the StackSet's App, or its template is too large to send inline.
func NewSigninStackSet(scope cx.Construct, id *string, props *SigninStackSetProps) *SigninStackSet {
	fail := func(format string, a ...any) {
		panic(fmt.Sprintf("SigninStackSet %q: ", idOf(id)) + fmt.Sprintf(format, a...))
	}
	switch {
	case props == nil || props.StackSetName == nil || props.Spoke == nil:
		fail("StackSetName and Spoke are required: pass the name and the stack every account gets")
	case len(props.OrganizationalUnitIds) == 0:
		fail("OrganizationalUnitIds is required: pass OU ids (ou-...) or the root id (r-...)")
	case len(props.Regions) == 0:
		fail("Regions is required: pass the regions every account gets an instance in")
	case literal(props.StackSetName) && !stackSetNameRE.MatchString(*props.StackSetName):
		fail("StackSetName %q must start with a letter and hold only letters, digits and '-', at most 128 characters", *props.StackSetName)
	case !*awscdk.Token_IsUnresolved(props.Spoke.Region()) || !*awscdk.Token_IsUnresolved(props.Spoke.Account()):
		fail("Spoke %s is pinned to account %s, region %s: define it without an environment, so that every account and region can deploy it", *props.Spoke.StackName(), *props.Spoke.Account(), *props.Spoke.Region())
	case props.Spoke.Node().Root() == cx.Node_Of(scope).Root():
		fail("Spoke %s belongs to the StackSet's own App: define it in an App of its own (its template is synthesized and sent inline, not deployed as a stack of this App)", *props.Spoke.StackName())
	}
	body, err := templateBody(props.Spoke)
	if err != nil {
		fail("Spoke %s: %v", *props.Spoke.StackName(), err)
	}
	if len(body) > MaxTemplateBodyBytes {
		fail("the template of Spoke %s is %d bytes, over the %d CloudFormation accepts inline as TemplateBody: make the spoke smaller (for SigninForwarder: ignore fewer principals)", *props.Spoke.StackName(), len(body), MaxTemplateBodyBytes)
	}
	callAs := jsii.String(CallAsDelegatedAdmin)
	if props.CallAs != nil {
		callAs = props.CallAs
	}
	tolerance, concurrent := jsii.Number(10), jsii.Number(25)
	if props.FailureTolerancePercentage != nil {
		tolerance = props.FailureTolerancePercentage
	}
	if props.MaxConcurrentPercentage != nil {
		concurrent = props.MaxConcurrentPercentage
	}
	targets := &awscloudformation.CfnStackSet_DeploymentTargetsProperty{OrganizationalUnitIds: jsii.Strings(props.OrganizationalUnitIds...)}
	if len(props.ExcludeAccounts) > 0 {
		targets.Accounts = jsii.Strings(props.ExcludeAccounts...)
		targets.AccountFilterType = jsii.String("DIFFERENCE")
	}
	this := cx.NewConstruct(scope, id)
	ss := awscloudformation.NewCfnStackSet(this, jsii.String("StackSet"), &awscloudformation.CfnStackSetProps{
		StackSetName:    props.StackSetName,
		Description:     props.Description,
		PermissionModel: jsii.String("SERVICE_MANAGED"),
		AutoDeployment: &awscloudformation.CfnStackSet_AutoDeploymentProperty{
			Enabled:                      jsii.Bool(true),
			RetainStacksOnAccountRemoval: jsii.Bool(false),
		},
		CallAs:           callAs,
		Capabilities:     jsii.Strings("CAPABILITY_IAM"),
		ManagedExecution: map[string]any{"Active": true}, // typed as plain JSON: CDK does not capitalize it
		OperationPreferences: &awscloudformation.CfnStackSet_OperationPreferencesProperty{
			RegionConcurrencyType:      jsii.String("PARALLEL"),
			MaxConcurrentPercentage:    concurrent,
			FailureTolerancePercentage: tolerance,
			ConcurrencyMode:            jsii.String("SOFT_FAILURE_TOLERANCE"),
		},
		StackInstancesGroup: []any{&awscloudformation.CfnStackSet_StackInstancesProperty{
			DeploymentTargets: targets,
			Regions:           jsii.Strings(props.Regions...),
		}},
		TemplateBody: jsii.String(body),
	})
	return &SigninStackSet{Construct: this, stackSet: ss}
}

// templateBody synthesizes the App of spoke (once: an App keeps its
// assembly) and returns the spoke's template as compact JSON.
func templateBody(spoke awscdk.Stack) (string, error) {
	asm := awscdk.Stage_Of(spoke).Synth(nil)
	raw, err := os.ReadFile(*asm.GetStackArtifact(spoke.ArtifactId()).TemplateFullPath())
	if err != nil {
		return "", err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return "", err
	}
	return compact.String(), nil
}

// StackSet returns the CloudFormation resource.
func (s *SigninStackSet) StackSet() awscloudformation.CfnStackSet { return s.stackSet }
