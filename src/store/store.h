/*
 * store.h -- the one persistence interface of Rebound.
 *
 * Callers hold an opaque struct rb_store whatever the engine.  The engine
 * is chosen by the URL given to rb_store_open(): "sqlite:PATH", a bare
 * PATH, or "sqlite::memory:".  (A PostgreSQL backend comes next; the SQL is
 * written so that it accepts it.)
 *
 * Threads: a handle is used by one thread at a time.  The server keeps a
 * pool (store/pool.h) with one handle per worker thread.
 *
 * Tenancy: every function that touches practice data takes the
 * organization id and filters on it, so a row of another practice is
 * RB_ENOTFOUND, never a leak.
 *
 * Ownership: string members of returned structs live in the 'arena'
 * argument.  Out-parameters are written only on RB_OK.
 */
#ifndef RB_STORE_STORE_H
#define RB_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/scope.h"
#include "util/arena.h"
#include "util/status.h"

struct rb_store;

enum rb_store_open_flags {
    RB_STORE_MIGRATE = 1 << 0, /* bring an older schema up to date */
};

/*
 * Open a database.  With RB_STORE_MIGRATE an empty or older database is
 * migrated to the latest schema, each step in its own transaction;
 * without it an older schema is refused (code "schema_outdated").  A
 * schema newer than this binary is always refused (code "schema_too_new").
 * On RB_OK *ret is a new handle for rb_store_close().
 */
enum rb_status rb_store_open(const char *url, unsigned flags,
    struct rb_store **ret, struct rb_err *err) RB_MUST_CHECK;

/* Close a handle; NULL is ignored. */
void rb_store_close(struct rb_store *s);

/* The schema version this binary writes. */
int rb_store_schema_latest(void);

/* The database's schema version (0 for an empty database). */
enum rb_status rb_store_schema_version(
    struct rb_store *s, int *ret, struct rb_err *err);

/* Apply migrations up to 'target' (tests use it to build old databases). */
enum rb_status rb_store_migrate_to(
    struct rb_store *s, int target, struct rb_err *err);

/*
 * Transactions.  'write' starts one that takes the write lock at once (on
 * SQLite BEGIN IMMEDIATE), so two writers never deadlock upgrading.
 */
enum rb_status rb_store_begin(
    struct rb_store *s, bool write, struct rb_err *err);
enum rb_status rb_store_commit(struct rb_store *s, struct rb_err *err);
void rb_store_rollback(struct rb_store *s);

/* ---- organizations ---------------------------------------------------- */

