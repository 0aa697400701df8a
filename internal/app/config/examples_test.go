package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// realCatalog is aws-cdk-go's region catalog as the app reads it, from the
// snapshot the root package's TestRegionCatalogSnapshot keeps equal to it.
func realCatalog(t *testing.T) []Region {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "regions.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Region
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(out, func(r Region) bool { return r.Name == "us-east-1" }) || len(out) < 30 {
		t.Fatalf("testdata/regions.json has %d regions, without us-east-1: regenerate it (see TestRegionCatalogSnapshot)", len(out))
	}
	return out
}

// Every settings file of examples/ parses and plans, with the real region
// catalog, without a warning, and sets up what its name says.
func TestExamplesParseAndPlan(t *testing.T) {
	catalog := realCatalog(t)
	check := map[string]func(t *testing.T, c Config){
		"slack-webhook-secret.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack)
			wantHub(t, c, 17)
		},
		"teams-workflows.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindTeams)
			wantHub(t, c, 17)
		},
		"slack-and-teams-routes.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack, signin.KindTeams)
			if !slices.Equal(c.Destinations[0].Severities, sorted(signin.Severities)) || !slices.Equal(c.Destinations[1].Severities, sorted(signin.HighSeverities)) {
				t.Errorf("routes: Slack %v, Teams %v; want every severity on Slack, the high ones on Teams", c.Destinations[0].Severities, c.Destinations[1].Severities)
			}
		},
		"direct-three-regions.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack)
			if c.Topology != TopologyDirect || !slices.Equal(c.NotifierRegions(), []string{"us-east-1", "eu-west-1", "eu-central-1"}) {
				t.Errorf("topology %s, notifiers in %v: want direct in us-east-1, eu-west-1, eu-central-1", c.Topology, c.NotifierRegions())
			}
		},
		"organization.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack)
			wantHub(t, c, 17)
			if c.Topology != TopologyOrganization || c.Organization == nil || len(c.Organization.Units) != 2 || c.Organization.HubAccount != "111122223333" {
				t.Errorf("topology %s, organization %+v: want two OUs and the hub account", c.Topology, c.Organization)
			}
		},
		"break-glass-roles.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack, signin.KindTeams)
			if !slices.Equal(c.BreakGlassRoles, []string{"BreakGlass", "arn:aws:iam::111122223333:role/ops/Emergency"}) || !slices.Contains(c.Destinations[1].Severities, signin.SeverityBreakGlass) {
				t.Errorf("break-glass roles %v, Teams severities %v: want the two roles, routed to Teams", c.BreakGlassRoles, c.Destinations[1].Severities)
			}
		},
		"quiet-known-activity.json": func(t *testing.T, c Config) {
			wantDestinations(t, c, signin.KindSlack)
			if len(c.Filters.IgnorePrincipals) != 1 || len(c.Filters.IgnoreSourceIPs) != 2 || len(c.Filters.IgnoreSourceIPsFor) != 3 {
				t.Errorf("filters %+v: want one principal, two ranges, three severities", c.Filters)
			}
		},
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(check) {
		t.Fatalf("examples/ has %d settings files, want the %d this test checks: %v", len(files), len(check), files)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			fn, ok := check[name]
			if !ok {
				t.Fatalf("no check for %s", name)
			}
			ctx, err := WithSettings(nil, path, "")
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(ctx, catalog)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Warnings) != 0 {
				t.Errorf("warnings: %q", c.Warnings)
			}
			if c.Alarms.Email == "" {
				t.Errorf("no alarmEmail: every example tells a person about undeliverable events")
			}
			plan, err := c.Plan()
			if err != nil {
				t.Fatal(err)
			}
			if len(plan) == 0 {
				t.Fatal("empty plan")
			}
			fn(t, c)
		})
	}
}

func wantDestinations(t *testing.T, c Config, kinds ...signin.Kind) {
	t.Helper()
	var got []signin.Kind
	for _, d := range c.Destinations {
		got = append(got, d.Kind)
		if d.Secret == "" || d.URL != "" {
			t.Errorf("destination %s: secret %q, url %q; want a secret (a URL would land in the template)", d.Kind, d.Secret, d.URL)
		}
	}
	if !slices.Equal(got, kinds) {
		t.Errorf("destinations %v, want %v", got, kinds)
	}
}

// wantHub checks the hub topology (or organization) over the default regions.
func wantHub(t *testing.T, c Config, regions int) {
	t.Helper()
	if c.Topology == TopologyDirect || c.HomeRegion != "us-east-1" || len(c.Regions) != regions {
		t.Errorf("topology %s, home %s, %d regions: want a hub in us-east-1 over the %d default regions", c.Topology, c.HomeRegion, len(c.Regions), regions)
	}
}

func sorted(s []signin.Severity) []signin.Severity {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
