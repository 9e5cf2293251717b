/*
 * load.h -- training-load monitoring: session-RPE load, daily and weekly
 * load, Foster's monotony and strain, the acute:chronic workload ratio
 * (rolling coupled, rolling uncoupled, exponentially weighted) and the
 * Banister-style fitness / fatigue / form model.
 *
 * Every formula, threshold and source is in docs/load-monitoring.md (from
 * the domain brief section 7).  The ratios are DESCRIPTIVE: the flags say
 * that a number crossed a published threshold, never that a person is at
 * risk of injury [Critique].
 *
 * Conventions:
 *  - days are day numbers (util/str.h: days since 1970-01-01);
 *  - the series runs from the first day with an entry to the last one (or
 *    to opts.through); a day without an entry is a rest day, load 0;
 *  - entries may come in any order, several per day: they are summed;
 *  - a metric that needs more history than there is, or whose formula is
 *    undefined on that day (a standard deviation or a chronic load of 0),
 *    is not a number but a state and a reason (brief section 0, rule 4).
 *
 * Pure: no I/O, no clock; results live in the caller's arena.
 */
#ifndef RB_CORE_LOAD_H
#define RB_CORE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/status.h"

/* Caps on input (every input is capped; see docs/STYLE.md). */
#define RB_LOAD_MAX_ENTRIES 20000 /* sessions or daily values */
#define RB_LOAD_MAX_DAYS 3660     /* ten years from first to last day */
#define RB_LOAD_MAX_MINUTES 1440  /* one session: at most a day */
#define RB_LOAD_MAX_DAILY 1e6     /* one daily value, AU */

/* One session as reported: CR-10 session RPE and duration [sRPE]. */
struct rb_load_session {
    int32_t day;
    double rpe;     /* 0..10, Foster's modified CR-10 scale */
    double minutes; /* 0..RB_LOAD_MAX_MINUTES */
};

/* A load on a day (one session's, or a whole day's), arbitrary units. */
struct rb_load_entry {
    int32_t day;
    double load; /* >= 0 */
};

/* Session load = sRPE x minutes [sRPE].  RB_EINVAL when either is out of
 * range (err->field "rpe" or "minutes"); *ret written only on RB_OK. */
enum rb_status rb_load_session_load(const struct rb_load_session *s,
    double *ret, struct rb_err *err) RB_MUST_CHECK;

/* Which fitness/fatigue update (brief 7.3). */
enum rb_pmc_variant {
    RB_PMC_EXP_DECAY = 0, /* GoldenCheetah: k = e^(-1/tau) [GC-PMC] */
    RB_PMC_SIMPLE_EWMA,   /* TrainingPeaks: x += (load - x) / tau [TP-PMC] */
};

struct rb_load_opts {
    bool has_through;
    int32_t through; /* extend the series with rest days up to this day */
    enum rb_pmc_variant pmc;
};

enum rb_metric_state {
    RB_METRIC_OK = 0,
    RB_METRIC_SHORT_HISTORY, /* fewer days of history than it needs */
    RB_METRIC_UNDEFINED,     /* its formula divides by zero that day */
};

/* A value, or a state with the reason (static string) there is none. */
struct rb_metric {
    enum rb_metric_state state;
    double value;       /* meaningful only when state is RB_METRIC_OK */
    const char *reason; /* NULL when OK */
};

/*
 * One day of the series.  Units: load, weekly, acute_rolling and strain
 * are AU (per day, per 7 days, ...); chronic_rolling is AU per week (the
 * 28-day sum / 4); the EWMAs and fitness/fatigue/form are AU per day.
 */
