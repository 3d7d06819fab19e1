package boxsim

import (
	"encoding/json"
	"testing"
)

func TestAppendJSONRoundTrips(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "ctl \x00\x01\x1f\t\r\n", "Équipe Ü 東京 🚀",
		"line\u2028sep\u2029", "<script>&", "bad \xff utf8 \xe2\x28\xa1",
	} {
		b, err := appendJSON(nil, object{{"k", s}, {"n", nil}, {"list", []string{s}}})
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			K    string   `json:"k"`
			N    *string  `json:"n"`
			List []string `json:"list"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, b, err)
		}
		// encoding/json is the reference, invalid UTF-8 handling included.
		ref, _ := json.Marshal(s)
		var want string
		if err := json.Unmarshal(ref, &want); err != nil {
			t.Fatal(err)
		}
		if got.K != want || got.N != nil || len(got.List) != 1 || got.List[0] != want {
			t.Fatalf("%q round-tripped to %+v", s, got)
		}
	}
	if _, err := appendJSON(nil, object{{"ch", make(chan int)}}); err == nil {
		t.Fatal("unencodable value accepted")
	}
}
