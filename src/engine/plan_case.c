/*
 * plan_case.c -- the case file of `rebound plan` into a struct
 * rb_plan_input; see program.h and docs/program-engine.md for the format.
 * Every field is checked against a table; anything unknown is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/plan_int.h"
#include "util/json.h"
#include "util/str.h"

static const char *const goal_names[RB__GOAL_MAX] = {"general_fitness",
    "strength", "power", "weight_management", "return_to_sport", "run_distance",
    "fall_prevention"};

const char *
rb_plan_goal_name(enum rb_plan_goal g)
{
    return (unsigned)g < RB__GOAL_MAX ? goal_names[g] : "unknown";
}

int
rb_plan_goal_parse(const char *s)
{
    for (int i = 0; s != NULL && i < RB__GOAL_MAX; i++) {
        if (strcmp(s, goal_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* Equipment presets: what a home and a commercial gym are taken to hold. */
static const char *const preset_home[] = {"mat", "wall", "step", NULL};
static const char *const preset_gym[] = {"band", "dumbbell", "kettlebell",
    "barbell", "rack", "machine", "cable", "step", "box", "bench",
    "balance_pad", "pull_up_bar", "medicine_ball", "foam_roller", "mat", "wall",
    "cones", "slider", "suspension_trainer", "stationary_bike", NULL};

/* clang-format off */
static const char *const experience_names[] = {"novice", "intermediate",
    "advanced", NULL};
static const char *const outcome_names[] = {"cleared",
    "clearance_recommended", "refer", NULL};
static const char *const ceiling_names[] = {"light", "moderate", "vigorous",
    NULL};

static const struct rb_jfield top_fields[] = {
    {"name", RB_J_STRING, false, 0, 200},
    {"about", RB_J_STRING, false, 0, 2000},
    {"profile", RB_J_OBJECT, true},
    {"screening", RB_J_OBJECT, false},
    {"consent_current", RB_J_BOOL, false},
    {"history", RB_J_OBJECT, false},
    {"case", RB_J_OBJECT, false, 0, 0, NULL, true},
    {"clearance", RB_J_OBJECT, false, 0, 0, NULL, true},
    {"practitioner", RB_J_OBJECT, true},
    {"measures", RB_J_OBJECT, false},
    {"lifts", RB_J_ARRAY, false, 0, 32},
    {"start", RB_J_DATE, true},
    {"weeks", RB_J_INT, false, 1, 12},
    {"expect", RB_J_OBJECT, false},
    {NULL},
};
static const struct rb_jfield profile_fields[] = {
    {"age", RB_J_INT, true, 14, 100},
    {"sex", RB_J_STRING, false, 0, 0, (const char *const[]){"female", "male",
        NULL}},
    {"goals", RB_J_ARRAY, true, 1, RB__GOAL_MAX},
    {"goal_text", RB_J_STRING, false, 0, 500},
    {"sport", RB_J_STRING, false, 0, 100},
    {"experience", RB_J_STRING, false, 0, 0, experience_names},
    {"days_per_week", RB_J_INT, true, 1, 6},
    {"minutes_per_session", RB_J_INT, true, 20, 120},
    {"equipment", RB_J_ARRAY, true, 0, 40},
    {"sitting_hours", RB_J_NUMBER, false, 0, 24},
    {NULL},
};
static const struct rb_jfield screening_fields[] = {
    {"outcome", RB_J_STRING, true, 0, 0, outcome_names},
    {"intensity_ceiling", RB_J_STRING, false, 0, 0, ceiling_names},
    {"red_flags_open", RB_J_ARRAY, false, 0, 32},
    {"clearance_pending", RB_J_BOOL, false},
    {NULL},
};
static const struct rb_jfield history_fields[] = {
    {"injuries", RB_J_ARRAY, false, 0, 32},
    {NULL},
};
static const struct rb_jfield injury_fields[] = {
    {"region", RB_J_STRING, true, 1, 40},
    {"side", RB_J_STRING, false, 0, 0, (const char *const[]){"none", "left",
        "right", NULL}},
    {"kind", RB_J_STRING, false, 0, 40},
    {"status", RB_J_STRING, true, 0, 0, (const char *const[]){"active",
        "resolved", "recurrent", NULL}},
    {"recurrences", RB_J_INT, false, 0, 50},
    {"onset", RB_J_DATE, false},
    {NULL},
};
static const struct rb_jfield case_fields[] = {
    {"protocol", RB_J_STRING, true, 1, 80},
    {"phase", RB_J_STRING, true, 1, 80},
    {"involved", RB_J_STRING, false, 0, 0, (const char *const[]){"none",
        "left", "right", NULL}},
    {"days_in_phase", RB_J_INT, false, 0, 36500},
    {NULL},
};
static const struct rb_jfield clearance_fields[] = {
    {"provider", RB_J_STRING, true, 1, 200},
    {"credential", RB_J_STRING, true, 1, 40},
    {"date", RB_J_DATE, true},
    {"expires", RB_J_DATE, true},
    {"restrictions", RB_J_ARRAY, false, 0, 16},
    {NULL},
};
static const struct rb_jfield practitioner_fields[] = {
    {"name", RB_J_STRING, false, 0, 200},
    {"credentials", RB_J_ARRAY, true, 0, RB_SCOPE_MAX_CREDENTIALS},
    {NULL},
};
static const struct rb_jfield credential_fields[] = {
    {"kind", RB_J_STRING, true, 1, 40},
    {"issued", RB_J_DATE, true},
    {"expires", RB_J_DATE, true},
    {"cpr_expires", RB_J_DATE, false},
    {"verified", RB_J_BOOL, false},
    {NULL},
};
static const struct rb_jfield lift_fields[] = {
    {"exercise", RB_J_STRING, true, 1, 80},
    {"weight", RB_J_NUMBER, true, 1, 1000},
    {"reps", RB_J_INT, false, 1, 10},
    {NULL},
};
/* clang-format on */

