/*
 * pool.c -- see pool.h.  A mutex, a condition variable and a stack.
 */
#include <pthread.h>
#include <stdlib.h>

#include "store/pool.h"
#include "util/xalloc.h"

struct rb_store_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    size_t n;                /* handles owned */
    size_t nfree;            /* handles on the stack */
    struct rb_store **all;   /* every handle, for closing */
    struct rb_store **stack; /* free handles */
};

enum rb_status
rb_store_pool_open(
    const char *url, size_t n, struct rb_store_pool **ret, struct rb_err *err)
{
    struct rb_store_pool *p = rb_xcalloc(1, sizeof(*p));
    enum rb_status rc;

    if (n == 0) {
        n = 1;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->all = rb_xcalloc(n, sizeof(*p->all));
    p->stack = rb_xcalloc(n, sizeof(*p->stack));
    for (size_t i = 0; i < n; i++) {
        rc = rb_store_open(url, i == 0 ? RB_STORE_MIGRATE : 0, &p->all[i], err);
        if (rc != RB_OK) {
            rb_store_pool_close(p);
            return rc;
        }
        p->n++;
        p->stack[p->nfree++] = p->all[i];
    }
    *ret = p;
    return RB_OK;
}

void
rb_store_pool_close(struct rb_store_pool *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->n; i++) {
        rb_store_close(p->all[i]);
    }
    free(p->all);
    free(p->stack);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

struct rb_store *
rb_store_pool_get(struct rb_store_pool *p)
{
    struct rb_store *s;

    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0) {
        pthread_cond_wait(&p->freed, &p->lock);
    }
    s = p->stack[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return s;
}

void
rb_store_pool_put(struct rb_store_pool *p, struct rb_store *s)
{
    pthread_mutex_lock(&p->lock);
    p->stack[p->nfree++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}
