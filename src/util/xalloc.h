/*
 * xalloc.h -- allocation that cannot fail.
 *
 * Rebound is an application, not a library: running out of memory is not a
 * condition we can serve through, so these wrappers print one line and
 * abort.  What keeps OOM out of reach of clients is that every input has a
 * size cap (request bodies, list lengths, query limits).
 */
#ifndef RB_UTIL_XALLOC_H
#define RB_UTIL_XALLOC_H

#include <stddef.h>

void *rb_xmalloc(size_t n);
void *rb_xcalloc(size_t count, size_t size);
void *rb_xrealloc(void *p, size_t n);
char *rb_xstrdup(const char *s);

#endif /* RB_UTIL_XALLOC_H */
