/*
 * adjust.c -- pain-monitored adjustment rules; see adjust.h and
 * docs/adjustment.md.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/adjust.h"
#include "util/str.h"

/* clang-format off */
const struct rb_adj_rule rb_adj_rules[RB__ADJ_RULE_MAX] = {
    [RB_ADJ_RULE_RED_FLAG] = {"adj.red_flag",
        "a check-in lists a red flag that refers on its own",
        RB_ADJ_STOP_AND_REFER, "Rebound-design", false},
    [RB_ADJ_RULE_REGRESSION_FAILED] = {"adj.regression_failed",
        "since the exercise was regressed, pain during it went over the "
        "limit in 2 or more sessions",
        RB_ADJ_SUBSTITUTE, "Rebound-design", false},
    [RB_ADJ_RULE_PAIN_DURING] = {"adj.pain_during",
        "pain during the latest session went over the pain limit",
        RB_ADJ_REGRESS, "Achilles", true},
    [RB_ADJ_RULE_MORNING_ABOVE_LIMIT] = {"adj.morning_above_limit",
        "the morning after the latest session, pain in a region the "
        "exercise loads was over the pain limit",
        RB_ADJ_REGRESS, "Achilles", true},
    [RB_ADJ_RULE_PAIN_RISING] = {"adj.pain_rising",
        "mean check-in pain in a region the exercise loads rose by 1 point "
        "or more from the week before to this week",
        RB_ADJ_REGRESS, "Achilles", false},
    [RB_ADJ_RULE_STIFFNESS_RISING] = {"adj.stiffness_rising",
        "mean check-in stiffness rose by 1 point or more from the week "
        "before to this week",
        RB_ADJ_REGRESS, "Achilles", false},
    [RB_ADJ_RULE_MORNING_ABOVE_BASELINE] = {"adj.morning_above_baseline",
        "the morning after the latest session, pain in a region the "
        "exercise loads was above its baseline (but within the limit)",
        RB_ADJ_HOLD, "UD-ACL", true},
    [RB_ADJ_RULE_PROGRESS] = {"adj.progress",
        "in each of the 2 latest sessions at this dose: all target sets, "
        "the last set 2 or more reps over target (timed: every set at the "
        "target time) at the target effort, and pain within the limit "
        "during and the next morning",
        RB_ADJ_PROGRESS, "2for2", true},
    [RB_ADJ_RULE_KEEP] = {"adj.keep",
        "no other rule fired: keep the current dose",
        RB_ADJ_HOLD, "Rebound-design", true},
};
/* clang-format on */

const char *
rb_adj_action_name(enum rb_adj_action a)
{
    switch (a) {
    case RB_ADJ_PROGRESS:
        return "progress";
    case RB_ADJ_HOLD:
        return "hold";
    case RB_ADJ_REGRESS:
        return "regress";
    case RB_ADJ_SUBSTITUTE:
        return "substitute";
    case RB_ADJ_STOP_AND_REFER:
        return "stop_and_refer";
    }
    return "hold";
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static bool
absent(double v)
{
    return v == RB_ADJ_ABSENT;
}

/* A 0..10 score, or absent when 'optional'. */
static bool
score_ok(double v, bool optional)
{
    if (absent(v)) {
        return optional;
    }
    return isfinite(v) && v >= 0 && v <= 10;
}

static bool
count_ok(double v)
{
    return absent(v) || (isfinite(v) && v >= 0 && v <= 100000);
}

#define BAD(field, ...)                                                        \
    rb_fail_field(err, RB_EINVAL, "out_of_range", field, __VA_ARGS__)

static enum rb_status
check_regions(
    const char *const *r, size_t n, const char *path, struct rb_err *err)
{
    char f[160]; /* err->field keeps what fits */

    if (n > RB_ADJ_MAX_REGIONS) {
        snprintf(f, sizeof(f), "%s", path);
        return BAD(f, "must list at most %d regions", RB_ADJ_MAX_REGIONS);
    }
    for (size_t i = 0; i < n; i++) {
        if (r[i] == NULL || r[i][0] == '\0') {
            snprintf(f, sizeof(f), "%s[%zu]", path, i);
            return BAD(f, "must be a region name");
        }
    }
    return RB_OK;
}

static enum rb_status
check_pains(const struct rb_adj_region_pain *p, size_t n, const char *path,
    struct rb_err *err)
{
    char f[160]; /* err->field keeps what fits */

    if (n > RB_ADJ_MAX_REGIONS) {
        snprintf(f, sizeof(f), "%s", path);
        return BAD(f, "must list at most %d regions", RB_ADJ_MAX_REGIONS);
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i].region == NULL || p[i].region[0] == '\0') {
            snprintf(f, sizeof(f), "%s[%zu].region", path, i);
            return BAD(f, "must be a region name");
        }
        if (!score_ok(p[i].pain, false)) {
            snprintf(f, sizeof(f), "%s[%zu].pain", path, i);
            return BAD(f, "must be a number from 0 to 10");
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(p[k].region, p[i].region) == 0) {
                snprintf(f, sizeof(f), "%s[%zu].region", path, i);
                return rb_fail_field(
                    err, RB_EINVAL, "duplicate_value", f, "is listed twice");
            }
        }
    }
    return RB_OK;
}

