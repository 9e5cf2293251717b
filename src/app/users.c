/*
 * users.c -- staff and client accounts: invite, accept, list, disable.
 */
#include <sodium.h>
#include <string.h>

#include "app/app_int.h"
#include "core/validate.h"
#include "util/clock.h"

/* The practice a request acts on: one's own, or the CLI's choice. */
static int64_t
org_of(const struct rb_actor *who, int64_t asked)
{
    return who->system ? asked : who->user.org_id;
}

/* For a client account: link it to its client record in the same tx. */
static enum rb_status
link_client(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t user_id, struct rb_arena *a, struct rb_err *err)
{
    struct rb_client c;
    enum rb_status rc;

    rc = rb_store_client_get(s, org_id, client_id, a, &c, err);
    if (rc == RB_ENOTFOUND) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "client_id",
            "no client %lld in this practice", (long long)client_id);
    }
    if (rc != RB_OK) {
        return rc;
    }
    if (c.user_id != 0) {
        return rb_fail_field(err, RB_ECONFLICT, "client_has_account",
            "client_id", "that client already has a portal account");
    }
    c.user_id = user_id;
    c.updated_ms = rb_clock_now_ms();
    return rb_store_client_update(s, &c, err);
}

enum rb_status
rb_app_user_create(struct rb_app *app, const struct rb_actor *who,
    const struct rb_new_user *in, struct rb_arena *a, struct rb_user *ret,
    const char **ret_invite, struct rb_err *err)
{
    struct rb_user u = {0};
    struct rb_user_secret sec = {0};
    char hash[128], token[64], token_hash[65];
    enum rb_cap cap = rb_role_invite_cap(in->role);
    struct tx tx;
    enum rb_status rc;

    if (cap == RB__CAP_MAX) {
        /* Owners are made with their practice (rb_app_org_create). */
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "role",
            "role must be admin, practitioner or client");
    }
    if (!who->system && (rc = app_require(who, cap, err)) != RB_OK) {
        return rc;
    }
    if (!rb_valid_email(in->email)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "email",
            "email must be a valid e-mail address");
    }
    if (!rb_valid_name(in->name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "name",
            "name must be 1 to 200 characters without control characters");
    }
    if (in->client_id != 0 && in->role != RB_ROLE_CLIENT) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "client_id",
            "client_id goes only with role client");
    }
    if (in->password != NULL) {
        if ((rc = rb_check_password(in->password, err)) ||
            (rc = app_hash_password(app, in->password, hash, err))) {
            return rc;
        }
        sec.password_hash = hash;
    } else {
        app_new_token(token);
        app_token_hash(token, token_hash);
        sec.invite_hash = token_hash;
        sec.invite_expires_ms = rb_clock_now_ms() + app->cfg.invite_ttl_ms;
    }
    u.org_id = org_of(who, in->org_id);
    u.email = app_email(a, in->email);
    u.name = rb_arena_strdup(a, in->name);
    u.role = in->role;
    u.active = in->password != NULL;
    u.created_ms = rb_clock_now_ms();
    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    struct rb_org org;
    if (rb_store_org_get(tx.s, u.org_id, a, &org, NULL) != RB_OK) {
        tx_abort(&tx);
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "org",
            "no practice %lld", (long long)u.org_id);
    }
    if ((rc = rb_store_user_add(tx.s, &u, &sec, &u.id, err)) ||
        (in->client_id != 0 &&
            (rc = link_client(tx.s, u.org_id, in->client_id, u.id, a, err))) ||
        (rc = app_audit(tx.s, who, u.org_id,
             in->password ? "user.create" : "user.invite", "user", u.id,
             in->client_id, rb_role_name(u.role), err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = u;
    if (ret_invite != NULL) {
        *ret_invite = in->password ? NULL : rb_arena_strdup(a, token);
    }
    return RB_OK;
}

enum rb_status
rb_app_invite_accept(struct rb_app *app, const char *token,
    const char *password, const char *address, const char *request_id,
    struct rb_arena *a, struct rb_user *ret, struct rb_err *err)
{
    struct rb_actor who = {.address = address, .request_id = request_id};
    char hash[128], token_hash[65];
    struct tx tx;
    enum rb_status rc;

    if ((rc = rb_check_password(password, err))) {
        return rc;
    }
    app_token_hash(token ? token : "", token_hash);
    /* Look first: an unknown token must not cost an argon2id hash. */
    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_user_by_invite(
        tx.s, token_hash, rb_clock_now_ms(), a, &who.user, err);
    tx_abort(&tx);
    if (rc == RB_ENOTFOUND) {
        return rb_fail_field(err, RB_ENOTFOUND, "invite_not_found", "token",
            "this invite is unknown, used or expired: ask for a new one");
    }
    if (rc || (rc = app_hash_password(app, password, hash, err))) {
        return rc;
    }
    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    rc = rb_store_user_by_invite(
        tx.s, token_hash, rb_clock_now_ms(), a, &who.user, err);
    if (rc == RB_ENOTFOUND) {
        rb_fail_field(err, RB_ENOTFOUND, "invite_not_found", "token",
            "this invite is unknown, used or expired: ask for a new one");
    }
    if (rc || (rc = rb_store_user_set_password(tx.s, who.user.id, hash, err)) ||
        (rc = app_audit(tx.s, &who, who.user.org_id, "user.activate", "user",
             who.user.id, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    who.user.active = true;
    *ret = who.user;
    return RB_OK;
}

enum rb_status
rb_app_user_get(struct rb_app *app, const struct rb_actor *who, int64_t id,
    struct rb_arena *a, struct rb_user *ret, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    /* Everyone may read their own account; staff may read colleagues. */
    if (who->user.id != id &&
        (rc = app_require(who, RB_CAP_USER_LIST, err)) != RB_OK) {
        return rc == RB_EFORBIDDEN ? rb_fail(err, RB_ENOTFOUND, "no such user")
                                   : rc;
    }
    if ((rc = tx_begin(app, false, &tx, err)) != RB_OK) {
        return rc;
    }
    rc = rb_store_user_get(tx.s, who->user.org_id, id, a, ret, err);
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_user_list(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    struct rb_arena *a, struct rb_user **ret, size_t *ret_n, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_USER_LIST, err)) ||
        (rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_user_list(tx.s, org_of(who, org_id), a, ret, ret_n, err);
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_user_set_disabled(struct rb_app *app, const struct rb_actor *who,
    int64_t id, bool disabled, struct rb_err *err)
{
    struct rb_arena a;
    struct rb_user u;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_INVITE_PRACTITIONER, err))) {
        return rc;
    }
    if (disabled && id == who->user.id) {
        return rb_fail_field(err, RB_ECONFLICT, "cannot_disable_self", "id",
            "you cannot disable your own account");
    }
    rb_arena_init(&a);
    if ((rc = tx_begin(app, true, &tx, err))) {
        goto out;
    }
    if ((rc = rb_store_user_get(tx.s, who->user.org_id, id, &a, &u, err))) {
        goto fail;
    }
    if (u.role == RB_ROLE_OWNER) {
        rc = rb_fail_field(err, RB_ECONFLICT, "cannot_disable_owner", "id",
            "the practice owner cannot be disabled");
        goto fail;
    }
    if (!who->system &&
        !rb_role_can(who->user.role, rb_role_invite_cap(u.role))) {
        rc = rb_fail_field(err, RB_EFORBIDDEN, "forbidden", "id",
            "your role (%s) may not change a %s's account",
            rb_role_name(who->user.role), rb_role_name(u.role));
        goto fail;
    }
    if ((rc = rb_store_user_set_disabled(tx.s, u.org_id, id, disabled, err)) ||
        (disabled && (rc = rb_store_session_revoke_user(
                          tx.s, id, rb_clock_now_ms(), err))) ||
        (rc = app_audit(tx.s, who, u.org_id,
             disabled ? "user.disable" : "user.enable", "user", id, 0, "",
             err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    goto out;
fail:
    tx_abort(&tx);
out:
    rb_arena_release(&a);
    return rc;
}

enum rb_status
rb_app_user_reset(struct rb_app *app, const struct rb_actor *who,
    const char *email, const char *password, struct rb_err *err)
{
    struct rb_arena a;
    struct rb_user u;
    struct rb_user_secret sec;
    struct rb_login_state clear = {0};
    char hash[128];
    struct tx tx;
    enum rb_status rc;

    if (!who->system) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "passwords are reset on the server's command line");
    }
    if (password != NULL &&
        ((rc = rb_check_password(password, err)) ||
            (rc = app_hash_password(app, password, hash, err)))) {
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = tx_begin(app, true, &tx, err))) {
        goto out;
    }
    if ((rc = rb_store_user_by_email(
             tx.s, app_email(&a, email), &a, &u, &sec, err)) ||
        (rc = rb_store_user_set_login_state(tx.s, u.id, &clear, err)) ||
        (password != NULL &&
            ((rc = rb_store_user_set_password(tx.s, u.id, hash, err)) ||
                (rc = rb_store_session_revoke_user(
                     tx.s, u.id, rb_clock_now_ms(), err)))) ||
        (rc = app_audit(tx.s, who, u.org_id,
             password ? "user.password_reset" : "user.unlock", "user", u.id, 0,
             "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
out:
    rb_arena_release(&a);
    return rc;
}
