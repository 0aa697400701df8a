package emulator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/cli/emulator"
)

func busArn(account, region, name string) string {
	return fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", region, account, name)
}

func busTarget(id string, arn any) map[string]any {
	return map[string]any{"Id": id, "Arn": arn, "RoleArn": "arn:aws:iam::111111111111:role/r"}
}

func destTarget(id string, extra map[string]any) map[string]any {
	t := map[string]any{"Id": id, "Arn": map[string]any{"Fn::GetAtt": []any{"Dest", "Arn"}}, "RoleArn": "arn:aws:iam::111111111111:role/r"}
	for k, v := range extra {
		t[k] = v
	}
	return t
}

// allowPut is a bus policy statement allowing events:PutEvents to principal,
// with an optional condition.
func allowPut(principal any, condition map[string]any) map[string]any {
	st := map[string]any{"Sid": "s", "Effect": "Allow", "Principal": principal, "Action": "events:PutEvents", "Resource": "*"}
	if condition != nil {
		st["Condition"] = condition
	}
	return st
}

func TestRouting(t *testing.T) {
	const acct = "111111111111"
	cases := []struct {
		name      string
		stacks    []tstack
		region    string
		wantSteps string
		wantNote  string // a note some step must contain
		wantSent  int
	}{
		{
			name: "loop between two regions is cut",
			stacks: []tstack{
				{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{"Fwd": ruleRes(signinPattern, busTarget("t", busArn(acct, "us-east-1", "default")))}}},
				{"B", "aws://unknown-account/us-east-1", map[string]any{"Resources": map[string]any{"Fwd": ruleRes(signinPattern, busTarget("t", busArn(acct, "eu-west-1", "default")))}}},
			},
			region: "eu-west-1", wantSteps: "arrived,matched,forwarded,arrived,matched,suppressed", wantNote: "already on this event's path (loop)",
		},
		{
			name: "hop limit",
			stacks: func() []tstack {
				regions := []string{"r0", "r1", "r2", "r3", "r4", "r5", "r6"}
				var out []tstack
				for i, r := range regions[:6] {
					out = append(out, tstack{"S" + r, "aws://unknown-account/" + r, map[string]any{"Resources": map[string]any{
						"Fwd": ruleRes(signinPattern, busTarget("t", busArn(acct, regions[i+1], "default")))}}})
				}
				return out
			}(),
			region:    "r0",
			wantSteps: strings.Repeat("arrived,matched,forwarded,", 4) + "arrived,matched,suppressed",
			wantNote:  "more than 4 bus-to-bus hops",
		},
		{
			name: "no third account",
			stacks: []tstack{
				{"A", "aws://111111111111/eu-west-1", map[string]any{"Resources": map[string]any{"Fwd": ruleRes(signinPattern, busTarget("t", busArn("222222222222", "eu-west-1", "central")))}}},
				{"B", "aws://222222222222/eu-west-1", map[string]any{"Resources": map[string]any{
					"Central": res("AWS::Events::EventBus", map[string]any{"Name": "central"}),
					"Admit":   res("AWS::Events::EventBusPolicy", map[string]any{"EventBusName": map[string]any{"Ref": "Central"}, "StatementId": "a", "Statement": allowPut(map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, nil)}),
					"Fwd":     res("AWS::Events::Rule", map[string]any{"EventBusName": map[string]any{"Ref": "Central"}, "EventPattern": signinPattern, "Targets": []any{busTarget("t", busArn("333333333333", "eu-west-1", "default"))}}),
				}}},
			},
			region: "eu-west-1", wantSteps: "arrived,matched,forwarded,arrived,matched,suppressed", wantNote: "not sent on to a third account",
		},
		{
			name: "two forwarders deliver twice",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": merge(destResources("https://hooks.example.com/x"), map[string]any{
				"Hub":  res("AWS::Events::EventBus", map[string]any{"Name": "hub"}),
				"Fwd1": ruleRes(signinPattern, busTarget("t", map[string]any{"Fn::GetAtt": []any{"Hub", "Arn"}})),
				"Fwd2": ruleRes(map[string]any{"source": []any{"aws.signin"}}, busTarget("t", map[string]any{"Fn::GetAtt": []any{"Hub", "Arn"}})),
				"Send": res("AWS::Events::Rule", map[string]any{"EventBusName": "hub", "EventPattern": signinPattern, "Targets": []any{destTarget("d", nil)}}),
			})}}},
			region:    "eu-west-1",
			wantSteps: "arrived,matched,forwarded,matched,forwarded,arrived,matched,delivered,arrived,matched,delivered",
			wantSent:  2,
		},
		{
			name: "disabled rule does not fire",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": merge(destResources("https://hooks.example.com/x"), map[string]any{
				"Off": res("AWS::Events::Rule", map[string]any{"State": "DISABLED", "EventPattern": signinPattern, "Targets": []any{destTarget("d", nil)}}),
			})}}},
			region: "eu-west-1", wantSteps: "arrived,disabled", wantNote: "State is DISABLED",
		},
		{
			name: "a queue target is queued, and followed no further",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{
				"Q":    res("AWS::SQS::Queue", nil),
				"Rule": ruleRes(signinPattern, map[string]any{"Id": "q", "Arn": map[string]any{"Fn::GetAtt": []any{"Q", "Arn"}}}),
			}}}},
			region: "eu-west-1", wantSteps: "arrived,matched,queued", wantNote: "target q queued in queue A/Q: the emulator follows the event no further",
		},
		{
			name: "other target types are reported, not delivered",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{
				"Rule": ruleRes(signinPattern, map[string]any{"Id": "l", "Arn": "arn:aws:lambda:eu-west-1:111111111111:function:f"}),
			}}}},
			region: "eu-west-1", wantSteps: "arrived,matched,unsupported", wantNote: "only to event buses and API destinations",
		},
		{
			name: "scheduled rules never match events",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": merge(destResources("https://hooks.example.com/x"), map[string]any{
				"Cron": res("AWS::Events::Rule", map[string]any{"ScheduleExpression": "rate(1 hour)", "Targets": []any{destTarget("d", nil)}}),
			})}}},
			region: "eu-west-1", wantSteps: "arrived",
		},
		{
			name: "forward to a bus no stack defines",
			stacks: []tstack{{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{
				"Fwd": ruleRes(signinPattern, busTarget("t", busArn(acct, "eu-west-1", "elsewhere"))),
			}}}},
			region: "eu-west-1", wantSteps: "arrived,matched,forwarded,arrived", wantNote: "not defined in the cloud assembly",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t)
			a := load(t, writeAssembly(t, tc.stacks...), emulator.Options{Endpoint: emulator.RedirectTo(srv.URL)})
			tr, err := a.Put(signinEvent(tc.region, "ua"))
			if err != nil {
				t.Fatal(err)
			}
			if got := stepKinds(tr); got != tc.wantSteps {
				t.Errorf("steps\n got %s\nwant %s\n%s", got, tc.wantSteps, tr)
			}
			if tc.wantNote != "" && !strings.Contains(tr.String(), tc.wantNote) {
				t.Errorf("no step says %q:\n%s", tc.wantNote, tr)
			}
			if n := len(srv.requests()); n != tc.wantSent || len(tr.Sent()) != tc.wantSent {
				t.Errorf("%d requests, %d in trace, want %d", n, len(tr.Sent()), tc.wantSent)
			}
		})
	}
}

