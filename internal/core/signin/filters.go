package signin

import (
	"fmt"
	"math/big"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Filters keep known-good activity quiet. They compile to event patterns:
// nothing is decided at run time.
type Filters struct {
	// IgnorePrincipals silences events whose userIdentity.arn equals one of
	// these ARNs or matches one of these wildcard patterns (* matches any
	// run of characters), e.g. arn:aws:sts::*:assumed-role/BreakGlassDrill/*.
	IgnorePrincipals []string
	// IgnoreSourceIPs silences events from these IPv4 or IPv6 ranges, for
	// the severities in IgnoreSourceIPsFor only.
	IgnoreSourceIPs []string
	// IgnoreSourceIPsFor are the severities the IP ranges apply to.
	// Default: sign-in and no-mfa (successful sign-ins). A failed sign-in or a
	// root sign-in is silenced by an IP range only when listed here.
	IgnoreSourceIPsFor []Severity
	// Accounts, when set, limits notifications to events of these accounts.
	Accounts []string
}

// DefaultIgnoreSourceIPsFor: IP ranges quiet successful sign-ins only.
var DefaultIgnoreSourceIPsFor = []Severity{SeveritySignIn, SeverityNoMFA}

var accountRE = regexp.MustCompile(`^\d{12}$`)

// Validate checks every filter value.
func (f Filters) Validate() error {
	for _, p := range f.IgnorePrincipals {
		if !strings.HasPrefix(p, "arn:") || strings.ContainsAny(p, " \t\r\n\"\\") || len(p) > 2048 {
			return fmt.Errorf("ignored principal %q is not an arn or arn wildcard: use e.g. arn:aws:iam::111122223333:user/alice or arn:aws:sts::*:assumed-role/BreakGlassDrill/*", p)
		}
		if strings.Contains(p, "**") {
			return fmt.Errorf("ignored principal %q has consecutive wildcards, which EventBridge rejects: use a single *", p)
		}
	}
	if _, _, err := parseCIDRs(f.IgnoreSourceIPs); err != nil {
		return err
	}
	for _, s := range f.IgnoreSourceIPsFor {
		if !slices.Contains(Severities, s) {
			return fmt.Errorf("unknown severity %q for ignored source IPs: use %s", s, joinSeverities(Severities))
		}
	}
	for i, a := range f.Accounts {
		if !accountRE.MatchString(a) {
			return fmt.Errorf("account %q is not a 12-digit account id", a)
		}
		if slices.Contains(f.Accounts[:i], a) {
			return fmt.Errorf("account %q is listed twice: list each account once", a)
		}
	}
	return nil
}

// apply adds the filters to the pattern of a rule of severity sev in group
// g. Source ranges apply to the console sign-in rules only: root credential
// changes, AssumeRoot, anomaly alerts and tampering are never silenced. The
// account filter applies to every rule. IgnorePrincipals is not applied
// here but once, by the forwarders (ForwardPattern), so that no severity
// rule needs a wildcard.
func (f Filters) apply(p Pattern, sev Severity, g Group) (Pattern, error) {
	if len(f.Accounts) > 0 {
		p.Account = slices.Clone(f.Accounts)
	}
	if p.Detail == nil || g != GroupSignIn {
		return p, nil
	}
	severities := f.IgnoreSourceIPsFor
	if severities == nil {
		severities = DefaultIgnoreSourceIPsFor
	}
	if len(f.IgnoreSourceIPs) > 0 && slices.Contains(severities, sev) {
		keep, err := complementCIDRs(f.IgnoreSourceIPs)
		if err != nil {
			return Pattern{}, err
		}
		matchers := make([]any, len(keep))
		for i, c := range keep {
			// A single address is an exact value: CloudFormation's schema
			// for cidr rejects host prefixes (/32, /128).
			if p := netip.MustParsePrefix(c); p.IsSingleIP() {
				matchers[i] = p.Addr().String()
			} else {
				matchers[i] = map[string]any{"cidr": c}
			}
		}
		p.SourceIPs = matchers
	}
	return p, nil
}

func parseCIDRs(list []string) (v4, v6 []netip.Prefix, err error) {
	for _, s := range list {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, nil, fmt.Errorf("ignored source range %q is not a CIDR: use e.g. 203.0.113.0/24 or 2001:db8::/32", s)
		}
		if p.Masked() != p {
			return nil, nil, fmt.Errorf("ignored source range %q has host bits set: use %s", s, p.Masked())
		}
		if p.Addr().Is4() {
			v4 = append(v4, p)
		} else {
			v6 = append(v6, p)
		}
	}
	return v4, v6, nil
}

// complementCIDRs returns the smallest list of CIDRs that covers every IPv4
// and IPv6 address outside the ignored ranges. EventBridge has no
// "anything-but cidr", so a rule lists the ranges it keeps.
func complementCIDRs(ignored []string) ([]string, error) {
	v4, v6, err := parseCIDRs(ignored)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, fam := range []struct {
		all     netip.Prefix
		ignored []netip.Prefix
	}{{netip.MustParsePrefix("0.0.0.0/0"), v4}, {netip.MustParsePrefix("::/0"), v6}} {
		for _, p := range complement(fam.all, fam.ignored) {
			out = append(out, p.String())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the ignored source ranges cover every IPv4 and IPv6 address: remove 0.0.0.0/0 and ::/0, or route those severities nowhere")
	}
	return out, nil
}

// complement splits p until no piece partly overlaps an ignored range.
func complement(p netip.Prefix, ignored []netip.Prefix) []netip.Prefix {
	overlap := false
	for _, ig := range ignored {
		if ig.Bits() <= p.Bits() && ig.Contains(p.Addr()) {
			return nil // p is inside an ignored range
		}
		if p.Overlaps(ig) {
			overlap = true
		}
	}
	if !overlap {
		return []netip.Prefix{p}
	}
	lo, hi := halves(p)
	return append(complement(lo, ignored), complement(hi, ignored)...)
}

// halves splits p into its two sub-prefixes one bit longer.
func halves(p netip.Prefix) (netip.Prefix, netip.Prefix) {
	bits := p.Bits() + 1
	addr := p.Addr()
	size := addr.BitLen()
	n := new(big.Int).SetBytes(addr.AsSlice())
	n.SetBit(n, size-bits, 1)
	b := n.FillBytes(make([]byte, size/8))
	hiAddr, _ := netip.AddrFromSlice(b)
	return netip.PrefixFrom(addr, bits), netip.PrefixFrom(hiAddr, bits)
}
