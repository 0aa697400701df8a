package config

import (
	"slices"
	"strings"
)

// EnabledRegions is the regions value that means "every region the account
// has enabled", resolved by the app (internal/cli/enabledregions) before Parse.
const EnabledRegions = "enabled"

// WantsEnabledRegions reports whether ctx sets regions=enabled.
func WantsEnabledRegions(ctx map[string]any) bool {
	s, ok := ctx[KeyRegions].(string)
	return ok && strings.TrimSpace(s) == EnabledRegions
}

// WithEnabledRegions returns a copy of ctx whose regions are the enabled
// regions of the aws partition that the catalog knows, in catalog order,
// and the enabled regions left out because the catalog (aws-cdk-go's
// region-info) does not know them yet.
func WithEnabledRegions(ctx map[string]any, enabled []string, catalog []Region) (map[string]any, []string) {
	out := make(map[string]any, len(ctx))
	for k, v := range ctx {
		out[k] = v
	}
	var names []string
	for _, r := range catalog {
		if r.Partition == Partition && slices.Contains(enabled, r.Name) {
			names = append(names, r.Name)
		}
	}
	var unknown []string
	for _, e := range enabled {
		if _, ok := lookup(catalog, e); !ok {
			unknown = append(unknown, e)
		}
	}
	out[KeyRegions] = strings.Join(names, ",")
	return out, unknown
}
