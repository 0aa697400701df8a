package emulator_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
	"github.com/signin-notifier/signin-notifier/internal/testkit/payloadcheck"
)

const wantDirectBody = `{"text":"AWS console sign-in: arn:aws:iam::111111111111:user/jane","blocks":[{"type":"header","text":{"type":"plain_text","text":"AWS console sign-in"}},{"type":"section","fields":[{"type":"plain_text","text":"arn:aws:iam::111111111111:user/jane"},{"type":"plain_text","text":"ConsoleLogin"},{"type":"plain_text","text":"eu-west-1"},{"type":"plain_text","text":"203.0.113.10"}]},{"type":"context","elements":[{"type":"plain_text","text":"Mozilla/5.0 \"quoted\" <!channel>"}]}]}`

func TestDirect_DeliversOnceWithExactRequest(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, "testdata/direct", emulator.Options{
		Secrets:  map[string]string{"signin-notifier/slack-webhook-url": webhookURL},
		Endpoint: emulator.RedirectTo(srv.URL), Now: fixedNow,
	})
	tr, err := a.Put(signinEvent("eu-west-1", `Mozilla/5.0 "quoted" <!channel>`))
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("got %d requests, want 1\n%s", len(reqs), tr)
	}
	r := reqs[0]
	if r.Body != wantDirectBody {
		t.Errorf("body\n got %s\nwant %s", r.Body, wantDirectBody)
	}
	if r.Method != "POST" || r.Path != "/services/T000/B000/XXXXSECRET" || r.Host != "hooks.slack.com" {
		t.Errorf("request line: %s %s Host %s", r.Method, r.Path, r.Host)
	}
	for k, want := range map[string]string{
		"Content-Type": "application/json; charset=utf-8", "User-Agent": "Amazon/EventBridge/ApiDestinations",
		"X-Signin-Notifier": "unused", "Range": "bytes=0-1048575",
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	var keys []string
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "Accept-Encoding,Connection,Content-Length,Content-Type,Range,User-Agent,X-Signin-Notifier" {
		t.Errorf("header names %s", got)
	}
	if r.Header.Get("Connection") != "close" {
		t.Errorf("Connection %q, want close", r.Header.Get("Connection"))
	}
	if err := payloadcheck.Slack([]byte(r.Body)); err != nil {
		t.Errorf("delivered body is not a valid Slack payload: %v", err)
	}
	d := tr.Deliveries[0]
	if d.Endpoint != webhookURL || d.DialedURL != srv.URL+"/services/T000/B000/XXXXSECRET" {
		t.Errorf("Endpoint %q DialedURL %q", d.Endpoint, d.DialedURL)
	}
	if d.Region != "eu-west-1" || d.Bus != "default" || d.RuleLogicalID != "NotifierRule8F3E2A10" ||
		d.RulePath != "SigninNotifier-eu-west-1/Notifier/Rule/Resource" || d.TargetID != "Target0" || d.StatusCode != 200 || d.Retryable {
		t.Errorf("delivery = %+v", d)
	}
	if !strings.HasPrefix(d.RuleARN, "arn:aws:events:eu-west-1:111111111111:rule/SigninNotifier-eu-west-1-NotifierRule8F3E2A10-") {
		t.Errorf("RuleARN = %s", d.RuleARN)
	}
	if got := stepKinds(tr); got != "arrived,matched,delivered" {
		t.Errorf("steps %s", got)
	}
	if strings.Contains(tr.String(), "unused") {
		t.Errorf("trace text shows the API key value:\n%s", tr)
	}
}

func TestDirect_AttackerQuoteInStringPlaceholderIsDropped(t *testing.T) {
	// The fixture's fallback text embeds the ARN inside a string literal, so
	// a " in the ARN breaks the JSON and EventBridge drops the event.
	srv := newRecorder(t)
	a := load(t, "testdata/direct", emulator.Options{
		Secrets:  map[string]string{"signin-notifier/slack-webhook-url": webhookURL},
		Endpoint: emulator.RedirectTo(srv.URL), Now: fixedNow,
	})
	var ev map[string]any
	_ = json.Unmarshal(signinEvent("eu-west-1", "ua"), &ev)
	ev["detail"].(map[string]any)["userIdentity"].(map[string]any)["arn"] = `arn:aws:iam::111111111111:user/"x`
	b, _ := json.Marshal(ev)
	tr, err := a.Put(b)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("%d requests sent for a dropped event", n)
	}
	if len(tr.Deliveries) != 1 || !tr.Deliveries[0].Dropped || !strings.Contains(tr.Deliveries[0].DropReason, "not valid JSON") {
		t.Fatalf("deliveries = %+v", tr.Deliveries)
	}
	if got := stepKinds(tr); got != "arrived,matched,dropped" {
		t.Errorf("steps %s", got)
	}
	if len(tr.Sent()) != 0 {
		t.Error("Sent() lists a dropped delivery")
	}
}

