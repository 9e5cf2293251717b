/*
 * plan_select.c -- which exercises a client may do (the pool) and which
 * of them fits a slot best.  Safety is decided once, here, by filtering:
 * everything later picks only from the pool.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/plan_int.h"

static bool
has_str(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            return true;
        }
    }
    return false;
}

bool
plan_equipment_ok(const struct plan_ctx *c, const struct rb_exercise *e)
{
    return rb_plan_equipped(c->in, e);
}

bool
rb_plan_equipped(const struct rb_plan_input *in, const struct rb_exercise *e)
{
    for (size_t i = 0; i < e->equipment.n; i++) {
        if (!has_str(in->equipment, in->nequipment, e->equipment.v[i])) {
            return false;
        }
    }
    if (e->equipment_any.n == 0) {
        return true;
    }
    for (size_t i = 0; i < e->equipment_any.n; i++) {
        if (has_str(in->equipment, in->nequipment, e->equipment_any.v[i])) {
            return true;
        }
    }
    return false;
}

bool
plan_demands(
    const struct plan_ctx *c, const struct rb_exercise *e, const char *name)
{
    for (unsigned i = 0; i < 32; i++) {
        const char *d = rb_kb_demand_name(c->kb, i);
        if (d != NULL && strcmp(d, name) == 0) {
            return (e->demands & (1u << i)) != 0;
        }
    }
    return false;
}

static bool
allowed(const struct plan_ctx *c, const struct rb_exercise *e)
{
    if (e->ndoses == 0 || e->level > c->max_level) {
        return false;
    }
    if (!rb_kb_eligible(e, c->condition, c->phase->kind, c->forbidden)) {
        return false;
    }
    if (!plan_equipment_ok(c, e)) {
        return false;
    }
    if (c->no_high_impact && strcmp(e->impact, "high") == 0) {
        return false;
    }
    /* Jumps stay at low level while a balance deficit is open. */
    if (c->low_plyo && plan_demands(c, e, "jumping") &&
        (e->level > 2 || strcmp(e->impact, "high") == 0)) {
        return false;
    }
    return true;
}

static int
cmp_id(const void *x, const void *y)
{
    const struct rb_exercise *a = *(const struct rb_exercise *const *)x;
    const struct rb_exercise *b = *(const struct rb_exercise *const *)y;
    return strcmp(a->id, b->id);
}

void
plan_pool(struct plan_ctx *c)
{
    size_t n = rb_kb_exercise_count(c->kb);

    c->pool = rb_arena_alloc(c->a, (n + 1) * sizeof(*c->pool));
    c->npool = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rb_exercise *e = rb_kb_exercise_at(c->kb, i);
        if (allowed(c, e)) {
            c->pool[c->npool++] = e;
        }
    }
    qsort(c->pool, c->npool, sizeof(*c->pool), cmp_id);
}

bool
plan_in_pool(const struct plan_ctx *c, const struct rb_exercise *e)
{
    const struct rb_exercise *const *hit =
        bsearch(&e, c->pool, c->npool, sizeof(*c->pool), cmp_id);
    return hit != NULL;
}

bool
plan_matches(const struct rb_exercise *e, const struct plan_match *m)
{
    if (m->category != NULL && strcmp(e->category, m->category) != 0) {
        return false;
    }
    if (m->pattern != NULL && strcmp(e->pattern, m->pattern) != 0) {
        return false;
    }
    if (m->main_only && !plan_is_main_category(e->category)) {
        return false;
    }
    if (m->region != NULL && !has_str(e->regions.v, e->regions.n, m->region)) {
        return false;
    }
    if (m->muscle != NULL && !has_str(e->muscles.v, e->muscles.n, m->muscle)) {
        return false;
    }
    return true;
}

bool
plan_is_main_category(const char *cat)
{
    static const char *const main_cats[] = {"strength", "hypertrophy", "power",
        "balance", "motor_control", "core", "agility", NULL};
    for (const char *const *m = main_cats; *m; m++) {
        if (strcmp(*m, cat) == 0) {
            return true;
        }
    }
    return false;
}

int
plan_pref_level(const struct plan_ctx *c)
{
    int lvl = c->in->experience == RB_EXP_ADVANCED       ? 4
              : c->in->experience == RB_EXP_INTERMEDIATE ? 3
                                                         : 2;
    if (c->phase->kind <= RB_PHASE_ROM || c->in->age >= 65) {
        lvl = lvl > 2 ? 2 : lvl;
    }
    return lvl;
}

/* Rank of a category in the phase's emphasis (0 best), or -1. */
static int
emphasis_rank(const struct plan_ctx *c, const char *cat)
{
    const struct rb_strs *s = &c->phase->emphasis_categories;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], cat) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int
score(const struct plan_ctx *c, const struct rb_exercise *e,
    const struct plan_match *m, int pref_level)
{
    int s = 0, r = emphasis_rank(c, e->category);

    if (r >= 0) {
        s += 30 - 3 * r;
    }
    if (m->unilateral && strcmp(e->laterality, "unilateral") == 0) {
        s += 6;
    }
    for (size_t i = 0; i < c->ntargets; i++) {
        if (plan_matches(e, &c->targets[i].rule->match)) {
            s += 8;
        }
    }
    unsigned g = c->in->goals;
    if ((g & (1u << RB_GOAL_POWER)) && strcmp(e->category, "power") == 0) {
        s += 8;
    }
    if ((g & (1u << RB_GOAL_FALL_PREVENTION)) &&
        strcmp(e->category, "balance") == 0) {
        s += 8;
    }
    if ((g & (1u << RB_GOAL_STRENGTH)) &&
        strcmp(e->category, "strength") == 0) {
        s += 4;
    }
    s -= 4 * abs(e->level - pref_level);
    return s;
}

const struct rb_exercise *
plan_pick(const struct plan_ctx *c, const struct plan_match *m,
    const struct rb_exercise *const *avoid, size_t navoid, int pref_level)
{
    const struct rb_exercise *best = NULL;
    int best_s = 0;

    /* The pool is sorted by id, so the first of equal scores wins. */
    for (size_t i = 0; i < c->npool; i++) {
        const struct rb_exercise *e = c->pool[i];
        bool skip = false;

        if (!plan_matches(e, m)) {
            continue;
        }
        for (size_t j = 0; j < navoid && !skip; j++) {
            skip = avoid[j] == e;
        }
        if (skip) {
            continue;
        }
        int s = score(c, e, m, pref_level);
        if (best == NULL || s > best_s) {
            best = e;
            best_s = s;
        }
    }
    return best;
}

const char *
plan_neighbour(const struct plan_ctx *c, const struct rb_strs *s)
{
    /* The first neighbour the client could do here, else the first. */
    for (size_t i = 0; i < s->n; i++) {
        const struct rb_exercise *e = rb_kb_exercise(c->kb, s->v[i]);
        if (e != NULL && plan_in_pool(c, e)) {
            return e->id;
        }
    }
    return NULL;
}
