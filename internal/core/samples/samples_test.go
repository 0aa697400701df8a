package samples

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusSize is the number of samples: a test that walks the corpus checks
// that it saw them all.
const corpusSize = 67

// withoutEventID are the CloudTrail records kept without the eventID
// CloudTrail always writes, and why.
var withoutEventID = map[string]string{
	"mcp-oauth-authorize":              "AWS publishes the record without eventID",
	"iam-user-success-mfa-no-event-id": "robustness: records from tests and datasets lack it",
}

var (
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
	regionRe  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	uuidRe    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

func TestEveryFileParsesAndNameMatches(t *testing.T) {
	files, err := fs.Glob(eventFiles, "events/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != corpusSize {
		t.Fatalf("want %d sample files, got %d: update corpusSize with the corpus", corpusSize, len(files))
	}
	for _, f := range files {
		data, err := eventFiles.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if want := strings.TrimSuffix(path.Base(f), ".json"); s.Name != want {
			t.Errorf("%s: name %q does not match the file name", f, s.Name)
		}
	}
	if got := len(All()); got != len(files) {
		t.Errorf("All() returned %d samples for %d files", got, len(files))
	}
}

func TestAllSortedAndGet(t *testing.T) {
	all := All()
	names := Names()
	if len(all) != len(names) {
		t.Fatalf("All() has %d samples, Names() %d", len(all), len(names))
	}
	for i := range all {
		if all[i].Name != names[i] {
			t.Errorf("index %d: All() %q, Names() %q", i, all[i].Name, names[i])
		}
		if i > 0 && all[i-1].Name >= all[i].Name {
			t.Errorf("not sorted or duplicate: %q then %q", all[i-1].Name, all[i].Name)
		}
		got, ok := Get(all[i].Name)
		if !ok || got.Name != all[i].Name || string(got.Event) != string(all[i].Event) {
			t.Errorf("Get(%q) does not return the sample", all[i].Name)
		}
	}
	if _, ok := Get("no-such-sample"); ok {
		t.Error(`Get("no-such-sample") reported ok`)
	}
	// Results are copies: mutating one must not affect the corpus.
	a := All()
	a[0].Event[0] = 'X'
	a[0].Expect.MustContain = append(a[0].Expect.MustContain[:0], "mutated")
	if b := All(); b[0].Event[0] == 'X' || (len(b[0].Expect.MustContain) > 0 && b[0].Expect.MustContain[0] == "mutated") {
		t.Error("All() shares memory with the corpus")
	}
}

func TestRequiredSamplesPresent(t *testing.T) {
	required := []string{
		"root-success-no-mfa", "root-success-mfa", "root-failure", "root-password-updated",
		"iam-user-success-mfa", "iam-user-success-no-mfa", "iam-user-failure-wrong-password",
		"iam-user-failure-unknown-user", "switch-role-target-account", "switch-role-source-account",
		"switch-role-target-account-eu-west-1", "exit-role", "sso-console-login", "saml-console-login",
		"check-mfa", "signin-service-event", "signin-api-call", "iam-user-success-no-additional-event-data",
		"iam-user-success-ipv6", "hostile-user-agent-quotes", "hostile-user-agent-unicode",
		"hostile-user-agent-mentions", "hostile-user-agent-long", "failure-missing-user-agent",
		"empty-user-agent", "iam-user-failure-hostile-username",
		// issue 17: real records the messages got wrong
		"cloudtrail-stop-logging-no-request-parameters", "console-login-failure-assumed-role",
		"cloudtrail-stop-logging-trail-not-found", "cloudtrail-delete-trail-access-denied",
		"iam-user-success-mfa-no-event-id", "root-create-access-key-for-iam-user",
		"root-password-update-failed", "mcp-oauth-authorize", "aws-login-root-user",
	}
	for _, n := range required {
		if _, ok := Get(n); !ok {
			t.Errorf("required sample %q is missing", n)
		}
	}
}

// envelope is the EventBridge envelope as the tests read it.
type envelope struct {
	Version    string         `json:"version"`
	ID         string         `json:"id"`
	DetailType string         `json:"detail-type"`
	Source     string         `json:"source"`
	Account    string         `json:"account"`
	Time       string         `json:"time"`
	Region     string         `json:"region"`
	Resources  []string       `json:"resources"`
	Detail     map[string]any `json:"detail"`
}

func TestEveryEventIsAValidEnvelope(t *testing.T) {
	for _, s := range All() {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(s.Event, &top); err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		for _, k := range []string{"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"} {
			if _, ok := top[k]; !ok {
				t.Errorf("%s: envelope has no %q", s.Name, k)
			}
		}
		var e envelope
		if err := s.Decode(&e); err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		if e.Version != "0" {
			t.Errorf("%s: version %q, want \"0\"", s.Name, e.Version)
		}
		if !uuidRe.MatchString(e.ID) {
			t.Errorf("%s: id %q is not a version 4 UUID", s.Name, e.ID)
		}
		if e.DetailType == "" || e.Source == "" {
			t.Errorf("%s: empty detail-type or source", s.Name)
		}
		if !accountRe.MatchString(e.Account) {
			t.Errorf("%s: account %q is not 12 digits", s.Name, e.Account)
		}
		if _, err := time.Parse(time.RFC3339, e.Time); err != nil {
			t.Errorf("%s: time %q is not RFC 3339: %v", s.Name, e.Time, err)
		}
		if !regionRe.MatchString(e.Region) {
			t.Errorf("%s: region %q does not look like an AWS region", s.Name, e.Region)
		}
		if e.Resources == nil {
			t.Errorf("%s: resources must be an array", s.Name)
		}
		if e.Detail == nil {
			t.Errorf("%s: detail is not an object", s.Name)
			continue
		}
		if !strings.HasSuffix(e.DetailType, "via CloudTrail") {
			continue // a service event (Sign-in Anomaly Alert) is no CloudTrail record
		}
		for _, k := range []string{"eventName", "eventSource", "eventID", "eventTime", "awsRegion", "eventVersion", "eventType"} {
			if v, _ := e.Detail[k].(string); v == "" && (k != "eventID" || withoutEventID[s.Name] == "") {
				t.Errorf("%s: detail.%s missing or empty", s.Name, k)
			}
		}
		if _, ok := e.Detail["eventID"]; ok && withoutEventID[s.Name] != "" {
			t.Errorf("%s: listed as without eventID, but has one", s.Name)
		}
		if got, _ := e.Detail["awsRegion"].(string); got != e.Region {
			t.Errorf("%s: detail.awsRegion %q != region %q", s.Name, got, e.Region)
		}
		if et, _ := e.Detail["eventTime"].(string); et != "" {
			if _, err := time.Parse(time.RFC3339, et); err != nil {
				t.Errorf("%s: detail.eventTime %q is not RFC 3339", s.Name, et)
			}
			if et != e.Time {
				t.Errorf("%s: time %q != detail.eventTime %q", s.Name, e.Time, et)
			}
		}
		if r, ok := e.Detail["recipientAccountId"].(string); ok && r != e.Account {
			t.Errorf("%s: recipientAccountId %q != account %q", s.Name, r, e.Account)
		}
		ui, _ := e.Detail["userIdentity"].(map[string]any)
		switch typ, _ := ui["type"].(string); {
		case ui == nil:
			t.Errorf("%s: detail.userIdentity missing", s.Name)
		case typ == "AWSService" || typ == "SAMLUser" || typ == "WebIdentityUser":
			// No accountId: CloudTrail User Guide, "CloudTrail userIdentity
			// element", and the IAM User Guide's SAML and OIDC examples.
			if _, ok := ui["accountId"]; ok {
				t.Errorf("%s: a %s identity with an accountId", s.Name, typ)
			}
		default:
			if acct, _ := ui["accountId"].(string); !accountRe.MatchString(acct) {
				t.Errorf("%s: userIdentity.accountId %q is not 12 digits", s.Name, acct)
			}
		}
		if e.Source == "aws.signin" || e.Source == "signin-notifier.test" {
			if es, _ := e.Detail["eventSource"].(string); es != "signin.amazonaws.com" {
				t.Errorf("%s: aws.signin event with eventSource %q", s.Name, es)
			}
		}
	}
}

func TestEventIDsAreUnique(t *testing.T) {
	envIDs := map[string]string{}
	eventIDs := map[string]string{}
	for _, s := range All() {
		var e envelope
		if err := s.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if other, dup := envIDs[e.ID]; dup {
			t.Errorf("%s and %s share envelope id %s", s.Name, other, e.ID)
		}
		envIDs[e.ID] = s.Name
		id, _ := e.Detail["eventID"].(string)
		if id == "" {
			continue // a service event, not a CloudTrail record
		}
		if other, dup := eventIDs[id]; dup {
			t.Errorf("%s and %s share detail.eventID %s", s.Name, other, id)
		}
		eventIDs[id] = s.Name
	}
}

func TestSourceCitesSomething(t *testing.T) {
	for _, s := range All() {
		if strings.TrimSpace(s.Description) == "" || strings.Contains(s.Description, "\n") {
			t.Errorf("%s: description must be one non-empty line", s.Name)
		}
		src := s.Source
		if strings.TrimSpace(src) == "" {
			t.Errorf("%s: empty source", s.Name)
			continue
		}
		if !strings.Contains(src, "https://") && !strings.Contains(src, "awsdocs/") {
			t.Errorf("%s: source cites neither a URL nor an awsdocs path: %q", s.Name, src)
		}
	}
}

func TestSeverityAllowedAndConsistent(t *testing.T) {
	seen := map[string]bool{}
	n := 0
	for _, s := range All() {
		n++
		if !validSeverity(s.Expect.Severity) {
			t.Errorf("%s: severity %q not allowed", s.Name, s.Expect.Severity)
			continue
		}
		seen[s.Expect.Severity] = true
		var e envelope
		if err := s.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if got := referenceSeverity(e, BreakGlassRoles); got != s.Expect.Severity {
			t.Errorf("%s: expect.severity %q, but the reference classifier says %q", s.Name, s.Expect.Severity, got)
		}
		if got := referenceSeverity(e, nil); got != s.Expect.SeverityWith(false) {
			t.Errorf("%s: the severity without break-glass roles is %q, but the reference classifier says %q", s.Name, s.Expect.SeverityWith(false), got)
		}
		if w := s.Expect.WithoutBreakGlassRoles; w != nil && *w == s.Expect.With(true) {
			t.Errorf("%s: withoutBreakGlassRoles %+v repeats the outcome with them: leave it out", s.Name, *w)
		}
		for _, roles := range []bool{true, false} {
			o := s.Expect.With(roles)
			if notified := o.Severity != SeverityNone; notified != (o.Rule != "") || notified != (o.Title != "") {
				t.Errorf("%s (break-glass roles %v): severity %q with rule %q and title %q: a notified event names both, a silent one neither", s.Name, roles, o.Severity, o.Rule, o.Title)
			}
		}
		notified := s.Expect.Severity != SeverityNone
		if notified && len(s.Expect.MustContain) == 0 {
			t.Errorf("%s: a notified event must list mustContain strings", s.Name)
		}
		if !notified && len(s.Expect.Says) > 0 {
			t.Errorf("%s: a silent event says nothing", s.Name)
		}
		for _, say := range s.Expect.Says {
			if strings.TrimSpace(say) == "" {
				t.Errorf("%s: empty says entry", s.Name)
			}
		}
	}
	if n != corpusSize {
		t.Errorf("checked %d samples, want %d", n, corpusSize)
	}
	for _, sev := range Severities() {
		if !seen[sev] {
			t.Errorf("no sample has severity %q", sev)
		}
	}
}

// refusalCodes are the errorCode values that mean AWS refused a call by
// policy (docs/aws-facts.md).
var refusalCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation"}

// referenceSeverity restates the severity rules independently of any production code,
// so a mislabelled sample is caught here rather than by a confused pattern test. roles
// is the breakGlassRoles setting.
func referenceSeverity(e envelope, roles []string) string {
	d := e.Detail
	str := func(m map[string]any, k string) string { v, _ := m[k].(string); return v }
	obj := func(m map[string]any, k string) map[string]any { v, _ := m[k].(map[string]any); return v }
	in := func(v string, list ...string) bool { return slices.Contains(list, v) }
	ui := obj(d, "userIdentity")
	rp := obj(d, "requestParameters")
	name := str(d, "eventName")
	code, hasCode := d["errorCode"].(string)
	refused := hasCode && in(code, refusalCodes...)
	whoAndWhere := str(ui, "arn") != "" && str(d, "sourceIPAddress") != ""
	rootCredential := []string{"PasswordUpdated", "PasswordRecoveryRequested", "PasswordRecoveryCompleted", "EmailUpdated"}
	switch {
	case e.Source == "aws.sts" && (name == "AssumeRole" || name == "AssumeRoleWithSAML" || name == "AssumeRoleWithWebIdentity"):
		// Break-glass: one message per assumption of a listed role, from the
		// record of the role's own account; a refusal from the caller's.
		typ := str(ui, "type")
		_, shared := d["sharedEventID"]
		switch {
		case hasCode:
			if name == "AssumeRole" && str(d, "errorCode") == "AccessDenied" && deniedRoleListed(str(d, "errorMessage"), roles) {
				return SeverityBreakGlass
			}
			return SeverityNone
		case !roleArnListed(str(obj(d, "requestParameters"), "roleArn"), roles):
			return SeverityNone
		case name != "AssumeRole" || typ == "AWSService":
			return SeverityBreakGlass
		case str(d, "sourceIPAddress") == "AWS Internal":
			return SeverityNone // the console's own AssumeRole: its SwitchRole records report the switch
		case typ == "AWSAccount" || !shared:
			return SeverityBreakGlass
		}
		return SeverityNone // the caller account's copy of a cross-account assumption
	case e.Source == "signin-notifier.test":
		return SeverityTest
	case e.Source == "aws.cloudwatch":
		st := obj(d, "state")
		if str(d, "alarmName") == "signin-notifier-failed-sign-in-burst" && str(st, "value") == "ALARM" {
			return SeverityFailure
		}
		return SeverityNone
	case e.Source == "aws.signin" && e.DetailType == "Sign-in Anomaly Alert":
		return SeverityAnomaly
	case in(e.Source, "aws.sts", "aws.iam", "aws.cloudtrail", "aws.events"):
		// What the forwarders carry: AssumeRoot, the root user's MFA and
		// access key calls, the trail calls, and changes to
		// signin-notifier's own resources not made by CloudFormation.
		forwarded := false
		switch e.Source {
		case "aws.sts":
			forwarded = name == "AssumeRoot"
		case "aws.iam":
			forwarded = str(ui, "type") == "Root" && in(name, "EnableMFADevice", "DeactivateMFADevice", "CreateVirtualMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice", "CreateAccessKey")
		case "aws.cloudtrail":
			forwarded = in(name, "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors")
		case "aws.events":
			ours := strings.HasPrefix(str(rp, "name"), "SigninNotifier-") || str(rp, "name") == "signin-notifier-watch" || str(rp, "eventBusName") == "signin-notifier-hub"
			forwarded = ours && str(d, "sourceIPAddress") != "cloudformation.amazonaws.com"
		}
		switch {
		case !forwarded, hasCode && !refused:
			return SeverityNone // a failure for another reason changed nothing
		case !whoAndWhere:
			return SeverityIncomplete
		case refused:
			return SeverityTamper
		case e.Source == "aws.sts":
			if str(rp, "targetPrincipal") == "" || str(obj(rp, "taskPolicyArn"), "arn") == "" {
				return SeverityIncomplete
			}
			return SeverityRoot
		case e.Source == "aws.iam":
			return SeverityRoot
		case e.Source == "aws.cloudtrail" && name == "PutEventSelectors" && str(rp, "trailName") == "",
			e.Source == "aws.cloudtrail" && name != "PutEventSelectors" && str(rp, "name") == "",
			e.Source == "aws.events" && str(rp, "name") == "" && str(rp, "rule") == "":
			return SeverityIncomplete
		case e.Source == "aws.cloudtrail" && name == "UpdateTrail":
			if rp["isMultiRegionTrail"] == false || rp["includeGlobalServiceEvents"] == false {
				return SeverityTamper
			}
			return SeverityNone
		}
		return SeverityTamper // StopLogging, DeleteTrail; the samples have no PutEventSelectors
	case e.Source == "aws.signin" && name == "AuthorizeOAuth2Access":
		_, hasType := ui["type"]
		client := str(rp, "client_id")
		switch {
		case hasCode:
			return SeverityNone
		case !hasType || !whoAndWhere || client == "":
			return SeverityIncomplete
		case str(ui, "type") == "Root":
			return SeverityRoot
		case strings.HasPrefix(client, "arn:aws:signin:::devtools/") || str(rp, "resource") != "":
			return SeveritySignIn
		}
		return SeverityIncomplete
	}
	if e.Source != "aws.signin" || e.DetailType != "AWS Console Sign In via CloudTrail" {
		return SeverityNone
	}
	if in(name, append([]string{"ConsoleLogin", "SwitchRole", "ExitRole"}, rootCredential...)...) && str(d, "sourceIPAddress") == "" {
		return SeverityIncomplete
	}
	uaOK := str(d, "userAgent") != ""
	notify := func(sev string) string {
		if !uaOK {
			return SeverityIncomplete
		}
		return sev
	}
	if str(ui, "type") == "Root" {
		switch {
		case in(name, rootCredential...):
			return SeverityRoot // a credential change notifies even without a user agent
		case name == "ConsoleLogin":
			return notify(SeverityRoot)
		}
	}
	switch name {
	case "ConsoleLogin":
		switch str(obj(d, "responseElements"), "ConsoleLogin") {
		case "Failure":
			role := str(ui, "type") != "IAMUser" && str(ui, "arn") != ""
			if str(ui, "userName") == "" && !role {
				return SeverityIncomplete
			}
			return notify(SeverityFailure)
		case "Success":
			if str(ui, "type") == "IAMUser" && !strings.EqualFold(str(obj(d, "additionalEventData"), "MFAUsed"), "yes") {
				return notify(SeverityNoMFA)
			}
			return notify(SeveritySignIn)
		}
	case "SwitchRole":
		extra := obj(d, "additionalEventData")
		if switchToListed(str(extra, "SwitchTo"), roles) || (str(extra, "SwitchTo") == "" && sessionListed(str(ui, "arn"), roles)) {
			return notify(SeverityBreakGlass)
		}
		return notify(SeveritySwitchRole)
	case "ExitRole":
		return notify(SeveritySwitchBack)
	}
	return SeverityNone
}

// role splits a breakGlassRoles entry: a name (account "") or a role ARN, with its
// ARN forms (as listed, and without its path).
func role(entry string) (account, name string, arns []string) {
	if !strings.HasPrefix(entry, "arn:") {
		return "", entry, nil
	}
	account = strings.Split(entry, ":")[4]
	name = entry[strings.LastIndex(entry, "/")+1:]
	return account, name, []string{entry, "arn:aws:iam::" + account + ":role/" + name}
}

// roleArnListed: the role an assumption names, compared without regard to case.
func roleArnListed(roleArn string, roles []string) bool {
	for _, r := range roles {
		account, name, arns := role(r)
		if account == "" && strings.HasPrefix(roleArn, "arn:") && strings.EqualFold(roleArn[strings.LastIndex(roleArn, "/")+1:], name) && strings.Contains(roleArn, "/") {
			return true
		}
		for _, a := range arns {
			if strings.EqualFold(a, roleArn) {
				return true
			}
		}
	}
	return false
}

// switchToListed: the SwitchTo of a console switch, compared as listed.
func switchToListed(switchTo string, roles []string) bool {
	for _, r := range roles {
		account, name, arns := role(r)
		if (account == "" && strings.HasSuffix(switchTo, "/"+name)) || slices.Contains(arns, switchTo) {
			return true
		}
	}
	return false
}

// sessionListed: a session arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION of a
// listed role.
func sessionListed(arn string, roles []string) bool {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "assumed-role/") {
		return false
	}
	segs := strings.Split(parts[5], "/")
	for _, r := range roles {
		account, name, _ := role(r)
		if len(segs) == 3 && segs[1] == name && (account == "" || account == parts[4]) {
			return true
		}
	}
	return false
}

