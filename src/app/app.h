/*
 * app.h -- Rebound's use cases, shared by the HTTP API and the CLI.
 *
 * Every function here is one thing a person does ("invite a practitioner",
 * "read a client's record").  Each one checks that the actor may do it
 * (core/role.h), runs in one store transaction, and appends its audit row
 * in that same transaction, so a change and its audit entry land together
 * or not at all.  Front ends parse, call one of these, and render.
 *
 * Ownership: string members of returned structs live in the caller's arena.
 * Out-parameters are written only on RB_OK.  Thread-safety: an rb_app is
 * shared by all worker threads; every function may be called concurrently.
 */
#ifndef RB_APP_APP_H
#define RB_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "kb/kb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/status.h"

struct rb_app;

struct rb_app_config {
    const char *db_url;     /* store URL or path */
    size_t pool_size;       /* store handles (one per worker thread) */
    int64_t session_ttl_ms; /* login lifetime; 0: 12 hours */
    int64_t invite_ttl_ms;  /* invite lifetime; 0: 7 days */
    unsigned hash_slots;    /* concurrent argon2id hashes; 0: nproc */
    const char *data_dir;   /* knowledge base; NULL: none loaded */
};

/*
 * Who is acting.  For the API, the user behind the session; for the
 * command line (an operator on the server itself), 'system' is true and
 * 'user' names no one (id 0).
 */
struct rb_actor {
    struct rb_user user;
    struct rb_org org; /* the user's practice (zero for the CLI) */
    bool system;
    const char *address;    /* remote address, or "cli" */
    const char *request_id; /* "" outside HTTP */
};

/* The operator at the server's command line. */
struct rb_actor rb_actor_cli(void);

/*
 * The command line acting as staff member 'user_id' of practice 'org_id'
 * (address "cli"), for use cases that need a practitioner (their
 * credentials, their name on a letter).  RB_ENOTFOUND for no such user in
 * the practice; RB_EINVAL for clients and disabled users.  Strings in 'a'.
 */
enum rb_status rb_app_actor_for(struct rb_app *app, int64_t org_id,
    int64_t user_id, struct rb_arena *a, struct rb_actor *ret,
    struct rb_err *err);

/* Open the store pool, migrating the database if needed.  Allocates. */
enum rb_status rb_app_open(const struct rb_app_config *cfg, struct rb_app **ret,
    struct rb_err *err) RB_MUST_CHECK;
void rb_app_close(struct rb_app *app);

/* ---- sessions ----------------------------------------------------------- */

struct rb_login {
    const char *token;      /* give back as Bearer or cookie */
    const char *csrf_token; /* echo in X-CSRF-Token on cookie writes */
    int64_t expires_ms;
    struct rb_user user;
    struct rb_org org;
};

/*
 * Check an e-mail and password.  RB_EUNAUTH (code invalid_credentials) for
 * a wrong pair, unknown or disabled user; RB_ETHROTTLED (code
 * login_throttled or account_locked, with retry_after_s) when the account's
 * recent failures say to wait.  Slow on purpose (argon2id).
 */
enum rb_status rb_app_login(struct rb_app *app, const char *email,
    const char *password, const char *address, const char *request_id,
    struct rb_arena *a, struct rb_login *ret, struct rb_err *err);

/* Resolve a token to its actor; RB_EUNAUTH when unknown or expired. */
enum rb_status rb_app_session(struct rb_app *app, const char *token,
    const char *address, const char *request_id, struct rb_arena *a,
    struct rb_actor *ret, struct rb_err *err);

/* The CSRF token that belongs with a session token (derived, not stored). */
void rb_app_csrf_for(const char *token, char out[64]);

/* Revoke the session behind 'token'. */
enum rb_status rb_app_logout(struct rb_app *app, const struct rb_actor *who,
    const char *token, struct rb_err *err);

/* ---- organizations ------------------------------------------------------ */

