/*
 * adjust.c -- closing the loop: the pain-monitored adjustment rules
 * (core/adjust.h) run over a client's recent logs and check-ins against
 * the current program, and what they recommend waits for the
 * practitioner, who accepts (a new program version) or declines.
 *
 * app_adjust_client() runs inside the transaction that stored a session
 * or a check-in, so the attention list sees a recommendation the moment
 * its cause is logged.  A recommendation is stored once: the same action
 * for the same exercise is not repeated while one is pending.  "Keep"
 * (nothing triggered) is not a recommendation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "core/adjust.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

#define WINDOW_DAYS 28 /* logs and check-ins the rules read */

/* One exercise of the program, with its first prescription's dose. */
static bool
target_of(const json_t *rx, struct rb_adj_dose *d)
{
    const json_t *in = json_object_get(rx, "intensity");
    const char *scale = json_string_value(json_object_get(in, "scale"));
    double v = json_number_value(json_object_get(in, "value"));

    d->sets = (int)json_integer_value(json_object_get(rx, "sets"));
    d->reps = json_is_integer(json_object_get(rx, "reps"))
                  ? (double)json_integer_value(json_object_get(rx, "reps"))
                  : RB_ADJ_ABSENT;
    d->seconds =
        json_is_integer(json_object_get(rx, "seconds"))
            ? (double)json_integer_value(json_object_get(rx, "seconds"))
            : RB_ADJ_ABSENT;
    d->rir = scale && strcmp(scale, "rir") == 0 ? v : RB_ADJ_ABSENT;
    d->rpe = scale && strcmp(scale, "rpe") == 0 ? v : RB_ADJ_ABSENT;
    if (d->sets < 1 || d->sets > RB_ADJ_MAX_SETS ||
        (d->reps < 0) == (d->seconds < 0)) {
        return false;
    }
    return true;
}

/* The program's distinct exercises outside the warm-up and cool-down. */
static size_t
program_exercises(const json_t *program, const struct rb_kb *kb,
    struct rb_arena *a, struct rb_adj_exercise *out, size_t max)
{
    json_t *w, *s, *b, *rx;
    size_t iw, is, ib, ir, n = 0;

    json_array_foreach(json_object_get(program, "weeks"), iw, w)
    {
        json_array_foreach(json_object_get(w, "sessions"), is, s)
        {
            json_array_foreach(json_object_get(s, "blocks"), ib, b)
            {
                const char *block =
                    json_string_value(json_object_get(b, "block"));

                if (block == NULL || strcmp(block, "raise") == 0 ||
                    strcmp(block, "cool_down") == 0 ||
                    strcmp(block, "activate_mobilise") == 0) {
                    continue;
                }
                json_array_foreach(json_object_get(b, "prescriptions"), ir, rx)
                {
                    const char *id =
                        json_string_value(json_object_get(rx, "exercise"));
                    const struct rb_exercise *e;
                    bool seen = false;

                    for (size_t k = 0; k < n && !seen; k++) {
                        seen = strcmp(out[k].id, id) == 0;
                    }
                    if (seen || n == max || id == NULL) {
                        continue;
                    }
                    memset(&out[n], 0, sizeof(out[n]));
                    out[n].id = rb_arena_strdup(a, id); /* outlives the JSON */
                    if (!target_of(rx, &out[n].target)) {
                        continue;
                    }
                    e = kb ? rb_kb_exercise(kb, id) : NULL;
                    for (size_t k = 0;
                         e && k < e->regions.n && k < RB_ADJ_MAX_REGIONS; k++) {
                        out[n].regions[out[n].n_regions++] = e->regions.v[k];
                    }
                    n++;
                }
            }
        }
    }
    return n;
}

/* Merge region pain 'p' into 'c' (the higher value of a region counts). */
static void
merge_pain(struct rb_adj_checkin *c, const char *region, double p)
{
    for (size_t i = 0; i < c->n_pain; i++) {
        if (strcmp(c->pain[i].region, region) == 0) {
            if (p > c->pain[i].pain) {
                c->pain[i].pain = p;
            }
            return;
        }
    }
    if (c->n_pain < RB_ADJ_MAX_REGIONS) {
        c->pain[c->n_pain++] = (struct rb_adj_region_pain){region, p};
    }
}

/*
 * The check-ins as the rules read them: one a day, so a day's next-morning
 * and wellness check-ins are merged (the worse value counts, red flags
 * add up).  Only a next-morning check-in speaks of pain after loading.
 * 'rows' come oldest first.
 */
static size_t
checkins_of(const struct rb_checkin_row *rows, size_t n, struct rb_arena *a,
    struct rb_adj_checkin **ret)
{
    struct rb_adj_checkin *out = rb_arena_alloc(a, (n ? n : 1) * sizeof(*out));
    size_t m = 0;

