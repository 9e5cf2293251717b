/*
 * sqlite_program.c -- program versions, training logs, check-ins and
 * adjustment recommendations in the SQLite backend (schema:
 * data/schema/sqlite/0008_programs_logs.sql).
 *
 * Optional numbers (RPE, minutes, a set's reps, load, pain ...) are stored
 * as NULL and read back as -1, so that "not given" never reads as zero.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum {
    Q_PV_ADD = SQ_SLOT_PROGRAM,
    Q_PV_GET,
    Q_PV_LATEST,
    Q_PV_LIST,
    Q_TRAINING_ADD,
    Q_SET_ADD,
    Q_TRAINING_LIST,
    Q_SET_LIST,
    Q_CHECKIN_ADD,
    Q_CHECKIN_LIST,
    Q_REC_ADD,
    Q_REC_LIST,
    Q_REC_DECIDE,
    Q_REC_GET,
    Q_ATT_ROSTER,
    Q_ATT_SESSIONS,
    Q_ATT_PAIN,
    Q_ATT_CHECKINS,
};

#define PV_COLS                                                                \
    "id, org_id, client_id, version, body, changes, reason, created_by, "      \
    "created_at"
#define SESSION_COLS                                                           \
    "id, org_id, client_id, program_version_id, session_key, performed_on, "   \
    "status, rpe, minutes, notes, logged_by, created_at"
#define CHECKIN_COLS                                                           \
    "id, org_id, client_id, checked_on, kind, body, max_pain, red_flags, "     \
    "created_by, created_at"
#define REC_COLS                                                               \
    "id, org_id, client_id, program_version_id, made_on, exercise_id, "        \
    "action, reasons, status, decided_by, decided_at, result_version_id, "     \
    "created_at"

static const char sql_pv_add[] =
    "INSERT INTO program_versions (org_id, client_id, version, body, changes, "
    "reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "RETURNING id";
static const char sql_pv_get[] =
    "SELECT " PV_COLS " FROM program_versions "
    "WHERE org_id = $1 AND client_id = $2 AND version = $3";
static const char sql_pv_latest[] =
    "SELECT " PV_COLS " FROM program_versions "
    "WHERE org_id = $1 AND client_id = $2 ORDER BY version DESC LIMIT 1";
static const char sql_pv_list[] =
    "SELECT id, org_id, client_id, version, NULL, changes, reason, "
    "created_by, created_at FROM program_versions "
    "WHERE org_id = $1 AND client_id = $2 ORDER BY version DESC";
static const char sql_session_add[] =
    "INSERT INTO session_logs (org_id, client_id, program_version_id, "
    "session_key, performed_on, status, rpe, minutes, notes, logged_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "RETURNING id";
static const char sql_set_add[] =
    "INSERT INTO set_logs (org_id, session_id, exercise_id, set_no, reps, "
    "seconds, load_kg, rpe, rir, pain) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char sql_training_list[] =
    "SELECT " SESSION_COLS " FROM session_logs "
    "WHERE org_id = $1 AND client_id = $2 AND performed_on >= $3 "
    "ORDER BY performed_on, id";
static const char sql_set_list[] =
    "SELECT s.id, s.org_id, s.session_id, s.exercise_id, s.set_no, s.reps, "
    "s.seconds, s.load_kg, s.rpe, s.rir, s.pain, l.performed_on "
    "FROM set_logs s JOIN session_logs l ON l.id = s.session_id "
    "WHERE l.org_id = $1 AND l.client_id = $2 AND l.performed_on >= $3 "
    "ORDER BY l.performed_on, l.id, s.set_no, s.id";
static const char sql_checkin_add[] =
    "INSERT INTO checkins (org_id, client_id, checked_on, kind, body, "
    "max_pain, red_flags, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char sql_checkin_list[] =
    "SELECT " CHECKIN_COLS " FROM checkins "
    "WHERE org_id = $1 AND client_id = $2 AND checked_on >= $3 "
    "ORDER BY checked_on, id";
static const char sql_rec_add[] =
    "INSERT INTO recommendations (org_id, client_id, program_version_id, "
    "made_on, exercise_id, action, reasons, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char sql_rec_list[] =
    "SELECT " REC_COLS " FROM recommendations "
    "WHERE org_id = $1 AND client_id = $2 AND ($3 IS NULL OR status = $3) "
    "ORDER BY made_on DESC, id DESC";
static const char sql_rec_decide[] =
    "UPDATE recommendations SET status = $3, decided_by = $4, "
    "decided_at = $5, result_version_id = $6 "
    "WHERE org_id = $1 AND id = $2 AND status = 'pending'";

static const char sql_rec_get[] = "SELECT " REC_COLS " FROM recommendations "
                                  "WHERE org_id = $1 AND id = $2";

/* The attention list: one read per kind of fact for the whole roster. */
static const char sql_att_roster[] =
    "SELECT c.id, c.practitioner_id, c.first_name, c.last_name, "
    "(SELECT s.outcome FROM screenings s WHERE s.org_id = c.org_id AND "
    " s.client_id = c.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1), "
    "(SELECT MAX(s.created_at) FROM screenings s WHERE s.org_id = c.org_id "
    " AND s.client_id = c.id), "
    "(SELECT MAX(k.created_at) FROM clearances k WHERE k.org_id = c.org_id "
    " AND k.client_id = c.id), "
    "(SELECT k.expires_on FROM clearances k WHERE k.org_id = c.org_id AND "
    " k.client_id = c.id ORDER BY k.created_at DESC, k.id DESC LIMIT 1), "
    "(SELECT COUNT(*) FROM recommendations r WHERE r.org_id = c.org_id AND "
    " r.client_id = c.id AND r.status = 'pending'), "
    "(SELECT COUNT(*) FROM cases k WHERE k.org_id = c.org_id AND "
    " k.client_id = c.id AND k.status = 'open'), "
    "(SELECT k.protocol_id || '/' || k.phase_id FROM cases k WHERE "
    " k.org_id = c.org_id AND k.client_id = c.id AND k.status = 'open' "
    " ORDER BY k.id DESC LIMIT 1) "
    "FROM clients c WHERE c.org_id = $1 AND ($2 = 0 OR c.practitioner_id = $2) "
    "ORDER BY c.id";
