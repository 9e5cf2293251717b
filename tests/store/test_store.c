/*
 * test_store.c -- the store contract on SQLite: records round-trip, every
 * query is scoped by practice, the audit trail cannot be rewritten, and
 * migrations upgrade old databases without losing a row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"

struct fixture {
    struct rb_store *s;
    struct rb_arena a;
    int64_t org_a, org_b, user_a, user_b;
};

static int64_t
add_org(struct rb_store *s, const char *name)
{
    struct rb_org o = {.name = name, .kind = "clinic", .created_ms = 1};
    int64_t id = 0;

    assert_int_equal(rb_store_org_add(s, &o, &id, NULL), RB_OK);
    return id;
}

static int64_t
add_user(struct rb_store *s, int64_t org, const char *email, enum rb_role role)
{
    struct rb_user u = {.org_id = org,
        .email = email,
        .name = "N",
        .role = role,
        .created_ms = 2};
    struct rb_user_secret sec = {.password_hash = "$argon2id$fake"};
    int64_t id = 0;

    assert_int_equal(rb_store_user_add(s, &u, &sec, &id, NULL), RB_OK);
    return id;
}

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (rb_store_open("sqlite::memory:", RB_STORE_MIGRATE, &f->s, NULL)) {
        return -1;
    }
    rb_arena_init(&f->a);
    f->org_a = add_org(f->s, "A");
    f->org_b = add_org(f->s, "B");
    f->user_a = add_user(f->s, f->org_a, "a@x.example", RB_ROLE_PRACTITIONER);
    f->user_b = add_user(f->s, f->org_b, "b@x.example", RB_ROLE_OWNER);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    rb_arena_release(&f->a);
    rb_store_close(f->s);
    free(f);
    return 0;
}

static void
test_assessments_keep_measures_and_answers_per_practice(void **state)
{
    struct fixture *f = *state;
    struct rb_client c = {.org_id = f->org_a,
        .first_name = "Tom",
        .last_name = "Becker",
        .sex = "male",
        .created_ms = 5};
    struct rb_assessment_row as = {.org_id = f->org_a,
                                 .day = 20000,
                                 .assessor_id = f->user_a,
                                 .body = "{}",
                                 .created_ms = 6},
                             got, *list;
    struct rb_measurement_row m = {.org_id = f->org_a, .day = 20000}, *ms;
    struct rb_response_row r = {.org_id = f->org_a,
                               .instrument = "lefs",
                               .answers = "[4,4,null]",
                               .score = 61,
                               .result = "{}",
                               .day = 20000},
                           *rs;
    size_t n;
    int64_t id, id2;

    assert_int_equal(rb_store_client_add(f->s, &c, &as.client_id, NULL), RB_OK);
    assert_int_equal(rb_store_assessment_add(f->s, &as, &id, NULL), RB_OK);
    as.day = 20010;
    assert_int_equal(rb_store_assessment_add(f->s, &as, &id2, NULL), RB_OK);
    m.client_id = r.client_id = as.client_id;
    m.assessment_id = r.assessment_id = id;
    m.measure = "single_hop", m.side = "left", m.value = 150.5;
    assert_int_equal(rb_store_measurement_add(f->s, &m, NULL), RB_OK);
    m.side = "right", m.value = 170;
    assert_int_equal(rb_store_measurement_add(f->s, &m, NULL), RB_OK);
    m.assessment_id = id2, m.day = 20010, m.measure = "lefs", m.side = "none";
    assert_int_equal(rb_store_measurement_add(f->s, &m, NULL), RB_OK);
    assert_int_equal(rb_store_response_add(f->s, &r, NULL), RB_OK);

    assert_int_equal(
        rb_store_assessment_get(f->s, f->org_a, id, &f->a, &got, NULL), RB_OK);
    assert_int_equal(got.day, 20000);
    assert_int_equal(got.nmeasures, 2);
    assert_int_equal(got.case_id, 0);
    assert_int_equal(
        rb_store_assessment_get(f->s, f->org_b, id, &f->a, &got, NULL),
        RB_ENOTFOUND);
    assert_int_equal(rb_store_assessment_list(
                         f->s, f->org_a, as.client_id, &f->a, &list, &n, NULL),
        RB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, id2); /* newest first */
    assert_int_equal(rb_store_measurement_list(f->s, f->org_a, as.client_id, 0,
                         "single_hop", &f->a, &ms, &n, NULL),
        RB_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ms[0].side, "left");
    assert_true(ms[0].value == 150.5);
    assert_int_equal(rb_store_measurement_list(f->s, f->org_a, as.client_id,
                         id2, NULL, &f->a, &ms, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ms[0].measure, "lefs");
    assert_int_equal(rb_store_measurement_list(f->s, f->org_b, as.client_id, 0,
                         NULL, &f->a, &ms, &n, NULL),
        RB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rb_store_response_list(
                         f->s, f->org_a, as.client_id, 0, &f->a, &rs, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rs[0].answers, "[4,4,null]");
    assert_true(rs[0].score == 61);
}

static void
test_program_versions_logs_and_recommendations_round_trip(void **state)
{
    struct fixture *f = *state;
    struct rb_client c = {.org_id = f->org_a,
        .first_name = "A",
        .last_name = "B",
        .created_ms = 5};
    struct rb_program_version_row pv = {.org_id = f->org_a,
                                      .version = 1,
                                      .body = "{\"weeks\":[]}",
                                      .reason = "generated",
                                      .created_ms = 7},
                                  got, *pvs;
    struct rb_training_row t = {.org_id = f->org_a,
                               .day = 20001,
                               .status = "completed",
                               .rpe = 6,
                               .minutes = -1,
                               .created_ms = 8},
                           *ts;
    struct rb_set_row set = {.org_id = f->org_a,
                          .exercise_id = "goblet-squat",
                          .set_no = 1,
                          .reps = 10,
                          .seconds = -1,
                          .load_kg = 16,
                          .rpe = -1,
                          .rir = 2,
                          .pain = 6},
                      *sets;
    struct rb_checkin_row ci = {.org_id = f->org_a,
                              .day = 20002,
                              .kind = "next_morning",
                              .body = "{}",
                              .max_pain = 4,
                              .created_ms = 9},
                          *cis;
    struct rb_recommendation_row rec = {.org_id = f->org_a,
                                     .day = 20002,
                                     .exercise_id = "goblet-squat",
                                     .action = "regress",
                                     .reasons = "[]",
                                     .created_ms = 10},
                                 *recs;
    size_t n;
    int64_t id, sid, rid;

    assert_int_equal(rb_store_client_add(f->s, &c, &pv.client_id, NULL), RB_OK);
    t.client_id = ci.client_id = rec.client_id = pv.client_id;
    assert_int_equal(rb_store_program_version_add(f->s, &pv, &id, NULL), RB_OK);
    pv.version = 2, pv.reason = "edited";
    assert_int_equal(rb_store_program_version_add(f->s, &pv, &id, NULL), RB_OK);
    assert_int_equal(rb_store_program_version_add(f->s, &pv, &id, NULL),
        RB_ECONFLICT); /* version numbers are unique per client */
    assert_int_equal(rb_store_program_version_get(
                         f->s, f->org_a, pv.client_id, 0, &f->a, &got, NULL),
        RB_OK);
    assert_int_equal(got.version, 2);
    assert_int_equal(rb_store_program_version_get(
                         f->s, f->org_a, pv.client_id, 1, &f->a, &got, NULL),
        RB_OK);
    assert_string_equal(got.reason, "generated");
    assert_int_equal(rb_store_program_version_get(
                         f->s, f->org_b, pv.client_id, 0, &f->a, &got, NULL),
        RB_ENOTFOUND);
    assert_int_equal(rb_store_program_version_list(
                         f->s, f->org_a, pv.client_id, &f->a, &pvs, &n, NULL),
        RB_OK);
    assert_int_equal(n, 2);
    assert_null(pvs[0].body);

    t.program_version_id = id;
    assert_int_equal(rb_store_training_add(f->s, &t, &sid, NULL), RB_OK);
    set.session_id = sid;
    assert_int_equal(rb_store_set_add(f->s, &set, NULL), RB_OK);
    assert_int_equal(rb_store_training_list(
                         f->s, f->org_a, pv.client_id, 0, &f->a, &ts, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_true(ts[0].rpe == 6 && ts[0].minutes < 0);
    assert_int_equal(rb_store_training_list(f->s, f->org_a, pv.client_id, 20002,
                         &f->a, &ts, &n, NULL),
        RB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rb_store_set_list(f->s, f->org_a, pv.client_id, 0, &f->a,
                         &sets, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sets[0].day, 20001);
    assert_true(sets[0].pain == 6 && sets[0].rpe < 0 && sets[0].rir == 2);

    assert_int_equal(rb_store_checkin_add(f->s, &ci, &id, NULL), RB_OK);
    assert_int_equal(rb_store_checkin_list(f->s, f->org_a, pv.client_id, 0,
                         &f->a, &cis, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(cis[0].red_flags, "[]");

    assert_int_equal(
        rb_store_recommendation_add(f->s, &rec, &rid, NULL), RB_OK);
    rec.id = rid, rec.status = "accepted", rec.decided_by = f->user_a;
    rec.decided_ms = 11;
    assert_int_equal(rb_store_recommendation_decide(f->s, &rec, NULL), RB_OK);
    assert_int_equal(rb_store_recommendation_decide(f->s, &rec, NULL),
        RB_ENOTFOUND); /* decided once */
    assert_int_equal(rb_store_recommendation_list(f->s, f->org_a, pv.client_id,
                         "pending", &f->a, &recs, &n, NULL),
        RB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rb_store_recommendation_list(f->s, f->org_a, pv.client_id,
                         NULL, &f->a, &recs, &n, NULL),
        RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(recs[0].status, "accepted");
}

static void
test_fresh_database_is_at_the_latest_schema(void **state)
{
    struct fixture *f = *state;
    int v = -1;

    assert_int_equal(rb_store_schema_version(f->s, &v, NULL), RB_OK);
    assert_int_equal(v, rb_store_schema_latest());
    assert_int_equal(v, rb_sqlite_migrations_count);
}

static void
test_users_are_found_by_email_and_scoped_by_practice(void **state)
{
    struct fixture *f = *state;
    struct rb_user u;
    struct rb_user_secret sec;
    struct rb_err err;

    assert_int_equal(
        rb_store_user_by_email(f->s, "a@x.example", &f->a, &u, &sec, NULL),
        RB_OK);
    assert_int_equal(u.id, f->user_a);
    assert_int_equal(u.role, RB_ROLE_PRACTITIONER);
    assert_true(u.active);
    assert_string_equal(sec.password_hash, "$argon2id$fake");
    assert_int_equal(
        rb_store_user_get(f->s, f->org_a, f->user_a, &f->a, &u, NULL), RB_OK);
    u.id = -1;
    assert_int_equal(
        rb_store_user_get(f->s, f->org_b, f->user_a, &f->a, &u, &err),
        RB_ENOTFOUND);
    assert_int_equal(u.id, -1); /* untouched on failure */
}

static void
test_duplicate_email_is_a_conflict(void **state)
{
    struct fixture *f = *state;
    struct rb_user u = {.org_id = f->org_b,
        .email = "a@x.example",
        .name = "Dup",
        .role = RB_ROLE_ADMIN};
    struct rb_user_secret sec = {0};
    struct rb_err err;
    int64_t id = 0;

    assert_int_equal(
        rb_store_user_add(f->s, &u, &sec, &id, &err), RB_ECONFLICT);
    assert_string_equal(rb_err_code(&err), "email_taken");
    assert_int_equal(id, 0);
}

static void
test_clients_of_one_practice_are_invisible_to_another(void **state)
{
    struct fixture *f = *state;
    struct rb_client c = {.org_id = f->org_a,
        .practitioner_id = f->user_a,
        .first_name = "Maya",
        .last_name = "Torres",
        .birth_date = "1981-03-14",
        .sex = "female",
        .created_ms = 5};
    struct rb_client got, *list;
    struct rb_client_filter filt = {.org_id = f->org_b, .limit = 10};
    size_t n = 99;
    int64_t id;

    assert_int_equal(rb_store_client_add(f->s, &c, &id, NULL), RB_OK);
    assert_int_equal(
        rb_store_client_get(f->s, f->org_a, id, &f->a, &got, NULL), RB_OK);
    assert_string_equal(got.last_name, "Torres");
    assert_string_equal(got.birth_date, "1981-03-14");
    assert_int_equal(got.practitioner_id, f->user_a);
    assert_null(got.email);
    assert_int_equal(rb_store_client_get(f->s, f->org_b, id, &f->a, &got, NULL),
        RB_ENOTFOUND);
    got.id = id;
    got.org_id = f->org_b; /* an update aimed across practices */
    got.last_name = "Hijacked";
    assert_int_equal(rb_store_client_update(f->s, &got, NULL), RB_ENOTFOUND);
    assert_int_equal(
        rb_store_client_list(f->s, &filt, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 0);
    filt.org_id = f->org_a;
    assert_int_equal(
        rb_store_client_list(f->s, &filt, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].last_name, "Torres");
}

static void
test_sessions_expire_and_revoke(void **state)
{
    struct fixture *f = *state;
    struct rb_user u;
    struct rb_org o;
    int64_t exp;

    assert_int_equal(
        rb_store_session_add(f->s, "h1", f->user_a, f->org_a, 100, 200, NULL),
        RB_OK);
    assert_int_equal(
        rb_store_session_lookup(f->s, "h1", 150, &f->a, &u, &o, &exp, NULL),
        RB_OK);
    assert_int_equal(u.id, f->user_a);
    assert_int_equal(o.id, f->org_a);
    assert_string_equal(o.name, "A");
    assert_int_equal(exp, 200);
    assert_int_equal(
        rb_store_session_lookup(f->s, "h1", 200, &f->a, &u, &o, &exp, NULL),
        RB_ENOTFOUND);
    assert_int_equal(rb_store_session_revoke(f->s, "h1", 160, NULL), RB_OK);
    assert_int_equal(
        rb_store_session_lookup(f->s, "h1", 170, &f->a, &u, &o, &exp, NULL),
        RB_ENOTFOUND);
    assert_int_equal(
        rb_store_session_revoke(f->s, "h1", 170, NULL), RB_ENOTFOUND);
}

static void
test_audit_is_filtered_newest_first_and_scoped(void **state)
{
    struct fixture *f = *state;
    struct rb_audit_entry e = {.org_id = f->org_a,
        .user_id = f->user_a,
        .action = "client.read",
        .record_type = "client",
        .record_id = 7,
        .client_id = 7,
        .address = "127.0.0.1",
        .request_id = "r"};
    struct rb_audit_filter q = {.org_id = f->org_a, .limit = 10};
    struct rb_audit_entry *list;
    size_t n;

    for (int i = 0; i < 5; i++) {
        e.at_ms = 1000 + i;
        e.client_id = i % 2 ? 7 : 8;
        assert_int_equal(rb_store_audit_add(f->s, &e, NULL), RB_OK);
    }
    assert_int_equal(
        rb_store_audit_query(f->s, &q, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 5);
    assert_true(list[0].id > list[4].id);
    q.client_id = 7;
    assert_int_equal(
        rb_store_audit_query(f->s, &q, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 2);
    q.client_id = 0;
    q.from_ms = 1002;
    q.to_ms = 1004;
    assert_int_equal(
        rb_store_audit_query(f->s, &q, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 2);
    q = (struct rb_audit_filter){.org_id = f->org_b, .limit = 10};
    assert_int_equal(
        rb_store_audit_query(f->s, &q, &f->a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 0);
}

/* A scratch database file, removed with its WAL files. */
static void
temp_db(char *path, size_t n)
{
    snprintf(path, n, "/tmp/rb-test-store-%d-%d.db", (int)getpid(), rand());
}

static void
remove_db(const char *path)
{
    char side[300];

    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        fail_msg("%s: %s", sql, msg ? msg : "?");
    }
}

static void
test_audit_rows_cannot_be_changed_or_deleted(void **state)
{
    char path[256];
    struct rb_store *s;
    sqlite3 *db;

    (void)state;
    temp_db(path, sizeof(path));
    assert_int_equal(rb_store_open(path, RB_STORE_MIGRATE, &s, NULL), RB_OK);
    rb_store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec_ok(db, "INSERT INTO orgs (name, kind, created_at) VALUES ('A', "
                "'gym', 1); INSERT INTO audit (org_id, at, action, "
                "record_type, address, request_id, detail) VALUES (1, 1, "
                "'x', 'y', '', '', '')");
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE audit SET action = 'z'", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    remove_db(path);
}

static void
test_upgrading_an_old_database_keeps_every_row(void **state)
{
    char path[256];
    struct rb_store *s;
    struct rb_arena a;
    struct rb_user u;
    struct rb_user_secret sec;
    struct rb_audit_filter q = {.org_id = 1, .limit = 10};
    struct rb_audit_entry *list;
    struct rb_err err;
    size_t n;
    sqlite3 *db;
    int v;

    (void)state;
    rb_arena_init(&a);
    temp_db(path, sizeof(path));
    /* Build a version-1 database by hand, as an old release left it. */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec_ok(db, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    exec_ok(db, rb_sqlite_migrations[0].sql);
    exec_ok(db, "INSERT INTO schema_version VALUES (1, '0001_init', 1);"
                "INSERT INTO orgs (name, kind, created_at) "
                "VALUES ('Old Gym', 'gym', 10);"
                "INSERT INTO users (org_id, email, name, role, "
                "password_hash, created_at) VALUES (1, 'old@x.example', "
                "'Old Owner', 'owner', '$argon2id$old', 11);"
                "INSERT INTO audit (org_id, at, user_id, action, "
                "record_type, record_id, address, request_id, detail) "
                "VALUES (1, 12, 1, 'login', 'user', 1, '10.0.0.1', "
                "'r1', '')");
    sqlite3_close(db);

    /* Without permission to migrate, an old schema is refused. */
    assert_int_equal(rb_store_open(path, 0, &s, &err), RB_ECONFLICT);
    assert_string_equal(rb_err_code(&err), "schema_outdated");

    assert_int_equal(rb_store_open(path, RB_STORE_MIGRATE, &s, &err), RB_OK);
    assert_int_equal(rb_store_schema_version(s, &v, NULL), RB_OK);
    assert_int_equal(v, rb_store_schema_latest());
    assert_int_equal(
        rb_store_user_by_email(s, "old@x.example", &a, &u, &sec, NULL), RB_OK);
    assert_string_equal(u.name, "Old Owner");
    assert_string_equal(sec.password_hash, "$argon2id$old");
    assert_int_equal(rb_store_audit_query(s, &q, &a, &list, &n, NULL), RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].address, "10.0.0.1");
    rb_store_close(s);
    rb_arena_release(&a);
    remove_db(path);
}

static void
test_a_newer_database_is_refused_with_a_clear_message(void **state)
{
    char path[256];
    struct rb_store *s = NULL;
    struct rb_err err;
    sqlite3 *db;

    (void)state;
    temp_db(path, sizeof(path));
    assert_int_equal(rb_store_open(path, RB_STORE_MIGRATE, &s, NULL), RB_OK);
    rb_store_close(s);
    s = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec_ok(db, "INSERT INTO schema_version VALUES (999, '0999_future', 1)");
    sqlite3_close(db);
    assert_int_equal(
        rb_store_open(path, RB_STORE_MIGRATE, &s, &err), RB_ECONFLICT);
    assert_null(s);
    assert_string_equal(rb_err_code(&err), "schema_too_new");
    assert_non_null(strstr(err.msg, "999"));
    assert_non_null(strstr(err.msg, "upgrade rebound"));
    remove_db(path);
}

static void
test_unknown_database_urls_are_refused(void **state)
{
    struct rb_store *s = NULL;
    struct rb_err err;

    (void)state;
    assert_int_equal(rb_store_open("mysql://x", 0, &s, &err), RB_EINVAL);
    assert_int_equal(rb_store_open("", 0, &s, &err), RB_EINVAL);
    assert_int_equal(
        rb_store_open("/nonexistent-dir/x/y.db", RB_STORE_MIGRATE, &s, &err),
        RB_EBACKEND);
    assert_null(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_fresh_database_is_at_the_latest_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_users_are_found_by_email_and_scoped_by_practice, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_duplicate_email_is_a_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_clients_of_one_practice_are_invisible_to_another, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_sessions_expire_and_revoke, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_audit_is_filtered_newest_first_and_scoped, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_assessments_keep_measures_and_answers_per_practice, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_program_versions_logs_and_recommendations_round_trip, setup,
            teardown),
        cmocka_unit_test(test_audit_rows_cannot_be_changed_or_deleted),
        cmocka_unit_test(test_upgrading_an_old_database_keeps_every_row),
        cmocka_unit_test(test_a_newer_database_is_refused_with_a_clear_message),
        cmocka_unit_test(test_unknown_database_urls_are_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
