/*
 * plan_build.c -- the program engine's main line: refusals, the pathway
 * and its gate, the targets, the session templates, then each week's
 * doses and time fit.  See program.h and docs/program-engine.md.
 */
#include <string.h>

#include "engine/plan_int.h"

#define MAX_RX 32

/* ---- refusals ------------------------------------------------------------ */

static void
refuse(struct rb_plan *p, const char *rule, const char *msg,
    const char *unblock, const char *source)
{
    p->refused = true;
    p->rule = rule;
    p->message = msg;
    p->unblock = unblock;
    p->source = source;
}

static enum rb_status
refusals(const struct rb_scope_table *scope, const struct rb_plan_input *in,
    struct rb_arena *a, struct rb_plan *p, struct rb_scope_verdict *v,
    struct rb_err *err)
{
    if (in->nred_flags > 0) {
        const struct rb_red_flag *f = rb_red_flag_find(in->red_flags[0]);
        refuse(p, "plan.red_flag_open",
            rb_arena_printf(a,
                "Open red flag '%s' (%s): %s No program is written while a "
                "red flag is open.",
                f->id, f->question, f->message),
            "Refer to a physician now. Programming stays blocked until the "
            "red flag is closed and a physician's clearance is recorded.",
            f->source);
        return RB_OK;
    }
    if (in->screen_outcome == RB_SCREEN_REFER) {
        refuse(p, "plan.screen_refer",
            "The screening outcome is 'refer'. No program is written until "
            "the referral is resolved.",
            "Refer as the screening says and record the provider's clearance.",
            "ACSM-2015");
        return RB_OK;
    }
    bool pending = in->clearance_pending ||
                   (in->screen_outcome == RB_SCREEN_CLEARANCE_RECOMMENDED &&
                       !in->has_clearance);
    if (pending) {
        refuse(p, "plan.clearance_pending",
            "The screening recommends medical clearance and none is recorded "
            "yet.",
            "Record the provider's clearance (with any restrictions), then "
            "plan again.",
            "ACSM-2015");
        return RB_OK;
    }

    struct rb_injury *inj =
        rb_arena_alloc(a, (in->ninjuries + 1) * sizeof(*inj));
    size_t n = 0;
    for (size_t i = 0; i < in->ninjuries; i++) {
        inj[n].region = in->injuries[i].region;
        inj[n].status = in->injuries[i].status;
        inj[n].onset_day = in->injuries[i].onset_day;
        n++;
    }
    struct rb_client_state cs = {
        .red_flag_open = false,
        .clearance_pending = false,
        .consent_current = in->consent_current,
        .injuries = inj,
        .ninjuries = n,
        .clearance = in->has_clearance ? &in->clearance : NULL,
    };
    struct rb_practitioner_state ps = {in->credentials, in->ncredentials};
    enum rb_scope_action act =
        in->protocol != NULL && in->protocol->condition != NULL
            ? RB_ACTION_REHAB_PROGRAM
        : in->has_clearance ? RB_ACTION_PROGRAM_CLEARED
                            : RB_ACTION_PROGRAM_HEALTHY;
    RB_TRY(rb_scope_check(scope, &ps, &cs, act, in->start_day, v, err));
    if (!v->allowed) {
        const struct rb_scope_refusal *r = &v->refusals[0];
        refuse(p, r->rule, rb_arena_strdup(a, r->message),
            rb_arena_strdup(a, r->unblock), r->source);
    }
    return RB_OK;
}

/* ---- pathway ------------------------------------------------------------- */

struct pathway_rule {
    const char *rule, *protocol;
    int min_age;    /* 0: any */
    unsigned goals; /* any of these goals; 0: any */
    double min_sit; /* 0: any */
    const char *why, *source;
};

/* clang-format off */
static const struct pathway_rule pathways[] = {
    {"pathway.fall_prevention", "older-adult-falls", 0,
     1u << RB_GOAL_FALL_PREVENTION, 0,
     "fall prevention is a goal", "Chair"},
    {"pathway.older_adult", "older-adult-falls", 65, 0, 0,
     "the client is 65 or older", "ACSM2009"},
    {"pathway.performance", "general-performance", 0,
     (1u << RB_GOAL_STRENGTH) | (1u << RB_GOAL_POWER) |
     (1u << RB_GOAL_RETURN_TO_SPORT) | (1u << RB_GOAL_RUN_DISTANCE), 0,
     "the goals are strength, power, sport or running", "ACSM2009"},
    {"pathway.desk", "desk-reconditioning", 0, 0, 6,
     "the client sits most of the day", "WHO2020"},
    {"pathway.general", "general-performance", 0, 0, 0,
     "general fitness with no injury case", "ACSM2009"},
};
/* clang-format on */

