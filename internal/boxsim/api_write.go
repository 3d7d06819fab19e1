package boxsim

import "net/http"

// Helpers shared by the write handlers.

// update runs fn under the write lock with the clock in Unix seconds.
// Bodies are built inside (they hold copies) and written after.
func (s *Sim) update(fn func(st *store, now int64) (object, *apiError)) (object, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(s.st, s.now().Unix())
}

// view is update for reads: fn runs under the read lock.
func (s *Sim) view(fn func(st *store) (object, *apiError)) (object, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(s.st)
}

// setIf stores v in *dst when the field was sent.
func setIf(has bool, dst *string, v string) {
	if has {
		*dst = v
	}
}

// firstError returns the first non-nil error.
func firstError(errs ...*apiError) *apiError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// respond writes a handler's outcome: the error, or body with status
// (no body for 204).
func (s *Sim) respond(w http.ResponseWriter, status int, body object, e *apiError) {
	switch {
	case e != nil:
		s.fail(w, e)
	case status == http.StatusNoContent:
		w.WriteHeader(status)
	default:
		s.writeJSON(w, status, body)
	}
}
