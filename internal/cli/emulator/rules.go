package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/signin-notifier/signin-notifier/internal/core/eventbridge"
)

type targetProps struct {
	ID               string  `json:"Id"`
	Arn              string  `json:"Arn"`
	RoleArn          string  `json:"RoleArn"`
	Input            *string `json:"Input"`
	InputPath        *string `json:"InputPath"`
	InputTransformer *struct {
		InputPathsMap map[string]string `json:"InputPathsMap"`
		InputTemplate string            `json:"InputTemplate"`
	} `json:"InputTransformer"`
	HttpParameters *struct {
		HeaderParameters      map[string]string `json:"HeaderParameters"`
		QueryStringParameters map[string]string `json:"QueryStringParameters"`
		PathParameterValues   []string          `json:"PathParameterValues"`
	} `json:"HttpParameters"`
	DeadLetterConfig *struct {
		Arn string `json:"Arn"`
	} `json:"DeadLetterConfig"`
	RetryPolicy *struct {
		MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds"`
		MaximumRetryAttempts     *int `json:"MaximumRetryAttempts"`
	} `json:"RetryPolicy"`
}

// MaxTargetsPerRule is EventBridge's limit of targets on one rule.
const MaxTargetsPerRule = 5

var targetIDRe = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`)

func (a *Assembly) loadRule(s *stack, id string, r *cfnResource) error {
	if r.Type != "AWS::Events::Rule" {
		return nil
	}
	var p struct {
		EventPattern       json.RawMessage `json:"EventPattern"`
		ScheduleExpression string          `json:"ScheduleExpression"`
		State              string          `json:"State"`
		Targets            []targetProps   `json:"Targets"`
	}
	if err := a.decodeProps(s, id, &p); err != nil {
		return err
	}
	bk, err := s.ruleBus(id)
	if err != nil {
		return err
	}
	b := a.ensureBus(bk, s.partition)
	if bk.name != "default" && b.stack == "" && !b.external {
		b.external = true
		a.warn("%s: rule is on event bus %q, which no stack in the assembly defines", s.loc(id), bk.name)
	}
	name, err := s.physicalName(id)
	if err != nil {
		return err
	}
	ru := &rule{stack: s.name, logicalID: id, path: r.cdkPath(), name: name, arn: ruleARN(s.partition, bk, name), bus: bk, schedule: p.ScheduleExpression}
	if len(p.EventPattern) > 0 && string(p.EventPattern) != "null" {
		text := []byte(p.EventPattern)
		var str string
		if json.Unmarshal(text, &str) == nil {
			text = []byte(str) // EventPattern given as a JSON string
		}
		ru.pattern, err = eventbridge.ParsePattern(text)
		if err != nil {
			return fmt.Errorf("%s: EventPattern: %w", s.loc(id), err)
		}
	}
	if ru.pattern == nil && ru.schedule == "" {
		return fmt.Errorf("%s: a rule needs an EventPattern or a ScheduleExpression", s.loc(id))
	}
	switch p.State {
	case "", "ENABLED":
		ru.enabled = true
	case "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS":
		ru.enabled, ru.readOnlyEvents = true, true
	case "DISABLED":
	default:
		return fmt.Errorf("%s: State %q must be ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS or DISABLED", s.loc(id), p.State)
	}
	if len(p.Targets) > MaxTargetsPerRule {
		return fmt.Errorf("%s: rule has %d targets, over the EventBridge limit of %d: split it into several rules", s.loc(id), len(p.Targets), MaxTargetsPerRule)
	}
	seen := map[string]bool{}
	for i, tp := range p.Targets {
		where := fmt.Sprintf("%s target %d", s.loc(id), i)
		if !targetIDRe.MatchString(tp.ID) {
			return fmt.Errorf("%s: target Id %q must be 1..64 characters of letters, digits, '.', '-' and '_'", where, tp.ID)
		}
		if seen[tp.ID] {
			return fmt.Errorf("%s: target Id %q is used twice on the rule", where, tp.ID)
		}
		seen[tp.ID] = true
		t, err := a.buildTarget(s, ru, tp, fmt.Sprintf("%s target %s", s.loc(id), tp.ID))
		if err != nil {
			return err
		}
		ru.targets = append(ru.targets, t)
	}
	b.rules = append(b.rules, ru)
	return nil
}

func (a *Assembly) buildTarget(s *stack, ru *rule, tp targetProps, where string) (*target, error) {
	t := &target{id: tp.ID, arn: tp.Arn, roleArn: tp.RoleArn}
	n := 0
	var err error
	t.input, t.inputDesc = eventbridge.WholeEvent(), "whole event"
	if tp.Input != nil {
		n++
		t.inputDesc, t.inputText = "constant Input", *tp.Input
		if t.input, err = eventbridge.ConstantInput(*tp.Input); err != nil {
			return nil, fmt.Errorf("%s: Input: %w", where, err)
		}
	}
	if tp.InputPath != nil {
		n++
		t.inputDesc, t.inputText = "InputPath "+*tp.InputPath, *tp.InputPath
		if t.input, err = eventbridge.PathInput(*tp.InputPath); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	if it := tp.InputTransformer; it != nil {
		n++
		t.inputDesc, t.inputText = "InputTransformer", it.InputTemplate
		if t.input, err = eventbridge.NewTransformer(it.InputPathsMap, it.InputTemplate); err != nil {
			return nil, fmt.Errorf("%s: InputTransformer: %w", where, err)
		}
	}
	if n > 1 {
		return nil, fmt.Errorf("%s: only one of Input, InputPath, or InputTransformer may be set", where)
	}
	if hp := tp.HttpParameters; hp != nil {
		t.headers, t.query, t.pathValues = hp.HeaderParameters, hp.QueryStringParameters, hp.PathParameterValues
	}
	if tp.DeadLetterConfig != nil {
		t.dlqArn = tp.DeadLetterConfig.Arn
	}
	if rp := tp.RetryPolicy; rp != nil {
		if v := rp.MaximumEventAgeInSeconds; v != nil && (*v < 60 || *v > 86400) {
			return nil, fmt.Errorf("%s: RetryPolicy.MaximumEventAgeInSeconds %d must be 60..86400", where, *v)
		}
		if v := rp.MaximumRetryAttempts; v != nil && (*v < 0 || *v > 185) {
			return nil, fmt.Errorf("%s: RetryPolicy.MaximumRetryAttempts %d must be 0..185", where, *v)
		}
		t.retry = fmt.Sprintf("retry attempts %s, max age %s", intOr(rp.MaximumRetryAttempts, "185"), intOr(rp.MaximumEventAgeInSeconds, "86400")+"s")
	}
	parsed, ok := parseARN(tp.Arn)
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: Arn %q is not an ARN", where, tp.Arn)
	case parsed.service == "events" && strings.HasPrefix(parsed.resource, "event-bus/"):
		t.kind = targetBus
		t.bus, _ = busFromARN(tp.Arn)
		if t.bus == ru.bus {
			a.warn("%s: the rule targets its own bus %s: EventBridge would loop", where, t.bus)
		}
		if (t.bus.region != ru.bus.region || t.bus.account != ru.bus.account) && tp.RoleArn == "" {
			a.warn("%s: cross-account or cross-region bus target has no RoleArn", where)
		}
	case parsed.service == "events" && strings.HasPrefix(parsed.resource, "api-destination/"):
		t.kind = targetAPIDestination
		t.dest = a.findDestination(parsed)
		if t.dest == nil {
			return nil, fmt.Errorf("%s: API destination %s is not defined in the cloud assembly", where, tp.Arn)
		}
		if t.dest.conn == nil {
			return nil, fmt.Errorf("%s: API destination %s has ConnectionArn %s, which is not defined in the cloud assembly", where, t.dest.logicalID, t.dest.connArn)
		}
		if tp.RoleArn == "" {
			a.warn("%s: API destination target has no RoleArn: EventBridge needs one to invoke it", where)
		}
	case parsed.service == "sqs":
		t.kind = targetQueue
	default:
		t.kind = targetOther
	}
	return t, nil
}

// findDestination matches an api-destination ARN with or without its uuid.
func (a *Assembly) findDestination(p arn) *apiDestination {
	if d, ok := a.dests[p.String()]; ok {
		return d
	}
	parts := strings.Split(strings.TrimPrefix(p.resource, "api-destination/"), "/")
	for _, d := range a.dests {
		dp, _ := parseARN(d.arn)
		if dp.region == p.region && dp.account == p.account && d.name == parts[0] {
			return d
		}
	}
	return nil
}

func intOr(v *int, def string) string {
	if v == nil {
		return def
	}
	return fmt.Sprint(*v)
}
