/*
 * test_adjust.c -- the pain-monitored adjustment rules: for every rule a
 * scenario that triggers it and one that only just does not, how rules
 * combine (the most severe action wins), determinism, and bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/adjust.h"

#define A RB_ADJ_ABSENT
#define T 20100 /* "today", a day number */

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

/* A world: one or two exercises, their logs and check-ins. */
struct world {
    struct rb_adj_input in;
    struct rb_adj_exercise ex[2];
    struct rb_adj_set log[2][64];
    struct rb_adj_checkin ci[32];
};

/*
 * Split squat, 3 x 10 at RIR 2, loads the knee; a calf raise hold,
 * 3 x 30 s, no effort target, loads the ankle.  Pain limit default (5),
 * baseline 0 everywhere.
 */
static void
world(struct world *w)
{
    memset(w, 0, sizeof(*w));
    w->in.today = T;
    w->in.pain_limit = A;
    w->in.baseline_pain = 0;
    w->in.exercises = w->ex;
    w->in.n_exercises = 2;
    w->in.checkins = w->ci;
    w->ex[0] = (struct rb_adj_exercise){.id = "split_squat",
        .regions = {"knee"},
        .n_regions = 1,
        .target = {3, 10, A, 2, A},
        .log = w->log[0]};
    w->ex[1] = (struct rb_adj_exercise){.id = "calf_raise_hold",
        .regions = {"ankle_foot"},
        .n_regions = 1,
        .target = {3, A, 30, A, A},
        .log = w->log[1]};
}

/* One session of exercise 'e' on 'day': 'n' sets of 'reps' (or seconds
 * for the timed one) at 'rir', with 'pain' during the last set. */
static void
session(struct world *w, int e, int32_t day, int n, double amount, double rir,
    double pain)
{
    struct rb_adj_exercise *x = &w->ex[e];

    for (int i = 0; i < n; i++) {
        bool timed = e == 1;
        w->log[e][x->n_log++] = (struct rb_adj_set){.day = day,
            .reps = timed ? A : amount,
            .seconds = timed ? amount : A,
            .load = A,
            .rir = rir,
            .rpe = A,
            .pain = i == n - 1 ? pain : 0};
    }
}

static struct rb_adj_checkin *
checkin(struct world *w, int32_t day)
{
    struct rb_adj_checkin *c = &w->ci[w->in.n_checkins++];

    *c = (struct rb_adj_checkin){.day = day,
        .stiffness = A,
        .sleep = A,
        .fatigue = A,
        .soreness = A,
        .stress = A,
        .mood = A};
    return c;
}

static void
pain_at(struct rb_adj_checkin *c, const char *region, double p)
{
    c->pain[c->n_pain++] = (struct rb_adj_region_pain){region, p};
}

static struct rb_adj_result
run(const struct world *w)
{
    struct rb_adj_result r = {0};
    struct rb_err err = {0};

    if (rb_adjust(&w->in, &arena, &r, &err) != RB_OK) {
        fail_msg("rb_adjust: %s: %s", err.field, err.msg);
    }
    assert_int_equal(r.n_decisions, w->in.n_exercises);
    return r;
}

static const struct rb_adj_reason *
reason(const struct rb_adj_decision *d, const char *rule)
{
    for (size_t i = 0; i < d->n_reasons; i++) {
        if (strcmp(d->reasons[i].rule->id, rule) == 0) {
            return &d->reasons[i];
        }
    }
    return NULL;
}

/* Two good sessions of the split squat: 3 x 12 at RIR 2, pain 2. */
static void
two_good(struct world *w)
{
    session(w, 0, T - 3, 3, 12, 2, 2);
    session(w, 0, T - 1, 3, 12, 2, 2);
}

static void
test_keep(void **state)
{
    struct world w;
    struct rb_adj_result r;

    (void)state;
    world(&w);
    r = run(&w);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r.decisions[i].action, RB_ADJ_HOLD);
        assert_int_equal(r.decisions[i].n_reasons, 1);
        assert_string_equal(r.decisions[i].reasons[0].rule->id, "adj.keep");
    }
    assert_string_equal(r.decisions[0].exercise, "split_squat");
    assert_int_equal(r.n_alerts, 0);
}

