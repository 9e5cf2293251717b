/*
 * clients.c -- client records: create, read, list, change.
 *
 * Staff see every client of their practice; a client sees only their own
 * record, and any other id is "not found" (never "forbidden", which would
 * confirm that the id exists).  Every read of a record is audited.
 */
#include <string.h>

#include "app/app_int.h"
#include "core/validate.h"
#include "util/clock.h"
#include "util/str.h"

static bool
valid_sex(const char *s)
{
    for (const char *const *x = rb_sexes; *x; x++) {
        if (strcmp(*x, s) == 0) {
            return true;
        }
    }
    return false;
}

/* Field checks shared by create and update. */
static enum rb_status
check_client(const struct rb_client *c, struct rb_err *err)
{
    int64_t day;

    if (!rb_valid_name(c->first_name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "first_name",
            "first_name must be 1 to 200 characters");
    }
    if (!rb_valid_name(c->last_name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "last_name",
            "last_name must be 1 to 200 characters");
    }
    if (c->birth_date != NULL && (!rb_date_parse(c->birth_date, &day) ||
                                     day > rb_clock_now_ms() / 86400000)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "birth_date",
            "birth_date must be a real date, not in the future, written "
            "YYYY-MM-DD");
    }
    if (c->sex != NULL && !valid_sex(c->sex)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "sex",
            "sex must be female, male, intersex or unspecified");
    }
    if (c->email != NULL && !rb_valid_email(c->email)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "email",
            "email must be a valid e-mail address");
    }
    if (c->phone != NULL && !rb_valid_name(c->phone)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "phone",
            "phone must be 1 to 200 characters");
    }
    return RB_OK;
}

/* The assigned practitioner must be staff of the same practice. */
static enum rb_status
check_practitioner(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_err *err)
{
    struct rb_user u;
    enum rb_status rc;

    if (id == 0) {
        return RB_OK;
    }
    rc = rb_store_user_get(s, org_id, id, a, &u, err);
    if (rc == RB_ENOTFOUND || (rc == RB_OK && u.role == RB_ROLE_CLIENT)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "practitioner_id",
            "no staff member %lld in this practice", (long long)id);
    }
    return rc;
}

