package boxsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // timezone checks must not depend on the host's zoneinfo
	"unicode/utf8"
)

const maxBodyBytes = 1 << 20

// jsonBody is a decoded JSON object request body. Fields are read one by
// one so absent, null and mistyped values can each be told apart and
// reported by name. Unknown fields are ignored, as Box does.
type jsonBody map[string]json.RawMessage

// readBody decodes the request body as one JSON object. An empty body is
// an empty object: Box's PUTs may carry nothing.
func readBody(w http.ResponseWriter, r *http.Request) (jsonBody, *apiError) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest,
			message: "The request body could not be read (at most 1 MiB of JSON)"}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return jsonBody{}, nil
	}
	var b jsonBody
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&b); err != nil || b == nil || dec.Decode(new(json.RawMessage)) != io.EOF {
		return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest,
			message: "The request body must be one JSON object"}
	}
	return b, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// str reads a string field; maxLen > 0 caps its length in characters, as
// the spec's maxLength does.
func (b jsonBody) str(name string, maxLen int) (string, bool, *apiError) {
	v, ok := b[name]
	if !ok {
		return "", false, nil
	}
	var s string
	if isNull(v) || json.Unmarshal(v, &s) != nil {
		return "", true, badParam(name, fmt.Sprintf("'%s' must be a string", name))
	}
	if maxLen > 0 && utf8.RuneCountInString(s) > maxLen {
		return "", true, badParam(name, fmt.Sprintf("'%s' must be at most %d characters", name, maxLen))
	}
	return s, true, nil
}

// nonEmpty reads a string field that, when present, must not be blank.
func (b jsonBody) nonEmpty(name string, maxLen int) (string, bool, *apiError) {
	s, ok, e := b.str(name, maxLen)
	if e == nil && ok && strings.TrimSpace(s) == "" {
		e = badParam(name, fmt.Sprintf("'%s' must not be empty", name))
	}
	return s, ok, e
}

// enum reads a string field that must be one of allowed.
func (b jsonBody) enum(name string, allowed ...string) (string, bool, *apiError) {
	s, ok, e := b.str(name, 0)
	if e == nil && ok && !slices.Contains(allowed, s) {
		e = badParam(name, fmt.Sprintf("Invalid value '%s'. '%s' must be one of %s", s, name, strings.Join(allowed, ", ")))
	}
	return s, ok, e
}

func (b jsonBody) boolean(name string) (bool, *apiError) {
	v, ok := b[name]
	if !ok {
		return false, nil
	}
	var x bool
	if isNull(v) || json.Unmarshal(v, &x) != nil {
		return false, badParam(name, fmt.Sprintf("'%s' must be a boolean", name))
	}
	return x, nil
}

// ref reads an object reference {"id": "<string>"}; the id is required
// inside it and must be a string.
func (b jsonBody) ref(name string) (string, bool, *apiError) {
	v, ok := b[name]
	if !ok {
		return "", false, nil
	}
	var obj map[string]json.RawMessage
	if isNull(v) || json.Unmarshal(v, &obj) != nil || obj == nil {
		return "", true, badParam(name, fmt.Sprintf("'%s' must be an object with an 'id'", name))
	}
	s, idOK, e := jsonBody(obj).str("id", 0)
	switch {
	case e != nil:
		return "", true, badParam(name+".id", fmt.Sprintf("'%s.id' must be a string", name))
	case !idOK || s == "":
		return "", true, missingParam(name + ".id")
	}
	return s, true, nil
}

// object reads a nested JSON object (null or another type is a 400).
func (b jsonBody) object(name string) (jsonBody, bool, *apiError) {
	v, ok := b[name]
	if !ok {
		return nil, false, nil
	}
	var obj jsonBody
	if isNull(v) || json.Unmarshal(v, &obj) != nil || obj == nil {
		return nil, true, badParam(name, fmt.Sprintf("'%s' must be an object", name))
	}
	return obj, true, nil
}

// stringList reads an array of strings.
func (b jsonBody) stringList(name string) ([]string, bool, *apiError) {
	v, ok := b[name]
	if !ok {
		return nil, false, nil
	}
	var list []string
	if isNull(v) || json.Unmarshal(v, &list) != nil {
		return nil, true, badParam(name, fmt.Sprintf("'%s' must be an array of strings", name))
	}
	return list, true, nil
}

// jsonKind names the JSON types checkTypes can require.
type jsonKind uint8

const (
	kindBool jsonKind = iota
	kindInt
	kindArray
	kindObjectOrNull
)

// checkTypes type-checks fields the simulator accepts but does not model,
// so a malformed request still gets Box's 400.
func (b jsonBody) checkTypes(fields map[string]jsonKind) *apiError {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	slices.Sort(names) // the first bad field reported is stable
	for _, name := range names {
		v, ok := b[name]
		if !ok {
			continue
		}
		var err error
		var what string
		switch fields[name] {
		case kindBool:
			var x bool
			err, what = strictUnmarshal(v, &x), "a boolean"
		case kindInt:
			var x int64
			err, what = strictUnmarshal(v, &x), "an integer"
		case kindArray:
			var x []json.RawMessage
			err, what = strictUnmarshal(v, &x), "an array"
		case kindObjectOrNull:
			var x map[string]json.RawMessage
			err, what = json.Unmarshal(v, &x), "an object or null"
		}
		if err != nil {
			return badParam(name, fmt.Sprintf("'%s' must be %s", name, what))
		}
	}
	return nil
}

// strictUnmarshal refuses null, which json.Unmarshal would accept silently.
func strictUnmarshal(v json.RawMessage, x any) error {
	if isNull(v) {
		return fmt.Errorf("null")
	}
	return json.Unmarshal(v, x)
}

// validLogin accepts a bare e-mail address (no display name), which is
// what Box requires of a login.
func validLogin(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// validTimezone accepts IANA zone names (not "Local").
func validTimezone(s string) bool {
	if s == "" || s == "Local" {
		return false
	}
	_, err := time.LoadLocation(s)
	return err == nil
}
