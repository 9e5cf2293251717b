/*
 * adjust.h -- pain-monitored adjustment of a program: for each exercise,
 * progress, hold, regress, substitute or stop_and_refer, with the logs
 * that led there.
 *
 * The rules are a table (rb_adj_rules): each has a stable id, what it
 * checks, the action it leads to and its source key.  Every rule is tried
 * on every exercise; each one that fires adds a reason citing the log or
 * check-in that triggered it (day, value, limit, region).  The exercise
 * gets the most severe action among its reasons:
 *
 *   stop_and_refer > substitute > regress > hold > progress
 *
 * and "hold" (rule adj.keep) when no rule fires.  A red flag in a
 * check-in also raises a "pause_programming" alert.  The rules, their
 * thresholds and their sources are in docs/adjustment.md (from the domain
 * brief sections 5 (a), 6.3 and 6.4).  Rebound never diagnoses: these are
 * dosing decisions for a practitioner to confirm.
 *
 * Pure and deterministic: no I/O, no clock ('today' is passed in); the
 * result lives in the caller's arena.
 */
#ifndef RB_CORE_ADJUST_H
#define RB_CORE_ADJUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/screening.h"
#include "util/arena.h"
#include "util/status.h"

/* A value that was not reported (scores are 0..10, counts >= 0). */
#define RB_ADJ_ABSENT (-1.0)

/* Caps (every input is capped). */
#define RB_ADJ_MAX_EXERCISES 64
#define RB_ADJ_MAX_LOG 1024     /* logged sets per exercise */
#define RB_ADJ_MAX_CHECKINS 400 /* over a year of daily check-ins */
#define RB_ADJ_MAX_REGIONS 12   /* per exercise, per check-in, baseline */
#define RB_ADJ_MAX_FLAGS 16     /* red flags per check-in */
#define RB_ADJ_MAX_SETS 20      /* target sets */

/* Ordered: the most severe action wins. */
enum rb_adj_action {
    RB_ADJ_PROGRESS = 0,
    RB_ADJ_HOLD,
    RB_ADJ_REGRESS,
    RB_ADJ_SUBSTITUTE,
    RB_ADJ_STOP_AND_REFER,
};

/* The target dose of an exercise: reps or seconds, and an effort. */
struct rb_adj_dose {
    int sets;       /* 1..RB_ADJ_MAX_SETS */
    double reps;    /* per set; RB_ADJ_ABSENT for a timed exercise */
    double seconds; /* per set; RB_ADJ_ABSENT for a reps exercise */
    double rir;     /* target reps in reserve 0..10, or RB_ADJ_ABSENT */
    double rpe;     /* target RPE 0..10, or RB_ADJ_ABSENT (not both) */
};

/* One logged set.  Sets of one day are one session, in input order. */
struct rb_adj_set {
    int32_t day;    /* day number (util/str.h), not after 'today' */
    double reps;    /* done; RB_ADJ_ABSENT when the dose is seconds */
    double seconds; /* held; RB_ADJ_ABSENT when the dose is reps */
    double load;    /* kg; RB_ADJ_ABSENT for body weight (not used yet) */
    double rir;     /* 0..10 or RB_ADJ_ABSENT */
    double rpe;     /* 0..10 or RB_ADJ_ABSENT */
    double pain;    /* pain during the set, NPRS 0..10, or RB_ADJ_ABSENT */
};

struct rb_adj_exercise {
    const char *id;                          /* unique in the program */
    const char *regions[RB_ADJ_MAX_REGIONS]; /* regions it loads */
    size_t n_regions;
    struct rb_adj_dose target;
    /* The current dose is a regression made on 'regressed_day'. */
    bool regressed;
    int32_t regressed_day;
    const struct rb_adj_set *log; /* recent sessions, any order; borrowed */
    size_t n_log;
};

struct rb_adj_region_pain {
    const char *region; /* e.g. "ankle_foot" (data/vocab.json regions) */
    double pain;        /* NPRS 0..10 */
};

/* A morning check-in.  Scores 0..10 or RB_ADJ_ABSENT. */
struct rb_adj_checkin {
    int32_t day;
    struct rb_adj_region_pain pain[RB_ADJ_MAX_REGIONS];
    size_t n_pain;
    double stiffness, sleep, fatigue, soreness, stress, mood;
    const char *red_flags[RB_ADJ_MAX_FLAGS]; /* ids of rb_red_flags */
    size_t n_red_flags;
};

