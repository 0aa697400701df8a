package config

import (
	"slices"
	"strings"
	"testing"
)

func TestWithEnabledRegions(t *testing.T) {
	catalog := []Region{
		{"us-east-1", "aws", false}, {"eu-west-1", "aws", false}, {"ap-southeast-4", "aws", true},
		{"me-south-1", "aws", true}, {"cn-north-1", "aws-cn", false},
	}
	ctx := map[string]any{KeyRegions: " enabled ", KeyTopology: "direct"}
	if !WantsEnabledRegions(ctx) || WantsEnabledRegions(map[string]any{KeyRegions: "us-east-1"}) {
		t.Fatal("WantsEnabledRegions")
	}
	got, unknown := WithEnabledRegions(ctx, []string{"eu-west-1", "us-east-1", "ap-southeast-4", "xx-new-1"}, catalog)
	if got[KeyRegions] != "us-east-1,eu-west-1,ap-southeast-4" || got[KeyTopology] != "direct" || ctx[KeyRegions] != " enabled " {
		t.Errorf("ctx %v (input %v)", got, ctx)
	}
	if !slices.Equal(unknown, []string{"xx-new-1"}) {
		t.Errorf("unknown %v", unknown)
	}
	c, err := Parse(got, catalog)
	if err != nil || !slices.Equal(c.Regions, []string{"us-east-1", "eu-west-1", "ap-southeast-4"}) {
		t.Errorf("Parse: %v %v", c.Regions, err)
	}
	// Unresolved, Parse says what to do instead of "unknown region".
	if _, err := Parse(ctx, catalog); err == nil || !strings.Contains(err.Error(), `context regions=" enabled " was not resolved by this app: list the regions instead`) {
		t.Errorf("unresolved: %v", err)
	}
}