/* 2-for-2: last set 12 >= 10 + 2 in two sessions running, RIR 2 as
 * planned, pain 2 <= 5 -> progress.  11 in one of them -> not. */
static void
test_progress(void **state)
{
    struct world w;
    struct rb_adj_result r;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    session(&w, 0, T - 10, 3, 6, 2, 0); /* older, does not matter */
    two_good(&w);
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_PROGRESS);
    x = reason(&r.decisions[0], "adj.progress");
    assert_non_null(x);
    assert_int_equal(x->day, T - 1);
    assert_true(x->value == 12 && x->limit == 12);
    assert_string_equal(x->source, "2for2");
    assert_int_equal(r.decisions[1].action, RB_ADJ_HOLD);

    world(&w);
    session(&w, 0, T - 3, 3, 11, 2, 2); /* one rep short of +2 */
    session(&w, 0, T - 1, 3, 12, 2, 2);
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_HOLD);
    assert_null(reason(&r.decisions[0], "adj.progress"));

    /* Only one session so far. */
    world(&w);
    session(&w, 0, T - 1, 3, 14, 2, 0);
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);

    /* Harder than planned: RIR 1 against a target of 2. */
    world(&w);
    session(&w, 0, T - 3, 3, 12, 2, 2);
    session(&w, 0, T - 1, 3, 12, 1, 2);
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);

    /* Two sets instead of three. */
    world(&w);
    session(&w, 0, T - 3, 3, 12, 2, 2);
    session(&w, 0, T - 1, 2, 12, 2, 2);
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);

    /* RPE instead of RIR: target RPE 8 (= RIR 2), logged RPE 8. */
    world(&w);
    w.ex[0].target.rir = A;
    w.ex[0].target.rpe = 8;
    two_good(&w);
    for (size_t i = 0; i < w.ex[0].n_log; i++) {
        w.log[0][i].rir = A;
        w.log[0][i].rpe = 8;
    }
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_PROGRESS);
    w.log[0][w.ex[0].n_log - 1].rpe = 9; /* RIR 1: too hard */
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);
}

/* Timed: every set at 30 s in two sessions -> progress; 29 s -> not. */
static void
test_progress_timed(void **state)
{
    struct world w;
    struct rb_adj_result r;

    (void)state;
    world(&w);
    session(&w, 1, T - 4, 3, 30, A, 1);
    session(&w, 1, T - 2, 3, 30, A, 1);
    r = run(&w);
    assert_int_equal(r.decisions[1].action, RB_ADJ_PROGRESS);
    assert_string_equal(
        reason(&r.decisions[1], "adj.progress")->measure, "seconds");

    w.log[1][1].seconds = 29;
    assert_int_equal(run(&w).decisions[1].action, RB_ADJ_HOLD);
}

/* Pain during: 6 > 5 in the latest session -> regress; 5 may be reached
 * -> not (and the good sessions progress). */
static void
test_pain_during(void **state)
{
    struct world w;
    struct rb_adj_result r;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    session(&w, 0, T - 3, 3, 12, 2, 2);
    session(&w, 0, T - 1, 3, 12, 2, 6);
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_REGRESS);
    x = reason(&r.decisions[0], "adj.pain_during");
    assert_non_null(x);
    assert_int_equal(x->day, T - 1);
    assert_true(x->value == 6 && x->limit == 5);
    assert_string_equal(x->source, "Achilles");
    assert_string_equal(x->measure, "pain_during");
    assert_non_null(strstr(x->text, "6/10"));

    world(&w);
    session(&w, 0, T - 3, 3, 12, 2, 2);
    session(&w, 0, T - 1, 3, 12, 2, 5);
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.pain_during"));
    assert_int_equal(r.decisions[0].action, RB_ADJ_PROGRESS);

    /* An older painful session, the latest fine: not this rule. */
    world(&w);
    session(&w, 0, T - 3, 3, 10, 2, 8);
    session(&w, 0, T - 1, 3, 10, 2, 3);
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.pain_during"));
    assert_int_equal(r.decisions[0].action, RB_ADJ_HOLD);

    /* The protocol's own limit: 3 (pain 4 is over it, 3 is not). */
    world(&w);
    w.in.pain_limit = 3;
    session(&w, 0, T - 1, 3, 10, 2, 4);
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_REGRESS);
    w.log[0][2].pain = 3;
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);
}

