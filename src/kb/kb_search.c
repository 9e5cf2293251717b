/*
 * kb_search.c -- a practice's own exercises (overlays), lookup through an
 * overlay, ranked search, and exercises back to JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/str.h"
#include "util/xalloc.h"

/* A practice's own exercise owns its arena. */
struct owned_exercise {
    struct rb_exercise e; /* first: the public part */
    struct rb_arena arena;
};

enum rb_status
rb_kb_exercise_parse(const struct rb_kb *kb,
    const struct rb_kb_overlay *overlay, const json_t *obj, int64_t org_id,
    bool check_links, struct rb_exercise **ret, struct rb_err *err)
{
    struct owned_exercise *oe = rb_xcalloc(1, sizeof(*oe));
    struct rb_kb_problem first;
    struct rb_kb_report rep = {.items = &first, .max = 1};
    struct kb_ctx c = {
        .kb = kb, .report = &rep, .file = "exercise", .arena = &oe->arena};
    struct rb_exercise *e;

    rb_arena_init(&oe->arena);
    e = kb_exercise(&c, obj, "", org_id);
    if (e != NULL && c.problems == 0 && check_links) {
        const struct rb_strs *links[2] = {&e->regressions, &e->progressions};
        for (int l = 0; l < 2; l++) {
            for (size_t k = 0; k < links[l]->n; k++) {
                if (rb_kb_find(kb, overlay, links[l]->v[k]) == NULL) {
                    kb_problem(&c, l ? "progressions" : "regressions",
                        "links to unknown exercise '%s'", links[l]->v[k]);
                }
            }
        }
    }
    if (e == NULL || c.problems > 0) {
        rb_fail_field(err, RB_EINVAL, "invalid_exercise",
            rep.n ? first.field : NULL, "%s%s%s", rep.n ? first.field : "",
            rep.n && first.field[0] ? ": " : "",
            rep.n ? first.msg : "not a valid exercise");
        rb_arena_release(&oe->arena);
        free(oe);
        return RB_EINVAL;
    }
    oe->e = *e; /* the struct itself was built in the arena; copy it out */
    *ret = &oe->e;
    return RB_OK;
}

void
rb_kb_exercise_free(struct rb_exercise *e)
{
    struct owned_exercise *oe = (struct owned_exercise *)e;

    if (oe != NULL) {
        rb_arena_release(&oe->arena);
        free(oe);
    }
}

/* ---- overlays ----------------------------------------------------------- */

struct rb_kb_overlay {
    int64_t org_id;
    struct rb_exercise **own; /* owned; custom and overriding exercises */
    size_t nown, capown;
    char **hidden; /* built-in ids hidden for this practice */
    size_t nhidden, caphidden;
    bool sealed; /* both arrays sorted by id */
};

struct rb_kb_overlay *
rb_kb_overlay_new(int64_t org_id)
{
    struct rb_kb_overlay *o = rb_xcalloc(1, sizeof(*o));

    o->org_id = org_id;
    return o;
}

void
rb_kb_overlay_add(struct rb_kb_overlay *o, struct rb_exercise *e)
{
    if (o->nown == o->capown) {
        o->capown = o->capown ? 2 * o->capown : 16;
        o->own = rb_xrealloc(o->own, o->capown * sizeof(*o->own));
    }
    o->own[o->nown++] = e;
}

void
rb_kb_overlay_hide(struct rb_kb_overlay *o, const char *id)
{
    if (o->nhidden == o->caphidden) {
        o->caphidden = o->caphidden ? 2 * o->caphidden : 16;
        o->hidden = rb_xrealloc(o->hidden, o->caphidden * sizeof(*o->hidden));
    }
    o->hidden[o->nhidden++] = rb_xstrdup(id);
}

void
rb_kb_overlay_free(struct rb_kb_overlay *o)
{
    if (o == NULL) {
        return;
    }
    for (size_t i = 0; i < o->nown; i++) {
        rb_kb_exercise_free(o->own[i]);
    }
    for (size_t i = 0; i < o->nhidden; i++) {
        free(o->hidden[i]);
    }
    free(o->own);
    free(o->hidden);
    free(o);
}

