/*
 * store.c -- URL to backend, and thin dispatch to the backend's ops.
 */
#include <string.h>

#include "store/migrations.h"
#include "store/store_impl.h"
#include "util/str.h"

enum rb_status
rb_store_open(
    const char *url, unsigned flags, struct rb_store **ret, struct rb_err *err)
{
    if (url == NULL || *url == '\0') {
        return rb_fail_field(
            err, RB_EINVAL, "bad_database_url", "db", "no database given");
    }
    if (rb_str_starts(url, "sqlite:")) {
        return rb_store_sqlite_open(url + strlen("sqlite:"), flags, ret, err);
    }
    if (rb_str_starts(url, "postgres:") || rb_str_starts(url, "postgresql:")) {
        return rb_fail_field(err, RB_EINVAL, "bad_database_url", "db",
            "PostgreSQL is not supported by this build yet; use a SQLite "
            "path");
    }
    if (strstr(url, "://") != NULL) {
        return rb_fail_field(err, RB_EINVAL, "bad_database_url", "db",
            "unknown database URL '%.80s' (use sqlite:PATH or a path)", url);
    }
    return rb_store_sqlite_open(url, flags, ret, err);
}

void
rb_store_close(struct rb_store *s)
{
    if (s != NULL) {
        s->ops->close(s);
    }
}

int
rb_store_schema_latest(void)
{
    return rb_sqlite_migrations_count;
}

#define DISPATCH(op, ...) return s->ops->op(s, __VA_ARGS__)

enum rb_status
rb_store_schema_version(struct rb_store *s, int *ret, struct rb_err *err)
{
    DISPATCH(schema_version, ret, err);
}

enum rb_status
rb_store_migrate_to(struct rb_store *s, int target, struct rb_err *err)
{
    DISPATCH(migrate_to, target, err);
}

enum rb_status
rb_store_begin(struct rb_store *s, bool write, struct rb_err *err)
{
    DISPATCH(begin, write, err);
}

enum rb_status
rb_store_commit(struct rb_store *s, struct rb_err *err)
{
    DISPATCH(commit, err);
}

void
rb_store_rollback(struct rb_store *s)
{
    s->ops->rollback(s);
}

enum rb_status
rb_store_org_add(struct rb_store *s, const struct rb_org *o, int64_t *ret_id,
    struct rb_err *err)
{
    DISPATCH(org_add, o, ret_id, err);
}

enum rb_status
rb_store_org_get(struct rb_store *s, int64_t id, struct rb_arena *arena,
    struct rb_org *ret, struct rb_err *err)
{
    DISPATCH(org_get, id, arena, ret, err);
}

enum rb_status
rb_store_org_list(struct rb_store *s, struct rb_arena *arena,
    struct rb_org **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(org_list, arena, ret, ret_n, err);
}

enum rb_status
rb_store_org_rename(
    struct rb_store *s, int64_t id, const char *name, struct rb_err *err)
{
    DISPATCH(org_rename, id, name, err);
}

enum rb_status
rb_store_user_add(struct rb_store *s, const struct rb_user *u,
    const struct rb_user_secret *sec, int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(user_add, u, sec, ret_id, err);
}

