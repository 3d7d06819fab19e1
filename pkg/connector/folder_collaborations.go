package connector

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Reading a folder's collaborations, shared by the walk, the grants, Get
// and the provisioners. Box lists a parent's collaborations on its
// sub-folders too; each is that parent's grant, so every reader keeps only
// the folder's own (onFolder).

// listCollaborations reads a page of a folder's collaborations as its owner.
func (s *folderSyncer) listCollaborations(ctx context.Context, owner, folderID, marker string) (*box.CollaborationsPage, error) {
	var page *box.CollaborationsPage
	err := s.owners.do(ctx, owner, func(c *box.Client) error {
		var err error
		page, err = c.ListFolderCollaborations(ctx, owner, folderID, marker)
		return err
	})
	return page, err
}

// collaborations yields the folder's own collaborations (any status), every
// page, read as its owner. A failed read ends it with the error, explained
// and wrapped as part of action.
//
// Its callers (Get, the provisioners) decide from what it yields, so it
// checks the paging as readCollabPage does for a sync, in memory for the
// one call: a marker sent before, or an entry repeated on a marker page,
// fails it with DataLoss before that page is yielded (a repeated page hid
// another, box-python-sdk#889: "not there" would be a guess); an unpaged
// answer's repeats are dropped, and a total_count above the distinct
// entries read fails it at the end (box-java-sdk#330).
func (s *folderSyncer) collaborations(ctx context.Context, owner, folderID, action string) iter.Seq2[*box.Collaboration, error] {
	return func(yield func(*box.Collaboration, error) bool) {
		where := fmt.Sprintf("%s: list collaborations (folder %s, owner %s)", action, folderID, owner)
		sent := map[string]bool{}
		seen := map[string]bool{}
		distinct := 0
		for marker, n := "", 0; ; n++ {
			p, err := s.listCollaborations(ctx, owner, folderID, marker)
			if err != nil {
				yield(nil, explainContentError(ctx, s.client, err, owner, box.ScopeReadFiles, "%s", where))
				return
			}
			fresh, repeated := make([]*box.Collaboration, 0, len(p.Collaborations)), ""
			for i := range p.Collaborations {
				c := &p.Collaborations[i]
				if c.ID != "" && seen[c.ID] {
					repeated = c.ID
					continue
				}
				seen[c.ID] = true
				fresh = append(fresh, c)
			}
			distinct += len(fresh)
			switch {
			case repeated != "" && p.TotalCount == nil:
				yield(nil, fmt.Errorf("baton-box: %s: %w", where, wrongListing(nil,
					"Box listed collaboration %s again on page %d: a listing that repeats entries has dropped others", repeated, n)))
				return
			case p.NextMarker != "" && sent[p.NextMarker]:
				yield(nil, fmt.Errorf("baton-box: %s: %w", where, wrongListing(nil,
					"page %d points back to a marker already sent: the listing would never end", n)))
				return
			}
			for _, c := range fresh {
				if onFolder(c, folderID) && !yield(c, nil) {
					return
				}
			}
			if p.NextMarker == "" {
				if p.TotalCount != nil && *p.TotalCount > distinct {
					yield(nil, fmt.Errorf("baton-box: %s: %w", where, wrongListing(nil,
						"Box's total_count is %d but it listed %d distinct collaborations", *p.TotalCount, distinct)))
				}
				return
			}
			marker = p.NextMarker
			sent[marker] = true
		}
	}
}

// onFolder: c is the folder's own collaboration, not a parent's. (A
// pending invitation from before 2018 names no item: it counts here.)
func onFolder(c *box.Collaboration, folderID string) bool {
	return c.Item == nil || c.Item.ID == folderID
}

// collabRead is where a read of one folder's collaborations stands between
// pages (kept in a page token): the marker, the session page the next
// accepted grantees go to, and what the checks at its end need.
type collabRead struct {
	Marker   string       `json:"m,omitempty"`
	Page     int          `json:"p,omitempty"`
	Distinct int          `json:"d,omitempty"` // distinct collaborations read (any folder, any status)
	Counts   collabCounts `json:"c,omitzero"`
}

