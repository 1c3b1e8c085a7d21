#!/usr/bin/env python3
"""gen_keywords.py - regenerate the keyword tables of src/sql.c.

The keyword list below is the single source: edit it, then run
    python3 tests/data/sql/gen_keywords.py src/sql.c
which rewrites the block between the BEGIN/END GENERATED KEYWORDS markers
(enum kw_id, the sorted keywords[] table and the kw_hash[] index).
tests/check_sql (test_sql_keyword_table_sorted) checks that the table is
sorted and that every keyword is found through the hash.

Flags: R reserved (never a table name or alias), F function-like (no space
before '('), V ends an expression, T typed-literal prefix, M skipped where
a table name is expected.  Words listed in `special` get a KW_ id that the
C code can test.
"""
import sys

# word: flags (R reserved, F function-like, V value/expression end, T typed literal, M table modifier), id (KW_ name) if special
R, F, V, T, M = 'R', 'F', 'V', 'T', 'M'
kw = {}
def add(words, flags='', ident=False):
    for w in words.split():
        f = kw.setdefault(w, set())
        f.update(flags)
        if ident: f.add('ID')
special = """select from where and or not in is like ilike between exists case when then else end as on using join
inner left right full outer cross natural lateral group by order having limit offset fetch union all distinct except
intersect minus into values value set update delete insert replace merge with recursive materialized returning for
straight_join null true false default only table tables lock to do use force ignore index key primary
create alter drop truncate rename add cascade if low_priority high_priority delayed quick outfile dumpfile stdin stdout
program asc desc array call copy begin start commit abort rollback savepoint release prepare execute deallocate
declare cursor close move fetch show reset grant revoke comment reindex cluster vacuum full analyze analyse
explain verbose work transaction prepared discard listen notify unlisten checkpoint load administrator
date time timestamp timestamptz interval column constraint unique concurrently of rlike regexp""".split()
add(' '.join(special), ident=True)
add("""select from where and or not in is like ilike between exists case when then else end as on using join
inner left right full outer cross natural lateral group by order having limit offset fetch union all distinct except
intersect minus into values set update delete insert replace merge with window over returning for
straight_join null true false default only table lock to do use force ignore index key primary references
constraint unique check create alter drop truncate rename add cascade restrict if low_priority high_priority
delayed quick outfile dumpfile stdin stdout program asc desc partition sql_calc_found_rows sql_no_cache sql_cache
sql_small_result sql_big_result sql_buffer_result tablesample of nulls escape collate similar
natural rollup matched share nowait skip""", R)
add("only lateral into table if not exists low_priority high_priority delayed quick ignore", M)
add("end null true false current_date current_time current_timestamp localtime localtimestamp current_user session_user user unknown", V)
add("date time timestamp timestamptz interval", T)
funcs = """left right replace if array row any some cast extract coalesce nullif greatest least count sum min max avg now
lower upper length char_length octet_length substring substr trim ltrim rtrim concat concat_ws position date_trunc date_part
to_char to_date to_timestamp to_number convert abs round floor ceil ceiling sqrt power mod random rand md5 sha1 sha2
ifnull isnull nvl array_agg string_agg json_agg jsonb_agg json_build_object jsonb_build_object row_number rank dense_rank
lag lead first_value last_value ntile unnest generate_series sleep pg_sleep date_add date_sub datediff from_unixtime
unix_timestamp group_concat found_rows last_insert_id database version format regexp_replace split_part nextval currval
setval to_tsvector to_tsquery plainto_tsquery array_length cardinality date_format str_to_date curdate curtime sysdate
utc_timestamp hex unhex bit_and bit_or bool_and bool_or every stddev variance percentile_cont percentile_disc age
clock_timestamp statement_timestamp transaction_timestamp gen_random_uuid uuid_generate_v4 uuid pg_advisory_lock
pg_try_advisory_lock pg_advisory_unlock pg_advisory_xact_lock txid_current json_extract json_unquote jsonb_set to_json
to_jsonb row_to_json array_to_string string_to_array regexp_matches date time timestamp
int integer bigint smallint tinyint mediumint numeric decimal real double float boolean bool text varchar char character
varying bytea json jsonb serial bigserial smallserial blob longtext mediumtext tinytext datetime enum bit binary
varbinary exists_ char_ json_object json_array ascii instr locate lpad rpad repeat reverse strpos initcap translate
quote_ident quote_literal pg_typeof nullifzero least_ trunc log ln exp sign pi width_bucket makedate maketime
timestampdiff timestampadd dayofweek dayofmonth dayofyear weekday week month year day hour minute second quarter
yearweek last_day uuid_short inet_aton inet_ntoa inet6_aton inet6_ntoa crc32 field find_in_set match against
regexp_like json_contains json_length json_keys jsonb_array_elements json_array_elements jsonb_each json_each
jsonb_object_keys pg_relation_size pg_total_relation_size pg_size_pretty pg_backend_pid pg_cancel_backend
pg_terminate_backend set_config current_setting to_regclass""".split()
add(' '.join(f for f in funcs if not f.endswith('_')), F)
add("""asc desc nulls first last session global local names charset engine auto_increment after before enable disable
trigger function procedure returns language owner tablespace schema sequence view type extension role privileges
matched conflict nothing nowait skip locked share mode escape collate similar regexp rlike div xor at zone hold scroll
absolute relative prior forward backward next rows ties isolation level read write committed uncommitted repeatable
serializable deferrable immediate deferred valid validate concurrently statistics storage inherit attach detach
owned identity generated always stored virtual include rename column data full freeze modify change algorithm
inplace instant comment cascade restrict unlogged temporary temp precision without varying character binary
autocommit character_set_results sql_mode foreign references check isolation constraint constraints
each row statement execute procedure returns immutable stable volatile security definer invoker strict leakproof
cost parallel safe unsafe restricted setof out inout variadic exclude including excluding defaults nothing
materialized recursive ordinality search cycle depth breadth tablesample repeatable system bernoulli lateral
zerofill national nchar lock unlock tables duplicate instead also excluded
infile lines terminated fields enclosed optionally escaped starting concurrent status processlist variables warnings
errors engines databases schemas columns indexes keys grants master slave replica logs events triggers plugins
profiles profile open autocommit chain snapshot overlaps isnull notnull buffers costs timing summary settings wal
usage connect password login superuser nosuperuser createdb nocreatedb createrole nocreaterole replication
bypassrls connection until encrypted authorization increment minvalue maxvalue cache restart none payload
returning nothing conflict do policy publication subscription refresh concurrently operator aggregate collation
conversion domain server wrapper mapping template owned revoke extension version sql_no_cache straight_join
high_priority sql_small_result outer full inner cross natural usage privileges option options
purge flush kill optimize repair handler rollup describe desc explain extended partitions format json tree
character_set_client character_set_connection collation_connection session_user system_user current_schema
current_catalog current_role timezone time_zone tx_isolation transaction_isolation foreign_key_checks
unique_checks sql_log_bin wait_timeout interactive_timeout net_write_timeout max_execution_time
statement_timeout lock_timeout search_path client_encoding
application_name datestyle extra_float_digits standard_conforming_strings work_mem maintenance_work_mem""")