/* The morning after the latest session: knee 3 above baseline 2 -> hold;
 * knee 2 -> not; knee 6 over the limit -> regress; knee 5 -> hold only. */
static void
test_morning(void **state)
{
    struct world w;
    struct rb_adj_result r;
    struct rb_adj_checkin *c;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    w.in.baseline[0] = (struct rb_adj_region_pain){"knee", 2};
    w.in.n_baseline = 1;
    two_good(&w);
    c = checkin(&w, T);
    pain_at(c, "knee", 3);
    pain_at(c, "ankle_foot", 9); /* not a region the squat loads */
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_HOLD);
    x = reason(&r.decisions[0], "adj.morning_above_baseline");
    assert_non_null(x);
    assert_int_equal(x->day, T);
    assert_true(x->value == 3 && x->limit == 2);
    assert_string_equal(x->region, "knee");
    assert_string_equal(x->source, "UD-ACL");
    /* Not settled, so the good sessions do not progress either. */
    assert_null(reason(&r.decisions[0], "adj.progress"));

    c->pain[0].pain = 2;
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.morning_above_baseline"));
    assert_int_equal(r.decisions[0].action, RB_ADJ_PROGRESS);

    c->pain[0].pain = 6;
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_REGRESS);
    x = reason(&r.decisions[0], "adj.morning_above_limit");
    assert_non_null(x);
    assert_true(x->value == 6 && x->limit == 5);
    assert_null(reason(&r.decisions[0], "adj.morning_above_baseline"));

    c->pain[0].pain = 5;
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.morning_above_limit"));
    assert_int_equal(r.decisions[0].action, RB_ADJ_HOLD);

    /* A check-in two days later is not "the next morning". */
    world(&w);
    session(&w, 0, T - 2, 3, 10, 2, 0);
    pain_at(checkin(&w, T), "knee", 6);
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.morning_above_limit"));
}

/*
 * Week over week (today T): knee pain on T-13 and T-10 is 2 and 2 (mean
 * 2.0), on T-5 and T-1 is 3 and 3 (mean 3.0): a rise of 1.0 -> regress.
 * With 2.9 and 2.9 (rise 0.9) -> not; with one check-in a week -> not.
 */
static void
test_pain_rising(void **state)
{
    struct world w;
    struct rb_adj_result r;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    pain_at(checkin(&w, T - 13), "knee", 2);
    pain_at(checkin(&w, T - 10), "knee", 2);
    pain_at(checkin(&w, T - 5), "knee", 3);
    pain_at(checkin(&w, T - 1), "knee", 3);
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_REGRESS);
    x = reason(&r.decisions[0], "adj.pain_rising");
    assert_non_null(x);
    assert_true(x->value == 3 && x->limit == 2);
    assert_int_equal(x->day, T - 1);
    assert_string_equal(x->region, "knee");
    assert_false(x->rule->verified);
    assert_int_equal(r.decisions[1].action, RB_ADJ_HOLD); /* ankle */

    w.ci[2].pain[0].pain = 2.9;
    w.ci[3].pain[0].pain = 2.9;
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.pain_rising"));

    w.ci[2].pain[0].pain = 4;
    w.ci[3].pain[0].pain = 4;
    w.ci[1].day = T - 20; /* out of the earlier week: one left there */
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.pain_rising"));
}

/* Stiffness 1, 1 then 2, 2: a rise of 1 -> regress for every exercise;
 * 1, 1 then 1.5, 2.0 (rise 0.75) -> not. */
static void
test_stiffness_rising(void **state)
{
    struct world w;
    struct rb_adj_result r;
    const double st[] = {1, 1, 2, 2};
    const int32_t days[] = {T - 12, T - 8, T - 4, T};

    (void)state;
    world(&w);
    for (size_t i = 0; i < 4; i++) {
        checkin(&w, days[i])->stiffness = st[i];
    }
    r = run(&w);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r.decisions[i].action, RB_ADJ_REGRESS);
        assert_non_null(reason(&r.decisions[i], "adj.stiffness_rising"));
        assert_null(reason(&r.decisions[i], "adj.stiffness_rising")->region);
    }
    w.ci[2].stiffness = 1.5;
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_HOLD);
}