/* Check 'obj' (at 'path') against 'f', prefixing the field with the path. */
static enum rb_status
check(const json_t *obj, const struct rb_jfield *f, const char *path,
    struct rb_err *err)
{
    struct rb_err e;

    if (rb_json_check(obj, f, &e) == RB_OK) {
        return RB_OK;
    }
    if (path[0] == '\0') {
        return rb_fail_field(err, RB_EINVAL, e.code, e.field, "%s", e.msg);
    }
    char field[160];
    snprintf(field, sizeof(field), "%s.%s", path, e.field);
    return rb_fail_field(err, RB_EINVAL, e.code, field, "%s", e.msg);
}

static int64_t
day_of(const json_t *obj, const char *key, int64_t def)
{
    int64_t d;
    const char *s = rb_json_str(obj, key);

    return s != NULL && rb_date_parse(s, &d) ? d : def;
}

static int
cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static enum rb_status
parse_equipment(const struct rb_kb *kb, const json_t *arr, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t cap = json_array_size(arr) + 64, n = 0, i;
    const char **v = rb_arena_alloc(a, cap * sizeof(*v));
    json_t *it;

    json_array_foreach(arr, i, it)
    {
        const char *s = json_string_value(it);
        const char *const *preset = NULL;
        char field[160];

        snprintf(field, sizeof(field), "profile.equipment[%zu]", i);
        if (s == NULL) {
            return rb_fail_field(err, RB_EINVAL, "wrong_type", field,
                "equipment items are strings");
        }
        if (strcmp(s, "home") == 0) {
            preset = preset_home;
        } else if (strcmp(s, "gym") == 0) {
            preset = preset_gym;
        } else if (!rb_kb_vocab_has(kb, "equipment", s)) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "unknown equipment '%.40s' (vocabulary word, 'home' or "
                "'gym')",
                s);
        }
        if (preset == NULL) {
            v[n++] = s;
            continue;
        }
        for (; *preset != NULL && n < cap; preset++) {
            v[n++] = *preset;
        }
    }
    qsort(v, n, sizeof(*v), cmp_str);
    size_t u = 0;
    for (i = 0; i < n; i++) {
        if (u == 0 || strcmp(v[u - 1], v[i]) != 0) {
            v[u++] = v[i];
        }
    }
    in->equipment = v;
    in->nequipment = u;
    return RB_OK;
}

