/*
 * plan_dose.c -- the dose of each prescription (sets, reps or time,
 * effort, tempo, rest), its change over the weeks, its time, and the fit
 * of a session into the client's minutes.
 *
 * Sources: doses come from the exercise's own dose table (data/doses.json
 * templates: NSCA-table, ACSM2009, RAMP, Rebound-design); effort caps from
 * the screening ceiling (ACSM-defs); 1RM estimates (Brzycki, 1RM);
 * double progression (RIR), load steps of 2-10 % (ACSM2009), a deload week
 * of fewer sets and more reps in reserve (Deload).
 */
#include <math.h>
#include <string.h>

#include "engine/plan_int.h"

double
plan_one_rm(double weight, int reps)
{
    /* Brzycki: exact at one rep, used up to ten (1RM). */
    if (reps <= 1) {
        return weight;
    }
    if (reps > 10) {
        reps = 10;
    }
    return weight * 36.0 / (37.0 - reps);
}

static const char *const *
goal_order(const char *category, enum rb_session_block block)
{
    static const char *const power[] = {"power", "strength", NULL};
    static const char *const strength[] = {
        "strength", "hypertrophy", "motor_control", "endurance", "power", NULL};
    static const char *const hyper[] = {
        "hypertrophy", "strength", "endurance", NULL};
    static const char *const control[] = {
        "motor_control", "endurance", "strength", "mobility", NULL};
    static const char *const mobility[] = {"mobility", "motor_control", NULL};
    static const char *const cond[] = {"conditioning", "endurance", NULL};
    static const char *const agility[] = {
        "power", "motor_control", "endurance", "conditioning", NULL};

    if (block == RB_SB_COOLDOWN) {
        return mobility;
    }
    if (strcmp(category, "power") == 0) {
        return power;
    }
    if (strcmp(category, "strength") == 0) {
        return strength;
    }
    if (strcmp(category, "hypertrophy") == 0) {
        return hyper;
    }
    if (strcmp(category, "mobility") == 0 ||
        strcmp(category, "recovery") == 0) {
        return mobility;
    }
    if (strcmp(category, "conditioning") == 0) {
        return cond;
    }
    if (strcmp(category, "agility") == 0) {
        return agility;
    }
    return control;
}

const struct rb_dose *
plan_dose_for(const struct rb_exercise *e, enum rb_session_block block)
{
    const char *const *order = goal_order(e->category, block);

    /* A warm-up prefers the dynamic mobility template (RAMP). */
    if (block == RB_SB_ACTIVATE) {
        for (size_t i = 0; i < e->ndoses; i++) {
            if (e->doses[i].template_id != NULL &&
                strcmp(e->doses[i].template_id, "mobility_dynamic") == 0) {
                return &e->doses[i];
            }
        }
    }
    for (; *order != NULL; order++) {
        for (size_t i = 0; i < e->ndoses; i++) {
            if (strcmp(e->doses[i].goal, *order) == 0) {
                return &e->doses[i];
            }
        }
    }
    return e->ndoses > 0 ? &e->doses[0] : NULL;
}

static int
clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double
clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The client's 1RM for 'e': a lift of the case file, else an est_1rm
 * of the measures (a set to failure, estimated by the assessment). */
static bool
one_rm_for(const struct plan_ctx *c, const struct rb_exercise *e,
    double *ret_kg, bool *ret_estimated)
{
    for (size_t i = 0; i < c->in->nlifts; i++) {
        if (strcmp(c->in->lifts[i].exercise, e->id) == 0) {
            *ret_kg = c->in->lifts[i].kg;
            *ret_estimated = c->in->lifts[i].reps > 1;
            return true;
        }
    }
    if (c->in->has_measures && rb_measure_latest_for(&c->in->measures,
                                   "est_1rm", e->id, RB_SIDE_NONE, ret_kg)) {
        *ret_estimated = true;
        return true;
    }
    return false;
}

static int
max_sets_for(const struct plan_ctx *c, int hi)
{
    /* ACSM2009: novices 1-3 sets; more with training age. */
    int cap = c->in->experience == RB_EXP_NOVICE         ? 3
              : c->in->experience == RB_EXP_INTERMEDIATE ? 4
                                                         : 5;
    return hi < cap ? hi : cap;
}

