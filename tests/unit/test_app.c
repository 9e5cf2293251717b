/*
 * test_app.c -- the use cases: login and sessions, who sees which client,
 * and the audit row every write and every client read leaves behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"

#define PW "rebound-demo-2026"

struct fixture {
    struct rb_app *app;
    struct rb_arena a;
    char path[128];
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct rb_app_config cfg = {.pool_size = 2};
    const struct rb_demo_login *logins;
    size_t n;

    snprintf(f->path, sizeof(f->path), "/tmp/rb-test-app-%d.db", (int)getpid());
    unlink(f->path);
    cfg.db_url = f->path;
    if (rb_app_open(&cfg, &f->app, NULL) != RB_OK ||
        rb_app_seed_demo(f->app, &logins, &n, NULL) != RB_OK) {
        return -1;
    }
    rb_arena_init(&f->a);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char side[160];

    rb_arena_release(&f->a);
    rb_app_close(f->app);
    unlink(f->path);
    snprintf(side, sizeof(side), "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

static struct rb_actor
login_as(struct fixture *f, const char *email)
{
    struct rb_login login;
    struct rb_actor who;
    struct rb_err err;

    assert_int_equal(
        rb_app_login(f->app, email, PW, "127.0.0.1", "t", &f->a, &login, &err),
        RB_OK);
    assert_int_equal(strlen(login.token), 43);
    assert_int_equal(rb_app_session(f->app, login.token, "127.0.0.1", "t",
                         &f->a, &who, &err),
        RB_OK);
    who.user.email = email;
    return who;
}

static void
test_login_gives_a_session_and_logout_ends_it(void **state)
{
    struct fixture *f = *state;
    struct rb_login login;
    struct rb_actor who;
    struct rb_err err;
    char csrf1[64], csrf2[64];

    assert_int_equal(rb_app_login(f->app, "Owner@Riverside.example", PW,
                         "127.0.0.1", "r1", &f->a, &login, &err),
        RB_OK); /* e-mail is case-insensitive */
    assert_int_equal(login.user.role, RB_ROLE_OWNER);
    assert_string_equal(login.org.name, "Riverside Sports Medicine");
    rb_app_csrf_for(login.token, csrf1);
    rb_app_csrf_for(login.token, csrf2);
    assert_string_equal(csrf1, csrf2);
    assert_string_equal(csrf1, login.csrf_token);
    assert_string_not_equal(csrf1, login.token);
    assert_int_equal(rb_app_session(f->app, login.token, "127.0.0.1", "r2",
                         &f->a, &who, &err),
        RB_OK);
    assert_int_equal(who.user.id, login.user.id);
    assert_int_equal(rb_app_logout(f->app, &who, login.token, &err), RB_OK);
    assert_int_equal(rb_app_session(f->app, login.token, "127.0.0.1", "r3",
                         &f->a, &who, &err),
        RB_EUNAUTH);
}

static void
test_wrong_password_and_unknown_user_look_the_same(void **state)
{
    struct fixture *f = *state;
    struct rb_login login;
    struct rb_err e1, e2;

    assert_int_equal(
        rb_app_login(f->app, "owner@riverside.example", "wrong-password",
            "127.0.0.1", "r", &f->a, &login, &e1),
        RB_EUNAUTH);
    assert_int_equal(
        rb_app_login(f->app, "nobody@riverside.example", "wrong-password",
            "127.0.0.1", "r", &f->a, &login, &e2),
        RB_EUNAUTH);
    assert_string_equal(rb_err_code(&e1), "invalid_credentials");
    assert_string_equal(e1.msg, e2.msg);
}

static void
test_fourth_quick_failure_is_throttled_with_a_wait(void **state)
{
    struct fixture *f = *state;
    struct rb_login login;
    struct rb_err err;

    for (int i = 0; i < 3; i++) {
        assert_int_equal(rb_app_login(f->app, "cpt@riverside.example", "nope",
                             "127.0.0.1", "r", &f->a, &login, &err),
            RB_EUNAUTH);
    }
    assert_int_equal(rb_app_login(f->app, "cpt@riverside.example", PW,
                         "127.0.0.1", "r", &f->a, &login, &err),
        RB_ETHROTTLED);
    assert_string_equal(rb_err_code(&err), "login_throttled");
    assert_true(err.retry_after_s >= 1);

    /* An address with no account is throttled the same way, so a 429 does
     * not tell an attacker which addresses exist. */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rb_app_login(f->app, "ghost@riverside.example", "nope",
                             "127.0.0.1", "r", &f->a, &login, &err),
            RB_EUNAUTH);
    }
    assert_int_equal(rb_app_login(f->app, "ghost@riverside.example", "nope",
                         "127.0.0.1", "r", &f->a, &login, &err),
        RB_ETHROTTLED);
    assert_string_equal(rb_err_code(&err), "login_throttled");
}

