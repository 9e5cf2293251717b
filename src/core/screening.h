/*
 * screening.h -- pre-participation screening: PAR-Q+, the ACSM 2015
 * algorithm and a red-flag checklist, combined into one decision.
 *
 * Rebound never diagnoses.  The decision is one of three outcomes, each with
 * the reasons that led to it (a stable rule id, a plain-language "what to
 * do", a source key from data/sources.json) and the list of what is blocked
 * until someone with the right scope clears it:
 *
 *   cleared                 may train, within intensity_ceiling and blocks
 *   clearance_recommended   a step comes first: medical clearance, the
 *                           ePARmed-X+, a qualified exercise professional,
 *                           or waiting out a temporary illness
 *   refer                   a red flag (or ACSM "stop and seek clearance"):
 *                           refer, with an urgency
 *
 * The worst outcome wins (refer > clearance_recommended > cleared).  The
 * rules, their sources and the JSON formats are in docs/screening.md; the
 * domain brief section 1 is where they come from.
 *
 * Pure: no I/O, no clock, no allocation in rb_screen_eval(); the tables
 * below are the only globals and they are const.  Input that is incomplete
 * or inconsistent is RB_EINVAL naming the field, never a guessed outcome.
 */
#ifndef RB_CORE_SCREENING_H
#define RB_CORE_SCREENING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* A yes/no question.  Zero is "not answered", so a zeroed input is
 * incomplete rather than "all no". */
enum rb_answer {
    RB_ANSWER_UNANSWERED = 0,
    RB_ANSWER_NO,
    RB_ANSWER_YES,
};

/* Ordered: a lower value is a lower ceiling. */
enum rb_intensity {
    RB_INTENSITY_NONE = 0, /* no exercise (as a ceiling); unset as a wish */
    RB_INTENSITY_LIGHT,    /* 30-39 % HRR, 2.0-2.9 METs [ACSM-defs] */
    RB_INTENSITY_MODERATE, /* 40-59 % HRR, 3.0-5.9 METs [ACSM-defs] */
    RB_INTENSITY_VIGOROUS, /* >= 60 % HRR, >= 6 METs [ACSM-defs] */
};

/* Ordered: the worst outcome wins. */
enum rb_screen_outcome {
    RB_SCREEN_CLEARED = 0,
    RB_SCREEN_CLEARANCE_RECOMMENDED,
    RB_SCREEN_REFER,
};

/* Ordered: the most urgent referral wins. */
enum rb_urgency {
    RB_URGENCY_NONE = 0, /* no referral */
    RB_URGENCY_ROUTINE,  /* refer before the blocked activity */
    RB_URGENCY_URGENT,   /* prompt medical assessment; stop meanwhile */
    RB_URGENCY_EMERGENCY /* same-day / emergency action plan */
};

/* ------------------------------------------------------------------ */
/* PAR-Q+ [PARQ-form], [PARQ-flow], [PARQ-followup]                    */

/* Page 1 ("general health"): seven yes/no items G1..G7. */
#define RB_PARQ_NGENERAL 7

/*
 * Follow-up categories (pages 2-3).  Each has a gate question ("do you have
 * this condition?") and sub-questions asked only when the gate is yes.
 * The ids are ours; the licensed wording is not stored (brief 1.1).
 */
enum rb_parq_category {
    RB_PARQ_ARTHRITIS,      /* arthritis, osteoporosis, back problems */
    RB_PARQ_CANCER,         /* cancer of any kind */
    RB_PARQ_HEART,          /* heart or cardiovascular disease */
    RB_PARQ_BLOOD_PRESSURE, /* high blood pressure */
    RB_PARQ_METABOLIC,      /* type 1 / type 2 diabetes, pre-diabetes */
    RB_PARQ_MENTAL_HEALTH,  /* mental health, learning difficulties */
    RB_PARQ_RESPIRATORY,    /* COPD, asthma, pulmonary hypertension */
    RB_PARQ_SPINAL_CORD,    /* spinal cord injury */
    RB_PARQ_STROKE,         /* stroke or TIA */
    RB_PARQ_OTHER,          /* other, or two or more conditions */
    RB__PARQ_CATEGORY_MAX
};

