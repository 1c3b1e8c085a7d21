#!/usr/bin/env bash
# record-incident.sh - record PostgreSQL 15 incident scenarios (latency shifts
# caused, or not, by schema changes) for faultline's timeline command.
#
# Each scenario initdb's a throw-away cluster under one mktemp -d directory,
# starts it as a non-root user (postgres when run as root) on 127.0.0.1 and
# a private unix socket only, on a non-default port, loads the seeded shop
# (workload/setup.sql, not logged), runs a rate-limited pgbench load
# (workload/bench/*.sql) while this script applies changes at fixed offsets
# with psql, stops the server and writes the log plus scenario.truth
# (workload/truth-incident.awk, gawk only) and scenario.buckets.tsv.
# The EXIT trap stops what is still running and removes the scratch dir.
#
# Usage: bash samples/incident/record-incident.sh
#            [main|dropped-index|table-rewrite|load-surge|quiet|all|
#             quiet-sampled|load-surge-early-end|migration-same-second|
#             csvlog-non-utc|lock-queue|issue9]...
#   main          -> samples/incident/ (rotated set postgresql.log, .1, .2.gz, .3.gz)
#   csvlog-non-utc -> tests/data/incidents/NAME/postgresql.csv.gz (csvlog only)
#   others        -> tests/data/incidents/NAME/postgresql.log.gz
#   issue9        = the five scenarios after "all" in the list above
# Environment: FL_INCIDENT_PORT (default 54341), FL_SEED (pgbench seed,
#   default 20240515), FL_TIME_SCALE (multiplies every duration and offset;
#   default 1; e.g. 0.1 for a smoke test), FL_INCIDENT_OUT (write every
#   scenario to DIR/NAME instead), FL_KEEP_WORK=1 keeps the scratch
#   directory, PGBIN overrides $(pg_config --bindir).
# Invariants: the data, the statement mix and the change statements are
# fixed (seeds, scripts); timings are whatever the run gives. The server is
# pinned to CPU 0 and the clients to CPU 1 when there are two CPUs or more,
# as if they were different machines.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WL=$HERE/workload
BENCH=$WL/bench
PGBIN=${PGBIN:-$(pg_config --bindir)}
PORT=${FL_INCIDENT_PORT:-54341}
SEED=${FL_SEED:-20240515}
SCALE=${FL_TIME_SCALE:-1}
NC=50000 NP=2000 NO=100000 NE=150000   # customers, products, orders, events

WORK=""        # scratch root
PG_DIR=""      # directory of the running server ("" when none runs)
BG_PIDS=()     # background jobs of the current scenario
T0_US=0        # workload start, epoch microseconds
NSTEP=0
EXTRA_CONF=""  # settings a scenario appends after pg_conf's (later ones win)
GROW=0         # orders rows added after setup.sql (lock-queue)
LOGKIND=stderr # stderr, or csv (log/postgresql.csv, csvlog only)
OWNER=""      # account the server runs as
AS=()         # command prefix that drops root to $OWNER

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'record-incident: error: %s\n' "$*" >&2; exit 1; }

# as_owner CMD... - run CMD as $OWNER (drops root; runs as us otherwise).
as_owner() { "${AS[@]}" "$@"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# gz SRC DEST - deterministic gzip (no name, no timestamp).
gz() { gzip -9n -c "$1" > "$2"; }

# pin CPU CMD... - run the program CMD on one CPU when there are two or more.
pin() {
    local cpu=$1; shift
    if [ "$(nproc)" -ge 2 ] && command -v taskset > /dev/null; then
        taskset -c "$cpu" "$@"
    else
        "$@"
    fi
}

# secs N - N seconds times FL_TIME_SCALE, rounded to an integer >= 1.
secs() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s + 0.5); print (v < 1 ? 1 : v) }'; }

now_us() { date -u +%s%6N; }
utc() { date -u '+%Y-%m-%d %H:%M:%S.%6N UTC'; }

init() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-incident.XXXXXX")
    chmod 755 "$WORK"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

