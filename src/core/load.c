/*
 * load.c -- training-load metrics; see load.h and docs/load-monitoring.md.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/load.h"

/* clang-format off */
const struct rb_load_threshold rb_load_thresholds[RB__LTH_MAX] = {
    [RB_LTH_ACWR_LOW] = {"acwr_low", 0.8, "ratio", "<",
        "athletes, team sports", "Gabbett", true, NULL, NULL},
    [RB_LTH_ACWR_HIGH] = {"acwr_high", 1.3, "ratio", ">",
        "athletes, team sports", "Gabbett", true, NULL, NULL},
    [RB_LTH_ACWR_DANGER] = {"acwr_danger", 1.5, "ratio", ">=",
        "athletes, team sports", "Gabbett", true, NULL, NULL},
    /* The brief marks "monotony > 2" UNVERIFIED: kept, flagged as such. */
    [RB_LTH_MONOTONY_HIGH] = {"monotony_high", 2.0, "ratio", ">",
        "athletes", "sRPE", false, NULL, NULL},
};
/* clang-format on */

static const char why_week[] = "needs 7 days of history";
static const char why_chronic[] = "needs 28 days of history";
static const char why_ctl[] = "needs 42 days of history";
static const char why_form[] =
    "needs 42 days of history before yesterday (form is yesterday's fitness "
    "minus fatigue)";
static const char why_sd0[] =
    "every day of the 7 had the same load, so the standard deviation is 0 "
    "and mean / SD is undefined";
static const char why_strain[] = "monotony is undefined this week";
static const char why_chronic0[] =
    "the chronic load is 0, so the ratio is undefined";

/* The caveat every ratio flag carries [Critique]. */
#define CAVEAT                                                                 \
    " Descriptive only: the ratio alone does not predict injury for one "      \
    "person."

const char *
rb_metric_state_name(enum rb_metric_state s)
{
    switch (s) {
    case RB_METRIC_OK:
        return "ok";
    case RB_METRIC_SHORT_HISTORY:
        return "short_history";
    case RB_METRIC_UNDEFINED:
        return "undefined";
    }
    return "undefined";
}

const char *
rb_pmc_variant_name(enum rb_pmc_variant v)
{
    return v == RB_PMC_SIMPLE_EWMA ? "simple_ewma" : "exp_decay";
}

int
rb_pmc_variant_parse(const char *s)
{
    if (s == NULL) {
        return -1;
    }
    if (strcmp(s, "exp_decay") == 0) {
        return RB_PMC_EXP_DECAY;
    }
    if (strcmp(s, "simple_ewma") == 0) {
        return RB_PMC_SIMPLE_EWMA;
    }
    return -1;
}

enum rb_status
rb_load_session_load(
    const struct rb_load_session *s, double *ret, struct rb_err *err)
{
    if (!isfinite(s->rpe) || s->rpe < 0 || s->rpe > 10) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "rpe",
            "must be a number from 0 to 10 (CR-10)");
    }
    if (!isfinite(s->minutes) || s->minutes < 0 ||
        s->minutes > RB_LOAD_MAX_MINUTES) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "minutes",
            "must be a number from 0 to %d", RB_LOAD_MAX_MINUTES);
    }
    *ret = s->rpe * s->minutes; /* [sRPE] */
    return RB_OK;
}

static struct rb_metric
ok(double v)
{
    return (struct rb_metric){RB_METRIC_OK, v, NULL};
}

static struct rb_metric
short_history(const char *why)
{
    return (struct rb_metric){RB_METRIC_SHORT_HISTORY, 0, why};
}

static struct rb_metric
undefined(const char *why)
{
    return (struct rb_metric){RB_METRIC_UNDEFINED, 0, why};
}

/* Sum of loads[i-len+1 .. i], all inside the series. */
static double
window_sum(const struct rb_load_day *d, size_t i, size_t len)
{
    double s = 0;

    for (size_t k = 0; k < len; k++) {
        s += d[i - k].load;
    }
    return s;
}

/* Foster's monotony over days i-6..i: mean / sample SD [sRPE]. */
static void
monotony(struct rb_load_day *d, size_t i)
{
    const size_t n = RB_LOAD_WEEK_DAYS;
    double mean = window_sum(d, i, n) / (double)n, ss = 0, sd;
    bool same = true;

    /* Compare the loads themselves: a mean that rounds differently from
     * the values could leave a tiny non-zero SD and a huge fake ratio. */
    for (size_t k = 0; k < n; k++) {
        same = same && d[i - k].load == d[i].load;
        ss += (d[i - k].load - mean) * (d[i - k].load - mean);
    }
    if (same) {
        d[i].monotony = undefined(why_sd0);
        d[i].strain = undefined(why_strain);
        return;
    }
    sd = sqrt(ss / (double)(n - 1)); /* sample SD, as the brief's vector */
    d[i].monotony = ok(mean / sd);
    d[i].strain = ok(d[i].weekly.value * d[i].monotony.value);
}

