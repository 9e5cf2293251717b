/*
 * assess.c -- assessments: record a batch of measures and questionnaires,
 * list, read, compare two, follow one measure over time, and evaluate the
 * phase gate of a client's open case (docs/assessment.md).
 *
 * The measures are validated and expanded (raw tests into derived values)
 * by engine/assess.h; questionnaires are scored by core/instruments.h and
 * their scores stored as measures too, so that phase gates can read them.
 * Results that combine several records are returned as JSON (a new
 * reference), the shape both front ends print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "core/instruments.h"
#include "engine/assess.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

#define MAX_QUESTIONNAIRES 16

static json_t *
id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* The client's open case (the newest), if any. */
static bool
open_case(struct rb_store *s, const struct rb_client *c, struct rb_arena *a,
    struct rb_case_row *ret, struct rb_err *err, enum rb_status *rc)
{
    struct rb_case_row *rows;
    size_t n;

    *rc = rb_store_case_list(s, c->org_id, c->id, a, &rows, &n, err);
    for (size_t i = n; *rc == RB_OK && i > 0; i--) {
        if (strcmp(rows[i - 1].status, "open") == 0) {
            *ret = rows[i - 1];
            return true;
        }
    }
    return false;
}

/* The injured side of a case, as a side name for the measures document. */
static const char *
case_side(struct rb_store *s, const struct rb_case_row *k, struct rb_arena *a)
{
    struct rb_injury_row inj;

    if (rb_store_injury_get(s, k->org_id, k->injury_id, a, &inj, NULL) ==
            RB_OK &&
        (strcmp(inj.side, "left") == 0 || strcmp(inj.side, "right") == 0)) {
        return inj.side;
    }
    return NULL;
}

/* ---- record ------------------------------------------------------------ */

static const struct rb_jfield body_fields[] = {
    {"date", RB_J_DATE, true, 0, 0, NULL, false},
    {"involved", RB_J_STRING, false, 0, 0,
        (const char *const[]){"left", "right", NULL}, true},
    {"notes", RB_J_STRING, false, 0, 4000, NULL, true},
    {"case_id", RB_J_INT, false, 1, INT64_MAX, NULL, true},
    {"measures", RB_J_ARRAY, false, 0, 500, NULL, false},
    {"questionnaires", RB_J_ARRAY, false, 0, MAX_QUESTIONNAIRES, NULL, false},
    {NULL, 0, false, 0, 0, NULL, false},
};

static const struct rb_jfield questionnaire_fields[] = {
    {"instrument", RB_J_STRING, true, 1, 40, NULL, false},
    {"answers", RB_J_ARRAY, true, 1, RB_INSTRUMENT_MAX_ITEMS, NULL, false},
    {"measure", RB_J_STRING, false, 1, 60, NULL, false},
    {NULL, 0, false, 0, 0, NULL, false},
};

struct scored {
    const struct rb_instrument *inst;
    struct rb_instrument_score score;
    const char *measure; /* the measure the score is stored as */
    const char *answers; /* JSON text */
};

/* Prefix err->field with the questionnaire's position. */
static enum rb_status
in_questionnaire(size_t i, enum rb_status rc, struct rb_err *err)
{
    if (err != NULL) {
        char field[2 * sizeof(err->field)];
        size_t len;

        len = (size_t)snprintf(field, sizeof(field), "questionnaires[%zu]%s%s",
            i, err->field[0] ? "." : "", err->field);
        len = len < sizeof(err->field) ? len : sizeof(err->field) - 1;
        memcpy(err->field, field, len);
        err->field[len] = '\0';
    }
    return rc;
}

static enum rb_status
score_one(const json_t *q, size_t i, struct rb_arena *a, struct scored *ret,
    struct rb_err *err)
{
    double answers[RB_INSTRUMENT_MAX_ITEMS];
    bool present[RB_INSTRUMENT_MAX_ITEMS];
    const json_t *list, *m;
    const char *id;
    size_t n;
    enum rb_status rc;

