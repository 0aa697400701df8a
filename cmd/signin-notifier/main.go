// Command signin-notifier previews what the synthesized app does with a
// console sign-in event, offline, checks a deployed account, and pins the
// secrets the stacks read:
//
//	go run ./cmd/signin-notifier preview iam-user-failure-wrong-password
//	go run ./cmd/signin-notifier preview --post https://hooks.slack.com/services/T/B/X my-event.json
//	go run ./cmd/signin-notifier samples
//	go run ./cmd/signin-notifier pin-secrets [--assembly cdk.out] [--context cdk.context.json]
//	go run ./cmd/signin-notifier doctor
//	go run ./cmd/signin-notifier send-test
package main

import (
	"os"

	"github.com/signin-notifier/signin-notifier/internal/cli/doctor"
	"github.com/signin-notifier/signin-notifier/internal/cli/enabledregions"
	"github.com/signin-notifier/signin-notifier/internal/cli/preview"
	"github.com/signin-notifier/signin-notifier/internal/cli/secretpin"
	"github.com/signin-notifier/signin-notifier/internal/cli/sendtest"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "pin-secrets" {
		os.Exit(secretpin.Run(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "send-test" {
		os.Exit(sendtest.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "enabled-regions" {
		os.Exit(enabledregions.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "doctor" {
		os.Exit(doctor.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(preview.Run(os.Args[1:], os.Stdout, os.Stderr))
}
