package boxsim

import (
	"net/http"
	"strings"
)

// terminateSessions serves POST /users/terminate_sessions. Both arrays are
// required (the spec); together they must name at least one user. Every
// entry must be a managed or app user of this enterprise: otherwise
// nothing is done and the answer is a 404 listing the unknown entries.
// Each user named (once or more) counts one termination in Truth. Box runs
// the jobs asynchronously; here they are done when the 202 is sent.
func (s *Sim) terminateSessions(w http.ResponseWriter, r *http.Request, _ pathParams) {
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	ids, hasIDs, e1 := b.stringList("user_ids")
	logins, hasLogins, e2 := b.stringList("user_logins")
	e = firstError(e1, e2)
	switch {
	case e != nil:
	case !hasIDs:
		e = missingParam("user_ids")
	case !hasLogins:
		e = missingParam("user_logins")
	case len(ids)+len(logins) == 0:
		e = badParam("user_ids", "Users can not be NULL or EMPTY")
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, _ int64) (object, *apiError) {
		var targets []*userRec
		var unknown []object
		find := func(field, v string, u *userRec) {
			if u == nil || u.kind != kindListed {
				unknown = append(unknown, object{{"reason", "not_found"}, {keyName, field}, {"message", "No user of this enterprise matches '" + v + "'"}})
				return
			}
			targets = append(targets, u)
		}
		for _, id := range ids {
			find("user_ids", id, st.user(id))
		}
		for _, login := range logins {
			find("user_logins", login, st.logins[strings.ToLower(login)])
		}
		if len(unknown) > 0 {
			return nil, &apiError{status: http.StatusNotFound, code: codeNotFound,
				message: "Some users were not found", context: object{{"errors", unknown}}}
		}
		for _, u := range targets {
			if e := s.needUserScope(u.appUser); e != nil {
				return nil, e
			}
		}
		seen := make(map[*userRec]bool, len(targets))
		for _, u := range targets {
			if !seen[u] {
				seen[u] = true
				u.sessionsEnded++
			}
		}
		return object{{"message", "Request is successful, please check the admin events for the status of the job"}}, nil
	})
	s.respond(w, http.StatusAccepted, body, e)
}