static struct rb_metric
ratio(double num, double den)
{
    return den > 0 ? ok(num / den) : undefined(why_chronic0);
}

static void
rolling(struct rb_load_day *d, size_t i)
{
    const int32_t h = d[i].history_days;

    if (h < RB_LOAD_ACUTE_DAYS) {
        d[i].weekly = d[i].acute_rolling = short_history(why_week);
        d[i].monotony = d[i].strain = short_history(why_week);
    } else {
        d[i].weekly = ok(window_sum(d, i, RB_LOAD_WEEK_DAYS));
        d[i].acute_rolling = ok(window_sum(d, i, RB_LOAD_ACUTE_DAYS));
        monotony(d, i);
    }
    if (h < RB_LOAD_CHRONIC_DAYS) {
        d[i].chronic_rolling = short_history(why_chronic);
        d[i].acwr_coupled = d[i].acwr_uncoupled = short_history(why_chronic);
        return;
    }
    /* Coupled: the acute week is inside the 28 days [Gabbett]. */
    double chronic28 = window_sum(d, i, RB_LOAD_CHRONIC_DAYS);
    d[i].chronic_rolling = ok(chronic28 / 4.0);
    d[i].acwr_coupled =
        ratio(d[i].acute_rolling.value, d[i].chronic_rolling.value);
    /* Uncoupled: days t-27..t-7 only [EWMA]. */
    double older = chronic28 - d[i].acute_rolling.value;
    d[i].acwr_uncoupled = ratio(d[i].acute_rolling.value / 7.0,
        older / (double)(RB_LOAD_CHRONIC_DAYS - RB_LOAD_ACUTE_DAYS));
}

/* EWMA_t = lambda load_t + (1 - lambda) EWMA_t-1, lambda = 2 / (N + 1),
 * seeded with the first day's load [EWMA]. */
static void
ewma(struct rb_load_day *d, size_t n)
{
    const double la = 2.0 / (RB_LOAD_ACUTE_DAYS + 1);
    const double lc = 2.0 / (RB_LOAD_CHRONIC_DAYS + 1);
    double acute = d[0].load, chronic = d[0].load;

    for (size_t i = 0; i < n; i++) {
        acute = la * d[i].load + (1 - la) * acute;
        chronic = lc * d[i].load + (1 - lc) * chronic;
        d[i].acute_ewma = d[i].history_days < RB_LOAD_ACUTE_DAYS
                              ? short_history(why_week)
                              : ok(acute);
        if (d[i].history_days < RB_LOAD_CHRONIC_DAYS) {
            d[i].chronic_ewma = d[i].acwr_ewma = short_history(why_chronic);
        } else {
            d[i].chronic_ewma = ok(chronic);
            d[i].acwr_ewma = ratio(acute, chronic);
        }
    }
}

/* Fitness / fatigue from 0 on the day before the series [GC-PMC]
 * [TP-PMC]; form on day t is fitness - fatigue of day t-1. */
static void
pmc(struct rb_load_day *d, size_t n, enum rb_pmc_variant v)
{
    const double kl = exp(-1.0 / RB_LOAD_CTL_DAYS);
    const double ks = exp(-1.0 / RB_LOAD_ATL_DAYS);
    double fit = 0, fat = 0, prev_fit = 0, prev_fat = 0;

    for (size_t i = 0; i < n; i++) {
        prev_fit = fit;
        prev_fat = fat;
        if (v == RB_PMC_SIMPLE_EWMA) {
            fit += (d[i].load - fit) / RB_LOAD_CTL_DAYS;
            fat += (d[i].load - fat) / RB_LOAD_ATL_DAYS;
        } else {
            fit = d[i].load * (1 - kl) + fit * kl;
            fat = d[i].load * (1 - ks) + fat * ks;
        }
        d[i].fitness = d[i].history_days < RB_LOAD_CTL_DAYS
                           ? short_history(why_ctl)
                           : ok(fit);
        d[i].fatigue = d[i].history_days < RB_LOAD_ATL_DAYS
                           ? short_history(why_week)
                           : ok(fat);
        d[i].form = d[i].history_days <= RB_LOAD_CTL_DAYS
                        ? short_history(why_form)
                        : ok(prev_fit - prev_fat);
    }
}

struct flagger {
    struct rb_load_flag *flags;
    size_t n;
};

static void
add_flag(struct flagger *f, const struct rb_load_day *d, const char *metric,
    double v, enum rb_load_threshold_id t, const char *msg)
{
    f->flags[f->n++] = (struct rb_load_flag){.day = d->day,
        .id = rb_load_thresholds[t].id,
        .metric = metric,
        .value = v,
        .threshold = &rb_load_thresholds[t],
        .message = msg};
}