#define RB_PARQ_MAX_SUB 4

struct rb_parq_question {
    const char *id;   /* "g2", or a sub-question id such as "irregular_beat" */
    const char *rule; /* "parq.g2", "parq.followup.heart.irregular_beat" */
    const char *text; /* our paraphrase of what is asked */
};

struct rb_parq_category_def {
    const char *id;   /* "heart": the JSON key under parq.followups */
    const char *text; /* paraphrase of the gate question */
    size_t nsub;
    struct rb_parq_question sub[RB_PARQ_MAX_SUB];
    const char *source;
};

/* Page 1, indexed 0..6 for G1..G7.  Source: PARQ-form. */
extern const struct rb_parq_question rb_parq_general[RB_PARQ_NGENERAL];
/* Pages 2-3, indexed by enum rb_parq_category.  Source: PARQ-followup. */
extern const struct rb_parq_category_def
    rb_parq_categories[RB__PARQ_CATEGORY_MAX];

struct rb_parq_followup {
    enum rb_answer gate;                 /* has the condition? */
    enum rb_answer sub[RB_PARQ_MAX_SUB]; /* as rb_parq_categories[c].sub */
};

struct rb_parq_input {
    enum rb_answer general[RB_PARQ_NGENERAL]; /* G1..G7, all required */
    /*
     * Required (every gate, and every sub-question under a yes gate) when
     * any G is yes; must all be unanswered when every G is no.
     */
    struct rb_parq_followup followup[RB__PARQ_CATEGORY_MAX];
    /*
     * Used to regular vigorous-to-maximal-effort exercise?  Required when
     * every G is no and age > 45; optional (and ignored) otherwise.
     */
    enum rb_answer used_to_vigorous;
};

/* ------------------------------------------------------------------ */
/* ACSM 2015 pre-participation algorithm [ACSM-2015], [ACSM-defs]      */

/* A vocabulary entry: known-disease classes and signs/symptoms. */
struct rb_screen_term {
    const char *id;
    const char *text;
    const char *source;
    bool verified; /* false: brief marks it UNVERIFIED (kept: conservative) */
};

/* cardiovascular, metabolic, renal */
extern const struct rb_screen_term rb_acsm_diseases[];
extern const size_t rb_acsm_disease_count;
/* ischaemic_pain, breathlessness, dizziness_syncope, ... */
extern const struct rb_screen_term rb_acsm_symptoms[];
extern const size_t rb_acsm_symptom_count;

#define RB_SCREEN_MAX_LIST 64

struct rb_acsm_input {
    enum rb_answer regular_exercise; /* >= 30 min, >= 3 d/wk, >= 3 months */
    const char *known_disease[RB_SCREEN_MAX_LIST]; /* ids, borrowed */
    size_t n_known_disease;
    const char *symptoms[RB_SCREEN_MAX_LIST]; /* ids, borrowed */
    size_t n_symptoms;
    enum rb_intensity desired; /* light, moderate or vigorous (required) */
};

enum rb_acsm_clearance {
    RB_ACSM_NOT_NEEDED,
    RB_ACSM_RECOMMENDED,
    RB_ACSM_STOP_AND_REFER,
};

/* One box of the ACSM table, for one desired intensity. */
struct rb_acsm_decision {
    enum rb_acsm_clearance clearance;
    enum rb_intensity ceiling; /* highest intensity before any clearance */
    const char *rule;          /* e.g. "acsm.not_regular.symptoms" */
    const char *message;       /* what to do, plain language */
};

/*
 * The six boxes of the ACSM 2015 algorithm (brief 1.2), for a desired
 * intensity.  RB_EINVAL when 'desired' is not light, moderate or vigorous;
 * *ret is written only on RB_OK.  Pure, no allocation; strings are static.
 */
