/*
 * store_sqlite.c -- the embedded SQLite backend of store.h.
 *
 * Settings (see docs/architecture.md): WAL journal, synchronous=NORMAL
 * (an acknowledged commit survives a process crash; a power cut may lose
 * the last few, never corrupts), foreign keys on, a 5 s busy timeout, and
 * prepared statements cached per handle.  Handles are opened NOMUTEX: one
 * thread uses a handle at a time, which the pool guarantees.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/sqlite/sqlite_int.h"
#include "store/sql_rewrite.h"
#include "store/store_impl.h"
#include "util/clock.h"
#include "util/str.h"
#include "util/xalloc.h"

/* The statements, written once in PostgreSQL's dialect ($N placeholders). */
enum q {
    Q_ORG_ADD,
    Q_ORG_GET,
    Q_ORG_LIST,
    Q_ORG_RENAME,
    Q_USER_ADD,
    Q_USER_GET,
    Q_USER_BY_EMAIL,
    Q_USER_BY_INVITE,
    Q_USER_LIST,
    Q_USER_SET_PASSWORD,
    Q_USER_SET_LOGIN,
    Q_USER_SET_DISABLED,
    Q_SESSION_ADD,
    Q_SESSION_LOOKUP,
    Q_SESSION_REVOKE,
    Q_SESSION_REVOKE_USER,
    Q_CLIENT_ADD,
    Q_CLIENT_GET,
    Q_CLIENT_UPDATE,
    Q_CLIENT_LIST,
    Q_AUDIT_ADD,
    Q_AUDIT_QUERY,
    Q_PEX_PUT,
    Q_PEX_DELETE,
    Q_PEX_LIST,
    Q_PEX_STAMP,
    Q_CRED_ADD,
    Q_CRED_GET,
    Q_CRED_LIST,
    Q_CRED_VERIFY,
    Q_INTAKE_GET,
    Q_INTAKE_PUT,
    Q_CONSENT_ADD,
    Q_CONSENT_CURRENT,
    Q_CONSENT_SIGN,
    Q_CONSENT_SIGNED,
    Q_INJURY_ADD,
    Q_INJURY_GET,
    Q_INJURY_UPDATE,
    Q_INJURY_LIST,
    Q_CLEARANCE_ADD,
    Q_CLEARANCE_LIST,
    Q_SCREENING_ADD,
    Q_SCREENING_LIST,
    Q_CASE_ADD,
    Q_CASE_LIST,
    Q_INCIDENT_ADD,
    Q_INCIDENT_GET,
    Q_INCIDENT_UPDATE,
    Q_INCIDENT_SIGN,
    Q_INCIDENT_LIST,
    Q_INCIDENT_AMEND,
    Q_INCIDENT_AMENDMENTS,
    Q_USER_PUBLIC,
    Q_BEGIN_READ,
    Q_BEGIN_WRITE,
    Q_COMMIT,
    Q_ROLLBACK,
    Q__MAX
};

#define USER_COLS                                                              \
    "id, org_id, email, name, role, disabled, password_hash IS NOT NULL, "     \
    "created_at"
#define CLIENT_COLS                                                            \
    "id, org_id, user_id, practitioner_id, first_name, last_name, "            \
    "birth_date, sex, email, phone, created_at, updated_at"

#define CRED_COLS                                                              \
    "id, org_id, user_id, kind, issuer, number, issued_on, expires_on, "       \
    "cpr_expires_on, ce_earned, ce_required, verified, verified_by, "          \
    "verified_on, verify_note, created_at"

#define INTAKE_COLS                                                            \
    "height_cm, weight_kg, occupation, sitting_hours_per_day, "                \
    "activity_history, goals, availability_days, availability_minutes, "       \
    "equipment, experience, intake_updated_at"
#define INJURY_COLS                                                            \
    "id, org_id, client_id, region, side, kind, surgery, onset_on, "           \
    "surgery_on, recurrences, status, restrictions, notes, created_by, "       \
    "created_at, updated_at"
#define CLEARANCE_COLS                                                         \
    "id, org_id, client_id, provider, provider_credential, cleared_on, "       \
    "expires_on, restrictions, created_by, created_at"
#define SCREENING_COLS                                                         \
    "id, org_id, client_id, answers, result, outcome, screened_by, "           \
    "created_at"
#define CASE_COLS                                                              \
    "id, org_id, client_id, injury_id, protocol_id, phase_id, status, "        \
    "opened_by, opened_at, COALESCE(phase_started_at, opened_at)"

#define INCIDENT_COLS                                                          \
    "id, org_id, client_id, occurred_at, location, description, "              \
    "actions_taken, referral, reported_by, created_at, updated_at, "           \
    "signed_by, signed_at"

