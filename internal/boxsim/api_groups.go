package boxsim

import "net/http"

// listGroups serves GET /groups (offset pagination only). filter_term
// matches group names as Config.GroupFilterMode says (api_group_filter.go).
func (s *Sim) listGroups(w http.ResponseWriter, r *http.Request, _ pathParams) {
	q := r.URL.Query()
	pg, e := parseOffsetPage(q)
	if e != nil {
		s.fail(w, e)
		return
	}
	fs := parseFields(q)
	s.mu.RLock()
	items := s.st.matchGroups(groupMatcher(s.cfg.GroupFilterMode, q.Get("filter_term")))
	body := offsetEnvelope(items, pg, func(g *groupRec) object { return renderGroup(g, fs) })
	s.mu.RUnlock()
	s.writeJSON(w, http.StatusOK, body)
}

func (st *store) matchGroups(match func(*groupRec) bool) []*groupRec {
	if match == nil {
		return st.groups
	}
	var out []*groupRec
	for _, g := range st.groups {
		if match(g) {
			out = append(out, g)
		}
	}
	return out
}

// getGroup serves GET /groups/{group_id}.
func (s *Sim) getGroup(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs := parseFields(r.URL.Query())
	s.mu.RLock()
	g := s.st.group(p["group_id"])
	var body object
	if g != nil {
		body = renderGroup(g, fs)
	}
	s.mu.RUnlock()
	if g == nil {
		s.fail(w, notFound())
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}
