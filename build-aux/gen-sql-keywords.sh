#!/bin/sh
# gen-sql-keywords.sh - generate the keyword tables of the sql lexer from
# build-aux/sql-keywords.txt (the one source of the keyword list).
#
# Usage: gen-sql-keywords.sh h|c KEYWORDS-FILE > OUT
#   h  the header include/sql/fl_keyword_ids.h: enum kw_id (KW_NONE, then one
#      KW_<WORD> per keyword marked "id", in byte order) and the hash size;
#   c  src/sql/keyword_table.c: fl_sql_keywords[] sorted in byte order and
#      fl_sql_kw_hash[], an open-addressing index over FNV-1a 32 of the word
#      with linear probing (entries are index + 1, 0 = empty), filled in
#      table order.  Same layout and probe order as the table it replaced.
# POSIX sh and awk only; fails (exit 1) on a malformed or duplicate line.
set -eu
mode=$1
src=$2
case $mode in h|c) ;; *) echo "usage: $0 h|c KEYWORDS-FILE" >&2; exit 2 ;; esac

sed -e 's/#.*//' "$src" | awk 'NF' | LC_ALL=C sort -k1,1 |
awk -v mode="$mode" -v src="$src" '
function fail(msg) { print src ": " msg > "/dev/stderr"; bad = 1; exit 1 }
function xor8(a, b,    r, bit) {
    r = 0
    for (bit = 1; bit < 256; bit *= 2) {
        if ((a % 2) != (b % 2))
            r += bit
        a = int(a / 2); b = int(b / 2)
    }
    return r
}
# FNV-1a 32 of w (ASCII), exact in awk doubles: h * 0x01000193 mod 2^32 is
# (h mod 2^8) * 2^24 + h * 0x193 mod 2^32.
function fnv1a32(w,    h, i, lo) {
    h = 2166136261
    for (i = 1; i <= length(w); i++) {
        lo = h % 256
        h = h - lo + xor8(lo, ord[substr(w, i, 1)])
        h = ((h % 256) * 16777216 + h * 403) % 4294967296
    }
    return h
}
BEGIN {
    for (i = 32; i < 127; i++)
        ord[sprintf("%c", i)] = i
    size = 2048
    n = 0
}
{
    if (NF != 3) fail("want WORD FLAGS ID: " $0)
    if ($1 !~ /^[a-z_][a-z0-9_]*$/ || length($1) >= 32) fail("bad keyword: " $1)
    if ($2 !~ /^(-|R?F?V?T?M?)$/ || $2 == "") fail("bad flags for " $1 ": " $2)
    if ($3 != "id" && $3 != "-") fail("bad id column for " $1 ": " $3)
    if (n && word[n - 1] == $1) fail("duplicate keyword: " $1)
    word[n] = $1; flags[n] = $2; isid[n] = ($3 == "id"); n++
}
END {
    if (bad) exit 1
    if (2 * n >= size) fail("too many keywords for the hash size")
    if (mode == "h") {
        print "/* fl_keyword_ids.h - GENERATED from build-aux/sql-keywords.txt by"
        print " * build-aux/gen-sql-keywords.sh; do not edit. */"
        print "#ifndef FL_KEYWORD_IDS_H"
        print "#define FL_KEYWORD_IDS_H"
        print ""
        print "/* Keyword ids used by the code (0 = none). */"
        print "enum kw_id {"
        print "    KW_NONE = 0,"
        for (i = 0; i < n; i++)
            if (isid[i])
                print "    KW_" toupper(word[i]) ","
        print "};"
        print ""
        print "#define FL_SQL_KW_HASH_SIZE " size
        print "#define FL_SQL_NKEYWORDS " n
        print ""
        print "#endif"
        exit 0
    }
    print "/* keyword_table.c - GENERATED from build-aux/sql-keywords.txt by"
    print " * build-aux/gen-sql-keywords.sh; do not edit. */"
    print "#include \"sql/fl_keyword.h\""
    print ""
    print "const struct fl_sql_keyword fl_sql_keywords[FL_SQL_NKEYWORDS] = {"
    for (i = 0; i < n; i++) {
        f = ""
        for (k = 1; k <= length(flags[i]); k++) {
            c = substr(flags[i], k, 1)
            if (c != "-")
                f = f (f == "" ? "" : "|") "KF_" c
        }
        printf "    {\"%s\", %d, %s, %s},\n", word[i], length(word[i]),
               isid[i] ? "KW_" toupper(word[i]) : "KW_NONE", f == "" ? "0" : f
    }
    print "};"
    for (i = 0; i < size; i++)
        table[i] = 0
    for (i = 0; i < n; i++) {
        h = fnv1a32(word[i]) % size
        while (table[h])
            h = (h + 1) % size
        table[h] = i + 1
    }
    print ""
    print "const unsigned short fl_sql_kw_hash[FL_SQL_KW_HASH_SIZE] = {"
    for (i = 0; i < size; i += 12) {
        line = "   "
        for (k = i; k < i + 12 && k < size; k++)
            line = line " " table[k] ","
        print line
    }
    print "};"
}'
