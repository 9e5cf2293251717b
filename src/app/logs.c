/*
 * logs.c -- what a client did and how they feel: training sessions logged
 * against their program (per set reps or time, load, RPE or RIR, pain
 * during) and check-ins (the morning after a session, or daily wellness).
 * See app.h.
 *
 * Scales, with their sources (data/sources.json):
 *   pain, per set and per region      0-10 numeric rating scale   [NPRS]
 *   session RPE                       CR-10, 0 rest .. 10 maximal [sRPE]
 *   set RPE / reps in reserve         RIR-based RPE scale 0-10    [RIR]
 *   stiffness 0-10 (like the NPRS), sleep quality, fatigue, soreness,
 *   stress and mood 1-5 with 5 the good end                [Rebound-design]
 *
 * A red flag reported in a check-in pauses programming: the same
 * transaction stores a screening whose outcome is "refer", and the scope
 * rules (scope.c) keep a red flag open until a clearance is recorded after
 * the latest screening.  That screening holds only what the check-in
 * reported (answers {"red_flags": [...], "checkin_id": N}); it does not
 * pretend the PAR-Q+ was asked again.  Its result is what
 * rb_screen_eval() gives for those flags (see flag_result()).
 *
 * Hooks for the load metrics, the adjustment engine and the attention
 * list: the rows are read back with rb_store_training_list / set_list /
 * checkin_list; a red-flag check-in leaves an audit row "screening.create"
 * whose detail starts with "refer" and names the check-in.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "core/screening.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

#define MAX_SETS 200

static int64_t
today(void)
{
    return rb_clock_now_ms() / 86400000;
}

/* Compact JSON text of 'v' copied into the arena, or NULL. */
static const char *
json_text(struct rb_arena *a, const json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out;

    if (text == NULL) {
        return NULL;
    }
    out = rb_arena_strdup(a, text);
    free(text);
    return out;
}

/* rb_json_check() on an element of a list, naming fields "prefix.field". */
static enum rb_status
check_nested(const json_t *obj, const struct rb_jfield *fields,
    const char *prefix, struct rb_err *err)
{
    struct rb_err e;
    enum rb_status rc = rb_json_check(obj, fields, &e);

    if (rc == RB_OK) {
        return RB_OK;
    }
    if (err != NULL) {
        *err = e;
        snprintf(err->field, sizeof(err->field), "%.20s%s%.40s", prefix,
            e.field[0] != '\0' ? "." : "", e.field);
    }
    return rc;
}

/* A number field of a checked object, or -1 (the store's "not given"). */
static double
opt_number(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);

    return json_is_number(v) ? json_number_value(v) : -1;
}

/*
 * The day of a log: a real date, not after tomorrow.  Tomorrow is allowed
 * because the server's day is UTC and a client east of Greenwich is
 * already a day ahead.
 */
static enum rb_status
check_day(const json_t *body, const char *key, int64_t *ret, struct rb_err *err)
{
    int64_t day = 0;

    (void)rb_date_parse(rb_json_str(body, key), &day);
    if (day > today() + 1) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", key,
            "%s cannot be in the future", key);
    }
    *ret = day;
    return RB_OK;
}

/*
 * The client a log is about, inside the open transaction.  Staff holding
 * 'cap' may act for any client of their practice; a client user only for
 * their own record (another client of the practice is a 403, a client of
 * another practice a 404 like any missing id).
 */
static enum rb_status
load_subject(struct rb_store *s, const struct rb_actor *who, enum rb_cap cap,
    int64_t id, struct rb_arena *a, struct rb_client *ret, struct rb_err *err)
{
    struct rb_client c;
    enum rb_status rc;

    if ((rc = rb_store_client_get(s, who->user.org_id, id, a, &c, err))) {
        return rc == RB_ENOTFOUND ? rb_fail(err, RB_ENOTFOUND, "no such client")
                                  : rc;
    }
    if (!who->system && !rb_role_can(who->user.role, cap) &&
        (who->user.role != RB_ROLE_CLIENT || c.user_id != who->user.id)) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "a client may log and read only their own record");
    }
    *ret = c;
    return RB_OK;
}

