/*
 * test_measures.c -- the assessment formulas of core/measures.h against
 * values worked by hand (and the brief's test vectors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/criteria.h"
#include "core/measures.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)
#define NEAR2(a, b) assert_true(fabs((a) - (b)) < 0.005)

static void
test_1rm_worked_examples(void **state)
{
    struct rb_err err;
    double x;

    (void)state;
    /* Brief 6.6: 100 kg x 5 -> Epley 116.67, Brzycki 112.50. */
    assert_int_equal(rb_1rm_epley(100, 5, &x, &err), RB_OK);
    NEAR2(x, 116.67);
    assert_int_equal(rb_1rm_brzycki(100, 5, &x, &err), RB_OK);
    NEAR2(x, 112.50);
    /* The two agree at 10 reps: 100 * 4/3 = 100 * 36/27. */
    assert_int_equal(rb_1rm_epley(90, 10, &x, &err), RB_OK);
    NEAR(x, 120.0);
    assert_int_equal(rb_1rm_brzycki(90, 10, &x, &err), RB_OK);
    NEAR(x, 120.0);
    /* One rep is the 1RM; Epley is clamped (it would give 103.33). */
    assert_int_equal(rb_1rm_epley(100, 1, &x, &err), RB_OK);
    NEAR(x, 100.0);
    assert_int_equal(rb_1rm_brzycki(100, 1, &x, &err), RB_OK);
    NEAR(x, 100.0);
}

static void
test_1rm_rep_range_limits(void **state)
{
    struct rb_err err;
    double x = -1;

    (void)state;
    assert_int_equal(rb_1rm_epley(100, 11, &x, &err), RB_EINVAL);
    assert_string_equal(err.field, "reps");
    assert_int_equal(rb_1rm_brzycki(100, 11, &x, &err), RB_EINVAL);
    assert_int_equal(rb_1rm_brzycki(100, 37, &x, &err), RB_EINVAL);
    assert_int_equal(rb_1rm_epley(100, 0, &x, &err), RB_EINVAL);
    assert_int_equal(rb_1rm_epley(0, 5, &x, &err), RB_EINVAL);
    assert_string_equal(err.field, "load_kg");
    assert_true(x == -1); /* untouched on error */
}

static void
test_ybt(void **state)
{
    struct rb_err err;
    double x;
    bool flag;

    (void)state;
    /* Brief 3.3: ANT 60, PM 100, PL 95, limb 90 -> 255/270 = 94.44 %. */
    assert_int_equal(rb_ybt_composite(60, 100, 95, 90, &x, &err), RB_OK);
    NEAR2(x, 94.44);
    assert_int_equal(rb_ybt_normalised(60, 90, &x, &err), RB_OK);
    NEAR2(x, 66.67);
    assert_int_equal(rb_ybt_composite(60, 100, 95, 0, &x, &err), RB_EINVAL);
    assert_string_equal(err.field, "limb_length");
    assert_int_equal(rb_ybt_normalised(-1, 90, &x, &err), RB_EINVAL);
    /* Over 4 cm flags; exactly 4 does not. */
    NEAR(rb_ybt_anterior_diff(60, 66, &flag), 6.0);
    assert_true(flag);
    NEAR(rb_ybt_anterior_diff(64, 60, &flag), 4.0);
    assert_false(flag);
}

static void
fill(struct rb_fms_input *in, int score)
{
    memset(in, 0, sizeof(*in));
    for (int t = 0; t < RB_FMS_NTESTS; t++) {
        in->left[t] = in->right[t] = score;
    }
}

static void
test_fms_total_lower_side_and_asymmetries(void **state)
{
    struct rb_fms_input in;
    struct rb_fms_result r;
    struct rb_err err;

    (void)state;
    fill(&in, 2);
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_int_equal(r.total, 14);
    assert_int_equal(r.nasymmetric, 0);
    assert_false(r.pain);
    /* Hurdle step 3/1 counts 1; in-line lunge 3/2 counts 2. */
    in.left[RB_FMS_HURDLE_STEP] = 3;
    in.right[RB_FMS_HURDLE_STEP] = 1;
    in.left[RB_FMS_INLINE_LUNGE] = 3;
    in.left[RB_FMS_DEEP_SQUAT] = 3;
    in.right[RB_FMS_DEEP_SQUAT] = 0; /* one-sided test: right is ignored */
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_int_equal(r.total, 3 + 1 + 2 + 2 + 2 + 2 + 2);
    assert_int_equal(r.nasymmetric, 2);
    assert_true(r.asymmetric[RB_FMS_HURDLE_STEP]);
    assert_true(r.asymmetric[RB_FMS_INLINE_LUNGE]);
    assert_false(r.asymmetric[RB_FMS_DEEP_SQUAT]);
    assert_false(r.pain);
    in.left[RB_FMS_ACTIVE_SLR] = 4;
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_EINVAL);
    assert_string_equal(err.field, "active_slr");
}

