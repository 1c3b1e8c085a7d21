#!/usr/bin/env bash
# record-mariadb-incident.sh - record a MariaDB incident for faultline's
# timeline command: slow log (long_query_time = 0) and general log of a real
# MariaDB 10.11 server running in a non-UTC zone (TZ=America/New_York, so
# both logs carry local times with no zone), where dropping the index the
# hot query uses shifts its latency until the index is created again.
#
# One throw-away datadir under a mktemp -d directory; mariadbd runs as mysql
# (when started by root) on 127.0.0.1 and a private unix socket only, on a
# non-default port, and is shut down at the end (the EXIT trap stops it if
# anything fails). The data is loaded before statement logging is switched
# on (SET GLOBAL), so the logs start with the application already running.
# Three `mariadb` clients feed seeded SQL (workload/mariadb/gen-client.awk,
# paced by "\! sleep"); this script applies the DDL at fixed offsets and
# notes its own clock; workload/mariadb/truth-mariadb.awk (gawk only)
# writes the truth.
#
# Usage: bash samples/incident/record-mariadb-incident.sh
#   -> tests/data/incidents/mariadb-incident/{slow.log.gz,general.log.gz,
#      scenario.truth,scenario.buckets.tsv}
# Environment: FL_MY_PORT (default 33079), FL_SEED (default 20261206),
#   FL_TZ (default America/New_York), FL_INCIDENT_OUT (write to DIR/NAME),
#   FL_KEEP_WORK=1 keeps the scratch directory.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WL=$HERE/workload/mariadb
# shellcheck source=../workload/lib.sh
. "$REPO/samples/workload/lib.sh"

NAME=mariadb-incident
PORT=${FL_MY_PORT:-33079}
SEED=${FL_SEED:-20261206}
ZONE=${FL_TZ:-America/New_York}
DEST=${FL_INCIDENT_OUT:+$FL_INCIDENT_OUT/$NAME}
DEST=${DEST:-$REPO/tests/data/incidents/$NAME}
OWNER=$(fl_owner mysql)
TOTAL=180 CLIENTS=3 PACE=0.15
CULPRIT="DROP INDEX orders_customer_idx ON orders"
FIX="CREATE INDEX orders_customer_idx ON orders (customer_id)"
HOT='^SELECT id, status, total, created_at FROM orders WHERE customer_id = '
FL_WORK="" MY_DIR="" MY_PID="" CLIENT_PIDS=() NSTEP=0 T0=0

cleanup() {
    local rc=$? p
    for p in "${CLIENT_PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
    if [ -n "$MY_DIR" ]; then my_stop || true; fi
    if [ -n "${FL_KEEP_WORK:-}" ]; then fl_say "kept $FL_WORK"; else rm -rf "$FL_WORK"; fi
    exit "$rc"
}

pin() { # CPU CMD... - one CPU per side when there are two or more
    local cpu=$1; shift
    if [ "$(nproc)" -ge 2 ] && command -v taskset > /dev/null; then taskset -c "$cpu" "$@"; else "$@"; fi
}

