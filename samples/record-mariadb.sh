#!/usr/bin/env bash
# record-mariadb.sh - record real MariaDB slow and general query logs for
# samples/ and tests/data/mysql/.
#
# Each recording runs mariadb-install-db into a throw-away datadir under one
# mktemp -d directory and starts mariadbd as a non-root user (mysql when run
# as root) listening on 127.0.0.1 and a private unix socket only, on a
# non-default port; parallel `mariadb` client processes feed seeded SQL
# (samples/workload/mysql/), a migration session applies DDL meanwhile, and
# staged sessions produce errors, lock-wait timeouts and a deadlock. The
# server is shut down afterwards; the EXIT trap stops a server left running
# and removes the scratch directory. Each log gets a NAME.truth computed by
# samples/workload/truth-mysql.awk.
#
# Usage: bash samples/record-mariadb.sh [all|samples|tests|RECORDING...]
#   RECORDING: full small
# Environment: FL_MY_PORT (default 33069), FL_SEED (default 20261124),
#   FL_KEEP_WORK=1 keeps the scratch directory.
set -euo pipefail

SAMPLES=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$SAMPLES")
WL=$SAMPLES/workload
# shellcheck source=workload/lib.sh
. "$WL/lib.sh"

PORT=${FL_MY_PORT:-33069}
SEED=${FL_SEED:-20261124}
OWNER=$(fl_owner mysql)
TESTDATA=$REPO/tests/data/mysql
MY_DIR=""      # scratch dir of the running server ("" when none runs)
MY_PID=""      # pid of the process that runs mariadbd
FL_WORK=""

my_init() {
    FL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-myrec.XXXXXX")
    chmod 755 "$FL_WORK"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

cleanup() {
    local rc=$?
    if [ -n "$MY_DIR" ]; then my_stop || true; fi
    if [ -n "${FL_KEEP_WORK:-}" ]; then fl_say "kept $FL_WORK"; else rm -rf "$FL_WORK"; fi
    exit "$rc"
}

# Server options shared by every recording; per-recording options follow
# them on the command line (the last occurrence wins).
my_base_opts() {
    local dir=$1
    printf '%s\n' \
        --no-defaults \
        --datadir="$dir/data" \
        --socket="$dir/mysqld.sock" \
        --pid-file="$dir/mysqld.pid" \
        --port="$PORT" \
        --bind-address=127.0.0.1 \
        --skip-name-resolve \
        --max-connections=60 \
        --log-error="$dir/error.log" \
        --log-output=FILE \
        --slow-query-log=ON \
        --slow-query-log-file="$dir/slow.log" \
        --long-query-time=0 \
        --log-slow-verbosity=query_plan,explain \
        --log-slow-admin-statements=ON \
        --general-log=ON \
        --general-log-file="$dir/general.log" \
        --innodb-lock-wait-timeout=1 \
        --innodb-print-all-deadlocks=ON \
        --innodb-buffer-pool-size=64M
}

my_root() { mariadb --no-defaults -S "$MY_DIR/mysqld.sock" -uroot "$@"; }
my_tcp() { mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" "$@"; }

# my_start NAME [OPTION...] - fresh datadir, start mariadbd, wait until up.
my_start() {
    local name=$1; shift
    local dir=$FL_WORK/$name i
    [ -z "$MY_DIR" ] || fl_die "a server is already running in $MY_DIR"
    fl_port_free "$PORT" || fl_die "port $PORT is in use (set FL_MY_PORT)"
    mkdir -p "$dir"
    chown "$OWNER" "$dir"
    chmod 755 "$dir"
    (cd "$dir" && fl_as "$OWNER" mariadb-install-db --no-defaults --datadir="$dir/data" \
        --auth-root-authentication-method=normal --skip-test-db) > "$dir/install.out" 2>&1 ||
        { tail -n 20 "$dir/install.out" >&2; fl_die "mariadb-install-db failed"; }
    MY_DIR=$dir
    mapfile -t opts < <(my_base_opts "$dir")
    printf '%s\n' "$@" > "$dir/settings"
    (cd "$dir" && fl_as "$OWNER" mariadbd "${opts[@]}" "$@") > "$dir/mariadbd.out" 2>&1 &
    MY_PID=$!
    for i in $(seq 150); do
        mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot ping > /dev/null 2>&1 && break
        kill -0 "$MY_PID" 2> /dev/null || { tail -n 20 "$dir/error.log" >&2; fl_die "mariadbd $name died"; }
        sleep 0.2
    done
    mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot ping > /dev/null ||
        fl_die "mariadbd $name did not come up"
    fl_say "mariadb '$name' up on 127.0.0.1:$PORT ($*)"
}

# my_stop - clean shutdown, then wait for the server process to exit.
my_stop() {
    local dir=$MY_DIR
    MY_DIR=""
    mariadb-admin --no-defaults -S "$dir/mysqld.sock" -uroot shutdown > /dev/null 2>&1 || true
    wait "$MY_PID" 2> /dev/null || true
    MY_PID=""
}

# Workload sizes: seed rows, client count, transactions per client, pacing.
my_sizes() {
    case $1 in
    full)  NC=5000; NP=1000; NO=20000; NE=40000; CLIENTS=6; TX=600; PACE=0.12; STORM=30 ;;
    small) NC=1000; NP=200; NO=3000; NE=5000; CLIENTS=4; TX=40; PACE=0.25; STORM=6 ;;
    *) fl_die "unknown workload size $1" ;;
    esac
}

