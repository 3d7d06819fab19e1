// Package citations holds the tests that keep the docs followable: every
// Markdown file the code cites (docs/box-behaviour.md, "Users") is in the
// repository, and every relative link in a *.md file resolves to a file,
// and its #anchor to a heading there. Citations of sites (developer.box.com
// guides, GitHub threads) name the site and carry no ".md".
package citations
