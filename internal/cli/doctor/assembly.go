package doctor

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/cli/secretpin"
	"github.com/signin-notifier/signin-notifier/internal/core/cloudassembly"
	"github.com/signin-notifier/signin-notifier/internal/core/signin"
)

// Stack is what one stack of the assembly expects to find deployed.
type Stack struct {
	Name   string
	Region string
	// Rules are the AWS::Events::Rule resources, in logical-id order.
	Rules []Rule
	// Queues and Alarms are the logical ids of the AWS::SQS::Queue and
	// AWS::CloudWatch::Alarm resources.
	Queues []string
	Alarms []string
	// AlarmQueues maps an alarm to the queue whose metric it watches (its
	// QueueName dimension), when that queue is in the same template.
	AlarmQueues map[string]string
	// Secrets are the secret ids (names or ARNs) of every
	// {{resolve:secretsmanager:...}} dynamic reference.
	Secrets []string
	// HasBus says the stack defines an event bus (the hub).
	HasBus bool
	// HeartbeatQueues are the queues that count heartbeats (and keep them
	// two periods): logical id -> true for the member accounts' counter.
	HeartbeatQueues map[string]bool
	// HeartbeatAlarms are the heartbeat alarms' logical ids, judged by the
	// heartbeat check rather than the alarms check.
	HeartbeatAlarms []string
	// HeartbeatMinutes is the period of the stack's heartbeat schedule; 0
	// when the stack sends none.
	HeartbeatMinutes int
}

// Rule is an event rule a template defines.
type Rule struct {
	LogicalID string
	// Bus is the event bus name, "default" unless the template says
	// otherwise.
	Bus string
	// Disabled is true when the template itself disables the rule.
	Disabled bool
}

// Assembly is the part of a cloud assembly doctor checks.
type Assembly struct {
	Dir    string
	Stacks []Stack
}

// Regions returns the regions the assembly deploys to, sorted.
func (a Assembly) Regions() []string {
	regions := map[string]bool{}
	for _, s := range a.Stacks {
		regions[s.Region] = true
	}
	return slices.Sorted(maps.Keys(regions))
}

// HomeRegion is where account-wide questions are asked: the region of the
// first stack that defines an event bus (the hub), else the first region.
func (a Assembly) HomeRegion() string {
	for _, s := range a.Stacks {
		if s.HasBus {
			return s.Region
		}
	}
	if len(a.Stacks) > 0 {
		return a.Stacks[0].Region
	}
	return ""
}

type template struct {
	Resources map[string]struct {
		Type       string         `json:"Type"`
		Properties map[string]any `json:"Properties"`
	} `json:"Resources"`
}

// ReadAssembly reads the cloud assembly in dir (following nested
// assemblies) and what every stack expects, in stack-name order. A missing
// assembly is an error wrapping cloudassembly.ErrNoAssembly.
func ReadAssembly(dir string) (Assembly, error) {
	asm, err := cloudassembly.Read(dir)
	if err != nil {
		return Assembly{}, err
	}
	stacks := make([]Stack, 0, len(asm.Stacks))
	for _, st := range asm.Stacks {
		s, err := parseTemplate(st.Name, st.Region, st.Template)
		if err != nil {
			return Assembly{}, err
		}
		stacks = append(stacks, s)
	}
	sort.Slice(stacks, func(i, j int) bool { return stacks[i].Name < stacks[j].Name })
	return Assembly{Dir: dir, Stacks: stacks}, nil
}

