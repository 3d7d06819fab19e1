package mdxcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConnectorDocs: docs/connector.mdx passes ConductorOne's docs checks.
func TestConnectorDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "connector.mdx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Check(doc) {
		t.Errorf("docs/connector.mdx %s", p)
	}
}

func TestCheckRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"expression":         "Hello {name}\n",
		"comment expression": "{/* a comment */}\n",
		"unknown component":  "<Accordion title=\"x\">y</Accordion>\n",
		"html element":       "<div>x</div>\n",
		"event handler":      "<Card onClick=\"alert(1)\">x</Card>\n",
		"javascript link":    "[x](javascript:alert(1))\n",
		"import":             "import X from './x'\n",
		"export":             "export const a = 1\n",
		"html comment":       "<!-- note -->\n",
		"autolink":           "see <https://box.com>\n",
		"empty":              "  \n",
		"nul":                "a\x00b\n",
		"bom":                "\xef\xbb\xbfx\n",
		"unclosed fence":     "```sh\nx\n",
		"fence closed short": "````md\n```\nx\n",
		"split table":        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| 3 | 4 |\n",
	} {
		if len(Check([]byte(doc))) == 0 {
			t.Errorf("%s: %q passed", name, doc)
		}
	}
}

func TestCheckAccepts(t *testing.T) {
	doc := strings.Join([]string{
		"# Title",
		"| a | b |",
		"| --- | --- |",
		"| 1 | 2 |",
		"",
		"| another | table |",
		"| :--- | ---: |",
		"| 3 | 4 |",
		"Plain text with `{code}` and ``<b>`` spans, and a [link](https://box.com).",
		"<Warning>",
		"Careful.",
		"</Warning>",
		"<Icon icon=\"square-check\" iconType=\"solid\" color=\"#65DE23\"/>",
		"```json",
		"{\"braces\": \"fine in a fence\"}",
		"<Accordion>",
		"```",
		"````md",
		"```json",
		"{\"a fence shown\": \"inside a longer one\"}",
		"```",
		"````",
		"a < b",
	}, "\n")
	if p := Check([]byte(doc)); len(p) > 0 {
		t.Fatalf("safe document rejected: %v", p)
	}
}

// An autolink is one problem, not also an unknown component.
func TestAutolinkIsReportedOnce(t *testing.T) {
	p := Check([]byte("see <https://box.com>\n"))
	if len(p) != 1 || !strings.Contains(p[0].Text, "autolink") {
		t.Fatalf("problems %v, want the autolink alone", p)
	}
}
