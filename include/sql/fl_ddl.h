/* fl_ddl.h - DDL detection and classification: what a schema change does,
 * to which table, how it locks, whether it rewrites the table, and whether a
 * later change undoes an earlier one (index created then dropped, ...).
 *
 * Built on the fl_sql lexer: pure functions of the statement text, fixed-size
 * results, no allocation except the (bounded) index registry.  Lock and
 * rewrite flags follow PostgreSQL semantics (see fl_ddl_classify); MySQL
 * statements are parsed too, with the dialect limits noted there.
 */
#ifndef FL_DDL_H
#define FL_DDL_H

#include <stdbool.h>
#include <stddef.h>

#include "sql/fl_sql.h"

/* What a DDL statement does. */
enum fl_ddl_action {
    FL_DDL_NONE = 0,       /* not DDL */
    FL_DDL_CREATE_TABLE,   /* CREATE [TEMP|UNLOGGED] TABLE (also AS SELECT) */
    FL_DDL_DROP_TABLE,     /* DROP TABLE (first table in `table`) */
    FL_DDL_ALTER_TABLE,    /* ALTER TABLE: sub-commands in alter/subs */
    FL_DDL_RENAME_TABLE,   /* RENAME TABLE a TO b, ALTER TABLE a RENAME TO b */
    FL_DDL_TRUNCATE,       /* TRUNCATE [TABLE] */
    FL_DDL_CREATE_INDEX,   /* CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX */
    FL_DDL_DROP_INDEX,     /* DROP INDEX (PostgreSQL and MySQL ... ON t) */
    FL_DDL_REINDEX,        /* REINDEX INDEX|TABLE|SCHEMA|DATABASE|SYSTEM */
    FL_DDL_VACUUM_FULL,    /* VACUUM FULL, VACUUM (FULL ...) */
    FL_DDL_CLUSTER,        /* CLUSTER [t [USING idx]] */
    FL_DDL_COMMENT,        /* COMMENT ON ... */
    FL_DDL_GRANT,
    FL_DDL_REVOKE,
    FL_DDL_CREATE_OTHER,   /* CREATE VIEW/SEQUENCE/FUNCTION/TRIGGER/...;
                              kind in object_kind */
    FL_DDL_DROP_OTHER,     /* DROP VIEW/SEQUENCE/...; kind in object_kind */
    FL_DDL_ALTER_OTHER,    /* ALTER INDEX/VIEW/SEQUENCE/...; kind in
                              object_kind */
    FL_DDL_ACTION_COUNT_   /* number of actions, not an action */
};

/* ALTER TABLE sub-commands. */
enum fl_ddl_alter_cmd {
    FL_DDL_AT_NONE = 0,        /* not an ALTER TABLE sub-command */
    FL_DDL_AT_ADD_COLUMN,
    FL_DDL_AT_DROP_COLUMN,
    FL_DDL_AT_ALTER_COLUMN_TYPE, /* ALTER COLUMN TYPE / SET DATA TYPE; MySQL
                                    MODIFY, CHANGE */
    FL_DDL_AT_ADD_CONSTRAINT,  /* ADD [CONSTRAINT n] PRIMARY KEY|UNIQUE|
                                  FOREIGN KEY|CHECK|EXCLUDE */
    FL_DDL_AT_DROP_CONSTRAINT, /* DROP CONSTRAINT n; MySQL DROP PRIMARY KEY,
                                  DROP FOREIGN KEY n */
    FL_DDL_AT_SET_DEFAULT,
    FL_DDL_AT_DROP_DEFAULT,
    FL_DDL_AT_SET_NOT_NULL,
    FL_DDL_AT_DROP_NOT_NULL,
    FL_DDL_AT_RENAME_COLUMN,   /* RENAME [COLUMN] a TO b */
    FL_DDL_AT_RENAME_TABLE,    /* RENAME [TO|AS] b (action is RENAME_TABLE) */
    FL_DDL_AT_ADD_INDEX,       /* MySQL ADD INDEX|KEY|UNIQUE INDEX|FULLTEXT */
    FL_DDL_AT_DROP_INDEX,      /* MySQL DROP INDEX|KEY n */
    FL_DDL_AT_OTHER,           /* anything else (OWNER TO, SET STATISTICS,
                                  VALIDATE CONSTRAINT, ENGINE=, ...) */
    FL_DDL_AT_COUNT_           /* number of sub-commands, not one */
};

