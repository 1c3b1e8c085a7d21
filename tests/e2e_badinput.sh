#!/usr/bin/env bash
# e2e_badinput.sh - damaged, hostile and wrong input: faultline must not
# crash, must say what is wrong naming the file (and line or byte offset),
# must exit 0/1/2 as faultline(1) documents, and must keep every event that
# comes before the damage.
#
# Inputs are generated here into a scratch directory (a synthetic
# PostgreSQL stderr log whose every entry is exactly one query event), plus
# the recorded sample samples/postgresql-default.log.gz when present.
# Small hand-written fixtures live in tests/data/bad/.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
need_jq
need_cmd gzip awk head tr od

BAD=$top_srcdir/tests/data/bad
T=$FL_TMP
cd "$T" || exit 1

# gen_pg FIRST COUNT: COUNT synthetic stderr entries numbered from FIRST;
# every tenth statement continues on a tab-indented second line.
gen_pg() {
    awk -v first="$1" -v n="$2" 'BEGIN {
        for (i = first; i < first + n; i++) {
            printf "2024-05-15 %02d:%02d:%02d.%03d UTC [%d] LOG:  duration: %d.%03d ms  statement: SELECT v FROM t%d WHERE id = %d\n", int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 1000, 1000 + i % 7, i % 50, i % 1000, i % 13, i
            if (i % 10 == 0)
                printf "\tAND flag = %d\n", i % 3
        }
    }'
}

# events_sans_file IN OUT [JQ-BOOLEAN]: events of IN without the "file" key
# (which names the input), one per line, optionally filtered.
events_sans_file() {
    jq -c "select(${3:-true}) | del(.file)" "$1" >"$2"
}

# lines_before_damage ORIGINAL DAMAGED.gz: how many leading lines of the
# damaged file still decode (with gzip itself) to the original's lines;
# faultline must not lose any entry among them.
lines_before_damage() {
    gzip -dc "$2" 2>/dev/null >decoded.txt
    awk 'NR == FNR { a[NR] = $0; n = NR; next }
         FNR > n || a[FNR] != $0 { print FNR - 1; found = 1; exit }
         END { if (!found) print (FNR < n ? FNR : n) }' "$1" decoded.txt
}

# The synthetic log: 20,000 entries, 22,000 lines.
gen_pg 0 20000 >good.log
gzip -n -9 -c good.log >good.log.gz
N_GOOD=20000
run_fl good.json good.err events good.log.gz
check_rc "complete synthetic log" 0
check_eq "complete synthetic log: every entry is an event" \
    "$(count_events good.json 'true')" "$N_GOOD"

# ---- 1. empty file -----------------------------------------------------------
note "empty file"
: >empty.log
run_fl out err events empty.log
check_rc "empty file" 1
check_grep "empty file: message names the file" err '^faultline: empty\.log: empty file$'
check_grep "empty file: summary says skipped" err '^faultline: empty\.log: skipped'
check_eq "empty file: no output" "$(wc -c <out | tr -d ' ')" 0

# ---- 2. binary file ------------------------------------------------------------
# 4 KiB from a fixed linear congruential generator (deterministic on every
# awk); the first byte is NUL so that it is binary whatever the sequence.
note "binary file"
awk 'BEGIN { x = 12345; s = "\\000"
    for (i = 1; i < 4096; i++) { x = (x * 75 + 74) % 65537; s = s sprintf("\\%03o", x % 256) }
    print s }' >binary.oct
# shellcheck disable=SC2059 # the octal escapes are the format on purpose
printf "$(cat binary.oct)" >binary.dat
check_eq "binary file: 4096 bytes generated" "$(wc -c <binary.dat | tr -d ' ')" 4096
run_fl out err events binary.dat
check_rc "binary file" 1
if fl_crashed; then fail "binary file: crashed ($(rc_name))"; fi
check_grep "binary file: message names the file" err '^faultline: binary\.dat: (binary data|no known log format)'
check_eq "binary file: no events" "$(wc -c <out | tr -d ' ')" 0

