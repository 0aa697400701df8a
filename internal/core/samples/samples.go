// Package samples is a cited corpus of realistic EventBridge envelopes for AWS console
// sign-in events (source aws.signin), with the outcome a notifier must produce for each.
//
// Every file in events/ wraps one full EventBridge envelope ("version", "id",
// "detail-type", "source", "account", "time", "region", "resources", "detail") with:
//
//   - name: the file name without ".json";
//   - description: one line saying what the event is;
//   - source: the public example it is built from and what was changed. The main
//     sources are the AWS CloudTrail User Guide page "AWS Management Console sign-in
//     events" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html,
//     archived as awsdocs/aws-cloudtrail-user-guide
//     doc_source/cloudtrail-event-reference-aws-console-sign-in-events.md), the IAM User
//     Guide "Logging IAM and AWS STS API calls with AWS CloudTrail"
//     (awsdocs/iam-user-guide doc_source/cloudtrail-integration.md), the IAM Identity
//     Center guide "Understanding sign-in events" and the EventBridge "Event structure
//     reference" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
//     SwitchRole records come from airbnb/streamalert#447 and a blog post quoting
//     CloudTrail event history. AWS publishes no ExitRole record: exit-role is built
//     by analogy and says so. Fields not backed by an example are marked INFERRED;
//   - expect: the severity the event patterns must assign (see the Severity
//     constants), the rule that must report the event and the message's exact header,
//     when the break-glass roles of BreakGlassRoles are configured, and, where it
//     differs, the outcome without them (withoutBreakGlassRoles), strings from the
//     event the rendered message must contain, phrases of the message's own text it
//     must say, and substrings placed in attacker-controlled fields (userAgent,
//     LoginTo, a typed userName) that must only ever be rendered as plain text.
//
// Account ids are AWS documentation ids (111122223333, 444455556666) and IP addresses
// come from documentation ranges. README.md lists every sample with its source.
//
// The package uses only the standard library and has no jsii or CDK dependency, so
// unit tests of event patterns, templates and emulators can load it cheaply.
package samples

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// Severities: the notification classes decided by mutually exclusive event patterns.
const (
	// SeverityNone marks an event that must NOT produce a notification.
	SeverityNone = ""
	// SeverityRoot: a Root ConsoleLogin (success or failure), PasswordUpdated,
	// PasswordRecoveryRequested, PasswordRecoveryCompleted or EmailUpdated (succeeded or
	// failed), a root MFA or access key call (its own credentials or an IAM user's), a
	// root OAuth sign-in, AssumeRoot.
	SeverityRoot = "root"
	// SeverityFailure: a non-root ConsoleLogin failure with non-empty userAgent, named by
	// its userName (or, for a role or federated identity, its ARN).
	SeverityFailure = "failure"
	// SeverityNoMFA: an IAMUser ConsoleLogin success whose MFAUsed is not "yes" (any case) or is missing.
	SeverityNoMFA = "no-mfa"
	// SeveritySignIn: any other successful ConsoleLogin (IAM user with MFA, assumed role, federated user).
	SeveritySignIn = "sign-in"
	// SeveritySwitchRole: eventName SwitchRole (source- or target-account record).
	SeveritySwitchRole = "switch-role"
	// SeveritySwitchBack: eventName ExitRole.
	SeveritySwitchBack = "switch-back"
	// SeverityIncomplete: a notifiable event missing a field its message shows (the
	// userAgent, the userName of a failure, the source IP, who made a security call, the
	// trail of StopLogging...); it is still notified, with a reduced message.
	SeverityIncomplete = "incomplete"
	// SeverityTamper: CloudTrail logging stopped or reduced, signin-notifier's own
	// resources changed outside CloudFormation, or a security call AWS refused (access
	// denied).
	SeverityTamper = "tamper"
	// SeverityAnomaly: AWS Sign-In's own Sign-in Anomaly Alert.
	SeverityAnomaly = "anomaly"
	// SeverityTest: the synthetic sign-in of `signin-notifier send-test`
	// (source signin-notifier.test), put on the signin-notifier bus.
	SeverityTest = "test"
	// SeverityBreakGlass: an assumption of a role of BreakGlassRoles (AssumeRole,
	// AssumeRoleWithSAML, AssumeRoleWithWebIdentity, an AWS service), a refused
	// AssumeRole of one, or a console switch into one.
	SeverityBreakGlass = "break-glass"
)

