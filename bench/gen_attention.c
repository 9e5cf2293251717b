/*
 * gen_attention.c -- a practice of 1,000 clients with two years of logs,
 * for bench_attention (issue #7).
 *
 *   gen_attention [DB_PATH [CLIENTS]]      (default build-bench/attention.db)
 *
 * One practice, its owner and two practitioners (each assigned half the
 * clients).  Every client trains on about 3-4 days a week for the two
 * years that end today, each session with RPE and minutes and 4-6 sets
 * (some rate pain); some sessions are missed or partial.  Next-morning
 * check-ins follow most sessions, daily check-ins come on about a quarter
 * of days.  Screenings at the start and a year later (a few refer or
 * recommend clearance, most of those followed by a clearance), about 10%
 * of clients with an open hamstring case and fortnightly measures (the
 * store has no way to close a case, so none is closed), and program
 * recommendations (the recent ones pending, older ones decided).
 *
 * Rows go in day by day across the whole practice, as a real practice
 * writes them, so the last weeks sit together at the end of each table.
 * The PRNG is seeded: the same day gives the same database.  A file made
 * by this generator version for today is reused; any other is replaced.
 * The org's name carries the version, size and end date; it is given
 * last, so an interrupted run is never reused.
 *
 * Bench-only: it writes through the store (store/store.h) directly, not
 * through the app's use cases, so no audit rows and no argon2 hashes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/str.h"
#include "util/xalloc.h"

#define GEN_VERSION 3   /* bump when the generator or the schema changes */
#define DAYS 730        /* two years of logs ending today */
#define TX_DAYS 30      /* days of the whole practice per transaction */
#define DAY_MS 86400000 /* milliseconds in a day */

static uint64_t rng_state = 0x5eed0fb0a7c0ffeeULL;

/* splitmix64: small, fast and good enough for test data. */
static uint64_t
rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(void)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

/* Uniform whole number in [lo, hi]. */
static int64_t
between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const exercises[] = {"goblet-squat", "back-squat",
    "leg-press", "box-squat", "split-squat", "romanian-deadlift", "hip-thrust",
    "push-up", "barbell-bench-press", "dumbbell-row-single-arm", "front-plank",
    "side-plank", "single-leg-calf-raise", "nordic-hamstring-curl"};
#define NEX (sizeof(exercises) / sizeof(exercises[0]))

static const char *const first_names[] = {"Ada", "Ben", "Cleo", "Dev", "Eli",
    "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Max", "Noor", "Oli",
    "Pia"};
static const char *const last_names[] = {"Ahn", "Berg", "Costa", "Dahl",
    "Evans", "Fox", "Garcia", "Holm", "Ito", "Jones", "Kim", "Lund", "Moss",
    "Nagy", "Ortiz", "Park", "Quinn", "Rossi"};

/* What the generator keeps per client while it walks the days. */
struct gclient {
    int64_t id, practitioner;
    double p_train;        /* chance of a session on a given day */
    double minutes, rpe;   /* usual dose */
    bool spike;            /* a sharp rise in load over the last week */
    int64_t screen2_day;   /* the second screening, a year in */
    int64_t clear_day[2];  /* clearance after each screening, 0: none */
    int64_t case_day;      /* injury onset of the open case, 0: none */
    int64_t case_id;       /* the open case, once written */
    const char *case_side; /* involved side */
};

struct gen {
    struct rb_store *s;
    int64_t org, owner, pr[2];
    struct gclient *c;
    size_t n;
    int64_t today, start;
    size_t rows;
};

