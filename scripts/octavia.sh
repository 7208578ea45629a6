#!/usr/bin/env bash
# npm run conformance:octavia [-- playwright args]
#
# Runs the conformance suite, profile `octavia`, against the real OpenStack Octavia API (Debian's
# python3-octavia) on 127.0.0.1:9876, set up and started by the scripts of ../shared/octavia (see
# docs/octavia.md). Steps: set-up (idempotent), start the API in the settle mode OCTAVIA_SETTLE, seed a
# load balancer and two pools, run `scripts/conformance.ts` with the TARGET_* variables, stop the API.
#
# Environment (all optional):
#   OCTAVIA_SETTLE           sync (default) | poll   how load balancers leave PENDING_* (shared/octavia README)
#   OCTAVIA_SETTLE_INTERVAL  seconds between settle passes in poll mode (the server's default: 0.1)
#   OCTAVIA_SCRIPTS          the folder of setup.sh/start.sh/seed.sh (default: ../shared/octavia beside the repo,
#                            else /work/shared/octavia)
#   OCTAVIA_RUN_DIR          pids and logs (default: .octavia-run in the repo, git-ignored)
#   OCTAVIA_KEEP=1           leave the API (and the MariaDB) running afterwards
#   OCTAVIA_RESET_DB=1       wipe Octavia's database first (setup.sh --reset-db): new load balancer and pools,
#                            no members left over from earlier runs
#   TARGET_V2_ADDRESS_CIDR, TARGET_V2_SUBNET_CIDR, CONFORMANCE_* pass through (defaults: TEST-NET-1, one worker);
#   TARGET_V2_SUBNET_ID= (set, empty) runs without subnet_id (Octavia then answers "subnet_id": null)
# Exit code: that of scripts/conformance.ts (0 conforms, 1 does not, 2 configuration error); 2 as well when
# Octavia cannot be set up, started or seeded.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${OCTAVIA_SCRIPTS:-}" ]; then
  if [ -f "$ROOT/../shared/octavia/start.sh" ]; then
    OCTAVIA_SCRIPTS="$(cd "$ROOT/../shared/octavia" && pwd)"
  else
    OCTAVIA_SCRIPTS=/work/shared/octavia
  fi
fi
[ -f "$OCTAVIA_SCRIPTS/start.sh" ] || {
  echo "octavia: no start.sh in $OCTAVIA_SCRIPTS (set OCTAVIA_SCRIPTS)" >&2
  exit 2
}
export OCTAVIA_RUN_DIR="${OCTAVIA_RUN_DIR:-$ROOT/.octavia-run}"
export OCTAVIA_SETTLE="${OCTAVIA_SETTLE:-sync}"
case "$OCTAVIA_SETTLE" in
  sync | poll) ;;
  *)
    echo "octavia: OCTAVIA_SETTLE=\"$OCTAVIA_SETTLE\" must be sync or poll (off never settles: no second write could succeed)" >&2
    exit 2
    ;;
esac
if [ -n "${OCTAVIA_SETTLE_INTERVAL:-}" ]; then export OCTAVIA_SETTLE_INTERVAL; fi
URL=http://127.0.0.1:9876
SOCK=/run/mysqld/mysqld.sock
log() { echo "octavia: $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(now_ms)

# Was a MariaDB already up before us? Then it is not ours to stop.
DB_WAS_UP=0
if command -v mariadb-admin >/dev/null 2>&1 && mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1; then DB_WAS_UP=1; fi

STARTED_API=0
finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "${OCTAVIA_KEEP:-}" = 1 ]; then
    log "OCTAVIA_KEEP=1: leaving the API running (stop with OCTAVIA_RUN_DIR=$OCTAVIA_RUN_DIR $OCTAVIA_SCRIPTS/stop.sh)"
  else
    if [ "$STARTED_API" = 1 ]; then "$OCTAVIA_SCRIPTS/stop.sh" >&2 || true; fi
    if [ "$DB_WAS_UP" = 0 ]; then "$OCTAVIA_SCRIPTS/db-stop.sh" >&2 || true; fi
  fi
  log "total $(($(now_ms) - T0)) ms, exit code $rc"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { # name command...: runs a set-up step, any failure is exit code 2
  local t=$(now_ms)
  if ! "${@:2}" >&2; then
    log "$1 failed"
    exit 2
  fi
  log "$1: $(($(now_ms) - t)) ms"
}