static const struct pathway_rule *
choose_pathway(const struct rb_plan_input *in)
{
    for (size_t i = 0; i < sizeof(pathways) / sizeof(pathways[0]); i++) {
        const struct pathway_rule *r = &pathways[i];
        if ((r->min_age == 0 || in->age >= r->min_age) &&
            (r->goals == 0 || (in->goals & r->goals) != 0) &&
            (r->min_sit == 0 || in->sitting_hours >= r->min_sit)) {
            return r;
        }
    }
    return &pathways[sizeof(pathways) / sizeof(pathways[0]) - 1];
}

/* ---- notes --------------------------------------------------------------- */

struct notes {
    const char *text[24], *source[24];
    size_t n;
};

static void
note(struct notes *ns, const char *text, const char *source)
{
    if (ns->n < 24) {
        ns->text[ns->n] = text;
        ns->source[ns->n] = source;
        ns->n++;
    }
}

static bool
measured(const struct rb_plan_input *in, const char *m)
{
    for (size_t i = 0; in->has_measures && i < in->measures.n; i++) {
        if (strcmp(in->measures.items[i].measure, m) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- targets ------------------------------------------------------------- */

static void
add_target(struct plan_ctx *c, const char *measure, enum rb_side side,
    const char *text, const char *source)
{
    const struct plan_target_rule *r = plan_target_rule_find(measure);

    if (r == NULL || c->ntargets >= PLAN_MAX_TARGETS) {
        return;
    }
    for (size_t i = 0; i < c->ntargets; i++) {
        if (strcmp(c->targets[i].rule->rule, r->rule) == 0) {
            return;
        }
    }
    struct plan_target *t = &c->targets[c->ntargets++];
    t->rule = r;
    t->side = side != RB_SIDE_NONE ? side : c->involved;
    t->text = text;
    t->source = source != NULL ? source : r->source;
}

static void
targets(struct plan_ctx *c, const struct rb_plan *p)
{
    for (size_t i = 0; c->condition != NULL && i < plan_ncondition_targets;
         i++) {
        const struct plan_target_rule *r = &plan_condition_targets[i];
        if (strcmp(r->measure, c->condition) == 0 &&
            c->ntargets < PLAN_MAX_TARGETS) {
            struct plan_target *t = &c->targets[c->ntargets++];
            t->rule = r;
            t->side = c->involved;
            t->text = rb_arena_printf(
                c->a, "part of the %s protocol", c->protocol->name);
            t->source = r->source;
            t->condition = true;
        }
    }
    for (size_t i = 0; i < p->nfindings; i++) {
        const struct rb_finding *f = &p->findings[i];
        if (f->kind != RB_FIND_ABOVE_NORM) {
            add_target(c, f->measure, f->side, f->text, f->source);
        }
    }
    if (!p->gate.evaluated) {
        return;
    }
    for (size_t i = 0; i < p->gate.gate.n; i++) {
        const struct rb_gate_item *g = &p->gate.gate.items[i];
        const struct rb_measure_info *ms[4];
        if (g->verdict != RB_NOT_MET) {
            continue;
        }
        size_t n = rb_criterion_measures(g->criterion->compiled, ms, 4);
        for (size_t j = 0; j < n && j < 4; j++) {
            add_target(c, ms[j]->id, RB_SIDE_NONE,
                rb_arena_printf(c->a, "not yet met: %s", g->criterion->label),
                g->criterion->source);
        }
    }
}

/* ---- session templates --------------------------------------------------- */

static struct rb_rx *
push(struct rb_session *s, const struct rb_exercise *e, enum rb_session_block b,
    const char *select, const char *rule, const char *src)
{
    if (s->nrx >= MAX_RX) {
        return NULL;
    }
    struct rb_rx *rx = &s->rx[s->nrx++];
    memset(rx, 0, sizeof(*rx));
    rx->e = e;
    rx->block = b;
    rx->side = RB_RX_BOTH;
    rx->select = select;
    plan_why_add(&rx->why, rule, src);
    return rx;
}

static bool
in_session(const struct rb_session *s, const struct rb_exercise *e)
{
    for (size_t i = 0; i < s->nrx; i++) {
        if (s->rx[i].e == e && s->rx[i].block >= RB_SB_MAIN) {
            return true;
        }
    }
    return false;
}

static const struct rb_exercise *
pick_fresh(struct plan_ctx *c, const struct plan_match *m,
    const struct rb_session *s, const struct rb_exercise **week, size_t nweek)
{
    const struct rb_exercise *avoid[64];
    size_t n = 0;

    for (size_t i = 0; i < nweek && n < 64; i++) {
        avoid[n++] = week[i];
    }
    for (size_t i = 0; i < s->nrx && n < 64; i++) {
        avoid[n++] = s->rx[i].e;
    }
    const struct rb_exercise *e = plan_pick(c, m, avoid, n, plan_pref_level(c));
    if (e == NULL) {
        n = 0;
        for (size_t i = 0; i < s->nrx && n < 64; i++) {
            avoid[n++] = s->rx[i].e;
        }
        e = plan_pick(c, m, avoid, n, plan_pref_level(c));
    }
    return e;
}

static int
main_rank(const struct rb_rx *rx)
{
    const char *cat = rx->e->category;
    if (strcmp(cat, "balance") == 0 || strcmp(cat, "motor_control") == 0) {
        return 0;
    }
    if (strcmp(cat, "power") == 0 || strcmp(cat, "agility") == 0) {
        return 1;
    }
    if (strcmp(cat, "core") == 0) {
        return 3;
    }
    return strcmp(rx->e->pattern, "isolation") == 0 ? 3 : 2;
}

/* Stable insertion sort of the main and accessory blocks by order rank. */
static void
order(struct rb_session *s)
{
    for (size_t i = 1; i < s->nrx; i++) {
        struct rb_rx x = s->rx[i];
        size_t j = i;
        int rx =
            (int)x.block * 10 +
            (x.block == RB_SB_MAIN || x.block == RB_SB_ACCESSORY ? main_rank(&x)
                                                                 : 0);
        while (j > 0) {
            const struct rb_rx *y = &s->rx[j - 1];
            int ry = (int)y->block * 10 +
                     (y->block == RB_SB_MAIN || y->block == RB_SB_ACCESSORY
                             ? main_rank(y)
                             : 0);
            if (ry <= rx) {
                break;
            }
            s->rx[j] = s->rx[j - 1];
            j--;
        }
        s->rx[j] = x;
    }
}

/* The protocol's first source, which the phase's emphasis rests on. */
static const char *
proto_source(const struct plan_ctx *c)
{
    return c->protocol->sources.n > 0 ? c->protocol->sources.v[0]
                                      : "Rebound-design";
}

static bool
has_str(const struct rb_strs *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], w) == 0) {
            return true;
        }
    }
    return false;
}