size_t
rb_kb_overlay_count(const struct rb_kb_overlay *o)
{
    return o ? o->nown : 0;
}

const struct rb_exercise *
rb_kb_overlay_at(const struct rb_kb_overlay *o, size_t i)
{
    return o && i < o->nown ? o->own[i] : NULL;
}

static int
cmp_own(const void *a, const void *b)
{
    return strcmp((*(struct rb_exercise *const *)a)->id,
        (*(struct rb_exercise *const *)b)->id);
}

static int
cmp_hidden(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void
rb_kb_overlay_seal(struct rb_kb_overlay *o)
{
    if (o->nown > 0) {
        qsort(o->own, o->nown, sizeof(*o->own), cmp_own);
    }
    if (o->nhidden > 0) {
        qsort(o->hidden, o->nhidden, sizeof(*o->hidden), cmp_hidden);
    }
    o->sealed = true;
}

bool
rb_kb_overlay_hidden(const struct rb_kb_overlay *o, const char *id)
{
    if (o == NULL || o->nhidden == 0) {
        return false;
    }
    if (o->sealed) {
        return bsearch(&id, o->hidden, o->nhidden, sizeof(*o->hidden),
                   cmp_hidden) != NULL;
    }
    for (size_t i = 0; i < o->nhidden; i++) {
        if (strcmp(o->hidden[i], id) == 0) {
            return true;
        }
    }
    return false;
}

static const struct rb_exercise *
overlay_own(const struct rb_kb_overlay *o, const char *id)
{
    if (o == NULL || o->nown == 0) {
        return NULL;
    }
    if (o->sealed) {
        struct rb_exercise key = {.id = id}, *kp = &key;
        struct rb_exercise **hit =
            bsearch(&kp, o->own, o->nown, sizeof(*o->own), cmp_own);
        return hit ? *hit : NULL;
    }
    for (size_t i = 0; i < o->nown; i++) {
        if (strcmp(o->own[i]->id, id) == 0) {
            return o->own[i];
        }
    }
    return NULL;
}

const struct rb_exercise *
rb_kb_find_any(
    const struct rb_kb *kb, const struct rb_kb_overlay *o, const char *id)
{
    const struct rb_exercise *e = overlay_own(o, id);

    return e != NULL ? e : rb_kb_exercise(kb, id);
}

const struct rb_exercise *
rb_kb_find(
    const struct rb_kb *kb, const struct rb_kb_overlay *o, const char *id)
{
    const struct rb_exercise *e = overlay_own(o, id);

    if (e != NULL) {
        return e;
    }
    if (rb_kb_overlay_hidden(o, id)) {
        return NULL;
    }
    return rb_kb_exercise(kb, id);
}

/* ---- search ------------------------------------------------------------- */

/* A query's filters as vocabulary positions: compared as integers. */
struct filter {
    int pattern, category;      /* -1: any */
    uint32_t region, equipment; /* 0: any */
    int phase, level;
    bool impossible; /* a word not in the vocabulary matches nothing */
};

static struct filter
compile_filter(const struct rb_kb *kb, const struct rb_kb_query *q)
{
    struct filter f = {-1, -1, 0, 0, q->phase, q->level, false};
    int ix;

    if (q->pattern &&
        (f.pattern = kb_vocab_index(kb, "patterns", q->pattern)) < 0) {
        f.impossible = true;
    }
    if (q->category &&
        (f.category = kb_vocab_index(kb, "categories", q->category)) < 0) {
        f.impossible = true;
    }
    if (q->region) {
        ix = kb_vocab_index(kb, "regions", q->region);
        f.impossible |= ix < 0 || ix >= 32;
        f.region = ix >= 0 && ix < 32 ? 1u << ix : 0;
    }
    if (q->equipment) {
        ix = kb_vocab_index(kb, "equipment", q->equipment);
        f.impossible |= ix < 0 || ix >= 32;
        f.equipment = ix >= 0 && ix < 32 ? 1u << ix : 0;
    }
    return f;
}

static bool
passes(const struct rb_exercise *e, const struct filter *f)
{
    return (f->pattern < 0 || e->pattern_ix == f->pattern) &&
           (f->category < 0 || e->category_ix == f->category) &&
           (f->region == 0 || (e->region_mask & f->region)) &&
           (f->equipment == 0 || (e->equipment_mask & f->equipment)) &&
           (f->phase < 0 || (e->phases & (1u << f->phase))) &&
           (f->level == 0 || e->level == f->level);
}

/* Match score of a lower-case query in lower-case text. */
static int
text_score(const char *lq, size_t lqlen, const char *t)
{
    const char *hit;

    if (strcmp(t, lq) == 0) {
        return 100;
    }
    if (strncmp(t, lq, lqlen) == 0) {
        return 80;
    }
    hit = strstr(t, lq);
    if (hit == NULL) {
        return 0;
    }
    return hit[-1] == ' ' || hit[-1] == '-' ? 60 : 30;
}

static int
score(const struct rb_exercise *e, const char *lq, size_t lqlen)
{
    int best = text_score(lq, lqlen, e->lname);

    for (size_t i = 0; i < e->laliases.n && best < 100; i++) {
        int s = text_score(lq, lqlen, e->laliases.v[i]) - 10;
        if (s > best) {
            best = s;
        }
    }
    return best;
}

static int
better(const struct rb_kb_hit *a, const struct rb_kb_hit *b)
{
    if (a->score != b->score) {
        return a->score > b->score;
    }
    return strcmp(a->e->name, b->e->name) < 0;
}

/* Keep the best 'limit' hits in out[] (insertion into a sorted window). */
static void
offer(struct rb_kb_hit *out, size_t *n, size_t limit, struct rb_kb_hit h)
{
    size_t i;

    if (limit == 0) {
        return;
    }
    if (*n == limit && !better(&h, &out[limit - 1])) {
        return;
    }
    i = *n < limit ? (*n)++ : limit - 1;
    while (i > 0 && better(&h, &out[i - 1])) {
        out[i] = out[i - 1];
        i--;
    }
    out[i] = h;
}

size_t
rb_kb_search(const struct rb_kb *kb, const struct rb_kb_overlay *o,
    const struct rb_kb_query *q, struct rb_kb_hit *out, size_t *ret_n)
{
    char lq[128] = "";
    size_t lqlen = 0, n = 0, total = 0;
    struct filter f = compile_filter(kb, q);
    uint32_t qletters;

    if (f.impossible) {
        *ret_n = 0;
        return 0;
    }

    if (q->q != NULL && *q->q != '\0') {
        rb_strlcpy(lq, q->q, sizeof(lq));
        rb_str_lower(lq);
        lqlen = strlen(lq);
    }
    /* A name can contain the query only if it has all its letters: a
     * bit test that skips most exercises before any string search. */
    qletters = kb_letters(lq);
    for (int pass = 0; pass < 2; pass++) {
        size_t count = pass == 0 ? kb->nexercises : rb_kb_overlay_count(o);

        for (size_t i = 0; i < count; i++) {
            const struct rb_exercise *e =
                pass == 0 ? kb->exercises[i] : o->own[i];
            struct rb_kb_hit h = {e, 1};

            if (rb_kb_overlay_hidden(o, e->id) ||
                (pass == 0 && overlay_own(o, e->id) != NULL)) {
                continue; /* hidden, or replaced by the practice's version */
            }
            if (!passes(e, &f)) {
                continue;
            }
            if (lqlen > 0 && ((qletters & ~e->letters) != 0 ||
                                 (h.score = score(e, lq, lqlen)) <= 0)) {
                continue;
            }
            total++;
            offer(out, &n, q->limit, h);
        }
    }
    *ret_n = n;
    return total;
}

/* ---- back to JSON ------------------------------------------------------- */

static json_t *
strs_json(const struct rb_strs *s)
{
    json_t *a = json_array();

    for (size_t i = 0; i < s->n; i++) {
        json_array_append_new(a, json_string(s->v[i]));
    }
    return a;
}

static json_t *
range_json(const struct rb_range *r)
{
    return json_pack("[f,f]", r->lo, r->hi);
}

static json_t *
dose_json(const struct rb_dose *d)
{
    json_t *o = json_object();

    if (d->template_id != NULL) {
        json_object_set_new(o, "template", json_string(d->template_id));
    }
    if (d->sets.set) {
        json_object_set_new(o, "sets", range_json(&d->sets));
    }
    if (d->reps.set) {
        json_object_set_new(o, "reps", range_json(&d->reps));
    }
    if (d->seconds.set) {
        json_object_set_new(o, "seconds", range_json(&d->seconds));
    }
    if (d->intensity != NULL) {
        json_object_set_new(o, "intensity",
            json_pack("{s:o}", d->intensity, range_json(&d->intensity_range)));
    }
    if (d->rest_s.set) {
        json_object_set_new(o, "rest_s", range_json(&d->rest_s));
    }
    if (d->tempo != NULL) {
        json_object_set_new(o, "tempo", json_string(d->tempo));
    }
    if (d->source != NULL) {
        json_object_set_new(o, "source", json_string(d->source));
    }
    return o;
}

json_t *
rb_kb_exercise_json(const struct rb_kb *kb, const struct rb_exercise *e)
{
    json_t *o = json_object();
    json_t *demands = json_array();
    json_t *phases = json_array(), *contra = json_array();
    json_t *prec = json_array(), *dose = json_object();

    for (unsigned b = 0; b < RB_KB_MAX_DEMANDS; b++) {
        if ((e->demands & (1u << b)) && rb_kb_demand_name(kb, b) != NULL) {
            json_array_append_new(
                demands, json_string(rb_kb_demand_name(kb, b)));
        }
    }
    for (int k = 0; k < RB__PHASE_MAX; k++) {
        if (e->phases & (1u << k)) {
            json_array_append_new(
                phases, json_string(rb_phase_kind_name((enum rb_phase_kind)k)));
        }
    }
    for (size_t i = 0; i < e->ncontra; i++) {
        json_array_append_new(
            contra, json_pack("{s:s, s:s}", "condition", e->contra[i].condition,
                        "phase",
                        e->contra[i].phase < 0
                            ? "any"
                            : rb_phase_kind_name(
                                  (enum rb_phase_kind)e->contra[i].phase)));
    }
    for (size_t i = 0; i < e->nprecautions; i++) {
        json_t *p = json_pack("{s:s}", "note", e->precautions[i].note);
        if (e->precautions[i].condition != NULL) {
            json_object_set_new(
                p, "condition", json_string(e->precautions[i].condition));
        }
        json_array_append_new(prec, p);
    }
    for (size_t i = 0; i < e->ndoses; i++) {
        json_object_set_new(dose, e->doses[i].goal, dose_json(&e->doses[i]));
    }
    json_object_set_new(o, "id", json_string(e->id));
    json_object_set_new(o, "name", json_string(e->name));
    json_object_set_new(o, "aliases", strs_json(&e->aliases));
    json_object_set_new(o, "pattern", json_string(e->pattern));
    json_object_set_new(o, "category", json_string(e->category));
    json_object_set_new(o, "regions", strs_json(&e->regions));
    json_object_set_new(o, "muscles", strs_json(&e->muscles));
    json_object_set_new(o, "level", json_integer(e->level));
    json_object_set_new(o, "laterality", json_string(e->laterality));
    json_object_set_new(o, "equipment", strs_json(&e->equipment));
    if (e->equipment_any.n > 0) {
        json_object_set_new(o, "equipment_any", strs_json(&e->equipment_any));
    }
    json_object_set_new(o, "impact", json_string(e->impact));
    json_object_set_new(o, "demands", demands);
    json_object_set_new(o, "phases", phases);
    json_object_set_new(o, "contraindications", contra);
    json_object_set_new(o, "precautions", prec);
    json_object_set_new(o, "dose", dose);
    json_object_set_new(o, "cues", strs_json(&e->cues));
    json_object_set_new(o, "faults", strs_json(&e->faults));
    json_object_set_new(o, "rationale", json_string(e->rationale));
    json_object_set_new(o, "regressions", strs_json(&e->regressions));
    json_object_set_new(o, "progressions", strs_json(&e->progressions));
    return o;
}
