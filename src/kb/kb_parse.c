/*
 * kb_parse.c -- reading knowledge-base JSON: field readers that report
 * problems with their file and field, dose entries and exercises.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/str.h"

void
kb_problem(struct kb_ctx *c, const char *field, const char *fmt, ...)
{
    struct rb_kb_report *r = c->report;
    va_list ap;

    c->problems++;
    if (r == NULL) {
        return;
    }
    r->total++;
    if (r->n < r->max) {
        struct rb_kb_problem *p = &r->items[r->n++];

        snprintf(p->file, sizeof(p->file), "%s", c->file ? c->file : "");
        snprintf(p->field, sizeof(p->field), "%s", field ? field : "");
        va_start(ap, fmt);
        vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
        va_end(ap);
    }
}

/* "path.child", or just "child" at the top level. */
static const char *child(
    struct kb_ctx *c, const char *path, const char *fmt, ...) RB_PRINTF(3, 4);

static const char *
child(struct kb_ctx *c, const char *path, const char *fmt, ...)
{
    char name[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    if (path == NULL || *path == '\0') {
        return rb_arena_strdup(c->arena, name);
    }
    return rb_arena_printf(c->arena, "%s.%s", path, name);
}

static const char *
join(struct kb_ctx *c, const char *path, const char *key)
{
    if (path == NULL || *path == '\0') {
        return rb_arena_strdup(c->arena, key);
    }
    return rb_arena_printf(c->arena, "%s.%s", path, key);
}

void
kb_check_keys(struct kb_ctx *c, const json_t *obj, const char *path,
    const char *const *allowed)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v)
    {
        const char *const *a = allowed;

        while (*a != NULL && strcmp(*a, key) != 0) {
            a++;
        }
        if (*a == NULL && key[0] != '_') { /* "_about" etc. are comments */
            kb_problem(c, join(c, path, key), "unknown field");
        }
    }
}

const char *
kb_str(struct kb_ctx *c, const json_t *obj, const char *key, const char *path,
    bool required)
{
    json_t *v = json_object_get(obj, key);

    if (v == NULL) {
        if (required) {
            kb_problem(c, join(c, path, key), "missing");
        }
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        kb_problem(c, join(c, path, key), "must be a non-empty string");
        return NULL;
    }
    return rb_arena_strdup(c->arena, json_string_value(v));
}

const struct rb_strs *
kb_vocab(const struct rb_kb *kb, const char *name)
{
    for (size_t i = 0; i < kb->nvocabs; i++) {
        if (strcmp(kb->vocabs[i].name, name) == 0) {
            return &kb->vocabs[i].words;
        }
    }
    return NULL;
}

static bool
in_vocab(const struct rb_kb *kb, const char *vocab, const char *word)
{
    const struct rb_strs *w = kb_vocab(kb, vocab);

    for (size_t i = 0; w != NULL && i < w->n; i++) {
        if (strcmp(w->v[i], word) == 0) {
            return true;
        }
    }
    return false;
}

bool
rb_kb_vocab_has(const struct rb_kb *kb, const char *name, const char *word)
{
    return word != NULL && in_vocab(kb, name, word);
}

uint32_t
kb_letters(const char *s)
{
    uint32_t m = 0;

    for (; s != NULL && *s; s++) {
        char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (ch >= 'a' && ch <= 'z') {
            m |= 1u << (ch - 'a');
        }
    }
    return m;
}

