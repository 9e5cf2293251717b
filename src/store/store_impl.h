/*
 * store_impl.h -- the contract between store.c and each backend.
 *
 * Only files under src/store/ include this.  A backend embeds a struct
 * rb_store as its FIRST member, fills a static const struct rb_store_ops
 * and exposes one *_open() function that store.c calls by URL scheme.
 * Each op has the meaning of the rb_store_* function of the same name.
 */
#ifndef RB_STORE_IMPL_H
#define RB_STORE_IMPL_H

#include "store/store.h"

struct rb_store_ops {
    const char *name;
    void (*close)(struct rb_store *s);
    enum rb_status (*schema_version)(struct rb_store *, int *, struct rb_err *);
    enum rb_status (*migrate_to)(struct rb_store *, int, struct rb_err *);
    enum rb_status (*begin)(struct rb_store *, bool, struct rb_err *);
    enum rb_status (*commit)(struct rb_store *, struct rb_err *);
    void (*rollback)(struct rb_store *);

    enum rb_status (*org_add)(
        struct rb_store *, const struct rb_org *, int64_t *, struct rb_err *);
    enum rb_status (*org_get)(struct rb_store *, int64_t, struct rb_arena *,
        struct rb_org *, struct rb_err *);
    enum rb_status (*org_list)(struct rb_store *, struct rb_arena *,
        struct rb_org **, size_t *, struct rb_err *);
    enum rb_status (*org_rename)(
        struct rb_store *, int64_t, const char *, struct rb_err *);

    enum rb_status (*user_add)(struct rb_store *, const struct rb_user *,
        const struct rb_user_secret *, int64_t *, struct rb_err *);
    enum rb_status (*user_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_user *, struct rb_err *);
    enum rb_status (*user_by_email)(struct rb_store *, const char *,
        struct rb_arena *, struct rb_user *, struct rb_user_secret *,
        struct rb_err *);
    enum rb_status (*user_by_invite)(struct rb_store *, const char *, int64_t,
        struct rb_arena *, struct rb_user *, struct rb_err *);
    enum rb_status (*user_list)(struct rb_store *, int64_t, struct rb_arena *,
        struct rb_user **, size_t *, struct rb_err *);
    enum rb_status (*user_set_password)(
        struct rb_store *, int64_t, const char *, struct rb_err *);
    enum rb_status (*user_set_login_state)(struct rb_store *, int64_t,
        const struct rb_login_state *, struct rb_err *);
    enum rb_status (*user_set_disabled)(
        struct rb_store *, int64_t, int64_t, bool, struct rb_err *);

    enum rb_status (*session_add)(struct rb_store *, const char *, int64_t,
        int64_t, int64_t, int64_t, struct rb_err *);
    enum rb_status (*session_lookup)(struct rb_store *, const char *, int64_t,
        struct rb_arena *, struct rb_user *, struct rb_org *, int64_t *,
        struct rb_err *);
    enum rb_status (*session_revoke)(
        struct rb_store *, const char *, int64_t, struct rb_err *);
    enum rb_status (*session_revoke_user)(
        struct rb_store *, int64_t, int64_t, struct rb_err *);

    enum rb_status (*client_add)(struct rb_store *, const struct rb_client *,
        int64_t *, struct rb_err *);
    enum rb_status (*client_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_client *, struct rb_err *);
    enum rb_status (*client_update)(
        struct rb_store *, const struct rb_client *, struct rb_err *);
    enum rb_status (*client_list)(struct rb_store *,
        const struct rb_client_filter *, struct rb_arena *, struct rb_client **,
        size_t *, struct rb_err *);

    enum rb_status (*pex_put)(struct rb_store *, int64_t,
        const struct rb_practice_exercise *, struct rb_err *);
    enum rb_status (*pex_delete)(
        struct rb_store *, int64_t, const char *, struct rb_err *);
    enum rb_status (*pex_list)(struct rb_store *, int64_t, struct rb_arena *,
        struct rb_practice_exercise **, size_t *, struct rb_err *);
    enum rb_status (*pex_stamp)(
        struct rb_store *, int64_t, int64_t *, int64_t *, struct rb_err *);

    enum rb_status (*cred_add)(struct rb_store *,
        const struct rb_credential_row *, int64_t *, struct rb_err *);
    enum rb_status (*cred_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_credential_row *, struct rb_err *);
    enum rb_status (*cred_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_credential_row **, size_t *,
        struct rb_err *);
    enum rb_status (*cred_verify)(struct rb_store *, int64_t, int64_t, int64_t,
        int64_t, const char *, struct rb_err *);