#define FL_DDL_COLS_MAX 256   /* bytes for a normalised column list */
#define FL_DDL_KIND_MAX 32    /* bytes for object_kind */
#define FL_DDL_MAX_SUBS 8     /* ALTER TABLE sub-commands kept in subs[] */

/* One ALTER TABLE sub-command (beyond the first, which also fills the
 * top-level alter/object/columns/new_name fields). */
struct fl_ddl_sub {
    int cmd;                        /* enum fl_ddl_alter_cmd */
    char name[FL_SQL_NAME_MAX];     /* column / constraint / index name */
};

/* A classified DDL statement.  All strings NUL-terminated, "" if absent;
 * names normalised like fl_sql_tables (unquoted -> lower case, quotes
 * stripped, schema kept when written). */
struct fl_ddl {
    int action;                     /* enum fl_ddl_action */
    int alter;                      /* first ALTER TABLE sub-command (enum
                                       fl_ddl_alter_cmd), FL_DDL_AT_NONE
                                       for other actions */
    unsigned alter_mask;            /* bit (1u << cmd) for every sub-command */
    size_t nsubs;                   /* sub-commands in subs[] (at most
                                       FL_DDL_MAX_SUBS; more set truncated) */
    struct fl_ddl_sub subs[FL_DDL_MAX_SUBS]; /* ALTER TABLE sub-commands in
                                       order, subs[0] being `alter` */
    char table[FL_SQL_NAME_MAX];    /* target table ("" if the statement does
                                       not say: PostgreSQL DROP INDEX x) */
    char object[FL_SQL_NAME_MAX];   /* index / constraint / column name of the
                                       first sub-command or of CREATE/DROP
                                       INDEX; the object of *_OTHER, COMMENT,
                                       REINDEX INDEX, CLUSTER ... USING idx */
    char object_kind[FL_DDL_KIND_MAX]; /* for *_OTHER, COMMENT, REINDEX,
                                       GRANT/REVOKE on non-tables: "view",
                                       "materialized view", "sequence",
                                       "function", "index", "table",
                                       "column", "schema", ...; for CREATE
                                       INDEX: "fulltext"/"spatial" (MySQL)
                                       or "" (lower case) */
    char new_name[FL_SQL_NAME_MAX]; /* rename target (table or column); for
                                       MySQL CHANGE a b: b */
    char columns[FL_DDL_COLS_MAX];  /* CREATE INDEX / ADD INDEX / ADD
                                       CONSTRAINT: the key list normalised
                                       ("customer_id,created_at",
                                       "lower(email)", "created_at desc";
                                       ASC dropped); ADD/DROP/ALTER COLUMN:
                                       the column */
    bool unique;                    /* UNIQUE index or constraint */
    bool concurrently;              /* CONCURRENTLY (index build/drop,
                                       REINDEX) */
    bool if_exists;                 /* IF EXISTS given */
    bool if_not_exists;             /* IF NOT EXISTS given */
    bool rewrites_table;            /* rewrites every row (see classify) */
    bool blocks_writes;             /* its lock blocks INSERT/UPDATE/DELETE */
    bool blocks_reads;              /* its lock blocks SELECT too (ACCESS
                                       EXCLUSIVE) */
    bool mysql;                     /* MySQL-only syntax seen (backticks,
                                       RENAME TABLE, ADD INDEX, MODIFY,
                                       CHANGE, ENGINE=, DROP INDEX .. ON) */
    bool truncated;                 /* a name, list or sub-command did not
                                       fit and was cut */
};

