/*
 * test_screening.c -- pre-participation screening: the ACSM 2015 table
 * exhaustively, every PAR-Q+ decision row, every red flag alone, how the
 * three combine (worst outcome wins), and every kind of bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/screening.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Healthy 30-year-old regular exerciser wanting moderate work: all no. */
static void
base(struct rb_screen_input *in)
{
    memset(in, 0, sizeof(*in));
    in->age = 30;
    in->pregnant = RB_ANSWER_NO;
    in->temporary_illness = RB_ANSWER_NO;
    for (size_t i = 0; i < RB_PARQ_NGENERAL; i++) {
        in->parq.general[i] = RB_ANSWER_NO;
    }
    in->acsm.regular_exercise = RB_ANSWER_YES;
    in->acsm.desired = RB_INTENSITY_MODERATE;
}

/* Answer page 1 item 'g' (1..7) yes and every follow-up gate no. */
static void
yes_then_gates_no(struct rb_screen_input *in, int g)
{
    in->parq.general[g - 1] = RB_ANSWER_YES;
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        in->parq.followup[c].gate = RB_ANSWER_NO;
    }
}

/* Gate of 'c' yes, every sub-question no. */
static void
gate_yes(struct rb_screen_input *in, enum rb_parq_category c)
{
    in->parq.followup[c].gate = RB_ANSWER_YES;
    for (size_t s = 0; s < rb_parq_categories[c].nsub; s++) {
        in->parq.followup[c].sub[s] = RB_ANSWER_NO;
    }
}

static void
flag(struct rb_screen_input *in, const char *id)
{
    in->red_flags[in->n_red_flags++] = id;
}