static enum rb_status
check_dose(const struct rb_adj_dose *d, size_t i, struct rb_err *err)
{
    char f[96];

    snprintf(f, sizeof(f), "exercises[%zu].target.sets", i);
    if (d->sets < 1 || d->sets > RB_ADJ_MAX_SETS) {
        return BAD(f, "must be from 1 to %d", RB_ADJ_MAX_SETS);
    }
    snprintf(f, sizeof(f), "exercises[%zu].target", i);
    if (absent(d->reps) == absent(d->seconds)) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", f,
            "must give exactly one of reps and seconds");
    }
    if (!absent(d->rir) && !absent(d->rpe)) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", f,
            "must give at most one of rir and rpe");
    }
    if (!absent(d->reps) && (!count_ok(d->reps) || d->reps < 1)) {
        snprintf(f, sizeof(f), "exercises[%zu].target.reps", i);
        return BAD(f, "must be at least 1");
    }
    if (!absent(d->seconds) && (!count_ok(d->seconds) || d->seconds < 1)) {
        snprintf(f, sizeof(f), "exercises[%zu].target.seconds", i);
        return BAD(f, "must be at least 1");
    }
    if (!score_ok(d->rir, true)) {
        snprintf(f, sizeof(f), "exercises[%zu].target.rir", i);
        return BAD(f, "must be a number from 0 to 10");
    }
    if (!score_ok(d->rpe, true)) {
        snprintf(f, sizeof(f), "exercises[%zu].target.rpe", i);
        return BAD(f, "must be a number from 0 to 10");
    }
    return RB_OK;
}

static enum rb_status
check_set(const struct rb_adj_set *s, int32_t today, size_t i, size_t k,
    struct rb_err *err)
{
    char f[96];
    const char *bad = NULL;

    if (s->day > today) {
        bad = "day";
    } else if (!count_ok(s->reps)) {
        bad = "reps";
    } else if (!count_ok(s->seconds)) {
        bad = "seconds";
    } else if (!absent(s->load) && !(isfinite(s->load) && s->load >= 0)) {
        bad = "load";
    } else if (!score_ok(s->rir, true)) {
        bad = "rir";
    } else if (!score_ok(s->rpe, true)) {
        bad = "rpe";
    } else if (!score_ok(s->pain, true)) {
        bad = "pain";
    }
    if (bad == NULL) {
        return RB_OK;
    }
    snprintf(f, sizeof(f), "exercises[%zu].log[%zu].%s", i, k, bad);
    return BAD(f, "%s",
        strcmp(bad, "day") == 0 ? "must not be after today"
                                : "is out of range");
}

