/*
 * test_kb.c -- the shipped knowledge base loads clean and holds what the
 * product needs; search ranks and filters; a practice's overlay adds,
 * replaces and hides exercises; eligibility applies restrictions and
 * contraindications.  The data directory comes from argv[1].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"

static const char *data_dir;
static struct rb_kb *kb;

static int
load(void **state)
{
    struct rb_err err;

    (void)state;
    if (rb_kb_load(data_dir, &kb, NULL, &err) != RB_OK) {
        fprintf(stderr, "# %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int
unload(void **state)
{
    (void)state;
    rb_kb_free(kb);
    return 0;
}

static void
test_library_has_300_exercises_in_every_category(void **state)
{
    static const char *const cats[] = {"mobility", "activation",
        "motor_control", "balance", "strength", "hypertrophy", "power",
        "agility", "conditioning", "core", "recovery"};

    (void)state;
    assert_true(rb_kb_exercise_count(kb) >= 300);
    for (size_t c = 0; c < sizeof(cats) / sizeof(cats[0]); c++) {
        size_t n = 0;
        for (size_t i = 0; i < rb_kb_exercise_count(kb); i++) {
            n += strcmp(rb_kb_exercise_at(kb, i)->category, cats[c]) == 0;
        }
        if (n < 3) {
            fail_msg("only %zu '%s' exercises", n, cats[c]);
        }
    }
}

static void
test_every_required_pathway_is_there(void **state)
{
    static const char *const conditions[] = {"lateral_ankle_sprain",
        "chronic_ankle_instability", "acl_reconstruction",
        "patellofemoral_pain", "low_back_pain", "rotator_cuff_shoulder_pain",
        "achilles_tendinopathy", "hamstring_strain", "postpartum"};
    static const char *const populations[] = {
        "sedentary", "older_adult", "general"};

    (void)state;
    for (size_t c = 0; c < 9; c++) {
        bool found = false;
        for (size_t i = 0; i < rb_kb_protocol_count(kb); i++) {
            const struct rb_protocol *p = rb_kb_protocol_at(kb, i);
            found = found ||
                    (p->condition && strcmp(p->condition, conditions[c]) == 0);
        }
        if (!found) {
            fail_msg("no protocol for %s", conditions[c]);
        }
    }
    for (size_t c = 0; c < 3; c++) {
        bool found = false;
        for (size_t i = 0; i < rb_kb_protocol_count(kb); i++) {
            const struct rb_protocol *p = rb_kb_protocol_at(kb, i);
            found = found || (p->population &&
                                 strcmp(p->population, populations[c]) == 0);
        }
        if (!found) {
            fail_msg("no protocol for population %s", populations[c]);
        }
    }
}

static void
test_every_exit_criterion_is_compiled_and_sourced(void **state)
{
    size_t n = 0;

    (void)state;
    for (size_t i = 0; i < rb_kb_protocol_count(kb); i++) {
        const struct rb_protocol *p = rb_kb_protocol_at(kb, i);
        for (size_t k = 0; k < p->nphases; k++) {
            for (size_t x = 0; x < p->phases[k].nexit; x++) {
                assert_non_null(p->phases[k].exit[x].compiled);
                assert_non_null(rb_kb_source(kb, p->phases[k].exit[x].source));
                n++;
            }
        }
    }
    assert_true(n >= 30);
}

static void
test_search_ranks_exact_name_first_and_filters_exactly(void **state)
{
    struct rb_kb_hit hits[50];
    struct rb_kb_query q = {.phase = -1, .limit = 50};
    const struct rb_exercise *top;
    size_t n, total;

    (void)state;
    top = rb_kb_exercise_at(kb, 7);
    q.q = top->name;
    total = rb_kb_search(kb, NULL, &q, hits, &n);
    assert_true(total >= 1);
    assert_string_equal(hits[0].e->id, top->id);
    for (size_t i = 1; i < n; i++) {
        assert_true(hits[i - 1].score >= hits[i].score);
    }
    q = (struct rb_kb_query){.pattern = "hinge",
        .category = "strength",
        .phase = RB_PHASE_STRENGTH,
        .limit = 50};
    total = rb_kb_search(kb, NULL, &q, hits, &n);
    assert_true(total >= 3);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(hits[i].e->pattern, "hinge");
        assert_string_equal(hits[i].e->category, "strength");
        assert_true(hits[i].e->phases & (1u << RB_PHASE_STRENGTH));
    }
    /* An alias finds its exercise too (the letter prefilter keeps it). */
    for (size_t i = 0; i < rb_kb_exercise_count(kb); i++) {
        const struct rb_exercise *e = rb_kb_exercise_at(kb, i);
        if (e->aliases.n > 0) {
            bool found = false;
            q = (struct rb_kb_query){
                .q = e->aliases.v[0], .phase = -1, .limit = 50};
            rb_kb_search(kb, NULL, &q, hits, &n);
            for (size_t k = 0; k < n; k++) {
                found = found || hits[k].e == e;
            }
            if (!found) {
                fail_msg("alias '%s' does not find %s", e->aliases.v[0], e->id);
            }
        }
    }
    q = (struct rb_kb_query){.q = "zzqx-nothing", .phase = -1, .limit = 5};
    assert_int_equal(rb_kb_search(kb, NULL, &q, hits, &n), 0);
    assert_int_equal(n, 0);
}