/* Regressed on T-6; pain over 5 on T-4 (6) and T-2 (7) -> substitute.
 * Only T-2 over the limit since then (T-8 was before) -> not. */
static void
test_regression_failed(void **state)
{
    struct world w;
    struct rb_adj_result r;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    w.ex[0].regressed = true;
    w.ex[0].regressed_day = T - 6;
    session(&w, 0, T - 8, 3, 10, 2, 8);
    session(&w, 0, T - 4, 3, 10, 2, 6);
    session(&w, 0, T - 2, 3, 10, 2, 7);
    r = run(&w);
    assert_int_equal(r.decisions[0].action, RB_ADJ_SUBSTITUTE);
    x = reason(&r.decisions[0], "adj.regression_failed");
    assert_non_null(x);
    assert_int_equal(x->day, T - 2);
    assert_true(x->value == 2 && x->limit == 2);
    assert_non_null(reason(&r.decisions[0], "adj.pain_during"));

    /* T-4's last set now within the limit: one failure since the
     * regression, so only the latest session's pain counts -> regress. */
    w.log[0][5].pain = 5;
    r = run(&w);
    assert_null(reason(&r.decisions[0], "adj.regression_failed"));
    assert_non_null(reason(&r.decisions[0], "adj.pain_during"));
    assert_int_equal(r.decisions[0].action, RB_ADJ_REGRESS);

    /* Sessions before the regression do not count towards progress. */
    world(&w);
    w.ex[0].regressed = true;
    w.ex[0].regressed_day = T - 2;
    session(&w, 0, T - 4, 3, 12, 2, 0);
    session(&w, 0, T - 1, 3, 12, 2, 0);
    assert_int_equal(run(&w).decisions[0].action, RB_ADJ_HOLD);
}

/* A red flag: stop_and_refer for all, an alert, the flag's own source.
 * An entry condition alone (malleolar pain) refers nobody; a finding of
 * the Ottawa rule refers only together with it. */
static void
test_red_flag(void **state)
{
    struct world w;
    struct rb_adj_result r;
    struct rb_adj_checkin *c;
    const struct rb_adj_reason *x;

    (void)state;
    world(&w);
    two_good(&w);
    c = checkin(&w, T - 2);
    c->red_flags[c->n_red_flags++] = "ces.saddle_anaesthesia";
    r = run(&w);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r.decisions[i].action, RB_ADJ_STOP_AND_REFER);
        x = reason(&r.decisions[i], "adj.red_flag");
        assert_non_null(x);
        assert_string_equal(x->red_flag, "ces.saddle_anaesthesia");
        assert_string_equal(x->source, "CES");
        assert_int_equal(x->day, T - 2);
    }
    assert_int_equal(r.n_alerts, 1);
    assert_string_equal(r.alerts[0].id, "pause_programming");
    assert_int_equal(r.alerts[0].urgency, RB_URGENCY_EMERGENCY);
    assert_int_equal(r.alerts[0].day, T - 2);

    world(&w);
    c = checkin(&w, T);
    c->red_flags[c->n_red_flags++] = "ottawa_ankle.malleolar_pain";
    r = run(&w);
    assert_int_equal(r.n_alerts, 0);
    assert_int_equal(r.decisions[1].action, RB_ADJ_HOLD);
    c->red_flags[c->n_red_flags++] = "ottawa_ankle.weight_bearing";
    r = run(&w);
    assert_int_equal(r.n_alerts, 1);
    assert_string_equal(r.alerts[0].red_flag, "ottawa_ankle.weight_bearing");
    assert_int_equal(r.decisions[1].action, RB_ADJ_STOP_AND_REFER);

    /* The finding without its condition: nobody referred. */
    c->red_flags[0] = "cardiac.syncope";
    c->n_red_flags = 1;
    assert_int_equal(run(&w).n_alerts, 1);
    c->red_flags[0] = "ottawa_ankle.weight_bearing";
    assert_int_equal(run(&w).n_alerts, 0);
}

