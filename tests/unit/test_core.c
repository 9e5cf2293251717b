/*
 * test_core.c -- the capability table, login throttling, account checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/login_throttle.h"
#include "core/role.h"
#include "core/validate.h"

static void
test_roles_round_trip_by_name(void **state)
{
    (void)state;
    for (int r = RB_ROLE_OWNER; r < RB__ROLE_MAX; r++) {
        assert_int_equal(rb_role_parse(rb_role_name((enum rb_role)r)), r);
    }
    assert_int_equal(rb_role_parse("root"), RB_ROLE_NONE);
    assert_int_equal(rb_role_parse(NULL), RB_ROLE_NONE);
    assert_string_equal(rb_role_name(RB_ROLE_NONE), "none");
}

static void
test_only_owner_and_admin_read_the_audit_trail(void **state)
{
    (void)state;
    assert_true(rb_role_can(RB_ROLE_OWNER, RB_CAP_AUDIT_READ));
    assert_true(rb_role_can(RB_ROLE_ADMIN, RB_CAP_AUDIT_READ));
    assert_false(rb_role_can(RB_ROLE_PRACTITIONER, RB_CAP_AUDIT_READ));
    assert_false(rb_role_can(RB_ROLE_CLIENT, RB_CAP_AUDIT_READ));
    assert_false(rb_role_can(RB_ROLE_NONE, RB_CAP_ORG_READ));
}

static void
test_who_may_invite_whom(void **state)
{
    (void)state;
    assert_true(rb_role_can(RB_ROLE_OWNER, rb_role_invite_cap(RB_ROLE_ADMIN)));
    assert_false(rb_role_can(RB_ROLE_ADMIN, rb_role_invite_cap(RB_ROLE_ADMIN)));
    assert_true(
        rb_role_can(RB_ROLE_ADMIN, rb_role_invite_cap(RB_ROLE_PRACTITIONER)));
    assert_false(rb_role_can(
        RB_ROLE_PRACTITIONER, rb_role_invite_cap(RB_ROLE_PRACTITIONER)));
    assert_true(
        rb_role_can(RB_ROLE_PRACTITIONER, rb_role_invite_cap(RB_ROLE_CLIENT)));
    assert_false(
        rb_role_can(RB_ROLE_CLIENT, rb_role_invite_cap(RB_ROLE_CLIENT)));
    assert_int_equal(rb_role_invite_cap(RB_ROLE_OWNER), RB__CAP_MAX);
}

static void
test_clients_see_only_themselves_staff_see_all(void **state)
{
    (void)state;
    assert_false(rb_role_can(RB_ROLE_CLIENT, RB_CAP_CLIENT_LIST_ALL));
    assert_false(rb_role_can(RB_ROLE_CLIENT, RB_CAP_CLIENT_WRITE));
    assert_true(rb_role_can(RB_ROLE_PRACTITIONER, RB_CAP_CLIENT_LIST_ALL));
    assert_true(rb_role_can(RB_ROLE_PRACTITIONER, RB_CAP_CLIENT_WRITE));
}

static void
test_three_failures_are_free_then_delays_double_then_lock(void **state)
{
    const struct rb_login_policy *p = &rb_login_policy_default;
    struct rb_login_state st = {0};
    int64_t now = 1000000, wait;

    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rb_login_gate(p, &st, now, &wait), RB_LOGIN_ALLOW);
        rb_login_failed(p, &st, now);
    }
    /* After the third failure: wait one second. */
    assert_int_equal(rb_login_gate(p, &st, now + 999, &wait), RB_LOGIN_WAIT);
    assert_int_equal(wait, 1);
    assert_int_equal(rb_login_gate(p, &st, now + 1000, &wait), RB_LOGIN_ALLOW);
    now += 1000;
    rb_login_failed(p, &st, now);
    /* After the fourth: two seconds. */
    assert_int_equal(rb_login_gate(p, &st, now + 1500, &wait), RB_LOGIN_WAIT);
    assert_int_equal(wait, 500);
    now += 2000;
    assert_int_equal(rb_login_gate(p, &st, now, &wait), RB_LOGIN_ALLOW);
    rb_login_failed(p, &st, now);
    /* The fifth locks for fifteen minutes, whatever the password. */
    assert_int_equal(
        rb_login_gate(p, &st, now + 60000, &wait), RB_LOGIN_LOCKED);
    assert_int_equal(wait, 15 * 60000 - 60000);
    /* When the lock runs out the count starts again from zero. */
    now += 15 * 60000;
    assert_int_equal(rb_login_gate(p, &st, now, &wait), RB_LOGIN_ALLOW);
    rb_login_failed(p, &st, now);
    assert_int_equal(st.failures, 1);
    assert_int_equal(st.locked_until_ms, 0);
    assert_int_equal(rb_login_gate(p, &st, now + 1, &wait), RB_LOGIN_ALLOW);
}

static void
test_a_success_forgets_every_failure(void **state)
{
    const struct rb_login_policy *p = &rb_login_policy_default;
    struct rb_login_state st = {0};
    int64_t wait;

    (void)state;
    for (int i = 0; i < 4; i++) {
        rb_login_failed(p, &st, 5000);
    }
    rb_login_succeeded(&st);
    assert_int_equal(st.failures, 0);
    assert_int_equal(rb_login_gate(p, &st, 5001, &wait), RB_LOGIN_ALLOW);
    assert_int_equal(wait, 0);
}

static void
test_email_and_name_checks(void **state)
{
    (void)state;
    assert_true(rb_valid_email("dana@riverside.example"));
    assert_false(rb_valid_email("dana"));
    assert_false(rb_valid_email("@riverside.example"));
    assert_false(rb_valid_email("dana@example"));
    assert_false(rb_valid_email("dana@@x.example"));
    assert_false(rb_valid_email("da na@x.example"));
    assert_false(rb_valid_email("dana@x."));
    assert_false(rb_valid_email(NULL));
    assert_true(rb_valid_name("Anaïs O'Neil-Szabó"));
    assert_false(rb_valid_name(""));
    assert_false(rb_valid_name("tab\there"));
    assert_false(rb_valid_name("   "));
}

static void
test_passwords_follow_nist_length_rules(void **state)
{
    struct rb_err err;

    (void)state;
    assert_int_equal(rb_check_password("correct horse", &err), RB_OK);
    assert_int_equal(rb_check_password("short", &err), RB_EINVAL);
    assert_string_equal(err.field, "password");
    assert_string_equal(rb_err_code(&err), "weak_password");
    assert_int_equal(rb_check_password(NULL, NULL), RB_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_round_trip_by_name),
        cmocka_unit_test(test_only_owner_and_admin_read_the_audit_trail),
        cmocka_unit_test(test_who_may_invite_whom),
        cmocka_unit_test(test_clients_see_only_themselves_staff_see_all),
        cmocka_unit_test(
            test_three_failures_are_free_then_delays_double_then_lock),
        cmocka_unit_test(test_a_success_forgets_every_failure),
        cmocka_unit_test(test_email_and_name_checks),
        cmocka_unit_test(test_passwords_follow_nist_length_rules),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
