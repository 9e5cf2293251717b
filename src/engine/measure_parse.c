/*
 * measure_parse.c -- a measures document (JSON) into a struct
 * rb_measure_set, every value checked against the knowledge base.
 *
 * Items are either one measure {"measure","side","value","date"} or one
 * raw test {"test": "ybt" | "fms" | "rep_max" | "body" | "blood_pressure" |
 * "hhd", ...} expanded with the formulas of core/measures.h, so the raw
 * numbers are checked once and derived the same way everywhere.
 * docs/assessment.md describes the format.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/measures.h"
#include "engine/assess.h"
#include "util/str.h"

/* Each raw test yields at most this many measurements. */
#define MAX_PER_ITEM 4

struct parse {
    const struct rb_kb *kb;
    struct rb_arena *a;
    struct rb_measurement *items;
    size_t n;
    struct rb_err *err;
    char path[48]; /* "measures[3]" */
};

static enum rb_status
bad(struct parse *p, const char *key, const char *fmt, const char *arg)
{
    char field[128];
    char msg[320]; /* room for a nested error message (256) */

    if (key != NULL) {
        snprintf(field, sizeof(field), "%s.%s", p->path, key);
    } else {
        rb_strlcpy(field, p->path, sizeof(field));
    }
    snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
    return rb_fail_field(
        p->err, RB_EINVAL, "invalid_measure", field, "%s", msg);
}

/* Refuse keys other than 'keys' (NULL-ended), so typos are not ignored. */
static enum rb_status
only_keys(struct parse *p, const json_t *o, const char *const *keys)
{
    const char *k;
    json_t *v;

    json_object_foreach((json_t *)o, k, v)
    {
        bool ok = false;
        for (size_t i = 0; keys[i] != NULL && !ok; i++) {
            ok = strcmp(keys[i], k) == 0;
        }
        if (!ok) {
            return bad(p, k, "unknown field '%s'", k);
        }
    }
    return RB_OK;
}

static enum rb_status
num(struct parse *p, const json_t *o, const char *key, bool required,
    double *ret, bool *ret_has)
{
    const json_t *v = json_object_get(o, key);

    if (ret_has != NULL) {
        *ret_has = false;
    }
    if (v == NULL || json_is_null(v)) {
        return required ? bad(p, key, "missing", NULL) : RB_OK;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v))) {
        return bad(p, key, "must be a number", NULL);
    }
    *ret = json_number_value(v);
    if (ret_has != NULL) {
        *ret_has = true;
    }
    return RB_OK;
}

static enum rb_status
side_of(struct parse *p, const json_t *o, enum rb_side *ret)
{
    const json_t *v = json_object_get(o, "side");
    int s;

    *ret = RB_SIDE_NONE;
    if (v == NULL || json_is_null(v)) {
        return RB_OK;
    }
    s = json_is_string(v) ? rb_side_parse(json_string_value(v)) : -1;
    if (s < 0) {
        return bad(p, "side", "must be \"left\", \"right\" or \"none\"", NULL);
    }
    *ret = (enum rb_side)s;
    return RB_OK;
}

static enum rb_status
day_of(struct parse *p, const json_t *o, const char *key, int32_t def,
    int32_t *ret)
{
    const json_t *v = json_object_get(o, key);
    int64_t d;

    if (v == NULL || json_is_null(v)) {
        *ret = def;
        return RB_OK;
    }
    if (!json_is_string(v) || !rb_date_parse(json_string_value(v), &d)) {
        return bad(p, key, "must be a date YYYY-MM-DD", NULL);
    }
    *ret = (int32_t)d;
    return RB_OK;
}

/*
 * Add one measurement after checking it against the kb: known id, side
 * given iff paired, value within min..max.  'key' names the input field
 * the value came from (for the error).
 */
