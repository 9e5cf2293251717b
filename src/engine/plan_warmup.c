/*
 * plan_warmup.c -- the warm-up, shaped by the person (RAMP, Jeffreys
 * 2007): raise (easy movement), activate and mobilise (what the history,
 * the sitting and the findings call for), potentiate (ramp-up sets of
 * the session's first main movement).  The rules are plan_warm_rules.
 */
#include <string.h>

#include "engine/plan_int.h"

static void
init_rx(struct rb_rx *rx, const struct rb_exercise *e, enum rb_session_block b)
{
    memset(rx, 0, sizeof(*rx));
    rx->e = e;
    rx->block = b;
    rx->side = RB_RX_BOTH;
}

static bool
taken(const struct rb_rx *out, size_t n, const struct rb_exercise *e)
{
    for (size_t i = 0; i < n; i++) {
        if (out[i].e == e) {
            return true;
        }
    }
    return false;
}

static const char *
region_words(const char *region)
{
    static const char *const words[][2] = {{"ankle_foot", "ankle"},
        {"lumbar_spine", "low back"}, {"thoracic_spine", "upper back"},
        {"cervical_spine", "neck"}, {"wrist_hand", "wrist"},
        {"pelvic_floor", "pelvic floor"}, {"full_body", "body"}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strcmp(words[i][0], region) == 0) {
            return words[i][1];
        }
    }
    return region;
}

static const char *
history_words(struct plan_ctx *c, const struct plan_warm_rule *r,
    const struct rb_plan_injury **ret)
{
    const struct rb_plan_input *in = c->in;

    if (r->trigger == TRIG_SITTING) {
        if (in->sitting_hours >= r->min_hours) {
            return rb_arena_printf(c->a, "%.0f hours", in->sitting_hours);
        }
        return NULL;
    }
    for (size_t i = 0; i < in->ninjuries; i++) {
        const struct rb_plan_injury *j = &in->injuries[i];
        if (strcmp(j->region, r->region) == 0) {
            *ret = j;
            const char *rw = region_words(j->region);
            if (j->kind != NULL && strstr(j->kind, rw) != NULL) {
                rw = ""; /* "low back pain" names its region already */
            }
            return rb_arena_printf(c->a, "%s%s%s%s%s%s",
                j->side != RB_SIDE_NONE ? rb_side_name(j->side) : "",
                j->side != RB_SIDE_NONE ? " " : "", rw,
                j->kind == NULL ? " injury"
                : rw[0]         ? " "
                                : "",
                j->kind != NULL ? j->kind : "",
                j->recurrences > 0
                    ? rb_arena_printf(c->a, " (%d times)", j->recurrences + 1)
                    : "");
        }
    }
    return NULL;
}

size_t
plan_warmup(struct plan_ctx *c, const struct rb_exercise *first,
    struct rb_rx *out, size_t max)
{
    size_t n = 0;
    const struct rb_exercise *e = NULL;
    const struct rb_exercise *avoid[16];
    size_t navoid = 0;

    /* Raise. */
    for (const char *const *id = plan_raise_ids; *id != NULL && e == NULL;
         id++) {
        const struct rb_exercise *x = rb_kb_exercise(c->kb, *id);
        if (x != NULL && plan_in_pool(c, x)) {
            e = x;
        }
    }
    if (e != NULL && n < max) {
        init_rx(&out[n], e, RB_SB_RAISE);
        plan_why_add(&out[n].why, "warmup.raise", "RAMP");
        out[n].why.text = "Easy whole-body movement to get warm.";
        n++;
    }

    /* Activate and mobilise: history and sitting first. */
    for (size_t r = 0; r < plan_nwarm_rules && n + 1 < max; r++) {
        const struct plan_warm_rule *w = &plan_warm_rules[r];
        const struct rb_plan_injury *inj = NULL;
        const char *hist = history_words(c, w, &inj);
        if (hist == NULL) {
            continue;
        }
        for (size_t p = 0; p < 2 && n + 1 < max; p++) {
            navoid = 0;
            for (size_t i = 0; i < n && navoid < 16; i++) {
                avoid[navoid++] = out[i].e;
            }
            e = plan_pick(c, &w->picks[p], avoid, navoid, 1);
            if (e == NULL) {
                continue;
            }
            init_rx(&out[n], e, RB_SB_ACTIVATE);
            if (w->picks[p].unilateral && inj != NULL &&
                inj->side != RB_SIDE_NONE &&
                strcmp(e->laterality, "unilateral") == 0) {
                out[n].side = RB_RX_BOTH; /* both, the involved side first */
                out[n].side_name = inj->side;
            }
            plan_why_add(&out[n].why, w->id, w->source);
            plan_why_add(&out[n].why, NULL, w->source2);
            out[n].why.text = rb_arena_printf(c->a, w->why, hist);
            n++;
        }
    }
    /* Mobility findings not yet covered. */
    for (size_t t = 0; t < c->ntargets && n + 1 < max; t++) {
        const struct plan_target *tg = &c->targets[t];
        bool covered = false;
        if (!tg->rule->warmup) {
            continue;
        }
        for (size_t i = 0; i < n && !covered; i++) {
            covered = plan_matches(out[i].e, &tg->rule->match);
        }
        if (covered) {
            continue;
        }
        navoid = 0;
        for (size_t i = 0; i < n && navoid < 16; i++) {
            avoid[navoid++] = out[i].e;
        }
        e = plan_pick(c, &tg->rule->match, avoid, navoid, 1);
        if (e == NULL || taken(out, n, e)) {
            continue;
        }
        init_rx(&out[n], e, RB_SB_ACTIVATE);
        plan_why_add(&out[n].why, tg->rule->rule, tg->source);
        out[n].why.text = rb_arena_printf(c->a,
            "Your assessment showed %s (%s), so it is mobilised in every "
            "warm-up.",
            tg->rule->words, tg->text);
        n++;
    }
    /* At least one activation drill. */
    bool act = false;
    for (size_t i = 0; i < n; i++) {
        act = act || strcmp(out[i].e->category, "activation") == 0;
    }
    if (!act && n + 1 < max) {
        static const struct plan_match glutes = {
            "activation", "hip", "gluteus_maximus", NULL, false, false};
        static const struct plan_match any = {
            "activation", NULL, NULL, NULL, false, false};
        navoid = 0;
        for (size_t i = 0; i < n && navoid < 16; i++) {
            avoid[navoid++] = out[i].e;
        }
        e = plan_pick(c, &glutes, avoid, navoid, 1);
        e = e != NULL ? e : plan_pick(c, &any, avoid, navoid, 1);
        if (e != NULL) {
            init_rx(&out[n], e, RB_SB_ACTIVATE);
            plan_why_add(&out[n].why, "warmup.activate", "RAMP");
            out[n].why.text =
                "It switches on the hip muscles that the main lifts rely on.";
            n++;
        }
    }
    /* Potentiate: rehearse the first main movement. */
    if (first != NULL && n < max &&
        (strcmp(first->category, "strength") == 0 ||
            strcmp(first->category, "power") == 0 ||
            strcmp(first->category, "hypertrophy") == 0)) {
        init_rx(&out[n], first, RB_SB_POTENTIATE);
        plan_why_add(&out[n].why, "warmup.potentiate", "RAMP");
        out[n].why.text = rb_arena_printf(c->a,
            "Ramp-up sets of %s, the first main exercise, at a light effort.",
            first->name);
        n++;
    }
    return n;
}
