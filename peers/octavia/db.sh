#!/usr/bin/env bash
# The private MariaDB of the Octavia peer: its data in $OCTAVIA_RUN_DIR/db, a unix socket only (no TCP port),
# started from the mariadbd binary with no configuration file of the system's.
#   db.sh start     initialises the data directory the first time, starts mariadbd (nothing if ours runs)
#   db.sh migrate   creates Octavia's database and user when missing, runs Octavia's own migrations
#                   (octavia-db-manage upgrade head; quick when already at head)
#   db.sh reset     drops Octavia's database (the API must not be running), then migrate
#   db.sh stop      stops the mariadbd started by db.sh start (by its pid only)
set -euo pipefail
source "$(dirname "$0")/env.sh"

ME="$(id -un)"
# mariadbd refuses to run as root unless told so; as anyone else --user only draws a warning.
AS_USER=()
[ "$(id -u)" = 0 ] && AS_USER=(--user=root)
# The account install-db makes for the OS user running it, authenticated by the socket: no password anywhere.
sql() { mariadb --no-defaults --socket="$DB_SOCK" --user="$ME" "$@"; }

start() {
  if [ -n "$(pid_of "$DB_PID_FILE" mariadbd)" ]; then return 0; fi
  mkdir -p "$DB_DIR" "$LOG_DIR" "$(dirname "$DB_SOCK")"
  if [ ! -d "$DB_DATA/mysql" ]; then
    rm -rf "$DB_DATA"
    mariadb-install-db --no-defaults --datadir="$DB_DATA" "${AS_USER[@]}" \
      --auth-root-authentication-method=socket --auth-root-socket-user="$ME" --skip-test-db \
      >>"$LOG_DIR/mariadb-install-db.log" 2>&1 || {
      log "mariadb-install-db failed; see $LOG_DIR/mariadb-install-db.log"
      exit 1
    }
  fi
  rm -f "$DB_SOCK"
  nohup mariadbd --no-defaults --datadir="$DB_DATA" --socket="$DB_SOCK" --skip-networking \
    --pid-file="$DB_DIR/mariadbd.pid" --log-error="$LOG_DIR/mariadbd.err" "${AS_USER[@]}" \
    >/dev/null 2>&1 </dev/null &
  echo $! >"$DB_PID_FILE"
  for _ in $(seq 1 600); do
    if sql -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    kill -0 "$(cat "$DB_PID_FILE")" 2>/dev/null || break
    sleep 0.1
  done
  log "mariadbd did not come up; see $LOG_DIR/mariadbd.err"
  stop
  exit 1
}

migrate() {
  sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`;
    CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
    GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';"
  octavia-db-manage --config-file "$OCTAVIA_CONF" upgrade head >>"$LOG_DIR/migrations.log" 2>&1 || {
    log "Octavia's migrations failed; see $LOG_DIR/migrations.log"
    exit 1
  }
}

reset() {
  sql -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"
  migrate
}

stop() { stop_pid "$DB_PID_FILE" mariadbd MariaDB; }

case "${1:-}" in
  start | migrate | reset | stop) "$1" ;;
  *)
    echo "usage: $0 start|migrate|reset|stop" >&2
    exit 2
    ;;
esac
