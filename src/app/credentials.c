/*
 * credentials.c -- practitioners' credentials: self-reported by staff,
 * verified by owners and admins.  What a credential allows is decided by
 * core/scope.c from the table in data/credentials.json.
 */
#include <string.h>

#include "app/app_int.h"
#include "util/clock.h"
#include "util/str.h"

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
    int64_t org_id, int64_t user_id, const struct rb_credential *in,
    struct rb_arena *a, struct rb_credential_row *ret, struct rb_err *err)
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
    row.org_id = who->system ? org_id : who->user.org_id;
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
    int64_t org_id, int64_t id, int64_t day, const char *note,
    struct rb_arena *a, struct rb_credential_row *ret, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if (!is_admin(who)) {
        return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
            "only owners and admins verify credentials");
    }
    if (!who->system) {
        org_id = who->user.org_id;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_credential_verify(
             tx.s, org_id, id, who->user.id, day, note, err)) ||
        (rc = rb_store_credential_get(tx.s, org_id, id, a, ret, err)) ||
        (rc = app_audit(tx.s, who, org_id, "credential.verify", "credential",
             id, 0, note ? note : "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

/* ---- reports ------------------------------------------------------------ */

static json_t *
day_json(int64_t day)
{
    char text[11];

    if (day == 0) {
        return json_null();
    }
    rb_date_format(day, text);
    return json_string(text);
}

json_t *
rb_app_credential_json(
    const struct rb_app *app, const struct rb_credential_row *r, int64_t today)
{
    const struct rb_credential_rule *rule =
        app->creds ? rb_scope_table_find(&app->creds->table, r->c.kind) : NULL;
    const char *status = "current";

    if (r->c.expires_day < today) {
        status = "expired";
    } else if (rule && rule->cpr_required && r->c.cpr_expires_day < today) {
        status = "cpr_lapsed";
    } else if (!r->c.verified) {
        status = "unverified";
    }
    return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s, s:o, s:o, s:o, s:f, "
                     "s:f, s:b, s:o, s:s?, s:s, s:I}",
        "id", (json_int_t)r->id, "user_id", (json_int_t)r->user_id, "kind",
        r->c.kind, "name", rule ? rule->name : NULL, "issuer", r->c.issuer,
        "number", r->c.number, "issued_on", day_json(r->c.issued_day),
        "expires_on", day_json(r->c.expires_day), "cpr_expires_on",
        day_json(r->c.cpr_expires_day), "ce_earned", r->c.ce_earned,
        "ce_required", r->c.ce_required, "verified", r->c.verified,
        "verified_on", day_json(r->c.verified_day), "verify_note",
        r->c.verify_note, "status", status, "days_left",
        (json_int_t)(r->c.expires_day - today));
}

/*
 * What a staff member may do today for a healthy client who has signed the
 * current consent: the actions allowed, and the first refusal of the rest.
 */
static json_t *
abilities(const struct rb_scope_table *t, const struct rb_practitioner_state *p,
    int64_t today)
{
    const struct rb_client_state healthy = {.consent_current = true};
    json_t *allowed = json_array(), *refused = json_array();
    struct rb_scope_verdict v;

    for (int a = 0; a < RB__ACTION_MAX; a++) {
        const char *name = rb_scope_action_name((enum rb_scope_action)a);

        if (rb_scope_check(t, p, &healthy, (enum rb_scope_action)a, today, &v,
                NULL) != RB_OK) {
            continue;
        }
        if (v.allowed) {
            json_array_append_new(allowed, json_string(name));
        } else {
            json_t *j = rb_scope_refusal_json(&v);
            json_object_set_new(j, "action", json_string(name));
            json_array_append_new(refused, j);
        }
    }
    return json_pack("{s:o, s:o}", "allowed", allowed, "refused", refused);
}

static json_t *
alerts_json(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, int64_t today)
{
    struct rb_scope_alerts al;
    json_t *a = json_array();

    if (rb_scope_alerts(t, p, NULL, today, &al, NULL) == RB_OK) {
        for (size_t i = 0; i < al.n; i++) {
            json_array_append_new(a,
                json_pack("{s:s, s:o, s:I, s:s}", "kind",
                    al.v[i].kind == RB_ALERT_CPR ? "cpr" : "credential",
                    "expires_on", day_json(al.v[i].expires_day), "days_left",
                    (json_int_t)al.v[i].days_left, "message", al.v[i].message));
        }
    }
    return a;
}

static json_t *
user_json(const struct rb_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "email",
        u->email, "name", u->name, "role", rb_role_name(u->role));
}

