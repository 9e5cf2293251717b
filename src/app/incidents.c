/*
 * incidents.c -- practice documents: incident reports (recorded, edited
 * while unsigned, signed once, then only amended), the facts of a referral
 * letter, and the public profile of a practitioner.
 *
 * Incident reports belong to the practice: owners and admins see them all,
 * a practitioner the ones they reported.  The database refuses changes to
 * a signed report and to amendments too (0006_documents.sql), so the rule
 * holds even for someone with the database file.  Every write and read is
 * audited in its transaction.
 */
#include <string.h>

#include "app/app_int.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

/* Owners and admins (and the command line) see every report. */
static bool
manager(const struct rb_actor *who)
{
    return who->system || who->user.role == RB_ROLE_OWNER ||
           who->user.role == RB_ROLE_ADMIN;
}

static const struct rb_jfield incident_fields[] = {
    {"client_id", RB_J_INT, false, 1, INT64_MAX, NULL, true},
    {"occurred_at", RB_J_STRING, true, 10, 19},
    {"location", RB_J_STRING, true, 1, 200},
    {"description", RB_J_STRING, true, 1, 10000},
    {"actions_taken", RB_J_STRING, true, 1, 10000},
    {"referral", RB_J_STRING, false, 1, 2000, NULL, true},
    {NULL},
};

static const struct rb_jfield incident_patch_fields[] = {
    {"client_id", RB_J_INT, false, 1, INT64_MAX, NULL, true},
    {"occurred_at", RB_J_STRING, false, 10, 19},
    {"location", RB_J_STRING, false, 1, 200},
    {"description", RB_J_STRING, false, 1, 10000},
    {"actions_taken", RB_J_STRING, false, 1, 10000},
    {"referral", RB_J_STRING, false, 1, 2000, NULL, true},
    {NULL},
};

static bool
digits(const char *s, size_t n, int lo, int hi)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi;
}

/*
 * 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' or 'YYYY-MM-DDTHH:MM:SS', a real date
 * that is not in the future.
 */
static enum rb_status
check_occurred(const char *s, struct rb_err *err)
{
    size_t n = strlen(s);
    char date[11];
    int64_t day;

    memcpy(date, s, 10);
    date[10] = '\0';
    if (!rb_date_parse(date, &day) ||
        !(n == 10 || (n >= 16 && s[10] == 'T' && digits(s + 11, 2, 0, 23) &&
                         s[13] == ':' && digits(s + 14, 2, 0, 59) &&
                         (n == 16 || (n == 19 && s[16] == ':' &&
                                         digits(s + 17, 2, 0, 59)))))) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "occurred_at",
            "occurred_at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM");
    }
    if (day > app_today() + 1) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "occurred_at",
            "occurred_at cannot be in the future");
    }
    return RB_OK;
}

/* A report the actor may see, inside an open transaction. */
static enum rb_status
load_incident(struct rb_store *s, const struct rb_actor *who, int64_t id,
    struct rb_arena *a, struct rb_incident_row *ret, struct rb_err *err)
{
    struct rb_incident_row row;
    enum rb_status rc;

    rc = rb_store_incident_get(s, who->user.org_id, id, a, &row, err);
    if (rc == RB_ENOTFOUND ||
        (rc == RB_OK && !manager(who) && row.reported_by != who->user.id)) {
        return rb_fail_field(
            err, RB_ENOTFOUND, "not_found", NULL, "no such incident report");
    }
    if (rc == RB_OK) {
        *ret = row;
    }
    return rc;
}

/* The client named by the body, when any: one the actor may see. */
static enum rb_status
body_client(struct rb_store *s, const struct rb_actor *who, const json_t *body,
    struct rb_arena *a, int64_t *ret, struct rb_err *err)
{
    struct rb_client c;
    enum rb_status rc;
    int64_t id = rb_json_int(body, "client_id", 0);

    if (id == 0) {
        *ret = 0;
        return RB_OK;
    }
    rc = app_load_client(s, who, id, a, &c, err);
    if (rc == RB_ENOTFOUND) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "client_id",
            "there is no client %lld in this practice", (long long)id);
    }
    if (rc == RB_OK) {
        *ret = c.id;
    }
    return rc;
}

static const char *
opt_str(struct rb_arena *a, const json_t *body, const char *key)
{
    return rb_arena_strdup(a, rb_json_str(body, key));
}