static const char *const q_sql[Q__MAX] = {
    [Q_ORG_ADD] = "INSERT INTO orgs (name, kind, created_at) "
                  "VALUES ($1, $2, $3) RETURNING id",
    [Q_ORG_GET] = "SELECT id, name, kind, created_at FROM orgs WHERE id = $1",
    [Q_ORG_LIST] = "SELECT id, name, kind, created_at FROM orgs ORDER BY id",
    [Q_ORG_RENAME] = "UPDATE orgs SET name = $2 WHERE id = $1",
    [Q_USER_ADD] =
        "INSERT INTO users (org_id, email, name, role, password_hash, "
        "invite_hash, invite_expires_at, disabled, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    [Q_USER_GET] =
        "SELECT " USER_COLS " FROM users WHERE org_id = $1 AND id = $2",
    [Q_USER_BY_EMAIL] =
        "SELECT " USER_COLS ", password_hash, invite_hash, invite_expires_at, "
        "failed_logins, last_failed_at, locked_until "
        "FROM users WHERE email = $1",
    [Q_USER_BY_INVITE] = "SELECT " USER_COLS " FROM users "
                         "WHERE invite_hash = $1 AND invite_expires_at > $2",
    [Q_USER_LIST] =
        "SELECT " USER_COLS " FROM users WHERE org_id = $1 ORDER BY id",
    [Q_USER_SET_PASSWORD] =
        "UPDATE users SET password_hash = $2, invite_hash = NULL, "
        "invite_expires_at = NULL WHERE id = $1",
    [Q_USER_SET_LOGIN] =
        "UPDATE users SET failed_logins = $2, last_failed_at = $3, "
        "locked_until = $4 WHERE id = $1",
    [Q_USER_SET_DISABLED] =
        "UPDATE users SET disabled = $3 WHERE org_id = $1 AND id = $2",
    [Q_SESSION_ADD] =
        "INSERT INTO sessions (token_hash, user_id, org_id, created_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5)",
    [Q_SESSION_LOOKUP] =
        "SELECT u.id, u.org_id, u.email, u.name, u.role, u.disabled, "
        "u.password_hash IS NOT NULL, u.created_at, s.expires_at, "
        "o.id, o.name, o.kind, o.created_at "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "JOIN orgs o ON o.id = u.org_id "
        "WHERE s.token_hash = $1 AND s.revoked_at IS NULL "
        "AND s.expires_at > $2 AND u.disabled = 0",
    [Q_SESSION_REVOKE] = "UPDATE sessions SET revoked_at = $2 "
                         "WHERE token_hash = $1 AND revoked_at IS NULL",
    [Q_SESSION_REVOKE_USER] = "UPDATE sessions SET revoked_at = $2 "
                              "WHERE user_id = $1 AND revoked_at IS NULL",
    [Q_CLIENT_ADD] =
        "INSERT INTO clients (org_id, user_id, practitioner_id, first_name, "
        "last_name, birth_date, sex, email, phone, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    [Q_CLIENT_GET] =
        "SELECT " CLIENT_COLS " FROM clients WHERE org_id = $1 AND id = $2",
    [Q_CLIENT_UPDATE] =
        "UPDATE clients SET user_id = $3, practitioner_id = $4, "
        "first_name = $5, last_name = $6, birth_date = $7, sex = $8, "
        "email = $9, phone = $10, updated_at = $11 "
        "WHERE org_id = $1 AND id = $2",
    [Q_CLIENT_LIST] = "SELECT " CLIENT_COLS " FROM clients WHERE org_id = $1 "
                      "AND ($2 = 0 OR user_id = $2) "
                      "ORDER BY last_name, first_name, id LIMIT $3 OFFSET $4",
    [Q_AUDIT_ADD] =
        "INSERT INTO audit (org_id, at, user_id, action, record_type, "
        "record_id, client_id, address, request_id, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [Q_AUDIT_QUERY] =
        "SELECT id, org_id, at, user_id, action, record_type, record_id, "
        "client_id, address, request_id, detail FROM audit "
        "WHERE org_id = $1 AND ($2 = 0 OR client_id = $2) "
        "AND ($3 = 0 OR user_id = $3) AND at >= $4 AND ($5 = 0 OR at < $5) "
        "AND ($6 = 0 OR id < $6) ORDER BY id DESC LIMIT $7",
    [Q_PEX_PUT] =
        "INSERT INTO practice_exercises (org_id, exercise_id, body, hidden, "
        "updated_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (org_id, exercise_id) DO UPDATE SET body = excluded.body, "
        "hidden = excluded.hidden, updated_at = excluded.updated_at",
    [Q_PEX_DELETE] = "DELETE FROM practice_exercises "
                     "WHERE org_id = $1 AND exercise_id = $2",
    [Q_PEX_LIST] = "SELECT exercise_id, body, hidden, updated_at "
                   "FROM practice_exercises WHERE org_id = $1 "
                   "ORDER BY exercise_id",
    [Q_PEX_STAMP] = "SELECT count(*), COALESCE(max(updated_at), 0) "
                    "FROM practice_exercises WHERE org_id = $1",
    [Q_CRED_ADD] =
        "INSERT INTO credentials (org_id, user_id, kind, issuer, number, "
        "issued_on, expires_on, cpr_expires_on, ce_earned, ce_required, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "RETURNING id",
    [Q_CRED_GET] = "SELECT " CRED_COLS " FROM credentials "
                   "WHERE org_id = $1 AND id = $2",
    [Q_CRED_LIST] = "SELECT " CRED_COLS " FROM credentials "
                    "WHERE org_id = $1 AND ($2 = 0 OR user_id = $2) "
                    "ORDER BY user_id, expires_on DESC, id",
    [Q_CRED_VERIFY] =
        "UPDATE credentials SET verified = 1, verified_by = $3, "
        "verified_on = $4, verify_note = $5 WHERE org_id = $1 AND id = $2",
    [Q_INTAKE_GET] =
        "SELECT " INTAKE_COLS " FROM clients WHERE org_id = $1 AND id = $2",
    [Q_INTAKE_PUT] =
        "UPDATE clients SET height_cm = $3, weight_kg = $4, occupation = $5, "
        "sitting_hours_per_day = $6, activity_history = $7, goals = $8, "
        "availability_days = $9, availability_minutes = $10, "
        "equipment = $11, experience = $12, intake_updated_at = $13, "
        "updated_at = $13 WHERE org_id = $1 AND id = $2",
    [Q_CONSENT_ADD] =
        "INSERT INTO consent_versions (org_id, version, body, created_by, "
        "created_at) SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 "
        "FROM consent_versions WHERE org_id = $1 RETURNING version",
    [Q_CONSENT_CURRENT] =
        "SELECT org_id, version, body, created_by, created_at "
        "FROM consent_versions WHERE org_id = $1 "
        "ORDER BY version DESC LIMIT 1",
    [Q_CONSENT_SIGN] =
        "INSERT INTO consent_signatures (org_id, client_id, version, "
        "signed_by_user, signer_name, signed_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [Q_CONSENT_SIGNED] =
        "SELECT count(*) FROM consent_signatures "
        "WHERE org_id = $1 AND client_id = $2 AND version = $3",
    [Q_INJURY_ADD] =
        "INSERT INTO injuries (org_id, client_id, region, side, kind, "
        "surgery, onset_on, surgery_on, recurrences, status, restrictions, "
        "notes, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    [Q_INJURY_GET] =
        "SELECT " INJURY_COLS " FROM injuries WHERE org_id = $1 AND id = $2",
    [Q_INJURY_UPDATE] =
        "UPDATE injuries SET status = $3, restrictions = $4, notes = $5, "
        "recurrences = $6, updated_at = $7 WHERE org_id = $1 AND id = $2",
    [Q_INJURY_LIST] = "SELECT " INJURY_COLS " FROM injuries "
                      "WHERE org_id = $1 AND client_id = $2 ORDER BY id",
    [Q_CLEARANCE_ADD] =
        "INSERT INTO clearances (org_id, client_id, provider, "
        "provider_credential, cleared_on, expires_on, restrictions, "
        "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "RETURNING id",
    [Q_CLEARANCE_LIST] = "SELECT " CLEARANCE_COLS " FROM clearances "
                         "WHERE org_id = $1 AND ($2 = 0 OR client_id = $2) "
                         "ORDER BY created_at DESC, id DESC",
    [Q_SCREENING_ADD] =
        "INSERT INTO screenings (org_id, client_id, answers, result, "
        "outcome, screened_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7) RETURNING id",
    [Q_SCREENING_LIST] = "SELECT " SCREENING_COLS " FROM screenings "
                         "WHERE org_id = $1 AND client_id = $2 "
                         "ORDER BY created_at DESC, id DESC",
    [Q_CASE_ADD] =
        "INSERT INTO cases (org_id, client_id, injury_id, protocol_id, "
        "phase_id, status, opened_by, opened_at, phase_started_at) VALUES ($1, "
        "$2, $3, $4, $5, 'open', $6, $7, $7) RETURNING id",
    [Q_CASE_LIST] = "SELECT " CASE_COLS " FROM cases "
                    "WHERE org_id = $1 AND client_id = $2 ORDER BY id",
    [Q_INCIDENT_ADD] =
        "INSERT INTO incidents (org_id, client_id, occurred_at, location, "
        "description, actions_taken, referral, reported_by, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
        "RETURNING id",
    [Q_INCIDENT_GET] = "SELECT " INCIDENT_COLS " FROM incidents "
                       "WHERE org_id = $1 AND id = $2",
    [Q_INCIDENT_UPDATE] =
        "UPDATE incidents SET client_id = $3, occurred_at = $4, "
        "location = $5, description = $6, actions_taken = $7, "
        "referral = $8, updated_at = $9 "
        "WHERE org_id = $1 AND id = $2 AND signed_at IS NULL",
    [Q_INCIDENT_SIGN] = "UPDATE incidents SET signed_by = $3, signed_at = $4 "
                        "WHERE org_id = $1 AND id = $2 AND signed_at IS NULL",
    [Q_INCIDENT_LIST] = "SELECT " INCIDENT_COLS " FROM incidents "
                        "WHERE org_id = $1 AND ($2 = 0 OR reported_by = $2) "
                        "ORDER BY id DESC",
    [Q_INCIDENT_AMEND] =
        "INSERT INTO incident_amendments (org_id, incident_id, text, "
        "added_by, added_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [Q_INCIDENT_AMENDMENTS] =
        "SELECT id, org_id, incident_id, text, added_by, added_at "
        "FROM incident_amendments WHERE org_id = $1 AND incident_id = $2 "
        "ORDER BY id",
    [Q_USER_PUBLIC] =
        "SELECT u.id, u.org_id, u.email, u.name, u.role, u.disabled, "
        "u.password_hash IS NOT NULL, u.created_at, "
        "o.id, o.name, o.kind, o.created_at "
        "FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1",
    [Q_BEGIN_READ] = "BEGIN",
    [Q_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
};

struct sqlite_store {
    struct rb_store base; /* must be first */
    sqlite3 *db;
    sqlite3_stmt *stmts[Q__MAX];
    sqlite3_stmt *extra[SQ_SLOTS]; /* the other files' statements */
};

static struct sqlite3 *
db_of(struct rb_store *s)
{
    return ((struct sqlite_store *)s)->db;
}

/*
 * Map an SQLite result to a status.  Constraint violations are the
 * caller's business (409); everything else is the database's (503).
 */
static enum rb_status
fail_db(sqlite3 *db, int rc, struct rb_err *err)
{
    int ext = sqlite3_extended_errcode(db);

    if (ext == SQLITE_CONSTRAINT_UNIQUE ||
        ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return rb_fail_field(
            err, RB_ECONFLICT, "conflict", NULL, "that record already exists");
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return rb_fail_field(err, RB_ECONFLICT, "constraint", NULL,
            "the database refused the change: %s", sqlite3_errmsg(db));
    }
    return rb_fail_field(err, RB_EBACKEND, "database_error", NULL,
        "database error: %s", sqlite3_errmsg(db));
}

/* The cached statement for 'q', prepared on first use. */
static sqlite3_stmt *
stmt(struct rb_store *s, enum q q, struct rb_err *err)
{
    struct sqlite_store *ss = (struct sqlite_store *)s;
    char sql[2048];

    if (ss->stmts[q] == NULL) {
        if (rb_sql_rewrite_pg_to_sqlite(q_sql[q], sql, sizeof(sql)) != RB_OK) {
            rb_fail(err, RB_EINTERNAL, "cannot rewrite query %d", (int)q);
            return NULL;
        }
        if (sqlite3_prepare_v3(ss->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                &ss->stmts[q], NULL) != SQLITE_OK) {
            rb_fail(err, RB_EINTERNAL, "cannot prepare query %d: %s", (int)q,
                sqlite3_errmsg(ss->db));
            return NULL;
        }
    }
    return ss->stmts[q];
}

static void
done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v == NULL) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    }
}

