// Package projectcopy copies the project into a scratch directory for the
// tests that run its commands as a user does (make synth as typed, the
// documented outputs), so that they never touch the working tree.
package projectcopy

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Project copies the project's files from root to work, less what is built
// or local to a developer (.git, cdk.out and its scratch directories, bin,
// the settings file signin-notifier.json, the cached context
// cdk.context.json, node_modules), keeping each file's mode and
// modification time, so that make sees the same targets up to date. The
// copy links to root's pinned CDK CLI (tools/cdk/node_modules).
func Project(root, work string) error {
	skip := map[string]bool{".git": true, "cdk.out": true, "bin": true, "signin-notifier.json": true, "cdk.context.json": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if skip[rel] || strings.HasPrefix(rel, ".cdk.out") || d.Name() == "node_modules" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return copyEntry(path, filepath.Join(work, rel), d)
	})
	if err != nil {
		return err
	}
	return os.Symlink(filepath.Join(root, "tools", "cdk", "node_modules"), filepath.Join(work, "tools", "cdk", "node_modules"))
}

// Tree copies the directory from to the directory to, as Project does.
func Tree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		return copyEntry(path, filepath.Join(to, rel), d)
	})
}

// copyEntry copies a directory or regular file (other entries are left
// out), with its mode and modification time.
func copyEntry(path, target string, d fs.DirEntry) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	switch {
	case d.IsDir():
		return os.MkdirAll(target, 0o755)
	case !d.Type().IsRegular():
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(target, b, info.Mode().Perm()); err != nil {
		return err
	}
	return os.Chtimes(target, info.ModTime(), info.ModTime())
}
