/*
 * test_load.c -- training-load metrics against series computed by hand
 * (the arithmetic is in the comments) and the brief's test vectors
 * (section 7): Foster's week, the ACWR vector, the Banister vector; gaps,
 * short histories, SD = 0, a chronic load of 0, unsorted and back-dated
 * entries, several sessions a day, and bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/load.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define D0 20000 /* an arbitrary first day number */

static struct rb_arena arena;

static int
setup(void **state)
{
    (void)state;
    rb_arena_init(&arena);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    rb_arena_release(&arena);
    return 0;
}

static void
near(double got, double want, double tol)
{
    if (fabs(got - want) > tol) {
        fail_msg("got %.6f, wanted %.6f (+/- %g)", got, want, tol);
    }
}

static void
is_ok(const struct rb_metric *m, double want, double tol)
{
    assert_int_equal(m->state, RB_METRIC_OK);
    assert_null(m->reason);
    near(m->value, want, tol);
}

static void
is_state(const struct rb_metric *m, enum rb_metric_state s)
{
    assert_int_equal(m->state, s);
    assert_non_null(m->reason);
}

/* 'n' days of 'load' from day 'from' into e[]; returns the next index. */
static size_t
fill(struct rb_load_entry *e, size_t i, int32_t from, size_t n, double load)
{
    for (size_t k = 0; k < n; k++) {
        e[i++] = (struct rb_load_entry){from + (int32_t)k, load};
    }
    return i;
}

static struct rb_load_series *
compute(
    const struct rb_load_entry *e, size_t n, const struct rb_load_opts *opts)
{
    struct rb_load_series *s = NULL;
    struct rb_err err = {0};

    if (rb_load_compute(e, n, opts, &arena, &s, &err) != RB_OK) {
        fail_msg("rb_load_compute: %s: %s", err.field, err.msg);
    }
    return s;
}

static bool
has_flag(const struct rb_load_series *s, const struct rb_load_day *d,
    const char *id, const char *metric)
{
    for (size_t k = 0; k < d->n_flags; k++) {
        const struct rb_load_flag *f = &s->flags[d->first_flag + k];
        if (strcmp(f->id, id) == 0 && strcmp(f->metric, metric) == 0) {
            assert_int_equal(f->day, d->day);
            return true;
        }
    }
    return false;
}

/* Session load = CR-10 x minutes: 6 x 50 = 300 AU [sRPE]. */
static void
test_session_load(void **state)
{
    struct rb_load_session s = {D0, 6, 50};
    struct rb_err err = {0};
    double v = -1;

    (void)state;
    assert_int_equal(rb_load_session_load(&s, &v, &err), RB_OK);
    near(v, 300, 1e-9);
    s.rpe = 10.5;
    v = -1;
    assert_int_equal(rb_load_session_load(&s, &v, &err), RB_EINVAL);
    assert_string_equal(err.field, "rpe");
    near(v, -1, 0); /* untouched on failure */
    s.rpe = 5;
    s.minutes = -1;
    assert_int_equal(rb_load_session_load(&s, &v, &err), RB_EINVAL);
    assert_string_equal(err.field, "minutes");
    s.minutes = RB_LOAD_MAX_MINUTES + 1;
    assert_int_equal(rb_load_session_load(&s, &v, &err), RB_EINVAL);
}

/*
 * The brief's Foster week [300, 0, 450, 300, 0, 600, 200]:
 *   weekly = 1850; mean = 1850 / 7 = 264.2857
 *   deviations 35.71, -264.29, 185.71, 35.71, -264.29, 335.71, -64.29
 *   squares sum to 293571.43; / 6 = 48928.57; sample SD = 221.1980
 *   monotony = 264.2857 / 221.1980 = 1.19479
 *   strain = 1850 x 1.19479 = 2210.37
 * Days 1-6 have too little history for any weekly metric.
 */
