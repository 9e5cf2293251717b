/*
 * h_exercises.c -- /api/exercises: search the library, read one exercise
 * with its neighbours, and a practice's own additions, edits, hiding,
 * export and import.
 */
#include <string.h>

#include "http/handlers.h"
#include "util/str.h"

#define MAX_RESULTS 200

/* Where an exercise comes from, as a practice sees it. */
static const char *
origin(const struct rb_kb *kb, const struct rb_exercise *e)
{
    if (e->org_id == 0) {
        return "built_in";
    }
    return rb_kb_exercise(kb, e->id) != NULL ? "edited" : "practice";
}

static json_t *
summary(const struct rb_kb *kb, const struct rb_exercise *e)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "id", e->id, "name",
        e->name, "pattern", e->pattern, "category", e->category, "level",
        e->level, "impact", e->impact, "origin", origin(kb, e));
}

/* Parse the search filters; answers 400 and returns false when bad. */
static bool
read_query(struct rb_req *r, const struct rb_kb *kb, struct rb_kb_query *q)
{
    static const struct {
        const char *key, *vocab;
    } words[] = {
        {"pattern", "patterns"},
        {"region", "regions"},
        {"category", "categories"},
        {"equipment", "equipment"},
    };
    const char **slots[] = {
        &q->pattern, &q->region, &q->category, &q->equipment};
    const char *v;
    int64_t n;

    q->q = rb_req_query(r, "q");
    if (q->q != NULL && strlen(q->q) > 100) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "q",
            "q must be at most 100 characters");
        return false;
    }
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        v = rb_req_query(r, words[i].key);
        if (v != NULL && !rb_kb_vocab_has(kb, words[i].vocab, v)) {
            rb_reply_error(r, RB_EINVAL, "out_of_range", words[i].key,
                rb_arena_printf(&r->arena, "%s '%.40s' is not one of the %s",
                    words[i].key, v, words[i].vocab));
            return false;
        }
        *slots[i] = v;
    }
    q->phase = -1;
    v = rb_req_query(r, "phase");
    if (v != NULL && (q->phase = rb_phase_kind_parse(v)) < 0) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "phase",
            "phase must be protect, rom, proprioception, strength, "
            "power_agility or performance");
        return false;
    }
    v = rb_req_query(r, "level");
    if (v != NULL && !rb_parse_i64(v, 1, 5, &n)) {
        rb_reply_error(
            r, RB_EINVAL, "out_of_range", "level", "level must be 1 to 5");
        return false;
    }
    q->level = v ? (int)n : 0;
    q->limit = 50;
    v = rb_req_query(r, "limit");
    if (v != NULL && !rb_parse_i64(v, 1, MAX_RESULTS, &n)) {
        rb_reply_error(
            r, RB_EINVAL, "out_of_range", "limit", "limit must be 1 to 200");
        return false;
    }
    q->limit = v ? (size_t)n : q->limit;
    return true;
}

void
rb_h_exercises_search(struct rb_req *r)
{
    struct rb_library lib;
    struct rb_kb_query q = {0};
    struct rb_kb_hit hits[MAX_RESULTS];
    struct rb_err err;
    size_t n, total;
    json_t *items;

    if (rb_app_library_acquire(r->app, &r->actor, 0, &lib, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    if (read_query(r, lib.kb, &q)) {
        total = rb_kb_search(lib.kb, lib.overlay, &q, hits, &n);
        items = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(items, summary(lib.kb, hits[i].e));
        }
        rb_reply_json(r, 200,
            json_pack(
                "{s:I, s:o}", "total", (json_int_t)total, "exercises", items));
    }
    rb_app_library_release(r->app, &lib);
}

static json_t *
neighbours(const struct rb_library *lib, const struct rb_strs *ids)
{
    json_t *a = json_array();

    for (size_t i = 0; i < ids->n; i++) {
        const struct rb_exercise *n =
            rb_kb_find(lib->kb, lib->overlay, ids->v[i]);
        if (n != NULL) {
            json_array_append_new(a, summary(lib->kb, n));
        }
    }
    return a;
}

static const char *
param(struct rb_req *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++) {
        if (strcmp(r->param_names[i], name) == 0) {
            return r->param_values[i];
        }
    }
    return "";
}