func TestDirect_MissingSecretIsALoadError(t *testing.T) {
	_, err := emulator.Load("testdata/direct", emulator.Options{})
	if err == nil {
		t.Fatal("Load succeeded without the secret")
	}
	for _, want := range []string{"SigninNotifier-eu-west-1", "NotifierDestination0C7D1F4B", `secret "signin-notifier/slack-webhook-url" is not in Options.Secrets`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestDirect_Describe(t *testing.T) {
	a := load(t, "testdata/direct", emulator.Options{Secrets: map[string]string{"signin-notifier/slack-webhook-url": webhookURL}})
	sum := a.Describe()
	if len(sum.Regions) != 1 || sum.Regions[0].Region != "eu-west-1" || len(sum.Regions[0].Buses) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	rules := sum.Regions[0].Buses[0].Rules
	if len(rules) != 1 || len(rules[0].Targets) != 1 || rules[0].Targets[0].Kind != "api-destination" {
		t.Fatalf("rules %+v", rules)
	}
	text := sum.String()
	if strings.Contains(text, "XXXXSECRET") {
		t.Errorf("Describe leaks the webhook URL:\n%s", text)
	}
	for _, want := range []string{"{{resolve:secretsmanager:signin-notifier/slack-webhook-url}}", "NotifierRule8F3E2A10 [ENABLED]", "if delivery fails: dead-letter queue SigninNotifier-eu-west-1/Notifier/DeadLetterQueue,", "retry attempts 10, max age 3600s", "input: InputTransformer"} {
		if !strings.Contains(text, want) {
			t.Errorf("Describe lacks %q:\n%s", want, text)
		}
	}
	if w := a.Warnings(); len(w) != 0 {
		t.Errorf("warnings %v", w)
	}
	if a.AccountID() != emulator.DefaultAccountID || strings.Join(a.Regions(), ",") != "eu-west-1" {
		t.Errorf("account %s regions %v", a.AccountID(), a.Regions())
	}
}

func hubSecrets() map[string]string {
	return map[string]string{"signin-notifier/slack": `{"webhookUrl":"` + webhookURL + `","apiKey":"k-123"}`}
}

func TestHub_EventFromEachRegionArrivesExactlyOnce(t *testing.T) {
	cases := []struct {
		region    string
		wantSteps string
	}{
		{"eu-west-1", "arrived,matched,forwarded,arrived,matched,delivered"},
		{"us-east-1", "arrived,matched,forwarded,arrived,matched,delivered"},
	}
	for _, tc := range cases {
		t.Run(tc.region, func(t *testing.T) {
			srv := newRecorder(t)
			a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: emulator.RedirectTo(srv.URL), Now: fixedNow})
			tr, err := a.Put(signinEvent(tc.region, "Mozilla/5.0"))
			if err != nil {
				t.Fatal(err)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want exactly 1\n%s", len(reqs), tr)
			}
			want := strings.NewReplacer("eu-west-1", tc.region, `Mozilla/5.0 \"quoted\" <!channel>`, "Mozilla/5.0").Replace(wantDirectBody)
			if reqs[0].Body != want {
				t.Errorf("body\n got %s\nwant %s", reqs[0].Body, want)
			}
			if got := reqs[0].Header.Get("X-Signin-Notifier"); got != "k-123" {
				t.Errorf("API key header %q, want the value of the JSON key apiKey", got)
			}
			if got := stepKinds(tr); got != tc.wantSteps {
				t.Errorf("steps %s, want %s\n%s", got, tc.wantSteps, tr)
			}
			fwd := tr.Steps[2]
			if fwd.Region != tc.region || fwd.Target != "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub" {
				t.Errorf("forward step %+v", fwd)
			}
			d := tr.Deliveries[0]
			if d.Region != "us-east-1" || d.Bus != "signin-notifier-hub" || d.Hop != 1 || d.RulePath != "SigninNotifier-us-east-1/Notifier/Rule/Resource" || d.Endpoint != webhookURL {
				t.Errorf("delivery %+v", d)
			}
			if !strings.Contains(d.RuleARN, ":rule/signin-notifier-hub/") {
				t.Errorf("rule on a custom bus has ARN %s, want rule/BUS/NAME", d.RuleARN)
			}
		})
	}
}