// readCollabPage takes one page of folderID's collaborations into r: it
// counts the folder's own, keeps its accepted grantees in the session
// store (which it returns) and reports whether the listing has ended.
//
// Box has been seen paging this listing wrongly: ignoring limit and
// answering everything with total_count (box-java-sdk#330,
// box-openapi#152), and dropping and repeating collaborators when paged
// by marker (box-python-sdk#889). So entries are de-duplicated by ID
// across pages (in the session store: most folders have one page, which
// needs no store), an answer with total_count must have given that many
// distinct entries, and a marker page that repeats an entry fails the
// read at once: such paging has dropped entries too, and nothing tells
// how many.
func readCollabPage(ctx context.Context, ss sessions.SessionStore, folderID, owner string, r *collabRead, page *box.CollaborationsPage) ([]grantee, bool, error) {
	where := fmt.Sprintf("list collaborations (folder %s, owner %s)", folderID, owner)
	if err := newListingGuard("collaborations/"+folderID).checkMarker(ctx, ss, r.Page, page.NextMarker); err != nil {
		return nil, false, fmt.Errorf("baton-box: %s: %w", where, err)
	}
	fresh, repeats, err := freshCollaborations(ctx, ss, folderID, r.Page, page.NextMarker != "", page.Collaborations)
	if err != nil {
		return nil, false, sessionFailed(where, err)
	}
	if repeats > 0 && page.TotalCount == nil {
		return nil, false, status.Errorf(codes.DataLoss,
			"baton-box: %s: Box repeated %d collaborations already listed on an earlier page; a listing that repeats entries has dropped others, "+
				"so the sync stops rather than show the folder with collaborators missing", where, repeats)
	}
	r.Distinct += len(fresh)
	var accepted []grantee
	for _, c := range fresh {
		if !onFolder(c, folderID) {
			continue
		}
		g, ok, why := r.Counts.count(c)
		if why != "" {
			ctxzap.Extract(ctx).Warn("baton-box: a folder's collaboration grants nothing the connector can name; skipped",
				zap.String("folder_id", folderID), zap.String("owner_id", owner), zap.String("collaboration_id", c.ID), zap.String("why", why))
		}
		if ok {
			accepted = append(accepted, g)
		}
	}
	last := page.NextMarker == ""
	if err := storeGranteePage(ctx, ss, folderID, r.Page, accepted, last); err != nil {
		return nil, false, sessionFailed(where, err)
	}
	if !last {
		r.Marker, r.Page = page.NextMarker, r.Page+1
		return accepted, false, nil
	}
	if page.TotalCount != nil && *page.TotalCount > r.Distinct {
		return nil, false, status.Errorf(codes.DataLoss,
			"baton-box: %s: Box's total_count is %d but it listed %d distinct collaborations; the sync stops rather than show the folder with collaborators missing",
			where, *page.TotalCount, r.Distinct)
	}
	return accepted, true, nil
}

// freshCollaborations drops the entries of page n already read: repeated
// on the page itself or, when the listing has more than one page (n > 0 or
// more to come), listed on an earlier one. Each entry is marked with the
// page it came on, so the same page read again (the SDK retrying a call)
// repeats nothing. It returns the others and how many repeated.
func freshCollaborations(ctx context.Context, ss sessions.SessionStore, folderID string, n int, more bool, page []box.Collaboration) ([]*box.Collaboration, int, error) {
	onPage := make(map[string]bool, len(page))
	fresh := make([]*box.Collaboration, 0, len(page))
	for i := range page {
		c := &page[i]
		if c.ID != "" && onPage[c.ID] {
			continue
		}
		onPage[c.ID] = true
		fresh = append(fresh, c)
	}
	repeats := len(page) - len(fresh)
	if n == 0 && !more {
		return fresh, repeats, nil
	}
	mine := []byte(strconv.Itoa(n))
	seenKeys := make([]string, 0, len(fresh))
	for _, c := range fresh {
		if c.ID != "" {
			seenKeys = append(seenKeys, keys.collabSeen(folderID, c.ID))
		}
	}
	seen, err := getValues(ctx, ss, seenKeys)
	if err != nil {
		return nil, 0, err
	}
	out := fresh[:0]
	mark := make(map[string][]byte, len(seenKeys))
	for _, c := range fresh {
		if on, dup := seen[keys.collabSeen(folderID, c.ID)]; c.ID != "" && dup && string(on) != string(mine) {
			repeats++
			continue
		}
		if c.ID != "" {
			mark[keys.collabSeen(folderID, c.ID)] = mine
		}
		out = append(out, c)
	}
	return out, repeats, setValues(ctx, ss, mark)
}