/*
 * The recent rows of the practice: a range of the day-first covering
 * indexes of 0008 (a few hundred adjacent pages, the tables not visited).
 * They are sorted by client here, not by ORDER BY: asked for that order,
 * the planner, which cannot tell how few rows '>= $2' keeps for a bound
 * parameter, walks the practice's whole history through the per-client
 * index to skip a sort (bench/attention: 40 ms a query at two years of
 * logs).  One practitioner's rows are picked against the roster
 * afterwards (keep_roster), not by a join per row.
 */
static const char sql_att_sessions[] =
    "SELECT id, org_id, client_id, status, performed_on, rpe, minutes "
    "FROM session_logs WHERE org_id = $1 AND performed_on >= $2";
static const char sql_att_pain[] =
    "SELECT l.client_id, l.performed_on, MAX(s.pain) "
    "FROM session_logs l JOIN set_logs s ON s.session_id = l.id "
    "WHERE l.org_id = $1 AND l.performed_on >= $2 AND s.pain IS NOT NULL "
    "GROUP BY l.client_id, l.performed_on ORDER BY l.client_id, l.performed_on";
static const char sql_att_checkins[] =
    "SELECT id, org_id, client_id, checked_on, kind, NULL, max_pain, "
    "red_flags, NULL, NULL FROM checkins "
    "WHERE org_id = $1 AND checked_on >= $2";

/* An optional number: < 0 is "not given" (NULL). */
static void
bind_opt(sqlite3_stmt *st, int i, double v)
{
    if (v < 0) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_double(st, i, v);
    }
}

static double
col_opt(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? -1
               : sqlite3_column_double(st, i);
}

/* Day 'from' as text, or the empty string that every date follows. */
static void
bind_from(sqlite3_stmt *st, int i, int64_t from)
{
    if (from == 0) {
        sqlite3_bind_text(st, i, "", 0, SQLITE_STATIC);
    } else {
        sq_bind_day(st, i, from);
    }
}

/* ---- program versions ---------------------------------------------------- */

static void
read_pv(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_program_version_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->version = sqlite3_column_int64(st, 3);
    r->body = sq_col_str(st, 4, a);
    r->changes = sq_col_str(st, 5, a);
    r->reason = sq_col_str(st, 6, a);
    r->created_by = sqlite3_column_int64(st, 7);
    r->created_ms = sqlite3_column_int64(st, 8);
}

enum rb_status
sqlite_program_version_add(struct rb_store *s,
    const struct rb_program_version_row *in, int64_t *ret_id,
    struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_PV_ADD, sql_pv_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sqlite3_bind_int64(st, 3, in->version);
    sq_bind_text(st, 4, in->body);
    sq_bind_text(st, 5, in->changes ? in->changes : "[]");
    sq_bind_text(st, 6, in->reason);
    sq_bind_id(st, 7, in->created_by);
    sqlite3_bind_int64(st, 8, in->created_ms);
    return sq_run_returning(s, st, ret_id, err);
}

