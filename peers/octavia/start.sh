#!/usr/bin/env bash
# Brings the Octavia peer up and seeds it; prints the suite's TARGET_* settings (shell assignments) on stdout,
# everything else on stderr:
#     eval "$(bash peers/octavia/start.sh)"
# Steps: install what is missing (install.sh), write the configuration (configure.sh), start the private
# MariaDB and run Octavia's migrations (db.sh), (re)start the API in the settle mode OCTAVIA_SETTLE (api.sh),
# seed a load balancer and two pools (seed.py). A running API of the peer is restarted, so that this call's
# mode and port apply. OCTAVIA_RESET_DB=1 drops Octavia's database first: a new load balancer and pools, and
# nothing left from earlier runs. Exit code 1 when a step fails; stop.sh stops what was started.
set -euo pipefail
source "$(dirname "$0")/env.sh"

step() { # NAME COMMAND...: runs one step, logs its time
  local t
  t=$(now_ms)
  "${@:2}" >&2 || {
    log "$1 failed"
    exit 1
  }
  log "$1: $(($(now_ms) - t)) ms"
}

step install bash "$PEER_DIR/install.sh"
step configuration bash "$PEER_DIR/configure.sh"
step "database start" bash "$PEER_DIR/db.sh" start
bash "$PEER_DIR/api.sh" stop
if [ "${OCTAVIA_RESET_DB:-}" = 1 ]; then
  step "database wiped and migrated" bash "$PEER_DIR/db.sh" reset
else
  step migrations bash "$PEER_DIR/db.sh" migrate
fi
step "API start (settle=${OCTAVIA_SETTLE:-sync}${OCTAVIA_SETTLE_INTERVAL:+ every $OCTAVIA_SETTLE_INTERVAL s}, $OCTAVIA_URL)" \
  bash "$PEER_DIR/api.sh" start
t=$(now_ms)
PYTHONPATH='' "$PYTHON" "$PEER_DIR/seed.py" --url "$OCTAVIA_URL" || {
  log "seeding failed"
  exit 1
}
log "seed: $(($(now_ms) - t)) ms"
