// Package boxsim is a stateful, in-memory simulator of the parts of the Box
// API that baton-box uses. Tests, the demo and the benchmarks run the
// connector against it; subpackage specvalidate checks its traffic against
// Box's official OpenAPI document (API 2024.0).
//
// Shapes (field names, envelopes, error bodies) follow the spec. Behaviour
// the spec states only in prose follows docs/box-behaviour.md. Where both
// are silent, the simulator picks one behaviour; every such choice is
// listed here, with its reason, and where the choice matters to a
// connector a Config or ContentConfig switch gives the other reading.
// specvalidate relaxes the spec in four places only, each explained there:
// ClientError.code takes any string, Event.source's GenericSource branch
// (which as written matches every object, so no typed source could pass
// the oneOf) means "none of the typed sources", shared links require
// "access" where the spec, by a typo, requires an undefined "accessed",
// and a user's status may be "pending" (a documented state the enum
// lacks). Switches whose reading is off the spec
// (LegacyPendingCollaborations, UnpagedFolderCollaborations) are reported
// by specvalidate.
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
//  6. the route's scope (403 insufficient_scope, see Scopes), then the
//     as-user header's gate (see Content: 403 without the app setting or
//     on a route that does not act for users);
//  7. the handler (through a Faults.Listings fault when one applies, see
//     Faults): query parameters, then the JSON body (each a 400), are
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
//   - client_id/client_secret wrong or missing, then an app no admin has
//     authorised (Config.AppNotAuthorized): invalid_grant "Grant
//     credentials are invalid", the one answer the client-credentials
//     guide gives for all of them ("Common errors"); with
//     Config.DistinctTokenErrors, the common errors guide's reading:
//     invalid_client and unauthorized_client ("This app is not authorized
//     by the enterprise", developer.box.com/platform/user-types);
//   - box_subject_type "enterprise" with box_subject_id missing or not
//     this enterprise: invalid_grant, with a description naming
//     box_subject_id;
//   - box_subject_type "user": a user access token, which acts as that
//     user, for a managed user or the admin of this enterprise, only with
//     the app's "Generate User Access Tokens" (Config.UserAccessTokens);
//     else invalid_grant "Grant credentials are invalid" (the guide: "A
//     Managed User or an Admin ... App + Enterprise Access and Generate
//     User Access Tokens"), also for an inactive user under
//     ContentConfig.InactiveUsersRefused (see Content);
//   - any other box_subject_type: unauthorized_client.
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
// a credential was presented. A token acts as the service account, or as
// the user of a user access token; the as-user header (see Content) acts
// as another user for one request.
//
// Who may change whom: the service account counts as a co-admin ("can be
// thought of as having the permissions of a Box Co-Admin. Similar to
// co-admins being unable to manage each other", developer.box.com/platform/user-types; support
// article 360043693434). A caller other than the primary admin gets 403
// access_denied_insufficient_permissions for any PUT or DELETE of a
// co-admin and any transfer from or to an admin or co-admin; the primary
// admin's user token may make them. Making a user a co-admin needs a login
// on a verified domain ("Co-admin roles must be part of a verified
// domain", Box staff on community.box.com, threads 21220 and 34572;
// Config.VerifiedDomains, default the seed's managed-user domains; else a
// 400 naming the rule, or with Config.UnverifiedCoadminForbidden a 403
// access_denied_insufficient_permissions, the API's answer being
// undocumented).
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
//   - Marker mode, GET /users and GET /folders/{id}/items: usemarker=true
//     (any strconv.ParseBool form); GET /folders/{id}/collaborations is
//     marker-only (see Content). The marker is base64url("boxsim:u:<id>")
//     and means "entries with an ID above <id>", so a walk stays exact when
//     earlier entries are added or removed. The response has limit, next_marker, prev_marker
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
// name or login. For groups it follows Config.GroupFilterMode: the spec's
// literal, case-insensitive name prefix (default), a prefix of any word of
// the name, the term trimmed of whitespace first, or a case-sensitive
// prefix (older Box docs and SDKs suggest a search-style match; a
// connector must be exact under each). External users appear only with
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
// Memberships honour fields= in listings too (the spec lists it only on
// GET /group_memberships/{id}, but Box's SDKs send it on GET
// /groups/{id}/memberships: box-java-sdk BoxGroup.getAllMemberships): with
// fields, type, id and the named fields. Nested users are User--Mini (with
// login) and nested groups Group--Mini. A group admin's
// configurable_permissions follow Config.GroupAdminPermissionsMode (see
// Writes, POST /group_memberships).
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
// Writes. The content routes add trashed (404), user_already_collaborator,
// collaborations_not_available_on_root_folder, invalid_collaboration_item
// and invalid_status (400); see Content.
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
// PerUserBudgets (control_budgets.go) gives each budget its own bucket: Box limits
// "the number of API calls that a user can make in a minute" (about 1,000,
// developer.box.com/guides/api-calls/permissions-and-errors/rate-limits, "User based")
// and counts an As-User call "against the user and not against the admin
// making the call" (Box's reply on support.box.com community post
// 360049198833), so a request draws from the bucket of the user its
// As-User header names, else of its token's user (a user access token's,
// or the service account's). Off, one bucket serves every request (the
// reading before it, and what a quality-of-service limit on the whole app
// looks like, same guide).
// MalformedPages damages the 200 pages of listings (bodies with entries),
// on every listing or on one route (a Stats.ByRoute key): PagesDropEntries
// leaves entries out, PagesNullEntries sends "entries": null,
// PagesDropLimit leaves limit out, PagesLargerLimit echoes twice the limit
// that was applied. Box's spec promises entries (and limit on offset pages)
// on every page; these stand for a broken proxy or a Box incident, and
// exist to prove a client never reads such a page as "no more entries".
// Listings (ListingFault, control_listing_faults.go) answer one route (a
// Stats.ByRoute key), optionally only for one parent ID (the path
// parameter: one group's memberships) and one As-User (one user's root),
// wrongly: ListingNotFound answers 404 not_found although the parent
// exists; ListingRepeatedPages gives each page after the first the
// previous page's entries with its own paging fields (offset,
// total_count, next_marker), so an ID comes twice and the last page's
// entries never come; ListingMarkerCycle points the page fetched with any
// marker but the first back to the first marker (A→B→A);
// ListingEmptyFirstPage answers a marker listing's first page with
// entries [] and next_marker null. The pagination guides rule these out
// (developer.box.com/guides/api-calls/pagination/offset-based, developer.box.com/guides/api-calls/pagination/marker-based); Box's
// paging has been wrong before (marker pages that duplicated and dropped
// collaborators, box/box-python-sdk#889; offset loops that inflated
// counts, cburnette/boxr#125), and a 404 or an empty page is what an
// incident or a proxy could send. The faults are stateless: the handler is
// asked for the requested page and, where needed, for the previous or the
// first page of the same listing, and the answers are spliced; they apply
// to any listing route, folder items and collaborations included.
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
// Config.Scopes lists the app's scopes; nil grants all six (AllScopes),
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
//   - GET /folders/..., GET /collaborations/{id}: root_readonly ("Read all
//     files and folders stored in Box") or root_readwrite ("Read and write
//     all files and folders stored in Box"); POST, PUT and DELETE
//     /collaborations...: root_readwrite (the scopes guide,
//     developer.box.com/guides/api-calls/permissions-and-errors/scopes: root_readwrite
//     covers updating and deleting collaborations).
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
// are not modelled (is_sync_enabled, tracking_codes, notify, ...) are only
// type-checked. The
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
//     message); nothing changes. Neither the admin nor a co-admin can be
//     a group admin (support.box.com article 360043692374): 400, Box's
//     code being undocumented.
//     An admin membership carries configurable_permissions
//     (can_create_accounts, can_edit_accounts, can_instant_login,
//     can_run_reports): omitted ones enabled, null disables all (the
//     spec's text). Where they are shown is Config.GroupAdminPermissionsMode,
//     since the sources disagree (the spec's GroupMembership schema has no
//     such field; box-java-sdk BoxGroupMembership.Info and box-ios-sdk
//     GroupMembership.swift decode it from memberships): "listed" (default)
//     with listings and GET, unasked or where fields= names them;
//     "by-field" only where fields= names them, in a listing or on GET;
//     "get-only" only on GET /group_memberships/{id}, with or without
//     fields=; "nowhere" never (the spec's schema read literally). A
//     fields= that leaves them out hides them under every reading.
//   - PUT /group_memberships/{id}: role and configurable_permissions;
//     DELETE: 204; unknown: 404.
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
//     cannot be co-admins (400). New users own no content. A new managed
//     user is "pending" until they set a password
//     (developer.box.com/guides/users/create-managed-user; the spec's enum lacks it, and
//     specvalidate allows it), unless another status is asked for.
//   - PUT /users/{id}: the same fields, each optional, plus
//     notification_email (null removes it) and enterprise, accepted only as
//     this enterprise's ID (null, rolling the user out, is a 400: not
//     simulated). Unknown user: 404; an external user: 403
//     access_denied_insufficient_permissions; the service account: 403
//     forbidden. The primary admin's role (any value) and a status other
//     than active: 403 forbidden (Admin Console only). App users keep
//     their login and cannot become co-admins (400). A co-admin changed by
//     anyone but the primary admin: 403 (see Authentication); a pending
//     user: 400 ("Before you can make any changes to the newly created
//     account, you need to click the link", developer.box.com/guides/users/create-managed-user; the
//     code is undocumented). Promotion to co-admin needs a verified
//     login domain and ends the user's group-admin memberships (they
//     become members). space_amount sets the quota (-1: unlimited). A login held by
//     another user: 409 user_login_already_used; changing the case of one's
//     own login is fine.
//   - DELETE /users/{id}?notify=&force=: both must parse as booleans (400).
//     The primary admin and the service account: 403 forbidden; external
//     users: 403 access_denied_insufficient_permissions. A user owning
//     content (OwnedItems > 0, or any folder, a transfer's destination
//     included) without force=true: 400 user_not_deletable (Box's code is
//     undocumented; the spec: "this operation fails if the user still owns
//     any content"); with it the content is destroyed
//     (Truth.DestroyedItems): the user's folders go with their
//     collaborations. Memberships go with the user, and so do the
//     collaborations granted to it (the spec's is_active=false "deleted"
//     hints that Box may keep them; a deleted user holds no access, so the
//     simulator drops them); the login becomes free. Retention and legal
//     holds are not simulated.
//   - PUT /users/{id}/folders/0 {"owned_by":{"id"}}: moves everything the
//     user owns, in Config.TransferTimePerItem per item (0: at once):
//     Box answers within 10 minutes and carries on in the background if
//     not done ("If the operation is not completed within 10 minutes, the
//     user will receive a 200 OK response, and the operation will continue
//     running", the spec), whatever the caller does meanwhile; a second
//     transfer of either user meanwhile is a 409
//     operation_blocked_temporary (common-errors' code for a folder
//     "blocked by another folder operation"; an assumption here).
//     The content must fit the target's quota: 403 storage_limit_exceeded
//     (state_storage.go: 8 MiB an item; the service account has 10 GB,
//     developer.box.com/platform/user-types). It goes into a new folder "<source name>'s Files and Folders" (the
//     spec's "{User}'s Files and Folders") owned by the target, at the top
//     of its "All Files", whose OwnedItems grow by exactly the moved items
//     (the new folder is stored but not counted, so counts add up). The
//     source's folders move into it, one level deeper, with their
//     collaborations and shared links (the spec: "All existing shared
//     links and folder-level collaborations are transferred"); the
//     target's own collaborations inside them go, an owner needing none.
//     The answer is that folder as Folder--Full: standard Folder fields
//     (path_collection and parent are the root "All Files" without
//     sequence_id/etag, which the spec's Folder--Mini cannot hold as null;
//     shared_link and folder_upload_email null; created_by the service
//     account; no item_collection), full extras on request, IDs from
//     3xxxxxxxxxxx. Unknown source or target:
//     404; source == target: 400; an external user: 403. As the spec's 403
//     says, the caller — the service account, a co-admin — cannot move
//     content from or to the admin or another co-admin: 403
//     access_denied_insufficient_permissions; it may use its own account.
//     The primary admin's user token may ("Admins can transfer content
//     between any users").
//   - POST /users/terminate_sessions: user_ids and user_logins are both
//     required arrays of strings (400), not both empty (400 "Users can not
//     be NULL or EMPTY"). Every entry must be a managed or app user of this
//     enterprise (logins case-insensitive); otherwise 404 not_found listing
//     each unknown entry in context_info.errors, and nothing is done. On
//     success every user named (once or more) gets one more
//     SessionsTerminated; the 202 body is {"message": ...}. Box runs the
//     jobs asynchronously; here they are done when it answers.
//   - POST /groups: name required, unique case-insensitively (409
//     conflict, as docs/box-behaviour.md expects, not the spec's
//     invalid_parameter); description and provenance <= 255; both levels
//     default to admins_only. PUT /groups/{id} changes any of them (409 on
//     another group's name); DELETE /groups/{id} removes its memberships
//     and the collaborations granted to it.
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
//   - admin_logs: events of the last 365 days (by the Sim clock) that Box
//     has recorded by now, in (created_at, recording) order, never twice.
//     Most events are recorded within 90 s, but about one in twenty up to
//     Config.EventDelayBound (default 6 hours) late: Box warns that events
//     can arrive later than a filtering window
//     (developer.box.com/guides/events/enterprise-events/for-enterprise,
//     developer.box.com/guides/events/enterprise-events/migrate-to-stream) and its status page records delays of hours
//     (state_event_log.go cites the incidents); recorded_at shows when. created_after is inclusive (a fractional
//     second rounds up), created_before exclusive; both RFC 3339 (else
//     400). A created_after more than 365 days ago is a 400 bad_request:
//     Box keeps a year and has answered so beyond it (box-java-sdk#131).
//     stream_position is "0" or absent (the start), "now"
//     (an empty page and the current end) or a returned position, which
//     encodes the (created_at, seq) of the last event the page covered —
//     returned, or passed over by the event_type filter — so resuming
//     skips nothing recorded before it. An event added later with an
//     earlier created_at lands before such positions and is missed, as Box
//     warns for late events. A page with no entries means "the end for
//     now" and answers next_stream_position "0", as Box does (box-node-sdk
//     src/enterprise-event-stream.ts: "The API currently returns
//     next_stream_position = 0 if there are no events ... we don't want to
//     start over at the beginning in that case, so ignore it"), except for
//     stream_position=now; Config.KeepEventPositionWhenEmpty repeats the
//     position instead (the other reading).
//   - admin_logs_streaming: the delivery log, near real time. Only events
//     created in the last 14 days; created_after/created_before are
//     ignored (the spec says so). Each event is delivered when Box
//     recorded it (see admin_logs), so the order is not
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
// # Content
//
// Folders, collaborations and shared links, opt-in through Config.Content
// (ContentConfig; the zero value seeds none). Sources: the spec (Box's
// OpenAPI, operations get_folders_id, get_folders_id_items,
// get_folders_id_collaborations, post_collaborations,
// get/put/delete_collaborations_id; schemas Folder, Folder--Full, Items,
// Collaboration, Collaborations, User--Collaborations, Group--Full),
// docs/box-behaviour.md and the pages cited below. Files are counted
// (User.OwnedItems), not modelled: every item listed is a folder.
//
// Data model:
//
//   - Folders belong to users (managed or app users; the service account
//     through transfers). Every folder of a tree has its top-level folder's
//     owner, as in Box (the folder owner owns what is inside). Depth 1 is
//     the top level, directly in the owner's "All Files" (ID "0"). Sibling
//     names are unique case-insensitively (the spec's PUT /folders name:
//     "The name check is case-insensitive"); names follow Box's rules
//     (the spec's: no "/" or "\", no non-printable characters, no
//     trailing spaces, not "." or ".."; common-errors item_name_invalid
//     and item_name_too_long add <= 255 characters and no leading spaces;
//     its further < > : | ? * - are not the spec's and are allowed).
//     OwnedItems counts a user's folders too (a
//     transfer's destination folder excepted).
//   - A collaboration grants a role on a folder to a user (managed,
//     external, app user or the service account), a group, or, pending
//     only, an e-mail address with no Box account (invite_email). Roles:
//     editor, viewer, previewer, uploader, previewer uploader, viewer
//     uploader, co-owner (CollaborationRoles); statuses accepted, pending,
//     rejected. A grantee holds at most one collaboration per folder
//     (common-errors user_already_collaborator); the owner holds none (an
//     assumption). Access cascades to sub-folders (the Box glossary:
//     access "waterfalls"): an accepted collaboration on a folder, direct
//     or through a group, opens it and everything below; pending and
//     rejected ones open nothing.
//   - A shared link: url (https://app.box.com/s/<32 characters>, like the
//     spec's examples; the length is an assumption), access
//     (open, company, collaborators), effective_access (access capped by
//     ContentConfig.SharedLinkAccessCap, the enterprise setting that the
//     spec says can make it "more restrictive", and that also changes
//     existing links: support.box.com article 4404822772755),
//     effective_permission (can_download when the link allows downloads,
//     else can_preview), is_password_enabled (open links only: "A password
//     can only be set when access is set to open", the spec's
//     add_shared_link), permissions {can_download, can_preview true,
//     can_edit false (files only)}, download_count, preview_count;
//     download_url ("null for folders", the spec), vanity_url,
//     vanity_name and unshared_at (not modelled) are null.
//
// Who sees what (as-user: the "as-user Header" guide,
// developer.box.com/guides/authentication/jwt/as-user/):
//
//   - Every request acts as the service account unless it carries
//     "As-User: <user id>" (header names are case-insensitive; a blank
//     value counts as absent). The acting user sees a folder it owns or
//     holds an accepted collaboration on (here or on a parent), nothing
//     else: any other folder ID is 404 not_found, as the spec's 404 says
//     ("not found, or the user does not have access"). The service
//     account therefore sees only its own content (docs/box-behaviour.md
//     §3, box-python-sdk#466): a sync reads each user's folders as that
//     user.
//   - as-user without the app setting "Make API calls using the as-user
//     header" (ContentConfig.AsUserDisabled): 403 insufficient_scope with
//     the scope challenge, on every route, before the handler
//     (box-python-sdk#243, box-windows-sdk-v2#264: Box answers exactly as
//     for a missing scope). The same call without the header works, which
//     is how a client tells a missing setting from a missing scope. Box
//     sends that 403 with an empty body; the simulator sends a
//     ClientError, as for every error.
//   - Routes that do not act for users (/users..., /groups...,
//     /group_memberships..., /events, PUT /users/{id}/folders/0) refuse
//     any as-user header: 403 access_denied_insufficient_permissions
//     (simulator's choice: the user named would lack admin rights there
//     anyway, and a client sending it there has a bug). GET /users/me
//     honours it and returns the
//     as-user, so one call checks the setting.
//   - The header's value, in this order: not a numeric ID, 400
//     bad_request (invalid_parameter "as-user"); an ID of no user (deleted
//     ones included), 404 not_found — Box's answers here are not
//     documented (box-java-sdk#430 shows only that Box's message names
//     the header); the service account's ID or the user the token acts
//     as, 403 forbidden ("If the specified user ID matches the current
//     user, the request fails with a 403 Forbidden error", the guide's
//     Limitations; "You cannot use the user_id of Service Accounts"); an
//     external user, 403
//     access_denied_insufficient_permissions ("Content owned by external
//     users cannot be accessed through the as-user header", same page);
//     the admin or a co-admin, 403 access_denied_insufficient_permissions
//     unless ContentConfig.AsUserPrivileged (Box staff: "you can only
//     impersonate regular managed users. Not other admins or co-admins",
//     community.box.com thread 35158; support.box.com article
//     360043693434 lists co-admin to admin/co-admin as a cause). App
//     users can be named (guides/sso-identities-and-app-users/
//     developer.box.com/guides/sso-identities-and-app-users/3-find-app-user). Inactive users can too, Box documenting no
//     refusal; ContentConfig.InactiveUsersRefused is the other reading
//     (inactive users "cannot log in via any endpoint", a community.box.com
//     answer): 403 access_denied_insufficient_permissions, and
//     invalid_grant for a user access token.
//     These checks run in the handler after its parameters and body (400s
//     first), before any ID in the path or body is looked up.
//   - Truth.Folders[].Reachable says whether a sync can name the owner.
//
// Routes:
//
//   - GET /folders/{folder_id}: Folder--Full as the acting user sees it.
//     Standard fields: the Folder fields (created_at, modified_at,
//     description "", size, path_collection, created_by and modified_by
//     (the owner; the service account for a transfer's folder),
//     trashed_at/purged_at null, content_created_at,
//     content_modified_at, owned_by, shared_link, folder_upload_email
//     null, parent, item_status "active") and item_collection, the first
//     page of the folder's items (offset, limit, sort, direction apply; the
//     spec's 200). fields= gives the mini fields (type, id, sequence_id,
//     etag, name; sequence_id and etag are "0": no versions are kept) plus
//     those named, the Folder--Full extras included (has_collaborations,
//     permissions of the acting user by role after support.box.com
//     article 360044196413, simplified: api_folder_render.go,
//     can_non_owners_invite, allowed_invitee_roles,
//     allowed_shared_link_access_levels, ...). path_collection starts at
//     "All Files" and lists the parents the acting user can open: all of
//     them for the owner, those from the highest shared one down for a
//     collaborator (parent is the last of them; an assumption: the spec
//     ties a collaborator's path to can_view_path and is_access_only,
//     not modelled). "0" is the acting user's root, "All Files": no
//     sequence_id/etag, null dates and parent (the spec: "may be null for
//     ... the root folder"), an empty path_collection, created_by a blank
//     user (an assumption: the root has no creator and the field is not
//     nullable), owned_by the acting user, no shared-link levels.
//   - GET /folders/{folder_id}/items: the folder's sub-folders, or for "0"
//     the acting user's "All Files": the top-level folders it owns plus
//     each folder shared with it (accepted, not is_access_only) whose
//     parent it cannot open (support.box.com article 360043696854:
//     collaborated items appear in All Files; the spec's is_access_only:
//     "won't be visible in the All Files list"). Offset pages (total_count,
//     offset, limit, order [{type ASC}, {<sort> <direction>}]; sort id,
//     name, date (modified_at) or size, default id ASC; the spec names no
//     default) or marker pages with usemarker=true (limit, next_marker,
//     prev_marker; ID order, sort ignored except on the root, where the
//     spec says it is not supported: a 400, an assumption). The same limit and offset rules
//     as elsewhere (limit <= 1000, offset <= 10000). Entries are
//     Folder--Mini (type, id, sequence_id, etag, name) plus what fields=
//     names (owned_by, shared_link, path_collection...). has_collaborations
//     ("Specifies if this folder has any other collaborators", the spec's
//     Folder--Full) is true when the folder has a collaboration of its own,
//     whatever its status (a parent's do not count); see
//     HasCollaborationsAcceptedOnly below.
//     Files (ContentConfig.FileItems, api_folder_files.go): files are counted,
//     not modelled (User.OwnedItems); with the switch the listings show a
//     user's files too, OwnedItems less the folders counted in it, spread
//     evenly over their root and their counted folders in ID order (at
//     most 60,000 a listing), as File--Mini ("File 00001.pdf", a sha1 and
//     file_version from the ID) plus the fields= a file has (owned_by, the
//     container's dates, size, has_collaborations false; no shared_link,
//     which the spec's File--Full does not let be null). A standard folder
//     lists its folders first, then its files, in marker and offset pages
//     alike: "Items are always sorted by their type first, with folders
//     listed before files" (the spec, parameter sort). The spec says
//     nothing of the root's order (sort "is not supported for marker-based
//     pagination on the root folder"): by default it is type first too,
//     and ContentConfig.RootFilesInterleaved spreads the root's files
//     after its folders in turn. Truth: User.RootFiles, Folder.Files.
//   - GET /folders/{folder_id}/collaborations: the folder's
//     collaborations, pending and rejected ones included (the spec: "This
//     list includes pending collaborations"), by ID, in marker pages:
//     limit (default 100 as on Box's other listings, the spec naming
//     none here; clamped to 1000, the spec's maximum), marker; the spec has no
//     usemarker here, so usemarker and offset are ignored like any unknown
//     parameter. The response is {limit, next_marker, prev_marker,
//     entries}. Box was seen answering unpaged {total_count, entries}
//     (box-java-sdk#330, box-openapi#152) and dropping entries with small
//     limits (box-python-sdk#889); the simulator follows the spec, and
//     ContentConfig.UnpagedFolderCollaborations answers unpaged instead
//     (every entry and total_count, limit ignored; off the spec,
//     specvalidate reports it). A
//     sub-folder lists only the collaborations created on it: the
//     reference page says the listing "returns all the users that have
//     access to the folder", docs/box-behaviour.md found no source for
//     inherited entries and the Admin Console separates direct from
//     inherited access (support.box.com article 39122091946899), so
//     ContentConfig.InheritedCollaborations adds the parents'
//     collaborations (each still names its own folder as item). The root
//     lists none.
//   - A collaboration (Collaboration, standard fields in spec order): type,
//     id, item (Folder--Mini; null while pending, as the spec says),
//     app_item null, accessible_by, invite_email (null unless an
//     unregistered address was invited), role, expires_at null,
//     is_access_only, status, acknowledged_at (when accepted or rejected;
//     absent while pending, the spec not allowing null), created_by,
//     created_at, modified_at. accessible_by is User--Collaborations
//     {type, id, name, login, is_active (false for an inactive user)} —
//     name "" while pending (the spec: the name is redacted) — or
//     Group--Mini; for an invitation to an address with no account it is
//     left out (the spec does not make it nullable).
//     ContentConfig.LegacyPendingCollaborations answers null for every
//     pending collaboration instead, as Box did in 2015-2018
//     (box-windows-sdk-v2#98, box-java-sdk#412, box-node-sdk#245): off the
//     spec, specvalidate reports it. fields= keeps type and id plus those
//     named.
//   - GET /collaborations/{collaboration_id}: visible to users who can
//     open its folder and to its grantee (a pending invitee sees its
//     invitation, developer.box.com/guides/collaborations/pending); else 404 (who else
//     may read one is undocumented: an assumption). fields= honoured.
//   - POST /collaborations?notify=&fields=: item {type, id},
//     accessible_by {type user|group, id or login}, role (the seven roles;
//     "owner" is a 400, the enum) are required; is_access_only is kept;
//     can_view_path is type-checked (the spec's owner and co-owner rules
//     for it are not enforced); expires_at is a 400 (it needs an
//     enterprise setting, not simulated, and "will be result in an
//     error", the spec says, naming no status). Checks, in
//     order: the body (400: missing item or accessible_by, no item.type
//     or one other than file/folder: 400 invalid_collaboration_item
//     "Item type must be specified and set to 'folder'", common-errors; no
//     accessible_by.type, id or login; a group by login); the as-user; a
//     file (404: not modelled); the root, 400
//     collaborations_not_available_on_root_folder "Root folder cannot be
//     collaborated" (common-errors); a folder the actor cannot open, 404;
//     rights: the owner and co-owners invite with any role, editors with
//     any but co-owner (an assumption) unless can_non_owners_invite is
//     false (the spec's Folder--Full; support.box.com article
//     360044196413 lets editors invite), others 403
//     access_denied_insufficient_permissions (Box: the inviter needs "the
//     appropriate collaboration permissions to invite collaborators",
//     developer.box.com/platform/user-types; the spec's 403); the
//     grantee: unknown user or group 404; a group whose invitability_level
//     does not admit the actor 403 (Group--Full: admins_only = the admin,
//     co-admins and the group's admins; admins_and_members adds its
//     members; all_managed_users any managed user; the spec: "dependent on
//     the group's ability to be invited"); the owner 400 (undocumented);
//     a
//     grantee already on the folder, whatever its status, 400
//     user_already_collaborator "User is already a collaborator" (the
//     common-errors guide lists it under 400; no 409 variant is
//     documented). A grantee (the same user or group) with an accepted
//     collaboration on a parent folder: support.box.com article
//     360043697254 ("Understanding Item Permissions") says access
//     "waterfalls" down, the level below a parent collaboration is the
//     parent's, changing it below "will result in an error being thrown",
//     and Box "does not allow you to add a person as a collaborator on
//     content when this person is already a collaborator on the parent
//     Item"; ContentConfig.InviteBelowCollaborator picks the answer:
//     "refused" (the default), 400 user_already_collaborator; "ignored",
//     the article's other account (Box "does not add the collaborator" yet
//     "erroneously displays a message indicating the collaborator was
//     added"), 201 with a collaboration on the folder that is stored
//     nowhere (never listed, GET /collaborations/{id} 404, its ID spent);
//     "separate", a collaboration of its own below (the article's way to
//     a higher level below: invite below first, then to the parent; the
//     simulator allows either order then). A pending or rejected
//     invitation on the parent does not count (an assumption: it opens
//     nothing). Users are accepted at once, Box's default ("Automatically
//     accept incoming collaboration invitations" is on: support.box.com
//     articles 200520218 and 360044195073), unless listed in
//     ContentConfig.ManualAcceptUsers (the setting off) or
//     ContentConfig.InvitesPending (the inviting enterprise asks invitees
//     to accept terms of service, enrol in 2FA or set a strong password
//     first, article 360044195073): then the collaboration is pending
//     (item null, no access) until the invitee accepts it (PUT status, or
//     SetCollaborationStatus). Groups are accepted at once (no one
//     accepts for a group: an assumption). A login no Box
//     user holds becomes a pending invitation to that address (Box's
//     provisioning of a new managed user for an address in the
//     enterprise's domain, support.box.com article 360043696854, is not
//     simulated). 201 with the collaboration.
//   - PUT /collaborations/{collaboration_id}: role (the seven or "owner"),
//     status, can_view_path (type-checked), expires_at (403, the spec's
//     answer without the expiry setting); the spec offers no fields=
//     here. Unknown or invisible: 404. status: only on a pending
//     collaboration (400 invalid_status "You can change the status only
//     if the collaboration is pending", common-errors) and only by its
//     invitee (common-errors; others 403, the code undocumented). role:
//     the owner or a co-owner (403 otherwise; article 360044196413's "Set
//     a Collaborator's Level of Access"), on a pending invitation too (the
//     spec ties no status to a role change). role "owner", by the owner
//     (co-owners "cannot change a folder's owner"), on an accepted collaboration
//     of a user of this enterprise, on a top-level folder (the simulator
//     moves whole trees; 400 otherwise): the folder and its tree pass to
//     that user's "All Files", the collaboration is deleted, the previous
//     owner becomes a co-owner on a new one, the new owner's other
//     collaborations in the tree go, and the answer is 204 (the spec's
//     204). Otherwise 200 with the collaboration; modified_at is set;
//     accepting or rejecting sets acknowledged_at.
//   - DELETE /collaborations/{collaboration_id}: by the owner or a
//     co-owner (article 360044196413), or by the collaborator leaving or
//     declining; others who can see it get 403; 204. The article's older
//     text also lets editors remove collaborators; the simulator does not
//     (a connector removes them as the owner either way).
//   - A folder deleted with DeleteFolder (during a sync, say) and every
//     folder below it answer 404 from then on: code trashed, "Item is
//     trashed", to the owner (common-errors; box-java-sdk#1030),
//     not_found to others (an assumption); its collaborations go.
//   - Scopes: see Scopes. Faults, latency and Stats apply as to every
//     route. Box counts as-user calls against the named user's 1,000 a
//     minute (a Box reply on support.box.com, docs/box-behaviour.md, "Rate limits");
//     RequestsPerMinute stays one bucket for every call, as a connector
//     with one shared pacer assumes.
//   - IDs: as everywhere, an unknown, non-numeric or other type's ID is
//     404 not_found (the spec's 405 for a folder_id "not in a recognized
//     format" is not simulated).
//
// Content readings (control_content_readings.go): answers Box may give that its
// spec allows or its users have seen, none documented as what Box does
// today, each off by default behind a ContentConfig switch:
//   - OwnerCollaborationListed: each folder's collaborations start with an
//     accepted entry, role "owner", for its owner (the spec's
//     Collaboration.role enum has "owner"; whether listings show one: not
//     found, docs/box-behaviour.md, "Collaborations"). Its ID is never stored (GET
//     /collaborations/{id}: 404).
//   - CollaborationQuirk renders every fifth accepted collaboration (by
//     ID): unknown_role, a role outside the spec's enum (Box added the
//     uploader roles after its first API: an assumption that it may add
//     more; off the spec); no_grantee, accessible_by null (reported for
//     pending ones, box-windows-sdk-v2#98, box-java-sdk#412,
//     box-node-sdk#245; for accepted ones an assumption; off the spec);
//     all_users_group, the grantee shown as the enterprise's "All Users"
//     group (group_type all_users_group, the spec's Group--Mini enum),
//     which GET /groups does not list (an assumption). Truth marks them
//     (Collaboration.Quirk).
//   - NoAccessLinks: every third seeded shared link (by folder ID) has
//     effective_permission no_access (the spec's enum: can_edit,
//     can_download, can_preview, no_access; when Box answers it is not
//     documented) and permissions can_download and can_preview false.
//   - UnpagedCollaborationsCap: with UnpagedFolderCollaborations, the
//     unpaged answer holds at most that many entries while total_count
//     counts all (whether Box caps an unpaged answer is not documented;
//     box-java-sdk#330 saw 284 of 284).
//   - DeletedUsersKeepCollaborations: a deleted user stays on their
//     collaborations with is_active false (the spec's
//     User--Collaborations: false means "deactivated or deleted") while
//     GET /users/{id} answers 404. By default the collaborations go with
//     the user (an assumption).
//   - HasCollaborationsAcceptedOnly: has_collaborations is true only for a
//     folder with an accepted collaboration of its own: pending and
//     rejected invitations would not be "other collaborators" (the spec
//     says no more; whether Box counts invitations is not documented).
//   - OtherAppServiceAccounts: service accounts of other apps of the
//     enterprise (GET /users lists managed and app users, docs/box-behaviour.md
//     "Users"; a service account is neither, developer.box.com/platform/user-types),
//     each an accepted editor on up to three seeded folders, readable with
//     GET /users/{id} (their enterprise is this one). Truth.UnlistedUsers.
//   - The app's service account reads its own content without as-user
//     (Box refuses a header naming the token's own user): folders a
//     transfer gave it are Reachable.
//
// Seeding (ContentConfig, from a third PCG stream after the directory and
// the events, so a seed's users, groups, memberships and events do not
// depend on it):
//
//   - Folders folders, owned by listed users who own content
//     (OwnedItems > 0 before folders are counted). Each is top-level
//     (owner drawn at random) or, with probability 0.55, a child of an
//     earlier folder above FolderDepth (default 3). Names come from the
//     seed word lists (departments, code names, regions, teams, odd and
//     non-ASCII ones), numbered " (2)" on a sibling clash; dates fall in
//     the seed window after the owner's or parent's creation.
//     can_non_owners_invite is false for ~5%. SharedLinkShare (0.2) of
//     folders have a link, OpenLinkShare (0.35) of those open (a quarter
//     of them with a password); the others company or (~30%)
//     collaborators; ~80% allow downloads.
//   - Each folder gets round(U*2*CollaborationsPerFolder) collaborations
//     (U uniform in [0,1); default 2): to a group with GroupShare (0.2),
//     an external user with ExternalShare (0.1), else a listed user (the
//     owner and repeats are skipped). A user grantee is not accepted with
//     PendingShare (0.06): rejected a fifth of the time, else pending, and
//     a third of the pending ones invite an address with no Box account
//     (@guest.example.net). Roles are weighted toward editor and viewer;
//     ~3% are is_access_only. Created by the owner, after the folder.
//   - GiantRootFolders gives the first active managed user who is
//     neither admin nor co-admin that many more top-level folders
//     ("Archive 0001"...), for root listings beyond 1,000; with
//     GiantFolderCollaborators it also owns "All Hands", whose exactly N
//     accepted collaborations go to listed users (but the owner) then
//     external users by ID, roles in turn (capped by how many exist).
//   - The bench shape (10,000 users, 30,000 folders, 100,000
//     collaborations) seeds in about 0.2 s with the directory and events
//     (BenchmarkSeedBenchShape, 2 shared cores); the content adds about
//     0.13 s and 25 MB of live heap, and Truth takes about 0.35 s.
//
// Truth.Folders (ID, Name, ParentID "0" at the top, OwnerID, Depth, Path,
// PathIDs, dates, SharedLink with EffectiveAccess, CanNonOwnersInvite,
// Reachable, TransferFolder) and Truth.Collaborations (ID, FolderID, Role,
// Status, GranteeType user|group, GranteeID, InviteEmail, External — an
// external user or an invited address —, IsAccessOnly, CreatedByID,
// dates) are sorted by ID.
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
//     4xxxxxxxxx, memberships 6xxxxxxxxx, folders 3xxxxxxxxxxx,
//     collaborations 5xxxxxxxxxx. An ID of one type is never a
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
//     probability 0.1 (the admin and co-admins as members: the roles are
//     exclusive).
//     Half the group admins have all four configurable_permissions, the
//     rest a mix derived from the seed and the membership.
//   - GiantGroupMembers > 0 adds "All Staff" (the highest group ID) whose
//     members are exactly the first N listed users by ID, role member.
//   - Owned content (a count per user): ~85% of active human users own
//     some, ~60% of the other human users, ~30% of app users, the primary
//     admin always; counts are log-uniform in 1..2000. The service account
//     and external users own none.
//   - Content and events come from a second PCG stream after the
//     directory, so users, groups and memberships are the same for a seed
//     whatever EventsPerUser says. Folders and collaborations come from a
//     third stream after those (see Content), so Config.Content changes
//     nothing else but the folder owners' OwnedItems.
//
// # Concurrency and mutation
//
// Sim is safe for concurrent use. Data (events included) sits behind one
// RWMutex; response bodies are built under the lock (they hold copies)
// and written after it is released. Faults, stats and tokens have their
// own locks. AddUser, AddGroup, AddMembership, RemoveMembership,
// SetUserStatus, DeleteUser, SetOwnedItems, AddEvent, AddLogin,
// AddFolder, DeleteFolder, SetSharedLink, SetSharedLinkAccessCap,
// AddCollaboration, RemoveCollaboration, SetCollaborationRole and
// SetCollaborationStatus change state between (or during) syncs; Truth
// reflects them. DeleteUser acts
// like DELETE ?force=true (owned content counts as destroyed); AddUser
// takes OwnedItems. Events are stored without pointers (indexes into
// user and group tables) so a large enterprise's events add little to
// garbage collection.
package boxsim