#define TRY(expr)                                                              \
    do {                                                                       \
        if ((expr) != RB_OK) {                                                 \
            fprintf(stderr, "gen_attention: %s: %s\n", #expr, err.msg);        \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

static int64_t
ms_of(int64_t day, int hour)
{
    return day * DAY_MS + (int64_t)hour * 3600000;
}

static void
screening(struct gen *g, const struct gclient *c, int64_t day, double p_refer,
    double p_clear_rec, const char *why)
{
    struct rb_err err;
    int64_t id;
    double r = unif();
    const char *outcome = r < p_refer                 ? "refer"
                          : r < p_refer + p_clear_rec ? "clearance_recommended"
                                                      : "cleared";
    char result[120];
    struct rb_screening_row row = {.org_id = g->org,
        .client_id = c->id,
        .answers = why,
        .outcome = outcome,
        .screened_by = c->practitioner,
        .created_ms = ms_of(day, 9)};

    snprintf(result, sizeof(result), "{\"outcome\":\"%s\"}", outcome);
    row.result = result;
    TRY(rb_store_screening_add(g->s, &row, &id, &err));
    g->rows++;
}

/* Whether the client's latest screening (just written) needs a clearance:
 * re-read it rather than keep state. */
static bool
needs_clearance(struct gen *g, const struct gclient *c)
{
    struct rb_screening_row *rows;
    struct rb_arena a;
    struct rb_err err;
    size_t n;
    bool yes;

    rb_arena_init(&a);
    TRY(rb_store_screening_list(g->s, g->org, c->id, &a, &rows, &n, &err));
    yes = n > 0 && strcmp(rows[0].outcome, "cleared") != 0;
    rb_arena_release(&a);
    return yes;
}

static void
clearance(struct gen *g, const struct gclient *c, int64_t day)
{
    struct rb_err err;
    int64_t id;
    struct rb_clearance_row row = {.org_id = g->org,
        .client_id = c->id,
        .provider = "Dr. Bench",
        .provider_credential = "MD",
        .cleared_day = day,
        .expires_day = day + between(180, 540),
        .restrictions = "[]",
        .created_by = c->practitioner,
        .created_ms = ms_of(day, 11)};

    TRY(rb_store_clearance_add(g->s, &row, &id, &err));
    g->rows++;
}

static int64_t
open_case(struct gen *g, const struct gclient *c, int64_t day)
{
    static const char *const phases[] = {"protect", "lengthening", "speed"};
    struct rb_err err;
    int64_t injury, id;
    struct rb_injury_row inj = {.org_id = g->org,
        .client_id = c->id,
        .region = "hip",
        .side = c->case_side,
        .kind = "strain",
        .onset_day = day,
        .status = "active",
        .restrictions = "[]",
        .created_by = c->practitioner,
        .created_ms = ms_of(day, 10),
        .updated_ms = ms_of(day, 10)};
    struct rb_case_row k = {.org_id = g->org,
        .client_id = c->id,
        .protocol_id = "hamstring-strain",
        .phase_id = phases[rng() % 3],
        .status = "open",
        .opened_by = c->practitioner,
        .opened_ms = ms_of(day, 10)};

    k.phase_started_ms = k.opened_ms + between(0, 10) * DAY_MS;
    TRY(rb_store_injury_add(g->s, &inj, &injury, &err));
    k.injury_id = injury;
    TRY(rb_store_case_add(g->s, &k, &id, &err));
    g->rows += 2;
    return id;
}

/* A fortnightly re-test: both sides of two measures and pain. */
static void
assessment(struct gen *g, const struct gclient *c, int64_t day, int64_t since)
{
    struct rb_err err;
    int64_t id;
    double recovery = (double)since / 90.0; /* about three months to full */
    struct rb_assessment_row a = {.org_id = g->org,
        .client_id = c->id,
        .day = day,
        .assessor_id = c->practitioner,
        .case_id = c->case_id,
        .body = "{\"generated\":\"bench\"}",
        .created_ms = ms_of(day, 12)};
    const char *other = strcmp(c->case_side, "left") == 0 ? "left" : "right";
    const char *inv = other[0] == 'l' ? "right" : "left";
    double slr = 80 + unif() * 10, str = 300 + unif() * 80;

    if (recovery > 1) {
        recovery = 1;
    }
    TRY(rb_store_assessment_add(g->s, &a, &id, &err));
    struct rb_measurement_row m[] = {
        {.measure = "slr_passive", .side = other, .value = slr},
        {.measure = "slr_passive",
            .side = inv,
            .value = slr * (0.7 + 0.3 * recovery)},
        {.measure = "hamstring_strength", .side = other, .value = str},
        {.measure = "hamstring_strength",
            .side = inv,
            .value = str * (0.55 + 0.45 * recovery)},
        {.measure = "pain_activity",
            .side = "none",
            .value = (double)(int)(6 * (1 - recovery) + unif() * 2)},
    };
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        m[i].org_id = g->org;
        m[i].client_id = c->id;
        m[i].assessment_id = id;
        m[i].day = day;
        TRY(rb_store_measurement_add(g->s, &m[i], &err));
    }
    g->rows += 6;
}

static void
checkin(struct gen *g, const struct gclient *c, int64_t day, const char *kind,
    double pain, const char *flags)
{
    struct rb_err err;
    int64_t id;
    char date[11], body[200];
    struct rb_checkin_row row = {.org_id = g->org,
        .client_id = c->id,
        .day = day,
        .kind = kind,
        .body = body,
        .max_pain = pain,
        .red_flags = flags,
        .created_by = c->practitioner,
        .created_ms = ms_of(day, 7)};

    rb_date_format(day, date);
    snprintf(body, sizeof(body),
        "{\"date\":\"%s\",\"kind\":\"%s\",\"pain\":{\"knee\":%.0f},"
        "\"red_flags\":%s}",
        date, kind, pain, flags);
    TRY(rb_store_checkin_add(g->s, &row, &id, &err));
    g->rows++;
}

static void
session(struct gen *g, const struct gclient *c, int64_t day)
{
    struct rb_err err;
    double r = unif();
    const char *status = r < 0.06   ? "missed"
                         : r < 0.11 ? "partial"
                                    : "completed";
    bool done = status[0] != 'm';
    double scale = (c->spike && day > g->today - 7) ? 1.9 : 1.0;
    char key[16];
    int64_t id, nsets;
    double maxpain = -1;
    struct rb_training_row row = {.org_id = g->org,
        .client_id = c->id,
        .session_key = key,
        .day = day,
        .status = status,
        .rpe = done ? c->rpe + (unif() - 0.5) * 2 : -1,
        .minutes = done ? c->minutes * scale * (status[0] == 'p' ? 0.6 : 1.0) *
                              (0.85 + unif() * 0.3)
                        : -1,
        .logged_by = c->practitioner,
        .created_ms = ms_of(day, 18)};

    if (row.rpe > 10) {
        row.rpe = 10;
    }
    snprintf(key, sizeof(key), "w%" PRId64 "d%" PRId64,
        (day - g->start) / 7 % 8 + 1, (day - g->start) % 7 + 1);
    TRY(rb_store_training_add(g->s, &row, &id, &err));
    g->rows++;
    if (!done) {
        return;
    }
    nsets = between(4, 6);
    for (int64_t i = 0; i < nsets; i++) {
        double p = unif();
        struct rb_set_row set = {.org_id = g->org,
            .session_id = id,
            .exercise_id = exercises[(size_t)(c->id + i * 3) % NEX],
            .set_no = i + 1,
            .reps = (double)between(6, 12),
            .seconds = -1,
            .load_kg = (double)between(10, 90),
            .rpe = (double)between(5, 9),
            .rir = (double)between(1, 4),
            /* most sets rate no pain; a few rate it, rarely above 5 */
            .pain = p < 0.7     ? -1
                    : p < 0.996 ? (double)between(0, 3)
                                : (double)between(6, 7)};

        if (set.pain > maxpain) {
            maxpain = set.pain;
        }
        TRY(rb_store_set_add(g->s, &set, &err));
        g->rows++;
    }
    /* the next morning's check-in, for most sessions up to yesterday */
    if (day < g->today && unif() < 0.7) {
        double pain = maxpain < 0 ? (double)between(0, 2) : maxpain;

        if (unif() < 0.01) {
            pain = 6;
        }
        checkin(g, c, day + 1, "next_morning", pain,
            unif() < 0.0005 ? "[\"cardiac.chest_pain\"]" : "[]");
    }
}

static void
recommendation(struct gen *g, const struct gclient *c, int64_t day)
{
    static const char *const actions[] = {"progress", "hold", "regress"};
    struct rb_err err;
    int64_t id;
    struct rb_recommendation_row row = {.org_id = g->org,
        .client_id = c->id,
        .day = day,
        .exercise_id = exercises[rng() % NEX],
        .action = actions[rng() % 3],
        .reasons = "[{\"rule\":\"bench\",\"source\":\"Rebound-design\"}]",
        .created_ms = ms_of(day, 19)};

    TRY(rb_store_recommendation_add(g->s, &row, &id, &err));
    g->rows++;
    if (day < g->today - 10) { /* older ones have been decided */
        row.id = id;
        row.status = unif() < 0.7 ? "accepted" : "declined";
        row.decided_by = c->practitioner;
        row.decided_ms = ms_of(day + 1, 9);
        TRY(rb_store_recommendation_decide(g->s, &row, &err));
    }
}

static void
one_day(struct gen *g, struct gclient *c, int64_t day)
{
    struct rb_err err;

    if (day == g->start) {
        screening(g, c, day, 0.03, 0.07, "{\"when\":\"intake\"}");
        c->clear_day[0] =
            needs_clearance(g, c) && unif() < 0.6 ? day + between(10, 40) : 0;
    }
    if (day == c->screen2_day) {
        screening(g, c, day, 0.02, 0.04, "{\"when\":\"annual\"}");
        c->clear_day[1] =
            needs_clearance(g, c) && unif() < 0.6 ? day + between(10, 40) : 0;
    }
    if (day == c->clear_day[0] || day == c->clear_day[1]) {
        clearance(g, c, day);
    }
    if (day == c->case_day) {
        c->case_id = open_case(g, c, day);
    }
    if (c->case_id != 0 && (day - c->case_day) % 14 == 3) {
        assessment(g, c, day, day - c->case_day);
    }
    if (unif() < c->p_train) {
        session(g, c, day);
    }
    if (unif() < 0.25) {
        checkin(g, c, day, "daily", (double)between(0, 3), "[]");
    }
    if (unif() < 0.012) {
        recommendation(g, c, day);
    }
    (void)err;
}

static void
org_name(char *buf, size_t n, size_t clients, int64_t today)
{
    char date[11];

    rb_date_format(today, date);
    snprintf(buf, n,
        "Bench practice (gen_attention v%d, %zu clients, ending %s)",
        GEN_VERSION, clients, date);
}

/* Whether 'path' already holds this version's practice for today. */
static bool
reusable(const char *path, const char *name)
{
    struct rb_store *s;
    struct rb_org *orgs;
    struct rb_arena a;
    struct rb_err err;
    size_t n = 0;
    bool yes = false;

    if (access(path, F_OK) != 0 || rb_store_open(path, 0, &s, &err) != RB_OK) {
        return false;
    }
    rb_arena_init(&a);
    if (rb_store_org_list(s, &a, &orgs, &n, &err) == RB_OK) {
        yes = n == 1 && strcmp(orgs[0].name, name) == 0;
    }
    rb_arena_release(&a);
    rb_store_close(s);
    return yes;
}

static void
remove_db(const char *path)
{
    char p[4096];

    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

int
main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "build-bench/attention.db";
    size_t clients = 1000;
    struct gen g = {0};
    struct rb_err err;
    char name[160];
    double t0 = now_s();
    int64_t pct = -1;
    bool tty = isatty(2);

    if (argc > 2 && (clients = strtoul(argv[2], NULL, 10)) < 2) {
        fprintf(stderr, "gen_attention: CLIENTS must be at least 2\n");
        return 2;
    }
    g.today = rb_clock_now_ms() / DAY_MS;
    g.start = g.today - DAYS + 1;
    org_name(name, sizeof(name), clients, g.today);
    if (reusable(path, name)) {
        fprintf(stderr, "gen_attention: reusing %s (%s)\n", path, name);
        return 0;
    }
    remove_db(path);
    TRY(rb_store_open(path, RB_STORE_MIGRATE, &g.s, &err));

    TRY(rb_store_begin(g.s, true, &err));
    /* named for reuse only once complete (below) */
    struct rb_org org = {.name = "Bench practice (being generated)",
        .kind = "clinic",
        .created_ms = ms_of(g.start - 30, 8)};
    TRY(rb_store_org_add(g.s, &org, &g.org, &err));
    struct rb_user_secret sec = {0};
    struct rb_user u = {.org_id = g.org,
        .email = "owner@bench.invalid",
        .name = "Bench Owner",
        .role = RB_ROLE_OWNER,
        .created_ms = org.created_ms};
    TRY(rb_store_user_add(g.s, &u, &sec, &g.owner, &err));
    for (int i = 0; i < 2; i++) {
        char email[64], pname[64];

        snprintf(email, sizeof(email), "practitioner%d@bench.invalid", i + 1);
        snprintf(pname, sizeof(pname), "Bench Practitioner %d", i + 1);
        u.email = email;
        u.name = pname;
        u.role = RB_ROLE_PRACTITIONER;
        TRY(rb_store_user_add(g.s, &u, &sec, &g.pr[i], &err));
    }
    g.n = clients;
    g.c = rb_xcalloc(clients, sizeof(*g.c));
    for (size_t i = 0; i < clients; i++) {
        struct gclient *c = &g.c[i];
        char birth[11];
        struct rb_client row = {.org_id = g.org,
            .practitioner_id = g.pr[i % 2],
            .first_name = first_names[rng() % 16],
            .last_name = last_names[rng() % 18],
            .birth_date = birth,
            .sex = unif() < 0.5 ? "female" : "male",
            .created_ms = ms_of(g.start - 1, 9),
            .updated_ms = ms_of(g.start - 1, 9)};

        rb_date_format(g.today - between(18 * 365, 70 * 365), birth);
        TRY(rb_store_client_add(g.s, &row, &c->id, &err));
        c->practitioner = row.practitioner_id;
        c->p_train = (3.0 + unif()) / 7.0;
        c->minutes = (double)between(40, 75);
        c->rpe = 4 + unif() * 3;
        c->spike = unif() < 0.05;
        c->screen2_day = g.start + between(355, 375);
        c->case_side = unif() < 0.5 ? "left" : "right";
        if (unif() < 0.10) {
            c->case_day = g.today - between(20, 150);
        }
    }
    TRY(rb_store_commit(g.s, &err));

    for (int64_t day = g.start; day <= g.today; day++) {
        int64_t done = (day - g.start) * 100 / DAYS;

        if ((day - g.start) % TX_DAYS == 0) {
            TRY(rb_store_begin(g.s, true, &err));
        }
        for (size_t i = 0; i < g.n; i++) {
            one_day(&g, &g.c[i], day);
        }
        if ((day - g.start) % TX_DAYS == TX_DAYS - 1 || day == g.today) {
            TRY(rb_store_commit(g.s, &err));
        }
        /* on a terminal every percent in place, in a log every tenth */
        if (done != pct && (tty || done % 10 == 0)) {
            pct = done;
            fprintf(stderr, "%sgen_attention: %3" PRId64 "%% (%zu rows)%s",
                tty ? "\r" : "", pct, g.rows, tty ? "" : "\n");
        }
    }
    TRY(rb_store_org_rename(g.s, g.org, name, &err));
    rb_store_close(g.s);
    fprintf(stderr,
        "%sgen_attention: %zu clients, %d days, %zu rows in %.1f s -> %s\n",
        tty ? "\r" : "", g.n, DAYS, g.rows, now_s() - t0, path);
    free(g.c);
    return 0;
}