static enum rb_status
add(struct parse *p, const char *id, enum rb_side side, double value,
    int32_t day, const char *exercise, const char *key)
{
    const struct rb_measure *m = rb_kb_measure(p->kb, id);
    struct rb_measurement *it;
    char msg[160];

    if (m == NULL) {
        return bad(p, "measure", "unknown measure '%s'", id);
    }
    if (m->info.paired && side == RB_SIDE_NONE) {
        return bad(
            p, "side", "'%s' is recorded per side: give left or right", id);
    }
    if (!m->info.paired && side != RB_SIDE_NONE) {
        return bad(p, "side", "'%s' has no sides", id);
    }
    if (!(value >= m->min && value <= m->max)) {
        snprintf(msg, sizeof(msg), "%s %g %s is outside %g..%g", id, value,
            m->unit, m->min, m->max);
        return bad(p, key, "%s", msg);
    }
    it = &p->items[p->n++];
    it->measure = m->info.id; /* the kb's string: lives as long as the kb */
    it->side = side;
    it->value = value;
    it->day = day;
    it->exercise = exercise;
    it->note = NULL;
    return RB_OK;
}

/* ---- raw tests --------------------------------------------------------------
 */

static enum rb_status
parse_ybt(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {"test", "side", "date", "anterior",
        "posteromedial", "posterolateral", "limb_length", NULL};
    double ant = 0, pm = 0, pl = 0, limb = 0, comp = 0;
    enum rb_side side;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK ||
        (st = side_of(p, o, &side)) != RB_OK ||
        (st = num(p, o, "anterior", true, &ant, NULL)) != RB_OK ||
        (st = num(p, o, "posteromedial", true, &pm, NULL)) != RB_OK ||
        (st = num(p, o, "posterolateral", true, &pl, NULL)) != RB_OK ||
        (st = num(p, o, "limb_length", true, &limb, NULL)) != RB_OK) {
        return st;
    }
    if (rb_ybt_composite(ant, pm, pl, limb, &comp, p->err) != RB_OK) {
        return bad(p, p->err->field, "%s", p->err->msg);
    }
    if ((st = add(p, "ybt_anterior", side, ant, day, NULL, "anterior")) !=
        RB_OK) {
        return st;
    }
    return add(p, "ybt_composite", side, comp, day, NULL, "limb_length");
}

static enum rb_status
fms_score_of(struct parse *p, const json_t *o, enum rb_fms_test t,
    struct rb_fms_input *in)
{
    const char *name = rb_fms_test_name(t);
    const json_t *v = json_object_get(o, name);
    char key[40];

    if (v == NULL) {
        return bad(p, name, "missing", NULL);
    }
    if (!rb_fms_bilateral(t)) {
        if (!json_is_integer(v)) {
            return bad(p, name, "must be a whole score 0 to 3", NULL);
        }
        in->left[t] = in->right[t] = (int)json_integer_value(v);
        return RB_OK;
    }
    if (!json_is_object(v) || !json_is_integer(json_object_get(v, "left")) ||
        !json_is_integer(json_object_get(v, "right")) ||
        json_object_size(v) != 2) {
        snprintf(key, sizeof(key), "%s", name);
        return bad(p, key, "must be {\"left\": 0-3, \"right\": 0-3}", NULL);
    }
    in->left[t] = (int)json_integer_value(json_object_get(v, "left"));
    in->right[t] = (int)json_integer_value(json_object_get(v, "right"));
    return RB_OK;
}

/* The FMS tests scored 0 ('zero') or asymmetric, as "a, b", or NULL. */
static const char *
fms_list(struct parse *p, const struct rb_fms_result *r, bool zero)
{
    const char *out = NULL;

    for (int t = 0; t < RB_FMS_NTESTS; t++) {
        if (zero ? r->score[t] == 0 : r->asymmetric[t]) {
            out =
                out ? rb_arena_printf(p->a, "%s, %s", out, rb_fms_test_name(t))
                    : rb_fms_test_name(t);
        }
    }
    return out;
}

