package doctor

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// gatherer asks AWS, one region at a time per worker.
type gatherer struct {
	cfg       aws.Config
	partition string
}

func (g *gatherer) regional(region string) aws.Config {
	c := g.cfg.Copy()
	c.Region = region
	return c
}

// apiError shortens an SDK error to its code and message.
func apiError(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s) > 200 {
		s = s[i+2:]
	}
	return s
}

func isCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}

// Regions lists the account's regions of the caller's partition with their
// opt-in status (EC2 DescribeRegions with AllRegions).
func Regions(ctx context.Context, cfg aws.Config, partition string) ([]RegionStatus, error) {
	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	var rs []RegionStatus
	for _, r := range out.Regions {
		name := aws.ToString(r.RegionName)
		if PartitionOf(name) != partition {
			continue
		}
		rs = append(rs, RegionStatus{Name: name, OptInStatus: aws.ToString(r.OptInStatus)})
	}
	return rs, nil
}

// PartitionOf names the partition of a region by its documented prefixes.
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}

// trails lists the trails visible from region (shadow trails included, so
// a multi-region or organization trail of another home region shows), then
// reads each one's status and selectors in its home region.
func (g *gatherer) trails(ctx context.Context, region string) ([]Trail, error) {
	out, err := cloudtrail.NewFromConfig(g.regional(region)).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	trails := make([]Trail, len(out.TrailList))
	var wg sync.WaitGroup
	for i, t := range out.TrailList {
		trails[i] = Trail{
			Name: aws.ToString(t.Name), ARN: aws.ToString(t.TrailARN), HomeRegion: aws.ToString(t.HomeRegion),
			MultiRegion: aws.ToBool(t.IsMultiRegionTrail), Organization: aws.ToBool(t.IsOrganizationTrail),
		}
		custom := aws.ToBool(t.HasCustomEventSelectors)
		wg.Add(1)
		go func(tr *Trail) {
			defer wg.Done()
			home := tr.HomeRegion
			if home == "" {
				home = region
			}
			ct := cloudtrail.NewFromConfig(g.regional(home))
			st, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(tr.ARN)})
			if err != nil {
				tr.Err = "cannot read its status: " + apiError(err)
				return
			}
			tr.Logging = aws.ToBool(st.IsLogging)
			sel, err := ct.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(tr.ARN)})
			if err != nil {
				tr.Err = "cannot read its event selectors: " + apiError(err)
				return
			}
			tr.Management = SelectorsLogSignIn(custom, basicSelectors(sel.EventSelectors), advancedSelectors(sel.AdvancedEventSelectors))
		}(&trails[i])
	}
	wg.Wait()
	return trails, nil
}

func basicSelectors(in []cttypes.EventSelector) []BasicSelector {
	var out []BasicSelector
	for _, s := range in {
		out = append(out, BasicSelector{ReadWriteType: string(s.ReadWriteType), IncludeManagementEvents: s.IncludeManagementEvents == nil || *s.IncludeManagementEvents})
	}
	return out
}

func advancedSelectors(in []cttypes.AdvancedEventSelector) [][]FieldSelector {
	var out [][]FieldSelector
	for _, s := range in {
		var fs []FieldSelector
		for _, f := range s.FieldSelectors {
			fs = append(fs, FieldSelector{
				Field: aws.ToString(f.Field), Equals: f.Equals, NotEquals: f.NotEquals,
				StartsWith: f.StartsWith, EndsWith: f.EndsWith, NotStartsWith: f.NotStartsWith, NotEndsWith: f.NotEndsWith,
			})
		}
		out = append(out, fs)
	}
	return out
}

// stackFacts is everything asked about one stack.
type stackFacts struct {
	state                 StackState
	rules, queues, alarms []Item
	physical              map[string]string
	heartbeat             *HeartbeatWatch
}

