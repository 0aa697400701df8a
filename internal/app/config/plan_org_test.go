package config

import (
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"slices"
	"testing"
)

func TestPlanOrganization(t *testing.T) {
	c, err := Parse(orgCtx(map[string]any{KeyRegions: "eu-west-1,us-east-1,us-east-2,ap-southeast-4", KeyHomeRegion: "eu-west-1"}), catalog)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]plan.StackPlan{}
	var ids []string
	for _, s := range rows {
		byID[s.ID] = s
		ids = append(ids, s.ID)
	}
	// The hub account is deployed as in the hub topology, plus the row of
	// the StackSets.
	want := []string{
		"SigninNotifier-eu-west-1-alarms", "SigninNotifier-eu-west-1", "SigninNotifier-eu-west-1-slack", "SigninNotifier-eu-west-1-slack-security",
		"SigninNotifier-us-east-1", "SigninNotifier-us-east-2", "SigninNotifier-ap-southeast-4", plan.OrganizationStackID,
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("stacks %v, want %v", ids, want)
	}
	home := byID["SigninNotifier-eu-west-1"]
	if home.Bus != plan.BusName || home.BusOrganization != "o-abcdefghij" {
		t.Errorf("home stack: bus %q admitting %q, want %s admitting the organization", home.Bus, home.BusOrganization, plan.BusName)
	}
	if s := byID["SigninNotifier-us-east-2"]; s.BusOrganization != "" || s.Forward.ToAccount != "" || s.Forward.ToRegion != "eu-west-1" {
		t.Errorf("the hub account's own spoke must forward in-account to the home region: %+v", s.Forward)
	}
	org := byID[plan.OrganizationStackID]
	if org.Region != "eu-west-1" || !slices.Equal(org.DependsOn, []string{"SigninNotifier-eu-west-1"}) || org.Bus != "" || org.Forward != nil || org.Notifier != nil {
		t.Errorf("organization row: %+v", org)
	}
	type set struct {
		name    string
		regions []string
		sw, opt bool
	}
	wantSets := []set{
		{plan.SpokeSetName, []string{"eu-west-1", "us-east-2"}, false, false},
		{plan.SpokeSetName + "-us-east-1", []string{"us-east-1"}, true, false},
		{plan.SpokeSetName + "-opt-in", []string{"ap-southeast-4"}, false, true},
	}
	if len(org.StackSets) != len(wantSets) {
		t.Fatalf("%d StackSets, want %d: %+v", len(org.StackSets), len(wantSets), org.StackSets)
	}
	for i, w := range wantSets {
		got := org.StackSets[i]
		if got.Name != w.name || !slices.Equal(got.Regions, w.regions) || got.ForwardsSwitch() != w.sw || got.OptIn != w.opt {
			t.Errorf("StackSet %d = %s %v switch=%v optIn=%v, want %+v", i, got.Name, got.Regions, got.ForwardsSwitch(), got.OptIn, w)
		}
		if !slices.Equal(got.Units, []string{"ou-abcd-abcdefgh", "r-ab12"}) || !slices.Equal(got.ExcludeAccounts, []string{"111111111111"}) || got.CallAs != CallAsDelegatedAdmin {
			t.Errorf("StackSet %s targets %v minus %v as %s", got.Name, got.Units, got.ExcludeAccounts, got.CallAs)
		}
		f := got.Spoke.Forward
		if got.Spoke.Region != "" || f.ToAccount != "111111111111" || f.ToRegion != "eu-west-1" || f.ToBus != plan.BusName {
			t.Errorf("StackSet %s spoke must be region-agnostic and address the hub by account: %+v %+v", got.Name, got.Spoke, f)
		}
		if !slices.Contains(f.Watch.NamePrefixes, plan.StackSetStackPrefix) {
			t.Errorf("StackSet %s: the tamper watch misses the instances' rule names: %v", got.Name, f.Watch.NamePrefixes)
		}
	}
	// Member accounts' default buses are counted like any other.
	var member int
	for _, bc := range plan.CountRules(rows) {
		if bc.Region == "us-east-2 (member accounts)" && bc.Bus == "default" {
			member = bc.Rules
		}
	}
	if member != 3 {
		t.Errorf("member accounts' default bus in us-east-2: %d rules counted, want 3", member)
	}
}

// Without us-east-1 every region records switch role itself: one set.
func TestPlanOrganizationWithoutUsEast1(t *testing.T) {
	c, err := Parse(orgCtx(map[string]any{KeyRegions: "eu-west-1,us-east-2", KeyHomeRegion: "eu-west-1"}), catalog)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	org := rows[len(rows)-1]
	if len(org.StackSets) != 1 || !org.StackSets[0].ForwardsSwitch() || !slices.Equal(org.StackSets[0].Regions, []string{"eu-west-1", "us-east-2"}) {
		t.Errorf("StackSets = %+v, want one set of both regions forwarding switch records", org.StackSets)
	}
}

func TestPlanHubHasNoOrganization(t *testing.T) {
	c, err := Parse(nil, catalog)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rows {
		if s.BusOrganization != "" || s.StackSets != nil || (s.Forward != nil && s.Forward.ToAccount != "") {
			t.Errorf("topology hub: stack %s has organization parts", s.ID)
		}
	}
}
