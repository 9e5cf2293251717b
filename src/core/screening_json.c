/*
 * screening_json.c -- the screening input and result as JSON; see
 * screening.h for the formats and docs/screening.md for examples.
 *
 * Only the shape is checked here (field names, types, sizes); what the
 * answers mean, and whether they agree, is rb_screen_eval()'s job, so the
 * C and JSON callers get the same checks.
 */
#include <stdio.h>
#include <string.h>

#include "core/screening.h"
#include "util/json.h"

#define MAX_FIELDS 8

/*
 * rb_json_check() names a field by its key alone and starts its message
 * with that key; re-issue its error with the full path ("parq.g1") and a
 * message that follows the field name ("is required").
 */
static enum rb_status
check_at(const json_t *obj, const struct rb_jfield *fields, const char *path,
    struct rb_err *err)
{
    struct rb_err e = {0};
    char field[160]; /* rb_fail_field() keeps what fits in err->field */
    const char *msg;
    size_t n;

    if (rb_json_check(obj, fields, &e) == RB_OK) {
        return RB_OK;
    }
    if (path != NULL) {
        snprintf(field, sizeof(field), "%s.%s", path, e.field);
    } else {
        snprintf(field, sizeof(field), "%s", e.field);
    }
    msg = e.msg;
    n = strlen(e.field);
    if (e.code != NULL && strcmp(e.code, "unknown_field") == 0) {
        msg = "is not a known field";
    } else if (n > 0 && strncmp(msg, e.field, n) == 0 && msg[n] == ' ') {
        msg += n + 1;
    }
    return rb_fail_field(err, e.status, e.code, field, "%s", msg);
}

static enum rb_answer
answer(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    if (!json_is_boolean(v)) {
        return RB_ANSWER_UNANSWERED;
    }
    return json_is_true(v) ? RB_ANSWER_YES : RB_ANSWER_NO;
}

/* Copy an array of strings (size already checked) into 'out'. */
static enum rb_status
strings(const json_t *arr, const char *path, const char **out, size_t *ret_n,
    struct rb_err *err)
{
    char field[64];
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v)) {
            snprintf(field, sizeof(field), "%s[%zu]", path, i);
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", field, "must be a string");
        }
        out[i] = json_string_value(v);
    }
    *ret_n = json_array_size(arr);
    return RB_OK;
}

static enum rb_status
followups(const json_t *obj, struct rb_parq_input *p, struct rb_err *err)
{
    struct rb_jfield cats[RB__PARQ_CATEGORY_MAX + 1] = {{0}};
    char path[64];
    enum rb_status rc;

    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        cats[c] = (struct rb_jfield){
            .name = rb_parq_categories[c].id, .type = RB_J_OBJECT};
    }
    if ((rc = check_at(obj, cats, "parq.followups", err)) != RB_OK) {
        return rc;
    }
    for (size_t c = 0; c < RB__PARQ_CATEGORY_MAX; c++) {
        const struct rb_parq_category_def *def = &rb_parq_categories[c];
        struct rb_jfield f[MAX_FIELDS] = {{0}};
        json_t *cat = json_object_get(obj, def->id);

        if (cat == NULL) {
            continue;
        }
        /* Completeness depends on the answers: rb_screen_eval() checks. */
        f[0] = (struct rb_jfield){.name = "has_condition", .type = RB_J_BOOL};
        for (size_t s = 0; s < def->nsub; s++) {
            f[s + 1] =
                (struct rb_jfield){.name = def->sub[s].id, .type = RB_J_BOOL};
        }
        snprintf(path, sizeof(path), "parq.followups.%s", def->id);
        if ((rc = check_at(cat, f, path, err)) != RB_OK) {
            return rc;
        }
        p->followup[c].gate = answer(cat, "has_condition");
        for (size_t s = 0; s < def->nsub; s++) {
            p->followup[c].sub[s] = answer(cat, def->sub[s].id);
        }
    }
    return RB_OK;
}

static enum rb_status
parq(const json_t *obj, struct rb_parq_input *p, struct rb_err *err)
{
    static const struct rb_jfield fields[] = {
        {"g1", RB_J_BOOL, true},
        {"g2", RB_J_BOOL, true},
        {"g3", RB_J_BOOL, true},
        {"g4", RB_J_BOOL, true},
        {"g5", RB_J_BOOL, true},
        {"g6", RB_J_BOOL, true},
        {"g7", RB_J_BOOL, true},
        {"used_to_vigorous", RB_J_BOOL, false},
        {"followups", RB_J_OBJECT, false},
        {NULL},
    };
    json_t *f;
    enum rb_status rc;

    if ((rc = check_at(obj, fields, "parq", err)) != RB_OK) {
        return rc;
    }
    for (size_t i = 0; i < RB_PARQ_NGENERAL; i++) {
        p->general[i] = answer(obj, rb_parq_general[i].id);
    }
    p->used_to_vigorous = answer(obj, "used_to_vigorous");
    f = json_object_get(obj, "followups");
    return f != NULL ? followups(f, p, err) : RB_OK;
}