/* A new practice with its owner (command line only). */
enum rb_status rb_app_org_create(struct rb_app *app, const struct rb_actor *who,
    const char *name, const char *kind, const char *owner_email,
    const char *owner_name, const char *owner_password, int64_t *ret_org_id,
    int64_t *ret_owner_id, struct rb_err *err);
enum rb_status rb_app_org_get(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, struct rb_arena *a, struct rb_org *ret, struct rb_err *err);
enum rb_status rb_app_org_list(struct rb_app *app, const struct rb_actor *who,
    struct rb_arena *a, struct rb_org **ret, size_t *ret_n, struct rb_err *err);
enum rb_status rb_app_org_rename(struct rb_app *app, const struct rb_actor *who,
    const char *name, struct rb_err *err);

/* ---- users -------------------------------------------------------------- */

struct rb_new_user {
    int64_t org_id; /* the command line names it; API: actor's org */
    const char *email;
    const char *name;
    enum rb_role role;
    const char *password; /* NULL: create an invite instead */
    int64_t client_id;    /* role client: link this client record, or 0 */
};

/*
 * Create a user.  With a password the account is active at once (command
 * line); without one an invite token is returned in *ret_invite (valid for
 * invite_ttl_ms, shown once, stored hashed).
 */
enum rb_status rb_app_user_create(struct rb_app *app,
    const struct rb_actor *who, const struct rb_new_user *in,
    struct rb_arena *a, struct rb_user *ret, const char **ret_invite,
    struct rb_err *err);
enum rb_status rb_app_invite_accept(struct rb_app *app, const char *token,
    const char *password, const char *address, const char *request_id,
    struct rb_arena *a, struct rb_user *ret, struct rb_err *err);
enum rb_status rb_app_user_get(struct rb_app *app, const struct rb_actor *who,
    int64_t id, struct rb_arena *a, struct rb_user *ret, struct rb_err *err);
enum rb_status rb_app_user_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, struct rb_arena *a, struct rb_user **ret, size_t *ret_n,
    struct rb_err *err);
enum rb_status rb_app_user_set_disabled(struct rb_app *app,
    const struct rb_actor *who, int64_t id, bool disabled, struct rb_err *err);
/* Command line: set a password and clear any lock, by e-mail. */
enum rb_status rb_app_user_reset(struct rb_app *app, const struct rb_actor *who,
    const char *email, const char *password, struct rb_err *err);

/* ---- clients ------------------------------------------------------------ */

enum rb_status rb_app_client_create(struct rb_app *app,
    const struct rb_actor *who, const struct rb_client *in, struct rb_arena *a,
    struct rb_client *ret, struct rb_err *err);
/* Reading a client's record leaves an audit row. */
enum rb_status rb_app_client_get(struct rb_app *app, const struct rb_actor *who,
    int64_t id, struct rb_arena *a, struct rb_client *ret, struct rb_err *err);
enum rb_status rb_app_client_list(struct rb_app *app,
    const struct rb_actor *who, int64_t limit, int64_t offset,
    struct rb_arena *a, struct rb_client **ret, size_t *ret_n,
    struct rb_err *err);

/* A change to a client: NULL / has_* false leaves a field as it is. */
struct rb_client_patch {
    const char *first_name, *last_name, *sex;
    bool has_birth_date, has_email, has_phone, has_practitioner;
    const char *birth_date, *email, *phone; /* NULL clears */
    int64_t practitioner_id;                /* 0 clears */
};
enum rb_status rb_app_client_update(struct rb_app *app,
    const struct rb_actor *who, int64_t id, const struct rb_client_patch *p,
    struct rb_arena *a, struct rb_client *ret, struct rb_err *err);

/* ---- audit -------------------------------------------------------------- */

/* Owner/admin (or the command line, which names f->org_id). */
enum rb_status rb_app_audit_query(struct rb_app *app,
    const struct rb_actor *who, const struct rb_audit_filter *f,
    struct rb_arena *a, struct rb_audit_entry **ret, size_t *ret_n,
    struct rb_err *err);

/* ---- the exercise library and protocols ---------------------------------- */

