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
func TestMain(m *testing.M) {
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