enum rb_status
rb_app_incident_create(struct rb_app *app, const struct rb_actor *who,
    const json_t *body, struct rb_arena *a, struct rb_incident_row *ret,
    struct rb_err *err)
{
    struct rb_incident_row row = {0};
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = rb_json_check(body, incident_fields, err)) ||
        (rc = check_occurred(rb_json_str(body, "occurred_at"), err))) {
        return rc;
    }
    row.org_id = who->user.org_id;
    row.occurred_at = opt_str(a, body, "occurred_at");
    row.location = opt_str(a, body, "location");
    row.description = opt_str(a, body, "description");
    row.actions_taken = opt_str(a, body, "actions_taken");
    row.referral = opt_str(a, body, "referral");
    row.reported_by = who->user.id;
    row.created_ms = row.updated_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = body_client(tx.s, who, body, a, &row.client_id, err)) ||
        (rc = rb_store_incident_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "incident.create", "incident",
             row.id, row.client_id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = row;
    return RB_OK;
}

static enum rb_status
refuse_signed(struct rb_err *err)
{
    return rb_fail_field(err, RB_ECONFLICT, "incident_signed", NULL,
        "this incident report is signed: add an amendment instead");
}

enum rb_status
rb_app_incident_update(struct rb_app *app, const struct rb_actor *who,
    int64_t id, const json_t *body, struct rb_arena *a,
    struct rb_incident_row *ret, struct rb_err *err)
{
    struct rb_incident_row row;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = rb_json_check(body, incident_patch_fields, err)) ||
        (rb_json_str(body, "occurred_at") != NULL &&
            (rc = check_occurred(rb_json_str(body, "occurred_at"), err)))) {
        return rc;
    }
    if (json_object_size(body) == 0) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", NULL,
            "give at least one field to change");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_incident(tx.s, who, id, a, &row, err))) {
        goto fail;
    }
    if (row.signed_ms != 0) {
        rc = refuse_signed(err);
        goto fail;
    }
    if (rb_json_has(body, "client_id") &&
        (rc = body_client(tx.s, who, body, a, &row.client_id, err))) {
        goto fail;
    }
    if (rb_json_str(body, "occurred_at") != NULL) {
        row.occurred_at = opt_str(a, body, "occurred_at");
    }
    if (rb_json_str(body, "location") != NULL) {
        row.location = opt_str(a, body, "location");
    }
    if (rb_json_str(body, "description") != NULL) {
        row.description = opt_str(a, body, "description");
    }
    if (rb_json_str(body, "actions_taken") != NULL) {
        row.actions_taken = opt_str(a, body, "actions_taken");
    }
    if (rb_json_has(body, "referral")) {
        row.referral = opt_str(a, body, "referral");
    }
    row.updated_ms = rb_clock_now_ms();
    if ((rc = rb_store_incident_update(tx.s, &row, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "incident.update", "incident",
             row.id, row.client_id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_incident_sign(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t id, struct rb_arena *a, struct rb_incident_row *ret,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_incident_row row;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_incident(tx.s, who, id, a, &row, err))) {
        goto fail;
    }
    if (row.signed_ms != 0) {
        rc = rb_fail_field(err, RB_ECONFLICT, "incident_signed", NULL,
            "this incident report is already signed");
        goto fail;
    }
    row.signed_by = who->user.id;
    row.signed_ms = rb_clock_now_ms();
    if ((rc = rb_store_incident_sign(
             tx.s, row.org_id, row.id, row.signed_by, row.signed_ms, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "incident.sign", "incident",
             row.id, row.client_id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_incident_amend(struct rb_app *app, const struct rb_actor *who,
    int64_t id, const char *text, struct rb_arena *a,
    struct rb_incident_amendment *ret, struct rb_err *err)
{
    struct rb_incident_amendment am = {0};
    struct rb_incident_row row;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (text == NULL || *text == '\0') {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "text",
            "the amendment text is required");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_incident(tx.s, who, id, a, &row, err))) {
        goto fail;
    }
    if (row.signed_ms == 0) {
        rc = rb_fail_field(err, RB_ECONFLICT, "incident_unsigned", NULL,
            "an unsigned report is edited, not amended: sign it first");
        goto fail;
    }
    am.org_id = row.org_id;
    am.incident_id = row.id;
    am.text = rb_arena_strdup(a, text);
    am.added_by = who->user.id;
    am.added_ms = rb_clock_now_ms();
    if ((rc = rb_store_incident_amend(tx.s, &am, &am.id, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "incident.amend", "incident",
             row.id, row.client_id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = am;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_incident_get(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t id, struct rb_arena *a, struct rb_incident_row *ret,
    struct rb_incident_amendment **ret_am, size_t *ret_nam, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_incident_row row;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = load_incident(tx.s, who, id, a, &row, err)) ||
        (rc = rb_store_incident_amendments(
             tx.s, row.org_id, row.id, a, ret_am, ret_nam, err)) ||
        (rc = app_audit(tx.s, who, row.org_id, "incident.read", "incident",
             row.id, row.client_id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = row;
    return RB_OK;
}

enum rb_status
rb_app_incident_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, struct rb_arena *a, struct rb_incident_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    struct rb_actor in_org;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_incident_list(tx.s, who->user.org_id,
             manager(who) ? 0 : who->user.id, a, ret, ret_n, err)) ||
        (rc = app_audit(tx.s, who, who->user.org_id, "incident.list",
             "incident", 0, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

/* ---- referral letters --------------------------------------------------- */

enum rb_status
rb_app_referral(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const char *to, struct rb_arena *a,
    struct rb_referral *ret, struct rb_err *err)
{
    struct rb_referral r = {0};
    struct rb_screening_row *scr = NULL;
    size_t nscr = 0;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (to == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "to",
            "say who the letter is to: to=physician or "
            "to=physical_therapist");
    }
    if (strcmp(to, "physician") != 0 && strcmp(to, "physical_therapist") != 0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "to",
            "to must be physician or physical_therapist");
    }
    r.to = rb_arena_strdup(a, to);
    r.day = app_today();
    r.author = who->user;
    r.org = who->org;
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &r.client, err)) ||
        (rc = rb_store_org_get(tx.s, r.client.org_id, a, &r.org, err)) ||
        (!who->system && (rc = rb_store_credential_list(tx.s, r.client.org_id,
                              who->user.id, a, &r.creds, &r.ncreds, err))) ||
        (rc = rb_store_injury_list(tx.s, r.client.org_id, r.client.id, a,
             &r.injuries, &r.ninjuries, err)) ||
        (rc = rb_store_screening_list(
             tx.s, r.client.org_id, r.client.id, a, &scr, &nscr, err)) ||
        (rc = app_audit(tx.s, who, r.client.org_id, "referral.create", "client",
             r.client.id, r.client.id, r.to, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    if (nscr > 0) {
        r.has_screening = true;
        r.screening = scr[0];
    }
    *ret = r;
    return RB_OK;
}

/* ---- public practitioner profiles --------------------------------------- */

const char *
rb_app_credential_name(const struct rb_app *app, const char *kind)
{
    const struct rb_credential_rule *rule =
        app->creds ? rb_scope_table_find(&app->creds->table, kind) : NULL;

    return rule && rule->name ? rule->name : kind;
}

/* Verified and in force on 'day' (with its CPR card, when one is needed). */
static bool
current_verified(
    const struct rb_app *app, const struct rb_credential_row *r, int64_t day)
{
    const struct rb_credential_rule *rule =
        app->creds ? rb_scope_table_find(&app->creds->table, r->c.kind) : NULL;

    if (!r->c.verified || r->c.expires_day < day ||
        (r->c.issued_day != 0 && r->c.issued_day > day)) {
        return false;
    }
    return !(rule && rule->cpr_required && r->c.cpr_expires_day < day);
}

enum rb_status
rb_app_public_profile(struct rb_app *app, int64_t user_id, int64_t day,
    struct rb_arena *a, struct rb_user *ret, struct rb_org *ret_org,
    struct rb_credential_row **ret_creds, size_t *ret_n, struct rb_err *err)
{
    struct rb_credential_row *rows = NULL, *out;
    struct rb_user u;
    struct rb_org o;
    size_t n = 0, k = 0;
    struct tx tx;
    enum rb_status rc;

    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_user_public(tx.s, user_id, a, &u, &o, err);
    if (rc == RB_OK &&
        (u.disabled || !u.active ||
            !(u.role == RB_ROLE_OWNER || u.role == RB_ROLE_ADMIN ||
                u.role == RB_ROLE_PRACTITIONER))) {
        rc = RB_ENOTFOUND;
    }
    if (rc == RB_ENOTFOUND) {
        rc = rb_fail_field(
            err, RB_ENOTFOUND, "not_found", NULL, "no such practitioner");
    }
    if (rc == RB_OK) {
        rc = rb_store_credential_list(tx.s, o.id, u.id, a, &rows, &n, err);
    }
    tx_abort(&tx);
    if (rc != RB_OK) {
        return rc;
    }
    out = rb_arena_alloc(a, (n ? n : 1) * sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        if (current_verified(app, &rows[i], day)) {
            out[k++] = rows[i];
        }
    }
    *ret = u;
    *ret_org = o;
    *ret_creds = out;
    *ret_n = k;
    return RB_OK;
}
