/*
 * h_intake.c -- a client's intake, consent, injuries, clearances,
 * screenings and cases, and the scope-of-practice gate:
 *   PUT  /api/clients/{id}/intake
 *   POST /api/consents                GET  /api/consents/current
 *   GET  /api/clients/{id}/consent     (has the client signed?)
 *   POST /api/clients/{id}/consent
 *   GET|POST /api/clients/{id}/injuries     PATCH /api/injuries/{id}
 *   GET|POST /api/clients/{id}/clearances
 *   GET|POST /api/clients/{id}/screenings
 *   POST /api/clients/{id}/scope-check
 *   GET|POST /api/clients/{id}/cases
 * Validation and the rules live in app/intake.c and app/scope.c; this file
 * parses and renders.
 */
#include <string.h>

#include "http/handlers.h"
#include "util/str.h"

static json_t *
day_json(int64_t day)
{
    char text[11];

    if (day == 0) {
        return json_null();
    }
    rb_date_format(day, text);
    return json_string(text);
}

static json_t *
id_json(int64_t id)
{
    return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *
str_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Stored JSON text back to JSON ('fallback' when absent or unreadable). */
static json_t *
text_json(const char *text, json_t *fallback)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;

    if (v == NULL) {
        return fallback;
    }
    json_decref(fallback);
    return v;
}

json_t *
rb_render_intake(const struct rb_intake *in)
{
    json_t *o = json_object();

    json_object_set_new(o, "height_cm",
        in->has_height ? json_real(in->height_cm) : json_null());
    json_object_set_new(o, "weight_kg",
        in->has_weight ? json_real(in->weight_kg) : json_null());
    json_object_set_new(o, "occupation", str_json(in->occupation));
    json_object_set_new(o, "sitting_hours_per_day",
        in->has_sitting ? json_real(in->sitting_hours) : json_null());
    json_object_set_new(o, "activity_history", str_json(in->activity_history));
    json_object_set_new(o, "goals", text_json(in->goals, json_null()));
    json_object_set_new(o, "availability_days",
        in->has_days ? json_integer(in->availability_days) : json_null());
    json_object_set_new(o, "availability_minutes",
        in->has_minutes ? json_integer(in->availability_minutes) : json_null());
    json_object_set_new(o, "equipment", text_json(in->equipment, json_null()));
    json_object_set_new(o, "experience", str_json(in->experience));
    json_object_set_new(o, "updated_at",
        in->updated_ms ? rb_render_time(in->updated_ms) : json_null());
    return o;
}

json_t *
rb_render_consent(const struct rb_consent_version *v)
{
    return json_pack("{s:I, s:s, s:o, s:o}", "version", (json_int_t)v->version,
        "body", v->body ? v->body : "", "created_by", id_json(v->created_by),
        "created_at", rb_render_time(v->created_ms));
}

json_t *
rb_render_signature(const struct rb_consent_signature *s)
{
    return json_pack("{s:I, s:I, s:I, s:o, s:s, s:o}", "id", (json_int_t)s->id,
        "client_id", (json_int_t)s->client_id, "version",
        (json_int_t)s->version, "signed_by_user", id_json(s->signed_by_user),
        "signer_name", s->signer_name ? s->signer_name : "", "signed_at",
        rb_render_time(s->signed_ms));
}

json_t *
rb_render_injury(const struct rb_injury_row *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    json_object_set_new(o, "client_id", json_integer((json_int_t)r->client_id));
    json_object_set_new(o, "region", str_json(r->region));
    json_object_set_new(o, "side", str_json(r->side));
    json_object_set_new(o, "kind", str_json(r->kind));
    json_object_set_new(o, "surgery", str_json(r->surgery));
    json_object_set_new(o, "onset_on", day_json(r->onset_day));
    json_object_set_new(o, "surgery_on", day_json(r->surgery_day));
    json_object_set_new(o, "recurrences", json_integer(r->recurrences));
    json_object_set_new(o, "status", str_json(r->status));
    json_object_set_new(
        o, "restrictions", text_json(r->restrictions, json_array()));
    json_object_set_new(o, "notes", str_json(r->notes));
    json_object_set_new(o, "created_by", id_json(r->created_by));
    json_object_set_new(o, "created_at", rb_render_time(r->created_ms));
    json_object_set_new(o, "updated_at", rb_render_time(r->updated_ms));
    return o;
}

