package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// suffix is a deterministic stand-in for the random part CloudFormation
// adds to generated physical names.
func suffix(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "/")))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 12)
	for i := range b {
		b[i] = alphabet[int(h[i])%len(alphabet)]
	}
	return string(b)
}

// fakeUUID is a deterministic UUID-shaped id, as in API destination ARNs.
func fakeUUID(parts ...string) string {
	h := sha256.Sum256([]byte("uuid/" + strings.Join(parts, "/")))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// generatedName imitates CloudFormation's STACK-LOGICALID-SUFFIX physical
// names, truncated to max characters.
func generatedName(stack, logicalID string, max int) string {
	sfx := suffix(stack, logicalID)
	head := stack + "-" + logicalID
	if limit := max - len(sfx) - 1; len(head) > limit {
		head = head[:limit]
	}
	return head + "-" + sfx
}

// arn is a parsed ARN.
type arn struct {
	partition, service, region, account, resource string
}

func parseARN(s string) (arn, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return arn{}, false
	}
	return arn{parts[1], parts[2], parts[3], parts[4], parts[5]}, true
}

func (a arn) String() string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", a.partition, a.service, a.region, a.account, a.resource)
}

// busKey identifies an event bus.
type busKey struct {
	account, region, name string
}

func (k busKey) arn(partition string) string {
	return arn{partition, "events", k.region, k.account, "event-bus/" + k.name}.String()
}

func (k busKey) String() string {
	return k.name + " (" + k.account + "/" + k.region + ")"
}

// busFromARN returns the bus an event-bus ARN names.
func busFromARN(s string) (busKey, bool) {
	a, ok := parseARN(s)
	if !ok || a.service != "events" || !strings.HasPrefix(a.resource, "event-bus/") {
		return busKey{}, false
	}
	return busKey{a.account, a.region, strings.TrimPrefix(a.resource, "event-bus/")}, true
}
