/*
 * intake.c -- what a practice learns about a client before working with
 * them: the intake profile, consent to the practice's current consent
 * form, injury history, providers' clearances and pre-participation
 * screenings.
 *
 * Recording injuries, clearances and screenings is screening-level work:
 * only staff whose credentials allow "screen" may do it (scope.c).  Every
 * write and every read of these records is audited in its transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "core/screening.h"
#include "core/validate.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

/* rb_json_check() on a nested object, naming fields "prefix.field". */
static enum rb_status
check_nested(const json_t *obj, const struct rb_jfield *fields,
    const char *prefix, struct rb_err *err)
{
    struct rb_err e;
    enum rb_status rc = rb_json_check(obj, fields, &e);

    if (rc == RB_OK) {
        return RB_OK;
    }
    if (err != NULL) {
        size_t n = strlen(prefix);

        *err = e;
        if (n + 1 + strlen(e.field) < sizeof(err->field)) {
            memcpy(err->field, prefix, n);
            if (e.field[0] != '\0') {
                err->field[n++] = '.';
            }
            memcpy(err->field + n, e.field, strlen(e.field) + 1);
        }
    }
    return rc;
}

/*
 * A JSON array of distinct strings, each accepted by 'ok' (a vocabulary
 * word, a restriction id...).  'what' names the list in messages.
 */
static enum rb_status
check_words(struct rb_app *app, const json_t *arr, const char *field,
    bool (*ok)(struct rb_app *, const char *), const char *what,
    struct rb_err *err)
{
    size_t i, j;
    json_t *v;
    char name[64];

    json_array_foreach(arr, i, v)
    {
        snprintf(name, sizeof(name), "%s[%zu]", field, i);
        if (!json_is_string(v)) {
            return rb_fail_field(
                err, RB_EINVAL, "wrong_type", name, "must be a string");
        }
        if (!ok(app, json_string_value(v))) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", name,
                "'%.60s' is not %s", json_string_value(v), what);
        }
        for (j = 0; j < i; j++) {
            if (json_equal(json_array_get(arr, j), v)) {
                return rb_fail_field(err, RB_EINVAL, "duplicate_value", name,
                    "'%.60s' is listed twice", json_string_value(v));
            }
        }
    }
    return RB_OK;
}

static bool
is_restriction(struct rb_app *app, const char *id)
{
    uint32_t forbids;

    return app->kb != NULL && rb_kb_restriction(app->kb, id, &forbids);
}

static bool
is_equipment(struct rb_app *app, const char *w)
{
    return app->kb != NULL && rb_kb_vocab_has(app->kb, "equipment", w);
}

static const char *const goal_codes[] = {"general_fitness", "strength",
    "weight_management", "return_to_sport", "run_distance", "fall_prevention",
    NULL};

static bool
is_goal(struct rb_app *app, const char *w)
{
    (void)app;
    for (const char *const *g = goal_codes; *g; g++) {
        if (strcmp(*g, w) == 0) {
            return true;
        }
    }
    return false;
}

static bool
has_word(const json_t *arr, const char *w)
{
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), w) == 0) {
            return true;
        }
    }
    return false;
}

/* A restrictions list (ids of data/restrictions.json), or NULL for "[]". */
static enum rb_status
check_restrictions(struct rb_app *app, const json_t *arr, struct rb_err *err)
{
    if (arr == NULL || json_is_null(arr)) {
        return RB_OK;
    }
    return check_words(app, arr, "restrictions", is_restriction,
        "a restriction id of data/restrictions.json", err);
}

/* ---- intake ------------------------------------------------------------- */

static const char *const experiences[] = {
    "novice", "intermediate", "advanced", NULL};
static const char *const accesses[] = {"home", "gym", "both", NULL};

static const struct rb_jfield intake_fields[] = {
    {"height_cm", RB_J_NUMBER, false, 50, 260, NULL, true},
    {"weight_kg", RB_J_NUMBER, false, 20, 400, NULL, true},
    {"occupation", RB_J_STRING, false, 1, 200, NULL, true},
    {"sitting_hours_per_day", RB_J_NUMBER, false, 0, 24, NULL, true},
    {"activity_history", RB_J_STRING, false, 1, 4000, NULL, true},
    {"goals", RB_J_OBJECT, true},
    {"availability_days", RB_J_INT, false, 1, 7, NULL, true},
    {"availability_minutes", RB_J_INT, false, 10, 600, NULL, true},
    {"equipment", RB_J_OBJECT, false, 0, 0, NULL, true},
    {"experience", RB_J_STRING, true, 0, 0, experiences},
    {NULL},
};

