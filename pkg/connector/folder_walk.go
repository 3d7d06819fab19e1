package connector

import (
	"context"
	"errors"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The folder walk is each user's child listing of `folder`: as that user
// (As-User), it pages the user's "All Files" keeping the folders the user
// owns (Box also shows folders shared with them there), reads each folder's
// collaborations, then its sub-folders while above --folder-depth. Every
// call of List makes exactly one Box call. A folder is returned once its
// collaborations are read, so its profile counts its pending invitations;
// its listing facts wait in the session store meanwhile, and its accepted
// collaborations stay there for its grants and external collaborators.
//
// The token is a stack of tasks, depth first, so it stays small (at most a
// page of folders per level) however many folders a user owns. A folder's
// path and depth are in its listing facts, not in the token.

type walkTask struct {
	ID      string     `json:"i"`
	Items   bool       `json:"s,omitempty"` // listing sub-folders (else collaborations)
	Marker  string     `json:"m,omitempty"` // items marker
	Page    int        `json:"p,omitempty"` // items page number
	Read    collabRead `json:"r,omitzero"`  // collaborations read so far
	Unknown bool       `json:"u,omitempty"` // accepted user collaborators not known to be the enterprise's
}

// folderWalkToken: the walk ends when the stack is empty, without a token,
// so an empty stack is the start.
type folderWalkToken struct {
	Stack []walkTask `json:"t,omitempty"`
	// OwnToken: the walk acts through the owner's own user access token,
	// Box having refused the as-user header for them (an admin or co-admin).
	OwnToken bool `json:"o,omitempty"`
	// Batches is the number of batches of the owner's folders recorded
	// for their entitlements (recordFolders).
	Batches int `json:"b,omitempty"`
}

// List walks the folders of the user parent (folders are children of their
// owner; other parents list nothing).
func (s *folderSyncer) List(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if parent.GetResourceType() != userResourceType.Id {
		return nil, &rs.SyncOpResults{}, nil
	}
	ownerID := parent.GetResource()
	var tok folderWalkToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	if len(tok.Stack) == 0 {
		tok.Stack = []walkTask{{ID: box.RootFolderID, Items: true}}
	}
	w := &walk{folderSyncer: s, owner: ownerID, opts: opts, tok: &tok}
	var out []*v2.Resource
	var err error
	if tok.Stack[len(tok.Stack)-1].Items {
		out, err = w.itemsStep(ctx)
	} else {
		out, err = w.collaborationsStep(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	wrote, err := recordFolders(ctx, opts.Session, ownerID, tok.Batches, out)
	if err != nil {
		return nil, nil, sessionFailed(fmt.Sprintf("list folders of user %s", ownerID), err)
	}
	if wrote {
		tok.Batches++
	}
	s.stats.add(opts.SyncID, func(ws *walkCounts) { ws.foldersReturned += int64(len(out)) })
	progress.folderStep(len(out), len(tok.Stack) == 0)
	if len(tok.Stack) == 0 {
		return out, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(tok)
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// walk is one step of one user's walk.
type walk struct {
	*folderSyncer
	owner string
	opts  rs.SyncOpAttrs
	tok   *folderWalkToken
}

func (w *walk) top() *walkTask { return &w.tok.Stack[len(w.tok.Stack)-1] }

func (w *walk) pop() { w.tok.Stack = w.tok.Stack[:len(w.tok.Stack)-1] }

// api is the client the walk acts as the owner through.
func (w *walk) api(ctx context.Context) (*box.Client, error) {
	if w.tok.OwnToken {
		return w.owners.own(w.owner)
	}
	return w.owners.base(ctx, w.owner)
}

// meta is what the folder's listing said, kept in the session store.
func (w *walk) meta(ctx context.Context, folderID, action string) (folderMeta, error) {
	m, ok, err := loadFolderMeta(ctx, w.opts.Session, folderID)
	if err == nil && !ok {
		err = errors.New("the folder's listing facts are missing")
	}
	if err != nil {
		return m, sessionFailed(fmt.Sprintf("%s (folder %s, owner %s)", action, folderID, w.owner), err)
	}
	return m, nil
}

// itemsStep reads one page of a folder's items (the root first) and queues
// the folders the user owns, below the depth limit, for their
// collaborations. A folder Box says has none of its own
// (has_collaborations false) needs no collaborations call: it is returned
// at once, with an empty collaboration list kept for its grants.
func (w *walk) itemsStep(ctx context.Context) ([]*v2.Resource, error) {
	t := *w.top()
	api, err := w.api(ctx)
	if err != nil {
		return nil, err
	}
	page, err := api.ListFolderItems(ctx, w.owner, t.ID, t.Marker)
	var tokenErr *box.AuthError
	switch {
	case err == nil:
	case t.ID == box.RootFolderID && w.tok.OwnToken && errors.As(err, &tokenErr) && tokenErr.Code == box.TokenErrInvalidGrant:
		// The app's user tokens work (Validate minted the primary admin's),
		// so the refusal is this user's: one who cannot log in, say.
		ctxzap.Extract(ctx).Warn("baton-box: a user's folders are not synced: Box refused a user access token for this admin or co-admin, and the as-user header names only regular users",
			zap.String("user_id", w.owner), zap.Error(err))
		w.tok.Stack = nil
		return nil, nil
	case t.ID == box.RootFolderID && box.IsAccessDenied(err) && !w.tok.OwnToken:
		useOwnToken, rerr := w.ownerRefused(ctx, err)
		if rerr != nil {
			return nil, rerr
		}
		if useOwnToken {
			w.tok.OwnToken = true // the next step reads the root again, as them
		} else {
			w.tok.Stack = nil
		}
		return nil, nil
	case box.IsNotFound(err) && t.ID == box.RootFolderID:
		// The user deleted during the sync (the as-user header names no
		// one), if Box says so.
		if err := w.confirmOwnerGone(ctx, err); err != nil {
			return nil, err
		}
		w.tok.Stack = nil
		return nil, nil
	case box.IsNotFound(err):
		// The folder itself was returned already (with its grants): only
		// what is below it is skipped (docs/folders.md, "Errors").
		if err := confirmFolderGone(ctx, api, w.owner, t.ID, "sub-folders", err); err != nil {
			return nil, err
		}
		w.pop()
		return nil, nil
	default:
		return nil, explainContentError(ctx, w.client, err, w.owner, box.ScopeReadFiles, "list folders of user %s (folder %s)", w.owner, t.ID)
	}

	owned, done, err := w.ownedFolders(&t, page)
	if err != nil {
		return nil, err
	}
	if err := w.guardItems(ctx, &t, page, done); err != nil {
		return nil, err
	}
	var out []*v2.Resource
	var tasks []walkTask
	if len(owned) > 0 {
		metas, err := w.keep(ctx, t.ID, owned)
		if err != nil {
			return nil, err
		}
		for i, item := range owned {
			if item.HasCollaborations == nil || *item.HasCollaborations {
				tasks = append(tasks, walkTask{ID: item.ID})
				continue
			}
			w.stats.add(w.opts.SyncID, func(ws *walkCounts) { ws.skippedCollaborations++ })
			r, err := folderResource(&metas[i], collabCounts{}, false)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
			if metas[i].Depth < w.cfg.depth {
				tasks = append(tasks, walkTask{ID: item.ID, Items: true})
			}
		}
	}
	if done {
		w.pop()
	} else {
		w.top().Marker, w.top().Page = page.NextMarker, t.Page+1
	}
	for i := len(tasks) - 1; i >= 0; i-- {
		w.tok.Stack = append(w.tok.Stack, tasks[i])
	}
	return out, nil
}

// ownedFolders picks the folders owner owns from a page of t's items and
// reports whether the listing is done: Box sent no next marker, or t is a
// standard folder (not the root) and files have begun. Box lists a
// standard folder's items "sorted by their type first, with folders listed
// before files, and files listed before web links" (the spec, GET
// /folders/{folder_id}/items, parameter sort), so no folder follows the
// first file and the rest of the listing is not read. The spec promises no
// order for the root (sort "is not supported for marker-based pagination
// on the root folder"), which is read to its end; so is a folder whose page
// shows a folder after a file, not sorted that way after all.
func (w *walk) ownedFolders(t *walkTask, page *box.ItemsPage) ([]*box.Item, bool, error) {
	var owned []*box.Item
	files, typeFirst := false, true
	for i := range page.Items {
		item := &page.Items[i]
		if item.Type != box.ItemTypeFolder {
			files = true // files and web links
			continue
		}
		typeFirst = typeFirst && !files
		if item.OwnedBy == nil || item.OwnedBy.ID == "" {
			return nil, false, status.Errorf(codes.Internal, "baton-box: list folders of user %s (folder %s): Box sent folder %s without its owner", w.owner, t.ID, item.ID)
		}
		if item.OwnedBy.ID != w.owner {
			continue // shared with the user, owned by someone else: synced as theirs
		}
		owned = append(owned, item)
	}
	filesBegun := t.ID != box.RootFolderID && files && typeFirst
	w.stats.add(w.opts.SyncID, func(ws *walkCounts) {
		ws.itemPages++
		if filesBegun && page.NextMarker != "" {
			ws.filePagesSkipped++
		}
	})
	return owned, page.NextMarker == "" || filesBegun, nil
}

// keep stores the listing facts of the folders found in parentID (and an
// empty collaboration list for those Box says have none) and returns them;
// their path, depth and parents follow from the parent's (the root: the
// zero folderMeta).
func (w *walk) keep(ctx context.Context, parentID string, items []*box.Item) ([]folderMeta, error) {
	var parent folderMeta
	if parentID != box.RootFolderID {
		var err error
		if parent, err = w.meta(ctx, parentID, "list sub-folders"); err != nil {
			return nil, err
		}
	}
	metas := make([]folderMeta, len(items))
	var none []string
	for i, item := range items {
		metas[i] = newFolderMeta(item, w.owner, &parent)
		if item.HasCollaborations != nil && !*item.HasCollaborations {
			none = append(none, item.ID)
		}
	}
	if err := storeFolderMetas(ctx, w.opts.Session, metas, none); err != nil {
		return nil, sessionFailed(fmt.Sprintf("list folders of user %s (folder %s)", w.owner, parentID), err)
	}
	return metas, nil
}

// guardItems checks a page of a folder's items (listing_guard.go): an item
// listed twice (a page served again, so another never came) or a marker
// that comes back fails the sync rather than miss folders.
func (w *walk) guardItems(ctx context.Context, t *walkTask, page *box.ItemsPage, last bool) error {
	g := newListingGuard("items/" + w.owner + "/" + t.ID)
	ids := idsOf(page.Items, func(it *box.Item) string { return it.Type + ":" + it.ID })
	err := g.checkEntries(ctx, w.opts.Session, t.Page, ids, last)
	if err == nil && !last {
		err = g.checkMarker(ctx, w.opts.Session, t.Page, page.NextMarker)
	}
	if err != nil {
		return fmt.Errorf("baton-box: list folders of user %s (folder %s, page %d): %w", w.owner, t.ID, t.Page, err)
	}
	return nil
}

// confirmOwnerGone decides about a 404 on the owner's "All Files": only a
// user Box no longer has (GET /users/{id}: 404) is skipped; one who is
// there fails the sync (DataLoss) rather than show them owning nothing.
func (w *walk) confirmOwnerGone(ctx context.Context, listErr error) error {
	_, err := w.client.GetUser(ctx, w.owner)
	if err := confirmGone(ctx, err, "user", w.owner); err != nil {
		return fmt.Errorf("baton-box: list folders of user %s (after a 404: %s): %w", w.owner, listErr.Error(), err)
	}
	return nil
}

// collaborationsStep reads one page of a folder's collaborations; after the
// last it returns the folder and, above the depth limit, goes on to its
// sub-folders.
func (w *walk) collaborationsStep(ctx context.Context) ([]*v2.Resource, error) {
	t := w.top()
	api, err := w.api(ctx)
	if err != nil {
		return nil, err
	}
	page, err := api.ListFolderCollaborations(ctx, w.owner, t.ID, t.Read.Marker)
	switch {
	case box.IsNotFound(err):
		if err := confirmFolderGone(ctx, api, w.owner, t.ID, "collaborations", err); err != nil {
			return nil, err
		}
		w.pop()
		return nil, nil
	case err != nil:
		return nil, explainContentError(ctx, w.client, err, w.owner, box.ScopeReadFiles, "list collaborations (folder %s, owner %s)", t.ID, w.owner)
	}
	w.stats.add(w.opts.SyncID, func(ws *walkCounts) { ws.collaborationPages++ })
	accepted, done, err := readCollabPage(ctx, w.opts.Session, t.ID, w.owner, &t.Read, page)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(accepted) && !t.Unknown; i++ {
		if g := &accepted[i]; g.Type == box.GranteeUser {
			_, managed := w.principals.known(ctx, w.opts.Session, w.opts.SyncID, g.ID)
			t.Unknown = !managed
		}
	}
	if !done {
		return nil, nil
	}

	m, err := w.meta(ctx, t.ID, "list collaborations")
	if err != nil {
		return nil, err
	}
	r, err := folderResource(&m, t.Read.Counts, t.Unknown)
	if err != nil {
		return nil, err
	}
	if m.Depth < w.cfg.depth {
		*t = walkTask{ID: t.ID, Items: true}
	} else {
		w.pop()
	}
	return []*v2.Resource{r}, nil
}

// ownerRefused decides about a user whose folders Box will not show through
// the as-user header (403 access_denied_insufficient_permissions). Box
// refuses it for admins and co-admins (Box staff: "you can only impersonate
// regular managed users"; the as-user guide): when user access tokens may
// be minted (ownerAccess) the walk goes on through the owner's own token
// (true); otherwise their folders are not synced. Box may refuse it for an
// inactive user too (who "cannot log in via any endpoint"). A user whose
// folders are not synced is logged as a warning naming them and why, and
// the sync goes on with everyone else. For anyone else the refusal is
// unexplained and fails the sync rather than drop their folders.
// It returns whether to go on with the owner's own token.
func (w *walk) ownerRefused(ctx context.Context, refusal error) (bool, error) {
	role, known := w.principals.known(ctx, w.opts.Session, w.opts.SyncID, w.owner)
	userStatus := ""
	if !known || (role != box.RoleAdmin && role != box.RoleCoadmin) {
		u, err := w.client.GetUser(ctx, w.owner)
		if err != nil {
			// The read's own error, with its code (a 5xx is retried); a user
			// Box no longer has was deleted during the sync: skipped.
			if err := confirmGone(ctx, err, "user", w.owner); err != nil {
				return false, fmt.Errorf("baton-box: list folders of user %s: Box refused the as-user header (%s), then reading the user failed: %w", w.owner, refusal.Error(), err)
			}
			return false, nil
		}
		role, userStatus = u.Role, u.Status
	}
	why := ""
	switch {
	case (role == box.RoleAdmin || role == box.RoleCoadmin) && w.owners.userTokens:
		ctxzap.Extract(ctx).Debug("baton-box: Box refuses the as-user header for admins and co-admins; reading their folders with their own user access token",
			zap.String("user_id", w.owner), zap.String("role", roleResourceID(role)))
		return true, nil
	case role == box.RoleAdmin || role == box.RoleCoadmin:
		why = "Box refuses the as-user header for admins and co-admins, so the app cannot read their folders; set --primary-admin-id " +
			"(it needs the app's Generate User Access Tokens) and the connector reads them with their own user access token, or review them in the Box Admin Console"
	case userStatus == box.StatusInactive:
		why = "Box refused the as-user header for this inactive user; their folders are synced again once the user is active"
	default:
		return false, wrapf(refusal, "list folders of user %s (role %s, status %s): Box refused the as-user header", w.owner, role, userStatus)
	}
	ctxzap.Extract(ctx).Warn("baton-box: a user's folders are not synced: "+why,
		zap.String("user_id", w.owner), zap.String("role", roleResourceID(role)))
	return false, nil
}
