package plan

import (
	"fmt"
	"regexp"
)

// The id formats of AWS Organizations and of accounts, shared by every
// front end that checks them (the app's context, the public composition).
var (
	organizationIDRE = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	unitIDRE         = regexp.MustCompile(`^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$`)
	accountIDRE      = regexp.MustCompile(`^[0-9]{12}$`)
	topicARNRE       = regexp.MustCompile(`^arn:aws:sns:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_-]{1,256})$`)
)

// ValidOrganizationID reports an organization id: o- and 10 to 32
// lowercase letters or digits.
func ValidOrganizationID(s string) bool { return organizationIDRE.MatchString(s) }

// ValidUnitID reports an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx).
func ValidUnitID(s string) bool { return unitIDRE.MatchString(s) }

// ValidAccountID reports a 12-digit account id.
func ValidAccountID(s string) bool { return accountIDRE.MatchString(s) }

// TopicARN is a parsed SNS topic ARN.
type TopicARN struct{ Region, Account, Name string }

// ParseTopicARN parses arn:aws:sns:REGION:ACCOUNT:NAME (a standard topic:
// CloudWatch alarms cannot publish to a FIFO topic).
func ParseTopicARN(arn string) (TopicARN, error) {
	m := topicARNRE.FindStringSubmatch(arn)
	if m == nil {
		return TopicARN{}, fmt.Errorf("is not an SNS topic ARN")
	}
	return TopicARN{Region: m[1], Account: m[3], Name: m[4]}, nil
}