static const struct rb_jfield goal_fields[] = {
    {"codes", RB_J_ARRAY, true, 1, 6},
    {"text", RB_J_STRING, false, 1, 1000, NULL, true},
    {"sport", RB_J_STRING, false, 1, 100, NULL, true},
    {"distance_km", RB_J_NUMBER, false, 1, 1000, NULL, true},
    {NULL},
};

static const struct rb_jfield equipment_fields[] = {
    {"access", RB_J_STRING, true, 0, 0, accesses},
    {"items", RB_J_ARRAY, false, 0, 40},
    {NULL},
};

static enum rb_status
check_goals(struct rb_app *app, const json_t *g, struct rb_err *err)
{
    const json_t *codes = json_object_get(g, "codes");
    enum rb_status rc;

    if ((rc = check_nested(g, goal_fields, "goals", err)) ||
        (rc = check_words(app, codes, "goals.codes", is_goal,
             "a goal code (general_fitness, strength, weight_management, "
             "return_to_sport, run_distance, fall_prevention)",
             err))) {
        return rc;
    }
    if (has_word(codes, "return_to_sport") !=
        (rb_json_str(g, "sport") != NULL)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "goals.sport",
            "a sport name goes with the goal return_to_sport, and only "
            "with it");
    }
    if (has_word(codes, "run_distance") !=
        json_is_number(json_object_get(g, "distance_km"))) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range",
            "goals.distance_km",
            "a distance in km goes with the goal run_distance, and only "
            "with it");
    }
    return RB_OK;
}

static enum rb_status
check_equipment(struct rb_app *app, const json_t *e, struct rb_err *err)
{
    enum rb_status rc;

    if ((rc = check_nested(e, equipment_fields, "equipment", err))) {
        return rc;
    }
    if (json_object_get(e, "items") == NULL) {
        return RB_OK;
    }
    return check_words(app, json_object_get(e, "items"), "equipment.items",
        is_equipment, "an equipment word of data/vocab.json", err);
}

static void
opt_number(const json_t *body, const char *key, bool *has, double *v)
{
    const json_t *j = json_object_get(body, key);

    *has = json_is_number(j);
    *v = *has ? json_number_value(j) : 0;
}

static void
opt_int(const json_t *body, const char *key, bool *has, int64_t *v)
{
    const json_t *j = json_object_get(body, key);

    *has = json_is_integer(j);
    *v = *has ? json_integer_value(j) : 0;
}

