package doctor

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Result is one line of the report. Names are stable: cloudtrail, regions,
// stacks, rules, secrets, dead-letter, alarms.
type Result struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Fix    string `json:"fix"`
	// Findings are the problems behind Detail, one per resource (or
	// region), each with the stack and region it is in.
	Findings []Finding `json:"findings,omitempty"`
}

// Finding is one problem a check found.
type Finding struct {
	// Stack is the stack of the resource; "" for a region or a secret
	// (see Stacks).
	Stack string `json:"stack,omitempty"`
	// Stacks are the stacks that read a secret.
	Stacks []string `json:"stacks,omitempty"`
	Region string   `json:"region,omitempty"`
	// Resource is the logical id of the resource in its stack, a secret's
	// name or a trail's name; "" for a stack or a region.
	Resource string `json:"resource,omitempty"`
	Problem  string `json:"problem"`
}

// Summary is the last line of the text report: how many checks pass, and
// which fail.
func Summary(results []Result) string {
	var failed []string
	for _, r := range results {
		if !r.OK {
			failed = append(failed, r.Name)
		}
	}
	line := fmt.Sprintf("%d of %d checks pass", len(results)-len(failed), len(results))
	if len(failed) > 0 {
		line += fmt.Sprintf("; %d fail: %s", len(failed), strings.Join(failed, ", "))
	}
	return line
}

// Check names, in report order.
const (
	CheckCloudTrail = "cloudtrail"
	CheckRegions    = "regions"
	CheckStacks     = "stacks"
	CheckRules      = "rules"
	CheckSecrets    = "secrets"
	CheckDeadLetter = "dead-letter"
	CheckAlarms     = "alarms"
)

// Trail is what doctor learned about one CloudTrail trail.
type Trail struct {
	Name, ARN, HomeRegion string
	MultiRegion           bool
	Organization          bool
	// Logging is GetTrailStatus IsLogging.
	Logging bool
	// Management says the trail's event selectors include write management
	// events from signin.amazonaws.com.
	Management bool
	// Err is why the status or selectors could not be read.
	Err string
}

// covers reports whether the trail records events of region.
func (t Trail) covers(region string) bool { return t.MultiRegion || t.HomeRegion == region }

