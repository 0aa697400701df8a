package signin

import "testing"

func TestValidateEmail(t *testing.T) {
	for _, ok := range []string{"security@example.com", "a.b+alerts@sub.example.org"} {
		if err := ValidateEmail(ok); err != nil {
			t.Errorf("ValidateEmail(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "x", "@example.com", "a@", "a@b", "a b@example.com", "<a@example.com>"} {
		if ValidateEmail(bad) == nil {
			t.Errorf("ValidateEmail(%q) accepted", bad)
		}
	}
}
