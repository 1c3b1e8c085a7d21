#!/usr/bin/env bash
# e2e_man.sh - the manual pages document what the code accepts: every
# command and option of the binary, every event kind and output field, and
# every key, type, role, time style and field name of the format schema.
# The lists are taken from the binary (--help, --list-options) and from the
# sources: the event kinds and fields from the X-macro tables of
# include/event/fl_event.h (their one definition), the core output fields
# from src/report/evout.c, the schema from src/format/format.c, rules.c,
# fields.c and src/time/time.c, so a new option, kind, field or key without
# documentation fails this test.
# Also: the pages render without warnings, and the worked example of
# faultline-formats(5) is a definition that loads and passes its samples.

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
T=$FL_TMP
MAN1=$top_srcdir/man/faultline.1
MAN5=$top_srcdir/man/faultline-formats.5
SRC=$top_srcdir/src
EVH=$top_srcdir/include/event/fl_event.h
for f in "$MAN1" "$MAN5" "$EVH" "$SRC/report/evout.c" "$SRC/format/format.c" \
         "$SRC/format/rules.c" "$SRC/format/fields.c" \
         "$SRC/time/time.c" "$SRC/time/layout.c" "$top_srcdir/include/cli/fl_cli.h"; do
    [ -f "$f" ] || { fail "missing $f"; fl_finish; }
done

# section FILE HEADING: the lines of the ".SS HEADING" (or ".SH") section.
section() {
    awk -v h="$2" '
        $0 == ".SS " h || $0 == ".SS \"" h "\"" || $0 == ".SH " h || $0 == ".SH \"" h "\"" { on = 1; next }
        /^\.S[SH] / { on = 0 }
        on' "$1"
}

# c_strings FILE START: the string literals of the first array initializer
# ("name[...] = { ... }") at or after the first line matching the ERE START.
c_strings() {
    START=$2 awk '
        !go && $0 ~ ENVIRON["START"] { go = 1 }
        go && !open { i = match($0, /\[[^]]*\] *= *\{/); if (i) { open = 1; $0 = substr($0, RSTART + RLENGTH) } else next }
        go && open {
            line = $0
            j = index(line, "}")
            if (j) line = substr(line, 1, j - 1)
            while (match(line, /"[^"]*"/)) {
                print substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, RSTART + RLENGTH)
            }
            if (j) exit
        }' "$1"
}

# xmacro FILE TABLE: the names (second argument, a string) of the rows
# "X(member, "name", "doc")" of the X-macro "#define TABLE(X)" in FILE.
xmacro() {
    awk -v t="#define $2(X)" '
        index($0, t) == 1 { on = 1; next }
        on && match($0, /X\([A-Za-z_0-9]+, *"[^"]*"/) {
            s = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", s); sub(/"$/, "", s); print s
        }
        on && !/\\$/ { on = 0 }' "$1"
}

# documented_bold FILE NAME: NAME appears in bold in FILE, as a macro
# argument (.B name, .BR name ...) or inline (\fBname\fR).
documented_bold() {
    grep -E -q -- "^\.(B|BR|RB|BI) \"?$2\"?( |$)|^\.(BR|RB) .* \"?$2\"?( |$)|\\\\fB$2\\\\f[RP]" "$1"
}

# check_list WHAT FILE LISTFILE: every name of LISTFILE is bold in FILE.
check_list() {
    local what=$1 file=$2 list=$3 missing="" n=0
    while IFS= read -r name; do
        [ -n "$name" ] || continue
        n=$((n + 1))
        documented_bold "$file" "$name" || missing="$missing $name"
    done <"$list"
    if [ "$n" -eq 0 ]; then
        fail "$what: could not extract the list from the sources"
    elif [ -n "$missing" ]; then
        fail "$what: undocumented in $(basename "$file"):$missing"
    else
        pass "$what: all $n documented in $(basename "$file") ($(tr '\n' ' ' <"$list"))"
    fi
}

# ---- commands and options (faultline.1) --------------------------------------------

note "commands and options"
run_fl "$T/help" /dev/null --help
check_rc "faultline --help" 0
sed -n '/^Commands:/,/^$/p' "$T/help" | awk 'NF >= 2 && $1 != "Commands:" { print $1 }' >"$T/cmds"
run_fl "$T/opts" /dev/null --list-options
check_rc "faultline --list-options" 0
cut -d' ' -f1 "$T/opts" | sort -u >"$T/cmds2"
if [ -s "$T/cmds" ] && cmp -s <(sort "$T/cmds") "$T/cmds2"; then
    pass "--help and --list-options name the same commands: $(tr '\n' ' ' <"$T/cmds")"
