// Package boxsim is a stateful, in-memory simulator of the parts of the Box
// API that baton-box uses. Tests, the demo and the benchmarks run the
// connector against it; subpackage specvalidate checks its traffic against
// Box's official OpenAPI document (API 2024.0).
//
// Shapes (field names, envelopes, error bodies) follow the spec. Behaviour
// the spec states only in prose follows box-api-notes.md. Where both
// are silent, the simulator picks one behaviour; every such choice is
// listed here.
//
// # Layout and request pipeline
//
// The token endpoint is POST /oauth2/token; the API lives under /2.0/. Any
// other path gets a 404 ClientError and is not counted in Stats.Total.
// A /2.0 request is handled in this order:
//
//  1. route match (for Stats.ByRoute), counted in Stats.Total;
//  2. Faults.Latency (if the request context ends first, nothing is written);
//  3. faults: every-Nth 429, then the rate limiter, then random 5xx — so
//     faults hit unauthenticated requests too, as an edge limiter would;
//  4. bearer token check (401);
//  5. unknown route (404) or wrong method (405 with an Allow header);
//  6. the handler: query parameters are checked before path IDs are looked
//     up, so a bad offset on an unknown group is a 400, not a 404.
//
// # Token endpoint (client-credentials grant)
//
// Parameters are read from the form body only. Client credentials may
// instead come as HTTP Basic auth when the body carries neither client_id
// nor client_secret. Checks run in this order, the first failure answering
// HTTP 400 {"error","error_description"} with Cache-Control: no-store:
//
//   - grant_type missing: invalid_request; anything but
//     client_credentials: unsupported_grant_type (JWT and auth-code grants
//     are not simulated);
//   - client_id/client_secret wrong or missing: invalid_client;
//   - box_subject_type missing or not "enterprise": unauthorized_client;
//   - box_subject_id missing or not this enterprise: invalid_grant, with a
//     description naming box_subject_id.
//
// A non-POST request gets a 405 ClientError. Success returns
// access_token (crypto/rand text, unrelated to the secret), expires_in
// (whole seconds of TokenTTL, at least 1), token_type "bearer" and an empty
// restricted_to; no refresh token. The default TokenTTL is 3600 s minus
// 1..9 s chosen from Seed. Tokens expire exactly TokenTTL after minting by
// the Sim clock (Config.Now); ExpireTokens drops them all.
//
// # Authentication on /2.0
//
// "Authorization: Bearer <token>" (scheme case-insensitive). Missing,
// unknown or expired tokens get 401 code "unauthorized" and
// WWW-Authenticate: Bearer realm="Service", plus error="invalid_token" when
// a credential was presented. Every token acts as the service account.
//
// # Pagination
//
//   - Offset mode: offset up to 10000 is served and above 10000 is a 400
//     (the spec rejects offsets "exceeding 10000"), so offset=10000 still
//     returns a page; clients should treat 10,000 items as the reach of one
//     offset listing anyway. A negative or non-integer offset is a 400.
//     Offsets past the end give an empty page. The response echoes offset
//     and limit and carries total_count (the number of matching items); no
//     "order" field is sent.
//   - limit defaults to 100. Values above 1000 are clamped to 1000 and the
//     clamped value is echoed. Zero, negative or non-integer limits are a
//     400. An empty parameter value counts as absent.
//   - Marker mode, GET /users only: usemarker=true (any strconv.ParseBool
//     form). The marker is base64url("boxsim:u:<id>") and means "entries
//     with an ID above <id>", so a walk stays exact when earlier users are
//     added or removed. The response has limit, next_marker, prev_marker
//     and entries, no total_count. next_marker is always present: null on
//     the last page. prev_marker is null on the first page, else a marker
//     for the previous page. usemarker=true with offset, marker without
//     usemarker=true, and a marker that does not decode are all 400.
//   - Every listing is in ascending numeric ID order (memberships by
//     membership ID).
//
// # Filters
//
// filter_term is a case-insensitive (Unicode lower-case) prefix of a user's
// name or login, or of a group's name. External users appear only with
// user_type all or external and a filter_term equal to their whole login
// (case-insensitive), and then alone. user_type=external without such a
// match lists nothing. Other user_type values are a 400.
// external_app_user_id matches app users exactly.
//
// # fields=
//
// Comma-separated; repeated parameters merge; a blank value means "no
// fields"; unknown names are ignored. Without fields, objects come in the
// spec's standard representation: User (id, type, name, login, created_at,
// modified_at, language, timezone, space_amount, space_used,
// max_upload_size, status, job_title, phone, address, avatar_url,
// notification_email) or Group (id, type, name, group_type, created_at,
// modified_at). With fields, the mini fields (user: id, type, name, login;
// group: id, type, name, group_type) plus the requested ones, in spec
// order. The User--Full extras (role, enterprise, is_platform_access_only,
// external_app_user_id, tracking_codes, ...) and Group--Full extras
// (description, provenance, external_sync_identifier, invitability_level,
// member_viewability_level, permissions) appear only when requested.
//
// Values the simulator does not model are constant or derived from the ID:
// space_amount 999999999999999 (Box's "unlimited"), space_used a hash of
// the ID, max_upload_size 5 GiB, phone and address "", tracking_codes and
// my_tags [], hostname "https://app.box.com/". notification_email is an
// {email, is_confirmed} object or null. Unset string fields
// (external_app_user_id of a non-app user, description, provenance,
// external_sync_identifier) are "" because the spec does not make them
// nullable. The enterprise object of an external user is that user's own
// enterprise.
//
// Memberships always come whole in listings (the spec gives those
// endpoints no fields parameter); GET /group_memberships/{id} with fields
// returns type, id and the named fields. Nested users are User--Mini (with
// login) and nested groups Group--Mini.
//
// Times are RFC 3339 with second resolution, rendered in UTC as +00:00.
//
// # Errors
//
// Every non-2xx /2.0 answer is a ClientError: type "error", status, code,
// help_url, message, request_id (short, unique per Sim) and, for an invalid
// query parameter, context_info {"errors":[{"reason":"invalid_parameter",
// "name","message"}]}. Unknown IDs, non-numeric IDs and IDs of another
// object type are 404 not_found.
//
// # Faults
//
// Faults apply to /2.0 only; Latency also delays the token endpoint.
// RateLimitEvery counts /2.0 requests since the last SetFaults: requests
// N, 2N, ... get 429 with Retry-After: 1. RequestsPerMinute is a token
// bucket of RequestsPerMinute/60 tokens a second with a burst of one
// second's worth rounded up (so a client cannot spend a whole minute's
// budget at once); a refused request gets 429 and Retry-After = whole
// seconds until the next token (at least 1). Both 429s use code
// rate_limit_exceeded. ServerErrorRate answers that fraction of requests
// with 500 internal_server_error, 502 bad_gateway or 503 unavailable (the
// last with Retry-After: 1), chosen evenly. The order is every-Nth, bucket,
// 5xx; a request refused by one rule does not consume the later ones.
// SetFaults restarts the count, refills the bucket and reseeds the 5xx RNG
// from Seed, so a given sequence of requests faults identically every run.
// The limiter reads the Sim clock, so tests can drive it with a fake one.
//
// # Stats
//
// Total counts /2.0 requests (faulted and unauthorised ones included);
// TokenRequests and ByRoute["POST /oauth2/token"] count token calls; Tokens
// counts successful mints; ByStatus counts every response written (token
// endpoint and stray paths included). ByRoute keys are "METHOD /template"
// with the spec's parameter names, "METHOD (unknown route)" or
// "METHOD (method not allowed)".
//
// # Seed data
//
// Everything is drawn from one PCG stream seeded by Seed, in a fixed
// order, so the same Config gives the same data, IDs and Truth. Timestamps
// fall between 2016-01-01 and 2024-09-01 UTC, independent of the clock.
//
//   - IDs are numeric strings, increasing with random gaps, in ranges per
//     type: users 17xxxxxxxxx (service account first, then listed users,
//     then later additions), external users 18xxxxxxxxx, groups
//     4xxxxxxxxx, memberships 6xxxxxxxxx. An ID of one type is never a
//     valid ID of another.
//   - Service account: name "Baton Box Connector", login
//     AutomationUser_<appServiceId>_<10 alphanumerics>@boxdevedition.com,
//     role coadmin, status active, not an app user, not listed.
//   - App users (AppUsers of Users, at random positions): login
//     AppUser_<appServiceId>_<10 alphanumerics>@boxdevedition.com (Box's
//     real pattern, same app service ID as the service account), names like
//     "Kiosk Device 003", role user, status active, is_platform_access_only
//     and a unique external_app_user_id.
//   - Managed users: "First Last" from mixed-origin name lists (accents,
//     apostrophes, hyphens), login first.last@<domain> folded to ASCII and
//     numbered on clashes (first.last2@...), at acme.example.com and two
//     sibling domains. Status ~90% active, ~6% inactive, ~2% each
//     cannot_delete_edit and cannot_delete_edit_upload, with at least one
//     of each when Users >= 10. The first human user is the one admin
//     (always active; there is none if every user is an app user); ~3% of
//     the others are coadmin. ~95% have a job title, ~8% a notification
//     e-mail.
//   - External users belong to three partner enterprises (IDs 800101..3).
//   - Groups: managed_group, names unique case-insensitively, drawn from
//     departments, regions, teams and project code names, with some
//     starting with non-ASCII letters (Équipe, Übersetzung, Ø...), digits
//     or punctuation; clashes become "Name 2", "Name 3". ~85% have a
//     description; ~35% carry a provenance (Active Directory, Okta, Google
//     Groups, Azure AD) and an external_sync_identifier.
//   - Memberships: each listed user joins round(U*2*AvgGroupsPerUser)
//     distinct regular groups (U uniform in [0,1)), as group admin with
//     probability 0.1.
//   - GiantGroupMembers > 0 adds "All Staff" (the highest group ID) whose
//     members are exactly the first N listed users by ID, role member.
//
// # Concurrency and mutation
//
// Sim is safe for concurrent use. Data sits behind one RWMutex; response
// bodies are built under the read lock (they hold copies) and written after
// it is released. Faults, stats and tokens have their own locks.
// AddUser, AddGroup, AddMembership, RemoveMembership, SetUserStatus and
// DeleteUser change state between (or during) syncs; Truth reflects them.
package boxsim