enum rb_status
rb_app_intake_put(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_intake *ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_intake in = {0};
    const json_t *eq;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    eq = json_object_get(body, "equipment");
    if ((rc = rb_json_check(body, intake_fields, err)) ||
        (rc = check_goals(app, json_object_get(body, "goals"), err)) ||
        (eq != NULL && !json_is_null(eq) &&
            (rc = check_equipment(app, eq, err)))) {
        return rc;
    }
    opt_number(body, "height_cm", &in.has_height, &in.height_cm);
    opt_number(body, "weight_kg", &in.has_weight, &in.weight_kg);
    opt_number(
        body, "sitting_hours_per_day", &in.has_sitting, &in.sitting_hours);
    opt_int(body, "availability_days", &in.has_days, &in.availability_days);
    opt_int(body, "availability_minutes", &in.has_minutes,
        &in.availability_minutes);
    in.occupation = rb_arena_strdup(a, rb_json_str(body, "occupation"));
    in.activity_history =
        rb_arena_strdup(a, rb_json_str(body, "activity_history"));
    in.experience = rb_arena_strdup(a, rb_json_str(body, "experience"));
    in.goals = app_json_text(a, json_object_get(body, "goals"));
    in.equipment =
        eq != NULL && !json_is_null(eq) ? app_json_text(a, eq) : NULL;
    in.updated_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = rb_store_intake_put(tx.s, c.org_id, c.id, &in, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "client.intake", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = in;
    return RB_OK;
}

/* ---- consent ------------------------------------------------------------ */

enum rb_status
rb_app_consent_create(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, const char *body, struct rb_arena *a,
    struct rb_consent_version *ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_consent_version v = {0};
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_require(who, RB_CAP_ORG_EDIT, err))) {
        return rc;
    }
    if (body == NULL || *body == '\0') {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "body",
            "the consent text is required");
    }
    v.org_id = who->user.org_id;
    v.body = rb_arena_strdup(a, body);
    v.created_by = who->user.id;
    v.created_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_consent_add(tx.s, &v, &v.version, err)) ||
        (rc = app_audit(tx.s, who, v.org_id, "consent.create", "consent",
             v.version, 0, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = v;
    return RB_OK;
}

enum rb_status
rb_app_consent_current(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, struct rb_arena *a, struct rb_consent_version *ret,
    struct rb_err *err)
{
    struct rb_actor in_org;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    rc = rb_store_consent_current(tx.s, who->user.org_id, a, ret, err);
    if (rc == RB_ENOTFOUND) {
        rc = rb_fail_field(err, RB_ENOTFOUND, "no_consent", NULL,
            "this practice has no consent form yet");
    }
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_consent_status(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a, int64_t *ret_version,
    bool *ret_signed, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_consent_version cur;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);
    *ret_version = 0;
    *ret_signed = true; /* no consent form: nothing to sign */
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err))) {
        goto fail;
    }
    rc = rb_store_consent_current(tx.s, c.org_id, a, &cur, err);
    if (rc == RB_OK) {
        *ret_version = cur.version;
        rc = rb_store_consent_signed(
            tx.s, c.org_id, c.id, cur.version, ret_signed, err);
    } else if (rc == RB_ENOTFOUND) {
        rc = RB_OK;
    }
    if (rc != RB_OK ||
        (rc = app_audit(tx.s, who, c.org_id, "consent.read", "client", c.id,
             c.id, "", err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_consent_sign(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, int64_t version, const char *signer_name,
    struct rb_arena *a, struct rb_consent_signature *ret, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_consent_signature sig = {0};
    struct rb_consent_version cur;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;
    char detail[32];

    who = app_actor_in(who, org_id, &in_org);

    if (!rb_valid_name(signer_name)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "signer_name",
            "signer_name must be 1 to 200 characters");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    /* Staff see every client; a client only their own record. */
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err))) {
        goto fail;
    }
    rc = rb_store_consent_current(tx.s, c.org_id, a, &cur, err);
    if (rc == RB_ENOTFOUND) {
        rc = rb_fail_field(err, RB_ECONFLICT, "no_consent", "version",
            "this practice has no consent form to sign");
        goto fail;
    }
    if (rc != RB_OK) {
        goto fail;
    }
    if (version != cur.version) {
        rc = rb_fail_field(err, RB_ECONFLICT, "consent_outdated", "version",
            "only the current consent version (%lld) may be signed",
            (long long)cur.version);
        goto fail;
    }
    sig.org_id = c.org_id;
    sig.client_id = c.id;
    sig.version = version;
    sig.signed_by_user = who->user.id;
    sig.signer_name = rb_arena_strdup(a, signer_name);
    sig.signed_ms = rb_clock_now_ms();
    snprintf(detail, sizeof(detail), "version=%lld", (long long)version);
    if ((rc = rb_store_consent_sign(tx.s, &sig, &sig.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "consent.sign", "consent", sig.id,
             c.id, detail, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = sig;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

/* ---- injuries ----------------------------------------------------------- */

static const char *const sides[] = {"left", "right", "both", "none", NULL};
static const char *const kinds[] = {"sprain", "strain", "tendinopathy",
    "fracture", "dislocation", "post_operative", "other", NULL};
static const char *const statuses[] = {"active", "resolved", "recurrent", NULL};

static const struct rb_jfield injury_fields[] = {
    {"region", RB_J_STRING, true, 1, 60},
    {"side", RB_J_STRING, true, 0, 0, sides},
    {"kind", RB_J_STRING, true, 0, 0, kinds},
    {"surgery", RB_J_STRING, false, 1, 500, NULL, true},
    {"onset_on", RB_J_DATE, false, 0, 0, NULL, true},
    {"surgery_on", RB_J_DATE, false, 0, 0, NULL, true},
    {"recurrences", RB_J_INT, false, 0, 100},
    {"status", RB_J_STRING, false, 0, 0, statuses},
    {"restrictions", RB_J_ARRAY, false, 0, 32, NULL, true},
    {"notes", RB_J_STRING, false, 1, 4000, NULL, true},
    {NULL},
};

static const struct rb_jfield injury_patch_fields[] = {
    {"status", RB_J_STRING, false, 0, 0, statuses},
    {"restrictions", RB_J_ARRAY, false, 0, 32, NULL, true},
    {"notes", RB_J_STRING, false, 1, 4000, NULL, true},
    {NULL},
};

static int64_t
body_day(const json_t *body, const char *key)
{
    int64_t day = 0;

    if (rb_json_str(body, key) != NULL) {
        (void)rb_date_parse(rb_json_str(body, key), &day);
    }
    return day;
}

static const char *
restrictions_text(struct rb_arena *a, const json_t *body)
{
    const json_t *r = json_object_get(body, "restrictions");

    return r != NULL && !json_is_null(r) ? app_json_text(a, r) : "[]";
}

static enum rb_status
check_injury(struct rb_app *app, const json_t *body, struct rb_err *err)
{
    const char *region = rb_json_str(body, "region");
    const char *kind = rb_json_str(body, "kind");
    int64_t onset = body_day(body, "onset_on");
    int64_t surgery_on = body_day(body, "surgery_on");
    enum rb_status rc;

    if ((rc = rb_json_check(body, injury_fields, err))) {
        return rc;
    }
    region = rb_json_str(body, "region");
    kind = rb_json_str(body, "kind");
    onset = body_day(body, "onset_on");
    surgery_on = body_day(body, "surgery_on");
    if (app->kb == NULL || !rb_kb_vocab_has(app->kb, "regions", region)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "region",
            "'%.60s' is not a region of data/vocab.json", region);
    }
    if (strcmp(kind, "post_operative") == 0 &&
        rb_json_str(body, "surgery") == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", "surgery",
            "a post-operative injury needs the surgery named");
    }
    if (onset > app_today()) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "onset_on",
            "onset_on cannot be in the future");
    }
    if (surgery_on > app_today() ||
        (surgery_on != 0 && onset != 0 && surgery_on < onset)) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "surgery_on",
            "surgery_on must be between the onset and today");
    }
    return check_restrictions(app, json_object_get(body, "restrictions"), err);
}

