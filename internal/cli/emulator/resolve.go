package emulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// stack is one loaded stack with what is needed to resolve its intrinsics.
type stack struct {
	*stackFile
	account   string
	partition string
	names     map[string]string // logical id -> physical name, memoized
	busy      map[string]bool   // cycle detection
}

// loc names the resource where an error happened.
func (s *stack) loc(id string) string {
	return "stack " + s.name + " resource " + id
}

// at names the property path of resource id where an error happened.
func (s *stack) at(id, path string) string {
	if path == "" {
		return s.loc(id)
	}
	return s.loc(id) + " property " + path
}

// modeled is what the emulator evaluates: the intrinsics, pseudo parameters
// and Fn::GetAtt attributes signin-notifier's templates use (every shape
// the configurations of .ci/run synthesize, StackSet spokes included).
const modeled = "the emulator models only what signin-notifier synthesizes: Ref (of an event bus, IAM role, SNS topic or SQS queue, AWS::AccountId, AWS::Partition, AWS::Region), Fn::Join and Fn::GetAtt (Arn of an event bus, rule, API destination, connection, IAM role, KMS key or SQS queue; QueueName of a queue)"

// refuse is the one error for an intrinsic signin-notifier never emits.
func (s *stack) refuse(id, path, what string) error {
	return fmt.Errorf("%s: %s is not modeled: %s", s.at(id, path), what, modeled)
}

// refuseCondition refuses a resource that has a Condition: signin-notifier
// creates every resource it defines.
func (s *stack) refuseCondition(id string) error {
	if c := s.tmpl.Resources[id].Condition; c != "" {
		return s.refuse(id, "", "Condition "+c)
	}
	return nil
}

// resolve returns v, found at property path of resource id, with every
// intrinsic function replaced by its value.
func (s *stack) resolve(v any, id, path string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				switch {
				case k == "Ref":
					return s.ref(arg, id, path)
				case k == "Fn::GetAtt":
					return s.fnGetAtt(arg, id, path)
				case k == "Fn::Join":
					return s.fnJoin(arg, id, path)
				case strings.HasPrefix(k, "Fn::"):
					return nil, s.refuse(id, path, k)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			r, err := s.resolve(e, id, p)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := s.resolve(e, id, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// resolveString resolves property path of resource id to a string.
func (s *stack) resolveString(v any, id, path string) (string, error) {
	r, err := s.resolve(v, id, path)
	if err != nil {
		return "", err
	}
	str, ok := scalarString(r)
	if !ok {
		return "", fmt.Errorf("%s must resolve to a string, got %s", s.at(id, path), compact(r))
	}
	return str, nil
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *stack) ref(arg any, id, path string) (any, error) {
	name, ok := arg.(string)
	if !ok {
		return nil, fmt.Errorf("%s: Ref needs a name, got %s", s.at(id, path), compact(arg))
	}
	switch name {
	case "AWS::AccountId":
		return s.account, nil
	case "AWS::Partition":
		return s.partition, nil
	case "AWS::Region":
		// the region of the stack (instance): the heartbeat schedule of an
		// environment-agnostic StackSet spoke names its own default bus.
		if s.region == "" {
			return nil, fmt.Errorf("%s: Ref AWS::Region in a stack without a region", s.at(id, path))
		}
		return s.region, nil
	}
	if strings.HasPrefix(name, "AWS::") {
		return nil, s.refuse(id, path, "Ref "+name)
	}
	r, ok := s.tmpl.Resources[name]
	if !ok {
		return nil, s.refuse(id, path, "Ref "+name+" (no resource of the stack)")
	}
	switch r.Type {
	case "AWS::Events::EventBus", "AWS::IAM::Role":
		return s.physicalName(name)
	case "AWS::SNS::Topic":
		n, err := s.physicalName(name)
		return arn{s.partition, "sns", s.region, s.account, n}.String(), err
	case "AWS::SQS::Queue":
		n, err := s.physicalName(name)
		return "https://sqs." + s.region + "." + urlSuffix(s.partition) + "/" + s.account + "/" + n, err
	}
	return nil, s.refuse(id, path, "Ref "+name+" ("+r.Type+")")
}

// nameProperty is the property that holds each type's physical name.
var nameProperty = map[string]string{
	"AWS::Events::EventBus":       "Name",
	"AWS::Events::Rule":           "Name",
	"AWS::Events::ApiDestination": "Name",
	"AWS::Events::Connection":     "Name",
	"AWS::IAM::Role":              "RoleName",
	"AWS::SQS::Queue":             "QueueName",
	"AWS::SNS::Topic":             "TopicName",
}

// physicalName is the Name property when given, else a generated name.
func (s *stack) physicalName(id string) (string, error) {
	if n, ok := s.names[id]; ok {
		return n, nil
	}
	key := "name:" + id
	if s.busy[key] {
		return "", fmt.Errorf("%s: its name depends on itself", s.loc(id))
	}
	s.busy[key] = true
	defer delete(s.busy, key)
	r := s.tmpl.Resources[id]
	var n string
	if prop := nameProperty[r.Type]; prop != "" && r.Properties[prop] != nil {
		v, err := s.resolveString(r.Properties[prop], id, prop)
		if err != nil {
			return "", err
		}
		n = v
	} else {
		n = generatedName(s.name, id, 64)
	}
	s.names[id] = n
	return n, nil
}

func (s *stack) fnGetAtt(arg any, id, path string) (any, error) {
	var res, attr string
	if a, ok := arg.([]any); ok && len(a) == 2 {
		res, _ = a[0].(string)
		attr, _ = a[1].(string)
	}
	if res == "" || attr == "" {
		return nil, fmt.Errorf("%s: Fn::GetAtt needs [LogicalId, Attribute], got %s", s.at(id, path), compact(arg))
	}
	return s.getAtt(res, attr, id, path)
}

func (s *stack) fnJoin(arg any, id, path string) (any, error) {
	a, ok := arg.([]any)
	var delim string
	var list []any
	if ok && len(a) == 2 {
		delim, ok = a[0].(string)
		list, _ = a[1].([]any)
	}
	if !ok || list == nil {
		return nil, fmt.Errorf("%s: Fn::Join needs [delimiter, [values]], got %s", s.at(id, path), compact(arg))
	}
	parts := make([]string, len(list))
	for i, e := range list {
		r, err := s.resolve(e, id, path)
		if err != nil {
			return nil, err
		}
		str, ok := scalarString(r)
		if !ok {
			return nil, fmt.Errorf("%s: Fn::Join element %d must resolve to a string, got %s", s.at(id, path), i, compact(r))
		}
		parts[i] = str
	}
	return strings.Join(parts, delim), nil
}

func sortedResourceIDs(t *cfnTemplate) []string {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
