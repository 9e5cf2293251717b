/*
 * h_programs.c -- a client's program and its versions:
 *   POST /api/clients/{id}/program            generate (and save) one
 *   GET  /api/clients/{id}/program?version=N  the current or one version
 *   GET  /api/clients/{id}/program/versions
 *   POST /api/clients/{id}/program/edits      swap, dose, remove + reasons
 *   GET  /api/clients/{id}/program/diff?from=N&to=M
 *   GET  /api/clients/{id}/program/alternatives?exercise=ID
 *   GET  /api/clients/{id}/recommendations?status=pending
 *   POST /api/recommendations/{id}/decision   accept or decline
 * The use cases (app/programs.c) build the JSON; this file parses and
 * replies.
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "util/str.h"

/* An optional positive version number in the query; false if answered. */
static bool
query_version(struct rb_req *r, const char *key, bool required, int64_t *ret)
{
    const char *v = rb_req_query(r, key);
    char msg[80];

    *ret = 0;
    if (v == NULL && !required) {
        return true;
    }
    if (v != NULL && rb_parse_i64(v, 1, INT64_MAX, ret)) {
        return true;
    }
    snprintf(msg, sizeof(msg), "%s must be a program version number", key);
    rb_reply_error(
        r, RB_EINVAL, v ? "invalid_value" : "missing_field", key, msg);
    return false;
}

void
rb_h_program_generate(struct rb_req *r)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    rc = rb_app_program_generate(
        r->app, &r->actor, id, r->body, &r->arena, &out, &err);
    rb_reply_result(r,
        rc == RB_OK && json_is_null(json_object_get(out, "version")) ? 200
                                                                     : 201,
        rc, out, &err);
}

void
rb_h_program_get(struct rb_req *r)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id, version;

    if (!rb_req_id(r, "id", &id) ||
        !query_version(r, "version", false, &version)) {
        return;
    }
    rc = rb_app_program_get(
        r->app, &r->actor, 0, id, version, &r->arena, &out, &err);
    rb_reply_result(r, 200, rc, out, &err);
}

static enum rb_status
versions(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_program_versions(
        r->app, &r->actor, 0, id, &r->arena, ret, err);
}

void
rb_h_program_versions(struct rb_req *r)
{
    rb_reply_id_case(r, 200, versions);
}

static enum rb_status
edit(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_program_edit(
        r->app, &r->actor, id, r->body, &r->arena, ret, err);
}

void
rb_h_program_edit(struct rb_req *r)
{
    rb_reply_id_case(r, 201, edit);
}

void
rb_h_program_diff(struct rb_req *r)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id, from, to;

    if (!rb_req_id(r, "id", &id) || !query_version(r, "from", true, &from) ||
        !query_version(r, "to", true, &to)) {
        return;
    }
    rc = rb_app_program_diff(
        r->app, &r->actor, 0, id, from, to, &r->arena, &out, &err);
    rb_reply_result(r, 200, rc, out, &err);
}

static enum rb_status
recommendations(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_recommendation_list(r->app, &r->actor, 0, id,
        rb_req_query(r, "status"), &r->arena, ret, err);
}

void
rb_h_recommendations_list(struct rb_req *r)
{
    rb_reply_id_case(r, 200, recommendations);
}

static enum rb_status
decide(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_recommendation_decide(
        r->app, &r->actor, id, r->body, &r->arena, ret, err);
}

void
rb_h_recommendation_decide(struct rb_req *r)
{
    rb_reply_id_case(r, 200, decide);
}

static enum rb_status
alternatives(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_program_alternatives(r->app, &r->actor, 0, id,
        rb_req_query(r, "exercise"), &r->arena, ret, err);
}

void
rb_h_program_alternatives(struct rb_req *r)
{
    rb_reply_id_case(r, 200, alternatives);
}
