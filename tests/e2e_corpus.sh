#!/usr/bin/env bash
# e2e_corpus.sh - faultline against the shared corpus of real logs and the
# numbers other tools computed from them (see ../shared/corpus/MANIFEST.md).
#
#  (a) every corpus file is read without a crash (exit status 0 or 1) and
#      the per-file summary on stderr gives its count of lines not
#      understood, or says it was skipped; a table is printed;
#  (b) percona/go-mysql goldens: query count and Query_time / Lock_time /
#      Rows sums equal ours exactly (microseconds, after rounding);
#  (c) pt-query-digest expected reports: total count and total Exec time
#      (JSON: to the microsecond; text: with pt's own rounding), and the
#      per-class counts of query reports that list every class;
#  (d) pgBadger's asserted facts that are counts of events.
#
# Skipped (77) when the corpus is absent.  Comparisons that fail because of
# a parser bug are left failing on purpose: they are the bug report.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
CORPUS=$top_srcdir/../shared/corpus
[ -d "$CORPUS" ] || skip "corpus not found at $CORPUS"
need_faultline
need_jq
T=$FL_TMP
cd "$CORPUS" || exit 1

# ---- (a) every file, no crash, a summary ------------------------------------------

note "(a) every corpus file through 'faultline events'"
# This loop runs faultline once per file (some 300 times), so it avoids
# forking anything else: the summary is read with bash's own matching.
# Outputs needed by (b)-(d) are kept in $T/keep/ under the file's base name.
mkdir "$T/keep"
KEEP=" light.postgres.log.bz2 logplex.gz rds.log.bz2 cnpg.log.gz pg_vacuums.log.gz pg_vacuums.json.gz stmt_type.log pg-timezones.log csv_statement_without_duration.log postgresql_param_range.log multiline_param.log weeknumber.log "
re_sum='^faultline: (.*): ([^ ]+) \((none|gzip|bzip2)\): ([0-9]+) lines, ([0-9]+) events, ([0-9]+) lines not understood(; INCOMPLETE)?$'
re_san='ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:'
printf '# %-68s %-20s %8s %8s\n' FILE FORMAT EVENTS UNPARSED
: >"$T/unparsed.lst"
: >"$T/skipped.lst"
nfiles=0
find . -type f ! -name '*.md' | LC_ALL=C sort | sed 's|^\./||' >"$T/files.lst"
while IFS= read -r f; do
    nfiles=$((nfiles + 1))
    FL_RC=0
    "$FAULTLINE" events "$f" >"$T/ev" 2>"$T/err" </dev/null || FL_RC=$?
    fmt='' nev='' nun='' incomplete='' skipped='' why=''
    while IFS= read -r l; do
        [[ $l =~ $re_san ]] && FL_RC=99
        if [[ $l == "faultline: $f: skipped "* ]]; then
            skipped=1
        elif [[ $l =~ $re_sum && ${BASH_REMATCH[1]} == "$f" ]]; then
            fmt=${BASH_REMATCH[2]} nev=${BASH_REMATCH[5]} nun=${BASH_REMATCH[6]}
            incomplete=${BASH_REMATCH[7]}
        elif [[ -z $why && $l == "faultline: $f: "* ]]; then
            why=${l#"faultline: $f: "}
        fi
    done <"$T/err"
    if fl_crashed || { [ "$FL_RC" -ne 0 ] && [ "$FL_RC" -ne 1 ]; }; then
        fail "$f: $(rc_name)" "$(head -c 400 "$T/err")"
        continue
    fi
    if [ -n "$skipped" ]; then
        printf '# %-68s %-20s %8s %8s\n' "$f" "(skipped)" - -
        why=${why%% (see *}
        echo "$f: ${why:-?}" >>"$T/skipped.lst"
        [ "$FL_RC" -eq 1 ] || fail "$f: skipped but exit status $FL_RC (want 1)"
        [ -s "$T/ev" ] && fail "$f: skipped yet events were printed"
    elif [ -n "$nun" ]; then
        printf '# %-68s %-20s %8s %8s\n' "$f" "$fmt" "$nev" "$nun"
        [ "$nun" -gt 0 ] && echo "$f: $nun" >>"$T/unparsed.lst"
        want=0
        [ -n "$incomplete" ] && want=1
        [ "$FL_RC" -eq "$want" ] || fail "$f: exit status $FL_RC, want $want"
        got=$(wc -l <"$T/ev")
        [ "$got" -eq "$nev" ] || fail "$f: summary says $nev events, stdout has $got"
        case $KEEP in
        *" ${f##*/} "*) mv "$T/ev" "$T/keep/${f##*/}" ;;
        esac
    else
        fail "$f: no per-file summary (lines not understood, or skipped) on stderr" \
            "$(head -c 400 "$T/err")"
    fi
done <"$T/files.lst"
pass "(a) $nfiles corpus files read; each exit status 0/1 and a summary checked above"
note "files with lines not understood:"
sed 's/^/#   /' "$T/unparsed.lst"
note "files skipped (no known format, empty or unreadable):"
sed 's/^/#   /' "$T/skipped.lst"

# Every file MANIFEST.md describes as a PostgreSQL or MySQL/MariaDB log
# (its "format" column) must be recognised, i.e. not skipped.  Excluded:
# percona-toolkit/slowlogs/slow015.txt, which ends inside its first header
# and holds no statement at all.
awk -F'|' '/^\| `/ {
        path = $2; gsub(/[` ]/, "", path); fmt = $6
        if (fmt ~ /MySQL|MariaDB|Percona|PostgreSQL|stderr|csvlog|jsonlog|logplex|CloudNativePG|RDS|syslog layout/ &&
            fmt !~ /pgbouncer|Cloud SQL|error log|expected|golden|raw SQL|plain text|fingerprint|empty/ &&
            $3 + 0 > 0 && path != "percona-toolkit/slowlogs/slow015.txt")
            print path
    }' MANIFEST.md >"$T/dblogs.lst"
nlogs=$(wc -l <"$T/dblogs.lst" | tr -d ' ')
sed 's/: .*//' "$T/skipped.lst" | LC_ALL=C sort >"$T/skipped.names"
LC_ALL=C sort "$T/dblogs.lst" | LC_ALL=C comm -12 - "$T/skipped.names" >"$T/lost.lst"
if [ "$nlogs" -lt 100 ]; then
    fail "MANIFEST.md: only $nlogs database logs found in its tables (format column changed?)"
elif [ -s "$T/lost.lst" ]; then
    fail "database logs (per MANIFEST.md) that faultline skipped:" \
        "$(grep -F -f "$T/lost.lst" "$T/skipped.lst" | tr '\n' ';')"
else
    pass "all $nlogs database logs listed in MANIFEST.md are recognised"
fi

# ---- (b) percona/go-mysql goldens ------------------------------------------------------
#
# A slow-log entry always has a Query_time, so every query/ddl event of these
# inputs must carry duration_us; TotalQueries counts them.

note "(b) percona/go-mysql expected aggregates"
# ours FILE: "count count_without_duration dur_sum lock_sum sent_sum examined_sum"
ours() {
    jq -s -r '[.[] | select(.kind == "query" or .kind == "ddl")] as $q
        | ($q | map(select(.duration_us != null))) as $d
        | "\($d | length) \(($q | length) - ($d | length))"
          + " \($d | map(.duration_us) | add // 0) \($d | map(.lock_us // 0) | add // 0)"
          + " \($d | map(.rows_sent // 0) | add // 0) \($d | map(.rows_examined // 0) | add // 0)"' "$1"
}
for g in percona-go-mysql/expected/*.golden; do
    base=$(basename "$g" .golden)
    in=percona-go-mysql/slow-logs/${base%-no-examples}.log
    run_fl "$T/ev" "$T/err" events -q "$in"
    read -r n nodur dur lock sent exam <<EOF
$(ours "$T/ev")
EOF
    # Expected values; sums of seconds become integer microseconds.
    read -r total cnt edur elock esent eexam <<EOF
$(jq -r '.Global as $g | $g.Metrics as $m
    | "\($g.TotalQueries) \($m.TimeMetrics.Query_time.Cnt)"
      + " \($m.TimeMetrics.Query_time.Sum * 1e6 | round)"
      + " \(if $m.TimeMetrics.Lock_time then ($m.TimeMetrics.Lock_time.Sum * 1e6 | round) else "-" end)"
      + " \($m.NumberMetrics.Rows_sent.Sum // "-") \($m.NumberMetrics.Rows_examined.Sum // "-")"' "$g")
EOF
    check_eq "$base: query events without a duration (every slow-log entry has a Query_time)" "$nodur" 0
    if [ "$total" != "$cnt" ]; then
        # Percona rate-limited log (Log_slow_rate_limit): go-mysql
        # extrapolates TotalQueries and the sums from the sampled entries;
        # the log itself holds Query_time.Cnt entries, which is what events
        # can reproduce.  The extrapolated sums are not comparable.
        note "$base: rate-limited sample, TotalQueries $total is extrapolated; comparing the $cnt logged entries"
        check_eq "$base: queries (Query_time.Cnt)" "$n" "$cnt"
        continue
    fi
    check_eq "$base: queries (TotalQueries)" "$n" "$total"
    check_eq "$base: Query_time sum (us)" "$dur" "$edur"
    [ "$elock" = - ] || check_eq "$base: Lock_time sum (us)" "$lock" "$elock"
    [ "$esent" = - ] || check_eq "$base: Rows_sent sum" "$sent" "$esent"
    [ "$eexam" = - ] || check_eq "$base: Rows_examined sum" "$exam" "$eexam"
done

# ---- (c) pt-query-digest ------------------------------------------------------------------
#
# pt counts every entry of its input as an event (slow-log administrator
# commands, general-log Connect/Quit/Init DB included), so the comparison is
# with all our events.  Reports made with options that select or regroup
# events (--group-by, --run-time*, --timeline, --type rawlog) are not used;
# --since/--until are applied with our own --since/--until.

note "(c) pt-query-digest expected reports"
PT=percona-toolkit/expected/pt-query-digest

# micro_t US: pt's Transformers::micro_t (p_ms = p_s = 0) for a sum in
# integer microseconds: "0", "Nus", "Nms" or "Ns", rounded like sprintf.
micro_t() {
    awk -v us="$1" 'BEGIN {
        if (us <= 0) print "0"
        else if (us < 1000) print us "us"
        else if (us < 1000000) printf "%.0fms\n", us / 1000
        else printf "%.0fs\n", us / 1000000 }'
}

# Header reports ("# Overall: N total"): report, input.
while read -r rep in; do
    run_fl "$T/ev" "$T/err" events -q "percona-toolkit/$in"
    n=$(wc -l <"$T/ev" | tr -d ' ')
    us=$(sum_field "$T/ev" duration_us)
    want_n=$(sed -n 's/^# Overall: \([0-9]*\) total.*/\1/p' "$PT/$rep")
    want_t=$(awk '/^# Overall:/ { h = 1 } h && $2 == "Exec" && $3 == "time" { print $4; exit }' "$PT/$rep")
    check_eq "$rep ($in): total count" "$n" "$want_n"
    check_eq "$rep ($in): total Exec time ($us us)" "$(micro_t "$us")" "$want_t"
done <<'EOF'
genlog001.txt genlogs/genlog001.txt
genlog002.txt genlogs/genlog002.txt
genlog003.txt genlogs/genlog003.txt
genlog005.txt genlogs/genlog005.txt
pt-234.log pt-query-digest-inputs/pt-234-profile.log
slow035.txt slowlogs/slow035.txt
slow059_report01.txt slowlogs/slow059.txt
EOF
note "not compared: rawlog001.txt (--type rawlog: one bare statement per line, not a log faultline reads)"

# JSON reports: exact count and Query_time sum.
while read -r rep in; do
    run_fl "$T/ev" "$T/err" events -q "percona-toolkit/$in"
    n=$(wc -l <"$T/ev" | tr -d ' ')
    us=$(sum_field "$T/ev" duration_us)
    want_n=$(jq -r '.global.query_count' "$PT/$rep")
    want_us=$(jq -r '.global.metrics.Query_time.sum | tonumber * 1e6 | round' "$PT/$rep")
    check_eq "$rep ($in): query_count" "$n" "$want_n"
    check_eq "$rep ($in): Query_time sum (us)" "$us" "$want_us"
done <<'EOF'
json/slow002.txt slowlogs/slow002.txt
slow059_report02.txt slowlogs/slow059.txt
EOF

# Query reports: the per-class "# Count" values add up to the total when
# every class is listed (fewer classes than --limit 10).
while read -r rep in opts; do
    eval "set -- $opts"
    run_fl "$T/ev" "$T/err" events -q "$@" "percona-toolkit/$in"
    n=$(wc -l <"$T/ev" | tr -d ' ')
    classes=$(grep -c '^# Query [0-9]*:' "$PT/$rep")
    want=$(awk '$1 == "#" && $2 == "Count" { s += $4 } END { print s + 0 }' "$PT/$rep")
    if [ "$classes" -ge 10 ]; then
        note "$rep: $classes classes listed, --limit may hide some: not compared"
        continue
    fi
    check_eq "$rep ($in${opts:+ $opts}): events = sum of the $classes class counts" "$n" "$want"
done <<'EOF'
slow001_report.txt slowlogs/slow001.txt
slow002_report.txt slowlogs/slow002.txt
slow003_report.txt slowlogs/slow003.txt
slow004_report.txt slowlogs/slow004.txt
slow006_report.txt slowlogs/slow006.txt
slow008_report.txt slowlogs/slow008.txt
slow011_report.txt slowlogs/slow011.txt
slow013_report.txt slowlogs/slow013.txt
slow014_report.txt slowlogs/slow014.txt
slow018_report.txt slowlogs/slow018.txt
slow019_report.txt slowlogs/slow019.txt
slow023.txt slowlogs/slow023.txt
slow024.txt slowlogs/slow024.txt
slow028.txt slowlogs/slow028.txt
slow032.txt slowlogs/slow032.txt
slow048.txt slowlogs/slow048.txt
slow050.txt slowlogs/slow050.txt
slow051.txt slowlogs/slow051.txt
slow052.txt slowlogs/slow052.txt
slow054.txt slowlogs/slow054.txt
slow056.txt slowlogs/slow056.txt
slow058.txt slowlogs/slow058.txt
slow033-since-yymmdd.txt slowlogs/slow033.txt --since 2009-07-27
slow033-since-yyyy-mm-dd.txt slowlogs/slow033.txt --since 2009-07-28
slow033-until-date.txt slowlogs/slow033.txt --until 2009-07-27
slow033-precise-since-until.txt slowlogs/slow033.txt --since '2009-07-26 11:19:28' --until '2009-07-27 11:30:00'
slow033-untl-1d.txt slowlogs/slow033.txt
EOF
note "not compared: --group-by (slow055, slow057, slow002_distilltimeline), --run-time (slow033-rtm-*), profile-only (issue_1604834-*, slow013_report_profile), empty reports"

# ---- (d) pgBadger facts -----------------------------------------------------------------------

note "(d) pgBadger facts restated in MANIFEST.md"
PG=pgbadger

# pg_vacuums.log.gz (stderr) and pg_vacuums.json.gz (jsonlog) hold the same
# events: 1,450 autoanalyze (474 in hour 01 CEST of 2024-06-27) and 2,094
# autovacuum (730 in hour 02 CEST).  Our times are UTC: CEST is UTC+2.
K=$T/keep
for f in pg_vacuums.log.gz pg_vacuums.json.gz; do
    read -r aa av aa01 av02 <<EOF
$(jq -n -r '[inputs] as $e
    | [$e[] | select(.kind == "autoanalyze")] as $aa
    | [$e[] | select(.kind == "autovacuum")] as $av
    | "\($aa | length) \($av | length)"
      + " \([$aa[] | select(.time | startswith("2024-06-26T23"))] | length)"
      + " \([$av[] | select(.time | startswith("2024-06-27T00"))] | length)"' "$K/$f")
EOF
    check_eq "$f: autoanalyze events" "$aa" 1450
    check_eq "$f: autovacuum events" "$av" 2094
    check_eq "$f: autoanalyze in hour 01 CEST (2024-06-26T23Z)" "$aa01" 474
    check_eq "$f: autovacuum in hour 02 CEST (2024-06-27T00Z)" "$av02" 730
    jq -r 'select(.kind == "autoanalyze" or .kind == "autovacuum")
           | [.kind, .object, .pid] | @tsv' "$K/$f" | LC_ALL=C sort >"$T/$f.tsv"
done
if cmp -s "$T/pg_vacuums.log.gz.tsv" "$T/pg_vacuums.json.gz.tsv"; then
    pass "pg_vacuums: stderr and jsonlog give the same (kind, table, pid) events"
else
    fail "pg_vacuums: stderr and jsonlog events differ" \
        "$(diff "$T/pg_vacuums.log.gz.tsv" "$T/pg_vacuums.json.gz.tsv" | head -n 4 | tr '\n' '|')"
fi

# light.postgres.log.bz2: "database postgres has 629 queries".  pgBadger
# counts the statements it sees with a duration; every statement of this
# log is a "duration: ... statement:" line, and the one other line is a
# server message, so the count is our query+ddl events with db postgres,
# each of which must carry a duration.
check_eq "light.postgres.log.bz2: queries of database postgres" \
    "$(count_events "$K/light.postgres.log.bz2" '(.kind == "query" or .kind == "ddl") and .db == "postgres"')" 629
check_eq "light.postgres.log.bz2: of which with a duration" \
    "$(count_events "$K/light.postgres.log.bz2" '(.kind == "query" or .kind == "ddl") and .db == "postgres" and .duration_us != null')" 629

# logplex.gz: total duration of the CTE statements of database GREEN is
# 21761.546 ms; the multi-line statement with "WHERE missions.checker_id = "
# is one event.
check_eq "logplex.gz: CTE duration of database GREEN (us)" \
    "$(sum_field "$K/logplex.gz" duration_us '.kind == "query" and .db == "GREEN" and ((.statement // "") | test("^\\s*WITH\\b"; "i"))')" 21761546
check_eq "logplex.gz: the multi-line statement with 'WHERE missions.checker_id = ' is one event" \
    "$(count_events "$K/logplex.gz" '(.statement // "") | contains("WHERE missions.checker_id = ")')" 1

# rds.log.bz2 --exclude-client 192.168.1.201: the normalized query
# "select datname from pg_database where not datistemplate and datallowconn;"
# totals 2.667 ms.
grep -i -F datistemplate "$K/rds.log.bz2" >"$T/rds.ev"
check_eq "rds.log.bz2: total duration of 'select datname from pg_database ...' (us)" \
    "$(sum_field "$T/rds.ev" duration_us '(.kind == "query" or .kind == "ddl") and .host != "192.168.1.201" and ((.statement // "") | ascii_downcase | gsub("\\s+"; " ")) == "select datname from pg_database where not datistemplate and datallowconn;"')" 2667

# cnpg.log.gz: 378 connections of user postgres to database postgres.
check_eq "cnpg.log.gz: connections postgres@postgres" \
    "$(count_events "$K/cnpg.log.gz" '.kind == "connect" and .user == "postgres" and .db == "postgres"')" 378

# begin_end.log (CET): sessions ending before a given time.  pgBadger's
# session count is one per disconnection; --end is applied as our --until.
# The time-of-day forms (--begin 09:00:00 ...) have no equivalent.
for w in "2021-02-15 20:30:00+01:00=7" "2021-02-14 20:30:00+01:00=3"; do
    run_fl "$T/ev" "$T/err" events -q -k disconnect --until "${w%=*}" "$PG/begin_end.log"
    check_eq "begin_end.log: sessions with --until '${w%=*}'" "$(count_events "$T/ev")" "${w#*=}"
done

# pg-timezones.log: pgBadger with --log-timezone +5 reports 12:00:00 to
# 12:46:39, i.e. the logged 17:00:00 / 17:46:39 UTC moved by its option;
# we read the zone the log states.
E=$K/pg-timezones.log
check_eq "pg-timezones.log: time range" \
    "$(jq -s -r 'map(.time) | "\(min) \(max)"' "$E")" \
    "2021-05-27T17:00:00.000000Z 2021-05-27T17:46:39.000000Z"

# stmt_type.log: 12 statements, one of them DDL (CREATE TABLE); the French
# and Cyrillic literals come through intact.
E=$K/stmt_type.log
check_eq "stmt_type.log: statements" "$(count_events "$E" '.kind == "query" or .kind == "ddl"')" 12
check_eq "stmt_type.log: DDL statements" "$(count_events "$E" '.kind == "ddl"')" 1
check_eq "stmt_type.log: French literal intact" \
    "$(count_events "$E" '(.statement // "") | contains("forêt & océan")')" 1
check_eq "stmt_type.log: Cyrillic literal intact" \
    "$(count_events "$E" '(.statement // "") | contains("камень & почка")')" 1

# csv_statement_without_duration.log: slow_table has 688786.283 ms; the
# health_check statement has no duration (not the previous line's).
E=$K/csv_statement_without_duration.log
check_eq "csv_statement_without_duration.log: slow_table duration (us)" \
    "$(jq -r 'select((.statement // "") | contains("slow_table")) | .duration_us' "$E")" 688786283
check_eq "csv_statement_without_duration.log: health_check has no duration" \
    "$(jq -r 'select((.statement // "") | contains("health_check")) | .duration_us' "$E")" null

# postgresql_param_range.log: the bind value with the range literal
# [2023-02-24T00:00,2023-02-25T00:00] belongs to exactly one execution.
E=$K/postgresql_param_range.log
check_eq "postgresql_param_range.log: one execution with the range parameter" \
    "$(count_events "$E" '(.params // "") | contains("[2023-02-24T00:00,2023-02-25T00:00]")')" 1

# multiline_param.log: parse and bind are not queries; the two executions
# carry their multi-line bind values.
E=$K/multiline_param.log
check_eq "multiline_param.log: queries (3 statements + 2 executions)" \
    "$(count_events "$E" '.kind == "query"')" 5
check_eq "multiline_param.log: multi-line bind values" \
    "$(jq -r 'select(.params != null) | .params' "$E" | tr '\n' '|')" \
    "\$1 = '1234', \$2 = 'njchar|hello', \$3 = 'aaaa'|\$1 = '1234', \$2 = 'njvarchar|bye', \$3 = 'iiii'|"

# weeknumber.log: with --iso-week-number pgBadger files the events under
# 2021/week-27 and 2021/week-53 (1-3 January 2021 are in ISO week 53).
E=$K/weeknumber.log
check_eq "weeknumber.log: ISO weeks of the events" \
    "$(jq -r '.time | sub("\\.[0-9]+Z$"; "Z") | strptime("%Y-%m-%dT%H:%M:%SZ") | mktime | strftime("%V")' "$E" | LC_ALL=C sort -u | tr '\n' ' ')" \
    "01 27 53 "

# pgbouncer.log.gz: "pgbouncer connections on 2018-09-12 hour 16 = 63,943".
# faultline ships no PgBouncer format; the worked example of
# faultline-formats(5) is one, so this also checks that the documented
# example works on a real log (times have no zone: UTC = the log's hour).
mkdir "$T/parsers"
if [ "$(extract_man_examples "$top_srcdir/man/faultline-formats.5" "$T/parsers")" -gt 0 ] &&
   [ -f "$T/parsers/pgbouncer.json" ]; then
    run_fl "$T/ev" "$T/err" events -q --formats "$T/parsers" -k connect \
        --since '2018-09-12 16:00' --until '2018-09-12 17:00' "$PG/pgbouncer.log.gz"
    check_rc "pgbouncer.log.gz with the faultline-formats(5) example" 0
    check_eq "pgbouncer.log.gz: connections in hour 16 of 2018-09-12" "$(count_events "$T/ev")" 63943
else
    fail "faultline-formats(5) has no pgbouncer.json example to read pgbouncer.log.gz with"
fi

note "not compared: cloudsql.log.gz (no faultline format); tempfile_only.log.gz, pg_rawcsv.log, anonymize.log (report-specific output); pg-syslog.1.bz2 '12,474 queries' (a figure of pgBadger's incremental weekly index that no event count reproduces: the file has 59,868 pgbench statements); light.postgres.log.bz2 'peak second' (needs statement types)"

fl_finish
