/*
 * plan_rationale.c -- why each prescription is there, in plain words for
 * the client, with the rule ids and source keys for the practitioner:
 * why this exercise (given by the step that chose it), why here (the
 * order rules), why this dose and pace.
 */
#include <string.h>

#include "engine/plan_int.h"

void
plan_why_add(struct rb_rationale *w, const char *rule, const char *src)
{
    bool have = false;

    for (size_t i = 0; rule != NULL && i < w->nrules && !have; i++) {
        have = strcmp(w->rules[i], rule) == 0;
    }
    if (rule != NULL && !have && w->nrules < RB_RX_MAX_TAGS) {
        w->rules[w->nrules++] = rule;
    }
    have = false;
    for (size_t i = 0; src != NULL && i < w->nsources && !have; i++) {
        have = strcmp(w->sources[i], src) == 0;
    }
    if (src != NULL && !have && w->nsources < RB_RX_MAX_TAGS) {
        w->sources[w->nsources++] = src;
    }
}

/* Why here: the order rules. */
static const char *
where(struct rb_rx *rx)
{
    const char *cat = rx->e->category;

    switch (rx->block) {
    case RB_SB_RAISE:
        plan_why_add(&rx->why, "order.ramp_raise", "RAMP");
        return "It opens the session: easy movement raises heart rate and "
               "body temperature.";
    case RB_SB_ACTIVATE:
        plan_why_add(&rx->why, "order.ramp_activate", "RAMP");
        return "It is part of the warm-up, switching muscles on and moving "
               "joints through the ranges the session needs.";
    case RB_SB_POTENTIATE:
        plan_why_add(&rx->why, "order.ramp_potentiate", "RAMP");
        return "Lighter ramp-up sets rehearse the session's first main "
               "movement before it is loaded.";
    case RB_SB_MAIN:
        if (strcmp(cat, "power") == 0 || strcmp(cat, "agility") == 0) {
            plan_why_add(&rx->why, "order.power_first", "ACSM2009");
            return "Fast, explosive work comes early, while you are fresh, "
                   "before tiring work.";
        }
        if (strcmp(cat, "balance") == 0 || strcmp(cat, "motor_control") == 0) {
            plan_why_add(&rx->why, "order.quality_early", "ACSM2009");
            return "Balance and control work comes early, before fatigue "
                   "blunts it.";
        }
        if (strcmp(rx->e->pattern, "isolation") == 0) {
            plan_why_add(&rx->why, "order.multi_before_single", "ACSM2009");
            return "It follows the multi-joint lifts of the main block.";
        }
        plan_why_add(&rx->why, "order.multi_before_single", "ACSM2009");
        return "Multi-joint lifts for large muscle groups come before smaller "
               "exercises.";
    case RB_SB_ACCESSORY:
        plan_why_add(&rx->why, "order.accessory_after_main", "ACSM2009");
        return "Smaller, single-joint and trunk work comes after the main "
               "lifts.";
    case RB_SB_CONDITIONING:
        plan_why_add(
            &rx->why, "order.conditioning_after_strength", "Rebound-design");
        return "Conditioning comes after the strength work so it does not "
               "tire you before the lifts.";
    default:
        plan_why_add(&rx->why, "order.cooldown", "Rebound-design");
        return "Easy stretching ends the session.";
    }
}

static const char *
tempo_words(struct rb_arena *a, const char *t)
{
    if (t == NULL) {
        return "";
    }
    if (strcmp(t, "hold") == 0) {
        return " Hold the position steadily.";
    }
    if (strcmp(t, "steady") == 0) {
        return " Keep a steady pace.";
    }
    if (strlen(t) == 7 && t[1] == '-' && t[3] == '-' && t[5] == '-') {
        const char *up =
            t[4] == 'X' ? "up as fast as you can with control" : NULL;
        if (up != NULL) {
            return rb_arena_printf(
                a, " Tempo %s: %c s down, %c s pause, %s.", t, t[0], t[2], up);
        }
        return rb_arena_printf(a,
            " Tempo %s: %c s down, %c s pause, %c s up, %c s pause.", t, t[0],
            t[2], t[4], t[6]);
    }
    return rb_arena_printf(a, " Tempo %s.", t);
}

static const char *
effort_words(struct rb_arena *a, const struct rb_rx *rx)
{
    if (strcmp(rx->intensity, "pct_1rm") == 0) {
        return rb_arena_printf(a,
            "at %.1f %% of your %s one-rep max (about %.1f kg)",
            rx->intensity_value, rx->one_rm_estimated ? "estimated" : "tested",
            rx->load_kg);
    }
    if (strcmp(rx->intensity, "rir") == 0) {
        return rb_arena_printf(a,
            "with a load that leaves about %.1f reps in reserve",
            rx->intensity_value);
    }
    return rb_arena_printf(
        a, "at an effort of %.1f out of 10", rx->intensity_value);
}

void
plan_why_text(struct plan_ctx *c, struct rb_rx *rx, const char *select)
{
    const char *here = where(rx);
    const char *amount =
        rx->reps > 0
            ? rb_arena_printf(c->a, "%d x %d reps", rx->sets, rx->reps)
            : rb_arena_printf(c->a, "%d x %d s", rx->sets, rx->seconds);
    const char *side = "";

    if (rx->side == RB_RX_INVOLVED) {
        side = rb_arena_printf(c->a,
            " Done on the %s side, the one that needs it.",
            rb_side_name(rx->side_name));
    } else if (strcmp(rx->e->laterality, "unilateral") == 0) {
        side = " Done on each side.";
    }
    plan_why_add(
        &rx->why, rb_arena_printf(c->a, "dose.%s", rx->goal), rx->dose_source);
    if (strcmp(rx->intensity, "pct_1rm") == 0) {
        plan_why_add(&rx->why, "dose.pct_from_1rm",
            rx->one_rm_estimated ? "1RM" : "NSCA-table");
    } else if (strcmp(rx->intensity, "rir") == 0) {
        plan_why_add(&rx->why, "dose.effort_rir", "RIR");
    }
    size_t ls = strlen(select);
    const char *stop = ls > 0 && select[ls - 1] != '.' ? "." : "";
    rx->why.text = rb_arena_printf(c->a,
        "%s%s %s Dose: %s %s, rest %d s, the %s dose for this exercise.%s%s",
        select, stop, here, amount, effort_words(c->a, rx), rx->rest_s,
        rx->goal, tempo_words(c->a, rx->tempo), side);
}
