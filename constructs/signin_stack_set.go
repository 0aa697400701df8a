package constructs

import (
	"fmt"
	"regexp"

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
// Required: StackSetName, TemplateBody, OrganizationalUnitIds, Regions.
type SigninStackSetProps struct {
	// StackSetName names the StackSet; each stack instance is named
	// StackSet-<StackSetName>-<uuid>. Required.
	StackSetName *string
	// Description of the StackSet.
	// Default: - none.
	Description *string
	// TemplateBody is the spoke template, as JSON, at most
	// MaxTemplateBodyBytes: it is sent inline, so no asset bucket and no
	// bootstrap are needed anywhere. Required.
	TemplateBody *string
	// OrganizationalUnitIds are the OU ids (ou-...) or the root id (r-...)
	// to deploy to; accounts that join them later get an instance too
	// (automatic deployment). Required.
	OrganizationalUnitIds *[]*string
	// Regions of every account to deploy to. Required.
	Regions *[]*string
	// ExcludeAccounts are accounts of the OUs that get no instance (the
	// hub account, which has its own regional stacks).
	// Default: - none.
	ExcludeAccounts *[]*string
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
// deploys one spoke template (usually a NotifierStack with a forwarder to
// the hub bus) to every account of some OUs in some regions: automatic
// deployment to accounts added later, stack instances removed with an
// account that leaves, all regions in parallel.
type SigninStackSet struct {
	cx.Construct
	stackSet awscloudformation.CfnStackSet
}

var stackSetNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

// NewSigninStackSet defines a SigninStackSet under scope/id. It panics with
// one line if a required prop is missing, the name is not a StackSet name,
// or the template is too large to send inline.
func NewSigninStackSet(scope cx.Construct, id *string, props *SigninStackSetProps) *SigninStackSet {
	where := fmt.Sprintf("SigninStackSet %q", idOf(id))
	switch {
	case props == nil || props.StackSetName == nil || props.TemplateBody == nil:
		panic(where + ": StackSetName and TemplateBody are required: pass the name and the spoke template's JSON")
	case props.OrganizationalUnitIds == nil || len(*props.OrganizationalUnitIds) == 0:
		panic(where + ": OrganizationalUnitIds is required: pass OU ids (ou-...) or the root id (r-...)")
	case props.Regions == nil || len(*props.Regions) == 0:
		panic(where + ": Regions is required: pass the regions every account gets an instance in")
	case !stackSetNameRE.MatchString(*props.StackSetName):
		panic(fmt.Sprintf("%s: StackSetName %q must start with a letter and hold only letters, digits and '-', at most 128 characters", where, *props.StackSetName))
	case len(*props.TemplateBody) > MaxTemplateBodyBytes:
		panic(fmt.Sprintf("%s: the spoke template is %d bytes, over the %d CloudFormation accepts inline as TemplateBody: ignore fewer principals", where, len(*props.TemplateBody), MaxTemplateBodyBytes))
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
	targets := &awscloudformation.CfnStackSet_DeploymentTargetsProperty{OrganizationalUnitIds: props.OrganizationalUnitIds}
	if props.ExcludeAccounts != nil && len(*props.ExcludeAccounts) > 0 {
		targets.Accounts = props.ExcludeAccounts
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
			Regions:           props.Regions,
		}},
		TemplateBody: props.TemplateBody,
	})
	return &SigninStackSet{Construct: this, stackSet: ss}
}

// StackSet returns the CloudFormation resource.
func (s *SigninStackSet) StackSet() awscloudformation.CfnStackSet { return s.stackSet }