static enum rb_status
acsm(const json_t *obj, struct rb_acsm_input *a, struct rb_err *err)
{
    static const struct rb_jfield fields[] = {
        {"regular_exercise", RB_J_BOOL, true},
        {"known_disease", RB_J_ARRAY, true, 0, RB_SCREEN_MAX_LIST},
        {"symptoms", RB_J_ARRAY, true, 0, RB_SCREEN_MAX_LIST},
        {"desired_intensity", RB_J_STRING, true, 1, 16},
        {NULL},
    };
    static const struct {
        const char *name;
        enum rb_intensity i;
    } levels[] = {
        {"light", RB_INTENSITY_LIGHT},
        {"moderate", RB_INTENSITY_MODERATE},
        {"vigorous", RB_INTENSITY_VIGOROUS},
    };
    const char *want;
    enum rb_status rc;

    if ((rc = check_at(obj, fields, "acsm", err)) != RB_OK) {
        return rc;
    }
    a->regular_exercise = answer(obj, "regular_exercise");
    if ((rc = strings(json_object_get(obj, "known_disease"),
             "acsm.known_disease", a->known_disease, &a->n_known_disease,
             err)) != RB_OK ||
        (rc = strings(json_object_get(obj, "symptoms"), "acsm.symptoms",
             a->symptoms, &a->n_symptoms, err)) != RB_OK) {
        return rc;
    }
    want = rb_json_str(obj, "desired_intensity");
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        if (strcmp(want, levels[i].name) == 0) {
            a->desired = levels[i].i;
            return RB_OK;
        }
    }
    return rb_fail_field(err, RB_EINVAL, "out_of_range",
        "acsm.desired_intensity",
        "must be light, moderate or vigorous, not '%.20s'", want);
}

enum rb_status
rb_screen_input_from_json(
    const json_t *obj, struct rb_screen_input *ret, struct rb_err *err)
{
    static const struct rb_jfield fields[] = {
        {"age", RB_J_INT, true, 0, 120},
        {"pregnant", RB_J_BOOL, true},
        {"temporary_illness", RB_J_BOOL, true},
        {"parq", RB_J_OBJECT, true},
        {"acsm", RB_J_OBJECT, true},
        {"red_flags", RB_J_ARRAY, true, 0, RB_SCREEN_MAX_LIST},
        {NULL},
    };
    struct rb_screen_input in;
    enum rb_status rc;

    memset(&in, 0, sizeof(in));
    if (!json_is_object(obj)) {
        return rb_fail_field(err, RB_EINVAL, "not_an_object", NULL,
            "the screening input must be a JSON object");
    }
    if ((rc = check_at(obj, fields, NULL, err)) != RB_OK) {
        return rc;
    }
    in.age = (int)rb_json_int(obj, "age", -1);
    in.pregnant = answer(obj, "pregnant");
    in.temporary_illness = answer(obj, "temporary_illness");
    if ((rc = parq(json_object_get(obj, "parq"), &in.parq, err)) != RB_OK ||
        (rc = acsm(json_object_get(obj, "acsm"), &in.acsm, err)) != RB_OK ||
        (rc = strings(json_object_get(obj, "red_flags"), "red_flags",
             in.red_flags, &in.n_red_flags, err)) != RB_OK) {
        return rc;
    }
    *ret = in;
    return RB_OK;
}

json_t *
rb_screen_result_to_json(const struct rb_screen_result *r)
{
    json_t *o = json_object();
    json_t *blocks = json_array();
    json_t *reasons = json_array();

    for (size_t i = 0; i < r->n_blocks; i++) {
        json_array_append_new(blocks, json_string(r->blocks[i]));
    }
    for (size_t i = 0; i < r->n_reasons; i++) {
        const struct rb_screen_reason *x = &r->reasons[i];

        json_array_append_new(
            reasons, json_pack("{s:s, s:s, s:s, s:s}", "rule", x->rule,
                         "outcome", rb_screen_outcome_name(x->outcome),
                         "message", x->message, "source", x->source));
    }
    json_object_set_new(
        o, "outcome", json_string(rb_screen_outcome_name(r->outcome)));
    json_object_set_new(o, "urgency", json_string(rb_urgency_name(r->urgency)));
    json_object_set_new(o, "intensity_ceiling",
        json_string(rb_intensity_name(r->intensity_ceiling)));
    json_object_set_new(o, "blocks", blocks);
    json_object_set_new(o, "reasons", reasons);
    return o;
}