cleanup() {
    local rc=$? p
    touch "$WORK/stop" 2> /dev/null || true
    for p in "${BG_PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${BG_PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
    if [ -n "$PG_DIR" ]; then pg_stop || true; fi
    if [ -n "${FL_KEEP_WORK:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}

# pg_conf DIR - settings appended to the initdb'ed postgresql.conf.
pg_conf() {
    cat <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$1'
max_connections = 60
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
log_lock_waits = on
deadlock_timeout = '200ms'
log_checkpoints = on
log_connections = on
log_disconnections = on
log_autovacuum_min_duration = 0
autovacuum_naptime = '15s'
autovacuum_vacuum_scale_factor = 0.02
autovacuum_vacuum_insert_scale_factor = 0.02
autovacuum_analyze_scale_factor = 0.02
checkpoint_timeout = '2min'
EOF
}

# pg_start NAME - fresh cluster, started, shop loaded (setup is not logged).
pg_start() {
    local dir=$WORK/$1
    [ -z "$PG_DIR" ] || die "a server is already running in $PG_DIR"
    port_free "$PORT" || die "port $PORT is in use (set FL_INCIDENT_PORT)"
    mkdir -p "$dir"; chown "$OWNER" "$dir"; chmod 755 "$dir"
    (cd "$dir" && as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C --no-sync) > "$dir/initdb.out" 2>&1 || { cat "$dir/initdb.out" >&2; die "initdb failed"; }
    pg_conf "$dir" >> "$dir/data/postgresql.conf"
    [ -z "$EXTRA_CONF" ] || printf '%s\n' "$EXTRA_CONF" >> "$dir/data/postgresql.conf"
    PG_DIR=$dir
    (cd "$dir" && pin 0 "${AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/pg_ctl.out" -w -t 60 start) \
        > /dev/null || { cat "$dir/pg_ctl.out" >&2; die "server $1 did not start"; }
    PGOPTIONS='-c log_statement=none -c log_min_duration_statement=-1 -c log_min_duration_sample=-1' \
        "$PGBIN/psql" -X -q -h "$dir" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -v n_customers="$NC" -v n_products="$NP" -v n_orders="$NO" -v n_events="$NE" \
        -f "$WL/setup.sql" > /dev/null
    if [ "$GROW" -gt 0 ]; then
        PGOPTIONS='-c log_statement=none -c log_min_duration_statement=-1 -c log_min_duration_sample=-1' \
            "$PGBIN/psql" -X -q -h "$dir" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -v n_extra="$GROW" -f "$WL/grow-orders.sql" > /dev/null
    fi
    say "postgres '$1' up on 127.0.0.1:$PORT, shop loaded"
}

pg_stop() {
    local dir=$PG_DIR
    PG_DIR=""
    (cd "$dir" && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop) > /dev/null
}

# deploy SQL | deploy -f FILE - a change, as the deploy role over TCP.
deploy() {
    if [ "$1" = -f ]; then
        pin 1 "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U deploy -d shop -v ON_ERROR_STOP=1 \
            -f "$2" > /dev/null
    else
        pin 1 "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U deploy -d shop -v ON_ERROR_STOP=1 \
            -c "$1" > /dev/null
    fi
}

# mix WEIGHTS... - pgbench -f arguments; WEIGHTS are script=weight pairs.
mix() {
    local a
    for a in "$@"; do printf -- '-f %s/%s.sql@%s ' "$BENCH" "${a%=*}" "${a#*=}"; done
}

# The application: mostly point lookups, the order history page (hot),
# inserts/updates with a commit each, one order transaction, a dashboard.
APP_MIX="order-history=40 customer-profile=15 product-page=12 order-detail=10 track-event=10
 recent-events=6 touch-customer=5 new-order=4 category-page=3 sales-report=1"
# The surge: more clients, unthrottled, with searches and reports.
SURGE_MIX="order-history=20 customer-profile=5 product-page=5 order-detail=5 new-order=5
 customer-search=10 category-revenue=10 event-stats=5 sales-report=5"

# load TAG PGBENCH-ARGS... - start a pgbench run in the background.
load() {
    local tag=$1; shift
    pin 1 "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U app --random-seed="$SEED" \
        -D nc="$NC" -D np="$NP" -D no="$NO" "$@" shop > "$WORK/pgbench-$tag.out" 2>&1 &
    BG_PIDS+=($!)
    eval "PID_$tag=\$!"
}

# load_wait TAG - wait for a pgbench run; it must have succeeded.
load_wait() {
    local tag=$1 pid out=$WORK/pgbench-$1.out
    eval "pid=\$PID_$tag"
    wait "$pid" || { tail -n 20 "$out" >&2; die "pgbench $tag failed"; }
    grep -q '^number of failed transactions: 0 ' "$out" || die "pgbench $tag: $(grep 'failed transactions' "$out")"
    say "pgbench $tag: $(grep -E '^tps' "$out")"
}

# reporter - a cron-like job: connects every 20 s, runs one report.
reporter() {
    local i
    while [ ! -e "$WORK/stop" ]; do
        for ((i = 0; i < 20; i++)); do [ -e "$WORK/stop" ] && return 0; sleep 1; done
        pin 1 "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U reporter -d shop -f "$WL/report.sql" \
            > /dev/null 2>&1 || true
    done
}

# begin_workload TOTAL PGBENCH-ARGS... - T0 and the application load.
begin_workload() {
    local total=$1; shift
    rm -f "$WORK/stop" "$WORK/steps"
    NSTEP=0
    T0_US=$(now_us)
    WL_START=$(utc)
    # shellcheck disable=SC2046
    load app -T "$(secs "$total")" "$@"
    reporter & BG_PIDS+=($!)
}

end_workload() {
    load_wait app
    WL_END=$(utc)
    touch "$WORK/stop"
    local p
    for p in "${BG_PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
    BG_PIDS=()
}

# at OFFSET - sleep until OFFSET (scaled) seconds after the workload start.
at() {
    local target left
    target=$((T0_US + $(secs "$1") * 1000000))
    left=$((target - $(now_us)))
    if [ "$left" -gt 0 ]; then sleep "$(awk -v u="$left" 'BEGIN { printf "%.3f", u / 1e6 }')"; fi
}

# step LABEL WHAT CMD... - run one scripted step, noting the script's clock.
step() {
    local label=$1 what=$2 t1 t2 t1us; shift 2
    t1us=$(now_us)
    t1=$(date -u -d "@${t1us:0:-6}.${t1us: -6}" '+%Y-%m-%d %H:%M:%S.%6N UTC')
    [ "$NSTEP" -gt 0 ] || FIRST_STEP_US=$t1us   # = step.1.script_start (baseline_end)
    "$@"
    t2=$(utc)
    NSTEP=$((NSTEP + 1))
    {
        printf 'step.%d.label=%s\n' "$NSTEP" "$label"
        printf 'step.%d.action=%s\n' "$NSTEP" "$what"
        printf 'step.%d.script_start=%s\n' "$NSTEP" "$t1"
        printf 'step.%d.script_end=%s\n' "$NSTEP" "$t2"
    } >> "$WORK/steps"
    say "step $NSTEP $label: $what"
}

# file_sql FILE - the statements of a psql file on one line (for step.N.action).
file_sql() { grep -v '^--' "$1" | tr '\n' ' ' | sed 's/  */ /g; s/ $//'; }

# --- scenarios: each sets DESC, HOT, CULPRIT, FIX and runs the workload ----

sc_main() {
    DESC="new index + dropped index in one migration: order history turns to sequential scans (~10x) until the rollback recreates the index"
    HOT=order_history
    CULPRIT="DROP INDEX orders_customer_id_idx"
    FIX="CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)"
    # shellcheck disable=SC2046,SC2086
    begin_workload 510 -M simple -c 6 -j 1 -R 100 $(mix $APP_MIX)
    at 150; step decoy "CREATE INDEX customers_country_idx ON customers (country)" \
        deploy "CREATE INDEX customers_country_idx ON customers (country)"
    at 180; step migration "psql -f migration.sql: $(file_sql "$WL/migration.sql")" \
        deploy -f "$WL/migration.sql"
    at 240; step decoy "ALTER TABLE products ADD COLUMN discontinued boolean NOT NULL DEFAULT false" \
        deploy "ALTER TABLE products ADD COLUMN discontinued boolean NOT NULL DEFAULT false"
    at 300; step decoy "GRANT SELECT ON events TO reporter" deploy "GRANT SELECT ON events TO reporter"
    at 360; step rollback "psql -f rollback.sql: $(file_sql "$WL/rollback.sql")" \
        deploy -f "$WL/rollback.sql"
    end_workload
}

sc_dropped_index() {
    DESC="DROP INDEX of the index the hot query uses (prepared statements), CREATE INDEX back a minute later"
    HOT=order_history
    CULPRIT="DROP INDEX orders_customer_id_idx"
    FIX="CREATE INDEX orders_customer_id_idx ON orders (customer_id)"
    # shellcheck disable=SC2046,SC2086
    begin_workload 170 -M prepared -c 4 -j 1 -R 50 $(mix $APP_MIX)
    at 60; step culprit "$CULPRIT" deploy "$CULPRIT"
    at 120; step fix "$FIX" deploy "$FIX"
    end_workload
}

sc_table_rewrite() {
    DESC="ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint (table rewrite) in a transaction held open 8 s: queries on orders queue behind its ACCESS EXCLUSIVE lock"
    HOT=order_history
    CULPRIT="ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint"
    FIX=""
    # shellcheck disable=SC2046,SC2086
    begin_workload 150 -M simple -c 8 -j 1 -R 80 $(mix $APP_MIX)
    at 40; step decoy "COMMENT ON TABLE customers IS 'one row per registered customer'" \
        deploy "COMMENT ON TABLE customers IS 'one row per registered customer'"
    at 60; step culprit "psql -f rewrite.sql: $(file_sql "$WL/rewrite.sql")" deploy -f "$WL/rewrite.sql"
    end_workload
}

sc_load_surge() {
    DESC="load surge (16 more clients, unthrottled, searches and reports) slows the reports and the writes; an innocent CREATE INDEX CONCURRENTLY on a cold table 20 s before it"
    HOT=sales_report
    CULPRIT=""
    FIX=""
    # shellcheck disable=SC2046,SC2086
    begin_workload 210 -M simple -c 4 -j 1 -R 60 $(mix ${APP_MIX/sales-report=1/sales-report=5})
    at 50; step innocent "CREATE INDEX CONCURRENTLY coupons_valid_to_idx ON coupons (valid_to)" \
        deploy "CREATE INDEX CONCURRENTLY coupons_valid_to_idx ON coupons (valid_to)"
    at 70
    # shellcheck disable=SC2046,SC2086
    step surge-start "pgbench -c 16 -T $(secs 70), unthrottled: ${SURGE_MIX//$'\n'/}" \
        load surge -M simple -c 16 -j 1 -T "$(secs 70)" $(mix $SURGE_MIX)
    load_wait surge
    step surge-end "surge pgbench finished (load back to the application alone)" true
    end_workload
}

sc_quiet() {
    DESC="steady load with harmless changes (COMMENT, GRANT, CREATE INDEX on a tiny table, ANALYZE): no latency shift"
    HOT=order_history
    CULPRIT=""
    FIX=""
    # shellcheck disable=SC2046,SC2086
    begin_workload 160 -M simple -c 4 -j 1 -R 60 $(mix $APP_MIX)
    at 45; step harmless "COMMENT ON TABLE orders IS 'one row per checkout'" \
        deploy "COMMENT ON TABLE orders IS 'one row per checkout'"
    at 75; step harmless "GRANT SELECT ON events TO reporter" deploy "GRANT SELECT ON events TO reporter"
    at 105; step harmless "CREATE INDEX coupons_percent_idx ON coupons (percent)" \
        deploy "CREATE INDEX coupons_percent_idx ON coupons (percent)"
    at 130; step harmless "ANALYZE products" deploy "ANALYZE products"
    end_workload
}

# --- issue 9 scenarios (conf_NAME, when defined, runs before the server starts)

conf_quiet_sampled() {
    EXTRA_CONF="log_min_duration_statement = -1
log_min_duration_sample = 0
log_statement_sample_rate = 0.25"
}

sc_quiet_sampled() {
    DESC="steady load, statements logged by sampling (log_min_duration_sample = 0, log_statement_sample_rate = 0.25, log_min_duration_statement = -1), harmless DDL (COMMENT, GRANT, CREATE INDEX on a tiny table): no latency shift"
    HOT=order_history
    CULPRIT=""
    FIX=""
    VERDICT=none
    # shellcheck disable=SC2046,SC2086
    begin_workload 180 -M simple -c 4 -j 1 -R 60 $(mix $APP_MIX)
    at 45; step harmless "COMMENT ON TABLE orders IS 'one row per checkout'" \
        deploy "COMMENT ON TABLE orders IS 'one row per checkout'"
    at 75; step harmless "GRANT SELECT ON orders TO reporter" deploy "GRANT SELECT ON orders TO reporter"
    at 105; step harmless "CREATE INDEX coupons_valid_to_idx ON coupons (valid_to)" \
        deploy "CREATE INDEX coupons_valid_to_idx ON coupons (valid_to)"
    at 135; step harmless "COMMENT ON COLUMN customers.country IS 'ISO 3166-1 alpha-2'" \
        deploy "COMMENT ON COLUMN customers.country IS 'ISO 3166-1 alpha-2'"
    end_workload
}

sc_load_surge_early_end() {
    DESC="load surge (16 more clients at 240 tps, 5x the application's rate, searches and reports) from 60 to 120 s; the log goes on 120 s after it; no change at all"
    HOT=sales_report
    CULPRIT=""
    FIX=""
    VERDICT=load
    # shellcheck disable=SC2046,SC2086
    begin_workload 240 -M simple -c 4 -j 1 -R 60 $(mix ${APP_MIX/sales-report=1/sales-report=5})
    at 60
    # shellcheck disable=SC2046,SC2086
    step surge-start "pgbench -c 16 -R 240 -T $(secs 60): ${SURGE_MIX//$'\n'/}" \
        load surge -M simple -c 16 -j 1 -R 240 -T "$(secs 60)" $(mix $SURGE_MIX)
    load_wait surge
    step surge-end "surge pgbench finished (load back to the application alone)" true
    end_workload
}

sc_migration_same_second() {
    DESC="one migration transaction: CREATE INDEX on orders (created_at) and DROP INDEX of the index the hot query uses, logged in the same second; CREATE INDEX back 65 s later"
    HOT=order_history
    CULPRIT="DROP INDEX orders_customer_id_idx"
    FIX="CREATE INDEX orders_customer_id_idx ON orders (customer_id)"
    VERDICT=change
    # shellcheck disable=SC2046,SC2086
    begin_workload 180 -M simple -c 4 -j 1 -R 60 $(mix $APP_MIX)
    at 60; second_start 0.1
    step migration "psql -f migration-same-second.sql: $(file_sql "$WL/migration-same-second.sql")" \
        deploy -f "$WL/migration-same-second.sql"
    at 125; step fix "$FIX" deploy "$FIX"
    end_workload
}

conf_csvlog_non_utc() {
    LOGKIND=csv
    EXTRA_CONF="log_destination = 'csvlog'
log_timezone = 'Europe/Berlin'"
}

sc_csvlog_non_utc() {
    DESC="csvlog only, log_timezone Europe/Berlin (CET): DROP INDEX of the index the hot query uses, CREATE INDEX back a minute later"
    HOT=order_history
    CULPRIT="DROP INDEX orders_customer_id_idx"
    FIX="CREATE INDEX orders_customer_id_idx ON orders (customer_id)"
    VERDICT=change
    # shellcheck disable=SC2046,SC2086
    begin_workload 170 -M simple -c 4 -j 1 -R 60 $(mix $APP_MIX)
    at 60; step culprit "$CULPRIT" deploy "$CULPRIT"
    at 120; step fix "$FIX" deploy "$FIX"
    end_workload
}

conf_lock_queue() {
    GROW=2900000
    EXTRA_CONF="shared_buffers = '768MB'"
}

sc_lock_queue() {
    DESC="orders grown to ~3 million rows; ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint in a transaction rewrites it for seconds (no pg_sleep) at the start of a 10 s bucket; 16 clients queue behind its ACCESS EXCLUSIVE lock"
    HOT=order_history
    CULPRIT="ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint"
    FIX=""
    VERDICT=change
    # shellcheck disable=SC2046,SC2086
    begin_workload 170 -M simple -c 16 -j 1 -R 100 $(mix ${APP_MIX/ sales-report=1/})
    at 60; bucket_start 0.2
    step culprit "psql -f lock-queue.sql: $(file_sql "$WL/lock-queue.sql")" deploy -f "$WL/lock-queue.sql"
    end_workload
}

# second_start FRAC - sleep until FRAC seconds into the next wall-clock second.
second_start() {
    local now left
    now=$(now_us)
    left=$(( (1000000 - now % 1000000) + ${1/0./} * 100000 ))
    sleep "$(awk -v u="$left" 'BEGIN { printf "%.3f", u / 1e6 }')"
}

# bucket_start FRAC - sleep until FRAC seconds into the next 10 s bucket.
bucket_start() {
    local now left
    now=$(now_us)
    left=$(( (10000000 - now % 10000000) + ${1/0./} * 100000 ))
    sleep "$(awk -v u="$left" 'BEGIN { printf "%.3f", u / 1e6 }')"
}

# --- outputs ----------------------------------------------------------------

# split_rotated LOG DIR - cut LOG into the set logrotate (delaycompress)
# leaves: postgresql.log.3.gz (oldest), .2.gz, .1, postgresql.log (newest).
# Cuts fall only before a line that opens a primary message (prefix, then
# LOG/ERROR/FATAL/...), never inside a multi-line entry or between a message
# and its DETAIL/STATEMENT lines.
split_rotated() {
    local log=$1 dir=$2
    rm -f "$dir"/postgresql.log "$dir"/postgresql.log.[0-9]*
    gawk -v dir="$dir" -v total="$(wc -l < "$log")" '
        BEGIN { cut[1] = 0.45; cut[2] = 0.80; cut[3] = 0.90; part = 1 }
        function opens(l) {
            return l ~ /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ UTC \[[0-9]+\] ([^ ]+@[^ ]+ )?(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO):  /
        }
        { if (part < 4 && NR > cut[part] * total && opens($0)) part++
          print > (dir "/part" part) }' "$log"
    gz "$dir/part1" "$dir/postgresql.log.3.gz"
    gz "$dir/part2" "$dir/postgresql.log.2.gz"
    mv "$dir/part3" "$dir/postgresql.log.1"
    mv "$dir/part4" "$dir/postgresql.log"
    rm -f "$dir/part1" "$dir/part2"
    cmp -s "$log" <(zcat "$dir/postgresql.log.3.gz" "$dir/postgresql.log.2.gz"; \
        cat "$dir/postgresql.log.1" "$dir/postgresql.log") || die "rotated set differs from the log"
    chmod 644 "$dir"/postgresql.log*
}

truth_header() {
    cat <<'EOF'
# scenario.truth - ground truth of one recorded incident (PostgreSQL 15),
# written by samples/incident/record-incident.sh; measured with gawk
# (samples/incident/workload/truth-incident.awk) from the raw log and the
# recorder's own clock, never with faultline. key=value, one per line.
#
# Recording: scenario, description, log_files (oldest first), server,
#   pgbench_seed, workload_start/workload_end (recorder clock, UTC, us),
#   hot_shape (the shape the incident is about), shape.NAME (its ERE, matched
#   against the first line of each logged statement).
# step.N.*: what the recorder did, in order: label, action (SQL or command),
#   script_start/script_end (recorder clock just before/after, UTC, us).
# bucket_seconds, min_bucket_entries: buckets are floor(start / width) of
#   each query entry's START time = log time - duration (ms x 1000 + us);
#   buckets with fewer entries than min_bucket_entries are ignored below.
# baseline_end: the first step's script_start (the steady part is before).
# change.N.*: every "LOG:  statement:" line (log_statement = ddl: the DDL
#   statements, logged when they start): log_time (as logged, ms),
#   end_log_time/duration_ms (its "duration:" line), transaction_end_log_time
#   (when run inside BEGIN..COMMIT: the COMMIT's log time, when the locks go),
#   pid, statement (trailing ';' removed).
# culprit / fix: the change.N whose statement is the recorder's culprit
#   (the cause of the shift) / fix (the change that ends it), or none;
#   *_statement, *_log_time, fix_end_log_time copy its fields.
# lock_wait_lines / lock_acquired_lines: "process N still waiting for" /
#   "process N acquired" lines (log_lock_waits, deadlock_timeout 200ms),
#   first/last waiting line's log time; error_lines, checkpoint_starts,
#   autovacuum_lines, connections_authorized: counts of those lines;
#   parse_bind_duration_lines: "duration: ... parse|bind" lines (not entries).
# Query entries: "LOG:  duration: X ms  statement: ..." or "... execute NAME:
#   ..." lines, plus bare "duration: X ms" lines (statement logged before by
#   log_statement, i.e. DDL); entries starting before the workload are not
#   counted (entries_started_before_workload).
# NAME.* for each shape and for "all" (every query entry):
#   entries, sum_us, max_us: over the whole log; baseline.entries: entries
#   starting before baseline_end; baseline_median_us: their median (the
#   lower median: rank ceil(n/2) of the sorted durations, in us);
#   onset: start of the first bucket (the workload's first, partial bucket
#   excepted) whose median > 3 x baseline median,
#   onset_median_us its median; recovery: first later bucket whose median
#   < 1.5 x baseline median (none: not back by the end); peak/peak_median_us:
#   the highest bucket median from onset up to recovery (exclusive),
#   peak_ratio = peak / baseline; max_bucket/max_bucket_median_us: highest
#   bucket median anywhere; incident.entries/median_us: entries starting in
#   [onset, recovery); after.*: entries starting at or after recovery;
#   mean.*: the same rules on bucket means (baseline = mean of the baseline
#   entries), which see a few very long queries that a median ignores.
# scenario.buckets.tsv next to this file lists every bucket and shape.
EOF
}

# finish DEST ROTATED - stop the server, write the log(s) and the truth.
finish() {
    local dest=$1 rotated=$2 raw=$WORK/raw.log files
    local dir=$PG_DIR
    pg_stop
    mkdir -p "$dest"
    rm -f "$dest"/postgresql.log* "$dest"/postgresql.csv* "$dest"/scenario.truth "$dest"/scenario.buckets.tsv
    if [ "$LOGKIND" = csv ]; then
        # csvlog only: the file is kept as written; the truth reads it
        # through csv2stderr.awk (times converted to UTC).
        # (the postmaster's own "ending log output to stderr" / "Future log
        # output will go to ..." pair still goes to postgresql.log; nothing else may)
        [ "$(grep -vc -e 'ending log output to stderr' -e 'Future log output will go to' \
            "$dir/log/postgresql.log")" -eq 0 ] || die "csvlog-only scenario wrote a stderr log"
        gz "$dir/log/postgresql.csv" "$dest/postgresql.csv.gz"; chmod 644 "$dest/postgresql.csv.gz"
        gawk -f "$WL/csv2stderr.awk" "$dir/log/postgresql.csv" > "$raw"
        files="postgresql.csv.gz"
    else
        cp "$dir/log/postgresql.log" "$raw"
    fi
    if [ "$LOGKIND" = csv ]; then
        :
    elif [ "$rotated" = yes ]; then
        split_rotated "$raw" "$dest"
        files="postgresql.log.3.gz postgresql.log.2.gz postgresql.log.1 postgresql.log"
    else
        gz "$raw" "$dest/postgresql.log.gz"; chmod 644 "$dest/postgresql.log.gz"
        files="postgresql.log.gz"
    fi
    {
        truth_header
        printf 'scenario=%s\n' "$SCENARIO"
        printf 'description=%s\n' "$DESC"
        printf 'log_files=%s\n' "$files"
        if [ "$LOGKIND" = csv ]; then
            printf 'log_format=csvlog (log_destination = csvlog only), log_timezone = %s\n' \
                "$(sed -n "s/^log_timezone = '\(.*\)'$/\1/p" "$dir/data/postgresql.conf" | tail -n1)"
            printf 'log_rows=%s\n' "$(wc -l < "$raw")"
            printf 'log_bytes=%s\n' "$(zcat "$dest/postgresql.csv.gz" | wc -c)"
        else
            printf 'log_lines=%s\n' "$(wc -l < "$raw")"
            printf 'log_bytes=%s\n' "$(wc -c < "$raw")"
        fi
        [ -z "$EXTRA_CONF" ] || printf 'settings=%s\n' "$(printf '%s' "$EXTRA_CONF" | tr '\n' ';' | sed 's/;/; /g')"
        [ "$GROW" -eq 0 ] || printf 'data_grown=orders + %s rows (grow-orders.sql)\n' "$GROW"
        printf 'server=%s\n' "$("$PGBIN/postgres" --version)"
        printf 'pgbench_seed=%s\n' "$SEED"
        printf 'data=customers %s, products %s, orders %s, order_items ~%s, events %s\n' \
            "$NC" "$NP" "$NO" "$((NO * 2))" "$NE"
        printf 'workload_start=%s\n' "$WL_START"
        printf 'workload_end=%s\n' "$WL_END"
        printf 'hot_shape=%s\n' "$HOT"
        [ -z "$VERDICT" ] || printf 'verdict=%s\n' "$VERDICT"
        grep -v '^#' "$WL/shapes.tsv" | awk -F'\t' '{ printf "shape.%s=%s\n", $1, $2 }'
        cat "$WORK/steps"
        gawk -f "$WL/truth-incident.awk" -v shapes="$WL/shapes.tsv" -v wl_start_us="$T0_US" \
            -v first_step_us="$FIRST_STEP_US" -v culprit="$CULPRIT" -v fix="$FIX" \
            -v buckets="$dest/scenario.buckets.tsv" "$raw"
    } > "$dest/scenario.truth"
    chmod 644 "$dest/scenario.truth" "$dest/scenario.buckets.tsv"
    say "wrote $dest ($(wc -l < "$raw") log lines): $(grep -E "^$HOT\.(baseline_median_us|onset|peak_median_us|recovery)=" "$dest/scenario.truth" | tr '\n' ' ')"
}

record() {
    local dest rotated=no
    SCENARIO=$1
    case $1 in
    main) dest=$HERE; rotated=yes ;;
    dropped-index | table-rewrite | load-surge | quiet | quiet-sampled | load-surge-early-end | \
    migration-same-second | csvlog-non-utc | lock-queue) dest=$REPO/tests/data/incidents/$1 ;;
    *) die "unknown scenario '$1'" ;;
    esac
    [ -z "${FL_INCIDENT_OUT:-}" ] || dest=$FL_INCIDENT_OUT/$1
    say "scenario $1 -> $dest"
    EXTRA_CONF="" GROW=0 LOGKIND=stderr VERDICT=""
    if declare -F "conf_${1//-/_}" > /dev/null; then "conf_${1//-/_}"; fi
    pg_start "$1"
    "sc_${1//-/_}"
    finish "$dest" "$rotated"
}

main() {
    local list=() a
    [ $# -gt 0 ] || set -- all
    for a in "$@"; do
        case $a in
        all) list+=(main dropped-index table-rewrite load-surge quiet) ;;
        issue9) list+=(quiet-sampled load-surge-early-end migration-same-second csvlog-non-utc lock-queue) ;;
        *) list+=("$a") ;;
        esac
    done
    [ -x "$PGBIN/postgres" ] || die "no PostgreSQL binaries in $PGBIN"
    command -v gawk > /dev/null || die "gawk is required for the truth files"
    if [ "$(id -u)" -eq 0 ]; then OWNER=postgres; AS=(runuser -u postgres --); else OWNER=$(id -un); AS=(); fi
    init
    for a in "${list[@]}"; do record "$a"; done
}

main "$@"