void
plan_dose(const struct plan_ctx *c, struct rb_rx *rx, int k, bool deload)
{
    const struct rb_dose *d = plan_dose_for(rx->e, rx->block);
    const struct plan_ceiling_rule *cap = c->ceiling;

    /* A lighter week starts from the last loading week's numbers. */
    if (deload && k > 0) {
        k--;
    }

    rx->goal = d->goal;
    rx->dose_source = d->source;
    rx->tempo = d->tempo;
    int slo = (int)d->sets.lo, shi = (int)(d->sets.hi > 0 ? d->sets.hi : 1);
    slo = slo < 1 ? 1 : slo;
    shi = max_sets_for(c, shi < slo ? slo : shi);
    if (shi < slo) {
        slo = shi;
    }
    rx->min_sets = 1;
    rx->max_sets = shi;
    rx->dose_max_sets = d->sets.hi > shi ? (int)d->sets.hi : shi;
    rx->rest_s = (int)(d->rest_s.lo + (d->rest_s.hi - d->rest_s.lo) / 2);
    rx->rest_s = rx->rest_s / 15 * 15;

    switch (rx->block) {
    case RB_SB_RAISE:
    case RB_SB_ACTIVATE:
    case RB_SB_COOLDOWN:
        rx->sets = 1;
        rx->max_sets = rx->block == RB_SB_COOLDOWN ? 3 : 1;
        rx->rest_s = 0;
        break;
    case RB_SB_POTENTIATE:
        rx->sets = 2;
        rx->max_sets = 2;
        rx->rest_s = 60;
        break;
    case RB_SB_CONDITIONING:
        /* Intervals fit the session by their number (the dose's range). */
        rx->sets = slo;
        rx->max_sets = d->sets.hi > slo ? (int)d->sets.hi : slo;
        break;
    case RB_SB_MAIN:
        rx->sets = clampi(slo + 1 + (k >= 2 ? 1 : 0), slo, shi);
        break;
    default:
        rx->sets = clampi(slo + (k >= 2 ? 1 : 0), slo, shi);
        break;
    }

    /* Reps or seconds: double progression, up the range week by week. */
    rx->reps = 0;
    rx->seconds = 0;
    if (d->seconds.set) {
        int lo = (int)d->seconds.lo, hi = (int)d->seconds.hi;
        rx->seconds = clampi(lo + 5 * k, lo, hi);
        rx->max_seconds = hi;
        if (rx->block == RB_SB_RAISE) {
            /* RAMP: about 5 minutes; 3 in a short session. */
            rx->seconds = c->in->minutes < 40 ? 180 : 300;
            rx->max_seconds = 480;
        } else if (rx->block == RB_SB_ACTIVATE) {
            rx->seconds = clampi(lo, 20, 45);
        }
    } else {
        int lo = d->reps.set ? (int)d->reps.lo : 8;
        int hi = d->reps.set ? (int)d->reps.hi : 12;
        if (c->in->experience == RB_EXP_NOVICE && hi >= 8 && lo < 8) {
            lo = 8; /* ACSM2009: novices train with 8-12 RM loads */
        }
        rx->reps = clampi(lo + 2 * k, lo, hi);
        if (rx->block == RB_SB_POTENTIATE) {
            rx->reps = clampi(lo, 3, 5);
        } else if (rx->block == RB_SB_ACTIVATE) {
            rx->reps = clampi(lo, 5, 10);
        }
    }

    /* Effort. */
    rx->load_kg = 0;
    rx->one_rm_estimated = false;
    const char *kind = d->intensity != NULL ? d->intensity : "rpe";
    double lo = d->intensity_range.lo, hi = d->intensity_range.hi;
    if (strcmp(kind, "pct_1rm") == 0) {
        double rm;
        bool estimated;
        if (one_rm_for(c, rx->e, &rm, &estimated)) {
            double pct = clampd(lo + 2.5 * k, lo, hi);
            pct = pct > cap->max_pct ? cap->max_pct : pct;
            if (rx->reps > 0 && rx->block != RB_SB_POTENTIATE) {
                int r = plan_reps_at_pct(pct) - 2;
                rx->reps = clampi(r, (int)d->reps.lo, (int)d->reps.hi);
            }
            if (deload) {
                pct -= 10; /* same reps, lighter load */
            }
            rx->intensity = "pct_1rm";
            rx->intensity_value = pct;
            rx->load_kg = floor(rm * pct / 100.0 / 2.5 + 0.5) * 2.5;
            rx->one_rm_estimated = estimated;
        } else {
            /* No 1RM: the same effort expressed as reps in reserve (RIR),
             * from the top of the rep range down as the weeks go. */
            double rir = plan_rir_by_experience[c->in->experience];
            if (rx->reps > 0 && rx->block != RB_SB_POTENTIATE &&
                rx->block != RB_SB_ACTIVATE && d->reps.set) {
                rx->reps = clampi(
                    (int)d->reps.hi - k, (int)d->reps.lo, (int)d->reps.hi);
            }
            rx->intensity = "rir";
            rx->intensity_value = rir < cap->min_rir ? cap->min_rir : rir;
            if (deload) {
                rx->intensity_value += 2;
            }
        }
    } else if (strcmp(kind, "rir") == 0) {
        double v = clampd(hi - 0.5 * k, lo, hi);
        v = v < cap->min_rir ? cap->min_rir : v;
        rx->intensity = "rir";
        rx->intensity_value = deload ? v + 2 : v;
    } else {
        double v = clampd(lo + 0.5 * k, lo, hi);
        v = v > cap->max_rpe ? cap->max_rpe : v;
        rx->intensity = "rpe";
        rx->intensity_value = deload ? (v - 2 < 1 ? 1 : v - 2) : v;
    }
    if (rx->block == RB_SB_POTENTIATE) {
        rx->intensity = "rpe";
        rx->intensity_value = 5;
        rx->load_kg = 0;
    }
    if (deload && rx->block >= RB_SB_MAIN && rx->block <= RB_SB_ACCESSORY) {
        /* Deload: about 40 % fewer sets, same exercises (Deload).  The
         * time fit may give sets back, up to the usual number, only when
         * easy aerobic work cannot fill the session. */
        rx->max_sets = rx->sets;
        rx->sets = (int)floor(rx->sets * 0.6 + 0.5);
        rx->sets = rx->sets < 1 ? 1 : rx->sets;
    }
    rx->minutes = plan_rx_minutes(rx);
}