static enum rb_status
check_range(int64_t from, int64_t to, struct rb_err *err)
{
    if (from != 0 && to != 0 && to < from) {
        return rb_fail_field(
            err, RB_EINVAL, "out_of_range", "to", "to is before from");
    }
    return RB_OK;
}

/* ---- sessions ----------------------------------------------------------- */

static const char *const session_statuses[] = {
    "completed", "partial", "missed", NULL};

/* clang-format off */
static const struct rb_jfield session_fields[] = {
    {"date",            RB_J_DATE,   true},
    {"status",          RB_J_STRING, true, 0, 0, session_statuses},
    {"program_version", RB_J_INT,    false, 1, INT32_MAX, NULL, true},
    {"session_key",     RB_J_STRING, false, 1, 40, NULL, true},
    {"rpe",             RB_J_NUMBER, false, 0, 10, NULL, true},  /* [sRPE] */
    {"minutes",         RB_J_NUMBER, false, 0, 600, NULL, true},
    {"notes",           RB_J_STRING, false, 1, 4000, NULL, true},
    {"sets",            RB_J_ARRAY,  false, 0, MAX_SETS},
    {NULL},
};

static const struct rb_jfield set_fields[] = {
    {"exercise_id", RB_J_STRING, true, 1, 100},
    {"reps",        RB_J_NUMBER, false, 0, 1000, NULL, true},
    {"seconds",     RB_J_NUMBER, false, 0, 36000, NULL, true},
    {"load_kg",     RB_J_NUMBER, false, 0, 1000, NULL, true},
    {"rpe",         RB_J_NUMBER, false, 0, 10, NULL, true},      /* [RIR] */
    {"rir",         RB_J_NUMBER, false, 0, 10, NULL, true},      /* [RIR] */
    {"pain",        RB_J_NUMBER, false, 0, 10, NULL, true},      /* [NPRS] */
    {NULL},
};
/* clang-format on */

/* Check the sets against their table and the practice's library. */
static enum rb_status
check_sets(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    const json_t *sets, struct rb_err *err)
{
    struct rb_library lib;
    enum rb_status rc = RB_OK;
    char name[48];
    size_t i;
    json_t *v;

    json_array_foreach(sets, i, v)
    {
        snprintf(name, sizeof(name), "sets[%zu]", i);
        if (!json_is_object(v)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", name, "must be an object");
        }
        if ((rc = check_nested(v, set_fields, name, err))) {
            return rc;
        }
        if (opt_number(v, "reps") < 0 && opt_number(v, "seconds") < 0) {
            return rb_fail_field(err, RB_EINVAL, "missing_field", name,
                "a set needs reps or seconds");
        }
    }
    if (json_array_size(sets) == 0) {
        return RB_OK;
    }
    /* The practice's view, hidden exercises included: a practice may hide
     * an exercise after it was prescribed. */
    if ((rc = rb_app_library_acquire(app, who, org_id, &lib, err))) {
        return rc;
    }
    json_array_foreach(sets, i, v)
    {
        const char *id = rb_json_str(v, "exercise_id");

        if (rb_kb_find_any(lib.kb, lib.overlay, id) == NULL) {
            snprintf(name, sizeof(name), "sets[%zu].exercise_id", i);
            rc = rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "'%.60s' is not an exercise of the practice's library", id);
            break;
        }
    }
    rb_app_library_release(app, &lib);
    return rc;
}

static enum rb_status
check_session(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    const json_t *body, int64_t *ret_day, struct rb_err *err)
{
    const json_t *sets = json_object_get(body, "sets");
    enum rb_status rc;

    if ((rc = rb_json_check(body, session_fields, err)) ||
        (rc = check_day(body, "date", ret_day, err))) {
        return rc;
    }
    if (sets == NULL) {
        return RB_OK;
    }
    if (strcmp(rb_json_str(body, "status"), "missed") == 0 &&
        json_array_size(sets) > 0) {
        return rb_fail_field(err, RB_EINVAL, "inconsistent", "sets",
            "a missed session has no sets");
    }
    return check_sets(app, who, org_id, sets, err);
}

