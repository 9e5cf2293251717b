/*
 * buf.h -- a growable byte buffer with a hard size cap.
 *
 * Used to accumulate request bodies and build output.  The cap is how we
 * keep client-controlled sizes bounded: an append that would pass it fails
 * with RB_ELIMIT and leaves the buffer as it was.  The contents are always
 * NUL-terminated (the NUL is not counted in len).
 */
#ifndef RB_UTIL_BUF_H
#define RB_UTIL_BUF_H

#include <stddef.h>

#include "util/status.h"

struct rb_buf {
    char *data; /* heap, owned; NULL until the first append */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* largest len allowed */
};

/* Empty buffer that may hold at most 'max' bytes.  Does not allocate. */
void rb_buf_init(struct rb_buf *b, size_t max);

/* Free the storage; the buffer is empty (same max) afterwards. */
void rb_buf_release(struct rb_buf *b);

/* Append 'n' bytes.  RB_ELIMIT (buffer unchanged) past the cap. */
enum rb_status rb_buf_append(
    struct rb_buf *b, const void *data, size_t n) RB_MUST_CHECK;

/* Append formatted text.  RB_ELIMIT (buffer unchanged) past the cap. */
enum rb_status rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
    RB_PRINTF(2, 3) RB_MUST_CHECK;

/* The contents as a C string ("" when empty).  Valid until the next call. */
const char *rb_buf_str(const struct rb_buf *b);

#endif /* RB_UTIL_BUF_H */