static void
flag_acwr(struct flagger *f, const struct rb_load_day *d, const char *metric,
    const struct rb_metric *m)
{
    if (m->state != RB_METRIC_OK) {
        return;
    }
    if (m->value >= rb_load_thresholds[RB_LTH_ACWR_DANGER].value) {
        add_flag(f, d, metric, m->value, RB_LTH_ACWR_DANGER,
            "Acute load is at least 1.5 times the chronic load, the range "
            "Gabbett 2016 called a danger zone." CAVEAT);
    } else if (m->value > rb_load_thresholds[RB_LTH_ACWR_HIGH].value) {
        add_flag(f, d, metric, m->value, RB_LTH_ACWR_HIGH,
            "Acute load is above the 0.8-1.3 range Gabbett 2016 associated "
            "with the lowest injury rates." CAVEAT);
    } else if (m->value < rb_load_thresholds[RB_LTH_ACWR_LOW].value) {
        add_flag(f, d, metric, m->value, RB_LTH_ACWR_LOW,
            "Acute load is below the 0.8-1.3 range Gabbett 2016 associated "
            "with the lowest injury rates." CAVEAT);
    }
}

static void
flag_day(struct flagger *f, struct rb_load_day *d)
{
    d->first_flag = f->n;
    flag_acwr(f, d, "acwr_coupled", &d->acwr_coupled);
    flag_acwr(f, d, "acwr_uncoupled", &d->acwr_uncoupled);
    flag_acwr(f, d, "acwr_ewma", &d->acwr_ewma);
    if (d->monotony.state == RB_METRIC_OK &&
        d->monotony.value > rb_load_thresholds[RB_LTH_MONOTONY_HIGH].value) {
        add_flag(f, d, "monotony", d->monotony.value, RB_LTH_MONOTONY_HIGH,
            "Training monotony above 2: the days of the week were much alike. "
            "The threshold is a common heuristic, not verified in a source "
            "read.");
    }
    d->n_flags = f->n - d->first_flag;
}

/* Four flags a day at most: one per ratio variant and one for monotony. */
#define FLAGS_PER_DAY 4

enum rb_status
rb_load_compute(const struct rb_load_entry *entries, size_t n,
    const struct rb_load_opts *opts, struct rb_arena *a,
    struct rb_load_series **ret, struct rb_err *err)
{
    static const struct rb_load_opts defaults = {0};
    struct rb_load_series *s;
    struct flagger f;
    int64_t first, last, span;
    char field[48];

    if (opts == NULL) {
        opts = &defaults;
    }
    if (n == 0) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "entries",
            "must hold at least one day");
    }
    if (n > RB_LOAD_MAX_ENTRIES) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "entries",
            "must hold at most %d items", RB_LOAD_MAX_ENTRIES);
    }
    first = last = entries[0].day;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(entries[i].load) || entries[i].load < 0 ||
            entries[i].load > RB_LOAD_MAX_DAILY) {
            snprintf(field, sizeof(field), "entries[%zu].load", i);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "must be a number from 0 to %.0f", RB_LOAD_MAX_DAILY);
        }
        first = entries[i].day < first ? entries[i].day : first;
        last = entries[i].day > last ? entries[i].day : last;
    }
    if (opts->has_through) {
        if (opts->through < last) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", "through",
                "must not be before the last entry");
        }
        last = opts->through;
    }
    span = last - first + 1;
    if (span > RB_LOAD_MAX_DAYS) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "entries",
            "must span at most %d days", RB_LOAD_MAX_DAYS);
    }

    s = rb_arena_alloc(a, sizeof(*s));
    s->n_days = (size_t)span;
    s->days = rb_arena_alloc(a, s->n_days * sizeof(*s->days));
    for (size_t i = 0; i < s->n_days; i++) {
        s->days[i].day = (int32_t)(first + (int64_t)i);
        s->days[i].history_days = (int32_t)i + 1;
    }
    /* Back-dated and unsorted entries land on their own day. */
    for (size_t i = 0; i < n; i++) {
        struct rb_load_day *d = &s->days[entries[i].day - first];
        d->load += entries[i].load;
        d->entries++;
    }
    for (size_t i = 0; i < s->n_days; i++) {
        rolling(s->days, i);
    }
    ewma(s->days, s->n_days);
    pmc(s->days, s->n_days, opts->pmc);

    f.flags = rb_arena_alloc(a, s->n_days * FLAGS_PER_DAY * sizeof(*f.flags));
    f.n = 0;
    for (size_t i = 0; i < s->n_days; i++) {
        flag_day(&f, &s->days[i]);
    }
    s->flags = f.flags;
    s->n_flags = f.n;
    *ret = s;
    return RB_OK;
}
