/*
 * test_gate.c -- phase gates of every shipped protocol (met, not met,
 * missing, time floor), findings (LSI, differences, norms, flags) and the
 * validation of measures documents.  The data directory is argv[1].
 *
 * The gate tests are generic: every exit criterion in data/ compares a
 * measure in its "better" direction, so a client at each measure's best
 * plausible value (both sides equal) meets every criterion, and the
 * involved side at its worst fails each one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/assess.h"

static const char *data_dir;
static struct rb_kb *kb;

#define MAXM 256

struct set {
    struct rb_measurement m[MAXM];
    struct rb_measure_set s;
};

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
set_init(struct set *st)
{
    memset(st, 0, sizeof(*st));
    st->s.items = st->m;
    st->s.involved = RB_SIDE_LEFT;
    st->s.age_years = -1;
    st->s.today = 20000;
}

static void
put(struct set *st, const char *id, enum rb_side side, double v)
{
    assert_true(st->s.n < MAXM);
    st->m[st->s.n++] = (struct rb_measurement){id, side, v, 20000, NULL};
}

/* Every measure 'ph' reads, at its best ('good') or, for the measures of
 * criterion 'bad_ix' only, at its worst on the involved side. */
static void
fill_phase(struct set *st, const struct rb_phase *ph, size_t bad_ix)
{
    for (size_t i = 0; i < ph->nexit; i++) {
        const struct rb_measure_info *read[16];
        size_t n = rb_criterion_measures(ph->exit[i].compiled, read, 16);

        for (size_t k = 0; k < n; k++) {
            const struct rb_measure *m = rb_kb_measure(kb, read[k]->id);
            double best = m->info.lower_better ? m->min : m->max;
            double worst = m->info.lower_better ? m->max : m->min;
            double first = i == bad_ix ? worst : best;

            if (m->info.paired) {
                put(st, m->info.id, RB_SIDE_LEFT, first);
                put(st, m->info.id, RB_SIDE_RIGHT, best);
            } else {
                put(st, m->info.id, RB_SIDE_NONE, first);
            }
        }
    }
}

static bool
reads(const struct rb_exit_criterion *a, const struct rb_exit_criterion *b)
{
    const struct rb_measure_info *ra[16], *rb[16];
    size_t na = rb_criterion_measures(a->compiled, ra, 16);
    size_t nb = rb_criterion_measures(b->compiled, rb, 16);

    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            if (strcmp(ra[i]->id, rb[j]->id) == 0) {
                return true;
            }
        }
    }
    return false;
}

