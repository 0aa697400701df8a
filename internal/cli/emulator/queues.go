package emulator

import "strings"

// indexQueues names every SQS queue the stacks define by its ARN, so that a
// trace can show a target's dead-letter queue (or a queue target) as the
// reader knows it rather than as a generated physical name.
func (a *Assembly) indexQueues() {
	a.queues = map[string]string{}
	for _, s := range a.stacks {
		for _, id := range sortedResourceIDs(s.tmpl) {
			r := s.tmpl.Resources[id]
			if r == nil || r.Type != "AWS::SQS::Queue" {
				continue
			}
			if _, arn, err := s.nameAndARN(id); err == nil {
				a.queues[arn] = label(s.name, id, r.cdkPath())
			}
		}
	}
}

// label names a resource for a reader: its construct path without the
// trailing /Resource (it starts with the stack's name), else STACK/LOGICALID.
func label(stack, logicalID, path string) string {
	if path != "" {
		return strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/Resource")
	}
	return stack + "/" + logicalID
}

// queueLabel names the queue whose ARN is arn: a queue of the assembly by
// its label, any other by its name, account and region.
func (a *Assembly) queueLabel(queueARN string) string {
	if l, ok := a.queues[queueARN]; ok {
		return l
	}
	if p, ok := parseARN(queueARN); ok && p.service == "sqs" {
		return p.resource + " (" + p.account + "/" + p.region + ")"
	}
	return queueARN
}
