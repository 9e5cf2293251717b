/*
 * test_instruments.c -- PROM scoring: every instrument at its minimum and
 * maximum, the worked examples of the domain brief section 4 (others
 * computed by hand in the comments), the missing-item limit and one past
 * it, out-of-range and wrong-count input, and the MCID comparison in both
 * directions for lower- and higher-is-better scales.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/instruments.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define TOL 1e-9

static const struct rb_instrument *
get(const char *id)
{
    const struct rb_instrument *inst = rb_instrument_find(id);

    assert_non_null(inst);
    return inst;
}

/* Score 'n' answers with none missing; assert success; return the score. */
static double
score_all(const char *id, const double *v, size_t n)
{
    struct rb_instrument_score s;
    struct rb_err err = {0};

    assert_int_equal(rb_instrument_score(get(id), v, NULL, n, &s, &err), RB_OK);
    assert_int_equal(s.missing, 0);
    assert_int_equal(s.answered, n);
    return s.score;
}

/* Every answer set to 'v'. */
static double
score_const(const char *id, double v)
{
    const struct rb_instrument *inst = get(id);
    double a[RB_INSTRUMENT_MAX_ITEMS];

    for (size_t i = 0; i < inst->n_items; i++) {
        a[i] = v;
    }
    return score_all(id, a, inst->n_items);
}

/* Expect RB_EINVAL with 'code' and 'field'; *ret must stay untouched. */
static void
expect_fail(const char *id, const double *v, const bool *present, size_t n,
    const char *code, const char *field, const char *msg_part)
{
    struct rb_instrument_score s;
    struct rb_err err = {0};

    memset(&s, 0xab, sizeof(s));
    assert_int_equal(
        rb_instrument_score(get(id), v, present, n, &s, &err), RB_EINVAL);
    assert_string_equal(err.code, code);
    assert_string_equal(err.field, field);
    if (msg_part != NULL) {
        assert_non_null(strstr(err.msg, msg_part));
    }
    assert_int_equal(((unsigned char *)&s)[0], 0xab);
}

static enum rb_change_verdict
verdict(const char *id, double before, double after)
{
    struct rb_instrument_change c;

    assert_int_equal(
        rb_instrument_change(get(id), before, after, &c, NULL), RB_OK);
    assert_true(fabs(c.change - (after - before)) < TOL);
    return c.verdict;
}

/* ------------------------------------------------------------------ */

static void
test_table_is_complete_and_sourced(void **state)
{
    static const char *const ids[] = {"nprs", "lefs", "quickdash", "odi",
        "faam_adl", "faam_sport", "tsk11", "acl_rsi"};

    (void)state;
    assert_int_equal(rb_instrument_count(), NELEM(ids));
    assert_null(rb_instrument_at(NELEM(ids)));
    assert_null(rb_instrument_find("koos"));
    assert_null(rb_instrument_find(NULL));
    for (size_t i = 0; i < NELEM(ids); i++) {
        const struct rb_instrument *inst = get(ids[i]);

        assert_ptr_equal(inst, rb_instrument_at(i));
        assert_true(inst->n_items >= 1);
        assert_true(inst->n_items <= RB_INSTRUMENT_MAX_ITEMS);
        assert_true(inst->max_missing < inst->n_items);
        assert_non_null(inst->source);
        assert_non_null(inst->missing_rule);
        assert_non_null(inst->measures[0]);
        if (inst->has_mcid) {
            assert_non_null(inst->mcid_source);
            assert_true(inst->mcid > 0);
        }
        if (inst->n_bands > 0) {
            assert_non_null(inst->bands_source);
            /* bands ascend and the last one covers the maximum */
            for (size_t b = 1; b < inst->n_bands; b++) {
                assert_true(inst->bands[b].upper > inst->bands[b - 1].upper);
            }
            assert_true(
                inst->bands[inst->n_bands - 1].upper >= inst->score_max);
        }
    }
}

