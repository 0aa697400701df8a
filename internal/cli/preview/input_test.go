package preview

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/core/samples"
)

// direct is the emulator's one-region fixture: a rule on the default bus of
// eu-west-1 for every console sign-in, posting Slack blocks to the URL in
// secret signin-notifier/slack-webhook-url.
const direct = "../emulator/testdata/direct"

// Every sample envelope of the corpus was built from its documented
// CloudTrail record the way CloudTrail delivers it to EventBridge (see the
// samples package); wrapping the bare record must give the same envelope,
// except the id, which EventBridge assigns (the preview uses eventID).
func TestWrapRecordMatchesTheCorpus(t *testing.T) {
	for _, s := range samples.All() {
		var env map[string]any
		if err := json.Unmarshal(s.Event, &env); err != nil {
			t.Fatal(err)
		}
		if dt, _ := env["detail-type"].(string); !strings.HasSuffix(dt, "via CloudTrail") || env["source"] == "signin-notifier.test" {
			continue // a service event or the send-test event: no CloudTrail record to wrap
		}
		detail, _ := json.Marshal(env["detail"])
		got, err := wrapRecord(detail)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		var wrapped map[string]any
		if err := json.Unmarshal(got, &wrapped); err != nil {
			t.Fatal(err)
		}
		delete(env, "id")
		delete(wrapped, "id")
		if !reflect.DeepEqual(env, wrapped) {
			for k := range env {
				if !reflect.DeepEqual(env[k], wrapped[k]) {
					t.Errorf("%s: %s is %v, the corpus says %v", s.Name, k, wrapped[k], env[k])
				}
			}
		}
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// record returns the bare CloudTrail record of a corpus sample.
func record(t *testing.T, name string) map[string]any {
	t.Helper()
	s, ok := samples.Get(name)
	if !ok {
		t.Fatalf("no sample %s", name)
	}
	var env struct{ Detail map[string]any }
	if err := json.Unmarshal(s.Event, &env); err != nil {
		t.Fatal(err)
	}
	return env.Detail
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPreviewOfABareCloudTrailRecord(t *testing.T) {
	// The target-account SwitchRole record of yohei-a.hatenablog.jp
	// (2020-05-12), recorded in eu-west-1 (see the sample's source).
	file := writeFile(t, "record.json", mustJSON(t, record(t, "switch-role-target-account-eu-west-1")))
	code, out, stderr := run("preview", "--assembly", direct, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"read " + file + ": a CloudTrail record, wrapped in an EventBridge envelope as CloudTrail delivers it (source aws.SERVICE from eventSource, detail-type from eventType, account from recipientAccountId, region from awsRegion, time from eventTime)",
		`event ` + file + `: aws.signin "AWS Console Sign In via CloudTrail" from SwitchRole by AssumedRole arn:aws:sts::444455556666:assumed-role/Admin/anaya in account 444455556666, region eu-west-1`,
		"message 1 of 1 (slack): rule SigninNotifier-eu-west-1/Notifier/Rule",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPreviewOfACloudTrailLogFile(t *testing.T) {
	// A log file holds records of any service: the sign-in notifies, the
	// IAM API call (root enables an MFA device, CloudTrail user guide) does not.
	log := map[string]any{"Records": []any{record(t, "switch-role-target-account-eu-west-1"), record(t, "root-mfa-changed-iam-api-call")}}
	file := writeFile(t, "CloudTrail.json", mustJSON(t, log))
	code, out, stderr := run("preview", "--assembly", direct, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"read " + file + ": a CloudTrail log file with 2 records; each is wrapped",
		"== " + file + " record 1 of 2\n", "message 1 of 1 (slack)",
		"== " + file + " record 2 of 2\n", `aws.iam "AWS API Call via CloudTrail" from EnableMFADevice`, "would send nothing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUnreadableEventsSayWhatToPass(t *testing.T) {
	big := record(t, "switch-role-target-account-eu-west-1")
	big["userAgent"] = strings.Repeat("A", MaxEntrySize)
	noType := record(t, "switch-role-target-account-eu-west-1")
	delete(noType, "eventType")
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not json", []byte("ConsoleLogin by anaya"), "is not JSON (invalid character 'C' looking for beginning of value): pass an EventBridge event"},
		{"array", []byte(`[1]`), "is not JSON (json: cannot unmarshal array into Go value of type map[string]json.RawMessage): pass"},
		{"other object", []byte(`{"hello": "world"}`), `is neither an EventBridge event (no "detail-type"), a CloudTrail record (no "eventSource") nor a CloudTrail log file (no "Records"): pass an EventBridge event`},
		{"empty log", []byte(`{"Records": []}`), `has "Records" but not a non-empty list of records`},
		{"record without eventType", mustJSON(t, noType), `the CloudTrail record's eventType "" is not one CloudTrail sends to EventBridge`},
		{"envelope without a source", []byte(`{"detail-type": "x", "detail": {}}`), `event has no "source" string: put a full EventBridge envelope`},
		{"over 256 KB", mustJSON(t, big), "bytes as a PutEvents entry, over EventBridge's limit of 262144 (256 KB): EventBridge refuses it"},
	}
	for _, tc := range cases {
		file := writeFile(t, "event.json", tc.data)
		code, out, stderr := run("preview", "--assembly", direct, file)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 1 || out != "" || len(lines) != 1 || !strings.Contains(lines[0], tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want one line with %q", tc.name, code, out, stderr, tc.want)
		}
		for _, internal := range []string{"samples:", "emulator", "internal/", "preview."} {
			if strings.Contains(stderr, internal) {
				t.Errorf("%s: the message names %q: %s", tc.name, internal, stderr)
			}
		}
	}
}

// EntrySize counts as eb-putevent-size says: 14 bytes for Time, then the
// UTF-8 bytes of Source, DetailType, Detail and each resource.
func TestEntrySize(t *testing.T) {
	ev := []byte(`{"source":"aws.signin","detail-type":"AWS Console Sign In via CloudTrail","time":"2020-04-30T11:08:31Z","resources":["arn:x"],"detail":{"a": "é"}}`)
	want := 14 + len("aws.signin") + len("AWS Console Sign In via CloudTrail") + len(`{"a":"é"}`) + len("arn:x")
	if got := EntrySize(ev); got != want {
		t.Errorf("EntrySize = %d, want %d", got, want)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"source":"s","detail-type":"t","detail":{"x":"`)
	buf.WriteString(strings.Repeat("a", MaxEntrySize-len(`st{"x":""}`)))
	buf.WriteString(`"}}`)
	if err := checkSize("at the limit", buf.Bytes()); err != nil {
		t.Errorf("an entry of exactly 256 KB is refused: %v", err)
	}
}

func mustJSONString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