/* True if sql[0..n) is DDL: its first keyword (after comments, white space
 * and '(') is CREATE, ALTER, DROP, TRUNCATE, RENAME, REINDEX, CLUSTER,
 * COMMENT ON, GRANT or REVOKE, or it is VACUUM FULL / VACUUM (FULL).  Plain
 * VACUUM and ANALYZE are not DDL.  Case-insensitive; reads only the first
 * few tokens.  Same rule as fl_sql_statement_type() == FL_SQL_STMT_DDL. */
bool fl_ddl_is_ddl(const char *sql, size_t n);

/* Classify sql[0..n) into *out (fully overwritten).  Returns FL_OK, or
 * FL_ERR_NOTFOUND (out->action FL_DDL_NONE) when the text is not DDL, or
 * FL_ERR_USAGE on NULL arguments.
 *
 * Locks (PostgreSQL): blocks_reads && blocks_writes for ACCESS EXCLUSIVE:
 * DROP TABLE, TRUNCATE, RENAME, VACUUM FULL, CLUSTER, REINDEX and DROP INDEX
 * without CONCURRENTLY, DROP VIEW/MATERIALIZED VIEW/SEQUENCE/TRIGGER, and
 * ALTER TABLE except the sub-commands below.  blocks_writes only: CREATE
 * INDEX without CONCURRENTLY (SHARE), ALTER TABLE ADD FOREIGN KEY (SHARE ROW
 * EXCLUSIVE), CREATE TRIGGER.  Neither: CREATE TABLE/other objects, the
 * CONCURRENTLY forms, ALTER TABLE VALIDATE CONSTRAINT / SET STATISTICS /
 * SET (storage parameter) / CLUSTER ON / SET WITHOUT CLUSTER / ATTACH
 * PARTITION, COMMENT, GRANT, REVOKE, ALTER of other objects, and MySQL
 * index changes recognised as MySQL (ALTER TABLE ADD/DROP INDEX, DROP INDEX
 * .. ON t, CREATE INDEX with backticks or USING before ON): online DDL
 * allows concurrent DML, except FULLTEXT/SPATIAL which block writes.  The
 * dialect is only known from syntax: a plain "CREATE INDEX i ON t (c)" is
 * judged by the PostgreSQL rule.
 *
 * Rewrites: VACUUM FULL, CLUSTER, ALTER COLUMN TYPE (even binary-compatible
 * changes are reported), ADD COLUMN with a volatile default (random(),
 * clock_timestamp(), timeofday(), gen_random_uuid(), uuid_generate_v*(),
 * nextval(), MySQL uuid()/rand()), a serial/bigserial/smallserial type, an
 * identity or a stored generated column, SET TABLESPACE, SET LOGGED /
 * UNLOGGED; MySQL MODIFY, CHANGE, ENGINE=, CONVERT TO, FORCE.  now() and
 * CURRENT_TIMESTAMP are STABLE, evaluated once: PostgreSQL 11+ adds such a
 * column without a rewrite, so they do not count.  Dialect limit: for MySQL
 * most other ALTER TABLE forms may also rebuild the table depending on
 * version and ALGORITHM; only the forms listed are flagged. */
int fl_ddl_classify(const char *sql, size_t n, struct fl_ddl *out);

/* Static lower-case names: "create_index", "alter_table", ...;
 * "add_column", "drop_column", ...  Never NULL ("unknown" if out of
 * range). */
const char *fl_ddl_action_name(int action);
const char *fl_ddl_alter_name(int cmd);

/* The index registry and the undo rule (fl_ddl_registry_*, fl_ddl_undoes)
 * are declared in fl_ddlreg.h, included here so that this header keeps
 * declaring the whole DDL API. */
#include "sql/fl_ddlreg.h"

#endif
