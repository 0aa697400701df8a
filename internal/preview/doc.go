// Package preview implements the signin-notifier command line: it shows what
// the synthesized app would do with one console sign-in event (which region,
// bus and rule handle it, and the exact body each destination receives), can
// POST that body to a real webhook, and explains an event that would send
// nothing. It runs the offline emulator on cdk.out and never imports
// aws-cdk-go or jsii.
package preview