// deniedRoleListed: the role named after "on resource: " in a refusal.
func deniedRoleListed(msg string, roles []string) bool {
	_, after, ok := strings.Cut(msg, "on resource: ")
	if !ok {
		return false
	}
	resource, _, _ := strings.Cut(after, " ")
	for _, r := range roles {
		account, name, arns := role(r)
		if (account == "" && strings.HasSuffix(resource, "/"+name)) || slices.Contains(arns, resource) {
			return true
		}
	}
	return false
}

// stringsIn collects every string value (not key) in a decoded JSON value.
func stringsIn(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case map[string]any:
		for _, e := range x {
			stringsIn(e, out)
		}
	case []any:
		for _, e := range x {
			stringsIn(e, out)
		}
	}
}

func eventContains(t *testing.T, s Sample, sub string) bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(s.Event, &v); err != nil {
		t.Fatal(err)
	}
	var all []string
	stringsIn(v, &all)
	for _, x := range all {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}

func TestMustContainComesFromTheEvent(t *testing.T) {
	for _, s := range All() {
		for _, m := range s.Expect.MustContain {
			if m == "" {
				t.Errorf("%s: empty mustContain entry", s.Name)
			} else if !eventContains(t, s, m) {
				t.Errorf("%s: mustContain %q does not occur in any string of the event", s.Name, m)
			}
		}
	}
}

