/*
 * audit.c -- reading the audit trail (writing it is app_audit(), called by
 * every use case inside its own transaction).
 */
#include "app/app_int.h"

enum rb_status
rb_app_audit_query(struct rb_app *app, const struct rb_actor *who,
    const struct rb_audit_filter *f, struct rb_arena *a,
    struct rb_audit_entry **ret, size_t *ret_n, struct rb_err *err)
{
    struct rb_audit_filter q = *f;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_AUDIT_READ, err))) {
        return rc;
    }
    if (!who->system) {
        q.org_id = who->user.org_id;
    }
    if (q.limit <= 0 || q.limit > 1000) {
        q.limit = 100;
    }
    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_audit_query(tx.s, &q, a, ret, ret_n, err);
    tx_abort(&tx);
    return rc;
}