func TestDelivery_HTTPDetails(t *testing.T) {
	srv := newRecorder(t)
	stacks := tstack{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{
		"Conn": res("AWS::Events::Connection", map[string]any{"AuthorizationType": "BASIC",
			"AuthParameters": map[string]any{
				"BasicAuthParameters": map[string]any{"Username": "u", "Password": "p"},
				"InvocationHttpParameters": map[string]any{
					"HeaderParameters":      []any{map[string]any{"Key": "X-Shared", "Value": "from-connection"}},
					"QueryStringParameters": []any{map[string]any{"Key": "q", "Value": "conn"}},
				}}}),
		"Dest": res("AWS::Events::ApiDestination", map[string]any{"ConnectionArn": map[string]any{"Fn::GetAtt": []any{"Conn", "Arn"}},
			"HttpMethod": "PUT", "InvocationEndpoint": "https://api.example.com/hooks/*/send/*"}),
		"Rule": ruleRes(signinPattern, destTarget("d", map[string]any{
			"Input": `{"fixed":true}`,
			"HttpParameters": map[string]any{
				"PathParameterValues":   []any{"team a", "c1"},
				"HeaderParameters":      map[string]any{"X-Shared": "from-target", "X-Target": "t"},
				"QueryStringParameters": map[string]any{"q": "target", "z": "1"},
			}})),
	}}}
	a := load(t, writeAssembly(t, stacks), emulator.Options{Endpoint: emulator.RedirectTo(srv.URL)})
	tr, err := a.Put(signinEvent("eu-west-1", "ua"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests\n%s", len(reqs), tr)
	}
	r := reqs[0]
	if r.Method != "PUT" || r.Path != "/hooks/team a/send/c1" || r.RawQuery != "q=conn&z=1" || r.Body != `{"fixed":true}` {
		t.Errorf("request %s %s?%s %s", r.Method, r.Path, r.RawQuery, r.Body)
	}
	if r.Header.Get("Authorization") != "Basic dTpw" || r.Header.Get("X-Shared") != "from-connection" || r.Header.Get("X-Target") != "t" {
		t.Errorf("headers %v", r.Header)
	}
	if strings.Contains(tr.String(), "Basic dTpw") {
		t.Errorf("trace text shows the Authorization header:\n%s", tr)
	}
}