static const struct rb_exercise *
pick_conditioning(const struct plan_ctx *c, const struct rb_session *s)
{
    const struct rb_exercise *best = NULL;
    int best_s = -1000;
    bool run = (c->in->goals & (1u << RB_GOAL_RUN_DISTANCE)) != 0;

    for (size_t i = 0; i < c->npool; i++) {
        const struct rb_exercise *e = c->pool[i];
        const struct rb_dose *d = plan_dose_for(e, RB_SB_CONDITIONING);
        if (strcmp(e->category, "conditioning") != 0 || d == NULL ||
            !d->seconds.set || d->sets.hi * d->seconds.hi < 600 ||
            in_session(s, e)) {
            continue;
        }
        /* Continuous work first: its length is the easiest to fit. */
        int sc = -3 * e->level - (d->sets.hi > 1 ? 20 : 0);
        if (run && plan_demands(c, e, "running")) {
            sc += 10; /* running toward a running goal, where allowed */
        }
        if (best == NULL || sc > best_s) {
            best = e;
            best_s = sc;
        }
    }
    return best;
}

static void
session_template(struct plan_ctx *c, int si, struct rb_session *s,
    const char **pats, size_t npats, const struct rb_exercise **week,
    size_t *nweek)
{
    int m = c->in->minutes;
    int nmain = m < 30 ? 2 : m < 50 ? 3 : m < 70 ? 4 : 5;
    int nacc = m < 30 ? 1 : m < 50 ? 2 : m < 70 ? 3 : 4;
    const struct rb_exercise *e;
    struct rb_rx *rx;
    size_t nq = 0, qi[PLAN_MAX_TARGETS];
    unsigned g = c->in->goals;

    s->rx = rb_arena_alloc(c->a, MAX_RX * sizeof(*s->rx));
    s->nrx = 0;

    /* Quality work for a deficit, early (the involved side). */
    for (size_t i = 0; i < c->ntargets; i++) {
        if (c->targets[i].rule->quality) {
            qi[nq++] = i;
        }
    }
    if (nq > 0) {
        const struct plan_target *t = &c->targets[qi[(size_t)si % nq]];
        struct plan_match mm = t->rule->match;
        mm.main_only = true;
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e != NULL) {
            rx = push(s, e, RB_SB_MAIN,
                rb_arena_printf(c->a,
                    "Your assessment showed a deficit in %s (%s); this "
                    "works on it.",
                    t->rule->words, t->text),
                t->rule->rule, t->source);
            if (rx != NULL && t->side != RB_SIDE_NONE &&
                strcmp(e->laterality, "unilateral") == 0) {
                rx->side = RB_RX_INVOLVED;
                rx->side_name = t->side;
            }
            nmain--;
        }
    }
    /* Power before strength when the goals or the phase ask for it. */
    /* In a rehabilitation phase only when the phase itself asks for it. */
    bool want_power =
        has_str(&c->phase->emphasis_categories, "power") ||
        (c->condition == NULL &&
            (g & ((1u << RB_GOAL_POWER) | (1u << RB_GOAL_RETURN_TO_SPORT))) !=
                0);
    bool have_power = s->nrx > 0 && strcmp(s->rx[0].e->category, "power") == 0;
    if (want_power && !have_power && nmain > 1) {
        struct plan_match mm = {"power", NULL, NULL, NULL, false, true};
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e != NULL) {
            push(s, e, RB_SB_MAIN,
                "Explosive work for your power and sport goals.",
                "select.power_goal", "NSCA-table");
            nmain--;
        }
    }
    /* Movement patterns: the phase's emphasis, then the balance list. */
    size_t shift = (size_t)(nmain > 1 ? (nmain + 1) / 2 : 1);
    for (int j = 0, tries = 0; j < nmain && npats > 0 && tries < (int)npats;
         tries++) {
        const char *pat = pats[((size_t)si * shift + (size_t)tries) % npats];
        struct plan_match mm = {NULL, NULL, NULL, pat, false, true};
        bool dup = false;
        for (size_t k = 0; k < s->nrx && !dup; k++) {
            dup = s->rx[k].block == RB_SB_MAIN &&
                  strcmp(s->rx[k].e->pattern, pat) == 0;
        }
        if (dup) {
            continue;
        }
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e == NULL) {
            continue;
        }
        bool emph = has_str(&c->phase->emphasis_patterns, pat);
        push(s, e, RB_SB_MAIN,
            emph ? rb_arena_printf(c->a,
                       "It trains the %s pattern, an emphasis of the %s "
                       "phase.",
                       pat, c->phase->name)
                 : rb_arena_printf(c->a,
                       "It trains the %s pattern, keeping the week balanced "
                       "across movement patterns.",
                       pat),
            emph ? "select.phase_emphasis" : "select.pattern_balance",
            emph ? proto_source(c) : "ACSM2009");
        j++;
    }
    /* Accessories: deficits, then trunk, then the phase's categories. */
    size_t nt = 0, ti[PLAN_MAX_TARGETS];
    for (size_t i = 0; i < c->ntargets; i++) {
        if (!c->targets[i].rule->quality && !c->targets[i].rule->warmup) {
            ti[nt++] = i;
        }
    }
    size_t ncond = 0;
    while (ncond < nt && c->targets[ti[ncond]].condition) {
        ncond++;
    }
    for (size_t k = 0; k < nt && nacc > 0; k++) {
        /* The protocol's own work every session; deficits in turn. */
        size_t at =
            k < ncond ? k : ncond + (k - ncond + (size_t)si) % (nt - ncond);
        const struct plan_target *t = &c->targets[ti[at]];
        struct plan_match mm = t->rule->match;
        mm.main_only = true;
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e == NULL) {
            continue;
        }
        rx = push(s, e, RB_SB_ACCESSORY,
            t->condition
                ? rb_arena_printf(
                      c->a, "It builds %s, %s.", t->rule->words, t->text)
                : rb_arena_printf(c->a,
                      "Your assessment showed a deficit in %s (%s); this "
                      "targets it.",
                      t->rule->words, t->text),
            t->rule->rule, t->source);
        if (rx != NULL && t->side != RB_SIDE_NONE &&
            strcmp(e->laterality, "unilateral") == 0) {
            rx->side = RB_RX_INVOLVED;
            rx->side_name = t->side;
        }
        if (rx != NULL) {
            rx->keep = true; /* targeted work outlasts general work */
        }
        nacc--;
    }
    static const char *const core[] = {
        "anti_extension", "anti_rotation", "anti_lateral_flexion"};
    for (int k = 0; k < 3 && nacc > 0; k++) {
        struct plan_match mm = {
            NULL, NULL, NULL, core[((size_t)si + (size_t)k) % 3], false, true};
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e != NULL) {
            push(s, e, RB_SB_ACCESSORY,
                "Trunk control that carries over to every lift.",
                "select.trunk", "ACSM2009");
            nacc--;
            break;
        }
    }
    for (size_t k = 0; k < c->phase->emphasis_categories.n && nacc > 0; k++) {
        const char *cat =
            c->phase->emphasis_categories
                .v[(k + (size_t)si) % c->phase->emphasis_categories.n];
        struct plan_match mm = {cat, NULL, NULL, NULL, false, true};
        if (!plan_is_main_category(cat)) {
            continue;
        }
        e = pick_fresh(c, &mm, s, week, *nweek);
        if (e != NULL) {
            push(s, e, RB_SB_ACCESSORY,
                rb_arena_printf(c->a, "%s work is an emphasis of the %s phase.",
                    cat, c->phase->name),
                "select.phase_emphasis", proto_source(c));
            nacc--;
        }
    }
    /* Conditioning. */
    bool want_cond = (g & ((1u << RB_GOAL_GENERAL_FITNESS) |
                              (1u << RB_GOAL_WEIGHT_MANAGEMENT) |
                              (1u << RB_GOAL_RUN_DISTANCE) |
                              (1u << RB_GOAL_RETURN_TO_SPORT))) != 0 ||
                     has_str(&c->phase->emphasis_categories, "conditioning");
    e = want_cond ? pick_conditioning(c, s) : NULL;
    if (e != NULL) {
        push(s, e, RB_SB_CONDITIONING,
            (g & (1u << RB_GOAL_RUN_DISTANCE)) != 0
                ? "Aerobic work toward your running goal, within what the "
                  "phase allows."
                : "Aerobic work for heart health and fitness (150-300 "
                  "minutes of moderate activity a week is the target).",
            "select.conditioning", "WHO2020");
    }
    /* Cool-down: a mobility finding, else the main block's region. */
    struct plan_match cd = {"mobility", NULL, NULL, NULL, false, false};
    for (size_t i = 0; i < c->ntargets; i++) {
        if (c->targets[i].rule->warmup) {
            cd = c->targets[i].rule->match;
            break;
        }
    }
    e = pick_fresh(c, &cd, s, week, *nweek);
    if (e == NULL) {
        struct plan_match any = {"mobility", NULL, NULL, NULL, false, false};
        e = pick_fresh(c, &any, s, week, *nweek);
    }
    if (e != NULL) {
        push(s, e, RB_SB_COOLDOWN, "Gentle range-of-motion work to finish.",
            "select.cooldown", "Rebound-design");
    }
    order(s);

    /* The warm-up comes first, shaped by the person. */
    struct rb_rx warm[12];
    const struct rb_exercise *first = NULL;
    for (size_t i = 0; i < s->nrx && first == NULL; i++) {
        const char *cat = s->rx[i].e->category;
        if (s->rx[i].block == RB_SB_MAIN &&
            (strcmp(cat, "strength") == 0 || strcmp(cat, "power") == 0 ||
                strcmp(cat, "hypertrophy") == 0)) {
            first = s->rx[i].e;
        }
    }
    size_t nw = plan_warmup(c, first, warm, 12);
    if (nw + s->nrx > MAX_RX) {
        nw = MAX_RX - s->nrx;
    }
    memmove(&s->rx[nw], &s->rx[0], s->nrx * sizeof(*s->rx));
    for (size_t i = 0; i < nw; i++) {
        s->rx[i] = warm[i];
        s->rx[i].select = warm[i].why.text;
        s->rx[i].why.text = NULL;
    }
    s->nrx += nw;
    for (size_t i = 0; i < s->nrx && *nweek < 256; i++) {
        if (s->rx[i].block == RB_SB_MAIN) {
            week[(*nweek)++] = s->rx[i].e;
        }
    }
    /* Focus: the main patterns. */
    char *focus = "";
    for (size_t i = 0; i < s->nrx; i++) {
        if (s->rx[i].block == RB_SB_MAIN) {
            focus = rb_arena_printf(c->a, "%s%s%s", focus, focus[0] ? ", " : "",
                s->rx[i].e->pattern);
        }
    }
    s->focus = focus;
}