static int
find_rule(const struct rb_screen_result *r, const char *rule)
{
    for (size_t i = 0; i < r->n_reasons; i++) {
        if (strcmp(r->reasons[i].rule, rule) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static bool
has_block(const struct rb_screen_result *r, const char *block)
{
    for (size_t i = 0; i < r->n_blocks; i++) {
        if (strcmp(r->blocks[i], block) == 0) {
            return true;
        }
    }
    return false;
}

static void
eval_ok(const struct rb_screen_input *in, struct rb_screen_result *r)
{
    struct rb_err err = {0};
    enum rb_status st = rb_screen_eval(in, r, &err);

    if (st != RB_OK) {
        fail_msg("unexpected error: field %s: %s", err.field, err.msg);
    }
}

/* Expect RB_EINVAL naming 'field' with 'code'; the result stays as it was. */
static void
eval_fails(
    const struct rb_screen_input *in, const char *field, const char *code)
{
    struct rb_screen_result r;
    struct rb_err err = {0};

    r.n_reasons = 999;
    r.outcome = RB_SCREEN_REFER;
    assert_int_equal(rb_screen_eval(in, &r, &err), RB_EINVAL);
    assert_string_equal(err.field, field);
    assert_string_equal(rb_err_code(&err), code);
    assert_true(err.msg[0] != '\0');
    assert_int_equal(r.n_reasons, 999); /* untouched on failure */
    assert_int_equal(r.outcome, RB_SCREEN_REFER);
}

/* ------------------------------------------------------------------ */
/* ACSM 2015                                                           */

static const char *const cardiovascular[] = {"cardiovascular"};
static const char *const palpitations[] = {"palpitations"};

static const struct {
    bool regular, disease, symptoms;
    enum rb_intensity desired;
    enum rb_acsm_clearance clearance;
    enum rb_intensity ceiling;
    const char *rule;
    enum rb_screen_outcome outcome;
    const char *block; /* or NULL */
} acsm_table[] = {
#define L RB_INTENSITY_LIGHT
#define M RB_INTENSITY_MODERATE
#define V RB_INTENSITY_VIGOROUS
#define N RB_INTENSITY_NONE
#define OK RB_ACSM_NOT_NEEDED
#define REC RB_ACSM_RECOMMENDED
#define STOP RB_ACSM_STOP_AND_REFER
#define CL RB_SCREEN_CLEARED
#define CR RB_SCREEN_CLEARANCE_RECOMMENDED
#define RF RB_SCREEN_REFER
    /* Not a regular exerciser. */
    {0, 0, 0, L, OK, M, "acsm.not_regular.healthy", CL, NULL},
    {0, 0, 0, M, OK, M, "acsm.not_regular.healthy", CL, NULL},
    {0, 0, 0, V, OK, M, "acsm.not_regular.healthy", CL, NULL},
    {0, 1, 0, L, REC, N, "acsm.not_regular.disease", CR, "all_training"},
    {0, 1, 0, M, REC, N, "acsm.not_regular.disease", CR, "all_training"},
    {0, 1, 0, V, REC, N, "acsm.not_regular.disease", CR, "all_training"},
    {0, 0, 1, L, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    {0, 0, 1, M, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    {0, 0, 1, V, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    {0, 1, 1, L, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    {0, 1, 1, M, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    {0, 1, 1, V, REC, N, "acsm.not_regular.symptoms", CR, "all_training"},
    /* Regular exerciser. */
    {1, 0, 0, L, OK, V, "acsm.regular.healthy", CL, NULL},
    {1, 0, 0, M, OK, V, "acsm.regular.healthy", CL, NULL},
    {1, 0, 0, V, OK, V, "acsm.regular.healthy", CL, NULL},
    {1, 1, 0, L, OK, M, "acsm.regular.disease", CL, "vigorous_intensity"},
    {1, 1, 0, M, OK, M, "acsm.regular.disease", CL, "vigorous_intensity"},
    {1, 1, 0, V, REC, M, "acsm.regular.disease.vigorous", CR,
        "vigorous_intensity"},
    {1, 0, 1, L, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
    {1, 0, 1, M, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
    {1, 0, 1, V, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
    {1, 1, 1, L, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
    {1, 1, 1, M, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
    {1, 1, 1, V, STOP, N, "acsm.regular.symptoms", RF, "all_training"},
#undef L
#undef M
#undef V
#undef N
#undef OK
#undef REC
#undef STOP
#undef CL
#undef CR
#undef RF
};

static void
test_acsm_truth_table_covers_all_24_cases(void **state)
{
    (void)state;
    assert_int_equal(NELEM(acsm_table), 2 * 2 * 2 * 3);
    for (size_t i = 0; i < NELEM(acsm_table); i++) {
        struct rb_acsm_decision d;

        assert_int_equal(
            rb_acsm_decide(acsm_table[i].regular, acsm_table[i].disease,
                acsm_table[i].symptoms, acsm_table[i].desired, &d, NULL),
            RB_OK);
        assert_int_equal(d.clearance, acsm_table[i].clearance);
        assert_int_equal(d.ceiling, acsm_table[i].ceiling);
        assert_string_equal(d.rule, acsm_table[i].rule);
        assert_non_null(d.message);
    }
}

static void
test_acsm_table_through_the_combined_screen(void **state)
{
    (void)state;
    for (size_t i = 0; i < NELEM(acsm_table); i++) {
        struct rb_screen_input in;
        struct rb_screen_result r;
        int k;

        base(&in);
        in.acsm.regular_exercise =
            acsm_table[i].regular ? RB_ANSWER_YES : RB_ANSWER_NO;
        if (acsm_table[i].disease) {
            in.acsm.known_disease[0] = cardiovascular[0];
            in.acsm.n_known_disease = 1;
        }
        if (acsm_table[i].symptoms) {
            in.acsm.symptoms[0] = palpitations[0];
            in.acsm.n_symptoms = 1;
        }
        in.acsm.desired = acsm_table[i].desired;
        eval_ok(&in, &r);
        assert_int_equal(r.outcome, acsm_table[i].outcome);
        k = find_rule(&r, acsm_table[i].rule);
        assert_true(k >= 0);
        assert_string_equal(r.reasons[k].source, "ACSM-2015");
        assert_int_equal(r.reasons[k].outcome, acsm_table[i].outcome);
        /* PAR-Q+ all no allows vigorous, so the ACSM ceiling shows. */
        assert_int_equal(r.intensity_ceiling, acsm_table[i].ceiling);
        if (acsm_table[i].block != NULL) {
            assert_true(has_block(&r, acsm_table[i].block));
            assert_int_equal(r.n_blocks, 1);
        } else {
            assert_int_equal(r.n_blocks, 0);
        }
        assert_int_equal(r.urgency, acsm_table[i].outcome == RB_SCREEN_REFER
                                        ? RB_URGENCY_URGENT
                                        : RB_URGENCY_NONE);
    }
}

static void
test_acsm_decide_refuses_a_missing_intensity_and_keeps_output(void **state)
{
    struct rb_acsm_decision d = {.rule = "untouched"};
    struct rb_err err = {0};

    (void)state;
    assert_int_equal(
        rb_acsm_decide(true, false, false, RB_INTENSITY_NONE, &d, &err),
        RB_EINVAL);
    assert_string_equal(err.field, "acsm.desired_intensity");
    assert_string_equal(d.rule, "untouched");
}

/* ------------------------------------------------------------------ */
/* PAR-Q+                                                              */

static void
test_parq_all_no_is_cleared(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;
    int k;

    (void)state;
    base(&in);
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARED);
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_VIGOROUS);
    assert_int_equal(r.n_blocks, 0);
    assert_int_equal(r.urgency, RB_URGENCY_NONE);
    k = find_rule(&r, "parq.all_no");
    assert_true(k >= 0);
    assert_string_equal(r.reasons[k].source, "PARQ-form");
    assert_int_equal(find_rule(&r, "parq.age_over_45"), -1);
}

static void
test_parq_over_45_not_used_to_vigorous_waits_for_a_professional(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;
    int k;

    (void)state;
    base(&in);
    in.age = 46;
    in.parq.used_to_vigorous = RB_ANSWER_NO;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARED); /* wants moderate */
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_MODERATE);
    assert_true(has_block(&r, "vigorous_intensity"));
    k = find_rule(&r, "parq.age_over_45");
    assert_true(k >= 0);
    assert_string_equal(r.reasons[k].source, "PARQ-form");

    in.acsm.desired = RB_INTENSITY_VIGOROUS;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
    assert_string_equal(r.reasons[0].rule, "parq.age_over_45");
}

static void
test_parq_over_45_used_to_vigorous_or_exactly_45_is_cleared(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;

    (void)state;
    base(&in);
    in.age = 46;
    in.parq.used_to_vigorous = RB_ANSWER_YES;
    in.acsm.desired = RB_INTENSITY_VIGOROUS;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARED);
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_VIGOROUS);
    assert_int_equal(find_rule(&r, "parq.age_over_45"), -1);

    /* "Over 45": 45 itself is not asked (rb_screen_thresholds says >). */
    base(&in);
    in.age = 45;
    eval_ok(&in, &r);
    assert_int_equal(find_rule(&r, "parq.age_over_45"), -1);
    assert_int_equal(rb_screen_thresholds[RB_TH_PARQ_AGE_VIGOROUS].value, 45);
}

static void
test_parq_any_yes_with_every_followup_no_is_ready(void **state)
{
    (void)state;
    for (int g = 1; g <= RB_PARQ_NGENERAL; g++) {
        struct rb_screen_input in;
        struct rb_screen_result r;
        int k;

        base(&in);
        yes_then_gates_no(&in, g);
        gate_yes(&in, RB_PARQ_ARTHRITIS); /* condition, no follow-up yes */
        if (g == 2) {
            in.acsm.symptoms[in.acsm.n_symptoms++] = "ischaemic_pain";
        }
        if (g == 3) {
            in.acsm.symptoms[in.acsm.n_symptoms++] = "dizziness_syncope";
        }
        if (g == 2 || g == 3) {
            in.acsm.regular_exercise = RB_ANSWER_NO; /* not a stop */
        }
        eval_ok(&in, &r);
        k = find_rule(&r, "parq.followups_all_no");
        assert_true(k >= 0);
        assert_int_equal(r.reasons[k].outcome, RB_SCREEN_CLEARED);
        assert_string_equal(r.reasons[k].source, "PARQ-flow");
        assert_int_equal(find_rule(&r, "parq.all_no"), -1);
        if (g == 7) {
            /* A doctor's "supervised only" is never cleared here. */
            assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
            assert_string_equal(r.reasons[0].rule, "parq.g7");
            assert_true(has_block(&r, "all_training"));
        } else if (g == 2 || g == 3) {
            /* The ACSM sign they imply needs clearance. */
            assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
            assert_string_equal(r.reasons[0].rule, "acsm.not_regular.symptoms");
        } else {
            assert_int_equal(r.outcome, RB_SCREEN_CLEARED);
            /* Start at low to moderate intensity. */
            assert_int_equal(r.intensity_ceiling, RB_INTENSITY_MODERATE);
            assert_int_equal(r.n_blocks, 0);
        }
    }
}

static void
test_every_followup_yes_alone_recommends_clearance(void **state)
{
    size_t tried = 0;

    (void)state;
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        for (size_t s = 0; s < rb_parq_categories[c].nsub; s++) {
            const struct rb_parq_question *q = &rb_parq_categories[c].sub[s];
            struct rb_screen_input in;
            struct rb_screen_result r;
            int k;

            base(&in);
            yes_then_gates_no(&in, 4);
            gate_yes(&in, c);
            in.parq.followup[c].sub[s] = RB_ANSWER_YES;
            if (c == RB_PARQ_OTHER && strcmp(q->id, "concussion") == 0) {
                flag(&in, "concussion.recent"); /* the same fact */
            }
            eval_ok(&in, &r);
            k = find_rule(&r, q->rule);
            assert_true(k >= 0);
            assert_int_equal(
                r.reasons[k].outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
            assert_string_equal(r.reasons[k].source, "PARQ-followup");
            assert_non_null(strstr(r.reasons[k].message, "ePARmed-X+"));
            assert_int_equal(find_rule(&r, "parq.followups_all_no"), -1);
            assert_true(has_block(&r, "all_training"));
            assert_int_equal(r.intensity_ceiling, RB_INTENSITY_NONE);
            if (in.n_red_flags > 0) {
                assert_int_equal(r.outcome, RB_SCREEN_REFER);
                assert_string_equal(
                    r.reasons[0].rule, "redflag.concussion.recent");
            } else {
                assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
                assert_string_equal(r.reasons[0].rule, q->rule);
            }
            tried++;
        }
    }
    assert_int_equal(tried, 27);
}

static void
test_parq_pregnancy_and_temporary_illness_come_first(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;
    int k;

    (void)state;
    base(&in);
    in.pregnant = RB_ANSWER_YES;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
    k = find_rule(&r, "parq.pregnant");
    assert_int_equal(k, 0);
    assert_non_null(strstr(r.reasons[k].message, "health-care practitioner"));
    assert_string_equal(r.reasons[k].source, "PARQ-flow");

    base(&in);
    in.temporary_illness = RB_ANSWER_YES;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
    assert_int_equal(find_rule(&r, "parq.temporary_illness"), 0);
    assert_true(has_block(&r, "all_training"));
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_NONE);
}

/* ------------------------------------------------------------------ */
/* Red flags                                                           */

static void
test_every_red_flag_alone_refers_with_its_rule_and_block(void **state)
{
    size_t tried = 0;

    (void)state;
    for (size_t i = 0; i < rb_red_flag_count; i++) {
        const struct rb_red_flag *f = &rb_red_flags[i];
        struct rb_screen_input in;
        struct rb_screen_result r;

        if (f->condition) {
            continue;
        }
        base(&in);
        if (f->needs != NULL) {
            flag(&in, f->needs); /* the rule's own entry condition */
        }
        if (f->derived) {
            in.age = 70;
            in.parq.used_to_vigorous = RB_ANSWER_YES;
        } else {
            flag(&in, f->id);
        }
        eval_ok(&in, &r);
        assert_int_equal(r.outcome, RB_SCREEN_REFER);
        assert_string_equal(r.reasons[0].rule, f->rule);
        assert_int_equal(r.reasons[0].outcome, RB_SCREEN_REFER);
        assert_string_equal(r.reasons[0].source, f->source);
        assert_int_equal(r.urgency, f->urgency);
        assert_int_equal(r.n_blocks, 1);
        assert_string_equal(r.blocks[0], f->block);
        assert_int_equal(r.intensity_ceiling, f->blocks == RB_BLOCK_ALL_TRAINING
                                                  ? RB_INTENSITY_NONE
                                                  : RB_INTENSITY_VIGOROUS);
        tried++;
    }
    assert_true(tried >= 30);
}

static void
test_ottawa_rules_need_their_condition_and_a_finding(void **state)
{
    static const struct {
        const char *flags[2];
        int age;
        const char *rule;
        enum rb_screen_outcome outcome;
    } cases[] = {
        {{"ottawa_ankle.malleolar_pain"}, 30, "redflag.ottawa_ankle.not_met",
            RB_SCREEN_CLEARED},
        {{"ottawa_ankle.lateral_malleolus"}, 30, "redflag.ottawa_ankle.not_met",
            RB_SCREEN_CLEARED},
        {{"ottawa_ankle.malleolar_pain", "ottawa_ankle.weight_bearing"}, 30,
            "redflag.ottawa_ankle.weight_bearing", RB_SCREEN_REFER},
        /* A foot finding does not complete the ankle rule. */
        {{"ottawa_ankle.malleolar_pain", "ottawa_foot.navicular"}, 30,
            "redflag.ottawa_ankle.not_met", RB_SCREEN_CLEARED},
        {{"ottawa_foot.midfoot_pain"}, 30, "redflag.ottawa_foot.not_met",
            RB_SCREEN_CLEARED},
        {{"ottawa_foot.fifth_metatarsal"}, 30, "redflag.ottawa_foot.not_met",
            RB_SCREEN_CLEARED},
        {{"ottawa_knee.injury"}, 54, "redflag.ottawa_knee.not_met",
            RB_SCREEN_CLEARED},
        {{"ottawa_knee.injury"}, 55, "redflag.ottawa_knee.age_55",
            RB_SCREEN_REFER},
        {{"ottawa_knee.patella"}, 30, "redflag.ottawa_knee.not_met",
            RB_SCREEN_CLEARED},
    };

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        struct rb_screen_input in;
        struct rb_screen_result r;
        int k;

        base(&in);
        in.age = cases[i].age;
        in.parq.used_to_vigorous = RB_ANSWER_YES;
        for (size_t j = 0; j < 2 && cases[i].flags[j] != NULL; j++) {
            flag(&in, cases[i].flags[j]);
        }
        eval_ok(&in, &r);
        assert_int_equal(r.outcome, cases[i].outcome);
        k = find_rule(&r, cases[i].rule);
        assert_true(k >= 0);
        assert_int_equal(r.reasons[k].outcome, cases[i].outcome);
        if (cases[i].outcome == RB_SCREEN_CLEARED) {
            assert_int_equal(r.n_blocks, 0);
            assert_non_null(strstr(r.reasons[k].message, "not met"));
        }
    }
}

static void
test_age_55_alone_without_a_knee_injury_says_nothing(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;

    (void)state;
    base(&in);
    in.age = 70;
    in.parq.used_to_vigorous = RB_ANSWER_YES;
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARED);
    assert_int_equal(find_rule(&r, "redflag.ottawa_knee.not_met"), -1);
    assert_int_equal(find_rule(&r, "redflag.ottawa_knee.age_55"), -1);
}

static bool
known_source(const char *key)
{
    /* Keys present in data/sources.json that screening may cite. */
    static const char *const keys[] = {"PARQ-form", "PARQ-flow",
        "PARQ-followup", "ACSM-2015", "ACSM-defs", "Ottawa", "OttawaKnee",
        "CES", "LBP-RF", "Postnatal"};

    for (size_t i = 0; i < NELEM(keys); i++) {
        if (key != NULL && strcmp(keys[i], key) == 0) {
            return true;
        }
    }
    return false;
}

static void
test_tables_are_well_formed_and_sourced(void **state)
{
    static const char *const clusters[] = {"cardiac", "ces", "spinal",
        "ottawa_ankle", "ottawa_foot", "ottawa_knee", "concussion",
        "postnatal"};
    char rule[96];

    (void)state;
    for (size_t i = 0; i < rb_red_flag_count; i++) {
        const struct rb_red_flag *f = &rb_red_flags[i];

        snprintf(rule, sizeof(rule), "redflag.%s", f->id);
        assert_string_equal(f->rule, rule);
        assert_true(strncmp(f->id, f->cluster, strlen(f->cluster)) == 0);
        assert_true(known_source(f->source));
        assert_non_null(f->question);
        assert_non_null(f->message);
        assert_ptr_equal(rb_red_flag_find(f->id), f); /* ids are unique */
        if (f->condition) {
            assert_int_equal(f->blocks, RB_BLOCK_NONE);
            assert_null(f->block);
            assert_int_equal(f->urgency, RB_URGENCY_NONE);
            continue;
        }
        assert_true(f->urgency != RB_URGENCY_NONE);
        switch (f->blocks) {
        case RB_BLOCK_ALL_TRAINING:
            assert_string_equal(f->block, "all_training");
            break;
        case RB_BLOCK_REGION:
            assert_true(strncmp(f->block, "region:", 7) == 0);
            break;
        case RB_BLOCK_IMPACT:
            assert_string_equal(f->block, "impact");
            break;
        case RB_BLOCK_NONE:
            fail_msg("%s blocks nothing", f->id);
        }
        if (f->needs != NULL) {
            assert_true(rb_red_flag_find(f->needs)->condition);
        }
        if (strcmp(f->cluster, "ces") == 0) {
            assert_int_equal(f->urgency, RB_URGENCY_EMERGENCY);
            assert_int_equal(f->blocks, RB_BLOCK_ALL_TRAINING);
        }
    }
    for (size_t c = 0; c < NELEM(clusters); c++) {
        bool seen = false;

        for (size_t i = 0; i < rb_red_flag_count; i++) {
            seen = seen || strcmp(rb_red_flags[i].cluster, clusters[c]) == 0;
        }
        assert_true(seen);
    }
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        const struct rb_parq_category_def *d = &rb_parq_categories[c];

        assert_true(d->nsub >= 1 && d->nsub <= RB_PARQ_MAX_SUB);
        assert_true(known_source(d->source));
        for (size_t s = 0; s < d->nsub; s++) {
            snprintf(
                rule, sizeof(rule), "parq.followup.%s.%s", d->id, d->sub[s].id);
            assert_string_equal(d->sub[s].rule, rule);
        }
    }
    for (size_t i = 0; i < RB_PARQ_NGENERAL; i++) {
        snprintf(rule, sizeof(rule), "parq.g%zu", i + 1);
        assert_string_equal(rb_parq_general[i].rule, rule);
    }
    for (size_t i = 0; i < rb_acsm_disease_count; i++) {
        assert_true(known_source(rb_acsm_diseases[i].source));
    }
    for (size_t i = 0; i < rb_acsm_symptom_count; i++) {
        assert_true(known_source(rb_acsm_symptoms[i].source));
    }
    for (size_t i = 0; i < RB__TH_MAX; i++) {
        assert_true(known_source(rb_screen_thresholds[i].source));
    }
    assert_int_equal(rb_screen_thresholds[RB_TH_PARQ_VALID_MONTHS].value, 12);
    assert_int_equal(rb_screen_thresholds[RB_TH_OTTAWA_KNEE_AGE].value, 55);
    assert_string_equal(
        rb_screen_thresholds[RB_TH_OTTAWA_KNEE_AGE].comparator, ">=");
}

/* ------------------------------------------------------------------ */
/* Combination                                                         */

static void
test_worst_outcome_wins_and_comes_first(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;

    (void)state;
    /* follow-up yes (clearance) + postnatal flag (refer, routine) */
    base(&in);
    yes_then_gates_no(&in, 1);
    gate_yes(&in, RB_PARQ_HEART);
    in.parq.followup[RB_PARQ_HEART].sub[1] = RB_ANSWER_YES;
    flag(&in, "postnatal.leakage");
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_REFER);
    assert_int_equal(r.urgency, RB_URGENCY_ROUTINE);
    assert_string_equal(r.reasons[0].rule, "redflag.postnatal.leakage");
    assert_string_equal(
        r.reasons[1].rule, "parq.followup.heart.irregular_beat");
    assert_int_equal(r.reasons[1].outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
    assert_string_equal(
        r.reasons[r.n_reasons - 1].rule, "acsm.regular.healthy");
    assert_int_equal(r.n_blocks, 2);
    assert_string_equal(r.blocks[0], "impact");
    assert_string_equal(r.blocks[1], "all_training");
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_NONE);

    /* Most urgent referral wins; blocks are listed once. */
    flag(&in, "ces.saddle_anaesthesia");
    flag(&in, "ces.urinary_retention");
    eval_ok(&in, &r);
    assert_int_equal(r.urgency, RB_URGENCY_EMERGENCY);
    assert_string_equal(r.reasons[0].rule, "redflag.ces.saddle_anaesthesia");
    assert_string_equal(r.reasons[1].rule, "redflag.ces.urinary_retention");
    assert_int_equal(r.n_blocks, 2);
    assert_string_equal(r.blocks[0], "all_training");
    assert_string_equal(r.blocks[1], "impact");

    /* ACSM stop-and-refer outranks a routine referral's urgency. */
    base(&in);
    in.acsm.symptoms[in.acsm.n_symptoms++] = "claudication";
    flag(&in, "postnatal.heaviness");
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_REFER);
    assert_int_equal(r.urgency, RB_URGENCY_URGENT);
}

static void
test_ceilings_combine_to_the_lowest(void **state)
{
    struct rb_screen_input in;
    struct rb_screen_result r;

    (void)state;
    /* PAR-Q+ follow-ups all no (start moderate) + ACSM regular healthy
     * (vigorous) + a region block (does not lower the ceiling). */
    base(&in);
    yes_then_gates_no(&in, 6);
    flag(&in, "spinal.thoracic_pain");
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_REFER);
    assert_int_equal(r.intensity_ceiling, RB_INTENSITY_MODERATE);
    assert_int_equal(r.n_blocks, 1);
    assert_string_equal(r.blocks[0], "region:spine");
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

static void
test_missing_answers_are_errors_naming_the_field(void **state)
{
    struct rb_screen_input in;

    (void)state;
    memset(&in, 0, sizeof(in));
    eval_fails(&in, "pregnant", "missing_field");
    in.pregnant = RB_ANSWER_NO;
    eval_fails(&in, "temporary_illness", "missing_field");

    base(&in);
    in.parq.general[4] = RB_ANSWER_UNANSWERED;
    eval_fails(&in, "parq.g5", "missing_field");

    base(&in);
    in.parq.general[0] = RB_ANSWER_YES; /* follow-ups now required */
    eval_fails(&in, "parq.followups.arthritis.has_condition", "missing_field");
    yes_then_gates_no(&in, 1);
    in.parq.followup[RB_PARQ_HEART].gate = RB_ANSWER_YES;
    eval_fails(&in, "parq.followups.heart.hard_to_control", "missing_field");
    gate_yes(&in, RB_PARQ_HEART);
    in.parq.followup[RB_PARQ_HEART].sub[3] = RB_ANSWER_UNANSWERED;
    eval_fails(&in, "parq.followups.heart.inactive_cad", "missing_field");

    base(&in);
    in.age = 60;
    eval_fails(&in, "parq.used_to_vigorous", "missing_field");

    base(&in);
    in.acsm.regular_exercise = RB_ANSWER_UNANSWERED;
    eval_fails(&in, "acsm.regular_exercise", "missing_field");
    base(&in);
    in.acsm.desired = RB_INTENSITY_NONE;
    eval_fails(&in, "acsm.desired_intensity", "missing_field");

    base(&in);
    in.age = 121;
    eval_fails(&in, "age", "out_of_range");
    in.age = -1;
    eval_fails(&in, "age", "out_of_range");
    base(&in);
    in.pregnant = (enum rb_answer)7;
    eval_fails(&in, "pregnant", "out_of_range");
}

static void
test_followups_for_a_no_are_inconsistent(void **state)
{
    struct rb_screen_input in;

    (void)state;
    /* Every page-1 answer no: no follow-up may be answered. */
    base(&in);
    in.parq.followup[RB_PARQ_STROKE].gate = RB_ANSWER_NO;
    eval_fails(&in, "parq.followups.stroke.has_condition", "inconsistent");
    base(&in);
    in.parq.followup[RB_PARQ_CANCER].sub[1] = RB_ANSWER_NO;
    eval_fails(&in, "parq.followups.cancer.current_therapy", "inconsistent");

    /* Condition answered no: its sub-questions may not be answered. */
    base(&in);
    yes_then_gates_no(&in, 4);
    in.parq.followup[RB_PARQ_RESPIRATORY].sub[2] = RB_ANSWER_YES;
    eval_fails(
        &in, "parq.followups.respiratory.asthma_symptoms", "inconsistent");

    /* A sub-question the category does not have. */
    base(&in);
    yes_then_gates_no(&in, 4);
    gate_yes(&in, RB_PARQ_BLOOD_PRESSURE);
    in.parq.followup[RB_PARQ_BLOOD_PRESSURE].sub[2] = RB_ANSWER_NO;
    eval_fails(&in, "parq.followups.blood_pressure", "out_of_range");
}

static void
test_unknown_duplicate_and_derived_ids_are_errors(void **state)
{
    struct rb_screen_input in;

    (void)state;
    base(&in);
    flag(&in, "ces.saddle_anaesthesia");
    flag(&in, "ces.nope");
    eval_fails(&in, "red_flags[1]", "unknown_value");
    base(&in);
    flag(&in, "postnatal.leakage");
    flag(&in, "postnatal.leakage");
    eval_fails(&in, "red_flags[1]", "duplicate_value");
    base(&in);
    flag(&in, "ottawa_knee.injury");
    flag(&in, "ottawa_knee.age_55");
    eval_fails(&in, "red_flags[1]", "inconsistent");
    base(&in);
    flag(&in, NULL);
    eval_fails(&in, "red_flags[0]", "missing_field");
    base(&in);
    in.acsm.known_disease[in.acsm.n_known_disease++] = "hypertension";
    eval_fails(&in, "acsm.known_disease[0]", "unknown_value");
    base(&in);
    in.acsm.symptoms[in.acsm.n_symptoms++] = "palpitations";
    in.acsm.symptoms[in.acsm.n_symptoms++] = "palpitations";
    eval_fails(&in, "acsm.symptoms[1]", "duplicate_value");
    base(&in);
    in.n_red_flags = RB_SCREEN_MAX_LIST + 1;
    eval_fails(&in, "red_flags", "out_of_range");
}

static void
test_instruments_that_disagree_are_errors(void **state)
{
    struct rb_screen_input in;

    (void)state;
    /* G2 chest pain must reach the ACSM signs. */
    base(&in);
    yes_then_gates_no(&in, 2);
    eval_fails(&in, "acsm.symptoms", "inconsistent");
    /* G3 dizziness / loss of consciousness likewise. */
    base(&in);
    yes_then_gates_no(&in, 3);
    in.acsm.symptoms[in.acsm.n_symptoms++] = "ischaemic_pain";
    eval_fails(&in, "acsm.symptoms", "inconsistent");
    /* PAR-Q+ 10a and the concussion red flag are the same fact. */
    base(&in);
    yes_then_gates_no(&in, 4);
    gate_yes(&in, RB_PARQ_OTHER);
    in.parq.followup[RB_PARQ_OTHER].sub[0] = RB_ANSWER_YES;
    eval_fails(&in, "red_flags", "inconsistent");
    in.parq.followup[RB_PARQ_OTHER].sub[0] = RB_ANSWER_NO;
    flag(&in, "concussion.recent");
    eval_fails(&in, "red_flags", "inconsistent");
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static json_t *
load(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

    if (j == NULL) {
        fail_msg("test JSON: %s (line %d)", jerr.text, jerr.line);
    }
    return j;
}

#define PARQ_ALL_NO                                                            \
    "\"g1\": false, \"g2\": false, \"g3\": false, \"g4\": false, "             \
    "\"g5\": false, \"g6\": false, \"g7\": false"

static void
test_json_example_round_trips(void **state)
{
    json_t *doc =
        load("{\"age\": 52, \"pregnant\": false, "
             "\"temporary_illness\": false,"
             " \"parq\": {" PARQ_ALL_NO ", \"used_to_vigorous\": false},"
             " \"acsm\": {\"regular_exercise\": false,"
             " \"known_disease\": [], \"symptoms\": [],"
             " \"desired_intensity\": \"moderate\"},"
             " \"red_flags\": [\"ces.saddle_anaesthesia\"]}");
    struct rb_screen_input in;
    struct rb_screen_result r;
    json_t *out, *reasons;

    (void)state;
    assert_int_equal(rb_screen_input_from_json(doc, &in, NULL), RB_OK);
    assert_int_equal(in.age, 52);
    assert_int_equal(in.parq.used_to_vigorous, RB_ANSWER_NO);
    assert_int_equal(in.acsm.desired, RB_INTENSITY_MODERATE);
    assert_int_equal(in.n_red_flags, 1);
    eval_ok(&in, &r);
    out = rb_screen_result_to_json(&r);
    assert_string_equal(
        json_string_value(json_object_get(out, "outcome")), "refer");
    assert_string_equal(
        json_string_value(json_object_get(out, "urgency")), "emergency");
    assert_string_equal(
        json_string_value(json_object_get(out, "intensity_ceiling")), "none");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(out, "blocks"), 0)),
        "all_training");
    reasons = json_object_get(out, "reasons");
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(reasons, 0), "rule")),
        "redflag.ces.saddle_anaesthesia");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(reasons, 0), "source")),
        "CES");
    assert_int_equal(json_array_size(reasons), r.n_reasons);
    assert_int_equal(json_object_size(out), 5);
    assert_int_equal(json_object_size(json_array_get(reasons, 0)), 4);
    json_decref(out);
    json_decref(doc);
}