static void
test_measures_match_data_ids(void **state)
{
    (void)state;
    /* data/measures.json ids the phase-gate criteria use */
    assert_string_equal(get("lefs")->measures[0], "lefs");
    assert_string_equal(get("quickdash")->measures[0], "quickdash");
    assert_string_equal(get("odi")->measures[0], "odi");
    assert_string_equal(get("faam_adl")->measures[0], "faam_adl");
    assert_string_equal(get("faam_sport")->measures[0], "faam_sport");
    assert_string_equal(get("tsk11")->measures[0], "tsk11");
    assert_string_equal(get("acl_rsi")->measures[0], "acl_rsi");
    assert_true(rb_instrument_measure(get("nprs"), "pain_rest"));
    assert_true(rb_instrument_measure(get("nprs"), "pain_sport"));
    assert_false(rb_instrument_measure(get("nprs"), "lefs"));
    assert_false(rb_instrument_measure(get("nprs"), NULL));
}

static void
test_nprs(void **state)
{
    struct rb_instrument_score s;
    double v;

    (void)state;
    assert_true(fabs(score_const("nprs", 0) - 0) < TOL);
    assert_true(fabs(score_const("nprs", 10) - 10) < TOL);
    /* bands [NPRS]: 0 anchor, 1-3 mild, 4-6 moderate, 7-10 severe */
    static const struct {
        double v;
        const char *band;
    } bands[] = {{0, "no pain"}, {1, "mild"}, {3, "mild"}, {4, "moderate"},
        {6, "moderate"}, {7, "severe"}, {10, "severe"}};
    for (size_t i = 0; i < NELEM(bands); i++) {
        v = bands[i].v;
        assert_int_equal(
            rb_instrument_score(get("nprs"), &v, NULL, 1, &s, NULL), RB_OK);
        assert_string_equal(s.band, bands[i].band);
        /* several pain measures: the caller chooses */
        assert_null(s.measure);
    }
    v = 11;
    expect_fail("nprs", &v, NULL, 1, "out_of_range", "answers[0]", "item 1");
    v = -1;
    expect_fail("nprs", &v, NULL, 1, "out_of_range", "answers[0]", NULL);
    v = 4.5;
    expect_fail("nprs", &v, NULL, 1, "out_of_range", "answers[0]", NULL);
    v = NAN;
    expect_fail("nprs", &v, NULL, 1, "out_of_range", "answers[0]", NULL);
    bool absent = false;
    expect_fail("nprs", &v, &absent, 1, "too_many_missing", "answers",
        "1 item missing, at most 0 allowed");
    double two[2] = {1, 2};
    expect_fail("nprs", two, NULL, 2, "wrong_count", "answers", NULL);
}

static void
test_lefs(void **state)
{
    double a[20];
    bool p[20];

    (void)state;
    assert_true(fabs(score_const("lefs", 0) - 0) < TOL);
    assert_true(fabs(score_const("lefs", 4) - 80) < TOL);
    /* 4,3,2,1,0 four times: 10 x 4 = 40 */
    for (size_t i = 0; i < 20; i++) {
        a[i] = (double)(4 - i % 5);
        p[i] = true;
    }
    assert_true(fabs(score_all("lefs", a, 20) - 40) < TOL);
    {
        struct rb_instrument_score s;
        assert_int_equal(
            rb_instrument_score(get("lefs"), a, NULL, 20, &s, NULL), RB_OK);
        assert_string_equal(s.measure, "lefs");
        assert_null(s.band); /* no bands published */
        assert_true(fabs(s.max - 80) < TOL);
    }
    /* proration is UNVERIFIED, so one missing item is already too many */
    p[7] = false;
    expect_fail("lefs", a, p, 20, "too_many_missing", "answers",
        "Lower Extremity Functional Scale: 1 item missing, at most 0 allowed");
    p[7] = true;
    a[3] = 5;
    expect_fail("lefs", a, p, 20, "out_of_range", "answers[3]", "item 4");
    a[3] = 1;
    expect_fail("lefs", a, p, 19, "wrong_count", "answers", "19 answers");
}

