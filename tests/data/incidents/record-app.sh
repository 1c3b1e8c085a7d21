#!/usr/bin/env bash
# record-app.sh - records the application incidents tests/data/incidents/app-*/:
# a real nginx (Debian's nginx-light) in front of a small Python application
# (app/shop.py, /usr/bin/python3 + psycopg2) that queries a real PostgreSQL 15,
# with releases run by real Alembic (python3-alembic, app/migrations) and a
# release script writing its own deploy.log.  One function per scenario:
#
#   app-thresholded  DB logs only statements >= 250 ms and DDL; an operator's
#                    DROP INDEX by psql slows the hot route, CREATE INDEX fixes
#   app-migration    release 1.4.2 = an Alembic upgrade dropping the index the
#                    hot route needs; rollback release 1.4.1 = downgrade -1
#   app-deploy       release 2.0.0 without DDL: the app turns the hot route
#                    into an N+1 loop; rollback release 1.9.0
#   app-clock-skew   app-migration with nginx (only nginx) under libfaketime,
#                    its clock FL_APP_SKEW (+7s) ahead; marker requests measure it
#
# Usage: bash tests/data/incidents/record-app.sh all | NAME...   (~14 min for all)
#        bash tests/data/incidents/record-app.sh truth DIR...  (recompute the
#        gawk measures of recorded scenarios after a change to truth-app.awk)
# Every server runs as a non-root user (postgres when started by root), listens
# on 127.0.0.1 only and is stopped by the EXIT trap of its scenario.  Outputs
# per scenario: access.log (nginx), postgresql.log, deploy.log and alembic.log
# (when there is a release) and scenario.truth, measured with gawk
# (app/truth-app.awk) over the raw logs and the recorder's own clock.
# Environment: FL_APP_OUT=DIR writes DIR/app-NAME instead; FL_APP_PG_PORT,
# FL_APP_WEB_PORT, FL_APP_PORT (54351, 18190, 18191); FL_KEEP_WORK=1;
# FL_TIME_SCALE=0.2 runs every scenario five times faster (a smoke test).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
# shellcheck source=../../../samples/workload/lib.sh
. "$REPO/samples/workload/lib.sh"
PGBIN=${PGBIN:-$(pg_config --bindir)}
PY=/usr/bin/python3
PGPORT=${FL_APP_PG_PORT:-54351}
WEBPORT=${FL_APP_WEB_PORT:-18190}
APPPORT=${FL_APP_PORT:-18191}
OUT=${FL_APP_OUT:-$HERE}
SKEW=${FL_APP_SKEW:-+7s}
RATE=25                       # requests per second, 4 clients
# Every scenario: the load runs T_END s; the change at T_CHANGE s, the fix at
# T_FIX s (at least 60 s of baseline before the change and after the fix)
T_CHANGE=65 T_FIX=125 T_END=190
SCALE=${FL_TIME_SCALE:-1}     # 0.2: every offset five times shorter (smoke test)
SEED=20261205
OWNER=$(fl_owner postgres)
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
export TZ=UTC LC_ALL=C PYTHONDONTWRITEBYTECODE=1

now() { date -u +%s.%N | cut -c1-17; }                       # epoch, us
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.%6NZ; }
# deploy MSG - a line of the release script's own log (deploy.log)
deploy() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*" >> "$W/deploy.log"; }
# at SECONDS - sleep until SECONDS after the load started ($T0)
at() { local d; d=$(awk -v t="$T0" -v o="$1" -v k="$SCALE" -v n="$(now)" 'BEGIN { printf "%.3f", t + o * k - n }')
       case $d in -*) ;; *) sleep "$d" ;; esac; }
# step LABEL CMD... - run CMD, noting the recorder clock before and after
step() {
    local label=$1 s e; shift
    s=$(now); "$@"; e=$(now)
    NSTEP=$((NSTEP + 1))
    printf 'step.%d.label=%s\nstep.%d.start=%s\nstep.%d.end=%s\n' \
        "$NSTEP" "$label" "$NSTEP" "$(iso "$s")" "$NSTEP" "$(iso "$e")" >> "$W/steps"
    [ "$NSTEP" -gt 1 ] || FIRST_STEP=$s
}

