#!/usr/bin/env bash
# Writes the configuration of the Octavia API and its migrations to $OCTAVIA_RUN_DIR/etc (rewritten on every
# run, so it always matches the port and the database socket of this run). Octavia reads it through
# --config-file; nothing goes to /etc.
#
# What makes it run on one machine without the rest of OpenStack:
#   auth_strategy = noauth   no Keystone: no token needed, every caller is an admin
#   noop_driver              the provider driver that accepts every change and hands it to nobody
#   *_noop_driver            network, compute, amphora, ... drivers that pretend: any subnet_id exists
#   transport_url = fake:/   no message queue
set -euo pipefail
source "$(dirname "$0")/env.sh"

ETC="$OCTAVIA_RUN_DIR/etc"
mkdir -p "$ETC" "$LOG_DIR"
# The socket path goes into a URL: quote what a URL cannot hold as it is.
SOCK_IN_URL="$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$DB_SOCK")"

# No rules of our own: Octavia's defaults. Named explicitly so that oslo.policy looks nowhere else (/etc).
echo '{}' >"$ETC/policy.yaml"

cat >"$OCTAVIA_CONF" <<CONF
[DEFAULT]
debug = False
log_file = $LOG_DIR/octavia.log
use_stderr = False
transport_url = fake:/

[api_settings]
bind_host = 127.0.0.1
bind_port = $OCTAVIA_PORT
api_base_uri = $OCTAVIA_URL
auth_strategy = noauth
enabled_provider_drivers = noop_driver:The no-op provider driver.
default_provider_driver = noop_driver
allow_pagination = True
allow_sorting = True
allow_filtering = True
allow_field_selection = True
pagination_max_limit = 1000

[database]
connection = mysql+pymysql://$DB_USER:$DB_PASSWORD@localhost/$DB_NAME?unix_socket=$SOCK_IN_URL&charset=utf8mb4

[controller_worker]
network_driver = network_noop_driver
compute_driver = compute_noop_driver
amphora_driver = amphora_noop_driver
volume_driver = volume_noop_driver
image_driver = image_noop_driver
distributor_driver = distributor_noop_driver

[oslo_policy]
policy_file = $ETC/policy.yaml

[audit]
enabled = False
CONF
