/*
 * findings.c -- what a client's latest measures say, in plain language:
 * side-to-side asymmetries (each measure's "symmetry" rule in
 * data/measures.json), values outside an age/sex norm (data/norms), and
 * positive yes/no tests.  Every threshold comes from the knowledge base
 * with its source; none is written here.
 */
#include <math.h>
#include <string.h>

#include "engine/assess.h"

struct out {
    struct rb_arena *a;
    struct rb_finding *v;
    size_t n, cap;
};

static struct rb_finding *
push(struct out *o)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        struct rb_finding *v = rb_arena_alloc(o->a, cap * sizeof(*v));
        if (o->n > 0) {
            memcpy(v, o->v, o->n * sizeof(*v));
        }
        o->v = v;
        o->cap = cap;
    }
    memset(&o->v[o->n], 0, sizeof(o->v[0]));
    return &o->v[o->n++];
}

static enum rb_side
other(enum rb_side s)
{
    return s == RB_SIDE_LEFT ? RB_SIDE_RIGHT : RB_SIDE_LEFT;
}

/* "left " / "right " / "" for the texts. */
static const char *
on_side(struct rb_arena *a, enum rb_side s)
{
    return s == RB_SIDE_NONE
               ? ""
               : rb_arena_printf(a, " on the %s", rb_side_name(s));
}

static void
symmetry(
    struct out *o, const struct rb_measure_set *s, const struct rb_measure *m)
{
    double l, r, inv, uninv, lsi;
    enum rb_side is;
    struct rb_finding *f;

    if (!rb_measure_latest(s, m->info.id, RB_SIDE_LEFT, &l) ||
        !rb_measure_latest(s, m->info.id, RB_SIDE_RIGHT, &r)) {
        return;
    }
    if (m->has_sym_diff) {
        double d = fabs(l - r);
        /* The worse side: lower, or higher when lower is better. */
        bool left_worse = m->info.lower_better ? l > r : l < r;
        enum rb_side w = left_worse ? RB_SIDE_LEFT : RB_SIDE_RIGHT;

        if (!(d > m->sym_diff)) {
            return;
        }
        f = push(o);
        f->kind = RB_FIND_ASYMMETRY;
        f->rule = "diff";
        f->measure = m->info.id;
        f->side = w;
        f->value = w == RB_SIDE_LEFT ? l : r;
        f->other = w == RB_SIDE_LEFT ? r : l;
        f->threshold = m->sym_diff;
        f->source = m->sym_source;
        f->text = rb_arena_printf(o->a,
            "%s %s on the %s: %g %s vs %g %s (a %g %s difference; more than "
            "%g %s matters)",
            m->name, m->info.lower_better ? "worse" : "limited",
            rb_side_name(w), f->value, m->unit, f->other, m->unit, d, m->unit,
            m->sym_diff, m->unit);
        return;
    }
    if (!m->has_sym_lsi) {
        return;
    }
    is = rb_measure_involved(s, m);
    if (is == RB_SIDE_NONE) {
        return; /* the sides tie */
    }
    inv = is == RB_SIDE_LEFT ? l : r;
    uninv = is == RB_SIDE_LEFT ? r : l;
    if (!rb_lsi(inv, uninv, m->info.lower_better, &lsi) ||
        !(lsi < m->sym_lsi)) {
        return;
    }
    f = push(o);
    f->kind = RB_FIND_ASYMMETRY;
    f->rule = "lsi";
    f->measure = m->info.id;
    f->side = is;
    f->value = inv;
    f->other = uninv;
    f->percent = lsi;
    f->threshold = m->sym_lsi;
    f->source = m->sym_source;
    f->text = rb_arena_printf(o->a,
        "%s on the %s is %.0f %% of the %s side: %g %s vs %g %s (limb "
        "symmetry under %g %%)",
        m->name, rb_side_name(is), lsi, rb_side_name(other(is)), inv, m->unit,
        uninv, m->unit, m->sym_lsi);
}

/* The norm row for the client, or NULL.  Without an age, only rows that
 * cover every adult age apply; without a sex, only "any" rows. */