enum rb_status
rb_app_client_create(struct rb_app *app, const struct rb_actor *who,
    const struct rb_client *in, struct rb_arena *a, struct rb_client *ret,
    struct rb_err *err)
{
    struct rb_client c = *in;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err)) ||
        (rc = check_client(&c, err))) {
        return rc;
    }
    if (!who->system) {
        c.org_id = who->user.org_id;
    }
    c.user_id = 0; /* portal accounts are linked by inviting the client */
    c.created_ms = c.updated_ms = rb_clock_now_ms();
    if (c.sex == NULL) {
        c.sex = "unspecified";
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = check_practitioner(tx.s, c.org_id, c.practitioner_id, a, err)) ||
        (rc = rb_store_client_add(tx.s, &c, &c.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "client.create", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = c;
    return RB_OK;
}

/*
 * Load a client the actor may see, inside an open transaction.  A client
 * user may see only the record linked to their account.
 */
const struct rb_actor *
app_actor_in(const struct rb_actor *who, int64_t org_id, struct rb_actor *tmp)
{
    if (!who->system) {
        return who;
    }
    *tmp = *who;
    tmp->user.org_id = org_id;
    return tmp;
}

enum rb_status
rb_app_actor_for(struct rb_app *app, int64_t org_id, int64_t user_id,
    struct rb_arena *a, struct rb_actor *ret, struct rb_err *err)
{
    struct rb_actor act = {.address = "cli", .request_id = ""};
    struct tx tx;
    enum rb_status rc;

    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_user_get(tx.s, org_id, user_id, a, &act.user, err);
    if (rc == RB_ENOTFOUND) {
        rc = rb_fail_field(err, RB_ENOTFOUND, "not_found", "user_id",
            "there is no user %lld in practice %lld", (long long)user_id,
            (long long)org_id);
    } else if (rc == RB_OK && act.user.role == RB_ROLE_CLIENT) {
        rc = rb_fail_field(err, RB_EINVAL, "out_of_range", "user_id",
            "user %lld is a client, not a staff member", (long long)user_id);
    } else if (rc == RB_OK && act.user.disabled) {
        rc = rb_fail_field(err, RB_EINVAL, "out_of_range", "user_id",
            "user %lld is disabled", (long long)user_id);
    }
    if (rc == RB_OK) {
        rc = rb_store_org_get(tx.s, org_id, a, &act.org, err);
    }
    tx_abort(&tx);
    if (rc == RB_OK) {
        *ret = act;
    }
    return rc;
}

enum rb_status
app_load_client(struct rb_store *s, const struct rb_actor *who, int64_t id,
    struct rb_arena *a, struct rb_client *ret, struct rb_err *err)
{
    struct rb_client c;
    enum rb_status rc;

    rc = rb_store_client_get(s, who->user.org_id, id, a, &c, err);
    if (rc != RB_OK) {
        return rc;
    }
    if (!who->system && !rb_role_can(who->user.role, RB_CAP_CLIENT_LIST_ALL) &&
        c.user_id != who->user.id) {
        return rb_fail(err, RB_ENOTFOUND, "no such client");
    }
    *ret = c;
    return RB_OK;
}

enum rb_status
rb_app_client_get_full(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t id, struct rb_arena *a, struct rb_client *ret,
    struct rb_intake *ret_intake, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_client c;
    struct rb_intake in;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    /* A write transaction, because the read itself is recorded. */
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, id, a, &c, err)) ||
        (ret_intake != NULL &&
            (rc = rb_store_intake_get(tx.s, c.org_id, c.id, a, &in, err))) ||
        (rc = app_audit(tx.s, who, c.org_id, "client.read", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = c;
    if (ret_intake != NULL) {
        *ret_intake = in;
    }
    return RB_OK;
}

enum rb_status
rb_app_client_get(struct rb_app *app, const struct rb_actor *who, int64_t id,
    struct rb_arena *a, struct rb_client *ret, struct rb_err *err)
{
    return rb_app_client_get_full(app, who, 0, id, a, ret, NULL, err);
}

enum rb_status
rb_app_client_list(struct rb_app *app, const struct rb_actor *who,
    int64_t limit, int64_t offset, struct rb_arena *a, struct rb_client **ret,
    size_t *ret_n, struct rb_err *err)
{
    struct rb_client_filter f = {
        .org_id = who->user.org_id,
        .limit = limit > 0 && limit <= 500 ? limit : 100,
        .offset = offset > 0 ? offset : 0,
    };
    struct tx tx;
    enum rb_status rc;

    if (!who->system && !rb_role_can(who->user.role, RB_CAP_CLIENT_LIST_ALL)) {
        f.user_id = who->user.id; /* a client lists only themselves */
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_client_list(tx.s, &f, a, ret, ret_n, err)) ||
        (rc = app_audit(
             tx.s, who, f.org_id, "client.list", "client", 0, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

enum rb_status
rb_app_client_update(struct rb_app *app, const struct rb_actor *who, int64_t id,
    const struct rb_client_patch *p, struct rb_arena *a, struct rb_client *ret,
    struct rb_err *err)
{
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, id, a, &c, err))) {
        goto fail;
    }
    if (p->first_name) {
        c.first_name = p->first_name;
    }
    if (p->last_name) {
        c.last_name = p->last_name;
    }
    if (p->sex) {
        c.sex = p->sex;
    }
    if (p->has_birth_date) {
        c.birth_date = p->birth_date;
    }
    if (p->has_email) {
        c.email = p->email;
    }
    if (p->has_phone) {
        c.phone = p->phone;
    }
    if (p->has_practitioner) {
        c.practitioner_id = p->practitioner_id;
    }
    c.updated_ms = rb_clock_now_ms();
    if ((rc = check_client(&c, err)) ||
        (p->has_practitioner && (rc = check_practitioner(tx.s, c.org_id,
                                     c.practitioner_id, a, err))) ||
        (rc = rb_store_client_update(tx.s, &c, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "client.update", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = c;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}