static enum rb_status
check_exercise(const struct rb_adj_input *in, size_t i, struct rb_err *err)
{
    const struct rb_adj_exercise *e = &in->exercises[i];
    enum rb_status rc;
    char f[96];

    snprintf(f, sizeof(f), "exercises[%zu].id", i);
    if (e->id == NULL || e->id[0] == '\0') {
        return rb_fail_field(err, RB_EINVAL, "missing_field", f, "is required");
    }
    for (size_t k = 0; k < i; k++) {
        if (strcmp(in->exercises[k].id, e->id) == 0) {
            return rb_fail_field(
                err, RB_EINVAL, "duplicate_value", f, "is listed twice");
        }
    }
    snprintf(f, sizeof(f), "exercises[%zu].regions", i);
    if ((rc = check_regions(e->regions, e->n_regions, f, err)) != RB_OK ||
        (rc = check_dose(&e->target, i, err)) != RB_OK) {
        return rc;
    }
    if (e->regressed && e->regressed_day > in->today) {
        snprintf(f, sizeof(f), "exercises[%zu].regressed_on", i);
        return BAD(f, "must not be after today");
    }
    if (e->n_log > RB_ADJ_MAX_LOG) {
        snprintf(f, sizeof(f), "exercises[%zu].log", i);
        return BAD(f, "must hold at most %d sets", RB_ADJ_MAX_LOG);
    }
    for (size_t k = 0; k < e->n_log; k++) {
        if ((rc = check_set(&e->log[k], in->today, i, k, err)) != RB_OK) {
            return rc;
        }
    }
    return RB_OK;
}

static enum rb_status
check_checkin(const struct rb_adj_input *in, size_t i, struct rb_err *err)
{
    const struct rb_adj_checkin *c = &in->checkins[i];
    const double scores[] = {
        c->stiffness, c->sleep, c->fatigue, c->soreness, c->stress, c->mood};
    static const char *const names[] = {
        "stiffness", "sleep", "fatigue", "soreness", "stress", "mood"};
    const struct rb_red_flag *rf;
    enum rb_status rc;
    char f[96];

    if (c->day > in->today) {
        snprintf(f, sizeof(f), "checkins[%zu].day", i);
        return BAD(f, "must not be after today");
    }
    for (size_t k = 0; k < i; k++) {
        if (in->checkins[k].day == c->day) {
            snprintf(f, sizeof(f), "checkins[%zu].day", i);
            return rb_fail_field(err, RB_EINVAL, "duplicate_value", f,
                "has a check-in already (one a day)");
        }
    }
    snprintf(f, sizeof(f), "checkins[%zu].pain", i);
    if ((rc = check_pains(c->pain, c->n_pain, f, err)) != RB_OK) {
        return rc;
    }
    for (size_t k = 0; k < sizeof(scores) / sizeof(scores[0]); k++) {
        if (!score_ok(scores[k], true)) {
            snprintf(f, sizeof(f), "checkins[%zu].%s", i, names[k]);
            return BAD(f, "must be a number from 0 to 10");
        }
    }
    if (c->n_red_flags > RB_ADJ_MAX_FLAGS) {
        snprintf(f, sizeof(f), "checkins[%zu].red_flags", i);
        return BAD(f, "must list at most %d ids", RB_ADJ_MAX_FLAGS);
    }
    for (size_t k = 0; k < c->n_red_flags; k++) {
        snprintf(f, sizeof(f), "checkins[%zu].red_flags[%zu]", i, k);
        rf = c->red_flags[k] ? rb_red_flag_find(c->red_flags[k]) : NULL;
        if (rf == NULL) {
            return rb_fail_field(err, RB_EINVAL, "unknown_value", f,
                "is not a known red-flag id");
        }
        if (rf->derived) {
            return rb_fail_field(err, RB_EINVAL, "unknown_value", f,
                "is derived from age by the screen, not reported");
        }
    }
    return RB_OK;
}

