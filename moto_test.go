//go:build moto

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// moto is a moto_server started by a test on a free loopback port.
type moto struct {
	t    *testing.T
	base string
}

// startMoto starts moto_server (internal/testkit/mototest) on a free loopback port
// and stops it, by its own pid, when the test ends.
func startMoto(t *testing.T) *moto {
	t.Helper()
	m, err := mototest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return &moto{t: t, base: m.URL + "/"}
}

// do sends one request as account to service in region; moto routes by the
// credential scope of the Authorization header and takes the account from
// x-moto-account-id.
func (m *moto) do(account, service, region, contentType, target, body string) string {
	m.t.Helper()
	req, err := http.NewRequest(http.MethodPost, m.base, strings.NewReader(body))
	if err != nil {
		m.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/"+region+"/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
	req.Header.Set("x-moto-account-id", account)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		m.t.Fatalf("%s %s%s: HTTP %d: %s", service, target, strings.SplitN(body, "&", 2)[0], resp.StatusCode, out)
	}
	return string(out)
}

// query calls a query-protocol API (CloudFormation) and returns the XML.
func (m *moto) query(account, service, region, version string, params url.Values) string {
	params.Set("Version", version)
	return m.do(account, service, region, "application/x-www-form-urlencoded", "", params.Encode())
}

// json11 calls a JSON 1.1 API (Organizations, EventBridge).
func (m *moto) json11(account, service, region, target string, in any, out any) {
	m.t.Helper()
	b, _ := json.Marshal(in)
	raw := m.do(account, service, region, "application/x-amz-json-1.1", target, string(b))
	if out != nil {
		if err := json.Unmarshal([]byte(raw), out); err != nil {
			m.t.Fatalf("%s: %v: %s", target, err, raw)
		}
	}
}

