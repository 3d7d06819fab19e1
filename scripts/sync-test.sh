#!/usr/bin/env bash
# ConductorOne's connector checks, run against the built-in Box simulator
# with the SDK's `baton` CLI. Each function follows the sequence of the
# github.com/ConductorOne/github-workflows action of the same name:
#
#   sync-test (grant-revoke.sh): capabilities -> sync -> grant -> re-sync and
#     check with `baton grants` -> grant again -> revoke -> revoke again ->
#     re-sync and check -> grant again -> re-sync and check;
#   account-provisioning: create with --create-account-email and a profile,
#     find the user by e-mail in `baton resources`, delete, delete again,
#     re-sync and check it is gone;
#   account-status-lifecycle-test: global disable_user / enable_user with
#     {"user_id": ...}, each followed by a re-sync and a status check.
#
# The grant-revoke sequence runs for group:<id>:member, group:<id>:admin,
# role:co-admin:member and, with --sync-folders, folder:<id>:viewer. No
# credentials are needed. Usage: scripts/sync-test.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "${ROOT}"

for tool in jq curl; do
  command -v "${tool}" >/dev/null || { echo "sync-test: ${tool} is required" >&2; exit 1; }
done

BIN="${ROOT}/dist/sync-test"
mkdir -p "${BIN}"
go build -o "${BIN}/baton-box" ./cmd/baton-box
go build -o "${BIN}/boxsim" ./cmd/boxsim
go build -o "${BIN}/baton" github.com/conductorone/baton-sdk/cmd/baton

WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
  [ -n "${SIM_PID}" ] && kill "${SIM_PID}" 2>/dev/null
  rm -rf "${WORK}"
}
trap cleanup EXIT
cd "${WORK}" # baton-box and baton both default to ./sync.c1z

# -user-access-tokens: the app may act as the primary admin, which Box
# requires to revoke a co-admin (BATON_PRIMARY_ADMIN_ID below).
"${BIN}/boxsim" -addr 127.0.0.1:0 -seed 21 -users 40 -groups 8 -app-users 2 -user-access-tokens -folders 30 -folder-depth 2 >"${WORK}/sim.out" 2>"${WORK}/sim.err" &
SIM_PID=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "${WORK}/sim.out" 2>/dev/null && break
  sleep 0.1
done
SIM_URL="$(awk '/listening on/ {print $4; exit}' "${WORK}/sim.out")"
[ -n "${SIM_URL}" ] || { echo "sync-test: the simulator did not start" >&2; cat "${WORK}/sim.err" >&2; exit 1; }

export BATON_BOX_CLIENT_ID=sim-client-id
export BATON_BOX_CLIENT_SECRET=sim-client-secret
export BATON_ENTERPRISE_ID=700001
export BATON_BASE_URL="${SIM_URL}"
export BATON_LOG_LEVEL=warn

# The connector and the c1z reader, as the actions call them.
BATON_CONNECTOR="${BIN}/baton-box"
BATON="${BIN}/baton"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "sync-test: FAIL: $*" >&2; exit 1; }

# --- sync-test (grant-revoke.sh) --------------------------------------------
grant_revoke() {
  local entitlement="$1" principal="$2" principal_type="$3"
  step "grant-revoke ${entitlement} for ${principal_type} ${principal}"
  grant() { "${BATON_CONNECTOR}" --grant-entitlement="${entitlement}" --grant-principal="${principal}" --grant-principal-type="${principal_type}"; }
  grants() { "${BATON}" grants --entitlement="${entitlement}" --output-format=json; }
  "${BATON_CONNECTOR}" capabilities >/dev/null
  "${BATON_CONNECTOR}"
  "${BATON_CONNECTOR}" capabilities | jq --raw-output --exit-status '.connectorCapabilities[] | select(contains("CAPABILITY_PROVISION"))' >/dev/null ||
    fail "CAPABILITY_PROVISION missing"

  local has=".grants[] | select( .principal.id.resource == \"${principal}\" )"
  grant
  "${BATON_CONNECTOR}"
  grants | jq --exit-status "${has}" >/dev/null || fail "${entitlement}: no grant after granting"

  grant

  local grant_id
  grant_id="$(grants | jq --raw-output --exit-status "${has}.grant.id")"
  "${BATON_CONNECTOR}" --revoke-grant="${grant_id}"
  "${BATON_CONNECTOR}" --revoke-grant="${grant_id}"

  "${BATON_CONNECTOR}"
  grants | jq --exit-status "if .grants then [ ${has} ] | length == 0 else . end" >/dev/null ||
    fail "${entitlement}: the grant survived the revoke"

  grant
  "${BATON_CONNECTOR}"
  grants | jq --exit-status "${has}" >/dev/null || fail "${entitlement}: no grant after granting again"
}

