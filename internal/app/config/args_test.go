package config

import (
	"reflect"
	"strings"
	"testing"
)

// teamsURL is shaped like the URL Teams shows for a Workflows webhook
// ("Send webhook alerts to a channel"): a Power Automate trigger on
// logic.azure.com with its shared-access signature in the query.
const teamsURL = "https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC-123_xyz%3D"

func TestParseArgs(t *testing.T) {
	cases := []struct {
		name, args string
		want       []Setting
	}{
		{"nothing", "", nil},
		{"only spaces", " \t\n ", nil},
		{"one", "-c regions=us-east-1", []Setting{{"regions", "us-east-1"}}},
		{"--context and =", "--context regions=us-east-1 --context=topology=direct -c=accountName=Prod",
			[]Setting{{"regions", "us-east-1"}, {"topology", "direct"}, {"accountName", "Prod"}}},
		{"url with & ? % =", "-c teamsWebhookUrl=" + teamsURL + " -c regions=us-east-1",
			[]Setting{{"teamsWebhookUrl", teamsURL}, {"regions", "us-east-1"}}},
		{"the old README's quotes", "-c teamsWebhookUrl='" + teamsURL + "'", []Setting{{"teamsWebhookUrl", teamsURL}}},
		{"double quotes", `-c teamsWebhookUrl="` + teamsURL + `"`, []Setting{{"teamsWebhookUrl", teamsURL}}},
		{"a quoted pair", "-c 'accountName=Production EU' -c \"regions=us-east-1\"",
			[]Setting{{"accountName", "Production EU"}, {"regions", "us-east-1"}}},
		{"a space in a value", "-c accountName=Production EU -c regions=us-east-1",
			[]Setting{{"accountName", "Production EU"}, {"regions", "us-east-1"}}},
		{"spaces inside a value stay, around it go", "  -c  accountName=Prod  EU   -c regions=us-east-1  ",
			[]Setting{{"accountName", "Prod  EU"}, {"regions", "us-east-1"}}},
		{"newlines and tabs separate", "-c regions=us-east-1\n\t-c topology=direct\n",
			[]Setting{{"regions", "us-east-1"}, {"topology", "direct"}}},
		{"shell characters are text", "-c accountName=R&D | ops; it's $HOME `id` <x> \\ %PATH% * ~",
			[]Setting{{"accountName", "R&D | ops; it's $HOME `id` <x> \\ %PATH% * ~"}}},
		{"a quote inside a value", `-c accountName=O'Brien's "team"`, []Setting{{"accountName", `O'Brien's "team"`}}},
		{"a quoted value may hold -c", "-c accountName='ops -c team' -c regions=us-east-1",
			[]Setting{{"accountName", "ops -c team"}, {"regions", "us-east-1"}}},
		{"one pair of quotes only", `-c accountName="'x'"`, []Setting{{"accountName", "'x'"}}},
		{"= in a value", "-c failedSignInBurst=10/5m -c routes=slack:all", []Setting{{"failedSignInBurst", "10/5m"}, {"routes", "slack:all"}}},
		{"JSON value", `-c secretVersions={"signin-notifier/slack-webhook-url":"v1"}`, []Setting{{"secretVersions", `{"signin-notifier/slack-webhook-url":"v1"}`}}},
		{"empty value", "-c accountName= -c regions=us-east-1", []Setting{{"accountName", ""}, {"regions", "us-east-1"}}},
		{"empty quoted value", "-c accountName=''", []Setting{{"accountName", ""}}},
		{"a - word in a value", "-c accountName=Prod - EU", []Setting{{"accountName", "Prod - EU"}}},
		{"a word glued to -c is part of the value", "-c accountName=a-c b", []Setting{{"accountName", "a-c b"}}},
		{"wildcards", "-c ignorePrincipals=arn:aws:sts::*:assumed-role/BreakGlassDrill/*",
			[]Setting{{"ignorePrincipals", "arn:aws:sts::*:assumed-role/BreakGlassDrill/*"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseArgs(tc.args)
			if err != nil {
				t.Fatalf("ParseArgs(%q): %v", tc.args, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseArgs(%q) =\n  %q\nwant\n  %q", tc.args, got, tc.want)
			}
		})
	}
}

func TestParseArgsRefuses(t *testing.T) {
	cases := []struct {
		name, args string
		want       []string
	}{
		{"a stack name first", "SigninNotifier-us-east-1", []string{`"SigninNotifier-us-east-1"`, "every stack", "remove it"}},
		{"a stack name after a value", "-c regions=us-east-1 SigninNotifier-us-east-1", []string{`"SigninNotifier-us-east-1"`, "every stack", "quote the value: -c regions='...'"}},
		{"--all after a value", "-c regions=us-east-1 --all", []string{`"--all"`, "every stack"}},
		{"--all first", "--all -c regions=us-east-1", []string{`"--all"`, "remove it"}},
		{"-o", "-c regions=us-east-1 -o out", []string{`"-o"`, "always writes cdk.out"}},
		{"--profile", "--profile prod -c regions=us-east-1", []string{`"--profile"`, "AWS_PROFILE=NAME"}},
		{"a bare word", "regions=us-east-1", []string{`"regions=us-east-1"`, "not a -c KEY=VALUE setting"}},
		{"-c glued to the key", "-cregions=us-east-1", []string{`"-cregions=us-east-1"`}},
		{"a dangling -c", "-c regions=us-east-1 -c", []string{"ends with -c", "write -c KEY=VALUE"}},
		{"a dangling --context", "--context ", []string{"ends with --context"}},
		{"no =", "-c regions us-east-1", []string{"-c regions, which is not KEY=VALUE"}},
		{"no key", "-c =us-east-1", []string{"no key before '='"}},
		{"an unclosed quote", "-c accountName='Production EU -c regions=us-east-1", []string{"accountName='Production EU", "no matching '", "close the quote"}},
		{"an unclosed quoted pair", `-c "accountName=Production`, []string{`-c "accountName=Production`, `no matching "`}},
		{"a quote closed mid-word", "-c accountName='Prod'uction", []string{"no matching '"}},
		{"a quoted pair without =", "-c 'accountName'", []string{"-c 'accountName', which is not KEY=VALUE"}},
		{"a key twice", "-c regions=us-east-1 -c regions=eu-west-1", []string{"sets regions twice", "keep one"}},
		{"a misspelled key", "-c regoins=us-east-1", []string{`unknown key "regoins"`, "did you mean regions?", "known keys are regions,"}},
		{"an unknown key", "-c color=blue", []string{`unknown key "color"`, "known keys are"}},
		{"a CDK feature flag", "-c @aws-cdk/core:newStyleStackSynthesis=true", []string{"@aws-cdk/core:newStyleStackSynthesis", "cdk.json"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseArgs(tc.args)
			if err == nil {
				t.Fatalf("ParseArgs(%q) = %q, want an error", tc.args, got)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "ARGS ") {
				t.Errorf("error %q is not one line starting with ARGS", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}

// A long unclosed value is cut short in the message, so that the line stays
// short and a webhook's signature at the end of its URL is not shown.
func TestParseArgsShortensRefusedText(t *testing.T) {
	_, err := ParseArgs("-c teamsWebhookUrl='" + teamsURL)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "sig=") || !strings.Contains(err.Error(), "https://prod-12.westeurope") {
		t.Errorf("error %q: want the start of the URL without its signature", err)
	}
}