static void
sets_from_json(const json_t *sets, struct rb_arena *a, struct rb_session_log *s)
{
    size_t i;
    json_t *v;

    s->nsets = json_array_size(sets);
    s->sets = rb_arena_alloc(a, (s->nsets ? s->nsets : 1) * sizeof(*s->sets));
    json_array_foreach(sets, i, v)
    {
        struct rb_set_row *r = &s->sets[i];

        r->exercise_id = rb_arena_strdup(a, rb_json_str(v, "exercise_id"));
        r->set_no = (int64_t)i + 1;
        r->reps = opt_number(v, "reps");
        r->seconds = opt_number(v, "seconds");
        r->load_kg = opt_number(v, "load_kg");
        r->rpe = opt_number(v, "rpe");
        r->rir = opt_number(v, "rir");
        r->pain = opt_number(v, "pain");
    }
}

enum rb_status
rb_app_session_log(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_session_log *ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_session_log s = {0};
    struct rb_training_row *r = &s.row;
    struct rb_program_version_row pv;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;
    char detail[64];

    who = app_actor_in(who, org_id, &in_org);

    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = check_session(app, who, org_id, body, &r->day, err))) {
        return rc;
    }
    r->status = rb_arena_strdup(a, rb_json_str(body, "status"));
    r->session_key = rb_arena_strdup(a, rb_json_str(body, "session_key"));
    r->rpe = opt_number(body, "rpe");
    r->minutes = opt_number(body, "minutes");
    r->notes = rb_arena_strdup(a, rb_json_str(body, "notes"));
    r->logged_by = who->user.id;
    r->created_ms = rb_clock_now_ms();
    s.program_version = rb_json_int(body, "program_version", 0);
    sets_from_json(json_object_get(body, "sets"), a, &s);

    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_subject(
             tx.s, who, RB_CAP_CLIENT_WRITE, client_id, a, &c, err))) {
        goto fail;
    }
    if (s.program_version != 0) {
        rc = rb_store_program_version_get(
            tx.s, c.org_id, c.id, s.program_version, a, &pv, err);
        if (rc == RB_ENOTFOUND) {
            rc = rb_fail_field(err, RB_EINVAL, "out_of_range",
                "program_version", "the client has no program version %lld",
                (long long)s.program_version);
        }
        if (rc != RB_OK) {
            goto fail;
        }
        r->program_version_id = pv.id;
    }
    r->org_id = c.org_id;
    r->client_id = c.id;
    if ((rc = rb_store_training_add(tx.s, r, &r->id, err))) {
        goto fail;
    }
    for (size_t i = 0; i < s.nsets; i++) {
        s.sets[i].org_id = c.org_id;
        s.sets[i].session_id = r->id;
        s.sets[i].day = r->day;
        if ((rc = rb_store_set_add(tx.s, &s.sets[i], err))) {
            goto fail;
        }
    }
    snprintf(detail, sizeof(detail), "%s sets=%zu", r->status, s.nsets);
    if ((rc = app_audit(tx.s, who, c.org_id, "session.log", "session", r->id,
             c.id, detail, err)) ||
        (rc = app_adjust_client(app, tx.s, &c, app_today(), a, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = s;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

static int
cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* The session of 'session_id' in 'ids' (sorted pairs id, index), or -1. */
static long
session_index(const int64_t *ids, size_t n, int64_t session_id)
{
    const int64_t *hit =
        bsearch(&session_id, ids, n, 2 * sizeof(int64_t), cmp_id);

    return hit ? (long)hit[1] : -1;
}

/* Attach the sets to their sessions and the version numbers to the ids. */
static enum rb_status
assemble(struct rb_store *s, const struct rb_client *c, struct rb_arena *a,
    struct rb_session_log *out, size_t n, struct rb_set_row *sets, size_t nsets,
    struct rb_err *err)
{
    int64_t *ids = rb_arena_alloc(a, (n ? n : 1) * 2 * sizeof(int64_t));
    struct rb_program_version_row *pv = NULL;
    size_t npv = 0;
    bool any_pv = false;
    enum rb_status rc;

    for (size_t i = 0; i < n; i++) {
        ids[2 * i] = out[i].row.id;
        ids[2 * i + 1] = (int64_t)i;
        any_pv = any_pv || out[i].row.program_version_id != 0;
    }
    qsort(ids, n, 2 * sizeof(int64_t), cmp_id);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nsets; i++) {
            long k = session_index(ids, n, sets[i].session_id);

            if (k < 0) {
                continue; /* a session outside 'to' */
            }
            if (pass == 0) {
                out[k].nsets++;
            } else {
                out[k].sets[out[k].nsets++] = sets[i];
            }
        }
        for (size_t i = 0; pass == 0 && i < n; i++) {
            out[i].sets = rb_arena_alloc(
                a, (out[i].nsets ? out[i].nsets : 1) * sizeof(*out[i].sets));
            out[i].nsets = 0;
        }
    }
    if (any_pv && (rc = rb_store_program_version_list(
                       s, c->org_id, c->id, a, &pv, &npv, err))) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < npv; j++) {
            if (pv[j].id == out[i].row.program_version_id) {
                out[i].program_version = pv[j].version;
            }
        }
    }
    return RB_OK;
}