static void
test_foster_week(void **state)
{
    const double w[] = {300, 0, 450, 300, 0, 600, 200};
    struct rb_load_entry e[7];
    struct rb_load_series *s;

    (void)state;
    for (size_t i = 0; i < 7; i++) {
        e[i] = (struct rb_load_entry){D0 + (int32_t)i, w[i]};
    }
    s = compute(e, 7, NULL);
    assert_int_equal(s->n_days, 7);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(s->days[i].history_days, (int)i + 1);
        is_state(&s->days[i].weekly, RB_METRIC_SHORT_HISTORY);
        is_state(&s->days[i].monotony, RB_METRIC_SHORT_HISTORY);
        is_state(&s->days[i].strain, RB_METRIC_SHORT_HISTORY);
        is_state(&s->days[i].acwr_coupled, RB_METRIC_SHORT_HISTORY);
        is_state(&s->days[i].acwr_ewma, RB_METRIC_SHORT_HISTORY);
        is_state(&s->days[i].fitness, RB_METRIC_SHORT_HISTORY);
    }
    is_ok(&s->days[6].weekly, 1850, 1e-9);
    is_ok(&s->days[6].acute_rolling, 1850, 1e-9);
    is_ok(&s->days[6].monotony, 1.19479, 1e-4);
    is_ok(&s->days[6].strain, 2210.37, 0.01);
    /* Still too short for the chronic window and fitness. */
    is_state(&s->days[6].chronic_rolling, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[6].acwr_uncoupled, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[6].chronic_ewma, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[6].fitness, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[6].form, RB_METRIC_SHORT_HISTORY);
    /* 1.19 is not above the monotony heuristic of 2. */
    assert_int_equal(s->days[6].n_flags, 0);
}

/*
 * The same week given as sessions out of order, with the rest days left
 * out (gaps) and the 300 of day 1 and the 600 of day 6 each split into two
 * sessions; the day-3 session back-dated (listed last).  Daily loads must
 * come out as [300, 0, 450, 300, 0, 600, 200] with the same metrics.
 */
static void
test_unsorted_gaps_and_multiple_sessions(void **state)
{
    struct rb_load_entry e[] = {
        {D0 + 6, 200},
        {D0 + 5, 250},
        {D0 + 0, 100},
        {D0 + 3, 300},
        {D0 + 5, 350},
        {D0 + 0, 200},
        {D0 + 2, 450},
    };
    const double want[] = {300, 0, 450, 300, 0, 600, 200};
    const unsigned count[] = {2, 0, 1, 1, 0, 2, 1};
    struct rb_load_series *s;

    (void)state;
    s = compute(e, NELEM(e), NULL);
    assert_int_equal(s->n_days, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(s->days[i].day, D0 + (int)i);
        near(s->days[i].load, want[i], 1e-9);
        assert_int_equal(s->days[i].entries, count[i]);
    }
    is_ok(&s->days[6].weekly, 1850, 1e-9);
    is_ok(&s->days[6].monotony, 1.19479, 1e-4);
    is_ok(&s->days[6].strain, 2210.37, 0.01);
}

/*
 * SD = 0: seven days of 100 AU.  weekly = 700, but every deviation from
 * the mean is 0, so mean / SD is undefined, and so is strain.  The same
 * with seven rest days (a 0 entry, then 'through' 6 days later).
 */
static void
test_sd_zero(void **state)
{
    struct rb_load_entry e[7];
    struct rb_load_opts o = {.has_through = true, .through = D0 + 6};
    struct rb_load_series *s;
    struct rb_load_entry z = {D0, 0};

    (void)state;
    fill(e, 0, D0, 7, 100);
    s = compute(e, 7, NULL);
    is_ok(&s->days[6].weekly, 700, 1e-9);
    is_state(&s->days[6].monotony, RB_METRIC_UNDEFINED);
    is_state(&s->days[6].strain, RB_METRIC_UNDEFINED);
    assert_int_equal(s->days[6].n_flags, 0);

    /* 0.1 x 7: a mean that rounds away from 0.1 must not fake an SD. */
    fill(e, 0, D0, 7, 0.1);
    s = compute(e, 7, NULL);
    is_state(&s->days[6].monotony, RB_METRIC_UNDEFINED);

    s = compute(&z, 1, &o);
    assert_int_equal(s->n_days, 7);
    is_ok(&s->days[6].weekly, 0, 0);
    is_state(&s->days[6].monotony, RB_METRIC_UNDEFINED);
}