enum rb_status rb_store_org_add(struct rb_store *s, const struct rb_org *o,
    int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_org_get(struct rb_store *s, int64_t id,
    struct rb_arena *arena, struct rb_org *ret, struct rb_err *err);
enum rb_status rb_store_org_list(struct rb_store *s, struct rb_arena *arena,
    struct rb_org **ret, size_t *ret_n, struct rb_err *err);
enum rb_status rb_store_org_rename(
    struct rb_store *s, int64_t id, const char *name, struct rb_err *err);

/* ---- users -------------------------------------------------------------- */

/* What the store keeps about a user beyond struct rb_user. */
struct rb_user_secret {
    const char *password_hash; /* NULL until an invite is accepted */
    const char *invite_hash;   /* NULL when no invite is pending */
    int64_t invite_expires_ms;
    struct rb_login_state login;
};

/* Add a user; RB_ECONFLICT (code "email_taken") if the e-mail is in use. */
enum rb_status rb_store_user_add(struct rb_store *s, const struct rb_user *u,
    const struct rb_user_secret *sec, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_user_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *arena, struct rb_user *ret, struct rb_err *err);
/* Look a user up by e-mail across practices (login); fills both outs. */
enum rb_status rb_store_user_by_email(struct rb_store *s, const char *email,
    struct rb_arena *arena, struct rb_user *ret, struct rb_user_secret *ret_sec,
    struct rb_err *err);
/* The user holding an unexpired invite with this hash. */
enum rb_status rb_store_user_by_invite(struct rb_store *s,
    const char *invite_hash, int64_t now_ms, struct rb_arena *arena,
    struct rb_user *ret, struct rb_err *err);
enum rb_status rb_store_user_list(struct rb_store *s, int64_t org_id,
    struct rb_arena *arena, struct rb_user **ret, size_t *ret_n,
    struct rb_err *err);
/* Set the password hash and drop any pending invite. */
enum rb_status rb_store_user_set_password(struct rb_store *s, int64_t id,
    const char *password_hash, struct rb_err *err);
enum rb_status rb_store_user_set_login_state(struct rb_store *s, int64_t id,
    const struct rb_login_state *st, struct rb_err *err);
enum rb_status rb_store_user_set_disabled(struct rb_store *s, int64_t org_id,
    int64_t id, bool disabled, struct rb_err *err);

/* ---- sessions ----------------------------------------------------------- */

enum rb_status rb_store_session_add(struct rb_store *s, const char *token_hash,
    int64_t user_id, int64_t org_id, int64_t created_ms, int64_t expires_ms,
    struct rb_err *err);
/*
 * The user (and their practice) behind a live session: not revoked, not
 * expired at 'now_ms', user not disabled.  RB_ENOTFOUND otherwise.  One
 * query, because every authenticated request starts here.
 */
enum rb_status rb_store_session_lookup(struct rb_store *s,
    const char *token_hash, int64_t now_ms, struct rb_arena *arena,
    struct rb_user *ret, struct rb_org *ret_org, int64_t *ret_expires_ms,
    struct rb_err *err);
enum rb_status rb_store_session_revoke(struct rb_store *s,
    const char *token_hash, int64_t now_ms, struct rb_err *err);
/* Revoke every session of a user (disable, password change). */
enum rb_status rb_store_session_revoke_user(
    struct rb_store *s, int64_t user_id, int64_t now_ms, struct rb_err *err);

/* ---- clients ------------------------------------------------------------ */

enum rb_status rb_store_client_add(struct rb_store *s,
    const struct rb_client *c, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_client_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_client *ret,
    struct rb_err *err);
/* Replace the editable fields of c->id (within c->org_id). */
enum rb_status rb_store_client_update(
    struct rb_store *s, const struct rb_client *c, struct rb_err *err);

struct rb_client_filter {
    int64_t org_id;
    int64_t user_id; /* only the client with this portal account, or 0 */
    int64_t limit;   /* 1..500 */
    int64_t offset;
};
enum rb_status rb_store_client_list(struct rb_store *s,
    const struct rb_client_filter *f, struct rb_arena *arena,
    struct rb_client **ret, size_t *ret_n, struct rb_err *err);

/* ---- a practice's exercise library ------------------------------------- */

struct rb_practice_exercise {
    const char *exercise_id;
    const char *body; /* JSON text, or NULL when the row only hides */
    bool hidden;
    int64_t updated_ms;
};

/* Insert or replace the row (org_id, exercise_id). */
enum rb_status rb_store_practice_exercise_put(struct rb_store *s,
    int64_t org_id, const struct rb_practice_exercise *pe, struct rb_err *err);
/* Remove the row; RB_ENOTFOUND when there is none. */
enum rb_status rb_store_practice_exercise_delete(struct rb_store *s,
    int64_t org_id, const char *exercise_id, struct rb_err *err);
/* Every row of a practice, ordered by exercise id. */
enum rb_status rb_store_practice_exercise_list(struct rb_store *s,
    int64_t org_id, struct rb_arena *arena, struct rb_practice_exercise **ret,
    size_t *ret_n, struct rb_err *err);
/*
 * A cheap fingerprint of a practice's library (row count and latest
 * change), so cached copies can tell when they are stale.
 */
enum rb_status rb_store_practice_exercise_stamp(struct rb_store *s,
    int64_t org_id, int64_t *ret_count, int64_t *ret_latest,
    struct rb_err *err);

/* ---- practitioners' credentials ----------------------------------------- */

struct rb_credential_row {
    int64_t id, org_id, user_id;
    struct rb_credential c; /* dates as day numbers; strings in the arena */
    int64_t verified_by_id; /* 0 when self-reported */
    int64_t created_ms;
};

enum rb_status rb_store_credential_add(struct rb_store *s,
    const struct rb_credential_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_credential_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_credential_row *ret,
    struct rb_err *err);
/* A practice's credentials, of one user (user_id > 0) or of everyone. */
enum rb_status rb_store_credential_list(struct rb_store *s, int64_t org_id,
    int64_t user_id, struct rb_arena *arena, struct rb_credential_row **ret,
    size_t *ret_n, struct rb_err *err);
enum rb_status rb_store_credential_verify(struct rb_store *s, int64_t org_id,
    int64_t id, int64_t by_user, int64_t day, const char *note,
    struct rb_err *err);

/* ---- intake, consent, injuries, clearances, screenings, cases --------- */

/*
 * A client's intake profile (columns of clients).  Numbers carry has_*
 * flags (SQL NULL when false); goals and equipment are JSON text checked
 * by the app before they are stored.  NULL strings are SQL NULL.
 */
struct rb_intake {
    bool has_height, has_weight, has_sitting, has_days, has_minutes;
    double height_cm, weight_kg, sitting_hours;
    int64_t availability_days, availability_minutes;
    const char *occupation, *activity_history, *experience;
    const char *goals, *equipment; /* JSON text */
    int64_t updated_ms;            /* 0: no intake recorded yet */
};

enum rb_status rb_store_intake_get(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_intake *ret,
    struct rb_err *err);
/* Replace the intake of a client; RB_ENOTFOUND if there is no such client. */
enum rb_status rb_store_intake_put(struct rb_store *s, int64_t org_id,
    int64_t client_id, const struct rb_intake *in, struct rb_err *err);

struct rb_consent_version {
    int64_t org_id, version;
    const char *body;
    int64_t created_by, created_ms;
};

/* Add the practice's next consent version (1, 2, ...); *ret_version. */
enum rb_status rb_store_consent_add(struct rb_store *s,
    const struct rb_consent_version *in, int64_t *ret_version,
    struct rb_err *err);
/* The practice's newest version; RB_ENOTFOUND when it has none. */
enum rb_status rb_store_consent_current(struct rb_store *s, int64_t org_id,
    struct rb_arena *arena, struct rb_consent_version *ret, struct rb_err *err);

struct rb_consent_signature {
    int64_t id, org_id, client_id, version, signed_by_user;
    const char *signer_name;
    int64_t signed_ms;
};

enum rb_status rb_store_consent_sign(struct rb_store *s,
    const struct rb_consent_signature *in, int64_t *ret_id, struct rb_err *err);
/* Whether the client has signed 'version'. */
enum rb_status rb_store_consent_signed(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t version, bool *ret, struct rb_err *err);

struct rb_injury_row {
    int64_t id, org_id, client_id;
    const char *region, *side, *kind, *surgery;
    int64_t onset_day, surgery_day; /* 0: not known */
    int64_t recurrences;
    const char *status;
    const char *restrictions; /* JSON list of restriction ids */
    const char *notes;
    int64_t created_by, created_ms, updated_ms;
};

enum rb_status rb_store_injury_add(struct rb_store *s,
    const struct rb_injury_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_injury_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_injury_row *ret,
    struct rb_err *err);
/* Replace status, restrictions, notes and updated time of in->id. */
enum rb_status rb_store_injury_update(
    struct rb_store *s, const struct rb_injury_row *in, struct rb_err *err);
/* A client's injuries, oldest first. */
enum rb_status rb_store_injury_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_injury_row **ret,
    size_t *ret_n, struct rb_err *err);

