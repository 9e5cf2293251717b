/*
 * h_credentials.c -- practitioners' credentials and the practice's
 * compliance report:
 *   GET  /api/users/{id}/credentials    POST /api/users/{id}/credentials
 *   POST /api/credentials/{id}/verify   GET  /api/compliance
 * What a credential allows is decided by core/scope.c; this file only
 * renders it.
 */
#include <string.h>

#include "core/scope.h"
#include "http/handlers.h"
#include "util/clock.h"
#include "util/str.h"

#define MAX_STAFF_CREDENTIALS RB_SCOPE_MAX_CREDENTIALS

static int64_t
today(void)
{
    return rb_clock_now_ms() / 86400000;
}

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

static json_t *
credential_json(
    const struct rb_scope_table *t, const struct rb_credential_row *r)
{
    const struct rb_credential_rule *rule = rb_scope_table_find(t, r->c.kind);
    int64_t now = today();
    const char *status = "current";

    if (r->c.expires_day < now) {
        status = "expired";
    } else if (rule && rule->cpr_required && r->c.cpr_expires_day < now) {
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
        (json_int_t)(r->c.expires_day - now));
}

void
rb_h_credentials_list(struct rb_req *r)
{
    const struct rb_scope_table *t = rb_app_scope_table(r->app);
    struct rb_credential_row *rows;
    size_t n;
    struct rb_err err;
    int64_t uid;
    json_t *items;

    if (!rb_req_id(r, "id", &uid)) {
        return;
    }
    if (rb_app_credential_list(
            r->app, &r->actor, 0, uid, &r->arena, &rows, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, credential_json(t, &rows[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "credentials", items));
}

static const struct rb_jfield add_fields[] = {
    {"kind", RB_J_STRING, true, 1, 60},
    {"issuer", RB_J_STRING, true, 1, 120},
    {"number", RB_J_STRING, true, 1, 120},
    {"issued_on", RB_J_DATE, true},
    {"expires_on", RB_J_DATE, true},
    {"cpr_expires_on", RB_J_DATE, false, 0, 0, NULL, true},
    {"ce_earned", RB_J_NUMBER, false, 0, 1000},
    {"ce_required", RB_J_NUMBER, false, 0, 1000},
    {NULL},
};

static int64_t
body_day(struct rb_req *r, const char *key)
{
    int64_t day = 0;

    if (rb_json_str(r->body, key) != NULL) {
        rb_date_parse(rb_json_str(r->body, key), &day);
    }
    return day;
}

static double
body_num(struct rb_req *r, const char *key)
{
    json_t *v = json_object_get(r->body, key);

    return json_is_number(v) ? json_number_value(v) : 0;
}

void
rb_h_credentials_add(struct rb_req *r)
{
    struct rb_credential in = {0};
    struct rb_credential_row row;
    struct rb_err err;
    int64_t uid;

    if (!rb_req_id(r, "id", &uid) || !rb_req_body(r, add_fields)) {
        return;
    }
    in.kind = rb_json_str(r->body, "kind");
    in.issuer = rb_json_str(r->body, "issuer");
    in.number = rb_json_str(r->body, "number");
    in.issued_day = body_day(r, "issued_on");
    in.expires_day = body_day(r, "expires_on");
    in.cpr_expires_day = body_day(r, "cpr_expires_on");
    in.ce_earned = body_num(r, "ce_earned");
    in.ce_required = body_num(r, "ce_required");
    if (rb_app_credential_add(
            r->app, &r->actor, uid, &in, &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, credential_json(rb_app_scope_table(r->app), &row));
}

static const struct rb_jfield verify_fields[] = {
    {"note", RB_J_STRING, true, 1, 500},
    {NULL},
};

void
rb_h_credentials_verify(struct rb_req *r)
{
    struct rb_credential_row row;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !rb_req_body(r, verify_fields)) {
        return;
    }
    if (rb_app_credential_verify(r->app, &r->actor, id, today(),
            rb_json_str(r->body, "note"), &r->arena, &row, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, credential_json(rb_app_scope_table(r->app), &row));
}

/*
 * What a staff member may do today for a healthy client who has signed the
 * current consent: the actions allowed, and the first refusal of the rest.
 */
static json_t *
abilities(const struct rb_scope_table *t, const struct rb_practitioner_state *p)
{
    const struct rb_client_state healthy = {.consent_current = true};
    json_t *allowed = json_array(), *refused = json_array();
    struct rb_scope_verdict v;

    for (int a = 0; a < RB__ACTION_MAX; a++) {
        if (rb_scope_check(t, p, &healthy, (enum rb_scope_action)a, today(), &v,
                NULL) != RB_OK) {
            continue;
        }
        if (v.allowed) {
            json_array_append_new(allowed,
                json_string(rb_scope_action_name((enum rb_scope_action)a)));
        } else {
            json_t *j = rb_scope_refusal_json(&v);
            json_object_set_new(j, "action",
                json_string(rb_scope_action_name((enum rb_scope_action)a)));
            json_array_append_new(refused, j);
        }
    }
    return json_pack("{s:o, s:o}", "allowed", allowed, "refused", refused);
}

static json_t *
alerts_json(
    const struct rb_scope_table *t, const struct rb_practitioner_state *p)
{
    struct rb_scope_alerts al;
    json_t *a = json_array();

    if (rb_scope_alerts(t, p, NULL, today(), &al, NULL) == RB_OK) {
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

void
rb_h_compliance(struct rb_req *r)
{
    const struct rb_scope_table *t = rb_app_scope_table(r->app);
    struct rb_credential_row *rows;
    struct rb_user *users;
    size_t n, nusers;
    struct rb_err err;
    json_t *staff;

    if (rb_app_credential_list(
            r->app, &r->actor, 0, 0, &r->arena, &rows, &n, &err) != RB_OK ||
        rb_app_user_list(
            r->app, &r->actor, 0, &r->arena, &users, &nusers, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    staff = json_array();
    for (size_t u = 0; u < nusers; u++) {
        struct rb_credential mine[MAX_STAFF_CREDENTIALS];
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
            json_array_append_new(creds, credential_json(t, &rows[i]));
            if (p.ncredentials < MAX_STAFF_CREDENTIALS) {
                mine[p.ncredentials++] = rows[i].c;
            }
        }
        json_array_append_new(staff,
            json_pack("{s:o, s:o, s:o, s:o}", "user", rb_render_user(&users[u]),
                "credentials", creds, "alerts", alerts_json(t, &p), "today",
                abilities(t, &p)));
    }
    rb_reply_json(r, 200,
        json_pack("{s:o, s:i, s:o}", "as_of", day_json(today()), "alert_days",
            RB_SCOPE_ALERT_DAYS, "staff", staff));
}