HASH_SIZE = 2048  # power of two, > 2 * number of keywords


def fnv1a32(word):
    h = 0x811c9dc5
    for ch in word.encode():
        h ^= ch
        h = (h * 0x01000193) & 0xffffffff
    return h


def generate():
    words = sorted(kw)
    assert all(w.isascii() and w == w.lower() and len(w) < 32 for w in words)
    assert len(words) * 2 < HASH_SIZE and len(words) < 65535
    ids = [w for w in words if 'ID' in kw[w]]
    out = ['/* BEGIN GENERATED KEYWORDS (tests/data/sql/gen_keywords.py) */',
           '/* Keyword ids used by the code (0 = none). */',
           'enum kw_id {', '    KW_NONE = 0,']
    out += ['    KW_%s,' % w.upper() for w in ids]
    out += ['};', '', 'static const struct keyword keywords[] = {']
    for w in words:
        f = kw[w]
        fl = '|'.join('KF_' + x for x in 'RFVTM' if x in f) or '0'
        kid = 'KW_' + w.upper() if 'ID' in f else 'KW_NONE'
        out.append('    {"%s", %d, %s, %s},' % (w, len(w), kid, fl))
    out.append('};')
    table = [0] * HASH_SIZE
    for i, w in enumerate(words):
        h = fnv1a32(w) & (HASH_SIZE - 1)
        while table[h]:
            h = (h + 1) & (HASH_SIZE - 1)
        table[h] = i + 1
    out += ['', '/* Open addressing over FNV-1a 32 of the lower-case word, linear',
            ' * probing; entries are keywords[] index + 1, 0 = empty. */',
            '#define KW_HASH_SIZE %d' % HASH_SIZE,
            'static const unsigned short kw_hash[KW_HASH_SIZE] = {']
    for i in range(0, HASH_SIZE, 12):
        out.append('    ' + ', '.join(str(x) for x in table[i:i + 12]) + ',')
    out += ['};', '/* END GENERATED KEYWORDS */']
    return '\n'.join(out)


def main():
    block = generate()
    if len(sys.argv) < 2:
        print(block)
        return
    path = sys.argv[1]
    text = open(path).read()
    a = text.index('/* BEGIN GENERATED KEYWORDS')
    b = text.index('/* END GENERATED KEYWORDS */') + len('/* END GENERATED KEYWORDS */')
    open(path, 'w').write(text[:a] + block + text[b:])


main()