    if ((rc = rb_json_check(q, questionnaire_fields, err))) {
        return in_questionnaire(i, rc, err);
    }
    id = json_string_value(json_object_get(q, "instrument"));
    if ((ret->inst = rb_instrument_find(id)) == NULL) {
        rb_fail_field(err, RB_EINVAL, "unknown_instrument", "instrument",
            "'%s' is not an instrument (see 'rebound score --list')", id);
        return in_questionnaire(i, RB_EINVAL, err);
    }
    list = json_object_get(q, "answers");
    n = json_array_size(list);
    for (size_t k = 0; k < n; k++) {
        const json_t *v = json_array_get(list, k);

        present[k] = !json_is_null(v);
        answers[k] = json_is_number(v) ? json_number_value(v) : 0;
        if (present[k] && !json_is_number(v)) {
            rb_fail_field(err, RB_EINVAL, "invalid_type", NULL,
                "answers[%zu] must be a number or null (missing)", k);
            snprintf(err->field, sizeof(err->field), "answers[%zu]", k);
            return in_questionnaire(i, RB_EINVAL, err);
        }
    }
    if ((rc = rb_instrument_score(
             ret->inst, answers, present, n, &ret->score, err))) {
        return in_questionnaire(i, rc, err);
    }
    ret->measure = ret->score.measure;
    if ((m = json_object_get(q, "measure")) != NULL) {
        if (!rb_instrument_measure(ret->inst, json_string_value(m))) {
            rb_fail_field(err, RB_EINVAL, "invalid_measure", "measure",
                "%s does not feed the measure '%s'", ret->inst->name,
                json_string_value(m));
            return in_questionnaire(i, RB_EINVAL, err);
        }
        ret->measure = json_string_value(m);
    }
    if (ret->measure == NULL) {
        rb_fail_field(err, RB_EINVAL, "missing_field", "measure",
            "%s needs \"measure\": which pain it rates (e.g. pain_rest)",
            ret->inst->name);
        return in_questionnaire(i, RB_EINVAL, err);
    }
    ret->answers = app_json_text(a, list);
    return RB_OK;
}

/* The measures document engine/assess.h parses, built from the body. */
static json_t *
measures_doc(const json_t *body, const struct rb_client *c, int64_t day,
    const char *involved)
{
    json_t *doc = json_object(), *m = json_object_get(body, "measures");
    int age = app_age_on(c->birth_date, day);

    json_object_set(doc, "date", json_object_get(body, "date"));
    json_object_set_new(doc, "measures", m ? json_deep_copy(m) : json_array());
    if (involved != NULL) {
        json_object_set_new(doc, "involved", json_string(involved));
    }
    if (age >= 0) {
        json_object_set_new(doc, "age", json_integer(age));
    }
    if (c->sex != NULL &&
        (strcmp(c->sex, "female") == 0 || strcmp(c->sex, "male") == 0)) {
        json_object_set_new(doc, "sex", json_string(c->sex));
    }
    return doc;
}

static json_t *
measurement_json(const struct rb_measurement_row *m)
{
    json_t *o = json_pack("{s:s, s:s, s:f, s:o}", "measure", m->measure, "side",
        m->side, "value", m->value, "date", app_date_json(m->day));

    if (m->exercise != NULL) {
        json_object_set_new(o, "exercise", json_string(m->exercise));
    }
    return o;
}

/* The measure set of stored rows (for findings and gates). */
static void
set_of(const struct rb_measurement_row *rows, size_t n, struct rb_arena *a,
    struct rb_measure_set *ret)
{
    struct rb_measurement *items =
        rb_arena_alloc(a, (n ? n : 1) * sizeof(*items));

    for (size_t i = 0; i < n; i++) {
        int side = rb_side_parse(rows[i].side);

        items[i] = (struct rb_measurement){.measure = rows[i].measure,
            .side = side < 0 ? RB_SIDE_NONE : (enum rb_side)side,
            .value = rows[i].value,
            .day = (int32_t)rows[i].day,
            .exercise = rows[i].exercise};
    }
    ret->items = items;
    ret->n = n;
}

/* Findings of 's' as JSON; an empty list when the kb is not loaded. */
static json_t *
findings_json(
    struct rb_app *app, const struct rb_measure_set *s, struct rb_arena *a)
{
    struct rb_finding *f;
    size_t n;

    if (app->kb == NULL || rb_findings(app->kb, s, a, &f, &n, NULL) != RB_OK) {
        return json_array();
    }
    return rb_findings_json(f, n);
}

