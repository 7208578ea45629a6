#!/usr/bin/env bash
# npm run conformance:octavia [-- playwright arguments]
#
# Runs the conformance suite, profile `octavia`, against the real OpenStack Octavia API (Debian's
# python3-octavia) on 127.0.0.1: brings the peer up and seeds it (start.sh), runs scripts/conformance.ts with
# the seed's TARGET_* settings, stops the peer (stop.sh), also on SIGINT or SIGTERM. See docs/octavia.md.
#
# Environment (all optional):
#   OCTAVIA_SETTLE            sync (default): writes settle before their answer leaves; poll: in the background
#   OCTAVIA_SETTLE_INTERVAL   seconds between settle passes in poll mode (default 0.1)
#   OCTAVIA_KEEP=1            leave the API and its MariaDB running afterwards (stop.sh stops them)
#   OCTAVIA_RESET_DB=1        drop Octavia's database first: new load balancer and pools, no leftovers
#   OCTAVIA_PORT              the API's port on 127.0.0.1 (default 9876)
#   OCTAVIA_RUN_DIR           configuration, database, logs, pids (default .octavia-run in the repository)
#   TARGET_V2_ADDRESS_CIDR, TARGET_V2_SUBNET_CIDR, TARGET_V2_SUBNET_ID override the seed's values (an empty
#   TARGET_V2_SUBNET_ID: members without subnet_id, which Octavia allows); CONFORMANCE_* pass through
#   (CONFORMANCE_WORKERS defaults to 1).
# Exit code: the suite's (0 conforms, 1 does not, 2 configuration error); 2 as well when the peer cannot be
# installed, started or seeded.
set -euo pipefail
source "$(dirname "$0")/env.sh"

export OCTAVIA_SETTLE="${OCTAVIA_SETTLE:-sync}"
case "$OCTAVIA_SETTLE" in
  sync | poll) ;;
  *)
    log "OCTAVIA_SETTLE=\"$OCTAVIA_SETTLE\" must be sync or poll"
    exit 2
    ;;
esac
if [ -n "${OCTAVIA_SETTLE_INTERVAL:-}" ]; then
  [[ "$OCTAVIA_SETTLE_INTERVAL" =~ ^[0-9]*\.?[0-9]+$ && ! "$OCTAVIA_SETTLE_INTERVAL" =~ ^[0.]+$ ]] || {
    log "OCTAVIA_SETTLE_INTERVAL=\"$OCTAVIA_SETTLE_INTERVAL\" must be a number of seconds above 0"
    exit 2
  }
  export OCTAVIA_SETTLE_INTERVAL
fi
[[ "$OCTAVIA_PORT" =~ ^[0-9]+$ ]] && [ "$OCTAVIA_PORT" -ge 1 ] && [ "$OCTAVIA_PORT" -le 65535 ] || {
  log "OCTAVIA_PORT=\"$OCTAVIA_PORT\" must be a port number"
  exit 2
}
export OCTAVIA_PORT

T0=$(now_ms)
SUITE_PID=
SIGNALLED=0

finish() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM # the clean-up runs to its end
  if [ "${OCTAVIA_KEEP:-}" = 1 ]; then
    log "OCTAVIA_KEEP=1: the API ($OCTAVIA_URL) and its MariaDB keep running; stop them with" \
      "OCTAVIA_RUN_DIR=$OCTAVIA_RUN_DIR bash $PEER_DIR/stop.sh"
  else
    bash "$PEER_DIR/stop.sh" >&2 || true
  fi
  log "total $(($(now_ms) - T0)) ms, exit code $rc"
  exit "$rc"
}
# While the suite runs, a signal goes on to it: it stops its tests and deletes the members it created, which
# needs the API; the peer stops once the suite has exited. Before, the run ends at once (after the current step).
on_signal() { # SIGNAL EXIT_CODE
  if [ -n "$SUITE_PID" ]; then
    SIGNALLED=1
    kill -s "$1" "$SUITE_PID" 2>/dev/null || true
  else
    exit "$2"
  fi
}
trap finish EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

# What the caller set for these wins over the seed's value.
declare -A OVERRIDES=()
for name in TARGET_V2_ADDRESS_CIDR TARGET_V2_SUBNET_CIDR TARGET_V2_SUBNET_ID; do
  if [ -n "${!name+set}" ]; then OVERRIDES[$name]="${!name}"; fi
done

TARGET="$(bash "$PEER_DIR/start.sh")" || exit 2
eval "$TARGET"
for name in "${!OVERRIDES[@]}"; do printf -v "$name" %s "${OVERRIDES[$name]}"; done
export TARGET_URL TARGET_PROFILE TARGET_PROJECT_ID TARGET_V2_POOL_ID TARGET_V2_OTHER_POOL_ID TARGET_V2_SUBNET_ID \
  TARGET_V2_SUBNET_CIDR TARGET_V2_ADDRESS_CIDR
# noauth: no token. Member calls take their project from the load balancer, so no X-Project-Id either.
unset TARGET_TOKEN
# One worker: the API serves one request at a time anyway, and a rejected JSON-number address that Octavia
# stores nonetheless makes the pool unlistable until that test deletes it, which another worker would see.
export CONFORMANCE_WORKERS="${CONFORMANCE_WORKERS:-1}"

cd "$REPO_ROOT"
t=$(now_ms)
node --import tsx scripts/conformance.ts "$@" &
SUITE_PID=$!
while :; do
  SIGNALLED=0
  wait "$SUITE_PID" && rc=0 || rc=$?
  [ "$SIGNALLED" = 1 ] || break # else the wait was cut short by a signal: wait on for the suite's own exit
done
SUITE_PID=
log "conformance run: $(($(now_ms) - t)) ms, exit code $rc"
exit "$rc"
