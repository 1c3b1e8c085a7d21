/* fl_ddlreg.h - the index registry (index definitions seen earlier in the
 * logs, to resolve a later DROP INDEX) and the undo rule between two
 * classified DDL statements.
 */
#ifndef FL_DDLREG_H
#define FL_DDLREG_H

#include <stdbool.h>
#include <stddef.h>

#include "sql/fl_ddl.h"

/* ------------------------------------------------------------------------
 * Index registry: remembers index definitions seen earlier in the logs so
 * that a later "DROP INDEX x" (which names neither table nor columns) can
 * be resolved to (table, columns).  Bounded: holds at most `capacity`
 * indexes; when full, the entry noted longest ago is forgotten.
 * ---------------------------------------------------------------------- */

struct fl_ddl_registry;

/* New empty registry for up to capacity indexes (0 means 1024).  Owned by
 * the caller; free with fl_ddl_registry_free. */
struct fl_ddl_registry *fl_ddl_registry_new(size_t capacity);

/* Free a registry (NULL is fine). */
void fl_ddl_registry_free(struct fl_ddl_registry *reg);

/* Learn from a classified statement (borrowed): CREATE INDEX n ON t (cols)
 * and MySQL ALTER TABLE t ADD INDEX n (cols) record n -> (t, cols, unique),
 * replacing an older entry of the same name; ALTER INDEX a RENAME TO b
 * renames the entry; other statements are ignored.  A DROP INDEX keeps the
 * entry, so that a later CREATE INDEX can still be matched against it. */
void fl_ddl_registry_note(struct fl_ddl_registry *reg, const struct fl_ddl *d);

/* If d is a DROP INDEX whose table or columns are unknown, fill them from
 * the registry entry with the same (schema-normalised) name.  Returns true
 * if d was completed.  d is modified in place. */
bool fl_ddl_registry_resolve(const struct fl_ddl_registry *reg,
                             struct fl_ddl *d);

/* Does `later` undo `earlier` (both borrowed; reg may be NULL)?  Recognised
 * pairs, in either order (earlier/later):
 *   1. index by name: CREATE INDEX n (or MySQL ADD INDEX n) and DROP INDEX n
 *      (or MySQL DROP INDEX n [ON t] / ALTER TABLE t DROP INDEX n).  Names
 *      are compared schema-normalised ("public.ix" equals "ix"); when both
 *      statements name their table the tables must be equal too.
 *   2. index by definition: an index created on (t, cols) and a DROP INDEX
 *      of any name that resolves (its own ON t, or the registry) to an
 *      index on the same t and column list with the same uniqueness.
 *   3. ADD COLUMN c and DROP COLUMN c on the same table.
 *   4. ADD CONSTRAINT n and DROP CONSTRAINT n on the same table.
 *   5. CREATE TABLE t and DROP TABLE t.
 *   6. RENAME TABLE a TO b and RENAME TABLE b TO a; RENAME COLUMN a TO b
 *      and RENAME COLUMN b TO a on the same table.
 * For ALTER TABLE every sub-command in subs[] is considered (index pairs
 * only through the first one, which carries the column list). */
bool fl_ddl_undoes(const struct fl_ddl *earlier, const struct fl_ddl *later,
                   const struct fl_ddl_registry *reg);

#endif