/* One assessment with its measures, answers and findings. */
static enum rb_status
assessment_json(struct rb_app *app, struct rb_store *s,
    const struct rb_assessment_row *as, const struct rb_client *c,
    struct rb_arena *a, json_t **ret, struct rb_err *err)
{
    struct rb_measurement_row *ms;
    struct rb_response_row *rs;
    struct rb_measure_set set = {
        .involved = RB_SIDE_NONE, .age_years = -1, .today = (int32_t)as->day};
    size_t nm, nr;
    json_t *o, *list, *qs;
    enum rb_status rc;

    if ((rc = rb_store_measurement_list(
             s, as->org_id, as->client_id, as->id, NULL, a, &ms, &nm, err)) ||
        (rc = rb_store_response_list(
             s, as->org_id, as->client_id, as->id, a, &rs, &nr, err))) {
        return rc;
    }
    list = json_array();
    for (size_t i = 0; i < nm; i++) {
        json_array_append_new(list, measurement_json(&ms[i]));
    }
    qs = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *res = json_loads(rs[i].result, 0, NULL);
        json_t *answers = json_loads(rs[i].answers, 0, NULL);

        json_array_append_new(qs,
            json_pack("{s:s, s:o, s:f, s:o}", "instrument", rs[i].instrument,
                "answers", answers ? answers : json_array(), "score",
                rs[i].score, "result", res ? res : json_object()));
    }
    set_of(ms, nm, a, &set);
    set.age_years = app_age_on(c->birth_date, as->day);
    set.sex = c->sex;
    {
        json_t *doc = json_loads(as->body, 0, NULL);
        const char *inv =
            doc ? json_string_value(json_object_get(doc, "involved")) : NULL;
        int side = inv ? rb_side_parse(inv) : -1;

        set.involved = side > 0 ? (enum rb_side)side : RB_SIDE_NONE;
        json_decref(doc);
    }
    o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)as->id, "client_id", (json_int_t)as->client_id, "date",
        app_date_json(as->day), "assessor_id", id_or_null(as->assessor_id),
        "case_id", id_or_null(as->case_id), "notes",
        as->notes ? json_string(as->notes) : json_null(), "measures", list,
        "questionnaires", qs, "findings", findings_json(app, &set, a));
    *ret = o;
    return RB_OK;
}