struct rb_load_day {
    int32_t day;
    double load;               /* sum of the day's entries; 0 on a rest day */
    unsigned entries;          /* how many entries made it */
    int32_t history_days;      /* 1 on the first day of the series */
    struct rb_metric weekly;   /* sum of days t-6..t */
    struct rb_metric monotony; /* mean / sample SD over t-6..t */
    struct rb_metric strain;   /* weekly x monotony */
    struct rb_metric acute_rolling;   /* sum t-6..t */
    struct rb_metric chronic_rolling; /* sum t-27..t / 4 */
    struct rb_metric acwr_coupled;    /* acute_rolling / chronic_rolling */
    struct rb_metric acwr_uncoupled;  /* mean t-6..t / mean t-27..t-7 */
    struct rb_metric acute_ewma;      /* lambda = 2/(7+1) */
    struct rb_metric chronic_ewma;    /* lambda = 2/(28+1) */
    struct rb_metric acwr_ewma;       /* acute_ewma / chronic_ewma */
    struct rb_metric fitness;         /* CTL / LTS, tau 42 days */
    struct rb_metric fatigue;         /* ATL / STS, tau 7 days */
    struct rb_metric form;            /* TSB: yesterday's fitness - fatigue */
    size_t first_flag, n_flags;       /* this day's flags in series->flags */
};

/* A threshold, as a rule-table row (brief section 0, convention 1). */
struct rb_load_threshold {
    const char *id;
    double value;
    const char *unit;
    const char *comparator; /* how the metric compares to trigger: ">=" */
    const char *population;
    const char *source;
    bool verified; /* false: the brief marks it UNVERIFIED */
    const char *valid_from, *valid_to;
};

enum rb_load_threshold_id {
    RB_LTH_ACWR_LOW,      /* < 0.8: under the "sweet spot" [Gabbett] */
    RB_LTH_ACWR_HIGH,     /* > 1.3: over the "sweet spot" [Gabbett] */
    RB_LTH_ACWR_DANGER,   /* >= 1.5: the "danger zone" [Gabbett] */
    RB_LTH_MONOTONY_HIGH, /* > 2: a heuristic, UNVERIFIED [sRPE] */
    RB__LTH_MAX
};

extern const struct rb_load_threshold rb_load_thresholds[RB__LTH_MAX];

/* Days of history each metric needs, and the EWMA / PMC constants. */
#define RB_LOAD_WEEK_DAYS 7     /* weekly load, monotony, strain [sRPE] */
#define RB_LOAD_ACUTE_DAYS 7    /* [Gabbett] [EWMA] */
#define RB_LOAD_CHRONIC_DAYS 28 /* [Gabbett] [EWMA] */
#define RB_LOAD_CTL_DAYS 42     /* [GC-PMC] [TP-PMC] */
#define RB_LOAD_ATL_DAYS 7      /* [GC-PMC] [TP-PMC] */

/* A flag: a metric crossed a threshold on a day. */
struct rb_load_flag {
    int32_t day;
    const char *id;     /* "acwr_danger", "acwr_high", "acwr_low",
                           "monotony_high" */
    const char *metric; /* "acwr_coupled", "monotony", ... */
    double value;
    const struct rb_load_threshold *threshold;
    const char *message; /* plain language, with the caveat */
};

struct rb_load_series {
    struct rb_load_day *days;
    size_t n_days;
    struct rb_load_flag *flags; /* in day order */
    size_t n_flags;
};

/*
 * Compute every metric for every day from 'n' entries (any order, several
 * per day allowed; n >= 1).  RB_EINVAL (err->field "entries[i].load",
 * "entries" or "through") for a negative or non-finite load, more than
 * RB_LOAD_MAX_ENTRIES entries, a span over RB_LOAD_MAX_DAYS days, or a
 * 'through' day before the last entry.  Allocates the series in 'a';
 * *ret is written only on RB_OK.
 */
enum rb_status rb_load_compute(const struct rb_load_entry *entries, size_t n,
    const struct rb_load_opts *opts, struct rb_arena *a,
    struct rb_load_series **ret, struct rb_err *err) RB_MUST_CHECK;

/* "ok", "short_history", "undefined"; static. */
const char *rb_metric_state_name(enum rb_metric_state s);
/* "exp_decay", "simple_ewma"; static.  Parse: -1 when unknown. */
const char *rb_pmc_variant_name(enum rb_pmc_variant v);
int rb_pmc_variant_parse(const char *s);

#endif /* RB_CORE_LOAD_H */
