#!/usr/bin/env bash
# Installs, with apt-get, what the Octavia peer needs and is missing; does nothing when all is there.
#   python3-octavia        the Octavia API (Debian bookworm: 11.0.0) and its migrations (octavia-db-manage)
#   python3-pymysql        the database driver Octavia's SQLAlchemy uses for MariaDB
#   mariadb-server-core    mariadbd and mariadb-install-db; the peer runs its own server from them
#   mariadb-client-core    the mariadb client (creates the database) and my_print_defaults (install-db needs it)
# Not the full mariadb-server package: it would also install, enable and on most machines start the system's
# MariaDB service on port 3306, which the peer does not use and would leave behind.
set -euo pipefail
source "$(dirname "$0")/env.sh"

PACKAGES=(python3-octavia python3-pymysql mariadb-server-core mariadb-client-core)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command -v apt-get >/dev/null || {
  log "missing ${missing[*]}, and there is no apt-get: the Octavia peer needs Debian (bookworm) packages"
  exit 1
}
[ "$(id -u)" = 0 ] || {
  log "missing ${missing[*]}: run as root once to install them (apt-get install)"
  exit 1
}
# Waits for another apt or dpkg instead of failing on its lock.
APT=(apt-get -o DPkg::Lock::Timeout=600 -y --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive
t=$(now_ms)
log "installing ${missing[*]}"
# No package lists yet (a fresh container): fetch them first. Stale lists (a 404 on a superseded version): once more.
compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null || "${APT[@]}" update >&2
"${APT[@]}" install "${missing[@]}" >&2 || { "${APT[@]}" update >&2 && "${APT[@]}" install "${missing[@]}" >&2; }
log "installed in $(($(now_ms) - t)) ms"
