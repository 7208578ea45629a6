#!/usr/bin/env bash
# The Octavia API of the peer (app.py) on 127.0.0.1:$OCTAVIA_PORT.
#   api.sh start   starts it in the background in the settle mode OCTAVIA_SETTLE (sync or poll; poll settles
#                  every OCTAVIA_SETTLE_INTERVAL seconds, default 0.1); waits until it listens
#   api.sh stop    stops the API started by api.sh start (by its pid only)
# Its output goes to $OCTAVIA_RUN_DIR/log/octavia-api.out, Octavia's own log to log/octavia.log.
set -euo pipefail
source "$(dirname "$0")/env.sh"

READY_FILE="$OCTAVIA_RUN_DIR/octavia-api.ready"
OUT="$LOG_DIR/octavia-api.out"

start() {
  if [ -n "$(pid_of "$API_PID_FILE" "$PEER_DIR/app.py")" ]; then
    log "the API already runs (pid $(cat "$API_PID_FILE")); stop it first to change its mode"
    exit 1
  fi
  [ -f "$OCTAVIA_CONF" ] || {
    log "no $OCTAVIA_CONF: run configure.sh first"
    exit 1
  }
  mkdir -p "$LOG_DIR"
  rm -f "$READY_FILE"
  local logged
  logged=$(stat -c %s "$OUT" 2>/dev/null || echo 0)
  local args=(--config-file "$OCTAVIA_CONF" --settle "${OCTAVIA_SETTLE:-sync}" --ready-file "$READY_FILE")
  [ -n "${OCTAVIA_SETTLE_INTERVAL:-}" ] && args+=(--interval "$OCTAVIA_SETTLE_INTERVAL")
  # PYTHONWARNINGS: the deprecation warnings of the libraries would drown the log. No PYTHONPATH or virtualenv
  # of the caller's may reach Debian's interpreter.
  PYTHONWARNINGS=ignore PYTHONPATH='' PYTHONDONTWRITEBYTECODE=1 \
    nohup "$PYTHON" "$PEER_DIR/app.py" "${args[@]}" >>"$OUT" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$API_PID_FILE"
  for _ in $(seq 1 1200); do
    [ -s "$READY_FILE" ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the API exited while starting; it wrote ($OUT):"
      tail -c +"$((logged + 1))" "$OUT" | tail -n 15 >&2
      rm -f "$API_PID_FILE"
      exit 1
    fi
    sleep 0.1
  done
  log "the API did not come up within 120 s; see $OUT"
  stop
  exit 1
}

stop() {
  stop_pid "$API_PID_FILE" "$PEER_DIR/app.py" "the API"
  rm -f "$READY_FILE"
}

case "${1:-}" in
  start | stop) "$1" ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
