// Package mdxcheck checks a connector's docs/connector.mdx the way
// ConductorOne's docs validator does (github-workflows,
// docs/connector-docs-verify): plain Markdown plus an allowlist of JSX
// components, with no MDX expressions, imports, exports or event-handler
// attributes, and no dangerous URL schemes. It is a line-based check, not an
// MDX compiler: code fences and inline code spans are skipped, everything
// else must be safe for the strictest reading.
package mdxcheck

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// AllowedComponents are the JSX components ConductorOne's docs renderer
// supports.
var AllowedComponents = map[string]bool{
	"Card": true, "Check": true, "Frame": true, "Icon": true, "Info": true, "Note": true,
	"Step": true, "Steps": true, "Tab": true, "Tabs": true, "Tip": true, "Warning": true,
}

var (
	fence        = regexp.MustCompile("^\\s*(```+|~~~+)")
	tagStart     = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9._-]*)`)
	eventHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	badScheme    = regexp.MustCompile(`(?i)(javascript|vbscript|data)\s*:`)
	importExport = regexp.MustCompile(`^(import|export)\s`)
)

// Problem is one violation, with its 1-based line number.
type Problem struct {
	Line int
	Text string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Text) }

// Check returns every problem in an MDX document; none means it is safe.
func Check(doc []byte) []Problem {
	var out []Problem
	add := func(line int, format string, args ...any) {
		out = append(out, Problem{Line: line, Text: fmt.Sprintf(format, args...)})
	}
	if len(bytes.TrimSpace(doc)) == 0 {
		return []Problem{{Line: 1, Text: "empty documentation"}}
	}
	if bytes.IndexByte(doc, 0) >= 0 {
		add(1, "contains a NUL byte")
	}
	if bytes.HasPrefix(doc, []byte("\xef\xbb\xbf")) {
		add(1, "starts with a byte-order mark")
	}

	var inFence string
	for i, line := range strings.Split(string(doc), "\n") {
		n := i + 1
		if m := fence.FindStringSubmatch(line); m != nil {
			marker := strings.TrimSpace(m[1])
			// A fence closes with the same character, at least as many
			// times (CommonMark, "Fenced code blocks").
			switch {
			case inFence == "":
				inFence = marker
			case marker[0] == inFence[0] && len(marker) >= len(inFence):
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		text := stripCodeSpans(line)
		if importExport.MatchString(text) {
			add(n, "MDX import or export outside a code fence")
		}
		if strings.ContainsAny(text, "{}") {
			add(n, "MDX expression brace outside code (write it in `code`, or drop it): %s", strings.TrimSpace(line))
		}
		if strings.Contains(text, "<!--") {
			add(n, "HTML comment (MDX does not allow them)")
		}
		if badScheme.MatchString(text) {
			add(n, "dangerous URL scheme")
		}
		for _, m := range tagStart.FindAllStringSubmatchIndex(text, -1) {
			if m[1] < len(text) && text[m[1]] == ':' {
				continue // <scheme:...> is an autolink, reported below
			}
			name := text[m[4]:m[5]]
			if !AllowedComponents[name] {
				add(n, "JSX tag <%s%s> is not one of the allowed components", text[m[2]:m[3]], name)
			}
			if end := strings.IndexByte(text[m[0]:], '>'); end > 0 && eventHandler.MatchString(text[m[0]:m[0]+end]) {
				add(n, "event-handler attribute on <%s>", name)
			}
		}
		if strings.Contains(text, "<http") || strings.Contains(text, "<mailto") {
			add(n, "autolink (MDX does not allow them; use [text](url))")
		}
	}
	if inFence != "" {
		add(strings.Count(string(doc), "\n")+1, "unclosed code fence")
	}
	for _, n := range splitTables(doc) {
		add(n, "table row after a blank line inside a table: the table ends at the blank line and the rows below it render as text")
	}
	return out
}

// tableDelimiter is a table's delimiter row (| --- | :---: |).
var tableDelimiter = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$`)

// splitTables finds table rows separated from the table above them by
// blank lines only: Markdown ends a table at a blank line, so such rows
// are text, not a table (a new table starts with a header row followed by
// a delimiter row, which is not reported). Code fences are skipped.
func splitTables(doc []byte) []int {
	var out []int
	lines := strings.Split(string(doc), "\n")
	isRow := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "|") }
	var inFence string
	lastRow, blankSince := -1, -1 // the last table row seen; where the blank run after it starts
	for i, line := range lines {
		if m := fence.FindStringSubmatch(line); m != nil {
			marker := strings.TrimSpace(m[1])
			switch {
			case inFence == "":
				inFence = marker
			case marker[0] == inFence[0] && len(marker) >= len(inFence):
				inFence = ""
			}
			lastRow = -1
			continue
		}
		switch {
		case inFence != "":
		case strings.TrimSpace(line) == "":
			if lastRow >= 0 && blankSince < 0 {
				blankSince = i
			}
		case isRow(line):
			newTable := i+1 < len(lines) && tableDelimiter.MatchString(lines[i+1])
			if lastRow >= 0 && blankSince >= 0 && !newTable {
				out = append(out, i+1)
			}
			lastRow, blankSince = i, -1
		default:
			lastRow, blankSince = -1, -1
		}
	}
	return out
}

// stripCodeSpans blanks inline code (`...`, “...“), where braces and
// angle brackets are literal text.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		ticks := line[i:j]
		end := strings.Index(line[j:], ticks)
		if end < 0 { // no closing run: the backticks are literal
			b.WriteString(ticks)
			i = j
			continue
		}
		i = j + end + len(ticks)
	}
	return b.String()
}
