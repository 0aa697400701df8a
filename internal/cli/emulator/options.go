package emulator

import (
	"net/http"
	"strings"
	"time"
)

// DefaultAccountID replaces "unknown-account" in stack environments when
// Options.AccountID is empty and the stacks name no account.
const DefaultAccountID = "111111111111"

// DefaultMaxHops is the default limit of bus-to-bus forwards for one event.
const DefaultMaxHops = 4

// Options configures Load.
type Options struct {
	// AccountID replaces "unknown-account" in stack environments and is the
	// account whose default bus Put uses. Default: the one account the
	// stacks name, if they all name the same one, else DefaultAccountID.
	AccountID string
	// Partition is the AWS partition. Default: derived from each region
	// ("aws", "aws-cn" for cn-*, "aws-us-gov" for us-gov-*).
	Partition string
	// Secrets resolves {{resolve:secretsmanager:...}} dynamic references:
	// key is the secret name or ARN as written in the template (an ARN also
	// matches its name, with or without the random suffix), value the
	// SecretString. An unresolvable reference is a Load error.
	Secrets map[string]string
	// SecretFallback, if set, resolves secrets missing from Secrets (a
	// preview that does not know the real values). Returning false keeps
	// the reference unresolvable.
	SecretFallback func(id string) (string, bool)
	// HTTPClient sends API destination requests. Default: a client with
	// EventBridge's 5 second timeout.
	HTTPClient *http.Client
	// Endpoint, if set, maps the URL EventBridge would call (invocation
	// endpoint with path parameters and query string applied) to the URL
	// actually dialed, for example a local httptest.Server; see RedirectTo.
	// The trace records both.
	Endpoint func(url string) string
	// Now supplies <aws.events.event.ingestion-time>. Default: time.Now.
	Now func() time.Time
	// MaxHops caps bus-to-bus forwards per event. Default: DefaultMaxHops.
	MaxHops int
	// Organization, if set, makes its accounts members for aws:PrincipalOrgID
	// in bus policies and gives service-managed StackSets their instances.
	// Default: no organization: no account is a member of any.
	Organization *Organization
}

func (o Options) withDefaults() Options {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxHops <= 0 {
		o.MaxHops = DefaultMaxHops
	}
	return o
}

func (o Options) partition(region string) string {
	if o.Partition != "" {
		return o.Partition
	}
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func urlSuffix(partition string) string {
	if partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// RedirectTo returns an Options.Endpoint that keeps the path and query of
// the URL EventBridge would call and replaces its scheme and host with those
// of base, for example an httptest.Server URL.
func RedirectTo(base string) func(string) string {
	base = strings.TrimSuffix(base, "/")
	return func(u string) string {
		rest := u
		if i := strings.Index(u, "://"); i >= 0 {
			rest = u[i+3:]
		}
		if i := strings.IndexAny(rest, "/?"); i >= 0 {
			return base + rest[i:]
		}
		return base + "/"
	}
}