int
kb_vocab_index(const struct rb_kb *kb, const char *name, const char *word)
{
    const struct rb_strs *w = kb_vocab(kb, name);

    for (size_t i = 0; w != NULL && word != NULL && i < w->n; i++) {
        if (strcmp(w->v[i], word) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static uint32_t
vocab_mask(const struct rb_kb *kb, const char *name, const struct rb_strs *s)
{
    uint32_t m = 0;

    for (size_t i = 0; i < s->n; i++) {
        int ix = kb_vocab_index(kb, name, s->v[i]);
        if (ix >= 0 && ix < 32) {
            m |= 1u << ix;
        }
    }
    return m;
}

int
kb_demand_bit(const struct rb_kb *kb, const char *word)
{
    for (size_t i = 0; kb->demands != NULL && i < kb->demands->n; i++) {
        if (strcmp(kb->demands->v[i], word) == 0) {
            return (int)i;
        }
    }
    return -1;
}

const char *
kb_word(struct kb_ctx *c, const json_t *obj, const char *key, const char *path,
    const char *vocab)
{
    const char *w = kb_str(c, obj, key, path, true);

    if (w != NULL && !in_vocab(c->kb, vocab, w)) {
        kb_problem(c, join(c, path, key), "'%s' is not in the %s vocabulary", w,
            vocab);
        return NULL;
    }
    return w;
}

struct rb_strs
kb_strs(struct kb_ctx *c, const json_t *obj, const char *key, const char *path,
    const char *vocab, size_t min, size_t max)
{
    struct rb_strs out = {NULL, 0};
    json_t *v = json_object_get(obj, key);
#define where join(c, path, key) /* built only when reporting */
    size_t n;

    if (v == NULL) {
        if (min > 0) {
            kb_problem(c, where, "missing (needs at least %zu)", min);
        }
        return out;
    }
    if (!json_is_array(v)) {
        kb_problem(c, where, "must be a list of strings");
        return out;
    }
    n = json_array_size(v);
    if (n < min || n > max) {
        kb_problem(
            c, where, "must have %zu to %zu entries, has %zu", min, max, n);
    }
    out.v = rb_arena_alloc(c->arena, (n ? n : 1) * sizeof(*out.v));
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(v, i);

        if (!json_is_string(s) || json_string_length(s) == 0) {
            kb_problem(c, where, "entry %zu must be a non-empty string", i);
            continue;
        }
        if (vocab != NULL && !in_vocab(c->kb, vocab, json_string_value(s))) {
            kb_problem(c, where, "'%s' is not in the %s vocabulary",
                json_string_value(s), vocab);
            continue;
        }
        out.v[out.n++] = rb_arena_strdup(c->arena, json_string_value(s));
    }
    return out;
#undef where
}

bool
kb_num(struct kb_ctx *c, const json_t *obj, const char *key, const char *path,
    bool required, double min, double max, double *ret)
{
    json_t *v = json_object_get(obj, key);
    double x;

    if (v == NULL) {
        if (required) {
            kb_problem(c, join(c, path, key), "missing");
        }
        return false;
    }
    if (!json_is_number(v)) {
        kb_problem(c, join(c, path, key), "must be a number");
        return false;
    }
    x = json_number_value(v);
    if (!(x >= min && x <= max)) {
        kb_problem(c, join(c, path, key), "%g is outside %g..%g", x, min, max);
        return false;
    }
    *ret = x;
    return true;
}

bool
kb_range(struct kb_ctx *c, const json_t *obj, const char *key, const char *path,
    double min, double max, struct rb_range *ret)
{
    json_t *v = json_object_get(obj, key);
#define where join(c, path, key) /* built only when reporting */
    double lo, hi;

    if (v == NULL) {
        return false;
    }
    if (!json_is_array(v) || json_array_size(v) != 2 ||
        !json_is_number(json_array_get(v, 0)) ||
        !json_is_number(json_array_get(v, 1))) {
        kb_problem(c, where, "must be [low, high]");
        return false;
    }
    lo = json_number_value(json_array_get(v, 0));
    hi = json_number_value(json_array_get(v, 1));
    if (!(lo >= min && hi <= max && lo <= hi)) {
        kb_problem(c, where, "[%g, %g] must satisfy %g <= low <= high <= %g",
            lo, hi, min, max);
        return false;
    }
    ret->lo = lo;
    ret->hi = hi;
    ret->set = true;
    return true;
#undef where
}

void
kb_source(struct kb_ctx *c, const char *key, const char *path)
{
    if (key == NULL) {
        kb_problem(c, path, "a number without a source");
        return;
    }
    if (rb_kb_source(c->kb, key) == NULL) {
        kb_problem(c, path, "unknown source '%s' (see data/sources.json)", key);
    }
}

bool
kb_is_slug(const char *s)
{
    bool dash_ok = false;

    if (s == NULL || *s == '\0' || strlen(s) > 80) {
        return false;
    }
    for (; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            dash_ok = true;
        } else if (*s == '-' && dash_ok) {
            dash_ok = false;
        } else {
            return false;
        }
    }
    return dash_ok;
}

static bool
valid_tempo(const char *t)
{
    int digits = 0;

    if (strcmp(t, "hold") == 0 || strcmp(t, "steady") == 0) {
        return true;
    }
    /* E-P-C-P: four parts, each a digit or X, separated by '-'. */
    for (int i = 0; i < 4; i++) {
        if (!((*t >= '0' && *t <= '9') || *t == 'X')) {
            return false;
        }
        t++;
        digits++;
        if (i < 3 && *t++ != '-') {
            return false;
        }
    }
    return *t == '\0' && digits == 4;
}

bool
kb_dose(struct kb_ctx *c, const json_t *v, const char *goal, const char *path,
    struct rb_dose *ret)
{
    static const char *const keys[] = {"template", "sets", "reps", "seconds",
        "intensity", "rest_s", "tempo", "source", "goal", "id", NULL};
    const char *tid = json_string_value(json_object_get(v, "template"));
    struct rb_dose d = {.goal = goal};
    json_t *in;
    size_t before = c->problems;

    if (!json_is_object(v)) {
        kb_problem(c, path, "must be an object");
        return false;
    }
    kb_check_keys(c, v, path, keys);
    if (tid != NULL) {
        for (size_t i = 0; i < c->kb->ntemplates; i++) {
            if (strcmp(c->kb->templates[i].id, tid) == 0) {
                *ret = c->kb->templates[i].dose;
                ret->goal = goal;
                ret->template_id = c->kb->templates[i].id;
                return true;
            }
        }
        kb_problem(c, path, "unknown dose template '%s'", tid);
        return false;
    }
    kb_range(c, v, "sets", path, 1, 20, &d.sets);
    kb_range(c, v, "reps", path, 1, 200, &d.reps);
    kb_range(c, v, "seconds", path, 1, 7200, &d.seconds);
    kb_range(c, v, "rest_s", path, 0, 600, &d.rest_s);
    if (!d.sets.set) {
        kb_problem(c, join(c, path, "sets"), "missing");
    }
    if (d.reps.set == d.seconds.set) {
        kb_problem(c, path, "give either reps or seconds");
    }
    in = json_object_get(v, "intensity");
    if (in != NULL) {
        const char *ik = json_object_size(in) == 1
                             ? json_object_iter_key(json_object_iter(in))
                             : NULL;
        double max = 0;

        if (ik && strcmp(ik, "pct_1rm") == 0) {
            max = 100;
        } else if (ik && (strcmp(ik, "rpe") == 0 || strcmp(ik, "rir") == 0)) {
            max = 10;
        }
        if (max == 0) {
            kb_problem(c, join(c, path, "intensity"),
                "must be one of {\"pct_1rm\"}, {\"rpe\"} or {\"rir\"}");
        } else {
            d.intensity = rb_arena_strdup(c->arena, ik);
            kb_range(c, in, ik, join(c, path, "intensity"), 0, max,
                &d.intensity_range);
        }
    }
    d.tempo = kb_str(c, v, "tempo", path, false);
    if (d.tempo != NULL && !valid_tempo(d.tempo)) {
        kb_problem(c, join(c, path, "tempo"),
            "'%s' is not E-P-C-P (digits or X), hold or steady", d.tempo);
    }
    d.source = kb_str(c, v, "source", path, false);
    kb_source(c, d.source, join(c, path, "source"));
    if (c->problems != before) {
        return false;
    }
    *ret = d;
    return true;
}

static const char *const exercise_keys[] = {"id", "name", "aliases", "pattern",
    "category", "regions", "muscles", "level", "laterality", "equipment",
    "equipment_any", "impact", "demands", "phases", "contraindications",
    "precautions", "dose", "cues", "faults", "rationale", "regressions",
    "progressions", NULL};

static uint32_t
phase_bits(struct kb_ctx *c, const struct rb_strs *phases, const char *path)
{
    uint32_t bits = 0;

    for (size_t i = 0; i < phases->n; i++) {
        int k = rb_phase_kind_parse(phases->v[i]);

        if (k < 0) {
            kb_problem(c, path, "unknown phase '%s'", phases->v[i]);
        } else {
            bits |= 1u << k;
        }
    }
    return bits;
}

static void
parse_contra(struct kb_ctx *c, const json_t *obj, const char *path,
    struct rb_exercise *e)
{
    static const char *const keys[] = {"condition", "phase", NULL};
    json_t *list = json_object_get(obj, "contraindications");
    size_t n;

    if (list == NULL) {
        return;
    }
    if (!json_is_array(list)) {
        kb_problem(c, join(c, path, "contraindications"), "must be a list");
        return;
    }
    n = json_array_size(list);
    e->contra = rb_arena_alloc(c->arena, (n ? n : 1) * sizeof(*e->contra));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        const char *p = child(c, path, "contraindications[%zu]", i);
        const char *cond, *phase;

        if (!json_is_object(o)) {
            kb_problem(c, p, "must be {\"condition\", \"phase\"}");
            continue;
        }
        kb_check_keys(c, o, p, keys);
        cond = kb_word(c, o, "condition", p, "conditions");
        phase = kb_str(c, o, "phase", p, true);
        if (cond == NULL || phase == NULL) {
            continue;
        }
        int k = strcmp(phase, "any") == 0 ? -1 : rb_phase_kind_parse(phase);
        if (k < 0 && strcmp(phase, "any") != 0) {
            kb_problem(c, child(c, p, "phase"), "unknown phase '%s'", phase);
            continue;
        }
        e->contra[e->ncontra++] = (struct rb_contraindication){cond, k};
    }
}