func TestHub_RegionWithoutStack(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: emulator.RedirectTo(srv.URL)})
	tr, err := a.Put(signinEvent("ap-south-1", "ua"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Steps) != 1 || tr.Steps[0].Kind != emulator.StepArrived || !strings.Contains(tr.Steps[0].Note, "no stack is deployed") {
		t.Errorf("steps %+v", tr.Steps)
	}
	if len(tr.Deliveries) != 0 || len(srv.requests()) != 0 {
		t.Error("delivered from a region with no stack")
	}
}

func TestHub_NonMatchingEvent(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: emulator.RedirectTo(srv.URL)})
	ev := []byte(`{"source":"aws.signin","detail-type":"AWS API Call via CloudTrail","region":"eu-west-1","detail":{}}`)
	tr, err := a.Put(ev)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepKinds(tr); got != "arrived" || len(srv.requests()) != 0 {
		t.Errorf("steps %s, %d requests", got, len(srv.requests()))
	}
}

func TestHub_PutOnBus(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: emulator.RedirectTo(srv.URL)})
	tr, err := a.PutOnBus(signinEvent("eu-west-1", "ua"), "arn:aws:events:us-east-1:111111111111:event-bus/signin-notifier-hub")
	if err != nil {
		t.Fatal(err)
	}
	if got := stepKinds(tr); got != "arrived,matched,delivered" || len(srv.requests()) != 1 {
		t.Errorf("steps %s, %d requests", got, len(srv.requests()))
	}
	if _, err := a.PutOnBus(signinEvent("eu-west-1", "ua"), "signin-notifier-hub"); err == nil {
		t.Error("PutOnBus accepted a bus name instead of an ARN")
	}
}

func TestPut_RejectsBadEnvelopes(t *testing.T) {
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets()})
	cases := map[string]string{
		"not JSON":          `{`,
		"no region":         `{"source":"a","detail-type":"b"}`,
		"no source":         `{"detail-type":"b","region":"us-east-1"}`,
		"region not text":   `{"source":"a","detail-type":"b","region":1}`,
		"detail not object": `{"source":"a","detail-type":"b","region":"us-east-1","detail":"x"}`,
	}
	for name, ev := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := a.Put([]byte(ev)); err == nil {
				t.Error("Put accepted it")
			}
		})
	}
}

func TestHub_ServerErrorIsRecordedAsRetryable(t *testing.T) {
	srv := newRecorder(t)
	srv.status = 503
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: emulator.RedirectTo(srv.URL)})
	tr, _ := a.Put(signinEvent("us-east-1", "ua"))
	if len(tr.Sent()) != 1 || tr.Sent()[0].StatusCode != 503 || !tr.Sent()[0].Retryable {
		t.Errorf("deliveries %+v", tr.Deliveries)
	}
	if !strings.Contains(tr.String(), "EventBridge would retry") {
		t.Errorf("trace text:\n%s", tr)
	}
}

func TestHub_UnreachableEndpointIsAnError(t *testing.T) {
	a := load(t, "testdata/hub", emulator.Options{Secrets: hubSecrets(), Endpoint: func(string) string { return "http://127.0.0.1:1/x" }})
	tr, err := a.Put(signinEvent("us-east-1", "ua"))
	if err != nil {
		t.Fatal(err)
	}
	d := tr.Deliveries[0]
	if d.Err == nil || !d.Retryable {
		t.Errorf("delivery %+v", d)
	}
	if got := stepKinds(tr); !strings.HasSuffix(got, "failed") {
		t.Errorf("steps %s", got)
	}
}
