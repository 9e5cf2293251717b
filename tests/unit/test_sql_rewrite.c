/*
 * test_sql_rewrite.c -- PostgreSQL $N placeholders become SQLite ?N.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/sql_rewrite.h"

static void
test_placeholders_become_positional(void **state)
{
    char out[128];

    (void)state;
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite(
            "SELECT $2, $1 FROM t WHERE a = $10", out, sizeof(out)),
        RB_OK);
    assert_string_equal(out, "SELECT ?2, ?1 FROM t WHERE a = ?10");
}

static void
test_quotes_and_comments_are_left_alone(void **state)
{
    char out[160];

    (void)state;
    assert_int_equal(rb_sql_rewrite_pg_to_sqlite(
                         "SELECT '$1', \"$2\", 'it''s $3' -- $4\n, $5 /* $6 */",
                         out, sizeof(out)),
        RB_OK);
    assert_string_equal(
        out, "SELECT '$1', \"$2\", 'it''s $3' -- $4\n, ?5 /* $6 */");
}

static void
test_a_lone_dollar_is_not_a_placeholder(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite("SELECT $a, $", out, sizeof(out)), RB_OK);
    assert_string_equal(out, "SELECT $a, $");
}

static void
test_unterminated_quotes_and_small_buffers_fail(void **state)
{
    char out[64], tiny[8];

    (void)state;
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite("SELECT 'x", out, sizeof(out)), RB_EINVAL);
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite("/* x", out, sizeof(out)), RB_EINVAL);
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite("SELECT 1234567", tiny, sizeof(tiny)),
        RB_ELIMIT);
    assert_int_equal(
        rb_sql_rewrite_pg_to_sqlite("SELECT 1", tiny, 0), RB_ELIMIT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_become_positional),
        cmocka_unit_test(test_quotes_and_comments_are_left_alone),
        cmocka_unit_test(test_a_lone_dollar_is_not_a_placeholder),
        cmocka_unit_test(test_unterminated_quotes_and_small_buffers_fail),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
