package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

// Assembly is a loaded cloud assembly: every region's buses, rules, targets,
// API destinations and connections, ready to route events.
type Assembly struct {
	opts    Options
	account string
	stacks  []*stack
	buses   map[busKey]*bus
	dests   map[string]*apiDestination // by ARN
	conns   map[string]*connection     // by ARN
	queues  map[string]string          // SQS queue ARN -> label
	// schedules are the AWS::Scheduler::Schedule resources (schedules.go).
	schedules []Schedule
	// stackSetOUs are the OUs (and roots) the service-managed StackSets
	// target, in template order.
	stackSetOUs []string
	warnings    []string
}

type bus struct {
	key       busKey
	arn       string
	stack     string // "" for a default bus or a bus no stack defines
	logicalID string
	external  bool
	rules     []*rule
	// policy is the bus's resource policy (AWS::Events::EventBusPolicy).
	policy []policyStatement
}

type rule struct {
	stack, logicalID, path, name, arn string
	bus                               busKey
	pattern                           *eventbridge.Pattern
	schedule                          string
	enabled                           bool
	// readOnlyEvents: the state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS,
	// the only one that matches read-only management events.
	readOnlyEvents bool
	targets        []*target
}

type targetKind int

const (
	targetOther targetKind = iota
	targetBus
	targetAPIDestination
	targetQueue
)

type target struct {
	id, arn, roleArn string
	kind             targetKind
	bus              busKey
	dest             *apiDestination
	input            eventbridge.Input
	inputDesc        string
	inputText        string // Input, InputPath or InputTemplate as written
	headers, query   map[string]string
	pathValues       []string
	dlqArn           string
	retry            string
}

type apiDestination struct {
	stack, logicalID, path, name, arn string
	method, endpoint, endpointSource  string
	rate                              int
	connArn                           string
	conn                              *connection
}

type connection struct {
	stack, logicalID, name, arn, authType string
	apiKeyName, apiKeyValue               string
	basicUser, basicPass                  string
	headers, query, body                  []httpParam
}

type httpParam struct {
	Key           string `json:"Key"`
	Value         string `json:"Value"`
	IsValueSecret bool   `json:"IsValueSecret"`
}

// Load reads the cloud assembly in dir (a cdk.out directory), resolves every
// stack and builds the EventBridge model. Errors name the stack, resource and
// property at fault.
func Load(dir string, opts Options) (*Assembly, error) {
	files, err := readAssembly(dir)
	if err != nil {
		return nil, err
	}
	a := &Assembly{
		opts:  opts.withDefaults(),
		buses: map[busKey]*bus{},
		dests: map[string]*apiDestination{},
		conns: map[string]*connection{},
	}
	a.account = chooseAccount(opts.AccountID, files)
	add := func(f *stackFile) {
		acct := f.account
		if acct == "" {
			acct = a.account
		}
		s := &stack{stackFile: f, account: acct, partition: a.opts.partition(f.region),
			names: map[string]string{}, busy: map[string]bool{}}
		a.stacks = append(a.stacks, s)
		a.ensureBus(busKey{acct, f.region, "default"}, s.partition)
	}
	for _, f := range files {
		add(f)
	}
	// StackSet instances are stacks of their own, in their accounts.
	for _, s := range slices.Clone(a.stacks) {
		instances, err := a.stackSetInstances(s)
		if err != nil {
			return nil, err
		}
		for _, f := range instances {
			add(f)
		}
	}
	steps := []func(*stack, string, *cfnResource) error{a.loadBus, a.loadBusPolicy, a.loadConnection, a.loadDestination, a.loadRule, a.loadSchedule}
	for _, step := range steps {
		for _, s := range a.stacks {
			for _, id := range sortedResourceIDs(s.tmpl) {
				r := s.tmpl.Resources[id]
				if r == nil {
					return nil, fmt.Errorf("%s: resource is null", s.loc(id))
				}
				if err := s.refuseCondition(id); err != nil {
					return nil, err
				}
				if err := step(s, id, r); err != nil {
					return nil, err
				}
			}
		}
		a.linkDestinations()
	}
	a.indexQueues()
	for _, b := range a.buses {
		sort.Slice(b.rules, func(i, j int) bool {
			if b.rules[i].stack != b.rules[j].stack {
				return b.rules[i].stack < b.rules[j].stack
			}
			return b.rules[i].logicalID < b.rules[j].logicalID
		})
	}
	return a, nil
}

