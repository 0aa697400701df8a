// Package stacks composes the signin-notifier constructs into the one
// regional stack type the app deploys in a loop. It defines no resources
// inline: everything comes from package constructs.
package stacks
