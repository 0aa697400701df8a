package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/signin-notifier/signin-notifier/internal/core/samples"
	"github.com/signin-notifier/signin-notifier/internal/core/suggest"
)

// MaxEntrySize is EventBridge's limit on one PutEvents entry: 256 KB
// (EventBridge user guide, "Calculating PutEvents event entry size",
// eb-putevent-size).
const MaxEntrySize = 256 * 1024

// input is one event to preview, with what was done to obtain it.
type input struct {
	name  string
	event []byte
}

// inputFix is the fix every unreadable EVENT gets.
const inputFix = `pass an EventBridge event (with "detail-type" and "detail"), a CloudTrail record (with "eventSource", "eventName" and "eventType"), a CloudTrail log file ({"Records": [...]}) or the name of a built-in sample (signin-notifier samples lists them)`

// loadInputs reads EVENT: the name of a built-in sample, or a file holding
// an EventBridge envelope, a bare CloudTrail record (wrapped in an envelope
// as CloudTrail's delivery to EventBridge does) or a CloudTrail log file
// (each record wrapped). note says what was read.
func loadInputs(arg string) (ins []input, note string, err error) {
	data, err := os.ReadFile(arg)
	if errors.Is(err, os.ErrNotExist) {
		if s, ok := samples.Get(arg); ok {
			return []input{{s.Name, s.Event}}, "built-in sample " + s.Name + ": " + s.Description, nil
		}
		return nil, "", unknownEvent(arg)
	}
	if err != nil {
		return nil, "", fmt.Errorf("cannot read event file %s: %v", arg, err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		why := "not a JSON object"
		if err != nil {
			why = "not JSON (" + strings.ReplaceAll(err.Error(), "\n", " ") + ")"
		}
		return nil, "", fmt.Errorf("event file %s is %s: %s", arg, why, inputFix)
	}
	_, hasType := top["detail-type"]
	_, hasDetail := top["detail"]
	_, hasEventSource := top["eventSource"]
	switch {
	case top["event"] != nil || hasType || hasDetail:
		s, err := samples.Parse(data)
		if err != nil {
			return nil, "", fmt.Errorf("event file %s: %s: %s", arg, strings.TrimPrefix(err.Error(), "samples: "), inputFix)
		}
		if err := checkSize(arg, s.Event); err != nil {
			return nil, "", err
		}
		return []input{{arg, s.Event}}, arg + ": an EventBridge event", nil
	case top["Records"] != nil:
		var records []json.RawMessage
		if err := json.Unmarshal(top["Records"], &records); err != nil || len(records) == 0 {
			return nil, "", fmt.Errorf(`event file %s has "Records" but not a non-empty list of records: %s`, arg, inputFix)
		}
		for i, r := range records {
			name := fmt.Sprintf("%s record %d of %d", arg, i+1, len(records))
			ev, err := wrapRecord(r)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %v", name, err)
			}
			if err := checkSize(name, ev); err != nil {
				return nil, "", err
			}
			ins = append(ins, input{name, ev})
		}
		return ins, fmt.Sprintf("%s: a CloudTrail log file with %d records; each is wrapped in an EventBridge envelope as CloudTrail delivers it (%s) and previewed", arg, len(records), wrapRule), nil
	case hasEventSource:
		ev, err := wrapRecord(data)
		if err != nil {
			return nil, "", fmt.Errorf("event file %s: %v", arg, err)
		}
		if err := checkSize(arg, ev); err != nil {
			return nil, "", err
		}
		return []input{{arg, ev}}, fmt.Sprintf("%s: a CloudTrail record, wrapped in an EventBridge envelope as CloudTrail delivers it (%s)", arg, wrapRule), nil
	}
	return nil, "", fmt.Errorf(`event file %s is neither an EventBridge event (no "detail-type"), a CloudTrail record (no "eventSource") nor a CloudTrail log file (no "Records"): %s`, arg, inputFix)
}

// unknownEvent is the error for an EVENT that names neither a file nor a
// sample: a path gets "no such file", a name the closest sample.
func unknownEvent(arg string) error {
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(strings.ToLower(arg), ".json") {
		return fmt.Errorf("event file %s does not exist: check the path, or pass the name of a built-in sample (signin-notifier samples lists them)", arg)
	}
	names := make([]string, 0, len(samples.All()))
	for _, s := range samples.All() {
		names = append(names, s.Name)
	}
	if best, ok := suggest.Closest(arg, names); ok {
		return fmt.Errorf("event %q is neither a file nor a built-in sample: did you mean %s? (signin-notifier samples lists them)", arg, best)
	}
	return fmt.Errorf("event %q is neither a file nor a built-in sample: run signin-notifier samples for the names", arg)
}

