/*
 * h_clients.c -- /api/clients: the practice's clients.  Every read of a
 * record is audited by the use case.
 */
#include "core/role.h"
#include "http/handlers.h"
#include "util/str.h"

/* One field table for create (names required) and change (all optional). */
/* clang-format off */
#define CLIENT_FIELDS(req)                                                     \
    {"first_name", RB_J_STRING, req, 1, 200},                                  \
    {"last_name", RB_J_STRING, req, 1, 200},                                   \
    {"birth_date", RB_J_DATE, false, 0, 0, NULL, true},                        \
    {"sex", RB_J_STRING, false, 0, 0, rb_sexes},                               \
    {"email", RB_J_STRING, false, 3, 254, NULL, true},                         \
    {"phone", RB_J_STRING, false, 1, 200, NULL, true},                         \
    {"practitioner_id", RB_J_INT, false, 1, INT64_MAX, NULL, true},            \
    {NULL}
/* clang-format on */

static const struct rb_jfield create_fields[] = {CLIENT_FIELDS(true)};
static const struct rb_jfield patch_fields[] = {CLIENT_FIELDS(false)};

void
rb_h_clients_list(struct rb_req *r)
{
    const char *limit_s = rb_req_query(r, "limit");
    const char *offset_s = rb_req_query(r, "offset");
    int64_t limit = 100, offset = 0;
    struct rb_client *list;
    size_t n;
    struct rb_err err;
    json_t *items;

    if (limit_s && !rb_parse_i64(limit_s, 1, 500, &limit)) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "limit",
            "limit must be a whole number from 1 to 500");
        return;
    }
    if (offset_s && !rb_parse_i64(offset_s, 0, INT32_MAX, &offset)) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "offset",
            "offset must be a whole number of 0 or more");
        return;
    }
    if (rb_app_client_list(r->app, &r->actor, limit, offset, &r->arena, &list,
            &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_client(&list[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "clients", items));
}

void
rb_h_clients_create(struct rb_req *r)
{
    struct rb_client in = {0}, out;
    struct rb_err err;

    if (!rb_req_body(r, create_fields)) {
        return;
    }
    in.first_name = rb_json_str(r->body, "first_name");
    in.last_name = rb_json_str(r->body, "last_name");
    in.birth_date = rb_json_str(r->body, "birth_date");
    in.sex = rb_json_str(r->body, "sex");
    in.email = rb_json_str(r->body, "email");
    in.phone = rb_json_str(r->body, "phone");
    in.practitioner_id = rb_json_int(r->body, "practitioner_id", 0);
    if (rb_app_client_create(r->app, &r->actor, &in, &r->arena, &out, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_client(&out));
}

void
rb_h_clients_get(struct rb_req *r)
{
    struct rb_client c;
    struct rb_intake in;
    struct rb_err err;
    int64_t id;
    json_t *j;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_client_get_full(
            r->app, &r->actor, 0, id, &r->arena, &c, &in, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    j = rb_render_client(&c);
    json_object_set_new(j, "intake", rb_render_intake(&in));
    rb_reply_json(r, 200, j);
}

void
rb_h_clients_patch(struct rb_req *r)
{
    struct rb_client_patch p = {0};
    struct rb_client c;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, patch_fields)) {
        return;
    }
    p.first_name = rb_json_str(r->body, "first_name");
    p.last_name = rb_json_str(r->body, "last_name");
    p.sex = rb_json_str(r->body, "sex");
    p.has_birth_date = rb_json_has(r->body, "birth_date");
    p.birth_date = rb_json_str(r->body, "birth_date");
    p.has_email = rb_json_has(r->body, "email");
    p.email = rb_json_str(r->body, "email");
    p.has_phone = rb_json_has(r->body, "phone");
    p.phone = rb_json_str(r->body, "phone");
    p.has_practitioner = rb_json_has(r->body, "practitioner_id");
    p.practitioner_id = rb_json_int(r->body, "practitioner_id", 0);
    if (rb_app_client_update(r->app, &r->actor, id, &p, &r->arena, &c, &err) !=
        RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_client(&c));
}
