// Package config turns the CDK context of the signin-notifier app into a
// validated Config.
//
// It is deliberately free of aws-cdk-go and jsii: the app reads the raw
// context values and the region catalog through jsii, hands them to Parse, and
// only builds constructs from a Config that passed every check. Every error is
// a single line that names the context key, the bad value and the fix, so the
// CLI can print it as is and exit without leaving a half-built assembly.
package config
