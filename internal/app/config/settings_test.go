package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// writeSettings writes text as the settings file of a new directory and
// returns its path.
func writeSettings(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), SettingsFile)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadSettingsWithoutAFile(t *testing.T) {
	got, err := ReadSettings(filepath.Join(t.TempDir(), SettingsFile))
	if err != nil || got != nil {
		t.Errorf("ReadSettings(missing) = %v, %v; want nil, nil", got, err)
	}
}

func TestReadSettings(t *testing.T) {
	path := writeSettings(t, "\ufeff"+`{
  "//": "a comment",
  "// another": ["ignored", 1],
  "regions": ["us-east-1", "eu-west-1"],
  "ignorePrincipals": ["arn:aws:iam::111122223333:user/a,b"],
  "accounts": "111122223333, 444455556666",
  "routes": ["slack:all", "teams:high"],
  "ignoreSourceIpsFor": ["sign-in", "root+failure"],
  "organizationalUnits": ["ou-ab12-11111111"],
  "accountName": "R&D | ops; it's $HOME <x>",
  "secretVersions": {"signin-notifier/slack-webhook-url": "v"},
  "alarmEmail": null,
  "colour": 1
}`)
	got, err := ReadSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		// Parse takes these arrays as they are, as from cdk.json.
		KeyRegions:          []any{"us-east-1", "eu-west-1"},
		KeyIgnorePrincipals: []any{"arn:aws:iam::111122223333:user/a,b"},
		KeyAccounts:         "111122223333, 444455556666",
		// These it reads as -c gives them: comma-separated.
		KeyRoutes:              "slack:all,teams:high",
		KeyIgnoreSourceIPsFor:  "sign-in,root+failure",
		KeyOrganizationalUnits: "ou-ab12-11111111",
		KeyAccountName:         "R&D | ops; it's $HOME <x>",
		KeySecretVersions:      map[string]any{"signin-notifier/slack-webhook-url": "v"},
		// Not the app's: Parse notes or refuses it.
		"colour": json1(t),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSettings =\n  %#v\nwant\n  %#v", got, want)
	}
}