// JudgeCloudTrail: sign-in events reach EventBridge only from a trail that
// is logging management events, in the region where they are recorded.
func JudgeCloudTrail(trails []Trail, deployed []string, listErr string) Result {
	r := Result{Name: CheckCloudTrail}
	create := "create a multi-region trail that logs management events: aws cloudtrail create-trail --name management --s3-bucket-name BUCKET --is-multi-region-trail, then aws cloudtrail start-logging --name management"
	if listErr != "" {
		r.Detail, r.Fix = "cannot list trails: "+listErr, "allow cloudtrail:DescribeTrails, GetTrailStatus and GetEventSelectors, then run doctor again"
		return r
	}
	if len(trails) == 0 {
		r.Detail, r.Fix = "no CloudTrail trail: console sign-in events reach EventBridge only through a trail", create
		return r
	}
	covered := map[string][]string{}
	var problems, notes []string
	var fixes []string
	for _, t := range trails {
		switch {
		case t.Err != "" && t.Organization:
			// A member account sees the organization's trail but may not
			// read its status or selectors; the management account can.
			notes = append(notes, fmt.Sprintf("organization trail %s counted unverified (%s): check it from the management account", t.Name, t.Err))
			for _, reg := range deployed {
				if t.covers(reg) {
					covered[reg] = append(covered[reg], t.Name)
				}
			}
		case t.Err != "":
			problems = append(problems, fmt.Sprintf("trail %s: %s", t.Name, t.Err))
		case !t.Logging:
			problems = append(problems, fmt.Sprintf("trail %s is not logging", t.Name))
			fixes = append(fixes, fmt.Sprintf("aws cloudtrail start-logging --name %s --region %s", t.ARN, t.HomeRegion))
		case !t.Management:
			problems = append(problems, fmt.Sprintf("trail %s does not log write management events of signin.amazonaws.com", t.Name))
			fixes = append(fixes, fmt.Sprintf(`aws cloudtrail put-event-selectors --trail-name %s --region %s --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`, t.ARN, t.HomeRegion))
		default:
			for _, reg := range deployed {
				if t.covers(reg) {
					covered[reg] = append(covered[reg], t.Name)
				}
			}
		}
	}
	var missing []string
	for _, reg := range deployed {
		if len(covered[reg]) == 0 {
			missing = append(missing, reg)
		}
	}
	if len(missing) == 0 {
		var names []string
		for _, t := range trails {
			if t.Err == "" && t.Logging && t.Management && !slices.Contains(names, t.Name) {
				kind := "single-region " + t.HomeRegion
				if t.MultiRegion {
					kind = "multi-region"
				}
				if t.Organization {
					kind = "organization, " + kind
				}
				names = append(names, fmt.Sprintf("%s (%s)", t.Name, kind))
			}
		}
		r.OK = true
		if len(names) == 0 {
			r.Detail = fmt.Sprintf("all %d deployed regions are covered", len(deployed))
		} else {
			r.Detail = fmt.Sprintf("%s logs management events of all %d deployed regions", strings.Join(names, ", "), len(deployed))
		}
		if len(notes) > 0 {
			r.Detail += "; " + strings.Join(notes, "; ")
		}
		return r
	}
	for _, reg := range missing {
		r.Findings = append(r.Findings, Finding{Region: reg, Problem: "no logging trail with management events covers the region"})
	}
	r.Detail = fmt.Sprintf("sign-ins in %s reach no logging trail with management events", list(missing))
	if len(problems) > 0 {
		r.Detail += " (" + strings.Join(problems, "; ") + ")"
	}
	if len(fixes) > 0 {
		r.Fix = strings.Join(fixes, "; ")
	} else {
		r.Fix = "make a trail multi-region (aws cloudtrail update-trail --name NAME --is-multi-region-trail), or " + create
	}
	return r
}

// SelectorsLogSignIn judges a trail's event selectors: a trail without
// custom selectors logs all management events; basic selectors need
// IncludeManagementEvents and a ReadWriteType other than ReadOnly; an
// advanced selector needs eventCategory = Management and must neither keep
// only read-only events nor exclude signin.amazonaws.com (CloudTrail API
// reference, EventSelector and AdvancedFieldSelector).
func SelectorsLogSignIn(custom bool, basic []BasicSelector, advanced [][]FieldSelector) bool {
	if !custom && len(basic) == 0 && len(advanced) == 0 {
		return true
	}
	for _, b := range basic {
		if b.IncludeManagementEvents && b.ReadWriteType != "ReadOnly" {
			return true
		}
	}
	for _, fields := range advanced {
		if advancedLogsSignIn(fields) {
			return true
		}
	}
	return false
}

// BasicSelector is the part of a CloudTrail EventSelector doctor reads.
type BasicSelector struct {
	ReadWriteType           string
	IncludeManagementEvents bool
}

// FieldSelector is one AdvancedFieldSelector.
type FieldSelector struct {
	Field                                   string
	Equals, NotEquals, StartsWith, EndsWith []string
	NotStartsWith, NotEndsWith              []string
}

func advancedLogsSignIn(fields []FieldSelector) bool {
	management := false
	for _, f := range fields {
		switch f.Field {
		case "eventCategory":
			if slices.Contains(f.Equals, "Management") {
				management = true
			}
		case "readOnly":
			if slices.Contains(f.Equals, "true") {
				return false
			}
		case "eventSource":
			const src = "signin.amazonaws.com"
			if slices.Contains(f.NotEquals, src) || (len(f.Equals) > 0 && !slices.Contains(f.Equals, src)) {
				return false
			}
			for _, p := range f.NotStartsWith {
				if strings.HasPrefix(src, p) {
					return false
				}
			}
			if len(f.StartsWith) > 0 && !slices.ContainsFunc(f.StartsWith, func(p string) bool { return strings.HasPrefix(src, p) }) {
				return false
			}
		}
	}
	return management
}

