#!/bin/sh
# e2e_cli.sh - the command line as a new user meets it: one option means one
# thing in every command (-f log format, -O output format, -o output file
# whose extension picks the format), the output path is checked before any
# input is read and a failed run leaves an earlier file untouched, and
# filters or a forced format that leave nothing say so and exit 1 without
# writing a draft (never one dated 1970).

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
need_jq
T=$FL_TMP
PG=$top_srcdir/samples/postgresql-default.log.gz
INC=$top_srcdir/samples/incident

# -f is the log format in every command.
for cmd in events stats timeline; do
    run_fl "$T/f.out" "$T/f.err" $cmd -q -f postgresql-stderr "$PG"
    check_rc "$cmd -f postgresql-stderr reads the log" 0
    run_fl "$T/f.out" "$T/f.err" $cmd -q -f mysql-slow "$PG"
    check_rc "$cmd -f with a format that understands nothing" 1
    check_grep "$cmd -f: says no entry was understood" "$T/f.err" \
        '--format mysql-slow: no entry of the input was understood'
    [ -s "$T/f.out" ] && fail "$cmd -f mysql-slow: wrote output" || pass "$cmd -f mysql-slow: no output"
done

# -O picks the output format; -o FILE takes it from the extension.
run_fl "$T/s.json" /dev/null stats -q -O json "$PG"
check_eq "stats -O json is JSON" "$(jq -r .by "$T/s.json")" fingerprint
run_fl /dev/null /dev/null stats -q -o "$T/s2.json" "$PG"
check_rc "stats -o FILE.json" 0
check_eq "stats -o FILE.json writes JSON" "$(jq -r .by "$T/s2.json")" fingerprint
run_fl "$T/stdout" /dev/null timeline -q -o "$T/draft.md" "$INC"
check_grep "timeline -o FILE.md writes Markdown" "$T/draft.md" '^# Postmortem draft'
check_eq "timeline -o FILE: nothing on stdout" "$(wc -c < "$T/stdout" | tr -d ' ')" 0
run_fl /dev/null /dev/null timeline -q -o "$T/draft.json" "$INC"
check_eq "timeline -o FILE.json writes JSON" "$(jq -r .verdict "$T/draft.json")" change
run_fl /dev/null /dev/null timeline -q -O text -o "$T/draft.json" "$INC"
check_grep "-O wins over the extension" "$T/draft.json" '^Postmortem draft'
run_fl "$T/dash" /dev/null timeline -q -O json -o - "$INC"
check_eq "-o - is standard output" "$(jq -r .verdict "$T/dash")" change
run_fl /dev/null "$T/e.err" events -q -O md "$PG"
check_rc "events -O md is a usage error" 2
run_fl /dev/null /dev/null events -q -k ddl -o "$T/ev.jsonl" "$PG"
check_eq "events -o FILE.jsonl" "$(jq -s 'map(.kind) | unique | join(",")' -r "$T/ev.jsonl")" ddl

# The output path is checked before any input is read: standard input that
# never ends must not be waited for.
run_fl /dev/null "$T/o.err" timeline -o "$T/no-such-dir/x.md" "$INC"
check_rc "-o in a missing directory" 2
check_grep "-o in a missing directory: message names it" "$T/o.err" 'no-such-dir/x.md: cannot write the output'
mkfifo "$T/fifo"
FL_TIMEOUT=10 run_fl /dev/null "$T/o.err" timeline -o "$T/no-such-dir/x.md" "$T/fifo"
check_rc "-o is checked before reading (a FIFO nobody writes is not opened)" 2
run_fl /dev/null "$T/o.err" stats -o "$T" "$PG"
check_rc "-o naming a directory" 2

# A run that writes nothing leaves an earlier file untouched; filters that
# leave nothing say what they left out.
echo old > "$T/keep.md"
run_fl /dev/null "$T/w.err" timeline -q --since '2031-01-01' -o "$T/keep.md" "$INC"
check_rc "timeline --since after the logs" 1
check_grep "--since after the logs: says what was left out" "$T/w.err" \
    'no statements left: of [0-9]+ entries, [0-9]+ were outside --since/--until'
check_eq "the earlier output file is untouched" "$(cat "$T/keep.md")" old
check_eq "no temporary file is left" "$(ls "$T" | grep -c 'keep.md.')" 0
run_fl "$T/w.out" "$T/w.err" timeline -q --until '1999-01-01' "$INC"
check_rc "timeline --until before the logs" 1
check_no_grep "no draft dated 1970" "$T/w.out" '19(69|70)'
run_fl "$T/w.out" "$T/w.err" stats -q --since '2031-01-01' "$PG"
check_rc "stats --since after the logs" 1
check_eq "stats --since after the logs: no table" "$(wc -c < "$T/w.out" | tr -d ' ')" 0
run_fl "$T/w.out" "$T/w.err" events -q -k deadlock "$top_srcdir/samples/mariadb-slow.log.gz"
check_rc "events --kind that matches nothing" 1
check_grep "--kind: says what was left out" "$T/w.err" 'were of other kinds \(--kind\)'

# --help shows the same options everywhere.
for cmd in events stats timeline; do
    run_fl "$T/h" /dev/null $cmd --help
    check_grep "$cmd --help: -f is the log format" "$T/h" '^  -f, --format NAME +read every file as log format'
    check_grep "$cmd --help: -O" "$T/h" '^  -O, --output-format FMT'
    check_grep "$cmd --help: -o" "$T/h" '^  -o, --output FILE'
done
fl_finish
