/*
 * instruments.h -- patient-reported outcome measures (PROMs), scored as
 * published: NPRS, LEFS, QuickDASH, Oswestry (ODI), FAAM ADL and Sports,
 * TSK-11 and the full ACL-RSI.
 *
 * Each instrument is one row of a const table (instruments.c): item count,
 * answer range, missing-item rule, formula, direction, interpretation bands
 * and MCID, each with its source key from data/sources.json.  The facts
 * come from the domain brief section 4; where the brief marks a fact
 * UNVERIFIED the row says so (verified = false) and, for a missing-item
 * rule, takes the conservative reading: every item is required.  Nothing is
 * invented: where a source gives no bands or no MCID the row has none.
 *
 * Raw answers are kept by the caller and scored on read (brief section 0,
 * convention 2), so a fix here re-scores history.  A set of answers that
 * the published rule cannot score is RB_EINVAL saying why, never a number.
 *
 * Pure: no I/O, no clock, no allocation except in the JSON renderers; the
 * table is the only global and it is const.  Documented in
 * docs/outcome-measures.md.
 */
#ifndef RB_CORE_INSTRUMENTS_H
#define RB_CORE_INSTRUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

/* Upper bound on items of any instrument here (FAAM ADL has 21). */
#define RB_INSTRUMENT_MAX_ITEMS 32
#define RB_INSTRUMENT_MAX_BANDS 6
#define RB_INSTRUMENT_MAX_MEASURES 4

enum rb_instrument_formula {
    /* Sum of the item answers (NPRS, LEFS, TSK-11). */
    RB_FORMULA_SUM,
    /* ((sum / answered) - 1) x 25, the DASH family (QuickDASH). */
    RB_FORMULA_DASH,
    /* sum / (item_max x answered) x 100 (ODI, FAAM). */
    RB_FORMULA_PERCENT_OF_ANSWERED_MAX,
    /* mean of the items / item_max x 100 (ACL-RSI on its 0-10 form). */
    RB_FORMULA_MEAN_PERCENT,
};

/* Which way is better; decides "improved" vs "worsened". */
enum rb_direction {
    RB_LOWER_IS_BETTER,
    RB_HIGHER_IS_BETTER,
};

/* An interpretation band: applies to scores <= upper (bands ascend). */
struct rb_instrument_band {
    double upper;
    const char *label; /* "moderate", ... (lower-case, from the source) */
};

struct rb_instrument {
    const char *id;      /* "quickdash": the CLI and JSON name */
    const char *name;    /* "QuickDASH" */
    const char *version; /* which published form this row scores */
    /*
     * data/measures.json ids the score feeds, NULL-ended.  One for most;
     * the NPRS feeds whichever pain measure the caller says (rest,
     * activity, ...), so it lists them all.
     */
    const char *measures[RB_INSTRUMENT_MAX_MEASURES + 1];
    size_t n_items;
    double item_min, item_max; /* whole numbers between them */
    /*
     * Missing-item rule: at most max_missing items may be unanswered (or
     * "not applicable", which counts the same).  missing_verified false:
     * the brief marks the published rule UNVERIFIED.
     */
    size_t max_missing;
    bool missing_verified;
    const char *missing_rule; /* one sentence for people */
    enum rb_instrument_formula formula;
    double score_min, score_max;
    const char *unit; /* as in data/measures.json: "points" or "%" */
    int precision;    /* decimals to display (brief section 0, rule 5) */
    enum rb_direction direction;
    struct rb_instrument_band bands[RB_INSTRUMENT_MAX_BANDS];
    size_t n_bands;
    const char *bands_source; /* NULL when n_bands is 0 */
    /*
     * Minimal clinically important difference in score units; has_mcid
     * false when the sources read give none.  mcid_pct > 0: a change of at
     * least that percentage of the baseline also counts as an important
     * improvement (NPRS, ODI "or 30 %").
     */
    bool has_mcid;
    double mcid;
    double mcid_pct;
    bool mcid_verified;
    const char *mcid_source;
    const char *source; /* the instrument's own source key */
    /* Short names of the items (ODI sections) or NULL when not stored. */
    const char *const *item_names;
};