void
rb_h_exercises_get(struct rb_req *r)
{
    const char *id = param(r, "id");
    const struct rb_exercise *e;
    struct rb_library lib;
    struct rb_err err;
    json_t *o;

    if (rb_app_library_acquire(r->app, &r->actor, 0, &lib, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    /* Hidden exercises stay readable (marked), so they can be shown again. */
    e = rb_kb_find_any(lib.kb, lib.overlay, id);
    if (e == NULL) {
        rb_reply_error(r, RB_ENOTFOUND, "not_found", NULL,
            rb_arena_printf(&r->arena, "no exercise '%.80s'", id));
    } else {
        o = rb_kb_exercise_json(lib.kb, e);
        json_object_set_new(o, "origin", json_string(origin(lib.kb, e)));
        json_object_set_new(o, "hidden",
            json_boolean(rb_kb_overlay_hidden(lib.overlay, e->id)));
        json_object_set_new(
            o, "regression_options", neighbours(&lib, &e->regressions));
        json_object_set_new(
            o, "progression_options", neighbours(&lib, &e->progressions));
        rb_reply_json(r, 200, o);
    }
    rb_app_library_release(r->app, &lib);
}

/* Answer a change with the exercise as it now reads, under 'status'. */
static void
reply_exercise(struct rb_req *r, int status)
{
    rb_h_exercises_get(r);
    if (r->status == 200) {
        r->status = status;
    }
}

void
rb_h_exercises_create(struct rb_req *r)
{
    struct rb_err err;
    const char *id = rb_json_str(r->body, "id");

    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "send the exercise as a JSON object");
        return;
    }
    if (rb_app_exercise_put(r->app, &r->actor, 0, r->body, true, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    r->param_names[0] = "id";
    r->param_values[0] = rb_arena_strdup(&r->arena, id);
    r->nparams = 1;
    reply_exercise(r, 201);
}

void
rb_h_exercises_put(struct rb_req *r)
{
    const char *id = param(r, "id");
    struct rb_err err;

    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "send the exercise as a JSON object");
        return;
    }
    if (rb_json_str(r->body, "id") == NULL ||
        strcmp(rb_json_str(r->body, "id"), id) != 0) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "id",
            "the body's id must match the exercise in the path");
        return;
    }
    if (rb_app_exercise_put(r->app, &r->actor, 0, r->body, false, &err)) {
        rb_reply_err(r, &err);
        return;
    }
    reply_exercise(r, 200);
}

static const struct rb_jfield hide_fields[] = {
    {"hidden", RB_J_BOOL, true},
    {NULL},
};

void
rb_h_exercises_patch(struct rb_req *r)
{
    const char *id = param(r, "id");
    struct rb_err err;

    if (!rb_req_body(r, hide_fields)) {
        return;
    }
    if (rb_app_exercise_hide(r->app, &r->actor, 0, id,
            rb_json_bool(r->body, "hidden", false), &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    reply_exercise(r, 200);
}

void
rb_h_exercises_delete(struct rb_req *r)
{
    struct rb_err err;

    if (rb_app_exercise_reset(r->app, &r->actor, 0, param(r, "id"), &err)) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_empty(r);
}

void
rb_h_exercises_export(struct rb_req *r)
{
    struct rb_err err;
    json_t *doc;

    if (rb_app_exercise_export(r->app, &r->actor, 0, &doc, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, doc);
}

void
rb_h_exercises_import(struct rb_req *r)
{
    struct rb_err err;
    size_t n = 0;

    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "send {\"exercises\": [...], \"hidden\": [...]}");
        return;
    }
    if (rb_app_exercise_import(
            r->app, &r->actor, 0, r->body, NULL, NULL, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 200, json_pack("{s:I}", "imported", (json_int_t)n));
}
