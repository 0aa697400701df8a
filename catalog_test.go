package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/signin-notifier/signin-notifier/internal/app/config"
)

// catalogSnapshot is aws-cdk-go's region catalog as the app reads it
// (regionCatalog), for the jsii-free tests of internal/app/config, such as
// the one that plans every settings file of examples/.
var catalogSnapshot = filepath.Join("internal", "app", "config", "testdata", "regions.json")

// updateCatalog names the variable that rewrites catalogSnapshot.
const updateCatalog = "SIGNIN_NOTIFIER_UPDATE_CATALOG"

func TestRegionCatalogSnapshot(t *testing.T) {
	got := regionCatalog()
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, r := range got {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("  ")
		b.Write(line)
		if i < len(got)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	if os.Getenv(updateCatalog) == "1" {
		if err := os.WriteFile(catalogSnapshot, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d regions to %s", len(got), catalogSnapshot)
		return
	}
	raw, err := os.ReadFile(catalogSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	var snap []config.Region
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatalf("%s: %v", catalogSnapshot, err)
	}
	if len(got) < 30 {
		t.Fatalf("regionCatalog() has %d regions, want aws-cdk-go's full catalog (over 30)", len(got))
	}
	if !reflect.DeepEqual(got, snap) {
		t.Fatalf("%s (%d regions) is not aws-cdk-go's region catalog (%d regions): regenerate it with %s=1 go test -run TestRegionCatalogSnapshot .", catalogSnapshot, len(snap), len(got), updateCatalog)
	}
}
