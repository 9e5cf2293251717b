/*
 * test_util.c -- arena, bounded buffer, strict parsing, dates, JSON checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/str.h"

static void
test_arena_gives_zeroed_aligned_memory_across_chunks(void **state)
{
    struct rb_arena a;

    (void)state;
    rb_arena_init(&a);
    for (int i = 0; i < 1000; i++) {
        unsigned char *p = rb_arena_alloc(&a, 100);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (int k = 0; k < 100; k++) {
            assert_int_equal(p[k], 0);
        }
        memset(p, 0xab, 100);
    }
    char *big = rb_arena_alloc(&a, 200000); /* bigger than any chunk */
    big[199999] = 'x';
    assert_string_equal(rb_arena_printf(&a, "%s-%d", "id", 42), "id-42");
    assert_string_equal(rb_arena_strndup(&a, "abcdef", 3), "abc");
    assert_null(rb_arena_strdup(&a, NULL));
    rb_arena_release(&a);
    assert_int_equal(a.used, 0);
}

static void
test_buf_refuses_growth_past_its_cap_and_keeps_contents(void **state)
{
    struct rb_buf b;

    (void)state;
    rb_buf_init(&b, 8);
    assert_int_equal(rb_buf_append(&b, "abcd", 4), RB_OK);
    assert_int_equal(rb_buf_printf(&b, "%d", 1234), RB_OK);
    assert_int_equal(rb_buf_append(&b, "x", 1), RB_ELIMIT);
    assert_string_equal(rb_buf_str(&b), "abcd1234");
    assert_int_equal(b.len, 8);
    rb_buf_release(&b);
    assert_string_equal(rb_buf_str(&b), "");
}

static void
test_parse_i64_accepts_only_whole_numbers_in_range(void **state)
{
    int64_t v = -7;

    (void)state;
    assert_true(rb_parse_i64("42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_true(rb_parse_i64("-5", -10, 10, &v));
    assert_int_equal(v, -5);
    v = 99;
    assert_false(rb_parse_i64("12abc", 0, 100, &v));
    assert_false(rb_parse_i64(" 12", 0, 100, &v));
    assert_false(rb_parse_i64("+12", 0, 100, &v));
    assert_false(rb_parse_i64("", 0, 100, &v));
    assert_false(rb_parse_i64("101", 0, 100, &v));
    assert_false(rb_parse_i64("99999999999999999999", 0, INT64_MAX, &v));
    assert_int_equal(v, 99); /* untouched on failure */
}

static void
test_dates_round_trip_and_refuse_impossible_days(void **state)
{
    int64_t day;
    char out[11];

    (void)state;
    assert_true(rb_date_parse("1970-01-01", &day));
    assert_int_equal(day, 0);
    assert_true(rb_date_parse("2000-02-29", &day)); /* leap year */
    rb_date_format(day, out);
    assert_string_equal(out, "2000-02-29");
    assert_true(rb_date_parse("2026-11-23", &day));
    assert_int_equal(day, 20780);
    assert_false(rb_date_parse("1900-02-29", &day)); /* not a leap year */
    assert_false(rb_date_parse("2026-02-30", &day));
    assert_false(rb_date_parse("2026-13-01", &day));
    assert_false(rb_date_parse("2026-1-01", &day));
    assert_false(rb_date_parse("26-01-01xx", &day));
}

static void
test_time_format_is_iso_8601_utc(void **state)
{
    char out[32];

    (void)state;
    rb_time_format_ms(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00.000Z");
    rb_time_format_ms(1795449600123LL, out);
    assert_string_equal(out, "2026-11-23T16:00:00.123Z");
}

static const char *const colours[] = {"red", "green", NULL};
static const struct rb_jfield fields[] = {
    {"name", RB_J_STRING, true, 1, 5},
    {"age", RB_J_INT, false, 0, 120},
    {"colour", RB_J_STRING, false, 0, 0, colours},
    {"born", RB_J_DATE, false, 0, 0, NULL, true},
    {NULL},
};

static const char *
check(const char *text, enum rb_status *st, char *field)
{
    static char code[64];
    struct rb_err err = {0};
    json_t *o = NULL;

    *st = rb_json_parse_object(text, strlen(text), &o, &err);
    if (*st == RB_OK) {
        *st = rb_json_check(o, fields, &err);
    }
    json_decref(o);
    snprintf(field, 64, "%s", err.field);
    snprintf(code, sizeof(code), "%s", *st ? rb_err_code(&err) : "ok");
    return code;
}

static void
test_json_check_names_the_problem_and_the_field(void **state)
{
    enum rb_status st;
    char field[64];

    (void)state;
    assert_string_equal(
        check("{\"name\":\"ann\",\"age\":3}", &st, field), "ok");
    assert_string_equal(
        check("{\"name\":\"ann\",\"born\":null}", &st, field), "ok");
    assert_string_equal(check("{\"name\":", &st, field), "invalid_json");
    assert_string_equal(check("[1,2]", &st, field), "not_an_object");
    assert_string_equal(check("{\"name\":\"a\",\"name\":\"b\"}", &st, field),
        "invalid_json"); /* duplicate keys refused */
    assert_string_equal(
        check("{\"name\":\"a\",\"nmae\":1}", &st, field), "unknown_field");
    assert_string_equal(field, "nmae");
    assert_string_equal(check("{\"age\":3}", &st, field), "missing_field");
    assert_string_equal(field, "name");
    assert_string_equal(check("{\"name\":7}", &st, field), "wrong_type");
    assert_string_equal(field, "name");
    assert_string_equal(
        check("{\"name\":\"abcdef\"}", &st, field), "out_of_range");
    assert_string_equal(
        check("{\"name\":\"a\",\"age\":121}", &st, field), "out_of_range");
    assert_string_equal(field, "age");
    assert_string_equal(
        check("{\"name\":\"a\",\"colour\":\"blue\"}", &st, field),
        "out_of_range");
    assert_string_equal(
        check("{\"name\":\"a\",\"born\":\"2026-02-30\"}", &st, field),
        "out_of_range");
    assert_string_equal(check("{\"name\":null}", &st, field), "missing_field");
    assert_int_equal(st, RB_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_gives_zeroed_aligned_memory_across_chunks),
        cmocka_unit_test(
            test_buf_refuses_growth_past_its_cap_and_keeps_contents),
        cmocka_unit_test(test_parse_i64_accepts_only_whole_numbers_in_range),
        cmocka_unit_test(test_dates_round_trip_and_refuse_impossible_days),
        cmocka_unit_test(test_time_format_is_iso_8601_utc),
        cmocka_unit_test(test_json_check_names_the_problem_and_the_field),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