func TestDelivery_PathParameterCountMismatch(t *testing.T) {
	stacks := tstack{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": merge(destResources("https://api.example.com/*"), map[string]any{
		"Rule": ruleRes(signinPattern, destTarget("d", nil)),
	})}}
	a := load(t, writeAssembly(t, stacks), emulator.Options{})
	tr, _ := a.Put(signinEvent("eu-west-1", "ua"))
	if len(tr.Deliveries) != 1 || tr.Deliveries[0].Err == nil || !strings.Contains(tr.Deliveries[0].Err.Error(), "PathParameterValues") {
		t.Errorf("deliveries %+v", tr.Deliveries)
	}
}

func TestDelivery_OAuthIsNotEmulated(t *testing.T) {
	srv := newRecorder(t)
	stacks := tstack{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{
		"Conn": res("AWS::Events::Connection", map[string]any{"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
			"AuthParameters": map[string]any{"OAuthParameters": map[string]any{"AuthorizationEndpoint": "https://auth.example.com"}}}),
		"Dest": res("AWS::Events::ApiDestination", map[string]any{"ConnectionArn": map[string]any{"Fn::GetAtt": []any{"Conn", "Arn"}},
			"HttpMethod": "POST", "InvocationEndpoint": "https://api.example.com/x"}),
		"Rule": ruleRes(signinPattern, destTarget("d", nil)),
	}}}
	a := load(t, writeAssembly(t, stacks), emulator.Options{Endpoint: emulator.RedirectTo(srv.URL)})
	tr, _ := a.Put(signinEvent("eu-west-1", "ua"))
	if len(srv.requests()) != 0 || tr.Deliveries[0].Err == nil || !strings.Contains(tr.Deliveries[0].Err.Error(), "OAUTH_CLIENT_CREDENTIALS") {
		t.Errorf("deliveries %+v", tr.Deliveries)
	}
}

func TestLoad_Warnings(t *testing.T) {
	stacks := tstack{"A", "aws://unknown-account/eu-west-1", map[string]any{"Resources": merge(destResources("https://api.example.com/x"), map[string]any{
		"NoRole":  ruleRes(signinPattern, map[string]any{"Id": "d", "Arn": map[string]any{"Fn::GetAtt": []any{"Dest", "Arn"}}}),
		"XRegion": ruleRes(signinPattern, map[string]any{"Id": "b", "Arn": busArn("111111111111", "us-east-1", "hub")}),
		"Self":    ruleRes(signinPattern, busTarget("s", busArn("111111111111", "eu-west-1", "default"))),
		"Ext":     res("AWS::Events::Rule", map[string]any{"EventBusName": "partner-bus", "EventPattern": signinPattern}),
	})}}
	a := load(t, writeAssembly(t, stacks), emulator.Options{})
	w := strings.Join(a.Warnings(), "\n")
	for _, want := range []string{"resource NoRole target d: API destination target has no RoleArn", "resource XRegion target b: cross-account or cross-region bus target has no RoleArn", "resource Self target s: the rule targets its own bus", `resource Ext: rule is on event bus "partner-bus"`} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
}

func TestLoad_AccountDefaults(t *testing.T) {
	explicit := tstack{"A", "aws://123456789012/eu-west-1", map[string]any{"Resources": map[string]any{}}}
	agnostic := tstack{"B", "aws://unknown-account/eu-west-1", map[string]any{"Resources": map[string]any{}}}
	cases := []struct {
		name   string
		stacks []tstack
		opt    string
		want   string
	}{
		{"no account anywhere", []tstack{agnostic}, "", emulator.DefaultAccountID},
		{"the one explicit account", []tstack{explicit, agnostic}, "", "123456789012"},
		{"option wins", []tstack{explicit}, "999999999999", "999999999999"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := load(t, writeAssembly(t, tc.stacks...), emulator.Options{AccountID: tc.opt})
			if a.AccountID() != tc.want {
				t.Errorf("account %s, want %s", a.AccountID(), tc.want)
			}
		})
	}
}
