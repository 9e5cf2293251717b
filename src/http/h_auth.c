/*
 * h_auth.c -- POST /api/login, POST /api/logout, GET /api/me,
 * POST /api/invites/accept.
 */
#include <string.h>

#include "http/handlers.h"
#include "util/clock.h"

static const struct rb_jfield login_fields[] = {
    {"email", RB_J_STRING, true, 1, 254},
    {"password", RB_J_STRING, true, 1, 1024},
    {NULL},
};

/*
 * The session cookie is HttpOnly (page scripts cannot read it) and
 * SameSite=Strict (other sites' pages do not send it).  The CSRF cookie is
 * readable on purpose: our page echoes it in X-CSRF-Token.
 */
static void
set_cookies(struct rb_req *r, const char *token, const char *csrf, long max_age)
{
    const char *secure = r->secure_cookies ? "; Secure" : "";

    r->set_cookie[0] = rb_arena_printf(&r->arena,
        "rb_session=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
        token, max_age, secure);
    r->set_cookie[1] = rb_arena_printf(&r->arena,
        "rb_csrf=%s; Path=/; Max-Age=%ld; SameSite=Strict%s", csrf, max_age,
        secure);
}

void
rb_h_auth_login(struct rb_req *r)
{
    struct rb_login login;
    struct rb_err err;

    if (!rb_req_body(r, login_fields)) {
        return;
    }
    if (rb_app_login(r->app, rb_json_str(r->body, "email"),
            rb_json_str(r->body, "password"), r->address, r->request_id,
            &r->arena, &login, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    r->actor.user = login.user;
    set_cookies(r, login.token, login.csrf_token,
        (long)((login.expires_ms - rb_clock_now_ms()) / 1000));
    rb_reply_json(r, 200,
        json_pack("{s:s, s:s, s:o, s:o, s:o}", "token", login.token,
            "csrf_token", login.csrf_token, "expires_at",
            rb_render_time(login.expires_ms), "user",
            rb_render_user(&login.user), "org", rb_render_org(&login.org)));
}

void
rb_h_auth_logout(struct rb_req *r)
{
    struct rb_err err;

    if (rb_app_logout(r->app, &r->actor, r->token, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    set_cookies(r, "", "", 0); /* expire both, with the same attributes */
    rb_reply_empty(r);
}

void
rb_h_auth_me(struct rb_req *r)
{
    /* The session lookup already read the practice: one query in all. */
    rb_reply_json(r, 200,
        json_pack("{s:o, s:o}", "user", rb_render_user(&r->actor.user), "org",
            rb_render_org(&r->actor.org)));
}

static const struct rb_jfield accept_fields[] = {
    {"token", RB_J_STRING, true, 1, 128},
    {"password", RB_J_STRING, true, 1, 1024},
    {NULL},
};

void
rb_h_auth_accept_invite(struct rb_req *r)
{
    struct rb_user u;
    struct rb_err err;

    if (!rb_req_body(r, accept_fields)) {
        return;
    }
    if (rb_app_invite_accept(r->app, rb_json_str(r->body, "token"),
            rb_json_str(r->body, "password"), r->address, r->request_id,
            &r->arena, &u, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "user", rb_render_user(&u)));
}
