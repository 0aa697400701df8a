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

func TestCachedEnabledRegions(t *testing.T) {
	one := map[string]any{
		EnabledRegionsKey("111122223333"):                          []any{"us-east-1", "eu-west-1"},
		"availability-zones:account=111122223333:region=us-east-1": []any{"us-east-1a"},
	}
	for _, account := range []string{"111122223333", ""} {
		got, err := CachedEnabledRegions(one, account)
		if err != nil || !slices.Equal(got, []string{"eu-west-1", "us-east-1"}) {
			t.Errorf("account %q: %v, %v", account, got, err)
		}
	}
	two := map[string]any{EnabledRegionsKey("111122223333"): []any{"us-east-1"}, EnabledRegionsKey("444455556666"): []any{"eu-west-1"}}
	cases := []struct {
		all     map[string]any
		account string
		want    string
	}{
		{two, "", `context regions="enabled": cdk.context.json caches the enabled regions of 2 accounts (signin-notifier:enabled-regions:111122223333, signin-notifier:enabled-regions:444455556666) and no credentials say which one is meant: synth with the credentials of the account, or forget the others with cdk context --reset KEY`},
		{map[string]any{}, "", `context regions="enabled": cdk.context.json caches the enabled regions of no account: ` + lookupFix},
		{one, "999999999999", `context regions="enabled": cdk.context.json caches no enabled regions of account 999999999999: ` + lookupFix},
		{map[string]any{EnabledRegionsKey("1"): "us-east-1"}, "1", `context signin-notifier:enabled-regions:1="us-east-1" is not a list of regions: run cdk context --reset signin-notifier:enabled-regions:1, then make regions again`},
		{map[string]any{EnabledRegionsKey("1"): []any{}}, "1", `context signin-notifier:enabled-regions:1=[] is not a list of regions: run cdk context --reset signin-notifier:enabled-regions:1, then make regions again`},
	}
	for _, c := range cases {
		if _, err := CachedEnabledRegions(c.all, c.account); err == nil || err.Error() != c.want {
			t.Errorf("account %q: got %v\nwant %s", c.account, err, c.want)
		}
	}
}