static void
test_json_followups_are_read_by_category(void **state)
{
    json_t *doc = load("{\"age\": 30, \"pregnant\": false,"
                       " \"temporary_illness\": false,"
                       " \"parq\": {\"g1\": true, \"g2\": false, \"g3\": false,"
                       " \"g4\": false, \"g5\": true, \"g6\": false,"
                       " \"g7\": false, \"followups\": {"
                       "  \"arthritis\": {\"has_condition\": false},"
                       "  \"cancer\": {\"has_condition\": false},"
                       "  \"heart\": {\"has_condition\": true,"
                       "    \"hard_to_control\": false,"
                       "    \"irregular_beat\": true, \"heart_failure\": false,"
                       "    \"inactive_cad\": false},"
                       "  \"blood_pressure\": {\"has_condition\": false},"
                       "  \"metabolic\": {\"has_condition\": false},"
                       "  \"mental_health\": {\"has_condition\": false},"
                       "  \"respiratory\": {\"has_condition\": false},"
                       "  \"spinal_cord\": {\"has_condition\": false},"
                       "  \"stroke\": {\"has_condition\": false},"
                       "  \"other\": {\"has_condition\": false}}},"
                       " \"acsm\": {\"regular_exercise\": true,"
                       " \"known_disease\": [\"cardiovascular\"],"
                       " \"symptoms\": [],"
                       " \"desired_intensity\": \"vigorous\"},"
                       " \"red_flags\": []}");
    struct rb_screen_input in;
    struct rb_screen_result r;

    (void)state;
    assert_int_equal(rb_screen_input_from_json(doc, &in, NULL), RB_OK);
    assert_int_equal(in.parq.followup[RB_PARQ_HEART].gate, RB_ANSWER_YES);
    assert_int_equal(in.parq.followup[RB_PARQ_HEART].sub[1], RB_ANSWER_YES);
    assert_int_equal(in.parq.followup[RB_PARQ_HEART].sub[0], RB_ANSWER_NO);
    assert_int_equal(
        in.parq.followup[RB_PARQ_CANCER].sub[0], RB_ANSWER_UNANSWERED);
    eval_ok(&in, &r);
    assert_int_equal(r.outcome, RB_SCREEN_CLEARANCE_RECOMMENDED);
    assert_true(find_rule(&r, "parq.followup.heart.irregular_beat") >= 0);
    assert_true(find_rule(&r, "acsm.regular.disease.vigorous") >= 0);
    json_decref(doc);
}