/*
 * Monotony above 2 is flagged, with the threshold marked unverified:
 * week [100 x 6, 110]: mean 101.4286; deviations -1.4286 (x6), 8.5714;
 * squares 6 x 2.0408 + 73.4694 = 85.714; / 6 = 14.2857; SD 3.7796;
 * monotony = 101.4286 / 3.7796 = 26.835.
 */
static void
test_monotony_flag(void **state)
{
    struct rb_load_entry e[7];
    struct rb_load_series *s;
    const struct rb_load_flag *f;

    (void)state;
    fill(e, 0, D0, 6, 100);
    e[6] = (struct rb_load_entry){D0 + 6, 110};
    s = compute(e, 7, NULL);
    is_ok(&s->days[6].monotony, 26.835, 1e-3);
    is_ok(&s->days[6].strain, 710 * 26.835, 1);
    assert_int_equal(s->days[6].n_flags, 1);
    f = &s->flags[s->days[6].first_flag];
    assert_string_equal(f->id, "monotony_high");
    assert_string_equal(f->threshold->source, "sRPE");
    assert_false(f->threshold->verified);
    near(f->threshold->value, 2, 0);
}

/*
 * The brief's ACWR vector: 28 days at 400 AU, then 7 days at 800.
 *
 * Day 28: acute 7 x 400 = 2800, chronic 28 x 400 / 4 = 2800 -> 1.00 in
 * every variant (both EWMAs stay at the seed 400): no flag.
 *
 * Day 35: acute = 7 x 800 = 5600; chronic = (21 x 400 + 7 x 800) / 4 =
 * 14000 / 4 = 3500; coupled = 5600 / 3500 = 1.60 (>= 1.5: danger).
 * Uncoupled = (5600 / 7) / (21 x 400 / 21) = 800 / 400 = 2.00 (danger).
 * EWMA seeded with day 1's 400: after seven days of 800 an EWMA is
 * 800 - 400 (1 - lambda)^7.  Acute lambda 0.25: 0.75^7 = 0.133484,
 * 800 - 53.39 = 746.61.  Chronic lambda 2/29: (27/29)^7 = 0.606400,
 * 800 - 242.56 = 557.44.  Ratio 746.61 / 557.44 = 1.3394 (> 1.3: high).
 */
static void
test_acwr_vector(void **state)
{
    struct rb_load_entry e[35];
    struct rb_load_series *s;
    struct rb_load_day *d;
    size_t i;

    (void)state;
    i = fill(e, 0, D0, 28, 400);
    fill(e, i, D0 + 28, 7, 800);
    s = compute(e, 35, NULL);
    assert_int_equal(s->n_days, 35);

    is_state(&s->days[26].acwr_coupled, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[26].acwr_uncoupled, RB_METRIC_SHORT_HISTORY);
    is_state(&s->days[26].acwr_ewma, RB_METRIC_SHORT_HISTORY);
    is_ok(&s->days[26].acute_ewma, 400, 1e-9);

    d = &s->days[27];
    is_ok(&d->acwr_coupled, 1.0, 1e-12);
    is_ok(&d->acwr_uncoupled, 1.0, 1e-12);
    is_ok(&d->acwr_ewma, 1.0, 1e-12);
    is_ok(&d->chronic_rolling, 2800, 1e-9);
    assert_int_equal(d->n_flags, 0);

    d = &s->days[34];
    is_ok(&d->acute_rolling, 5600, 1e-9);
    is_ok(&d->chronic_rolling, 3500, 1e-9);
    is_ok(&d->acwr_coupled, 1.60, 1e-9);
    is_ok(&d->acwr_uncoupled, 2.00, 1e-9);
    is_ok(&d->acute_ewma, 746.61, 0.01);
    is_ok(&d->chronic_ewma, 557.44, 0.01);
    is_ok(&d->acwr_ewma, 1.3394, 1e-4);
    assert_true(has_flag(s, d, "acwr_danger", "acwr_coupled"));
    assert_true(has_flag(s, d, "acwr_danger", "acwr_uncoupled"));
    assert_true(has_flag(s, d, "acwr_high", "acwr_ewma"));
    assert_false(has_flag(s, d, "acwr_danger", "acwr_ewma"));
    assert_int_equal(d->n_flags, 3);
    assert_string_equal(s->flags[d->first_flag].threshold->source, "Gabbett");
}