/* Bind an id where 0 means "none" (SQL NULL). */
static void
bind_id(sqlite3_stmt *st, int i, int64_t v)
{
    if (v == 0) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_int64(st, i, v);
    }
}

static const char *
col_str(sqlite3_stmt *st, int i, struct rb_arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    if (t == NULL) {
        return NULL;
    }
    return rb_arena_strndup(
        a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

/* Run a statement that returns no rows; RB_ENOTFOUND if 'need_row' and it
 * changed nothing. */
static enum rb_status
run(struct rb_store *s, sqlite3_stmt *st, bool need_change, struct rb_err *err)
{
    int rc = sqlite3_step(st);
    enum rb_status out = RB_OK;

    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        out = fail_db(db_of(s), rc, err);
    } else if (need_change && sqlite3_changes(db_of(s)) == 0) {
        out = rb_fail(err, RB_ENOTFOUND, "no such record");
    }
    done(st);
    return out;
}

/* Run an INSERT ... RETURNING id. */
static enum rb_status
run_returning(
    struct rb_store *s, sqlite3_stmt *st, int64_t *ret_id, struct rb_err *err)
{
    int rc = sqlite3_step(st);
    enum rb_status out = RB_OK;

    if (rc == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            *ret_id = id;
        } else {
            out = fail_db(db_of(s), rc, err);
        }
    } else {
        out = fail_db(db_of(s), rc, err);
    }
    done(st);
    return out;
}

/* ---- schema ------------------------------------------------------------- */

static enum rb_status
exec_sql(sqlite3 *db, const char *sql, struct rb_err *err)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rb_fail_field(err, RB_EBACKEND, "database_error", NULL, "%s",
            msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return RB_EBACKEND;
    }
    return RB_OK;
}

static enum rb_status
read_version(sqlite3 *db, int *ret, struct rb_err *err)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v2(db,
        "SELECT COALESCE(MAX(version), 0) FROM schema_version", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_db(db, rc, err);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *ret = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? RB_OK : fail_db(db, rc, err);
}

static enum rb_status
sqlite_schema_version(struct rb_store *s, int *ret, struct rb_err *err)
{
    return read_version(db_of(s), ret, err);
}

/* Apply one migration inside its own write transaction. */
static enum rb_status
apply(sqlite3 *db, const struct rb_migration *m, struct rb_err *err)
{
    char sql[160];
    int cur = 0;

    if (exec_sql(db, "BEGIN IMMEDIATE", err) != RB_OK) {
        return RB_EBACKEND;
    }
    /* Another process may have migrated while we waited for the lock. */
    if (read_version(db, &cur, err) != RB_OK) {
        goto fail;
    }
    if (cur >= m->version) {
        return exec_sql(db, "COMMIT", err);
    }
    if (exec_sql(db, m->sql, err) != RB_OK) {
        goto fail;
    }
    snprintf(sql, sizeof(sql),
        "INSERT INTO schema_version (version, name, applied_at) "
        "VALUES (%d, '%s', %lld)",
        m->version, m->name, (long long)rb_clock_now_ms());
    if (exec_sql(db, sql, err) != RB_OK || exec_sql(db, "COMMIT", err)) {
        goto fail;
    }
    return RB_OK;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    rb_fail_field(err, RB_EBACKEND, "migration_failed", NULL,
        "schema migration %s failed: %s", m->name,
        err ? err->msg : "database error");
    return RB_EBACKEND;
}

static enum rb_status
sqlite_migrate_to(struct rb_store *s, int target, struct rb_err *err)
{
    sqlite3 *db = db_of(s);
    int cur;

    if (target <= 0 || target > rb_sqlite_migrations_count) {
        target = rb_sqlite_migrations_count;
    }
    if (read_version(db, &cur, err) != RB_OK) {
        return RB_EBACKEND;
    }
    for (int i = cur; i < target; i++) {
        if (apply(db, &rb_sqlite_migrations[i], err) != RB_OK) {
            return RB_EBACKEND;
        }
    }
    return RB_OK;
}

static void
sqlite_close(struct rb_store *s)
{
    struct sqlite_store *ss = (struct sqlite_store *)s;

    for (int i = 0; i < SQ_SLOTS; i++) {
        sqlite3_finalize(ss->extra[i]);
    }
    for (int i = 0; i < Q__MAX; i++) {
        sqlite3_finalize(ss->stmts[i]);
    }
    if (ss->db != NULL) {
        sqlite3_exec(ss->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close(ss->db);
    }
    free(ss);
}

/* ---- transactions ------------------------------------------------------- */

static enum rb_status
simple(struct rb_store *s, enum q q, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, q, err);

    return st ? run(s, st, false, err) : RB_EINTERNAL;
}

static enum rb_status
sqlite_begin(struct rb_store *s, bool write, struct rb_err *err)
{
    return simple(s, write ? Q_BEGIN_WRITE : Q_BEGIN_READ, err);
}

static enum rb_status
sqlite_commit(struct rb_store *s, struct rb_err *err)
{
    return simple(s, Q_COMMIT, err);
}

static void
sqlite_rollback(struct rb_store *s)
{
    if (!sqlite3_get_autocommit(db_of(s))) {
        (void)simple(s, Q_ROLLBACK, NULL);
    }
}