/* The built-in knowledge base (NULL when the app was opened without one). */
const struct rb_kb *rb_app_kb(const struct rb_app *app);

/*
 * A practice's view of the library, for searching and reading: the
 * built-in knowledge base plus the practice's overlay.  Cached per
 * practice and rebuilt when the practice's library changes; hold it only
 * for one request (rb_app_library_release).
 */
struct rb_library {
    const struct rb_kb *kb;
    const struct rb_kb_overlay *overlay;
    void *cache_entry; /* private */
};

enum rb_status rb_app_library_acquire(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, struct rb_library *ret,
    struct rb_err *err);
void rb_app_library_release(struct rb_app *app, struct rb_library *lib);

/*
 * Add or replace one of the practice's exercises (the data/exercises JSON
 * format).  An id equal to a built-in exercise's makes the practice's own
 * version of it.  'must_be_new' refuses an id already in the practice's
 * view (RB_ECONFLICT).  Staff only; audited.
 */
enum rb_status rb_app_exercise_put(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, const json_t *body,
    bool must_be_new, struct rb_err *err);
/* Hide or show an exercise (built-in or own) for the practice. */
enum rb_status rb_app_exercise_hide(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, const char *id, bool hidden,
    struct rb_err *err);
/* Drop the practice's own version or hiding of 'id'. */
enum rb_status rb_app_exercise_reset(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, const char *id,
    struct rb_err *err);

/* Progress of a long import: called after each exercise. */
typedef void (*rb_progress_fn)(void *ctx, size_t done, size_t total);

/*
 * Import {"exercises": [...], "hidden": [...]} into a practice's library
 * in one transaction: all or nothing.  On failure the error names the
 * offending entry.  *ret_n counts the exercises imported.
 */
enum rb_status rb_app_exercise_import(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, const json_t *doc,
    rb_progress_fn progress, void *progress_ctx, size_t *ret_n,
    struct rb_err *err);
/* The practice's library as {"exercises": [...], "hidden": [...]}. */
enum rb_status rb_app_exercise_export(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, json_t **ret,
    struct rb_err *err);

/* ---- practitioners' credentials ------------------------------------------ */

/* The credential table (data/credentials.json), or NULL without a kb. */
const struct rb_scope_table *rb_app_scope_table(const struct rb_app *app);

/*
 * Record a credential for staff member 'user_id' (self-reported).  Staff
 * may add their own; owners and admins anyone's in the practice.  The kind
 * must be a row of the credential table.  Audited.
 */
enum rb_status rb_app_credential_add(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t user_id,
    const struct rb_credential *in, struct rb_arena *a,
    struct rb_credential_row *ret, struct rb_err *err);
/* A user's credentials (user_id > 0) or the whole practice's (0; owners and
 * admins).  Staff may list their own. */
enum rb_status rb_app_credential_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t user_id,
    struct rb_arena *a, struct rb_credential_row **ret, size_t *ret_n,
    struct rb_err *err);
/* An owner or admin confirms a credential (on 'day', with a note). */
enum rb_status rb_app_credential_verify(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t id, int64_t day,
    const char *note, struct rb_arena *a, struct rb_credential_row *ret,
    struct rb_err *err);

/* A credential as JSON, with its status on 'today' (current, expired,
 * cpr_lapsed, unverified) and days left.  New reference. */
json_t *rb_app_credential_json(
    const struct rb_app *app, const struct rb_credential_row *r, int64_t today);

/*
 * The practice's compliance report on 'today' (owners and admins, or the
 * command line naming org_id): every staff member, every credential and
 * its status, alerts for what expires within 60 days, and what each may do
 * today for a healthy client (the scope rules).  *ret is a new reference.
 */
enum rb_status rb_app_compliance(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t today, json_t **ret, struct rb_err *err);

/* ---- intake, consent, injuries, clearances, screenings, cases --------- */

/*
 * Like rb_app_client_get() (audited as client.read), with the client's
 * intake profile.
 *
 * In this section, 'org_id' names the practice for the command line
 * (who->system) and is ignored for everyone else (their own practice).
 */
