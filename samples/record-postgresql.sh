#!/usr/bin/env bash
# record-postgresql.sh - record real PostgreSQL 15 logs for samples/ and tests/data/pg/.
#
# Each recording initdb's a throw-away cluster under one mktemp -d directory,
# starts it as a non-root user (postgres when run as root) listening on
# 127.0.0.1 and a private unix socket only, on a non-default port, runs the
# seeded shop workload (samples/workload/pg/) and stops it; the EXIT trap
# stops a server left running and removes the scratch directory.
# Outputs are gzip -9n'd (samples) or plain (tests), each with a NAME.truth
# file computed by samples/workload/truth-pg.awk from the raw log.
#
# Usage: bash samples/record-postgresql.sh [all|samples|tests|RECORDING...]
#   RECORDING: default pgbadger csv json split logduration tz-ny tz-kolkata tz-colombo tz-dst
# Environment: FL_PG_PORT (default 54329), FL_SEED (pgbench seed, default 20261124),
#   FL_KEEP_WORK=1 keeps the scratch directory, PGBIN overrides $(pg_config --bindir).
set -euo pipefail

SAMPLES=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$SAMPLES")
WL=$SAMPLES/workload
# shellcheck source=workload/lib.sh
. "$WL/lib.sh"

PGBIN=${PGBIN:-$(pg_config --bindir)}
PORT=${FL_PG_PORT:-54329}
SEED=${FL_SEED:-20261124}
OWNER=$(fl_owner postgres)
TESTDATA=$REPO/tests/data/pg
PG_DIR=""      # scratch dir of the running server ("" when none runs)
FL_WORK=""     # scratch root, made by pg_init

# pg_init - scratch directory and the trap that stops the server and
# removes it on any exit.
pg_init() {
    FL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-pgrec.XXXXXX")
    chmod 755 "$FL_WORK"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

cleanup() {
    local rc=$?
    if [ -n "$PG_DIR" ]; then pg_stop || true; fi
    if [ -n "${FL_KEEP_WORK:-}" ]; then fl_say "kept $FL_WORK"; else rm -rf "$FL_WORK"; fi
    exit "$rc"
}

# Settings shared by every recording; per-recording settings are appended
# after them (the last occurrence in postgresql.conf wins).
pg_base_conf() {
    local dir=$1
    cat <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$dir'
max_connections = 40
shared_buffers = '32MB'
logging_collector = on
log_directory = '$dir/log'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
log_destination = 'stderr'
log_line_prefix = '%m [%p] '
lc_messages = 'C'
log_timezone = 'UTC'
timezone = 'UTC'
log_min_duration_statement = 0
log_statement = 'ddl'
log_checkpoints = on
log_connections = on
log_disconnections = on
log_lock_waits = on
deadlock_timeout = '100ms'
log_temp_files = 0
log_autovacuum_min_duration = 0
autovacuum_naptime = 1
autovacuum_vacuum_threshold = 50
autovacuum_vacuum_scale_factor = 0.02
autovacuum_vacuum_insert_threshold = 100
autovacuum_vacuum_insert_scale_factor = 0.02
autovacuum_analyze_threshold = 50
autovacuum_analyze_scale_factor = 0.02
autovacuum_vacuum_cost_delay = 0
checkpoint_timeout = '30s'
max_wal_size = '64MB'
min_wal_size = '32MB'
EOF
}

# pg_start NAME [SETTING...] - initdb a fresh cluster and start it.
pg_start() {
    local name=$1; shift
    local dir=$FL_WORK/$name
    [ -z "$PG_DIR" ] || fl_die "a server is already running in $PG_DIR"
    fl_port_free "$PORT" || fl_die "port $PORT is in use (set FL_PG_PORT)"
    mkdir -p "$dir"
    chown "$OWNER" "$dir"
    chmod 755 "$dir"
    (cd "$dir" && fl_as "$OWNER" "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust \
        -E UTF8 --locale=C --no-sync) > "$dir/initdb.out" 2>&1 ||
        { cat "$dir/initdb.out" >&2; fl_die "initdb failed"; }
    { pg_base_conf "$dir"; printf '%s\n' "$@"; } >> "$dir/data/postgresql.conf"
    printf '%s\n' "$@" > "$dir/settings"
    PG_DIR=$dir
    (cd "$dir" && fl_as "$OWNER" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/pg_ctl.out" -w -t 60 start) \
        > /dev/null || { cat "$dir/pg_ctl.out" >&2; fl_die "server $name did not start"; }
    fl_say "postgres '$name' up on 127.0.0.1:$PORT ($*)"
}

# pg_stop - fast shutdown of the running server.
pg_stop() {
    local dir=$PG_DIR
    PG_DIR=""
    (cd "$dir" && fl_as "$OWNER" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop) > /dev/null
}

# Client helpers. The superuser comes in over the private unix socket
# ([local] in the log), the application roles over TCP to 127.0.0.1.
psql_super() { "$PGBIN/psql" -X -q -h "$PG_DIR" -p "$PORT" -U postgres "$@"; }
psql_app() { "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" "$@"; }

# Workload sizes: data rows and pgbench transactions per client.
pg_sizes() {
    case $1 in
    full)  NC=5000; NP=1000; NO=20000; NE=40000
           TA=400; RA=500; TB=300; RB=400; TC=300; RC=400; TD=40 ;;
    small) NC=1000; NP=200; NO=3000; NE=5000
           TA=40; RA=100; TB=30; RB=80; TC=30; RC=80; TD=5 ;;
    *) fl_die "unknown workload size $1" ;;
    esac
}

