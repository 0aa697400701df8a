package signin

// Security rules: root credential changes, AssumeRoot, Sign-in anomaly alerts,
// CloudTrail and signin-notifier tampering, refused security calls, and the
// two fallbacks that report what matches their intent but lacks a field
// their message shows.

import (
	"slices"
)

// RootCredentialEvents are the root user's credential events recorded as
// console sign-in events. They notify only for userIdentity.type Root.
var RootCredentialEvents = []string{"PasswordUpdated", "PasswordRecoveryRequested", "PasswordRecoveryCompleted", "EmailUpdated"}

// RootIAMCredentialEvents are the IAM API calls that change MFA devices or
// create access keys. IAM is a global service: they are recorded in
// us-east-1. They notify only for userIdentity.type Root; the root user may
// make them for its own credentials or for an IAM user's
// (requestParameters.userName).
var RootIAMCredentialEvents = []string{"EnableMFADevice", "DeactivateMFADevice", "CreateVirtualMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice", "CreateAccessKey"}

// RootUserName is what CloudTrail records as requestParameters.userName
// when the root user changes its own MFA device.
const RootUserName = "AWS ROOT USER"

// TrailTamperEvents are the CloudTrail calls that stop or may reduce the
// logging EventBridge depends on (UpdateTrail and PutEventSelectors only in
// the reducing forms, see trailTamperBranches).
var TrailTamperEvents = []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"}

// NotifierTamperEvents are the EventBridge calls that change or remove
// signin-notifier's own rules, targets, buses, API destinations and
// connections. Read-only calls never notify.
var NotifierTamperEvents = []string{
	"DisableRule", "DeleteRule", "PutRule", "RemoveTargets", "PutTargets",
	"DeleteEventBus", "PutPermission", "RemovePermission",
	"UpdateApiDestination", "DeleteApiDestination",
	"UpdateConnection", "DeleteConnection", "DeauthorizeConnection",
}

// targetTamperEvents name the rule in requestParameters.rule, not .name.
var targetTamperEvents = []string{"PutTargets", "RemoveTargets"}

// nameTamperEvents name the resource in requestParameters.name.
func nameTamperEvents() []string {
	return slices.DeleteFunc(slices.Clone(NotifierTamperEvents), func(n string) bool { return slices.Contains(targetTamperEvents, n) })
}

// RefusalCodes are the CloudTrail errorCode values that mean AWS refused a
// call by policy (an identity, resource, permissions boundary, session or
// service control policy): IAM and STS answer AccessDenied, services of the
// JSON protocols (CloudTrail, EventBridge) AccessDeniedException, EC2
// UnauthorizedOperation, recorded by CloudTrail as
// Client.UnauthorizedOperation. A call that failed for another reason
// (TrailNotFoundException, NoSuchEntity, a throttle...) was not refused and
// changed nothing: it does not notify. docs/aws-facts.md cites the sources.
var RefusalCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation"}

// succeeded and refused are the errorCode matchers of a call that went
// through and of one AWS refused.
func succeeded() []any { return missing() }
func refused() []any   { return oneOf(RefusalCodes...) }

// reported matches either: the calls whose every outcome but a failure for
// another reason is reported.
func reported() []any { return append(succeeded(), anys(RefusalCodes)...) }

// Root credential changes ------------------------------------------------

// rootConsoleCredential is a root password or email event, recorded with
// its outcome under responseElements.<eventName>.
func rootConsoleCredential(detail map[string]any) Pattern {
	detail["eventName"] = oneOf(RootCredentialEvents...)
	detail["userIdentity"] = identity("type", oneOf("Root"))
	return envelope(detail)
}

// rootConsoleFailed matches a root password or email event whose outcome is
// Failure; rootConsoleNotFailed matches every other outcome, a missing one
// included.
func rootConsoleFailed() map[string]any {
	var alts []any
	for _, e := range RootCredentialEvents {
		alts = append(alts, map[string]any{e: oneOf("Failure")})
	}
	return map[string]any{"$or": alts}
}

func rootConsoleNotFailed() map[string]any {
	out := map[string]any{}
	for _, e := range RootCredentialEvents {
		out[e] = missingOr(map[string]any{"anything-but": []any{"Failure"}})
	}
	return out
}

// rootIAMCredential is a successful root MFA or access key call. Its
// messages show no ARN, but the fallback takes every such call without one
// (see incompleteSecurityPattern), so it is required here.
func rootIAMCredential(detail map[string]any) Pattern {
	detail["eventName"] = oneOf(RootIAMCredentialEvents...)
	detail["userIdentity"] = identity("type", oneOf("Root"), "arn", nonEmpty())
	detail["errorCode"] = succeeded()
	return cloudTrail(SourceIAM, DetailTypeAPICall, detail)
}

// ownCredential and userCredential tell the root user's own credentials
// (no user name, or RootUserName) from an IAM user's.
func ownCredential() map[string]any {
	return map[string]any{"userName": missingOr("", RootUserName)}
}