/* Seconds under tension per rep: the tempo's digits, X as one second. */
static int
rep_seconds(const char *tempo)
{
    int sum = 0, digits = 0;

    if (tempo == NULL) {
        return 3;
    }
    for (const char *p = tempo; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            sum += *p - '0';
            digits++;
        } else if (*p == 'X' || *p == 'x') {
            sum += 1;
            digits++;
        } else if (*p != '-') {
            return 3; /* "hold", "steady" */
        }
    }
    return digits == 4 && sum > 0 ? sum : 3;
}

double
plan_rx_minutes(const struct rb_rx *rx)
{
    int sides =
        strcmp(rx->e->laterality, "unilateral") == 0 && rx->side == RB_RX_BOTH
            ? 2
            : 1;
    int work = rx->reps > 0 ? rx->reps * rep_seconds(rx->tempo) : rx->seconds;
    double s = (double)rx->sets * sides * work +
               (double)(rx->sets > 1 ? rx->sets - 1 : 0) * rx->rest_s + 30;
    return s / 60.0;
}

static double
total(const struct rb_session *s)
{
    double t = 0;
    for (size_t i = 0; i < s->nrx; i++) {
        s->rx[i].minutes = plan_rx_minutes(&s->rx[i]);
        t += s->rx[i].minutes;
    }
    return t;
}

static struct rb_rx *
find_block(struct rb_session *s, enum rb_session_block k)
{
    for (size_t i = 0; i < s->nrx; i++) {
        if (s->rx[i].block == k) {
            return &s->rx[i];
        }
    }
    return NULL;
}

static void
drop(struct rb_session *s, size_t i)
{
    memmove(&s->rx[i], &s->rx[i + 1], (s->nrx - i - 1) * sizeof(*s->rx));
    s->nrx--;
}

/* Index of the last prescription of block k, or -1; the protocol's own
 * work only when nothing else of the block is left. */
static int
last_of(const struct rb_session *s, enum rb_session_block k)
{
    int any = -1;
    for (size_t i = s->nrx; i-- > 0;) {
        if (s->rx[i].block == k) {
            if (!s->rx[i].keep) {
                return (int)i;
            }
            any = any < 0 ? (int)i : any;
        }
    }
    return any;
}

static int
count_of(const struct rb_session *s, enum rb_session_block k)
{
    int n = 0;
    for (size_t i = 0; i < s->nrx; i++) {
        n += s->rx[i].block == k;
    }
    return n;
}

/* The next prescription to drop from a session that is too long: extra
 * accessories, conditioning (after them when aerobic work is a goal),
 * extra cool-down, main work beyond two, extra warm-up, the protocol's own
 * work, main work beyond one, the cool-down; -1 when none is left. */
static int
victim(const struct rb_session *s, bool aerobic_goal)
{
    int i, cond = -1;

    for (size_t j = 0; j < s->nrx; j++) {
        if (s->rx[j].block == RB_SB_CONDITIONING) {
            cond = (int)j;
        }
    }
    if (!aerobic_goal && cond >= 0) {
        return cond;
    }
    if ((i = last_of(s, RB_SB_ACCESSORY)) >= 0 && !s->rx[i].keep) {
        return i;
    }
    if (cond >= 0) {
        return cond;
    }
    if (count_of(s, RB_SB_COOLDOWN) > 1) {
        return last_of(s, RB_SB_COOLDOWN);
    }
    if (count_of(s, RB_SB_MAIN) > 2) {
        return last_of(s, RB_SB_MAIN);
    }
    if (count_of(s, RB_SB_ACTIVATE) > 1) {
        return last_of(s, RB_SB_ACTIVATE);
    }
    if ((i = last_of(s, RB_SB_ACCESSORY)) >= 0) {
        return i;
    }
    if (count_of(s, RB_SB_MAIN) > 1) {
        return last_of(s, RB_SB_MAIN);
    }
    return last_of(s, RB_SB_COOLDOWN);
}