// parseTemplate derives what a stack expects from its template: resource
// types and dynamic references, never logical ids.
func parseTemplate(name, region string, raw []byte) (Stack, error) {
	var t template
	if err := json.Unmarshal(raw, &t); err != nil {
		return Stack{}, fmt.Errorf("stack %s: template is not a CloudFormation template (%v): run make synth again", name, err)
	}
	s := Stack{Name: name, Region: region}
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	secrets := map[string]bool{}
	targets := queueTargets(t)
	for _, id := range ids {
		r := t.Resources[id]
		switch r.Type {
		case "AWS::Events::EventBus":
			s.HasBus = true
		case "AWS::Events::Rule":
			state, _ := r.Properties["State"].(string)
			s.Rules = append(s.Rules, Rule{LogicalID: id, Bus: busName(r.Properties["EventBusName"], t), Disabled: state == "DISABLED"})
		case "AWS::SQS::Queue":
			if !targets[id] { // a queue a rule delivers to (the burst counter) is no dead-letter queue
				s.Queues = append(s.Queues, id)
			}
		case "AWS::Scheduler::Schedule":
			if name, _ := r.Properties["Name"].(string); name == signin.HeartbeatScheduleName || name == signin.MemberHeartbeatScheduleName {
				expr, _ := r.Properties["ScheduleExpression"].(string)
				s.HeartbeatMinutes = rateMinutes(expr)
			}
		case "AWS::CloudWatch::Alarm":
			// The burst alarm in ALARM means failed sign-ins, not a broken
			// notifier: it reports itself to chat. The heartbeat alarms are
			// the heartbeat check's.
			if name, _ := r.Properties["AlarmName"].(string); name == signin.HeartbeatAlarmName || name == signin.MemberHeartbeatAlarmName {
				s.HeartbeatAlarms = append(s.HeartbeatAlarms, id)
				if q := watchedQueue(r.Properties); q != "" {
					if s.HeartbeatQueues == nil {
						s.HeartbeatQueues = map[string]bool{}
					}
					s.HeartbeatQueues[q] = name == signin.MemberHeartbeatAlarmName
				}
			} else if name != signin.BurstAlarmName {
				s.Alarms = append(s.Alarms, id)
				if q := watchedQueue(r.Properties); q != "" {
					if s.AlarmQueues == nil {
						s.AlarmQueues = map[string]string{}
					}
					s.AlarmQueues[id] = q
				}
			}
		}
		for _, ref := range secretpin.SecretIDs(r.Properties) {
			secrets[ref] = true
		}
	}
	for id := range secrets {
		s.Secrets = append(s.Secrets, id)
	}
	sort.Strings(s.Secrets)
	return s, nil
}

// watchedQueue is the logical id of the queue an alarm's QueueName
// dimension names through Fn::GetAtt or Ref, or "".
func watchedQueue(props map[string]any) string {
	dims, _ := props["Dimensions"].([]any)
	for _, d := range dims {
		m, _ := d.(map[string]any)
		if m["Name"] != "QueueName" {
			continue
		}
		v, _ := m["Value"].(map[string]any)
		if ga, ok := v["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			id, _ := ga[0].(string)
			return id
		}
		if ref, ok := v["Ref"].(string); ok {
			return ref
		}
	}
	return ""
}

// queueTargets returns the logical ids of the queues some rule of t
// delivers to as its target (not as its dead-letter queue).
func queueTargets(t template) map[string]bool {
	out := map[string]bool{}
	for _, r := range t.Resources {
		if r.Type != "AWS::Events::Rule" {
			continue
		}
		targets, _ := r.Properties["Targets"].([]any)
		for _, tg := range targets {
			m, _ := tg.(map[string]any)
			att, _ := m["Arn"].(map[string]any)
			if ga, ok := att["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
				if id, ok := ga[0].(string); ok {
					out[id] = true
				}
			}
		}
	}
	return out
}

// busName resolves a rule's EventBusName: a literal name or ARN, or a Ref /
// GetAtt of an event bus defined in the same template.
func busName(v any, t template) string {
	switch v := v.(type) {
	case string:
		if _, name, ok := strings.Cut(v, ":event-bus/"); ok {
			return name
		}
		if v != "" {
			return v
		}
	case map[string]any:
		var target string
		if ref, ok := v["Ref"].(string); ok {
			target = ref
		} else if ga, ok := v["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			target, _ = ga[0].(string)
		}
		if bus, ok := t.Resources[target]; ok && bus.Type == "AWS::Events::EventBus" {
			if name, ok := bus.Properties["Name"].(string); ok {
				return name
			}
		}
	}
	return "default"
}

// rateMinutes is the period of a Scheduler rate expression in minutes, or 0.
func rateMinutes(expr string) int {
	var n int
	var unit string
	if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"), "%d %s", &n, &unit); err != nil {
		return 0
	}
	switch strings.TrimSuffix(unit, "s") {
	case "minute":
		return n
	case "hour":
		return 60 * n
	case "day":
		return 24 * 60 * n
	}
	return 0
}
