/*
 * measures.h -- formulas that turn raw test results into measures: 1RM
 * estimates, Y-Balance reaches, the Functional Movement Screen total, BMI,
 * the PAR-Q+ blood-pressure threshold, dynamometer units, manual muscle
 * test grades.
 *
 * Pure functions.  Each names the source key (data/sources.json) of its
 * formula or threshold; docs/assessment.md lists them.  Out-of-range input
 * is an error (RB_EINVAL with a reason), never a silently wrong number.
 */
#ifndef RB_CORE_MEASURES_H
#define RB_CORE_MEASURES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* ---- 1RM estimation [1RM] ------------------------------------------------ */

/* Rep counts the estimates accept: 1..10 (accuracy degrades beyond 10). */
#define RB_1RM_MAX_REPS 10

/* Epley: w * (1 + r/30); r = 1 gives w itself (brief 6.6: clamp). */
enum rb_status rb_1rm_epley(
    double load, int reps, double *ret, struct rb_err *err);
/* Brzycki: w * 36 / (37 - r). */
enum rb_status rb_1rm_brzycki(
    double load, int reps, double *ret, struct rb_err *err);

/* ---- Y-Balance Test, lower quarter [YBT] --------------------------------- */

/* A direction's reach as % of limb length. */
enum rb_status rb_ybt_normalised(
    double reach_cm, double limb_cm, double *ret, struct rb_err *err);
/* (ANT + PM + PL) / (3 * limb length) * 100. */
enum rb_status rb_ybt_composite(double ant, double pm, double pl,
    double limb_cm, double *ret, struct rb_err *err);
/* Anterior reach right-left difference above this many cm flags higher
 * injury risk (Plisky 2006). */
#define RB_YBT_ANT_DIFF_CM 4.0
/* |right - left| anterior reach, and whether it is over the threshold. */
double rb_ybt_anterior_diff(double left_cm, double right_cm, bool *ret_flag);

/* ---- Functional Movement Screen [FMS] ------------------------------------ */

enum rb_fms_test {
    RB_FMS_DEEP_SQUAT,
    RB_FMS_HURDLE_STEP,       /* bilateral */
    RB_FMS_INLINE_LUNGE,      /* bilateral */
    RB_FMS_SHOULDER_MOBILITY, /* bilateral; shoulder clearing test */
    RB_FMS_ACTIVE_SLR,        /* bilateral */
    RB_FMS_TRUNK_PUSHUP,      /* spinal extension clearing test */
    RB_FMS_ROTARY_STABILITY,  /* bilateral; spinal flexion clearing test */
    RB_FMS_NTESTS
};

const char *rb_fms_test_name(enum rb_fms_test t); /* "deep_squat", ... */
bool rb_fms_bilateral(enum rb_fms_test t);

struct rb_fms_input {
    /* Scores 0..3.  For one-sided tests only 'left' is read. */
    int left[RB_FMS_NTESTS], right[RB_FMS_NTESTS];
    /* Pain in a clearing test scores its test 0 (on that side for the
     * shoulder). */
    bool shoulder_clear_pain_left, shoulder_clear_pain_right;
    bool extension_clear_pain, flexion_clear_pain;
};

struct rb_fms_result {
    int score[RB_FMS_NTESTS]; /* the lower side for bilateral tests */
    int total;                /* 0..21 */
    bool asymmetric[RB_FMS_NTESTS];
    size_t nasymmetric;
    bool pain; /* any 0 from pain or a painful clearing test: refer */
};

/* The cut-off at or below which the total is called "screen positive";
 * the evidence for it as an injury predictor is weak (see the brief). */
#define RB_FMS_SCREEN_CUTOFF 14

enum rb_status rb_fms_score(const struct rb_fms_input *in,
    struct rb_fms_result *ret, struct rb_err *err);

/* ---- body size and blood pressure ---------------------------------------- */

/* Body mass index, kg / m^2 (a definition; no category cut-offs carried). */
enum rb_status rb_bmi(
    double mass_kg, double height_cm, double *ret, struct rb_err *err);

/* PAR-Q+ follow-up: resting BP >= 160/90 mmHg answers the high blood
 * pressure question YES [PARQ-followup]. */
#define RB_BP_PARQ_SYSTOLIC 160.0
#define RB_BP_PARQ_DIASTOLIC 90.0

enum rb_bp_category {
    RB_BP_BELOW_PARQ,  /* under 160/90 */
    RB_BP_PARQ_FOLLOW, /* >= 160 systolic or >= 90 diastolic */
};

enum rb_status rb_bp_category(double systolic, double diastolic,
    enum rb_bp_category *ret, struct rb_err *err);
const char *rb_bp_category_name(enum rb_bp_category c);

/* ---- hand-held dynamometry and manual muscle testing --------------------- */

/* Standard gravity, m/s^2 (kgf <-> N). */
#define RB_STANDARD_GRAVITY 9.80665

double rb_hhd_kg_to_n(double kg);
double rb_hhd_n_to_kg(double n);
/* Torque (N m) = force (N) x lever arm (m, dynamometer pad to joint axis). */
enum rb_status rb_hhd_torque(
    double force_n, double lever_m, double *ret, struct rb_err *err);

/* Manual muscle test grade: whole grades 0..5. */
enum rb_status rb_mmt_check(double grade, struct rb_err *err);

#endif /* RB_CORE_MEASURES_H */
