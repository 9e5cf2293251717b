/*
 * buf.c -- bounded growable buffer; see buf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

void
rb_buf_init(struct rb_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void
rb_buf_release(struct rb_buf *b)
{
    free(b->data);
    rb_buf_init(b, b->max);
}

static enum rb_status
reserve(struct rb_buf *b, size_t n)
{
    size_t want;

    if (n > b->max || b->len > b->max - n) {
        return RB_ELIMIT;
    }
    want = b->len + n + 1;
    if (want > b->cap) {
        size_t cap = b->cap ? b->cap : 256;

        while (cap < want) {
            cap *= 2;
        }
        b->data = rb_xrealloc(b->data, cap);
        b->cap = cap;
    }
    return RB_OK;
}

enum rb_status
rb_buf_append(struct rb_buf *b, const void *data, size_t n)
{
    if (reserve(b, n) != RB_OK) {
        return RB_ELIMIT;
    }
    if (n > 0) {
        memcpy(b->data + b->len, data, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
    return RB_OK;
}

enum rb_status
rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return RB_EINTERNAL;
    }
    if (reserve(b, (size_t)n) != RB_OK) {
        return RB_ELIMIT;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return RB_OK;
}

const char *
rb_buf_str(const struct rb_buf *b)
{
    return b->data ? b->data : "";
}
