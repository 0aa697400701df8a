// Package enabledregions is the command `signin-notifier enabled-regions`:
// it asks AWS once, with the caller's credentials (STS and EC2
// DescribeRegions), which regions the account has enabled (opt-in regions
// included once enabled), and caches them in cdk.context.json under
// signin-notifier:enabled-regions:ACCOUNT, the way the CDK's own lookups
// cache theirs. The CDK app reads that cache for regions=enabled and never
// asks AWS itself (config.CachedEnabledRegions), so every synth is offline
// and deterministic and the app links no AWS SDK.
package enabledregions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
	"github.com/signin-notifier/signin-notifier/internal/cli/doctor"
)

// ContextFile is the file the CDK CLI reads project context from.
const ContextFile = "cdk.context.json"

// Lookup asks AWS for the caller's account and its enabled regions.
type Lookup func(ctx context.Context) (account string, regions []string, err error)

// Main runs `signin-notifier enabled-regions [--context FILE]`: it asks AWS
// once for the account's enabled regions and caches them in FILE (default
// cdk.context.json) under config.EnabledRegionsKey(account), keeping every
// other key. It returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, AWS)
}

// Usage is the enabled-regions part of the command's usage text.
const Usage = `  signin-notifier enabled-regions [--context FILE]
      ask AWS once (your usual credentials) which regions the account has
      enabled, opt-in ones included, and cache them in FILE (default
      cdk.context.json), where synth with -c regions=enabled reads them
      offline (make regions runs this); run it again after enabling a region
`

func run(args []string, stdout, stderr io.Writer, lookup Lookup) int {
	fs := flag.NewFlagSet("enabled-regions", flag.ContinueOnError)
	file := fs.String("context", ContextFile, "the context file to cache the regions in")
	const synopsis = "enabled-regions [--context FILE]"
	err := cmdline.Parse(fs, args, synopsis)
	if err == nil && fs.NArg() > 0 {
		err = cmdline.Usagef("unexpected argument %q: use %s", fs.Arg(0), synopsis)
	}
	if err != nil {
		return cmdline.Report(err, "enabled-regions", "usage:\n"+Usage, stdout, stderr)
	}
	account, regions, err := Resolve(context.Background(), *file, lookup)
	if err != nil {
		return cmdline.Report(err, "enabled-regions", "", stdout, stderr)
	}
	key := config.EnabledRegionsKey(account)
	fmt.Fprintf(stdout, "cached the %d enabled regions of account %s in %s (%s): %s\nsynth with -c regions=enabled uses them offline; run this again after enabling a region\n",
		len(regions), account, *file, key, strings.Join(regions, ","))
	return 0
}

// Resolve asks lookup for the account's enabled regions and caches them,
// sorted, in file; on failure it writes nothing.
func Resolve(ctx context.Context, file string, lookup Lookup) (string, []string, error) {
	acct, regions, err := lookup(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("cannot look up the account's enabled regions: %v", err)
	}
	if len(regions) == 0 {
		return "", nil, fmt.Errorf("account %s reports no enabled region: list the regions instead, e.g. -c regions=us-east-1,eu-west-1", acct)
	}
	sort.Strings(regions)
	if err := Save(file, config.EnabledRegionsKey(acct), regions); err != nil {
		return "", nil, fmt.Errorf("cannot cache the enabled regions in %s: %v: make it writable, or list the regions instead", file, err)
	}
	return acct, regions, nil
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