/* ---- organizations ------------------------------------------------------ */

static void
read_org(sqlite3_stmt *st, struct rb_arena *a, struct rb_org *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->name = col_str(st, 1, a);
    o->kind = col_str(st, 2, a);
    o->created_ms = sqlite3_column_int64(st, 3);
}

static enum rb_status
sqlite_org_add(struct rb_store *s, const struct rb_org *o, int64_t *ret_id,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_ORG_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, o->name);
    bind_text(st, 2, o->kind);
    sqlite3_bind_int64(st, 3, o->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_org_get(struct rb_store *s, int64_t id, struct rb_arena *a,
    struct rb_org *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_ORG_GET, err);
    enum rb_status out;
    int rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_org(st, a, ret);
        out = RB_OK;
    } else if (rc == SQLITE_DONE) {
        out = rb_fail(err, RB_ENOTFOUND, "no such organization");
    } else {
        out = fail_db(db_of(s), rc, err);
    }
    done(st);
    return out;
}

/*
 * Collect every row of a prepared query into a growing arena array.
 * 'read' fills one element.  The arena keeps the old copies when the array
 * grows; lists are capped by LIMIT so that waste is bounded.
 */
typedef void (*read_row_fn)(sqlite3_stmt *, struct rb_arena *, void *);

static enum rb_status
collect(struct rb_store *s, sqlite3_stmt *st, struct rb_arena *a, size_t elem,
    read_row_fn read, void **ret, size_t *ret_n, struct rb_err *err)
{
    size_t n = 0, cap = 16;
    unsigned char *items = rb_arena_alloc(a, cap * elem);
    enum rb_status out = RB_OK;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            unsigned char *bigger = rb_arena_alloc(a, 2 * cap * elem);
            memcpy(bigger, items, n * elem);
            items = bigger;
            cap *= 2;
        }
        read(st, a, items + n * elem);
        n++;
    }
    if (rc != SQLITE_DONE) {
        out = fail_db(db_of(s), rc, err);
    } else {
        *ret = items;
        *ret_n = n;
    }
    done(st);
    return out;
}

static void
read_org_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    read_org(st, a, out);
}

static enum rb_status
sqlite_org_list(struct rb_store *s, struct rb_arena *a, struct rb_org **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_ORG_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    return collect(s, st, a, sizeof(struct rb_org), read_org_row, (void **)ret,
        ret_n, err);
}

static enum rb_status
sqlite_org_rename(
    struct rb_store *s, int64_t id, const char *name, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_ORG_RENAME, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, name);
    return run(s, st, true, err);
}

/* ---- users -------------------------------------------------------------- */

static void
read_user(sqlite3_stmt *st, struct rb_arena *a, struct rb_user *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->org_id = sqlite3_column_int64(st, 1);
    u->email = col_str(st, 2, a);
    u->name = col_str(st, 3, a);
    u->role = rb_role_parse((const char *)sqlite3_column_text(st, 4));
    u->disabled = sqlite3_column_int(st, 5) != 0;
    u->active = sqlite3_column_int(st, 6) != 0;
    u->created_ms = sqlite3_column_int64(st, 7);
}

static void
read_user_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    read_user(st, a, out);
}

static enum rb_status
sqlite_user_add(struct rb_store *s, const struct rb_user *u,
    const struct rb_user_secret *sec, int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_ADD, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, u->org_id);
    bind_text(st, 2, u->email);
    bind_text(st, 3, u->name);
    bind_text(st, 4, rb_role_name(u->role));
    bind_text(st, 5, sec->password_hash);
    bind_text(st, 6, sec->invite_hash);
    if (sec->invite_hash != NULL) {
        sqlite3_bind_int64(st, 7, sec->invite_expires_ms);
    } else {
        sqlite3_bind_null(st, 7);
    }
    sqlite3_bind_int(st, 8, u->disabled ? 1 : 0);
    sqlite3_bind_int64(st, 9, u->created_ms);
    rc = run_returning(s, st, ret_id, err);
    if (rc == RB_ECONFLICT &&
        sqlite3_extended_errcode(db_of(s)) == SQLITE_CONSTRAINT_UNIQUE) {
        rb_fail_field(err, RB_ECONFLICT, "email_taken", "email",
            "a user with that e-mail address already exists");
    }
    return rc;
}

/* Step a single-row query: RB_ENOTFOUND when it returns nothing. */
static enum rb_status
one_row(
    struct rb_store *s, sqlite3_stmt *st, const char *what, struct rb_err *err)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW) {
        return RB_OK;
    }
    done(st);
    if (rc == SQLITE_DONE) {
        return rb_fail(err, RB_ENOTFOUND, "no such %s", what);
    }
    return fail_db(db_of(s), rc, err);
}