/*
 * A drop: 28 days at 400 then 7 at 100.  Day 35: acute 700; chronic
 * (21 x 400 + 700) / 4 = 2275; coupled 700 / 2275 = 0.3077 (< 0.8: low).
 * Uncoupled (700 / 7) / 400 = 0.25.
 */
static void
test_acwr_low(void **state)
{
    struct rb_load_entry e[35];
    struct rb_load_series *s;
    size_t i;

    (void)state;
    i = fill(e, 0, D0, 28, 400);
    fill(e, i, D0 + 28, 7, 100);
    s = compute(e, 35, NULL);
    is_ok(&s->days[34].acwr_coupled, 700.0 / 2275.0, 1e-12);
    is_ok(&s->days[34].acwr_uncoupled, 0.25, 1e-12);
    assert_true(has_flag(s, &s->days[34], "acwr_low", "acwr_coupled"));
    assert_true(has_flag(s, &s->days[34], "acwr_low", "acwr_uncoupled"));
}

/*
 * A chronic load of 0: one logged rest day, extended with 'through' to
 * day 28.  Every sum and EWMA is 0, so every ratio is undefined (not a
 * division by zero, not a fake number).
 */
static void
test_chronic_zero(void **state)
{
    struct rb_load_entry e = {D0, 0};
    struct rb_load_opts o = {.has_through = true, .through = D0 + 27};
    struct rb_load_series *s;

    (void)state;
    s = compute(&e, 1, &o);
    assert_int_equal(s->n_days, 28);
    is_ok(&s->days[27].chronic_rolling, 0, 0);
    is_state(&s->days[27].acwr_coupled, RB_METRIC_UNDEFINED);
    is_state(&s->days[27].acwr_uncoupled, RB_METRIC_UNDEFINED);
    is_state(&s->days[27].acwr_ewma, RB_METRIC_UNDEFINED);
    assert_int_equal(s->n_flags, 0);
}

/*
 * The brief's Banister vector, 100 AU a day for 42 days from 0.
 * Exponential decay: fitness = 100 (1 - e^(-42/42)) = 63.212; fatigue =
 * 100 (1 - e^(-42/7)) = 99.752; form the next day = -36.54.
 * Simple EWMA: fitness = 100 (1 - (41/42)^42) = 100 (1 - 0.363456) =
 * 63.654; fatigue = 100 (1 - (6/7)^42) = 99.846; form -36.19.
 * Day 43 is a rest day added with 'through' so that form shows day 42.
 */
static void
test_banister(void **state)
{
    struct rb_load_entry e[42];
    struct rb_load_opts o = {.has_through = true, .through = D0 + 42};
    struct rb_load_series *s;

    (void)state;
    fill(e, 0, D0, 42, 100);
    s = compute(e, 42, &o);
    assert_int_equal(s->n_days, 43);
    is_state(&s->days[40].fitness, RB_METRIC_SHORT_HISTORY);
    is_ok(&s->days[6].fatigue, 100 * (1 - exp(-1)), 1e-9);
    is_state(&s->days[5].fatigue, RB_METRIC_SHORT_HISTORY);
    is_ok(&s->days[41].fitness, 63.212, 1e-3);
    is_ok(&s->days[41].fatigue, 99.752, 1e-3);
    is_state(&s->days[41].form, RB_METRIC_SHORT_HISTORY);
    is_ok(&s->days[42].form, 63.212 - 99.752, 2e-3);
    near(s->days[42].load, 0, 0);

    o.pmc = RB_PMC_SIMPLE_EWMA;
    s = compute(e, 42, &o);
    is_ok(&s->days[41].fitness, 63.654, 1e-3);
    is_ok(&s->days[41].fatigue, 99.846, 1e-3);
    is_ok(&s->days[42].form, 63.654 - 99.846, 2e-3);
}