    for (size_t i = 0; i < n; i++) {
        json_t *body = json_loads(rows[i].body, 0, NULL);
        struct rb_adj_checkin *c;
        const char *region;
        json_t *v;
        size_t k;

        if (body == NULL) {
            continue;
        }
        if (m > 0 && out[m - 1].day == (int32_t)rows[i].day) {
            c = &out[m - 1];
        } else if (m < RB_ADJ_MAX_CHECKINS) {
            c = &out[m++];
            memset(c, 0, sizeof(*c));
            c->day = (int32_t)rows[i].day;
            c->stiffness = c->sleep = c->fatigue = c->soreness = c->stress =
                c->mood = RB_ADJ_ABSENT;
        } else {
            json_decref(body);
            break;
        }
        if (strcmp(rows[i].kind, "next_morning") == 0) {
            json_object_foreach(json_object_get(body, "pain"), region, v)
            {
                if (json_is_number(v)) {
                    merge_pain(
                        c, rb_arena_strdup(a, region), json_number_value(v));
                }
            }
        }
        v = json_object_get(body, "stiffness");
        if (json_is_number(v) && json_number_value(v) > c->stiffness) {
            c->stiffness = json_number_value(v);
        }
        json_array_foreach(json_object_get(body, "red_flags"), k, v)
        {
            if (c->n_red_flags < RB_ADJ_MAX_FLAGS && json_is_string(v)) {
                c->red_flags[c->n_red_flags++] =
                    rb_arena_strdup(a, json_string_value(v));
            }
        }
        json_decref(body);
    }
    *ret = out;
    return m;
}

/* The pain limit of the program's protocol phase, or the default. */
static double
pain_limit_of(const struct rb_kb *kb, const json_t *program)
{
    const struct rb_phase *ph = app_program_phase(kb, program, NULL);

    return ph != NULL && ph->has_pain_limit ? ph->pain_limit : RB_ADJ_ABSENT;
}

static json_t *
reasons_json(const struct rb_adj_decision *d)
{
    json_t *list = json_array();

    for (size_t i = 0; i < d->n_reasons; i++) {
        const struct rb_adj_reason *r = &d->reasons[i];
        char day[11];
        json_t *o;

        rb_date_format(r->day, day);
        o = json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "rule", r->rule->id,
            "text", r->text, "day", day, "measure", r->measure, "source",
            r->source);
        if (r->value != RB_ADJ_ABSENT) {
            json_object_set_new(o, "value", json_real(r->value));
        }
        if (r->limit != RB_ADJ_ABSENT) {
            json_object_set_new(o, "limit", json_real(r->limit));
        }
        if (r->region != NULL) {
            json_object_set_new(o, "region", json_string(r->region));
        }
        json_array_append_new(list, o);
    }
    return list;
}

enum rb_status
app_adjust_client(struct rb_app *app, struct rb_store *s,
    const struct rb_client *c, int64_t today, struct rb_arena *a,
    struct rb_err *err)
{
    struct rb_program_version_row v;
    struct rb_set_row *sets;
    struct rb_checkin_row *cis;
    struct rb_recommendation_row *pending;
    struct rb_adj_exercise *ex;
    struct rb_adj_checkin *checkins;
    struct rb_adj_input in = {.today = (int32_t)today};
    struct rb_adj_result res;
    size_t nsets, ncis, npending;
    json_t *program;
    enum rb_status rc;