/* The table, in a stable order.  Static, never NULL for i < count. */
size_t rb_instrument_count(void);
const struct rb_instrument *rb_instrument_at(size_t i);
/* By id ("lefs"), or NULL. */
const struct rb_instrument *rb_instrument_find(const char *id);

struct rb_instrument_score {
    const struct rb_instrument *inst;
    double score;
    double max;       /* = inst->score_max */
    size_t answered;  /* items scored */
    size_t missing;   /* items unanswered or not applicable */
    const char *band; /* interpretation label, NULL when none */
    /* The measure the score feeds, NULL when the caller must choose (NPRS:
     * see rb_instrument_measure()). */
    const char *measure;
};

/*
 * Score 'n' answers.  answers[i] is item i+1's answer; present[i] false
 * marks it missing (or "not applicable") and its answer is ignored.
 * 'present' NULL means every item is answered.
 *
 * RB_EINVAL, code and field set, *ret untouched, when:
 *   wrong_count   n != inst->n_items (field "answers");
 *   out_of_range  an answer outside item_min..item_max or not a whole
 *                 number (field "answers[i]", 0-based);
 *   too_many_missing  the missing-item rule fails, e.g. "QuickDASH: 2
 *                 items missing, at most 1 allowed" (field "answers").
 * Pure, no allocation.
 */
enum rb_status rb_instrument_score(const struct rb_instrument *inst,
    const double *answers, const bool *present, size_t n,
    struct rb_instrument_score *ret, struct rb_err *err) RB_MUST_CHECK;

/* Does 'measure' belong to inst->measures?  (NPRS: pick one.) */
bool rb_instrument_measure(
    const struct rb_instrument *inst, const char *measure);

enum rb_change_verdict {
    RB_CHANGE_NONE = 0, /* no important change: |change| < MCID */
    RB_CHANGE_IMPROVED, /* at least the MCID in the better direction */
    RB_CHANGE_WORSENED, /* at least the MCID in the worse direction */
    RB_CHANGE_UNKNOWN,  /* the instrument has no MCID in our sources */
};

struct rb_instrument_change {
    double before, after;
    double change; /* after - before, signed as the scale runs */
    enum rb_change_verdict verdict;
};

/*
 * Compare two scores of 'inst' with its MCID, honouring its direction.
 * Improved: the change in the better direction is at least the MCID, or
 * (where mcid_pct is set and before > 0) at least mcid_pct % of 'before'.
 * Worsened: at least the MCID in the worse direction (the percentage rule
 * is published for improvement only, so it is not applied here).
 * RB_EINVAL (out_of_range, field "before" / "after") when a score is
 * outside score_min..score_max.  Pure.
 */
enum rb_status rb_instrument_change(const struct rb_instrument *inst,
    double before, double after, struct rb_instrument_change *ret,
    struct rb_err *err) RB_MUST_CHECK;

/* "improved", "worsened", "no_important_change", "unknown".  Static. */
const char *rb_change_verdict_name(enum rb_change_verdict v);

/* ------------------------------------------------------------------ */
/* JSON (instruments_json.c).  Each returns a new reference; allocates. */

/*
 * A score:
 *   {"instrument": "quickdash", "version": "...", "measure": "quickdash"
 *    (null for the NPRS unless chosen: see "measures"), "measures": [...],
 *    "score": 25.0, "min": 0, "max": 100, "unit": "points", "precision": 1,
 *    "direction": "lower_is_better", "subscales": [],
 *    "interpretation": {"band": "...", "source": "..."} or null,
 *    "answered": 11, "missing": 0, "source": "QuickDASH"}
 */
json_t *rb_instrument_score_to_json(const struct rb_instrument_score *s);

/*
 * A change:
 *   {"before": 40.0, "after": 20.0, "change": -20.0, "mcid": 14 or null,
 *    "mcid_pct": 30 (only when set), "mcid_source": "QuickDASH" or null,
 *    "mcid_verified": true, "verdict": "improved"}
 */
json_t *rb_instrument_change_to_json(
    const struct rb_instrument *inst, const struct rb_instrument_change *c);

/* The definition row: id, name, version, items, answer range, missing
 * rule, formula, range, unit, direction, bands, MCID, sources. */
json_t *rb_instrument_to_json(const struct rb_instrument *inst);

#endif /* RB_CORE_INSTRUMENTS_H */