// count adds c, one of the folder's own collaborations, to the counts (an
// owner entry is not a collaboration of someone else's: not counted) and
// returns whom it grants access when it is accepted (ok), or why an
// accepted one grants nothing the connector can name (Skipped).
func (cc *collabCounts) count(c *box.Collaboration) (grantee, bool, string) {
	if c.Role != box.RoleOwner {
		cc.add(c.Status)
	}
	if c.Status != box.CollabAccepted {
		return grantee{}, false, ""
	}
	g, why := granteeOf(c)
	if why != "" {
		cc.Skipped++
		return grantee{}, false, why
	}
	return g, true, ""
}

// granteeOf reads who an accepted collaboration is for, or why it grants
// nothing the connector can name: no user or group (accessible_by
// missing), the enterprise's all-users group (not a synced group: Box
// lists it with group_type all_users_group), or a role Box added after
// the spec this connector follows. Such an entry is skipped, logged and
// counted in the folder's profile; it never fails the sync.
func granteeOf(c *box.Collaboration) (grantee, string) {
	a := c.AccessibleBy
	switch {
	case a == nil || a.ID == "":
		return grantee{}, "Box named no user or group it is for (accessible_by missing)"
	case a.Type != box.GranteeUser && a.Type != box.GranteeGroup:
		return grantee{}, fmt.Sprintf("it is for a %q, neither a user nor a group", a.Type)
	case a.Type == box.GranteeGroup && a.GroupType == box.GroupTypeAllUsers:
		return grantee{}, fmt.Sprintf("it is for the enterprise's all-users group %s (group_type %s), which is not a synced group", a.ID, a.GroupType)
	case validID(a.Type, a.ID) != nil:
		return grantee{}, fmt.Sprintf("its %s ID %q is not a Box ID", a.Type, a.ID)
	}
	if _, ok := slugOfGrant(c.Role); !ok || (c.Role == box.RoleOwner && a.Type != box.GranteeUser) {
		return grantee{}, fmt.Sprintf("its role %q is none of %v", c.Role, folderSlugs())
	}
	g := grantee{Role: c.Role, Type: a.Type, ID: a.ID, Login: a.Login, Name: a.Name}
	if a.IsActive != nil && !*a.IsActive {
		g.Inactive = true
	}
	return g, ""
}

// folderGone logs a folder Box no longer has (deleted or moved away since
// it was listed): it is skipped, not an error.
func folderGone(ctx context.Context, owner, folderID string, err error) {
	ctxzap.Extract(ctx).Info("baton-box: folder gone during the sync; skipped",
		zap.String("owner_id", owner), zap.String("folder_id", folderID), zap.String("code", box.ErrorCode(err)))
}

// confirmFolderGone decides about a 404 Box answered to a listing of a
// folder (its items or collaborations) read as owner. A 404 is not "no
// entries": only a fresh GET of the folder that also answers 404, or
// names another owner (handed over meanwhile: its new owner's walk has
// it), lets the folder be skipped; nil then. A folder that is still there
// fails the sync (DataLoss, confirmGone).
func confirmFolderGone(ctx context.Context, api *box.Client, owner, folderID, listing string, listErr error) error {
	f, err := api.GetFolder(ctx, owner, folderID)
	return folderGoneAfter(ctx, f, err, owner, folderID, listing, listErr)
}

// folderGoneAfter is confirmFolderGone given the fresh GET's answer.
func folderGoneAfter(ctx context.Context, f *box.Folder, err error, owner, folderID, listing string, listErr error) error {
	if err == nil && f.OwnedBy != nil && f.OwnedBy.ID != "" && f.OwnedBy.ID != owner {
		folderGone(ctx, owner, folderID, listErr)
		return nil
	}
	if err := confirmGone(ctx, err, "folder", folderID); err != nil {
		return fmt.Errorf("baton-box: list %s (folder %s, owner %s; after a 404: %s): %w", listing, folderID, owner, listErr.Error(), err)
	}
	return nil
}
