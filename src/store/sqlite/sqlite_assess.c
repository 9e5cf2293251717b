/*
 * sqlite_assess.c -- assessments, measurements and questionnaire answers
 * in the SQLite backend (schema: data/schema/sqlite/0007_assessments.sql).
 */
#include "store/sqlite/sqlite_int.h"

enum {
    Q_ASSESS_ADD = SQ_SLOT_ASSESS,
    Q_ASSESS_GET,
    Q_ASSESS_LIST,
    Q_MEASURE_ADD,
    Q_MEASURE_LIST,
    Q_RESPONSE_ADD,
    Q_RESPONSE_LIST,
    Q_CASE_UPDATE,
};

#define ASSESS_COLS                                                            \
    "a.id, a.org_id, a.client_id, a.assessed_on, a.assessor_id, a.case_id, "   \
    "a.notes, a.body, a.created_at, "                                          \
    "(SELECT COUNT(*) FROM measurements m WHERE m.assessment_id = a.id)"
#define MEASURE_COLS                                                           \
    "id, org_id, client_id, assessment_id, measure, side, value, "             \
    "measured_on, exercise"
#define RESPONSE_COLS                                                          \
    "id, org_id, client_id, assessment_id, instrument, answers, score, "       \
    "result, answered_on"

static const char sql_assess_add[] =
    "INSERT INTO assessments (org_id, client_id, assessed_on, assessor_id, "
    "case_id, notes, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "RETURNING id";
static const char sql_assess_get[] =
    "SELECT " ASSESS_COLS " FROM assessments a "
    "WHERE a.org_id = $1 AND a.id = $2";
static const char sql_assess_list[] =
    "SELECT " ASSESS_COLS " FROM assessments a "
    "WHERE a.org_id = $1 AND a.client_id = $2 "
    "ORDER BY a.assessed_on DESC, a.id DESC";
static const char sql_measure_add[] =
    "INSERT INTO measurements (org_id, client_id, assessment_id, measure, "
    "side, value, measured_on, exercise) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8)";
/* $3 = 0 and $4 IS NULL select everything of the client. */
static const char sql_measure_list[] =
    "SELECT " MEASURE_COLS " FROM measurements "
    "WHERE org_id = $1 AND client_id = $2 "
    "AND ($3 = 0 OR assessment_id = $3) AND ($4 IS NULL OR measure = $4) "
    "ORDER BY measured_on, id";
static const char sql_response_add[] =
    "INSERT INTO questionnaire_responses (org_id, client_id, assessment_id, "
    "instrument, answers, score, result, answered_on) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char sql_response_list[] =
    "SELECT " RESPONSE_COLS " FROM questionnaire_responses "
    "WHERE org_id = $1 AND client_id = $2 AND ($3 = 0 OR assessment_id = $3) "
    "ORDER BY answered_on, id";

static void
read_assessment(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_assessment_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->day = sq_col_day(st, 3);
    r->assessor_id = sqlite3_column_int64(st, 4);
    r->case_id = sqlite3_column_int64(st, 5);
    r->notes = sq_col_str(st, 6, a);
    r->body = sq_col_str(st, 7, a);
    r->created_ms = sqlite3_column_int64(st, 8);
    r->nmeasures = sqlite3_column_int64(st, 9);
}

enum rb_status
sqlite_assessment_add(struct rb_store *s, const struct rb_assessment_row *in,
    int64_t *ret_id, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_ASSESS_ADD, sql_assess_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sq_bind_day(st, 3, in->day);
    sq_bind_id(st, 4, in->assessor_id);
    sq_bind_id(st, 5, in->case_id);
    sq_bind_text(st, 6, in->notes);
    sq_bind_text(st, 7, in->body);
    sqlite3_bind_int64(st, 8, in->created_ms);
    return sq_run_returning(s, st, ret_id, err);
}

enum rb_status
sqlite_assessment_get(struct rb_store *s, int64_t org_id, int64_t id,
    struct rb_arena *a, struct rb_assessment_row *ret, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_ASSESS_GET, sql_assess_get, err);
    enum rb_status rc;

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = sq_one_row(s, st, "assessment", err)) != RB_OK) {
        return rc;
    }
    read_assessment(st, a, ret);
    sq_done(st);
    return RB_OK;
}

