/*
 * h_assess.c -- assessments, trends and phase gates:
 *   GET|POST /api/clients/{id}/assessments
 *   GET /api/clients/{id}/assessments/compare?from=ID&to=ID
 *   GET /api/assessments/{id}
 *   GET /api/clients/{id}/trend?measure=ID
 *   GET /api/clients/{id}/gate
 *   POST /api/clients/{id}/case/advance
 *   GET /api/attention?practitioner=ID
 * The use cases (app/assess.c) build the JSON; this file parses and replies.
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "util/str.h"

static enum rb_status
record(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_assessment_record(
        r->app, &r->actor, id, r->body, &r->arena, ret, err);
}

void
rb_h_assessments_create(struct rb_req *r)
{
    rb_reply_id_case(r, 201, record);
}

void
rb_h_assessments_list(struct rb_req *r)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    rc =
        rb_app_assessment_list(r->app, &r->actor, 0, id, &r->arena, &out, &err);
    rb_reply_result(
        r, 200, rc, rc ? NULL : json_pack("{s:o}", "assessments", out), &err);
}

static enum rb_status
get_assessment(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_assessment_get(r->app, &r->actor, 0, id, &r->arena, ret, err);
}

void
rb_h_assessments_get(struct rb_req *r)
{
    rb_reply_id_case(r, 200, get_assessment);
}

/* A required positive id in the query string; false when it answered. */
static bool
query_id(struct rb_req *r, const char *key, int64_t *ret)
{
    const char *v = rb_req_query(r, key);
    char msg[80];

    if (v != NULL && rb_parse_i64(v, 1, INT64_MAX, ret)) {
        return true;
    }
    snprintf(msg, sizeof(msg), "%s must be an assessment id", key);
    rb_reply_error(
        r, RB_EINVAL, v ? "invalid_value" : "missing_field", key, msg);
    return false;
}

void
rb_h_assessments_compare(struct rb_req *r)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id, from, to;

    if (!rb_req_id(r, "id", &id) || !query_id(r, "from", &from) ||
        !query_id(r, "to", &to)) {
        return;
    }
    rc = rb_app_assessment_compare(
        r->app, &r->actor, 0, id, from, to, &r->arena, &out, &err);
    rb_reply_result(r, 200, rc, out, &err);
}

void
rb_h_trend(struct rb_req *r)
{
    const char *measure = rb_req_query(r, "measure");
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (measure == NULL || measure[0] == '\0') {
        rb_reply_error(r, RB_EINVAL, "missing_field", "measure",
            "measure is required (a data/measures.json id)");
        return;
    }
    rc = rb_app_measure_trend(
        r->app, &r->actor, 0, id, measure, &r->arena, &out, &err);
    rb_reply_result(r, 200, rc, out, &err);
}

static enum rb_status
gate(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_gate(r->app, &r->actor, 0, id, &r->arena, ret, err);
}

void
rb_h_gate(struct rb_req *r)
{
    rb_reply_id_case(r, 200, gate);
}

void
rb_h_attention(struct rb_req *r)
{
    const char *who = rb_req_query(r, "practitioner");
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t practitioner = 0;

    if (who != NULL && !rb_parse_i64(who, 1, INT64_MAX, &practitioner)) {
        rb_reply_error(r, RB_EINVAL, "invalid_value", "practitioner",
            "practitioner must be a staff member's user id");
        return;
    }
    rc = rb_app_attention(
        r->app, &r->actor, 0, practitioner, &r->arena, &out, &err);
    rb_reply_result(r, 200, rc, out, &err);
}

static enum rb_status
advance(struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err)
{
    return rb_app_case_advance(
        r->app, &r->actor, id, r->body, &r->arena, ret, err);
}

void
rb_h_case_advance(struct rb_req *r)
{
    rb_reply_id_case(r, 200, advance);
}
