package citations

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// mdLink is an inline Markdown link or image: [text](target "title").
var mdLink = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// codeSpan is inline code, whose brackets are no link.
var codeSpan = regexp.MustCompile("`[^`]*`")

// A reader follows the docs by their links: every relative link in a *.md
// file names a file of the repository, and its #anchor a heading there.
func TestEveryMarkdownLinkResolves(t *testing.T) {
	root := filepath.Join("..", "..")
	pages := markdownFiles(t, root)
	anchors := map[string]map[string]bool{} // page -> its headings' anchors
	anchorsOf := func(page string) map[string]bool {
		if a, ok := anchors[page]; ok {
			return a
		}
		a := headingAnchors(readPage(t, page))
		anchors[page] = a
		return a
	}
	links := 0
	for _, page := range pages {
		rel, _ := filepath.Rel(root, page)
		for _, l := range relativeLinks(readPage(t, page)) {
			links++
			path, anchor, _ := strings.Cut(l.target, "#")
			target := page
			if path != "" {
				target = filepath.Join(filepath.Dir(page), filepath.FromSlash(path))
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s:%d links to %s, which is not in the repository", rel, l.line, l.target)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(target, ".md") && !anchorsOf(target)[anchor] {
				t.Errorf("%s:%d links to %s, but no heading there has the anchor #%s", rel, l.line, l.target, anchor)
			}
		}
	}
	if links < 20 {
		t.Fatalf("only %d relative links found in %d pages: the walk did not reach the docs", links, len(pages))
	}
}

// The anchors are GitHub's: "## Pace, rate limits and API calls" is
// #pace-rate-limits-and-api-calls, and a repeated heading gets -1, -2, ...
func TestHeadingAnchors(t *testing.T) {
	got := headingAnchors("# baton-box\n## Pace, rate limits and API calls\n### A leaver's `content`\n" +
		"```sh\n# not a heading\n```\n## Errors\n## Errors\n")
	for _, want := range []string{"baton-box", "pace-rate-limits-and-api-calls", "a-leavers-content", "errors", "errors-1"} {
		if !got[want] {
			t.Errorf("no anchor #%s in %v", want, got)
		}
	}
	if got["not-a-heading"] {
		t.Error("a comment in a code block became a heading")
	}
}

func markdownFiles(t *testing.T, root string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func readPage(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type link struct {
	target string
	line   int
}

// relativeLinks are the links of a page outside code that point into the
// repository (not to a site or an e-mail address).
func relativeLinks(page string) []link {
	var links []link
	forEachTextLine(page, func(n int, line string) {
		for _, m := range mdLink.FindAllStringSubmatch(codeSpan.ReplaceAllString(line, ""), -1) {
			target := strings.Trim(m[1], "<>")
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			links = append(links, link{target: target, line: n})
		}
	})
	return links
}

// headingAnchors are the anchors GitHub gives a page's headings.
func headingAnchors(page string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	forEachTextLine(page, func(_ int, line string) {
		text, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !strings.HasPrefix(line, "#") || !ok {
			return
		}
		slug := slugOf(text)
		if n := seen[slug]; n > 0 {
			anchors[slug+"-"+strconv.Itoa(n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	})
	return anchors
}

// slugOf is GitHub's heading anchor: lower case, letters, digits, '-' and
// '_' kept, spaces made '-', everything else dropped.
func slugOf(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// forEachTextLine calls f with each line (numbered from 1) outside fenced
// code blocks.
func forEachTextLine(page string, f func(n int, line string)) {
	fenced := false
	for i, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			f(i+1, line)
		}
	}
}