if [ "${OCTAVIA_RESET_DB:-}" = 1 ]; then
  # the API must not hold the database while it is dropped
  if [ -s "$OCTAVIA_RUN_DIR/octavia-api.pid" ]; then "$OCTAVIA_SCRIPTS/stop.sh" >&2 || true; fi
  step "set-up (database wiped)" bash "$OCTAVIA_SCRIPTS/setup.sh" --reset-db
else
  step "set-up" bash "$OCTAVIA_SCRIPTS/setup.sh"
fi

# start.sh leaves a running server alone whatever its settle mode: restart ours so OCTAVIA_SETTLE applies.
if [ -s "$OCTAVIA_RUN_DIR/octavia-api.pid" ]; then "$OCTAVIA_SCRIPTS/stop.sh" >&2 || true; fi
STARTED_API=1
step "start (settle=$OCTAVIA_SETTLE${OCTAVIA_SETTLE_INTERVAL:+, interval $OCTAVIA_SETTLE_INTERVAL s})" \
  bash "$OCTAVIA_SCRIPTS/start.sh"

t=$(now_ms)
SEED=$(bash "$OCTAVIA_SCRIPTS/seed.sh") || { log "seeding the load balancer and pool failed"; exit 2; }
eval "$SEED"
# The second pool, for the cross-pool cases: seed.sh again, reusing the load balancer, under another name.
SEED2=$(POOL_NAME=conformance-pool-2 bash "$OCTAVIA_SCRIPTS/seed.sh") || {
  log "seeding the second pool failed"
  exit 2
}
POOL2_ID=$(sed -n 's/^POOL_ID=//p' <<<"$SEED2")
[ -n "$POOL2_ID" ] && [ "$POOL2_ID" != "$POOL_ID" ] || { log "no second pool: $SEED2"; exit 2; }
log "seed: $(($(now_ms) - t)) ms (load balancer $LB_ID, pools $POOL_ID and $POOL2_ID, project $PROJECT_ID)"

# No TARGET_TOKEN: the API runs with auth_strategy = noauth, and member calls take the project from the
# load balancer, so the suite's requests need no X-Project-Id either.
unset TARGET_TOKEN
export TARGET_URL="$URL" TARGET_PROFILE=octavia TARGET_PROJECT_ID="$PROJECT_ID"
export TARGET_V2_POOL_ID="$POOL_ID" TARGET_V2_OTHER_POOL_ID="$POOL2_ID"
export TARGET_V2_SUBNET_ID="${TARGET_V2_SUBNET_ID-$SUBNET_ID}" # set but empty: no subnet_id (octavia: optional)
export TARGET_V2_ADDRESS_CIDR="${TARGET_V2_ADDRESS_CIDR:-192.0.2.0/26}"
export TARGET_V2_SUBNET_CIDR="${TARGET_V2_SUBNET_CIDR:-192.0.2.0/24}"
# One worker: the API is a single-threaded wsgiref server, so a second worker gains little; and the JSON-number
# address of V2-ADDRESS-FORMAT, which Octavia stores although it answers 400 (D7), breaks every listing of the
# pool until that test's clean-up deletes it; another worker listing the pool meanwhile would fail for it.
export CONFORMANCE_WORKERS="${CONFORMANCE_WORKERS:-1}"

cd "$ROOT"
t=$(now_ms)
set +e
npx tsx scripts/conformance.ts "$@"
rc=$?
set -e
log "conformance run: $(($(now_ms) - t)) ms, exit code $rc"
exit "$rc"