// TestOrganizationDeploysOnMoto deploys the hub stack, then the StackSets
// exactly as the organization template defines them (name, template body,
// permission model, capabilities, auto-deployment, regions) against moto,
// with the OU replaced by one of moto's organization, and checks what each
// account ends up with: every account of the OU has the three forwarder
// rules on its default bus in every region, targeting the hub bus of the hub
// account; an account outside the OU has none. moto skips the bus policy
// (it has no AWS::Events::EventBusPolicy) and ignores CallAs,
// ManagedExecution, AccountFilterType and OperationPreferences.
func TestOrganizationDeploysOnMoto(t *testing.T) {
	m := startMoto(t)
	const hub, home = testAccount, "us-east-1"
	// moto fails (HTTP 500) on a rule whose EventBusName is a Ref to a bus of
	// the same template, as the burst and heartbeat counters' are: they are
	// left out here.
	s := synthApp(t, orgContext(map[string]string{config.KeyRegions: "us-east-1,eu-west-1,us-east-2", config.KeyFailedSignInBurst: "none", config.KeyHeartbeat: "none"}))

	// The organization: two accounts in the OU, one left in the root.
	orgs := func(target string, in, out any) {
		m.json11(hub, "organizations", home, "AWSOrganizationsV20161128."+target, in, out)
	}
	orgs("CreateOrganization", map[string]any{"FeatureSet": "ALL"}, nil)
	var roots struct{ Roots []struct{ Id string } }
	orgs("ListRoots", map[string]any{}, &roots)
	root := roots.Roots[0].Id
	var ou struct{ OrganizationalUnit struct{ Id string } }
	orgs("CreateOrganizationalUnit", map[string]any{"ParentId": root, "Name": "workloads"}, &ou)
	var members []string
	var outside string
	for i, name := range []string{"a", "b", "c"} {
		var st struct{ CreateAccountStatus struct{ AccountId string } }
		orgs("CreateAccount", map[string]any{"Email": name + "@example.com", "AccountName": name}, &st)
		id := st.CreateAccountStatus.AccountId
		if i == 2 {
			outside = id
			continue
		}
		orgs("MoveAccount", map[string]any{"AccountId": id, "SourceParentId": root, "DestinationParentId": ou.OrganizationalUnit.Id}, nil)
		members = append(members, id)
	}

	// The hub stack.
	m.query(hub, "cloudformation", home, "2010-05-15", url.Values{
		"Action": {"CreateStack"}, "StackName": {"SigninNotifier-us-east-1"},
		"TemplateBody": {s.raw["SigninNotifier-us-east-1"]}, "Capabilities.member.1": {"CAPABILITY_IAM"},
	})
	status := m.query(hub, "cloudformation", home, "2010-05-15", url.Values{"Action": {"DescribeStacks"}, "StackName": {"SigninNotifier-us-east-1"}})
	if !strings.Contains(status, "<StackStatus>CREATE_COMPLETE</StackStatus>") {
		t.Fatalf("hub stack: %s", status)
	}
	var buses struct{ EventBuses []struct{ Name, Arn string } }
	m.json11(hub, "events", home, "AWSEvents.ListEventBuses", map[string]any{}, &buses)
	hubARN := "arn:aws:events:us-east-1:" + hub + ":event-bus/" + plan.BusName
	if !slices.ContainsFunc(buses.EventBuses, func(b struct{ Name, Arn string }) bool { return b.Arn == hubARN }) {
		t.Fatalf("no hub bus %s in %+v", hubARN, buses.EventBuses)
	}

	// The StackSets, from the organization template.
	regionsOf := map[string][]string{}
	for _, r := range resources(t, s.templates[plan.OrganizationStackID], "AWS::CloudFormation::StackSet", 2) {
		p := props(r)
		name := p["StackSetName"].(string)
		auto := p["AutoDeployment"].(map[string]any)
		m.query(hub, "cloudformation", home, "2010-05-15", url.Values{
			"Action": {"CreateStackSet"}, "StackSetName": {name}, "TemplateBody": {p["TemplateBody"].(string)},
			"PermissionModel": {p["PermissionModel"].(string)}, "Capabilities.member.1": {"CAPABILITY_IAM"},
			"AutoDeployment.Enabled":                      {fmt.Sprint(auto["Enabled"])},
			"AutoDeployment.RetainStacksOnAccountRemoval": {fmt.Sprint(auto["RetainStacksOnAccountRemoval"])},
		})
		group := p["StackInstancesGroup"].([]any)[0].(map[string]any)
		params := url.Values{"Action": {"CreateStackInstances"}, "StackSetName": {name},
			"DeploymentTargets.OrganizationalUnitIds.member.1": {ou.OrganizationalUnit.Id}}
		for i, region := range group["Regions"].([]any) {
			params.Set(fmt.Sprintf("Regions.member.%d", i+1), region.(string))
			regionsOf[name] = append(regionsOf[name], region.(string))
		}
		m.query(hub, "cloudformation", home, "2010-05-15", params)
		list := m.query(hub, "cloudformation", home, "2010-05-15", url.Values{"Action": {"ListStackInstances"}, "StackSetName": {name}})
		if n := strings.Count(list, "<Account>"); n != len(members)*len(regionsOf[name]) {
			t.Errorf("StackSet %s: %d instances, want %d (members x regions)", name, n, len(members)*len(regionsOf[name]))
		}
	}
	if len(regionsOf) != 2 {
		t.Fatalf("%d StackSets deployed, want 2", len(regionsOf))
	}

	// What each account has.
	for _, acct := range append(slices.Clone(members), outside) {
		for _, region := range s.cfg.Regions {
			var rules struct {
				Rules []struct{ Name, State string }
			}
			m.json11(acct, "events", region, "AWSEvents.ListRules", map[string]any{}, &rules)
			if acct == outside {
				if len(rules.Rules) != 0 {
					t.Errorf("account %s outside the OU has rules in %s: %+v", acct, region, rules.Rules)
				}
				continue
			}
			if len(rules.Rules) != 3 || !slices.ContainsFunc(rules.Rules, func(r struct{ Name, State string }) bool { return r.Name == plan.MemberWatchRuleName }) {
				t.Errorf("member %s in %s: rules %+v, want the 3 forwarder rules", acct, region, rules.Rules)
			}
			for _, r := range rules.Rules {
				var targets struct {
					Targets []struct{ Arn, RoleArn string }
				}
				m.json11(acct, "events", region, "AWSEvents.ListTargetsByRule", map[string]any{"Rule": r.Name}, &targets)
				if len(targets.Targets) != 1 || targets.Targets[0].Arn != hubARN || !regexp.MustCompile(`^arn:aws:iam::`+acct+`:role/`).MatchString(targets.Targets[0].RoleArn) {
					t.Errorf("member %s in %s: rule %s targets %+v, want the hub bus with the member's own role", acct, region, r.Name, targets.Targets)
				}
			}
		}
	}
}
