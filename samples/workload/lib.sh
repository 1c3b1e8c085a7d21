# Shared helpers for samples/record-*.sh (sourced, not run).
# shellcheck shell=bash
#
# Invariants: servers never run as root (fl_as drops to a system user when
# the recorder is started by root), every scratch path lives under one
# mktemp -d directory ($FL_WORK) that the EXIT trap removes, and outputs are
# written with gzip -9n so re-recording only changes bytes when logs change.

# fl_say MSG... - progress line on stderr.
fl_say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# fl_die MSG... - print and exit 1.
fl_die() { printf 'record: error: %s\n' "$*" >&2; exit 1; }

# fl_as USER CMD... - run CMD as USER when we are root, as ourselves otherwise.
fl_as() {
    local user=$1; shift
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# fl_owner USER - the account servers run as (USER when root, else us).
fl_owner() {
    if [ "$(id -u)" -eq 0 ]; then printf '%s\n' "$1"; else id -un; fi
}

# fl_port_free PORT - succeed when nothing listens on 127.0.0.1:PORT.
fl_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# fl_gz SRC DEST - deterministic gzip (no name, no timestamp).
fl_gz() { gzip -9n -c "$1" > "$2"; }

# fl_count_ddl FILE... - statements starting with a DDL keyword at column 0.
fl_count_ddl() {
    cat "$@" | grep -Ec '^(CREATE|ALTER|DROP|TRUNCATE|VACUUM FULL|COMMENT|GRANT|REVOKE|REINDEX|CLUSTER|RENAME|OPTIMIZE)( |$)' || true
}

# fl_count_marker MARKER FILE... - lines carrying MARKER.
fl_count_marker() {
    local m=$1; shift
    cat "$@" | grep -c -- "$m" || true
}
