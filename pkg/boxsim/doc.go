// Package boxsim is a stateful, in-memory simulator of the parts of the Box
// API that baton-box uses. Tests, the demo and the benchmarks run the
// connector against it; subpackage specvalidate checks its traffic against
// Box's official OpenAPI document (API 2024.0).
//
// Shapes (field names, envelopes, error bodies) follow the spec. Behaviour
// the spec states only in prose follows box-api-notes.md. Where both
// are silent, the simulator picks one behaviour; every such choice is
// listed here. specvalidate relaxes the spec in two places only, both
// explained there: ClientError.code takes any string, and Event.source's
// GenericSource branch (which as written matches every object, so no
// typed source could pass the oneOf) means "none of the typed sources".
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
//  6. the route's scope (403 insufficient_scope, see Scopes);
//  7. the handler: query parameters, then the JSON body (each a 400), are
//     checked before path and body IDs are looked up, so a bad offset or
//     a bad role on an unknown ID is a 400, not a 404. Then, for writes:
//     the scope the target needs, 403 rules, 409 conflicts, the change.
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
// the ID, max_upload_size 5 GiB, tracking_codes and my_tags [], hostname
// "https://app.box.com/". phone and address are "" unless a write set
// them. notification_email is an {email, is_confirmed: true} object or
// null. Unset string fields
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
// query parameter or body field, context_info {"errors":[{"reason":
// "invalid_parameter" or "missing_parameter", "name","message"}]}. Unknown
// IDs, non-numeric IDs and IDs of another object type are 404 not_found.
// Codes used beyond those: insufficient_scope, forbidden and
// access_denied_insufficient_permissions (403), conflict and
// user_login_already_used (409), user_not_deletable (400); see Scopes and
// Writes.
//
// # Faults
//
// Faults apply to /2.0 only; Latency also delays the token endpoint.
// RateLimitEvery counts /2.0 requests since the last SetFaults: requests
// N, 2N, ... get 429 with Retry-After: 1. RequestsPerMinute is a token
// bucket of RequestsPerMinute/60 tokens a second with a burst of Burst
// tokens, by default one second's worth rounded up (so a client cannot
// spend a whole minute's budget at once; a smaller Burst is the budget
// left when other apps share it); a refused request gets 429 and Retry-After = whole
// seconds until the next token (at least 1). Both 429s use code
// rate_limit_exceeded. ServerErrorRate answers that fraction of requests
// with 500 internal_server_error, 502 bad_gateway or 503 unavailable (the
// last with Retry-After: 1), chosen evenly. The order is every-Nth, bucket,
// 5xx; a request refused by one rule does not consume the later ones.
// MalformedPages damages the 200 pages of listings (bodies with entries),
// on every listing or on one route (a Stats.ByRoute key): PagesDropEntries
// leaves entries out, PagesNullEntries sends "entries": null,
// PagesDropLimit leaves limit out, PagesLargerLimit echoes twice the limit
// that was applied. Box's spec promises entries (and limit on offset pages)
// on every page; these stand for a broken proxy or a Box incident, and
// exist to prove a client never reads such a page as "no more entries".
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
// # Scopes
//
// Config.Scopes lists the app's scopes; nil grants all five (AllScopes),
// an empty slice none. A request without the scope it needs gets 403
// insufficient_scope, with WWW-Authenticate: Bearer ...,
// error="insufficient_scope". Reads and writes need the same scope:
//
//   - GET /users (the listing is of managed users): manage_managed_users.
//   - GET, PUT, DELETE /users/{id}, POST /users,
//     POST /users/terminate_sessions: manage_app_users when the target (or
//     the new user, by is_platform_access_only) is an app user, else
//     manage_managed_users; every target of terminate_sessions must be
//     covered. The route accepts either scope; the handler checks the
//     precise one after the lookup, so an unknown ID is still a 404.
//   - /groups..., /group_memberships..., GET /users/{id}/memberships:
//     manage_groups.
//   - PUT /users/{id}/folders/0: root_readwrite (alone).
//   - GET /events with stream_type admin_logs or admin_logs_streaming:
//     manage_enterprise_properties. The user streams need nothing.
//   - GET /users/me: nothing (any token may know who it acts as).
//
// # Writes
//
// Bodies are one JSON object (an empty body counts as {}; at most 1 MiB);
// anything else, trailing data included, is a 400. Fields are type-checked
// one by one: a wrong type, a value outside the spec's enum, a string over
// its maxLength (counted in characters) or an empty required string is a
// 400 bad_request with context_info.errors [{reason "invalid_parameter",
// name, message}]; a missing required field has reason
// "missing_parameter". Unknown fields are ignored; accepted fields that
// are not modelled (is_sync_enabled, space_amount, tracking_codes,
// configurable_permissions, notify, ...) are only type-checked. The
// Content-Type header is not checked.
//
// Successful writes answer in the same representation GET would (fields=
// honoured where the spec offers it), set modified_at (every PUT, even one
// that changes nothing) and are visible to every later read, Truth
// included. New objects take the next ID of their type's range, so marker
// walks ("IDs after X") stay exact: users created during a walk appear at
// its end, deleted ones vanish, nothing repeats. DELETE answers 204 with
// no body. Writes do not emit events.
//
//   - POST /group_memberships: role defaults to member. Unknown user or
//     group: 404. A user who is not a managed or app user of this
//     enterprise (external users, the service account) cannot join: 400
//     (invalid_parameter user.id) — keeps memberships to listed users only.
//     Already a member: 409 conflict (the existing membership's ID in the
//     message); nothing changes.
//   - PUT /group_memberships/{id}: role only; DELETE: 204; unknown: 404.
//   - POST /users: name (<= 50 characters) and, for managed users, login
//     are required. login must be a bare e-mail address (net/mail, a dot in
//     the domain). A login used by any user the simulator knows — listed,
//     external or the service account, case-insensitively — is a 409
//     user_login_already_used (Box logins are unique across Box). role is
//     coadmin or user (admin: 400, the enum); status one of the four;
//     timezone an IANA zone; job_title and phone <= 100, address <= 255.
//     notification_email ({"email"}) is accepted although only PUT's schema
//     lists it. App users (is_platform_access_only) need no login: they
//     always get a generated AppUser_ login (a given one is ignored) and
//     cannot be co-admins (400). New users own no content.
//   - PUT /users/{id}: the same fields, each optional, plus
//     notification_email (null removes it) and enterprise, accepted only as
//     this enterprise's ID (null, rolling the user out, is a 400: not
//     simulated). Unknown user: 404; an external user: 403
//     access_denied_insufficient_permissions; the service account: 403
//     forbidden. The primary admin's role (any value) and a status other
//     than active: 403 forbidden (Admin Console only). App users keep
//     their login and cannot become co-admins (400). A login held by
//     another user: 409 user_login_already_used; changing the case of one's
//     own login is fine.
//   - DELETE /users/{id}?notify=&force=: both must parse as booleans (400).
//     The primary admin and the service account: 403 forbidden; external
//     users: 403 access_denied_insufficient_permissions. A user owning
//     content without force=true: 400 user_not_deletable (Box's code is
//     undocumented); with it the content is destroyed
//     (Truth.DestroyedItems). Memberships go with the user; the login
//     becomes free. Retention and legal holds are not simulated.
//   - PUT /users/{id}/folders/0 {"owned_by":{"id"}}: moves everything the
//     user owns, synchronously (Box may finish asynchronously, with no
//     signal), into a new folder "<source name>'s Files and Folders" (the
//     spec's "{User}'s Files and Folders") owned by the target, whose
//     OwnedItems grow by exactly the moved items (the folder is not
//     counted). The answer is that folder as Folder--Full: standard Folder
//     fields (path_collection and parent are the root "All Files" without
//     sequence_id/etag, which the spec's Folder--Mini cannot hold as null;
//     shared_link and folder_upload_email null; created_by the service
//     account; no item_collection, items being counted, not modelled), full
//     extras on request, IDs from 3xxxxxxxxxxx. Unknown source or target:
//     404; source == target: 400; an external user: 403. As the spec's 403
//     says, the caller — the service account, a co-admin — cannot move
//     content from or to the admin or another co-admin: 403
//     access_denied_insufficient_permissions; it may use its own account.
//   - POST /users/terminate_sessions: user_ids and user_logins are both
//     required arrays of strings (400), not both empty (400 "Users can not
//     be NULL or EMPTY"). Every entry must be a managed or app user of this
//     enterprise (logins case-insensitive); otherwise 404 not_found listing
//     each unknown entry in context_info.errors, and nothing is done. On
//     success every user named (once or more) gets one more
//     SessionsTerminated; the 202 body is {"message": ...}. Box runs the
//     jobs asynchronously; here they are done when it answers.
//   - POST /groups: name required, unique case-insensitively (409
//     conflict, as box-api-notes.md expects, not the spec's
//     invalid_parameter); description and provenance <= 255; both levels
//     default to admins_only. PUT /groups/{id} changes any of them (409 on
//     another group's name); DELETE /groups/{id} removes its memberships.
//
// # Events
//
// GET /events serves the enterprise's admin events:
//
//   - stream_type defaults to all; all, changes and sync (user streams)
//     answer an empty chunk with next_stream_position "0": the service
//     account has no user events here. Other values: 400.
//   - limit defaults to 100; above 500 it is clamped; < 1 or not an
//     integer: 400. event_type is comma-separated (the spec's explode:
//     false; repeated parameters merge); a name outside the spec's filter
//     enum is a 400. The answer is {chunk_size, next_stream_position (a
//     numeric string), entries}.
//   - admin_logs: events of the last 365 days (by the Sim clock) and not
//     after now, in (created_at, recording) order, never twice.
//     created_after is inclusive (a fractional second rounds up),
//     created_before exclusive; both RFC 3339 (else 400), combined with the
//     365-day window. stream_position is "0" or absent (the start), "now"
//     (an empty page and the current end) or a returned position, which
//     encodes the (created_at, seq) of the last event the page covered —
//     returned, or passed over by the event_type filter — so resuming
//     skips nothing recorded before it. An event added later with an
//     earlier created_at lands before such positions and is missed, as Box
//     warns for late events. A page with no entries means "the end for
//     now" and repeats the position.
//   - admin_logs_streaming: the delivery log, near real time. Only events
//     created in the last 14 days; created_after/created_before are
//     ignored (the spec says so). Each event is delivered when Box
//     "recorded" it (0-89 s after created_at), so the order is not
//     chronological; about one event in ten (fixed by Seed) is delivered
//     again 1 minute to 6 hours later (seeded ones no later than the clock
//     at New; AddEvent's right behind the first delivery), usually on a
//     later page: consumers must de-duplicate by event_id. Positions are 2^60 + an index into the log
//     ("0" = the start, "now" = the end); numbers between 0 and 2^60 are a
//     400, positions past the end wait there. Entries due after now (an
//     event added with a future created_at) wait for the clock.
//   - An event: type "event", event_id (a UUID derived from Seed and the
//     event's recording order), event_type, created_at, recorded_at,
//     created_by (User--Mini), source, ip_address (Box sends it although
//     the spec's Event does not list it; 192.0.2.0/24, 198.51.100.0/24 or
//     203.0.113.0/24, stable per user) and session_id for in-session
//     events. source is the user the event is about (User--Mini) for
//     LOGIN, FAILED_LOGIN, ADD_LOGIN_ACTIVITY_DEVICE (the user who logged
//     in: also created_by), ADMIN_LOGIN (the account an admin entered;
//     created_by is the admin) and EDIT_USER; an EventSource (item_type
//     file, item_id, item_name, parent, owned_by) for UPLOAD, DOWNLOAD and
//     PREVIEW; a generic {group_id, group_name, user_id, user_name} for
//     GROUP_ADD_USER. Events show users and groups as they are now (renamed
//     users appear renamed; deleted ones as they were).
//
// Seeded events (Config.EventsPerUser, default 4 per human user, negative
// for none; app users and the service account have none) are placed
// relative to the clock at New, so a fixed clock gives identical events.
// Each human user has a login history: last LOGIN within 14 days (~45%;
// always for the primary admin), 14-90 days ago (~25%), 90-365 days ago
// (~12%), over 365 days ago (~8%: never served) or never (~10%); inactive
// users skew stale. With 10+ human users every history occurs. Beyond that
// latest LOGIN, about EventsPerUser-1 more events: older LOGINs, and noise
// that must not count as logins — FAILED_LOGIN (by the user),
// ADD_LOGIN_ACTIVITY_DEVICE (just after a login, or anywhere for users who
// never log in), ADMIN_LOGIN (an admin or co-admin entering the account)
// at any time in the last year, UPLOAD/DOWNLOAD/PREVIEW, GROUP_ADD_USER
// and EDIT_USER by admins. One user with a 90-365-day history also gets a
// FAILED_LOGIN, an ADD_LOGIN_ACTIVITY_DEVICE and an ADMIN_LOGIN in the
// last three days. Truth.Events holds every event (expired ones too);
// Truth.LastLogin / LastLogins count LOGIN only. AddEvent and AddLogin
// record more.
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
//   - Owned content (a count per user): ~85% of active human users own
//     some, ~60% of the other human users, ~30% of app users, the primary
//     admin always; counts are log-uniform in 1..2000. The service account
//     and external users own none.
//   - Content and events come from a second PCG stream after the
//     directory, so users, groups and memberships are the same for a seed
//     whatever EventsPerUser says.
//
// # Concurrency and mutation
//
// Sim is safe for concurrent use. Data (events included) sits behind one
// RWMutex; response bodies are built under the lock (they hold copies)
// and written after it is released. Faults, stats and tokens have their
// own locks. AddUser, AddGroup, AddMembership, RemoveMembership,
// SetUserStatus, DeleteUser, SetOwnedItems, AddEvent and AddLogin change
// state between (or during) syncs; Truth reflects them. DeleteUser acts
// like DELETE ?force=true (owned content counts as destroyed); AddUser
// takes OwnedItems. Events are stored without pointers (indexes into
// user and group tables) so a large enterprise's events add little to
// garbage collection.
package boxsim
