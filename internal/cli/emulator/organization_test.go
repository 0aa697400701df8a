package emulator_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

const (
	hubAcct     = "111111111111"
	memberAcct  = "222222222222"
	member2Acct = "333333333333"
	mgmtAcct    = "444444444444"
	outsider    = "999999999999"
)

var testOrg = &emulator.Organization{
	ID:         "o-abcdefghij",
	Accounts:   map[string]string{hubAcct: "ou-abcd-security", memberAcct: "ou-abcd-workload", member2Acct: "ou-abcd-workload", mgmtAcct: "r-abcd"},
	Management: mgmtAcct,
}

// hubStack is a hub account's bus with a notifier rule and, if policy is
// set, a bus policy statement.
func hubStack(policy map[string]any) tstack {
	r := merge(destResources("https://hooks.example.com/x"), map[string]any{
		"Hub":  res("AWS::Events::EventBus", map[string]any{"Name": "hub"}),
		"Send": res("AWS::Events::Rule", map[string]any{"EventBusName": map[string]any{"Ref": "Hub"}, "EventPattern": signinPattern, "Targets": []any{destTarget("d", nil)}}),
	})
	if policy != nil {
		r["Policy"] = res("AWS::Events::EventBusPolicy", map[string]any{"EventBusName": map[string]any{"Ref": "Hub"}, "StatementId": "org", "Statement": policy})
	}
	return tstack{"Hub", "aws://" + hubAcct + "/us-east-1", map[string]any{"Resources": r}}
}

// spokeTemplate forwards sign-ins to the hub bus of the hub account.
var spokeTemplate = map[string]any{"Resources": map[string]any{
	"Fwd": ruleRes(signinPattern, busTarget("t", busArn(hubAcct, "us-east-1", "hub"))),
}}

func orgPolicy(orgID string) map[string]any {
	return allowPut("*", map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": orgID}})
}

func TestBusPolicy(t *testing.T) {
	cases := []struct {
		name      string
		policy    map[string]any
		from      string
		wantSteps string
		wantNote  string
		wantSent  int
	}{
		{"member of the organization is admitted", orgPolicy("o-abcdefghij"), memberAcct, "arrived,matched,forwarded,arrived,matched,delivered", `admitted by statement "s"`, 1},
		{"account outside the organization is refused", orgPolicy("o-abcdefghij"), outsider, "arrived,matched,refused", "no statement of the policy of bus hub (111111111111/us-east-1) admits account 999999999999", 0},
		{"another organization is refused", orgPolicy("o-zzzzzzzzzz"), memberAcct, "arrived,matched,refused", "admits account 222222222222", 0},
		{"no policy refuses every other account", nil, memberAcct, "arrived,matched,refused", "has no resource policy", 0},
		{"an account principal", allowPut(map[string]any{"AWS": []any{"arn:aws:iam::" + outsider + ":root"}}, nil), outsider, "arrived,matched,forwarded,arrived,matched,delivered", "admitted", 1},
		{"deny wins", map[string]any{"Sid": "d", "Effect": "Deny", "Principal": "*", "Action": "events:PutEvents", "Resource": "*"}, memberAcct, "arrived,matched,refused", `statement "d" of the bus policy denies`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t)
			spoke := tstack{"Spoke", "aws://" + tc.from + "/eu-west-1", spokeTemplate}
			a := load(t, writeAssembly(t, hubStack(tc.policy), spoke), emulator.Options{AccountID: hubAcct, Organization: testOrg, Endpoint: emulator.RedirectTo(srv.URL)})
			tr, err := a.PutInAccount(tc.from, signinEvent("eu-west-1", "ua"))
			if err != nil {
				t.Fatal(err)
			}
			if got := stepKinds(tr); got != tc.wantSteps {
				t.Errorf("steps\n got %s\nwant %s\n%s", got, tc.wantSteps, tr)
			}
			if !strings.Contains(tr.String(), tc.wantNote) {
				t.Errorf("no step says %q:\n%s", tc.wantNote, tr)
			}
			if n := len(srv.requests()); n != tc.wantSent || len(tr.Sent()) != tc.wantSent {
				t.Errorf("%d requests, %d in trace, want %d", n, len(tr.Sent()), tc.wantSent)
			}
		})
	}
}