# ---- 3. truncated gzip -------------------------------------------------------------
# check_prefix NAME ORIGINAL DAMAGED.gz FULL.json MARGIN: the events
# faultline gives for DAMAGED.gz include, unchanged, every event of FULL.json
# (the events of the undamaged file) that starts MARGIN lines or more
# before the first line the damage changed.
check_prefix() {
    local name=$1 orig=$2 gz=$3 full=$4 margin=$5 l0 limit want got
    l0=$(lines_before_damage "$orig" "$gz")
    limit=$((l0 - margin))
    events_sans_file "$full" want.json ".line <= $limit"
    events_sans_file out got.json ".line <= $limit"
    want=$(wc -l <want.json | tr -d ' ')
    got=$(wc -l <got.json | tr -d ' ')
    if [ "$want" -gt 0 ] && cmp -s want.json got.json; then
        pass "$name: all $want events of lines 1..$limit ($l0 lines intact) come out unchanged"
    else
        fail "$name: events before the damage lost or changed" \
            "lines intact before the damage: $l0; events expected up to line $limit: $want, got $got"
    fi
}

note "truncated gzip"
size=$(wc -c <good.log.gz | tr -d ' ')
half=$((size / 2))
head -c "$half" good.log.gz >trunc.log.gz
run_fl out err events trunc.log.gz
check_rc "truncated gzip" 1
check_grep "truncated gzip: message names the file and the byte offset (= compressed size $half)" \
    err "^faultline: trunc\.log\.gz: byte $half: truncated gzip data"
check_grep "truncated gzip: summary marks the file INCOMPLETE" err \
    '^faultline: trunc\.log\.gz: postgresql-stderr \(gzip\): [0-9]+ lines, [0-9]+ events, [0-9]+ lines not understood; INCOMPLETE$'
check_json "truncated gzip" out
check_prefix "truncated gzip" good.log trunc.log.gz good.json 2

# The same with the recorded sample (real multi-line statements).
SAMPLE=$top_srcdir/samples/postgresql-default.log.gz
if [ -f "$SAMPLE" ]; then
    note "truncated gzip of the recorded sample"
    run_fl sample.json /dev/null events "$SAMPLE"
    ssize=$(wc -c <"$SAMPLE" | tr -d ' ')
    head -c $((ssize / 2)) "$SAMPLE" >strunc.log.gz
    run_fl out err events strunc.log.gz
    check_rc "truncated sample" 1
    check_grep "truncated sample: message names the file and the byte offset" \
        err "^faultline: strunc\.log\.gz: byte $((ssize / 2)): truncated gzip data"
    gzip -dc "$SAMPLE" >sample.log
    check_prefix "truncated sample" sample.log strunc.log.gz sample.json 50
else
    note "samples/postgresql-default.log.gz absent: real-sample truncation not checked"
fi

# ---- 4. garbage after the gzip data ----------------------------------------------------
note "gzip with garbage appended"
cp good.log.gz tail.log.gz
printf 'this is not gzip data\n' >>tail.log.gz
run_fl out err events tail.log.gz
check_rc "garbage appended" 1
check_grep "garbage appended: message names the file and the offset where the garbage starts ($size)" \
    err "^faultline: tail\.log\.gz: byte $size: trailing garbage after gzip data"
events_sans_file good.json want.json
events_sans_file out got.json
if cmp -s want.json got.json; then
    pass "garbage appended: all $N_GOOD events come out unchanged"
else
    fail "garbage appended: events lost or changed" \
        "expected $N_GOOD events, got $(wc -l <got.json | tr -d ' ')"
fi

# ---- 5. corrupt bytes in the middle -----------------------------------------------------
note "gzip with corrupt bytes in the middle"
cp good.log.gz corrupt.log.gz
printf '\377\377\377\377\377\377\377\377' |
    dd of=corrupt.log.gz bs=1 seek="$half" conv=notrunc 2>/dev/null
run_fl out err events corrupt.log.gz
check_rc "corrupt gzip" 1
check_grep "corrupt gzip: message names the file, a byte offset and the damage" \
    err '^faultline: corrupt\.log\.gz: byte [0-9]+: (damaged|truncated) gzip data'
off=$(sed -n 's/^faultline: corrupt\.log\.gz: byte \([0-9]*\): .*/\1/p' err | head -n 1)
if [ -n "$off" ] && [ "$off" -ge "$half" ] && [ "$off" -le "$size" ]; then
    pass "corrupt gzip: offset $off is at or after the damage ($half)"
else
    fail "corrupt gzip: offset ${off:-none} is not within $half..$size"
fi
check_json "corrupt gzip" out
check_prefix "corrupt gzip" good.log corrupt.log.gz good.json 2