func TestAttackerMarkersOccurInTheEvent(t *testing.T) {
	for _, s := range All() {
		if strings.Contains(s.Name, "hostile") && len(s.Expect.AttackerMarkers) == 0 {
			t.Errorf("%s: hostile sample without attackerMarkers", s.Name)
		}
		for _, m := range s.Expect.AttackerMarkers {
			if m == "" {
				t.Errorf("%s: empty attacker marker", s.Name)
			} else if !eventContains(t, s, m) {
				t.Errorf("%s: attacker marker %q does not occur in the event", s.Name, m)
			}
		}
	}
}

func TestHostileSamplesCoverTheirCases(t *testing.T) {
	ua := func(name string) string {
		t.Helper()
		s, ok := Get(name)
		if !ok {
			t.Fatalf("missing %s", name)
		}
		var e envelope
		if err := s.Decode(&e); err != nil {
			t.Fatal(err)
		}
		v, _ := e.Detail["userAgent"].(string)
		return v
	}
	if n := len([]rune(ua("hostile-user-agent-long"))); n <= 3000 {
		t.Errorf("hostile-user-agent-long: userAgent has %d characters, want > 3000", n)
	}
	q := ua("hostile-user-agent-quotes")
	for _, c := range []string{`"`, `\`, "\t", "\n"} {
		if !strings.Contains(q, c) {
			t.Errorf("hostile-user-agent-quotes: userAgent lacks %q", c)
		}
	}
	m := ua("hostile-user-agent-mentions")
	for _, c := range []string{"<!channel>", "<!here>", "<@U012AB3CD>", "<https://evil.example|reset your password>", "*bold*", "_it_"} {
		if !strings.Contains(m, c) {
			t.Errorf("hostile-user-agent-mentions: userAgent lacks %q", c)
		}
	}
	u := ua("hostile-user-agent-unicode")
	noEmoji := true
	for _, r := range u {
		if r > 0xFFFF {
			noEmoji = false // an astral-plane rune, e.g. an emoji
		}
	}
	if noEmoji {
		t.Error("hostile-user-agent-unicode: userAgent has no emoji")
	}
}

func TestSpecificDocumentedShapes(t *testing.T) {
	detail := func(name string) map[string]any {
		t.Helper()
		s, ok := Get(name)
		if !ok {
			t.Fatalf("missing %s", name)
		}
		var e envelope
		if err := s.Decode(&e); err != nil {
			t.Fatal(err)
		}
		return e.Detail
	}
	get := func(m map[string]any, keys ...string) any {
		var v any = m
		for _, k := range keys {
			mm, _ := v.(map[string]any)
			v = mm[k]
		}
		return v
	}
	if got := get(detail("root-success-mfa"), "additionalEventData", "MFAUsed"); got != "YES" {
		t.Errorf("root-success-mfa: MFAUsed %v, want the documented upper-case YES", got)
	}
	unk := detail("iam-user-failure-unknown-user")
	if get(unk, "userIdentity", "userName") != "HIDDEN_DUE_TO_SECURITY_REASONS" || get(unk, "userIdentity", "arn") != nil ||
		unk["errorMessage"] != "No username found in supplied account" {
		t.Error("iam-user-failure-unknown-user does not match the IAM User Guide example")
	}
	if _, ok := detail("iam-user-success-no-additional-event-data")["additionalEventData"]; ok {
		t.Error("iam-user-success-no-additional-event-data has additionalEventData")
	}
	if v, ok := detail("failure-missing-user-agent")["userAgent"]; ok {
		t.Errorf("failure-missing-user-agent has userAgent %v", v)
	}
	if v, ok := detail("empty-user-agent")["userAgent"]; !ok || v != "" {
		t.Errorf("empty-user-agent: userAgent %v, want present and empty", v)
	}
	src := detail("switch-role-source-account")
	tgt := detail("switch-role-target-account")
	eu := detail("switch-role-target-account-eu-west-1")
	if get(src, "additionalEventData", "SwitchTo") == nil || get(src, "additionalEventData", "RedirectTo") == nil {
		t.Error("switch-role-source-account lacks SwitchTo/RedirectTo")
	}
	if get(tgt, "additionalEventData", "SwitchFrom") == nil || get(tgt, "additionalEventData", "RedirectTo") == nil {
		t.Error("switch-role-target-account lacks SwitchFrom/RedirectTo")
	}
	if src["awsRegion"] != "us-east-1" || tgt["awsRegion"] != "us-east-1" || eu["awsRegion"] != "eu-west-1" {
		t.Error("switch-role regions are not us-east-1, us-east-1, eu-west-1")
	}
	if tgt["eventID"] == eu["eventID"] || tgt["eventTime"] != eu["eventTime"] {
		t.Error("the eu-west-1 copy must be the same action (same time) with a different event id")
	}
	if get(src, "responseElements", "SwitchRole") != "Success" || get(tgt, "responseElements", "SwitchRole") != "Success" {
		t.Error(`SwitchRole records must have responseElements {"SwitchRole": "Success"}`)
	}
	sso := detail("sso-console-login")
	if ad, _ := sso["additionalEventData"].(map[string]any); len(ad) != 2 || ad["MFAUsed"] != "No" || ad["MobileVersion"] == nil {
		t.Errorf("sso-console-login additionalEventData %v, want only MFAUsed No and MobileVersion", ad)
	}
	if !strings.Contains(get(sso, "userIdentity", "arn").(string), "AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com") {
		t.Error("sso-console-login has the wrong role session")
	}
}

func TestParse(t *testing.T) {
	bare := `{"version":"0","id":"6f87d04b-9f74-4f04-a780-7acf4b0a9b38","detail-type":"AWS Console Sign In via CloudTrail",
	  "source":"aws.signin","account":"123456789012","time":"2016-01-05T18:21:27Z","region":"us-east-1","resources":[],
	  "detail":{"eventName":"ConsoleLogin"}}`
	s, err := Parse([]byte(bare))
	if err != nil {
		t.Fatalf("bare envelope: %v", err)
	}
	if s.Name != "" || s.Expect.Severity != "" || s.Expect.MustContain != nil || len(s.Event) == 0 {
		t.Errorf("bare envelope: got %+v", s)
	}
	var e envelope
	if err := s.Decode(&e); err != nil || e.Detail["eventName"] != "ConsoleLogin" {
		t.Errorf("bare envelope did not round-trip: %v %v", err, e)
	}

	wrapped := `{"name":"x","description":"d","source":"https://example","expect":{"severity":"root","mustContain":["a"],"attackerMarkers":[]},"event":` + bare + `}`
	s, err = Parse([]byte(wrapped))
	if err != nil || s.Name != "x" || s.Expect.Severity != SeverityRoot || len(s.Expect.MustContain) != 1 {
		t.Errorf("wrapper: %+v, %v", s, err)
	}

	bad := map[string]string{
		"not json":          `{"name":`,
		"array":             `[1,2]`,
		"null":              `null`,
		"neither":           `{"foo":1}`,
		"unknown field":     `{"name":"x","expect":{"severity":""},"event":{},"extra":1}`,
		"bad severity":      `{"name":"x","expect":{"severity":"critical"},"event":{}}`,
		"no expect":         `{"name":"x","event":{}}`,
		"no name":           `{"expect":{"severity":""},"event":{}}`,
		"event not object":  `{"name":"x","expect":{"severity":""},"event":"str"}`,
		"detail not object": `[{"detail":1}]`,
	}
	for what, in := range bad {
		_, err := Parse([]byte(in))
		if err == nil {
			t.Errorf("%s: Parse accepted %s", what, in)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "samples: ") {
			t.Errorf("%s: error is not one line starting with \"samples: \": %q", what, msg)
		}
	}
}

func TestReadmeListsEverySample(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, n := range Names() {
		if !strings.Contains(readme, "| `"+n+"` |") {
			t.Errorf("README.md has no row for %s", n)
		}
	}
}