/* Add one more exercise when a session is short of the client's time. */
static bool
extend(struct plan_ctx *c, struct rb_session *s)
{
    const struct rb_exercise *e = NULL;

    if (s->nrx >= MAX_RX - 1) {
        return false;
    }
    bool has_cond = false;
    for (size_t i = 0; i < s->nrx; i++) {
        has_cond = has_cond || s->rx[i].block == RB_SB_CONDITIONING;
    }
    enum rb_session_block b = RB_SB_ACCESSORY;
    const char *why = "Extra work to use the session's time.";
    const char *rule = "fit.extra_accessory";
    if (!has_cond && (e = pick_conditioning(c, s)) != NULL) {
        b = RB_SB_CONDITIONING;
        why = "Aerobic work to use the rest of the session's time.";
        rule = "fit.extra_conditioning";
    } else {
        struct plan_match mm = {NULL, NULL, NULL, NULL, false, true};
        e = pick_fresh(c, &mm, s, NULL, 0);
        if (e != NULL && in_session(s, e)) {
            e = NULL;
        }
        if (e == NULL) {
            struct plan_match mob = {
                "mobility", NULL, NULL, NULL, false, false};
            e = pick_fresh(c, &mob, s, NULL, 0);
            b = RB_SB_COOLDOWN;
            for (size_t i = 0; e != NULL && i < s->nrx; i++) {
                if (s->rx[i].e == e) {
                    e = NULL;
                }
            }
        }
    }
    if (e == NULL) {
        return false;
    }
    push(s, e, b, why, rule, "Rebound-design");
    order(s);
    /* order() sorts the warm-up too; it is already first (lowest block). */
    return true;
}