enum rb_status rb_app_client_get_full(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t id, struct rb_arena *a,
    struct rb_client *ret, struct rb_intake *ret_intake, struct rb_err *err);

/*
 * Replace a client's intake profile from the JSON body of PUT
 * /api/clients/{id}/intake (docs/api.md), checked strictly.  Staff only.
 */
enum rb_status rb_app_intake_put(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_intake *ret, struct rb_err *err);

/* A new version of the practice's consent form (owners and admins). */
enum rb_status rb_app_consent_create(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, const char *body,
    struct rb_arena *a, struct rb_consent_version *ret, struct rb_err *err);
/* The current version; RB_ENOTFOUND when the practice has none. */
enum rb_status rb_app_consent_current(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, struct rb_arena *a,
    struct rb_consent_version *ret, struct rb_err *err);
/* Has the client signed the current consent version?  *ret_version is
 * the current version (0 and *ret_signed true when the practice has no
 * consent form).  Staff, or the client themself. */
enum rb_status rb_app_consent_status(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, int64_t *ret_version, bool *ret_signed,
    struct rb_err *err);
/*
 * Sign 'version' (which must be the current one, else RB_ECONFLICT) for a
 * client: staff, or the client themself through the portal.
 */
enum rb_status rb_app_consent_sign(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    int64_t version, const char *signer_name, struct rb_arena *a,
    struct rb_consent_signature *ret, struct rb_err *err);

/*
 * Injury history, clearances and screenings are recorded by staff whose
 * credentials allow screening (a refusal is RB_EFORBIDDEN, code
 * out_of_scope, with err->rule and err->unblock).  Reading them is open to
 * staff and to the client themself.  Every call is audited.
 */
enum rb_status rb_app_injury_create(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, struct rb_injury_row *ret, struct rb_err *err);
/* Change status, restrictions and/or notes. */
enum rb_status rb_app_injury_update(struct rb_app *app,
    const struct rb_actor *who, int64_t id, const json_t *body,
    struct rb_arena *a, struct rb_injury_row *ret, struct rb_err *err);
enum rb_status rb_app_injury_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_injury_row **ret, size_t *ret_n,
    struct rb_err *err);

enum rb_status rb_app_clearance_create(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, struct rb_clearance_row *ret, struct rb_err *err);
enum rb_status rb_app_clearance_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_clearance_row **ret, size_t *ret_n,
    struct rb_err *err);

/* Run the screen (core/screening.h) on 'body' and store input and result. */
enum rb_status rb_app_screening_create(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, struct rb_screening_row *ret, struct rb_err *err);
enum rb_status rb_app_screening_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_screening_row **ret, size_t *ret_n,
    struct rb_err *err);

/* ---- scope of practice (scope.c) ------------------------------------------
 */

/* An allowed scope check. */
struct rb_scope_grant {
    const char *action;
    const char *const *restrictions; /* from the clearance and open injuries */
    size_t nrestrictions;
    bool has_clearance; /* the in-date clearance the work falls under */
    struct rb_clearance_row clearance;
};

/*
 * The server-side gate: may the acting staff member do 'action' (an
 * rb_scope_action name) for this client today?  Loads the actor's
 * credentials and the client's state (screening vs clearances, injuries,
 * latest clearance, consent) and asks rb_scope_check().  Audited as
 * scope.check with the verdict, whatever it is.  A refusal is
 * RB_EFORBIDDEN with code out_of_scope, err->rule and err->unblock.
 */
enum rb_status rb_app_scope_check(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const char *action,
    struct rb_arena *a, struct rb_scope_grant *ret, struct rb_err *err);

/*
 * Open an injury case on protocol 'protocol_id' (first phase), only when
 * the scope check for open_case passes (else as rb_app_scope_check).
 */
enum rb_status rb_app_case_open(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, int64_t injury_id, const char *protocol_id,
    struct rb_arena *a, struct rb_case_row *ret, struct rb_err *err);
