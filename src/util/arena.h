/*
 * arena.h -- a bump allocator for request- and command-scoped memory.
 *
 * Each HTTP request and each CLI command owns one arena; everything built
 * while serving it (parsed input, rows read from the store, strings for the
 * response) is allocated here and released at once by rb_arena_release().
 * So handler code frees nothing by hand.  Not thread-safe: one owner.
 */
#ifndef RB_UTIL_ARENA_H
#define RB_UTIL_ARENA_H

#include <stddef.h>

#include "util/status.h"

struct rb_arena_chunk;

struct rb_arena {
    struct rb_arena_chunk *head; /* newest chunk, or NULL before first use */
    size_t used;                 /* bytes handed out, for tests and logs */
};

/* Start an empty arena in caller storage.  Does not allocate. */
void rb_arena_init(struct rb_arena *a);

/* Free every chunk; the arena may be used again afterwards. */
void rb_arena_release(struct rb_arena *a);

/* 'n' bytes aligned for any type, zeroed.  Never NULL (aborts on OOM). */
void *rb_arena_alloc(struct rb_arena *a, size_t n);

/* Copies of strings, living as long as the arena.  NULL in, NULL out. */
char *rb_arena_strdup(struct rb_arena *a, const char *s);
char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n);

/* A printf-formatted string living in the arena. */
char *rb_arena_printf(struct rb_arena *a, const char *fmt, ...) RB_PRINTF(2, 3);

#endif /* RB_UTIL_ARENA_H */
