/*
 * h_org.c -- GET /api/org, PATCH /api/org: the caller's own practice.
 */
#include "http/handlers.h"

void
rb_h_org_get(struct rb_req *r)
{
    struct rb_org org;
    struct rb_err err;

    if (rb_app_org_get(r->app, &r->actor, r->actor.user.org_id, &r->arena, &org,
            &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, rb_render_org(&org));
}

static const struct rb_jfield patch_fields[] = {
    {"name", RB_J_STRING, true, 1, 200},
    {NULL},
};

void
rb_h_org_patch(struct rb_req *r)
{
    struct rb_err err;

    if (!rb_req_body(r, patch_fields)) {
        return;
    }
    if (rb_app_org_rename(
            r->app, &r->actor, rb_json_str(r->body, "name"), &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_h_org_get(r);
}
