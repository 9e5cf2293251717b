/*
 * instruments.c -- the PROM table and the scorer; see instruments.h.
 *
 * Every number below is from the domain brief section 4 and names its
 * source key.  "UNVERIFIED" in a comment repeats the brief's own flag.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/instruments.h"

/* Scores are doubles: compare with a tolerance so that, e.g., a QuickDASH
 * change of 13.999999 from rounding is not read as short of 14. */
#define EPS 1e-9

/* ODI sections in form order [ODI].  The "sex life" section is replaced by
 * "employment/homemaking" in modified versions; this row is the original. */
static const char *const odi_sections[] = {
    "pain intensity",
    "personal care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex life",
    "social life",
    "travelling",
};

/* clang-format off */
static const struct rb_instrument table[] = {
    {
        .id = "nprs", .name = "Numeric Pain Rating Scale",
        .version = "NPRS 0-10, single item",
        .measures = {"pain_rest", "pain_activity", "pain_next_morning",
                     "pain_sport"},
        .n_items = 1, .item_min = 0, .item_max = 10,
        /* A single item: nothing to prorate [NPRS]. */
        .max_missing = 0, .missing_verified = true,
        .missing_rule = "the single item must be answered",
        .formula = RB_FORMULA_SUM, .score_min = 0, .score_max = 10,
        .unit = "points", .precision = 0, .direction = RB_LOWER_IS_BETTER,
        /*
         * The commonly used bands 1-3 / 4-6 / 7-10 [NPRS]; 0 is the
         * scale's own "no pain" anchor.  (The interference-based bands for
         * chronic musculoskeletal pain, <= 5 / 6-7 / >= 8, are a different
         * use and are not applied.)
         */
        .bands = {{0, "no pain"}, {3, "mild"}, {6, "moderate"},
                  {10, "severe"}},
        .n_bands = 4, .bands_source = "NPRS",
        /* >= 2 points or >= 30 % of baseline (LBP consensus, Ostelo). */
        .has_mcid = true, .mcid = 2, .mcid_pct = 30, .mcid_verified = true,
        .mcid_source = "NPRS", .source = "NPRS",
    },
    {
        .id = "lefs", .name = "Lower Extremity Functional Scale",
        .version = "LEFS, 20 items (Binkley 1999)",
        .measures = {"lefs"},
        .n_items = 20, .item_min = 0, .item_max = 4,
        /*
         * UNVERIFIED in the brief: proration when up to 4 items are
         * missing is common but was not found in a source read, so every
         * item is required [LEFS].
         */
        .max_missing = 0, .missing_verified = false,
        .missing_rule = "all 20 items are required (the proration rule "
                        "often quoted is unverified)",
        .formula = RB_FORMULA_SUM, .score_min = 0, .score_max = 80,
        .unit = "points", .precision = 0, .direction = RB_HIGHER_IS_BETTER,
        /* No bands in the source; healthy median 77/80 (docs only). */
        .n_bands = 0,
        .has_mcid = true, .mcid = 9, .mcid_verified = true,
        .mcid_source = "LEFS", .source = "LEFS",
    },
    {
        .id = "quickdash", .name = "QuickDASH",
        .version = "QuickDASH, 11 items (optional modules not scored)",
        .measures = {"quickdash"},
        .n_items = 11, .item_min = 1, .item_max = 5,
        /* At least 10 of 11 answered [QuickDASH]. */
        .max_missing = 1, .missing_verified = true,
        .missing_rule = "at most 1 of the 11 items may be missing",
        .formula = RB_FORMULA_DASH, .score_min = 0, .score_max = 100,
        .unit = "points", .precision = 1, .direction = RB_LOWER_IS_BETTER,
        .n_bands = 0,
        /* 14 (95 % CI 9-20), Sorensen 2013; other studies 8-16. */
        .has_mcid = true, .mcid = 14, .mcid_verified = true,
        .mcid_source = "QuickDASH", .source = "QuickDASH",
    },
    {
        .id = "odi", .name = "Oswestry Disability Index",
        .version = "ODI, 10 sections (original, with sex life)",
        .measures = {"odi"},
        .n_items = 10, .item_min = 0, .item_max = 5,
        /*
         * Each missing or not-applicable section takes 5 off the
         * denominator [ODI]; the published example has one missing.  The
         * brief notes some versions cap it at 1 missing section and marks
         * that cap UNVERIFIED; we apply it rather than score a form with
         * several sections blank.
         */
        .max_missing = 1, .missing_verified = false,
        .missing_rule = "each missing or not-applicable section removes 5 "
                        "from the denominator; at most 1 section may be "
                        "missing (cap unverified)",
        .formula = RB_FORMULA_PERCENT_OF_ANSWERED_MAX,
        .score_min = 0, .score_max = 100,
        .unit = "%", .precision = 1, .direction = RB_LOWER_IS_BETTER,
        /* 0-20 minimal ... 81-100 bed-bound or exaggerating [ODI]; a
         * fractional score (35.6) falls in the band whose top it does not
         * exceed. */
        .bands = {{20, "minimal disability"}, {40, "moderate disability"},
                  {60, "severe disability"}, {80, "crippled"},
                  {100, "bed-bound or exaggerating"}},
        .n_bands = 5, .bands_source = "ODI",
        /* 10 points or 30 % (consensus, Ostelo [NPRS]); other estimates
         * 11-12.8. */
        .has_mcid = true, .mcid = 10, .mcid_pct = 30, .mcid_verified = true,
        .mcid_source = "NPRS", .source = "ODI",
        .item_names = odi_sections,
    },
    {
        .id = "faam_adl", .name = "FAAM activities of daily living",
        .version = "FAAM ADL subscale, 21 items (Martin 2005)",
        .measures = {"faam_adl"},
        .n_items = 21, .item_min = 0, .item_max = 4,
        /* >= 90 % answered, i.e. >= 19 of 21; N/A leaves the
         * denominator [FAAM]. */
        .max_missing = 2, .missing_verified = true,
        .missing_rule = "at least 19 of 21 items (90 %) answered; "
                        "not applicable counts as missing",
        .formula = RB_FORMULA_PERCENT_OF_ANSWERED_MAX,
        .score_min = 0, .score_max = 100,
        .unit = "%", .precision = 1, .direction = RB_HIGHER_IS_BETTER,
        .n_bands = 0,
        .has_mcid = true, .mcid = 8, .mcid_verified = true,
        .mcid_source = "FAAM", .source = "FAAM",
    },
    {
        .id = "faam_sport", .name = "FAAM sports",
        .version = "FAAM Sports subscale, 8 items (Martin 2005)",
        .measures = {"faam_sport"},
        .n_items = 8, .item_min = 0, .item_max = 4,
        /* >= 90 %, i.e. >= 7 of 8 [FAAM]. */
        .max_missing = 1, .missing_verified = true,
        .missing_rule = "at least 7 of 8 items (90 %) answered; "
                        "not applicable counts as missing",
        .formula = RB_FORMULA_PERCENT_OF_ANSWERED_MAX,
        .score_min = 0, .score_max = 100,
        .unit = "%", .precision = 1, .direction = RB_HIGHER_IS_BETTER,
        .n_bands = 0,
        .has_mcid = true, .mcid = 9, .mcid_verified = true,
        .mcid_source = "FAAM", .source = "FAAM",
    },
    {
        .id = "tsk11", .name = "Tampa Scale of Kinesiophobia, 11 items",
        .version = "TSK-11",
        .measures = {"tsk11"},
        /*
         * 1 strongly disagree .. 4 strongly agree, summed to 11-44 [TSK].
         * No item is reverse-scored: the sources read give the 11-44 range
         * as a plain sum, and the reversed items of the TSK-17 (4, 8, 12,
         * 16) are among those the short form dropped.
         */
        .n_items = 11, .item_min = 1, .item_max = 4,
        /* UNVERIFIED in the brief: no published missing rule read. */
        .max_missing = 0, .missing_verified = false,
        .missing_rule = "all 11 items are required (no published rule "
                        "found)",
        .formula = RB_FORMULA_SUM, .score_min = 11, .score_max = 44,
        .unit = "points", .precision = 0, .direction = RB_LOWER_IS_BETTER,
        /* The "> 37 high" cut-off is for the TSK-17, not this form. */
        .n_bands = 0,
        /* 4 points (Woby 2005) -- UNVERIFIED in the brief. */
        .has_mcid = true, .mcid = 4, .mcid_verified = false,
        .mcid_source = "TSK", .source = "TSK",
    },
    {
        .id = "acl_rsi", .name = "ACL Return to Sport after Injury scale",
        .version = "ACL-RSI, 12 items, 0-10 numeric form",
        .measures = {"acl_rsi"},
        /*
         * Each item 0-10 (NRS), the mean x 10 giving 0-100 [ACL-RSI].  On
         * the 0-100 VAS form (10-point steps) divide each answer by 10.
         * The three domains (emotions, confidence, risk appraisal) are not
         * scored separately: the sources read do not map items to them.
         */
        .n_items = 12, .item_min = 0, .item_max = 10,
        /* UNVERIFIED in the brief: no published missing rule read. */
        .max_missing = 0, .missing_verified = false,
        .missing_rule = "all 12 items are required (no published rule "
                        "found)",
        .formula = RB_FORMULA_MEAN_PERCENT, .score_min = 0, .score_max = 100,
        .unit = "%", .precision = 1, .direction = RB_HIGHER_IS_BETTER,
        /* Used as a return-to-sport criterion (> 56, [Gokeler]) in one
         * battery; that belongs to phase gates, not to bands here. */
        .n_bands = 0,
        /* No MCID in the sources read. */
        .has_mcid = false,
        .source = "ACL-RSI",
    },
};
/* clang-format on */

