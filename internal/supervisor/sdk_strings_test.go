package supervisor

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/conductorone/baton-sdk/pkg/field"
)

// sourceLine is how a constant in sdk_strings.go names where its text
// comes from: a module and a file (or, ending in "/", a package directory)
// in it.
var sourceLine = regexp.MustCompile(`(?m)^Source: (\S+) (\S+?)\.?$`)

// Each constant in sdk_strings.go is found in a string literal of the file
// it names, in the module version go.mod pins; a flag is also one of the
// SDK's flags. An SDK upgrade that renames a flag or rewords a message the
// supervisor recognises fails here.
func TestSDKStringsAreInThePinnedSources(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "sdk_strings.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{}
	literals := map[string][]string{}
	checked := 0
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok {
				continue
			}
			m := sourceLine.FindStringSubmatch(vs.Doc.Text())
			if m == nil {
				m = sourceLine.FindStringSubmatch(gd.Doc.Text())
			}
			for i, name := range vs.Names {
				if m == nil {
					t.Errorf("%s names no source (a \"Source: <module> <file>\" line)", name)
					continue
				}
				text := constText(t, vs, i)
				module, path := m[1], m[2]
				if dirs[module] == "" {
					dirs[module] = moduleDir(t, module)
				}
				checked++
				full := filepath.Join(dirs[module], filepath.FromSlash(path))
				if strings.HasSuffix(path, "/") {
					if st, err := os.Stat(full); err != nil || !st.IsDir() || text != filepath.Base(full)+"/" {
						t.Errorf("%s = %q: not the package directory %s of %s", name, text, path, module)
					}
					continue
				}
				if literals[full] == nil {
					literals[full] = stringLiterals(t, full)
				}
				if !slices.ContainsFunc(literals[full], func(lit string) bool { return strings.Contains(lit, text) }) {
					t.Errorf("%s = %q is in no string literal of %s in %s: the text changed or moved", name, text, path, module)
				}
				if strings.HasPrefix(name.Name, "flag") && !slices.ContainsFunc(field.DefaultFields, func(f field.SchemaField) bool { return f.FieldName == text }) {
					t.Errorf("%s = %q is not one of the SDK's flags", name, text)
				}
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d constants checked: the test reads sdk_strings.go wrongly", checked)
	}
}

// constText is the string value of the i-th name of vs.
func constText(t *testing.T, vs *ast.ValueSpec, i int) string {
	t.Helper()
	lit, ok := vs.Values[i].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		t.Fatalf("%s is not a string literal", vs.Names[i])
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// moduleDir is where the pinned version of module is (go list -m).
func moduleDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("go list -m %s: %v (is the module downloaded? go mod download)", module, err)
	}
	return dir
}

// stringLiterals are the string literals of the Go file at path, unquoted.
func stringLiterals(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: the file moved or is gone", err)
	}
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.STRING {
			if u, err := strconv.Unquote(lit); err == nil {
				out = append(out, u)
			}
		}
	}
}