enum rb_status
sqlite_assessment_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    struct rb_arena *a, struct rb_assessment_row **ret, size_t *ret_n,
    struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_ASSESS_LIST, sql_assess_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    return sq_collect(s, st, a, sizeof(struct rb_assessment_row),
        read_assessment, (void **)ret, ret_n, err);
}

enum rb_status
sqlite_measurement_add(
    struct rb_store *s, const struct rb_measurement_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_MEASURE_ADD, sql_measure_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sqlite3_bind_int64(st, 3, in->assessment_id);
    sq_bind_text(st, 4, in->measure);
    sq_bind_text(st, 5, in->side);
    sqlite3_bind_double(st, 6, in->value);
    sq_bind_day(st, 7, in->day);
    sq_bind_text(st, 8, in->exercise);
    return sq_run(s, st, false, err);
}

static void
read_measurement(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_measurement_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->assessment_id = sqlite3_column_int64(st, 3);
    r->measure = sq_col_str(st, 4, a);
    r->side = sq_col_str(st, 5, a);
    r->value = sqlite3_column_double(st, 6);
    r->day = sq_col_day(st, 7);
    r->exercise = sq_col_str(st, 8, a);
}

enum rb_status
sqlite_measurement_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t assessment_id, const char *measure, struct rb_arena *a,
    struct rb_measurement_row **ret, size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_MEASURE_LIST, sql_measure_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    sqlite3_bind_int64(st, 3, assessment_id);
    sq_bind_text(st, 4, measure);
    return sq_collect(s, st, a, sizeof(struct rb_measurement_row),
        read_measurement, (void **)ret, ret_n, err);
}

enum rb_status
sqlite_response_add(
    struct rb_store *s, const struct rb_response_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_RESPONSE_ADD, sql_response_add, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->client_id);
    sqlite3_bind_int64(st, 3, in->assessment_id);
    sq_bind_text(st, 4, in->instrument);
    sq_bind_text(st, 5, in->answers);
    sqlite3_bind_double(st, 6, in->score);
    sq_bind_text(st, 7, in->result);
    sq_bind_day(st, 8, in->day);
    return sq_run(s, st, false, err);
}

static void
read_response(sqlite3_stmt *st, struct rb_arena *a, void *out)
{
    struct rb_response_row *r = out;

    r->id = sqlite3_column_int64(st, 0);
    r->org_id = sqlite3_column_int64(st, 1);
    r->client_id = sqlite3_column_int64(st, 2);
    r->assessment_id = sqlite3_column_int64(st, 3);
    r->instrument = sq_col_str(st, 4, a);
    r->answers = sq_col_str(st, 5, a);
    r->score = sqlite3_column_double(st, 6);
    r->result = sq_col_str(st, 7, a);
    r->day = sq_col_day(st, 8);
}

enum rb_status
sqlite_response_list(struct rb_store *s, int64_t org_id, int64_t client_id,
    int64_t assessment_id, struct rb_arena *a, struct rb_response_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_RESPONSE_LIST, sql_response_list, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, org_id);
    sqlite3_bind_int64(st, 2, client_id);
    sqlite3_bind_int64(st, 3, assessment_id);
    return sq_collect(s, st, a, sizeof(struct rb_response_row), read_response,
        (void **)ret, ret_n, err);
}

/* Cases move through their protocol's phases as their gates pass. */
static const char sql_case_update[] =
    "UPDATE cases SET phase_id = $3, status = $4, phase_started_at = $5 "
    "WHERE org_id = $1 AND id = $2";

enum rb_status
sqlite_case_update(
    struct rb_store *s, const struct rb_case_row *in, struct rb_err *err)
{
    sqlite3_stmt *st = sq_stmt(s, Q_CASE_UPDATE, sql_case_update, err);

    if (st == NULL) {
        return RB_EINTERNAL;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_int64(st, 2, in->id);
    sq_bind_text(st, 3, in->phase_id);
    sq_bind_text(st, 4, in->status);
    sqlite3_bind_int64(st, 5, in->phase_started_ms);
    return sq_run(s, st, true, err);
}