static void
test_a_client_sees_only_their_own_record(void **state)
{
    struct fixture *f = *state;
    struct rb_actor maya = login_as(f, "maya@riverside.example");
    struct rb_client c, *list;
    size_t n;
    struct rb_err err;

    assert_int_equal(
        rb_app_client_list(f->app, &maya, 100, 0, &f->a, &list, &n, &err),
        RB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].first_name, "Maya");
    assert_int_equal(
        rb_app_client_get(f->app, &maya, list[0].id, &f->a, &c, &err), RB_OK);
    for (int64_t other = 1; other <= 5; other++) {
        if (other != list[0].id) {
            assert_int_equal(
                rb_app_client_get(f->app, &maya, other, &f->a, &c, &err),
                RB_ENOTFOUND);
        }
    }
    struct rb_client in = {.first_name = "X", .last_name = "Y"};
    assert_int_equal(rb_app_client_create(f->app, &maya, &in, &f->a, &c, &err),
        RB_EFORBIDDEN);
}

static void
test_reading_a_client_leaves_an_audit_row(void **state)
{
    struct fixture *f = *state;
    struct rb_actor at = login_as(f, "at@riverside.example");
    struct rb_actor owner = login_as(f, "owner@riverside.example");
    struct rb_audit_filter q = {.client_id = 3, .limit = 10};
    struct rb_audit_entry *list;
    struct rb_client c;
    size_t n;
    struct rb_err err;

    at.request_id = "req-42";
    assert_int_equal(rb_app_client_get(f->app, &at, 3, &f->a, &c, &err), RB_OK);
    assert_int_equal(
        rb_app_audit_query(f->app, &at, &q, &f->a, &list, &n, &err),
        RB_EFORBIDDEN); /* practitioners do not read the trail */
    assert_int_equal(
        rb_app_audit_query(f->app, &owner, &q, &f->a, &list, &n, &err), RB_OK);
    assert_true(n >= 1);
    assert_string_equal(list[0].action, "client.read");
    assert_int_equal(list[0].user_id, at.user.id);
    assert_string_equal(list[0].request_id, "req-42");
}

static void
test_invites_activate_once(void **state)
{
    struct fixture *f = *state;
    struct rb_actor owner = login_as(f, "owner@riverside.example");
    struct rb_new_user nu = {.email = "new@riverside.example",
        .name = "New Trainer",
        .role = RB_ROLE_PRACTITIONER};
    const char *invite = NULL;
    struct rb_user u;
    struct rb_err err;

    assert_int_equal(
        rb_app_user_create(f->app, &owner, &nu, &f->a, &u, &invite, &err),
        RB_OK);
    assert_non_null(invite);
    assert_false(u.active);
    assert_int_equal(rb_app_invite_accept(
                         f->app, invite, "short", "ip", "r", &f->a, &u, &err),
        RB_EINVAL);
    assert_int_equal(rb_app_invite_accept(f->app, invite, "a long password",
                         "ip", "r", &f->a, &u, &err),
        RB_OK);
    assert_true(u.active);
    assert_int_equal(rb_app_invite_accept(f->app, invite, "a long password",
                         "ip", "r", &f->a, &u, &err),
        RB_ENOTFOUND);
    nu.role = RB_ROLE_OWNER;
    nu.email = "second-owner@riverside.example";
    assert_int_equal(
        rb_app_user_create(f->app, &owner, &nu, &f->a, &u, &invite, &err),
        RB_EINVAL);
}

static void
test_client_fields_are_checked_before_saving(void **state)
{
    struct fixture *f = *state;
    struct rb_actor at = login_as(f, "at@riverside.example");
    struct rb_client in = {
        .first_name = "Ana", .last_name = "Ruiz", .birth_date = "2999-01-01"};
    struct rb_client c;
    struct rb_err err;

    assert_int_equal(
        rb_app_client_create(f->app, &at, &in, &f->a, &c, &err), RB_EINVAL);
    assert_string_equal(err.field, "birth_date");
    in.birth_date = "1990-06-01";
    in.last_name = "  ";
    assert_int_equal(
        rb_app_client_create(f->app, &at, &in, &f->a, &c, &err), RB_EINVAL);
    assert_string_equal(err.field, "last_name");
    in.last_name = "Ruiz";
    in.practitioner_id = 4; /* Maya's portal account: not staff */
    assert_int_equal(
        rb_app_client_create(f->app, &at, &in, &f->a, &c, &err), RB_EINVAL);
    assert_string_equal(err.field, "practitioner_id");
    in.practitioner_id = at.user.id;
    assert_int_equal(
        rb_app_client_create(f->app, &at, &in, &f->a, &c, &err), RB_OK);
    assert_int_equal(c.practitioner_id, at.user.id);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_login_gives_a_session_and_logout_ends_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_wrong_password_and_unknown_user_look_the_same, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_fourth_quick_failure_is_throttled_with_a_wait, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_a_client_sees_only_their_own_record, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_reading_a_client_leaves_an_audit_row, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_invites_activate_once, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_client_fields_are_checked_before_saving, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