struct rb_clearance_row {
    int64_t id, org_id, client_id;
    const char *provider, *provider_credential;
    int64_t cleared_day, expires_day;
    const char *restrictions; /* JSON list of restriction ids */
    int64_t created_by, created_ms;
};

enum rb_status rb_store_clearance_add(struct rb_store *s,
    const struct rb_clearance_row *in, int64_t *ret_id, struct rb_err *err);
/* A client's clearances (client_id 0: every client's), newest recorded
 * first. */
enum rb_status rb_store_clearance_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_clearance_row **ret,
    size_t *ret_n, struct rb_err *err);

struct rb_screening_row {
    int64_t id, org_id, client_id;
    const char *answers, *result; /* JSON text */
    const char *outcome;
    int64_t screened_by, created_ms;
};

enum rb_status rb_store_screening_add(struct rb_store *s,
    const struct rb_screening_row *in, int64_t *ret_id, struct rb_err *err);
/* A client's screenings, newest first. */
enum rb_status rb_store_screening_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_screening_row **ret,
    size_t *ret_n, struct rb_err *err);

struct rb_case_row {
    int64_t id, org_id, client_id, injury_id;
    const char *protocol_id, *phase_id, *status;
    int64_t opened_by, opened_ms;
    int64_t phase_started_ms; /* when the current phase began */
};