static enum rb_status
parse_profile(const struct rb_kb *kb, const json_t *p, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t i;
    json_t *it;

    RB_TRY(check(p, profile_fields, "profile", err));
    in->age = (int)rb_json_int(p, "age", 0);
    in->sex = rb_json_str(p, "sex");
    in->goal_text = rb_json_str(p, "goal_text");
    in->sport = rb_json_str(p, "sport");
    json_array_foreach(json_object_get(p, "goals"), i, it)
    {
        int g = rb_plan_goal_parse(json_string_value(it));
        if (g < 0) {
            char field[160];
            snprintf(field, sizeof(field), "profile.goals[%zu]", i);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "unknown goal (see docs/program-engine.md)");
        }
        in->goals |= 1u << g;
    }
    const char *x = rb_json_str(p, "experience");
    in->experience = x == NULL                        ? RB_EXP_NOVICE
                     : strcmp(x, "advanced") == 0     ? RB_EXP_ADVANCED
                     : strcmp(x, "intermediate") == 0 ? RB_EXP_INTERMEDIATE
                                                      : RB_EXP_NOVICE;
    in->days_per_week = (int)rb_json_int(p, "days_per_week", 3);
    in->minutes = (int)rb_json_int(p, "minutes_per_session", 45);
    json_t *sit = json_object_get(p, "sitting_hours");
    in->sitting_hours = json_is_number(sit) ? json_number_value(sit) : 0;
    return parse_equipment(kb, json_object_get(p, "equipment"), a, in, err);
}

static enum rb_status
parse_screening(const json_t *s, struct rb_arena *a, struct rb_plan_input *in,
    struct rb_err *err)
{
    size_t i;
    json_t *it;

    in->screen_outcome = RB_SCREEN_CLEARED;
    in->ceiling = RB_INTENSITY_NONE;
    if (s == NULL) {
        return RB_OK;
    }
    RB_TRY(check(s, screening_fields, "screening", err));
    const char *o = rb_json_str(s, "outcome");
    in->screen_outcome = strcmp(o, "refer") == 0 ? RB_SCREEN_REFER
                         : strcmp(o, "clearance_recommended") == 0
                             ? RB_SCREEN_CLEARANCE_RECOMMENDED
                             : RB_SCREEN_CLEARED;
    const char *c = rb_json_str(s, "intensity_ceiling");
    if (c != NULL) {
        in->ceiling = strcmp(c, "light") == 0      ? RB_INTENSITY_LIGHT
                      : strcmp(c, "moderate") == 0 ? RB_INTENSITY_MODERATE
                                                   : RB_INTENSITY_VIGOROUS;
    }
    in->clearance_pending = rb_json_bool(s, "clearance_pending", false);
    json_t *flags = json_object_get(s, "red_flags_open");
    in->nred_flags = json_array_size(flags);
    in->red_flags = rb_arena_alloc(a, (in->nred_flags + 1) * sizeof(char *));
    json_array_foreach(flags, i, it)
    {
        const char *id = json_string_value(it);
        if (id == NULL || rb_red_flag_find(id) == NULL) {
            char field[160];
            snprintf(field, sizeof(field), "screening.red_flags_open[%zu]", i);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "unknown red flag (see docs/screening.md)");
        }
        in->red_flags[i] = id;
    }
    return RB_OK;
}

