/*
 * bench_kb.c -- knowledge-base load time and search latency.
 *
 *   bench_kb DATA_DIR
 *
 * Load: the full data directory, 20 times; reports min and median.
 * Search: 10,000 queries (name words, prefixes, filters, misses) against
 * the built-in library plus an overlay of 10,000 practice exercises made
 * from copies of built-in ones; reports p50, p99 and max.
 * Targets (issue): load < 20 ms, search p99 < 1 ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb/kb.h"

#define LOADS 20
#define CUSTOM 10000
#define QUERIES 10000

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data";
    static double loads[LOADS], lat[QUERIES];
    struct rb_kb_hit hits[50];
    struct rb_kb_overlay *o;
    struct rb_kb *kb = NULL;
    struct rb_err err;
    size_t nex;

    for (int i = 0; i < LOADS; i++) {
        double t0 = now_ms();
        if (rb_kb_load(dir, &kb, NULL, &err) != RB_OK) {
            fprintf(stderr, "bench_kb: %s\n", err.msg);
            return 1;
        }
        loads[i] = now_ms() - t0;
        if (i + 1 < LOADS) {
            rb_kb_free(kb);
        }
    }
    qsort(loads, LOADS, sizeof(double), cmp_double);

    nex = rb_kb_exercise_count(kb);
    o = rb_kb_overlay_new(1);
    for (size_t i = 0; i < CUSTOM; i++) {
        const struct rb_exercise *src = rb_kb_exercise_at(kb, i % nex);
        json_t *j = rb_kb_exercise_json(kb, src);
        struct rb_exercise *e;
        char id[96], name[160];

        snprintf(id, sizeof(id), "custom-%zu-%s", i, src->id);
        snprintf(name, sizeof(name), "%s variant %zu", src->name, i);
        json_object_set_new(j, "id", json_string(id));
        json_object_set_new(j, "name", json_string(name));
        if (rb_kb_exercise_parse(kb, o, j, 1, false, &e, &err) != RB_OK) {
            fprintf(stderr, "bench_kb: %s\n", err.msg);
            return 1;
        }
        rb_kb_overlay_add(o, e);
        json_decref(j);
    }

    rb_kb_overlay_seal(o);
    for (int i = 0; i < QUERIES; i++) {
        const struct rb_exercise *e = rb_kb_exercise_at(kb, (size_t)i % nex);
        struct rb_kb_query q = {.phase = -1, .limit = 20};
        char word[64];
        size_t n;
        double t0;

        switch (i % 4) {
        case 0: /* a whole name */
            q.q = e->name;
            break;
        case 1: /* a prefix of a name */
            snprintf(word, sizeof(word), "%.5s", e->name);
            q.q = word;
            break;
        case 2: /* filters only */
            q.pattern = e->pattern;
            q.category = e->category;
            break;
        case 3: /* a word and filters, or a miss */
            q.q = i % 8 == 3 ? "zzz-no-such-thing" : "squat";
            q.level = 1 + i % 5;
            break;
        }
        t0 = now_ms();
        rb_kb_search(kb, o, &q, hits, &n);
        lat[i] = now_ms() - t0;
    }
    qsort(lat, QUERIES, sizeof(double), cmp_double);

    printf("kb load (%zu exercises, %zu protocols, %zu norms), %d runs: "
           "min %.2f ms, median %.2f ms -> %s (target < 20 ms)\n",
        nex, rb_kb_protocol_count(kb), rb_kb_norm_count(kb), LOADS, loads[0],
        loads[LOADS / 2], loads[LOADS / 2] < 20 ? "PASS" : "FAIL");
    printf("search over %zu built-in + %d practice exercises, %d queries: "
           "p50 %.3f ms, p99 %.3f ms, max %.3f ms -> %s (target p99 < 1 ms)\n",
        nex, CUSTOM, QUERIES, lat[QUERIES / 2], lat[QUERIES * 99 / 100],
        lat[QUERIES - 1], lat[QUERIES * 99 / 100] < 1.0 ? "PASS" : "FAIL");
    rb_kb_overlay_free(o);
    rb_kb_free(kb);
    return 0;
}