static void
test_quickdash_brief_vectors(void **state)
{
    /* brief section 4 worked test vectors */
    double a[11] = {2, 3, 1, 2, 2, 3, 1, 1, 2, 2, 3};
    bool p[11];
    struct rb_instrument_score s;
    struct rb_err err = {0};

    (void)state;
    for (size_t i = 0; i < 11; i++) {
        p[i] = true;
    }
    /* (22 / 11 - 1) x 25 = 25.0 */
    assert_true(fabs(score_all("quickdash", a, 11) - 25.0) < TOL);
    /* only the first 10: (20 / 10 - 1) x 25 = 22.5 */
    p[10] = false;
    assert_int_equal(
        rb_instrument_score(get("quickdash"), a, p, 11, &s, &err), RB_OK);
    assert_true(fabs(s.score - 22.5) < TOL);
    assert_int_equal(s.missing, 1);
    assert_int_equal(s.answered, 10);
    assert_string_equal(s.measure, "quickdash");
    /* 9 answered: invalid */
    p[9] = false;
    expect_fail("quickdash", a, p, 11, "too_many_missing", "answers",
        "QuickDASH: 2 items missing, at most 1 allowed");
}

static void
test_quickdash_range(void **state)
{
    double a[11];

    (void)state;
    assert_true(fabs(score_const("quickdash", 1) - 0) < TOL);
    assert_true(fabs(score_const("quickdash", 5) - 100) < TOL);
    for (size_t i = 0; i < 11; i++) {
        a[i] = 3;
    }
    /* (33 / 11 - 1) x 25 = 50 */
    assert_true(fabs(score_all("quickdash", a, 11) - 50) < TOL);
    a[3] = 0; /* items run 1..5 */
    expect_fail("quickdash", a, NULL, 11, "out_of_range", "answers[3]",
        "QuickDASH: item 4 must be a whole number from 1 to 5");
    a[3] = 6;
    expect_fail("quickdash", a, NULL, 11, "out_of_range", "answers[3]", NULL);
    a[3] = 3;
    expect_fail("quickdash", a, NULL, 10, "wrong_count", "answers", NULL);
    expect_fail("quickdash", a, NULL, 0, "wrong_count", "answers", NULL);
}

static void
test_odi(void **state)
{
    /* sum 16 over 10 sections */
    double a[10] = {2, 2, 2, 2, 2, 2, 1, 0, 2, 1};
    bool p[10];
    struct rb_instrument_score s;

    (void)state;
    for (size_t i = 0; i < 10; i++) {
        p[i] = true;
    }
    /* brief: sum 16, all answered -> 16 / 50 x 100 = 32 % */
    assert_true(fabs(score_all("odi", a, 10) - 32.0) < TOL);
    /* brief: sum 16, 9 answered (the 0 left out) -> 16 / 45 x 100 */
    p[7] = false;
    assert_int_equal(
        rb_instrument_score(get("odi"), a, p, 10, &s, NULL), RB_OK);
    assert_true(fabs(s.score - 1600.0 / 45.0) < TOL);
    assert_true(fabs(s.score - 35.6) < 0.05);
    assert_string_equal(s.band, "moderate disability");
    assert_string_equal(s.measure, "odi");
    /* a second blank section is past the (unverified) cap */
    p[2] = false;
    expect_fail("odi", a, p, 10, "too_many_missing", "answers",
        "2 items missing, at most 1 allowed");
    assert_true(fabs(score_const("odi", 0) - 0) < TOL);
    assert_true(fabs(score_const("odi", 5) - 100) < TOL);
    a[9] = 6;
    expect_fail("odi", a, NULL, 10, "out_of_range", "answers[9]", NULL);
}

static void
test_odi_bands(void **state)
{
    /* sum s over 10 sections scores 2 s %; bands [ODI] */
    static const struct {
        double sum;
        const char *band;
    } rows[] = {{0, "minimal disability"}, {10, "minimal disability"},
        {11, "moderate disability"}, {20, "moderate disability"},
        {21, "severe disability"}, {30, "severe disability"}, {31, "crippled"},
        {40, "crippled"}, {41, "bed-bound or exaggerating"},
        {50, "bed-bound or exaggerating"}};
    double a[10];
    struct rb_instrument_score s;

    (void)state;
    for (size_t r = 0; r < NELEM(rows); r++) {
        double left = rows[r].sum;

        for (size_t i = 0; i < 10; i++) {
            a[i] = left >= 5 ? 5 : left;
            left -= a[i];
        }
        assert_int_equal(
            rb_instrument_score(get("odi"), a, NULL, 10, &s, NULL), RB_OK);
        assert_true(fabs(s.score - 2 * rows[r].sum) < TOL);
        assert_string_equal(s.band, rows[r].band);
    }
}