enum rb_status rb_app_case_list(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, struct rb_arena *a, struct rb_case_row **ret,
    size_t *ret_n, struct rb_err *err);

/* ---- practice documents: incidents, referral letters, profiles ------- */

/*
 * Incident reports.  Staff record them (body: client_id?, occurred_at,
 * location, description, actions_taken, referral?; docs/api.md).  Owners
 * and admins see every report of the practice, practitioners the ones they
 * reported (any other id is RB_ENOTFOUND).  A report is edited only while
 * unsigned, by its reporter or an owner/admin (RB_ECONFLICT
 * "incident_signed" after); the same people sign it once; after signing
 * only amendments may be appended.  Every call is audited.
 */
enum rb_status rb_app_incident_create(struct rb_app *app,
    const struct rb_actor *who, const json_t *body, struct rb_arena *a,
    struct rb_incident_row *ret, struct rb_err *err);
enum rb_status rb_app_incident_update(struct rb_app *app,
    const struct rb_actor *who, int64_t id, const json_t *body,
    struct rb_arena *a, struct rb_incident_row *ret, struct rb_err *err);
enum rb_status rb_app_incident_sign(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t id, struct rb_arena *a,
    struct rb_incident_row *ret, struct rb_err *err);
enum rb_status rb_app_incident_amend(struct rb_app *app,
    const struct rb_actor *who, int64_t id, const char *text,
    struct rb_arena *a, struct rb_incident_amendment *ret, struct rb_err *err);
enum rb_status rb_app_incident_get(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t id, struct rb_arena *a,
    struct rb_incident_row *ret, struct rb_incident_amendment **ret_am,
    size_t *ret_nam, struct rb_err *err);
enum rb_status rb_app_incident_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, struct rb_arena *a,
    struct rb_incident_row **ret, size_t *ret_n, struct rb_err *err);

/* What a referral letter says; the http layer renders it. */
struct rb_referral {
    const char *to; /* "physician" or "physical_therapist" */
    int64_t day;    /* the letter's date */
    struct rb_org org;
    struct rb_client client;
    struct rb_user author;
    struct rb_credential_row *creds; /* the author's credentials on file */
    size_t ncreds;
    struct rb_injury_row *injuries; /* every injury of the client */
    size_t ninjuries;
    bool has_screening; /* the latest screening, when there is one */
    struct rb_screening_row screening;
};

/*
 * A referral letter for a client (staff only) to a physician or a
 * physical therapist.  Audited as "referral.create" (a client-record read).
 */
enum rb_status rb_app_referral(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const char *to, struct rb_arena *a,
    struct rb_referral *ret, struct rb_err *err);

/*
 * The public profile of a staff member (no login): their name, practice
 * and the credentials verified and current on 'today'.  RB_ENOTFOUND for
 * unknown ids, clients, disabled users and invites not yet accepted.
 */
enum rb_status rb_app_public_profile(struct rb_app *app, int64_t user_id,
    int64_t today, struct rb_arena *a, struct rb_user *ret,
    struct rb_org *ret_org, struct rb_credential_row **ret_creds, size_t *ret_n,
    struct rb_err *err);

/* The display name of a credential kind ("BOC-ATC"), or the kind. */
const char *rb_app_credential_name(const struct rb_app *app, const char *kind);

/* ---- demo --------------------------------------------------------------- */

/* One demo login, for printing. */
struct rb_demo_login {
    const char *email, *password, *role, *who;
};

/*
 * Create the demo practice (an owner, two practitioners, a handful of
 * clients, one with a portal login).  *ret points at a static table of
 * the logins, *ret_n its length.
 */
enum rb_status rb_app_seed_demo(struct rb_app *app,
    const struct rb_demo_login **ret, size_t *ret_n, struct rb_err *err);

/* ---- assessments (assess.c; docs/assessment.md) ------------------------ */

