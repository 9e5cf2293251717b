/*
 * auth.c -- logging in and out, and resolving a session token to a person.
 *
 * Tokens are 256 random bits; only their BLAKE2b hash is stored.  The CSRF
 * token for a session is derived from the session token with a keyed hash,
 * so it needs no storage and cannot be computed by a page that does not
 * already hold the session token.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/app_int.h"
#include "core/login_throttle.h"
#include "util/clock.h"
#include "util/str.h"

/*
 * An argon2id hash of a random password, verified when the e-mail is
 * unknown so that a login for a missing account takes as long as one for a
 * real account (no user enumeration by timing).  Made once, on first need.
 */
static const char *
dummy_hash(struct rb_app *app)
{
    char pw[64];

    pthread_mutex_lock(&app->dummy_lock);
    if (app->dummy_hash[0] == '\0') {
        app_new_token(pw);
        (void)app_hash_password(app, pw, app->dummy_hash, NULL);
    }
    pthread_mutex_unlock(&app->dummy_lock);
    return app->dummy_hash;
}

void
rb_app_csrf_for(const char *token, char out[64])
{
    static const unsigned char key[] = "rebound csrf token v1";
    unsigned char h[32];

    crypto_generichash(h, sizeof(h), (const unsigned char *)token,
        strlen(token), key, sizeof(key) - 1);
    sodium_bin2base64(
        out, 64, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static enum rb_status
throttled(enum rb_login_gate gate, int64_t wait_ms, struct rb_err *err)
{
    long secs = (long)((wait_ms + 999) / 1000);
    enum rb_status rc;

    if (gate == RB_LOGIN_LOCKED) {
        rc = rb_fail_field(err, RB_ETHROTTLED, "account_locked", "email",
            "too many failed logins: this account is locked for %ld more "
            "minute(s); the server's operator can unlock it sooner with "
            "'rebound user unlock'",
            (secs + 59) / 60);
    } else {
        rc = rb_fail_field(err, RB_ETHROTTLED, "login_throttled", "email",
            "too many failed logins: wait %ld second(s) before trying again",
            secs);
    }
    if (err != NULL) {
        err->retry_after_s = secs;
    }
    return rc;
}

static enum rb_status
bad_credentials(struct rb_err *err)
{
    return rb_fail_field(err, RB_EUNAUTH, "invalid_credentials", NULL,
        "wrong e-mail or password");
}

/*
 * An attempt for an address with no account: gate it and count it in the
 * ghost table just as a real account would be, then fail after the same
 * argon2id work.
 */
static enum rb_status
ghost_attempt(struct rb_app *app, const char *email, const char *password,
    struct rb_err *err)
{
    const struct rb_login_policy *pol = &rb_login_policy_default;
    unsigned char h[8];
    struct rb_login_state *st;
    enum rb_login_gate gate;
    int64_t now = rb_clock_now_ms(), wait_ms;

    crypto_generichash(
        h, sizeof(h), (const unsigned char *)email, strlen(email), NULL, 0);
    pthread_mutex_lock(&app->ghost_lock);
    st = &app->ghosts[(h[0] | (unsigned)h[1] << 8) %
                      (sizeof(app->ghosts) / sizeof(app->ghosts[0]))];
    gate = rb_login_gate(pol, st, now, &wait_ms);
    if (gate == RB_LOGIN_ALLOW) {
        rb_login_failed(pol, st, now);
    }
    pthread_mutex_unlock(&app->ghost_lock);
    if (gate != RB_LOGIN_ALLOW) {
        return throttled(gate, wait_ms, err);
    }
    (void)app_verify_password(app, dummy_hash(app), password);
    return bad_credentials(err);
}

/* Record the outcome of a checked attempt: login state, audit, session. */
static enum rb_status
record_attempt(struct rb_app *app, const char *email, bool ok,
    const struct rb_actor *who, struct rb_arena *a, struct rb_login *ret,
    struct rb_err *err)
{
    const struct rb_login_policy *pol = &rb_login_policy_default;
    struct rb_user u;
    struct rb_user_secret sec;
    struct tx tx;
    int64_t now = rb_clock_now_ms();
    char token[64], hash[65];
    enum rb_status rc;

    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    /* Re-read inside the write lock so concurrent failures all count. */
    rc = rb_store_user_by_email(tx.s, email, a, &u, &sec, err);
    if (rc != RB_OK) {
        goto fail;
    }
    if (!ok) {
        rb_login_failed(pol, &sec.login, now);
        rc = rb_store_user_set_login_state(tx.s, u.id, &sec.login, err);
        if (rc == RB_OK) {
            rc = app_audit(tx.s, who, u.org_id,
                sec.login.locked_until_ms > now ? "login.locked"
                                                : "login.failed",
                "user", u.id, 0, "", err);
        }
        if (rc != RB_OK || (rc = tx_commit(&tx, err)) != RB_OK) {
            goto fail;
        }
        return bad_credentials(err);
    }
    rb_login_succeeded(&sec.login);
    app_new_token(token);
    app_token_hash(token, hash);
    ret->expires_ms = now + app->cfg.session_ttl_ms;
    struct rb_actor self = *who;
    self.user = u;
    if ((rc = rb_store_user_set_login_state(tx.s, u.id, &sec.login, err)) ||
        (rc = rb_store_session_add(
             tx.s, hash, u.id, u.org_id, now, ret->expires_ms, err)) ||
        (rc = rb_store_org_get(tx.s, u.org_id, a, &ret->org, err)) ||
        (rc = app_audit(
             tx.s, &self, u.org_id, "login", "user", u.id, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    ret->token = rb_arena_strdup(a, token);
    ret->csrf_token = rb_arena_alloc(a, 64);
    rb_app_csrf_for(token, (char *)ret->csrf_token);
    ret->user = u;
    sodium_memzero(token, sizeof(token));
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_login(struct rb_app *app, const char *email, const char *password,
    const char *address, const char *request_id, struct rb_arena *a,
    struct rb_login *ret, struct rb_err *err)
{
    struct rb_actor who = {.address = address, .request_id = request_id};
    struct rb_user u;
    struct rb_user_secret sec;
    struct rb_login out;
    enum rb_login_gate gate;
    int64_t wait_ms;
    struct tx tx;
    enum rb_status rc;
    bool ok;

    memset(&out, 0, sizeof(out));
    email = app_email(a, email);
    rc = tx_begin(app, false, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    rc = rb_store_user_by_email(tx.s, email, a, &u, &sec, err);
    tx_abort(&tx); /* read-only: nothing to commit */
    if (rc == RB_ENOTFOUND || (rc == RB_OK && sec.password_hash == NULL)) {
        return ghost_attempt(app, email, password, err);
    }
    if (rc != RB_OK) {
        return rc;
    }
    gate = rb_login_gate(
        &rb_login_policy_default, &sec.login, rb_clock_now_ms(), &wait_ms);
    if (gate != RB_LOGIN_ALLOW) {
        return throttled(gate, wait_ms, err);
    }
    /* The slow part runs outside any transaction. */
    ok = app_verify_password(app, sec.password_hash, password);
    if (ok && u.disabled) {
        return bad_credentials(err); /* right password: not a guess */
    }
    rc = record_attempt(app, email, ok, &who, a, &out, err);
    if (rc == RB_OK) {
        *ret = out;
    }
    return rc;
}

enum rb_status
rb_app_session(struct rb_app *app, const char *token, const char *address,
    const char *request_id, struct rb_arena *a, struct rb_actor *ret,
    struct rb_err *err)
{
    struct rb_actor who = {.address = address, .request_id = request_id};
    int64_t expires;
    char hash[65];
    struct tx tx;
    enum rb_status rc;

    if (token == NULL || strlen(token) != 43) {
        return rb_fail_field(err, RB_EUNAUTH, "unauthenticated", NULL,
            "log in first: no valid session token");
    }
    app_token_hash(token, hash);
    rc = tx_begin(app, false, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    rc = rb_store_session_lookup(
        tx.s, hash, rb_clock_now_ms(), a, &who.user, &who.org, &expires, err);
    tx_abort(&tx);
    if (rc == RB_ENOTFOUND) {
        return rb_fail_field(err, RB_EUNAUTH, "unauthenticated", NULL,
            "your session has ended or is not valid: log in again");
    }
    if (rc == RB_OK) {
        *ret = who;
    }
    return rc;
}

enum rb_status
rb_app_logout(struct rb_app *app, const struct rb_actor *who, const char *token,
    struct rb_err *err)
{
    char hash[65];
    struct tx tx;
    enum rb_status rc;

    app_token_hash(token, hash);
    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    if ((rc = rb_store_session_revoke(tx.s, hash, rb_clock_now_ms(), err)) ||
        (rc = app_audit(tx.s, who, who->user.org_id, "logout", "user",
             who->user.id, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}