// RegionStatus is one row of EC2 DescribeRegions(AllRegions=true).
type RegionStatus struct {
	Name string
	// OptInStatus is opt-in-not-required, opted-in or not-opted-in.
	OptInStatus string
}

// Enabled reports whether the account can use the region.
func (r RegionStatus) Enabled() bool {
	return r.OptInStatus == "opt-in-not-required" || r.OptInStatus == "opted-in"
}

// JudgeRegions compares the account's enabled regions with the deployed
// ones: a sign-in is recorded in the region of its endpoint, so an enabled
// region without a stack is a blind spot, and a stack in a disabled region
// cannot be deployed.
func JudgeRegions(all []RegionStatus, deployed []string, listErr string) Result {
	r := Result{Name: CheckRegions}
	if listErr != "" {
		r.Detail, r.Fix = "cannot list the account's regions: "+listErr, "allow ec2:DescribeRegions, then run doctor again"
		return r
	}
	enabled := map[string]bool{}
	known := map[string]bool{}
	for _, s := range all {
		known[s.Name] = true
		if s.Enabled() {
			enabled[s.Name] = true
		}
	}
	var unknown, disabled, unwatched []string
	for _, reg := range deployed {
		switch {
		case !known[reg]:
			unknown = append(unknown, reg)
		case !enabled[reg]:
			disabled = append(disabled, reg)
		}
	}
	for reg := range enabled {
		if !slices.Contains(deployed, reg) {
			unwatched = append(unwatched, reg)
		}
	}
	sort.Strings(unwatched)
	var bad, fixes []string
	for _, f := range []struct {
		regions []string
		problem string
	}{{unknown, "unknown to the account"}, {disabled, "deployed, not enabled in the account"}, {unwatched, "enabled, no stack"}} {
		for _, reg := range f.regions {
			r.Findings = append(r.Findings, Finding{Region: reg, Problem: f.problem})
		}
	}
	if len(unknown) > 0 {
		bad = append(bad, "the account does not know "+list(unknown))
		fixes = append(fixes, "remove them from regions")
	}
	if len(disabled) > 0 {
		bad = append(bad, "deployed to "+list(disabled)+", not enabled in the account")
		fixes = append(fixes, "enable them (Account settings, Regions) or remove them from regions")
	}
	if len(unwatched) > 0 {
		bad = append(bad, fmt.Sprintf("%d enabled regions have no stack: %s", len(unwatched), list(unwatched)))
		fixes = append(fixes, RegionsFix)
	}
	if len(bad) == 0 {
		r.OK = true
		r.Detail = fmt.Sprintf("all %d enabled regions are deployed", len(enabled))
		return r
	}
	r.Detail = strings.Join(bad, "; ")
	r.Fix = strings.Join(fixes, "; ")
	return r
}

// RegionsFix is the fix for enabled regions without a stack: regions=enabled
// reads the account's enabled regions from the cache `make regions`
// (signin-notifier enabled-regions) writes in cdk.context.json.
const RegionsFix = `deploy to them too: run make regions (it caches the account's enabled regions in cdk.context.json), then make synth ARGS="-c regions=enabled" (or list them in regions), then cdk deploy --all, so sign-ins there are seen`

// StackState is what CloudFormation said about one expected stack.
type StackState struct {
	Stack Stack
	// Status is DescribeStacks StackStatus; "" when the stack is absent.
	Status string
	// Err is why DescribeStacks failed; ListErr why ListStackResources did.
	Err, ListErr string
}

// Healthy reports a stack whose last operation succeeded.
func (s StackState) Healthy() bool {
	switch s.Status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE":
		return true
	}
	return false
}