enum rb_status
sqlite_program_version_get(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t version, struct rb_arena *a,
    struct rb_program_version_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = version == 0
                           ? sq_stmt(s, Q_PV_LATEST, sql_pv_latest, err)
                           : sq_stmt(s, Q_PV_GET, sql_pv_get, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    if (version != 0) {
        sqlite3_bind_int64(st, 3, version);
    }
    if ((rc = sq_one_row(s, st, "program version", err)) != RB_OK) {
        return rc;
    }
    read_pv(st, a, ret);
    sq_done(st);
    return RB_OK;
}

enum rb_status
sqlite_program_version_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *a, struct rb_program_version_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_PV_LIST, sql_pv_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return sq_collect(s, st, a, sizeof(struct rb_program_version_row), read_pv,
        (void **)ret, ret_n, err);
}

/* ---- training logs ------------------------------------------------------- */

enum rb_status
sqlite_training_add(struct rb_store *s, const struct rb_training_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_TRAINING_ADD, sql_session_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sq_bind_id(st, 3, in->program_version_id);
    sq_bind_text(st, 4, in->session_key);
    sq_bind_day(st, 5, in->day);
    sq_bind_text(st, 6, in->status);
    bind_opt(st, 7, in->rpe);
    bind_opt(st, 8, in->minutes);
    sq_bind_text(st, 9, in->notes);
    sq_bind_id(st, 10, in->logged_by);
    sqlite3_bind_int64(st, 11, in->created_ms);
    return sq_run_returning(s, st, ret_id, err);
}

enum rb_status
sqlite_set_add(
    struct rb_store *s, const struct rb_set_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_SET_ADD, sql_set_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->session_id);
    sq_bind_text(st, 3, in->exercise_id);
    sqlite3_bind_int64(st, 4, in->set_no);
    bind_opt(st, 5, in->reps);
    bind_opt(st, 6, in->seconds);
    bind_opt(st, 7, in->load_kg);
    bind_opt(st, 8, in->rpe);
    bind_opt(st, 9, in->rir);
    bind_opt(st, 10, in->pain);
    return sq_run(s, st, false, err);
}

static void
read_session(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_training_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->program_version_id = sqlite3_column_int64(st, 3);
    r->session_key = sq_col_str(st, 4, a);
    r->day = sq_col_day(st, 5);
    r->status = sq_col_str(st, 6, a);
    r->rpe = col_opt(st, 7);
    r->minutes = col_opt(st, 8);
    r->notes = sq_col_str(st, 9, a);
    r->logged_by = sqlite3_column_int64(st, 10);
    r->created_ms = sqlite3_column_int64(st, 11);
}

enum rb_status
sqlite_training_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *a, struct rb_training_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_TRAINING_LIST, sql_training_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    bind_from(st, 3, from);
    return sq_collect(s, st, a, sizeof(struct rb_training_row), read_session,
        (void **)ret, ret_n, err);
}

static void
read_set(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_set_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->session_id = sqlite3_column_int64(st, 2);
    r->exercise_id = sq_col_str(st, 3, a);
    r->set_no = sqlite3_column_int64(st, 4);
    r->reps = col_opt(st, 5);
    r->seconds = col_opt(st, 6);
    r->load_kg = col_opt(st, 7);
    r->rpe = col_opt(st, 8);
    r->rir = col_opt(st, 9);
    r->pain = col_opt(st, 10);
    r->day = sq_col_day(st, 11);
}

enum rb_status
sqlite_set_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *a, struct rb_set_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_SET_LIST, sql_set_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    bind_from(st, 3, from);
    return sq_collect(s, st, a, sizeof(struct rb_set_row), read_set,
        (void **)ret, ret_n, err);
}

/* ---- check-ins ----------------------------------------------------------- */

enum rb_status
sqlite_checkin_add(struct rb_store *s, const struct rb_checkin_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_CHECKIN_ADD, sql_checkin_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sq_bind_day(st, 3, in->day);
    sq_bind_text(st, 4, in->kind);
    sq_bind_text(st, 5, in->body);
    bind_opt(st, 6, in->max_pain);
    sq_bind_text(st, 7, in->red_flags ? in->red_flags : "[]");
    sq_bind_id(st, 8, in->created_by);
    sqlite3_bind_int64(st, 9, in->created_ms);
    return sq_run_returning(s, st, ret_id, err);
}