/* ---- weeks --------------------------------------------------------------- */

static void
copy_session(
    struct plan_ctx *c, const struct rb_session *from, struct rb_session *to)
{
    *to = *from;
    to->rx = rb_arena_alloc(c->a, MAX_RX * sizeof(*to->rx));
    memcpy(to->rx, from->rx, from->nrx * sizeof(*to->rx));
}

static void
finish_rx(struct plan_ctx *c, struct rb_rx *rx, int k, bool deload)
{
    const char *sel = rx->select != NULL ? rx->select : "";
    if (deload) {
        plan_why_add(&rx->why, "progression.deload", "Deload");
        sel = rb_arena_printf(c->a,
            "%s This is a lighter week: fewer sets and more in reserve, the "
            "same exercises.",
            sel);
    } else if (k > 0 && rx->block >= RB_SB_MAIN &&
               rx->block <= RB_SB_ACCESSORY) {
        bool load = strcmp(rx->intensity, "pct_1rm") == 0;
        plan_why_add(&rx->why,
            load ? "progression.load_step" : "progression.double",
            load ? "ACSM2009" : "RIR");
        sel = rb_arena_printf(c->a, "%s Week %d of loading: %s.", sel, k + 1,
            load ? "the load steps up by about 2.5 % of your max"
                 : "reps, time or sets step up within the dose's range");
    }
    plan_why_text(c, rx, sel);
    if (c->ceiling->ceiling != RB_INTENSITY_VIGOROUS) {
        plan_why_add(&rx->why, c->ceiling->rule, c->ceiling->source);
    }
    rx->regression = plan_neighbour(c, &rx->e->regressions);
    rx->progression = plan_neighbour(c, &rx->e->progressions);
    if (rx->regression == NULL && rx->progression == NULL) {
        /* Name a neighbour even when it is not usable in this phase. */
        rx->regression = rx->e->regressions.n ? rx->e->regressions.v[0] : NULL;
        rx->progression =
            rx->e->progressions.n ? rx->e->progressions.v[0] : NULL;
    }
}

