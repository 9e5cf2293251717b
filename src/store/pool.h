/*
 * pool.h -- a fixed set of store handles shared by worker threads.
 *
 * SQLite handles must not be used by two threads at once, and opening one
 * per request would waste the prepared-statement cache.  The server opens
 * one handle per worker thread up front; a request borrows one for its
 * lifetime and gives it back.  With as many handles as workers nobody ever
 * waits, but the pool stays correct (it blocks) if that ever changes.
 */
#ifndef RB_STORE_POOL_H
#define RB_STORE_POOL_H

#include <stddef.h>

#include "store/store.h"

struct rb_store_pool;

/* Open 'n' handles on 'url' (migrating once with the first).  Allocates. */
enum rb_status rb_store_pool_open(const char *url, size_t n,
    struct rb_store_pool **ret, struct rb_err *err) RB_MUST_CHECK;

/* Close every handle; all must have been returned.  NULL is ignored. */
void rb_store_pool_close(struct rb_store_pool *p);

/* Borrow a handle, waiting if none is free.  Never NULL. */
struct rb_store *rb_store_pool_get(struct rb_store_pool *p);

/* Give a handle back (after committing or rolling back). */
void rb_store_pool_put(struct rb_store_pool *p, struct rb_store *s);

#endif /* RB_STORE_POOL_H */
