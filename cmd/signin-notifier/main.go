// Command signin-notifier previews what the synthesized app does with a
// console sign-in event, offline:
//
//	go run ./cmd/signin-notifier preview iam-user-failure-wrong-password
//	go run ./cmd/signin-notifier preview --post https://hooks.slack.com/services/T/B/X my-event.json
//	go run ./cmd/signin-notifier samples
package main

import (
	"os"

	"github.com/signin-notifier/signin-notifier/internal/preview"
)

func main() {
	os.Exit(preview.Run(os.Args[1:], os.Stdout, os.Stderr))
}
