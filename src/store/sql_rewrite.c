/*
 * sql_rewrite.c -- see sql_rewrite.h.
 */
#include <string.h>

#include "store/sql_rewrite.h"

enum rb_status
rb_sql_rewrite_pg_to_sqlite(const char *sql, char *out, size_t outsz)
{
    size_t o = 0;
    const char *p = sql;

#define PUT(c)                                                                 \
    do {                                                                       \
        if (o + 1 >= outsz) {                                                  \
            return RB_ELIMIT;                                                  \
        }                                                                      \
        out[o++] = (c);                                                        \
    } while (0)

    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;

            PUT(*p++);
            while (*p && *p != q) {
                PUT(*p++);
            }
            if (*p != q) {
                return RB_EINVAL;
            }
            PUT(*p++); /* a doubled quote is two strings back to back */
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') {
                PUT(*p++);
            }
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");

            if (end == NULL) {
                return RB_EINVAL;
            }
            while (p < end + 2) {
                PUT(*p++);
            }
        } else if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
            PUT('?');
            p++;
        } else {
            PUT(*p++);
        }
    }
    if (outsz == 0) {
        return RB_ELIMIT;
    }
    out[o] = '\0';
    return RB_OK;
#undef PUT
}