static void
test_faam_adl(void **state)
{
    double a[21];
    bool p[21];
    struct rb_instrument_score s;

    (void)state;
    assert_true(fabs(score_const("faam_adl", 0) - 0) < TOL);
    assert_true(fabs(score_const("faam_adl", 4) - 100) < TOL);
    for (size_t i = 0; i < 21; i++) {
        a[i] = 3;
        p[i] = true;
    }
    /* 63 / 84 x 100 = 75 */
    assert_true(fabs(score_all("faam_adl", a, 21) - 75) < TOL);
    /* two N/A: 19 answered (the limit), 57 / 76 x 100 = 75 */
    p[0] = p[20] = false;
    a[0] = 0; /* ignored when not present */
    assert_int_equal(
        rb_instrument_score(get("faam_adl"), a, p, 21, &s, NULL), RB_OK);
    assert_true(fabs(s.score - 75) < TOL);
    assert_int_equal(s.missing, 2);
    /* 4,4,... with one 0 among 19: (18 x 4) / 76 x 100 = 94.736... */
    for (size_t i = 1; i < 20; i++) {
        a[i] = 4;
    }
    a[5] = 0;
    assert_int_equal(
        rb_instrument_score(get("faam_adl"), a, p, 21, &s, NULL), RB_OK);
    assert_true(fabs(s.score - 72.0 / 76.0 * 100.0) < TOL);
    /* 18 answered: under 90 % */
    p[10] = false;
    expect_fail("faam_adl", a, p, 21, "too_many_missing", "answers",
        "3 items missing, at most 2 allowed");
}

static void
test_faam_sport(void **state)
{
    double a[8] = {3, 3, 3, 3, 3, 3, 3, 0};
    bool p[8] = {true, true, true, true, true, true, true, false};
    struct rb_instrument_score s;

    (void)state;
    /* brief: 7 answered summing 21 -> 21 / 28 x 100 = 75 % */
    assert_int_equal(
        rb_instrument_score(get("faam_sport"), a, p, 8, &s, NULL), RB_OK);
    assert_true(fabs(s.score - 75) < TOL);
    assert_string_equal(s.measure, "faam_sport");
    p[0] = false;
    expect_fail("faam_sport", a, p, 8, "too_many_missing", "answers",
        "FAAM sports: 2 items missing, at most 1 allowed");
    assert_true(fabs(score_const("faam_sport", 0) - 0) < TOL);
    assert_true(fabs(score_const("faam_sport", 4) - 100) < TOL);
    a[7] = 4.0001;
    expect_fail("faam_sport", a, NULL, 8, "out_of_range", "answers[7]", NULL);
}

static void
test_tsk11(void **state)
{
    double a[11] = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3};
    bool p[11];

    (void)state;
    assert_true(fabs(score_const("tsk11", 1) - 11) < TOL);
    assert_true(fabs(score_const("tsk11", 4) - 44) < TOL);
    /* plain sum, no reversed items: 1+2+3+4 twice + 1+2+3 = 26 */
    assert_true(fabs(score_all("tsk11", a, 11) - 26) < TOL);
    a[0] = 0;
    expect_fail("tsk11", a, NULL, 11, "out_of_range", "answers[0]", NULL);
    a[0] = 1;
    for (size_t i = 0; i < 11; i++) {
        p[i] = i != 4;
    }
    expect_fail("tsk11", a, p, 11, "too_many_missing", "answers", NULL);
}

static void
test_acl_rsi(void **state)
{
    double a[12] = {5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8};
    bool p[12];

    (void)state;
    assert_true(fabs(score_const("acl_rsi", 0) - 0) < TOL);
    assert_true(fabs(score_const("acl_rsi", 10) - 100) < TOL);
    /* sum 78, mean 6.5, x 10 = 65 */
    assert_true(fabs(score_all("acl_rsi", a, 12) - 65) < TOL);
    a[11] = 80; /* the 0-100 form must be divided by 10 first */
    expect_fail("acl_rsi", a, NULL, 12, "out_of_range", "answers[11]", NULL);
    a[11] = 8;
    expect_fail("acl_rsi", a, NULL, 11, "wrong_count", "answers", NULL);
    for (size_t i = 0; i < 12; i++) {
        p[i] = i != 0;
    }
    expect_fail("acl_rsi", a, p, 12, "too_many_missing", "answers", NULL);
}

