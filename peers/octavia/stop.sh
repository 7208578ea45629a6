#!/usr/bin/env bash
# Stops the API and the MariaDB of the Octavia peer, by the pids start.sh recorded (nothing else).
set -uo pipefail
source "$(dirname "$0")/env.sh"
bash "$PEER_DIR/api.sh" stop
bash "$PEER_DIR/db.sh" stop
