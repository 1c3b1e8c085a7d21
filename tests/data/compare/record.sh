#!/usr/bin/env bash
# record.sh - record two-period sets of real PostgreSQL 15 logs for
# `faultline compare` (issue 10): a "change" pair (a baseline week, then the
# same application a week later after a release) and a "control" pair (two
# weeks with no change at all).
#
# One throw-away cluster per pair under one mktemp -d directory, run as a
# non-root user (postgres when started by root) on 127.0.0.1 and a private
# unix socket, port FL_COMPARE_PORT (default 54361).  The server runs under
# libfaketime (Debian's faketime) with a fixed offset so that period 1 is
# logged on Tuesday 2026-11-17 (ISO week 2026-W47) and period 2 on Tuesday
# 2026-11-24 (2026-W48), both from about 10:00 UTC.  Each period is one
# server start: the shop of samples/incident/workload/setup.sql is loaded
# (not logged) before period 1; the server is stopped after each period and
# its log moved to SET/before/postgresql.log.gz or SET/after/...; for the
# change pair the release's DDL runs (logged, log_statement = ddl) right
# after the period-2 start, before its load.
#
# The load: one rate-limited pgbench per query shape (so each shape's rate
# is exact and independent of the others) plus one psql session for the
# event inserts (pgbench stops a client at its first error; the inserts
# must go on failing).  Rates per second, period 1 -> period 2 (change):
#   order_history     8 -> 8   regressed  DROP INDEX orders_customer_id_idx
#   orders_window     3 -> 3   improved   CREATE INDEX orders_created_at_idx
#   product_page      5 -> 10  volume     (same plan, twice the calls)
#   category_page     3 -> 0   vanished
#   customer_search   0 -> 2   new
#   track_event      ~4 -> ~4  errors_up  ADD CONSTRAINT events_kind_check
#                                         (30% of the inserts use kind 'scroll')
#   customer_profile  5 -> 5   unchanged
#   order_detail      3 -> 3   unchanged
# The control pair runs the period-1 load twice, no DDL.
#
# Usage: bash tests/data/compare/record.sh [change|control|all]
# Environment: FL_COMPARE_SECONDS (load per period, default 60),
#   FL_COMPARE_PORT, FL_COMPARE_OUT (write SET/ under DIR instead of next to
#   this script), FL_KEEP_WORK=1 (keep the scratch dir), PGBIN.
# Outputs: SET/{before,after}/postgresql.log.gz and SET/truth.json (measured
# with gawk from the raw logs by truth.awk, never with faultline).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
WL=$REPO/samples/incident/workload
BENCH=$WL/bench
PGBIN=${PGBIN:-$(pg_config --bindir)}
PORT=${FL_COMPARE_PORT:-54361}
SECS=${FL_COMPARE_SECONDS:-60}
OUT=${FL_COMPARE_OUT:-$HERE}
SEED=20261117
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
NC=50000 NP=2000 NO=100000 NE=150000
P1_START="2026-11-17 10:00:00 UTC"
P2_START="2026-11-24 10:00:00 UTC"
export TZ=UTC LC_ALL=C

