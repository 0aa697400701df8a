// Package preview implements the signin-notifier command line: it shows what
// the synthesized app would do with a console sign-in event (which region,
// bus and rule handle it, and the exact body each destination receives), can
// POST each destination's body to a real webhook of that destination, and
// explains an event that would send nothing. It reads an EventBridge event,
// a bare CloudTrail record or a CloudTrail log file (input.go); API
// destination requests are answered in process by a recording
// RoundTripper. It runs the offline emulator on cdk.out and never imports
// aws-cdk-go or jsii.
package preview