enum rb_status
rb_app_session_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, int64_t from, int64_t to,
    struct rb_arena *a, struct rb_session_log **ret, size_t *ret_n,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_training_row *rows;
    struct rb_set_row *sets;
    struct rb_session_log *out;
    size_t nrows, nsets, n = 0;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = check_range(from, to, err)) ||
        (rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_subject(
             tx.s, who, RB_CAP_CLIENT_LIST_ALL, client_id, a, &c, err)) ||
        (rc = rb_store_training_list(
             tx.s, c.org_id, c.id, from, a, &rows, &nrows, err)) ||
        (rc = rb_store_set_list(
             tx.s, c.org_id, c.id, from, a, &sets, &nsets, err))) {
        goto fail;
    }
    out = rb_arena_alloc(a, (nrows ? nrows : 1) * sizeof(*out));
    for (size_t i = 0; i < nrows; i++) {
        if (to == 0 || rows[i].day <= to) {
            out[n++].row = rows[i];
        }
    }
    if ((rc = assemble(tx.s, &c, a, out, n, sets, nsets, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "session.list", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = out;
    *ret_n = n;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

/* ---- check-ins ---------------------------------------------------------- */

static const char *const checkin_kinds[] = {"next_morning", "daily", NULL};

/* clang-format off */
static const struct rb_jfield checkin_fields[] = {
    {"date",          RB_J_DATE,   true},
    {"kind",          RB_J_STRING, true, 0, 0, checkin_kinds},
    {"pain",          RB_J_OBJECT, false, 0, 0, NULL, true},     /* [NPRS] */
    {"stiffness",     RB_J_NUMBER, false, 0, 10, NULL, true},
    {"sleep_hours",   RB_J_NUMBER, false, 0, 24, NULL, true},
    {"sleep_quality", RB_J_INT,    false, 1, 5, NULL, true},
    {"fatigue",       RB_J_INT,    false, 1, 5, NULL, true},
    {"soreness",      RB_J_INT,    false, 1, 5, NULL, true},
    {"stress",        RB_J_INT,    false, 1, 5, NULL, true},
    {"mood",          RB_J_INT,    false, 1, 5, NULL, true},
    {"red_flags",     RB_J_ARRAY,  false, 0, 16},
    {"notes",         RB_J_STRING, false, 1, 4000, NULL, true},
    {NULL},
};
/* clang-format on */

/* Pain per region of data/vocab.json, 0-10; *ret_max the highest, or -1. */
static enum rb_status
check_pain(
    struct rb_app *app, const json_t *pain, double *ret_max, struct rb_err *err)
{
    const char *region;
    json_t *v;
    char name[80];
    double max = -1;

    json_object_foreach((json_t *)pain, region, v)
    {
        snprintf(name, sizeof(name), "pain.%.60s", region);
        if (app->kb == NULL || !rb_kb_vocab_has(app->kb, "regions", region)) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "'%.60s' is not a region of data/vocab.json", region);
        }
        if (!json_is_number(v)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", name, "must be a number");
        }
        if (json_number_value(v) < 0 || json_number_value(v) > 10) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "pain is rated from 0 to 10");
        }
        if (json_number_value(v) > max) {
            max = json_number_value(v);
        }
    }
    *ret_max = max;
    return RB_OK;
}