static void
dose_session(struct plan_ctx *c, struct rb_session *s, int k, bool deload)
{
    for (size_t i = 0; i < s->nrx; i++) {
        plan_dose(c, &s->rx[i], k, deload);
    }
}

/* ---- the plan ------------------------------------------------------------ */

static enum rb_status
evaluate_gate(struct plan_ctx *c, struct rb_plan *p, struct rb_err *err)
{
    const struct rb_plan_input *in = c->in;
    struct rb_measure_set ms;

    if (in->has_measures) {
        ms = in->measures;
    } else {
        memset(&ms, 0, sizeof(ms));
        ms.involved = in->involved;
        ms.age_years = in->age;
        ms.sex = in->sex;
        ms.today = (int32_t)in->start_day;
    }
    if (in->days_in_phase >= 0 && !measured(in, "days_in_phase")) {
        struct rb_measurement *items =
            rb_arena_alloc(c->a, (ms.n + 1) * sizeof(*items));
        if (ms.n > 0) {
            memcpy(items, ms.items, ms.n * sizeof(*items));
        }
        items[ms.n] = (struct rb_measurement){
            "days_in_phase", RB_SIDE_NONE, in->days_in_phase, ms.today};
        ms.items = items;
        ms.n++;
    }
    if (in->has_measures) {
        RB_TRY(rb_findings(c->kb, &ms, c->a, &p->findings, &p->nfindings, err));
    }
    RB_TRY(rb_gate_eval(
        c->kb, c->protocol, c->phase, &ms, c->a, &p->gate.gate, err));
    p->gate.evaluated = true;
    p->gate.from = c->phase;
    p->gate.ready = p->gate.gate.ready && p->gate.gate.next != NULL;
    if (p->gate.ready) {
        p->gate.to = p->gate.gate.next;
        c->phase = p->gate.to;
    }
    return RB_OK;
}

enum rb_status
rb_plan_build(const struct rb_kb *kb, const struct rb_scope_table *scope,
    const struct rb_plan_input *in, struct rb_arena *a, struct rb_plan *ret,
    struct rb_err *err)
{
    struct rb_plan p;
    struct rb_scope_verdict v;
    struct plan_ctx c;
    struct notes ns = {0};
    const struct pathway_rule *path = NULL;

    memset(&p, 0, sizeof(p));
    memset(&c, 0, sizeof(c));
    RB_TRY(refusals(scope, in, a, &p, &v, err));
    if (p.refused) {
        *ret = p;
        return RB_OK;
    }
    c.kb = kb;
    c.in = in;
    c.a = a;
    c.involved = in->involved;
    c.protocol = in->protocol;
    c.phase = in->phase;
    if (c.protocol == NULL) {
        path = choose_pathway(in);
        c.protocol = rb_kb_protocol(kb, path->protocol);
        if (c.protocol == NULL || c.protocol->nphases == 0) {
            return rb_fail(err, RB_EINTERNAL, "pathway protocol '%s' missing",
                path->protocol);
        }
        c.phase = &c.protocol->phases[0];
        note(&ns,
            rb_arena_printf(a,
                "No injury case: the %s pathway was chosen because %s (rule "
                "%s).",
                c.protocol->name, path->why, path->rule),
            path->source);
    }
    c.condition = c.protocol->condition;
    RB_TRY(evaluate_gate(&c, &p, err));
    p.protocol = c.protocol;
    p.phase = c.phase;
    p.rehab = c.protocol->condition != NULL;
    p.minutes = in->minutes;