struct rb_adj_input {
    int32_t today;
    double pain_limit;    /* 0..10; RB_ADJ_ABSENT: 5/10 [Achilles] */
    double baseline_pain; /* 0..10: regions not listed in baseline[] */
    struct rb_adj_region_pain baseline[RB_ADJ_MAX_REGIONS];
    size_t n_baseline;
    const struct rb_adj_exercise *exercises; /* borrowed */
    size_t n_exercises;
    const struct rb_adj_checkin *checkins; /* any order; borrowed */
    size_t n_checkins;
};

/* The default pain limit: pain during activity may reach but not exceed
 * 5/10 [Achilles]. */
#define RB_ADJ_DEFAULT_PAIN_LIMIT 5.0
/* Weekly mean pain or stiffness rising by this much or more counts as
 * "rising" [Achilles] (the amount is ours: Rebound-design). */
#define RB_ADJ_WEEKLY_RISE 1.0
/* Check-ins each week needs before two weeks are compared (ours). */
#define RB_ADJ_WEEKLY_MIN_CHECKINS 2
/* Reps over target in the last set, two sessions running [2for2]. */
#define RB_ADJ_PROGRESS_REPS 2.0
#define RB_ADJ_PROGRESS_SESSIONS 2
/* Sessions with pain over the limit since a regression (ours). */
#define RB_ADJ_FAILED_REGRESSIONS 2

enum rb_adj_rule_id {
    RB_ADJ_RULE_RED_FLAG,
    RB_ADJ_RULE_REGRESSION_FAILED,
    RB_ADJ_RULE_PAIN_DURING,
    RB_ADJ_RULE_MORNING_ABOVE_LIMIT,
    RB_ADJ_RULE_PAIN_RISING,
    RB_ADJ_RULE_STIFFNESS_RISING,
    RB_ADJ_RULE_MORNING_ABOVE_BASELINE,
    RB_ADJ_RULE_PROGRESS,
    RB_ADJ_RULE_KEEP,
    RB__ADJ_RULE_MAX
};

struct rb_adj_rule {
    const char *id;     /* "adj.pain_during" */
    const char *checks; /* what it checks, plain language */
    enum rb_adj_action action;
    const char *source; /* key in data/sources.json */
    bool verified;      /* false: brief UNVERIFIED, or our own choice */
};

extern const struct rb_adj_rule rb_adj_rules[RB__ADJ_RULE_MAX];

struct rb_adj_reason {
    const struct rb_adj_rule *rule;
    enum rb_adj_action action; /* the rule's */
    int32_t day;               /* the session or check-in that triggered */
    const char *measure;  /* "pain_during", "pain_next_morning", "reps", ... */
    double value;         /* what was logged (RB_ADJ_ABSENT: none) */
    double limit;         /* what it was compared with (or ABSENT) */
    const char *region;   /* NULL unless the rule is per region */
    const char *red_flag; /* red-flag id, for adj.red_flag */
    const char *source;   /* the rule's, or the red flag's own source */
    const char *text;     /* one sentence, in the arena */
};

struct rb_adj_decision {
    const char *exercise;
    enum rb_adj_action action;
    struct rb_adj_reason *reasons; /* rule-table order; never empty */
    size_t n_reasons;
};

/* "pause_programming": a red flag was reported; stop and refer. */
struct rb_adj_alert {
    const char *id;       /* "pause_programming" */
    int32_t day;          /* the check-in */
    const char *red_flag; /* its id */
    enum rb_urgency urgency;
    const char *source;  /* the red flag's source */
    const char *message; /* the red flag's "what to do" */
};

struct rb_adj_result {
    struct rb_adj_decision *decisions; /* one per exercise, input order */
    size_t n_decisions;
    struct rb_adj_alert *alerts;
    size_t n_alerts;
};

/*
 * Apply every rule to every exercise.  RB_EINVAL names the field by its
 * JSON path ("exercises[1].log[4].pain", "checkins[0].red_flags[1]") for
 * a value out of range, a day after 'today', a duplicate exercise id, an
 * unknown or derived red-flag id, a dose with both or neither of reps and
 * seconds (or both rir and rpe), or a list over its cap.  Allocates the
 * result in 'a'; *ret is written only on RB_OK.
 */
enum rb_status rb_adjust(const struct rb_adj_input *in, struct rb_arena *a,
    struct rb_adj_result *ret, struct rb_err *err) RB_MUST_CHECK;

/* "progress", "hold", "regress", "substitute", "stop_and_refer". */
const char *rb_adj_action_name(enum rb_adj_action a);

#endif /* RB_CORE_ADJUST_H */
