/*
 * measures.c -- the formulas of measures.h.  Sources per formula there.
 */
#include <math.h>

#include "core/measures.h"

static bool
finite_pos(double x)
{
    return isfinite(x) && x > 0.0;
}

/* ---- 1RM [1RM] -------------------------------------------------------------
 */

static enum rb_status
check_set(double load, int reps, struct rb_err *err)
{
    if (!finite_pos(load)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "load_kg",
            "load must be a positive number of kg");
    }
    if (reps < 1 || reps > RB_1RM_MAX_REPS) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "reps",
            "1RM estimates need 1 to %d reps (accuracy degrades beyond %d)",
            RB_1RM_MAX_REPS, RB_1RM_MAX_REPS);
    }
    return RB_OK;
}

enum rb_status
rb_1rm_epley(double load, int reps, double *ret, struct rb_err *err)
{
    enum rb_status st = check_set(load, reps, err);

    if (st != RB_OK) {
        return st;
    }
    /* One rep is the 1RM itself; the formula would add 3 %. */
    *ret = reps == 1 ? load : load * (1.0 + reps / 30.0);
    return RB_OK;
}

enum rb_status
rb_1rm_brzycki(double load, int reps, double *ret, struct rb_err *err)
{
    enum rb_status st = check_set(load, reps, err);

    if (st != RB_OK) {
        return st;
    }
    *ret = load * 36.0 / (37.0 - reps);
    return RB_OK;
}

/* ---- Y-Balance [YBT] -------------------------------------------------------
 */

enum rb_status
rb_ybt_normalised(
    double reach_cm, double limb_cm, double *ret, struct rb_err *err)
{
    if (!finite_pos(limb_cm)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "limb_length",
            "limb length must be a positive number of cm");
    }
    if (!isfinite(reach_cm) || reach_cm < 0.0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "reach",
            "a reach must be zero or more cm");
    }
    *ret = reach_cm / limb_cm * 100.0;
    return RB_OK;
}

enum rb_status
rb_ybt_composite(double ant, double pm, double pl, double limb_cm, double *ret,
    struct rb_err *err)
{
    double sum;
    enum rb_status st = rb_ybt_normalised(ant + pm + pl, limb_cm, &sum, err);

    if (st != RB_OK) {
        return st;
    }
    if (ant < 0 || pm < 0 || pl < 0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "reach",
            "a reach must be zero or more cm");
    }
    *ret = sum / 3.0;
    return RB_OK;
}

double
rb_ybt_anterior_diff(double left_cm, double right_cm, bool *ret_flag)
{
    double d = fabs(right_cm - left_cm);

    if (ret_flag != NULL) {
        *ret_flag = d > RB_YBT_ANT_DIFF_CM;
    }
    return d;
}

/* ---- FMS [FMS] -------------------------------------------------------------
 */

static const char *const fms_names[RB_FMS_NTESTS] = {"deep_squat",
    "hurdle_step", "inline_lunge", "shoulder_mobility", "active_slr",
    "trunk_pushup", "rotary_stability"};

const char *
rb_fms_test_name(enum rb_fms_test t)
{
    return (unsigned)t < RB_FMS_NTESTS ? fms_names[t] : "?";
}

bool
rb_fms_bilateral(enum rb_fms_test t)
{
    return t != RB_FMS_DEEP_SQUAT && t != RB_FMS_TRUNK_PUSHUP;
}

enum rb_status
rb_fms_score(const struct rb_fms_input *in, struct rb_fms_result *ret,
    struct rb_err *err)
{
    *ret = (struct rb_fms_result){0};
    for (int t = 0; t < RB_FMS_NTESTS; t++) {
        int l = in->left[t], r = rb_fms_bilateral(t) ? in->right[t] : l;

        if (l < 0 || l > 3 || r < 0 || r > 3) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", fms_names[t],
                "FMS scores are 0 to 3");
        }
        /* A painful clearing test scores its test 0 (and refers). */
        if (t == RB_FMS_SHOULDER_MOBILITY) {
            l = in->shoulder_clear_pain_left ? 0 : l;
            r = in->shoulder_clear_pain_right ? 0 : r;
        }
        if (t == RB_FMS_TRUNK_PUSHUP && in->extension_clear_pain) {
            l = r = 0;
        }
        if (t == RB_FMS_ROTARY_STABILITY && in->flexion_clear_pain) {
            l = r = 0;
        }
        ret->score[t] = l < r ? l : r;
        ret->total += ret->score[t];
        ret->pain = ret->pain || l == 0 || r == 0;
        if (rb_fms_bilateral(t) && l != r) {
            ret->asymmetric[t] = true;
            ret->nasymmetric++;
        }
    }
    return RB_OK;
}

/* ---- body size, blood pressure --------------------------------------------
 */

enum rb_status
rb_bmi(double mass_kg, double height_cm, double *ret, struct rb_err *err)
{
    double m = height_cm / 100.0;

    if (!finite_pos(mass_kg)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "weight_kg",
            "body mass must be a positive number of kg");
    }
    if (!finite_pos(height_cm)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "height_cm",
            "height must be a positive number of cm");
    }
    *ret = mass_kg / (m * m);
    return RB_OK;
}

enum rb_status
rb_bp_category(double systolic, double diastolic, enum rb_bp_category *ret,
    struct rb_err *err)
{
    if (!finite_pos(systolic) || !finite_pos(diastolic) ||
        diastolic >= systolic) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "systolic",
            "blood pressure needs systolic above diastolic, both positive");
    }
    *ret = systolic >= RB_BP_PARQ_SYSTOLIC || diastolic >= RB_BP_PARQ_DIASTOLIC
               ? RB_BP_PARQ_FOLLOW
               : RB_BP_BELOW_PARQ;
    return RB_OK;
}

const char *
rb_bp_category_name(enum rb_bp_category c)
{
    return c == RB_BP_PARQ_FOLLOW ? "parq_follow_up" : "below_parq_threshold";
}

/* ---- dynamometry, MMT ------------------------------------------------------
 */

double
rb_hhd_kg_to_n(double kg)
{
    return kg * RB_STANDARD_GRAVITY;
}

double
rb_hhd_n_to_kg(double n)
{
    return n / RB_STANDARD_GRAVITY;
}

enum rb_status
rb_hhd_torque(double force_n, double lever_m, double *ret, struct rb_err *err)
{
    if (!isfinite(force_n) || force_n < 0.0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "force",
            "force must be zero or more N");
    }
    if (!finite_pos(lever_m) || lever_m > 2.0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "lever_m",
            "lever arm must be between 0 and 2 m");
    }
    *ret = force_n * lever_m;
    return RB_OK;
}

enum rb_status
rb_mmt_check(double grade, struct rb_err *err)
{
    if (!isfinite(grade) || grade < 0.0 || grade > 5.0 ||
        grade != floor(grade)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "grade",
            "manual muscle test grades are whole numbers 0 to 5");
    }
    return RB_OK;
}
