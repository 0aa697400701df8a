package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// EnabledRegions is the regions value that means "every region the account
// has enabled", read from the cache `signin-notifier enabled-regions` writes
// (CachedEnabledRegions) before Parse.
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

// EnabledRegionsKeyPrefix starts the context key under which
// `signin-notifier enabled-regions` caches an account's enabled regions in
// cdk.context.json, the way the CDK's own lookups cache theirs.
const EnabledRegionsKeyPrefix = "signin-notifier:enabled-regions:"

// EnabledRegionsKey is the context key of account's cached list.
func EnabledRegionsKey(account string) string { return EnabledRegionsKeyPrefix + account }

// lookupFix is what to do when no list is cached.
const lookupFix = "run make regions (bin/signin-notifier enabled-regions) once with the account's credentials, then synth again (later synths are offline); or list the regions, e.g. -c regions=us-east-1,eu-west-1"

// CachedEnabledRegions returns, sorted, the enabled regions cached in the
// app's context (which holds cdk.context.json) for account, the account of
// the CLI's credentials ("" when it found none; then the one cached list,
// if there is exactly one). The app never asks AWS itself: it links no AWS
// SDK, and every synth stays offline and deterministic.
func CachedEnabledRegions(all map[string]any, account string) ([]string, error) {
	key := EnabledRegionsKey(account)
	if account == "" {
		var keys []string
		for k := range all {
			if strings.HasPrefix(k, EnabledRegionsKeyPrefix) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		switch len(keys) {
		case 0:
			return nil, fmt.Errorf(`context regions="enabled": cdk.context.json caches the enabled regions of no account: %s`, lookupFix)
		case 1:
			key = keys[0]
		default:
			return nil, fmt.Errorf(`context regions="enabled": cdk.context.json caches the enabled regions of %d accounts (%s) and no credentials say which one is meant: synth with the credentials of the account, or forget the others with cdk context --reset KEY`, len(keys), strings.Join(keys, ", "))
		}
	}
	v, ok := all[key]
	if !ok {
		return nil, fmt.Errorf(`context regions="enabled": cdk.context.json caches no enabled regions of account %s: %s`, account, lookupFix)
	}
	list, ok := v.([]any)
	var out []string
	for _, item := range list {
		s, isString := item.(string)
		if !isString || s == "" {
			ok = false
			break
		}
		out = append(out, s)
	}
	if !ok || len(out) == 0 {
		b, _ := json.Marshal(v)
		return nil, fmt.Errorf("context %s=%s is not a list of regions: run cdk context --reset %s, then make regions again", key, b, key)
	}
	slices.Sort(out)
	return out, nil
}
