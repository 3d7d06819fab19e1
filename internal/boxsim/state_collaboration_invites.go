package boxsim

import (
	"net/http"
	"slices"
)

// What an invitation becomes: accepted at once or pending, and what Box
// does with an invitation below a folder the grantee already collaborates
// on. Both are ContentConfig switches (see docs/boxsim.md, "Content").

// How POST /collaborations answers an invitation of a user or group that
// holds an accepted collaboration on a parent of the folder. Box's rule
// (support.box.com article 360043697254, "Understanding Item
// Permissions"): access "waterfalls" down, "the access level is the same
// for all content beneath it", "changing permissions on the content
// beneath a parent Item will result in an error being thrown", and "Box
// does not allow you to add a person as a collaborator on content when
// this person is already a collaborator on the parent Item"; a higher
// level below is possible only by inviting to the sub-folder first, then
// to the parent.
const (
	// InviteBelowRefused (the default): 400 user_already_collaborator
	// (the common-errors guide's code for "User is already a
	// collaborator"), the article's "an error being thrown".
	InviteBelowRefused = "refused"
	// InviteBelowIgnored: the same article's other account of it: Box
	// "does not add the collaborator" yet "erroneously displays a message
	// indicating the collaborator was added". The simulator answers 201
	// with a collaboration on the sub-folder that is stored nowhere: it is
	// never listed and GET /collaborations/{id} answers 404.
	InviteBelowIgnored = "ignored"
	// InviteBelowSeparate: a separate collaboration on the sub-folder, as
	// when the invitation below came first (the article's way to a higher
	// level below).
	InviteBelowSeparate = "separate"
)

// InviteBelowModes lists the readings, the default first.
func InviteBelowModes() []string {
	return []string{InviteBelowRefused, InviteBelowIgnored, InviteBelowSeparate}
}

// inviteStatus is the status of a new collaboration. Box accepts for the
// invitee unless their account setting "Automatically accept incoming
// collaboration invitations" is off (on by default: support.box.com
// articles 200520218 and 360044195073; ContentConfig.ManualAcceptUsers)
// or the inviting enterprise makes its invitees act first (terms of
// service, 2FA, a strong password: article 360044195073;
// ContentConfig.InvitesPending). An address with no Box account is always
// pending. A group has no one to accept for it: accepted.
func (s *Sim) inviteStatus(u *userRec, email string) string {
	cc := s.cfg.Content
	switch {
	case email != "":
		return statusPending
	case u != nil && (cc.InvitesPending || slices.Contains(cc.ManualAcceptUsers, formatID(u.id))):
		return statusPending
	}
	return statusAccepted
}

// heldAbove is the grantee's accepted collaboration on a parent of f, the
// nearest, if any. A pending or rejected one opens nothing, so it does not
// make the grantee "a collaborator on the parent Item" (an assumption:
// the article does not say).
func (f *folderRec) heldAbove(u *userRec, g *groupRec) *collabRec {
	if u == nil && g == nil {
		return nil
	}
	for p := f.parent; p != nil; p = p.parent {
		if c := p.collabFor(u, g, ""); c != nil && c.status == statusAccepted {
			return c
		}
	}
	return nil
}

// inviteBelow decides an invitation of u or g to f under
// ContentConfig.InviteBelowCollaborator when the grantee collaborates on
// a parent of f: refused (the error), ignored (true: answered as made,
// never stored), or made (neither).
func (s *Sim) inviteBelow(f *folderRec, u *userRec, g *groupRec) (bool, *apiError) {
	if f.heldAbove(u, g) == nil {
		return false, nil
	}
	switch s.cfg.Content.InviteBelowCollaborator {
	case InviteBelowSeparate:
		return false, nil
	case InviteBelowIgnored:
		return true, nil
	}
	return false, &apiError{status: http.StatusBadRequest, code: codeAlreadyCollaborator, message: msgAlreadyCollaborator}
}
