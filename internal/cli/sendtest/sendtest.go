// Package sendtest is the `signin-notifier send-test` command: it puts a
// synthetic console sign-in on the signin-notifier bus of every region of
// the synthesized app that has one, so that the deployed path, bus -> rule
// -> input transformer -> API destination -> chat, is rehearsed for real.
//
// Customers cannot put events whose source begins with "aws." (EventBridge
// PutEvents API reference), so the test carries its own source,
// signin-notifier.test; the TestSignIn rule of every destination renders it
// like a successful IAM user sign-in, marked as a test.
//
// What belongs here: building the event and putting it. What does not:
// reading the assembly (internal/cli/doctor) and the message (internal/core/signin).
package sendtest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/signin-notifier/signin-notifier/internal/cli/cmdline"
	"github.com/signin-notifier/signin-notifier/internal/cli/doctor"
	"github.com/signin-notifier/signin-notifier/internal/core/plan"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Usage is the send-test part of the command's usage text.
const Usage = `  signin-notifier send-test [--assembly DIR] [--region REGION]
      put a synthetic sign-in (source signin-notifier.test) on the
      signin-notifier bus of every region of the assembly that has one
      (your usual credentials; AWS_ENDPOINT_URL is honoured): every
      destination posts it, marked as a test; run it after every deploy
`

// Main runs `send-test ARGS` and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("send-test", flag.ContinueOnError)
	dir := fs.String("assembly", "cdk.out", "cloud assembly directory")
	only := fs.String("region", "", "only this region's bus")
	const synopsis = "send-test [--assembly DIR] [--region REGION]"
	err := cmdline.Parse(fs, args, synopsis)
	if err == nil && fs.NArg() > 0 {
		err = cmdline.Usagef("unexpected argument %q: use %s", fs.Arg(0), synopsis)
	}
	if err == nil {
		err = run(*dir, *only, stdout)
	}
	return cmdline.Report(err, "send-test", "usage:\n"+Usage, stdout, stderr)
}

func run(dir, only string, stdout io.Writer) error {
	asm, err := doctor.ReadAssembly(dir)
	if err != nil {
		return err
	}
	var regions []string
	for _, s := range asm.Stacks {
		if s.HasBus && (only == "" || s.Region == only) {
			regions = append(regions, s.Region)
		}
	}
	if len(regions) == 0 {
		if only != "" {
			return fmt.Errorf("the assembly in %s has no signin-notifier bus in %s: use --region with one of %v", dir, only, busRegions(asm))
		}
		return fmt.Errorf("the assembly in %s has no signin-notifier bus: run make synth first", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg, account, _, err := doctor.LoadAWS(ctx, regions[0])
	if err != nil {
		return err
	}
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("cannot call AWS STS: %v", err)
	}
	for _, region := range regions {
		c := cfg.Copy()
		c.Region = region
		detail, err := Detail(aws.ToString(who.Arn), account, region, time.Now().UTC())
		if err != nil {
			return err
		}
		out, err := eventbridge.NewFromConfig(c).PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(plan.BusName),
			Source:       aws.String(signin.SourceTest),
			DetailType:   aws.String(signin.DetailType),
			Detail:       aws.String(string(detail)),
		}}})
		switch {
		case err != nil:
			return fmt.Errorf("PutEvents on %s in %s: %v: check that the stacks are deployed (doctor) and that you may events:PutEvents on the bus", plan.BusName, region, err)
		case out.FailedEntryCount > 0:
			e := out.Entries[0]
			return fmt.Errorf("PutEvents on %s in %s refused the event: %s %s", plan.BusName, region, aws.ToString(e.ErrorCode), aws.ToString(e.ErrorMessage))
		}
		fmt.Fprintf(stdout, "✔ sent a test sign-in to %s in %s (event %s): every destination should post \"Test from signin-notifier send-test\" within a minute\n",
			plan.BusName, region, aws.ToString(out.Entries[0].EventId))
	}
	fmt.Fprintln(stdout, "Nothing in a channel? Run doctor, then look at the dead-letter queue of that destination's stack.")
	return nil
}

func busRegions(asm doctor.Assembly) []string {
	var out []string
	for _, s := range asm.Stacks {
		if s.HasBus {
			out = append(out, s.Region)
		}
	}
	return out
}

// Detail is the detail of the test event: shaped like the CloudTrail record
// of a successful IAM user sign-in with MFA (the fields the TestSignIn rule
// requires and shows), by the caller, from a documentation address.
func Detail(callerARN, account, region string, now time.Time) ([]byte, error) {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	eventID := fmt.Sprintf("%x-%x-%x-%x-%x", id[0:4], id[4:6], id[6:8], id[8:10], id[10:16])
	return json.Marshal(map[string]any{
		"eventVersion": "1.08",
		"userIdentity": map[string]any{"type": "IAMUser", "arn": callerARN, "accountId": account},
		"eventTime":    now.Format(time.RFC3339),
		"eventSource":  signin.EventSource,
		"eventName":    signin.EventConsoleLogin,
		"awsRegion":    region,
		// RFC 5737 documentation address: this sign-in came from nowhere.
		"sourceIPAddress":     "192.0.2.99",
		"userAgent":           "signin-notifier send-test",
		"responseElements":    map[string]any{"ConsoleLogin": "Success"},
		"additionalEventData": map[string]any{"MFAUsed": "Yes"},
		"eventID":             eventID,
		"eventType":           "AwsConsoleSignIn",
		"recipientAccountId":  account,
	})
}
