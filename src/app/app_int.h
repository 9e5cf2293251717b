/*
 * app_int.h -- what the files of app/ share and nobody else sees.
 */
#ifndef RB_APP_APP_INT_H
#define RB_APP_APP_INT_H

#include <pthread.h>
#include <semaphore.h>

#include "app/app.h"
#include "kb/credentials.h"
#include "core/role.h"
#include "engine/assess.h"
#include "store/pool.h"

struct rb_app {
    struct rb_store_pool *pool;
    struct rb_app_config cfg;
    sem_t hash_slots; /* bounds concurrent argon2id work (64 MiB each) */
    pthread_mutex_t dummy_lock;
    char dummy_hash[128]; /* see auth.c; made on first use */
    /*
     * Failed logins for e-mails that have no account, so that they are
     * throttled exactly like real ones and a 429 does not reveal which
     * addresses exist.  A small table indexed by a hash of the address;
     * a collision only shares a counter.
     */
    pthread_mutex_t ghost_lock;
    struct rb_login_state ghosts[1024];
    struct rb_kb *kb;             /* NULL when opened without a data dir */
    struct rb_credentials *creds; /* credential table; with the kb */
    struct library_cache *libs;   /* library.c */
};

/* library.c: create and destroy the per-practice overlay cache. */
void app_library_init(struct rb_app *app);
void app_library_fini(struct rb_app *app);

/* A store borrowed from the pool with a transaction open on it. */
struct tx {
    struct rb_app *app;
    struct rb_store *s;
};

enum rb_status tx_begin(
    struct rb_app *app, bool write, struct tx *tx, struct rb_err *err);
/* Commit and give the store back; on failure it is rolled back. */
enum rb_status tx_commit(struct tx *tx, struct rb_err *err);
/* Roll back and give the store back. */
void tx_abort(struct tx *tx);

/* Append an audit row for 'who' inside the open transaction. */
enum rb_status app_audit(struct rb_store *s, const struct rb_actor *who,
    int64_t org_id, const char *action, const char *record_type,
    int64_t record_id, int64_t client_id, const char *detail,
    struct rb_err *err);

/* RB_EFORBIDDEN unless the actor is the command line or holds 'cap'. */
enum rb_status app_require(
    const struct rb_actor *who, enum rb_cap cap, struct rb_err *err);

/* argon2id through libsodium, bounded by hash_slots. */
enum rb_status app_hash_password(
    struct rb_app *app, const char *pw, char out[128], struct rb_err *err);
bool app_verify_password(struct rb_app *app, const char *hash, const char *pw);

/* A fresh random 256-bit token, base64url without padding (43 chars). */
void app_new_token(char out[64]);
/* The stored form of a token: hex BLAKE2b-256 (64 chars + NUL). */
void app_token_hash(const char *token, char out[65]);

/*
 * Load a client the actor may see, inside an open transaction: staff see
 * the practice's clients, a client user only their own record (any other
 * id is RB_ENOTFOUND).  clients.c.
 */
enum rb_status app_load_client(struct rb_store *s, const struct rb_actor *who,
    int64_t id, struct rb_arena *a, struct rb_client *ret, struct rb_err *err);

/*
 * scope.c: refuse unless the acting staff member's credentials allow
 * 'action' (practitioner rules only; the command line always may).
 */
enum rb_status app_scope_practitioner(struct rb_app *app, struct rb_store *s,
    const struct rb_actor *who, enum rb_scope_action action, struct rb_arena *a,
    struct rb_err *err);

/* scope.c: fill err with a scope refusal (RB_EFORBIDDEN, out_of_scope). */
enum rb_status app_scope_refuse(
    const struct rb_scope_verdict *v, struct rb_err *err);

/*
 * The actor as it acts in a practice: the command line (system) acts in
 * 'org_id'; anyone else in their own practice ('org_id' ignored).  'tmp'
 * holds the copy when one is needed.  clients.c.
 */
const struct rb_actor *app_actor_in(
    const struct rb_actor *who, int64_t org_id, struct rb_actor *tmp);

/* Normalise an e-mail address (lower case) into the arena. */
char *app_email(struct rb_arena *a, const char *email);

/*
 * The scope gate for 'action' on client 'c' inside an open transaction:
 * audits the verdict (scope.check), then RB_OK with *ret, or the refusal
 * (RB_EFORBIDDEN out_of_scope, *refused true: commit to keep the audit
 * row) or a failure (*refused false: roll back).
 */
enum rb_status app_scope_client(struct rb_app *app, struct rb_store *s,
    const struct rb_actor *who, const struct rb_client *c,
    enum rb_scope_action action, struct rb_arena *a, struct rb_scope_grant *ret,
    bool *refused, struct rb_err *err);

/*
 * programs.c: apply checked edits ({"op", "exercise", "week"?, "to"?,
 * dose fields, "reason"}, as POST .../program/edits) to the client's
 * current program and save the next version, in the caller's transaction.
 */
enum rb_status app_program_apply(struct rb_app *app, struct rb_store *s,
    const struct rb_actor *who, const struct rb_client *c, const json_t *edits,
    const char *reason, struct rb_arena *a, struct rb_program_version_row *ret,
    struct rb_err *err);

/*
 * adjust.c: run the adjustment rules over the client's recent logs and
 * check-ins against the current program and store what they recommend
 * (pending), inside the caller's transaction.  No program: nothing.
 */
enum rb_status app_adjust_client(struct rb_app *app, struct rb_store *s,
    const struct rb_client *c, int64_t today, struct rb_arena *a,
    struct rb_err *err);

/* Whole years of age on 'day' of someone born on 'birth' (YYYY-MM-DD),
 * by the calendar; -1 when the birth date is unknown or later. */
int app_age_on(const char *birth, int64_t day);

/* A day number as a JSON "YYYY-MM-DD" string. */
json_t *app_date_json(int64_t day);

/* programs.c: the protocol phase a stored program trains in (its
 * "protocol" and "phase" ids), or NULL; *ret_protocol (if not NULL) the
 * protocol. */
const struct rb_phase *app_program_phase(const struct rb_kb *kb,
    const json_t *program, const struct rb_protocol **ret_protocol);

/*
 * assess.c: the gate of case 'k' of client 'c' (id and org_id are enough;
 * birth date and sex choose norm rows): the phase's exit criteria against
 * every stored measure plus the days in the phase.
 */
enum rb_status app_case_gate(struct rb_app *app, struct rb_store *s,
    const struct rb_client *c, const struct rb_case_row *k, struct rb_arena *a,
    struct rb_gate *ret, struct rb_measure_set *ret_set, struct rb_err *err);

/*
 * Open a transaction reading client 'client_id' (as app_load_client
 * allows) and audit it as 'action' ("injury.list", ...).  On RB_OK the
 * caller owns *tx and commits or aborts it; on failure it is closed.
 */
enum rb_status app_client_read(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const char *action, struct rb_arena *a, struct tx *tx,
    struct rb_client *c, struct rb_err *err);

/* Today's day number (util/str.h), by the system clock, UTC. */
int64_t app_today(void);

/* Compact JSON text of 'v' (keys sorted) copied into the arena; NULL when
 * it cannot be serialised. */
const char *app_json_text(struct rb_arena *a, const json_t *v);

#endif /* RB_APP_APP_INT_H */
