// Package citations holds one test: every Markdown file the code cites
// (docs/box-behaviour.md, "Users") is in the repository, so a reader can
// follow each source a comment names. Citations of sites (developer.box.com
// guides, GitHub threads) name the site and carry no ".md".
package citations
