/*
 * bench_attention.c -- latency of the attention list (rb_app_attention)
 * for a practice of 1,000 clients with two years of logs (issue #7).
 *
 *   bench_attention DB_PATH DATA_DIR [RUNS]
 *
 * (RUNS 0: print both lists as JSON instead, to compare versions.)
 *
 * DB_PATH is a database made by gen_attention.  The app is opened on it
 * with the knowledge base (gate evaluations need the protocols), the list
 * is built 10 times to warm the page cache, then RUNS times (default 200)
 * as the owner for the whole practice and RUNS times for one
 * practitioner's clients (half of them; practitioners may list every
 * client, so this is the narrowed list, GET /api/attention?practitioner=). Each
 * call is the whole use case: its transaction, the store reads, load ratios,
 * gates, ranking, the JSON and the audit row. Reports p50, p99 and max, and how
 * many clients were checked and listed. Target (issue): p99 < 50 ms; a person
 * reads it in bench/RESULTS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "util/xalloc.h"

#define WARMUP 10

static double
clock_ms(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* The practice gen_attention made, its owner and first practitioner. */
static int
find_practice(const char *db, int64_t *org, int64_t *owner, int64_t *pract)
{
    struct rb_store *s;
    struct rb_org *orgs;
    struct rb_user *users;
    struct rb_arena a;
    struct rb_err err;
    size_t n = 0, nu = 0;

    *org = *owner = *pract = 0;
    if (rb_store_open(db, 0, &s, &err) != RB_OK) {
        fprintf(stderr, "bench_attention: %s: %s\n", db, err.msg);
        return 1;
    }
    rb_arena_init(&a);
    if (rb_store_org_list(s, &a, &orgs, &n, &err) == RB_OK) {
        for (size_t i = 0; i < n && *org == 0; i++) {
            if (strncmp(orgs[i].name, "Bench practice (gen_attention", 29) ==
                0) {
                *org = orgs[i].id;
            }
        }
    }
    if (*org != 0 &&
        rb_store_user_list(s, *org, &a, &users, &nu, &err) == RB_OK) {
        for (size_t i = 0; i < nu; i++) {
            if (users[i].role == RB_ROLE_OWNER && *owner == 0) {
                *owner = users[i].id;
            }
            if (users[i].role == RB_ROLE_PRACTITIONER && *pract == 0) {
                *pract = users[i].id;
            }
        }
    }
    rb_arena_release(&a);
    rb_store_close(s);
    if (*org == 0 || *owner == 0 || *pract == 0) {
        fprintf(
            stderr, "bench_attention: %s was not made by gen_attention\n", db);
        return 1;
    }
    return 0;
}

/*
 * One call; the elapsed milliseconds (and in *cpu the CPU time this thread
 * spent), or < 0 on failure.  The CPU time tells the list's own cost from
 * waiting for a core on a shared machine.
 */
static double
one(struct rb_app *app, const struct rb_actor *who, int64_t org,
    int64_t practitioner, size_t *checked, size_t *listed, double *cpu)
{
    struct rb_arena a;
    struct rb_err err;
    json_t *out = NULL;
    double c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    double t0 = clock_ms(CLOCK_MONOTONIC), t;

    rb_arena_init(&a);
    if (rb_app_attention(app, who, org, practitioner, &a, &out, &err) !=
        RB_OK) {
        fprintf(stderr, "bench_attention: %s\n", err.msg);
        rb_arena_release(&a);
        return -1;
    }
    t = clock_ms(CLOCK_MONOTONIC) - t0;
    *cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
    *checked =
        (size_t)json_integer_value(json_object_get(out, "clients_checked"));
    *listed = json_array_size(json_object_get(out, "clients"));
    json_decref(out);
    rb_arena_release(&a);
    return t;
}

static int
run(struct rb_app *app, const struct rb_actor *who, int64_t org,
    int64_t practitioner, const char *label, int runs)
{
    double *lat = rb_xcalloc((size_t)runs, sizeof(*lat));
    double *cpu = rb_xcalloc((size_t)runs, sizeof(*cpu));
    size_t checked = 0, listed = 0;
    double c;

    for (int i = 0; i < WARMUP; i++) {
        if (one(app, who, org, practitioner, &checked, &listed, &c) < 0) {
            return 1;
        }
    }
    for (int i = 0; i < runs; i++) {
        lat[i] = one(app, who, org, practitioner, &checked, &listed, &cpu[i]);
        if (lat[i] < 0) {
            return 1;
        }
    }
    qsort(lat, (size_t)runs, sizeof(*lat), cmp_double);
    qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
    printf("attention list as %s: %zu clients checked, %zu listed, %d runs: "
           "p50 %.2f ms, p99 %.2f ms, max %.2f ms -> %s (target p99 < 50 ms); "
           "CPU time p50 %.2f ms, p99 %.2f ms\n",
        label, checked, listed, runs, lat[runs / 2], lat[runs * 99 / 100],
        lat[runs - 1], lat[runs * 99 / 100] < 50 ? "PASS" : "FAIL",
        cpu[runs / 2], cpu[runs * 99 / 100]);
    free(lat);
    free(cpu);
    return 0;
}

int
main(int argc, char **argv)
{
    const char *db = argc > 1 ? argv[1] : "build-bench/attention.db";
    const char *data = argc > 2 ? argv[2] : "data";
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 200;
    struct rb_app_config cfg = {.db_url = db, .pool_size = 1, .data_dir = data};
    struct rb_actor owner;
    struct rb_app *app;
    struct rb_arena a;
    struct rb_err err;
    int64_t org, owner_id, pract_id;
    int rc = 0;

    if (runs < 0) {
        fprintf(stderr, "bench_attention: RUNS must be 0 or more\n");
        return 2;
    }
    if (find_practice(db, &org, &owner_id, &pract_id) != 0) {
        return 1;
    }
    if (rb_app_open(&cfg, &app, &err) != RB_OK) {
        fprintf(stderr, "bench_attention: %s\n", err.msg);
        return 1;
    }
    rb_arena_init(&a);
    if (rb_app_actor_for(app, org, owner_id, &a, &owner, &err) != RB_OK) {
        fprintf(stderr, "bench_attention: %s\n", err.msg);
        rc = 1;
    }
    if (rc == 0 && runs == 0) { /* the lists themselves, to compare */
        json_t *all = NULL, *one = NULL;

        rc = rb_app_attention(app, &owner, org, 0, &a, &all, &err) != RB_OK ||
             rb_app_attention(app, &owner, org, pract_id, &a, &one, &err) !=
                 RB_OK;
        if (rc == 0) {
            json_t *both =
                json_pack("{s:o, s:o}", "practice", all, "practitioner", one);

            json_dumpf(both, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
            json_decref(both);
        }
    } else if (rc == 0) {
        rc = run(app, &owner, org, 0, "the owner (whole practice)", runs) ||
             run(app, &owner, org, pract_id, "the owner (one practitioner)",
                 runs);
    }
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
