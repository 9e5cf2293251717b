/*
 * criteria.h -- the small expression language of phase exit criteria.
 *
 *   expr    = or ;  or = and { "or" and } ;  and = unary { "and" unary }
 *   unary   = "not" unary | "(" expr ")" | compare
 *   compare = value op number ;  op = < <= > >= == !=
 *   value   = measure | ("lsi"|"diff"|"involved"|"uninvolved") "(" measure ")"
 *
 * Criteria are compiled once, when the knowledge base loads (an unknown
 * measure or a paired measure used without a side function is an error),
 * and evaluated many times against a client's latest measures.  Pure: no
 * I/O, no allocation during evaluation.  docs/knowledge-base.md has the
 * user-facing description.
 */
#ifndef RB_CORE_CRITERIA_H
#define RB_CORE_CRITERIA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* What the compiler needs to know about a measure. */
struct rb_measure_info {
    const char *id;
    bool paired;       /* recorded per side */
    bool lower_better; /* e.g. timed hops: lsi() inverts */
};

/* Finds a measure by id, or NULL.  'ctx' is the caller's. */
typedef const struct rb_measure_info *(*rb_measure_lookup)(
    void *ctx, const char *id);

enum rb_side_fn {
    RB_FN_NONE, /* the unpaired measure itself */
    RB_FN_LSI,  /* limb symmetry index, percent */
    RB_FN_DIFF, /* |involved - uninvolved| */
    RB_FN_INVOLVED,
    RB_FN_UNINVOLVED,
};

/*
 * What the evaluator asks for: the latest value of 'm' (for paired
 * measures, of one side).  Return false when nothing is recorded.
 */
struct rb_measure_values {
    void *ctx;
    bool (*get)(
        void *ctx, const struct rb_measure_info *m, bool involved, double *ret);
};

enum rb_verdict {
    RB_MET,
    RB_NOT_MET,
    RB_MISSING, /* a value the criterion needs is not recorded */
};

struct rb_criterion; /* opaque, immutable once compiled */

/*
 * Compile 'text'.  On RB_OK *ret is a new criterion for
 * rb_criterion_free().  RB_EINVAL with a message naming the position and
 * the problem (unknown measure, missing side function, syntax).
 */
enum rb_status rb_criterion_compile(const char *text, rb_measure_lookup find,
    void *find_ctx, struct rb_criterion **ret, struct rb_err *err);

void rb_criterion_free(struct rb_criterion *c);

/*
 * Evaluate.  'and' is met when both sides are; not_met when either side is
 * not met; otherwise missing.  'or' is met when either side is.  When the
 * criterion is a single comparison, *ret_value (if non-NULL) receives the
 * value compared and *ret_has_value whether there was one.
 */
enum rb_verdict rb_criterion_eval(const struct rb_criterion *c,
    const struct rb_measure_values *v, double *ret_value, bool *ret_has_value);

/* The measures a criterion reads (for "what to test next"). */
size_t rb_criterion_measures(const struct rb_criterion *c,
    const struct rb_measure_info **out, size_t max);

/* The threshold of a single comparison, or false for compound criteria. */
bool rb_criterion_threshold(const struct rb_criterion *c, double *ret);

/* Compute a limb symmetry index in percent (involved relative to the
 * uninvolved side; inverted when lower is better).  False when the
 * denominator is zero. */
bool rb_lsi(double involved, double uninvolved, bool lower_better, double *ret);

#endif /* RB_CORE_CRITERIA_H */
