// Package maketest runs `make synth` the way users type it, through a real
// shell, in a copy of the project: every value of ARGS reaches the templates
// byte for byte or is refused with one line, a failed synth keeps the last
// good cdk.out, and nothing runs on after make returns. It holds only that
// test.
package maketest