enum rb_status
rb_app_assessment_record(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const json_t *body, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    struct rb_assessment_row row = {0};
    struct scored qs[MAX_QUESTIONNAIRES];
    struct rb_measure_set set;
    struct rb_client c;
    struct rb_case_row k;
    const json_t *q = json_object_get(body, "questionnaires");
    const char *involved = NULL;
    size_t nq = json_array_size(q);
    json_t *doc;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if (app->kb == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no knowledge base is loaded");
    }
    if ((rc = rb_json_check(body, body_fields, err))) {
        return rc;
    }
    if (json_array_size(json_object_get(body, "measures")) == 0 && nq == 0) {
        return rb_fail_field(err, RB_EINVAL, "empty_assessment", "measures",
            "an assessment needs at least one measure or questionnaire");
    }
    rb_date_parse(json_string_value(json_object_get(body, "date")), &row.day);
    if (row.day > app_today() + 1) {
        return rb_fail_field(err, RB_EINVAL, "invalid_date", "date",
            "an assessment cannot be dated in the future");
    }
    for (size_t i = 0; i < nq; i++) {
        if ((rc = score_one(json_array_get(q, i), i, a, &qs[i], err))) {
            return rc;
        }
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = app_scope_practitioner(
             app, tx.s, who, RB_ACTION_ASSESS_FITNESS, a, err))) {
        goto fail;
    }
    /* The case: the one named, else the open one; its injured side is the
     * involved side unless the body says otherwise. */
    row.case_id = json_integer_value(json_object_get(body, "case_id"));
    if (row.case_id != 0) {
        struct rb_case_row *rows;
        size_t n;
        bool found = false;

        if ((rc = rb_store_case_list(
                 tx.s, c.org_id, c.id, a, &rows, &n, err))) {
            goto fail;
        }
        for (size_t i = 0; i < n && !found; i++) {
            if (rows[i].id == row.case_id) {
                k = rows[i];
                found = true;
            }
        }
        if (!found) {
            rc = rb_fail_field(err, RB_EINVAL, "unknown_case", "case_id",
                "the client has no case %lld", (long long)row.case_id);
            goto fail;
        }
        involved = case_side(tx.s, &k, a);
    } else if (open_case(tx.s, &c, a, &k, err, &rc)) {
        row.case_id = k.id;
        involved = case_side(tx.s, &k, a);
    } else if (rc != RB_OK) {
        goto fail;
    }
    if (json_is_string(json_object_get(body, "involved"))) {
        involved = json_string_value(json_object_get(body, "involved"));
    }
    doc = measures_doc(body, &c, row.day, involved);
    rc = rb_measure_set_parse(app->kb, doc, a, &set, err);
    row.body = app_json_text(a, body);
    json_decref(doc);
    if (rc != RB_OK) {
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    row.assessor_id = who->system ? 0 : who->user.id;
    row.notes = json_string_value(json_object_get(body, "notes"));
    row.created_ms = rb_clock_now_ms();
    if ((rc = rb_store_assessment_add(tx.s, &row, &row.id, err))) {
        goto fail;
    }
    for (size_t i = 0; i < set.n; i++) {
        struct rb_measurement_row m = {.org_id = c.org_id,
            .client_id = c.id,
            .assessment_id = row.id,
            .measure = set.items[i].measure,
            .side = rb_side_name(set.items[i].side),
            .value = set.items[i].value,
            .day = set.items[i].day,
            .exercise = set.items[i].exercise};

        if ((rc = rb_store_measurement_add(tx.s, &m, err))) {
            goto fail;
        }
    }
    for (size_t i = 0; i < nq; i++) {
        json_t *res = rb_instrument_score_to_json(&qs[i].score);
        struct rb_response_row r = {.org_id = c.org_id,
            .client_id = c.id,
            .assessment_id = row.id,
            .instrument = qs[i].inst->id,
            .answers = qs[i].answers,
            .score = qs[i].score.score,
            .result = app_json_text(a, res),
            .day = row.day};
        struct rb_measurement_row m = {.org_id = c.org_id,
            .client_id = c.id,
            .assessment_id = row.id,
            .measure = qs[i].measure,
            .side = "none",
            .value = qs[i].score.score,
            .day = row.day};

        json_decref(res);
        if ((rc = rb_store_response_add(tx.s, &r, err)) ||
            (rc = rb_store_measurement_add(tx.s, &m, err))) {
            goto fail;
        }
    }
    if ((rc = app_audit(tx.s, who, c.org_id, "assessment.create", "assessment",
             row.id, c.id, "", err)) ||
        (rc = rb_store_assessment_get(tx.s, c.org_id, row.id, a, &row, err)) ||
        (rc = assessment_json(app, tx.s, &row, &c, a, ret, err))) {
        goto fail;
    }
    if ((rc = tx_commit(&tx, err))) {
        json_decref(*ret);
        return rc;
    }
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

/* ---- read ---------------------------------------------------------------- */

static enum rb_status
finish(struct tx *tx, enum rb_status rc, json_t **ret, json_t *out,
    struct rb_err *err)
{
    if (rc == RB_OK && (rc = tx_commit(tx, err)) == RB_OK) {
        *ret = out;
        return RB_OK;
    }
    if (rc != RB_OK) {
        tx_abort(tx);
    }
    json_decref(out);
    return rc;
}

enum rb_status
rb_app_assessment_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_assessment_row *rows;
    struct rb_client c;
    struct tx tx;
    size_t n;
    json_t *list = NULL;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);
    if ((rc = app_client_read(
             app, who, client_id, "assessment.list", a, &tx, &c, err))) {
        return rc;
    }
    rc = rb_store_assessment_list(tx.s, c.org_id, c.id, a, &rows, &n, err);
    if (rc == RB_OK) {
        list = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(list,
                json_pack("{s:I, s:o, s:o, s:o, s:I}", "id",
                    (json_int_t)rows[i].id, "date", app_date_json(rows[i].day),
                    "assessor_id", id_or_null(rows[i].assessor_id), "case_id",
                    id_or_null(rows[i].case_id), "measures",
                    (json_int_t)rows[i].nmeasures));
        }
    }
    return finish(&tx, rc, ret, list, err);
}