enum rb_status rb_store_case_add(struct rb_store *s,
    const struct rb_case_row *in, int64_t *ret_id, struct rb_err *err);
/* Change a case's phase, its start and its status (by org_id and id). */
enum rb_status rb_store_case_update(
    struct rb_store *s, const struct rb_case_row *in, struct rb_err *err);
/* A client's cases, oldest first. */
enum rb_status rb_store_case_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_case_row **ret,
    size_t *ret_n, struct rb_err *err);

/* ---- assessments (docs/assessment.md) ------------------------------------ */

struct rb_assessment_row {
    int64_t id, org_id, client_id;
    int64_t day;         /* assessed on */
    int64_t assessor_id; /* 0: the command line */
    int64_t case_id;     /* 0: none */
    const char *notes;   /* may be NULL */
    const char *body;    /* the JSON it was recorded from */
    int64_t created_ms;
    int64_t nmeasures; /* filled by list and get */
};

struct rb_measurement_row {
    int64_t id, org_id, client_id, assessment_id;
    const char *measure, *side; /* side: "none", "left", "right" */
    double value;
    int64_t day;
    const char *exercise; /* per-exercise measures (est_1rm), else NULL */
};

/* One questionnaire administration, item by item. */
struct rb_response_row {
    int64_t id, org_id, client_id, assessment_id;
    const char *instrument;
    const char *answers; /* JSON array, null for a missing item */
    double score;
    const char *result; /* JSON: the scoring result */
    int64_t day;
};

enum rb_status rb_store_assessment_add(struct rb_store *s,
    const struct rb_assessment_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_assessment_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_assessment_row *ret,
    struct rb_err *err);
/* A client's assessments, newest first. */
enum rb_status rb_store_assessment_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena, struct rb_assessment_row **ret,
    size_t *ret_n, struct rb_err *err);
enum rb_status rb_store_measurement_add(struct rb_store *s,
    const struct rb_measurement_row *in, struct rb_err *err);
/* A client's measurements, oldest first: of one assessment when
 * 'assessment_id' is not 0, of one measure when 'measure' is not NULL. */
enum rb_status rb_store_measurement_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t assessment_id, const char *measure,
    struct rb_arena *arena, struct rb_measurement_row **ret, size_t *ret_n,
    struct rb_err *err);
enum rb_status rb_store_response_add(
    struct rb_store *s, const struct rb_response_row *in, struct rb_err *err);
/* A client's questionnaire answers, oldest first (one assessment's when
 * 'assessment_id' is not 0). */
enum rb_status rb_store_response_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t assessment_id, struct rb_arena *arena,
    struct rb_response_row **ret, size_t *ret_n, struct rb_err *err);

/* ---- programs, training logs, check-ins (docs/program-engine.md) -------- */

/* One version of a client's program; the newest is the current one. */
struct rb_program_version_row {
    int64_t id, org_id, client_id;
    int64_t version;     /* 1, 2, ... per client */
    const char *body;    /* the program, JSON */
    const char *changes; /* JSON list of {kind, ..., reason} */
    const char *reason;  /* why this version exists */
    int64_t created_by, created_ms;
};

enum rb_status rb_store_program_version_add(struct rb_store *s,
    const struct rb_program_version_row *in, int64_t *ret_id,
    struct rb_err *err);
/* Version 'version' of the client's program, the newest when 0. */
enum rb_status rb_store_program_version_get(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t version, struct rb_arena *arena,
    struct rb_program_version_row *ret, struct rb_err *err);
