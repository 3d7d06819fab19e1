package boxsim

import (
	"net/url"
	"slices"
	"testing"
)

// TestGroupFilterModes: filter_term under each reading.
func TestGroupFilterModes(t *testing.T) {
	names := []string{"EMEA Sales", "Sales Ops", "sales tools", "Salesforce Admins", " Spaced", "Support"}
	want := map[string]map[string][]string{
		GroupFilterPrefix:        {"sales": {"Sales Ops", "sales tools", "Salesforce Admins"}, "sales\x20": {"Sales Ops", "sales tools"}},
		GroupFilterWordPrefix:    {"sales": {"EMEA Sales", "Sales Ops", "sales tools", "Salesforce Admins"}, "sales\x20": {"Sales Ops", "sales tools"}},
		GroupFilterTrimmed:       {"sales": {"Sales Ops", "sales tools", "Salesforce Admins"}, "sales\x20": {"Sales Ops", "sales tools", "Salesforce Admins"}},
		GroupFilterCaseSensitive: {"sales": {"sales tools"}, "Sales": {"Sales Ops", "Salesforce Admins"}},
	}
	for _, mode := range GroupFilterModes() {
		s := New(Config{Seed: 2, GroupFilterMode: mode})
		for _, n := range names {
			if _, err := s.AddGroup(Group{Name: n}); err != nil {
				t.Fatal(err)
			}
		}
		tok := mintToken(t, s)
		for term, exp := range want[mode] {
			var got []string
			for _, e := range mustGet(t, s, tok, "/groups?limit=1000&filter_term="+url.QueryEscape(term)).entries(t) {
				got = append(got, e["name"].(string))
			}
			slices.Sort(got)
			slices.Sort(exp)
			if !slices.Equal(got, exp) {
				t.Errorf("%s: filter_term %q matched %q, want %q", mode, term, got, exp)
			}
		}
	}
}
