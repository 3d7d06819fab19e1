package boxsim

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// Run with -race: HTTP writers, event appenders and readers at once; the
// final state must account for every write.
func TestConcurrentProvisioning(t *testing.T) {
	s := New(Config{Seed: 20, Users: 200, Groups: 10, AvgGroupsPerUser: 1})
	tok := mintToken(t, s)
	tr := s.Truth()
	var wg sync.WaitGroup
	const writers, each = 3, 15
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				res := send(t, s, tok, "POST", "/users", obj{"name": "W", "login": fmt.Sprintf("w%d.%d@acme.example.com", w, i)})
				if res.status != 201 {
					t.Errorf("create: %d %s", res.status, res.raw)
					return
				}
				id := res.body["id"].(string)
				if r := send(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": id}, "group": obj{"id": tr.Groups[w].ID}}); r.status != 201 {
					t.Errorf("join: %d", r.status)
				}
				if r := send(t, s, tok, "POST", "/users/terminate_sessions", obj{"user_ids": []string{id}, "user_logins": []string{}}); r.status != 202 {
					t.Errorf("terminate: %d", r.status)
				}
				if _, err := s.AddLogin(id, time.Time{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for range 3 {
		wg.Go(func() {
			for range 20 {
				for _, p := range []string{"/events?stream_type=admin_logs_streaming&limit=500", "/events?stream_type=admin_logs&limit=50",
					"/users?usemarker=true&limit=100", "/groups/" + tr.Groups[0].ID + "/memberships"} {
					if r := get(t, s, tok, p); r.status != 200 {
						t.Errorf("%s: %d", p, r.status)
					}
				}
				_ = s.Truth()
			}
		})
	}
	wg.Wait()
	after := s.Truth()
	if len(after.Users) != len(tr.Users)+writers*each || len(after.Memberships) != len(tr.Memberships)+writers*each ||
		len(after.Events) != len(tr.Events)+writers*each {
		t.Fatalf("users %d, memberships %d, events %d after the writes", len(after.Users), len(after.Memberships), len(after.Events))
	}
	terminated := 0
	for _, u := range after.Users {
		terminated += u.SessionsTerminated
	}
	if terminated != writers*each {
		t.Fatalf("%d terminations recorded", terminated)
	}
}

// Run with -race: collaboration writers, folder mutations and content
// readers at once; every write is accounted for.
func TestConcurrentContent(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	var tops []Folder
	for _, f := range tr.Folders {
		if f.Depth == 1 && f.Reachable && len(tops) < 3 {
			tops = append(tops, f)
		}
	}
	if len(tops) < 3 {
		t.Fatal("seed lacks three reachable top-level folders")
	}
	var grantees []User
	for _, u := range tr.Users {
		if u.Role == "user" && !u.IsPlatformAccessOnly {
			grantees = append(grantees, u)
		}
	}
	var wg sync.WaitGroup
	created := make([]int, len(tops))
	for w, f := range tops {
		wg.Go(func() {
			for _, u := range grantees {
				if u.ID == f.OwnerID {
					continue
				}
				res := sendAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": u.ID}, "viewer"))
				if res.status != 201 {
					t.Errorf("create: %d %s", res.status, res.raw)
					return
				}
				created[w]++
			}
			if _, err := s.AddFolder(Folder{Name: fmt.Sprintf("Concurrent %d", w), ParentID: f.ID}); err != nil {
				t.Error(err)
			}
		})
	}
	for _, f := range tops {
		wg.Go(func() {
			for range 20 {
				for _, p := range []string{"/folders/0/items?usemarker=true&limit=50", "/folders/" + f.ID + "/collaborations?limit=7",
					"/folders/" + f.ID + "?fields=permissions,path_collection"} {
					if r := getAs(t, s, tok, f.OwnerID, p); r.status != 200 {
						t.Errorf("%s: %d", p, r.status)
					}
				}
				_ = s.Truth()
			}
		})
	}
	wg.Wait()
	after := s.Truth()
	want := len(tr.Collaborations)
	for _, n := range created {
		want += n
	}
	if len(after.Collaborations) != want || len(after.Folders) != len(tr.Folders)+len(tops) {
		t.Fatalf("%d collaborations (want %d), %d folders after the writes", len(after.Collaborations), want, len(after.Folders))
	}
}