# One changed byte may decode to garbage that only the CRC at the end
# catches: the garbage lines are not understood, nothing before is lost.
note "gzip with one changed byte in the middle"
cp good.log.gz onebyte.log.gz
printf 'X' | dd of=onebyte.log.gz bs=1 seek="$half" conv=notrunc 2>/dev/null
run_fl out err events onebyte.log.gz
check_rc "one changed byte" 1
check_grep "one changed byte: message names the file, a byte offset and the damage" \
    err '^faultline: onebyte\.log\.gz: byte [0-9]+: (damaged|truncated) gzip data'
check_json "one changed byte" out
check_prefix "one changed byte" good.log onebyte.log.gz good.json 2

# ---- 6. multi-member gzip and bzip2 ----------------------------------------------------
note "multi-member gzip (cat a.gz b.gz)"
gen_pg 100000 3000 >part1.log
gen_pg 200000 2000 >part2.log
gzip -n -c part1.log >part1.gz
gzip -n -c part2.log >part2.gz
cat part1.gz part2.gz >multi.log.gz
cat part1.log part2.log >multi.log
run_fl out err events multi.log.gz
check_rc "multi-member gzip" 0
check_eq "multi-member gzip: events of both members" "$(count_events out)" 5000
events_sans_file out got.json
run_fl plain.json /dev/null events multi.log
events_sans_file plain.json want.json
if cmp -s want.json got.json; then
    pass "multi-member gzip: same events as the uncompressed concatenation"
else
    fail "multi-member gzip: events differ from the uncompressed concatenation"
fi
if command -v bzip2 >/dev/null 2>&1; then
    bzip2 -c part1.log >part1.bz2
    bzip2 -c part2.log >part2.bz2
    cat part1.bz2 part2.bz2 >multi.log.bz2
    run_fl out err events multi.log.bz2
    check_rc "multi-stream bzip2" 0
    events_sans_file out got.json
    if cmp -s want.json got.json; then
        pass "multi-stream bzip2: same 5000 events as the uncompressed concatenation"
    else
        fail "multi-stream bzip2: events differ from the uncompressed concatenation"
    fi
fi

# ---- 7. very long lines ---------------------------------------------------------------
note "10 MiB single lines"
{
    gen_pg 0 1
    printf "2024-05-15 10:00:01.000 UTC [7] LOG:  duration: 2.000 ms  statement: SELECT '"
    head -c 10485760 /dev/zero | tr '\0' x
    printf "'\n"
    head -c 10485760 /dev/zero | tr '\0' y
    echo
    gen_pg 2 1
} >long.log
run_fl out err events long.log
check_rc "10 MiB lines" 0
check_eq "10 MiB lines: events around them survive" "$(count_events out)" 3
check_eq "10 MiB lines: the 10 MiB statement is kept whole" \
    "$(jq -r 'select(.line == 3) | .statement | length' out)" $((10485760 + 9))
check_grep "10 MiB lines: the 10 MiB non-log line is counted as not understood" \
    err '^faultline: long\.log: postgresql-stderr \(none\): 5 lines, 3 events, 1 lines not understood$'

note "a line over the 16 MiB line cap"
{
    gen_pg 0 1
    head -c 17000000 /dev/zero | tr '\0' z
    echo
    gen_pg 2 1
} >huge.log
run_fl out err events huge.log
check_rc "17 MB line" 1
check_grep "17 MB line: message names the file and line" \
    err '^faultline: huge\.log:3: line longer than 16777216 bytes'
check_grep "17 MB line: summary marks the file INCOMPLETE" err '^faultline: huge\.log: .*; INCOMPLETE$'
check_eq "17 MB line: the events before and after it survive" "$(count_events out)" 2

# ---- 8. invalid UTF-8 ---------------------------------------------------------------------
note "invalid UTF-8 inside a statement"
cp "$BAD/invalid-utf8.log" badutf.log
run_fl out err events badutf.log
check_rc "invalid UTF-8" 0
check_json "invalid UTF-8" out
# jq itself would turn bad bytes into U+FFFD, so check the raw output too.
if command -v iconv >/dev/null 2>&1; then
    if iconv -f UTF-8 -t UTF-8 <out >/dev/null 2>&1; then
        pass "invalid UTF-8: the output is valid UTF-8 (iconv)"
    else
        fail "invalid UTF-8: the output is not valid UTF-8 (iconv)"
    fi
