package boxsim

import (
	"strings"
	"unicode"
)

// How GET /groups matches filter_term. The spec says only "Limits the
// results to only groups whose name starts with the search term"; the
// Java SDK suggests a search index instead ("If the groups need to
// searched by full name that has spaces, then the parameter string should
// have been wrapped with \"\"", box-java-sdk BoxGroup.java,
// getAllGroupsByName), hence GroupFilterWordPrefix. Box says nothing of
// case or surrounding whitespace: GroupFilterTrimmed and
// GroupFilterCaseSensitive are the simulator's guesses at what else a
// search index might do. Every reading is a Config.GroupFilterMode, and
// the connector's group listing must be exact under each.
const (
	// GroupFilterPrefix: a case-insensitive literal prefix of the name (the spec).
	GroupFilterPrefix = "prefix"
	// GroupFilterWordPrefix: a case-insensitive prefix of any word of the
	// name ("sales" matches "EMEA Sales"), as a search index would.
	GroupFilterWordPrefix = "word-prefix"
	// GroupFilterTrimmed: the term's surrounding whitespace is dropped
	// first, so "a " matches what "a" does.
	GroupFilterTrimmed = "trimmed"
	// GroupFilterCaseSensitive: a literal, case-sensitive prefix.
	GroupFilterCaseSensitive = "case-sensitive"
)

// GroupFilterModes lists the readings, the default first.
func GroupFilterModes() []string {
	return []string{GroupFilterPrefix, GroupFilterWordPrefix, GroupFilterTrimmed, GroupFilterCaseSensitive}
}

// groupMatcher returns the filter_term test of the configured mode; nil
// means every group.
func groupMatcher(mode, term string) func(*groupRec) bool {
	if mode == GroupFilterTrimmed {
		term = strings.TrimSpace(term)
	}
	if term == "" {
		return nil
	}
	key := strings.ToLower(term)
	switch mode {
	case GroupFilterCaseSensitive:
		return func(g *groupRec) bool { return strings.HasPrefix(g.name, term) }
	case GroupFilterWordPrefix:
		return func(g *groupRec) bool {
			name := g.nameKey
			for i := 0; i < len(name); {
				if strings.HasPrefix(name[i:], key) {
					return true
				}
				// Skip to the start of the next word.
				next := strings.IndexFunc(name[i:], unicode.IsSpace)
				if next < 0 {
					return false
				}
				i += next
				i += len(name[i:]) - len(strings.TrimLeftFunc(name[i:], unicode.IsSpace))
			}
			return false
		}
	default:
		return func(g *groupRec) bool { return strings.HasPrefix(g.nameKey, key) }
	}
}