static enum rb_status
check_input(const struct rb_adj_input *in, struct rb_err *err)
{
    enum rb_status rc;

    if (!score_ok(in->pain_limit, true)) {
        return BAD("pain_limit", "must be a number from 0 to 10");
    }
    if (!score_ok(in->baseline_pain, false)) {
        return BAD("baseline_pain", "must be a number from 0 to 10");
    }
    if ((rc = check_pains(in->baseline, in->n_baseline, "baseline", err)) !=
        RB_OK) {
        return rc;
    }
    if (in->n_exercises > RB_ADJ_MAX_EXERCISES) {
        return BAD("exercises", "must hold at most %d exercises",
            RB_ADJ_MAX_EXERCISES);
    }
    if (in->n_checkins > RB_ADJ_MAX_CHECKINS) {
        return BAD(
            "checkins", "must hold at most %d check-ins", RB_ADJ_MAX_CHECKINS);
    }
    for (size_t i = 0; i < in->n_exercises; i++) {
        if ((rc = check_exercise(in, i, err)) != RB_OK) {
            return rc;
        }
    }
    for (size_t i = 0; i < in->n_checkins; i++) {
        if ((rc = check_checkin(in, i, err)) != RB_OK) {
            return rc;
        }
    }
    return RB_OK;
}

/* ------------------------------------------------------------------ */
/* Reading the logs                                                    */

struct trigger { /* a red flag that refers, in a check-in */
    const struct rb_adj_checkin *checkin;
    const struct rb_red_flag *flag;
};

struct ctx {
    const struct rb_adj_input *in;
    struct rb_arena *a;
    double limit;
    struct trigger *triggers;
    size_t n_triggers;
    /* the exercise being decided */
    const struct rb_adj_exercise *ex;
    int32_t *sessions; /* distinct days with sets, newest first */
    size_t n_sessions;
    struct rb_adj_reason *reasons;
    size_t n_reasons, cap;
};

static const char *
date_str(struct ctx *c, int32_t day)
{
    char d[11];

    rb_date_format(day, d);
    return rb_arena_strdup(c->a, d);
}

static struct rb_adj_reason *
add(struct ctx *c, enum rb_adj_rule_id r, int32_t day, const char *measure,
    double value, double limit)
{
    struct rb_adj_reason *x;

    if (c->n_reasons == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        struct rb_adj_reason *n = rb_arena_alloc(c->a, cap * sizeof(*n));
        if (c->n_reasons > 0) {
            memcpy(n, c->reasons, c->n_reasons * sizeof(*n));
        }
        c->reasons = n;
        c->cap = cap;
    }
    x = &c->reasons[c->n_reasons++];
    *x = (struct rb_adj_reason){.rule = &rb_adj_rules[r],
        .action = rb_adj_rules[r].action,
        .day = day,
        .measure = measure,
        .value = value,
        .limit = limit,
        .source = rb_adj_rules[r].source};
    return x;
}

/* Highest pain during any set of 'day', or absent. */
static double
session_pain(const struct rb_adj_exercise *e, int32_t day)
{
    double p = RB_ADJ_ABSENT;

    for (size_t k = 0; k < e->n_log; k++) {
        if (e->log[k].day == day && e->log[k].pain > p) {
            p = e->log[k].pain;
        }
    }
    return p;
}

static const struct rb_adj_checkin *
checkin_on(const struct ctx *c, int32_t day)
{
    for (size_t i = 0; i < c->in->n_checkins; i++) {
        if (c->in->checkins[i].day == day) {
            return &c->in->checkins[i];
        }
    }
    return NULL;
}

static double
region_pain(const struct rb_adj_checkin *ci, const char *region)
{
    for (size_t i = 0; i < ci->n_pain; i++) {
        if (strcmp(ci->pain[i].region, region) == 0) {
            return ci->pain[i].pain;
        }
    }
    return RB_ADJ_ABSENT;
}

static double
baseline(const struct ctx *c, const char *region)
{
    for (size_t i = 0; i < c->in->n_baseline; i++) {
        if (strcmp(c->in->baseline[i].region, region) == 0) {
            return c->in->baseline[i].pain;
        }
    }
    return c->in->baseline_pain;
}