static void
read_checkin(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_checkin_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->day = sq_col_day(st, 3);
    r->kind = sq_col_str(st, 4, a);
    r->body = sq_col_str(st, 5, a);
    r->max_pain = col_opt(st, 6);
    r->red_flags = sq_col_str(st, 7, a);
    r->created_by = sqlite3_column_int64(st, 8);
    r->created_ms = sqlite3_column_int64(st, 9);
}

enum rb_status
sqlite_checkin_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t from, struct rb_arena *a, struct rb_checkin_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_CHECKIN_LIST, sql_checkin_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    bind_from(st, 3, from);
    return sq_collect(s, st, a, sizeof(struct rb_checkin_row), read_checkin,
        (void **)ret, ret_n, err);
}

/* ---- recommendations ----------------------------------------------------- */

enum rb_status
sqlite_recommendation_add(struct rb_store *s,
    const struct rb_recommendation_row *in, int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_REC_ADD, sql_rec_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sq_bind_id(st, 3, in->program_version_id);
    sq_bind_day(st, 4, in->day);
    sq_bind_text(st, 5, in->exercise_id);
    sq_bind_text(st, 6, in->action);
    sq_bind_text(st, 7, in->reasons);
    sqlite3_bind_int64(st, 8, in->created_ms);
    return sq_run_returning(s, st, ret_id, err);
}

static void
read_rec(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_recommendation_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->program_version_id = sqlite3_column_int64(st, 3);
    r->day = sq_col_day(st, 4);
    r->exercise_id = sq_col_str(st, 5, a);
    r->action = sq_col_str(st, 6, a);
    r->reasons = sq_col_str(st, 7, a);
    r->status = sq_col_str(st, 8, a);
    r->decided_by = sqlite3_column_int64(st, 9);
    r->decided_ms = sqlite3_column_int64(st, 10);
    r->result_version_id = sqlite3_column_int64(st, 11);
    r->created_ms = sqlite3_column_int64(st, 12);
}

enum rb_status
sqlite_recommendation_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, const char *status, struct rb_arena *a,
    struct rb_recommendation_row **ret, size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_REC_LIST, sql_rec_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    sq_bind_text(st, 3, status);
    return sq_collect(s, st, a, sizeof(struct rb_recommendation_row), read_rec,
        (void **)ret, ret_n, err);
}

enum rb_status
sqlite_recommendation_decide(struct rb_store *s,
    const struct rb_recommendation_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_REC_DECIDE, sql_rec_decide, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->id);
    sq_bind_text(st, 3, in->status);
    sq_bind_id(st, 4, in->decided_by);
    sqlite3_bind_int64(st, 5, in->decided_ms);
    sq_bind_id(st, 6, in->result_version_id);
    return sq_run(s, st, true, err);
}

enum rb_status
sqlite_recommendation_by_id(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_recommendation_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_REC_GET, sql_rec_get, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = sq_one_row(s, st, "recommendation", err)) != RB_OK) {
        return rc;
    }
    read_rec(st, a, ret);
    sq_done(st);
    return RB_OK;
}

/* ---- the attention list ---------------------------------------------------
 */

static void
read_att_client(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_attention_client *r = out;

    r->client_id = sqlite3_column_int64(st, 0);
    r->practitioner_id = sqlite3_column_int64(st, 1);
    r->first_name = sq_col_str(st, 2, a);
    r->last_name = sq_col_str(st, 3, a);
    r->screen_outcome = sq_col_str(st, 4, a);
    r->screened_ms = sqlite3_column_int64(st, 5);
    r->clearance_ms = sqlite3_column_int64(st, 6);
    r->clearance_expires = sq_col_day(st, 7);
    r->pending_recommendations = sqlite3_column_int64(st, 8);
    r->open_cases = sqlite3_column_int64(st, 9);
    r->open_phase = sq_col_str(st, 10, a);
}

/* A session as the attention list reads it (sql_att_sessions): the status
 * is one of the schema's three words, so it is not copied per row. */
static void
read_att_session(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    static const char *const statuses[] = {"completed", "partial", "missed"};
    struct rb_training_row *r = out;
    const unsigned char *status = sqlite3_column_text(st, 3);

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->status = NULL;
    for (size_t i = 0; i < 3 && status != NULL; i++) {
        if (strcmp((const char *)status, statuses[i]) == 0) {
            r->status = statuses[i];
        }
    }
    if (r->status == NULL) {
        r->status = sq_col_str(st, 3, a);
    }
    r->day = sq_col_day(st, 4);
    r->rpe = col_opt(st, 5);
    r->minutes = col_opt(st, 6);
}