enum rb_status
rb_app_injury_create(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_injury_row *ret, struct rb_err *err)
{
    struct rb_injury_row row = {0};
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = check_injury(app, body, err))) {
        return rc;
    }
    row.region = rb_arena_strdup(a, rb_json_str(body, "region"));
    row.side = rb_arena_strdup(a, rb_json_str(body, "side"));
    row.kind = rb_arena_strdup(a, rb_json_str(body, "kind"));
    row.surgery = rb_arena_strdup(a, rb_json_str(body, "surgery"));
    row.onset_day = body_day(body, "onset_on");
    row.surgery_day = body_day(body, "surgery_on");
    row.recurrences = rb_json_int(body, "recurrences", 0);
    row.status = rb_json_str(body, "status") != NULL
                     ? rb_arena_strdup(a, rb_json_str(body, "status"))
                     : "active";
    row.restrictions = restrictions_text(a, body);
    row.notes = rb_arena_strdup(a, rb_json_str(body, "notes"));
    row.created_by = who->user.id;
    row.created_ms = row.updated_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = app_scope_practitioner(
             app, tx.s, who, RB_ACTION_SCREEN, a, err))) {
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    if ((rc = rb_store_injury_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "injury.create", "injury", row.id,
             c.id, row.region, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_injury_update(struct rb_app *app, const struct rb_actor *who, int64_t id,
    const json_t *body, struct rb_arena *a, struct rb_injury_row *ret,
    struct rb_err *err)
{
    struct rb_injury_row row;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = rb_json_check(body, injury_patch_fields, err)) ||
        (rc = check_restrictions(
             app, json_object_get(body, "restrictions"), err))) {
        return rc;
    }
    if (json_object_size(body) == 0) {
        return rb_fail_field(err, RB_EINVAL, "missing_field", NULL,
            "give at least one of status, restrictions, notes");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = rb_store_injury_get(tx.s, who->user.org_id, id, a, &row, err)) ||
        (rc = app_load_client(tx.s, who, row.client_id, a, &c, err)) ||
        (rc = app_scope_practitioner(
             app, tx.s, who, RB_ACTION_SCREEN, a, err))) {
        goto fail;
    }
    if (rb_json_str(body, "status") != NULL) {
        const char *st = rb_arena_strdup(a, rb_json_str(body, "status"));

        /* Coming back after it had resolved counts as a recurrence. */
        if (strcmp(row.status, "resolved") == 0 &&
            strcmp(st, "recurrent") == 0) {
            row.recurrences++;
        }
        row.status = st;
    }
    if (rb_json_has(body, "restrictions")) {
        row.restrictions = restrictions_text(a, body);
    }
    if (rb_json_has(body, "notes")) {
        row.notes = rb_arena_strdup(a, rb_json_str(body, "notes"));
    }
    row.updated_ms = rb_clock_now_ms();
    if ((rc = rb_store_injury_update(tx.s, &row, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "injury.update", "injury", row.id,
             c.id, row.status, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_injury_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a,
    struct rb_injury_row **ret, size_t *ret_n, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_client_read(
             app, who, client_id, "injury.list", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_injury_list(tx.s, c.org_id, c.id, a, ret, ret_n, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

/* ---- clearances --------------------------------------------------------- */

static const struct rb_jfield clearance_fields[] = {
    {"provider", RB_J_STRING, true, 1, 200},
    {"provider_credential", RB_J_STRING, true, 1, 60},
    {"cleared_on", RB_J_DATE, true},
    {"expires_on", RB_J_DATE, true},
    {"restrictions", RB_J_ARRAY, false, 0, 32, NULL, true},
    {NULL},
};

static enum rb_status
check_clearance(struct rb_app *app, const json_t *body, struct rb_err *err)
{
    const struct rb_credential_rule *row;
    const char *kind;
    enum rb_status rc;

    if ((rc = rb_json_check(body, clearance_fields, err))) {
        return rc;
    }
    kind = rb_json_str(body, "provider_credential");
    row = app->creds ? rb_scope_table_find(&app->creds->table, kind) : NULL;
    if (row == NULL || !(row->scopes & (1u << RB_SCOPE_CLINICAL))) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range",
            "provider_credential",
            "'%.60s' is not a clinical credential of data/credentials.json "
            "(physician, pt_licence, boc_atc)",
            kind);
    }
    if (body_day(body, "cleared_on") > app_today()) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "cleared_on",
            "cleared_on cannot be in the future");
    }
    if (body_day(body, "expires_on") < body_day(body, "cleared_on")) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "expires_on",
            "a clearance cannot expire before it was given");
    }
    return check_restrictions(app, json_object_get(body, "restrictions"), err);
}