/* The same input twice gives the same decisions, reasons and texts. */
static void
test_deterministic(void **state)
{
    struct world w;
    struct rb_adj_result r1, r2;

    (void)state;
    world(&w);
    session(&w, 0, T - 1, 3, 10, 2, 7);
    session(&w, 0, T - 3, 3, 12, 2, 2); /* unsorted */
    pain_at(checkin(&w, T), "knee", 6);
    checkin(&w, T - 2)->stiffness = 4;
    r1 = run(&w);
    r2 = run(&w);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r1.decisions[i].action, r2.decisions[i].action);
        assert_int_equal(r1.decisions[i].n_reasons, r2.decisions[i].n_reasons);
        for (size_t k = 0; k < r1.decisions[i].n_reasons; k++) {
            assert_string_equal(r1.decisions[i].reasons[k].text,
                r2.decisions[i].reasons[k].text);
        }
    }
    /* Reasons follow the rule table: pain_during before the morning. */
    assert_string_equal(r1.decisions[0].reasons[0].rule->id, "adj.pain_during");
    assert_string_equal(
        r1.decisions[0].reasons[1].rule->id, "adj.morning_above_limit");
}

static void
expect_bad(struct world *w, const char *field)
{
    struct rb_adj_result r = {0};
    struct rb_err err = {0};

    assert_int_equal(rb_adjust(&w->in, &arena, &r, &err), RB_EINVAL);
    assert_string_equal(err.field, field);
    assert_null(r.decisions);
}

static void
test_bad_input(void **state)
{
    struct world w;

    (void)state;
    world(&w);
    session(&w, 0, T + 1, 1, 10, 2, 0);
    expect_bad(&w, "exercises[0].log[0].day");
    world(&w);
    session(&w, 0, T, 1, 10, 2, 11);
    expect_bad(&w, "exercises[0].log[0].pain");
    world(&w);
    w.ex[1].id = "split_squat";
    expect_bad(&w, "exercises[1].id");
    world(&w);
    w.ex[0].target.seconds = 30;
    expect_bad(&w, "exercises[0].target");
    world(&w);
    w.ex[0].target.rpe = 8;
    expect_bad(&w, "exercises[0].target");
    world(&w);
    w.ex[0].target.sets = 0;
    expect_bad(&w, "exercises[0].target.sets");
    world(&w);
    w.in.pain_limit = 12;
    expect_bad(&w, "pain_limit");
    world(&w);
    checkin(&w, T + 1);
    expect_bad(&w, "checkins[0].day");
    world(&w);
    checkin(&w, T);
    checkin(&w, T);
    expect_bad(&w, "checkins[1].day");
    world(&w);
    checkin(&w, T)->sleep = 10.5;
    expect_bad(&w, "checkins[0].sleep");
    world(&w);
    {
        struct rb_adj_checkin *c = checkin(&w, T);
        c->red_flags[c->n_red_flags++] = "no.such_flag";
    }
    expect_bad(&w, "checkins[0].red_flags[0]");
    world(&w);
    {
        struct rb_adj_checkin *c = checkin(&w, T);
        c->red_flags[c->n_red_flags++] = "ottawa_knee.age_55";
    }
    expect_bad(&w, "checkins[0].red_flags[0]");
    world(&w);
    pain_at(checkin(&w, T), "", 3);
    expect_bad(&w, "checkins[0].pain[0].region");
}

static void
test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < RB__ADJ_RULE_MAX; i++) {
        assert_non_null(rb_adj_rules[i].id);
        assert_non_null(rb_adj_rules[i].checks);
        assert_non_null(rb_adj_rules[i].source);
    }
    assert_string_equal(
        rb_adj_action_name(RB_ADJ_STOP_AND_REFER), "stop_and_refer");
    assert_string_equal(rb_adj_action_name(RB_ADJ_PROGRESS), "progress");
    assert_true(RB_ADJ_DEFAULT_PAIN_LIMIT == 5);
}

int
main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(test_keep),
        TEST(test_progress),
        TEST(test_progress_timed),
        TEST(test_pain_during),
        TEST(test_morning),
        TEST(test_pain_rising),
        TEST(test_stiffness_rising),
        TEST(test_regression_failed),
        TEST(test_red_flag),
        TEST(test_deterministic),
        TEST(test_bad_input),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