    rc = rb_store_program_version_get(s, c->org_id, c->id, 0, a, &v, err);
    if (rc == RB_ENOTFOUND) {
        return RB_OK; /* no program: nothing to adjust */
    }
    if (rc != RB_OK ||
        (rc = rb_store_set_list(s, c->org_id, c->id, today - WINDOW_DAYS, a,
             &sets, &nsets, err)) ||
        (rc = rb_store_checkin_list(
             s, c->org_id, c->id, today - WINDOW_DAYS, a, &cis, &ncis, err)) ||
        (rc = rb_store_recommendation_list(
             s, c->org_id, c->id, "pending", a, &pending, &npending, err))) {
        return rc;
    }
    if ((program = json_loads(v.body, 0, NULL)) == NULL) {
        return RB_OK;
    }
    ex = rb_arena_alloc(a, RB_ADJ_MAX_EXERCISES * sizeof(*ex));
    in.n_exercises =
        program_exercises(program, app->kb, a, ex, RB_ADJ_MAX_EXERCISES);
    in.pain_limit = pain_limit_of(app->kb, program);
    json_decref(program);
    /* Each exercise's logged sets (the days' order is the store's). */
    for (size_t k = 0; k < in.n_exercises; k++) {
        struct rb_adj_set *log =
            rb_arena_alloc(a, (nsets ? nsets : 1) * sizeof(*log));
        size_t m = 0;

        for (size_t i = 0; i < nsets && m < RB_ADJ_MAX_LOG; i++) {
            if (strcmp(sets[i].exercise_id, ex[k].id) != 0 ||
                sets[i].day > today) {
                continue;
            }
            log[m++] = (struct rb_adj_set){.day = (int32_t)sets[i].day,
                .reps = ex[k].target.reps < 0 ? RB_ADJ_ABSENT : sets[i].reps,
                .seconds =
                    ex[k].target.seconds < 0 ? RB_ADJ_ABSENT : sets[i].seconds,
                .load = sets[i].load_kg,
                .rir = sets[i].rir,
                .rpe = sets[i].rpe,
                .pain = sets[i].pain};
        }
        ex[k].log = log;
        ex[k].n_log = m;
    }
    in.exercises = ex;
    in.n_checkins = checkins_of(cis, ncis, a, &checkins);
    in.checkins = checkins;
    /* A stored log that the rules refuse (say, a dose the engine wrote
     * with both reps and seconds) must not lose the log itself: the
     * adjustment is advice, so it is skipped, not failed. */
    if (rb_adjust(&in, a, &res, NULL) != RB_OK) {
        return RB_OK;
    }
    for (size_t k = 0; k < res.n_decisions; k++) {
        const struct rb_adj_decision *d = &res.decisions[k];
        const char *action = rb_adj_action_name(d->action);
        struct rb_recommendation_row r = {.org_id = c->org_id,
            .client_id = c->id,
            .program_version_id = v.id,
            .day = today,
            .exercise_id = d->exercise,
            .action = action,
            .created_ms = rb_clock_now_ms()};
        bool dup = false;
        json_t *reasons;

        if (d->n_reasons == 1 &&
            d->reasons[0].rule == &rb_adj_rules[RB_ADJ_RULE_KEEP]) {
            continue;
        }
        for (size_t i = 0; i < npending && !dup; i++) {
            dup = strcmp(pending[i].exercise_id, d->exercise) == 0 &&
                  strcmp(pending[i].action, action) == 0;
        }
        if (dup) {
            continue;
        }
        reasons = reasons_json(d);
        r.reasons = app_json_text(a, reasons);
        json_decref(reasons);
        if ((rc = rb_store_recommendation_add(s, &r, &r.id, err)) ||
            (rc = app_audit(s,
                 &(struct rb_actor){
                     .system = true, .address = "rules", .request_id = ""},
                 c->org_id, "recommendation.create", "recommendation", r.id,
                 c->id, action, err))) {
            return rc;
        }
    }
    return RB_OK;
}

/* ---- reading and deciding ------------------------------------------------ */

static json_t *
recommendation_json(const struct rb_recommendation_row *r)
{
    json_t *reasons = json_loads(r->reasons, 0, NULL);
    char day[11];

    rb_date_format(r->day, day);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id",
        (json_int_t)r->id, "client_id", (json_int_t)r->client_id, "date", day,
        "exercise", r->exercise_id, "action", r->action, "reasons",
        reasons ? reasons : json_array(), "status", r->status, "decided_by",
        r->decided_by ? json_integer(r->decided_by) : json_null(),
        "result_version_id",
        r->result_version_id ? json_integer(r->result_version_id)
                             : json_null());
}