/*
 * Red flags a client can report: the symptom rows of the red-flag table.
 * The findings of the Ottawa decision rules (and their entry conditions,
 * and age) are examination findings that refer only in combination; they
 * belong in a screening, not a check-in.
 */
static enum rb_status
check_flags(const json_t *flags, struct rb_err *err)
{
    size_t i, j;
    json_t *v;
    char name[32];

    json_array_foreach(flags, i, v)
    {
        const struct rb_red_flag *f;

        snprintf(name, sizeof(name), "red_flags[%zu]", i);
        if (!json_is_string(v)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", name, "must be a string");
        }
        f = rb_red_flag_find(json_string_value(v));
        if (f == NULL) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "'%.60s' is not a red flag id (docs/screening.md)",
                json_string_value(v));
        }
        if (f->condition || f->needs != NULL || f->derived) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "'%.60s' is an examination finding; record it in a "
                "screening",
                f->id);
        }
        for (j = 0; j < i; j++) {
            if (json_equal(json_array_get(flags, j), v)) {
                return rb_fail_field(err, RB_EINVAL, "duplicate_value", name,
                    "'%.60s' is listed twice", f->id);
            }
        }
    }
    return RB_OK;
}

/*
 * The screening result for red flags that each refer on their own, as
 * rb_screen_eval() builds it from the red-flag table (decide_flags() and
 * finish() in core/screening.c): one "refer" reason per flag in table
 * order, the most urgent urgency, no exercise when a flag blocks all
 * training, and the distinct blocks.
 */
static void
flag_result(const json_t *flags, struct rb_screen_result *r)
{
    memset(r, 0, sizeof(*r));
    r->outcome = RB_SCREEN_REFER;
    r->intensity_ceiling = RB_INTENSITY_VIGOROUS;
    for (size_t i = 0; i < rb_red_flag_count; i++) {
        const struct rb_red_flag *f = &rb_red_flags[i];
        bool listed = false, seen = false;
        size_t k;
        json_t *v;

        json_array_foreach(flags, k, v)
        {
            listed = listed || strcmp(json_string_value(v), f->id) == 0;
        }
        if (!listed || r->n_reasons == RB_SCREEN_MAX_REASONS) {
            continue;
        }
        r->reasons[r->n_reasons++] = (struct rb_screen_reason){
            f->rule, f->message, f->source, RB_SCREEN_REFER};
        if (f->urgency > r->urgency) {
            r->urgency = f->urgency;
        }
        if (f->blocks == RB_BLOCK_ALL_TRAINING) {
            r->intensity_ceiling = RB_INTENSITY_NONE;
        }
        for (k = 0; k < r->n_blocks; k++) {
            seen = seen || strcmp(r->blocks[k], f->block) == 0;
        }
        if (!seen && r->n_blocks < RB_SCREEN_MAX_BLOCKS) {
            r->blocks[r->n_blocks++] = f->block;
        }
    }
}