static void
find_sessions(struct ctx *c)
{
    const struct rb_adj_exercise *e = c->ex;

    c->sessions = rb_arena_alloc(c->a, (e->n_log + 1) * sizeof(int32_t));
    c->n_sessions = 0;
    for (size_t k = 0; k < e->n_log; k++) {
        int32_t d = e->log[k].day;
        size_t j = 0;
        while (j < c->n_sessions && c->sessions[j] > d) {
            j++;
        }
        if (j < c->n_sessions && c->sessions[j] == d) {
            continue;
        }
        memmove(&c->sessions[j + 1], &c->sessions[j],
            (c->n_sessions - j) * sizeof(int32_t));
        c->sessions[j] = d;
        c->n_sessions++;
    }
}

/* ------------------------------------------------------------------ */
/* The rules                                                           */

static void
rule_red_flag(struct ctx *c)
{
    for (size_t i = 0; i < c->n_triggers; i++) {
        const struct trigger *t = &c->triggers[i];
        struct rb_adj_reason *r = add(c, RB_ADJ_RULE_RED_FLAG, t->checkin->day,
            "red_flag", RB_ADJ_ABSENT, RB_ADJ_ABSENT);
        r->red_flag = t->flag->id;
        r->source = t->flag->source;
        r->text = rb_arena_printf(c->a,
            "red flag '%s' reported on %s: stop and refer (urgency: %s). %s",
            t->flag->id, date_str(c, t->checkin->day),
            rb_urgency_name(t->flag->urgency), t->flag->message);
    }
}

static void
rule_regression_failed(struct ctx *c)
{
    const struct rb_adj_exercise *e = c->ex;
    const char *days = "";
    size_t n = 0;
    int32_t latest = 0;

    if (!e->regressed) {
        return;
    }
    for (size_t i = 0; i < c->n_sessions; i++) { /* newest first */
        int32_t d = c->sessions[i];
        double p = session_pain(e, d);
        if (d < e->regressed_day || !(p > c->limit)) {
            continue;
        }
        latest = n == 0 ? d : latest;
        days = rb_arena_printf(
            c->a, "%s%s%s (%g/10)", days, n ? ", " : "", date_str(c, d), p);
        n++;
    }
    if (n < RB_ADJ_FAILED_REGRESSIONS) {
        return;
    }
    add(c, RB_ADJ_RULE_REGRESSION_FAILED, latest, "sessions_over_pain_limit",
        (double)n, RB_ADJ_FAILED_REGRESSIONS)
        ->text = rb_arena_printf(c->a,
        "since the regression of %s, pain during it went over %g/10 in %zu "
        "sessions: %s; substitute another exercise",
        date_str(c, e->regressed_day), c->limit, n, days);
}

static void
rule_pain_during(struct ctx *c)
{
    double p;
    int32_t d;

    if (c->n_sessions == 0) {
        return;
    }
    d = c->sessions[0];
    p = session_pain(c->ex, d);
    if (p > c->limit) {
        add(c, RB_ADJ_RULE_PAIN_DURING, d, "pain_during", p, c->limit)
            ->text = rb_arena_printf(c->a,
            "pain during the session of %s reached %g/10, over the limit of "
            "%g/10",
            date_str(c, d), p, c->limit);
    }
}

/* Both morning rules: the check-in the day after the latest session. */
static void
morning(struct ctx *c, bool over_limit)
{
    const struct rb_adj_checkin *ci;
    int32_t d;

    if (c->n_sessions == 0 ||
        (ci = checkin_on(c, c->sessions[0] + 1)) == NULL) {
        return;
    }
    d = c->sessions[0];
    for (size_t i = 0; i < c->ex->n_regions; i++) {
        const char *rg = c->ex->regions[i];
        double p = region_pain(ci, rg), base = baseline(c, rg);
        struct rb_adj_reason *r;

        if (absent(p)) {
            continue;
        }
        if (over_limit && p > c->limit) {
            r = add(c, RB_ADJ_RULE_MORNING_ABOVE_LIMIT, ci->day,
                "pain_next_morning", p, c->limit);
            r->text = rb_arena_printf(c->a,
                "the morning after the session of %s, %s pain was %g/10, "
                "over the limit of %g/10",
                date_str(c, d), rg, p, c->limit);
        } else if (!over_limit && p > base && !(p > c->limit)) {
            r = add(c, RB_ADJ_RULE_MORNING_ABOVE_BASELINE, ci->day,
                "pain_next_morning", p, base);
            r->text = rb_arena_printf(c->a,
                "the morning after the session of %s, %s pain was %g/10, "
                "above the baseline of %g/10: not settled, do not advance",
                date_str(c, d), rg, p, base);
        } else {
            continue;
        }
        r->region = rg;
    }
}

