// Package jsoncheck holds what the offline payload validators
// internal/slackcheck and internal/payloadcheck share: the Violation type
// (a message located by a JSON pointer, RFC 6901), Join, which turns
// violations into one error, Pointer, which builds escaped JSON pointers,
// and Checker, the generic checks of a decoded JSON document (one JSON
// value, allowed fields, strings and their length in characters, booleans,
// integer ranges, enumerations, arrays and their item counts).
//
// What belongs here: checks that mean the same for every chat service and
// whose messages differ at most in the service's name and in why an empty
// value is refused; Checker takes those as Service, EmptyText and
// EmptyArray.
//
// What does not belong here: anything about one service or format (its
// limits, element types, URL or mention rules, how it renders text), which
// stays in the validator for that service.
package jsoncheck