/*
 * Each client's latest clearance that ends within RB_SCOPE_ALERT_DAYS of
 * 'today' (or has ended): the practice-wide half of the 60-day alerts.
 */
static enum rb_status
clearance_alerts(struct rb_app *app, int64_t org_id, int64_t today,
    struct rb_arena *a, json_t **ret, struct rb_err *err)
{
    struct rb_clearance_row *rows;
    size_t n;
    struct tx tx;
    json_t *out;
    enum rb_status rc;

    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_clearance_list(tx.s, org_id, 0, a, &rows, &n, err);
    tx_abort(&tx);
    if (rc != RB_OK) {
        return rc;
    }
    out = json_array();
    for (size_t i = 0; i < n; i++) {
        bool newer_seen = false;
        int64_t left = rows[i].expires_day - today;

        for (size_t k = 0; k < i; k++) { /* rows are newest first */
            newer_seen = newer_seen || rows[k].client_id == rows[i].client_id;
        }
        if (newer_seen || left > RB_SCOPE_ALERT_DAYS) {
            continue;
        }
        json_array_append_new(out,
            json_pack("{s:s, s:I, s:s, s:s, s:o, s:I, s:s}", "kind",
                "clearance", "client_id", (json_int_t)rows[i].client_id,
                "provider", rows[i].provider, "provider_credential",
                rows[i].provider_credential, "expires_on",
                day_json(rows[i].expires_day), "days_left", (json_int_t)left,
                "message",
                rb_arena_printf(a,
                    left < 0 ? "Clearance by %s ended %lld day(s) ago"
                             : "Clearance by %s ends in %lld day(s)",
                    rows[i].provider, (long long)(left < 0 ? -left : left))));
    }
    *ret = out;
    return RB_OK;
}

enum rb_status
rb_app_compliance(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t today, json_t **ret, struct rb_err *err)
{
    const struct rb_scope_table *t = rb_app_scope_table(app);
    struct rb_credential_row *rows;
    struct rb_user *users;
    size_t n, nusers;
    struct rb_arena a;
    json_t *staff;
    enum rb_status rc;

    if (t == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no credential table is loaded");
    }
    rb_arena_init(&a);
    if ((rc = rb_app_credential_list(
             app, who, org_id, 0, &a, &rows, &n, err)) ||
        (rc = rb_app_user_list(app, who, org_id, &a, &users, &nusers, err))) {
        rb_arena_release(&a);
        return rc;
    }
    staff = json_array();
    for (size_t u = 0; u < nusers; u++) {
        struct rb_credential mine[RB_SCOPE_MAX_CREDENTIALS];
        struct rb_practitioner_state p = {mine, 0};
        json_t *creds;

        if (users[u].role == RB_ROLE_CLIENT) {
            continue;
        }
        creds = json_array();
        for (size_t i = 0; i < n; i++) {
            if (rows[i].user_id != users[u].id) {
                continue;
            }
            json_array_append_new(
                creds, rb_app_credential_json(app, &rows[i], today));
            if (p.ncredentials < RB_SCOPE_MAX_CREDENTIALS) {
                mine[p.ncredentials++] = rows[i].c;
            }
        }
        json_array_append_new(staff,
            json_pack("{s:o, s:o, s:o, s:o}", "user", user_json(&users[u]),
                "credentials", creds, "alerts", alerts_json(t, &p, today),
                "today", abilities(t, &p, today)));
    }
    json_t *clearances;
    if ((rc = clearance_alerts(app, who->system ? org_id : who->user.org_id,
             today, &a, &clearances, err))) {
        json_decref(staff);
        rb_arena_release(&a);
        return rc;
    }
    *ret = json_pack("{s:o, s:i, s:o, s:o}", "as_of", day_json(today),
        "alert_days", RB_SCOPE_ALERT_DAYS, "staff", staff, "clearances",
        clearances);
    rb_arena_release(&a);
    return RB_OK;
}