# The statement mix (pgbench -f script@weight) of the application phases.
pg_mix() {
    local b=$WL/pg/bench
    printf -- '-f %s ' \
        "$b/customer-lookup.sql@20" "$b/customer-orders.sql@6" "$b/order-detail.sql@8" \
        "$b/new-order.sql@6" "$b/product-search.sql@8" "$b/touch-customer.sql@5" \
        "$b/track-event.sql@8" "$b/recent-events.sql@4" "$b/ship-order.sql@3" \
        "$b/top-categories.sql@1" "$b/country-stats.sql@1" "$b/purge-events.sql@3" \
        "$b/low-stock.sql@2" "$b/products-in.sql@4" "$b/email-prefix.sql@3" \
        "$b/daily-revenue.sql@1"
}

# pgb TAG PGBENCH-ARGS... - one pgbench phase as role app; fails loudly.
pgb() {
    local tag=$1; shift
    local out=$FL_WORK/pgbench-$tag.out
    # shellcheck disable=SC2046
    if ! "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U app --random-seed="$SEED" \
            -D nc="$NC" -D np="$NP" -D no="$NO" "$@" shop > "$out" 2>&1; then
        tail -n 20 "$out" >&2
        fl_die "pgbench phase $tag failed"
    fi
    grep -q 'number of failed transactions: 0 ' "$out" ||
        fl_say "warning: pgbench $tag: $(grep 'failed transactions' "$out")"
}

# pg_scenarios - errors, lock waits, a deadlock and temp files, staged
# while the first application phase runs.
pg_scenarios() {
    local d=$WL/pg pids=() p
    sleep 0.5
    PGAPPNAME=shop-web psql_app -U app -d shop -v ON_ERROR_STOP=0 -f "$d/errors.sql" \
        > /dev/null 2>&1 & pids+=($!)
    PGAPPNAME=shop-web psql_app -U app -d nosuchdb -c 'SELECT 1' > /dev/null 2>&1 || true
    PGAPPNAME=shop-web psql_app -U ghost -d shop -c 'SELECT 1' > /dev/null 2>&1 || true
    sleep 0.5
    PGAPPNAME=batch-job psql_app -U app -d shop -f "$d/lock-row-holder.sql" > /dev/null & pids+=($!)
    sleep 0.2
    for p in 1 2; do
        PGAPPNAME=shop-web psql_app -U app -d shop \
            -c 'UPDATE products SET stock = stock - 1 WHERE id = 1' > /dev/null & pids+=($!)
    done
    sleep 1.2
    PGAPPNAME=batch-job psql_app -U app -d shop -f "$d/deadlock-a.sql" > /dev/null 2>&1 & pids+=($!)
    PGAPPNAME=batch-job psql_app -U app -d shop -f "$d/deadlock-b.sql" > /dev/null 2>&1 & pids+=($!)
    sleep 0.8
    PGAPPNAME='admin' psql_super -d shop -f "$d/lock-table-holder.sql" > /dev/null & pids+=($!)
    sleep 0.2
    PGAPPNAME=reporting psql_app -U reporter -d shop -c 'SELECT count(*) FROM customers' \
        > /dev/null & pids+=($!)
    PGAPPNAME=reporting psql_app -U reporter -d shop -f "$d/report.sql" > /dev/null & pids+=($!)
    for p in "${pids[@]}"; do wait "$p"; done
}