#define NTABLE (sizeof(table) / sizeof(table[0]))

size_t
rb_instrument_count(void)
{
    return NTABLE;
}

const struct rb_instrument *
rb_instrument_at(size_t i)
{
    return i < NTABLE ? &table[i] : NULL;
}

const struct rb_instrument *
rb_instrument_find(const char *id)
{
    if (id == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < NTABLE; i++) {
        if (strcmp(table[i].id, id) == 0) {
            return &table[i];
        }
    }
    return NULL;
}

bool
rb_instrument_measure(const struct rb_instrument *inst, const char *measure)
{
    if (inst == NULL || measure == NULL) {
        return false;
    }
    for (size_t i = 0; inst->measures[i] != NULL; i++) {
        if (strcmp(inst->measures[i], measure) == 0) {
            return true;
        }
    }
    return false;
}

static const char *
band_of(const struct rb_instrument *inst, double score)
{
    for (size_t i = 0; i < inst->n_bands; i++) {
        if (score <= inst->bands[i].upper + EPS) {
            return inst->bands[i].label;
        }
    }
    return NULL;
}

enum rb_status
rb_instrument_score(const struct rb_instrument *inst, const double *answers,
    const bool *present, size_t n, struct rb_instrument_score *ret,
    struct rb_err *err)
{
    struct rb_instrument_score s = {0};
    char field[32];
    double sum = 0, v;
    size_t answered = 0;