const wrapRule = "source aws.SERVICE from eventSource, detail-type from eventType, account from recipientAccountId, region from awsRegion, time from eventTime"

// detailTypes maps CloudTrail eventType to the detail-type of the event
// CloudTrail sends to EventBridge (EventBridge user guide,
// eb-service-event-cloudtrail; sign-in events carry "AWS Console Sign In
// via CloudTrail" in the CloudTrail user guide's examples).
var detailTypes = map[string]string{
	"AwsApiCall":           "AWS API Call via CloudTrail",
	"AwsConsoleSignIn":     "AWS Console Sign In via CloudTrail",
	"AwsConsoleAction":     "AWS Console Action via CloudTrail",
	"AwsServiceEvent":      "AWS Service Event via CloudTrail",
	"AwsCloudTrailInsight": "AWS Insight via CloudTrail",
	"AwsVpceEvent":         "AWS Network Activity Event via CloudTrail",
}

// wrapRecord builds the EventBridge envelope of a CloudTrail record.
func wrapRecord(raw []byte) ([]byte, error) {
	var r struct {
		EventID, EventSource, EventType, AWSRegion, EventTime, RecipientAccountID string
		UserIdentity                                                              struct{ AccountID string }
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("not a CloudTrail record (%v): %s", err, inputFix)
	}
	missing := func(field string) error {
		return fmt.Errorf("the CloudTrail record has no %s, which the envelope needs: add it as CloudTrail writes it, or pass the EventBridge event instead", field)
	}
	service, ok := strings.CutSuffix(r.EventSource, ".amazonaws.com")
	if !ok || service == "" {
		return nil, fmt.Errorf("the CloudTrail record's eventSource %q is not SERVICE.amazonaws.com: pass the EventBridge event instead", r.EventSource)
	}
	detailType, ok := detailTypes[r.EventType]
	if !ok {
		return nil, fmt.Errorf("the CloudTrail record's eventType %q is not one CloudTrail sends to EventBridge (AwsConsoleSignIn, AwsApiCall, AwsServiceEvent, ...): pass the EventBridge event instead", r.EventType)
	}
	account := r.RecipientAccountID
	if account == "" {
		// Some documented sign-in records lack recipientAccountId; the
		// account is then the signing-in identity's.
		account = r.UserIdentity.AccountID
	}
	switch {
	case account == "":
		return nil, missing("recipientAccountId")
	case r.AWSRegion == "":
		return nil, missing("awsRegion")
	case r.EventTime == "":
		return nil, missing("eventTime")
	}
	id := r.EventID
	if id == "" {
		id = "00000000-0000-0000-0000-000000000000"
	}
	var detail bytes.Buffer
	if err := json.Compact(&detail, raw); err != nil {
		return nil, err
	}
	env := map[string]any{
		"version": "0", "id": id, "detail-type": detailType, "source": "aws." + service,
		"account": account, "time": r.EventTime, "region": r.AWSRegion, "resources": []any{},
		"detail": json.RawMessage(detail.Bytes()),
	}
	return json.Marshal(env)
}

// EntrySize is the size of event as a PutEvents entry, as EventBridge
// counts it: 14 bytes for Time, then the UTF-8 bytes of Source, DetailType,
// Detail and each Resources entry (eb-putevent-size).
func EntrySize(event []byte) int {
	var e struct {
		Source     string          `json:"source"`
		DetailType string          `json:"detail-type"`
		Time       string          `json:"time"`
		Detail     json.RawMessage `json:"detail"`
		Resources  []string        `json:"resources"`
	}
	_ = json.Unmarshal(event, &e)
	n := len(e.Source) + len(e.DetailType)
	if e.Time != "" {
		n += 14
	}
	var detail bytes.Buffer
	if json.Compact(&detail, e.Detail) == nil {
		n += detail.Len()
	} else {
		n += len(e.Detail)
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

func checkSize(name string, event []byte) error {
	if n := EntrySize(event); n > MaxEntrySize {
		return fmt.Errorf("event %s is %d bytes as a PutEvents entry, over EventBridge's limit of %d (256 KB): EventBridge refuses it, so no rule would see it; shorten the record (CloudTrail does not deliver such events either)", name, n, MaxEntrySize)
	}
	if !utf8.Valid(event) {
		return fmt.Errorf("event %s is not valid UTF-8: EventBridge refuses it; save the file as UTF-8", name)
	}
	return nil
}