static void
test_fms_painful_clearing_scores_zero(void **state)
{
    struct rb_fms_input in;
    struct rb_fms_result r;
    struct rb_err err;

    (void)state;
    fill(&in, 3); /* 21 */
    in.flexion_clear_pain = true;
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_int_equal(r.score[RB_FMS_ROTARY_STABILITY], 0);
    assert_int_equal(r.total, 18);
    assert_true(r.pain);
    fill(&in, 3);
    in.extension_clear_pain = true;
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_int_equal(r.score[RB_FMS_TRUNK_PUSHUP], 0);
    assert_int_equal(r.total, 18);
    /* Shoulder clearing is per side: the painful side scores 0, the test
     * takes the lower side, and the sides now differ. */
    fill(&in, 3);
    in.shoulder_clear_pain_right = true;
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_int_equal(r.score[RB_FMS_SHOULDER_MOBILITY], 0);
    assert_int_equal(r.total, 18);
    assert_true(r.asymmetric[RB_FMS_SHOULDER_MOBILITY]);
    assert_true(r.pain);
    /* A 0 scored for pain during a test also means pain. */
    fill(&in, 3);
    in.left[RB_FMS_HURDLE_STEP] = 0;
    assert_int_equal(rb_fms_score(&in, &r, &err), RB_OK);
    assert_true(r.pain);
    assert_int_equal(r.total, 18);
}

static void
test_timed_hop_lsi_inverts(void **state)
{
    double x;

    (void)state;
    /* Involved 2.5 s, uninvolved 2.0 s: 2.0 / 2.5 = 80 %. */
    assert_true(rb_lsi(2.5, 2.0, true, &x));
    NEAR(x, 80.0);
    /* Distance: 150 / 180 = 83.33 %. */
    assert_true(rb_lsi(150, 180, false, &x));
    NEAR2(x, 83.33);
}

static void
test_bmi_and_blood_pressure(void **state)
{
    struct rb_err err;
    enum rb_bp_category c;
    double x;

    (void)state;
    assert_int_equal(rb_bmi(81, 180, &x, &err), RB_OK); /* 81 / 3.24 */
    NEAR(x, 25.0);
    assert_int_equal(rb_bmi(81, 0, &x, &err), RB_EINVAL);
    assert_int_equal(rb_bp_category(159, 89, &c, &err), RB_OK);
    assert_int_equal(c, RB_BP_BELOW_PARQ);
    assert_int_equal(rb_bp_category(160, 80, &c, &err), RB_OK);
    assert_int_equal(c, RB_BP_PARQ_FOLLOW);
    assert_int_equal(rb_bp_category(120, 90, &c, &err), RB_OK);
    assert_int_equal(c, RB_BP_PARQ_FOLLOW);
    assert_int_equal(rb_bp_category(80, 120, &c, &err), RB_EINVAL);
}

static void
test_dynamometer_and_mmt(void **state)
{
    struct rb_err err;
    double x;

    (void)state;
    NEAR(rb_hhd_kg_to_n(10), 98.0665);
    NEAR(rb_hhd_n_to_kg(98.0665), 10.0);
    assert_int_equal(rb_hhd_torque(200, 0.3, &x, &err), RB_OK);
    NEAR(x, 60.0);
    assert_int_equal(rb_hhd_torque(200, 0, &x, &err), RB_EINVAL);
    assert_int_equal(rb_mmt_check(0, &err), RB_OK);
    assert_int_equal(rb_mmt_check(5, &err), RB_OK);
    assert_int_equal(rb_mmt_check(3.5, &err), RB_EINVAL);
    assert_int_equal(rb_mmt_check(6, &err), RB_EINVAL);
    assert_int_equal(rb_mmt_check(-1, &err), RB_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_1rm_worked_examples),
        cmocka_unit_test(test_1rm_rep_range_limits),
        cmocka_unit_test(test_ybt),
        cmocka_unit_test(test_fms_total_lower_side_and_asymmetries),
        cmocka_unit_test(test_fms_painful_clearing_scores_zero),
        cmocka_unit_test(test_timed_hop_lsi_inverts),
        cmocka_unit_test(test_bmi_and_blood_pressure),
        cmocka_unit_test(test_dynamometer_and_mmt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
