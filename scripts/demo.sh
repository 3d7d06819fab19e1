#!/usr/bin/env bash
# Runs the main job end to end without credentials: starts the built-in Box
# simulator, runs a one-shot sync into sync.c1z, and prints what was synced
# with the SDK's `baton` tool.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BOXSIM_PORT:-8765}"
OUT="${OUT:-sync.c1z}"
mkdir -p dist
go build -o dist/baton-box ./cmd/baton-box
go build -o dist/boxsim ./cmd/boxsim

dist/boxsim -addr "127.0.0.1:${PORT}" -validate &
SIM_PID=$!
trap 'kill "${SIM_PID}" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null && break
  sleep 0.1
done

rm -f "${OUT}"
LOG=dist/demo-sync.log
echo "syncing the simulator into ${OUT} (connector log: ${LOG})"
# The simulator's default app credentials; a real run takes the Box app's.
BATON_BOX_CLIENT_ID=sim-client-id \
BATON_BOX_CLIENT_SECRET=sim-client-secret \
BATON_ENTERPRISE_ID=700001 \
BATON_BASE_URL="http://127.0.0.1:${PORT}" \
  dist/baton-box --file "${OUT}" 2>"${LOG}" || { tail -n 5 "${LOG}"; exit 1; }

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
FIRST_GROUP=$(baton resources -t group -o json | grep -o '"resource": *"[0-9]*"' | head -n 1 | grep -o '[0-9]*')
baton grants -t group -r "${FIRST_GROUP}"
echo
echo "== totals"
baton stats | tail -n 12