static void
test_json_shape_errors_name_the_path(void **state)
{
    static const struct {
        const char *text, *field, *code;
    } cases[] = {
        {"{\"age\": 30}", "pregnant", "missing_field"},
        {"{\"age\": 30.5}", "age", "wrong_type"},
        {"{\"age\": 300}", "age", "out_of_range"},
        {"{\"agee\": 30}", "agee", "unknown_field"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {\"g1\": false}, \"acsm\": {}, \"red_flags\": []}",
            "parq.g2", "missing_field"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {" PARQ_ALL_NO ", \"g8\": true}, \"acsm\": {},"
         " \"red_flags\": []}",
            "parq.g8", "unknown_field"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {" PARQ_ALL_NO ", \"followups\": {\"kidney\": {}}},"
         " \"acsm\": {}, \"red_flags\": []}",
            "parq.followups.kidney", "unknown_field"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {" PARQ_ALL_NO ", \"followups\": {\"heart\":"
         " {\"has_condition\": 1}}}, \"acsm\": {}, \"red_flags\": []}",
            "parq.followups.heart.has_condition", "wrong_type"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {" PARQ_ALL_NO "}, \"acsm\": {\"regular_exercise\":"
         " true, \"known_disease\": [], \"symptoms\": [],"
         " \"desired_intensity\": \"maximal\"}, \"red_flags\": []}",
            "acsm.desired_intensity", "out_of_range"},
        {"{\"age\": 30, \"pregnant\": false, \"temporary_illness\": false,"
         " \"parq\": {" PARQ_ALL_NO "}, \"acsm\": {\"regular_exercise\":"
         " true, \"known_disease\": [], \"symptoms\": [],"
         " \"desired_intensity\": \"light\"}, \"red_flags\": [3]}",
            "red_flags[0]", "wrong_type"},
    };

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        json_t *doc = load(cases[i].text);
        struct rb_screen_input in = {.age = -7};
        struct rb_err err = {0};

        assert_int_equal(rb_screen_input_from_json(doc, &in, &err), RB_EINVAL);
        assert_string_equal(err.field, cases[i].field);
        assert_string_equal(rb_err_code(&err), cases[i].code);
        /* The message follows the field name, so does not repeat it. */
        assert_true(strncmp(err.msg, cases[i].field, strlen(cases[i].field)));
        assert_int_equal(in.age, -7);
        json_decref(doc);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acsm_truth_table_covers_all_24_cases),
        cmocka_unit_test(test_acsm_table_through_the_combined_screen),
        cmocka_unit_test(
            test_acsm_decide_refuses_a_missing_intensity_and_keeps_output),
        cmocka_unit_test(test_parq_all_no_is_cleared),
        cmocka_unit_test(
            test_parq_over_45_not_used_to_vigorous_waits_for_a_professional),
        cmocka_unit_test(
            test_parq_over_45_used_to_vigorous_or_exactly_45_is_cleared),
        cmocka_unit_test(test_parq_any_yes_with_every_followup_no_is_ready),
        cmocka_unit_test(test_every_followup_yes_alone_recommends_clearance),
        cmocka_unit_test(test_parq_pregnancy_and_temporary_illness_come_first),
        cmocka_unit_test(
            test_every_red_flag_alone_refers_with_its_rule_and_block),
        cmocka_unit_test(test_ottawa_rules_need_their_condition_and_a_finding),
        cmocka_unit_test(test_age_55_alone_without_a_knee_injury_says_nothing),
        cmocka_unit_test(test_tables_are_well_formed_and_sourced),
        cmocka_unit_test(test_worst_outcome_wins_and_comes_first),
        cmocka_unit_test(test_ceilings_combine_to_the_lowest),
        cmocka_unit_test(test_missing_answers_are_errors_naming_the_field),
        cmocka_unit_test(test_followups_for_a_no_are_inconsistent),
        cmocka_unit_test(test_unknown_duplicate_and_derived_ids_are_errors),
        cmocka_unit_test(test_instruments_that_disagree_are_errors),
        cmocka_unit_test(test_json_example_round_trips),
        cmocka_unit_test(test_json_followups_are_read_by_category),
        cmocka_unit_test(test_json_shape_errors_name_the_path),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
