package supervisor

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
)

// exitTableRows are the lines of the exit status table in a file, from its
// header row on; prefix is cut from each line first (a comment's "//\t").
func exitTableRows(t *testing.T, path, prefix string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimPrefix(line, prefix)
		switch {
		case strings.HasPrefix(line, "| Status |"), len(rows) > 0 && strings.HasPrefix(line, "|"):
			rows = append(rows, line)
		case len(rows) > 0:
			return rows
		}
	}
	return rows
}

// docs/operations.md and exit_codes.go hold one table, and the table holds
// the statuses the supervisor uses, each with its gRPC code's name.
func TestExitCodeTableIsTheDocumentedOne(t *testing.T) {
	documentedRows := exitTableRows(t, "../../docs/operations.md", "")
	code := exitTableRows(t, "exit_codes.go", "//\t")
	if len(documentedRows) < 3 || strings.Join(documentedRows, "\n") != strings.Join(code, "\n") {
		t.Fatalf("docs/operations.md's table:\n%s\nexit_codes.go's:\n%s", strings.Join(documentedRows, "\n"), strings.Join(code, "\n"))
	}
	documented := map[string]string{} // status -> gRPC code name
	for _, row := range documentedRows[2:] {
		cells := strings.Split(strings.Trim(row, "|"), "|")
		if len(cells) != 3 {
			t.Fatalf("row %q: want 3 cells", row)
		}
		status, name := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
		documented[status] = name
		if n, err := strconv.ParseUint(status, 10, 32); err == nil && n > 0 && codes.Code(n).String() != name {
			t.Errorf("status %d is documented as %q, but it is gRPC's %s", n, name, codes.Code(n))
		}
	}
	for status, name := range map[int]string{exitUnknown: "Unknown", exitBadInput: "InvalidArgument", exitFull: "ResourceExhausted"} {
		if got, ok := documented[strconv.Itoa(status)]; !ok || got != name {
			t.Errorf("status %d (%s) is not in the table", status, name)
		}
	}
	if _, ok := documented[strconv.Itoa(exitSignalBase)+"+n"]; !ok {
		t.Errorf("the table lacks the signal statuses (%d+n)", exitSignalBase)
	}
}