static void
test_every_phase_met_not_met_missing(void **state)
{
    size_t nphases = 0, ncrit = 0;

    (void)state;
    assert_true(rb_kb_protocol_count(kb) >= 10);
    for (size_t pi = 0; pi < rb_kb_protocol_count(kb); pi++) {
        const struct rb_protocol *p = rb_kb_protocol_at(kb, pi);

        for (size_t f = 0; f < p->nphases; f++) {
            const struct rb_phase *ph = &p->phases[f];
            struct rb_arena a;
            struct rb_gate g;
            struct rb_err err;
            struct set st;

            rb_arena_init(&a);
            nphases++;

            /* All best: every criterion met, ready once the floor passed. */
            set_init(&st);
            fill_phase(&st, ph, (size_t)-1);
            put(&st, "days_in_phase", RB_SIDE_NONE, ph->min_days);
            assert_int_equal(
                rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
            assert_int_equal(g.n, ph->nexit);
            for (size_t i = 0; i < g.n; i++) {
                if (g.items[i].verdict != RB_MET) {
                    fail_msg("%s/%s: '%s' not met at best values", p->id,
                        ph->id, ph->exit[i].expr);
                }
            }
            assert_true(g.ready);
            assert_int_equal(g.nto_test, 0);
            assert_ptr_equal(g.next, f + 1 < p->nphases ? ph + 1 : NULL);

            /* The time floor counts: one day short is not ready. */
            if (ph->min_days > 0) {
                set_init(&st);
                fill_phase(&st, ph, (size_t)-1);
                put(&st, "days_in_phase", RB_SIDE_NONE, ph->min_days - 1);
                assert_int_equal(
                    rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
                assert_true(g.has_time_floor);
                assert_int_equal(g.time_floor, RB_NOT_MET);
                assert_false(g.ready);
                set_init(&st);
                fill_phase(&st, ph, (size_t)-1);
                assert_int_equal(
                    rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
                assert_int_equal(g.time_floor, RB_MISSING);
                assert_false(g.ready);
            }

            /* Each criterion failed alone: it is not met, criteria reading
             * other measures still are, and the phase is not ready. */
            for (size_t bad = 0; bad < ph->nexit; bad++) {
                set_init(&st);
                fill_phase(&st, ph, bad);
                put(&st, "days_in_phase", RB_SIDE_NONE, ph->min_days);
                assert_int_equal(
                    rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
                if (g.items[bad].verdict != RB_NOT_MET) {
                    fail_msg("%s/%s: '%s' not failed at worst values", p->id,
                        ph->id, ph->exit[bad].expr);
                }
                for (size_t i = 0; i < g.n; i++) {
                    if (i != bad && !reads(&ph->exit[i], &ph->exit[bad])) {
                        assert_int_equal(g.items[i].verdict, RB_MET);
                    }
                }
                assert_false(g.ready);
                assert_int_equal(g.nto_test, 0);
                ncrit++;
            }

            /* Nothing recorded: every criterion missing, all to test. */
            set_init(&st);
            assert_int_equal(
                rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
            for (size_t i = 0; i < g.n; i++) {
                assert_int_equal(g.items[i].verdict, RB_MISSING);
                assert_false(g.items[i].has_value);
            }
            assert_true(g.ready == (ph->nexit == 0 && ph->min_days == 0));
            if (ph->nexit > 0) {
                assert_true(g.nto_test > 0);
            }
            for (size_t i = 0; i < ph->nexit; i++) {
                const struct rb_measure_info *read[16];
                size_t n =
                    rb_criterion_measures(ph->exit[i].compiled, read, 16);
                for (size_t k = 0; k < n; k++) {
                    bool found = false;
                    for (size_t j = 0; j < g.nto_test; j++) {
                        found = found || strcmp(g.to_test[j], read[k]->id) == 0;
                    }
                    assert_true(found);
                }
            }
            json_decref(rb_gate_json(kb, &g));
            rb_arena_release(&a);
        }
    }
    assert_true(nphases >= 40);
    assert_true(ncrit >= 60);
}

static const struct rb_phase *
phase(const struct rb_protocol *p, const char *id)
{
    for (size_t i = 0; i < p->nphases; i++) {
        if (strcmp(p->phases[i].id, id) == 0) {
            return &p->phases[i];
        }
    }
    fail_msg("no phase %s", id);
    return NULL;
}

static void
test_gate_values_thresholds_and_partial_missing(void **state)
{
    const struct rb_protocol *p = rb_kb_protocol(kb, "acl-reconstruction");
    const struct rb_phase *ph = phase(p, "run-land-cut");
    struct rb_arena a;
    struct rb_gate g;
    struct rb_err err;
    struct set st;
    json_t *j;

    (void)state;
    rb_arena_init(&a);
    set_init(&st);
    put(&st, "single_hop", RB_SIDE_LEFT, 150);
    put(&st, "single_hop", RB_SIDE_RIGHT, 180);
    put(&st, "timed_hop_6m", RB_SIDE_LEFT, 2.0);
    put(&st, "timed_hop_6m", RB_SIDE_RIGHT, 1.9);
    put(&st, "triple_hop", RB_SIDE_RIGHT, 500); /* left not recorded */
    assert_int_equal(rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
    for (size_t i = 0; i < g.n; i++) {
        const char *id = g.items[i].criterion->id;
        if (strcmp(id, "single-hop-lsi") == 0) {
            assert_int_equal(g.items[i].verdict, RB_NOT_MET);
            assert_true(g.items[i].has_value && g.items[i].has_threshold);
            assert_true(fabs(g.items[i].value - 250.0 / 3.0) < 1e-9);
            assert_true(g.items[i].threshold == 90.0);
        } else if (strcmp(id, "timed-hop-lsi") == 0) {
            /* 1.9 / 2.0 = 95 %: met. */
            assert_int_equal(g.items[i].verdict, RB_MET);
            assert_true(fabs(g.items[i].value - 95.0) < 1e-9);
        } else {
            assert_int_equal(g.items[i].verdict, RB_MISSING);
        }
    }
    assert_false(g.ready);
    /* triple_hop has one side only: still to test. */
    {
        bool triple = false, single = false;
        for (size_t i = 0; i < g.nto_test; i++) {
            triple = triple || strcmp(g.to_test[i], "triple_hop") == 0;
            single = single || strcmp(g.to_test[i], "single_hop") == 0;
        }
        assert_true(triple);
        assert_false(single);
    }
    j = rb_gate_json(kb, &g);
    assert_string_equal(
        json_string_value(json_object_get(j, "next")), "return");
    assert_true(json_is_false(json_object_get(j, "ready")));
    assert_int_equal(json_array_size(json_object_get(j, "criteria")), g.n);
    json_decref(j);

    /* Latest day wins; no injured side: the weaker side is involved. */
    set_init(&st);
    st.s.involved = RB_SIDE_NONE;
    put(&st, "single_hop", RB_SIDE_LEFT, 100);
    st.m[st.s.n - 1].day = 19990;
    put(&st, "single_hop", RB_SIDE_LEFT, 190);
    put(&st, "single_hop", RB_SIDE_RIGHT, 180);
    assert_int_equal(rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
    for (size_t i = 0; i < g.n; i++) {
        if (strcmp(g.items[i].criterion->id, "single-hop-lsi") == 0) {
            assert_true(fabs(g.items[i].value - 180.0 / 190.0 * 100) < 1e-9);
            assert_int_equal(g.items[i].verdict, RB_MET);
        }
    }

    /* With a maximum age, values older than it are missing. */
    set_init(&st);
    put(&st, "single_hop", RB_SIDE_LEFT, 170);
    put(&st, "single_hop", RB_SIDE_RIGHT, 180);
    st.m[0].day = st.s.today - 15;
    st.s.max_age_days = 14;
    assert_int_equal(rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
    for (size_t i = 0; i < g.n; i++) {
        if (strcmp(g.items[i].criterion->id, "single-hop-lsi") == 0) {
            assert_int_equal(g.items[i].verdict, RB_MISSING);
        }
    }
    st.s.max_age_days = 15;
    assert_int_equal(rb_gate_eval(kb, p, ph, &st.s, &a, &g, &err), RB_OK);
    for (size_t i = 0; i < g.n; i++) {
        if (strcmp(g.items[i].criterion->id, "single-hop-lsi") == 0) {
            assert_int_equal(g.items[i].verdict, RB_MET);
        }
    }
    rb_arena_release(&a);
}

static const struct rb_finding *
find(const struct rb_finding *f, size_t n, const char *measure,
    enum rb_finding_kind kind)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].measure, measure) == 0 && f[i].kind == kind) {
            return &f[i];
        }
    }
    return NULL;
}

static void
test_findings_lsi_diff_norms_flags(void **state)
{
    const struct rb_finding *x;
    struct rb_finding *f;
    struct rb_arena a;
    struct rb_err err;
    struct set st;
    size_t n;

    (void)state;
    rb_arena_init(&a);
    set_init(&st);
    st.s.age_years = 70;
    st.s.sex = "female";
    put(&st, "single_hop", RB_SIDE_LEFT, 150); /* 83 % < 90 */
    put(&st, "single_hop", RB_SIDE_RIGHT, 180);
    put(&st, "triple_hop", RB_SIDE_LEFT, 475); /* 95 %: fine */
    put(&st, "triple_hop", RB_SIDE_RIGHT, 500);
    put(&st, "timed_hop_6m", RB_SIDE_LEFT, 2.5); /* 80 % inverted */
    put(&st, "timed_hop_6m", RB_SIDE_RIGHT, 2.0);
    put(&st, "ankle_dorsiflexion_wblt", RB_SIDE_LEFT, 12); /* diff 2 > 1.5 */
    put(&st, "ankle_dorsiflexion_wblt", RB_SIDE_RIGHT, 10);
    put(&st, "chair_stand_30s", RB_SIDE_NONE, 9); /* 70-74 F: 10-15 */
    put(&st, "ybt_composite", RB_SIDE_LEFT, 90);  /* < 94, female */
    put(&st, "ybt_composite", RB_SIDE_RIGHT, 95);
    put(&st, "thomas_test_positive", RB_SIDE_RIGHT, 1);
    put(&st, "thomas_test_positive", RB_SIDE_LEFT, 0);
    put(&st, "knee_flexion_rom", RB_SIDE_LEFT, 117); /* 90 % of 130 */
    put(&st, "knee_flexion_rom", RB_SIDE_RIGHT, 130);
    assert_int_equal(rb_findings(kb, &st.s, &a, &f, &n, &err), RB_OK);

    x = find(f, n, "single_hop", RB_FIND_ASYMMETRY);
    assert_non_null(x);
    assert_int_equal(x->side, RB_SIDE_LEFT);
    assert_true(fabs(x->percent - 250.0 / 3.0) < 1e-9);
    assert_true(x->threshold == 90.0);
    assert_string_equal(x->source, "Grindem2016");
    assert_non_null(strstr(x->text, "150 cm vs 180 cm"));
    assert_null(find(f, n, "triple_hop", RB_FIND_ASYMMETRY));
    x = find(f, n, "timed_hop_6m", RB_FIND_ASYMMETRY);
    assert_non_null(x);
    assert_true(fabs(x->percent - 80.0) < 1e-9);

    /* The difference rule names the worse side, whatever is involved. */
    x = find(f, n, "ankle_dorsiflexion_wblt", RB_FIND_ASYMMETRY);
    assert_non_null(x);
    assert_int_equal(x->side, RB_SIDE_RIGHT);
    assert_string_equal(x->rule, "diff");
    assert_string_equal(x->source, "WBLT");
    assert_non_null(strstr(x->text, "limited on the right: 10 cm vs 12 cm"));
    assert_null(find(f, n, "ankle_dorsiflexion_wblt", RB_FIND_BELOW_NORM));

    x = find(f, n, "chair_stand_30s", RB_FIND_BELOW_NORM);
    assert_non_null(x);
    assert_true(x->other == 10.0);
    assert_string_equal(x->source, "Chair");
    x = find(f, n, "ybt_composite", RB_FIND_BELOW_NORM);
    assert_non_null(x);
    assert_int_equal(x->side, RB_SIDE_LEFT);
    assert_true(x->threshold == 94.0);
    x = find(f, n, "thomas_test_positive", RB_FIND_FLAG);
    assert_non_null(x);
    assert_int_equal(x->side, RB_SIDE_RIGHT);
    /* Knee flexion: LSI 90 % < 95 % (Rambaud), and 90 % of the 130 deg
     * reference. */
    x = find(f, n, "knee_flexion_rom", RB_FIND_ASYMMETRY);
    assert_non_null(x);
    assert_string_equal(x->source, "Rambaud");
    x = find(f, n, "knee_flexion_rom", RB_FIND_BELOW_NORM);
    assert_non_null(x);
    assert_true(fabs(x->percent - 90.0) < 1e-9);
    json_decref(rb_findings_json(f, n));

    /* Male: no YBT cut-off; no age: no chair-stand row; 16 stands at 70 is
     * above the range. */
    set_init(&st);
    st.s.sex = "male";
    put(&st, "ybt_composite", RB_SIDE_LEFT, 80);
    put(&st, "ybt_composite", RB_SIDE_RIGHT, 80);
    put(&st, "chair_stand_30s", RB_SIDE_NONE, 3);
    assert_int_equal(rb_findings(kb, &st.s, &a, &f, &n, &err), RB_OK);
    assert_int_equal(n, 0);
    st.s.age_years = 72;
    st.m[2].value = 18; /* men 70-74: 12-17 */
    assert_int_equal(rb_findings(kb, &st.s, &a, &f, &n, &err), RB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(f[0].kind, RB_FIND_ABOVE_NORM);
    rb_arena_release(&a);
}

/* ---- measures documents ----------------------------------------------------
 */

static enum rb_status
parse(const char *text, struct rb_arena *a, struct rb_measure_set *s,
    struct rb_err *err)
{
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    enum rb_status st;

    if (doc == NULL) {
        fail_msg("bad test JSON: %s", je.text);
    }
    st = rb_measure_set_parse(kb, doc, a, s, err);
    json_decref(doc);
    return st;
}

static void
expect_field(const char *text, const char *field)
{
    struct rb_measure_set s;
    struct rb_arena a;
    struct rb_err err = {0};

    rb_arena_init(&a);
    if (parse(text, &a, &s, &err) != RB_EINVAL) {
        fail_msg("accepted: %s", text);
    }
    if (strcmp(err.field, field) != 0) {
        fail_msg("field '%s' (%s), expected '%s'", err.field, err.msg, field);
    }
    rb_arena_release(&a);
}

#define DOC(items) "{\"date\":\"2026-11-20\",\"measures\":[" items "]}"

static void
test_parse_validation(void **state)
{
    (void)state;
    expect_field("{\"measures\":[]}", "date");
    expect_field("{\"date\":\"2026-02-30\"}", "date");
    expect_field("{\"date\":\"2026-11-20\",\"involved\":\"up\"}", "involved");
    expect_field("{\"date\":\"2026-11-20\",\"sex\":\"x\"}", "sex");
    expect_field("{\"date\":\"2026-11-20\",\"colour\":1}", "colour");
    expect_field(
        DOC("{\"measure\":\"nope\",\"value\":1}"), "measures[0].measure");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"value\":1},"
                     "{\"measure\":\"single_hop\",\"value\":150}"),
        "measures[1].side");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"side\":\"left\","
                     "\"value\":1}"),
        "measures[0].side");
    expect_field(
        DOC("{\"measure\":\"pain_rest\",\"value\":11}"), "measures[0].value");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"value\":\"3\"}"),
        "measures[0].value");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"value\":1,"
                     "\"date\":\"yesterday\"}"),
        "measures[0].date");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"value\":1,"
                     "\"date\":\"2026-12-01\"}"),
        "measures[0].date");
    expect_field(DOC("{\"measure\":\"pain_rest\",\"value\":1,\"x\":2}"),
        "measures[0].x");
    expect_field(DOC("{\"test\":\"squat\"}"), "measures[0].test");
    expect_field(DOC("{\"test\":\"ybt\",\"side\":\"left\",\"anterior\":60,"
                     "\"posteromedial\":100,\"posterolateral\":95}"),
        "measures[0].limb_length");
    expect_field(DOC("{\"test\":\"rep_max\",\"exercise\":\"back-squat\","
                     "\"load_kg\":100,\"reps\":12}"),
        "measures[0].reps");
    expect_field(DOC("{\"test\":\"rep_max\",\"exercise\":\"nope\","
                     "\"load_kg\":100,\"reps\":5}"),
        "measures[0].exercise");
    expect_field(
        DOC("{\"test\":\"fms\",\"deep_squat\":2}"), "measures[0].hurdle_step");
}

