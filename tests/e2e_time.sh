#!/usr/bin/env bash
# e2e_time.sh - times read with layouts from format definitions, end to end:
# a definition loaded with --formats DIR and forced with --format NAME reads
# Common Log Format times right; a zone-less layout is local time of --tz
# across daylight-saving gaps and overlaps; an entry whose time is present
# but unreadable is counted, reported once per file (file:line and the
# layout), shown in the per-file summary, and makes the exit status 1; a
# broken layout is refused at load with the file and key named.
#
# Fixtures: tests/data/time/ (see its README.md).  Expected instants were
# computed with GNU date, e.g. `date -u -d '2025-10-10 13:55:36 -0700'`.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
need_jq

D=$top_srcdir/tests/data/time
T=$FL_TMP
cd "$T" || exit 1

# ---- 1. Common Log Format, every time readable ------------------------------
note "nginx access log, CLF times read with a layout"
grep -v -e yesterday -e '25:61:00' "$D/access.log" >good.log
run_fl good.json good.err events --formats "$D" --format nginx-access good.log
check_rc "readable CLF times" 0
check_json "readable CLF times" good.json
check_eq "CLF: line 1 is 13:55:36 -0700" \
    "$(jq -r 'select(.line == 1) | .time' good.json)" \
    "2025-10-10T20:55:36.000000Z"
check_eq "CLF: every event is timed" \
    "$(count_events good.json '.time != null')" 3
check_no_grep "CLF: no time diagnostic" good.err 'does not match'
check_no_grep "CLF: no unreadable times in the summary" good.err 'unreadable'

# Detection picks the definition too (the layout parses in the dry run).
run_fl detect.json detect.err events --formats "$D" good.log
check_rc "CLF detected without --format" 0
check_grep "CLF detected without --format: summary names it" detect.err \
    'good\.log: nginx-access \(none\): 3 lines, 3 events'

# ---- 2. unreadable times: counted, reported once, partial ----------------
note "unreadable times"
run_fl bad.json bad.err events --formats "$D" --format nginx-access \
    "$D/access.log"
check_rc "unreadable times make the input partial" 1
check_eq "unreadable times: every line is still an event" \
    "$(count_events bad.json true)" 5
check_eq "unreadable times: the readable ones keep their time" \
    "$(jq -r 'select(.time != null) | .line' bad.json | tr '\n' ' ')" \
    "1 2 5 "
check_eq "unreadable times: the first one is reported once" \
    "$(grep -c 'does not match layout' bad.err)" 1
check_grep "unreadable times: file:line, text and layout named" bad.err \
    'access\.log:3: time "10/Oct/2025:25:61:00 -0700" does not match layout "%d/%b/%Y:%H:%M:%S %z"$'
check_grep "unreadable times: count in the per-file summary" bad.err \
    'access\.log: nginx-access \(none\): 5 lines, 5 events, 0 lines not understood, 2 unreadable times$'
check_no_grep "unreadable times: not called INCOMPLETE" bad.err 'INCOMPLETE'

# Quiet mode drops the summary but not the diagnostic or the status.
run_fl quiet.json quiet.err events -q --formats "$D" --format nginx-access \
    "$D/access.log"
check_rc "unreadable times with -q" 1
check_grep "unreadable times with -q: still reported" quiet.err \
    'access\.log:3: time '

# Two files: one report per file, and only the broken one counts.
cp "$D/access.log" second.log
run_fl two.json two.err events --formats "$D" --format nginx-access \
    good.log second.log
check_rc "two files, one with unreadable times" 1
check_eq "two files: one report for the broken file" \
    "$(grep -c 'does not match layout' two.err)" 1
check_grep "two files: the clean file's summary has no count" two.err \
    'good\.log: nginx-access \(none\): 3 lines, 3 events, 0 lines not understood$'

# ---- 3. zone-less layouts are local time of --tz ---------------------------
note "zone-less layout with --tz Europe/Paris"
run_fl local.json local.err events -q --tz Europe/Paris --formats "$D" \
    --format app-local "$D/app-local.log"
check_rc "local times" 0
check_eq "local times around the 2025 Paris changes" \
    "$(jq -r .time local.json | tr '\n' ' ')" \
    "2025-03-30T00:59:59.500000Z 2025-03-30T01:30:00.000000Z 2025-03-30T01:00:00.000000Z 2025-10-26T00:30:00.250000Z 2025-10-26T02:00:00.000000Z "
run_fl utc.json utc.err events -q --formats "$D" --format app-local \
    "$D/app-local.log"
check_eq "local times without --tz are UTC" \
    "$(jq -r 'select(.line == 1) | .time' utc.json)" \
    "2025-03-30T01:59:59.500000Z"

# ---- 4. a broken layout is refused at load --------------------------------
note "broken layouts"
mkdir badfmt
sed 's|%d/%b/%Y:%H:%M:%S %z|%d/%b/%Y:%H:%M:%Q %z|' "$D/nginx-access.json" \
    >badfmt/nginx-access.json
run_fl /dev/null badlay.err events --formats badfmt --format nginx-access \
    good.log
check_rc "unknown directive" 2
check_grep "unknown directive: file, key and directive named" badlay.err \
    'badfmt/nginx-access\.json.*key "time\[0\]": layout "%d/%b/%Y:%H:%M:%Q %z": unknown directive %Q'
sed 's|"layout": "[^"]*"|"layout": "%H:%M:%S", "style": "iso"|' \
    "$D/nginx-access.json" >badfmt/nginx-access.json
run_fl /dev/null both.err events --formats badfmt --format nginx-access \
    good.log
check_rc "style and layout together" 2
check_grep "style and layout together: key named" both.err \
    'key "time\[0\]": needs string "field" and either string "style" or string "layout"'

# A layout that compiles but does not read the definition's own sample.
sed 's|13:55:36 -0700\] |13:55:36 -07000] |' "$D/nginx-access.json" \
    >badfmt/nginx-access.json
run_fl /dev/null sample.err formats --formats badfmt
check_rc "sample time not readable with the layout" 2
check_grep "sample time not readable: file and sample named" sample.err \
    'badfmt/nginx-access\.json: key "samples\[0\]": the time of line 1 matches none of the "time" styles or layouts'

fl_finish
