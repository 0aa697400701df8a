package emulator

import (
	"fmt"
	"strings"
)

// getAtt returns Fn::GetAtt res.attr, found at property path of resource
// from, for the attributes signin-notifier's templates use; it refuses any
// other.
func (s *stack) getAtt(res, attr, from, path string) (any, error) {
	r, ok := s.tmpl.Resources[res]
	if !ok {
		return nil, fmt.Errorf("%s: Fn::GetAtt %s.%s: no such resource in the template", s.at(from, path), res, attr)
	}
	key := "att:" + res + "." + attr
	if s.busy[key] {
		return nil, fmt.Errorf("%s: Fn::GetAtt %s.%s depends on itself", s.at(from, path), res, attr)
	}
	s.busy[key] = true
	defer delete(s.busy, key)
	name, err := s.physicalName(res)
	if err != nil {
		return nil, err
	}
	ev := func(resource string) string {
		return arn{s.partition, "events", s.region, s.account, resource}.String()
	}
	switch r.Type + "." + attr {
	case "AWS::Events::EventBus.Arn":
		return busKey{s.account, s.region, name}.arn(s.partition), nil
	case "AWS::Events::Rule.Arn":
		bus, err := s.ruleBus(res)
		if err != nil {
			return nil, err
		}
		return ruleARN(s.partition, bus, name), nil
	case "AWS::Events::ApiDestination.Arn":
		return ev("api-destination/" + name + "/" + fakeUUID(s.name, res)), nil
	case "AWS::Events::Connection.Arn":
		return ev("connection/" + name + "/" + fakeUUID(s.name, res)), nil
	case "AWS::IAM::Role.Arn":
		rolePath := "/"
		if p, ok := r.Properties["Path"].(string); ok && p != "" {
			rolePath = p
		}
		return arn{s.partition, "iam", "", s.account, "role" + rolePath + name}.String(), nil
	case "AWS::KMS::Key.Arn":
		return arn{s.partition, "kms", s.region, s.account, "key/" + fakeUUID(s.name, res)}.String(), nil
	case "AWS::SQS::Queue.Arn":
		return arn{s.partition, "sqs", s.region, s.account, name}.String(), nil
	case "AWS::SQS::Queue.QueueName":
		return name, nil
	}
	return nil, s.refuse(from, path, "Fn::GetAtt "+res+"."+attr+" ("+r.Type+")")
}

// ruleARN is arn:...:rule/NAME on the default bus, rule/BUS/NAME otherwise.
func ruleARN(partition string, bus busKey, name string) string {
	res := "rule/" + name
	if bus.name != "default" {
		res = "rule/" + bus.name + "/" + name
	}
	return arn{partition, "events", bus.region, bus.account, res}.String()
}

// ruleBus resolves a rule's EventBusName (absent: default; a name or an ARN).
func (s *stack) ruleBus(id string) (busKey, error) {
	r := s.tmpl.Resources[id]
	def := busKey{s.account, s.region, "default"}
	v, ok := r.Properties["EventBusName"]
	if !ok {
		return def, nil
	}
	str, err := s.resolveString(v, id, "EventBusName")
	if err != nil {
		return busKey{}, err
	}
	if !strings.HasPrefix(str, "arn:") {
		if str == "" {
			return def, nil
		}
		return busKey{s.account, s.region, str}, nil
	}
	k, ok := busFromARN(str)
	if !ok {
		return busKey{}, fmt.Errorf("%s: EventBusName %q is not an event bus name or ARN", s.loc(id), str)
	}
	if k.region != s.region || k.account != s.account {
		return busKey{}, fmt.Errorf("%s: EventBusName %q is in %s/%s but the stack deploys to %s/%s: a rule must be on a bus in its own account and region", s.loc(id), str, k.account, k.region, s.account, s.region)
	}
	return k, nil
}
