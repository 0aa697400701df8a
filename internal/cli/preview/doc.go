// Package preview implements the preview and samples commands of
// signin-notifier: for a console sign-in event it shows, offline, the
// message each destination of the synthesized app would post, as the chat
// shows it (picture.go), then the route (which region, bus and rule handle
// it, and the dead-letter queue each target falls back to); with --raw the
// exact JSON body each destination receives and, for Slack, a Block Kit
// Builder link. It can POST each destination's body to a real webhook of
// that destination, and explains an event that would send nothing. It reads
// an EventBridge event, a bare CloudTrail record or a CloudTrail log file
// (input.go); an event of a member account of an organization app starts in
// that account. API destination requests are answered in process by a
// recording RoundTripper. It runs the offline emulator on cdk.out and never
// imports aws-cdk-go or jsii.
package preview