static enum rb_status
sqlite_user_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_user *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_GET, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    rc = one_row(s, st, "user", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_user(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_user_by_email(struct rb_store *s, const char *email, struct rb_arena *a,
    struct rb_user *ret, struct rb_user_secret *ret_sec, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_BY_EMAIL, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, email);
    rc = one_row(s, st, "user", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_user(st, a, ret);
    ret_sec->password_hash = col_str(st, 8, a);
    ret_sec->invite_hash = col_str(st, 9, a);
    ret_sec->invite_expires_ms = sqlite3_column_int64(st, 10);
    ret_sec->login.failures = sqlite3_column_int(st, 11);
    ret_sec->login.last_failure_ms = sqlite3_column_int64(st, 12);
    ret_sec->login.locked_until_ms = sqlite3_column_int64(st, 13);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_user_by_invite(struct rb_store *s, const char *invite_hash,
    int64_t now_ms, struct rb_arena *a, struct rb_user *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_BY_INVITE, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, invite_hash);
    sqlite3_bind_int64(st, 2, now_ms);
    rc = one_row(s, st, "invite", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_user(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_user_list(struct rb_store *s, int64_t org_id, struct rb_arena *a,
    struct rb_user **ret, size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    return collect(s, st, a, sizeof(struct rb_user), read_user_row,
        (void **)ret, ret_n, err);
}

static enum rb_status
sqlite_user_set_password(
    struct rb_store *s, int64_t id, const char *hash, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_SET_PASSWORD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, hash);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_user_set_login_state(struct rb_store *s, int64_t id,
    const struct rb_login_state *ls, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_SET_LOGIN, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, ls->failures);
    sqlite3_bind_int64(st, 3, ls->last_failure_ms);
    sqlite3_bind_int64(st, 4, ls->locked_until_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_user_set_disabled(struct rb_store *s, int64_t org_id, int64_t id,
    bool disabled, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_SET_DISABLED, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int(st, 3, disabled ? 1 : 0);
    return run(s, st, true, err);
}

/* ---- sessions ----------------------------------------------------------- */

static enum rb_status
sqlite_session_add(struct rb_store *s, const char *token_hash, int64_t user_id,
    int64_t org_id, int64_t created_ms, int64_t expires_ms, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SESSION_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, org_id);
    sqlite3_bind_int64(st, 4, created_ms);
    sqlite3_bind_int64(st, 5, expires_ms);
    return run(s, st, false, err);
}

static enum rb_status
sqlite_session_lookup(struct rb_store *s, const char *token_hash,
    int64_t now_ms, struct rb_arena *a, struct rb_user *ret,
    struct rb_org *ret_org, int64_t *ret_expires_ms, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SESSION_LOOKUP, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, now_ms);
    rc = one_row(s, st, "session", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_user(st, a, ret);
    *ret_expires_ms = sqlite3_column_int64(st, 8);
    ret_org->id = sqlite3_column_int64(st, 9);
    ret_org->name = col_str(st, 10, a);
    ret_org->kind = col_str(st, 11, a);
    ret_org->created_ms = sqlite3_column_int64(st, 12);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_session_revoke(struct rb_store *s, const char *token_hash,
    int64_t now_ms, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SESSION_REVOKE, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, now_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_session_revoke_user(
    struct rb_store *s, int64_t user_id, int64_t now_ms, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SESSION_REVOKE_USER, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now_ms);
    return run(s, st, false, err);
}

/* ---- clients ------------------------------------------------------------ */

static void
read_client(sqlite3_stmt *st, struct rb_arena *a, struct rb_client *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->org_id = sqlite3_column_int64(st, 1);
    c->user_id = sqlite3_column_int64(st, 2);
    c->practitioner_id = sqlite3_column_int64(st, 3);
    c->first_name = col_str(st, 4, a);
    c->last_name = col_str(st, 5, a);
    c->birth_date = col_str(st, 6, a);
    c->sex = col_str(st, 7, a);
    c->email = col_str(st, 8, a);
    c->phone = col_str(st, 9, a);
    c->created_ms = sqlite3_column_int64(st, 10);
    c->updated_ms = sqlite3_column_int64(st, 11);
}

static void
read_client_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    read_client(st, a, out);
}

static enum rb_status
sqlite_client_add(struct rb_store *s, const struct rb_client *c,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLIENT_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, c->org_id);
    bind_id(st, 2, c->user_id);
    bind_id(st, 3, c->practitioner_id);
    bind_text(st, 4, c->first_name);
    bind_text(st, 5, c->last_name);
    bind_text(st, 6, c->birth_date);
    bind_text(st, 7, c->sex ? c->sex : "unspecified");
    bind_text(st, 8, c->email);
    bind_text(st, 9, c->phone);
    sqlite3_bind_int64(st, 10, c->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_client_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_client *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLIENT_GET, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    rc = one_row(s, st, "client", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_client(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_client_update(
    struct rb_store *s, const struct rb_client *c, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLIENT_UPDATE, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, c->org_id);
    sqlite3_bind_int64(st, 2, c->id);
    bind_id(st, 3, c->user_id);
    bind_id(st, 4, c->practitioner_id);
    bind_text(st, 5, c->first_name);
    bind_text(st, 6, c->last_name);
    bind_text(st, 7, c->birth_date);
    bind_text(st, 8, c->sex ? c->sex : "unspecified");
    bind_text(st, 9, c->email);
    bind_text(st, 10, c->phone);
    sqlite3_bind_int64(st, 11, c->updated_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_client_list(struct rb_store *s, const struct rb_client_filter *f,
    struct rb_arena *a, struct rb_client **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLIENT_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, f->org_id);
    sqlite3_bind_int64(st, 2, f->user_id);
    sqlite3_bind_int64(st, 3, f->limit);
    sqlite3_bind_int64(st, 4, f->offset);
    return collect(s, st, a, sizeof(struct rb_client), read_client_row,
        (void **)ret, ret_n, err);
}

/* ---- audit -------------------------------------------------------------- */

static enum rb_status
sqlite_audit_add(
    struct rb_store *s, const struct rb_audit_entry *e, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_AUDIT_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, e->org_id);
    sqlite3_bind_int64(st, 2, e->at_ms);
    bind_id(st, 3, e->user_id);
    bind_text(st, 4, e->action);
    bind_text(st, 5, e->record_type);
    bind_id(st, 6, e->record_id);
    bind_id(st, 7, e->client_id);
    bind_text(st, 8, e->address ? e->address : "");
    bind_text(st, 9, e->request_id ? e->request_id : "");
    bind_text(st, 10, e->detail ? e->detail : "");
    return run(s, st, false, err);
}

static void
read_audit_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_audit_entry *e = out;

    e->id = sqlite3_column_int64(st, 0);
    e->org_id = sqlite3_column_int64(st, 1);
    e->at_ms = sqlite3_column_int64(st, 2);
    e->user_id = sqlite3_column_int64(st, 3);
    e->action = col_str(st, 4, a);
    e->record_type = col_str(st, 5, a);
    e->record_id = sqlite3_column_int64(st, 6);
    e->client_id = sqlite3_column_int64(st, 7);
    e->address = col_str(st, 8, a);
    e->request_id = col_str(st, 9, a);
    e->detail = col_str(st, 10, a);
}

static enum rb_status
sqlite_audit_query(struct rb_store *s, const struct rb_audit_filter *f,
    struct rb_arena *a, struct rb_audit_entry **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_AUDIT_QUERY, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, f->org_id);
    sqlite3_bind_int64(st, 2, f->client_id);
    sqlite3_bind_int64(st, 3, f->user_id);
    sqlite3_bind_int64(st, 4, f->from_ms);
    sqlite3_bind_int64(st, 5, f->to_ms);
    sqlite3_bind_int64(st, 6, f->before_id);
    sqlite3_bind_int64(st, 7, f->limit);
    return collect(s, st, a, sizeof(struct rb_audit_entry), read_audit_row,
        (void **)ret, ret_n, err);
}

/* ---- a practice's exercise library ------------------------------------- */

static enum rb_status
sqlite_pex_put(struct rb_store *s, int64_t org_id,
    const struct rb_practice_exercise *pe, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_PEX_PUT, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    bind_text(st, 2, pe->exercise_id);
    bind_text(st, 3, pe->body);
    sqlite3_bind_int(st, 4, pe->hidden ? 1 : 0);
    sqlite3_bind_int64(st, 5, pe->updated_ms);
    return run(s, st, false, err);
}

static enum rb_status
sqlite_pex_delete(
    struct rb_store *s, int64_t org_id, const char *id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_PEX_DELETE, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    bind_text(st, 2, id);
    return run(s, st, true, err);
}

static void
read_pex_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_practice_exercise *pe = out;

    pe->exercise_id = col_str(st, 0, a);
    pe->body = col_str(st, 1, a);
    pe->hidden = sqlite3_column_int(st, 2) != 0;
    pe->updated_ms = sqlite3_column_int64(st, 3);
}

static enum rb_status
sqlite_pex_list(struct rb_store *s, int64_t org_id, struct rb_arena *a,
    struct rb_practice_exercise **ret, size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_PEX_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    return collect(s, st, a, sizeof(struct rb_practice_exercise), read_pex_row,
        (void **)ret, ret_n, err);
}

static enum rb_status
sqlite_pex_stamp(struct rb_store *s, int64_t org_id, int64_t *ret_count,
    int64_t *ret_latest, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_PEX_STAMP, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    rc = one_row(s, st, "library", err);
    if (rc != RB_OK) {
        return rc;
    }
    *ret_count = sqlite3_column_int64(st, 0);
    *ret_latest = sqlite3_column_int64(st, 1);
    done(st);
    return RB_OK;
}

/* ---- credentials -------------------------------------------------------- */

static int64_t
col_day(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int64_t day = 0;

    if (t == NULL || !rb_date_parse((const char *)t, &day)) {
        return 0;
    }
    return day;
}

static void
bind_day(sqlite3_stmt *st, int i, int64_t day)
{
    char text[11];

    if (day == 0) {
        sqlite3_bind_null(st, i);
        return;
    }
    rb_date_format(day, text);
    sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

static void
read_cred_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_credential_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->user_id = sqlite3_column_int64(st, 2);
    r->c.kind = col_str(st, 3, a);
    r->c.issuer = col_str(st, 4, a);
    r->c.number = col_str(st, 5, a);
    r->c.issued_day = col_day(st, 6);
    r->c.expires_day = col_day(st, 7);
    r->c.cpr_expires_day = col_day(st, 8);
    r->c.ce_earned = sqlite3_column_double(st, 9);
    r->c.ce_required = sqlite3_column_double(st, 10);
    r->c.verified = sqlite3_column_int(st, 11) != 0;
    r->verified_by_id = sqlite3_column_int64(st, 12);
    r->c.verified_by = NULL;
    r->c.verified_day = col_day(st, 13);
    r->c.verify_note = col_str(st, 14, a);
    r->created_ms = sqlite3_column_int64(st, 15);
}

static enum rb_status
sqlite_cred_add(struct rb_store *s, const struct rb_credential_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CRED_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->user_id);
    bind_text(st, 3, in->c.kind);
    bind_text(st, 4, in->c.issuer);
    bind_text(st, 5, in->c.number);
    bind_day(st, 6, in->c.issued_day);
    bind_day(st, 7, in->c.expires_day);
    bind_day(st, 8, in->c.cpr_expires_day);
    sqlite3_bind_double(st, 9, in->c.ce_earned);
    sqlite3_bind_double(st, 10, in->c.ce_required);
    sqlite3_bind_int64(st, 11, in->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_cred_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_credential_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CRED_GET, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    rc = one_row(s, st, "credential", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_cred_row(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_cred_list(struct rb_store *s, int64_t org_id, int64_t user_id,
    struct rb_arena *a, struct rb_credential_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CRED_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, user_id);
    return collect(s, st, a, sizeof(struct rb_credential_row), read_cred_row,
        (void **)ret, ret_n, err);
}

static enum rb_status
sqlite_cred_verify(struct rb_store *s, int64_t org_id, int64_t id,
    int64_t by_user, int64_t day, const char *note, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CRED_VERIFY, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    bind_id(st, 3, by_user);
    bind_day(st, 4, day);
    bind_text(st, 5, note);
    return run(s, st, true, err);
}

/* ---- intake, consent, injuries, clearances, screenings, cases --------- */

static bool
col_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL;
}

static void
bind_opt_double(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has) {
        sqlite3_bind_double(st, i, v);
    } else {
        sqlite3_bind_null(st, i);
    }
}

static void
bind_opt_int(sqlite3_stmt *st, int i, bool has, int64_t v)
{
    if (has) {
        sqlite3_bind_int64(st, i, v);
    } else {
        sqlite3_bind_null(st, i);
    }
}

static enum rb_status
sqlite_intake_get(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_intake *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INTAKE_GET, err);
    struct rb_intake in;
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    rc = one_row(s, st, "client", err);
    if (rc != RB_OK) {
        return rc;
    }
    memset(&in, 0, sizeof(in));
    in.has_height = !col_null(st, 0);
    in.height_cm = sqlite3_column_double(st, 0);
    in.has_weight = !col_null(st, 1);
    in.weight_kg = sqlite3_column_double(st, 1);
    in.occupation = col_str(st, 2, a);
    in.has_sitting = !col_null(st, 3);
    in.sitting_hours = sqlite3_column_double(st, 3);
    in.activity_history = col_str(st, 4, a);
    in.goals = col_str(st, 5, a);
    in.has_days = !col_null(st, 6);
    in.availability_days = sqlite3_column_int64(st, 6);
    in.has_minutes = !col_null(st, 7);
    in.availability_minutes = sqlite3_column_int64(st, 7);
    in.equipment = col_str(st, 8, a);
    in.experience = col_str(st, 9, a);
    in.updated_ms = sqlite3_column_int64(st, 10);
    done(st);
    *ret = in;
    return RB_OK;
}

static enum rb_status
sqlite_intake_put(struct rb_store *s, int64_t org_id, int64_t client_id,
    const struct rb_intake *in, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INTAKE_PUT, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    bind_opt_double(st, 3, in->has_height, in->height_cm);
    bind_opt_double(st, 4, in->has_weight, in->weight_kg);
    bind_text(st, 5, in->occupation);
    bind_opt_double(st, 6, in->has_sitting, in->sitting_hours);
    bind_text(st, 7, in->activity_history);
    bind_text(st, 8, in->goals);
    bind_opt_int(st, 9, in->has_days, in->availability_days);
    bind_opt_int(st, 10, in->has_minutes, in->availability_minutes);
    bind_text(st, 11, in->equipment);
    bind_text(st, 12, in->experience);
    sqlite3_bind_int64(st, 13, in->updated_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_consent_add(struct rb_store *s, const struct rb_consent_version *in,
    int64_t *ret_version, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CONSENT_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    bind_text(st, 2, in->body);
    bind_id(st, 3, in->created_by);
    sqlite3_bind_int64(st, 4, in->created_ms);
    return run_returning(s, st, ret_version, err);
}

static enum rb_status
sqlite_consent_current(struct rb_store *s, int64_t org_id, struct rb_arena *a,
    struct rb_consent_version *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CONSENT_CURRENT, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    rc = one_row(s, st, "consent version", err);
    if (rc != RB_OK) {
        return rc;
    }
    ret->org_id = sqlite3_column_int64(st, 0);
    ret->version = sqlite3_column_int64(st, 1);
    ret->body = col_str(st, 2, a);
    ret->created_by = sqlite3_column_int64(st, 3);
    ret->created_ms = sqlite3_column_int64(st, 4);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_consent_sign(struct rb_store *s, const struct rb_consent_signature *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CONSENT_SIGN, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sqlite3_bind_int64(st, 3, in->version);
    bind_id(st, 4, in->signed_by_user);
    bind_text(st, 5, in->signer_name);
    sqlite3_bind_int64(st, 6, in->signed_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_consent_signed(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t version, bool *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CONSENT_SIGNED, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    sqlite3_bind_int64(st, 3, version);
    rc = one_row(s, st, "signature", err);
    if (rc != RB_OK) {
        return rc;
    }
    *ret = sqlite3_column_int64(st, 0) > 0;
    done(st);
    return RB_OK;
}

static void
read_injury_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_injury_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->region = col_str(st, 3, a);
    r->side = col_str(st, 4, a);
    r->kind = col_str(st, 5, a);
    r->surgery = col_str(st, 6, a);
    r->onset_day = col_day(st, 7);
    r->surgery_day = col_day(st, 8);
    r->recurrences = sqlite3_column_int64(st, 9);
    r->status = col_str(st, 10, a);
    r->restrictions = col_str(st, 11, a);
    r->notes = col_str(st, 12, a);
    r->created_by = sqlite3_column_int64(st, 13);
    r->created_ms = sqlite3_column_int64(st, 14);
    r->updated_ms = sqlite3_column_int64(st, 15);
}

static enum rb_status
sqlite_injury_add(struct rb_store *s, const struct rb_injury_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INJURY_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    bind_text(st, 3, in->region);
    bind_text(st, 4, in->side);
    bind_text(st, 5, in->kind);
    bind_text(st, 6, in->surgery);
    bind_day(st, 7, in->onset_day);
    bind_day(st, 8, in->surgery_day);
    sqlite3_bind_int64(st, 9, in->recurrences);
    bind_text(st, 10, in->status);
    bind_text(st, 11, in->restrictions ? in->restrictions : "[]");
    bind_text(st, 12, in->notes);
    bind_id(st, 13, in->created_by);
    sqlite3_bind_int64(st, 14, in->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_injury_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_injury_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INJURY_GET, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    rc = one_row(s, st, "injury", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_injury_row(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_injury_update(
    struct rb_store *s, const struct rb_injury_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INJURY_UPDATE, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->id);
    bind_text(st, 3, in->status);
    bind_text(st, 4, in->restrictions ? in->restrictions : "[]");
    bind_text(st, 5, in->notes);
    sqlite3_bind_int64(st, 6, in->recurrences);
    sqlite3_bind_int64(st, 7, in->updated_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_injury_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_injury_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INJURY_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return collect(s, st, a, sizeof(struct rb_injury_row), read_injury_row,
        (void **)ret, ret_n, err);
}

static void
read_clearance_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_clearance_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->provider = col_str(st, 3, a);
    r->provider_credential = col_str(st, 4, a);
    r->cleared_day = col_day(st, 5);
    r->expires_day = col_day(st, 6);
    r->restrictions = col_str(st, 7, a);
    r->created_by = sqlite3_column_int64(st, 8);
    r->created_ms = sqlite3_column_int64(st, 9);
}

static enum rb_status
sqlite_clearance_add(struct rb_store *s, const struct rb_clearance_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLEARANCE_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    bind_text(st, 3, in->provider);
    bind_text(st, 4, in->provider_credential);
    bind_day(st, 5, in->cleared_day);
    bind_day(st, 6, in->expires_day);
    bind_text(st, 7, in->restrictions ? in->restrictions : "[]");
    bind_id(st, 8, in->created_by);
    sqlite3_bind_int64(st, 9, in->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_clearance_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_clearance_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CLEARANCE_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return collect(s, st, a, sizeof(struct rb_clearance_row),
        read_clearance_row, (void **)ret, ret_n, err);
}

static void
read_screening_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_screening_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->answers = col_str(st, 3, a);
    r->result = col_str(st, 4, a);
    r->outcome = col_str(st, 5, a);
    r->screened_by = sqlite3_column_int64(st, 6);
    r->created_ms = sqlite3_column_int64(st, 7);
}

static enum rb_status
sqlite_screening_add(struct rb_store *s, const struct rb_screening_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SCREENING_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    bind_text(st, 3, in->answers);
    bind_text(st, 4, in->result);
    bind_text(st, 5, in->outcome);
    bind_id(st, 6, in->screened_by);
    sqlite3_bind_int64(st, 7, in->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_screening_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_screening_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_SCREENING_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return collect(s, st, a, sizeof(struct rb_screening_row),
        read_screening_row, (void **)ret, ret_n, err);
}

static void
read_case_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_case_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->injury_id = sqlite3_column_int64(st, 3);
    r->protocol_id = col_str(st, 4, a);
    r->phase_id = col_str(st, 5, a);
    r->status = col_str(st, 6, a);
    r->opened_by = sqlite3_column_int64(st, 7);
    r->opened_ms = sqlite3_column_int64(st, 8);
    r->phase_started_ms = sqlite3_column_int64(st, 9);
}

static enum rb_status
sqlite_case_add(struct rb_store *s, const struct rb_case_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CASE_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sqlite3_bind_int64(st, 3, in->injury_id);
    bind_text(st, 4, in->protocol_id);
    bind_text(st, 5, in->phase_id);
    bind_id(st, 6, in->opened_by);
    sqlite3_bind_int64(st, 7, in->opened_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_case_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_case_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_CASE_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return collect(s, st, a, sizeof(struct rb_case_row), read_case_row,
        (void **)ret, ret_n, err);
}

/* ---- open --------------------------------------------------------------- */

/* ---- incident reports --------------------------------------------------- */

static void
read_incident_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_incident_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->occurred_at = col_str(st, 3, a);
    r->location = col_str(st, 4, a);
    r->description = col_str(st, 5, a);
    r->actions_taken = col_str(st, 6, a);
    r->referral = col_str(st, 7, a);
    r->reported_by = sqlite3_column_int64(st, 8);
    r->created_ms = sqlite3_column_int64(st, 9);
    r->updated_ms = sqlite3_column_int64(st, 10);
    r->signed_by = sqlite3_column_int64(st, 11);
    r->signed_ms = sqlite3_column_int64(st, 12);
}

static enum rb_status
sqlite_incident_add(struct rb_store *s, const struct rb_incident_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_ADD, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    bind_id(st, 2, in->client_id);
    bind_text(st, 3, in->occurred_at);
    bind_text(st, 4, in->location);
    bind_text(st, 5, in->description);
    bind_text(st, 6, in->actions_taken);
    bind_text(st, 7, in->referral);
    sqlite3_bind_int64(st, 8, in->reported_by);
    sqlite3_bind_int64(st, 9, in->created_ms);
    return run_returning(s, st, ret_id, err);
}

static enum rb_status
sqlite_incident_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_incident_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_GET, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    rc = one_row(s, st, "incident", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_incident_row(st, a, ret);
    done(st);
    return RB_OK;
}

static enum rb_status
sqlite_incident_update(
    struct rb_store *s, const struct rb_incident_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_UPDATE, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->id);
    bind_id(st, 3, in->client_id);
    bind_text(st, 4, in->occurred_at);
    bind_text(st, 5, in->location);
    bind_text(st, 6, in->description);
    bind_text(st, 7, in->actions_taken);
    bind_text(st, 8, in->referral);
    sqlite3_bind_int64(st, 9, in->updated_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_incident_sign(struct rb_store *s, int64_t org_id, int64_t id,
    int64_t by_user, int64_t at_ms, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_SIGN, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, by_user);
    sqlite3_bind_int64(st, 4, at_ms);
    return run(s, st, true, err);
}

static enum rb_status
sqlite_incident_list(struct rb_store *s, int64_t org_id, int64_t reported_by,
    struct rb_arena *a, struct rb_incident_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_LIST, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, reported_by);
    return collect(s, st, a, sizeof(struct rb_incident_row), read_incident_row,
        (void **)ret, ret_n, err);
}

static enum rb_status
sqlite_incident_amend(struct rb_store *s,
    const struct rb_incident_amendment *in, int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_AMEND, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->incident_id);
    bind_text(st, 3, in->text);
    sqlite3_bind_int64(st, 4, in->added_by);
    sqlite3_bind_int64(st, 5, in->added_ms);
    return run_returning(s, st, ret_id, err);
}

static void
read_amendment_row(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_incident_amendment *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->incident_id = sqlite3_column_int64(st, 2);
    r->text = col_str(st, 3, a);
    r->added_by = sqlite3_column_int64(st, 4);
    r->added_ms = sqlite3_column_int64(st, 5);
}

static enum rb_status
sqlite_incident_amendments(struct rb_store *s, int64_t org_id,
    int64_t incident_id, struct rb_arena *a, struct rb_incident_amendment **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_INCIDENT_AMENDMENTS, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, incident_id);
    return collect(s, st, a, sizeof(struct rb_incident_amendment),
        read_amendment_row, (void **)ret, ret_n, err);
}

static enum rb_status
sqlite_user_public(struct rb_store *s, int64_t id, struct rb_arena *a,
    struct rb_user *ret, struct rb_org *ret_org, struct rb_err *err)
{
    sqlite3_stmt *st = stmt(s, Q_USER_PUBLIC, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = one_row(s, st, "user", err);
    if (rc != RB_OK) {
        return rc;
    }
    read_user(st, a, ret);
    ret_org->id = sqlite3_column_int64(st, 8);
    ret_org->name = col_str(st, 9, a);
    ret_org->kind = col_str(st, 10, a);
    ret_org->created_ms = sqlite3_column_int64(st, 11);
    done(st);
    return RB_OK;
}

/* ---- shared with the backend's other files (sqlite_int.h) ------------- */

sqlite3_stmt *
sq_stmt(struct rb_store *s, int slot, const char *sql, struct rb_err *err)
{
    struct sqlite_store *ss = (struct sqlite_store *)s;
    char text[2048];

    if (slot < 0 || slot >= SQ_SLOTS) {
        rb_fail(err, RB_EINTERNAL, "statement slot %d out of range", slot);
        return NULL;
    }
    if (ss->extra[slot] == NULL) {
        if (rb_sql_rewrite_pg_to_sqlite(sql, text, sizeof(text)) != RB_OK) {
            rb_fail(err, RB_EINTERNAL, "cannot rewrite query in slot %d", slot);
            return NULL;
        }
        if (sqlite3_prepare_v3(ss->db, text, -1, SQLITE_PREPARE_PERSISTENT,
                &ss->extra[slot], NULL) != SQLITE_OK) {
            rb_fail(err, RB_EINTERNAL, "cannot prepare query in slot %d: %s",
                slot, sqlite3_errmsg(ss->db));
            return NULL;
        }
    }
    return ss->extra[slot];
}

void
sq_done(sqlite3_stmt *st)
{
    done(st);
}

void
sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    bind_text(st, i, v);
}

void
sq_bind_id(sqlite3_stmt *st, int i, int64_t v)
{
    bind_id(st, i, v);
}

void
sq_bind_day(sqlite3_stmt *st, int i, int64_t day)
{
    bind_day(st, i, day);
}

const char *
sq_col_str(sqlite3_stmt *st, int i, struct rb_arena *a)
{
    return col_str(st, i, a);
}

int64_t
sq_col_day(sqlite3_stmt *st, int i)
{
    return col_day(st, i);
}

enum rb_status
sq_run(
    struct rb_store *s, sqlite3_stmt *st, bool need_change, struct rb_err *err)
{
    return run(s, st, need_change, err);
}

enum rb_status
sq_run_returning(
    struct rb_store *s, sqlite3_stmt *st, int64_t *ret_id, struct rb_err *err)
{
    return run_returning(s, st, ret_id, err);
}

enum rb_status
sq_one_row(
    struct rb_store *s, sqlite3_stmt *st, const char *what, struct rb_err *err)
{
    return one_row(s, st, what, err);
}

enum rb_status
sq_collect(struct rb_store *s, sqlite3_stmt *st, struct rb_arena *a,
    size_t elem, sq_read_fn read, void **ret, size_t *ret_n, struct rb_err *err)
{
    return collect(s, st, a, elem, read, ret, ret_n, err);
}

static const struct rb_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .migrate_to = sqlite_migrate_to,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .org_add = sqlite_org_add,
    .org_get = sqlite_org_get,
    .org_list = sqlite_org_list,
    .org_rename = sqlite_org_rename,
    .user_add = sqlite_user_add,
    .user_get = sqlite_user_get,
    .user_by_email = sqlite_user_by_email,
    .user_by_invite = sqlite_user_by_invite,
    .user_list = sqlite_user_list,
    .user_set_password = sqlite_user_set_password,
    .user_set_login_state = sqlite_user_set_login_state,
    .user_set_disabled = sqlite_user_set_disabled,
    .session_add = sqlite_session_add,
    .session_lookup = sqlite_session_lookup,
    .session_revoke = sqlite_session_revoke,
    .session_revoke_user = sqlite_session_revoke_user,
    .client_add = sqlite_client_add,
    .client_get = sqlite_client_get,
    .client_update = sqlite_client_update,
    .client_list = sqlite_client_list,
    .pex_put = sqlite_pex_put,
    .pex_delete = sqlite_pex_delete,
    .pex_list = sqlite_pex_list,
    .pex_stamp = sqlite_pex_stamp,
    .cred_add = sqlite_cred_add,
    .cred_get = sqlite_cred_get,
    .cred_list = sqlite_cred_list,
    .cred_verify = sqlite_cred_verify,
    .intake_get = sqlite_intake_get,
    .intake_put = sqlite_intake_put,
    .consent_add = sqlite_consent_add,
    .consent_current = sqlite_consent_current,
    .consent_sign = sqlite_consent_sign,
    .consent_signed = sqlite_consent_signed,
    .injury_add = sqlite_injury_add,
    .injury_get = sqlite_injury_get,
    .injury_update = sqlite_injury_update,
    .injury_list = sqlite_injury_list,
    .clearance_add = sqlite_clearance_add,
    .clearance_list = sqlite_clearance_list,
    .screening_add = sqlite_screening_add,
    .screening_list = sqlite_screening_list,
    .case_add = sqlite_case_add,
    .case_list = sqlite_case_list,
    .assessment_add = sqlite_assessment_add,
    .assessment_get = sqlite_assessment_get,
    .assessment_list = sqlite_assessment_list,
    .measurement_add = sqlite_measurement_add,
    .measurement_list = sqlite_measurement_list,
    .response_add = sqlite_response_add,
    .response_list = sqlite_response_list,
    .program_version_add = sqlite_program_version_add,
    .program_version_get = sqlite_program_version_get,
    .program_version_list = sqlite_program_version_list,
    .training_add = sqlite_training_add,
    .set_add = sqlite_set_add,
    .training_list = sqlite_training_list,
    .set_list = sqlite_set_list,
    .checkin_add = sqlite_checkin_add,
    .checkin_list = sqlite_checkin_list,
    .recommendation_add = sqlite_recommendation_add,
    .recommendation_list = sqlite_recommendation_list,
    .recommendation_decide = sqlite_recommendation_decide,
    .case_update = sqlite_case_update,
    .recommendation_by_id = sqlite_recommendation_by_id,
    .attention_facts = sqlite_attention_facts,
    .incident_add = sqlite_incident_add,
    .incident_get = sqlite_incident_get,
    .incident_update = sqlite_incident_update,
    .incident_sign = sqlite_incident_sign,
    .incident_list = sqlite_incident_list,
    .incident_amend = sqlite_incident_amend,
    .incident_amendments = sqlite_incident_amendments,
    .user_public = sqlite_user_public,
    .audit_add = sqlite_audit_add,
    .audit_query = sqlite_audit_query,
};

enum rb_status
rb_store_sqlite_open(
    const char *path, unsigned flags, struct rb_store **ret, struct rb_err *err)
{
    struct sqlite_store *ss = rb_xcalloc(1, sizeof(*ss));
    int version = 0;
    int rc;

    ss->base.ops = &sqlite_ops;
    rc = sqlite3_open_v2(path, &ss->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rb_fail_field(err, RB_EBACKEND, "database_unavailable", "db",
            "cannot open database %s: %s", path,
            ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(ss->db, 1);
    sqlite3_busy_timeout(ss->db, 5000);
    if (exec_sql(ss->db,
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-8000;"
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at BIGINT NOT NULL);",
            err) != RB_OK) {
        rb_fail_field(err, RB_EBACKEND, "database_unavailable", "db",
            "cannot use %s as a database: %s", path, sqlite3_errmsg(ss->db));
        goto fail;
    }
    if (read_version(ss->db, &version, err) != RB_OK) {
        goto fail;
    }
    if (version > rb_sqlite_migrations_count) {
        rb_fail_field(err, RB_ECONFLICT, "schema_too_new", "db",
            "database %s has schema version %d but this rebound knows "
            "only up to %d: upgrade rebound, do not downgrade it",
            path, version, rb_sqlite_migrations_count);
        goto fail;
    }
    if (version < rb_sqlite_migrations_count) {
        if (!(flags & RB_STORE_MIGRATE)) {
            rb_fail_field(err, RB_ECONFLICT, "schema_outdated", "db",
                "database %s has schema version %d, expected %d: run "
                "'rebound init' to upgrade it",
                path, version, rb_sqlite_migrations_count);
            goto fail;
        }
        if (sqlite_migrate_to(&ss->base, 0, err) != RB_OK) {
            goto fail;
        }
    }
    *ret = &ss->base;
    return RB_OK;
fail:
    sqlite_close(&ss->base);
    return err ? err->status : RB_EBACKEND;
}