// JudgeStacks: every stack of the assembly is deployed and healthy.
func JudgeStacks(states []StackState) Result {
	r := Result{Name: CheckStacks}
	var missing, unhealthy, failed []string
	for _, s := range states {
		problem := ""
		switch {
		case s.Err != "":
			failed = append(failed, fmt.Sprintf("%s: %s", s.Stack.Name, s.Err))
			problem = "cannot ask: " + s.Err
		case s.Status == "":
			missing = append(missing, s.Stack.Name)
			problem = "not deployed"
		case !s.Healthy():
			unhealthy = append(unhealthy, fmt.Sprintf("%s is %s", s.Stack.Name, s.Status))
			problem = s.Status
		case s.ListErr != "":
			failed = append(failed, fmt.Sprintf("%s: cannot list its resources: %s", s.Stack.Name, s.ListErr))
			problem = "cannot list its resources: " + s.ListErr
		}
		if problem != "" {
			r.Findings = append(r.Findings, Finding{Stack: s.Stack.Name, Region: s.Stack.Region, Problem: problem})
		}
	}
	if len(missing)+len(unhealthy)+len(failed) == 0 {
		r.OK = true
		r.Detail = fmt.Sprintf("all %d stacks are deployed and healthy", len(states))
		return r
	}
	var bad, fixes []string
	if len(missing) > 0 {
		bad = append(bad, fmt.Sprintf("%d of %d stacks not deployed: %s", len(missing), len(states), list(missing)))
		fixes = append(fixes, "tools/cdk/node_modules/.bin/cdk deploy --all")
	}
	if len(unhealthy) > 0 {
		bad = append(bad, list(unhealthy))
		fixes = append(fixes, "wait for a stack that is IN_PROGRESS; otherwise read its events (aws cloudformation describe-stack-events --stack-name NAME --region REGION), fix the cause and deploy again")
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow cloudformation:DescribeStacks and ListStackResources in those regions")
	return r.with(bad, fixes)
}

// Item is one live resource doctor looked at: a rule, a secret, a queue or
// an alarm.
type Item struct {
	Stack, Region, ID string
	// Found is false when the resource does not exist (or its stack is not
	// deployed).
	Found bool
	// State: a rule's State, an alarm's StateValue; a queue's
	// ApproximateNumberOfMessages.
	State    string
	Messages int
	// URL is a queue's URL.
	URL string
	// WantDisabled: the template itself disables the rule.
	WantDisabled bool
	// Name and Bus are a rule's physical name and its bus, when deployed.
	Name, Bus string
	// Queue is the logical id of the queue an alarm watches, if any.
	Queue string
	// ReadBy are the stacks whose templates resolve a secret.
	ReadBy []string
	// StackAbsent: the item's stack is not deployed (or could not be
	// asked about): the stacks check reports it, the item's own check
	// leaves it out rather than report each of its resources again.
	StackAbsent bool
	Err         string
}

// String names the item for the report: its logical id (with a rule's
// physical name and bus), its stack and its region.
func (it Item) String() string {
	id := it.ID
	if it.Name != "" {
		id += " (" + it.Name + " on " + it.Bus + ")"
	}
	if it.Stack == "" {
		if len(it.ReadBy) > 0 {
			return id + " in " + it.Region + " (read by " + list(it.ReadBy) + ")"
		}
		return id + " in " + it.Region
	}
	return id + " in " + it.Stack + " (" + it.Region + ")"
}

func (it Item) finding(problem string) Finding {
	return Finding{Stack: it.Stack, Stacks: it.ReadBy, Region: it.Region, Resource: it.ID, Problem: problem}
}

// present splits items into those of deployed stacks and the number of
// stacks, among the others, that are not deployed.
func present(items []Item) (checked []Item, absentStacks int) {
	seen := map[string]bool{}
	for _, it := range items {
		if !it.StackAbsent {
			checked = append(checked, it)
			continue
		}
		if !seen[it.Stack] {
			seen[it.Stack] = true
			absentStacks++
		}
	}
	return checked, absentStacks
}

// unasked records an item AWS could not be asked about (in failed) or that
// does not exist (in missing), each also as a finding, and reports whether
// it was either: only an item that exists is left to its check to judge.
func (r *Result) unasked(it Item, failed, missing *[]string) bool {
	switch {
	case it.Err != "":
		*failed = append(*failed, it.String()+": "+it.Err)
		r.Findings = append(r.Findings, it.finding("cannot ask: "+it.Err))
	case !it.Found:
		*missing = append(*missing, it.String())
		r.Findings = append(r.Findings, it.finding("missing"))
	default:
		return false
	}
	return true
}

// notChecked is the note for the items of stacks that are not deployed.
func notChecked(absentStacks int, what string) string {
	switch absentStacks {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("; the %s of 1 stack that is not deployed are left to the stacks check", what)
	}
	return fmt.Sprintf("; the %s of %d stacks that are not deployed are left to the stacks check", what, absentStacks)
}

// JudgeRules: every rule of the templates exists on its bus and is enabled
// (unless the template itself disables it).
func JudgeRules(all []Item) Result {
	r := Result{Name: CheckRules}
	items, absent := present(all)
	var missing, disabled, failed []string
	enable := ""
	for _, it := range items {
		switch {
		case r.unasked(it, &failed, &missing):
		case it.State == "DISABLED" && !it.WantDisabled:
			disabled = append(disabled, it.String())
			r.Findings = append(r.Findings, it.finding("disabled"))
			if enable == "" {
				enable = fmt.Sprintf("aws events enable-rule --name %s --event-bus-name %s --region %s", it.Name, it.Bus, it.Region)
			}
		}
	}
	if len(missing)+len(disabled)+len(failed) == 0 {
		r.OK, r.Detail = true, fmt.Sprintf("all %d rules exist and are enabled%s", len(items), notChecked(absent, "rules"))
		return r
	}
	var bad, fixes []string
	if len(disabled) > 0 {
		bad = append(bad, fmt.Sprintf("%d rules are disabled: %s", len(disabled), list(disabled)))
		if len(disabled) == 1 {
			fixes = append(fixes, "enable it ("+enable+") or deploy again, and find out who disabled it")
		} else {
			fixes = append(fixes, "enable them ("+enable+" for the first) or deploy again, and find out who disabled them")
		}
	}
	if len(missing) > 0 {
		bad, fixes = append(bad, fmt.Sprintf("%d rules are missing: %s", len(missing), list(missing))), append(fixes, deployFix)
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow events:DescribeRule")
	r = r.with(bad, fixes)
	r.Detail += notChecked(absent, "rules")
	return r
}

// JudgeSecrets: every secret a template resolves exists in its stack's
// region (CloudFormation fails the deploy otherwise).
func JudgeSecrets(items []Item) Result {
	r := Result{Name: CheckSecrets}
	if len(items) == 0 {
		r.OK, r.Detail = true, "the templates reference no secret"
		return r
	}
	var missing, failed []string
	var fixes []string
	for _, it := range items {
		switch {
		case r.unasked(it, &failed, &missing):
			if it.Err == "" && len(fixes) == 0 {
				fixes = append(fixes, fmt.Sprintf("aws secretsmanager create-secret --region %s --name %s --secret-string file://webhook-url.txt", it.Region, it.ID))
			}
		}
	}
	if len(missing)+len(failed) == 0 {
		r.OK, r.Detail = true, fmt.Sprintf("all %d referenced secrets exist", len(items))
		return r
	}
	var bad []string
	if len(missing) > 0 {
		bad = append(bad, "missing: "+list(missing))
		if len(missing) > 1 {
			fixes = append(fixes, "the same for each missing secret")
		}
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow secretsmanager:DescribeSecret")
	return r.with(bad, fixes)
}

// JudgeDeadLetter: every queue exists and is empty; a message in a
// dead-letter queue is a notification that never arrived.
func JudgeDeadLetter(all []Item) Result {
	r := Result{Name: CheckDeadLetter}
	items, absent := present(all)
	var full, missing, failed []string
	total := 0
	firstURL, firstRegion := "", ""
	for _, it := range items {
		switch {
		case r.unasked(it, &failed, &missing):
		case it.Messages > 0:
			full = append(full, fmt.Sprintf("%s holds %d", it, it.Messages))
			r.Findings = append(r.Findings, it.finding(fmt.Sprintf("holds %d undelivered notifications", it.Messages)))
			total += it.Messages
			if firstURL == "" {
				firstURL, firstRegion = it.URL, it.Region
			}
		}
	}
	if len(full)+len(missing)+len(failed) == 0 {
		r.OK, r.Detail = true, fmt.Sprintf("all %d queues are empty%s", len(items), notChecked(absent, "queues"))
		return r
	}
	var bad, fixes []string
	if len(full) > 0 {
		bad = append(bad, fmt.Sprintf("%d undelivered notifications: %s", total, list(full)))
		fixes = append(fixes, fmt.Sprintf("read them (aws sqs receive-message --region %s --queue-url %s --message-attribute-names All: ERROR_CODE and ERROR_MESSAGE say why), fix the destination, then purge the queue", firstRegion, firstURL))
	}
	if len(missing) > 0 {
		bad, fixes = append(bad, "missing queues: "+list(missing)), append(fixes, deployFix)
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow sqs:GetQueueAttributes")
	r = r.with(bad, fixes)
	r.Detail += notChecked(absent, "queues")
	return r
}

// JudgeAlarms: no alarm of the stacks is in ALARM. An alarm in ALARM that
// watches a dead-letter queue holding messages is the dead-letter check's
// finding: it is named here but does not fail this check too.
func JudgeAlarms(all []Item, queues []Item) Result {
	r := Result{Name: CheckAlarms}
	items, absent := present(all)
	holding := map[[2]string]bool{}
	for _, q := range queues {
		if q.Found && q.Messages > 0 {
			holding[[2]string{q.Stack, q.ID}] = true
		}
	}
	var firing, explained, missing, failed []string
	counts := map[string]int{}
	for _, it := range items {
		switch {
		case r.unasked(it, &failed, &missing):
		default:
			counts[it.State]++
			switch {
			case it.State != "ALARM":
			case it.Queue != "" && holding[[2]string{it.Stack, it.Queue}]:
				explained = append(explained, it.String())
			default:
				firing = append(firing, it.String())
				r.Findings = append(r.Findings, it.finding("in ALARM"))
			}
		}
	}
	also := ""
	if len(explained) > 0 {
		also = fmt.Sprintf("; in ALARM for the undelivered notifications of the dead-letter check: %s", list(explained))
	}
	if len(firing)+len(missing)+len(failed) == 0 {
		r.OK, r.Detail = true, fmt.Sprintf("no other alarm in ALARM (%d OK, %d INSUFFICIENT_DATA)%s%s", counts["OK"], counts["INSUFFICIENT_DATA"], also, notChecked(absent, "alarms"))
		if len(explained) == 0 {
			r.Detail = strings.Replace(r.Detail, "no other alarm", "no alarm", 1)
		}
		return r
	}
	var bad, fixes []string
	if len(firing) > 0 {
		bad = append(bad, "in ALARM: "+list(firing))
		fixes = append(fixes, "see the dead-letter check for the undelivered notifications; the alarm returns to OK once no new ones arrive")
	}
	if len(missing) > 0 {
		bad, fixes = append(bad, "missing alarms: "+list(missing)), append(fixes, deployFix)
	}
	bad, fixes = cannotAsk(bad, fixes, failed, "allow cloudwatch:DescribeAlarms")
	r = r.with(bad, fixes)
	r.Detail += also + notChecked(absent, "alarms")
	return r
}

// deployFix is the fix for a resource of the templates that does not exist.
const deployFix = "deploy the stacks (cdk deploy --all)"

// cannotAsk adds the resources doctor could not look at, and the
// permission that would let it, to a check's problems and fixes.
func cannotAsk(bad, fixes, failed []string, fix string) ([]string, []string) {
	if len(failed) == 0 {
		return bad, fixes
	}
	return append(bad, "cannot ask: "+list(failed)), append(fixes, fix)
}

// with is r failed with the given problems and fixes, each joined by "; ".
func (r Result) with(bad, fixes []string) Result {
	r.Detail, r.Fix = strings.Join(bad, "; "), strings.Join(fixes, "; ")
	return r
}

// list joins items, showing at most four.
func list(items []string) string {
	if len(items) <= 4 {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:4], ", "), len(items)-4)
}
