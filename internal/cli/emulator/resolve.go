package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// stack is one loaded stack with what is needed to resolve its intrinsics.
type stack struct {
	*stackFile
	asm       *Assembly
	account   string
	partition string
	conds     map[string]bool
	names     map[string]string // logical id -> physical name, memoized
	busy      map[string]bool   // cycle detection
}

// noValue is what {"Ref": "AWS::NoValue"} resolves to: the property is removed.
type noValueT struct{}

var noValue = noValueT{}

// loc names where an error happened.
func (s *stack) loc(id string) string {
	if id == "" {
		return "stack " + s.name
	}
	return "stack " + s.name + " resource " + id
}

// resolve returns v with every intrinsic function replaced by its value.
func (s *stack) resolve(v any, id string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if k == "Ref" {
					return s.ref(arg, id)
				}
				if strings.HasPrefix(k, "Fn::") {
					return s.fn(k, arg, id)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := s.resolve(e, id)
			if err != nil {
				return nil, err
			}
			if r != noValue {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			r, err := s.resolve(e, id)
			if err != nil {
				return nil, err
			}
			if r != noValue {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

func (s *stack) resolveString(v any, id, what string) (string, error) {
	r, err := s.resolve(v, id)
	if err != nil {
		return "", err
	}
	str, ok := scalarString(r)
	if !ok {
		return "", fmt.Errorf("%s: %s must resolve to a string, got %s", s.loc(id), what, compact(r))
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

func (s *stack) ref(arg any, id string) (any, error) {
	name, ok := arg.(string)
	if !ok {
		return nil, fmt.Errorf("%s: Ref needs a name, got %s", s.loc(id), compact(arg))
	}
	switch name {
	case "AWS::Region":
		return s.region, nil
	case "AWS::AccountId":
		return s.account, nil
	case "AWS::Partition":
		return s.partition, nil
	case "AWS::URLSuffix":
		return urlSuffix(s.partition), nil
	case "AWS::StackName":
		return s.name, nil
	case "AWS::StackId":
		return arn{s.partition, "cloudformation", s.region, s.account, "stack/" + s.name + "/" + fakeUUID(s.name)}.String(), nil
	case "AWS::NotificationARNs":
		return []any{}, nil
	case "AWS::NoValue":
		return noValue, nil
	}
	if p, ok := s.tmpl.Parameters[name]; ok {
		if p.Default == nil {
			return nil, fmt.Errorf("%s: Ref %s: parameter has no Default and the emulator cannot supply parameter values: give it a default or remove it", s.loc(id), name)
		}
		return p.Default, nil
	}
	r, err := s.resource(name, id, "Ref")
	if err != nil {
		return nil, err
	}
	switch r.Type {
	case "AWS::Events::EventBus", "AWS::Events::Rule", "AWS::Events::ApiDestination", "AWS::Events::Connection", "AWS::IAM::Role", "AWS::SNS::Topic":
		if r.Type == "AWS::SNS::Topic" {
			return s.getAtt(name, "TopicArn", id)
		}
		return s.physicalName(name)
	case "AWS::SQS::Queue":
		return s.getAtt(name, "QueueUrl", id)
	case "AWS::SecretsManager::Secret":
		n, err := s.physicalName(name)
		if err != nil {
			return nil, err
		}
		return arn{s.partition, "secretsmanager", s.region, s.account, "secret:" + n + "-" + suffix(n)[:6]}.String(), nil
	}
	return name + "-" + suffix(s.name, name), nil
}

// resource returns a resource that exists (its Condition, if any, holds).
func (s *stack) resource(name, from, intrinsic string) (*cfnResource, error) {
	r, ok := s.tmpl.Resources[name]
	if !ok {
		return nil, fmt.Errorf("%s: %s %s: no such parameter, pseudo parameter or resource in the template", s.loc(from), intrinsic, name)
	}
	if r.Condition != "" {
		on, err := s.condition(r.Condition, from)
		if err != nil {
			return nil, err
		}
		if !on {
			return nil, fmt.Errorf("%s: %s %s: the resource is not created (its condition %s is false)", s.loc(from), intrinsic, name, r.Condition)
		}
	}
	return r, nil
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
	"AWS::SecretsManager::Secret": "Name",
	"AWS::Logs::LogGroup":         "LogGroupName",
	"AWS::Lambda::Function":       "FunctionName",
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

func (s *stack) fn(name string, arg any, id string) (any, error) {
	switch name {
	case "Fn::GetAtt":
		return s.fnGetAtt(arg, id)
	case "Fn::Join":
		return s.fnJoin(arg, id)
	case "Fn::Sub":
		return s.fnSub(arg, id)
	case "Fn::Select":
		return s.fnSelect(arg, id)
	case "Fn::Split":
		return s.fnSplit(arg, id)
	case "Fn::If":
		return s.fnIf(arg, id)
	case "Fn::FindInMap":
		return s.fnFindInMap(arg, id)
	case "Fn::ImportValue":
		n, err := s.resolveString(arg, id, "Fn::ImportValue")
		if err != nil {
			return nil, err
		}
		return s.asm.importValue(s, n, id)
	case "Fn::GetAZs":
		return []any{s.region + "a", s.region + "b", s.region + "c"}, nil
	case "Fn::Base64":
		str, err := s.resolveString(arg, id, "Fn::Base64")
		if err != nil {
			return nil, err
		}
		return base64.StdEncoding.EncodeToString([]byte(str)), nil
	}
	return nil, fmt.Errorf("%s: intrinsic function %s is not supported by the emulator (supported: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::ImportValue, Fn::GetAZs, Fn::Base64)", s.loc(id), name)
}

func (s *stack) fnGetAtt(arg any, id string) (any, error) {
	var res, attr string
	switch a := arg.(type) {
	case []any:
		if len(a) == 2 {
			res, _ = a[0].(string)
			attr, _ = scalarString(a[1])
		}
	case string:
		res, attr, _ = strings.Cut(a, ".")
	}
	if res == "" || attr == "" {
		return nil, fmt.Errorf("%s: Fn::GetAtt needs [LogicalId, Attribute], got %s", s.loc(id), compact(arg))
	}
	return s.getAtt(res, attr, id)
}

func (s *stack) fnJoin(arg any, id string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("%s: Fn::Join needs [delimiter, [values]], got %s", s.loc(id), compact(arg))
	}
	delim, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("%s: Fn::Join delimiter must be a string, got %s", s.loc(id), compact(a[0]))
	}
	list, err := s.resolveList(a[1], id, "Fn::Join")
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(list))
	for i, e := range list {
		str, ok := scalarString(e)
		if !ok {
			return nil, fmt.Errorf("%s: Fn::Join element %d must resolve to a string, got %s", s.loc(id), i, compact(e))
		}
		parts[i] = str
	}
	return strings.Join(parts, delim), nil
}

func (s *stack) resolveList(v any, id, what string) ([]any, error) {
	r, err := s.resolve(v, id)
	if err != nil {
		return nil, err
	}
	list, ok := r.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: %s needs a list, got %s", s.loc(id), what, compact(r))
	}
	return list, nil
}

func (s *stack) fnSub(arg any, id string) (any, error) {
	var tpl string
	vars := map[string]string{}
	switch a := arg.(type) {
	case string:
		tpl = a
	case []any:
		if len(a) != 2 {
			return nil, fmt.Errorf("%s: Fn::Sub needs a string or [string, {variables}], got %s", s.loc(id), compact(arg))
		}
		t, ok := a[0].(string)
		m, ok2 := a[1].(map[string]any)
		if !ok || !ok2 {
			return nil, fmt.Errorf("%s: Fn::Sub needs [string, {variables}], got %s", s.loc(id), compact(arg))
		}
		tpl = t
		for k, v := range m {
			str, err := s.resolveString(v, id, "Fn::Sub variable "+k)
			if err != nil {
				return nil, err
			}
			vars[k] = str
		}
	default:
		return nil, fmt.Errorf("%s: Fn::Sub needs a string or [string, {variables}], got %s", s.loc(id), compact(arg))
	}
	var b strings.Builder
	for {
		i := strings.Index(tpl, "${")
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		b.WriteString(tpl[:i])
		end := strings.IndexByte(tpl[i:], '}')
		if end < 0 {
			b.WriteString(tpl[i:])
			break
		}
		name := tpl[i+2 : i+end]
		tpl = tpl[i+end+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		val, err := s.subVariable(name, vars, id)
		if err != nil {
			return nil, err
		}
		b.WriteString(val)
	}
	return b.String(), nil
}

func (s *stack) subVariable(name string, vars map[string]string, id string) (string, error) {
	if v, ok := vars[name]; ok {
		return v, nil
	}
	var r any
	var err error
	if res, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
		r, err = s.getAtt(res, attr, id)
	} else {
		r, err = s.ref(name, id)
	}
	if err != nil {
		return "", err
	}
	str, ok := scalarString(r)
	if !ok {
		return "", fmt.Errorf("%s: Fn::Sub ${%s} must resolve to a string, got %s", s.loc(id), name, compact(r))
	}
	return str, nil
}

func (s *stack) fnSelect(arg any, id string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("%s: Fn::Select needs [index, [values]], got %s", s.loc(id), compact(arg))
	}
	is, err := s.resolveString(a[0], id, "Fn::Select index")
	if err != nil {
		return nil, err
	}
	i, err := strconv.Atoi(is)
	if err != nil {
		return nil, fmt.Errorf("%s: Fn::Select index %q is not an integer", s.loc(id), is)
	}
	list, err := s.resolveList(a[1], id, "Fn::Select")
	if err != nil {
		return nil, err
	}
	if i < 0 || i >= len(list) {
		return nil, fmt.Errorf("%s: Fn::Select index %d is out of range for a list of %d", s.loc(id), i, len(list))
	}
	return list[i], nil
}

func (s *stack) fnSplit(arg any, id string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, fmt.Errorf("%s: Fn::Split needs [delimiter, string], got %s", s.loc(id), compact(arg))
	}
	delim, ok := a[0].(string)
	if !ok || delim == "" {
		return nil, fmt.Errorf("%s: Fn::Split delimiter must be a non-empty string", s.loc(id))
	}
	str, err := s.resolveString(a[1], id, "Fn::Split source")
	if err != nil {
		return nil, err
	}
	parts := strings.Split(str, delim)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func (s *stack) fnIf(arg any, id string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, fmt.Errorf("%s: Fn::If needs [condition, then, else], got %s", s.loc(id), compact(arg))
	}
	name, ok := a[0].(string)
	if !ok {
		return nil, fmt.Errorf("%s: Fn::If condition must be a condition name", s.loc(id))
	}
	on, err := s.condition(name, id)
	if err != nil {
		return nil, err
	}
	if on {
		return s.resolve(a[1], id)
	}
	return s.resolve(a[2], id)
}

func (s *stack) fnFindInMap(arg any, id string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, fmt.Errorf("%s: Fn::FindInMap needs [map, key, key], got %s", s.loc(id), compact(arg))
	}
	keys := make([]string, 3)
	for i := range a {
		k, err := s.resolveString(a[i], id, "Fn::FindInMap key")
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	v, ok := s.tmpl.Mappings[keys[0]][keys[1]][keys[2]]
	if !ok {
		return nil, fmt.Errorf("%s: Fn::FindInMap %s/%s/%s: no such mapping entry", s.loc(id), keys[0], keys[1], keys[2])
	}
	return s.resolve(v, id)
}

// condition evaluates a named condition.
func (s *stack) condition(name, id string) (bool, error) {
	if v, ok := s.conds[name]; ok {
		return v, nil
	}
	expr, ok := s.tmpl.Conditions[name]
	if !ok {
		return false, fmt.Errorf("%s: condition %s is not defined", s.loc(id), name)
	}
	key := "cond:" + name
	if s.busy[key] {
		return false, fmt.Errorf("%s: condition %s depends on itself", s.loc(id), name)
	}
	s.busy[key] = true
	defer delete(s.busy, key)
	v, err := s.condExpr(expr, id)
	if err != nil {
		return false, fmt.Errorf("condition %s: %w", name, err)
	}
	s.conds[name] = v
	return v, nil
}

func (s *stack) condExpr(expr any, id string) (bool, error) {
	m, ok := expr.(map[string]any)
	if !ok || len(m) != 1 {
		return false, fmt.Errorf("%s: a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, got %s", s.loc(id), compact(expr))
	}
	for k, arg := range m {
		switch k {
		case "Condition":
			name, _ := arg.(string)
			return s.condition(name, id)
		case "Fn::Equals":
			a, ok := arg.([]any)
			if !ok || len(a) != 2 {
				return false, fmt.Errorf("%s: Fn::Equals needs two values", s.loc(id))
			}
			x, err := s.resolve(a[0], id)
			if err != nil {
				return false, err
			}
			y, err := s.resolve(a[1], id)
			if err != nil {
				return false, err
			}
			return compact(x) == compact(y), nil
		case "Fn::Not":
			a, ok := arg.([]any)
			if !ok || len(a) != 1 {
				return false, fmt.Errorf("%s: Fn::Not needs one condition", s.loc(id))
			}
			v, err := s.condExpr(a[0], id)
			return !v, err
		case "Fn::And", "Fn::Or":
			a, ok := arg.([]any)
			if !ok || len(a) == 0 {
				return false, fmt.Errorf("%s: %s needs a list of conditions", s.loc(id), k)
			}
			for _, e := range a {
				v, err := s.condExpr(e, id)
				if err != nil {
					return false, err
				}
				if (k == "Fn::And") != v {
					return v, nil
				}
			}
			return k == "Fn::And", nil
		}
		return false, fmt.Errorf("%s: %s is not a condition function", s.loc(id), k)
	}
	return false, nil
}

// exists reports whether a resource is created (its Condition holds).
func (s *stack) exists(id string) (bool, error) {
	r := s.tmpl.Resources[id]
	if r.Condition == "" {
		return true, nil
	}
	return s.condition(r.Condition, id)
}

func sortedResourceIDs(t *cfnTemplate) []string {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
