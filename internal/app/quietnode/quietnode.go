// Package quietnode keeps the jsii runtime's end-of-life banner for Node 20
// (a dozen lines of "!!" on stderr, before any message of ours) out of the
// app's output, as tools/synth.sh does for `make synth`. Node 20 still runs
// the app; the README recommends 22 or 24.
//
// Import it for its side effect, blank, from a main package that uses the
// AWS CDK. The jsii runtime copies the environment of the Node process it
// will start while the CDK packages initialize (they register their types
// in init), so setting the variable in main is too late. This package
// imports nothing but os, so Go initializes it before any package that
// needs the jsii runtime.
//
// Set JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION yourself (even empty)
// to see the banner.
package quietnode

import "os"

// Key is the jsii runtime's variable: a comma-separated list of Node major
// versions whose end-of-life banner it does not print.
const Key = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"

func init() {
	if _, set := os.LookupEnv(Key); !set {
		os.Setenv(Key, "20")
	}
}