func userCredential() map[string]any {
	return map[string]any{"userName": anythingBut("", RootUserName)}
}

// rootCredentialPattern matches a change of the root user's own
// credentials: a password or email event that did not fail, and an MFA or
// access key call for the root user itself.
func rootCredentialPattern() Pattern {
	return Pattern{Or: []Pattern{
		rootConsoleCredential(map[string]any{"responseElements": rootConsoleNotFailed()}),
		rootIAMCredential(map[string]any{"requestParameters": ownCredential()}),
	}}
}

// rootCredentialFailedPattern matches a root password or email event whose
// outcome is Failure.
func rootCredentialFailedPattern() Pattern {
	return rootConsoleCredential(map[string]any{"responseElements": rootConsoleFailed()})
}

// rootUserCredentialPattern matches the root user creating an access key
// for, or changing an MFA device of, an IAM user.
func rootUserCredentialPattern() Pattern {
	return rootIAMCredential(map[string]any{"requestParameters": userCredential()})
}

// AssumeRoot ---------------------------------------------------------------

func assumeRoot(detail map[string]any) Pattern {
	detail["eventName"] = oneOf(EventAssumeRoot)
	return cloudTrail(SourceSTS, DetailTypeAPICall, detail)
}

// assumeRootPattern matches a successful AssumeRoot: a privileged root
// session in a member account, taken from the management or delegated
// administrator account.
func assumeRootPattern() Pattern {
	return assumeRoot(map[string]any{
		"userIdentity":      identity("arn", nonEmpty()),
		"requestParameters": map[string]any{"targetPrincipal": nonEmpty(), "taskPolicyArn": map[string]any{"arn": nonEmpty()}},
		"errorCode":         succeeded(),
	})
}

// anomalyPattern matches every Sign-in Anomaly Alert: AWS publishes no
// schema for its detail, so nothing but source and detail-type is required.
func anomalyPattern() Pattern {
	return Pattern{Source: []string{Source}, DetailType: []string{DetailTypeAnomaly}}
}

// Tampering ----------------------------------------------------------------

func trailCall(detail map[string]any) Pattern {
	return cloudTrail(SourceCloudTrail, DetailTypeAPICall, detail)
}

// updateTrailReduces and selectorsReduce are the reducing forms:
// UpdateTrail making a trail single-region or dropping global service
// events; PutEventSelectors where a basic selector drops management events
// or keeps only read-only ones, or with advanced selectors (they cannot be
// inspected element by element in an event pattern, so any change is
// reported).
func updateTrailReduces() []any {
	return []any{
		map[string]any{"isMultiRegionTrail": []any{false}},
		map[string]any{"includeGlobalServiceEvents": []any{false}},
	}
}

func selectorsReduce() []any {
	return []any{
		map[string]any{"eventSelectors": map[string]any{"includeManagementEvents": []any{false}}},
		map[string]any{"eventSelectors": map[string]any{"readWriteType": oneOf("ReadOnly")}},
		map[string]any{"advancedEventSelectors": map[string]any{"fieldSelectors": map[string]any{"field": []any{map[string]any{"exists": true}}}}},
	}
}

// trailTamperPattern matches the CloudTrail calls that stop or reduce
// logging: StopLogging and DeleteTrail always, UpdateTrail and
// PutEventSelectors in their reducing forms. The trail is named in
// requestParameters.name, or .trailName for PutEventSelectors.
func trailTamperPattern() Pattern {
	return trailCall(map[string]any{
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    succeeded(),
		"$or": []any{
			map[string]any{"eventName": oneOf("StopLogging", "DeleteTrail"), "requestParameters": map[string]any{"name": nonEmpty()}},
			map[string]any{"eventName": oneOf("UpdateTrail"), "requestParameters": map[string]any{"name": nonEmpty(), "$or": updateTrailReduces()}},
			map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "$or": selectorsReduce()}},
		},
	})
}

func notifierCall(detail map[string]any) Pattern {
	return cloudTrail(SourceEvents, DetailTypeAPICall, detail)
}

// notifierTamperPattern matches a successful change to one of
// signin-notifier's own EventBridge resources, named in
// requestParameters.name, or .rule for PutTargets and RemoveTargets (the
// message shows whichever the record has). The forwarders already chose
// which calls (NotifierTamperEvents) and which names are ours, so, as in
// hubCalls, no event name is repeated here.
func notifierTamperPattern() Pattern {
	return notifierCall(map[string]any{
		"eventName":    nonEmpty(),
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    succeeded(),
		"$or": []any{
			map[string]any{"requestParameters": map[string]any{"name": nonEmpty()}},
			map[string]any{"requestParameters": map[string]any{"rule": nonEmpty()}},
		},
	})
}

// tamperPattern matches a trail call that stops or reduces logging and a
// change to signin-notifier's own resources: the message shows the trail
// or resource, whichever requestParameters holds (name, trailName or rule).
func tamperPattern() Pattern {
	return Pattern{Or: []Pattern{trailTamperPattern(), notifierTamperPattern()}}
}

