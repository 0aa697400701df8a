package emulator_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

// commercialRegions are the 17 regions enabled by default in an account.
var commercialRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
}

// writeHubAssembly writes a hub topology over the given regions: the first
// region is home (hub bus, notifier, forwarder), every other region a spoke
// forwarding to the hub.
func writeHubAssembly(t testing.TB, regions []string) string {
	home := regions[0]
	hubArn := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":events:" + home + ":", map[string]any{"Ref": "AWS::AccountId"}, ":event-bus/signin-notifier-hub"}}}
	forwarder := func(arn any) map[string]any {
		return map[string]any{
			"Role":    res("AWS::IAM::Role", map[string]any{}),
			"Forward": ruleRes(signinPattern, map[string]any{"Id": "Target0", "Arn": arn, "RoleArn": map[string]any{"Fn::GetAtt": []any{"Role", "Arn"}}}),
		}
	}
	template := `{"text":"Sign-in: <arn>","blocks":[{"type":"header","text":{"type":"plain_text","text":"Console sign-in"}},{"type":"section","fields":[{"type":"plain_text","text":<arn>},{"type":"plain_text","text":<ip>},{"type":"plain_text","text":<region>}]},{"type":"context","elements":[{"type":"plain_text","text":<ua>}]}]}`
	homeRes := merge(forwarder(map[string]any{"Fn::GetAtt": []any{"Hub", "Arn"}}), destResources("{{resolve:secretsmanager:signin-notifier/slack-webhook-url}}"), map[string]any{
		"Hub": res("AWS::Events::EventBus", map[string]any{"Name": "signin-notifier-hub"}),
		"Notify": res("AWS::Events::Rule", map[string]any{"EventBusName": map[string]any{"Ref": "Hub"}, "EventPattern": signinPattern, "Targets": []any{
			destTarget("Target0", map[string]any{"InputTransformer": map[string]any{
				"InputPathsMap": map[string]any{"arn": "$.detail.userIdentity.arn", "ip": "$.detail.sourceIPAddress", "region": "$.region", "ua": "$.detail.userAgent"},
				"InputTemplate": template}})}}),
	})
	stacks := []tstack{{"SigninNotifier-" + home, "aws://unknown-account/" + home, map[string]any{"Resources": homeRes}}}
	for _, r := range regions[1:] {
		stacks = append(stacks, tstack{"SigninNotifier-" + r, "aws://unknown-account/" + r, map[string]any{"Resources": forwarder(hubArn)}})
	}
	return writeAssembly(t, stacks...)
}

var benchSecrets = map[string]string{"signin-notifier/slack-webhook-url": webhookURL}

func TestHubAssembly17Regions(t *testing.T) {
	srv := newRecorder(t)
	a := load(t, writeHubAssembly(t, commercialRegions), emulator.Options{Secrets: benchSecrets, Endpoint: emulator.RedirectTo(srv.URL)})
	if got := len(a.Regions()); got != 17 {
		t.Fatalf("%d regions", got)
	}
	for _, r := range commercialRegions {
		if _, err := a.Put(signinEvent(r, "ua")); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.requests()); n != 17 {
		t.Errorf("%d requests for 17 events, want one each", n)
	}
}

// okTransport answers every request with 200 without a network round trip.
type okTransport struct{}

func (okTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, r.Body)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: r}, nil
}

// BenchmarkPut routes one spoke-region event through the 17-region hub
// assembly to a local httptest server.
func BenchmarkPut(b *testing.B) {
	srv := newRecorderB(b)
	a := load(b, writeHubAssembly(b, commercialRegions), emulator.Options{Secrets: benchSecrets, Endpoint: emulator.RedirectTo(srv.URL)})
	ev := signinEvent("ap-southeast-2", "Mozilla/5.0")
	b.ReportAllocs()
	for b.Loop() {
		if tr, err := a.Put(ev); err != nil || len(tr.Sent()) != 1 {
			b.Fatalf("put: %v", err)
		}
	}
}

// BenchmarkPutNoNetwork is BenchmarkPut with an in-process transport: the
// emulator's own cost.
func BenchmarkPutNoNetwork(b *testing.B) {
	a := load(b, writeHubAssembly(b, commercialRegions), emulator.Options{Secrets: benchSecrets, HTTPClient: &http.Client{Transport: okTransport{}}})
	ev := signinEvent("ap-southeast-2", "Mozilla/5.0")
	b.ReportAllocs()
	for b.Loop() {
		if tr, err := a.Put(ev); err != nil || len(tr.Sent()) != 1 {
			b.Fatalf("put: %v", err)
		}
	}
}

// BenchmarkLoad loads the 17-region hub assembly from disk.
func BenchmarkLoad(b *testing.B) {
	dir := writeHubAssembly(b, commercialRegions)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := emulator.Load(dir, emulator.Options{Secrets: benchSecrets}); err != nil {
			b.Fatal(err)
		}
	}
}

func newRecorderB(b *testing.B) *recorder {
	r := &recorder{status: http.StatusOK}
	r.Server = newServer(func(w http.ResponseWriter, req *http.Request) {
		_, _ = io.Copy(io.Discard, req.Body)
		w.WriteHeader(http.StatusOK)
	})
	b.Cleanup(r.Close)
	return r
}