enum rb_status
rb_app_assessment_get(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t id, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_assessment_row row;
    struct rb_client c;
    struct tx tx;
    json_t *out = NULL;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_assessment_get(
             tx.s, who->user.org_id, id, a, &row, err)) ||
        (rc = app_load_client(tx.s, who, row.client_id, a, &c, err))) {
        tx_abort(&tx);
        return rc == RB_ENOTFOUND
                   ? rb_fail(err, RB_ENOTFOUND, "no such assessment")
                   : rc;
    }
    if ((rc = app_audit(tx.s, who, c.org_id, "assessment.read", "assessment",
             row.id, c.id, "", err)) == RB_OK) {
        rc = assessment_json(app, tx.s, &row, &c, a, &out, err);
    }
    return finish(&tx, rc, ret, out, err);
}

/* The value of (measure, side) in rows of one assessment; false if none. */
static bool
value_in(const struct rb_measurement_row *rows, size_t n, int64_t assessment,
    const struct rb_measurement_row *like, double *ret)
{
    bool found = false;

    for (size_t i = 0; i < n; i++) {
        if (rows[i].assessment_id == assessment &&
            strcmp(rows[i].measure, like->measure) == 0 &&
            strcmp(rows[i].side, like->side) == 0 &&
            (rows[i].exercise == NULL) == (like->exercise == NULL) &&
            (rows[i].exercise == NULL ||
                strcmp(rows[i].exercise, like->exercise) == 0)) {
            *ret = rows[i].value;
            found = true;
        }
    }
    return found;
}

/* The questionnaire change vs its MCID, when both assessments have it. */
static json_t *
questionnaire_changes(
    const struct rb_response_row *rs, size_t n, int64_t from, int64_t to)
{
    json_t *out = json_array();

    for (size_t i = 0; i < n; i++) {
        const struct rb_instrument *inst;
        struct rb_instrument_change ch;

        if (rs[i].assessment_id != to ||
            (inst = rb_instrument_find(rs[i].instrument)) == NULL) {
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            if (rs[k].assessment_id == from &&
                strcmp(rs[k].instrument, rs[i].instrument) == 0 &&
                rb_instrument_change(
                    inst, rs[k].score, rs[i].score, &ch, NULL) == RB_OK) {
                json_t *o = rb_instrument_change_to_json(inst, &ch);

                json_object_set_new(o, "instrument", json_string(inst->id));
                json_array_append_new(out, o);
                break;
            }
        }
    }
    return out;
}

enum rb_status
rb_app_assessment_compare(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, int64_t from, int64_t to,
    struct rb_arena *a, json_t **ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_assessment_row fa, ta;
    struct rb_measurement_row *ms;
    struct rb_response_row *rs;
    struct rb_client c;
    struct tx tx;
    size_t nm, nr;
    json_t *out = NULL, *list;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);
    if ((rc = app_client_read(
             app, who, client_id, "assessment.compare", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_assessment_get(tx.s, c.org_id, from, a, &fa, err)) ||
        (rc = rb_store_assessment_get(tx.s, c.org_id, to, a, &ta, err)) ||
        fa.client_id != c.id || ta.client_id != c.id) {
        tx_abort(&tx);
        return rb_fail_field(err, RB_ENOTFOUND, "not_found",
            rc == RB_OK || fa.id != from ? "from" : "to",
            "both assessments must be the client's");
    }
    if ((rc = rb_store_measurement_list(
             tx.s, c.org_id, c.id, 0, NULL, a, &ms, &nm, err)) ||
        (rc = rb_store_response_list(
             tx.s, c.org_id, c.id, 0, a, &rs, &nr, err))) {
        return finish(&tx, rc, ret, NULL, err);
    }
    list = json_array();
    /* Every (measure, side) of either assessment, in the 'to' order then
     * those only in 'from'. */
    for (int pass = 0; pass < 2; pass++) {
        int64_t own = pass == 0 ? to : from, other = pass == 0 ? from : to;

        for (size_t i = 0; i < nm; i++) {
            double before = 0, after = 0;
            bool has_b, has_a;
            json_t *o;

            if (ms[i].assessment_id != own ||
                (pass == 1 && value_in(ms, nm, other, &ms[i], &after))) {
                continue;
            }
            has_b = value_in(ms, nm, from, &ms[i], &before);
            has_a = value_in(ms, nm, to, &ms[i], &after);
            o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "measure", ms[i].measure,
                "side", ms[i].side, "before",
                has_b ? json_real(before) : json_null(), "after",
                has_a ? json_real(after) : json_null(), "change",
                has_a && has_b ? json_real(after - before) : json_null());
            if (ms[i].exercise != NULL) {
                json_object_set_new(o, "exercise", json_string(ms[i].exercise));
            }
            json_array_append_new(list, o);
        }
    }
    out = json_pack("{s:{s:I, s:o}, s:{s:I, s:o}, s:o, s:o}", "from", "id",
        (json_int_t)from, "date", app_date_json(fa.day), "to", "id",
        (json_int_t)to, "date", app_date_json(ta.day), "measures", list,
        "questionnaires", questionnaire_changes(rs, nr, from, to));
    return finish(&tx, RB_OK, ret, out, err);
}

