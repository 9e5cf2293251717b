/*
 * req.h -- one HTTP request as handlers see it, and how they answer.
 *
 * server.c builds a struct rb_req per request (its memory lives in
 * req->arena and is released after the response is sent), resolves the
 * session for routes that need one, parses the JSON body, and calls the
 * route's handler.  A handler answers exactly once through rb_reply_*.
 */
#ifndef RB_HTTP_REQ_H
#define RB_HTTP_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/status.h"

struct MHD_Connection;

#define RB_MAX_PARAMS 4

struct rb_req {
    struct rb_app *app;
    struct MHD_Connection *conn;
    struct rb_arena arena; /* everything below lives here */
    const char *method;
    const char *path;
    const char *address; /* remote IP as text */
    char request_id[24];
    json_t *body; /* parsed object for POST/PATCH, or NULL */

    /* Path parameters of the matched route, e.g. {id}. */
    const char *param_names[RB_MAX_PARAMS];
    const char *param_values[RB_MAX_PARAMS];
    int nparams;

    /* Authentication (routes flagged RB_ROUTE_AUTH). */
    struct rb_actor actor;
    const char *token; /* the raw session token */
    bool via_cookie;
    bool secure_cookies; /* add "Secure" to cookies we set */

    /* The answer. */
    int status;
    json_t *reply;             /* owned; NULL for an empty body */
    const char *set_cookie[2]; /* extra Set-Cookie headers */
    long retry_after_s;
    const char *allow;        /* Allow header for 405 */
    const char *content_type; /* for non-JSON bodies */
    const char *raw_body;     /* non-JSON body (arena), with raw_len */
    size_t raw_len;
    const char *csp; /* Content-Security-Policy of a raw body, or NULL */
};

/* Answer 'status' with a JSON body (the reference is stolen). */
void rb_reply_json(struct rb_req *r, int status, json_t *body);

/*
 * Answer 'status' with a non-JSON body of 'len' bytes (it must live in
 * r->arena or be static; the server copies it) as 'content_type'.  Set
 * r->csp for a Content-Security-Policy header.
 */
void rb_reply_raw(struct rb_req *r, int status, const char *content_type,
    const char *body, size_t len);

/* Answer 204 No Content. */
void rb_reply_empty(struct rb_req *r);

/*
 * Answer an error: the HTTP status follows from err->status (respond.c),
 * the body is {"error":{"code","message","field"}}.
 */
void rb_reply_err(struct rb_req *r, const struct rb_err *err);

/* Answer 'out' with 'status' when 'rc' is RB_OK, else the error. */
void rb_reply_result(struct rb_req *r, int status, enum rb_status rc,
    json_t *out, const struct rb_err *err);

/*
 * A route answered by one use case of the path's {id} that returns JSON:
 * parse {id} (404 when it is not one), call 'fn', answer 'status' with its
 * JSON or its error.
 */
typedef enum rb_status (*rb_id_case)(
    struct rb_req *r, int64_t id, json_t **ret, struct rb_err *err);
void rb_reply_id_case(struct rb_req *r, int status, rb_id_case fn);

/* Answer an error built on the spot. */
void rb_reply_error(struct rb_req *r, enum rb_status st, const char *code,
    const char *field, const char *msg);

/* The HTTP status for a status code (the one table of the mapping). */
int rb_http_status(enum rb_status st);

/* A path parameter as a positive id; false (and a 404 sent) otherwise. */
bool rb_req_id(struct rb_req *r, const char *name, int64_t *ret);

/* A query-string value, or NULL. */
const char *rb_req_query(struct rb_req *r, const char *key);

/*
 * Refuse query keys not in 'allowed' (NULL-ended; NULL allows none) with
 * 400 unknown_field.  Returns false when it answered.  server.c calls it
 * with the route's list before any handler runs.
 */
bool rb_req_query_only(struct rb_req *r, const char *const *allowed);

/*
 * Check the JSON body against 'fields' (util/json.h); answers 400 and
 * returns false when it does not fit.
 */
bool rb_req_body(struct rb_req *r, const struct rb_jfield *fields);

#endif /* RB_HTTP_REQ_H */