static void
rule_morning_above_limit(struct ctx *c)
{
    morning(c, true);
}

static void
rule_morning_above_baseline(struct ctx *c)
{
    morning(c, false);
}

/*
 * Mean of a check-in score over days [from, to], from check-ins that
 * report it; false when fewer than the minimum report it.  'region' NULL
 * means stiffness.
 */
static bool
week_mean(const struct ctx *c, const char *region, int32_t from, int32_t to,
    double *ret, int32_t *ret_last)
{
    double sum = 0;
    int n = 0;
    int32_t last = from;

    for (size_t i = 0; i < c->in->n_checkins; i++) {
        const struct rb_adj_checkin *ci = &c->in->checkins[i];
        double v;
        if (ci->day < from || ci->day > to) {
            continue;
        }
        v = region ? region_pain(ci, region) : ci->stiffness;
        if (absent(v)) {
            continue;
        }
        sum += v;
        n++;
        last = ci->day > last ? ci->day : last;
    }
    if (n < RB_ADJ_WEEKLY_MIN_CHECKINS) {
        return false;
    }
    *ret = sum / n;
    *ret_last = last;
    return true;
}

static void
rising(struct ctx *c, enum rb_adj_rule_id rule, const char *region)
{
    const int32_t t = c->in->today;
    double now, before;
    int32_t last, unused;
    struct rb_adj_reason *r;

    if (!week_mean(c, region, t - 6, t, &now, &last) ||
        !week_mean(c, region, t - 13, t - 7, &before, &unused)) {
        return;
    }
    /* A tolerance so that 4.0 - 3.0 computed from sums still counts. */
    if (now - before < RB_ADJ_WEEKLY_RISE - 1e-9) {
        return;
    }
    r = add(c, rule, last,
        region ? "pain_weekly_mean" : "stiffness_weekly_mean", now, before);
    r->region = region;
    r->text = rb_arena_printf(c->a,
        "mean %s%s over the 7 days to %s was %.2f/10, up from %.2f/10 the "
        "week before (a rise of %g or more)",
        region ? region : "stiffness", region ? " pain" : "", date_str(c, t),
        now, before, RB_ADJ_WEEKLY_RISE);
}

static void
rule_pain_rising(struct ctx *c)
{
    for (size_t i = 0; i < c->ex->n_regions; i++) {
        rising(c, RB_ADJ_RULE_PAIN_RISING, c->ex->regions[i]);
    }
}

static void
rule_stiffness_rising(struct ctx *c)
{
    rising(c, RB_ADJ_RULE_STIFFNESS_RISING, NULL);
}

/*
 * Effort as reps in reserve: RIR as logged, else from RPE by the RIR-based
 * scale (RPE 10 = 0 RIR ... 7 = 3 RIR; RPE 5-6 is 4-6 RIR, taken as 4, the
 * harder end) [RIR].  Absent when neither was logged.
 */
static double
as_rir(double rir, double rpe)
{
    if (!absent(rir)) {
        return rir;
    }
    if (absent(rpe)) {
        return RB_ADJ_ABSENT;
    }
    return rpe >= 7 ? 10 - rpe : 4;
}