WORK="" PG_DIR="" FAKE_OFF=0 REAL_START=0 OWNER="" AS=() BG=()

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'record: error: %s\n' "$*" >&2; exit 1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
    local rc=$? p
    for p in "${BG[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${BG[@]}"; do wait "$p" 2>/dev/null || true; done
    [ -z "$PG_DIR" ] || pg_stop || true
    if [ -n "${FL_KEEP_WORK:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}

pg_conf() {
    cat <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$1'
max_connections = 40
shared_buffers = '128MB'
logging_collector = on
log_directory = '$1/log'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
log_destination = 'stderr'
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
lc_messages = 'C'
log_min_duration_statement = 0
log_statement = 'ddl'
log_checkpoints = on
autovacuum = off
EOF
}

# fake_rc DIR START - write the libfaketime offset that puts now at START.
fake_rc() {
    FAKE_OFF=$(( $(date -u -d "$2" +%s) - $(date -u +%s) ))
    printf '%+d\n' "$FAKE_OFF" > "$1/faketime.rc"
}

# faked DIR CMD... - run CMD as the server's owner under libfaketime.  The
# offset is read from a file: the postmaster overwrites its original
# environment with its ps title, where libfaketime would read FAKETIME.
faked() {
    local dir=$1; shift
    (cd "$dir" && "${AS[@]}" env LD_PRELOAD="$LIBFAKETIME" FAKETIME_TIMESTAMP_FILE="$dir/faketime.rc" \
        FAKETIME_DONT_FAKE_MONOTONIC=1 "$@")
}

# pg_run DIR START - start the server with its clock at START.
pg_run() {
    fake_rc "$1" "$2"
    faked "$1" "$PGBIN/pg_ctl" -D "$1/data" -l "$1/pg_ctl.out" -w -t 60 start >/dev/null ||
        { cat "$1/pg_ctl.out" >&2; die "server did not start"; }
    PG_DIR=$1
}

# unfake LOG OFF - libfaketime stops faking inside its select() wrapper, so
# what the postmaster logs from its signal handlers while it waits in
# select() (ready to accept connections, the shutdown lines) carries the
# real clock; add the offset to those stamps (any stamp within a day after
# the recording started: the faked ones are weeks away), as the server's
# faked clock would have written them.
unfake() {
    gawk -v off="$2" -v real="$REAL_START" '
        match($0, /^([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{3} UTC )/, m) {
            t = mktime(m[1] " " m[2] " " m[3] " " m[4] " " m[5] " " m[6], 1)
            if (t >= real && t < real + 86400) {
                $0 = strftime("%Y-%m-%d %H:%M:%S", t + off, 1) m[7] substr($0, RLENGTH + 1)
                n++
            }
        }
        { print }
        END { print n + 0 > "/dev/stderr" }' "$1"
}

pg_stop() {
    local dir=$PG_DIR
    PG_DIR=""
    (cd "$dir" && "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop) >/dev/null
}

# pg_init DIR - a fresh cluster with the shop loaded (setup is not logged).
pg_init() {
    local dir=$1
    port_free "$PORT" || die "port $PORT is in use (set FL_COMPARE_PORT)"
    mkdir -p "$dir"; chown "$OWNER" "$dir"
    fake_rc "$dir" "$P1_START - 10 minutes"
    (faked "$dir" "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C --no-sync) >"$dir/initdb.out" 2>&1 || { cat "$dir/initdb.out" >&2; die "initdb failed"; }
    pg_conf "$dir" >> "$dir/data/postgresql.conf"
    pg_run "$dir" "$P1_START - 5 minutes"
    PGOPTIONS='-c log_statement=none -c log_min_duration_statement=-1' \
        "$PGBIN/psql" -X -q -h "$dir" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -v n_customers="$NC" -v n_products="$NP" -v n_orders="$NO" -v n_events="$NE" \
        -f "$WL/setup.sql" >/dev/null
    pg_stop
    rm -f "$dir/log/postgresql.log"     # the setup's server run is not part of a period
}

# shape NAME RATE - a pgbench of one script at RATE per second for SECS.
shape() {
    local name=$1 rate=$2 file
    [ "$rate" -gt 0 ] || return 0
    file=$BENCH/$name.sql
    [ -f "$file" ] || file=$HERE/bench/$name.sql
    "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U app --random-seed="$SEED" -M simple \
        -D nc="$NC" -D np="$NP" -D no="$NO" -c 2 -j 1 -R "$rate" -T "$SECS" -f "$file" shop \
        >"$WORK/pgbench-$name.out" 2>&1 &
    BG+=($!)
}

# events_driver - psql inserting events (30% kind 'scroll') about 4 a
# second for SECS; errors do not stop it.
events_driver() {
    gawk -v n="$((SECS * 4))" -v seed="$SEED" -v nc="$NC" 'BEGIN {
        srand(seed)
        for (i = 0; i < n; i++) {
            kind = rand() < 0.3 ? "scroll" : "view"
            printf "INSERT INTO events (customer_id, kind, payload) VALUES (%d, '\''%s'\'', jsonb_build_object('\''page'\'', %d));\n",
                1 + int(rand() * nc), kind, 1 + int(rand() * 97)
            print "\\! sleep 0.24"
        } }' > "$WORK/events.sql"
    "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U app -d shop -f "$WORK/events.sql" \
        >"$WORK/events.out" 2>&1 &
    BG+=($!)
}

# load P1|P2 - the period's load; returns when it is over.
load() {
    local p
    BG=()
    shape order-history 8
    shape orders-window 3
    shape customer-profile 5
    shape order-detail 3
    if [ "$1" = P1 ]; then
        shape product-page 5; shape category-page 3
    else
        shape product-page 10; shape customer-search 2
    fi
    events_driver
    for p in "${BG[@]}"; do wait "$p" || die "a load process failed (see $WORK)"; done
    BG=()
    grep -h '^number of failed transactions' "$WORK"/pgbench-*.out | grep -vq ' 0 ' &&
        die "a pgbench had failed transactions" || true
}

# ddl SQL - a release statement, as the deploy role (logged).
ddl() {
    "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U deploy -d shop -v ON_ERROR_STOP=1 -c "$1" >/dev/null
    say "  ddl: $1"
}

RELEASE=(
    "DROP INDEX orders_customer_id_idx"
    "CREATE INDEX orders_created_at_idx ON orders (created_at)"
    "ALTER TABLE events ADD CONSTRAINT events_kind_check CHECK (kind IN ('view', 'click', 'search', 'cart')) NOT VALID"
)

# period SET DIR WHEN before|after P1|P2 DDL... - one server start: the
# DDL, the load of P1 or P2, stop, keep the log as SET/before|after.
period() {
    local set=$1 dir=$2 when=$3 side=$4 which=$5 out=$OUT/$1/$4 raw=$WORK/$1-$4.log s; shift 5
    pg_run "$dir" "$when"
    say "$set $side: server clock $(PGOPTIONS='-c log_min_duration_statement=-1' "$PGBIN/psql" -X -qAt -h "$dir" -p "$PORT" -U postgres -d postgres -c 'SELECT now()')"
    for s in "$@"; do ddl "$s"; done
    load "$which"
    pg_stop
    mkdir -p "$out"
    rm -f "$out"/postgresql.log*
    unfake "$dir/log/postgresql.log" "$FAKE_OFF" > "$raw" 2> "$WORK/unfaked"
    rm -f "$dir/log/postgresql.log"
    say "$set $side: $(cat "$WORK/unfaked") postmaster lines stamped with the real clock, shifted"
    gzip -9n -c "$raw" > "$out/postgresql.log.gz"
    chmod 644 "$out/postgresql.log.gz"
    say "$set $side: $(wc -l < "$raw") lines -> $out"
}

record() {
    local set=$1 dir=$WORK/$1
    say "recording '$set' (${SECS} s per period)"
    pg_init "$dir"
    period "$set" "$dir" "$P1_START" before P1
    if [ "$set" = change ]; then
        period "$set" "$dir" "$P2_START" after P2 "${RELEASE[@]}"
    else
        period "$set" "$dir" "$P2_START" after P1     # a week later, nothing changed
    fi
    gawk -f "$HERE/truth.awk" -v set="$set" -v seconds="$SECS" -v shapes="$HERE/shapes.tsv" \
        "$WORK/$set-before.log" "$WORK/$set-after.log" > "$OUT/$set/truth.json"
    chmod 644 "$OUT/$set/truth.json"
}

main() {
    local sets=() a
    [ $# -gt 0 ] || set -- all
    for a in "$@"; do
        case $a in
        all) sets+=(change control) ;;
        change | control) sets+=("$a") ;;
        *) die "unknown set '$a' (change, control or all)" ;;
        esac
    done
    [ -x "$PGBIN/postgres" ] || die "no PostgreSQL binaries in $PGBIN"
    [ -r "$LIBFAKETIME" ] || die "libfaketime is required (apt-get install faketime)"
    command -v gawk >/dev/null || die "gawk is required for the truth files"
    if [ "$(id -u)" -eq 0 ]; then OWNER=postgres; AS=(runuser -u postgres --); else OWNER=$(id -un); AS=(); fi
    REAL_START=$(date -u +%s)
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-compare.XXXXXX")
    chmod 755 "$WORK"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    for a in "${sets[@]}"; do record "$a"; done
}

main "$@"
