/*
 * arena.c -- chunked bump allocator; see arena.h.
 *
 * Chunks grow geometrically from 4 KiB up to 64 KiB; a request for more
 * than a chunk gets a chunk of its own, so big allocations waste nothing.
 */
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xalloc.h"

#define CHUNK_MIN 4096u
#define CHUNK_MAX 65536u

struct rb_arena_chunk {
    struct rb_arena_chunk *next;
    size_t size; /* usable bytes in data[] */
    size_t off;  /* first free byte */
    alignas(max_align_t) unsigned char data[];
};

void
rb_arena_init(struct rb_arena *a)
{
    a->head = NULL;
    a->used = 0;
}

void
rb_arena_release(struct rb_arena *a)
{
    struct rb_arena_chunk *c = a->head;

    while (c != NULL) {
        struct rb_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    rb_arena_init(a);
}

void *
rb_arena_alloc(struct rb_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    struct rb_arena_chunk *c = a->head;
    size_t need = (n + align - 1) & ~(align - 1);
    void *p;

    if (need < n) {
        abort(); /* size overflow: a caller bug, inputs are capped */
    }
    if (c == NULL || c->size - c->off < need) {
        size_t size = c ? c->size * 2 : CHUNK_MIN;

        if (size > CHUNK_MAX) {
            size = CHUNK_MAX;
        }
        if (size < need) {
            size = need;
        }
        c = rb_xmalloc(sizeof(*c) + size);
        c->size = size;
        c->off = 0;
        c->next = a->head;
        a->head = c;
    }
    p = c->data + c->off;
    c->off += need;
    a->used += need;
    memset(p, 0, n);
    return p;
}

char *
rb_arena_strndup(struct rb_arena *a, const char *s, size_t n)
{
    char *p;

    if (s == NULL) {
        return NULL;
    }
    p = rb_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
rb_arena_strdup(struct rb_arena *a, const char *s)
{
    return s ? rb_arena_strndup(a, s, strlen(s)) : NULL;
}

char *
rb_arena_printf(struct rb_arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return rb_arena_strdup(a, "");
    }
    p = rb_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