    /* Safety filters. */
    c.forbidden = c.phase->forbidden_demands;
    for (size_t i = 0; v.under_clearance != NULL && i < v.nrestrictions; i++) {
        uint32_t f;
        if (rb_kb_restriction(kb, v.restrictions[i], &f)) {
            c.forbidden |= f;
        }
    }
    enum rb_intensity ceil =
        in->ceiling != RB_INTENSITY_NONE ? in->ceiling : RB_INTENSITY_VIGOROUS;
    c.ceiling = plan_ceiling_rule(ceil);
    /* Rehabilitation before the power phase: effort held back a little
     * (RB_INTENSITY_NONE marks the rehab row of the table). */
    if (c.condition != NULL && c.phase->kind <= RB_PHASE_STRENGTH) {
        const struct plan_ceiling_rule *r =
            plan_ceiling_rule(RB_INTENSITY_NONE);
        if (r->max_rpe < c.ceiling->max_rpe) {
            c.ceiling = r;
        }
    }
    c.no_high_impact = ceil <= RB_INTENSITY_MODERATE || in->age >= 65;
    c.max_level = plan_level_by_experience[in->experience];
    if (in->age >= 65 && c.max_level > 3) {
        c.max_level = 3;
    }
    targets(&c, &p);
    for (size_t i = 0; i < c.ntargets; i++) {
        const char *cat = c.targets[i].rule->match.category;
        if (cat != NULL && strcmp(cat, "balance") == 0) {
            c.low_plyo = true;
        }
    }
    plan_pool(&c);

    /* Notes for the whole plan. */
    if (v.under_clearance != NULL && v.nrestrictions > 0) {
        const char *list = "";
        for (size_t i = 0; i < v.nrestrictions; i++) {
            list = rb_arena_printf(
                a, "%s%s%s", list, i ? ", " : "", v.restrictions[i]);
        }
        note(&ns,
            rb_arena_printf(a,
                "Under the clearance of %s (%s), every exercise respects: %s "
                "(rule clearance.restrictions).",
                v.under_clearance->provider, v.under_clearance->credential,
                list),
            "ACE-scope");
    }
    if (c.phase->has_pain_limit) {
        note(&ns,
            rb_arena_printf(a,
                "Pain during exercise may reach %.0f/10 but no more, and "
                "must settle by the next morning. If pain or stiffness the "
                "next morning is worse than before, go back one step; if it "
                "is the same or better, carry on (rule pain.limit).",
                c.phase->pain_limit),
            "NPRS");
    }
    for (size_t i = 0; c.condition != NULL && i < plan_ncondition_notes; i++) {
        const struct plan_condition_note *cn = &plan_condition_notes[i];
        if (strcmp(cn->condition, c.condition) == 0 &&
            (cn->needs_measure == NULL || measured(in, cn->needs_measure))) {
            note(&ns, rb_arena_printf(a, "%s (rule %s)", cn->text, cn->rule),
                cn->source);
        }
    }
    if (in->sitting_hours >= 6) {
        note(&ns,
            "Break up long sitting: stand and move for a few minutes every "
            "half hour or so (rule advice.break_sitting).",
            "WHO2020");
    }
    if (ceil <= RB_INTENSITY_MODERATE) {
        note(&ns,
            rb_arena_printf(a,
                "Screening allows up to %s intensity: effort stays at or "
                "under %.0f/10, at least %.0f reps in reserve, no high-impact "
                "work (rule %s).",
                rb_intensity_name(ceil), c.ceiling->max_rpe, c.ceiling->min_rir,
                c.ceiling->rule),
            c.ceiling->source);
    }
    if (c.ceiling->ceiling == RB_INTENSITY_NONE) {
        note(&ns,
            rb_arena_printf(a,
                "Rehabilitation before the power phase: effort stays at or "
                "under %.0f/10, at least %.0f reps in reserve, at most "
                "%.0f %% of a known one-rep max (rule %s).",
                c.ceiling->max_rpe, c.ceiling->min_rir, c.ceiling->max_pct,
                c.ceiling->rule),
            c.ceiling->source);
    }
    if (c.low_plyo) {
        note(&ns,
            "A balance deficit is open: jumping stays at low level until it "
            "closes (rule select.low_plyo_until_balance).",
            "PAASS");
    }
    for (size_t i = 0; i < c.phase->precautions.n; i++) {
        note(&ns, c.phase->precautions.v[i], NULL);
    }