enum rb_status rb_acsm_decide(bool regular_exercise, bool known_disease,
    bool symptoms, enum rb_intensity desired, struct rb_acsm_decision *ret,
    struct rb_err *err) RB_MUST_CHECK;

/* ------------------------------------------------------------------ */
/* Red flags [ACSM-2015] [CES] [LBP-RF] [Ottawa] [OttawaKnee]          */
/* [PARQ-followup] [Postnatal]                                         */

enum rb_block_kind {
    RB_BLOCK_NONE = 0, /* conditions of a rule: block nothing alone */
    RB_BLOCK_ALL_TRAINING,
    RB_BLOCK_REGION,
    RB_BLOCK_IMPACT,
};

struct rb_red_flag {
    const char *id;      /* "ces.saddle_anaesthesia" */
    const char *rule;    /* "redflag.ces.saddle_anaesthesia" */
    const char *cluster; /* "ces", "ottawa_ankle", ... */
    enum rb_urgency urgency;
    enum rb_block_kind blocks;
    const char *block; /* as output: "all_training", "region:spine", ... */
    /*
     * Decision-rule structure (Ottawa rules).  A 'condition' row is the
     * rule's entry condition (e.g. pain in the malleolar zone): it refers
     * nobody on its own.  A row with 'needs' refers only when that
     * condition is also present.  A 'derived' row is computed from the
     * input (age) and may not be listed.
     */
    bool condition;
    const char *needs;
    bool derived;
    const char *source;   /* key in data/sources.json */
    const char *question; /* our paraphrase of what to ask or observe */
    const char *message;  /* what to do */
};

extern const struct rb_red_flag rb_red_flags[];
extern const size_t rb_red_flag_count;

/* Finds a red flag by id, or NULL. */
const struct rb_red_flag *rb_red_flag_find(const char *id);

/*
 * Numeric thresholds used by the rules, as rule-table rows (brief section 0
 * convention 1).  valid_from/valid_to are NULL when open-ended.
 */
struct rb_screen_threshold {
    const char *id;
    double value;
    const char *unit;
    const char *comparator; /* how the input compares: ">", ">=", "<=" */
    const char *population;
    const char *source;
    bool verified;
    const char *valid_from, *valid_to;
};

enum rb_screen_threshold_id {
    RB_TH_PARQ_AGE_VIGOROUS, /* age > 45: consult before vigorous */
    RB_TH_PARQ_VALID_MONTHS, /* clearance valid <= 12 months (caller) */
    RB_TH_OTTAWA_KNEE_AGE,   /* age >= 55 with a knee injury */
    RB__TH_MAX
};

extern const struct rb_screen_threshold rb_screen_thresholds[RB__TH_MAX];

/* ------------------------------------------------------------------ */
/* The combined screen                                                 */

struct rb_screen_input {
    int age;                          /* years, 0..120 */
    enum rb_answer pregnant;          /* required */
    enum rb_answer temporary_illness; /* cold, fever...: required */
    struct rb_parq_input parq;
    struct rb_acsm_input acsm;
    const char *red_flags[RB_SCREEN_MAX_LIST]; /* ids present, borrowed */
    size_t n_red_flags;
};

struct rb_screen_reason {
    const char *rule;    /* stable id: "parq.followup.heart.irregular_beat" */
    const char *message; /* what to do, plain language */
    const char *source;  /* key in data/sources.json */
    enum rb_screen_outcome outcome; /* what this reason alone leads to */
};

#define RB_SCREEN_MAX_REASONS 128
#define RB_SCREEN_MAX_BLOCKS 16

struct rb_screen_result {
    enum rb_screen_outcome outcome;
    enum rb_urgency urgency;             /* NONE unless outcome is refer */
    enum rb_intensity intensity_ceiling; /* highest allowed now */
    /* Most severe first; ties in evaluation order (PAR-Q+, ACSM, flags). */
    struct rb_screen_reason reasons[RB_SCREEN_MAX_REASONS];
    size_t n_reasons;
    /* Distinct, in the order of the reasons that set them: "all_training",
     * "vigorous_intensity", "impact", "region:<name>". */
    const char *blocks[RB_SCREEN_MAX_BLOCKS];
    size_t n_blocks;
};

