/*
 * test_crash.c -- a writer killed with SIGKILL loses nothing it reported.
 *
 * A child process writes in a loop (a practice and its audit row in one
 * transaction) and, after each commit returns, reports the new id on a
 * pipe.  The parent kills it mid-stream, reopens the database, and checks
 * that PRAGMA integrity_check passes and that every reported write is there
 * whole: the practice and its audit row.  WAL with synchronous=NORMAL
 * promises exactly this for process crashes (not for power loss).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define MAX_ACKS 100000

static void
child_writer(const char *path, int out)
{
    struct rb_store *s;
    char name[32];

    if (rb_store_open(path, RB_STORE_MIGRATE, &s, NULL) != RB_OK) {
        _exit(3);
    }
    for (int i = 0;; i++) {
        struct rb_org o = {.name = name, .kind = "gym", .created_ms = i};
        struct rb_audit_entry e = {.at_ms = i,
            .action = "org.create",
            .record_type = "org",
            .address = "test",
            .request_id = "",
            .detail = ""};
        int64_t id;

        snprintf(name, sizeof(name), "crash-%d", i);
        if (rb_store_begin(s, true, NULL) != RB_OK ||
            rb_store_org_add(s, &o, &id, NULL) != RB_OK) {
            _exit(4);
        }
        e.org_id = e.record_id = id;
        if (rb_store_audit_add(s, &e, NULL) != RB_OK ||
            rb_store_commit(s, NULL) != RB_OK) {
            _exit(5);
        }
        /* Acknowledged only once the commit has returned. */
        if (write(out, &id, sizeof(id)) != (ssize_t)sizeof(id)) {
            _exit(6);
        }
    }
}

static int64_t
count(sqlite3 *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st;
    int64_t n = -1;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

static void
run_round(const char *path, int round)
{
    static int64_t acked[MAX_ACKS];
    size_t nacked = 0;
    int fds[2], status;
    pid_t pid;
    sqlite3 *db;
    sqlite3_stmt *st;
    struct timespec pause = {0, (long)(20 + 37 * round) * 1000000L};

    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child_writer(path, fds[1]);
    }
    close(fds[1]);
    /* Let it write for a while, then kill it wherever it is. */
    nanosleep(&pause, NULL);
    while (nacked < 50) {
        int64_t id;
        if (read(fds[0], &id, sizeof(id)) != (ssize_t)sizeof(id)) {
            break;
        }
        acked[nacked++] = id;
    }
    kill(pid, SIGKILL);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    for (;;) { /* acknowledgements sent before it died */
        int64_t id;
        if (nacked == MAX_ACKS ||
            read(fds[0], &id, sizeof(id)) != (ssize_t)sizeof(id)) {
            break;
        }
        acked[nacked++] = id;
    }
    close(fds[0]);
    assert_true(nacked >= 50);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    for (size_t i = 0; i < nacked; i++) {
        assert_int_equal(
            count(db, "SELECT count(*) FROM orgs WHERE id = ?1", acked[i]), 1);
        assert_int_equal(
            count(db, "SELECT count(*) FROM audit WHERE org_id = ?1", acked[i]),
            1);
    }
    /* No half-written transaction either: every org has its audit row. */
    assert_int_equal(count(db,
                         "SELECT count(*) FROM orgs o WHERE ?1 = ?1 AND NOT "
                         "EXISTS (SELECT 1 FROM audit a WHERE a.org_id = "
                         "o.id)",
                         0),
        0);
    sqlite3_close(db);
}

static void
test_killed_writer_loses_no_acknowledged_write(void **state)
{
    char path[128], side[160];

    (void)state;
    snprintf(path, sizeof(path), "/tmp/rb-crash-%d.db", (int)getpid());
    for (int round = 0; round < 3; round++) {
        run_round(path, round);
    }
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_killed_writer_loses_no_acknowledged_write),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