/* Did the session of 'day' meet the dose with room to spare? */
static bool
good_session(struct ctx *c, int32_t day, double *ret_value)
{
    const struct rb_adj_exercise *e = c->ex;
    const struct rb_adj_dose *t = &e->target;
    const struct rb_adj_set *last = NULL;
    const struct rb_adj_checkin *ci;
    double want_rir = as_rir(t->rir, t->rpe), shortest = 1e300;
    int sets = 0;

    for (size_t k = 0; k < e->n_log; k++) {
        const struct rb_adj_set *s = &e->log[k];
        if (s->day != day) {
            continue;
        }
        sets++;
        last = s;
        if (s->pain > c->limit) {
            return false;
        }
        if (!absent(t->seconds)) {
            /* Timed: every set at the target time (ours). */
            if (absent(s->seconds) || s->seconds < t->seconds) {
                return false;
            }
            shortest = s->seconds < shortest ? s->seconds : shortest;
        }
    }
    if (last == NULL || sets < t->sets) {
        return false;
    }
    if (!absent(t->reps) &&
        (absent(last->reps) || last->reps < t->reps + RB_ADJ_PROGRESS_REPS)) {
        return false;
    }
    /* At the target effort: no closer to failure than planned. */
    if (!absent(want_rir)) {
        double got = as_rir(last->rir, last->rpe);
        if (absent(got) || got < want_rir) {
            return false;
        }
    }
    /* Settled by the next morning, where a check-in says so. */
    if ((ci = checkin_on(c, day + 1)) != NULL) {
        for (size_t i = 0; i < e->n_regions; i++) {
            double p = region_pain(ci, e->regions[i]);
            if (p > baseline(c, e->regions[i])) {
                return false;
            }
        }
    }
    *ret_value = absent(t->reps) ? shortest : last->reps;
    return true;
}

static void
rule_progress(struct ctx *c)
{
    const struct rb_adj_exercise *e = c->ex;
    const struct rb_adj_dose *t = &e->target;
    double v[RB_ADJ_PROGRESS_SESSIONS];
    size_t n = 0;

    for (size_t i = 0; i < c->n_sessions && n < RB_ADJ_PROGRESS_SESSIONS; i++) {
        if (e->regressed && c->sessions[i] < e->regressed_day) {
            break; /* older sessions were at another dose */
        }
        if (!good_session(c, c->sessions[i], &v[n])) {
            return; /* the latest sessions must both be good */
        }
        n++;
    }
    if (n < RB_ADJ_PROGRESS_SESSIONS) {
        return;
    }
    if (!absent(t->reps)) {
        add(c, RB_ADJ_RULE_PROGRESS, c->sessions[0], "reps", v[0],
            t->reps + RB_ADJ_PROGRESS_REPS)
            ->text = rb_arena_printf(c->a,
            "last set %g and %g reps on %s and %s against a target of %g, "
            "at the target effort and within the pain limit: progress",
            v[1], v[0], date_str(c, c->sessions[1]),
            date_str(c, c->sessions[0]), t->reps);
    } else {
        add(c, RB_ADJ_RULE_PROGRESS, c->sessions[0], "seconds", v[0],
            t->seconds)
            ->text = rb_arena_printf(c->a,
            "every set held %g s or more on %s and %s (target %g s), at the "
            "target effort and within the pain limit: progress",
            v[0] < v[1] ? v[0] : v[1], date_str(c, c->sessions[1]),
            date_str(c, c->sessions[0]), t->seconds);
    }
}

static void
rule_keep(struct ctx *c)
{
    if (c->n_reasons > 0) {
        return;
    }
    add(c, RB_ADJ_RULE_KEEP, c->in->today, NULL, RB_ADJ_ABSENT, RB_ADJ_ABSENT)
        ->text = c->n_sessions == 0
                     ? "no sessions logged yet: keep the planned dose"
                     : "no rule fired: keep the current dose";
}

/* Indexed like rb_adj_rules; tried in this order on every exercise. */
static void (*const rule_fn[RB__ADJ_RULE_MAX])(struct ctx *) = {
    [RB_ADJ_RULE_RED_FLAG] = rule_red_flag,
    [RB_ADJ_RULE_REGRESSION_FAILED] = rule_regression_failed,
    [RB_ADJ_RULE_PAIN_DURING] = rule_pain_during,
    [RB_ADJ_RULE_MORNING_ABOVE_LIMIT] = rule_morning_above_limit,
    [RB_ADJ_RULE_PAIN_RISING] = rule_pain_rising,
    [RB_ADJ_RULE_STIFFNESS_RISING] = rule_stiffness_rising,
    [RB_ADJ_RULE_MORNING_ABOVE_BASELINE] = rule_morning_above_baseline,
    [RB_ADJ_RULE_PROGRESS] = rule_progress,
    [RB_ADJ_RULE_KEEP] = rule_keep,
};

