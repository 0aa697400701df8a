package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Organization describes the AWS Organization of the emulated accounts: who
// is a member (for aws:PrincipalOrgID in bus policies) and in which OU (for
// the stack instances of service-managed StackSets).
type Organization struct {
	// ID is the organization id, o-....
	ID string
	// Accounts maps each member account id to the OU (ou-...) that holds
	// it. OUs are flat here: a StackSet targeting an OU gets the accounts
	// listed with that OU, and one targeting the root (r-...) every account.
	Accounts map[string]string
	// Management is the management account: a member of the organization,
	// but never given instances of a service-managed StackSet.
	Management string
}

// member reports whether account belongs to the organization.
func (o *Organization) member(account string) bool {
	if o == nil {
		return false
	}
	_, ok := o.Accounts[account]
	return ok || (o.Management != "" && account == o.Management)
}

// policyStatement is one statement of an event bus policy, as far as the
// emulator evaluates it: who may call events:PutEvents.
type policyStatement struct {
	sid          string
	allow        bool
	anyPrincipal bool
	accounts     []string
	putEvents    bool
	orgIDs       []string // StringEquals aws:PrincipalOrgID; nil: no condition
	unsupported  string   // a condition the emulator does not model
}

// admits evaluates the bus's resource policy for events:PutEvents by a
// principal of account: an explicit Deny wins, else an Allow is needed.
func (a *Assembly) admits(b *bus, account string) (bool, string) {
	if b == nil {
		return false, "the bus is not defined in the cloud assembly, so no policy admits other accounts"
	}
	allowed := ""
	for _, st := range b.policy {
		if !st.putEvents || st.unsupported != "" {
			continue
		}
		if !st.anyPrincipal && !slices.Contains(st.accounts, account) {
			continue
		}
		if st.orgIDs != nil && (a.opts.Organization == nil || !a.opts.Organization.member(account) || !slices.Contains(st.orgIDs, a.opts.Organization.ID)) {
			continue
		}
		if !st.allow {
			return false, fmt.Sprintf("statement %q of the bus policy denies events:PutEvents to account %s", st.sid, account)
		}
		allowed = st.sid
	}
	if allowed == "" {
		if len(b.policy) == 0 {
			return false, fmt.Sprintf("bus %s has no resource policy, so it refuses events from account %s", b.key, account)
		}
		return false, fmt.Sprintf("no statement of the policy of bus %s admits account %s", b.key, account)
	}
	return true, fmt.Sprintf("admitted by statement %q", allowed)
}

// loadBusPolicy reads AWS::Events::EventBusPolicy: a Statement, or the
// older Action, Principal and Condition properties.
func (a *Assembly) loadBusPolicy(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Events::EventBusPolicy" {
		return nil
	}
	var p struct {
		EventBusName string         `json:"EventBusName"`
		StatementID  string         `json:"StatementId"`
		Statement    map[string]any `json:"Statement"`
		Action       string         `json:"Action"`
		Principal    string         `json:"Principal"`
		Condition    *struct {
			Type, Key, Value string
		} `json:"Condition"`
	}
	if err := a.decodeProps(s, id, &p); err != nil {
		return err
	}
	k := busKey{s.account, s.region, "default"}
	switch {
	case strings.HasPrefix(p.EventBusName, "arn:"):
		bk, ok := busFromARN(p.EventBusName)
		if !ok {
			return fmt.Errorf("%s: EventBusName %q is not an event bus name or ARN", s.loc(id), p.EventBusName)
		}
		k = bk
	case p.EventBusName != "":
		k.name = p.EventBusName
	}
	b := a.ensureBus(k, s.partition)
	if p.Statement != nil {
		st, err := a.parseStatement(p.Statement, s.loc(id))
		if err != nil {
			return err
		}
		b.policy = append(b.policy, st)
		return nil
	}
	st := policyStatement{sid: p.StatementID, allow: true, putEvents: p.Action == "events:PutEvents" || p.Action == "events:*"}
	if p.Principal == "*" {
		st.anyPrincipal = true
	} else {
		st.accounts = []string{p.Principal}
	}
	if c := p.Condition; c != nil {
		if c.Type == "StringEquals" && c.Key == "aws:PrincipalOrgID" {
			st.orgIDs = []string{c.Value}
		} else {
			st.unsupported = c.Type + " " + c.Key
			a.warn("%s: condition %s %s is not modeled: the statement admits nobody", s.loc(id), c.Type, c.Key)
		}
	}
	b.policy = append(b.policy, st)
	return nil
}

