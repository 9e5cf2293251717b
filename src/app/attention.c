/*
 * attention.c -- "who needs attention today": for a practitioner (or the
 * whole practice for owners and admins), every client with a reason to be
 * looked at, ranked.
 *
 * The facts come from one store call (a handful of practice-wide reads,
 * not one query per client: the list must stay fast for a practice of a
 * thousand clients, bench/attention).  Each reason is a row of 'kinds'
 * with its weight; a client's rank is the sum of its reasons' weights, ties
 * broken by client id so the order is stable.  The clinical thresholds are
 * the core's, with their sources: the pain limit of the pain-monitoring
 * model (core/adjust.h) and the load-ratio flags (core/load.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "core/adjust.h"
#include "core/load.h"
#include "engine/assess.h"
#include "util/str.h"

#define LOAD_DAYS 42   /* history read for the load ratios (28 + a week) */
#define RECENT_DAYS 7  /* pain, missed sessions, check-ins */
#define EXPIRY_DAYS 60 /* the same horizon as the compliance alerts */

enum kind {
    K_RED_FLAG,
    K_CLEARANCE_PENDING,
    K_PAIN,
    K_LOAD,
    K_RECOMMENDATIONS,
    K_MISSED,
    K_GATE_READY,
    K_CHECKIN_OVERDUE,
    K_CLEARANCE_EXPIRING,
    K__MAX
};

static const struct {
    const char *id;
    int weight;
    const char *source; /* of the threshold behind it, "" when none */
} kinds[K__MAX] = {
    [K_RED_FLAG] = {"red_flag", 100, "Rebound-design"},
    [K_CLEARANCE_PENDING] = {"clearance_pending", 90, "ACSM2015"},
    [K_PAIN] = {"pain", 80, "Achilles"},
    [K_LOAD] = {"load_spike", 60, "Gabbett"},
    [K_RECOMMENDATIONS] = {"recommendations", 50, ""},
    [K_MISSED] = {"missed_sessions", 40, ""},
    [K_GATE_READY] = {"gate_ready", 30, ""},
    [K_CHECKIN_OVERDUE] = {"checkin_overdue", 20, ""},
    [K_CLEARANCE_EXPIRING] = {"clearance_expiring", 10, ""},
};

struct entry {
    const struct rb_attention_client *c;
    int score;
    json_t *reasons;
};