func TestPutOnBusAs(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, writeAssembly(t, hubStack(orgPolicy("o-abcdefghij"))), emulator.Options{AccountID: hubAcct, Organization: testOrg, Endpoint: emulator.RedirectTo(srv.URL)})
	hub := busArn(hubAcct, "us-east-1", "hub")
	for _, tc := range []struct {
		caller string
		sent   int
	}{{outsider, 0}, {memberAcct, 1}, {hubAcct, 1}} {
		tr, err := a.PutOnBusAs(signinEvent("us-east-1", "ua"), hub, tc.caller)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Sent()) != tc.sent {
			t.Errorf("PutEvents by %s: %d sent, want %d\n%s", tc.caller, len(tr.Sent()), tc.sent, tr)
		}
	}
	if n := len(srv.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// A service-managed StackSet gets one stack per target account and region:
// the accounts of its OUs (all accounts for the root), minus the excluded
// ones, never the management account.
func TestStackSetInstances(t *testing.T) {
	body, _ := json.Marshal(spokeTemplate)
	stackSet := func(units []any, filter map[string]any) map[string]any {
		targets := map[string]any{"OrganizationalUnitIds": units}
		for k, v := range filter {
			targets[k] = v
		}
		return res("AWS::CloudFormation::StackSet", map[string]any{
			"StackSetName": "spokes", "PermissionModel": "SERVICE_MANAGED", "TemplateBody": string(body),
			"StackInstancesGroup": []any{map[string]any{"DeploymentTargets": targets, "Regions": []any{"eu-west-1", "us-east-2"}}},
		})
	}
	cases := []struct {
		name   string
		set    map[string]any
		admits []string // accounts whose sign-in in eu-west-1 reaches the hub
	}{
		{"one OU", stackSet([]any{"ou-abcd-workload"}, nil), []string{memberAcct, member2Acct}},
		{"the root, minus the hub account", stackSet([]any{"r-abcd"}, map[string]any{"AccountFilterType": "DIFFERENCE", "Accounts": []any{hubAcct}}), []string{memberAcct, member2Acct}},
		{"intersection", stackSet([]any{"ou-abcd-workload"}, map[string]any{"AccountFilterType": "INTERSECTION", "Accounts": []any{member2Acct}}), []string{member2Acct}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t)
			org := tstack{"Org", "aws://" + hubAcct + "/us-east-1", map[string]any{"Resources": map[string]any{"Set": tc.set}}}
			a := load(t, writeAssembly(t, hubStack(orgPolicy("o-abcdefghij")), org), emulator.Options{AccountID: hubAcct, Organization: testOrg, Endpoint: emulator.RedirectTo(srv.URL)})
			for _, acct := range []string{hubAcct, memberAcct, member2Acct, mgmtAcct, outsider} {
				for _, region := range []string{"eu-west-1", "us-east-2", "ap-south-1"} {
					tr, err := a.PutInAccount(acct, signinEvent(region, "ua"))
					if err != nil {
						t.Fatal(err)
					}
					want := 0
					if region != "ap-south-1" && contains(tc.admits, acct) {
						want = 1
					}
					if len(tr.Sent()) != want {
						t.Errorf("sign-in in %s/%s: %d sent, want %d\n%s", acct, region, len(tr.Sent()), want, tr)
					}
				}
			}
			if len(a.Warnings()) != 0 {
				t.Errorf("warnings: %v", a.Warnings())
			}
		})
	}
}

func TestStackSetWithoutOrganizationWarns(t *testing.T) {
	body, _ := json.Marshal(spokeTemplate)
	org := tstack{"Org", "aws://" + hubAcct + "/us-east-1", map[string]any{"Resources": map[string]any{"Set": res("AWS::CloudFormation::StackSet", map[string]any{
		"StackSetName": "spokes", "PermissionModel": "SERVICE_MANAGED", "TemplateBody": string(body),
		"StackInstancesGroup": []any{map[string]any{"DeploymentTargets": map[string]any{"OrganizationalUnitIds": []any{"r-abcd"}}, "Regions": []any{"eu-west-1"}}},
	})}}}
	a := load(t, writeAssembly(t, hubStack(orgPolicy("o-abcdefghij")), org), emulator.Options{AccountID: hubAcct})
	if w := strings.Join(a.Warnings(), "\n"); !strings.Contains(w, "Options.Organization lists no accounts") {
		t.Errorf("warnings %q", w)
	}
	// What a caller needs to make up an organization for an account: the
	// units the StackSets target and the organization the bus admits.
	if ous, ids := a.StackSetOrganizationalUnits(), a.PolicyOrganizationIDs(); len(ous) != 1 || ous[0] != "r-abcd" || len(ids) != 1 || ids[0] != "o-abcdefghij" {
		t.Errorf("units %v, organizations %v", ous, ids)
	}
	plain := load(t, writeAssembly(t, hubStack(nil)), emulator.Options{AccountID: hubAcct})
	if ous, ids := plain.StackSetOrganizationalUnits(), plain.PolicyOrganizationIDs(); len(ous) != 0 || len(ids) != 0 {
		t.Errorf("without StackSets: units %v, organizations %v", ous, ids)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