else
    fail "--help and --list-options disagree on the commands" \
        "help: $(tr '\n' ' ' <"$T/cmds")" "list-options: $(tr '\n' ' ' <"$T/cmds2")"
fi
while IFS= read -r cmd; do
    section "$MAN1" "$cmd" >"$T/sec"
    if [ ! -s "$T/sec" ]; then
        fail "command $cmd: no '.SS $cmd' section in faultline.1"
        continue
    fi
    grep -q -x -F ".B faultline $cmd" "$MAN1" ||
        fail "command $cmd: not in the SYNOPSIS ('.B faultline $cmd')"
    missing=""
    n=0
    while read -r c opt; do
        [ "$c" = "$cmd" ] || continue
        n=$((n + 1))
        roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        grep -q -F -- "$roff" "$T/sec" || missing="$missing $opt"
    done <"$T/opts"
    # Short options, from the command's --help ("  -x, --long ...").
    run_fl "$T/chelp" /dev/null "$cmd" --help
    while read -r s _; do
        s=${s%,}
        roff=$(printf '%s' "$s" | sed 's/-/\\-/g')
        grep -q -F -- "$roff" "$T/sec" || missing="$missing $s"
    done < <(grep -E '^  -[A-Za-z], --' "$T/chelp")
    if [ "$n" -eq 0 ]; then
        fail "command $cmd: --list-options gives no option"
    elif [ -n "$missing" ]; then
        fail "command $cmd: options missing from its section of faultline.1:$missing"
    else
        pass "command $cmd: its $n long options (and short forms) are in its section of faultline.1"
    fi
done <"$T/cmds"
if grep -q -F -- '\-\-version' "$MAN1"; then
    pass "--version documented"
else
    fail "--version not documented in faultline.1"
fi

# ---- event kinds and fields (faultline.1) ---------------------------------------------

note "event kinds and output fields"
xmacro "$EVH" FL_EVENT_KINDS >"$T/kinds"
check_list "event kinds (FL_EVENT_KINDS of fl_event.h)" "$MAN1" "$T/kinds"
check_list "event kinds as rule kinds" "$MAN5" "$T/kinds"
# Output order: the core fields written by src/report/evout.c, the table
# fields of fl_event.h (numbers then strings), then "attrs" and "error".
xmacro "$EVH" FL_EVENT_NUMS >"$T/table_fields"
xmacro "$EVH" FL_EVENT_STRS >>"$T/table_fields"
{
    grep -o -E '\{\\"[a-z_]+\\":' "$SRC/report/evout.c" | sed -E 's/^\{\\"([a-z_]+)\\":$/\1/'
    grep -o -E 'KEY\(out, "[a-z_]+"' "$SRC/report/evout.c" | sed -E 's/.*"([a-z_]+)"$/\1/'
    cat "$T/table_fields"
    grep -o -E 'add_key\(out, "[a-z_]+"' "$SRC/report/evout.c" | sed -E 's/.*"([a-z_]+)"$/\1/'
    grep -o -E ',\\"[a-z_]+\\":true' "$SRC/report/evout.c" | sed -E 's/^,\\"([a-z_]+)\\":true$/\1/'
} | awk '!seen[$0]++' >"$T/fields"
if [ "$(wc -l <"$T/table_fields")" -lt 20 ]; then
    fail "could not read the field tables of include/event/fl_event.h"
fi
section "$MAN1" "Events" >"$T/events_sec"
check_list "event output fields (evout.c and the tables of fl_event.h)" "$T/events_sec" "$T/fields"
# The page says the fields are listed in output order: the .TP tags must
# follow src/evout.c.
awk 'prev == ".TP" && /^\.B [a-z_]+$/ { print $2 } { prev = $0 }' "$T/events_sec" |
    grep -x -F -f "$T/fields" >"$T/field_order"
check_eq "event output fields are documented in output order" \
    "$(tr '\n' ' ' <"$T/field_order")" "$(tr '\n' ' ' <"$T/fields")"

# Exit statuses (include/cli/fl_cli.h) each have a tag in EXIT STATUS.
sed -n 's/^ *FL_EXIT_[A-Z]* *= *\([0-9]*\).*/\1/p' "$top_srcdir/include/cli/fl_cli.h" >"$T/codes"
section "$MAN1" "EXIT STATUS" >"$T/exit_sec"
check_list "exit statuses (include/cli/fl_cli.h)" "$T/exit_sec" "$T/codes"

