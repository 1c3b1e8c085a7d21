/* fl_sqldomain.h - the sql domain (see event/fl_domain.h): SQL statements
 * classified by fingerprint, their tables as subjects, DDL events turned
 * into change records with signed effects.
 *
 * refine:   a FL_EV_QUERY event whose statement is DDL (fl_ddl_is_ddl)
 *           becomes FL_EV_DDL; one whose statement is ALTER SYSTEM
 *           becomes FL_EV_CONFIG (SET GLOBAL / SET PERSIST stay queries, as
 *           slow-log digests count them, but are config changes too).
 * classify: text = fl_sql_fingerprint(statement), id =
 *           fl_sql_fingerprint_id(text), subjects = fl_sql_tables(text)
 *           joined with ',' in order of first appearance (the same list the
 *           stats give a class as its "tables"), type =
 *           fl_sql_statement_type(statement).  False when the event has no
 *           statement.
 * state:    a struct fl_ddl_registry * (fl_ddl_registry_new(0)); the state
 *           pointer IS the registry, so a caller may pass it to
 *           fl_ddl_undoes.
 * change:   for a FL_EV_DDL event whose statement fl_ddl_classify accepts:
 *           the statement is noted in the registry (fl_ddl_registry_note),
 *           then resolved (fl_ddl_registry_resolve); kind =
 *           fl_ddl_action_name, domain "sql", subjects = the target table
 *           after resolution, text = the fingerprint, pid, lock and rewrite
 *           flags from fl_ddl, time, duration, file and line from the event.
 *           For a FL_EV_CONFIG event, or a FL_EV_QUERY whose statement
 *           fl_sqlconfig_parse accepts: the setting from its statement
 *           (fl_sqlconfig_parse) or from the attributes "setting" and
 *           "value" (PostgreSQL's 'parameter "NAME" changed to "VALUE"');
 *           kind "config", subjects = the setting's name, text = "NAME =
 *           VALUE", one effect "+config:NAME=VALUE" (a later value of the
 *           same setting is not an undo: the state keeps no old values).
 *
 * Effects.  fl_change_undoes(earlier, later) on two changes made by one
 * state answers like fl_ddl_undoes(&d_earlier, &d_later, registry) for the
 * pairs listed in fl_ddl.h (index by name, index by definition, ADD/DROP
 * COLUMN and ADD/DROP CONSTRAINT for every ALTER TABLE sub-command,
 * CREATE/DROP TABLE, RENAME TABLE and RENAME COLUMN both ways).  Keys:
 *   "+/-ix:<T>/<N>"        index N on table T (created / dropped)
 *   "+/-ix*:<N>"           index N, for a DROP that does not name its table
 *   "+/-ix?:<N>"           index N, for a CREATE that does not name one
 *   "+/-ixdef:<T>/<cols>/<u|n>" index by definition (table, key list,
 *                          uniqueness), when table and key list are known
 *   "+/-col:<T>/<c>", "+/-con:<T>/<n>"  column / constraint of table T
 *   "+/-table:<T>"         table created / dropped
 *   "+rt:<A>><B>" "-rt:<B>><A>"   RENAME TABLE A TO B
 *   "+rc:<T>/<a>><b>" "-rc:<T>/<b>><a>"  RENAME COLUMN a TO b of T
 * Names compare schema-normalised in fl_ddl (both qualified: whole names;
 * else the last parts), which is not an equality.  Each name is therefore
 * written in tagged spellings that differ by side ('+' side vs '-' side;
 * for renames the two orientations): Q<full> and U<last> for a qualified
 * name on the '+' side, U<name> and X<name> for an unqualified one; Q<full>
 * and X<last> for a qualified name on the '-' side, U<name> for an
 * unqualified one.  A '+' and a '-' spelling are equal exactly when
 * fl_ddl's rule says the names are equal.  A key naming two names uses
 * every combination of spellings, except the (table, index name) keys,
 * which for brevity combine only spellings with the same tag when the
 * table and the index name are both qualified or both unqualified (the
 * PostgreSQL naming: CREATE INDEX ix ON s.t makes s.ix).
 *
 * Where the answer can differ from fl_ddl_undoes:
 *   - a (table, index name) pair where exactly one of the two is
 *     schema-qualified on one side (e.g. MySQL "DROP INDEX s.ix ON t") is
 *     matched only through same-tag spellings of the other side;
 *   - the analysis notes every DDL statement of the run before resolving;
 *     this state sees changes in event order, so a DROP INDEX that comes
 *     before the CREATE INDEX of the same name is not resolved to a table
 *     and key list: it still pairs with that CREATE by name, but not by
 *     definition with an index of another name; and when a name is reused
 *     for another definition, a DROP resolves to the definition noted last
 *     before it, not the last of the run;
 *   - effects are bounded (FL_CHANGE_MAX_EFFECTS, keys cut to
 *     FL_CHANGE_KEY_MAX): an ALTER TABLE with many sub-commands keeps the
 *     first keys (index, then sub-commands in order) and sets truncated;
 *     names long enough to be cut may compare equal when they are not.
 */
#ifndef FL_SQLDOMAIN_H
#define FL_SQLDOMAIN_H

#include "event/fl_domain.h"

/* The sql domain: a static table of functions (never freed). */
extern const struct fl_domain fl_sql_domain;

#endif
