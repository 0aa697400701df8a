package signin

// Severities: what a notification is, decided by the rule that matched.

// Severity classifies a notification. Every notifying event has exactly one.
type Severity string

// The severities, most urgent first.
const (
	SeverityRoot       Severity = "root"
	SeverityTamper     Severity = "tamper"
	SeverityBreakGlass Severity = "break-glass" // an assumption of a listed role (breakglass.go)
	SeverityAnomaly    Severity = "anomaly"
	SeverityFailure    Severity = "failure"
	SeverityNoMFA      Severity = "no-mfa"
	SeveritySignIn     Severity = "sign-in"
	SeveritySwitchRole Severity = "switch-role"
	SeveritySwitchBack Severity = "switch-back"
	SeverityIncomplete Severity = "incomplete"
)

// SeverityTest is the severity of the test message `signin-notifier
// send-test` puts on the signin-notifier bus. It is not routable: every
// destination gets the test.
const SeverityTest Severity = "test"

// SourceTest is the source of the synthetic sign-in `send-test` puts on the
// bus. Customers cannot put events with an aws.* source, so the test has its
// own, and its own rule, whose message always says it is a test.
const SourceTest = "signin-notifier.test"

// Severities lists every severity, most urgent first.
var Severities = []Severity{SeverityRoot, SeverityTamper, SeverityBreakGlass, SeverityAnomaly, SeverityFailure, SeverityNoMFA, SeveritySignIn, SeveritySwitchRole, SeveritySwitchBack, SeverityIncomplete}