enum rb_status
rb_app_measure_trend(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const char *measure, struct rb_arena *a,
    json_t **ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_measurement_row *ms;
    struct rb_client c;
    struct tx tx;
    size_t n;
    json_t *out = NULL, *points;
    enum rb_status rc;

    if (app->kb != NULL && rb_kb_measure(app->kb, measure) == NULL) {
        return rb_fail_field(err, RB_EINVAL, "unknown_measure", "measure",
            "'%s' is not a measure of data/measures.json", measure);
    }
    who = app_actor_in(who, org_id, &in_org);
    if ((rc = app_client_read(
             app, who, client_id, "assessment.trend", a, &tx, &c, err))) {
        return rc;
    }
    rc = rb_store_measurement_list(
        tx.s, c.org_id, c.id, 0, measure, a, &ms, &n, err);
    if (rc == RB_OK) {
        points = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *p = measurement_json(&ms[i]);

            json_object_del(p, "measure");
            json_object_set_new(
                p, "assessment_id", json_integer(ms[i].assessment_id));
            json_array_append_new(points, p);
        }
        out = json_pack("{s:s, s:o}", "measure", measure, "points", points);
    }
    return finish(&tx, rc, ret, out, err);
}

/* ---- gate ---------------------------------------------------------------- */

/* The gate of case 'k' of client 'c': its phase's exit criteria against
 * every recorded measure plus what the case knows (days in the phase). */
enum rb_status
app_case_gate(struct rb_app *app, struct rb_store *s, const struct rb_client *c,
    const struct rb_case_row *k, struct rb_arena *a, struct rb_gate *ret,
    struct rb_measure_set *ret_set, struct rb_err *err)
{
    struct rb_measurement_row *ms, *all;
    struct rb_measure_set set = {.involved = RB_SIDE_NONE};
    const struct rb_protocol *p;
    const struct rb_phase *ph;
    const char *side;
    int64_t today = app_today();
    size_t n;
    enum rb_status rc;

    p = rb_kb_protocol(app->kb, k->protocol_id);
    if ((ph = rb_protocol_phase(p, k->phase_id)) == NULL) {
        return rb_fail(err, RB_EINTERNAL,
            "the case's protocol phase %s/%s is not in the knowledge base",
            k->protocol_id, k->phase_id);
    }
    if ((rc = rb_store_measurement_list(
             s, c->org_id, c->id, 0, NULL, a, &ms, &n, err))) {
        return rc;
    }
    all = rb_arena_alloc(a, (n + 1) * sizeof(*all));
    memcpy(all, ms, n * sizeof(*all));
    all[n] = (struct rb_measurement_row){.measure = "days_in_phase",
        .side = "none",
        .value = (double)(today - k->phase_started_ms / 86400000),
        .day = today};
    set_of(all, n + 1, a, &set);
    set.today = (int32_t)today;
    set.age_years = app_age_on(c->birth_date, today);
    set.sex = c->sex;
    if ((side = case_side(s, k, a)) != NULL) {
        set.involved = (enum rb_side)rb_side_parse(side);
    }
    if ((rc = rb_gate_eval(app->kb, p, ph, &set, a, ret, err)) != RB_OK) {
        return rc;
    }
    *ret_set = set;
    return RB_OK;
}

