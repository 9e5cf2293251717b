/*
 * respond.c -- the one place that turns a status into an HTTP answer.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "http/req.h"
#include "util/str.h"

static const int http_of[RB__STATUS_MAX] = {
    [RB_OK] = 200,
    [RB_EINVAL] = 400,
    [RB_EUNAUTH] = 401,
    [RB_EFORBIDDEN] = 403,
    [RB_ENOTFOUND] = 404,
    [RB_ECONFLICT] = 409,
    [RB_ELIMIT] = 413,
    [RB_ETHROTTLED] = 429,
    [RB_EBACKEND] = 503,
    [RB_EINTERNAL] = 500,
};

int
rb_http_status(enum rb_status st)
{
    if ((unsigned)st >= RB__STATUS_MAX) {
        return 500;
    }
    return http_of[st];
}

void
rb_reply_json(struct rb_req *r, int status, json_t *body)
{
    json_decref(r->reply);
    r->status = status;
    r->reply = body;
    r->raw_body = NULL;
    r->raw_len = 0;
}

void
rb_reply_result(struct rb_req *r, int status, enum rb_status rc, json_t *out,
    const struct rb_err *err)
{
    if (rc != RB_OK) {
        rb_reply_err(r, err);
    } else {
        rb_reply_json(r, status, out);
    }
}

void
rb_reply_id_case(struct rb_req *r, int status, rb_id_case fn)
{
    struct rb_err err;
    json_t *out = NULL;
    enum rb_status rc;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    rc = fn(r, id, &out, &err);
    rb_reply_result(r, status, rc, out, &err);
}

void
rb_reply_raw(struct rb_req *r, int status, const char *content_type,
    const char *body, size_t len)
{
    json_decref(r->reply);
    r->reply = NULL;
    r->status = status;
    r->content_type = content_type;
    r->raw_body = body;
    r->raw_len = len;
}

void
rb_reply_empty(struct rb_req *r)
{
    json_decref(r->reply);
    r->status = 204;
    r->reply = NULL;
    r->raw_body = NULL;
    r->raw_len = 0;
}

void
rb_reply_error(struct rb_req *r, enum rb_status st, const char *code,
    const char *field, const char *msg)
{
    json_t *e = json_object();

    json_object_set_new(
        e, "code", json_string(code ? code : rb_status_code(st)));
    json_object_set_new(e, "message", json_string(msg));
    json_object_set_new(
        e, "field", field && *field ? json_string(field) : json_null());
    rb_reply_json(r, rb_http_status(st), json_pack("{s:o}", "error", e));
}

void
rb_reply_err(struct rb_req *r, const struct rb_err *err)
{
    /* Internal detail stays in the log; people get a plain sentence. */
    if (err->status == RB_EINTERNAL) {
        /* The detail is for the operator's log, not for the client. */
        fprintf(stderr, "rebound: internal error in request %s: %s\n",
            r->request_id, err->msg);
        rb_reply_error(r, RB_EINTERNAL, "internal", NULL,
            "something went wrong on the server; it has been logged");
        return;
    }
    if (err->status == RB_ETHROTTLED) {
        r->retry_after_s = err->retry_after_s;
    }
    rb_reply_error(r, err->status, rb_err_code(err), err->field, err->msg);
    if (err->rule[0] != '\0') {
        /* A scope refusal: {"code":"out_of_scope","rule","message",
         * "unblock","field"}. */
        json_t *e = json_object_get(r->reply, "error");

        json_object_set_new(e, "rule", json_string(err->rule));
        json_object_set_new(e, "unblock", json_string(err->unblock));
    }
    if (err->status == RB_ETHROTTLED && err->retry_after_s > 0) {
        json_object_set_new(json_object_get(r->reply, "error"), "retry_after",
            json_integer(err->retry_after_s));
    }
}

bool
rb_req_id(struct rb_req *r, const char *name, int64_t *ret)
{
    for (int i = 0; i < r->nparams; i++) {
        if (strcmp(r->param_names[i], name) == 0 &&
            rb_parse_i64(r->param_values[i], 1, INT64_MAX, ret)) {
            return true;
        }
    }
    rb_reply_error(r, RB_ENOTFOUND, "not_found", NULL, "no such record");
    return false;
}

const char *
rb_req_query(struct rb_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

struct query_check {
    const char *const *allowed;
    const char *bad;
};

static enum MHD_Result
check_key(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct query_check *qc = cls;

    (void)kind;
    (void)value;
    for (const char *const *a = qc->allowed; *a; a++) {
        if (strcmp(*a, key) == 0) {
            return MHD_YES;
        }
    }
    qc->bad = key;
    return MHD_NO;
}

bool
rb_req_query_only(struct rb_req *r, const char *const *allowed)
{
    static const char *const none[] = {NULL};
    struct query_check qc = {allowed ? allowed : none, NULL};

    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_key, &qc);
    if (qc.bad != NULL) {
        rb_reply_error(r, RB_EINVAL, "unknown_field", qc.bad,
            rb_arena_printf(
                &r->arena, "unknown query parameter '%.60s'", qc.bad));
        return false;
    }
    return true;
}

bool
rb_req_body(struct rb_req *r, const struct rb_jfield *fields)
{
    struct rb_err err;

    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
        return false;
    }
    if (rb_json_check(r->body, fields, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return false;
    }
    return true;
}
