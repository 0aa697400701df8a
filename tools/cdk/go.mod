// This module exists only as a boundary: tools/cdk/node_modules holds the
// CDK CLI, whose package ships Go template files that `go test ./...` in the
// main module must not see.
module github.com/signin-notifier/signin-notifier/tools/cdk

go 1.26
