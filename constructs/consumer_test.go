package constructs_test

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsumerModule: a CDK app in a module of its own
// (testdata/consumer), which imports the library the way a user's app
// does, builds against it, and names every exported identifier of the
// package (types, functions, constants, and the methods of exported
// types): the public API is complete and usable from outside this module.
func TestConsumerModule(t *testing.T) {
	src, err := os.ReadFile("testdata/consumer/main.go")
	if err != nil {
		t.Fatal(err)
	}
	code := string(src)
	fset := gotoken.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := 0
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() {
						continue
					}
					names++
					if d.Recv == nil {
						if !strings.Contains(code, "notifier."+d.Name.Name+"(") {
							t.Errorf("the consumer does not call notifier.%s", d.Name.Name)
						}
						continue
					}
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					if id, ok := recv.(*ast.Ident); ok && id.IsExported() && !strings.Contains(code, "."+d.Name.Name+"(") {
						t.Errorf("the consumer does not call (%s).%s", id.Name, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						var ids []*ast.Ident
						switch s := spec.(type) {
						case *ast.TypeSpec:
							ids = []*ast.Ident{s.Name}
						case *ast.ValueSpec:
							ids = s.Names
						}
						for _, id := range ids {
							if !id.IsExported() {
								continue
							}
							names++
							if !strings.Contains(code, "notifier."+id.Name) {
								t.Errorf("the consumer does not name notifier.%s", id.Name)
							}
						}
					}
				}
			}
		}
	}
	if names < 100 {
		t.Errorf("found %d exported names", names)
	}

	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module consumer\n\ngo 1.26.0\n\nrequire github.com/signin-notifier/signin-notifier v0.0.0\n\nreplace github.com/signin-notifier/signin-notifier => " + repo + "\n"
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the consumer module does not build: %v\n%s", err, out)
	}
}
