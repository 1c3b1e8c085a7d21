#!/usr/bin/env bash
# e2e_clock.sh - --clock-offset FILE=SECONDS end to end: every event of the
# named source (by path, by directory, by file name with its rotations) is
# shifted by exactly the offset and no other source moves; the shift happens
# before --since; a malformed value is a usage error naming the option.
#
# Fixtures: samples/incident (real PostgreSQL 15 logs, rotated and gzipped)
# and tests/data/http/nginx-timed.log (real nginx).  Expected times are the
# unshifted ones plus the offset, computed by jq.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
need_jq

S=$top_srcdir/samples/incident
H=$top_srcdir/tests/data/http
T=$FL_TMP
mkdir -p "$T/logs"
cd "$T" || exit 1
cp "$S/postgresql.log" "$S/postgresql.log.1" "$S/postgresql.log.2.gz" "$T/logs/"
cp "$H/nginx-timed.log" "$T/logs/access.log"

# Seconds of the events' times per source, unshifted and shifted.
times() { jq -r '[.file, (.time | sub("\\.[0-9]+Z$"; "Z") | fromdate)] | @tsv' "$1" | sort; }
shifted() { awk -F'\t' -v want="$2" -v by="$3" \
    '{ t = $2; if (index($1, want)) t += by; print $1 "\t" t }' "$1" | sort; }

run_fl base.json base.err events "$T/logs"
check_rc "events of the mixed directory" 0
times base.json >"$T/base.t"

note "by file name: the rotations of postgresql.log move by -3600 s"
run_fl a.json a.err events --clock-offset postgresql.log=-3600 "$T/logs"
check_rc "--clock-offset by file name" 0
times a.json >"$T/a.t"
check_eq "every postgresql.log* event moved by -3600 s, access.log unmoved" \
    "$(shifted "$T/base.t" postgresql.log -3600 | md5sum)" "$(md5sum <"$T/a.t")"
check_eq "the .2.gz rotation moved too" \
    "$(grep -c 'postgresql.log.2.gz' "$T/a.t")" \
    "$(grep -c 'postgresql.log.2.gz' "$T/base.t")"

note "by path: only access.log moves, by +7.5 s (fractions kept)"
run_fl b.json b.err events --clock-offset "$T/logs/access.log=7.5" "$T/logs"
check_rc "--clock-offset by path" 0
check_eq "access.log times +7.5 s exactly" \
    "$(jq -r 'select(.file | endswith("access.log")) | .time' b.json | head -n 1)" \
    "$(jq -r 'select(.file | endswith("access.log")) | .time' base.json | head -n 1 |
       jq -R -r 'sub("\\.[0-9]+Z$"; "Z") | fromdate + 7.5 | todate' |
       sed 's/Z$/.500000Z/')"
check_eq "database times unmoved" \
    "$(jq -r 'select(.file | contains("postgresql")) | .time' b.json | md5sum)" \
    "$(jq -r 'select(.file | contains("postgresql")) | .time' base.json | md5sum)"

note "by directory: everything moves"
run_fl c.json c.err events --clock-offset "$T/logs=60" "$T/logs"
times c.json >"$T/c.t"
check_eq "every event moved by 60 s" \
    "$(shifted "$T/base.t" "$T/logs" 60 | md5sum)" "$(md5sum <"$T/c.t")"

note "the shift comes before --since"
first=$(jq -r 'select(.file | endswith("access.log")) | .time' base.json | sort | head -n 1)
run_fl d.json d.err events --clock-offset access.log=-86400 --since "$first" \
    "$T/logs/access.log"
check_eq "every access.log event left before --since after the shift" \
    "$(wc -l <d.json | tr -d ' ')" 0

note "malformed values"
for bad in x access.log= =5 access.log=5s access.log=1e9; do
    run_fl e.out e.err events --clock-offset "$bad" "$T/logs/access.log"
    check_rc "--clock-offset $bad is a usage error" 2
    check_grep "--clock-offset $bad: the message names the option" e.err \
        'clock-offset: expected FILE=SECONDS'
done

fl_finish