    if (inst == NULL) {
        return rb_fail(err, RB_EINVAL, "no instrument");
    }
    if (n != inst->n_items || answers == NULL) {
        return rb_fail_field(err, RB_EINVAL, "wrong_count", "answers",
            "%s: %zu answers given, %zu items expected", inst->name, n,
            inst->n_items);
    }
    for (size_t i = 0; i < n; i++) {
        if (present != NULL && !present[i]) {
            continue;
        }
        v = answers[i];
        if (!isfinite(v) || v < inst->item_min || v > inst->item_max ||
            v != floor(v)) {
            snprintf(field, sizeof(field), "answers[%zu]", i);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "%s: item %zu must be a whole number from %g to %g", inst->name,
                i + 1, inst->item_min, inst->item_max);
        }
        sum += v;
        answered++;
    }
    s.missing = n - answered;
    if (s.missing > inst->max_missing || answered == 0) {
        return rb_fail_field(err, RB_EINVAL, "too_many_missing", "answers",
            "%s: %zu item%s missing, at most %zu allowed", inst->name,
            s.missing, s.missing == 1 ? "" : "s", inst->max_missing);
    }
    switch (inst->formula) {
    case RB_FORMULA_SUM:
        s.score = sum;
        break;
    case RB_FORMULA_DASH:
        s.score = (sum / (double)answered - 1.0) * 25.0;
        break;
    case RB_FORMULA_PERCENT_OF_ANSWERED_MAX:
        s.score = sum / (inst->item_max * (double)answered) * 100.0;
        break;
    case RB_FORMULA_MEAN_PERCENT:
        s.score = sum / (double)answered / inst->item_max * 100.0;
        break;
    default:
        return rb_fail(err, RB_EINTERNAL, "%s: unknown formula", inst->name);
    }
    s.inst = inst;
    s.max = inst->score_max;
    s.answered = answered;
    s.band = band_of(inst, s.score);
    s.measure = inst->measures[1] == NULL ? inst->measures[0] : NULL;
    *ret = s;
    return RB_OK;
}

enum rb_status
rb_instrument_change(const struct rb_instrument *inst, double before,
    double after, struct rb_instrument_change *ret, struct rb_err *err)
{
    struct rb_instrument_change c = {0};
    double gain; /* the change measured in the better direction */

    if (inst == NULL) {
        return rb_fail(err, RB_EINVAL, "no instrument");
    }
    if (!isfinite(before) || before < inst->score_min ||
        before > inst->score_max) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "before",
            "%s: a score must be from %g to %g", inst->name, inst->score_min,
            inst->score_max);
    }
    if (!isfinite(after) || after < inst->score_min ||
        after > inst->score_max) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "after",
            "%s: a score must be from %g to %g", inst->name, inst->score_min,
            inst->score_max);
    }
    c.before = before;
    c.after = after;
    c.change = after - before;
    gain = inst->direction == RB_HIGHER_IS_BETTER ? c.change : -c.change;
    if (!inst->has_mcid) {
        c.verdict = RB_CHANGE_UNKNOWN;
    } else if (gain >= inst->mcid - EPS) {
        c.verdict = RB_CHANGE_IMPROVED;
    } else if (inst->mcid_pct > 0 && gain > 0 && before > 0 &&
               gain / before * 100.0 >= inst->mcid_pct - EPS) {
        /* "or >= 30 % from baseline": only lower-is-better scales carry a
         * percentage here, so 'before' is the amount there is to lose. */
        c.verdict = RB_CHANGE_IMPROVED;
    } else if (-gain >= inst->mcid - EPS) {
        c.verdict = RB_CHANGE_WORSENED;
    } else {
        c.verdict = RB_CHANGE_NONE;
    }
    *ret = c;
    return RB_OK;
}

const char *
rb_change_verdict_name(enum rb_change_verdict v)
{
    switch (v) {
    case RB_CHANGE_IMPROVED:
        return "improved";
    case RB_CHANGE_WORSENED:
        return "worsened";
    case RB_CHANGE_UNKNOWN:
        return "unknown";
    case RB_CHANGE_NONE:
    default:
        return "no_important_change";
    }
}