// json1 is the JSON number 1 as ReadSettings decodes it.
func json1(t *testing.T) any {
	t.Helper()
	v, err := ReadSettings(writeSettings(t, `{"x": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	return v["x"]
}

func TestReadSettingsRefuses(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"empty", " \n", []string{"is empty", `{"regions": "us-east-1"}`}},
		{"not an object", `["us-east-1"]`, []string{"is not a JSON object"}},
		{"a syntax error", "{\n  \"regions\": \"us-east-1\",\n}", []string{":3:1: invalid character '}'", "no comments or trailing commas"}},
		{"a comment", "{\n  // regions\n  \"regions\": \"us-east-1\"\n}", []string{":2:3: invalid character '/'"}},
		{"cut short", `{"regions": "us-east-1"`, []string{"ends before its JSON object does"}},
		{"text after the object", `{"regions": "us-east-1"} {}`, []string{":1:26: text after the JSON object"}},
		{"a key twice", `{"regions": "us-east-1", "regions": "eu-west-1"}`, []string{`sets "regions" twice`}},
		{"a number", `{"hubAccount": 111122223333}`, []string{"hubAccount is the number 111122223333", `"111122223333"`}},
		{"a boolean", `{"topology": true}`, []string{"topology is true", "a JSON string"}},
		{"an array for a string key", `{"accountName": ["Prod"]}`, []string{`accountName is ["Prod"]`, "a JSON string"}},
		{"an object for a list key", `{"regions": {"us-east-1": true}}`, []string{"regions is {", `a JSON array of strings, ["us-east-1", "eu-west-1"]`}},
		{"a number in a list", `{"accounts": [111122223333]}`, []string{"accounts lists 111122223333, which is not a string", `["111122223333"]`}},
		{"an empty string in a list", `{"regions": ["us-east-1", " "]}`, []string{"regions lists an empty string"}},
		{"a comma in a list entry", `{"regions": ["us-east-1,eu-west-1"]}`, []string{`regions lists "us-east-1,eu-west-1", which holds a comma`}},
		{"secretVersions as an array", `{"secretVersions": ["v"]}`, []string{`secretVersions is ["v"]`, `{"NAME": "VERSION-ID"}`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeSettings(t, tc.text)
			got, err := ReadSettings(path)
			if err == nil {
				t.Fatalf("ReadSettings = %v, want an error", got)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, path) {
				t.Errorf("error %q is not one line starting with the file's name", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}

func TestSettingsPrecedence(t *testing.T) {
	path := writeSettings(t, `{"regions": ["us-east-1", "eu-west-1"], "accountName": "From the file", "alarmEmail": "file@example.com", "topology": "direct"}`)
	ctx := map[string]any{KeyAccountName: "From cdk.json", KeyRegions: "us-east-1", KeyTopology: "direct"}
	merged, err := WithSettings(ctx, path, "-c regions=eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if ctx[KeyRegions] != "us-east-1" || len(ctx) != 3 {
		t.Errorf("WithSettings changed its ctx: %v", ctx)
	}
	c, err := Parse(merged, catalog)
	if err != nil {
		t.Fatal(err)
	}
	// ARGS over the CDK context over the file, key by key.
	if !slices.Equal(c.Regions, []string{"eu-west-1"}) || c.AccountName != "From cdk.json" || c.Alarms.Email != "file@example.com" || c.Topology != TopologyDirect {
		t.Errorf("Regions %v, AccountName %q, Alarms.Email %q, Topology %q: want ARGS's regions, the context's name, the file's email, direct", c.Regions, c.AccountName, c.Alarms.Email, c.Topology)
	}
	// Each value of the file that lost is noted once; topology, set to the
	// same value by both, is not.
	want := []string{
		path + " sets accountName, and the CDK context (cdk.json, cdk.context.json or -c) sets it too, which wins",
		path + " sets regions, and ARGS sets it too, which wins",
	}
	if !slices.Equal(c.Warnings, want) {
		t.Errorf("Warnings =\n  %q\nwant\n  %q", c.Warnings, want)
	}
}

// The settings file gives Parse exactly what the same -c settings give it.
func TestSettingsFileEqualsContext(t *testing.T) {
	path := writeSettings(t, `{
  "regions": ["us-east-1", "eu-west-1"],
  "slackWebhookSecret": "log-channel",
  "teamsWebhookUrl": "`+teamsURL+`",
  "routes": ["slack:all", "teams:high"],
  "ignoreSourceIps": ["203.0.113.0/24", "2001:db8::/32"],
  "ignoreSourceIpsFor": ["sign-in", "root+failure"],
  "ignorePrincipals": ["arn:aws:sts::*:assumed-role/BreakGlassDrill/*"],
  "accountName": "R&D | ops; it's $HOME"
}`)
	fromFile, err := WithSettings(nil, path, "")
	if err != nil {
		t.Fatal(err)
	}
	fileCfg, err := Parse(fromFile, catalog)
	if err != nil {
		t.Fatal(err)
	}
	args := "-c regions=us-east-1,eu-west-1 -c slackWebhookSecret=log-channel -c teamsWebhookUrl=" + teamsURL +
		" -c routes=slack:all,teams:high -c ignoreSourceIps=203.0.113.0/24,2001:db8::/32 -c ignoreSourceIpsFor=sign-in,root+failure" +
		" -c ignorePrincipals=arn:aws:sts::*:assumed-role/BreakGlassDrill/* -c accountName=R&D | ops; it's $HOME"
	fromArgs, err := WithSettings(nil, filepath.Join(t.TempDir(), SettingsFile), args)
	if err != nil {
		t.Fatal(err)
	}
	argsCfg, err := Parse(fromArgs, catalog)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fileCfg, argsCfg) {
		t.Errorf("from the file:\n  %+v\nfrom ARGS:\n  %+v", fileCfg, argsCfg)
	}
	if fileCfg.AccountName != "R&D | ops; it's $HOME" || fileCfg.Destinations[1].URL != teamsURL {
		t.Errorf("AccountName %q, Teams URL %q: want both byte for byte", fileCfg.AccountName, fileCfg.Destinations[1].URL)
	}
}

// A message about a value of the settings file names the file, one about a
// value of the CDK context says "context", as before.
func TestSettingsMessagesNameTheFile(t *testing.T) {
	cases := []struct {
		name, file string
		ctx        map[string]any
		err        string
		warnings   []string
	}{
		{name: "a bad region", file: `{"regions": ["us-east-1", "eu-west-9"]}`,
			err: `FILE: regions="us-east-1,eu-west-9" names unknown region "eu-west-9": use default or regions of the aws partition such as us-east-1,eu-west-1`},
		{name: "a bad value of a key that is a prefix of another", file: `{"ignoreSourceIps": ["203.0.113.0/33"], "ignoreSourceIpsFor": "sign-in"}`,
			err: `FILE: ignoreSourceIps: `},
		{name: "a bad secret version", file: `{"secretVersions": {"signin-notifier/slack-webhook-url": "AWSCURRENT"}}`,
			err: `FILE: secretVersions["signin-notifier/slack-webhook-url"]="AWSCURRENT" is not a secret version id`},
		{name: "a bad account name", file: `{"accountName": "a <b>"}`,
			err: `FILE: accountName: "a <b>" contains < or >`},
		{name: "a misspelled key", file: `{"regoins": "us-east-1"}`,
			err: `FILE: unknown key "regoins" (did you mean regions?): known keys are`},
		{name: "an unknown key", file: `{"colour": "blue"}`,
			warnings: []string{`FILE: key "colour" is not one of signin-notifier's and is ignored (known keys are`}},
		{name: "a bad value of the context", file: `{"regions": "us-east-1"}`, ctx: map[string]any{KeyAccountName: "a <b>"},
			err: `context accountName: "a <b>" contains < or >`},
		{name: "a file value the context overrides", file: `{"regions": "eu-west-9"}`, ctx: map[string]any{KeyRegions: "us-east-1"},
			warnings: []string{"FILE sets regions, and the CDK context (cdk.json, cdk.context.json or -c) sets it too, which wins"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeSettings(t, tc.file)
			ctx, err := WithSettings(tc.ctx, path, "")
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(ctx, catalog)
			if tc.err != "" {
				if want := strings.ReplaceAll(tc.err, "FILE", path); err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("Parse error = %v, want it to start with %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Warnings) != len(tc.warnings) {
				t.Fatalf("Warnings = %q, want %d", c.Warnings, len(tc.warnings))
			}
			for i, w := range tc.warnings {
				if want := strings.ReplaceAll(w, "FILE", path); !strings.HasPrefix(c.Warnings[i], want) {
					t.Errorf("warning %q, want it to start with %q", c.Warnings[i], want)
				}
			}
		})
	}
}

func TestWithSettingsRefusesBadArgsAndFiles(t *testing.T) {
	if _, err := WithSettings(nil, filepath.Join(t.TempDir(), SettingsFile), "-c regions=us-east-1 --all"); err == nil || !strings.Contains(err.Error(), `"--all"`) {
		t.Errorf("bad ARGS: error %v, want the refusal of --all", err)
	}
	path := writeSettings(t, `{"hubAccount": 111122223333}`)
	if _, err := WithSettings(nil, path, ""); err == nil || !strings.HasPrefix(err.Error(), path+": hubAccount") {
		t.Errorf("bad file: error %v, want one naming %s and hubAccount", err, path)
	}
}