static enum rb_status
parse_fms(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {"test", "date", "deep_squat",
        "hurdle_step", "inline_lunge", "shoulder_mobility", "active_slr",
        "trunk_pushup", "rotary_stability", "clearing", NULL};
    static const char *const ckeys[] = {"shoulder_left", "shoulder_right",
        "spinal_extension", "spinal_flexion", NULL};
    struct rb_fms_input in = {0};
    struct rb_fms_result r;
    const json_t *cl = json_object_get(o, "clearing");
    bool *flags[] = {&in.shoulder_clear_pain_left,
        &in.shoulder_clear_pain_right, &in.extension_clear_pain,
        &in.flexion_clear_pain};
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK) {
        return st;
    }
    for (int t = 0; t < RB_FMS_NTESTS; t++) {
        if ((st = fms_score_of(p, o, t, &in)) != RB_OK) {
            return st;
        }
    }
    if (cl != NULL) {
        if (!json_is_object(cl)) {
            return bad(p, "clearing",
                "must be an object of true/false "
                "(pain in the clearing test)",
                NULL);
        }
        if ((st = only_keys(p, cl, ckeys)) != RB_OK) {
            return st;
        }
        for (size_t i = 0; ckeys[i] != NULL; i++) {
            const json_t *v = json_object_get(cl, ckeys[i]);
            if (v != NULL && !json_is_boolean(v)) {
                return bad(p, "clearing", "%s must be true or false", ckeys[i]);
            }
            *flags[i] = json_is_true(v);
        }
    }
    if (rb_fms_score(&in, &r, p->err) != RB_OK) {
        return bad(p, p->err->field, "%s", p->err->msg);
    }
    if ((st = add(p, "fms_total", RB_SIDE_NONE, r.total, day, NULL, "test")) !=
            RB_OK ||
        (st = add(p, "fms_pain", RB_SIDE_NONE, r.pain, day, NULL, "test")) !=
            RB_OK) {
        return st;
    }
    p->items[p->n - 1].note = fms_list(p, &r, true);
    if ((st = add(p, "fms_asymmetries", RB_SIDE_NONE, (double)r.nasymmetric,
             day, NULL, "test")) != RB_OK) {
        return st;
    }
    p->items[p->n - 1].note = fms_list(p, &r, false);
    return RB_OK;
}

static enum rb_status
parse_rep_max(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {
        "test", "date", "exercise", "load_kg", "reps", "formula", NULL};
    const char *ex = json_string_value(json_object_get(o, "exercise"));
    const char *formula = json_string_value(json_object_get(o, "formula"));
    const json_t *reps = json_object_get(o, "reps");
    double load = 0, est = 0;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK) {
        return st;
    }
    if (ex == NULL || rb_kb_exercise(p->kb, ex) == NULL) {
        return bad(p, "exercise", "unknown exercise '%s'", ex ? ex : "");
    }
    if ((st = num(p, o, "load_kg", true, &load, NULL)) != RB_OK) {
        return st;
    }
    if (!json_is_integer(reps)) {
        return bad(p, "reps", "must be a whole number of reps", NULL);
    }
    if (formula == NULL || strcmp(formula, "epley") == 0) {
        formula = "epley";
        st = rb_1rm_epley(load, (int)json_integer_value(reps), &est, p->err);
    } else if (strcmp(formula, "brzycki") == 0) {
        st = rb_1rm_brzycki(load, (int)json_integer_value(reps), &est, p->err);
    } else {
        return bad(p, "formula", "must be \"epley\" or \"brzycki\"", NULL);
    }
    if (st != RB_OK) {
        return bad(p, p->err->field, "%s", p->err->msg);
    }
    return add(p, "est_1rm", RB_SIDE_NONE, est, day,
        rb_kb_exercise(p->kb, ex)->id, "load_kg");
}

static enum rb_status
parse_body(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {
        "test", "date", "height_cm", "weight_kg", "waist_cm", NULL};
    double h = 0, w = 0, waist = 0, bmi;
    bool hh, hw, hwaist;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK ||
        (st = num(p, o, "height_cm", false, &h, &hh)) != RB_OK ||
        (st = num(p, o, "weight_kg", false, &w, &hw)) != RB_OK ||
        (st = num(p, o, "waist_cm", false, &waist, &hwaist)) != RB_OK) {
        return st;
    }
    if (!hh && !hw && !hwaist) {
        return bad(
            p, "test", "body needs height_cm, weight_kg or waist_cm", NULL);
    }
    if (hh && (st = add(p, "height", RB_SIDE_NONE, h, day, NULL,
                   "height_cm")) != RB_OK) {
        return st;
    }
    if (hw && (st = add(p, "body_mass", RB_SIDE_NONE, w, day, NULL,
                   "weight_kg")) != RB_OK) {
        return st;
    }
    if (hwaist && (st = add(p, "waist", RB_SIDE_NONE, waist, day, NULL,
                       "waist_cm")) != RB_OK) {
        return st;
    }
    if (hh && hw) {
        if (rb_bmi(w, h, &bmi, p->err) != RB_OK) {
            return bad(p, p->err->field, "%s", p->err->msg);
        }
        return add(p, "bmi", RB_SIDE_NONE, bmi, day, NULL, "weight_kg");
    }
    return RB_OK;
}