// stack asks CloudFormation for the stack and its resources, then each
// resource's own service for its state.
func (g *gatherer) stack(ctx context.Context, s Stack) stackFacts {
	cfg := g.regional(s.Region)
	f := stackFacts{state: StackState{Stack: s}, physical: map[string]string{}}
	cfn := cloudformation.NewFromConfig(cfg)
	out, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(s.Name)})
	switch {
	case err != nil && isCode(err, "ValidationError") && strings.Contains(err.Error(), "does not exist"):
	case err != nil:
		f.state.Err = apiError(err)
	case len(out.Stacks) > 0:
		f.state.Status = string(out.Stacks[0].StackStatus)
	}
	if f.state.Status != "" {
		p := cloudformation.NewListStackResourcesPaginator(cfn, &cloudformation.ListStackResourcesInput{StackName: aws.String(s.Name)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				f.state.ListErr = apiError(err)
				break
			}
			for _, r := range page.StackResourceSummaries {
				f.physical[aws.ToString(r.LogicalResourceId)] = aws.ToString(r.PhysicalResourceId)
			}
		}
	}

	// A stack that is not deployed (or that doctor could not ask about)
	// is the stacks check's finding; its resources are not checked again.
	absent := f.state.Status == ""
	events := eventbridge.NewFromConfig(cfg)
	for _, rule := range s.Rules {
		it := Item{Stack: s.Name, Region: s.Region, ID: rule.LogicalID, WantDisabled: rule.Disabled, StackAbsent: absent}
		if phys := f.physical[rule.LogicalID]; phys != "" {
			// The physical id of a rule on a custom bus is BUS|NAME.
			bus, name := rule.Bus, phys
			if b, n, ok := strings.Cut(phys, "|"); ok {
				bus, name = b, n
			}
			it.Name, it.Bus = name, bus
			d, err := events.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(name), EventBusName: aws.String(bus)})
			switch {
			case isCode(err, "ResourceNotFoundException"):
			case err != nil:
				it.Err = apiError(err)
			default:
				it.Found, it.State = true, string(d.State)
			}
		}
		f.rules = append(f.rules, it)
	}

	queues := sqs.NewFromConfig(cfg)
	for _, q := range s.Queues {
		it := Item{Stack: s.Name, Region: s.Region, ID: q, StackAbsent: absent}
		if url := f.physical[q]; url != "" {
			it.URL = url
			a, err := queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
			switch {
			case isCode(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"):
			case err != nil:
				it.Err = apiError(err)
			default:
				it.Found = true
				it.Messages, _ = strconv.Atoi(a.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)])
			}
		}
		f.queues = append(f.queues, it)
	}

	if len(s.HeartbeatQueues) > 0 {
		w := g.heartbeats(ctx, s, f.physical, absent)
		f.heartbeat = &w
	}
	if len(s.Alarms) > 0 {
		var names []string
		for _, a := range s.Alarms {
			if n := f.physical[a]; n != "" {
				names = append(names, n)
			}
		}
		states := map[string]string{}
		var askErr string
		if len(names) > 0 {
			cw := CloudWatch(cfg)
			// DescribeAlarms takes at most 100 names per call.
			for i := 0; i < len(names); i += 100 {
				out, err := cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: names[i:min(i+100, len(names))]})
				if err != nil {
					askErr = apiError(err)
					break
				}
				for _, m := range out.MetricAlarms {
					states[aws.ToString(m.AlarmName)] = string(m.StateValue)
				}
				for _, c := range out.CompositeAlarms {
					states[aws.ToString(c.AlarmName)] = string(c.StateValue)
				}
			}
		}
		for _, a := range s.Alarms {
			it := Item{Stack: s.Name, Region: s.Region, ID: a, Err: askErr, StackAbsent: absent, Queue: s.AlarmQueues[a]}
			if st, ok := states[f.physical[a]]; ok {
				it.Found, it.State = true, st
			}
			f.alarms = append(f.alarms, it)
		}
	}
	return f
}

// secret asks whether one secret exists in region.
func (g *gatherer) secret(ctx context.Context, region, id string) Item {
	it := Item{Region: region, ID: id}
	_, err := secretsmanager.NewFromConfig(g.regional(region)).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(id)})
	switch {
	case isCode(err, "ResourceNotFoundException"):
	case err != nil:
		it.Err = apiError(err)
	default:
		it.Found = true
	}
	return it
}

// secretRegion is where a stack's secret reference is resolved: the ARN's
// region for an ARN, else the stack's.
func secretRegion(stackRegion, id string) string {
	if parts := strings.Split(id, ":"); len(parts) >= 7 && parts[0] == "arn" {
		return parts[3]
	}
	return stackRegion
}

// CloudWatch returns a CloudWatch client that speaks the AWS Query
// protocol. Since December 2025 CloudWatch accepts AWS Query, AWS JSON 1.1
// and Smithy RPC v2 CBOR, and this SDK defaults to CBOR (service/cloudwatch
// CHANGELOG v1.53.0); Query is the one every CloudWatch endpoint and
// emulator speaks, moto 5.x included, which answers CBOR with 404.
func CloudWatch(cfg aws.Config) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		o.Protocol = awsquery.New(schemas.GraniteServiceVersion20100801)
	})
}