static json_t *
copy_of(const char *id, const char *new_id, const char *name)
{
    json_t *j = rb_kb_exercise_json(kb, rb_kb_exercise(kb, id));

    json_object_set_new(j, "id", json_string(new_id));
    json_object_set_new(j, "name", json_string(name));
    return j;
}

static void
test_overlay_adds_replaces_and_hides_for_one_practice(void **state)
{
    const struct rb_exercise *base = rb_kb_exercise_at(kb, 0);
    struct rb_kb_overlay *o = rb_kb_overlay_new(7);
    struct rb_exercise *own = NULL, *edit = NULL;
    struct rb_kb_hit hits[10];
    struct rb_kb_query q = {.q = "Quokka hold", .phase = -1, .limit = 10};
    json_t *j;
    size_t n;

    (void)state;
    j = copy_of(base->id, "quokka-hold", "Quokka hold");
    assert_int_equal(
        rb_kb_exercise_parse(kb, o, j, 7, true, &own, NULL), RB_OK);
    json_decref(j);
    rb_kb_overlay_add(o, own);
    assert_int_equal(rb_kb_search(kb, o, &q, hits, &n), 1);
    assert_string_equal(hits[0].e->id, "quokka-hold");
    assert_int_equal(rb_kb_search(kb, NULL, &q, hits, &n), 0);

    j = copy_of(base->id, base->id, "Renamed by the practice");
    assert_int_equal(
        rb_kb_exercise_parse(kb, o, j, 7, true, &edit, NULL), RB_OK);
    json_decref(j);
    rb_kb_overlay_add(o, edit);
    assert_string_equal(
        rb_kb_find(kb, o, base->id)->name, "Renamed by the practice");
    assert_string_equal(rb_kb_find(kb, NULL, base->id)->name, base->name);

    rb_kb_overlay_hide(o, rb_kb_exercise_at(kb, 1)->id);
    assert_null(rb_kb_find(kb, o, rb_kb_exercise_at(kb, 1)->id));
    assert_non_null(rb_kb_find(kb, NULL, rb_kb_exercise_at(kb, 1)->id));
    rb_kb_overlay_free(o);
}

static void
test_a_practice_exercise_gets_the_same_checks(void **state)
{
    const struct rb_exercise *base = rb_kb_exercise_at(kb, 0);
    struct rb_exercise *e = NULL;
    struct rb_err err;
    json_t *j;

    (void)state;
    j = copy_of(base->id, "Bad Id", "x");
    assert_int_equal(
        rb_kb_exercise_parse(kb, NULL, j, 1, true, &e, &err), RB_EINVAL);
    assert_non_null(strstr(err.field, "id"));
    json_decref(j);

    j = copy_of(base->id, "new-one", "New one");
    json_object_set_new(j, "pattern", json_string("cartwheel"));
    assert_int_equal(
        rb_kb_exercise_parse(kb, NULL, j, 1, true, &e, &err), RB_EINVAL);
    assert_non_null(strstr(err.field, "pattern"));
    json_decref(j);

    j = copy_of(base->id, "new-one", "New one");
    json_object_set_new(j, "progressions", json_pack("[s]", "no-such-one"));
    assert_int_equal(
        rb_kb_exercise_parse(kb, NULL, j, 1, true, &e, &err), RB_EINVAL);
    assert_non_null(strstr(err.msg, "no-such-one"));
    json_decref(j);

    j = copy_of(base->id, "new-one", "New one");
    json_object_set_new(j, "cues", json_pack("[s]", "only one"));
    assert_int_equal(
        rb_kb_exercise_parse(kb, NULL, j, 1, true, &e, &err), RB_EINVAL);
    assert_non_null(strstr(err.field, "cues"));
    json_decref(j);
    assert_null(e);
}

static void
test_restrictions_and_contraindications_exclude(void **state)
{
    uint32_t no_jumping = 0;
    size_t jumps = 0, excluded = 0;

    (void)state;
    assert_true(rb_kb_restriction(kb, "no_jumping", &no_jumping));
    for (size_t i = 0; i < rb_kb_exercise_count(kb); i++) {
        const struct rb_exercise *e = rb_kb_exercise_at(kb, i);
        if (strcmp(e->impact, "high") == 0) {
            jumps++;
            for (int k = 0; k < RB__PHASE_MAX; k++) {
                excluded +=
                    !rb_kb_eligible(e, NULL, (enum rb_phase_kind)k, no_jumping);
            }
        }
        for (size_t c = 0; c < e->ncontra; c++) {
            int k = e->contra[c].phase;
            if (k >= 0) {
                assert_false(rb_kb_eligible(
                    e, e->contra[c].condition, (enum rb_phase_kind)k, 0));
            }
        }
    }
    assert_true(jumps > 0);
    assert_int_equal(excluded, jumps * RB__PHASE_MAX);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_has_300_exercises_in_every_category),
        cmocka_unit_test(test_every_required_pathway_is_there),
        cmocka_unit_test(test_every_exit_criterion_is_compiled_and_sourced),
        cmocka_unit_test(
            test_search_ranks_exact_name_first_and_filters_exactly),
        cmocka_unit_test(test_overlay_adds_replaces_and_hides_for_one_practice),
        cmocka_unit_test(test_a_practice_exercise_gets_the_same_checks),
        cmocka_unit_test(test_restrictions_and_contraindications_exclude),
    };

    data_dir = argc > 1 ? argv[1] : "data";
    return cmocka_run_group_tests(tests, load, unload);
}
