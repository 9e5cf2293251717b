/*
 * credentials.c -- practitioners' credentials: self-reported by staff,
 * verified by owners and admins.  What a credential allows is decided by
 * core/scope.c from the table in data/credentials.json.
 */
#include <string.h>

#include "app/app_int.h"
#include "util/clock.h"

const struct rb_scope_table *
rb_app_scope_table(const struct rb_app *app)
{
    return app->creds ? &app->creds->table : NULL;
}

static bool
is_admin(const struct rb_actor *who)
{
    return who->system || rb_role_can(who->user.role, RB_CAP_ORG_EDIT);
}

/* The staff member a credential belongs to, in the actor's practice. */
static enum rb_status
staff_member(struct rb_store *s, int64_t org_id, int64_t user_id,
    struct rb_arena *a, struct rb_err *err)
{
    struct rb_user u;
    enum rb_status rc = rb_store_user_get(s, org_id, user_id, a, &u, err);

    if (rc == RB_OK && u.role == RB_ROLE_CLIENT) {
        rc = rb_fail_field(err, RB_EINVAL, "out_of_range", "user_id",
            "clients hold no practitioner credentials");
    }
    return rc;
}

enum rb_status
rb_app_credential_add(struct rb_app *app, const struct rb_actor *who,
    int64_t user_id, const struct rb_credential *in, struct rb_arena *a,
    struct rb_credential_row *ret, struct rb_err *err)
{
    struct rb_credential_row row = {0};
    struct tx tx;
    enum rb_status rc;

    if (app->creds == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no credential table is loaded");
    }
    if (who->user.role == RB_ROLE_CLIENT ||
        (user_id != who->user.id && !is_admin(who))) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "you may record only your own credentials");
    }
    if (rb_scope_table_find(&app->creds->table, in->kind) == NULL) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "kind",
            "unknown credential kind '%.60s' (see data/credentials.json)",
            in->kind ? in->kind : "");
    }
    if (in->expires_day < in->issued_day) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "expires_on",
            "a credential cannot expire before it was issued");
    }
    row.org_id = who->user.org_id;
    row.user_id = user_id;
    row.c = *in;
    row.c.verified = false; /* self-reported until an admin checks it */
    row.created_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = staff_member(tx.s, row.org_id, user_id, a, err)) ||
        (rc = rb_store_credential_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "credential.add", "credential",
             row.id, 0, in->kind, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = row;
    return RB_OK;
}

enum rb_status
rb_app_credential_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t user_id, struct rb_arena *a,
    struct rb_credential_row **ret, size_t *ret_n, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if (!who->system) {
        org_id = who->user.org_id;
    }
    if (who->user.role == RB_ROLE_CLIENT ||
        (user_id != who->user.id && !is_admin(who))) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "only owners and admins see other people's credentials");
    }
    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    /* Another practice's user is "not found", as everywhere else. */
    if (user_id == 0 ||
        (rc = staff_member(tx.s, org_id, user_id, a, err)) == RB_OK) {
        rc =
            rb_store_credential_list(tx.s, org_id, user_id, a, ret, ret_n, err);
    }
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_credential_verify(struct rb_app *app, const struct rb_actor *who,
    int64_t id, int64_t day, const char *note, struct rb_arena *a,
    struct rb_credential_row *ret, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if (!is_admin(who)) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "only owners and admins verify credentials");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_credential_verify(
             tx.s, who->user.org_id, id, who->user.id, day, note, err)) ||
        (rc = rb_store_credential_get(
             tx.s, who->user.org_id, id, a, ret, err)) ||
        (rc = app_audit(tx.s, who, who->user.org_id, "credential.verify",
             "credential", id, 0, note ? note : "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}
