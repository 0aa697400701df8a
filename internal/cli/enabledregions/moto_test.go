//go:build moto

package enabledregions

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
	"github.com/signin-notifier/signin-notifier/internal/testkit/mototest"
)

// Against moto: the account (123456789012 in moto) and the regions moto
// reports enabled in the aws partition (it marks three regions that are
// opt-in on AWS as not needing opt-in, and knows no opted-in state).
func TestAWSLookupAgainstMoto(t *testing.T) {
	mototest.Use(t)
	file := filepath.Join(t.TempDir(), ContextFile)
	account, got, err := Resolve(context.Background(), file, AWS)
	if err != nil || account != "123456789012" {
		t.Fatal(err)
	}
	want := []string{
		"af-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
		"ap-southeast-2", "ap-southeast-3", "ca-central-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1",
		"eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("regions %v", got)
	}
	all := readContext(t, file)
	if _, ok := all[config.EnabledRegionsKey("123456789012")]; !ok {
		t.Errorf("cache %v", all)
	}
}

func TestAWSLookupWithoutCredentials(t *testing.T) {
	mototest.Use(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	_, _, err := Resolve(context.Background(), filepath.Join(t.TempDir(), ContextFile), AWS)
	if err == nil || !strings.Contains(err.Error(), "cannot look up the account's enabled regions: no AWS credentials found: run aws configure (or aws sso login), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") || strings.Contains(err.Error(), "\n") {
		t.Errorf("%v", err)
	}
}