enum rb_status
rb_app_recommendation_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const char *status, struct rb_arena *a,
    json_t **ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_recommendation_row *rows;
    struct rb_client c;
    struct tx tx;
    size_t n;
    json_t *list;
    enum rb_status rc;

    if (status != NULL && strcmp(status, "pending") != 0 &&
        strcmp(status, "accepted") != 0 && strcmp(status, "declined") != 0) {
        return rb_fail_field(err, RB_EINVAL, "invalid_value", "status",
            "status is pending, accepted or declined");
    }
    who = app_actor_in(who, org_id, &in_org);
    if ((rc = app_client_read(
             app, who, client_id, "recommendation.list", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_recommendation_list(
             tx.s, c.org_id, c.id, status, a, &rows, &n, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, recommendation_json(&rows[i]));
    }
    *ret = json_pack("{s:o}", "recommendations", list);
    return RB_OK;
}

/* The program edit an accepted recommendation makes (hold and a progress
 * without a harder neighbour change nothing; the version records them). */
static json_t *
edit_for(const struct rb_app *app, const json_t *program,
    const struct rb_recommendation_row *r, const char *why)
{
    const struct rb_exercise *e =
        app->kb ? rb_kb_exercise(app->kb, r->exercise_id) : NULL;
    const char *act = r->action;

    (void)program;
    if (strcmp(act, "hold") == 0) {
        return json_pack("{s:s, s:s, s:s}", "op", "hold", "exercise",
            r->exercise_id, "reason", why);
    }
    if (strcmp(act, "stop_and_refer") == 0) {
        return json_pack("{s:s, s:s, s:s}", "op", "remove", "exercise",
            r->exercise_id, "reason", why);
    }
    if (strcmp(act, "progress") == 0) {
        if (e != NULL && e->progressions.n > 0) {
            return json_pack("{s:s, s:s, s:s, s:s}", "op", "swap", "exercise",
                r->exercise_id, "to", e->progressions.v[0], "reason", why);
        }
        /* No harder neighbour: the load goes up at the next session by the
         * 2-for-2 rule; the version records the decision. */
        return json_pack("{s:s, s:s, s:s}", "op", "progress", "exercise",
            r->exercise_id, "reason", why);
    }
    /* regress and substitute: the listed easier neighbour, else out. */
    if (e != NULL && e->regressions.n > 0) {
        return json_pack("{s:s, s:s, s:s, s:s}", "op", "swap", "exercise",
            r->exercise_id, "to", e->regressions.v[0], "reason", why);
    }
    return json_pack("{s:s, s:s, s:s}", "op", "remove", "exercise",
        r->exercise_id, "reason", why);
}

enum rb_status
rb_app_recommendation_decide(struct rb_app *app, const struct rb_actor *who,
    int64_t id, const json_t *body, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    static const struct rb_jfield fields[] = {
        {"accept", RB_J_BOOL, true, 0, 0, NULL, false},
        {"reason", RB_J_STRING, false, 1, 500, NULL, false},
        {NULL, 0, false, 0, 0, NULL, false},
    };
    struct rb_recommendation_row r = {0};
    struct rb_program_version_row v = {0}, cur;
    struct rb_client c;
    struct tx tx;
    bool accept;
    const char *why;
    json_t *edits = NULL, *program = NULL, *e;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL || (rc = rb_json_check(body, fields, err))) {
        return body ? rc
                    : rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
                          "this request needs a JSON object body");
    }
    accept = json_is_true(json_object_get(body, "accept"));
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    /* Find the recommendation among its client's: ids are per practice. */
    if ((rc = rb_store_recommendation_by_id(
             tx.s, who->user.org_id, id, a, &r, err)) ||
        (rc = app_load_client(tx.s, who, r.client_id, a, &c, err))) {
        tx_abort(&tx);
        return rc == RB_ENOTFOUND
                   ? rb_fail(err, RB_ENOTFOUND, "no such recommendation")
                   : rc;
    }
    if (strcmp(r.status, "pending") != 0) {
        tx_abort(&tx);
        return rb_fail_field(err, RB_ECONFLICT, "already_decided", NULL,
            "this recommendation was %s already", r.status);
    }
    why = json_is_string(json_object_get(body, "reason"))
              ? json_string_value(json_object_get(body, "reason"))
              : NULL;
    if (accept) {
        char text[300];

        if ((rc = rb_store_program_version_get(
                 tx.s, c.org_id, c.id, 0, a, &cur, err))) {
            goto fail;
        }
        snprintf(text, sizeof(text), "%s %s: %s", r.action, r.exercise_id,
            why ? why : "accepted from the logs' recommendation");
        program = json_loads(cur.body, 0, NULL);
        e = edit_for(app, program, &r, text);
        edits = json_pack("[o]", e);
        rc = app_program_apply(app, tx.s, who, &c, edits, text, a, &v, err);
        if (rc == RB_EINVAL &&
            strcmp(json_string_value(json_object_get(e, "op")), "swap") == 0) {
            /* The easier neighbour is not allowed in this phase (or not
             * the same pattern): take the exercise out instead. */
            json_object_set_new(e, "op", json_string("remove"));
            json_object_del(e, "to");
            rc = app_program_apply(app, tx.s, who, &c, edits, text, a, &v, err);
        }
        if (rc != RB_OK) {
            goto fail;
        }
        r.result_version_id = v.id;
    }
    r.status = accept ? "accepted" : "declined";
    r.decided_by = who->system ? 0 : who->user.id;
    r.decided_ms = rb_clock_now_ms();
    if ((rc = rb_store_recommendation_decide(tx.s, &r, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "recommendation.decide",
             "recommendation", r.id, c.id, r.status, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    json_decref(edits);
    json_decref(program);
    *ret = recommendation_json(&r);
    json_object_set_new(
        *ret, "result_version", accept ? json_integer(v.version) : json_null());
    return RB_OK;
fail:
    tx_abort(&tx);
    json_decref(edits);
    json_decref(program);
    return rc;
}
