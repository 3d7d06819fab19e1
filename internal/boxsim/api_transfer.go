package boxsim

import (
	"net/http"
	"slices"
	"time"
)

// transferContent serves PUT /users/{user_id}/folders/0: everything the
// user owns moves into a new folder "<name>'s Files and Folders" owned by
// owned_by.id, in Config.TransferTimePerItem per item; the answer comes
// when it is done or after 10 minutes, whichever is first, and the move
// goes on after that ("If the operation is not completed within 10
// minutes, the user will receive a 200 OK response, and the operation will
// continue running"; "There is currently no way to check for when this
// operation is finished", the spec).
// The source's folders move into it with their collaborations and shared
// links ("All existing shared links and folder-level collaborations are
// transferred", the spec); the target's own collaborations inside them go
// (an owner needs none). The target's owned items grow by exactly the
// moved ones: the new folder is stored but not counted, so counts add up
// across transfers. As the spec says, the caller (the service account, a
// co-admin) cannot move content from or to an admin or another co-admin:
// 403 access_denied_insufficient_permissions. Both users must belong to
// this enterprise (external: 403); source == target is a 400.
func (s *Sim) transferContent(w http.ResponseWriter, r *http.Request, p pathParams) {
	q := r.URL.Query()
	fs := parseFields(q)
	if _, e := boolParam(q, "notify"); e != nil {
		s.fail(w, e)
		return
	}
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	targetID, ok, e := b.ref("owned_by")
	if e == nil && !ok {
		e = missingParam("owned_by")
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	var src, dst *userRec
	var dest *folderRec
	var items int
	_, e = s.update(func(st *store, now int64) (object, *apiError) {
		src, dst = st.user(p["user_id"]), st.user(targetID)
		switch {
		case src == nil || dst == nil:
			return nil, notFound()
		case src == dst:
			return nil, badParam("owned_by.id", "Content cannot be transferred to the user who owns it")
		case src.kind == kindExternal || dst.kind == kindExternal:
			return nil, forbidden(codeAccessDenied, "Content can only be transferred between users of this enterprise")
		case mayNotTransfer(s.caller(st, r), src, dst):
			// "Admins can transfer content between any users" (the spec's 403).
			return nil, forbidden(codeAccessDenied, "Cannot transfer files from/to higher privileged accounts")
		case src.transferring || dst.transferring:
			// common-errors' 409 operation_blocked_temporary ("blocked by
			// another folder operation, such as a move or copy"); that a
			// running transfer blocks another is an assumption.
			return nil, conflict("operation_blocked_temporary", "The user's content is locked by another transfer in progress; retry later")
		case !dst.fits(src.ownedItems):
			return nil, storageLimitExceeded()
		}
		items = src.ownedItems
		dest = st.newTransferFolder(src, dst, now)
		src.transferring, dst.transferring = true, true
		return nil, nil
	})
	if e != nil {
		s.fail(w, e)
		return
	}
	// The move takes time in proportion to the content; Box answers within
	// 10 minutes and, if still moving, carries on in the background. It
	// never stops because the caller went away.
	took := time.Duration(items) * s.cfg.TransferTimePerItem
	move := func() {
		s.mu.Lock()
		s.st.moveContent(src, dst, dest)
		src.transferring, dst.transferring = false, false
		s.mu.Unlock()
	}
	if took == 0 {
		move()
	} else {
		done := make(chan struct{})
		go func() {
			time.Sleep(took)
			move()
			close(done)
		}()
		timer := time.NewTimer(min(took, transferAnswerBound))
		select {
		case <-done:
		case <-timer.C:
		}
		timer.Stop()
	}
	s.mu.RLock()
	body := renderFolder(s.st.folderView(dest, newActorView(s.st.service)), fs)
	s.mu.RUnlock()
	s.writeJSON(w, http.StatusOK, body)
}

// newTransferFolder makes dst's "<name>'s Files and Folders".
func (st *store) newTransferFolder(src, dst *userRec, now int64) *folderRec {
	dest := &folderRec{
		id:        st.nextFolderID,
		name:      src.name + "'s Files and Folders",
		owner:     dst,
		creator:   st.service,
		created:   now,
		modified:  now,
		uncounted: true,
	}
	st.nextFolderID++
	st.linkFolder(dest)
	return dest
}

// moveContent moves what src owns (still) into dest, dst's new folder.
func (st *store) moveContent(src, dst *userRec, dest *folderRec) {
	for _, f := range slices.Clone(st.content.roots[src.id]) {
		if f == dest {
			continue
		}
		st.moveTree(f, dest, dst) // counts move in bulk below
	}
	dst.ownedItems += src.ownedItems
	src.ownedItems = 0
}

// mayNotTransfer: a caller other than the primary admin (the service
// account, a co-admin's user token) cannot move content from or to an
// admin or a co-admin other than itself (the spec's 403: "You can only
// transfer content to or from managed users or your own account, not
// other co-admins or admins. Admins can transfer content between any
// users").
func mayNotTransfer(caller, src, dst *userRec) bool {
	privileged := func(u *userRec) bool { return u != caller && isAdmin(u) }
	return caller.role != roleAdmin && (privileged(src) || privileged(dst))
}