# pg_workload SIZE - seed the shop database and run the mixed load with
# concurrent DDL and the scenarios above against the running server.
pg_workload() {
    local ddl scen
    pg_sizes "$1"
    PGAPPNAME='admin' psql_super -d postgres -v ON_ERROR_STOP=1 -v n_customers="$NC" \
        -v n_products="$NP" -v n_orders="$NO" -v n_events="$NE" -f "$WL/pg/setup.sql" > /dev/null
    PGAPPNAME='admin' psql_super -d shop -c 'CHECKPOINT'
    PGAPPNAME=migrate psql_super -d shop -v ON_ERROR_STOP=1 -f "$WL/pg/ddl.sql" > /dev/null & ddl=$!
    pg_scenarios & scen=$!
    # shellcheck disable=SC2046
    pgb simple -M simple -c 6 -j 2 -t "$TA" -R "$RA" $(pg_mix)
    wait "$scen"
    PGAPPNAME='admin' psql_super -d shop -c 'CHECKPOINT'
    # shellcheck disable=SC2046
    pgb extended -M extended -c 4 -j 2 -t "$TB" -R "$RB" $(pg_mix)
    # shellcheck disable=SC2046
    pgb prepared -M prepared -c 4 -j 2 -t "$TC" -R "$RC" $(pg_mix)
    pgb connect -M simple -C -c 2 -j 1 -t "$TD" \
        -f "$WL/pg/bench/customer-lookup.sql" -f "$WL/pg/bench/product-search.sql"
    wait "$ddl"
    PGAPPNAME='admin' psql_super -d shop -c 'CHECKPOINT'
    sleep 1.5
}

# Counts the truth files take from the workload itself, not from the log.
pg_workload_truth() {
    local d=$WL/pg
    printf 'workload_ddl_statements=%s;' "$(fl_count_ddl "$d/setup.sql" "$d/ddl.sql")"
    printf 'workload_ddl_during_run=%s;' "$(fl_count_ddl "$d/ddl.sql")"
    printf 'workload_expected_errors=%s;' "$(( $(fl_count_marker "-- expect-error" "$d/errors.sql") + 1 ))"
    printf 'workload_expected_fatals=2;workload_deadlocks_staged=1;'
    printf 'workload_pgbench_seed=%s' "$SEED"
}

# pg_truth FMT NAME LOGFILE... - truth key=value lines (stdout).
pg_truth() {
    local fmt=$1 name=$2; shift 2
    local settings="none"
    [ -s "$FL_WORK/last-settings" ] && settings=$(paste -sd'|' "$FL_WORK/last-settings")
    gawk -f "$WL/truth-pg.awk" -v fmt="$fmt" -v name="$name" \
        -v extra="settings_over_base=$settings;$(pg_workload_truth)" "$@"
}

# pg_record NAME SIZE FMT DEST [SETTING...] - one complete recording.
# DEST ending in .gz is compressed; the truth goes to DEST minus .gz + .truth.
pg_record() {
    local name=$1 size=$2 fmt=$3 dest=$4; shift 4
    local ext log
    case $fmt in stderr) ext=log ;; csv) ext=csv ;; json) ext=json ;; esac
    pg_start "$name" "$@"
    cp "$PG_DIR/settings" "$FL_WORK/last-settings"
    pg_workload "$size"
    log=$PG_DIR/log/postgresql.$ext
    pg_stop
    mkdir -p "$(dirname "$dest")"
    case $dest in
    *.gz) fl_gz "$log" "$dest" ;;
    *) cp "$log" "$dest" ;;
    esac
    chmod 644 "$dest"
    pg_truth "$fmt" "$(basename "$dest")" "$log" > "${dest%.gz}.truth"
    cp "$log" "$FL_WORK/$name.raw"
    fl_say "wrote $dest ($(wc -l < "$log") lines)"
}

# split_rotated LOG DIR - cut a finished stderr log into the set logrotate
# (with delaycompress) leaves: postgresql.log.3.gz (oldest), .2.gz, .1, and
# postgresql.log (newest). Cuts fall only before a line that opens a primary
# message (LOG/ERROR/FATAL/...), so no message loses its continuation lines
# or its DETAIL/HINT/STATEMENT lines.
split_rotated() {
    local log=$1 dir=$2
    rm -rf "$dir"; mkdir -p "$dir"
    gawk -v dir="$dir" -v total="$(wc -l < "$log")" '
        BEGIN { cut[1] = 0.35; cut[2] = 0.70; cut[3] = 0.85; part = 1 }
        function opens(l) {
            return l ~ /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ [^ ]+ \[[0-9]+\] (LOG|ERROR|FATAL|PANIC|WARNING):  /
        }
        { if (part < 4 && NR > cut[part] * total && opens($0)) part++
          print > (dir "/part" part) }' "$log"
    fl_gz "$dir/part1" "$dir/postgresql.log.3.gz"
    fl_gz "$dir/part2" "$dir/postgresql.log.2.gz"
    mv "$dir/part3" "$dir/postgresql.log.1"
    mv "$dir/part4" "$dir/postgresql.log"
    rm -f "$dir/part1" "$dir/part2"
}

rotated_truth() {
    local dir=$1 f
    pg_truth stderr "rotated/postgresql.log.3.gz+.2.gz+.1+postgresql.log (oldest first)" \
        <(zcat "$dir/postgresql.log.3.gz" "$dir/postgresql.log.2.gz"; cat "$dir/postgresql.log.1" "$dir/postgresql.log")
    for f in postgresql.log.3.gz postgresql.log.2.gz postgresql.log.1 postgresql.log; do
        printf 'part_lines.%s=%s\n' "$f" "$(zcat -f "$dir/$f" | wc -l)"
    done
}