/*
 * Record an assessment from the JSON body of POST
 * /api/clients/{id}/assessments: {"date", "involved"?, "notes"?,
 * "case_id"?, "measures": [...] (engine/assess.h's measures document
 * items, raw tests included), "questionnaires": [{"instrument",
 * "answers": [n|null...], "measure"?}]}.  Staff whose credentials allow a
 * fitness assessment.  On RB_OK *ret is the stored assessment as JSON (a
 * new reference): its measures, derived ones included, the scored
 * questionnaires and the findings.
 */
enum rb_status rb_app_assessment_record(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, json_t **ret, struct rb_err *err);
/* The client's assessments, newest first (JSON array). */
enum rb_status rb_app_assessment_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, json_t **ret, struct rb_err *err);
/* One assessment as rb_app_assessment_record() returns it. */
enum rb_status rb_app_assessment_get(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t id, struct rb_arena *a,
    json_t **ret, struct rb_err *err);
/* Two of the client's assessments side by side: every measure and side
 * with before, after and change; questionnaires against their MCID. */
enum rb_status rb_app_assessment_compare(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id, int64_t from,
    int64_t to, struct rb_arena *a, json_t **ret, struct rb_err *err);
/* Every recorded value of one measure, oldest first. */
enum rb_status rb_app_measure_trend(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    const char *measure, struct rb_arena *a, json_t **ret, struct rb_err *err);
/* The gate of the client's open case: its phase's exit criteria against
 * the latest measures (RB_ENOTFOUND, code no_open_case, without one). */
enum rb_status rb_app_gate(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a, json_t **ret,
    struct rb_err *err);

/*
 * Move the client's open case to the next phase of its protocol, only when
 * the current phase's gate is ready (every exit criterion met and the time
 * floor passed; RB_ECONFLICT gate_not_met otherwise) -- never on time
 * alone.  Passing the last phase's gate closes the case.  Body:
 * {"reason"?, "close"?: true} (closing needs a reason: discharged,
 * referred ...).  Clinical work: the rehab_program scope check runs first.
 * *ret is {"case_id", "protocol_id", "phase_id", "status"}.
 */
enum rb_status rb_app_case_advance(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, json_t **ret, struct rb_err *err);

/* ---- the attention list (attention.c) --------------------------------- */

/*
 * Who needs attention today, ranked: open red flags and pending
 * clearances, pain above the pain-monitoring limit, load spikes, pending
 * program recommendations, missed sessions, gates ready to test, overdue
 * next-morning check-ins, clearances ending within 60 days.  A
 * practitioner sees their own clients; owners and admins every client, or
 * one practitioner's ('practitioner_id' not 0).  *ret is
 * {"date", "clients_checked", "clients": [{client_id, first_name,
 * last_name, practitioner_id, score, reasons: [{kind, weight, message,
 * source}]}], "note"}.
 */
enum rb_status rb_app_attention(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t practitioner_id, struct rb_arena *a, json_t **ret,
    struct rb_err *err);

/* ---- training logs and check-ins (logs.c) -------------------------------- */

/*
 * Who may log and read: staff of the practice (the command line naming
 * org_id), and the client themself through the portal.  A client user
 * naming another client of the practice is RB_EFORBIDDEN; a client of
 * another practice is RB_ENOTFOUND.  Every call is audited (session.log,
 * session.list, checkin.add, checkin.list).  Bodies are the JSON of POST
 * /api/clients/{id}/sessions and /checkins (docs/api.md), checked strictly.
 */

/* A logged session with its sets (set_no 1, 2, ... in the order given). */
struct rb_session_log {
    struct rb_training_row row;
    int64_t program_version; /* the version number, 0: none */
    struct rb_set_row *sets;
    size_t nsets;
};

enum rb_status rb_app_session_log(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    const json_t *body, struct rb_arena *a, struct rb_session_log *ret,
    struct rb_err *err);
/* Sessions on days from..to (inclusive; 0: open), oldest first. */
enum rb_status rb_app_session_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id, int64_t from,
    int64_t to, struct rb_arena *a, struct rb_session_log **ret, size_t *ret_n,
    struct rb_err *err);