json_t *
rb_render_clearance(const struct rb_clearance_row *r)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)r->id, "client_id", (json_int_t)r->client_id, "provider",
        r->provider ? r->provider : "", "provider_credential",
        r->provider_credential ? r->provider_credential : "", "cleared_on",
        day_json(r->cleared_day), "expires_on", day_json(r->expires_day),
        "restrictions", text_json(r->restrictions, json_array()), "created_by",
        id_json(r->created_by), "created_at", rb_render_time(r->created_ms));
}

json_t *
rb_render_screening(const struct rb_screening_row *r)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)r->id, "client_id", (json_int_t)r->client_id, "outcome",
        r->outcome ? r->outcome : "", "result",
        text_json(r->result, json_object()), "answers",
        text_json(r->answers, json_object()), "screened_by",
        id_json(r->screened_by), "created_at", rb_render_time(r->created_ms));
}

json_t *
rb_render_case(const struct rb_case_row *r)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o, s:o}", "id",
        (json_int_t)r->id, "client_id", (json_int_t)r->client_id, "injury_id",
        (json_int_t)r->injury_id, "protocol_id",
        r->protocol_id ? r->protocol_id : "", "phase_id",
        r->phase_id ? r->phase_id : "", "status", r->status ? r->status : "",
        "opened_by", id_json(r->opened_by), "opened_at",
        rb_render_time(r->opened_ms));
}

/* A request that needs a JSON object body: false after answering 400. */
static bool
need_body(struct rb_req *r)
{
    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
        return false;
    }
    return true;
}

/* ---- intake and consent ------------------------------------------------- */

void
rb_h_intake_put(struct rb_req *r)
{
    struct rb_intake in;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_app_intake_put(
            r->app, &r->actor, 0, id, r->body, &r->arena, &in, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_intake(&in));
}

static const struct rb_jfield consent_fields[] = {
    {"body", RB_J_STRING, true, 1, 100000},
    {NULL},
};

void
rb_h_consents_create(struct rb_req *r)
{
    struct rb_consent_version v;
    struct rb_err err;

    if (!rb_req_body(r, consent_fields)) {
        return;
    }
    if (rb_app_consent_create(r->app, &r->actor, 0,
            rb_json_str(r->body, "body"), &r->arena, &v, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_consent(&v));
}

void
rb_h_consents_current(struct rb_req *r)
{
    struct rb_consent_version v;
    struct rb_err err;

    if (rb_app_consent_current(r->app, &r->actor, 0, &r->arena, &v, &err) !=
        RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_consent(&v));
}

static const struct rb_jfield sign_fields[] = {
    {"version", RB_J_INT, true, 1, INT32_MAX},
    {"signer_name", RB_J_STRING, true, 1, 200},
    {NULL},
};

void
rb_h_consent_status(struct rb_req *r)
{
    struct rb_err err;
    int64_t id, version;
    bool signed_;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_consent_status(r->app, &r->actor, 0, id, &r->arena, &version,
            &signed_, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200,
        json_pack("{s:o, s:b}", "current_version",
            version ? json_integer(version) : json_null(), "signed", signed_));
}

void
rb_h_consent_sign(struct rb_req *r)
{
    struct rb_consent_signature sig;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, sign_fields)) {
        return;
    }
    if (rb_app_consent_sign(r->app, &r->actor, 0, id,
            rb_json_int(r->body, "version", 0),
            rb_json_str(r->body, "signer_name"), &r->arena, &sig,
            &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_signature(&sig));
}

/* ---- injuries ----------------------------------------------------------- */

/*
 * Injuries, clearances and screenings are recorded and listed the same
 * way: one row of use cases each (add -> the record's JSON, list -> a JSON
 * array), shared with the command line (cli/cmd_history.c).
 */
