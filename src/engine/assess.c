/*
 * assess.c -- the latest value of a measure, and a protocol phase's gate:
 * each exit criterion evaluated against a client's latest measures, the
 * time floor, and what to test next.
 *
 * Progress needs every exit criterion met AND the phase's time floor
 * passed (brief section 5 (b): time and criteria are both required).
 */
#include <string.h>

#include "engine/assess.h"

static bool
latest(const struct rb_measure_set *s, const char *measure,
    const char *exercise, bool any_exercise, enum rb_side side, double *ret)
{
    const struct rb_measurement *best = NULL;

    for (size_t i = 0; i < s->n; i++) {
        const struct rb_measurement *m = &s->items[i];

        if (m->side != side || strcmp(m->measure, measure) != 0) {
            continue;
        }
        if (s->max_age_days > 0 && m->day < s->today - s->max_age_days) {
            continue; /* too old to count */
        }
        if (!any_exercise && (m->exercise == NULL || exercise == NULL ||
                                 strcmp(m->exercise, exercise) != 0)) {
            continue;
        }
        /* '>=': of two on one day, the later item was written later. */
        if (best == NULL || m->day >= best->day) {
            best = m;
        }
    }
    if (best != NULL) {
        *ret = best->value;
    }
    return best != NULL;
}

bool
rb_measure_latest(const struct rb_measure_set *s, const char *measure,
    enum rb_side side, double *ret)
{
    return latest(s, measure, NULL, true, side, ret);
}

bool
rb_measure_latest_for(const struct rb_measure_set *s, const char *measure,
    const char *exercise, enum rb_side side, double *ret)
{
    return latest(s, measure, exercise, false, side, ret);
}

enum rb_side
rb_measure_involved(const struct rb_measure_set *s, const struct rb_measure *m)
{
    double l, r;

    if (s->involved != RB_SIDE_NONE) {
        return s->involved;
    }
    if (!rb_measure_latest(s, m->info.id, RB_SIDE_LEFT, &l) ||
        !rb_measure_latest(s, m->info.id, RB_SIDE_RIGHT, &r) || l == r) {
        return RB_SIDE_NONE;
    }
    /* The weaker side: the lower value, or the higher one when lower is
     * better (a slower timed hop). */
    if (m->info.lower_better) {
        return l > r ? RB_SIDE_LEFT : RB_SIDE_RIGHT;
    }
    return l < r ? RB_SIDE_LEFT : RB_SIDE_RIGHT;
}

static enum rb_side
other_side(enum rb_side s)
{
    return s == RB_SIDE_LEFT ? RB_SIDE_RIGHT : RB_SIDE_LEFT;
}

struct values_ctx {
    const struct rb_kb *kb;
    const struct rb_measure_set *s;
};

/* The evaluator's view of the set: sides resolved to involved or not. */
static bool
get_value(
    void *ctx, const struct rb_measure_info *mi, bool involved, double *ret)
{
    const struct values_ctx *vc = ctx;
    const struct rb_measure *m;
    enum rb_side inv;

    if (!mi->paired) {
        return rb_measure_latest(vc->s, mi->id, RB_SIDE_NONE, ret);
    }
    m = rb_kb_measure(vc->kb, mi->id);
    if (m == NULL) {
        return false;
    }
    inv = rb_measure_involved(vc->s, m);
    if (inv == RB_SIDE_NONE) {
        /* No injured side and the sides tie (or one is missing): a tie
         * reads the same either way; a missing side stays missing. */
        double l, r;
        if (!rb_measure_latest(vc->s, mi->id, RB_SIDE_LEFT, &l) ||
            !rb_measure_latest(vc->s, mi->id, RB_SIDE_RIGHT, &r)) {
            return false;
        }
        *ret = involved ? l : r;
        return true;
    }
    return rb_measure_latest(
        vc->s, mi->id, involved ? inv : other_side(inv), ret);
}

/* Has 'mi' got every value a criterion may read (both sides if paired)? */
static bool
recorded(const struct rb_measure_set *s, const struct rb_measure_info *mi)
{
    double x;

    if (!mi->paired) {
        return rb_measure_latest(s, mi->id, RB_SIDE_NONE, &x);
    }
    return rb_measure_latest(s, mi->id, RB_SIDE_LEFT, &x) &&
           rb_measure_latest(s, mi->id, RB_SIDE_RIGHT, &x);
}

#define MAX_READ 16

enum rb_status
rb_gate_eval(const struct rb_kb *kb, const struct rb_protocol *p,
    const struct rb_phase *phase, const struct rb_measure_set *s,
    struct rb_arena *a, struct rb_gate *ret, struct rb_err *err)
{
    struct values_ctx vc = {kb, s};
    struct rb_measure_values vals = {&vc, get_value};
    size_t cap = 0, ix;
    bool ready = true;