enum rb_status
rb_app_clearance_create(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_clearance_row *ret, struct rb_err *err)
{
    struct rb_clearance_row row = {0};
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    if ((rc = check_clearance(app, body, err))) {
        return rc;
    }
    row.provider = rb_arena_strdup(a, rb_json_str(body, "provider"));
    row.provider_credential =
        rb_arena_strdup(a, rb_json_str(body, "provider_credential"));
    row.cleared_day = body_day(body, "cleared_on");
    row.expires_day = body_day(body, "expires_on");
    row.restrictions = restrictions_text(a, body);
    row.created_by = who->user.id;
    row.created_ms = rb_clock_now_ms();
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = app_scope_practitioner(
             app, tx.s, who, RB_ACTION_SCREEN, a, err))) {
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    if ((rc = rb_store_clearance_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "clearance.create", "clearance",
             row.id, c.id, row.provider_credential, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_clearance_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a,
    struct rb_clearance_row **ret, size_t *ret_n, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_client_read(
             app, who, client_id, "clearance.list", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_clearance_list(
             tx.s, c.org_id, c.id, a, ret, ret_n, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

/* ---- screenings --------------------------------------------------------- */

enum rb_status
rb_app_screening_create(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const json_t *body, struct rb_arena *a,
    struct rb_screening_row *ret, struct rb_err *err)
{
    struct rb_screening_row row = {0};
    struct rb_screen_input in;
    struct rb_screen_result *res;
    struct rb_client c;
    struct tx tx;
    json_t *rj;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    if (body == NULL) {
        return rb_fail_field(err, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
    }
    res = rb_arena_alloc(a, sizeof(*res));
    if ((rc = rb_screen_input_from_json(body, &in, err)) ||
        (rc = rb_screen_eval(&in, res, err))) {
        return rc;
    }
    rj = rb_screen_result_to_json(res);
    row.answers = app_json_text(a, body);
    row.result = app_json_text(a, rj);
    json_decref(rj);
    row.outcome = rb_screen_outcome_name(res->outcome);
    row.screened_by = who->user.id;
    row.created_ms = rb_clock_now_ms();
    if (row.answers == NULL || row.result == NULL) {
        return rb_fail(err, RB_EINTERNAL, "cannot serialise the screening");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = app_scope_practitioner(
             app, tx.s, who, RB_ACTION_SCREEN, a, err))) {
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    if ((rc = rb_store_screening_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "screening.create", "screening",
             row.id, c.id, row.outcome, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_screening_list(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, int64_t client_id, struct rb_arena *a,
    struct rb_screening_row **ret, size_t *ret_n, struct rb_err *err)
{
    struct rb_actor in_org;
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    who = app_actor_in(who, org_id, &in_org);

    if ((rc = app_client_read(
             app, who, client_id, "screening.list", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_screening_list(
             tx.s, c.org_id, c.id, a, ret, ret_n, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}