#define HISTORY_ADAPTERS(kind)                                                 \
    static enum rb_status kind##_add(struct rb_app *app,                       \
        const struct rb_actor *who, int64_t id, const json_t *body,            \
        struct rb_arena *a, json_t **ret, struct rb_err *err)                  \
    {                                                                          \
        struct rb_##kind##_row row;                                            \
        enum rb_status rc =                                                    \
            rb_app_##kind##_create(app, who, id, body, a, &row, err);          \
        if (rc == RB_OK) {                                                     \
            *ret = rb_render_##kind(&row);                                     \
        }                                                                      \
        return rc;                                                             \
    }                                                                          \
    static enum rb_status kind##_list(struct rb_app *app,                      \
        const struct rb_actor *who, int64_t org, int64_t id,                   \
        struct rb_arena *a, json_t **ret, struct rb_err *err)                  \
    {                                                                          \
        struct rb_##kind##_row *rows;                                          \
        size_t n;                                                              \
        enum rb_status rc =                                                    \
            rb_app_##kind##_list(app, who, org, id, a, &rows, &n, err);        \
        if (rc == RB_OK) {                                                     \
            *ret = json_array();                                               \
            for (size_t i = 0; i < n; i++) {                                   \
                json_array_append_new(*ret, rb_render_##kind(&rows[i]));       \
            }                                                                  \
        }                                                                      \
        return rc;                                                             \
    }

HISTORY_ADAPTERS(injury)
HISTORY_ADAPTERS(clearance)
HISTORY_ADAPTERS(screening)

const struct rb_history_kind rb_history_kinds[RB__HISTORY_MAX] = {
    [RB_HISTORY_INJURY] = {"injury", "injuries", injury_add, injury_list},
    [RB_HISTORY_CLEARANCE] = {"clearance", "clearances", clearance_add,
        clearance_list},
    [RB_HISTORY_SCREENING] = {"screening", "screenings", screening_add,
        screening_list},
};

static void
history_create(struct rb_req *r, enum rb_history k)
{
    struct rb_err err;
    json_t *out;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_history_kinds[k].add(
            r->app, &r->actor, id, r->body, &r->arena, &out, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, out);
}

static void
history_list(struct rb_req *r, enum rb_history k)
{
    struct rb_err err;
    json_t *items;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_history_kinds[k].list(
            r->app, &r->actor, 0, id, &r->arena, &items, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(
        r, 200, json_pack("{s:o}", rb_history_kinds[k].plural, items));
}

void
rb_h_injuries_create(struct rb_req *r)
{
    history_create(r, RB_HISTORY_INJURY);
}

void
rb_h_injuries_list(struct rb_req *r)
{
    history_list(r, RB_HISTORY_INJURY);
}

void
rb_h_clearances_create(struct rb_req *r)
{
    history_create(r, RB_HISTORY_CLEARANCE);
}

void
rb_h_clearances_list(struct rb_req *r)
{
    history_list(r, RB_HISTORY_CLEARANCE);
}

void
rb_h_screenings_create(struct rb_req *r)
{
    history_create(r, RB_HISTORY_SCREENING);
}

void
rb_h_screenings_list(struct rb_req *r)
{
    history_list(r, RB_HISTORY_SCREENING);
}

void
rb_h_injuries_patch(struct rb_req *r)
{
    struct rb_injury_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_app_injury_update(
            r->app, &r->actor, id, r->body, &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_injury(&row));
}

/* ---- scope and cases ---------------------------------------------------- */

static const struct rb_jfield scope_fields[] = {
    {"action", RB_J_STRING, true, 1, 40},
    {NULL},
};

void
rb_h_scope_check(struct rb_req *r)
{
    struct rb_scope_grant g;
    struct rb_err err;
    int64_t id;
    json_t *list;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, scope_fields)) {
        return;
    }
    if (rb_app_scope_check(r->app, &r->actor, id,
            rb_json_str(r->body, "action"), &r->arena, &g, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    list = json_array();
    for (size_t i = 0; i < g.nrestrictions; i++) {
        json_array_append_new(list, json_string(g.restrictions[i]));
    }
    rb_reply_json(r, 200,
        json_pack("{s:b, s:s, s:o, s:o}", "allowed", 1, "action", g.action,
            "restrictions", list, "clearance",
            g.has_clearance ? rb_render_clearance(&g.clearance) : json_null()));
}

static const struct rb_jfield case_fields[] = {
    {"injury_id", RB_J_INT, true, 1, INT64_MAX},
    {"protocol", RB_J_STRING, true, 1, 100},
    {NULL},
};

void
rb_h_cases_create(struct rb_req *r)
{
    struct rb_case_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, case_fields)) {
        return;
    }
    if (rb_app_case_open(r->app, &r->actor, id,
            rb_json_int(r->body, "injury_id", 0),
            rb_json_str(r->body, "protocol"), &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_case(&row));
}

void
rb_h_cases_list(struct rb_req *r)
{
    struct rb_case_row *rows;
    struct rb_err err;
    size_t n;
    int64_t id;
    json_t *items;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_case_list(r->app, &r->actor, id, &r->arena, &rows, &n, &err) !=
        RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_case(&rows[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "cases", items));
}