// chooseAccount applies the Options.AccountID default.
func chooseAccount(opt string, files []*stackFile) string {
	if opt != "" {
		return opt
	}
	seen := map[string]bool{}
	for _, f := range files {
		if f.account != "" {
			seen[f.account] = true
		}
	}
	if len(seen) == 1 {
		for acct := range seen {
			return acct
		}
	}
	return DefaultAccountID
}

func (a *Assembly) ensureBus(k busKey, partition string) *bus {
	if b, ok := a.buses[k]; ok {
		return b
	}
	b := &bus{key: k, arn: k.arn(partition)}
	a.buses[k] = b
	return b
}

// decodeProps resolves a resource's properties, substitutes dynamic
// references and decodes them into out.
func (a *Assembly) decodeProps(s *stack, id string, out any) error {
	r := s.tmpl.Resources[id]
	v, err := s.resolve(r.Properties, id, "")
	if err != nil {
		return err
	}
	if r.Properties == nil {
		v = map[string]any{}
	}
	v, err = a.substituteDynamicRefs(v, s.loc(id))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("%s: %v", s.loc(id), err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), out); err != nil {
		return fmt.Errorf("%s (%s): unexpected property shape: %v", s.loc(id), r.Type, err)
	}
	return nil
}

func (a *Assembly) warn(format string, args ...any) {
	a.warnings = append(a.warnings, fmt.Sprintf(format, args...))
}

func (a *Assembly) loadBus(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Events::EventBus" {
		return nil
	}
	if r.Properties["Name"] == nil {
		return fmt.Errorf("%s: AWS::Events::EventBus needs a Name", s.loc(id))
	}
	name, err := s.physicalName(id)
	if err != nil {
		return err
	}
	k := busKey{s.account, s.region, name}
	if name == "default" {
		return fmt.Errorf("%s: an event bus cannot be named \"default\": that is the account's default bus", s.loc(id))
	}
	if b, dup := a.buses[k]; dup {
		return fmt.Errorf("%s: event bus %q is already defined by stack %s resource %s", s.loc(id), name, b.stack, b.logicalID)
	}
	b := a.ensureBus(k, s.partition)
	b.stack, b.logicalID = s.name, id
	return nil
}

func (a *Assembly) loadConnection(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Events::Connection" {
		return nil
	}
	var p struct {
		AuthorizationType string `json:"AuthorizationType"`
		AuthParameters    struct {
			ApiKeyAuthParameters *struct {
				ApiKeyName  string `json:"ApiKeyName"`
				ApiKeyValue string `json:"ApiKeyValue"`
			} `json:"ApiKeyAuthParameters"`
			BasicAuthParameters *struct {
				Username string `json:"Username"`
				Password string `json:"Password"`
			} `json:"BasicAuthParameters"`
			OAuthParameters          json.RawMessage `json:"OAuthParameters"`
			InvocationHttpParameters *struct {
				HeaderParameters      []httpParam `json:"HeaderParameters"`
				QueryStringParameters []httpParam `json:"QueryStringParameters"`
				BodyParameters        []httpParam `json:"BodyParameters"`
			} `json:"InvocationHttpParameters"`
		} `json:"AuthParameters"`
	}
	if err := a.decodeProps(s, id, &p); err != nil {
		return err
	}
	name, arn, err := s.nameAndARN(id)
	if err != nil {
		return err
	}
	c := &connection{stack: s.name, logicalID: id, name: name, arn: arn, authType: p.AuthorizationType}
	ap := p.AuthParameters
	switch p.AuthorizationType {
	case "API_KEY":
		if ap.ApiKeyAuthParameters == nil || ap.ApiKeyAuthParameters.ApiKeyName == "" || ap.ApiKeyAuthParameters.ApiKeyValue == "" {
			return fmt.Errorf("%s: AuthorizationType API_KEY needs AuthParameters.ApiKeyAuthParameters with ApiKeyName and ApiKeyValue", s.loc(id))
		}
		c.apiKeyName, c.apiKeyValue = ap.ApiKeyAuthParameters.ApiKeyName, ap.ApiKeyAuthParameters.ApiKeyValue
	case "BASIC":
		if ap.BasicAuthParameters == nil || ap.BasicAuthParameters.Username == "" || ap.BasicAuthParameters.Password == "" {
			return fmt.Errorf("%s: AuthorizationType BASIC needs AuthParameters.BasicAuthParameters with Username and Password", s.loc(id))
		}
		c.basicUser, c.basicPass = ap.BasicAuthParameters.Username, ap.BasicAuthParameters.Password
	case "OAUTH_CLIENT_CREDENTIALS":
		if len(ap.OAuthParameters) == 0 {
			return fmt.Errorf("%s: AuthorizationType OAUTH_CLIENT_CREDENTIALS needs AuthParameters.OAuthParameters", s.loc(id))
		}
	default:
		return fmt.Errorf("%s: AuthorizationType %q must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS", s.loc(id), p.AuthorizationType)
	}
	if ihp := ap.InvocationHttpParameters; ihp != nil {
		c.headers, c.query, c.body = ihp.HeaderParameters, ihp.QueryStringParameters, ihp.BodyParameters
	}
	a.conns[c.arn] = c
	return nil
}

