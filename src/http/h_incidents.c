/*
 * h_incidents.c -- incident reports:
 *   GET|POST /api/incidents          GET|PATCH /api/incidents/{id}
 *   POST /api/incidents/{id}/sign    POST /api/incidents/{id}/amendments
 * The rules (who sees and edits what, signing, amendments) live in
 * app/incidents.c; this file parses and renders.
 */
#include <string.h>

#include "http/handlers.h"

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

json_t *
rb_render_incident(const struct rb_incident_row *r)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    json_object_set_new(o, "client_id", id_json(r->client_id));
    json_object_set_new(o, "occurred_at", str_json(r->occurred_at));
    json_object_set_new(o, "location", str_json(r->location));
    json_object_set_new(o, "description", str_json(r->description));
    json_object_set_new(o, "actions_taken", str_json(r->actions_taken));
    json_object_set_new(o, "referral", str_json(r->referral));
    json_object_set_new(o, "reported_by", id_json(r->reported_by));
    json_object_set_new(o, "created_at", rb_render_time(r->created_ms));
    json_object_set_new(o, "updated_at", rb_render_time(r->updated_ms));
    json_object_set_new(o, "signed", json_boolean(r->signed_ms != 0));
    json_object_set_new(o, "signed_by", id_json(r->signed_by));
    json_object_set_new(o, "signed_at",
        r->signed_ms ? rb_render_time(r->signed_ms) : json_null());
    return o;
}

json_t *
rb_render_amendment(const struct rb_incident_amendment *m)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:o}", "id", (json_int_t)m->id,
        "incident_id", (json_int_t)m->incident_id, "text",
        m->text ? m->text : "", "added_by", id_json(m->added_by), "added_at",
        rb_render_time(m->added_ms));
}

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

void
rb_h_incidents_create(struct rb_req *r)
{
    struct rb_incident_row row;
    struct rb_err err;

    if (!need_body(r)) {
        return;
    }
    if (rb_app_incident_create(
            r->app, &r->actor, r->body, &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_incident(&row));
}

void
rb_h_incidents_list(struct rb_req *r)
{
    struct rb_incident_row *rows;
    struct rb_err err;
    size_t n;
    json_t *items;

    if (rb_app_incident_list(
            r->app, &r->actor, 0, &r->arena, &rows, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_incident(&rows[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "incidents", items));
}

void
rb_h_incidents_get(struct rb_req *r)
{
    struct rb_incident_row row;
    struct rb_incident_amendment *am;
    struct rb_err err;
    size_t n;
    int64_t id;
    json_t *o, *items;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_incident_get(r->app, &r->actor, 0, id, &r->arena, &row, &am, &n,
            &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_amendment(&am[i]));
    }
    o = rb_render_incident(&row);
    json_object_set_new(o, "amendments", items);
    rb_reply_json(r, 200, o);
}

void
rb_h_incidents_patch(struct rb_req *r)
{
    struct rb_incident_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_app_incident_update(
            r->app, &r->actor, id, r->body, &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_incident(&row));
}

static const struct rb_jfield no_fields[] = {
    {NULL},
};

void
rb_h_incidents_sign(struct rb_req *r)
{
    struct rb_incident_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) ||
        (r->body != NULL && !rb_req_body(r, no_fields))) {
        return;
    }
    if (rb_app_incident_sign(r->app, &r->actor, 0, id, &r->arena, &row, &err) !=
        RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_incident(&row));
}

static const struct rb_jfield amend_fields[] = {
    {"text", RB_J_STRING, true, 1, 10000},
    {NULL},
};

void
rb_h_incidents_amend(struct rb_req *r)
{
    struct rb_incident_amendment am;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, amend_fields)) {
        return;
    }
    if (rb_app_incident_amend(r->app, &r->actor, id,
            rb_json_str(r->body, "text"), &r->arena, &am, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_amendment(&am));
}
