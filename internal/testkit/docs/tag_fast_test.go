//go:build !moto

package docs

// fullRun: built with the tag moto (make test, CI), TestDocs runs every
// marked command; the fast loop, go test ./..., checks only the pages.
const fullRun = false
