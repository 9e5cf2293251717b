/*
 * sqlite_int.h -- what the SQLite backend's files share.
 *
 * store_sqlite.c holds the connection, the migrations and the first
 * records (practices, users, clients, intake, documents); later areas
 * (assessments, programs, logs) live in files of their own that use these
 * helpers.  Each such file owns a range of statement slots, cached per
 * handle like the rest: SQL is written once in PostgreSQL's dialect ($N).
 */
#ifndef RB_STORE_SQLITE_INT_H
#define RB_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store_impl.h"

/* Statement slots of the files other than store_sqlite.c. */
enum {
    SQ_SLOT_ASSESS = 0,   /* sqlite_assess.c */
    SQ_SLOT_PROGRAM = 32, /* sqlite_program.c */
    SQ_SLOT_LOG = 64,     /* sqlite_log.c */
    SQ_SLOTS = 96
};

/* The cached statement in 'slot', prepared from 'sql' on first use; NULL
 * (with 'err' set) when it cannot be prepared. */
sqlite3_stmt *sq_stmt(
    struct rb_store *s, int slot, const char *sql, struct rb_err *err);

void sq_done(sqlite3_stmt *st);
void sq_bind_text(sqlite3_stmt *st, int i, const char *v); /* NULL: NULL */
void sq_bind_id(sqlite3_stmt *st, int i, int64_t v);       /* 0: NULL */
void sq_bind_day(sqlite3_stmt *st, int i, int64_t day);    /* 0: NULL */
const char *sq_col_str(sqlite3_stmt *st, int i, struct rb_arena *a);
int64_t sq_col_day(sqlite3_stmt *st, int i); /* 0 when NULL */

/* Run a statement returning no rows (RB_ENOTFOUND if 'need_change' and it
 * changed nothing); an INSERT ... RETURNING id; a one-row query (left on
 * its row for the caller, who calls sq_done()). */
enum rb_status sq_run(
    struct rb_store *s, sqlite3_stmt *st, bool need_change, struct rb_err *err);
enum rb_status sq_run_returning(
    struct rb_store *s, sqlite3_stmt *st, int64_t *ret_id, struct rb_err *err);
enum rb_status sq_one_row(
    struct rb_store *s, sqlite3_stmt *st, const char *what, struct rb_err *err);

/* Every row of 'st' into an arena array of 'elem'-sized records. */
typedef void (*sq_read_fn)(sqlite3_stmt *st, struct rb_arena *a, void *out);
enum rb_status sq_collect(struct rb_store *s, sqlite3_stmt *st,
    struct rb_arena *a, size_t elem, sq_read_fn read, void **ret, size_t *ret_n,
    struct rb_err *err);

/* sqlite_assess.c */
enum rb_status sqlite_assessment_add(struct rb_store *s,
    const struct rb_assessment_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status sqlite_assessment_get(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *a, struct rb_assessment_row *ret,
    struct rb_err *err);
enum rb_status sqlite_assessment_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *a, struct rb_assessment_row **ret,
    size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_measurement_add(struct rb_store *s,
    const struct rb_measurement_row *in, struct rb_err *err);
enum rb_status sqlite_measurement_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t assessment_id, const char *measure,
    struct rb_arena *a, struct rb_measurement_row **ret, size_t *ret_n,
    struct rb_err *err);
enum rb_status sqlite_response_add(
    struct rb_store *s, const struct rb_response_row *in, struct rb_err *err);
enum rb_status sqlite_response_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t assessment_id, struct rb_arena *a,
    struct rb_response_row **ret, size_t *ret_n, struct rb_err *err);

/* sqlite_program.c */
enum rb_status sqlite_program_version_add(struct rb_store *s,
    const struct rb_program_version_row *in, int64_t *ret_id,
    struct rb_err *err);
enum rb_status sqlite_program_version_get(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t version, struct rb_arena *a,
    struct rb_program_version_row *ret, struct rb_err *err);
enum rb_status sqlite_program_version_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, struct rb_arena *a, struct rb_program_version_row **ret,
    size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_training_add(struct rb_store *s,
    const struct rb_training_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status sqlite_set_add(
    struct rb_store *s, const struct rb_set_row *in, struct rb_err *err);
enum rb_status sqlite_training_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *a,
    struct rb_training_row **ret, size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_set_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *a,
    struct rb_set_row **ret, size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_checkin_add(struct rb_store *s,
    const struct rb_checkin_row *in, int64_t *ret_id, struct rb_err *err);
enum rb_status sqlite_checkin_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, int64_t from, struct rb_arena *a,
    struct rb_checkin_row **ret, size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_recommendation_add(struct rb_store *s,
    const struct rb_recommendation_row *in, int64_t *ret_id,
    struct rb_err *err);
enum rb_status sqlite_recommendation_list(struct rb_store *s, int64_t org_id,
    int64_t client_id, const char *status, struct rb_arena *a,
    struct rb_recommendation_row **ret, size_t *ret_n, struct rb_err *err);
enum rb_status sqlite_recommendation_decide(struct rb_store *s,
    const struct rb_recommendation_row *in, struct rb_err *err);

enum rb_status sqlite_case_update(
    struct rb_store *s, const struct rb_case_row *in, struct rb_err *err);
enum rb_status sqlite_recommendation_by_id(struct rb_store *s, int64_t org_id,
    int64_t id, struct rb_arena *a, struct rb_recommendation_row *ret,
    struct rb_err *err);
enum rb_status sqlite_attention_facts(struct rb_store *s, int64_t org_id,
    int64_t practitioner_id, int64_t from, int64_t pain_from,
    struct rb_arena *a, struct rb_attention_facts *ret, struct rb_err *err);

#endif /* RB_STORE_SQLITE_INT_H */