static void
read_att_pain(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_attention_pain *r = out;

    (void)a;
    r->client_id = sqlite3_column_int64(st, 0);
    r->day = sq_col_day(st, 1);
    r->pain = sqlite3_column_double(st, 2);
}

/* By client, day, id: the order rb_attention_facts promises. */
static int
by_client_session(const void *x, const void *y)
{
    const struct rb_training_row *a = x, *b = y;

    if (a->client_id != b->client_id) {
        return a->client_id < b->client_id ? -1 : 1;
    }
    if (a->day != b->day) {
        return a->day < b->day ? -1 : 1;
    }
    return (a->id > b->id) - (a->id < b->id);
}

static int
by_client_checkin(const void *x, const void *y)
{
    const struct rb_checkin_row *a = x, *b = y;

    if (a->client_id != b->client_id) {
        return a->client_id < b->client_id ? -1 : 1;
    }
    if (a->day != b->day) {
        return a->day < b->day ? -1 : 1;
    }
    return (a->id > b->id) - (a->id < b->id);
}

/*
 * Keep the rows (sorted by client, 'elem' bytes each, client id at byte
 * 'off') of the clients on the roster (sorted by id); returns how many.
 */
static size_t
keep_roster(void *rows, size_t n, size_t elem, size_t off,
    const struct rb_attention_client *roster, size_t nroster)
{
    unsigned char *p = rows;
    size_t kept = 0, r = 0;

    for (size_t i = 0; i < n; i++) {
        int64_t id;

        memcpy(&id, p + i * elem + off, sizeof(id));
        while (r < nroster && roster[r].client_id < id) {
            r++;
        }
        if (r < nroster && roster[r].client_id == id) {
            if (kept != i) {
                memcpy(p + kept * elem, p + i * elem, elem);
            }
            kept++;
        }
    }
    return kept;
}

enum rb_status
sqlite_attention_facts(struct rb_store *s, int64_t org_id,
    int64_t practitioner_id, int64_t from, int64_t pain_from,
    struct rb_arena *a, struct rb_attention_facts *ret, struct rb_err *err)
{
    struct rb_attention_facts f = {0};
    sqlite3_stmt *st;
    enum rb_status rc;

    if ((st = sq_stmt(s, Q_ATT_ROSTER, sql_att_roster, err)) == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, practitioner_id);
    if ((rc = sq_collect(s, st, a, sizeof(*f.clients), read_att_client,
             (void **)&f.clients, &f.nclients, err))) {
        return rc;
    }
    if ((st = sq_stmt(s, Q_ATT_SESSIONS, sql_att_sessions, err)) == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    bind_from(st, 2, from);
    if ((rc = sq_collect(s, st, a, sizeof(*f.sessions), read_att_session,
             (void **)&f.sessions, &f.nsessions, err))) {
        return rc;
    }
    qsort(f.sessions, f.nsessions, sizeof(*f.sessions), by_client_session);
    if ((st = sq_stmt(s, Q_ATT_PAIN, sql_att_pain, err)) == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    bind_from(st, 2, pain_from);
    if ((rc = sq_collect(s, st, a, sizeof(*f.pain), read_att_pain,
             (void **)&f.pain, &f.npain, err))) {
        return rc;
    }
    if ((st = sq_stmt(s, Q_ATT_CHECKINS, sql_att_checkins, err)) == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    bind_from(st, 2, pain_from);
    if ((rc = sq_collect(s, st, a, sizeof(*f.checkins), read_checkin,
             (void **)&f.checkins, &f.ncheckins, err))) {
        return rc;
    }
    qsort(f.checkins, f.ncheckins, sizeof(*f.checkins), by_client_checkin);
    if (practitioner_id != 0) {
        f.nsessions = keep_roster(f.sessions, f.nsessions, sizeof(*f.sessions),
            offsetof(struct rb_training_row, client_id), f.clients, f.nclients);
        f.npain = keep_roster(f.pain, f.npain, sizeof(*f.pain),
            offsetof(struct rb_attention_pain, client_id), f.clients,
            f.nclients);
        f.ncheckins = keep_roster(f.checkins, f.ncheckins, sizeof(*f.checkins),
            offsetof(struct rb_checkin_row, client_id), f.clients, f.nclients);
    }
    *ret = f;
    return RB_OK;
}
