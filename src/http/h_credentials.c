/*
 * h_credentials.c -- practitioners' credentials and the practice's
 * compliance report:
 *   GET  /api/users/{id}/credentials    POST /api/users/{id}/credentials
 *   POST /api/credentials/{id}/verify   GET  /api/compliance
 * What a credential allows is decided by core/scope.c; this file only
 * renders it.
 */
#include <string.h>

#include "core/scope.h"
#include "http/handlers.h"
#include "util/clock.h"
#include "util/str.h"

#define MAX_STAFF_CREDENTIALS RB_SCOPE_MAX_CREDENTIALS

static int64_t
today(void)
{
    return rb_clock_now_ms() / 86400000;
}

void
rb_h_credentials_list(struct rb_req *r)
{
    struct rb_credential_row *rows;
    size_t n;
    struct rb_err err;
    int64_t uid;
    json_t *items;

    if (!rb_req_id(r, "id", &uid)) {
        return;
    }
    if (rb_app_credential_list(
            r->app, &r->actor, 0, uid, &r->arena, &rows, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(
            items, rb_app_credential_json(r->app, &rows[i], today()));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "credentials", items));
}

static const struct rb_jfield add_fields[] = {
    {"kind", RB_J_STRING, true, 1, 60},
    {"issuer", RB_J_STRING, true, 1, 120},
    {"number", RB_J_STRING, true, 1, 120},
    {"issued_on", RB_J_DATE, true},
    {"expires_on", RB_J_DATE, true},
    {"cpr_expires_on", RB_J_DATE, false, 0, 0, NULL, true},
    {"ce_earned", RB_J_NUMBER, false, 0, 1000},
    {"ce_required", RB_J_NUMBER, false, 0, 1000},
    {NULL},
};

static int64_t
body_day(struct rb_req *r, const char *key)
{
    int64_t day = 0;

    if (rb_json_str(r->body, key) != NULL) {
        rb_date_parse(rb_json_str(r->body, key), &day);
    }
    return day;
}

static double
body_num(struct rb_req *r, const char *key)
{
    json_t *v = json_object_get(r->body, key);

    return json_is_number(v) ? json_number_value(v) : 0;
}

void
rb_h_credentials_add(struct rb_req *r)
{
    struct rb_credential in = {0};
    struct rb_credential_row row;
    struct rb_err err;
    int64_t uid;

    if (!rb_req_id(r, "id", &uid) || !rb_req_body(r, add_fields)) {
        return;
    }
    in.kind = rb_json_str(r->body, "kind");
    in.issuer = rb_json_str(r->body, "issuer");
    in.number = rb_json_str(r->body, "number");
    in.issued_day = body_day(r, "issued_on");
    in.expires_day = body_day(r, "expires_on");
    in.cpr_expires_day = body_day(r, "cpr_expires_on");
    in.ce_earned = body_num(r, "ce_earned");
    in.ce_required = body_num(r, "ce_required");
    if (rb_app_credential_add(
            r->app, &r->actor, 0, uid, &in, &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_app_credential_json(r->app, &row, today()));
}

static const struct rb_jfield verify_fields[] = {
    {"note", RB_J_STRING, true, 1, 500},
    {NULL},
};

void
rb_h_credentials_verify(struct rb_req *r)
{
    struct rb_credential_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, verify_fields)) {
        return;
    }
    if (rb_app_credential_verify(r->app, &r->actor, 0, id, today(),
            rb_json_str(r->body, "note"), &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_app_credential_json(r->app, &row, today()));
}

void
rb_h_compliance(struct rb_req *r)
{
    struct rb_err err;
    json_t *doc;

    if (rb_app_compliance(r->app, &r->actor, 0, today(), &doc, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, doc);
}