static void
parse_precautions(struct kb_ctx *c, const json_t *obj, const char *path,
    struct rb_exercise *e)
{
    static const char *const keys[] = {"condition", "note", NULL};
    json_t *list = json_object_get(obj, "precautions");
    size_t n;

    if (list == NULL) {
        return;
    }
    if (!json_is_array(list)) {
        kb_problem(c, join(c, path, "precautions"), "must be a list");
        return;
    }
    n = json_array_size(list);
    e->precautions =
        rb_arena_alloc(c->arena, (n ? n : 1) * sizeof(*e->precautions));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        const char *p = child(c, path, "precautions[%zu]", i);
        struct rb_precaution pr = {NULL, NULL};

        if (!json_is_object(o)) {
            kb_problem(c, p, "must be {\"condition\"?, \"note\"}");
            continue;
        }
        kb_check_keys(c, o, p, keys);
        if (json_object_get(o, "condition") != NULL) {
            pr.condition = kb_word(c, o, "condition", p, "conditions");
        }
        pr.note = kb_str(c, o, "note", p, true);
        if (pr.note != NULL) {
            e->precautions[e->nprecautions++] = pr;
        }
    }
}

static void
parse_doses(struct kb_ctx *c, const json_t *obj, const char *path,
    struct rb_exercise *e)
{
    json_t *d = json_object_get(obj, "dose");
    const char *goal;
    json_t *v;

