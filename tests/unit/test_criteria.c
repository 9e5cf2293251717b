/*
 * test_criteria.c -- the exit-criterion language: compile errors name the
 * problem, evaluation gives met / not met / missing, limb symmetry inverts
 * for measures where lower is better.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/criteria.h"

static const struct rb_measure_info measures[] = {
    {"pain_activity", false, true},
    {"days_since_surgery", false, false},
    {"single_hop", true, false},
    {"timed_hop_6m", true, true},
    {"ankle_dorsiflexion_wblt", true, false},
};

static const struct rb_measure_info *
find(void *ctx, const char *id)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof(measures) / sizeof(measures[0]); i++) {
        if (strcmp(measures[i].id, id) == 0) {
            return &measures[i];
        }
    }
    return NULL;
}

/* A client's latest values: involved side first. */
struct values {
    const char *id;
    double involved, uninvolved;
};

static bool
get(void *ctx, const struct rb_measure_info *m, bool involved, double *ret)
{
    for (const struct values *v = ctx; v->id != NULL; v++) {
        if (strcmp(v->id, m->id) == 0) {
            *ret = involved ? v->involved : v->uninvolved;
            return true;
        }
    }
    return false;
}

static enum rb_verdict
eval(const char *text, const struct values *vals, double *value)
{
    struct rb_criterion *c = NULL;
    struct rb_measure_values mv = {(void *)vals, get};
    bool has = false;
    enum rb_verdict v;

    assert_int_equal(rb_criterion_compile(text, find, NULL, &c, NULL), RB_OK);
    v = rb_criterion_eval(c, &mv, value, &has);
    rb_criterion_free(c);
    return v;
}

static void
test_lsi_is_involved_over_uninvolved_and_inverts_for_times(void **state)
{
    double lsi;

    (void)state;
    assert_true(rb_lsi(92, 100, false, &lsi));
    assert_true(fabs(lsi - 92.0) < 1e-9);
    /* 6 m timed hop: 2.2 s involved, 2.0 s uninvolved -> 90.9 % */
    assert_true(rb_lsi(2.2, 2.0, true, &lsi));
    assert_true(fabs(lsi - 90.909090909) < 1e-6);
    assert_false(rb_lsi(50, 0, false, &lsi));
}

static void
test_single_comparisons_report_their_value(void **state)
{
    const struct values v[] = {
        {"single_hop", 140, 152},   /* LSI 92.1 % */
        {"timed_hop_6m", 2.5, 2.0}, /* LSI 80 % */
        {"ankle_dorsiflexion_wblt", 8, 11},
        {"pain_activity", 1, 0},
        {NULL, 0, 0},
    };
    double value = 0;

    (void)state;
    assert_int_equal(eval("lsi(single_hop) >= 90", v, &value), RB_MET);
    assert_true(fabs(value - 92.105263) < 1e-5);
    assert_int_equal(eval("lsi(timed_hop_6m) >= 90", v, &value), RB_NOT_MET);
    assert_true(fabs(value - 80.0) < 1e-9);
    assert_int_equal(
        eval("diff(ankle_dorsiflexion_wblt) <= 1.5", v, &value), RB_NOT_MET);
    assert_true(fabs(value - 3.0) < 1e-9);
    assert_int_equal(
        eval("involved(ankle_dorsiflexion_wblt) > 7", v, &value), RB_MET);
    assert_int_equal(eval("pain_activity <= 2", v, &value), RB_MET);
    assert_int_equal(eval("days_since_surgery >= 270", v, &value), RB_MISSING);
}

static void
test_and_or_not_follow_three_valued_logic(void **state)
{
    const struct values v[] = {
        {"pain_activity", 1, 0},
        {"single_hop", 80, 100},
        {NULL, 0, 0},
    };

    (void)state;
    assert_int_equal(
        eval("pain_activity <= 2 and lsi(single_hop) >= 90", v, NULL),
        RB_NOT_MET);
    assert_int_equal(
        eval("pain_activity <= 2 or lsi(single_hop) >= 90", v, NULL), RB_MET);
    /* missing AND met stays missing; missing AND not met is not met */
    assert_int_equal(
        eval("pain_activity <= 2 and days_since_surgery > 1", v, NULL),
        RB_MISSING);
    assert_int_equal(
        eval("lsi(single_hop) >= 90 and days_since_surgery > 1", v, NULL),
        RB_NOT_MET);
    assert_int_equal(eval("not (pain_activity > 2)", v, NULL), RB_MET);
    assert_int_equal(eval("not days_since_surgery > 1", v, NULL), RB_MISSING);
}

static void
expect_error(const char *text, const char *needle)
{
    struct rb_criterion *c = NULL;
    struct rb_err err = {0};

    assert_int_equal(
        rb_criterion_compile(text, find, NULL, &c, &err), RB_EINVAL);
    assert_null(c);
    if (strstr(err.msg, needle) == NULL) {
        fail_msg(
            "'%s' gave '%s', expected to mention '%s'", text, err.msg, needle);
    }
}

static void
test_compile_errors_name_the_problem(void **state)
{
    (void)state;
    expect_error("hop_distance >= 90", "unknown measure 'hop_distance'");
    expect_error("single_hop >= 90", "paired measure needs lsi()");
    expect_error("lsi(pain_activity) < 2", "only to paired measures");
    expect_error("avg(single_hop) > 1", "unknown function");
    expect_error("pain_activity <", "expected a number");
    expect_error("pain_activity 2", "expected a comparison");
    expect_error("(pain_activity < 2", "expected ')'");
    expect_error("pain_activity < 2 extra", "unexpected text");
    expect_error("", "expected a measure");
}

static void
test_thresholds_and_measures_are_listed(void **state)
{
    struct rb_criterion *c = NULL;
    const struct rb_measure_info *ms[4];
    double t = 0;

    (void)state;
    assert_int_equal(
        rb_criterion_compile("lsi(single_hop) >= 90", find, NULL, &c, NULL),
        RB_OK);
    assert_true(rb_criterion_threshold(c, &t));
    assert_true(t == 90.0);
    assert_int_equal(rb_criterion_measures(c, ms, 4), 1);
    assert_string_equal(ms[0]->id, "single_hop");
    rb_criterion_free(c);
    assert_int_equal(
        rb_criterion_compile("pain_activity < 2 and lsi(single_hop) >= 90 and "
                             "lsi(single_hop) < 200",
            find, NULL, &c, NULL),
        RB_OK);
    assert_false(rb_criterion_threshold(c, &t));
    assert_int_equal(rb_criterion_measures(c, ms, 4), 2);
    rb_criterion_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_lsi_is_involved_over_uninvolved_and_inverts_for_times),
        cmocka_unit_test(test_single_comparisons_report_their_value),
        cmocka_unit_test(test_and_or_not_follow_three_valued_logic),
        cmocka_unit_test(test_compile_errors_name_the_problem),
        cmocka_unit_test(test_thresholds_and_measures_are_listed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