// deniedPattern matches a refused attempt (RefusalCodes) at any call the
// security rules report: someone tried, and AWS refused. See hubCalls.
func deniedPattern() Pattern {
	return hubCalls(map[string]any{"eventName": notAssumption(), "errorCode": refused(), "userIdentity": identity("arn", nonEmpty())})
}

// notAssumption matches an event name other than the role assumptions
// (AssumeRoleEvents), which the forwarders choose for the break-glass rules
// alone: those report each of them, refused or incomplete ones included.
func notAssumption() []any { return anythingBut(append([]string{""}, AssumeRoleEvents...)...) }

// hubCalls matches the AWS API calls of the services whose calls the
// security rules report. On the signin-notifier bus every aws.sts, aws.iam,
// aws.cloudtrail and aws.events event is one the forwarders chose
// (AlertForwardPattern, WatchPattern): AssumeRoot, the root user's MFA and
// access key calls, the trail calls, changes to signin-notifier's own
// resources, and the assumptions of break-glass roles, which only the
// break-glass rules report (notAssumption). So a rule that means all of them names no event: each name
// list would cost the security stack, which must stay under the 51,200
// characters cdk deploy sends without a bootstrap bucket.
func hubCalls(detail map[string]any) Pattern {
	p := cloudTrail(SourceSTS, DetailTypeAPICall, detail)
	p.Source = []string{SourceSTS, SourceIAM, SourceCloudTrail, SourceEvents}
	return p
}

// incompleteSecurityPattern is the fallback of the security rules (and of
// the console sign-in rules for the source IP address, which all of them
// show): it matches what those rules mean to report but cannot render
// because a field their message shows is missing or empty. Its message
// shows only the event name, account, region and time.
//
// The alternative for the API calls names no event (see hubCalls): a call
// that succeeded or was refused (RefusalCodes) is reported when the
// caller's ARN or the source IP address is missing. For
// UpdateTrail and PutEventSelectors that holds whatever the parameters:
// CloudTrail writes both fields in every genuine record (an AWS service's
// own calls name the service as source address), and a change nobody can
// be named for is worth a look. Every other missing field is reported only
// where the call means what its rule reports. A trail call without its
// name has lost its request parameters (the name is a required
// parameter): whether UpdateTrail or PutEventSelectors reduced logging
// cannot be told, so it is reported too.
func incompleteSecurityPattern(includeSwitch bool) Pattern {
	// The API calls (see hubCalls): no caller ARN or source IP, or a
	// field of AssumeRoot or a trail name missing.
	calls := hubCalls(map[string]any{"$or": []any{
		// The caller's ARN of a role assumption is the break-glass rules'
		// to judge (an AWS service, another account or a federated user
		// has none); they require the source IP, which is judged here.
		map[string]any{"errorCode": reported(), "$or": []any{
			map[string]any{"userIdentity": identity("arn", absent()), "eventName": notAssumption()},
			map[string]any{"sourceIPAddress": absent(), "eventName": nonEmpty()},
		}},
		map[string]any{"errorCode": succeeded(), "eventName": oneOf(EventAssumeRoot), "requestParameters": map[string]any{"$or": []any{
			map[string]any{"targetPrincipal": absent()},
			map[string]any{"taskPolicyArn": map[string]any{"arn": absent()}},
		}}},
		map[string]any{"errorCode": succeeded(), "eventName": oneOf("StopLogging", "DeleteTrail", "UpdateTrail"), "requestParameters": map[string]any{"name": absent()}},
		map[string]any{"errorCode": succeeded(), "eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": absent()}},
	}})
	return Pattern{Or: []Pattern{
		// Every console sign-in rule shows the source IP. A console record
		// without one is reported whatever else it holds (an IAM user's
		// own PasswordUpdated, a ConsoleLogin without result): CloudTrail
		// writes the address in every genuine record.
		envelope(map[string]any{"eventName": oneOf(slices.Concat(nonRootEvents(includeSwitch), RootCredentialEvents)...), "sourceIPAddress": absent()}),
		// aws login and other OAuth sign-ins: no type to tell root from
		// others, no ARN, no source IP, no client, or an application
		// without its resource.
		oauthPattern(map[string]any{"$or": []any{
			map[string]any{"userIdentity": identity("type", missing())},
			map[string]any{"userIdentity": identity("arn", absent())},
			map[string]any{"sourceIPAddress": absent()},
			map[string]any{"requestParameters": map[string]any{"client_id": absent()}},
			map[string]any{"userIdentity": identity("type", anythingBut("Root")), "requestParameters": map[string]any{"client_id": otherClient(), "resource": absent()}},
		}}),
		calls,
		// A change to signin-notifier naming neither resource nor rule.
		notifierCall(map[string]any{"eventName": nonEmpty(), "errorCode": succeeded(), "requestParameters": map[string]any{"name": absent(), "rule": absent()}}),
	}}
}