enum rb_status
rb_app_gate(struct rb_app *app, const struct rb_actor *who, int64_t org_id,
    int64_t client_id, struct rb_arena *a, json_t **ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_measure_set set;
    struct rb_case_row k;
    struct rb_client c;
    struct rb_gate g;
    struct tx tx;
    json_t *out = NULL;
    enum rb_status rc;

    if (app->kb == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no knowledge base is loaded");
    }
    who = app_actor_in(who, org_id, &in_org);
    if ((rc = app_client_read(
             app, who, client_id, "gate.read", a, &tx, &c, err))) {
        return rc;
    }
    if (!open_case(tx.s, &c, a, &k, err, &rc)) {
        if (rc == RB_OK) {
            rc = rb_fail_field(err, RB_ENOTFOUND, "no_open_case", NULL,
                "the client has no open case: a gate belongs to a case's "
                "protocol phase");
        }
        return finish(&tx, rc, ret, NULL, err);
    }
    if ((rc = app_case_gate(app, tx.s, &c, &k, a, &g, &set, err)) == RB_OK) {
        out = json_pack("{s:I, s:o, s:o}", "case_id", (json_int_t)k.id, "gate",
            rb_gate_json(app->kb, &g), "findings", findings_json(app, &set, a));
    }
    return finish(&tx, rc, ret, out, err);
}

enum rb_status
rb_app_case_advance(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const json_t *body, struct rb_arena *a, json_t **ret,
    struct rb_err *err)
{
    static const struct rb_jfield fields[] = {
        {"close", RB_J_BOOL, false, 0, 0, NULL, false},
        {"reason", RB_J_STRING, false, 1, 500, NULL, false},
        {NULL, 0, false, 0, 0, NULL, false},
    };
    struct rb_scope_grant grant;
    struct rb_measure_set set;
    struct rb_case_row k;
    struct rb_client c;
    struct rb_gate g;
    struct tx tx;
    bool close, refused = false;
    char detail[160];
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL || (rc = rb_json_check(body, fields, err))) {
        return body ? rc
                    : rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
                          "this request needs a JSON object body");
    }
    if (app->kb == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no knowledge base is loaded");
    }
    close = json_is_true(json_object_get(body, "close"));
    if (close && !json_is_string(json_object_get(body, "reason"))) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "reason",
            "closing a case needs a reason (discharged, referred, ...)");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err))) {
        goto fail;
    }
    if (!open_case(tx.s, &c, a, &k, err, &rc)) {
        if (rc == RB_OK) {
            rc = rb_fail_field(err, RB_ENOTFOUND, "no_open_case", NULL,
                "the client has no open case");
        }
        goto fail;
    }
    /* Moving a rehabilitation case on is clinical work. */
    if ((rc = app_scope_client(app, tx.s, who, &c, RB_ACTION_REHAB_PROGRAM, a,
             &grant, &refused, err))) {
        goto fail;
    }
    if (!close) {
        if ((rc = app_case_gate(app, tx.s, &c, &k, a, &g, &set, err))) {
            goto fail;
        }
        /* Criteria, never the calendar alone: every criterion met and the
         * time floor passed (rb_gate_eval's "ready"). */
        if (!g.ready) {
            rc = rb_fail_field(err, RB_ECONFLICT, "gate_not_met", NULL,
                "the exit criteria of \"%s\" are not all met: see GET "
                "/api/clients/%lld/gate for what is missing",
                g.phase->name, (long long)c.id);
            goto fail;
        }
        if (g.next == NULL) {
            close = true; /* the last phase's gate passed: discharge */
        } else {
            k.phase_id = g.next->id;
        }
    }
    if (close) {
        k.status = "closed";
    }
    k.phase_started_ms = rb_clock_now_ms();
    snprintf(detail, sizeof(detail), "%s %s%s%s", close ? "closed" : "phase",
        close ? "" : k.phase_id,
        json_is_string(json_object_get(body, "reason")) ? ": " : "",
        json_is_string(json_object_get(body, "reason"))
            ? json_string_value(json_object_get(body, "reason"))
            : "");
    if ((rc = rb_store_case_update(tx.s, &k, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "case.advance", "case", k.id, c.id,
             detail, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = json_pack("{s:I, s:s, s:s, s:s}", "case_id", (json_int_t)k.id,
        "protocol_id", k.protocol_id, "phase_id", k.phase_id, "status",
        k.status);
    return RB_OK;
fail:
    if (refused) {
        struct rb_err ignore;

        if (tx_commit(&tx, &ignore) == RB_OK) {
            return rc;
        }
    }
    tx_abort(&tx);
    return rc;
}