# my_scenarios DIR - errors, lock-wait timeouts, a deadlock, a table lock
# and a spilling report, staged while the application clients run. Client
# stderr goes to DIR/*.err (the truth counts its ERROR lines).
my_scenarios() {
    local dir=$1 d=$WL/mysql pids=() p
    sleep 0.5
    my_tcp -uapp shop --force < "$d/errors.sql" > /dev/null 2> "$dir/errors.err" & pids+=($!)
    my_tcp -ughost shop -e 'SELECT 1' > /dev/null 2> "$dir/denied.err" || true
    sleep 0.5
    my_tcp -uapp shop < "$d/lock-row-holder.sql" > /dev/null 2> "$dir/holder.err" & pids+=($!)
    sleep 0.2
    for p in 1 2; do
        my_tcp -uapp shop --force -e 'UPDATE products SET stock = stock - 1 WHERE id = 1' \
            > /dev/null 2> "$dir/waiter$p.err" & pids+=($!)
    done
    sleep 2
    my_tcp -uapp shop --force < "$d/deadlock-a.sql" > /dev/null 2> "$dir/deadlock-a.err" & pids+=($!)
    my_tcp -uapp shop --force < "$d/deadlock-b.sql" > /dev/null 2> "$dir/deadlock-b.err" & pids+=($!)
    sleep 0.8
    my_root shop < "$d/lock-table-holder.sql" > /dev/null 2> "$dir/lock-table.err" & pids+=($!)
    sleep 0.2
    my_tcp -ureporter shop -e 'SELECT COUNT(*) FROM customers' > /dev/null 2> "$dir/reporter.err" & pids+=($!)
    my_tcp -ureporter shop < "$d/report.sql" > /dev/null 2> "$dir/report.err" & pids+=($!)
    for p in "${pids[@]}"; do wait "$p" || true; done
}