// BreakGlassRoles is the breakGlassRoles setting the corpus assumes: a role name,
// matched in every account, and a role ARN with a path. Expect.Severity is the
// severity with these roles configured; Expect.SeverityWithout the one without.
var BreakGlassRoles = []string{"BreakGlass", "arn:aws:iam::444455556666:role/ops/Emergency"}

// Severities lists every allowed Expect.Severity value, SeverityNone first.
func Severities() []string {
	return []string{
		SeverityNone, SeverityRoot, SeverityFailure, SeverityNoMFA, SeveritySignIn,
		SeveritySwitchRole, SeveritySwitchBack, SeverityIncomplete, SeverityTamper, SeverityAnomaly, SeverityTest,
		SeverityBreakGlass,
	}
}

// Expect is what a notifier must do with a sample's event.
type Expect struct {
	// Severity is one of the Severity constants; SeverityNone means "must not notify".
	// It holds when the roles of BreakGlassRoles are configured.
	Severity string `json:"severity"`
	// Rule is the id of the notification rule that must report the event ("" when it
	// must not notify).
	Rule string `json:"rule"`
	// Title is the message's exact header, as every destination shows it (without the
	// account name); "" when it must not notify.
	Title string `json:"title"`
	// Says lists phrases of the message's own text (not from the event) it must show.
	Says []string `json:"says,omitempty"`
	// WithoutBreakGlassRoles, when set, is the outcome without any break-glass
	// role configured (a break-glass sample: none, or the switch-role rule for a
	// console switch); unset, it is Severity, Rule and Title.
	WithoutBreakGlassRoles *Outcome `json:"withoutBreakGlassRoles,omitempty"`
	// MustContain lists strings the rendered message must contain (who, account, region, IP...).
	MustContain []string `json:"mustContain"`
	// AttackerMarkers lists substrings of attacker-controlled fields that must only ever be
	// rendered as plain text (never as Slack mrkdwn, never unescaped into JSON).
	AttackerMarkers []string `json:"attackerMarkers"`
}

// Outcome is what a notifier does with an event: the severity, the rule and
// the message's exact header ("" for each when it must not notify).
type Outcome struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Title    string `json:"title"`
}

// With returns the outcome a notifier must produce with the roles of
// BreakGlassRoles configured (breakGlass true) or with none.
func (e Expect) With(breakGlass bool) Outcome {
	if !breakGlass && e.WithoutBreakGlassRoles != nil {
		return *e.WithoutBreakGlassRoles
	}
	return Outcome{Severity: e.Severity, Rule: e.Rule, Title: e.Title}
}

// SeverityWith returns the severity a notifier must assign with the roles of
// BreakGlassRoles configured (breakGlass true) or with none.
func (e Expect) SeverityWith(breakGlass bool) string { return e.With(breakGlass).Severity }

// Sample is one corpus entry.
type Sample struct {
	Name        string
	Description string
	Source      string
	Expect      Expect
	// Event is the full EventBridge envelope as compact JSON (string values untouched).
	Event json.RawMessage
}

// Decode unmarshals the sample's event into v.
func (s Sample) Decode(v any) error {
	if err := json.Unmarshal(s.Event, v); err != nil {
		return fmt.Errorf("samples: decode event of %q: %w", s.Name, err)
	}
	return nil
}

//go:embed events/*.json
var eventFiles embed.FS

var (
	loadOnce sync.Once
	loaded   []Sample
	byName   map[string]int
)

func load() {
	entries, err := fs.Glob(eventFiles, "events/*.json")
	if err != nil {
		panic("samples: " + err.Error())
	}
	sort.Strings(entries)
	byName = make(map[string]int, len(entries))
	for _, p := range entries {
		data, err := eventFiles.ReadFile(p)
		if err != nil {
			panic("samples: " + err.Error())
		}
		s, err := Parse(data)
		if err != nil {
			// The corpus is compiled in and checked by samples_test.go; a broken file is a
			// programming error.
			panic(fmt.Sprintf("samples: %s: %v", p, err))
		}
		want := strings.TrimSuffix(path.Base(p), ".json")
		if s.Name != want {
			panic(fmt.Sprintf("samples: %s: name %q does not match file name %q", p, s.Name, want))
		}
		loaded = append(loaded, s)
	}
	sort.Slice(loaded, func(i, j int) bool { return loaded[i].Name < loaded[j].Name })
	for i, s := range loaded {
		byName[s.Name] = i
	}
}