# --- account-provisioning ---------------------------------------------------
user_ids_by_email() {
  "${BATON}" resources -t user --output-format=json | jq -r --arg email "$1" '
    .resources[] |
    select(
      (.resource.annotations[]? | select(."@type" == "type.googleapis.com/c1.connector.v2.UserTrait")) as $trait |
      $trait != null and ($trait.emails[]?.address // empty) == $email
    ) | .resource.id.resource'
}

account_provisioning() {
  local email="sync.test.newhire@example.com"
  local profile='{"name":"Sync Test Newhire","job_title":"QA"}'
  step "account-provisioning ${email}"
  "${BATON_CONNECTOR}"
  "${BATON_CONNECTOR}" capabilities | jq --raw-output --exit-status '.connectorCapabilities[] | select(contains("CAPABILITY_ACCOUNT_PROVISIONING"))' >/dev/null ||
    fail "CAPABILITY_ACCOUNT_PROVISIONING missing"
  [ -z "$(user_ids_by_email "${email}")" ] || fail "${email} exists before the test"

  "${BATON_CONNECTOR}" --create-account-email="${email}" --create-account-profile="${profile}"
  "${BATON_CONNECTOR}"
  local ids
  ids="$(user_ids_by_email "${email}")"
  [ -n "${ids}" ] || fail "no account found with e-mail ${email} after creating it"
  [ "$(echo "${ids}" | wc -l | tr -d ' ')" = 1 ] || fail "several accounts with e-mail ${email}: ${ids}"

  "${BATON_CONNECTOR}" --delete-resource "${ids}" --delete-resource-type user
  "${BATON_CONNECTOR}" --delete-resource "${ids}" --delete-resource-type user || fail "deleting an already deleted account failed"
  "${BATON_CONNECTOR}"
  [ -z "$(user_ids_by_email "${email}")" ] || fail "account ${ids} still exists after deletion"
}

# --- account-status-lifecycle-test (disable-enable) -------------------------
user_status() {
  "${BATON}" resources -t user --output-format=json | jq -r --arg user_id "$1" '
    (.resources // [])[] | select(.resource.id.resource == $user_id) |
    (.resource.annotations[]? | select(."@type" == "type.googleapis.com/c1.connector.v2.UserTrait")) as $trait |
    if $trait != null and $trait.status != null then $trait.status.status else "unknown" end'
}

account_status_lifecycle() {
  local user_id="$1"
  step "account-status-lifecycle disable-enable for user ${user_id}"
  local action want
  for pair in disable_user:STATUS_DISABLED enable_user:STATUS_ENABLED; do
    action="${pair%%:*}" want="${pair##*:}"
    "${BATON_CONNECTOR}" --invoke-action="${action}" --invoke-action-args="$(jq -nc --arg id "${user_id}" '{user_id: $id}')"
    "${BATON_CONNECTOR}"
    [ "$(user_status "${user_id}")" = "${want}" ] || fail "user ${user_id} is $(user_status "${user_id}") after ${action}, want ${want}"
  done
}

# --- run ---------------------------------------------------------------------
truth="$(curl -fsS "${SIM_URL}/_boxsim/truth")"
BATON_PRIMARY_ADMIN_ID="$(jq -r '[.users[] | select(.role == "admin")][0].id' <<<"${truth}")"
export BATON_PRIMARY_ADMIN_ID
# A plain active user, and a group they are not in (so the first grant changes Box).
USER_ID="$(jq -r '[.users[] | select(.role == "user" and .status == "active" and (.is_platform_access_only | not))][0].id' <<<"${truth}")"
GROUP_ID="$(jq -r --arg u "${USER_ID}" '([.memberships[] | select(.user_id == $u) | .group_id]) as $mine |
  [.groups[] | select(.id as $g | $mine | index($g) | not)][0].id' <<<"${truth}")"
[ "${USER_ID}" != null ] && [ "${GROUP_ID}" != null ] || fail "the simulator's seed has no suitable user and group"

grant_revoke "group:${GROUP_ID}:member" "${USER_ID}" user
grant_revoke "group:${GROUP_ID}:admin" "${USER_ID}" user
step "the group admin's privileges are on the grant, as baton grants shows it"
"${BATON}" grants --entitlement="group:${GROUP_ID}:admin" --output-format=json |
  jq --exit-status --arg p "${USER_ID}" '.grants[] | select(.principal.id.resource == $p) | .grant.annotations[] |
    select(."@type" | endswith("GrantMetadata")) | .metadata.configurable_permissions | has("can_instant_login")' >/dev/null ||
  fail "the group admin grant carries no configurable_permissions"
grant_revoke "role:co-admin:member" "${USER_ID}" user
# A plain user's top-level folder on which USER_ID has no collaboration.
FOLDER_ID="$(jq -r --arg u "${USER_ID}" '
  ([.users[] | select(.role == "user") | .id]) as $plain |
  ([.collaborations[] | select(.grantee_id == $u) | .folder_id]) as $mine |
  [.folders[] | select(.depth == 1 and .reachable and .owner_id != $u and (.owner_id as $o | $plain | index($o)) and (.id as $f | $mine | index($f) | not))][0].id' <<<"${truth}")"
[ "${FOLDER_ID}" != null ] || fail "the simulator's seed has no suitable folder"
(
  export BATON_SYNC_FOLDERS=true
  grant_revoke "folder:${FOLDER_ID}:viewer" "${USER_ID}" user
)
account_provisioning
LIFECYCLE_USER="$(jq -r --arg u "${USER_ID}" '[.users[] | select(.role == "user" and .status == "active" and .id != $u and (.is_platform_access_only | not))][0].id' <<<"${truth}")"
account_status_lifecycle "${LIFECYCLE_USER}"

echo
echo "sync-test: OK"