static void
test_change_lower_is_better(void **state)
{
    (void)state;
    /* QuickDASH MCID 14 */
    assert_int_equal(verdict("quickdash", 40, 26), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("quickdash", 40, 27), RB_CHANGE_NONE);
    assert_int_equal(verdict("quickdash", 26, 40), RB_CHANGE_WORSENED);
    assert_int_equal(verdict("quickdash", 27, 40), RB_CHANGE_NONE);
    assert_int_equal(verdict("quickdash", 30, 30), RB_CHANGE_NONE);
    /* NPRS: >= 2 points, or >= 30 % of baseline for improvement */
    assert_int_equal(verdict("nprs", 5, 3), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("nprs", 3, 2), RB_CHANGE_IMPROVED); /* 33 % */
    assert_int_equal(verdict("nprs", 6, 5), RB_CHANGE_NONE);     /* 17 % */
    assert_int_equal(verdict("nprs", 2, 4), RB_CHANGE_WORSENED);
    assert_int_equal(verdict("nprs", 1, 2), RB_CHANGE_NONE); /* 1 point */
    assert_int_equal(verdict("nprs", 0, 0), RB_CHANGE_NONE);
    /* ODI: 10 points or 30 % */
    assert_int_equal(verdict("odi", 40, 30), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("odi", 40, 32), RB_CHANGE_NONE);    /* 8, 20 % */
    assert_int_equal(verdict("odi", 10, 6), RB_CHANGE_IMPROVED); /* 40 % */
    assert_int_equal(verdict("odi", 30, 40), RB_CHANGE_WORSENED);
    /* TSK-11: 4 points (unverified) */
    assert_int_equal(verdict("tsk11", 30, 26), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("tsk11", 26, 30), RB_CHANGE_WORSENED);
    assert_int_equal(verdict("tsk11", 26, 29), RB_CHANGE_NONE);
}

static void
test_change_higher_is_better(void **state)
{
    (void)state;
    /* LEFS MCID 9 */
    assert_int_equal(verdict("lefs", 40, 49), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("lefs", 40, 48), RB_CHANGE_NONE);
    assert_int_equal(verdict("lefs", 49, 40), RB_CHANGE_WORSENED);
    /* FAAM ADL 8, Sports 9 */
    assert_int_equal(verdict("faam_adl", 60, 68), RB_CHANGE_IMPROVED);
    assert_int_equal(verdict("faam_adl", 68, 60), RB_CHANGE_WORSENED);
    assert_int_equal(verdict("faam_sport", 60, 68), RB_CHANGE_NONE);
    assert_int_equal(verdict("faam_sport", 60, 69), RB_CHANGE_IMPROVED);
    /* a fractional QuickDASH-like change that is exactly the MCID */
    assert_int_equal(verdict("faam_sport", 65.625, 74.625), RB_CHANGE_IMPROVED);
    /* ACL-RSI: no MCID in the sources */
    assert_int_equal(verdict("acl_rsi", 40, 90), RB_CHANGE_UNKNOWN);
}

static void
test_change_rejects_impossible_scores(void **state)
{
    struct rb_instrument_change c;
    struct rb_err err = {0};

    (void)state;
    assert_int_equal(
        rb_instrument_change(get("tsk11"), 5, 20, &c, &err), RB_EINVAL);
    assert_string_equal(err.field, "before");
    assert_int_equal(
        rb_instrument_change(get("lefs"), 20, 81, &c, &err), RB_EINVAL);
    assert_string_equal(err.field, "after");
    assert_int_equal(
        rb_instrument_change(get("odi"), NAN, 20, &c, &err), RB_EINVAL);
}