// parseStatement reads one IAM policy statement of a bus policy.
func (a *Assembly) parseStatement(raw map[string]any, where string) (policyStatement, error) {
	st := policyStatement{}
	st.sid, _ = raw["Sid"].(string)
	switch raw["Effect"] {
	case "Allow":
		st.allow = true
	case "Deny":
	default:
		return st, fmt.Errorf("%s: statement Effect %v must be Allow or Deny", where, raw["Effect"])
	}
	for _, act := range stringsOf(raw["Action"]) {
		if act == "events:PutEvents" || act == "events:*" || act == "*" {
			st.putEvents = true
		}
	}
	switch pr := raw["Principal"].(type) {
	case string:
		st.anyPrincipal = pr == "*"
	case map[string]any:
		for _, p := range stringsOf(pr["AWS"]) {
			switch {
			case p == "*":
				st.anyPrincipal = true
			case len(p) == 12:
				st.accounts = append(st.accounts, p)
			default:
				if x, ok := parseARN(p); ok && x.service == "iam" {
					st.accounts = append(st.accounts, x.account)
				}
			}
		}
	}
	if cond, ok := raw["Condition"].(map[string]any); ok {
		for op, kv := range cond {
			m, _ := kv.(map[string]any)
			for key, v := range m {
				if op == "StringEquals" && strings.EqualFold(key, "aws:PrincipalOrgID") {
					st.orgIDs = append(st.orgIDs, stringsOf(v)...)
					continue
				}
				st.unsupported = op + " " + key
				a.warn("%s: condition %s %s is not modeled: the statement admits nobody", where, op, key)
			}
		}
	}
	return st, nil
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// stackSetInstances returns the stack instances of the StackSets that s
// defines: the TemplateBody in every target account and region. Service-
// managed targets come from Options.Organization (never its management
// account); self-managed ones are the listed accounts.
func (a *Assembly) stackSetInstances(s *stack) ([]*stackFile, error) {
	var out []*stackFile
	for _, id := range sortedResourceIDs(s.tmpl) {
		r := s.tmpl.Resources[id]
		if r == nil || r.Type != "AWS::CloudFormation::StackSet" {
			continue
		}
		if err := s.refuseCondition(id); err != nil {
			return nil, err
		}
		var p struct {
			StackSetName        string `json:"StackSetName"`
			PermissionModel     string `json:"PermissionModel"`
			TemplateBody        string `json:"TemplateBody"`
			StackInstancesGroup []struct {
				DeploymentTargets struct {
					OrganizationalUnitIds []string `json:"OrganizationalUnitIds"`
					Accounts              []string `json:"Accounts"`
					AccountFilterType     string   `json:"AccountFilterType"`
				} `json:"DeploymentTargets"`
				Regions []string `json:"Regions"`
			} `json:"StackInstancesGroup"`
		}
		if err := a.decodeProps(s, id, &p); err != nil {
			return nil, err
		}
		if p.TemplateBody == "" {
			a.warn("%s: StackSet %s has no TemplateBody (a TemplateURL is not read): no instances", s.loc(id), p.StackSetName)
			continue
		}
		var t cfnTemplate
		dec := json.NewDecoder(bytes.NewReader([]byte(p.TemplateBody)))
		dec.UseNumber()
		if err := dec.Decode(&t); err != nil {
			return nil, fmt.Errorf("%s: TemplateBody is not a JSON template: %v", s.loc(id), err)
		}
		org := a.opts.Organization
		if p.PermissionModel == "SERVICE_MANAGED" {
			for _, g := range p.StackInstancesGroup {
				for _, ou := range g.DeploymentTargets.OrganizationalUnitIds {
					if !slices.Contains(a.stackSetOUs, ou) {
						a.stackSetOUs = append(a.stackSetOUs, ou)
					}
				}
			}
		}
		if p.PermissionModel == "SERVICE_MANAGED" && org == nil {
			a.warn("%s: StackSet %s is service-managed but Options.Organization lists no accounts: no instances", s.loc(id), p.StackSetName)
			continue
		}
		for _, g := range p.StackInstancesGroup {
			dt := g.DeploymentTargets
			var accounts []string
			if p.PermissionModel == "SERVICE_MANAGED" {
				for acct, unit := range org.Accounts {
					if acct == org.Management {
						continue
					}
					if slices.ContainsFunc(dt.OrganizationalUnitIds, func(u string) bool { return u == unit || strings.HasPrefix(u, "r-") }) {
						accounts = append(accounts, acct)
					}
				}
				switch dt.AccountFilterType {
				case "", "NONE":
				case "DIFFERENCE":
					accounts = slices.DeleteFunc(accounts, func(x string) bool { return slices.Contains(dt.Accounts, x) })
				case "INTERSECTION":
					accounts = slices.DeleteFunc(accounts, func(x string) bool { return !slices.Contains(dt.Accounts, x) })
				case "UNION":
					accounts = append(accounts, dt.Accounts...)
				default:
					return nil, fmt.Errorf("%s: AccountFilterType %q must be NONE, DIFFERENCE, INTERSECTION or UNION", s.loc(id), dt.AccountFilterType)
				}
			} else {
				accounts = slices.Clone(dt.Accounts)
			}
			sort.Strings(accounts)
			accounts = slices.Compact(accounts)
			for _, acct := range accounts {
				for _, region := range g.Regions {
					name := "StackSet-" + p.StackSetName + "-" + fakeUUID(p.StackSetName, acct, region)
					out = append(out, &stackFile{artifactID: s.name + "/" + id + "/" + acct + "/" + region, name: name, account: acct, region: region, tmpl: &t})
				}
			}
		}
	}
	return out, nil
}

// PutInAccount is Put for an event recorded in another account, e.g. a
// member account that got the spoke from a StackSet.
func (a *Assembly) PutInAccount(account string, event []byte) (*Trace, error) {
	ev, region, err := parseEnvelope(event)
	if err != nil {
		return nil, err
	}
	return a.route(ev, event, busKey{account, region, "default"}), nil
}

// PutOnBusAs is PutOnBus called by a principal of account: when that is
// not the bus's account, the bus policy decides whether the event enters.
func (a *Assembly) PutOnBusAs(event []byte, busARN, account string) (*Trace, error) {
	ev, k, err := parseForBus(event, busARN)
	if err != nil {
		return nil, err
	}
	if account != k.account {
		if ok, why := a.admits(a.buses[k], account); !ok {
			return &Trace{Event: append([]byte(nil), event...), Steps: []Step{{Kind: StepRefused, Account: k.account, Region: k.region, Bus: k.name, Note: "PutEvents from account " + account + ": " + why}}}, nil
		}
	}
	return a.route(ev, event, k), nil
}

// StackSetOrganizationalUnits returns the OUs (or roots, r-...) that the
// service-managed StackSets of the assembly deploy to, in template order:
// an account there gets the StackSets' stacks when Options.Organization
// lists it under one of them. None without such a StackSet.
func (a *Assembly) StackSetOrganizationalUnits() []string {
	return slices.Clone(a.stackSetOUs)
}

// PolicyOrganizationIDs returns the organization ids whose principals some
// bus policy admits through aws:PrincipalOrgID, sorted.
func (a *Assembly) PolicyOrganizationIDs() []string {
	var ids []string
	for _, b := range a.buses {
		for _, st := range b.policy {
			for _, id := range st.orgIDs {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
	}
	sort.Strings(ids)
	return ids
}
