package suggest

import "testing"

func TestClosest(t *testing.T) {
	commands := []string{"preview", "samples", "doctor", "send-test", "pin-secrets", "enabled-regions", "help"}
	flags := []string{"assembly", "post", "post-slack", "post-slackapp", "post-teams", "post-discord", "post-webhook", "raw"}
	samples := []string{"root-failure", "root-success-mfa", "root-success-no-mfa", "root-password-updated"}
	keys := []string{"regions", "homeRegion", "topology", "accounts"}
	cases := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"previw", commands, "preview"},
		{"Preview", commands, "preview"},
		{"doctr", commands, "doctor"},
		{"sendtest", commands, "send-test"},
		{"enabled-region", commands, "enabled-regions"},
		{"frobnicate", commands, ""},
		{"post-team", flags, "post-teams"},
		{"assemby", flags, "assembly"},
		{"post-slak", flags, "post-slack"},
		{"json", flags, ""},
		// Cut short: the closest of the candidates it starts.
		{"root-succes", samples, "root-success-mfa"},
		{"root-success-no-mf", samples, "root-success-no-mfa"},
		// The configuration's near misses: another case, a prefix either
		// way, two edits.
		{"region", keys, "regions"},
		{"REGIONS", keys, "regions"},
		{"topolgy", keys, "topology"},
		{"homeregionx", keys, "homeRegion"},
		{"account", keys, "accounts"},
		{"@aws-cdk/core:newStyleStackSynthesis", keys, ""},
		{"", keys, ""},
	}
	for _, tc := range cases {
		got, ok := Closest(tc.word, tc.candidates)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Closest(%q) = %q, %v; want %q", tc.word, got, ok, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"previw", "preview", 1}, {"é", "e", 1}, {"abc", "abc", 0},
	}
	for _, tc := range cases {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
