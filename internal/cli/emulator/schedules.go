package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// EventBridge Scheduler schedules (AWS::Scheduler::Schedule), as the app
// emits them: an EventBridge PutEvents templated target on an event bus of
// the schedule's own account and region. Sources: CloudFormation template
// reference, AWS::Scheduler::Schedule and its Target, FlexibleTimeWindow,
// EventBridgeParameters and RetryPolicy; EventBridge Scheduler user guide,
// "Schedule types" (rate and cron expressions). Other targets are refused:
// the app emits none.

// Schedule is a schedule of the assembly.
type Schedule struct {
	Stack, LogicalID, Path string
	Name, ARN              string
	Account, Region        string
	Expression             string
	Enabled                bool
	// TargetBus is the ARN of the bus the schedule puts its event on.
	TargetBus          string
	Source, DetailType string
	// Detail is the schedule's Input: the event's detail.
	Detail json.RawMessage
}

type scheduleProps struct {
	Name               string `json:"Name"`
	GroupName          string `json:"GroupName"`
	ScheduleExpression string `json:"ScheduleExpression"`
	State              string `json:"State"`
	FlexibleTimeWindow *struct {
		Mode                   string `json:"Mode"`
		MaximumWindowInMinutes *int   `json:"MaximumWindowInMinutes"`
	} `json:"FlexibleTimeWindow"`
	Target *struct {
		Arn                   string  `json:"Arn"`
		RoleArn               string  `json:"RoleArn"`
		Input                 *string `json:"Input"`
		EventBridgeParameters *struct {
			DetailType string `json:"DetailType"`
			Source     string `json:"Source"`
		} `json:"EventBridgeParameters"`
		RetryPolicy *struct {
			MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds"`
			MaximumRetryAttempts     *int `json:"MaximumRetryAttempts"`
		} `json:"RetryPolicy"`
	} `json:"Target"`
}

var (
	// rate(value unit): value a positive integer, unit minute(s), hour(s)
	// or day(s), singular for 1.
	rateRE = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)
	cronRE = regexp.MustCompile(`^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$`)
	// EventBridgeParameters.Source: not starting with "aws." (customers
	// cannot put events of AWS services).
	scheduleSourceRE = regexp.MustCompile(`^[/.\-_A-Za-z0-9]+$`)
	scheduleNameRE   = regexp.MustCompile(`^[0-9a-zA-Z\-_.]{1,64}$`)
)

func checkScheduleExpression(e string) error {
	if m := rateRE.FindStringSubmatch(e); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || (n == 1) != !strings.HasSuffix(m[2], "s") {
			return fmt.Errorf("ScheduleExpression %q: the value must be at least 1, with a singular unit for 1 and a plural one otherwise", e)
		}
		return nil
	}
	if cronRE.MatchString(e) {
		return nil
	}
	return fmt.Errorf("ScheduleExpression %q is not rate(VALUE UNIT) or cron(...)", e)
}