static enum rb_status
parse_history(const struct rb_kb *kb, const json_t *h, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t i;
    json_t *it;

    if (h == NULL) {
        return RB_OK;
    }
    RB_TRY(check(h, history_fields, "history", err));
    json_t *arr = json_object_get(h, "injuries");
    in->ninjuries = json_array_size(arr);
    in->injuries =
        rb_arena_alloc(a, (in->ninjuries + 1) * sizeof(*in->injuries));
    json_array_foreach(arr, i, it)
    {
        char path[48];
        struct rb_plan_injury *j = &in->injuries[i];

        snprintf(path, sizeof(path), "history.injuries[%zu]", i);
        if (!json_is_object(it)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", path, "an injury is an object");
        }
        RB_TRY(check(it, injury_fields, path, err));
        j->region = rb_json_str(it, "region");
        if (!rb_kb_vocab_has(kb, "regions", j->region)) {
            char field[160];
            snprintf(field, sizeof(field), "%s.region", path);
            return rb_fail_field(
                err, RB_EINVAL, "out_of_range", field, "unknown body region");
        }
        int side = rb_side_parse(rb_json_str(it, "side"));
        j->side = side < 0 ? RB_SIDE_NONE : (enum rb_side)side;
        j->kind = rb_json_str(it, "kind");
        j->status = (enum rb_injury_status)rb_injury_status_parse(
            rb_json_str(it, "status"));
        j->recurrences = (int)rb_json_int(it, "recurrences", 0);
        j->onset_day = day_of(it, "onset", 0);
    }
    return RB_OK;
}

static enum rb_status
parse_case(const struct rb_kb *kb, const json_t *c, struct rb_plan_input *in,
    struct rb_err *err)
{
    in->days_in_phase = -1;
    in->involved = RB_SIDE_NONE;
    if (c == NULL || json_is_null(c)) {
        return RB_OK;
    }
    RB_TRY(check(c, case_fields, "case", err));
    in->protocol = rb_kb_protocol(kb, rb_json_str(c, "protocol"));
    if (in->protocol == NULL) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "case.protocol",
            "unknown protocol (see `rebound kb`)");
    }
    const char *ph = rb_json_str(c, "phase");
    in->phase = rb_protocol_phase(in->protocol, ph);
    if (in->phase == NULL) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "case.phase",
            "the protocol has no phase '%.40s'", ph);
    }
    int side = rb_side_parse(rb_json_str(c, "involved"));
    in->involved = side < 0 ? RB_SIDE_NONE : (enum rb_side)side;
    in->days_in_phase = (int)rb_json_int(c, "days_in_phase", -1);
    return RB_OK;
}

static enum rb_status
parse_clearance(const struct rb_kb *kb, const json_t *c, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t i;
    json_t *it;

    if (c == NULL || json_is_null(c)) {
        return RB_OK;
    }
    RB_TRY(check(c, clearance_fields, "clearance", err));
    in->has_clearance = true;
    in->clearance.provider = rb_json_str(c, "provider");
    in->clearance.credential = rb_json_str(c, "credential");
    in->clearance.day = day_of(c, "date", 0);
    in->clearance.expires_day = day_of(c, "expires", 0);
    json_t *r = json_object_get(c, "restrictions");
    const char **v = rb_arena_alloc(a, (json_array_size(r) + 1) * sizeof(*v));
    json_array_foreach(r, i, it)
    {
        uint32_t forbids;
        const char *id = json_string_value(it);
        if (id == NULL || !rb_kb_restriction(kb, id, &forbids)) {
            char field[160];
            snprintf(field, sizeof(field), "clearance.restrictions[%zu]", i);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", field,
                "unknown restriction (data/restrictions.json)");
        }
        v[i] = id;
    }
    in->clearance.restrictions = v;
    in->clearance.nrestrictions = json_array_size(r);
    return RB_OK;
}

