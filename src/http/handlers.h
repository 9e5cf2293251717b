/*
 * handlers.h -- every route handler, one file per resource (h_*.c).
 */
#ifndef RB_HTTP_HANDLERS_H
#define RB_HTTP_HANDLERS_H

#include "http/req.h"

void rb_h_health(struct rb_req *r);

void rb_h_auth_login(struct rb_req *r);
void rb_h_auth_logout(struct rb_req *r);
void rb_h_auth_me(struct rb_req *r);
void rb_h_auth_accept_invite(struct rb_req *r);

void rb_h_org_get(struct rb_req *r);
void rb_h_org_patch(struct rb_req *r);

void rb_h_users_list(struct rb_req *r);
void rb_h_users_create(struct rb_req *r);
void rb_h_users_get(struct rb_req *r);
void rb_h_users_patch(struct rb_req *r);

void rb_h_clients_list(struct rb_req *r);
void rb_h_clients_create(struct rb_req *r);
void rb_h_clients_get(struct rb_req *r);
void rb_h_clients_patch(struct rb_req *r);

void rb_h_audit_list(struct rb_req *r);

void rb_h_exercises_search(struct rb_req *r);
void rb_h_exercises_get(struct rb_req *r);
void rb_h_exercises_create(struct rb_req *r);
void rb_h_exercises_put(struct rb_req *r);
void rb_h_exercises_patch(struct rb_req *r);
void rb_h_exercises_delete(struct rb_req *r);
void rb_h_exercises_export(struct rb_req *r);
void rb_h_exercises_import(struct rb_req *r);

void rb_h_protocols_list(struct rb_req *r);

void rb_h_credentials_list(struct rb_req *r);
void rb_h_credentials_add(struct rb_req *r);
void rb_h_credentials_verify(struct rb_req *r);
void rb_h_compliance(struct rb_req *r);
void rb_h_protocols_get(struct rb_req *r);

void rb_h_intake_put(struct rb_req *r);
void rb_h_consents_create(struct rb_req *r);
void rb_h_consents_current(struct rb_req *r);
void rb_h_consent_sign(struct rb_req *r);
void rb_h_injuries_create(struct rb_req *r);
void rb_h_injuries_patch(struct rb_req *r);
void rb_h_injuries_list(struct rb_req *r);
void rb_h_clearances_create(struct rb_req *r);
void rb_h_clearances_list(struct rb_req *r);
void rb_h_screenings_create(struct rb_req *r);
void rb_h_screenings_list(struct rb_req *r);
void rb_h_scope_check(struct rb_req *r);
void rb_h_cases_create(struct rb_req *r);
void rb_h_cases_list(struct rb_req *r);

void rb_h_incidents_create(struct rb_req *r);
void rb_h_incidents_list(struct rb_req *r);
void rb_h_incidents_get(struct rb_req *r);
void rb_h_incidents_patch(struct rb_req *r);
void rb_h_incidents_sign(struct rb_req *r);
void rb_h_incidents_amend(struct rb_req *r);
void rb_h_referral(struct rb_req *r);
void rb_h_public_practitioner(struct rb_req *r);

/* JSON renderings shared by handlers (render.c).  New references. */
json_t *rb_render_user(const struct rb_user *u);
json_t *rb_render_org(const struct rb_org *o);
json_t *rb_render_client(const struct rb_client *c);
json_t *rb_render_audit(const struct rb_audit_entry *e);
json_t *rb_render_time(int64_t ms);
json_t *rb_render_intake(const struct rb_intake *in); /* h_intake.c */
json_t *rb_render_consent(const struct rb_consent_version *v);
json_t *rb_render_signature(const struct rb_consent_signature *s);
json_t *rb_render_injury(const struct rb_injury_row *r);
json_t *rb_render_clearance(const struct rb_clearance_row *r);
json_t *rb_render_screening(const struct rb_screening_row *r);

/* The records of a client's history that are added and listed alike. */
enum rb_history {
    RB_HISTORY_INJURY,
    RB_HISTORY_CLEARANCE,
    RB_HISTORY_SCREENING,
    RB__HISTORY_MAX
};

struct rb_history_kind {
    const char *name;   /* "injury" */
    const char *plural; /* the list's key: "injuries" */
    /* Add one from 'body'; on RB_OK *ret is its JSON (new reference). */
    enum rb_status (*add)(struct rb_app *app, const struct rb_actor *who,
        int64_t client_id, const json_t *body, struct rb_arena *a, json_t **ret,
        struct rb_err *err);
    /* A client's records; on RB_OK *ret is a JSON array.  org_id names the
     * practice for the command line. */
    enum rb_status (*list)(struct rb_app *app, const struct rb_actor *who,
        int64_t org_id, int64_t client_id, struct rb_arena *a, json_t **ret,
        struct rb_err *err);
};

/* h_assess.c */
void rb_h_assessments_create(struct rb_req *r);
void rb_h_assessments_list(struct rb_req *r);
void rb_h_assessments_get(struct rb_req *r);
void rb_h_assessments_compare(struct rb_req *r);
void rb_h_trend(struct rb_req *r);
void rb_h_gate(struct rb_req *r);
void rb_h_case_advance(struct rb_req *r);
void rb_h_attention(struct rb_req *r);
void rb_h_consent_status(struct rb_req *r);
/* h_programs.c */
void rb_h_program_generate(struct rb_req *r);
void rb_h_program_get(struct rb_req *r);
void rb_h_program_versions(struct rb_req *r);
void rb_h_program_edit(struct rb_req *r);
void rb_h_program_diff(struct rb_req *r);
void rb_h_program_alternatives(struct rb_req *r);
void rb_h_recommendations_list(struct rb_req *r);
void rb_h_recommendation_decide(struct rb_req *r);

extern const struct rb_history_kind rb_history_kinds[RB__HISTORY_MAX];
json_t *rb_render_case(const struct rb_case_row *r);
json_t *rb_render_incident(const struct rb_incident_row *r); /* h_incidents.c */
json_t *rb_render_amendment(const struct rb_incident_amendment *m);
/* The referral letter as an HTML page in 'a' (h_documents.c). */
const char *rb_render_referral_html(const struct rb_referral *f,
    struct rb_app *app, struct rb_arena *a, size_t *ret_len);

/* Training logs and check-ins (h_logs.c). */
void rb_h_sessions_create(struct rb_req *r);
void rb_h_sessions_list(struct rb_req *r);
void rb_h_checkins_create(struct rb_req *r);
void rb_h_checkins_list(struct rb_req *r);
json_t *rb_render_session(const struct rb_session_log *s);
json_t *rb_render_checkin(const struct rb_checkin_row *r);
/* {"checkin": ..., "screening": ... or null} (screening id 0: none). */
json_t *rb_render_checkin_added(
    const struct rb_checkin_row *c, const struct rb_screening_row *s);

#endif /* RB_HTTP_HANDLERS_H */