static enum rb_status
parse_bp(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {
        "test", "date", "systolic", "diastolic", NULL};
    double sys = 0, dia = 0;
    enum rb_bp_category cat;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK ||
        (st = num(p, o, "systolic", true, &sys, NULL)) != RB_OK ||
        (st = num(p, o, "diastolic", true, &dia, NULL)) != RB_OK) {
        return st;
    }
    if (rb_bp_category(sys, dia, &cat, p->err) != RB_OK) {
        return bad(p, p->err->field, "%s", p->err->msg);
    }
    if ((st = add(p, "systolic_bp", RB_SIDE_NONE, sys, day, NULL,
             "systolic")) != RB_OK ||
        (st = add(p, "diastolic_bp", RB_SIDE_NONE, dia, day, NULL,
             "diastolic")) != RB_OK) {
        return st;
    }
    return add(p, "bp_parq_high", RB_SIDE_NONE, cat == RB_BP_PARQ_FOLLOW, day,
        NULL, "systolic");
}

/* A dynamometer reading in kg (kgf) for a strength measure kept in N. */
static enum rb_status
parse_hhd(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {
        "test", "date", "measure", "side", "kg", NULL};
    const char *id = json_string_value(json_object_get(o, "measure"));
    const struct rb_measure *m = id ? rb_kb_measure(p->kb, id) : NULL;
    enum rb_side side;
    double kg = 0;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK ||
        (st = side_of(p, o, &side)) != RB_OK ||
        (st = num(p, o, "kg", true, &kg, NULL)) != RB_OK) {
        return st;
    }
    if (m == NULL || strcmp(m->unit, "N") != 0) {
        return bad(
            p, "measure", "'%s' is not a strength measure in N", id ? id : "");
    }
    return add(p, m->info.id, side, rb_hhd_kg_to_n(kg), day, NULL, "kg");
}

static enum rb_status
parse_plain(struct parse *p, const json_t *o, int32_t day)
{
    static const char *const keys[] = {
        "measure", "side", "value", "date", "exercise", NULL};
    const char *id = json_string_value(json_object_get(o, "measure"));
    const char *ex = json_string_value(json_object_get(o, "exercise"));
    enum rb_side side;
    double v = 0;
    enum rb_status st;

    if ((st = only_keys(p, o, keys)) != RB_OK) {
        return st;
    }
    if (id == NULL) {
        return bad(p, "measure", "missing (or give \"test\")", NULL);
    }
    if (ex != NULL && rb_kb_exercise(p->kb, ex) == NULL) {
        return bad(p, "exercise", "unknown exercise '%s'", ex);
    }
    if ((st = side_of(p, o, &side)) != RB_OK ||
        (st = num(p, o, "value", true, &v, NULL)) != RB_OK) {
        return st;
    }
    return add(p, id, side, v, day, ex ? rb_kb_exercise(p->kb, ex)->id : NULL,
        "value");
}

struct test_kind {
    const char *name;
    enum rb_status (*parse)(struct parse *, const json_t *, int32_t);
};

static const struct test_kind tests[] = {
    {"ybt", parse_ybt},
    {"fms", parse_fms},
    {"rep_max", parse_rep_max},
    {"body", parse_body},
    {"blood_pressure", parse_bp},
    {"hhd", parse_hhd},
};

static enum rb_status
parse_item(struct parse *p, const json_t *o, int32_t today)
{
    const char *test = json_string_value(json_object_get(o, "test"));
    int32_t day = 0;
    enum rb_status st;

    if (!json_is_object(o)) {
        return bad(p, NULL, "must be an object", NULL);
    }
    if ((st = day_of(p, o, "date", today, &day)) != RB_OK) {
        return st;
    }
    if (day > today) {
        return bad(p, "date", "is after the document's date", NULL);
    }
    if (json_object_get(o, "test") == NULL) {
        return parse_plain(p, o, day);
    }
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (test != NULL && strcmp(tests[i].name, test) == 0) {
            return tests[i].parse(p, o, day);
        }
    }
    return bad(p, "test",
        "unknown test '%s' (ybt, fms, rep_max, body, blood_pressure, hhd)",
        test ? test : "");
}