static enum rb_status
parse_practitioner(const json_t *p, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t i;
    json_t *it;

    RB_TRY(check(p, practitioner_fields, "practitioner", err));
    json_t *arr = json_object_get(p, "credentials");
    in->ncredentials = json_array_size(arr);
    in->credentials =
        rb_arena_alloc(a, (in->ncredentials + 1) * sizeof(*in->credentials));
    memset(
        in->credentials, 0, (in->ncredentials + 1) * sizeof(*in->credentials));
    json_array_foreach(arr, i, it)
    {
        char path[48];
        struct rb_credential *c = &in->credentials[i];

        snprintf(path, sizeof(path), "practitioner.credentials[%zu]", i);
        if (!json_is_object(it)) {
            return rb_fail_field(err, RB_EINVAL, "wrong_type", path,
                "a credential is an object");
        }
        RB_TRY(check(it, credential_fields, path, err));
        c->kind = rb_json_str(it, "kind");
        c->issued_day = day_of(it, "issued", 0);
        c->expires_day = day_of(it, "expires", 0);
        c->cpr_expires_day = day_of(it, "cpr_expires", 0);
        c->verified = rb_json_bool(it, "verified", false);
        c->verified_by = c->verified ? "case file" : NULL;
        c->verified_day = c->verified ? c->issued_day : 0;
    }
    return RB_OK;
}

static enum rb_status
parse_lifts(const struct rb_kb *kb, const json_t *arr, struct rb_arena *a,
    struct rb_plan_input *in, struct rb_err *err)
{
    size_t i;
    json_t *it;

    in->nlifts = json_array_size(arr);
    in->lifts = rb_arena_alloc(a, (in->nlifts + 1) * sizeof(*in->lifts));
    json_array_foreach(arr, i, it)
    {
        char path[32];
        struct rb_plan_lift *l = &in->lifts[i];

        snprintf(path, sizeof(path), "lifts[%zu]", i);
        if (!json_is_object(it)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", path, "a lift is an object");
        }
        RB_TRY(check(it, lift_fields, path, err));
        l->exercise = rb_json_str(it, "exercise");
        if (rb_kb_exercise(kb, l->exercise) == NULL) {
            char field[160];
            snprintf(field, sizeof(field), "%s.exercise", path);
            return rb_fail_field(
                err, RB_EINVAL, "out_of_range", field, "unknown exercise");
        }
        l->weight = json_number_value(json_object_get(it, "weight"));
        l->reps = (int)rb_json_int(it, "reps", 1);
        l->kg = plan_one_rm(l->weight, l->reps);
    }
    return RB_OK;
}

enum rb_status
rb_plan_case_parse(const struct rb_kb *kb, const json_t *doc,
    struct rb_arena *a, struct rb_plan_input *ret, struct rb_err *err)
{
    struct rb_plan_input in;

    memset(&in, 0, sizeof(in));
    if (!json_is_object(doc)) {
        return rb_fail(err, RB_EINVAL, "a case file is one JSON object");
    }
    RB_TRY(check(doc, top_fields, "", err));
    in.start_day = day_of(doc, "start", 0);
    in.weeks = (int)rb_json_int(doc, "weeks", 4);
    in.consent_current = rb_json_bool(doc, "consent_current", true);
    RB_TRY(parse_profile(kb, json_object_get(doc, "profile"), a, &in, err));
    RB_TRY(parse_screening(json_object_get(doc, "screening"), a, &in, err));
    RB_TRY(parse_history(kb, json_object_get(doc, "history"), a, &in, err));
    RB_TRY(parse_case(kb, json_object_get(doc, "case"), &in, err));
    RB_TRY(parse_clearance(kb, json_object_get(doc, "clearance"), a, &in, err));
    RB_TRY(
        parse_practitioner(json_object_get(doc, "practitioner"), a, &in, err));
    RB_TRY(parse_lifts(kb, json_object_get(doc, "lifts"), a, &in, err));
    json_t *m = json_object_get(doc, "measures");
    if (m != NULL) {
        struct rb_err e;
        if (rb_measure_set_parse(kb, m, a, &in.measures, &e) != RB_OK) {
            char field[160];
            snprintf(field, sizeof(field), "measures.%s", e.field);
            return rb_fail_field(err, RB_EINVAL, e.code, field, "%s", e.msg);
        }
        in.has_measures = true;
        if (in.involved != RB_SIDE_NONE) {
            in.measures.involved = in.involved;
        }
        if (in.measures.age_years < 0) {
            in.measures.age_years = in.age;
        }
        if (in.measures.sex == NULL) {
            in.measures.sex = in.sex;
        }
    }
    *ret = in;
    return RB_OK;
}