    if (kb == NULL || p == NULL || phase == NULL || s == NULL || ret == NULL) {
        return rb_fail(err, RB_EINTERNAL, "rb_gate_eval: missing argument");
    }
    memset(ret, 0, sizeof(*ret));
    ret->protocol = p;
    ret->phase = phase;
    ix = (size_t)(phase - p->phases);
    if (ix >= p->nphases) {
        return rb_fail(err, RB_EINVAL, "phase '%s' is not a phase of '%s'",
            phase->id, p->id);
    }
    ret->next = ix + 1 < p->nphases ? &p->phases[ix + 1] : NULL;
    ret->items = rb_arena_alloc(a, (phase->nexit + 1) * sizeof(*ret->items));
    for (size_t i = 0; i < phase->nexit; i++) {
        cap += MAX_READ;
    }
    ret->to_test = rb_arena_alloc(a, (cap + 1) * sizeof(*ret->to_test));

    for (size_t i = 0; i < phase->nexit; i++) {
        const struct rb_exit_criterion *ec = &phase->exit[i];
        struct rb_gate_item *it = &ret->items[ret->n++];
        const struct rb_measure_info *read[MAX_READ];
        size_t nread;

        it->criterion = ec;
        it->verdict =
            rb_criterion_eval(ec->compiled, &vals, &it->value, &it->has_value);
        it->has_threshold =
            rb_criterion_threshold(ec->compiled, &it->threshold);
        if (it->verdict == RB_MET) {
            continue;
        }
        ready = false;
        nread = rb_criterion_measures(ec->compiled, read, MAX_READ);
        for (size_t k = 0; k < nread && k < MAX_READ; k++) {
            bool dup = false;
            if (recorded(s, read[k])) {
                continue;
            }
            for (size_t j = 0; j < ret->nto_test; j++) {
                dup = dup || strcmp(ret->to_test[j], read[k]->id) == 0;
            }
            if (!dup) {
                ret->to_test[ret->nto_test++] = read[k]->id;
            }
        }
    }

    ret->has_time_floor = phase->min_days > 0;
    ret->time_floor = RB_MET;
    if (rb_measure_latest(
            s, "days_in_phase", RB_SIDE_NONE, &ret->days_in_phase)) {
        if (ret->has_time_floor && ret->days_in_phase < phase->min_days) {
            ret->time_floor = RB_NOT_MET;
        }
    } else if (ret->has_time_floor) {
        ret->time_floor = RB_MISSING;
    }
    ret->ready = ready && ret->time_floor == RB_MET;
    return RB_OK;
}

/* ---- JSON -----------------------------------------------------------------
 */

static const char *
verdict_name(enum rb_verdict v)
{
    switch (v) {
    case RB_MET:
        return "met";
    case RB_NOT_MET:
        return "not_met";
    default:
        return "missing";
    }
}

json_t *
rb_gate_json(const struct rb_kb *kb, const struct rb_gate *g)
{
    json_t *o = json_object(), *items = json_array(), *tt = json_array();

    (void)kb;
    json_object_set_new(o, "protocol", json_string(g->protocol->id));
    json_object_set_new(o, "phase", json_string(g->phase->id));
    json_object_set_new(o, "phase_name", json_string(g->phase->name));
    json_object_set_new(
        o, "next", g->next ? json_string(g->next->id) : json_null());
    json_object_set_new(
        o, "next_name", g->next ? json_string(g->next->name) : json_null());
    json_object_set_new(o, "ready", json_boolean(g->ready));
    for (size_t i = 0; i < g->n; i++) {
        const struct rb_gate_item *it = &g->items[i];
        json_t *j = json_object();

        json_object_set_new(j, "id", json_string(it->criterion->id));
        json_object_set_new(j, "label", json_string(it->criterion->label));
        json_object_set_new(j, "expr", json_string(it->criterion->expr));
        json_object_set_new(
            j, "verdict", json_string(verdict_name(it->verdict)));
        json_object_set_new(
            j, "value", it->has_value ? json_real(it->value) : json_null());
        json_object_set_new(j, "threshold",
            it->has_threshold ? json_real(it->threshold) : json_null());
        json_object_set_new(j, "source",
            it->criterion->source ? json_string(it->criterion->source)
                                  : json_null());
        json_array_append_new(items, j);
    }
    json_object_set_new(o, "criteria", items);
    if (g->has_time_floor) {
        json_t *t = json_object();
        json_object_set_new(t, "min_days", json_integer(g->phase->min_days));
        json_object_set_new(t, "days_in_phase",
            g->time_floor != RB_MISSING ? json_real(g->days_in_phase)
                                        : json_null());
        json_object_set_new(
            t, "verdict", json_string(verdict_name(g->time_floor)));
        json_object_set_new(t, "source",
            g->phase->min_days_source ? json_string(g->phase->min_days_source)
                                      : json_null());
        json_object_set_new(o, "time_floor", t);
    } else {
        json_object_set_new(o, "time_floor", json_null());
    }
    for (size_t i = 0; i < g->nto_test; i++) {
        json_array_append_new(tt, json_string(g->to_test[i]));
    }
    json_object_set_new(o, "to_test", tt);
    return o;
}