/*
 * Record a check-in.  Red flags in it (symptom ids of core/screening.h)
 * also store, in the same transaction, a screening with outcome "refer"
 * made from those flags, so the scope rules hold programming until a
 * clinician's clearance is recorded after it; *ret_screening is that
 * screening (id 0 when there was no red flag).
 */
enum rb_status rb_app_checkin_add(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    const json_t *body, struct rb_arena *a, struct rb_checkin_row *ret,
    struct rb_screening_row *ret_screening, struct rb_err *err);
enum rb_status rb_app_checkin_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id, int64_t from,
    int64_t to, struct rb_arena *a, struct rb_checkin_row **ret, size_t *ret_n,
    struct rb_err *err);

/* ---- programs (programs.c; docs/program-engine.md) -------------------- */

/*
 * Generate a program for a client from the stored record with the
 * program engine, behind the scope gate (rehab_program with an open case,
 * program_healthy otherwise; a refusal is RB_EFORBIDDEN out_of_scope with
 * rule and unblock).  Body (all optional): {"start": date, "weeks": 1..12,
 * "save": true}.  Saved as the client's next version unless "save" is
 * false (a preview).  *ret is {"version", "program"}.
 */
enum rb_status rb_app_program_generate(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, json_t **ret, struct rb_err *err);
/* Version 'version' (0: the current one) with its program and changes. */
enum rb_status rb_app_program_get(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    int64_t version, struct rb_arena *a, json_t **ret, struct rb_err *err);
/* Every version, newest first, without the programs. */
enum rb_status rb_app_program_versions(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    struct rb_arena *a, json_t **ret, struct rb_err *err);
/*
 * Practitioner edits of the current program, saved as a new version:
 * {"edits": [{"op": "swap"|"dose"|"remove", "exercise", "week"?,
 * "session"?, "to"? (swap), "sets"?, "reps"?, "seconds"?, "rest_s"?,
 * "tempo"?, "intensity"? (dose), "reason"}], "reason"?}.  A swap must keep
 * the movement pattern and level (or take a listed regression or
 * progression).
 */
enum rb_status rb_app_program_edit(struct rb_app *app,
    const struct rb_actor *who, int64_t client_id, const json_t *body,
    struct rb_arena *a, json_t **ret, struct rb_err *err);
/*
 * Exercises that may replace 'exercise' of the current program: the same
 * movement pattern and level (or its listed regressions and
 * progressions), allowed in the program's phase and under its clearance,
 * and within the client's equipment.  *ret is {"exercise",
 * "alternatives": [{"id", "name", "pattern", "level", "relation"}]}.
 */
enum rb_status rb_app_program_alternatives(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    const char *exercise, struct rb_arena *a, json_t **ret, struct rb_err *err);
/* What changed between two versions, and the recorded reasons. */
enum rb_status rb_app_program_diff(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id, int64_t from,
    int64_t to, struct rb_arena *a, json_t **ret, struct rb_err *err);

/* ---- adjustment recommendations (adjust.c; docs/adjustment.md) -------- */

/*
 * A client's recommendations from the adjustment rules, newest first;
 * only 'status' ones ("pending", "accepted", "declined") unless NULL.
 * They are made when a session or a check-in is logged.
 */
enum rb_status rb_app_recommendation_list(struct rb_app *app,
    const struct rb_actor *who, int64_t org_id, int64_t client_id,
    const char *status, struct rb_arena *a, json_t **ret, struct rb_err *err);
/*
 * Accept or decline a pending recommendation: {"accept": bool,
 * "reason"?}.  Accepting makes a new program version (regress and
 * substitute: the listed easier neighbour, or the exercise out when none
 * is allowed; progress: the harder neighbour; stop_and_refer: out; hold:
 * recorded).  RB_ECONFLICT already_decided when it is not pending.
 */
enum rb_status rb_app_recommendation_decide(struct rb_app *app,
    const struct rb_actor *who, int64_t id, const json_t *body,
    struct rb_arena *a, json_t **ret, struct rb_err *err);

#endif /* RB_APP_APP_H */
