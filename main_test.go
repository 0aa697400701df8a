package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// TestMain closes the jsii kernel once for the whole package: the runtime is
// single-threaded and a per-test Close would restart Node each time.
//
// It also owns the directory synthApp keeps its shared assemblies in.
//
// Run with runAsApp set, the test binary is the app (run, as main calls
// it): TestBadContextFailsWithOneLine starts it that way, as the CDK CLI
// starts the app, without building a second binary.
func TestMain(m *testing.M) {
	if os.Getenv(runAsApp) == "1" {
		os.Exit(run())
	}
	dir, err := os.MkdirTemp("", "signin-notifier-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	synthRoot = dir
	code := m.Run()
	jsii.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runAsApp makes the test binary run the app instead of the tests.
const runAsApp = "SIGNIN_NOTIFIER_TEST_RUN_APP"