/*
 * Evaluate PAR-Q+, the ACSM algorithm and the red flags together.
 *
 * RB_OK: *ret holds the decision; every string in it is static.
 * RB_EINVAL: the input is incomplete or inconsistent.  err->field names
 * the input by its JSON path (e.g. "parq.followups.heart.has_condition",
 * "red_flags[2]") and err->msg says what is wrong with it, written to
 * follow the field name ("is required", ...).  err->code is one of
 * missing_field, out_of_range, unknown_value, duplicate_value,
 * inconsistent.  The first problem found is reported, in the order age,
 * pregnant, temporary_illness, parq, acsm, red_flags, cross-checks.
 * *ret is written only on RB_OK.  Pure, no allocation, thread-safe.
 */
enum rb_status rb_screen_eval(const struct rb_screen_input *in,
    struct rb_screen_result *ret, struct rb_err *err) RB_MUST_CHECK;

/* Lower-case names as used in the JSON ("clearance_recommended", "none",
 * "emergency", ...).  Static, never NULL. */
const char *rb_screen_outcome_name(enum rb_screen_outcome o);
const char *rb_intensity_name(enum rb_intensity i);
const char *rb_urgency_name(enum rb_urgency u);

/* ------------------------------------------------------------------ */
/* JSON (screening_json.c)                                             */

/*
 * Input, strict (unknown fields are errors; all fields below required
 * unless marked optional):
 *
 *   {
 *     "age": 52,                       integer 0..120
 *     "pregnant": false,
 *     "temporary_illness": false,
 *     "parq": {
 *       "g1": false, ... "g7": false,
 *       "used_to_vigorous": false,     optional; required when g1..g7 are
 *                                      all false and age > 45
 *       "followups": {                 optional when g1..g7 are all false
 *         "heart": {                   (and must then hold no answers);
 *           "has_condition": true,     otherwise every category with
 *           "hard_to_control": false,  has_condition, and every
 *           ...                        sub-question when that is true
 *         }, ...
 *       }
 *     },
 *     "acsm": {
 *       "regular_exercise": false,
 *       "known_disease": [],           ids of rb_acsm_diseases
 *       "symptoms": [],                ids of rb_acsm_symptoms
 *       "desired_intensity": "moderate"  light | moderate | vigorous
 *     },
 *     "red_flags": ["ces.saddle_anaesthesia"]  ids of rb_red_flags
 *   }
 *
 * Parse 'obj' into *ret.  Strings in *ret are borrowed from 'obj' and live
 * as long as it does.  RB_EINVAL with err->field the JSON path and err->code
 * unknown_field, wrong_type, missing_field or out_of_range, or
 * not_an_object (shape only: the meaning is checked by rb_screen_eval()).
 * *ret is written only on RB_OK.
 */
enum rb_status rb_screen_input_from_json(const json_t *obj,
    struct rb_screen_input *ret, struct rb_err *err) RB_MUST_CHECK;

/*
 * Output:
 *
 *   {
 *     "outcome": "cleared" | "clearance_recommended" | "refer",
 *     "urgency": "none" | "routine" | "urgent" | "emergency",
 *     "intensity_ceiling": "none" | "light" | "moderate" | "vigorous",
 *     "blocks": ["all_training", "vigorous_intensity", "impact",
 *                "region:spine", ...],
 *     "reasons": [{"rule": "...", "outcome": "...", "message": "...",
 *                  "source": "..."}, ...]
 *   }
 *
 * Returns a new reference (the caller json_decref()s).  Allocates.
 */
json_t *rb_screen_result_to_json(const struct rb_screen_result *r);

#endif /* RB_CORE_SCREENING_H */