/* Store the "refer" screening for a check-in's red flags (open tx). */
static enum rb_status
red_flag_screening(struct rb_store *s, const struct rb_actor *who,
    const struct rb_checkin_row *ci, const json_t *flags, struct rb_arena *a,
    struct rb_screening_row *ret, struct rb_err *err)
{
    struct rb_screening_row row = {0};
    struct rb_screen_result *res = rb_arena_alloc(a, sizeof(*res));
    json_t *answers, *rj;
    enum rb_status rc;
    char detail[64];

    flag_result(flags, res);
    answers = json_pack(
        "{s:O, s:I}", "red_flags", flags, "checkin_id", (json_int_t)ci->id);
    rj = rb_screen_result_to_json(res);
    row.answers = json_text(a, answers);
    row.result = json_text(a, rj);
    json_decref(answers);
    json_decref(rj);
    if (row.answers == NULL || row.result == NULL) {
        return rb_fail(err, RB_EINTERNAL, "cannot serialise the screening");
    }
    row.org_id = ci->org_id;
    row.client_id = ci->client_id;
    row.outcome = rb_screen_outcome_name(res->outcome);
    row.screened_by = who->user.id;
    row.created_ms = ci->created_ms;
    snprintf(detail, sizeof(detail), "%s from checkin %lld", row.outcome,
        (long long)ci->id);
    if ((rc = rb_store_screening_add(s, &row, &row.id, err)) ||
        (rc = app_audit(s, who, row.org_id, "screening.create", "screening",
             row.id, row.client_id, detail, err))) {
        return rc;
    }
    *ret = row;
    return RB_OK;
}

enum rb_status
rb_app_checkin_add(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_checkin_row *ret, struct rb_screening_row *ret_screening,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_checkin_row row = {0};
    struct rb_screening_row scr = {0};
    const json_t *pain, *flags;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;
    char detail[64];

    who = app_actor_in(who, org_id, &in_org);

    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    pain = json_object_get(body, "pain");
    flags = json_object_get(body, "red_flags");
    row.max_pain = -1;
    if ((rc = rb_json_check(body, checkin_fields, err)) ||
        (rc = check_day(body, "date", &row.day, err)) ||
        (json_is_object(pain) &&
            (rc = check_pain(app, pain, &row.max_pain, err))) ||
        (flags != NULL && (rc = check_flags(flags, err)))) {
        return rc;
    }
    row.kind = rb_arena_strdup(a, rb_json_str(body, "kind"));
    row.body = json_text(a, body);
    row.red_flags = flags != NULL ? json_text(a, flags) : "[]";
    row.created_by = who->user.id;
    row.created_ms = rb_clock_now_ms();
    if (row.body == NULL || row.red_flags == NULL) {
        return rb_fail(err, RB_EINTERNAL, "cannot serialise the check-in");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_subject(
             tx.s, who, RB_CAP_CLIENT_WRITE, client_id, a, &c, err))) {
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    snprintf(detail, sizeof(detail), "%s red_flags=%zu", row.kind,
        json_array_size(flags));
    if ((rc = rb_store_checkin_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "checkin.add", "checkin", row.id,
             c.id, detail, err)) ||
        (json_array_size(flags) > 0 &&
            (rc = red_flag_screening(tx.s, who, &row, flags, a, &scr, err))) ||
        (rc = app_adjust_client(app, tx.s, &c, app_today(), a, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    *ret_screening = scr;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_checkin_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, int64_t from, int64_t to,
    struct rb_arena *a, struct rb_checkin_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_checkin_row *rows;
    size_t nrows, n = 0;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = check_range(from, to, err)) ||
        (rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_subject(
             tx.s, who, RB_CAP_CLIENT_LIST_ALL, client_id, a, &c, err)) ||
        (rc = rb_store_checkin_list(
             tx.s, c.org_id, c.id, from, a, &rows, &nrows, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "checkin.list", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    for (size_t i = 0; i < nrows; i++) {
        if (to == 0 || rows[i].day <= to) {
            rows[n++] = rows[i];
        }
    }
    *ret = rows;
    *ret_n = n;
    return RB_OK;
}