# ---- the format schema (faultline-formats.5) ------------------------------------------

note "format definition schema"
# The key lists are the known[] arrays of src/format/format.c (the one
# holding "samples": definition keys) and of src/format/rules.c (the one
# holding "starts_with": rule keys).
known_array() {
    awk -v want="\"$2\"" '
        /known\[\] *= *\{/ { on = 1; buf = "" }
        on { buf = buf " " $0 }
        on && /\}/ { on = 0; if (index(buf, want)) { print buf; exit } }' "$1" |
        grep -o -E '"[^"]*"' | tr -d '"'
}
known_array "$SRC/format/format.c" samples >"$T/keys"
check_list "definition keys (known[] of src/format/format.c)" "$MAN5" "$T/keys"
known_array "$SRC/format/rules.c" starts_with >"$T/rulekeys"
check_list "rule keys (known[] of src/format/rules.c)" "$MAN5" "$T/rulekeys"
c_strings "$SRC/format/format.c" 'fl_format_type_name\(int' >"$T/types"
check_list "framing types (src/format/format.c)" "$MAN5" "$T/types"
c_strings "$SRC/format/rules.c" '^static int rule_kind' >"$T/roles"
check_list "rule roles (src/format/rules.c)" "$MAN5" "$T/roles"
c_strings "$SRC/time/time.c" 'style_names\[\]' >"$T/styles"
check_list "time styles (src/time.c)" "$MAN5" "$T/styles"
# Layout directives: the letters of the dirs[] and shorthands[] tables.
grep -o -E "\{'[A-Za-z]', (OP_|\")" "$SRC/time/layout.c" | cut -c3 | sed 's/^/%/' >"$T/directives"
check_list "time layout directives (src/time/layout.c)" "$MAN5" "$T/directives"
c_strings "$SRC/format/fields.c" 'std_fields\[' >"$T/stdfields"
check_list "standard field names (src/format/fields.c)" "$MAN5" "$T/stdfields"
# Sample "expect" keys: kind, error and every field of the table (the
# parser looks them up in the table); other keys name attributes.
{ echo kind; echo error; cat "$T/table_fields"; } >"$T/expect"
check_list "sample expect keys (kind, error, the fields of fl_event.h)" "$MAN5" "$T/expect"

# ---- rendering --------------------------------------------------------------------------

note "rendering"
rendered=0
if command -v groff >/dev/null 2>&1; then
    for m in "$MAN1" "$MAN5"; do
        groff -man -Tutf8 -ww -z "$m" >"$T/groff.err" 2>&1
        if [ -s "$T/groff.err" ]; then
            fail "$(basename "$m"): groff warnings" "$(head -n 5 "$T/groff.err")"
        else
            pass "$(basename "$m"): groff -man -ww renders without warnings"
        fi
    done
    rendered=1
fi
if command -v mandoc >/dev/null 2>&1; then
    for m in "$MAN1" "$MAN5"; do
        mandoc -Tlint -W warning "$m" >"$T/mandoc.err" 2>&1
        if [ -s "$T/mandoc.err" ]; then
            fail "$(basename "$m"): mandoc -Tlint warnings" "$(head -n 5 "$T/mandoc.err")"
        else
            pass "$(basename "$m"): mandoc -Tlint is clean"
        fi
    done
    rendered=1
fi
[ "$rendered" -eq 1 ] || note "neither groff nor mandoc installed: rendering not checked"

# ---- the worked example of faultline-formats(5) --------------------------------------------

note "worked example of faultline-formats(5)"
mkdir "$T/parsers"
n=$(extract_man_examples "$MAN5" "$T/parsers")
if [ "$n" -eq 0 ]; then
    fail "no example between '.\\\" example-begin NAME' and '.\\\" example-end' in faultline-formats.5"
else
    run_fl "$T/fmts" "$T/err" formats --formats "$T/parsers"
    check_rc "worked example loads and passes its samples" 0
    [ "$FL_RC" -eq 0 ] || sed 's/^/#   /' "$T/err"
    for f in "$T/parsers"/*.json; do
        name=$(basename "$f" .json)
        check_grep "worked example $name is listed by 'faultline formats'" "$T/fmts" "^$name +line +$T/parsers/$name\\.json\$"
    done
fi

fl_finish
