package signin

// Security rules: root credential changes, AssumeRoot, Sign-in anomaly alerts,
// CloudTrail and signin-notifier tampering, and refused security calls.

import (
	"slices"
)

// RootCredentialEvents are the root user's credential events recorded as
// console sign-in events. They notify only for userIdentity.type Root.
var RootCredentialEvents = []string{"PasswordUpdated", "PasswordRecoveryRequested", "PasswordRecoveryCompleted", "EmailUpdated"}

// RootIAMCredentialEvents are the IAM API calls that change the root user's
// MFA devices or create root access keys. IAM is a global service: they are
// recorded in us-east-1. They notify only for userIdentity.type Root.
var RootIAMCredentialEvents = []string{"EnableMFADevice", "DeactivateMFADevice", "CreateVirtualMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice", "CreateAccessKey"}

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

// rootCredentialPattern matches a root credential change: the console's
// password and email events, and the IAM calls that change root MFA
// devices or create root access keys.
func rootCredentialPattern() Pattern {
	return Pattern{Or: []Pattern{
		envelope(map[string]any{
			"eventName":    oneOf(RootCredentialEvents...),
			"userIdentity": identity("type", oneOf("Root")),
		}),
		cloudTrail(SourceIAM, DetailTypeAPICall, "iam.amazonaws.com", map[string]any{
			"eventName":    oneOf(RootIAMCredentialEvents...),
			"userIdentity": identity("type", oneOf("Root")),
			"errorCode":    missing(),
		}),
	}}
}

// assumeRootPattern matches a successful AssumeRoot: a privileged root
// session in a member account, taken from the management or delegated
// administrator account.
func assumeRootPattern() Pattern {
	return cloudTrail(SourceSTS, DetailTypeAPICall, "sts.amazonaws.com", map[string]any{
		"eventName":         oneOf(EventAssumeRoot),
		"userIdentity":      identity("arn", nonEmpty()),
		"requestParameters": map[string]any{"targetPrincipal": nonEmpty(), "taskPolicyArn": map[string]any{"arn": nonEmpty()}},
		"errorCode":         missing(),
	})
}

// anomalyPattern matches every Sign-in Anomaly Alert: AWS publishes no
// schema for its detail, so nothing but source and detail-type is required.
func anomalyPattern() Pattern {
	return Pattern{Source: []string{Source}, DetailType: []string{DetailTypeAnomaly}}
}

// trailTamperBranches are the CloudTrail calls that stop or reduce logging:
// StopLogging and DeleteTrail always; UpdateTrail when it makes the trail
// single-region or drops global service events; PutEventSelectors when a
// basic selector drops management events or keeps only read-only ones, or
// when advanced selectors replace the selectors (they cannot be inspected
// element by element in an event pattern, so any change is reported).
func trailTamperBranches(nameKey string) []any {
	named := func(m map[string]any) map[string]any {
		m[nameKey] = nonEmpty()
		return m
	}
	return []any{
		map[string]any{"eventName": oneOf("StopLogging", "DeleteTrail"), "requestParameters": named(map[string]any{})},
		map[string]any{"eventName": oneOf("UpdateTrail"), "requestParameters": named(map[string]any{"isMultiRegionTrail": []any{false}})},
		map[string]any{"eventName": oneOf("UpdateTrail"), "requestParameters": named(map[string]any{"includeGlobalServiceEvents": []any{false}})},
	}
}

func selectorTamperBranches() []any {
	return []any{
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "eventSelectors": map[string]any{"includeManagementEvents": []any{false}}}},
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "eventSelectors": map[string]any{"readWriteType": oneOf("ReadOnly")}}},
		map[string]any{"eventName": oneOf("PutEventSelectors"), "requestParameters": map[string]any{"trailName": nonEmpty(), "advancedEventSelectors": map[string]any{"fieldSelectors": map[string]any{"field": []any{map[string]any{"exists": true}}}}}},
	}
}

func trailTamperPattern() Pattern {
	return cloudTrail(SourceCloudTrail, DetailTypeAPICall, "cloudtrail.amazonaws.com", map[string]any{
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    missing(),
		"$or":          trailTamperBranches("name"),
	})
}

func selectorTamperPattern() Pattern {
	return cloudTrail(SourceCloudTrail, DetailTypeAPICall, "cloudtrail.amazonaws.com", map[string]any{
		"userIdentity": identity("arn", nonEmpty()),
		"errorCode":    missing(),
		"$or":          selectorTamperBranches(),
	})
}

// notifierTamperPattern matches a successful change to one of
// signin-notifier's own EventBridge resources, named in requestParameters
// under key ("name", or "rule" for PutTargets and RemoveTargets). The
// forwarders already chose which names are ours.
func notifierTamperPattern(key string) Pattern {
	names := slices.DeleteFunc(slices.Clone(NotifierTamperEvents), func(n string) bool { return slices.Contains(targetTamperEvents, n) })
	if key == "rule" {
		names = targetTamperEvents
	}
	return cloudTrail(SourceEvents, DetailTypeAPICall, "events.amazonaws.com", map[string]any{
		"eventName":         oneOf(names...),
		"userIdentity":      identity("arn", nonEmpty()),
		"requestParameters": map[string]any{key: nonEmpty()},
		"errorCode":         missing(),
	})
}

// deniedPattern matches a failed attempt at any call the security rules
// report (the call named an error code): someone tried.
func deniedPattern() Pattern {
	denied := func(source, eventSource string, detail map[string]any) Pattern {
		detail["errorCode"] = nonEmpty()
		detail["userIdentity"] = mergeIdentity(detail["userIdentity"], identity("arn", nonEmpty()))
		return cloudTrail(source, DetailTypeAPICall, eventSource, detail)
	}
	return Pattern{Or: []Pattern{
		denied(SourceSTS, "sts.amazonaws.com", map[string]any{"eventName": oneOf(EventAssumeRoot)}),
		denied(SourceIAM, "iam.amazonaws.com", map[string]any{"eventName": oneOf(RootIAMCredentialEvents...), "userIdentity": identity("type", oneOf("Root"))}),
		denied(SourceCloudTrail, "cloudtrail.amazonaws.com", map[string]any{"eventName": oneOf(TrailTamperEvents...)}),
		denied(SourceEvents, "events.amazonaws.com", map[string]any{"eventName": oneOf(NotifierTamperEvents...)}),
	}}
}