bool
plan_fit(const struct plan_ctx *c, struct rb_session *s, bool deload)
{
    double aim = c->in->minutes, t = total(s);
    struct rb_rx *cond = find_block(s, RB_SB_CONDITIONING);
    /* Aerobic work is kept to at least 15 minutes for running and weight
     * goals (Rebound-design); otherwise it may shrink to 5. */
    unsigned aerobic =
        (1u << RB_GOAL_RUN_DISTANCE) | (1u << RB_GOAL_WEIGHT_MANAGEMENT);
    int floor_s = (c->in->goals & aerobic) != 0 && aim >= 30 ? 900 : 300;

    /* Too long: shorten conditioning, then sets, then drop items. */
    for (int guard = 0; t > aim * 1.05 && guard < 200; guard++) {
        bool changed = false;
        if (cond != NULL && cond->seconds > floor_s && cond->sets == 1) {
            double over = (t - aim) * 60;
            int cut = (int)over;
            cond->seconds -=
                cut > cond->seconds - floor_s ? cond->seconds - floor_s : cut;
            cond->seconds = cond->seconds / 30 * 30;
            changed = true;
        } else {
            for (int b = RB_SB_ACCESSORY; b >= RB_SB_MAIN && !changed; b--) {
                for (size_t i = s->nrx; i-- > 0;) {
                    if (s->rx[i].block == (enum rb_session_block)b &&
                        s->rx[i].sets > 2) {
                        s->rx[i].sets--;
                        changed = true;
                        break;
                    }
                }
            }
        }
        if (!changed) {
            int i = victim(s, floor_s > 300);
            if (i < 0) {
                for (size_t j = 0; j < s->nrx && !changed; j++) {
                    if (s->rx[j].sets > 1 && s->rx[j].block != RB_SB_RAISE) {
                        s->rx[j].sets--;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
            }
            if (i >= 0) {
                drop(s, (size_t)i);
                cond = find_block(s, RB_SB_CONDITIONING);
            }
        }
        t = total(s);
    }

    /* Too short: lengthen conditioning (moderate aerobic work may run to
     * 45 minutes, 60 in a lighter week: WHO2020 asks 150-300 a week), then
     * add sets. */
    int cond_cap = 0;
    if (cond != NULL) {
        cond_cap = cond->max_seconds > (deload ? 3600 : 2700)
                       ? cond->max_seconds
                       : (deload ? 3600 : 2700);
    }
    for (int guard = 0; t < aim * 0.97 && guard < 200; guard++) {
        bool changed = false;
        if (cond != NULL && cond->sets == 1 && cond->seconds < cond_cap) {
            int add = (int)((aim - t) * 60);
            int room = cond_cap - cond->seconds;
            cond->seconds += add < room ? add : room;
            cond->seconds = cond->seconds / 30 * 30;
            changed = add >= 30 && room >= 30;
        }
        for (int b = RB_SB_MAIN; b <= RB_SB_CONDITIONING && !changed; b++) {
            for (size_t i = 0; i < s->nrx; i++) {
                struct rb_rx *r = &s->rx[i];
                if (r->block == (enum rb_session_block)b &&
                    r->sets < r->max_sets) {
                    double before = plan_rx_minutes(r);
                    r->sets++;
                    if (t - before + plan_rx_minutes(r) <= aim * 1.08) {
                        changed = true;
                        break;
                    }
                    r->sets--;
                }
            }
        }
        /* Still short: sets up to the dose's own top, whatever the
         * training age (the exercises allowed here are few). */
        for (size_t i = 0; i < s->nrx && !changed; i++) {
            struct rb_rx *r = &s->rx[i];
            if ((r->block == RB_SB_MAIN || r->block == RB_SB_ACCESSORY) &&
                r->sets < r->dose_max_sets) {
                double before = plan_rx_minutes(r);
                r->sets++;
                changed = t - before + plan_rx_minutes(r) <= aim * 1.08;
                if (!changed) {
                    r->sets--;
                }
            }
        }
        if (!changed) {
            struct rb_rx *cd = find_block(s, RB_SB_COOLDOWN);
            if (cd != NULL && cd->sets < cd->max_sets) {
                double before = plan_rx_minutes(cd);
                cd->sets++;
                changed = t - before + plan_rx_minutes(cd) <= aim * 1.08;
                if (!changed) {
                    cd->sets--;
                }
            }
        }
        if (!changed) {
            break;
        }
        t = total(s);
    }
    s->minutes = t;
    /* A margin inside the 10 %, so rounding never decides. */
    return t >= aim * 0.91 && t <= aim * 1.09;
}
