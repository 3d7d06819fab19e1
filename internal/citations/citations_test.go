package citations

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdCitation is a Markdown file named in Go source: a path ending in .md.
var mdCitation = regexp.MustCompile(`[A-Za-z0-9_./-]+\.md\b`)

func TestEveryCitedMarkdownFileExists(t *testing.T) {
	root := filepath.Join("..", "..")
	cited := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path) //nolint:gosec // G122: the repository's own files
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, name := range mdCitation.FindAllString(line, -1) {
				cited++
				// A citation is relative to the repository, or (../..) to the
				// file that names it.
				candidates := []string{filepath.Join(root, name), filepath.Join(filepath.Dir(path), name)}
				if !exists(candidates) {
					rel, _ := filepath.Rel(root, path)
					t.Errorf("%s:%d cites %s, which is not in the repository", rel, i+1, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited == 0 {
		t.Fatal("no citation found: the walk did not reach the source")
	}
}

func exists(paths []string) bool {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil { //nolint:gosec // G703: the repository's own files, named by its citations
			return true
		}
	}
	return false
}