    if (!json_is_object(d) || json_object_size(d) == 0) {
        kb_problem(c, join(c, path, "dose"),
            "needs a default dose for at least one goal");
        return;
    }
    e->doses =
        rb_arena_alloc(c->arena, json_object_size(d) * sizeof(*e->doses));
    json_object_foreach(d, goal, v)
    {
        const char *p = child(c, path, "dose.%s", goal);

        if (!in_vocab(c->kb, "goals", goal)) {
            kb_problem(c, p, "'%s' is not in the goals vocabulary", goal);
            continue;
        }
        if (kb_dose(c, v, rb_arena_strdup(c->arena, goal), p,
                &e->doses[e->ndoses])) {
            e->ndoses++;
        }
    }
}

struct rb_exercise *
kb_exercise(
    struct kb_ctx *c, const json_t *obj, const char *path, int64_t org_id)
{
    struct rb_exercise *e = rb_arena_alloc(c->arena, sizeof(*e));
    struct rb_strs phases, demands;
    double level = 0;

    if (!json_is_object(obj)) {
        kb_problem(c, path, "an exercise must be an object");
        return NULL;
    }
    kb_check_keys(c, obj, path, exercise_keys);
    e->org_id = org_id;
    e->id = kb_str(c, obj, "id", path, true);
    if (e->id != NULL && !kb_is_slug(e->id)) {
        kb_problem(c, join(c, path, "id"),
            "'%s' is not a slug (lower-case words joined by '-')", e->id);
    }
    e->name = kb_str(c, obj, "name", path, true);
    e->aliases = kb_strs(c, obj, "aliases", path, NULL, 0, 10);
    e->pattern = kb_word(c, obj, "pattern", path, "patterns");
    e->category = kb_word(c, obj, "category", path, "categories");
    e->regions = kb_strs(c, obj, "regions", path, "regions", 1, 6);
    e->muscles = kb_strs(c, obj, "muscles", path, "muscles", 1, 10);
    if (kb_num(c, obj, "level", path, true, 1, 5, &level) &&
        level != floor(level)) {
        kb_problem(c, join(c, path, "level"), "must be a whole number 1-5");
    }
    e->level = (int)level;
    e->laterality = kb_word(c, obj, "laterality", path, "laterality");
    e->equipment = kb_strs(c, obj, "equipment", path, "equipment", 0, 6);
    if (json_object_get(obj, "equipment") == NULL) {
        kb_problem(
            c, join(c, path, "equipment"), "missing (use [] for body weight)");
    }
    e->equipment_any =
        kb_strs(c, obj, "equipment_any", path, "equipment", 0, 6);
    e->impact = kb_word(c, obj, "impact", path, "impact");
    demands = kb_strs(c, obj, "demands", path, "demands", 0, 16);
    for (size_t i = 0; i < demands.n; i++) {
        int bit = kb_demand_bit(c->kb, demands.v[i]);
        if (bit >= 0) {
            e->demands |= 1u << bit;
        }
    }
    if (e->impact != NULL && strcmp(e->impact, "high") == 0) {
        int j = kb_demand_bit(c->kb, "jumping");
        int l = kb_demand_bit(c->kb, "landing");
        e->demands |= (j >= 0 ? 1u << j : 0) | (l >= 0 ? 1u << l : 0);
    }
    phases = kb_strs(c, obj, "phases", path, "phases", 1, RB__PHASE_MAX);
    e->phases = phase_bits(c, &phases, join(c, path, "phases"));
    parse_contra(c, obj, path, e);
    parse_precautions(c, obj, path, e);
    parse_doses(c, obj, path, e);
    e->cues = kb_strs(c, obj, "cues", path, NULL, 2, 4);
    e->faults = kb_strs(c, obj, "faults", path, NULL, 1, 6);
    e->rationale = kb_str(c, obj, "rationale", path, true);
    e->regressions = kb_strs(c, obj, "regressions", path, NULL, 0, 8);
    e->progressions = kb_strs(c, obj, "progressions", path, NULL, 0, 8);
    if (e->name != NULL) {
        char *l = rb_arena_strdup(c->arena, e->name);
        rb_str_lower(l);
        e->lname = l;
    }
    e->pattern_ix = kb_vocab_index(c->kb, "patterns", e->pattern);
    e->category_ix = kb_vocab_index(c->kb, "categories", e->category);
    e->region_mask = vocab_mask(c->kb, "regions", &e->regions);
    e->equipment_mask = vocab_mask(c->kb, "equipment", &e->equipment) |
                        vocab_mask(c->kb, "equipment", &e->equipment_any);
    e->letters = kb_letters(e->lname);
    for (size_t i = 0; i < e->aliases.n; i++) {
        e->letters |= kb_letters(e->aliases.v[i]);
    }
    e->laliases.v = rb_arena_alloc(
        c->arena, (e->aliases.n ? e->aliases.n : 1) * sizeof(*e->laliases.v));
    for (size_t i = 0; i < e->aliases.n; i++) {
        char *l = rb_arena_strdup(c->arena, e->aliases.v[i]);
        rb_str_lower(l);
        e->laliases.v[e->laliases.n++] = l;
    }
    return e;
}
