#!/usr/bin/env bash
# Runs the main job end to end without credentials: starts the built-in Box
# simulator (with a few folders), runs a one-shot sync with --sync-folders
# into sync.c1z, and prints what was synced with the SDK's `baton` tool.
# BOXSIM_PORT (default 8765) and OUT (default sync.c1z) override the port
# and the file.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BOXSIM_PORT:-8765}"
OUT="${OUT:-sync.c1z}"

# The sync goes to whatever answers on the port: with another server there
# (a simulator left running, anything else) the demo would sync that.
if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then
  echo "demo: 127.0.0.1:${PORT} is already in use; stop what listens there (a simulator left running?) or pick another port: BOXSIM_PORT=8766 make demo" >&2
  exit 1
fi

mkdir -p dist
go build -o dist/baton-box ./cmd/baton-box
go build -o dist/boxsim ./cmd/boxsim

SIM_LOG=dist/demo-boxsim.log
dist/boxsim -addr "127.0.0.1:${PORT}" -folders 12 -validate >"${SIM_LOG}" 2>&1 &
SIM_PID=$!
trap 'kill "${SIM_PID}" 2>/dev/null || true' EXIT
# Ready when the simulator itself says so (not when something answers on
# the port); if it exits first (the port was taken meanwhile), say why.
for _ in $(seq 1 100); do
  grep -q "listening on" "${SIM_LOG}" && break
  if ! kill -0 "${SIM_PID}" 2>/dev/null; then
    echo "demo: the simulator did not start:" >&2
    cat "${SIM_LOG}" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "listening on" "${SIM_LOG}" || { echo "demo: the simulator did not start within 10 s (${SIM_LOG})" >&2; exit 1; }

rm -f "${OUT}"
LOG=dist/demo-sync.log
echo "syncing the simulator into ${OUT} (connector log: ${LOG})"
# The simulator's default app credentials; a real run takes the Box app's.
# The simulator has no rate limit, so the demo does not pace its calls
# (--requests-per-minute 0); against Box, keep the default.
BATON_BOX_CLIENT_ID=sim-client-id \
BATON_BOX_CLIENT_SECRET=sim-client-secret \
BATON_ENTERPRISE_ID=700001 \
BATON_BASE_URL="http://127.0.0.1:${PORT}" \
  dist/baton-box --file "${OUT}" --sync-folders --requests-per-minute 0 2>"${LOG}" || { tail -n 5 "${LOG}"; exit 1; }

# `go tool baton` is the SDK's c1z reader, pinned in go.mod's tool directive.
baton() { go tool baton -f "${OUT}" "$@"; }
echo
echo "== the enterprise and its roles"
baton resources -t enterprise
baton resources -t role
echo
echo "== users (first 15)"
baton resources -t user | head -n 16
echo
echo "== co-admins"
baton grants -e role:co-admin:member
echo
echo "== members and admins of the first group"
first_id() { grep -o '"resource": *"[0-9]*"' | head -n 1 | grep -o '[0-9]*'; }
FIRST_GROUP=$(baton resources -t group -o json | first_id)
baton grants -t group -r "${FIRST_GROUP}"
echo
echo "== folders (first 10; admins' folders are not synced without --primary-admin-id)"
baton resources -t folder | head -n 11
echo
echo "== who can open the first folder (first 12)"
FIRST_FOLDER=$(baton resources -t folder -o json | first_id)
baton grants -t folder -r "${FIRST_FOLDER}" | head -n 13
echo
echo "== totals"
baton stats | tail -n 14
echo
echo "To run operator commands against the simulator, see CONTRIBUTING.md, \"The Box simulator\"."