/* ------------------------------------------------------------------ */

static bool
listed(const struct rb_adj_checkin *ci, const char *id)
{
    for (size_t i = 0; i < ci->n_red_flags; i++) {
        if (strcmp(ci->red_flags[i], id) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * The red flags that refer, check-in by check-in (oldest first, then as
 * listed): as in the screen, an entry condition of a decision rule (e.g.
 * malleolar pain) refers nobody alone, and a finding of such a rule refers
 * only with its condition in the same check-in.
 */
static void
find_triggers(struct ctx *c)
{
    const struct rb_adj_input *in = c->in;
    size_t cap = 0;

    for (size_t i = 0; i < in->n_checkins; i++) {
        cap += in->checkins[i].n_red_flags;
    }
    c->triggers = rb_arena_alloc(c->a, (cap + 1) * sizeof(*c->triggers));
    c->n_triggers = 0;
    for (size_t i = 0; i < in->n_checkins; i++) {
        const struct rb_adj_checkin *ci = &in->checkins[i];
        for (size_t k = 0; k < ci->n_red_flags; k++) {
            const struct rb_red_flag *f = rb_red_flag_find(ci->red_flags[k]);
            if (f->condition || (f->needs != NULL && !listed(ci, f->needs))) {
                continue;
            }
            size_t j = c->n_triggers;
            while (j > 0 && c->triggers[j - 1].checkin->day > ci->day) {
                c->triggers[j] = c->triggers[j - 1];
                j--;
            }
            c->triggers[j] = (struct trigger){ci, f};
            c->n_triggers++;
        }
    }
}

enum rb_status
rb_adjust(const struct rb_adj_input *in, struct rb_arena *a,
    struct rb_adj_result *ret, struct rb_err *err)
{
    struct ctx c = {.in = in, .a = a};
    struct rb_adj_result res = {0};
    enum rb_status rc;

    if ((rc = check_input(in, err)) != RB_OK) {
        return rc;
    }
    c.limit =
        absent(in->pain_limit) ? RB_ADJ_DEFAULT_PAIN_LIMIT : in->pain_limit;
    find_triggers(&c);

    res.alerts = rb_arena_alloc(a, (c.n_triggers + 1) * sizeof(*res.alerts));
    for (size_t i = 0; i < c.n_triggers; i++) {
        const struct rb_red_flag *f = c.triggers[i].flag;
        res.alerts[res.n_alerts++] =
            (struct rb_adj_alert){.id = "pause_programming",
                .day = c.triggers[i].checkin->day,
                .red_flag = f->id,
                .urgency = f->urgency,
                .source = f->source,
                .message = f->message};
    }

    res.decisions =
        rb_arena_alloc(a, (in->n_exercises + 1) * sizeof(*res.decisions));
    for (size_t i = 0; i < in->n_exercises; i++) {
        struct rb_adj_decision *d = &res.decisions[res.n_decisions++];

        c.ex = &in->exercises[i];
        c.reasons = NULL;
        c.n_reasons = c.cap = 0;
        find_sessions(&c);
        for (size_t r = 0; r < RB__ADJ_RULE_MAX; r++) {
            rule_fn[r](&c);
        }
        d->exercise = c.ex->id;
        d->reasons = c.reasons;
        d->n_reasons = c.n_reasons;
        d->action = RB_ADJ_PROGRESS;
        for (size_t k = 0; k < c.n_reasons; k++) {
            d->action = c.reasons[k].action > d->action ? c.reasons[k].action
                                                        : d->action;
        }
    }
    *ret = res;
    return RB_OK;
}