cleanup() {
    local rc=$?
    [ -f "$W/nginx/nginx.pid" ] && kill "$(cat "$W/nginx/nginx.pid")" 2>/dev/null
    [ -f "$W/app.pid" ] && kill "$(cat "$W/app.pid")" 2>/dev/null
    [ -n "${LOAD:-}" ] && kill "$LOAD" 2>/dev/null
    [ -f "$W/pg/postmaster.pid" ] && fl_as "$OWNER" "$PGBIN/pg_ctl" -D "$W/pg" -m fast stop >/dev/null 2>&1
    if [ -n "${FL_KEEP_WORK:-}" ]; then fl_say "kept $W"; else rm -rf "$W"; fi
    exit "$rc"
}

# start_pg MIN_DURATION - a fresh cluster, the shop's data (not logged), and
# the release 1.4.1 schema (Alembic revision 3e1f0a7c9b21, not logged).
start_pg() {
    for p in "$PGPORT" "$WEBPORT" "$APPPORT"; do fl_port_free "$p" || fl_die "port $p is busy"; done
    mkdir -p "$W/pg" && chmod 700 "$W/pg" && chown "$OWNER" "$W/pg"
    fl_as "$OWNER" "$PGBIN/initdb" -A trust -U postgres -D "$W/pg" > "$W/initdb.out" 2>&1 ||
        { cat "$W/initdb.out" >&2; fl_die "initdb failed"; }
    cat >> "$W/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$W/pg'
logging_collector = on
log_destination = 'stderr'
log_directory = 'log'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = $1
log_statement = 'ddl'
log_lock_waits = on
log_timezone = 'UTC'
lc_messages = 'C'
max_parallel_workers_per_gather = 0
CONF
    fl_as "$OWNER" "$PGBIN/pg_ctl" -D "$W/pg" -w -l "$W/pg/server.out" start >/dev/null
    export PGOPTIONS="-c log_statement=none -c log_min_duration_statement=-1"
    PSQL=("$PGBIN/psql" -q -X -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1)
    "${PSQL[@]}" -c "CREATE DATABASE shop" >/dev/null
    "${PSQL[@]}" -d shop >/dev/null <<'SQL'
SELECT setseed(0.2026);
CREATE TABLE products (id int PRIMARY KEY, name text, price numeric);
INSERT INTO products SELECT g, 'product ' || g, g % 100 FROM generate_series(1, 2000) g;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL,
                     total numeric NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO orders (customer_id, total, created_at)
SELECT ((g::bigint * 7919) % 10000)::int, (g % 500) / 3.0, now() - (g || ' s')::interval
FROM generate_series(1, 400000) g;
CREATE INDEX orders_customer_idx ON orders (customer_id);
VACUUM ANALYZE orders;
SQL
    mkdir -p "$W/app" && cp -r "$HERE/app/shop.py" "$HERE/app/load.py" "$HERE/app/migrations" "$W/app/"
    chmod -R a+rX "$W/app"
    ALEMBIC_LOG=$W/alembic-setup.log alembic upgrade 3e1f0a7c9b21
    unset PGOPTIONS
}

# alembic ARGS... - the shop's Alembic, its log (stderr) appended to alembic.log
alembic() {
    (cd "$W/app/migrations" && "$PY" -m alembic.config -c alembic.ini \
        -x "url=postgresql://postgres@127.0.0.1:$PGPORT/shop" "$@") 2>> "${ALEMBIC_LOG:-$W/alembic.log}"
}

