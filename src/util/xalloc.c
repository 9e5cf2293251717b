/*
 * xalloc.c -- the one place that calls malloc(); see xalloc.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void
oom(size_t n)
{
    fprintf(stderr, "rebound: out of memory (%zu bytes)\n", n);
    abort();
}

void *
rb_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL) {
        oom(n);
    }
    return p;
}

void *
rb_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (p == NULL) {
        oom(count * size);
    }
    return p;
}

void *
rb_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL) {
        oom(n);
    }
    return q;
}

char *
rb_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = rb_xmalloc(n);

    memcpy(p, s, n);
    return p;
}
