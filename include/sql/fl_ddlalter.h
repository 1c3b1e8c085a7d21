/* fl_ddlalter.h - ALTER TABLE classification (internal to the sql stage:
 * fl_ddl_classify calls it after "ALTER TABLE").
 */
#ifndef FL_DDLALTER_H
#define FL_DDLALTER_H

#include "sql/fl_ddlcur.h"

/* Parse "[IF EXISTS] [ONLY] t [*] sub-command, ..." from the cursor (just
 * after ALTER TABLE) into c->d: action FL_DDL_ALTER_TABLE (or
 * FL_DDL_RENAME_TABLE for RENAME TO), table, the sub-commands (alter,
 * alter_mask, subs[], and the first one's object/columns/new_name/unique),
 * the strongest lock of them (blocks_reads / blocks_writes) and
 * rewrites_table, by the rules documented at fl_ddl_classify.  An ALTER
 * TABLE with no recognised sub-command blocks reads and writes. */
void fl_ddlalter_table(struct fl_ddlcur *c);

#endif