enum rb_status
rb_measure_set_parse(const struct rb_kb *kb, const json_t *doc,
    struct rb_arena *a, struct rb_measure_set *ret, struct rb_err *err)
{
    static const char *const keys[] = {
        "date", "involved", "age", "sex", "max_age_days", "measures", NULL};
    struct parse p = {.kb = kb, .a = a, .err = err};
    const json_t *list = json_object_get(doc, "measures");
    const json_t *inv = json_object_get(doc, "involved");
    const json_t *age = json_object_get(doc, "age");
    const json_t *sex = json_object_get(doc, "sex");
    int32_t today = 0;
    enum rb_status st;

    memset(ret, 0, sizeof(*ret));
    rb_strlcpy(p.path, "document", sizeof(p.path));
    if (!json_is_object(doc)) {
        return rb_fail(err, RB_EINVAL, "a measures document is a JSON object");
    }
    if (only_keys(&p, doc, keys) != RB_OK) {
        char field[64];
        /* The top-level key itself, not "document.key". */
        rb_strlcpy(field, err->field + strlen("document."), sizeof(field));
        return rb_fail_field(err, RB_EINVAL, "unknown_field", field,
            "unknown field '%s'", field);
    }
    if (json_object_get(doc, "date") == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "date",
            "the document's date (YYYY-MM-DD) is required");
    }
    if (day_of(&p, doc, "date", 0, &today) != RB_OK) {
        return rb_fail_field(err, RB_EINVAL, "invalid_date", "date",
            "must be a date YYYY-MM-DD");
    }
    ret->today = today;
    ret->involved = RB_SIDE_NONE;
    if (inv != NULL && !json_is_null(inv)) {
        int s =
            json_is_string(inv) ? rb_side_parse(json_string_value(inv)) : -1;
        if (s < 0) {
            return rb_fail_field(err, RB_EINVAL, "invalid_side", "involved",
                "must be \"left\", \"right\" or \"none\"");
        }
        ret->involved = (enum rb_side)s;
    }
    if (json_object_get(doc, "max_age_days") != NULL) {
        const json_t *v = json_object_get(doc, "max_age_days");
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > 36500) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", "max_age_days",
                "must be whole days 0 to 36500 (0: no limit)");
        }
        ret->max_age_days = (int)json_integer_value(v);
    }
    ret->age_years = -1;
    if (age != NULL && !json_is_null(age)) {
        if (!json_is_integer(age) || json_integer_value(age) < 0 ||
            json_integer_value(age) > 120) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", "age",
                "must be whole years 0 to 120");
        }
        ret->age_years = (int)json_integer_value(age);
    }
    if (sex != NULL && !json_is_null(sex)) {
        const char *s = json_is_string(sex) ? json_string_value(sex) : "";
        if (strcmp(s, "female") != 0 && strcmp(s, "male") != 0) {
            return rb_fail_field(err, RB_EINVAL, "invalid_sex", "sex",
                "must be \"female\" or \"male\" (omit when unknown)");
        }
        ret->sex = strcmp(s, "female") == 0 ? "female" : "male";
    }
    if (list != NULL && !json_is_array(list)) {
        return rb_fail_field(
            err, RB_EINVAL, "wrong_type", "measures", "must be a list");
    }
    if (list != NULL && json_array_size(list) > 10000) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "measures",
            "at most 10000 measures");
    }
    p.items = rb_arena_alloc(
        a, (json_array_size(list) * MAX_PER_ITEM + 1) * sizeof(*p.items));
    for (size_t i = 0; list != NULL && i < json_array_size(list); i++) {
        snprintf(p.path, sizeof(p.path), "measures[%zu]", i);
        if ((st = parse_item(&p, json_array_get(list, i), today)) != RB_OK) {
            return st;
        }
    }
    ret->items = p.items;
    ret->n = p.n;
    return RB_OK;
}
