/*
 * sql_rewrite.h -- turn PostgreSQL placeholders into SQLite's.
 *
 * All SQL in Rebound is written once with PostgreSQL's positional $1..$n.
 * SQLite would take "$2" as a *named* parameter numbered by first use, so
 * the same text would bind differently on the two engines; we rewrite $N
 * to ?N, which SQLite binds by position.  Quoted strings, quoted names and
 * comments are copied untouched.
 */
#ifndef RB_STORE_SQL_REWRITE_H
#define RB_STORE_SQL_REWRITE_H

#include <stddef.h>

#include "util/status.h"

/*
 * Rewrite 'sql' into 'out' (size 'outsz').  RB_ELIMIT when it does not fit;
 * RB_EINVAL for an unterminated quote or comment.
 */
enum rb_status rb_sql_rewrite_pg_to_sqlite(
    const char *sql, char *out, size_t outsz);

#endif /* RB_STORE_SQL_REWRITE_H */