/* Every version, newest first, without their bodies (body = NULL). */
enum rb_status rb_store_program_version_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *arena,
    struct rb_program_version_row **ret, size_t *ret_n, struct rb_err *err);

struct rb_training_row {
    int64_t id, org_id, client_id;
    int64_t program_version_id; /* 0: none */
    const char *session_key;    /* e.g. "w1d2", may be NULL */
    int64_t day;
    const char *status;  /* "completed", "partial", "missed" */
    double rpe, minutes; /* < 0: not given */
    const char *notes;
    int64_t logged_by, created_ms;
};

struct rb_set_row {
    int64_t id, org_id, session_id;
    const char *exercise_id;
    int64_t set_no;
    double reps, seconds, load_kg, rpe, rir, pain; /* < 0: not given */
    int64_t day; /* the session's day (filled by the list) */
};

enum rb_status rb_store_training_add(struct rb_store *s,
    const struct rb_training_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_set_add(
    struct rb_store *s, const struct rb_set_row *in, struct rb_err *err);
/* A client's sessions from day 'from' on (0: all), oldest first. */
enum rb_status rb_store_training_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *arena,
    struct rb_training_row **ret, size_t *ret_n, struct rb_err *err);
/* The sets of those sessions, by day then set. */
enum rb_status rb_store_set_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *arena,
    struct rb_set_row **ret, size_t *ret_n, struct rb_err *err);

struct rb_checkin_row {
    int64_t id, org_id, client_id;
    int64_t day;
    const char *kind;      /* "next_morning" or "daily" */
    const char *body;      /* the check-in as given, JSON */
    double max_pain;       /* the highest pain reported, < 0: none */
    const char *red_flags; /* JSON list of red-flag ids */
    int64_t created_by, created_ms;
};

enum rb_status rb_store_checkin_add(struct rb_store *s,
    const struct rb_checkin_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_checkin_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *arena,
    struct rb_checkin_row **ret, size_t *ret_n, struct rb_err *err);

struct rb_recommendation_row {
    int64_t id, org_id, client_id, program_version_id;
    int64_t day;
    const char *exercise_id, *action;
    const char *reasons; /* JSON list */
    const char *status;  /* "pending", "accepted", "declined" */
    int64_t decided_by, decided_ms, result_version_id;
    int64_t created_ms;
};

enum rb_status rb_store_recommendation_add(struct rb_store *s,
    const struct rb_recommendation_row *in, int64_t *ret_id,
    struct rb_err *err);
/* A client's recommendations, newest first; only 'status' ones unless
 * NULL. */
enum rb_status rb_store_recommendation_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, const char *status, struct rb_arena *arena,
    struct rb_recommendation_row **ret, size_t *ret_n, struct rb_err *err);
enum rb_status rb_store_recommendation_by_id(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_recommendation_row *ret,
    struct rb_err *err);
/* Decide a pending recommendation (RB_ENOTFOUND if none such is
 * pending). */
enum rb_status rb_store_recommendation_decide(struct rb_store *s,
    const struct rb_recommendation_row *in, struct rb_err *err);

/* ---- the attention list: a practice's recent facts in a few reads ------- */

/* One client of the roster with what the attention list checks. */
struct rb_attention_client {
    int64_t client_id, practitioner_id;
    const char *first_name, *last_name;
    const char *screen_outcome; /* the latest screening's, NULL when none */
    int64_t screened_ms;        /* when it was stored, 0 when none */
    int64_t clearance_ms;       /* the latest clearance's record time, or 0 */
    int64_t clearance_expires;  /* its expiry day, 0 when none */
    int64_t pending_recommendations;
    int64_t open_cases;
    const char *open_phase; /* the open case's "protocol/phase", or NULL */
};

/* The day's highest pain during exercise of one client. */
struct rb_attention_pain {
    int64_t client_id, day;
    double pain;
};

struct rb_attention_facts {
    struct rb_attention_client *clients; /* by client id */
    size_t nclients;
    struct rb_training_row *sessions; /* since 'from', by client then day */
    size_t nsessions;
    struct rb_attention_pain *pain; /* since 'pain_from', by client, day */
    size_t npain;
    struct rb_checkin_row *checkins; /* since 'pain_from', client, day */
    size_t ncheckins;
};