/* Three days: nothing but the load itself is a number. */
static void
test_short_history(void **state)
{
    struct rb_load_entry e[3];
    struct rb_load_series *s;

    (void)state;
    fill(e, 0, D0, 3, 250);
    s = compute(e, 3, NULL);
    for (size_t i = 0; i < 3; i++) {
        const struct rb_load_day *d = &s->days[i];
        const struct rb_metric *m[] = {&d->weekly, &d->monotony, &d->strain,
            &d->acute_rolling, &d->chronic_rolling, &d->acwr_coupled,
            &d->acwr_uncoupled, &d->acute_ewma, &d->chronic_ewma, &d->acwr_ewma,
            &d->fitness, &d->fatigue, &d->form};
        near(d->load, 250, 0);
        for (size_t k = 0; k < NELEM(m); k++) {
            is_state(m[k], RB_METRIC_SHORT_HISTORY);
        }
    }
    assert_int_equal(s->n_flags, 0);
}

static void
test_bad_input(void **state)
{
    struct rb_load_entry e[2] = {{D0, 100}, {D0 + 5, -1}};
    struct rb_load_opts o = {.has_through = true, .through = D0 + 4};
    struct rb_load_series *s = NULL;
    struct rb_err err = {0};

    (void)state;
    assert_int_equal(rb_load_compute(e, 2, NULL, &arena, &s, &err), RB_EINVAL);
    assert_string_equal(err.field, "entries[1].load");
    assert_null(s);
    e[1].load = NAN;
    assert_int_equal(rb_load_compute(e, 2, NULL, &arena, &s, &err), RB_EINVAL);
    e[1].load = 10;
    assert_int_equal(rb_load_compute(e, 2, &o, &arena, &s, &err), RB_EINVAL);
    assert_string_equal(err.field, "through");
    assert_int_equal(rb_load_compute(e, 0, NULL, &arena, &s, &err), RB_EINVAL);
    e[1].day = D0 + RB_LOAD_MAX_DAYS; /* span RB_LOAD_MAX_DAYS + 1 */
    assert_int_equal(rb_load_compute(e, 2, NULL, &arena, &s, &err), RB_EINVAL);
    assert_string_equal(err.field, "entries");
    e[1].day = D0 + RB_LOAD_MAX_DAYS - 1;
    assert_int_equal(rb_load_compute(e, 2, NULL, &arena, &s, &err), RB_OK);
    assert_int_equal(s->n_days, RB_LOAD_MAX_DAYS);
}

static void
test_names(void **state)
{
    (void)state;
    assert_string_equal(rb_metric_state_name(RB_METRIC_OK), "ok");
    assert_string_equal(
        rb_metric_state_name(RB_METRIC_SHORT_HISTORY), "short_history");
    assert_int_equal(rb_pmc_variant_parse("simple_ewma"), RB_PMC_SIMPLE_EWMA);
    assert_int_equal(rb_pmc_variant_parse("exp_decay"), RB_PMC_EXP_DECAY);
    assert_int_equal(rb_pmc_variant_parse("banister"), -1);
    for (size_t i = 0; i < RB__LTH_MAX; i++) {
        assert_non_null(rb_load_thresholds[i].id);
        assert_non_null(rb_load_thresholds[i].source);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_load),
        cmocka_unit_test_setup_teardown(test_foster_week, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_unsorted_gaps_and_multiple_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sd_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monotony_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acwr_vector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acwr_low, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chronic_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_banister, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
