#!/usr/bin/env bash
# record.sh - record a real PostgreSQL 15 log of configuration changes for
# the config change records of the sql domain: ALTER SYSTEM SET (logged as
# a statement with log_min_duration_statement = 0), pg_reload_conf() and
# the server's 'parameter "NAME" changed to "VALUE"' lines, ALTER SYSTEM
# RESET.  A throw-away cluster in a mktemp -d directory, started as
# postgres when run as root, on 127.0.0.1 and a private socket, port
# FL_CONFIG_PORT (default 54351); writes postgresql.log next to this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${FL_CONFIG_PORT:-54351}
dir=$(mktemp -d)
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; AS=(runuser -u postgres --); else AS=(); fi
stop() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
(cd "$dir" && "${AS[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync) >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
logging_collector = off
log_line_prefix = '%m [%p] '
log_min_duration_statement = 0
log_timezone = 'UTC'
CONF
(cd "$dir" && "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start) >/dev/null
sql() { "${AS[@]}" "$PGBIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -c "$1" >/dev/null; }
sql "ALTER SYSTEM SET work_mem = '64MB'"
sql "SELECT pg_reload_conf()"
sleep 1
sql "ALTER SYSTEM SET random_page_cost TO 1.1"
sql "SELECT pg_reload_conf()"
sleep 1
sql "ALTER SYSTEM RESET work_mem"
sql "SELECT pg_reload_conf()"
sleep 1
"${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
cp "$dir/server.log" "$here/postgresql.log"