func (a *Assembly) loadSchedule(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Scheduler::Schedule" {
		return nil
	}
	var p scheduleProps
	if err := a.decodeProps(s, id, &p); err != nil {
		return err
	}
	loc := s.loc(id)
	switch {
	case p.Name == "":
		return fmt.Errorf("%s: the app names every schedule; this one has no Name", loc)
	case !scheduleNameRE.MatchString(p.Name):
		return fmt.Errorf("%s: Name %q must be 1..64 letters, digits, '-', '_' or '.'", loc, p.Name)
	case p.FlexibleTimeWindow == nil:
		return fmt.Errorf("%s: FlexibleTimeWindow is required", loc)
	case p.FlexibleTimeWindow.Mode != "OFF" && p.FlexibleTimeWindow.Mode != "FLEXIBLE":
		return fmt.Errorf("%s: FlexibleTimeWindow.Mode %q must be OFF or FLEXIBLE", loc, p.FlexibleTimeWindow.Mode)
	case p.FlexibleTimeWindow.Mode == "FLEXIBLE" && (p.FlexibleTimeWindow.MaximumWindowInMinutes == nil || *p.FlexibleTimeWindow.MaximumWindowInMinutes < 1 || *p.FlexibleTimeWindow.MaximumWindowInMinutes > 1440):
		return fmt.Errorf("%s: FlexibleTimeWindow FLEXIBLE needs MaximumWindowInMinutes 1..1440", loc)
	case p.State != "" && p.State != "ENABLED" && p.State != "DISABLED":
		return fmt.Errorf("%s: State %q must be ENABLED or DISABLED", loc, p.State)
	case p.Target == nil || p.Target.Arn == "" || p.Target.RoleArn == "":
		return fmt.Errorf("%s: Target needs an Arn and a RoleArn", loc)
	}
	if err := checkScheduleExpression(p.ScheduleExpression); err != nil {
		return fmt.Errorf("%s: %v", loc, err)
	}
	t := p.Target
	if rp := t.RetryPolicy; rp != nil {
		if v := rp.MaximumEventAgeInSeconds; v != nil && (*v < 60 || *v > 86400) {
			return fmt.Errorf("%s: Target.RetryPolicy.MaximumEventAgeInSeconds %d must be 60..86400", loc, *v)
		}
		if v := rp.MaximumRetryAttempts; v != nil && (*v < 0 || *v > 185) {
			return fmt.Errorf("%s: Target.RetryPolicy.MaximumRetryAttempts %d must be 0..185", loc, *v)
		}
	}
	bk, ok := busFromARN(t.Arn)
	if !ok {
		return fmt.Errorf("%s: Target.Arn %s is not an event bus: the emulator models only EventBridge PutEvents targets, the only ones the app emits", loc, t.Arn)
	}
	if bk.account != s.account || bk.region != s.region {
		return fmt.Errorf("%s: Target.Arn %s is not a bus of the schedule's account and region (%s/%s)", loc, t.Arn, s.account, s.region)
	}
	ebp := t.EventBridgeParameters
	switch {
	case ebp == nil:
		return fmt.Errorf("%s: an event bus target needs EventBridgeParameters (Source, DetailType)", loc)
	case len(ebp.DetailType) < 1 || len(ebp.DetailType) > 128:
		return fmt.Errorf("%s: EventBridgeParameters.DetailType must be 1..128 characters", loc)
	case len(ebp.Source) > 256 || !scheduleSourceRE.MatchString(ebp.Source) || strings.HasPrefix(ebp.Source, "aws."):
		return fmt.Errorf("%s: EventBridgeParameters.Source %q must be 1..256 letters, digits, '/', '.', '-' or '_', not starting with \"aws.\"", loc, ebp.Source)
	}
	detail := json.RawMessage(`{}`)
	if t.Input != nil {
		var obj map[string]any
		if err := json.Unmarshal([]byte(*t.Input), &obj); err != nil || obj == nil {
			return fmt.Errorf("%s: Target.Input must be a JSON object: it becomes the event's detail", loc)
		}
		detail = json.RawMessage(*t.Input)
	}
	group := p.GroupName
	if group == "" {
		group = "default"
	}
	for _, other := range a.schedules {
		if other.Account == s.account && other.Region == s.region && other.Name == p.Name {
			return fmt.Errorf("%s: schedule %q is already defined by stack %s resource %s in %s/%s", loc, p.Name, other.Stack, other.LogicalID, s.account, s.region)
		}
	}
	a.schedules = append(a.schedules, Schedule{
		Stack: s.name, LogicalID: id, Path: r.cdkPath(), Name: p.Name,
		ARN:     fmt.Sprintf("arn:%s:scheduler:%s:%s:schedule/%s/%s", s.partition, s.region, s.account, group, p.Name),
		Account: s.account, Region: s.region, Expression: p.ScheduleExpression, Enabled: p.State != "DISABLED",
		TargetBus: t.Arn, Source: ebp.Source, DetailType: ebp.DetailType, Detail: detail,
	})
	return nil
}

// Schedules returns every schedule of the assembly (StackSet instances
// included), by account, region and name.
func (a *Assembly) Schedules() []Schedule {
	out := append([]Schedule(nil), a.schedules...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		if out[i].Region != out[j].Region {
			return out[i].Region < out[j].Region
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Fire puts the event the schedule puts on its target bus when it runs, and
// follows it: the source, detail-type and detail the schedule names, the
// account and region of the schedule (no rule of the app reads its
// resources or time). A DISABLED schedule puts nothing.
func (a *Assembly) Fire(s Schedule) (*Trace, error) {
	if !s.Enabled {
		return nil, fmt.Errorf("schedule %s in %s/%s is DISABLED: it puts nothing", s.Name, s.Account, s.Region)
	}
	ev, _ := json.Marshal(map[string]any{
		"version": "0", "id": "7a1f0c52-8c61-4d5b-9d2e-5c3f0d9b8e11", "detail-type": s.DetailType, "source": s.Source,
		"account": s.Account, "time": "2026-11-28T10:00:00Z", "region": s.Region, "resources": []any{s.ARN},
		"detail": s.Detail,
	})
	return a.PutOnBusAs(ev, s.TargetBus, s.Account)
}