static const struct rb_norm_row *
norm_row(
    const struct rb_norm *nm, const struct rb_measure_set *s, enum rb_side side)
{
    for (size_t i = 0; i < nm->nrows; i++) {
        const struct rb_norm_row *r = &nm->rows[i];
        bool age_ok = s->age_years >= 0 ? s->age_years >= r->age_min &&
                                              s->age_years <= r->age_max
                                        : r->age_min <= 18 && r->age_max >= 120;
        bool sex_ok = r->sex == NULL || strcmp(r->sex, "any") == 0 ||
                      (s->sex != NULL && strcmp(r->sex, s->sex) == 0);
        bool side_ok = r->side == NULL || strcmp(r->side, "any") == 0 ||
                       strcmp(r->side, rb_side_name(side)) == 0;

        if (age_ok && sex_ok && side_ok) {
            return r;
        }
    }
    return NULL;
}

static void
norm_finding(struct out *o, const struct rb_norm *nm,
    const struct rb_measure *m, enum rb_side side, double v,
    enum rb_finding_kind kind, const char *rule, double bound, const char *what)
{
    struct rb_finding *f = push(o);

    f->kind = kind;
    f->rule = rule;
    f->measure = m->info.id;
    f->side = side;
    f->value = v;
    f->other = bound;
    f->threshold = bound;
    f->percent = bound != 0.0 ? v / bound * 100.0 : 0.0;
    f->source = nm->source;
    f->text = rb_arena_printf(o->a,
        "%s%s %s the %s: %g %s vs %g %s (%.0f %%; %s)", m->name,
        on_side(o->a, side), kind == RB_FIND_ABOVE_NORM ? "above" : "below",
        what, v, m->unit, bound, m->unit, f->percent, nm->name);
}

static void
norms(struct out *o, const struct rb_kb *kb, const struct rb_measure_set *s,
    const struct rb_measure *m, enum rb_side side, double v)
{
    bool hb = !m->info.lower_better;

    for (size_t i = 0; i < rb_kb_norm_count(kb); i++) {
        const struct rb_norm *nm = rb_kb_norm_at(kb, i);
        const struct rb_norm_row *r;

        if (strcmp(nm->measure, m->info.id) != 0 ||
            (r = norm_row(nm, s, side)) == NULL) {
            continue;
        }
        if (r->low_high.set) {
            if (v < r->low_high.lo) {
                norm_finding(o, nm, m, side, v, RB_FIND_BELOW_NORM, "norm_low",
                    r->low_high.lo, "normal range");
            } else if (v > r->low_high.hi) {
                norm_finding(o, nm, m, side, v, RB_FIND_ABOVE_NORM, "norm_high",
                    r->low_high.hi, "normal range");
            }
        } else if (r->has_cutoff) {
            if (hb ? v < r->cutoff : v > r->cutoff) {
                norm_finding(o, nm, m, side, v,
                    hb ? RB_FIND_BELOW_NORM : RB_FIND_ABOVE_NORM, "norm_cutoff",
                    r->cutoff, "cut-off");
            }
        } else if (r->has_mean && !r->has_p50 && !r->has_sd) {
            /* A reference value (e.g. the AAOS range of motion): short of
             * it is reported as a percentage of it. */
            if (hb ? v < r->mean : v > r->mean) {
                norm_finding(o, nm, m, side, v,
                    hb ? RB_FIND_BELOW_NORM : RB_FIND_ABOVE_NORM,
                    "norm_reference", r->mean, "reference value");
            }
        }
        /* A median alone (grip at its peak) is no threshold: half of
         * healthy people are below it. */
    }
}

/* The note of the latest measurement of 'id' on 'side', or NULL. */
static const char *
latest_note(const struct rb_measure_set *s, const char *id, enum rb_side side)
{
    const struct rb_measurement *best = NULL;

    for (size_t i = 0; i < s->n; i++) {
        const struct rb_measurement *m = &s->items[i];
        if (m->side == side && strcmp(m->measure, id) == 0 &&
            !(s->max_age_days > 0 && m->day < s->today - s->max_age_days) &&
            (best == NULL || m->day >= best->day)) {
            best = m;
        }
    }
    return best ? best->note : NULL;
}