enum rb_status
rb_store_user_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_user *ret, struct rb_err *err)
{
    DISPATCH(user_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_user_by_email(struct rb_store *s, const char *email,
    struct rb_arena *arena, struct rb_user *ret, struct rb_user_secret *ret_sec,
    struct rb_err *err)
{
    DISPATCH(user_by_email, email, arena, ret, ret_sec, err);
}

enum rb_status
rb_store_user_by_invite(struct rb_store *s, const char *invite_hash,
    int64_t now_ms, struct rb_arena *arena, struct rb_user *ret,
    struct rb_err *err)
{
    DISPATCH(user_by_invite, invite_hash, now_ms, arena, ret, err);
}

enum rb_status
rb_store_user_list(struct rb_store *s, int64_t org_id, struct rb_arena *arena,
    struct rb_user **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(user_list, org_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_user_set_password(struct rb_store *s, int64_t id,
    const char *password_hash, struct rb_err *err)
{
    DISPATCH(user_set_password, id, password_hash, err);
}

enum rb_status
rb_store_user_set_login_state(struct rb_store *s, int64_t id,
    const struct rb_login_state *st, struct rb_err *err)
{
    DISPATCH(user_set_login_state, id, st, err);
}

enum rb_status
rb_store_user_set_disabled(struct rb_store *s, int64_t org_id, int64_t id,
    bool disabled, struct rb_err *err)
{
    DISPATCH(user_set_disabled, org_id, id, disabled, err);
}

enum rb_status
rb_store_session_add(struct rb_store *s, const char *token_hash,
    int64_t user_id, int64_t org_id, int64_t created_ms, int64_t expires_ms,
    struct rb_err *err)
{
    DISPATCH(
        session_add, token_hash, user_id, org_id, created_ms, expires_ms, err);
}

enum rb_status
rb_store_session_lookup(struct rb_store *s, const char *token_hash,
    int64_t now_ms, struct rb_arena *arena, struct rb_user *ret,
    struct rb_org *ret_org, int64_t *ret_expires_ms, struct rb_err *err)
{
    DISPATCH(session_lookup, token_hash, now_ms, arena, ret, ret_org,
        ret_expires_ms, err);
}

enum rb_status
rb_store_session_revoke(struct rb_store *s, const char *token_hash,
    int64_t now_ms, struct rb_err *err)
{
    DISPATCH(session_revoke, token_hash, now_ms, err);
}

enum rb_status
rb_store_session_revoke_user(
    struct rb_store *s, int64_t user_id, int64_t now_ms, struct rb_err *err)
{
    DISPATCH(session_revoke_user, user_id, now_ms, err);
}

enum rb_status
rb_store_client_add(struct rb_store *s, const struct rb_client *c,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(client_add, c, ret_id, err);
}

enum rb_status
rb_store_client_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_client *ret, struct rb_err *err)
{
    DISPATCH(client_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_client_update(
    struct rb_store *s, const struct rb_client *c, struct rb_err *err)
{
    DISPATCH(client_update, c, err);
}

enum rb_status
rb_store_client_list(struct rb_store *s, const struct rb_client_filter *f,
    struct rb_arena *arena, struct rb_client **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(client_list, f, arena, ret, ret_n, err);
}

enum rb_status
rb_store_practice_exercise_put(struct rb_store *s, int64_t org_id,
    const struct rb_practice_exercise *pe, struct rb_err *err)
{
    DISPATCH(pex_put, org_id, pe, err);
}

enum rb_status
rb_store_practice_exercise_delete(struct rb_store *s, int64_t org_id,
    const char *exercise_id, struct rb_err *err)
{
    DISPATCH(pex_delete, org_id, exercise_id, err);
}

enum rb_status
rb_store_practice_exercise_list(struct rb_store *s, int64_t org_id,
    struct rb_arena *arena, struct rb_practice_exercise **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(pex_list, org_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_practice_exercise_stamp(struct rb_store *s, int64_t org_id,
    int64_t *ret_count, int64_t *ret_latest, struct rb_err *err)
{
    DISPATCH(pex_stamp, org_id, ret_count, ret_latest, err);
}

enum rb_status
rb_store_credential_add(struct rb_store *s, const struct rb_credential_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(cred_add, in, ret_id, err);
}

enum rb_status
rb_store_credential_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_credential_row *ret, struct rb_err *err)
{
    DISPATCH(cred_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_credential_list(struct rb_store *s, int64_t org_id, int64_t user_id,
    struct rb_arena *arena, struct rb_credential_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(cred_list, org_id, user_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_credential_verify(struct rb_store *s, int64_t org_id, int64_t id,
    int64_t by_user, int64_t day, const char *note, struct rb_err *err)
{
    DISPATCH(cred_verify, org_id, id, by_user, day, note, err);
}

enum rb_status
rb_store_intake_get(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_intake *ret, struct rb_err *err)
{
    DISPATCH(intake_get, org_id, client_id, arena, ret, err);
}

enum rb_status
rb_store_intake_put(struct rb_store *s, int64_t org_id, int64_t client_id,
    const struct rb_intake *in, struct rb_err *err)
{
    DISPATCH(intake_put, org_id, client_id, in, err);
}

enum rb_status
rb_store_consent_add(struct rb_store *s, const struct rb_consent_version *in,
    int64_t *ret_version, struct rb_err *err)
{
    DISPATCH(consent_add, in, ret_version, err);
}

enum rb_status
rb_store_consent_current(struct rb_store *s, int64_t org_id,
    struct rb_arena *arena, struct rb_consent_version *ret, struct rb_err *err)
{
    DISPATCH(consent_current, org_id, arena, ret, err);
}

enum rb_status
rb_store_consent_sign(struct rb_store *s, const struct rb_consent_signature *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(consent_sign, in, ret_id, err);
}

enum rb_status
rb_store_consent_signed(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t version, bool *ret, struct rb_err *err)
{
    DISPATCH(consent_signed, org_id, client_id, version, ret, err);
}

enum rb_status
rb_store_injury_add(struct rb_store *s, const struct rb_injury_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(injury_add, in, ret_id, err);
}

enum rb_status
rb_store_injury_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_injury_row *ret, struct rb_err *err)
{
    DISPATCH(injury_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_injury_update(
    struct rb_store *s, const struct rb_injury_row *in, struct rb_err *err)
{
    DISPATCH(injury_update, in, err);
}

enum rb_status
rb_store_injury_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_injury_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(injury_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_clearance_add(struct rb_store *s, const struct rb_clearance_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(clearance_add, in, ret_id, err);
}

enum rb_status
rb_store_clearance_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_clearance_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(clearance_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_screening_add(struct rb_store *s, const struct rb_screening_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(screening_add, in, ret_id, err);
}

enum rb_status
rb_store_screening_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_screening_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(screening_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_case_add(struct rb_store *s, const struct rb_case_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(case_add, in, ret_id, err);
}

enum rb_status
rb_store_case_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_case_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(case_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_assessment_add(struct rb_store *s, const struct rb_assessment_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(assessment_add, in, ret_id, err);
}

enum rb_status
rb_store_assessment_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_assessment_row *ret, struct rb_err *err)
{
    DISPATCH(assessment_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_assessment_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *arena, struct rb_assessment_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(assessment_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_measurement_add(
    struct rb_store *s, const struct rb_measurement_row *in, struct rb_err *err)
{
    DISPATCH(measurement_add, in, err);
}

enum rb_status
rb_store_measurement_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t assessment_id, const char *measure, struct rb_arena *arena,
    struct rb_measurement_row **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(measurement_list, org_id, client_id, assessment_id, measure, arena,
        ret, ret_n, err);
}

enum rb_status
rb_store_response_add(
    struct rb_store *s, const struct rb_response_row *in, struct rb_err *err)
{
    DISPATCH(response_add, in, err);
}

enum rb_status
rb_store_response_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t assessment_id, struct rb_arena *arena, struct rb_response_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    DISPATCH(response_list, org_id, client_id, assessment_id, arena, ret, ret_n,
        err);
}

enum rb_status
rb_store_program_version_add(struct rb_store *s,
    const struct rb_program_version_row *in, int64_t *ret_id,
    struct rb_err *err)
{
    DISPATCH(program_version_add, in, ret_id, err);
}

enum rb_status
rb_store_program_version_get(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t version, struct rb_arena *arena,
    struct rb_program_version_row *ret, struct rb_err *err)
{
    DISPATCH(program_version_get, org_id, client_id, version, arena, ret, err);
}

enum rb_status
rb_store_program_version_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena,
    struct rb_program_version_row **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(program_version_list, org_id, client_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_training_add(struct rb_store *s, const struct rb_training_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(training_add, in, ret_id, err);
}

enum rb_status
rb_store_set_add(
    struct rb_store *s, const struct rb_set_row *in, struct rb_err *err)
{
    DISPATCH(set_add, in, err);
}

enum rb_status
rb_store_training_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *arena, struct rb_training_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    DISPATCH(training_list, org_id, client_id, from, arena, ret, ret_n, err);
}

enum rb_status
rb_store_set_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *arena, struct rb_set_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    DISPATCH(set_list, org_id, client_id, from, arena, ret, ret_n, err);
}

enum rb_status
rb_store_checkin_add(struct rb_store *s, const struct rb_checkin_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(checkin_add, in, ret_id, err);
}

enum rb_status
rb_store_checkin_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *arena, struct rb_checkin_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    DISPATCH(checkin_list, org_id, client_id, from, arena, ret, ret_n, err);
}

enum rb_status
rb_store_recommendation_add(struct rb_store *s,
    const struct rb_recommendation_row *in, int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(recommendation_add, in, ret_id, err);
}

enum rb_status
rb_store_recommendation_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, const char *status, struct rb_arena *arena,
    struct rb_recommendation_row **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(
        recommendation_list, org_id, client_id, status, arena, ret, ret_n, err);
}

enum rb_status
rb_store_recommendation_decide(struct rb_store *s,
    const struct rb_recommendation_row *in, struct rb_err *err)
{
    DISPATCH(recommendation_decide, in, err);
}

enum rb_status
rb_store_audit_add(
    struct rb_store *s, const struct rb_audit_entry *a, struct rb_err *err)
{
    DISPATCH(audit_add, a, err);
}

enum rb_status
rb_store_audit_query(struct rb_store *s, const struct rb_audit_filter *f,
    struct rb_arena *arena, struct rb_audit_entry **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(audit_query, f, arena, ret, ret_n, err);
}

enum rb_status
rb_store_incident_add(struct rb_store *s, const struct rb_incident_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(incident_add, in, ret_id, err);
}

enum rb_status
rb_store_incident_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_incident_row *ret, struct rb_err *err)
{
    DISPATCH(incident_get, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_incident_update(
    struct rb_store *s, const struct rb_incident_row *in, struct rb_err *err)
{
    DISPATCH(incident_update, in, err);
}

enum rb_status
rb_store_incident_sign(struct rb_store *s, int64_t org_id, int64_t id,
    int64_t by_user, int64_t at_ms, struct rb_err *err)
{
    DISPATCH(incident_sign, org_id, id, by_user, at_ms, err);
}

enum rb_status
rb_store_incident_list(struct rb_store *s, int64_t org_id, int64_t reported_by,
    struct rb_arena *arena, struct rb_incident_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    DISPATCH(incident_list, org_id, reported_by, arena, ret, ret_n, err);
}

enum rb_status
rb_store_incident_amend(struct rb_store *s,
    const struct rb_incident_amendment *in, int64_t *ret_id, struct rb_err *err)
{
    DISPATCH(incident_amend, in, ret_id, err);
}

enum rb_status
rb_store_incident_amendments(struct rb_store *s, int64_t org_id,
    int64_t incident_id, struct rb_arena *arena,
    struct rb_incident_amendment **ret, size_t *ret_n, struct rb_err *err)
{
    DISPATCH(incident_amendments, org_id, incident_id, arena, ret, ret_n, err);
}

enum rb_status
rb_store_user_public(struct rb_store *s, int64_t id, struct rb_arena *arena,
    struct rb_user *ret, struct rb_org *ret_org, struct rb_err *err)
{
    DISPATCH(user_public, id, arena, ret, ret_org, err);
}

enum rb_status
rb_store_attention_facts(struct rb_store *s, int64_t org_id,
    int64_t practitioner_id, int64_t from, int64_t pain_from,
    struct rb_arena *arena, struct rb_attention_facts *ret, struct rb_err *err)
{
    DISPATCH(attention_facts, org_id, practitioner_id, from, pain_from, arena,
        ret, err);
}

enum rb_status
rb_store_recommendation_by_id(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_recommendation_row *ret,
    struct rb_err *err)
{
    DISPATCH(recommendation_by_id, org_id, id, arena, ret, err);
}

enum rb_status
rb_store_case_update(
    struct rb_store *s, const struct rb_case_row *in, struct rb_err *err)
{
    DISPATCH(case_update, in, err);
}
