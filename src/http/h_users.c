/*
 * h_users.c -- /api/users: the practice's accounts; owners and admins
 * invite staff, staff invite clients.
 */
#include "http/handlers.h"

static const char *const invitable_roles[] = {
    "admin", "practitioner", "client", NULL};

static const struct rb_jfield create_fields[] = {
    {"email", RB_J_STRING, true, 3, 254},
    {"name", RB_J_STRING, true, 1, 200},
    {"role", RB_J_STRING, true, 0, 0, invitable_roles},
    {"client_id", RB_J_INT, false, 1, INT64_MAX},
    {NULL},
};

void
rb_h_users_list(struct rb_req *r)
{
    struct rb_user *users;
    size_t n;
    struct rb_err err;
    json_t *items;

    if (rb_app_user_list(r->app, &r->actor, 0, &r->arena, &users, &n, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_user(&users[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "users", items));
}

void
rb_h_users_create(struct rb_req *r)
{
    struct rb_new_user in = {0};
    struct rb_user u;
    const char *invite = NULL;
    struct rb_err err;

    if (!rb_req_body(r, create_fields)) {
        return;
    }
    in.email = rb_json_str(r->body, "email");
    in.name = rb_json_str(r->body, "name");
    in.role = rb_role_parse(rb_json_str(r->body, "role"));
    in.client_id = rb_json_int(r->body, "client_id", 0);
    if (rb_app_user_create(
            r->app, &r->actor, &in, &r->arena, &u, &invite, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201,
        json_pack("{s:o, s:s, s:s}", "user", rb_render_user(&u), "invite_token",
            invite, "invite_url",
            rb_arena_printf(&r->arena, "/#/invite/%s", invite)));
}

void
rb_h_users_get(struct rb_req *r)
{
    struct rb_user u;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_user_get(r->app, &r->actor, id, &r->arena, &u, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_user(&u));
}

static const struct rb_jfield patch_fields[] = {
    {"disabled", RB_J_BOOL, true},
    {NULL},
};

void
rb_h_users_patch(struct rb_req *r)
{
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, patch_fields)) {
        return;
    }
    if (rb_app_user_set_disabled(r->app, &r->actor, id,
            rb_json_bool(r->body, "disabled", false), &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_h_users_get(r);
}