static void
flag(struct out *o, const struct rb_measure_set *s, const struct rb_measure *m,
    enum rb_side side, double v)
{
    const char *note = latest_note(s, m->info.id, side);
    const char *legend = strstr(m->name, " (0 ");
    struct rb_finding *f;

    /* A yes/no test whose "yes" is the bad answer (unit flag, lower is
     * better) answered yes, or a count of failed tests above zero. */
    if ((strcmp(m->unit, "flag") != 0 && strcmp(m->unit, "tests") != 0) ||
        !m->info.lower_better || v < 1.0) {
        return;
    }
    f = push(o);
    f->kind = RB_FIND_FLAG;
    f->rule = "flag";
    f->measure = m->info.id;
    f->side = side;
    f->value = v;
    f->threshold = 1.0;
    f->source = m->source;
    /* The name without its "(0 no, 1 yes)" legend; then the details. */
    f->text = rb_arena_printf(o->a, "%.*s%s: %s%s%s",
        (int)(legend ? (size_t)(legend - m->name) : strlen(m->name)), m->name,
        on_side(o->a, side),
        strcmp(m->unit, "flag") == 0 ? "yes" : rb_arena_printf(o->a, "%g", v),
        note ? " -- " : "", note ? note : "");
}

enum rb_status
rb_findings(const struct rb_kb *kb, const struct rb_measure_set *s,
    struct rb_arena *a, struct rb_finding **ret, size_t *ret_n,
    struct rb_err *err)
{
    struct out o = {.a = a};

    if (kb == NULL || s == NULL || ret == NULL || ret_n == NULL) {
        return rb_fail(err, RB_EINTERNAL, "rb_findings: missing argument");
    }
    /* Each measure once, in the order it first appears: a stable order
     * the caller controls. */
    for (size_t i = 0; i < s->n; i++) {
        const struct rb_measure *m = rb_kb_measure(kb, s->items[i].measure);
        bool seen = false;
        double v;

        for (size_t j = 0; j < i && !seen; j++) {
            seen = strcmp(s->items[j].measure, s->items[i].measure) == 0;
        }
        if (seen || m == NULL) {
            continue;
        }
        if (m->info.paired) {
            symmetry(&o, s, m);
            for (int sd = RB_SIDE_LEFT; sd <= RB_SIDE_RIGHT; sd++) {
                if (rb_measure_latest(s, m->info.id, sd, &v)) {
                    norms(&o, kb, s, m, sd, v);
                    flag(&o, s, m, sd, v);
                }
            }
        } else if (rb_measure_latest(s, m->info.id, RB_SIDE_NONE, &v)) {
            norms(&o, kb, s, m, RB_SIDE_NONE, v);
            flag(&o, s, m, RB_SIDE_NONE, v);
        }
    }
    *ret = o.v;
    *ret_n = o.n;
    return RB_OK;
}

static const char *
kind_name(enum rb_finding_kind k)
{
    switch (k) {
    case RB_FIND_ASYMMETRY:
        return "asymmetry";
    case RB_FIND_BELOW_NORM:
        return "below_norm";
    case RB_FIND_ABOVE_NORM:
        return "above_norm";
    default:
        return "flag";
    }
}

json_t *
rb_findings_json(const struct rb_finding *f, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();

        json_object_set_new(o, "kind", json_string(kind_name(f[i].kind)));
        json_object_set_new(o, "rule", json_string(f[i].rule));
        json_object_set_new(o, "measure", json_string(f[i].measure));
        json_object_set_new(o, "side", json_string(rb_side_name(f[i].side)));
        json_object_set_new(o, "value", json_real(f[i].value));
        json_object_set_new(o, "other",
            f[i].kind == RB_FIND_FLAG ? json_null() : json_real(f[i].other));
        json_object_set_new(o, "percent",
            f[i].percent != 0.0 ? json_real(f[i].percent) : json_null());
        json_object_set_new(o, "threshold", json_real(f[i].threshold));
        json_object_set_new(
            o, "source", f[i].source ? json_string(f[i].source) : json_null());
        json_object_set_new(o, "text", json_string(f[i].text));
        json_array_append_new(arr, o);
    }
    return arr;
}