    /* Patterns for the week. */
    const char *pats[40];
    size_t npats = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *const *src =
            pass == 0 ? c.phase->emphasis_patterns.v : plan_balance_patterns;
        size_t n = pass == 0 ? c.phase->emphasis_patterns.n : 64;
        for (size_t i = 0; i < n && src[i] != NULL && npats < 40; i++) {
            bool dup = false;
            for (size_t j = 0; j < npats && !dup; j++) {
                dup = strcmp(pats[j], src[i]) == 0;
            }
            struct plan_match mm = {NULL, NULL, NULL, src[i], false, true};
            if (!dup && plan_pick(&c, &mm, NULL, 0, 1) != NULL) {
                pats[npats++] = src[i];
            }
        }
    }

    /* Session templates (week 1). */
    int nd = in->days_per_week;
    struct rb_session *tmpl = rb_arena_alloc(a, (size_t)nd * sizeof(*tmpl));
    const struct rb_exercise *week[256];
    size_t nweek = 0;
    for (int s = 0; s < nd; s++) {
        memset(&tmpl[s], 0, sizeof(tmpl[s]));
        session_template(&c, s, &tmpl[s], pats, npats, week, &nweek);
        tmpl[s].index = s + 1;
        /* Fit week 1, adding work while the session is short. */
        for (int tries = 0; tries < 12; tries++) {
            struct rb_session t;
            copy_session(&c, &tmpl[s], &t);
            dose_session(&c, &t, 0, false);
            bool ok = plan_fit(&c, &t, false);
            /* Keep what the fit kept (it may drop items). */
            tmpl[s].nrx = t.nrx;
            for (size_t i = 0; i < t.nrx; i++) {
                struct rb_rx x = t.rx[i];
                tmpl[s].rx[i] = x;
            }
            if (ok || t.minutes > in->minutes || !extend(&c, &tmpl[s])) {
                break;
            }
        }
    }

    /* Weeks: progression and the lighter week. */
    p.nweeks = (size_t)in->weeks;
    p.weeks = rb_arena_alloc(a, p.nweeks * sizeof(*p.weeks));
    int k = 0;
    for (int w = 0; w < in->weeks; w++) {
        struct rb_week *wk = &p.weeks[w];
        /* Deload every fourth week (Deload: every 5.6 +- 2.3 weeks). */
        bool deload = in->weeks >= 4 && (w + 1) % 4 == 0;
        wk->index = w + 1;
        wk->deload = deload;
        wk->note = deload ? "Lighter week: about 40 % fewer sets and two more "
                            "reps in reserve, same exercises (rule "
                            "progression.deload)."
                   : k == 0 ? "Starting doses."
                            : "Progression: reps, time or load step up from "
                              "last week (double progression; load steps of "
                              "2-10 %).";
        wk->nsessions = (size_t)nd;
        wk->sessions = rb_arena_alloc(a, (size_t)nd * sizeof(*wk->sessions));
        for (int s = 0; s < nd; s++) {
            struct rb_session *ss = &wk->sessions[s];
            copy_session(&c, &tmpl[s], ss);
            for (size_t i = 0; i < ss->nrx; i++) {
                memset(&ss->rx[i].why, 0, sizeof(ss->rx[i].why));
                /* keep the selection rule (the template's first tag) */
                if (tmpl[s].rx[i].why.nrules > 0) {
                    plan_why_add(&ss->rx[i].why, tmpl[s].rx[i].why.rules[0],
                        tmpl[s].rx[i].why.nsources
                            ? tmpl[s].rx[i].why.sources[0]
                            : NULL);
                }
                for (size_t j = 1; j < tmpl[s].rx[i].why.nsources; j++) {
                    plan_why_add(
                        &ss->rx[i].why, NULL, tmpl[s].rx[i].why.sources[j]);
                }
            }
            dose_session(&c, ss, k, deload);
            bool ok = plan_fit(&c, ss, deload);
            for (int tries = 0; tries < 8 && !ok && ss->minutes < in->minutes;
                 tries++) {
                if (!extend(&c, ss)) {
                    break;
                }
                dose_session(&c, ss, k, deload);
                ok = plan_fit(&c, ss, deload);
            }
            if (!ok) {
                /* The allowed work cannot fill (or fit) the time: say so
                 * rather than hand out a session of the wrong length. */
                struct rb_plan r;
                memset(&r, 0, sizeof(r));
                refuse(&r, "plan.time_unfit",
                    rb_arena_printf(a,
                        "The exercises allowed in the %s phase with this "
                        "equipment and these restrictions make a session of "
                        "about %.0f minutes, not the %d available.",
                        c.phase->name, ss->minutes, in->minutes),
                    rb_arena_printf(a,
                        "Plan sessions of about %.0f minutes, or add "
                        "equipment.",
                        ss->minutes),
                    "Rebound-design");
                *ret = r;
                return RB_OK;
            }
            ss->day = in->start_day + (int64_t)w * 7 + (int64_t)(s * 7 / nd);
            for (size_t i = 0; i < ss->nrx; i++) {
                finish_rx(&c, &ss->rx[i], k, deload);
            }
        }
        if (!deload) {
            k++;
        }
    }

    p.nnotes = ns.n;
    p.notes = rb_arena_alloc(a, (ns.n + 1) * sizeof(char *));
    p.note_sources = rb_arena_alloc(a, (ns.n + 1) * sizeof(char *));
    memcpy(p.notes, ns.text, ns.n * sizeof(char *));
    memcpy(p.note_sources, ns.source, ns.n * sizeof(char *));
    *ret = p;
    return RB_OK;
}
