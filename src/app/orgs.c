/*
 * orgs.c -- practices: creating one with its owner, reading and renaming.
 */
#include <string.h>

#include "app/app_int.h"
#include "core/validate.h"
#include "util/clock.h"

static bool
valid_kind(const char *kind)
{
    for (const char *const *k = rb_org_kinds; *k; k++) {
        if (kind != NULL && strcmp(*k, kind) == 0) {
            return true;
        }
    }
    return false;
}

enum rb_status
rb_app_org_create(struct rb_app *app, const struct rb_actor *who,
    const char *name, const char *kind, const char *owner_email,
    const char *owner_name, const char *owner_password, int64_t *ret_org_id,
    int64_t *ret_owner_id, struct rb_err *err)
{
    struct rb_arena a;
    struct rb_org org = {.name = name, .kind = kind};
    struct rb_user owner = {.name = owner_name, .role = RB_ROLE_OWNER};
    struct rb_user_secret sec = {0};
    char hash[128];
    int64_t org_id = 0, owner_id = 0;
    struct tx tx;
    enum rb_status rc;

    if (!who->system) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "new practices are created on the server's command line");
    }
    if (!rb_valid_name(name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "name",
            "a practice needs a name of 1 to 200 characters");
    }
    if (!valid_kind(kind)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "kind",
            "kind must be gym, clinic or solo");
    }
    if (!rb_valid_email(owner_email)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "owner_email",
            "the owner needs a valid e-mail address");
    }
    if (!rb_valid_name(owner_name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "owner_name",
            "the owner needs a name of 1 to 200 characters");
    }
    rc = rb_check_password(owner_password, err);
    if (rc != RB_OK) {
        return rc;
    }
    rc = app_hash_password(app, owner_password, hash, err);
    if (rc != RB_OK) {
        return rc;
    }
    rb_arena_init(&a);
    owner.email = app_email(&a, owner_email);
    org.created_ms = owner.created_ms = rb_clock_now_ms();
    sec.password_hash = hash;
    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        goto out;
    }
    if ((rc = rb_store_org_add(tx.s, &org, &org_id, err)) ||
        (owner.org_id = org_id,
            rc = rb_store_user_add(tx.s, &owner, &sec, &owner_id, err)) ||
        (rc = app_audit(
             tx.s, who, org_id, "org.create", "org", org_id, 0, name, err)) ||
        (rc = app_audit(tx.s, who, org_id, "user.create", "user", owner_id, 0,
             "owner", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        goto out;
    }
    *ret_org_id = org_id;
    *ret_owner_id = owner_id;
out:
    rb_arena_release(&a);
    return rc;
}

enum rb_status
rb_app_org_get(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    struct rb_arena *a, struct rb_org *ret, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if (!who->system) {
        org_id = who->user.org_id; /* one's own practice, always */
    }
    rc = app_require(who, RB_CAP_ORG_READ, err);
    if (rc != RB_OK || (rc = tx_begin(app, false, &tx, err)) != RB_OK) {
        return rc;
    }
    rc = rb_store_org_get(tx.s, org_id, a, ret, err);
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_org_list(struct rb_app *app, const struct rb_actor *who,
    struct rb_arena *a, struct rb_org **ret, size_t *ret_n, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if (!who->system) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "only the server's command line sees every practice");
    }
    rc = tx_begin(app, false, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    rc = rb_store_org_list(tx.s, a, ret, ret_n, err);
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_org_rename(struct rb_app *app, const struct rb_actor *who,
    const char *name, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    rc = app_require(who, RB_CAP_ORG_EDIT, err);
    if (rc != RB_OK) {
        return rc;
    }
    if (!rb_valid_name(name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "name",
            "name must be 1 to 200 characters without control characters");
    }
    rc = tx_begin(app, true, &tx, err);
    if (rc != RB_OK) {
        return rc;
    }
    if ((rc = rb_store_org_rename(tx.s, who->user.org_id, name, err)) ||
        (rc = app_audit(tx.s, who, who->user.org_id, "org.rename", "org",
             who->user.org_id, 0, name, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}