# start_app VERSION - (re)start the application as that release
start_app() {
    if [ -f "$W/app.pid" ]; then
        kill "$(cat "$W/app.pid")"; rm -f "$W/app.pid"
        for _ in $(seq 50); do fl_port_free "$APPPORT" && break; sleep 0.1; done
    fi
    fl_as "$OWNER" env SHOP_VERSION="$1" "$PY" "$W/app/shop.py" "$APPPORT" \
        "host=127.0.0.1 port=$PGPORT dbname=shop user=postgres" &
    for _ in $(seq 100); do fl_port_free "$APPPORT" || break; sleep 0.05; done
    pgrep -u "$OWNER" -f "shop.py $APPPORT" | head -1 > "$W/app.pid"
}

# start_nginx [faketime] - nginx in front of the app (under libfaketime, its
# clock $SKEW ahead, when asked)
start_nginx() {
    local pre=()
    local keep=""
    # nginx clears its workers' environment: keep libfaketime's variable
    [ "${1:-}" = faketime ] && pre=(env LD_PRELOAD="$LIBFAKETIME" FAKETIME="$SKEW") &&
        keep="env FAKETIME; env LD_PRELOAD;"
    mkdir -p "$W/nginx/logs"
    cat > "$W/nginx/nginx.conf" <<CONF
$keep
worker_processes 1;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log;
events { worker_connections 256; }
http {
    client_body_temp_path $W/nginx/tmp-body;
    proxy_temp_path $W/nginx/tmp-proxy;
    fastcgi_temp_path $W/nginx/tmp-fcgi;
    uwsgi_temp_path $W/nginx/tmp-uwsgi;
    scgi_temp_path $W/nginx/tmp-scgi;
    log_format timed '\$remote_addr - \$remote_user [\$time_local] "\$request" '
                     '\$status \$body_bytes_sent "\$http_referer" '
                     '"\$http_user_agent" \$request_time \$upstream_response_time';
    access_log $W/nginx/logs/access.log timed;
    upstream shop { server 127.0.0.1:$APPPORT; keepalive 16; }
    server {
        listen 127.0.0.1:$WEBPORT;
        location / {
            proxy_pass http://shop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
    chown -R "$OWNER" "$W/nginx"
    fl_as "$OWNER" "${pre[@]}" /usr/sbin/nginx -e "$W/nginx/logs/error.log" -p "$W/nginx" -c "$W/nginx/nginx.conf"
    for _ in $(seq 50); do fl_port_free "$WEBPORT" || break; sleep 0.1; done
}

# start_load SECONDS - the clients; T0 = their start (recorder clock)
start_load() {
    "$PY" "$W/app/load.py" "$WEBPORT" "$RATE" "$(awk -v s="$1" -v k="$SCALE" 'BEGIN { print s * k }')" "$SEED" 4 & LOAD=$!
    T0=$(now)
}

# finish NAME SHAPES - stop the servers, copy the logs, write scenario.truth
finish() {
    local name=$1 shapes=$2 dir="$OUT/$1" f
    [ -z "$LOAD" ] || wait "$LOAD"; LOAD=
    kill "$(cat "$W/nginx/nginx.pid")"; kill "$(cat "$W/app.pid")"; rm -f "$W/app.pid"
    fl_as "$OWNER" "$PGBIN/pg_ctl" -D "$W/pg" -m fast stop >/dev/null
    sleep 0.5
    mkdir -p "$dir"; rm -f "$dir"/*.log "$dir"/*.log.gz
    cp "$W/nginx/logs/access.log" "$W/pg/log/postgresql.log" "$dir/"
    for f in deploy.log alembic.log; do [ ! -f "$W/$f" ] || cp "$W/$f" "$dir/"; done
    chmod 644 "$dir"/*.log
    local t0s; t0s=$(printf '%s' "$FIRST_STEP" | cut -d. -f1)
    {
        truth_header
        echo "scenario=$name"
        echo "nginx=$(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //')"
        echo "postgresql=$("$PGBIN/postgres" --version | sed 's/.*) //')"
        echo "alembic=$("$PY" -c 'import alembic; print(alembic.__version__)')"
        echo "psycopg2=$("$PY" -c 'import psycopg2; print(psycopg2.__version__.split()[0])')"
        echo "load_rate=$RATE"
        echo "bucket_seconds=10"
        echo "hot_shape=access./orders/:id"
        echo "load_start=$(iso "$T0")"
        cat "$W/steps"
        cat "$W/truth.extra" 2>/dev/null || true
        measures "$dir" "$t0s" "$shapes"
    } > "$dir/scenario.truth"
    for f in "$dir"/*.log; do
        [ "$(stat -c %s "$f")" -gt 1048576 ] && { fl_gz "$f" "$f.gz"; rm -f "$f"; }
    done
    fl_say "$name: $(grep -c . "$W/nginx/logs/access.log") requests -> $dir"
}

# measures DIR T0 SHAPES - the gawk measures of DIR's logs (gzipped or not)
measures() {
    local z=cat; [ -f "$1/access.log" ] || z=zcat
    "$z" "$1"/access.log* | gawk -v mode=access -v prefix=access -v t0="$2" -f "$HERE/app/truth-app.awk"
    z=cat; [ -f "$1/postgresql.log" ] || z=zcat
    "$z" "$1"/postgresql.log* | FL_SHAPES=$3 gawk -v mode=pg -v prefix=db -v t0="$2" -f "$HERE/app/truth-app.awk"
}

# retruth DIR - recompute the gawk measures of a recorded scenario.truth
# (after a change to app/truth-app.awk), keeping the recorder's own keys
retruth() {
    local t=$1/scenario.truth t0 shapes
    t0=$(date -u -d "$(sed -n 's/^step\.1\.start=//p' "$t")" +%s)
    shapes=$(sed -n 's/^db\.shape\.//p' "$t" | paste -sd';')
    { truth_header; grep -v -e '^#' -e '^access\.' -e '^db\.' "$t"; grep '^db\.shape\.' "$t"
      measures "$1" "$t0" "$shapes"; } > "$t.new"
    mv "$t.new" "$t"
    fl_say "$t: measures recomputed"
    [ "$(cd "$1" && pwd)" != "$HERE/app-migration" ] || sample_copy "$HERE/app-migration" "$REPO/samples/incident-app"
}

truth_header() { cat <<'EOF'
# scenario.truth - ground truth of one recorded app incident, written by
# tests/data/incidents/record-app.sh from its own clock (UTC) and gawk
# (app/truth-app.awk) over the raw logs, never with faultline. key=value.
# scenario; nginx, postgresql, alembic, psycopg2: software versions.
# load_rate: requests/s of the 4 clients; load_start: when they started.
# bucket_seconds: the width of the buckets below; hot_shape: the key prefix
#   of the measures of the hot route (its .onset, .recovery ...).
# step.N.label/start/end: what the recorder did, recorder clock just before
#   and after (release steps include the script's own deploy.log lines).
# culprit, culprit_kind (ddl / migration / release), culprit_statement,
#   culprit_release, culprit_revision, culprit_message: the cause (from the
#   recorder, which knows it); fix*, the same for what ends it; hot_route:
#   the route the incident is about; new_query_shape: a statement shape only
#   the bad release runs.
# skew (app-clock-skew): skew_configured (libfaketime's FAKETIME for nginx),
#   skew_markers/skew_lo_s/skew_hi_s/skew_s: the access log's clock minus the
#   database log's, measured from marker requests GET /products/ID (ID > 900000,
#   see truth-app.awk): every marker bounds it, lo/hi is the intersection,
#   skew_s the middle.
# access.*: the access log: requests, requests_5xx, first_end/last_end (as
#   logged, nginx's clock), and per route (numbers replaced by :id): entries,
#   baseline_median_ms (requests started before step 1), onset / peak_bucket /
#   peak_median_ms / recovery: 10 s buckets of request START times
#   ($time_local - $request_time), onset = first bucket (from 10 s before
#   step 1) with a median > 3x baseline and > baseline + 2 ms, recovery =
#   first later bucket under 1.5x or within 2 ms of it (2 ms: two ticks of
#   $request_time; 2 us for the database), buckets of < 5 requests ignored;
#   times as logged (nginx's clock).
# db.*: the PostgreSQL log: statement_entries ("duration: X ms  statement:"
#   lines), slow_entries (those >= 250 ms), changes and change.N.log_time /
#   statement ("statement:" lines: DDL under log_statement = ddl) /
#   end_log_time (its "duration:" line, when logged), and per
#   query shape (db.shape.NAME = its ERE) the same bucket measures as the
#   routes, by statement start (log time - duration).
EOF
}

run_scenario() {
    W=$(mktemp -d "${TMPDIR:-/tmp}/fl-app.XXXXXX"); chmod 755 "$W"
    NSTEP=0; LOAD=
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    "$@"
}

HOT_SHAPES='customer_orders=^SELECT count\(\*\), coalesce\(sum\(total\), 0\) FROM orders WHERE customer_id = '
HOT_SHAPES="$HOT_SHAPES;order_ids=^SELECT id FROM orders WHERE customer_id = ;order_total=^SELECT total FROM orders WHERE id = "
HOT_SHAPES="$HOT_SHAPES;order_by_id=^SELECT id, total, created_at FROM orders WHERE id = ;product=^SELECT name, price FROM products WHERE id = "

shapes_truth() {
    local IFS=';' s
    for s in $HOT_SHAPES; do printf 'db.shape.%s\n' "$s"; done >> "$W/truth.extra"
}

# --- scenarios ------------------------------------------------------------

rec_thresholded() {
    fl_say "app-thresholded (~3.5 min)"
    start_pg 250ms; start_app 1.9.0; start_nginx; start_load "$T_END"
    at "$T_CHANGE"; step "operator drops the index (psql)" \
        "${PSQL[@]}" -d shop -c "DROP INDEX orders_customer_idx"
    at "$T_FIX"; step "operator recreates the index (psql)" \
        "${PSQL[@]}" -d shop -c "CREATE INDEX orders_customer_idx ON orders (customer_id)"
    cat > "$W/truth.extra" <<EOF
culprit=step.1
culprit_kind=ddl
culprit_statement=DROP INDEX orders_customer_idx
fix=step.2
fix_statement=CREATE INDEX orders_customer_idx ON orders (customer_id)
hot_route=/orders/:id
EOF
    shapes_truth
    finish app-thresholded "$HOT_SHAPES"
}

release_migration() {
    deploy "release started service=shop version=1.4.2"
    alembic upgrade head
    deploy "release finished service=shop version=1.4.2"
}
rollback_migration() {
    deploy "rollback started service=shop version=1.4.1"
    alembic downgrade -1
    deploy "rollback finished service=shop version=1.4.1"
}
migration_truth() {
    cat > "$W/truth.extra" <<EOF
culprit=step.1
culprit_kind=migration
culprit_release=1.4.2
culprit_revision=7c2d4b8e5a10
culprit_from_revision=3e1f0a7c9b21
culprit_message=drop redundant customer index
culprit_statement=DROP INDEX orders_customer_idx
fix=step.2
fix_kind=migration
fix_release=1.4.1
fix_revision=3e1f0a7c9b21
fix_statement=CREATE INDEX orders_customer_idx ON orders (customer_id)
hot_route=/orders/:id
EOF
    shapes_truth
}

rec_migration() {
    fl_say "app-migration (~3.5 min)"
    start_pg 0; start_app 1.9.0; start_nginx; start_load "$T_END"
    at "$T_CHANGE"; step "release 1.4.2 (alembic upgrade head)" release_migration
    at "$T_FIX"; step "rollback release 1.4.1 (alembic downgrade -1)" rollback_migration
    migration_truth
    finish app-migration "$HOT_SHAPES"
    [ "$OUT" != "$HERE" ] || sample_copy "$OUT/app-migration" "$REPO/samples/incident-app"
}

# sample_copy FROM TO - the README's second sample incident: a copy of the
# app-migration recording, its logs gzipped
sample_copy() {
    local f
    mkdir -p "$2"; rm -f "$2"/*.log "$2"/*.log.gz
    cp "$1/scenario.truth" "$1/deploy.log" "$1/alembic.log" "$2/"
    for f in "$1"/access.log* "$1"/postgresql.log*; do
        case $f in *.gz) cp "$f" "$2/" ;; *) fl_gz "$f" "$2/${f##*/}.gz" ;; esac
    done
    chmod 644 "$2"/*
    fl_say "copied to $2"
}

rec_deploy() {
    fl_say "app-deploy (~3.5 min)"
    start_pg 0; start_app 1.9.0; start_nginx; start_load "$T_END"
    at "$T_CHANGE"; step "release 2.0.0 (app restarted, no DDL)" eval \
        'deploy "release started service=shop version=2.0.0"; start_app 2.0.0;
         deploy "release finished service=shop version=2.0.0"'
    at "$T_FIX"; step "rollback release 1.9.0 (app restarted)" eval \
        'deploy "rollback started service=shop version=1.9.0"; start_app 1.9.0;
         deploy "rollback finished service=shop version=1.9.0"'
    cat > "$W/truth.extra" <<EOF
culprit=step.1
culprit_kind=release
culprit_release=2.0.0
culprit_from_release=1.9.0
culprit_statement=none
new_query_shape=order_total
new_query_shapes=order_ids order_total
fix=step.2
fix_kind=release
fix_release=1.9.0
hot_route=/orders/:id
EOF
    shapes_truth
    finish app-deploy "$HOT_SHAPES"
}

# markers for app-clock-skew: GET /products/ID, ID = 900001.., every 2.3 s
markers() {
    local i=0
    while [ -n "$LOAD" ] && kill -0 "$LOAD" 2>/dev/null; do
        i=$((i + 1))
        curl -s -o /dev/null -A fl-marker "http://127.0.0.1:$WEBPORT/products/$((900000 + i))" || true
        echo "$((900000 + i))" >> "$W/markers"
        sleep 2.3
    done
}

rec_clock_skew() {
    fl_say "app-clock-skew (~3.5 min; nginx clock $SKEW)"
    start_pg 0; start_app 1.9.0; start_nginx faketime; start_load "$T_END"
    markers & MPID=$!
    at "$T_CHANGE"; step "release 1.4.2 (alembic upgrade head)" release_migration
    at "$T_FIX"; step "rollback release 1.4.1 (alembic downgrade -1)" rollback_migration
    wait "$LOAD"; LOAD=; wait "$MPID" || true
    migration_truth
    {
        echo "skew_configured=$SKEW"
        gawk -v mode=skew -v ids="$(paste -sd, "$W/markers")" -f "$HERE/app/truth-app.awk" \
            "$W/nginx/logs/access.log" "$W/pg/log/postgresql.log"
    } >> "$W/truth.extra"
    finish app-clock-skew "$HOT_SHAPES"
}

# --- main -----------------------------------------------------------------

[ $# -gt 0 ] || set -- all
[ "$1" = all ] && set -- app-thresholded app-migration app-deploy app-clock-skew
if [ "$1" = truth ]; then shift; for d in "$@"; do retruth "${d%/}"; done; exit 0; fi
for s in "$@"; do
    case $s in
        app-thresholded) ( run_scenario rec_thresholded ) ;;
        app-migration)   ( run_scenario rec_migration ) ;;
        app-deploy)      ( run_scenario rec_deploy ) ;;
        app-clock-skew)  ( run_scenario rec_clock_skew ) ;;
        *) fl_die "unknown scenario '$s' (app-thresholded app-migration app-deploy app-clock-skew all)" ;;
    esac
done
