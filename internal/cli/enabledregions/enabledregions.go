// Package enabledregions resolves regions=enabled: the regions the AWS
// account has enabled (opt-in regions included once enabled), asked once
// with the caller's credentials (EC2 DescribeRegions) and cached in
// cdk.context.json under signin-notifier:enabled-regions:ACCOUNT, the way
// the CDK's own lookups cache theirs, so that every later synth is offline
// and deterministic. `cdk context --reset KEY` forgets the value and the
// next synth asks again.
//
// The package never imports aws-cdk-go or jsii: the app passes it the
// context it received and writes nothing else.
package enabledregions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/cli/doctor"
)

// KeyPrefix starts the context key of every cached list.
const KeyPrefix = "signin-notifier:enabled-regions:"

// Key is the context key of account's cached list.
func Key(account string) string { return KeyPrefix + account }

// ContextFile is the file the CDK CLI reads project context from.
const ContextFile = "cdk.context.json"

// Lookup asks AWS for the caller's account and its enabled regions.
type Lookup func(ctx context.Context) (account string, regions []string, err error)

// Resolver resolves regions=enabled.
type Resolver struct {
	// Lookup defaults to AWS (EC2 DescribeRegions).
	Lookup Lookup
	// File defaults to cdk.context.json in the working directory, where
	// the CDK CLI runs the app.
	File string
	// Log receives the one line saying a value was cached.
	Log io.Writer
}

// Resolve returns the enabled regions, sorted: from the context the app
// received (which holds cdk.context.json) when cached for account, else
// asked once and cached. account is CDK_DEFAULT_ACCOUNT ("" when the CLI
// found no credentials); with no account and exactly one cached list, that
// list is used, so an offline synth needs no credentials.
func (r Resolver) Resolve(ctx context.Context, all map[string]any, account string) ([]string, error) {
	if account != "" {
		if v, ok := all[Key(account)]; ok {
			return cached(Key(account), v)
		}
	} else {
		var keys []string
		for k := range all {
			if strings.HasPrefix(k, KeyPrefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		switch len(keys) {
		case 0:
		case 1:
			return cached(keys[0], all[keys[0]])
		default:
			return nil, fmt.Errorf(`context regions="enabled": %s caches the enabled regions of %d accounts (%s) and no credentials say which one is meant: synth with the credentials of the account, or forget the others with cdk context --reset KEY`, r.file(), len(keys), strings.Join(keys, ", "))
		}
	}
	lookup := r.Lookup
	if lookup == nil {
		lookup = AWS
	}
	acct, regions, err := lookup(ctx)
	if err != nil {
		return nil, fmt.Errorf(`context regions="enabled" needs the account's enabled regions once and %s has none cached: %v; then synth again (later synths are offline), or list the regions instead, e.g. -c regions=us-east-1,eu-west-1`, r.file(), err)
	}
	if len(regions) == 0 {
		return nil, fmt.Errorf(`context regions="enabled": account %s reports no enabled region: list the regions instead, e.g. -c regions=us-east-1,eu-west-1`, acct)
	}
	sort.Strings(regions)
	if err := Save(r.file(), Key(acct), regions); err != nil {
		return nil, fmt.Errorf(`context regions="enabled": cannot cache the enabled regions in %s: %v: make it writable, or list the regions instead`, r.file(), err)
	}
	if r.Log != nil {
		fmt.Fprintf(r.Log, "signin-notifier: cached the %d enabled regions of account %s in %s (%s); later synths use them offline, cdk context --reset %s asks again\n", len(regions), acct, r.file(), Key(acct), Key(acct))
	}
	return regions, nil
}

func (r Resolver) file() string {
	if r.File == "" {
		return ContextFile
	}
	return r.File
}

// cached reads a cached value: a non-empty JSON array of region names.
func cached(key string, v any) ([]string, error) {
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
		return nil, fmt.Errorf("context %s=%s is not a list of regions: run cdk context --reset %s and synth again (with credentials)", key, b, key)
	}
	sort.Strings(out)
	return out, nil
}

// AWS is the default Lookup: the caller's usual credential chain (and
// AWS_ENDPOINT_URL), STS for the account, EC2 DescribeRegions with
// AllRegions for the opt-in status, in AWS_REGION or us-east-1.
func AWS(ctx context.Context) (string, []string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	region := firstNonEmpty(os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), os.Getenv("CDK_DEFAULT_REGION"), "us-east-1")
	cfg, account, partition, err := doctor.LoadAWS(ctx, region)
	if err != nil {
		return "", nil, err
	}
	all, err := doctor.Regions(ctx, cfg, partition)
	if err != nil {
		return "", nil, fmt.Errorf("ec2 DescribeRegions in %s failed (%v): allow ec2:DescribeRegions", region, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	var out []string
	for _, r := range all {
		if r.Enabled() {
			out = append(out, r.Name)
		}
	}
	return account, out, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Save sets key to regions in the JSON object file (created when absent),
// keeping every other key, written as the CDK CLI writes it (two-space
// indent) through a temporary file, so a failure leaves the old file.
func Save(file, key string, regions []string) error {
	obj := map[string]json.RawMessage{}
	raw, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(bytes.TrimSpace(raw)) > 0:
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("%s is not a JSON object (%v)", file, err)
		}
	}
	v, err := json.Marshal(regions)
	if err != nil {
		return err
	}
	obj[key] = v
	out, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".cdk.context.*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(out, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