/*
 * Everything the attention list needs for the clients of one practice
 * (of one practitioner when 'practitioner_id' is not 0): the roster with
 * screening, clearance, case and recommendation state, the sessions since
 * day 'from' (for load), and pain and check-ins since day 'pain_from'.
 * Only what the list reads is filled, so indexes can cover it: sessions
 * carry id, client, day, status, RPE and minutes; check-ins id, client,
 * day, kind, max_pain and red_flags (no body, no author or times).
 */
enum rb_status rb_store_attention_facts(struct rb_store *s, int64_t org_id,
    int64_t practitioner_id, int64_t from, int64_t pain_from,
    struct rb_arena *arena, struct rb_attention_facts *ret, struct rb_err *err);

/* ---- incident reports --------------------------------------------------- */

struct rb_incident_row {
    int64_t id, org_id;
    int64_t client_id;       /* 0: no client involved */
    const char *occurred_at; /* 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' */
    const char *location, *description, *actions_taken;
    const char *referral; /* NULL: none */
    int64_t reported_by, created_ms, updated_ms;
    int64_t signed_by, signed_ms; /* 0 until signed */
};

struct rb_incident_amendment {
    int64_t id, org_id, incident_id;
    const char *text;
    int64_t added_by, added_ms;
};

enum rb_status rb_store_incident_add(struct rb_store *s,
    const struct rb_incident_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status rb_store_incident_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *arena, struct rb_incident_row *ret,
    struct rb_err *err);
/*
 * Replace the content of an UNSIGNED report (client, occurred_at,
 * location, description, actions_taken, referral, updated time);
 * RB_ENOTFOUND when there is no unsigned report in->id.
 */
enum rb_status rb_store_incident_update(
    struct rb_store *s, const struct rb_incident_row *in, struct rb_err *err);
/* Sign an unsigned report; RB_ENOTFOUND when there is none to sign. */
enum rb_status rb_store_incident_sign(struct rb_store *s, int64_t org_id,
    int64_t id, int64_t by_user, int64_t at_ms, struct rb_err *err);
/* A practice's reports (of one reporter when reported_by > 0), newest
 * first. */
enum rb_status rb_store_incident_list(struct rb_store *s, int64_t org_id,
    int64_t reported_by, struct rb_arena *arena, struct rb_incident_row **ret,
    size_t *ret_n, struct rb_err *err);
enum rb_status rb_store_incident_amend(struct rb_store *s,
    const struct rb_incident_amendment *in, int64_t *ret_id,
    struct rb_err *err);
/* A report's amendments, oldest first. */
enum rb_status rb_store_incident_amendments(struct rb_store *s, int64_t org_id,
    int64_t incident_id, struct rb_arena *arena,
    struct rb_incident_amendment **ret, size_t *ret_n, struct rb_err *err);

/*
 * A user and their practice by user id ACROSS practices (the public
 * practitioner profile).  The caller decides what of it may be shown.
 */
enum rb_status rb_store_user_public(struct rb_store *s, int64_t id,
    struct rb_arena *arena, struct rb_user *ret, struct rb_org *ret_org,
    struct rb_err *err);

/* ---- audit -------------------------------------------------------------- */

/* Append one entry (a->id is ignored).  There is no update or delete. */
enum rb_status rb_store_audit_add(
    struct rb_store *s, const struct rb_audit_entry *a, struct rb_err *err);

struct rb_audit_filter {
    int64_t org_id;
    int64_t client_id; /* 0: any */
    int64_t user_id;   /* 0: any */
    int64_t from_ms;   /* inclusive; 0: no lower bound */
    int64_t to_ms;     /* exclusive; 0: no upper bound */
    int64_t before_id; /* paging: entries older than this id; 0: newest */
    int64_t limit;     /* 1..1000 */
};
/* Newest first. */
enum rb_status rb_store_audit_query(struct rb_store *s,
    const struct rb_audit_filter *f, struct rb_arena *arena,
    struct rb_audit_entry **ret, size_t *ret_n, struct rb_err *err);

#endif /* RB_STORE_STORE_H */
