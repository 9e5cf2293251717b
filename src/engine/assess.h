/*
 * assess.h -- a client's measures, and what they mean: findings (limb
 * symmetry, norms) and phase gates (a protocol phase's exit criteria).
 *
 * The engine layer holds the pure computations that need the knowledge
 * base's types (exercises, protocols, measures, norms): assessment
 * interpretation here, the program engine in program.h.  Like core it does
 * no I/O and reads no clock; unlike core it links kb.  Everything it
 * returns lives in the caller's arena.
 */
#ifndef RB_ENGINE_ASSESS_H
#define RB_ENGINE_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/criteria.h"
#include "kb/kb.h"
#include "util/arena.h"
#include "util/status.h"

enum rb_side { RB_SIDE_NONE, RB_SIDE_LEFT, RB_SIDE_RIGHT };

const char *rb_side_name(enum rb_side s); /* "none", "left", "right" */
int rb_side_parse(const char *s);         /* -1 when unknown */

/* One recorded value of a knowledge-base measure (data/measures.json). */
struct rb_measurement {
    const char *measure; /* measure id */
    enum rb_side side;   /* RB_SIDE_NONE for unpaired measures */
    double value;        /* in the measure's unit */
    int32_t day;         /* day number (util/str.h), when it was measured */
    /* What the value is of, for measures kept per exercise (est_1rm: the
     * exercise id); NULL otherwise. */
    const char *exercise;
    /* Which parts of a raw test gave the value, for findings' texts (e.g.
     * the FMS tests scored differently left and right); NULL otherwise. */
    const char *note;
};

/*
 * The evidence about one client on one day: every measurement, any order;
 * for each measure and side the latest day counts.  'involved' is the
 * injured side (LSI = involved / uninvolved); with no injured side, the
 * weaker side is treated as involved.
 */
struct rb_measure_set {
    const struct rb_measurement *items;
    size_t n;
    enum rb_side involved;
    int age_years;   /* for norms; < 0 when unknown */
    const char *sex; /* "female", "male" or NULL */
    int32_t today;   /* the day of the evaluation */
    /* When > 0, values measured more than this many days before 'today'
     * are too old to count (brief 5: "latest measurement, with a max
     * age"); 0 counts every value. */
    int max_age_days;
};

/* The latest value of a measure on one side (NONE for unpaired); of any
 * exercise for per-exercise measures.  Ties on the day: the later item. */
bool rb_measure_latest(const struct rb_measure_set *s, const char *measure,
    enum rb_side side, double *ret);

/* The latest value of a per-exercise measure (est_1rm) for 'exercise'. */
bool rb_measure_latest_for(const struct rb_measure_set *s, const char *measure,
    const char *exercise, enum rb_side side, double *ret);

/* The side treated as involved for a paired measure: s->involved, or with
 * none given the weaker side (NONE when a side is missing or they tie). */
enum rb_side rb_measure_involved(
    const struct rb_measure_set *s, const struct rb_measure *m);

/* One finding in plain language, for practitioners and the program engine. */
enum rb_finding_kind {
    RB_FIND_ASYMMETRY,  /* LSI under the threshold */
    RB_FIND_BELOW_NORM, /* under the norm's low bound or cut-off */
    RB_FIND_ABOVE_NORM,
    RB_FIND_FLAG, /* a positive yes/no test (e.g. Thomas test) */
};

struct rb_finding {
    enum rb_finding_kind kind;
    const char *measure; /* measure id */
    enum rb_side side;   /* the side it concerns, NONE for unpaired */
    double value, other; /* value, and the other side or the norm bound */
    double percent;      /* LSI, or value as % of the norm bound; 0 for
                            flags and difference rules */
    double threshold;    /* the threshold applied (LSI %, cm, ...) */
    const char *rule;    /* "lsi", "diff", "norm_low", "norm_high",
                            "norm_cutoff", "norm_reference", "flag" */
    const char *source;  /* source key of the threshold */
    const char *text;    /* e.g. "ankle dorsiflexion limited on the left:
                            6 cm vs 11 cm" */
};

/* All findings of a measure set, in a stable order. */
enum rb_status rb_findings(const struct rb_kb *kb,
    const struct rb_measure_set *s, struct rb_arena *a, struct rb_finding **ret,
    size_t *ret_n, struct rb_err *err);

/* One exit criterion of a phase, evaluated. */
struct rb_gate_item {
    const struct rb_exit_criterion *criterion; /* id, label, expr, source */
    enum rb_verdict verdict;
    bool has_value, has_threshold;
    double value, threshold;
};

struct rb_gate {
    const struct rb_protocol *protocol;
    const struct rb_phase *phase;
    const struct rb_phase *next; /* NULL for the last phase */
    struct rb_gate_item *items;
    size_t n;
    /* The phase's time floor (min_days > 0): met when days_in_phase is
     * recorded and at least min_days, missing when it is not recorded. */
    bool has_time_floor;
    enum rb_verdict time_floor;
    double days_in_phase; /* valid when time_floor != RB_MISSING */
    bool ready;           /* every criterion met (and the time floor passed) */
    /* Measures to test next: read by a criterion not yet met, no value. */
    const char **to_test;
    size_t nto_test;
};

/* Evaluate 'phase' of 'p' against 's'.  days_in_phase, when the case
 * knows it, is supplied as the measure "days_in_phase" in 's'. */
enum rb_status rb_gate_eval(const struct rb_kb *kb, const struct rb_protocol *p,
    const struct rb_phase *phase, const struct rb_measure_set *s,
    struct rb_arena *a, struct rb_gate *ret, struct rb_err *err);

json_t *rb_gate_json(const struct rb_kb *kb, const struct rb_gate *g);
json_t *rb_findings_json(const struct rb_finding *f, size_t n);

/*
 * Parse a measures document (the `rebound gate` file and the API's
 * assessment body): {"date":"YYYY-MM-DD", "involved":"left", "age":..,
 * "sex":.., "measures":[{"measure":"single_hop","side":"left","value":150,
 * "date":"..."}]}.  Every measure is validated against the knowledge base
 * (known id, side given iff paired, value within min..max): RB_EINVAL with
 * err->field naming the offending path, e.g. "measures[3].side".
 */
enum rb_status rb_measure_set_parse(const struct rb_kb *kb, const json_t *doc,
    struct rb_arena *a, struct rb_measure_set *ret, struct rb_err *err);

#endif /* RB_ENGINE_ASSESS_H */