var httpMethods = map[string]bool{"POST": true, "GET": true, "HEAD": true, "OPTIONS": true, "PUT": true, "PATCH": true, "DELETE": true}

func (a *Assembly) loadDestination(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Events::ApiDestination" {
		return nil
	}
	var p struct {
		ConnectionArn                string `json:"ConnectionArn"`
		HttpMethod                   string `json:"HttpMethod"`
		InvocationEndpoint           string `json:"InvocationEndpoint"`
		InvocationRateLimitPerSecond *int   `json:"InvocationRateLimitPerSecond"`
	}
	if err := a.decodeProps(s, id, &p); err != nil {
		return err
	}
	source, err := s.resolveString(r.Properties["InvocationEndpoint"], id, "InvocationEndpoint")
	if err != nil {
		return err
	}
	name, arn, err := s.nameAndARN(id)
	if err != nil {
		return err
	}
	if !httpMethods[p.HttpMethod] {
		return fmt.Errorf("%s: HttpMethod %q must be one of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE", s.loc(id), p.HttpMethod)
	}
	ep := p.InvocationEndpoint
	if len(ep) < 9 || ep[:8] != "https://" || len(ep) > 2048 {
		return fmt.Errorf("%s: InvocationEndpoint %s must be an https:// URL of at most 2048 characters", s.loc(id), redactEndpoint(source, ep))
	}
	rate := 300
	if p.InvocationRateLimitPerSecond != nil {
		if *p.InvocationRateLimitPerSecond < 1 {
			return fmt.Errorf("%s: InvocationRateLimitPerSecond %d must be at least 1", s.loc(id), *p.InvocationRateLimitPerSecond)
		}
		rate = *p.InvocationRateLimitPerSecond
	}
	if p.ConnectionArn == "" {
		return fmt.Errorf("%s: ApiDestination needs a ConnectionArn", s.loc(id))
	}
	a.dests[arn] = &apiDestination{
		stack: s.name, logicalID: id, path: r.cdkPath(), name: name, arn: arn,
		method: p.HttpMethod, endpoint: ep, endpointSource: source, rate: rate, connArn: p.ConnectionArn,
	}
	return nil
}

// linkDestinations attaches each API destination to its connection; a
// missing connection is reported when a rule targets the destination.
func (a *Assembly) linkDestinations() {
	for _, d := range a.dests {
		if d.conn == nil {
			d.conn = a.conns[d.connArn]
		}
	}
}

// redactEndpoint shows where an endpoint came from without printing a
// secret-derived URL.
func redactEndpoint(source, resolved string) string {
	if source != resolved {
		return fmt.Sprintf("%q (resolved from %s)", "<redacted>", source)
	}
	return fmt.Sprintf("%q", resolved)
}

// nameAndARN returns the physical name and the ARN of resource id.
func (s *stack) nameAndARN(id string) (name, arn string, err error) {
	if name, err = s.physicalName(id); err != nil {
		return "", "", err
	}
	v, err := s.getAtt(id, "Arn", id, "")
	if err != nil {
		return "", "", err
	}
	return name, v.(string), nil
}