    enum rb_status (*intake_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_intake *, struct rb_err *);
    enum rb_status (*intake_put)(struct rb_store *, int64_t, int64_t,
        const struct rb_intake *, struct rb_err *);
    enum rb_status (*consent_add)(struct rb_store *,
        const struct rb_consent_version *, int64_t *, struct rb_err *);
    enum rb_status (*consent_current)(struct rb_store *, int64_t,
        struct rb_arena *, struct rb_consent_version *, struct rb_err *);
    enum rb_status (*consent_sign)(struct rb_store *,
        const struct rb_consent_signature *, int64_t *, struct rb_err *);
    enum rb_status (*consent_signed)(
        struct rb_store *, int64_t, int64_t, int64_t, bool *, struct rb_err *);
    enum rb_status (*injury_add)(struct rb_store *,
        const struct rb_injury_row *, int64_t *, struct rb_err *);
    enum rb_status (*injury_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_injury_row *, struct rb_err *);
    enum rb_status (*injury_update)(
        struct rb_store *, const struct rb_injury_row *, struct rb_err *);
    enum rb_status (*injury_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_injury_row **, size_t *, struct rb_err *);
    enum rb_status (*clearance_add)(struct rb_store *,
        const struct rb_clearance_row *, int64_t *, struct rb_err *);
    enum rb_status (*clearance_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_clearance_row **, size_t *,
        struct rb_err *);
    enum rb_status (*screening_add)(struct rb_store *,
        const struct rb_screening_row *, int64_t *, struct rb_err *);
    enum rb_status (*screening_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_screening_row **, size_t *,
        struct rb_err *);
    enum rb_status (*case_add)(struct rb_store *, const struct rb_case_row *,
        int64_t *, struct rb_err *);
    enum rb_status (*case_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_case_row **, size_t *, struct rb_err *);
    enum rb_status (*assessment_add)(struct rb_store *,
        const struct rb_assessment_row *, int64_t *, struct rb_err *);
    enum rb_status (*assessment_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_assessment_row *, struct rb_err *);
    enum rb_status (*assessment_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_assessment_row **, size_t *,
        struct rb_err *);
    enum rb_status (*measurement_add)(
        struct rb_store *, const struct rb_measurement_row *, struct rb_err *);
    enum rb_status (*measurement_list)(struct rb_store *, int64_t, int64_t,
        int64_t, const char *, struct rb_arena *, struct rb_measurement_row **,
        size_t *, struct rb_err *);
    enum rb_status (*response_add)(
        struct rb_store *, const struct rb_response_row *, struct rb_err *);
    enum rb_status (*response_list)(struct rb_store *, int64_t, int64_t,
        int64_t, struct rb_arena *, struct rb_response_row **, size_t *,
        struct rb_err *);
    enum rb_status (*program_version_add)(struct rb_store *,
        const struct rb_program_version_row *, int64_t *, struct rb_err *);
    enum rb_status (*program_version_get)(struct rb_store *, int64_t, int64_t,
        int64_t, struct rb_arena *, struct rb_program_version_row *,
        struct rb_err *);
    enum rb_status (*program_version_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_program_version_row **, size_t *,
        struct rb_err *);
    enum rb_status (*training_add)(struct rb_store *,
        const struct rb_training_row *, int64_t *, struct rb_err *);
    enum rb_status (*set_add)(
        struct rb_store *, const struct rb_set_row *, struct rb_err *);
    enum rb_status (*training_list)(struct rb_store *, int64_t, int64_t,
        int64_t, struct rb_arena *, struct rb_training_row **, size_t *,
        struct rb_err *);
    enum rb_status (*set_list)(struct rb_store *, int64_t, int64_t, int64_t,
        struct rb_arena *, struct rb_set_row **, size_t *, struct rb_err *);
    enum rb_status (*checkin_add)(struct rb_store *,
        const struct rb_checkin_row *, int64_t *, struct rb_err *);
    enum rb_status (*checkin_list)(struct rb_store *, int64_t, int64_t, int64_t,
        struct rb_arena *, struct rb_checkin_row **, size_t *, struct rb_err *);
    enum rb_status (*recommendation_add)(struct rb_store *,
        const struct rb_recommendation_row *, int64_t *, struct rb_err *);
    enum rb_status (*recommendation_list)(struct rb_store *, int64_t, int64_t,
        const char *, struct rb_arena *, struct rb_recommendation_row **,
        size_t *, struct rb_err *);
    enum rb_status (*recommendation_decide)(struct rb_store *,
        const struct rb_recommendation_row *, struct rb_err *);
    enum rb_status (*case_update)(
        struct rb_store *, const struct rb_case_row *, struct rb_err *);
    enum rb_status (*recommendation_by_id)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_recommendation_row *, struct rb_err *);
    enum rb_status (*attention_facts)(struct rb_store *, int64_t, int64_t,
        int64_t, int64_t, struct rb_arena *, struct rb_attention_facts *,
        struct rb_err *);

    enum rb_status (*incident_add)(struct rb_store *,
        const struct rb_incident_row *, int64_t *, struct rb_err *);
    enum rb_status (*incident_get)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_incident_row *, struct rb_err *);
    enum rb_status (*incident_update)(
        struct rb_store *, const struct rb_incident_row *, struct rb_err *);
    enum rb_status (*incident_sign)(
        struct rb_store *, int64_t, int64_t, int64_t, int64_t, struct rb_err *);
    enum rb_status (*incident_list)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_incident_row **, size_t *,
        struct rb_err *);
    enum rb_status (*incident_amend)(struct rb_store *,
        const struct rb_incident_amendment *, int64_t *, struct rb_err *);
    enum rb_status (*incident_amendments)(struct rb_store *, int64_t, int64_t,
        struct rb_arena *, struct rb_incident_amendment **, size_t *,
        struct rb_err *);
    enum rb_status (*user_public)(struct rb_store *, int64_t, struct rb_arena *,
        struct rb_user *, struct rb_org *, struct rb_err *);

    enum rb_status (*audit_add)(
        struct rb_store *, const struct rb_audit_entry *, struct rb_err *);
    enum rb_status (*audit_query)(struct rb_store *,
        const struct rb_audit_filter *, struct rb_arena *,
        struct rb_audit_entry **, size_t *, struct rb_err *);
};

/* Every backend struct starts with this, so &backend->base is an rb_store. */
struct rb_store {
    const struct rb_store_ops *ops;
};

enum rb_status rb_store_sqlite_open(const char *path, unsigned flags,
    struct rb_store **ret, struct rb_err *err);

#endif /* RB_STORE_IMPL_H */