# my_workload SIZE - seed, then clients + DDL + scenarios, then a
# connection storm of short sessions.
my_workload() {
    local dir=$MY_DIR c pids=() ddl scen i
    my_sizes "$1"
    { printf 'SET @n_customers = %d, @n_products = %d, @n_orders = %d, @n_events = %d;\n' \
          "$NC" "$NP" "$NO" "$NE"
      cat "$WL/mysql/setup.sql"; } | my_root > /dev/null
    for c in $(seq "$CLIENTS"); do
        gawk -f "$WL/mysql/gen-client.awk" -v seed="$SEED" -v client="$c" -v tx="$TX" \
            -v nc="$NC" -v np="$NP" -v no="$NO" -v pace="$PACE" > "$dir/client$c.sql"
    done
    my_root shop < "$WL/mysql/ddl.sql" > /dev/null 2> "$dir/ddl.err" & ddl=$!
    my_scenarios "$dir" & scen=$!
    for c in $(seq "$CLIENTS"); do
        my_tcp -uapp shop --force < "$dir/client$c.sql" > /dev/null 2> "$dir/client$c.err" & pids+=($!)
    done
    # clients run with --force and exit 1 after any failed statement (lock
    # wait timeouts are expected); only connection-level errors are fatal.
    for c in "${pids[@]}"; do wait "$c" || true; done
    wait "$scen"
    if grep -q '^ERROR 20[0-9][0-9]' "$dir"/client*.err; then
        grep -h '^ERROR 20' "$dir"/client*.err | head -n 5 >&2
        fl_die "application clients could not talk to the server"
    fi
    for i in $(seq "$STORM"); do
        my_tcp -uapp shop -e "SELECT id, email, name, country, visits FROM customers WHERE id = $(( (i * 7919) % NC + 1 ))" \
            > /dev/null
    done
    wait "$ddl" || { cat "$dir/ddl.err" >&2; fl_die "migration session failed"; }
    my_root -e 'FLUSH STATUS' > /dev/null
}

# my_client_truth DIR - workload-side counts: DDL statements in the files
# run, expected failures, and the ERROR lines the clients actually got.
my_client_truth() {
    local dir=$1 d=$WL/mysql
    printf 'workload_ddl_statements=%s;' "$(fl_count_ddl "$d/setup.sql" "$d/ddl.sql")"
    printf 'workload_ddl_during_run=%s;' "$(fl_count_ddl "$d/ddl.sql")"
    printf 'workload_expected_errors=%s;' \
        "$(( $(fl_count_marker '-- expect-error' "$d/errors.sql") + 2 + 1 + 1 ))"
    printf 'workload_client_errors=%s;' "$(cat "$dir"/*.err | grep -c '^ERROR ' || true)"
    cat "$dir"/*.err | sed -n 's/^ERROR \([0-9]*\) .*/\1/p' | sort | uniq -c |
        awk '{ printf "workload_client_errors.%s=%s;", $2, $1 }'
    printf 'workload_seed=%s' "$SEED"
}

# my_record NAME SIZE SLOW_DEST GENERAL_DEST [OPTION...] - one recording.
my_record() {
    local name=$1 size=$2 sdest=$3 gdest=$4; shift 4
    local dir extra settings
    my_start "$name" "$@"
    dir=$MY_DIR
    my_workload "$size"
    my_stop
    settings=$(paste -sd'|' "$dir/settings"); [ -n "$settings" ] || settings=none
    extra="settings_over_base=$settings;$(my_client_truth "$dir")"
    mkdir -p "$(dirname "$sdest")" "$(dirname "$gdest")"
    for kind in slow general; do
        local src=$dir/$kind.log dest
        [ "$kind" = slow ] && dest=$sdest || dest=$gdest
        case $dest in
        *.gz) fl_gz "$src" "$dest" ;;
        *) cp "$src" "$dest" ;;
        esac
        chmod 644 "$dest"
        gawk -f "$WL/truth-mysql.awk" -v kind="$kind" -v name="$(basename "$dest")" \
            -v extra="$extra" "$src" > "${dest%.gz}.truth"
        fl_say "wrote $dest ($(wc -l < "$src") lines)"
    done
}

record() {
    case $1 in
    full)  my_record full full "$SAMPLES/mariadb-slow.log.gz" "$SAMPLES/mariadb-general.log.gz" ;;
    small) my_record small small "$TESTDATA/mariadb-slow.log" "$TESTDATA/mariadb-general.log" ;;
    *) fl_die "unknown recording '$1'" ;;
    esac
}

main() {
    local list=() a r
    [ $# -gt 0 ] || set -- all
    for a in "$@"; do
        case $a in
        all) list+=(full small) ;;
        samples) list+=(full) ;;
        tests) list+=(small) ;;
        *) list+=("$a") ;;
        esac
    done
    command -v mariadbd > /dev/null || fl_die "mariadbd not found"
    command -v gawk > /dev/null || fl_die "gawk is required for the truth files"
    my_init
    for r in "${list[@]}"; do record "$r"; done
    rm -f "$SAMPLES/.keep"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
