# Sourced by the scripts of peers/octavia: where everything lives, and small helpers.
#
# Everything the peer writes goes under OCTAVIA_RUN_DIR (default: .octavia-run in the repository, git-ignored):
#   etc/octavia.conf   the configuration the API and the migrations read (passed with --config-file)
#   db/data            the private MariaDB's data directory
#   db/mysqld.sock     its unix socket (no TCP port)
#   log/               the MariaDB's, the API's and Octavia's own logs
#   *.pid              the processes the peer started, and nothing else

PEER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PEER_DIR/../.." && pwd)"
OCTAVIA_RUN_DIR="${OCTAVIA_RUN_DIR:-$REPO_ROOT/.octavia-run}"
mkdir -p "$OCTAVIA_RUN_DIR"
OCTAVIA_RUN_DIR="$(cd "$OCTAVIA_RUN_DIR" && pwd)"
export OCTAVIA_RUN_DIR

OCTAVIA_PORT="${OCTAVIA_PORT:-9876}"
OCTAVIA_URL="http://127.0.0.1:$OCTAVIA_PORT"
OCTAVIA_CONF="$OCTAVIA_RUN_DIR/etc/octavia.conf"
LOG_DIR="$OCTAVIA_RUN_DIR/log"
DB_DIR="$OCTAVIA_RUN_DIR/db"
DB_DATA="$DB_DIR/data"
DB_PID_FILE="$OCTAVIA_RUN_DIR/mariadbd.pid"
API_PID_FILE="$OCTAVIA_RUN_DIR/octavia-api.pid"
# A unix socket path may hold at most 107 bytes: a deep run folder gets its socket in a folder of the temp dir,
# named after the run folder so every script finds the same one.
DB_SOCK="$DB_DIR/mysqld.sock"
if [ "${#DB_SOCK}" -gt 100 ]; then
  DB_SOCK="${TMPDIR:-/tmp}/octavia-db-$(printf %s "$OCTAVIA_RUN_DIR" | md5sum | cut -c1-12)/mysqld.sock"
fi
DB_NAME=octavia
DB_USER=octavia
DB_PASSWORD=octavia
# Debian's interpreter, which imports the octavia package (a python3 earlier in PATH, e.g. pyenv's, does not).
PYTHON=/usr/bin/python3

log() { echo "octavia: $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# pid_of FILE NEEDLE: the pid in FILE when that process still runs and its command line holds NEEDLE, else nothing.
# The check keeps a stale pid file from naming some unrelated process that got the same pid.
pid_of() {
  local pid
  [ -s "$1" ] || return 0
  pid="$(cat "$1")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"; then
    echo "$pid"
  fi
}

# stop_pid FILE NEEDLE NAME: TERM, up to 10 s, then KILL, the process of FILE; removes FILE.
stop_pid() {
  local pid
  pid="$(pid_of "$1" "$2")"
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    log "$3 stopped (pid $pid)"
  fi
  rm -f "$1"
}
