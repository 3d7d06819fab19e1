package connector

import (
	"slices"
	"testing"

	"github.com/conductorone/baton-box/pkg/box"
)

// TestChildPrefixes: a split tries every printable ASCII continuation in
// both cases (Box may match filter_term case-sensitively) plus what the
// sample's names continue with, byte for byte, each once.
func TestChildPrefixes(t *testing.T) {
	t.Parallel()
	got := childPrefixes("te", []box.Group{{Name: "Team Ü"}, {Name: "TEst"}, {Name: "teÉquipe"}, {Name: "other"}, {Name: "te"}})
	set := map[string]bool{}
	for _, p := range got {
		if set[p] {
			t.Errorf("duplicate child %q", p)
		}
		set[p] = true
	}
	for _, want := range []string{"tea", "teA", "teÉ", "te ", "te0", "te~"} {
		if !set[want] {
			t.Errorf("missing child %q", want)
		}
	}
	if set["teé"] {
		t.Error("a continuation no name shows was added beyond printable ASCII")
	}
}

// TestInPartition: only names that start with the prefix, byte for byte,
// belong to it, whatever Box's filter_term returned with them.
func TestInPartition(t *testing.T) {
	t.Parallel()
	groups := []box.Group{{ID: "1", Name: "Sales Ops"}, {ID: "2", Name: "EMEA Sales"}, {ID: "3", Name: "sales tools"}, {ID: "4", Name: "Sales"}}
	var ids []string
	for _, g := range inPartition(groups, "Sales") {
		ids = append(ids, g.ID)
	}
	if !slices.Equal(ids, []string{"1", "4"}) {
		t.Fatalf("in partition %q: %v", "Sales", ids)
	}
	if len(inPartition(groups, "")) != len(groups) {
		t.Fatal("the root partition holds every group")
	}
}