func clone(s Sample) Sample {
	s.Event = append(json.RawMessage(nil), s.Event...)
	s.Expect.MustContain = append([]string(nil), s.Expect.MustContain...)
	s.Expect.Says = append([]string(nil), s.Expect.Says...)
	s.Expect.AttackerMarkers = append([]string(nil), s.Expect.AttackerMarkers...)
	if w := s.Expect.WithoutBreakGlassRoles; w != nil {
		v := *w
		s.Expect.WithoutBreakGlassRoles = &v
	}
	return s
}

// All returns every sample, sorted by name. The result is a fresh copy.
func All() []Sample {
	loadOnce.Do(load)
	out := make([]Sample, len(loaded))
	for i, s := range loaded {
		out[i] = clone(s)
	}
	return out
}

// Get returns the sample with the given name.
func Get(name string) (Sample, bool) {
	loadOnce.Do(load)
	i, ok := byName[name]
	if !ok {
		return Sample{}, false
	}
	return clone(loaded[i]), true
}

// Names returns the names of all samples, sorted.
func Names() []string {
	loadOnce.Do(load)
	out := make([]string, len(loaded))
	for i, s := range loaded {
		out[i] = s.Name
	}
	return out
}

type wrapper struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Source      string          `json:"source"`
	Expect      *Expect         `json:"expect"`
	Event       json.RawMessage `json:"event"`
}

// Parse reads either a sample wrapper (an object with "event" and the fields above) or a
// bare EventBridge envelope (an object with "detail-type" or "detail"); a bare envelope
// gives a Sample with only Event set. Errors are one line and say what is wrong.
func Parse(data []byte) (Sample, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return Sample{}, fmt.Errorf("samples: not a JSON object: %s", oneLine(err))
	}
	if top == nil {
		return Sample{}, errors.New("samples: not a JSON object: got null")
	}
	if _, ok := top["event"]; ok {
		return parseWrapper(data)
	}
	_, hasType := top["detail-type"]
	_, hasDetail := top["detail"]
	if !hasType && !hasDetail {
		return Sample{}, errors.New(`samples: neither a sample wrapper (no "event" key) nor an EventBridge envelope (no "detail-type" or "detail" key)`)
	}
	if err := checkObject(data, "envelope"); err != nil {
		return Sample{}, err
	}
	return Sample{Event: compactCopy(data)}, nil
}

func parseWrapper(data []byte) (Sample, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wrapper
	if err := dec.Decode(&w); err != nil {
		return Sample{}, fmt.Errorf("samples: invalid sample wrapper: %s", oneLine(err))
	}
	if dec.More() {
		return Sample{}, errors.New("samples: invalid sample wrapper: trailing data after the JSON object")
	}
	if strings.TrimSpace(w.Name) == "" {
		return Sample{}, errors.New(`samples: sample wrapper has an empty "name"`)
	}
	if w.Expect == nil {
		return Sample{}, fmt.Errorf(`samples: sample %q has no "expect" object`, w.Name)
	}
	if !validSeverity(w.Expect.Severity) {
		return Sample{}, fmt.Errorf("samples: sample %q has unknown severity %q (allowed: %s)",
			w.Name, w.Expect.Severity, strings.Join(quoted(Severities()), ", "))
	}
	if wo := w.Expect.WithoutBreakGlassRoles; wo != nil && !validSeverity(wo.Severity) {
		return Sample{}, fmt.Errorf("samples: sample %q has unknown withoutBreakGlassRoles severity %q (allowed: %s)",
			w.Name, wo.Severity, strings.Join(quoted(Severities()), ", "))
	}
	if err := checkObject(w.Event, fmt.Sprintf("sample %q: event", w.Name)); err != nil {
		return Sample{}, err
	}
	return Sample{
		Name:        w.Name,
		Description: w.Description,
		Source:      w.Source,
		Expect:      *w.Expect,
		Event:       compactCopy(w.Event),
	}, nil
}

// checkObject reports whether raw is a JSON object.
func checkObject(raw json.RawMessage, what string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return fmt.Errorf("samples: %s is not a JSON object", what)
	}
	return nil
}

// compactCopy returns raw without insignificant whitespace (string contents untouched).
func compactCopy(raw []byte) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return append(json.RawMessage(nil), raw...)
	}
	return json.RawMessage(b.Bytes())
}

func validSeverity(s string) bool {
	for _, v := range Severities() {
		if s == v {
			return true
		}
	}
	return false
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