my_root() { mariadb --no-defaults -S "$MY_DIR/mysqld.sock" -uroot "$@"; }
my_tcp() { pin 1 mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" "$@"; }
utc() { date -u '+%Y-%m-%d %H:%M:%S.%6N UTC'; }

my_start() {
    local dir=$FL_WORK/$NAME i
    fl_port_free "$PORT" || fl_die "port $PORT is in use (set FL_MY_PORT)"
    mkdir -p "$dir"; chown "$OWNER" "$dir"; chmod 755 "$dir"
    (cd "$dir" && fl_as "$OWNER" mariadb-install-db --no-defaults --datadir="$dir/data" \
        --auth-root-authentication-method=normal --skip-test-db) > "$dir/install.out" 2>&1 ||
        { tail -n 20 "$dir/install.out" >&2; fl_die "mariadb-install-db failed"; }
    MY_DIR=$dir
    # The zone comes from the environment (system_time_zone), as on a server
    # whose host runs in local time; the logs then carry local times.
    local cpu0=()
    if [ "$(nproc)" -ge 2 ] && command -v taskset > /dev/null; then cpu0=(taskset -c 0); fi
    (cd "$dir" && fl_as "$OWNER" env TZ="$ZONE" "${cpu0[@]}" mariadbd --no-defaults \
        --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
        --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve --max-connections=30 \
        --log-error="$dir/error.log" --log-output=FILE \
        --slow-query-log=OFF --slow-query-log-file="$dir/slow.log" --long-query-time=0 \
        --general-log=OFF --general-log-file="$dir/general.log" \
        --innodb-buffer-pool-size=128M) > "$dir/mariadbd.out" 2>&1 &
    MY_PID=$!
    for i in $(seq 150); do
        mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot ping > /dev/null 2>&1 && break
        kill -0 "$MY_PID" 2> /dev/null || { tail -n 20 "$dir/error.log" >&2; fl_die "mariadbd died"; }
        sleep 0.2
    done
    mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot ping > /dev/null || fl_die "mariadbd did not come up"
    fl_say "mariadb up on 127.0.0.1:$PORT, TZ=$ZONE"
}

my_stop() {
    local dir=$MY_DIR
    MY_DIR=""
    mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot shutdown > /dev/null 2>&1 || true
    wait "$MY_PID" 2> /dev/null || true
}

at() { # OFFSET - sleep until OFFSET seconds after the workload start
    local left=$(( T0 + $1 * 1000000 - $(date -u +%s%6N) ))
    if [ "$left" -gt 0 ]; then sleep "$(awk -v u="$left" 'BEGIN { printf "%.3f", u / 1e6 }')"; fi
}

step() { # LABEL SQL - one change, as deploy over TCP, noting the clock
    local t1 t2
    t1=$(utc); my_tcp -udeploy shop -e "$2"; t2=$(utc)
    NSTEP=$((NSTEP + 1))
    [ "$NSTEP" -gt 1 ] || FIRST_STEP=$(date -u +%s)
    printf 'step.%d.label=%s\nstep.%d.action=%s\nstep.%d.script_start=%s\nstep.%d.script_end=%s\n' \
        "$NSTEP" "$1" "$NSTEP" "$2" "$NSTEP" "$t1" "$NSTEP" "$t2" >> "$FL_WORK/steps"
    fl_say "step $NSTEP $1: $2"
}

main() {
    local c dir
    command -v mariadbd > /dev/null || PATH=$PATH:/usr/sbin
    command -v mariadbd > /dev/null || fl_die "mariadbd not found (Debian: mariadb-server)"
    command -v gawk > /dev/null || fl_die "gawk is required for the truth"
    FL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-myinc.XXXXXX"); chmod 755 "$FL_WORK"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    my_start
    dir=$MY_DIR
    my_root < "$WL/setup.sql" > /dev/null
    for c in $(seq "$CLIENTS"); do
        gawk -f "$WL/gen-client.awk" -v seed="$SEED" -v client="$c" \
            -v iters="$(awk -v t="$TOTAL" -v p="$PACE" 'BEGIN { print int(t / p) }')" -v pace="$PACE" \
            > "$FL_WORK/client$c.sql"
    done
    my_root -e 'SET GLOBAL slow_query_log = ON; SET GLOBAL general_log = ON;'
    T0=$(date -u +%s%6N); WL_START=$(utc)
    for c in $(seq "$CLIENTS"); do
        timeout "$TOTAL" bash -c 'taskset -c 1 mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uapp shop < "$2"' \
            _ "$PORT" "$FL_WORK/client$c.sql" > /dev/null 2> "$FL_WORK/client$c.err" &
        CLIENT_PIDS+=($!)
    done
    at 60; step culprit "$CULPRIT"
    at 125; step fix "$FIX"
    for c in "${CLIENT_PIDS[@]}"; do wait "$c" || true; done   # timeout ends them (status 124)
    CLIENT_PIDS=()
    WL_END=$(utc)
    if grep -q '^ERROR' "$FL_WORK"/client*.err; then head -n 5 "$FL_WORK"/client*.err >&2; fl_die "client errors"; fi
    my_stop
    mkdir -p "$DEST"
    rm -f "$DEST"/slow.log.gz "$DEST"/general.log.gz "$DEST"/scenario.truth "$DEST"/scenario.buckets.tsv
    fl_gz "$dir/slow.log" "$DEST/slow.log.gz"; fl_gz "$dir/general.log" "$DEST/general.log.gz"
    {
        cat << 'HDR'
# scenario.truth - ground truth of the MariaDB incident recording, written by
# samples/incident/record-mariadb-incident.sh; measured with gawk
# (samples/incident/workload/mariadb/truth-mariadb.awk) from the raw logs and
# the recorder's clock, never with faultline. key=value, one per line.
#
# tz: the server's zone (mariadbd's TZ); both logs write local times in it
#   with no zone, so faultline must be run with --tz TZ. utc_offset: its
#   offset during the recording. The slow log's "SET timestamp=N" is the
#   query's start in epoch seconds (zone-free): the truth is computed from it.
# step.N.*: the recorder's clock (UTC) around each change.
# change.N.*: DDL entries of the slow log: start (SET timestamp, UTC, whole
#   seconds), query_time_us, end = start + query time, statement, and the
#   general log's local time of the same statement (general_log_time, as
#   written) converted with tz (general_log_utc): a cross-check of the zone.
# culprit / fix: the change.N the recorder broke things with / fixed them.
# hot.*: the hot shape (shape_hot, an ERE on the statement's first line):
#   10 s buckets of start times, baseline = entries starting before the
#   first step; onset = first bucket (>= min_bucket_entries) whose median
#   > 3 x baseline median, recovery = first later bucket < 1.5 x, peak.
# verdict: what the recorder did (change: the culprit caused the shift).
HDR
        printf 'scenario=%s\n' "$NAME"
        printf 'description=%s\n' "MariaDB slow log (long_query_time = 0) + general log, server in $ZONE (local times, no zone): DROP INDEX of the index the hot query uses at 60 s, CREATE INDEX back at 125 s"
        printf 'log_files=slow.log.gz general.log.gz\n'
        printf 'server=%s\n' "$(mariadbd --version)"
        printf 'tz=%s\n' "$ZONE"
        printf 'utc_offset=%s\n' "$(TZ=$ZONE date +%z)"
        printf 'seed=%s\n' "$SEED"
        printf 'data=customers 20000, orders 200000 (index orders_customer_idx on customer_id)\n'
        printf 'load=%s clients, each: hot query, customer lookup, order by id, sleep %s s\n' "$CLIENTS" "$PACE"
        printf 'workload_start=%s\nworkload_end=%s\n' "$WL_START" "$WL_END"
        printf 'verdict=change\nhot_shape=hot\nshape_hot=%s\n' "$HOT"
        cat "$FL_WORK/steps"
        TZ=$ZONE gawk -f "$WL/truth-mariadb.awk" -v hot="$HOT" -v wl_start="$((T0 / 1000000))" \
            -v first_step="$FIRST_STEP" -v culprit="$CULPRIT" -v fix="$FIX" \
            -v buckets="$DEST/scenario.buckets.tsv" "$dir/slow.log" "$dir/general.log"
    } > "$DEST/scenario.truth"
    chmod 644 "$DEST"/*
    fl_say "wrote $DEST: $(grep -E '^hot\.(baseline_median_us|onset|peak_median_us|recovery)=' "$DEST/scenario.truth" | tr '\n' ' ')"
}

main "$@"