static void add(struct entry *e, enum kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(struct entry *e, enum kind k, const char *fmt, ...)
{
    char msg[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    e->score += kinds[k].weight;
    json_array_append_new(e->reasons,
        json_pack("{s:s, s:i, s:s, s:o}", "kind", kinds[k].id, "weight",
            kinds[k].weight, "message", msg, "source",
            kinds[k].source[0] ? json_string(kinds[k].source) : json_null()));
}

static const char *
day_text(int64_t day, char buf[11])
{
    rb_date_format(day, buf);
    return buf;
}

/* The range [*lo, *hi) of rows of 'client' in an array sorted by client. */
#define RANGE(arr, n, field, client, lo, hi)                                   \
    do {                                                                       \
        while (*(lo) < (n) && (arr)[*(lo)].field < (client)) {                 \
            (*(lo))++;                                                         \
        }                                                                      \
        *(hi) = *(lo);                                                         \
        while (*(hi) < (n) && (arr)[*(hi)].field == (client)) {                \
            (*(hi))++;                                                         \
        }                                                                      \
    } while (0)

/*
 * Load ratios: a flag on the last day of the series through today.  The
 * series (every metric of every day) lives in a scratch arena freed per
 * client: kept in the request's arena, a thousand clients' series were
 * megabytes zeroed and left cold on each call (bench/attention).
 */
static void
check_load(
    struct entry *e, const struct rb_training_row *s, size_t n, int64_t today)
{
    struct rb_arena tmp;
    struct rb_load_entry *entries;
    struct rb_load_opts opts = {.has_through = true, .through = (int32_t)today};
    struct rb_load_series *series;
    size_t m = 0;

    rb_arena_init(&tmp);
    entries = rb_arena_alloc(&tmp, (n ? n : 1) * sizeof(*entries));
    for (size_t i = 0; i < n; i++) {
        if (s[i].rpe >= 0 && s[i].minutes >= 0 && s[i].day <= today &&
            strcmp(s[i].status, "missed") != 0) {
            entries[m++] = (struct rb_load_entry){
                .day = (int32_t)s[i].day, .load = s[i].rpe * s[i].minutes};
        }
    }
    if (m == 0 ||
        rb_load_compute(entries, m, &opts, &tmp, &series, NULL) != RB_OK ||
        series->n_days == 0) {
        rb_arena_release(&tmp);
        return;
    }
    const struct rb_load_day *d = &series->days[series->n_days - 1];

    for (size_t i = d->first_flag; i < d->first_flag + d->n_flags; i++) {
        const struct rb_load_flag *f = &series->flags[i];

        if (strcmp(f->id, "acwr_high") == 0 ||
            strcmp(f->id, "acwr_danger") == 0 ||
            strcmp(f->id, "monotony_high") == 0) {
            add(e, K_LOAD, "%s", f->message); /* copies the message */
            break; /* one load reason is enough to look */
        }
    }
    rb_arena_release(&tmp);
}

/* Is the open case's gate ready?  The same evaluation as GET .../gate
 * (app_case_gate), on the client's stored measures. */
static bool
gate_ready(struct rb_app *app, struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *a, const char **phase)
{
    const struct rb_client c = {.id = client_id, .org_id = org_id};
    struct rb_case_row *cases;
    struct rb_measure_set set;
    struct rb_gate g;
    size_t nc;

    if (app->kb == NULL ||
        rb_store_case_list(s, org_id, client_id, a, &cases, &nc, NULL)) {
        return false;
    }
    for (size_t k = nc; k > 0; k--) {
        if (strcmp(cases[k - 1].status, "open") == 0) {
            if (app_case_gate(app, s, &c, &cases[k - 1], a, &g, &set, NULL) !=
                    RB_OK ||
                !g.ready) {
                return false;
            }
            *phase = g.phase->name;
            return true;
        }
    }
    return false;
}

/* The pain limit of phase "protocol/phase" (data/protocols), or the
 * model's default of 5/10 [Achilles]. */
static double
pain_limit(const struct rb_kb *kb, const char *open_phase)
{
    const char *slash = open_phase ? strchr(open_phase, '/') : NULL;
    const struct rb_phase *ph;
    char id[128];

    if (kb == NULL || slash == NULL ||
        (size_t)(slash - open_phase) >= sizeof(id)) {
        return RB_ADJ_DEFAULT_PAIN_LIMIT;
    }
    memcpy(id, open_phase, (size_t)(slash - open_phase));
    id[slash - open_phase] = '\0';
    ph = rb_protocol_phase(rb_kb_protocol(kb, id), slash + 1);
    return ph != NULL && ph->has_pain_limit ? ph->pain_limit
                                            : RB_ADJ_DEFAULT_PAIN_LIMIT;
}

static int
by_rank(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;

    if (a->score != b->score) {
        return a->score > b->score ? -1 : 1;
    }
    return a->c->client_id < b->c->client_id ? -1 : 1;
}

enum rb_status
rb_app_attention(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    int64_t practitioner_id, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_attention_facts f;
    struct entry *rows;
    size_t nrows = 0, si = 0, pi = 0, ci = 0;
    int64_t today = app_today();
    double limit;
    struct tx tx;
    json_t *list;
    char d1[11];
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);
    if (!who->system && who->user.role == RB_ROLE_CLIENT) {
        return rb_fail(err, RB_EFORBIDDEN,
            "the attention list is for the practice's staff");
    }
    /* Practitioners see their own clients; owners and admins everyone's,
     * or one practitioner's when asked. */
    if (!who->system && !rb_role_can(who->user.role, RB_CAP_CLIENT_LIST_ALL)) {
        practitioner_id = who->user.id;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_attention_facts(tx.s, who->user.org_id, practitioner_id,
             today - LOAD_DAYS, today - RECENT_DAYS, a, &f, err))) {
        tx_abort(&tx);
        return rc;
    }
    rows = rb_arena_alloc(a, (f.nclients ? f.nclients : 1) * sizeof(*rows));
    for (size_t k = 0; k < f.nclients; k++) {
        const struct rb_attention_client *c = &f.clients[k];
        struct entry e = {.c = c, .reasons = json_array()};
        size_t lo, hi, cklo, ckhi;
        const char *phase = NULL;

        /* The pain limit of the open case's phase, else the default. */
        limit = pain_limit(app->kb, c->open_phase);
        /* Screening state, as the scope rules read it. */
        if (c->screen_outcome != NULL && c->clearance_ms <= c->screened_ms) {
            if (strcmp(c->screen_outcome, "refer") == 0) {
                add(&e, K_RED_FLAG,
                    "open red flag from the latest screening: refer; "
                    "programming is blocked until a licensed provider's "
                    "clearance is recorded");
            } else if (strcmp(c->screen_outcome, "clearance_recommended") ==
                       0) {
                add(&e, K_CLEARANCE_PENDING,
                    "medical clearance recommended by the latest screening "
                    "and not yet recorded");
            }
        }
        lo = pi;
        RANGE(f.pain, f.npain, client_id, c->client_id, &lo, &hi);
        pi = hi;
        for (size_t i = hi; i > lo; i--) {
            if (f.pain[i - 1].pain > limit) {
                add(&e, K_PAIN,
                    "pain %.0f/10 during exercise on %s, above the %.0f/10 "
                    "limit of the pain-monitoring model",
                    f.pain[i - 1].pain, day_text(f.pain[i - 1].day, d1), limit);
                break;
            }
        }
        cklo = ci;
        RANGE(f.checkins, f.ncheckins, client_id, c->client_id, &cklo, &ckhi);
        ci = ckhi;
        for (size_t i = ckhi; i > cklo; i--) {
            const struct rb_checkin_row *q = &f.checkins[i - 1];

            if (q->red_flags != NULL && strcmp(q->red_flags, "[]") != 0) {
                add(&e, K_RED_FLAG,
                    "red-flag symptom reported in the %s "
                    "check-in: %s",
                    day_text(q->day, d1), q->red_flags);
                break;
            }
            if (strcmp(q->kind, "next_morning") == 0 && q->max_pain > limit) {
                add(&e, K_PAIN,
                    "next-morning pain %.0f/10 on %s, above the %.0f/10 limit",
                    q->max_pain, day_text(q->day, d1), limit);
                break;
            }
        }
        lo = si;
        RANGE(f.sessions, f.nsessions, client_id, c->client_id, &lo, &hi);
        si = hi;
        check_load(&e, f.sessions + lo, hi - lo, today);
        {
            int missed = 0, overdue = 0;

            for (size_t i = lo; i < hi; i++) {
                const struct rb_training_row *s = &f.sessions[i];
                bool checked = false;

                if (s->day < today - RECENT_DAYS) {
                    continue;
                }
                if (strcmp(s->status, "missed") == 0) {
                    missed++;
                    continue;
                }
                if (s->day >= today) {
                    continue; /* its next morning has not come yet */
                }
                /* only this client's check-ins: the whole practice's
                 * made this loop quadratic in the roster */
                for (size_t q = cklo; q < ckhi && !checked; q++) {
                    checked = f.checkins[q].day == s->day + 1 &&
                              strcmp(f.checkins[q].kind, "next_morning") == 0;
                }
                overdue += !checked;
            }
            if (missed > 0) {
                add(&e, K_MISSED, "%d missed session%s in the last %d days",
                    missed, missed == 1 ? "" : "s", RECENT_DAYS);
            }
            if (overdue > 0) {
                add(&e, K_CHECKIN_OVERDUE,
                    "%d session%s in the last %d days without a next-morning "
                    "check-in",
                    overdue, overdue == 1 ? "" : "s", RECENT_DAYS);
            }
        }
        if (c->pending_recommendations > 0) {
            add(&e, K_RECOMMENDATIONS,
                "%lld program change%s recommended from the logs, waiting for "
                "a decision",
                (long long)c->pending_recommendations,
                c->pending_recommendations == 1 ? "" : "s");
        }
        if (c->open_cases > 0 &&
            gate_ready(app, tx.s, who->user.org_id, c->client_id, a, &phase)) {
            add(&e, K_GATE_READY,
                "the exit criteria of the phase \"%s\" are met: ready to "
                "test for the next phase",
                phase);
        }
        if (c->clearance_expires != 0 && c->clearance_expires >= today &&
            c->clearance_expires <= today + EXPIRY_DAYS) {
            add(&e, K_CLEARANCE_EXPIRING,
                "the medical clearance ends on %s (%lld days)",
                day_text(c->clearance_expires, d1),
                (long long)(c->clearance_expires - today));
        }
        if (e.score > 0) {
            rows[nrows++] = e;
        } else {
            json_decref(e.reasons);
        }
    }
    qsort(rows, nrows, sizeof(*rows), by_rank);
    list = json_array();
    for (size_t i = 0; i < nrows; i++) {
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:o, s:i, s:o}", "client_id",
                      (json_int_t)rows[i].c->client_id, "first_name",
                      rows[i].c->first_name, "last_name", rows[i].c->last_name,
                      "practitioner_id",
                      rows[i].c->practitioner_id
                          ? json_integer(rows[i].c->practitioner_id)
                          : json_null(),
                      "score", rows[i].score, "reasons", rows[i].reasons));
    }
    if ((rc = app_audit(tx.s, who, who->user.org_id, "attention.list", "org", 0,
             0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        json_decref(list);
        return rc;
    }
    *ret = json_pack("{s:s, s:I, s:o, s:s}", "date", day_text(today, d1),
        "clients_checked", (json_int_t)f.nclients, "clients", list, "note",
        "Load ratios describe change in training load; they do not predict "
        "injury (docs/load-monitoring.md).  Reasons support, never replace, "
        "clinical judgement.");
    return RB_OK;
}