# pg_dst_rule A B - a POSIX zone spec for US Eastern abbreviations whose
# daylight time starts A seconds and ends B seconds from now, so one short
# recording crosses a spring-forward (EST->EDT, local clock +1h) and a
# fall-back (EDT->EST, local clock -1h, times repeat). Start times count in
# local standard time (UTC-5), end times in local daylight time (UTC-4);
# Jn days never count Feb 29.
pg_dst_rule() {
    local now s e
    now=$(date +%s); s=$((now + $1)); e=$((now + $2))
    printf "EST5EDT,J%d/%s,J%d/%s" "$(pg_jday "$s" 5)" "$(TZ=Etc/GMT+5 date -d "@$s" +%H:%M:%S)" \
        "$(pg_jday "$e" 4)" "$(TZ=Etc/GMT+4 date -d "@$e" +%H:%M:%S)"
}

# pg_jday EPOCH HOURS_WEST - POSIX "Jn" day of EPOCH at UTC-HOURS_WEST.
pg_jday() {
    local doy year
    doy=$((10#$(TZ=Etc/GMT+$2 date -d "@$1" +%j)))
    year=$(TZ=Etc/GMT+$2 date -d "@$1" +%Y)
    if [ "$doy" -gt 59 ] && { [ $((year % 4)) -eq 0 ] && [ $((year % 100)) -ne 0 ] || [ $((year % 400)) -eq 0 ]; }; then
        doy=$((doy - 1))
    fi
    printf '%d\n' "$doy"
}

PREFIX_PGBADGER="log_line_prefix = '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '"
PREFIX_TESTS="log_line_prefix = '%m [%p] %q%u@%d '"

record() {
    case $1 in
    default)
        pg_record default full stderr "$SAMPLES/postgresql-default.log.gz"
        split_rotated "$FL_WORK/default.raw" "$SAMPLES/rotated"
        rotated_truth "$SAMPLES/rotated" > "$SAMPLES/rotated.truth" ;;
    pgbadger)
        pg_record pgbadger full stderr "$SAMPLES/postgresql-pgbadger-prefix.log.gz" "$PREFIX_PGBADGER" ;;
    csv)
        pg_record csv full csv "$SAMPLES/postgresql.csv.gz" "log_destination = 'csvlog'" ;;
    json)
        pg_record json full json "$SAMPLES/postgresql.json.gz" "log_destination = 'jsonlog'" ;;
    split)
        pg_record split small stderr "$TESTDATA/split-statement-duration.log" "$PREFIX_TESTS" \
            "log_statement = 'all'" "log_min_duration_statement = 0" ;;
    logduration)
        pg_record logduration small stderr "$TESTDATA/log-duration.log" "$PREFIX_TESTS" \
            "log_statement = 'all'" "log_duration = on" "log_min_duration_statement = -1" ;;
    tz-ny)
        pg_record tz-ny small stderr "$TESTDATA/tz-new-york.log" "$PREFIX_TESTS" \
            "log_timezone = 'America/New_York'" ;;
    tz-kolkata)
        pg_record tz-kolkata small stderr "$TESTDATA/tz-kolkata.log" "$PREFIX_TESTS" \
            "log_timezone = 'Asia/Kolkata'" ;;
    tz-colombo)
        pg_record tz-colombo small stderr "$TESTDATA/tz-colombo.log" "$PREFIX_TESTS" \
            "log_timezone = 'Asia/Colombo'" ;;
    tz-dst)
        pg_record tz-dst small stderr "$TESTDATA/tz-dst-switch.log" "$PREFIX_TESTS" \
            "log_timezone = '$(pg_dst_rule 5 9)'" ;;
    *) fl_die "unknown recording '$1'" ;;
    esac
}

main() {
    local list=()
    [ $# -gt 0 ] || set -- all
    for a in "$@"; do
        case $a in
        all) list+=(default pgbadger csv json split logduration tz-ny tz-kolkata tz-colombo tz-dst) ;;
        samples) list+=(default pgbadger csv json) ;;
        tests) list+=(split logduration tz-ny tz-kolkata tz-colombo tz-dst) ;;
        *) list+=("$a") ;;
        esac
    done
    [ -x "$PGBIN/postgres" ] || fl_die "no PostgreSQL binaries in $PGBIN"
    command -v gawk > /dev/null || fl_die "gawk is required for the truth files"
    pg_init
    for r in "${list[@]}"; do record "$r"; done
    rm -f "$SAMPLES/.keep"
}

# Sourcing this file (for incident recorders) defines the functions only.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
