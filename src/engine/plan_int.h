/*
 * plan_int.h -- shared inside the program engine (plan_*.c): the rule
 * tables, the build context and the helpers each step offers the others.
 */
#ifndef RB_ENGINE_PLAN_INT_H
#define RB_ENGINE_PLAN_INT_H

#include <stdio.h>

#include "engine/program.h"

#define RB_TRY(x)                                                              \
    do {                                                                       \
        enum rb_status rb_try_st_ = (x);                                       \
        if (rb_try_st_ != RB_OK) {                                             \
            return rb_try_st_;                                                 \
        }                                                                      \
    } while (0)

/* ---- rule tables (plan_rules.c) ----------------------------------------- */

/* What to look for in the library: any field NULL (or 0) matches all. */
struct plan_match {
    const char *category, *region, *muscle, *pattern;
    bool unilateral; /* prefer unilateral exercises */
    bool main_only;  /* only categories fit for a main block */
};

/* A measure whose deficit gets targeted work. */
struct plan_target_rule {
    const char *measure;
    const char *words; /* plain words for the rationale */
    struct plan_match match;
    bool warmup;  /* mobility: goes into the warm-up */
    bool quality; /* balance/landing quality: early in the main block */
    const char *rule, *source;
};
extern const struct plan_target_rule plan_target_rules[];
extern const size_t plan_ntarget_rules;
const struct plan_target_rule *plan_target_rule_find(const char *measure);
extern const struct plan_target_rule plan_condition_targets[];
extern const size_t plan_ncondition_targets;

/* A warm-up rule shaped by the person's history. */
enum plan_trigger { TRIG_INJURY_REGION, TRIG_SITTING };
struct plan_warm_rule {
    const char *id;
    enum plan_trigger trigger;
    const char *region; /* TRIG_INJURY_REGION */
    double min_hours;   /* TRIG_SITTING */
    struct plan_match picks[2];
    const char *why; /* "%s" gets the history in words */
    const char *source, *source2;
};
extern const struct plan_warm_rule plan_warm_rules[];
extern const size_t plan_nwarm_rules;

/* Raise: preferred low-intensity movement, first eligible wins. */
extern const char *const plan_raise_ids[];

/* A note for a condition (education, pain model). */
struct plan_condition_note {
    const char *condition;
    const char *rule, *text, *source;
    const char *needs_measure; /* only when this measure is recorded */
};
extern const struct plan_condition_note plan_condition_notes[];
extern const size_t plan_ncondition_notes;

/* Main-pattern rotation used to balance a week after the emphasis. */
extern const char *const plan_balance_patterns[];

/* Effort caps by screening ceiling. */
struct plan_ceiling_rule {
    enum rb_intensity ceiling;
    double max_rpe, min_rir, max_pct;
    const char *rule, *source;
};
const struct plan_ceiling_rule *plan_ceiling_rule(enum rb_intensity c);

/* RIR to use for a %1RM dose when no 1RM is known, by experience. */
extern const int plan_rir_by_experience[3];
/* Highest exercise level by experience. */
extern const int plan_level_by_experience[3];

/* Reps possible at a %1RM (NSCA-table, secondary). */
int plan_reps_at_pct(double pct);

/* ---- build context ------------------------------------------------------ */

struct plan_target {
    const struct plan_target_rule *rule;
    enum rb_side side; /* the side with the deficit, or NONE */
    const char *text;  /* the finding, in words */
    const char *source;
    bool condition; /* the protocol's own work, in every session */
};

#define PLAN_MAX_TARGETS 24

struct plan_ctx {
    const struct rb_kb *kb;
    const struct rb_plan_input *in;
    struct rb_arena *a;
    const struct rb_protocol *protocol;
    const struct rb_phase *phase;
    const char *condition;
    uint32_t forbidden;
    int max_level;
    bool low_plyo; /* a balance deficit: jumps at low level only */
    bool no_high_impact;
    const struct plan_ceiling_rule *ceiling;
    struct plan_target targets[PLAN_MAX_TARGETS];
    size_t ntargets;
    const struct rb_exercise **pool; /* eligible, sorted by id */
    size_t npool;
    enum rb_side involved;
};

/* plan_select.c */
bool plan_equipment_ok(const struct plan_ctx *c, const struct rb_exercise *e);
void plan_pool(struct plan_ctx *c);
bool plan_matches(const struct rb_exercise *e, const struct plan_match *m);
bool plan_in_pool(const struct plan_ctx *c, const struct rb_exercise *e);
/* Does 'e' place demand 'name' (vocabulary "demands")? */
bool plan_demands(
    const struct plan_ctx *c, const struct rb_exercise *e, const char *name);
/* Best pool exercise matching 'm' not in 'avoid' (n), or NULL. */
const struct rb_exercise *plan_pick(const struct plan_ctx *c,
    const struct plan_match *m, const struct rb_exercise *const *avoid,
    size_t navoid, int pref_level);
bool plan_is_main_category(const char *category);
int plan_pref_level(const struct plan_ctx *c);
const char *plan_neighbour(const struct plan_ctx *c, const struct rb_strs *s);

/* plan_dose.c */
double plan_one_rm(double weight, int reps);
const struct rb_dose *plan_dose_for(
    const struct rb_exercise *e, enum rb_session_block block);
/* Fill sets, reps, intensity, tempo, rest for loading week k (0-based) or
 * a deload week. */
void plan_dose(const struct plan_ctx *c, struct rb_rx *rx, int k, bool deload);
double plan_rx_minutes(const struct rb_rx *rx);
/* Fit the session into the client's minutes; true when within 10 %. */
bool plan_fit(const struct plan_ctx *c, struct rb_session *s, bool deload);

/* plan_warmup.c */
size_t plan_warmup(struct plan_ctx *c, const struct rb_exercise *first,
    struct rb_rx *out, size_t max);

/* plan_rationale.c */
void plan_why_add(struct rb_rationale *w, const char *rule, const char *src);
void plan_why_text(struct plan_ctx *c, struct rb_rx *rx, const char *select);

#endif /* RB_ENGINE_PLAN_INT_H */