static void
test_json(void **state)
{
    double a[11] = {2, 3, 1, 2, 2, 3, 1, 1, 2, 2, 3};
    struct rb_instrument_score s;
    struct rb_instrument_change c;
    json_t *j, *k;
    double v = 5;

    (void)state;
    assert_int_equal(
        rb_instrument_score(get("quickdash"), a, NULL, 11, &s, NULL), RB_OK);
    j = rb_instrument_score_to_json(&s);
    assert_string_equal(
        json_string_value(json_object_get(j, "instrument")), "quickdash");
    assert_string_equal(
        json_string_value(json_object_get(j, "measure")), "quickdash");
    assert_true(fabs(json_real_value(json_object_get(j, "score")) - 25) < TOL);
    assert_true(fabs(json_real_value(json_object_get(j, "max")) - 100) < TOL);
    assert_int_equal(json_integer_value(json_object_get(j, "missing")), 0);
    assert_true(json_is_null(json_object_get(j, "interpretation")));
    assert_true(json_is_array(json_object_get(j, "subscales")));
    assert_string_equal(
        json_string_value(json_object_get(j, "source")), "QuickDASH");
    json_decref(j);

    assert_int_equal(
        rb_instrument_score(get("nprs"), &v, NULL, 1, &s, NULL), RB_OK);
    j = rb_instrument_score_to_json(&s);
    assert_true(json_is_null(json_object_get(j, "measure")));
    assert_int_equal(json_array_size(json_object_get(j, "measures")), 4);
    k = json_object_get(j, "interpretation");
    assert_string_equal(
        json_string_value(json_object_get(k, "band")), "moderate");
    assert_string_equal(
        json_string_value(json_object_get(k, "source")), "NPRS");
    json_decref(j);

    assert_int_equal(rb_instrument_change(get("odi"), 40, 28, &c, NULL), RB_OK);
    j = rb_instrument_change_to_json(get("odi"), &c);
    assert_true(fabs(json_real_value(json_object_get(j, "change")) + 12) < TOL);
    assert_true(fabs(json_real_value(json_object_get(j, "mcid")) - 10) < TOL);
    assert_true(
        fabs(json_real_value(json_object_get(j, "mcid_pct")) - 30) < TOL);
    assert_string_equal(
        json_string_value(json_object_get(j, "mcid_source")), "NPRS");
    assert_string_equal(
        json_string_value(json_object_get(j, "verdict")), "improved");
    json_decref(j);

    assert_int_equal(
        rb_instrument_change(get("acl_rsi"), 40, 60, &c, NULL), RB_OK);
    j = rb_instrument_change_to_json(get("acl_rsi"), &c);
    assert_true(json_is_null(json_object_get(j, "mcid")));
    assert_string_equal(
        json_string_value(json_object_get(j, "verdict")), "unknown");
    json_decref(j);

    for (size_t i = 0; i < rb_instrument_count(); i++) {
        j = rb_instrument_to_json(rb_instrument_at(i));
        assert_string_equal(json_string_value(json_object_get(j, "id")),
            rb_instrument_at(i)->id);
        assert_int_equal(json_integer_value(json_object_get(j, "items")),
            rb_instrument_at(i)->n_items);
        json_decref(j);
    }
    j = rb_instrument_to_json(get("odi"));
    assert_int_equal(json_array_size(json_object_get(j, "item_names")), 10);
    assert_int_equal(json_array_size(json_object_get(j, "bands")), 5);
    json_decref(j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_complete_and_sourced),
        cmocka_unit_test(test_measures_match_data_ids),
        cmocka_unit_test(test_nprs),
        cmocka_unit_test(test_lefs),
        cmocka_unit_test(test_quickdash_brief_vectors),
        cmocka_unit_test(test_quickdash_range),
        cmocka_unit_test(test_odi),
        cmocka_unit_test(test_odi_bands),
        cmocka_unit_test(test_faam_adl),
        cmocka_unit_test(test_faam_sport),
        cmocka_unit_test(test_tsk11),
        cmocka_unit_test(test_acl_rsi),
        cmocka_unit_test(test_change_lower_is_better),
        cmocka_unit_test(test_change_higher_is_better),
        cmocka_unit_test(test_change_rejects_impossible_scores),
        cmocka_unit_test(test_json),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