fi
nbad=$(LC_ALL=C od -An -tx1 out | tr -s ' ' '\n' | grep -c -x -E 'ff|fe|c0|c1' || true)
check_eq "invalid UTF-8: no byte that never occurs in UTF-8 (ff fe c0 c1) in the output" "$nbad" 0
check_eq "invalid UTF-8: bad bytes become U+FFFD, the rest is kept" \
    "$(jq -r 'select(.line == 1) | .statement | test("^SELECT \ufffd+ bad \ufffd\\( and \ufffd+ end; caf\u00e9$")' out)" true
check_eq "invalid UTF-8: valid UTF-8 next to it is untouched" \
    "$(jq -r 'select(.line == 2) | .statement' out)" "SELECT 'forêt', 'камень'"

# ---- 9. directories ------------------------------------------------------------------------
note "directory without logs"
mkdir emptydir
run_fl out err events emptydir
check_rc "empty directory" 1
check_grep "empty directory: message names it and says no input files found" err '^faultline: emptydir: no input files found'
# fl_ingest.h: files found by walking a directory that match no format
# (scripts, notes) are skipped without a diagnostic per file; --verbose
# names them.  When no input at all is a log, the run says so and exits 1.
# Named files are always reported.
mkdir junkdir
printf 'hello\nworld\n' >junkdir/readme.txt
printf 'a,b,c\n1,2,3\n' >junkdir/table.csv
run_fl out err events junkdir
check_rc "directory of non-log files" 1
check_eq "non-log files: no events" "$(wc -c <out | tr -d ' ')" 0
check_no_grep "non-log files: no message per file" err 'junkdir/'
check_grep "non-log files: the run says no log was found" err \
    '^faultline: no log in a known format among the 2 input files'
run_fl out err events -v junkdir
check_grep "non-log files, --verbose: each one named" err \
    '^faultline: junkdir/readme\.txt: skipped: not a log in any known format$'
check_grep "non-log files, --verbose: each one named" err \
    '^faultline: junkdir/table\.csv: skipped: not a log in any known format$'
cp good.log.gz junkdir/
run_fl out err events junkdir
check_rc "directory with a log among non-log files" 0
check_eq "directory with a log among non-log files: its events" "$(count_events out)" "$N_GOOD"
run_fl out err events junkdir/readme.txt
check_rc "a non-log file named on the command line" 1
check_grep "a named non-log file is reported" err \
    '^faultline: junkdir/readme\.txt: no known log format matches the first 2 lines'

# ---- 10. unreadable file -----------------------------------------------------------------
note "unreadable file"
cp good.log locked.log
chmod 000 locked.log
if [ "$(id -u)" -eq 0 ]; then
    note "running as root: a mode-000 file is still readable, check skipped"
else
    run_fl out err events locked.log good.log.gz
    check_rc "unreadable file next to a good one" 1
    check_grep "unreadable file: message names it" err \
        '^faultline: locked\.log: cannot open: Permission denied'
    check_eq "unreadable file: the good file is fully processed" "$(count_events out)" "$N_GOOD"
fi
chmod 644 locked.log

# ---- 11. broken format definitions -------------------------------------------------------
note "format definitions: invalid JSON, bad regex, unknown key, bad domain or rule error"
mkdir fmt_json fmt_re fmt_key fmt_bt
cp "$BAD/format-invalid-json.json" fmt_json/
cp "$BAD/format-bad-regex.json" fmt_re/
cp "$BAD/format-unknown-key.json" fmt_key/
cp "$BAD/format-backtrack.json" fmt_bt/
for cmd in events formats; do
    if [ $cmd = events ]; then set -- good.log; else set --; fi
    run_fl out err $cmd --formats fmt_json "$@"
    check_rc "$cmd, format file with invalid JSON" 2
    check_grep "$cmd, invalid JSON: message names the file and the offset" err \
        '^faultline: fmt_json/format-invalid-json\.json: byte [0-9]+: invalid JSON'
done
run_fl out err events --formats fmt_re good.log
check_rc "regex that does not compile" 2
check_grep "bad regex: message names file, key, PCRE2 message and offset" err \
    '^faultline: fmt_re/format-bad-regex\.json: key "patterns\[0\]": regex does not compile at offset [0-9]+: missing terminating \]'
run_fl out err formats --formats fmt_key
check_rc "unknown key" 2
check_grep "unknown key: message names file and key" err \
    '^faultline: fmt_key/format-unknown-key\.json: key "colour": unknown key'
mkdir fmt_dom fmt_err
cat > fmt_dom/format-bad-domain.json <<'JSON'
{ "name": "d", "type": "line", "domain": "SQL Server", "patterns": [ "^x" ],
  "time": [ { "field": "time", "style": "iso" } ], "samples": [] }
JSON
cat > fmt_err/format-bad-rule-error.json <<'JSON'
{ "name": "e", "type": "line", "patterns": [ "^x" ],
  "time": [ { "field": "time", "style": "iso" } ],
  "rules": [ { "kind": "log", "error": "yes" } ], "samples": [] }
JSON
run_fl out err formats --formats fmt_dom
check_rc "domain that is not a name" 2
check_grep "bad domain: message names file and key" err \
    '^faultline: fmt_dom/format-bad-domain\.json: key "domain": must be 1-32 characters'
run_fl out err formats --formats fmt_err
check_rc "rule error that is not a boolean" 2
check_grep "bad rule error: message names file and rule" err \
    '^faultline: fmt_err/format-bad-rule-error\.json: key "rules\[0\]": "error" must be true or false'
mkdir fmt_none
run_fl out err formats --formats fmt_none
check_rc "--formats with a directory holding no definitions" 0
check_grep "--formats empty directory: the built-in formats are listed" out '^postgresql-stderr +line +'
run_fl out err formats --formats "$T/no-such-dir"
check_rc "--formats with a missing directory" 2
check_grep "--formats missing directory: message names it" err 'no-such-dir: cannot open format directory'

# ---- 12. catastrophic backtracking -----------------------------------------------------------
note "regex with catastrophic backtracking"
printf 'aaaa\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\naaa\n' >bt.log
FL_TIMEOUT=20 run_fl out err events -v --formats fmt_bt --format backtrack bt.log
if fl_crashed; then
    fail "backtracking: did not finish quickly ($(rc_name))"
else
    check_rc "backtracking" 0
    check_grep "backtracking: the line is reported with its number" err \
        '^faultline: bt\.log:2: regex match limit exceeded'
    check_grep "backtracking: the match limit is reported" err \
        '^faultline: bt\.log: 1 regex matches hit the PCRE2 match or depth limit'
    check_grep "backtracking: counted as not understood, the other lines parsed" err \
        '^faultline: bt\.log: backtrack \(none\): 3 lines, 2 events, 1 lines not understood$'
fi

# ---- 13. missing files next to good ones ---------------------------------------------------------
note "nonexistent file next to a good one"
run_fl out err events no-such.log good.log.gz
check_rc "nonexistent file" 1
check_grep "nonexistent file: message names it" err '^faultline: no-such\.log: No such file or directory$'
check_eq "nonexistent file: the good file is fully processed" "$(count_events out)" "$N_GOOD"

note "damaged file next to a good one"
run_fl out err events trunc.log.gz good.log
check_rc "good file with a truncated one" 1
check_eq "good file with a truncated one: every good event is present" \
    "$(count_events out '.file == "good.log"')" "$N_GOOD"
check_grep "good file with a truncated one: good file summary complete" err \
    '^faultline: good\.log: postgresql-stderr \(none\): 22000 lines, 20000 events, 0 lines not understood$'

# ---- 14. bad option values ------------------------------------------------------------------------
note "bad option values"
run_fl out err events --format no-such-format good.log
check_rc "--format unknown" 2
check_grep "--format unknown: message names it" err 'unknown format "no-such-format"'
run_fl out err events --tz Mars/Olympus_Mons good.log
check_rc "--tz unknown" 2
check_grep "--tz unknown: message names it" err "^faultline: --tz: .*Mars/Olympus_Mons"
run_fl out err events --since garbage good.log
check_rc "--since garbage" 2
check_grep "--since garbage: message names the option and value" err '^faultline: --since: cannot read time "garbage"'
run_fl out err events --until 2024-13-45 good.log
check_rc "--until impossible date" 2
run_fl out err events --kind nonsense good.log
check_rc "--kind unknown" 2
check_grep "--kind unknown: message names it" err '^faultline: --kind: unknown kind "nonsense"'
run_fl out err events
check_rc "events without input" 2
run_fl out err events --no-such-option good.log
check_rc "unknown option" 2

fl_finish