static void
test_parse_expands_raw_tests(void **state)
{
    struct rb_measure_set s;
    struct rb_arena a;
    struct rb_err err;
    double v;

    (void)state;
    rb_arena_init(&a);
    assert_int_equal(
        parse("{\"date\":\"2026-11-20\",\"involved\":\"right\",\"age\":30,"
              "\"sex\":\"female\",\"measures\":["
              "{\"measure\":\"single_hop\",\"side\":\"left\",\"value\":150,"
              "\"date\":\"2026-11-01\"},"
              "{\"test\":\"ybt\",\"side\":\"left\",\"anterior\":60,"
              "\"posteromedial\":100,\"posterolateral\":95,"
              "\"limb_length\":90},"
              "{\"test\":\"fms\",\"deep_squat\":3,"
              "\"hurdle_step\":{\"left\":3,\"right\":3},"
              "\"inline_lunge\":{\"left\":3,\"right\":2},"
              "\"shoulder_mobility\":{\"left\":3,\"right\":3},"
              "\"active_slr\":{\"left\":3,\"right\":3},\"trunk_pushup\":3,"
              "\"rotary_stability\":{\"left\":3,\"right\":3},"
              "\"clearing\":{\"spinal_flexion\":true}},"
              "{\"test\":\"rep_max\",\"exercise\":\"back-squat\","
              "\"load_kg\":100,\"reps\":5,\"formula\":\"brzycki\"},"
              "{\"test\":\"body\",\"height_cm\":180,\"weight_kg\":81},"
              "{\"test\":\"blood_pressure\",\"systolic\":120,"
              "\"diastolic\":80},"
              "{\"test\":\"hhd\",\"measure\":\"quad_strength\","
              "\"side\":\"left\",\"kg\":10}]}",
            &a, &s, &err),
        RB_OK);
    assert_int_equal(s.involved, RB_SIDE_RIGHT);
    assert_int_equal(s.age_years, 30);
    assert_string_equal(s.sex, "female");
    assert_true(rb_measure_latest(&s, "single_hop", RB_SIDE_LEFT, &v));
    assert_true(v == 150);
    assert_int_equal(s.items[0].day + 19, s.today);
    assert_true(rb_measure_latest(&s, "ybt_anterior", RB_SIDE_LEFT, &v));
    assert_true(v == 60);
    assert_true(rb_measure_latest(&s, "ybt_composite", RB_SIDE_LEFT, &v));
    assert_true(fabs(v - 255.0 / 270.0 * 100) < 1e-9);
    assert_false(rb_measure_latest(&s, "ybt_composite", RB_SIDE_RIGHT, &v));
    /* 21 - 1 (lunge 2) - 3 (rotary stability 0: painful clearing) */
    assert_true(rb_measure_latest(&s, "fms_total", RB_SIDE_NONE, &v));
    assert_true(v == 17);
    assert_true(rb_measure_latest(&s, "fms_pain", RB_SIDE_NONE, &v));
    assert_true(v == 1);
    assert_true(rb_measure_latest(&s, "fms_asymmetries", RB_SIDE_NONE, &v));
    assert_true(v == 1);
    assert_true(
        rb_measure_latest_for(&s, "est_1rm", "back-squat", RB_SIDE_NONE, &v));
    assert_true(fabs(v - 112.5) < 1e-9);
    assert_false(
        rb_measure_latest_for(&s, "est_1rm", "deadlift", RB_SIDE_NONE, &v));
    assert_true(rb_measure_latest(&s, "bmi", RB_SIDE_NONE, &v));
    assert_true(fabs(v - 25.0) < 1e-9);
    assert_true(rb_measure_latest(&s, "bp_parq_high", RB_SIDE_NONE, &v));
    assert_true(v == 0);
    assert_true(rb_measure_latest(&s, "quad_strength", RB_SIDE_LEFT, &v));
    assert_true(fabs(v - 98.0665) < 1e-9);

    /* The FMS findings say which tests: the painful one, the asymmetric. */
    {
        struct rb_finding *f;
        const struct rb_finding *x;
        size_t n;

        assert_int_equal(rb_findings(kb, &s, &a, &f, &n, &err), RB_OK);
        x = find(f, n, "fms_pain", RB_FIND_FLAG);
        assert_non_null(x);
        assert_non_null(strstr(x->text, "rotary_stability"));
        x = find(f, n, "fms_asymmetries", RB_FIND_FLAG);
        assert_non_null(x);
        assert_non_null(strstr(x->text, "inline_lunge"));
        assert_null(strstr(x->text, "rotary_stability"));
        assert_null(find(f, n, "bp_parq_high", RB_FIND_FLAG));
    }
    rb_arena_release(&a);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_phase_met_not_met_missing),
        cmocka_unit_test(test_gate_values_thresholds_and_partial_missing),
        cmocka_unit_test(test_findings_lsi_diff_norms_flags),
        cmocka_unit_test(test_parse_validation),
        cmocka_unit_test(test_parse_expands_raw_tests),
    };

    data_dir = argc > 1 ? argv[1] : "data";
    return cmocka_run_group_tests(tests, load, unload);
}
