/* fl_mongo.h - the mongo domain (see event/fl_domain.h): MongoDB's
 * structured log (4.4+), slow operations classed by the SHAPE of their
 * command, index builds and drops as changes.
 *
 * Shape (fl_mongo_shape).  The command object as JSON text (the event's
 * statement, from attr.command) with every value replaced by '?' and the
 * keys kept: {"find":"orders","filter":{"customer_id":42}} has the shape
 * {"find":"orders","filter":{"customer_id":?}}.
 *   - the value of the command's first key, when it is a string and the
 *     key a command that runs on a collection (aggregate, collStats,
 *     count, create, createIndexes, delete, distinct, drop, dropIndexes,
 *     find, findAndModify, insert, listIndexes, mapReduce, update,
 *     validate), is that collection's name and is kept;
 *   - every other string, number, true, false and null becomes ?;
 *   - the scalars of an array become one ? ([1,2,3] and [4] are [?]);
 *     objects and arrays in an array keep their shapes in order (an
 *     aggregation pipeline keeps its stages);
 *   - the generic arguments drivers add at the top level (lsid,
 *     $clusterTime, $db, $readPreference, txnNumber, autocommit,
 *     startTransaction, readConcern, writeConcern, comment, maxTimeMS,
 *     apiVersion, apiStrict, apiDeprecationErrors, $client, shardVersion,
 *     databaseVersion, mayBypassWriteBlocking) are left out, so the same
 *     query from the shell and from a driver has one shape;
 *   - key bytes are copied as written (escapes included); bytes below
 *     0x20 become '?'; whitespace between tokens is dropped;
 *   - bounded: at most FL_MONGO_SHAPE_DEPTH levels of nesting (a deeper
 *     value becomes {...} or [...]) and FL_MONGO_SHAPE_MAX bytes of output
 *     (a longer shape is cut and ends with "...", the bound includes it);
 *     no recursion: one loop with an explicit stack.
 * No literal value of the command is ever copied to the shape except the
 * collection name.
 *
 * classify: text = the shape, id = FNV-1a 64 of the text, subjects = the
 *           namespace (the event's object, attr.ns "db.collection"), at
 *           most FL_MONGO_NS_MAX bytes with ',' and bytes below 0x20 as
 *           '?'; type = -1.  False when the event has no statement or its
 *           statement is not a JSON object.
 * refine:   a query whose command is createIndexes or dropIndexes becomes
 *           kind ddl.
 * change:   create_index: "Index build: done building" (log id 20345,
 *           attr.index on attr.namespace) or a logged createIndexes
 *           command (each indexes[].name); drop_index: "CMD: dropIndexes"
 *           (ids 51806, 20344; attr.indexes, names separated by ',') or a
 *           logged dropIndexes command (index: a name or an array of
 *           names).  Domain "mongo", subjects = the namespace, text
 *           "createIndexes NS NAME[,NAME]" / "dropIndexes NS NAME[,...]",
 *           effects "+ix:NS/NAME" / "-ix:NS/NAME" (so a later create
 *           undoes a drop of the same index and the other way round).
 *           The state remembers the last known state of up to
 *           FL_MONGO_STATE_MAX indexes: a create of an index already
 *           built, or a drop of one already dropped (the command logged
 *           as a slow query after its own build or drop line), is not a
 *           second change.  "*" (every index) and key patterns make a
 *           change without effects.  The _id_ index (built with its
 *           collection, never dropped) is not a change; indexes of the
 *           internal databases
 *           (admin, config, local) and of system.* collections are not
 *           changes.
 */
#ifndef FL_MONGO_H
#define FL_MONGO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/fl_buf.h"
#include "event/fl_domain.h"

#define FL_MONGO_SHAPE_MAX 1024    /* bytes of a shape, "..." included */
#define FL_MONGO_SHAPE_DEPTH 32    /* nesting levels kept in a shape */
#define FL_MONGO_NS_MAX 256        /* bytes of a namespace subject */
#define FL_MONGO_STATE_MAX 256     /* indexes whose state is remembered */

/* The shape of the JSON object s[0..n) into out (reset first;
 * NUL-terminated).  Returns false, with out empty, when s does not start
 * with a JSON object; text after the object is ignored, and an object cut
 * short gives the shape of what was read. */
bool fl_mongo_shape(const char *s, size_t n, struct fl_buf *out);

/* The command name of the JSON object s[0..n): its first key (borrowed
 * from s, as written).  False when s does not start with an object whose
 * first member has a string key. */
bool fl_mongo_command_name(const char *s, size_t n, struct fl_str *name);

#define FL_MONGO_NAMES_MAX 8       /* index names read from one command */

/* Index names a createIndexes or dropIndexes command names. */
struct fl_mongo_names {
    size_t count;                  /* names in name[] */
    bool all;                      /* "*" or a key pattern: not by name */
    char name[FL_MONGO_NAMES_MAX][128]; /* NUL-terminated, as written, cut
                                      to fit; ',' and bytes below 0x20 as
                                      '?' */
};

/* The index names of the command s[0..n): createIndexes' indexes[].name,
 * dropIndexes' index (a name, an array of names, "*" or a key pattern).
 * False when the command is neither. */
bool fl_mongo_index_names(const char *s, size_t n, struct fl_mongo_names *out);

/* The mongo domain: a static table of functions (never freed). */
extern const struct fl_domain fl_mongo_domain;

#endif
