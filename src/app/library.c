/*
 * library.c -- a practice's exercise library: the built-in knowledge base
 * plus the practice's own exercises, edits and hidden ones.
 *
 * Searching must stay under a millisecond with thousands of a practice's
 * own exercises, so each practice's overlay is parsed once and cached.  A
 * cached overlay carries the stamp (row count, latest change) of the rows
 * it was built from; every acquire compares it with the database's in one
 * cheap query, so a change made by another process (the CLI) is seen too.
 * Overlays are immutable and reference-counted: a replaced one is freed
 * when its last reader releases it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define MAX_IMPORT 20000

struct lib_entry {
    int64_t org_id;
    int64_t count, latest; /* stamp of the rows it was built from */
    struct rb_kb_overlay *overlay;
    int refs;
    bool stale;
    struct lib_entry *next;
};

struct library_cache {
    pthread_mutex_t lock;
    struct lib_entry *head;
};

void
app_library_init(struct rb_app *app)
{
    app->libs = rb_xcalloc(1, sizeof(*app->libs));
    pthread_mutex_init(&app->libs->lock, NULL);
}

static void
entry_free(struct lib_entry *e)
{
    rb_kb_overlay_free(e->overlay);
    free(e);
}

void
app_library_fini(struct rb_app *app)
{
    struct lib_entry *e, *next;

    if (app->libs == NULL) {
        return;
    }
    for (e = app->libs->head; e != NULL; e = next) {
        next = e->next;
        entry_free(e);
    }
    pthread_mutex_destroy(&app->libs->lock);
    free(app->libs);
}

static int64_t
org_of(const struct rb_actor *who, int64_t asked)
{
    return who->system ? asked : who->user.org_id;
}

static enum rb_status
need_kb(const struct rb_app *app, struct rb_err *err)
{
    if (app->kb == NULL) {
        return rb_fail(err, RB_EINTERNAL, "no knowledge base is loaded");
    }
    return RB_OK;
}

/* Parse a practice's stored rows into a new overlay. */
static enum rb_status
build_overlay(struct rb_app *app, struct rb_store *s, int64_t org_id,
    struct rb_kb_overlay **ret, struct rb_err *err)
{
    struct rb_arena a;
    struct rb_practice_exercise *rows;
    struct rb_kb_overlay *o;
    size_t n;
    enum rb_status rc;

    rb_arena_init(&a);
    rc = rb_store_practice_exercise_list(s, org_id, &a, &rows, &n, err);
    if (rc != RB_OK) {
        rb_arena_release(&a);
        return rc;
    }
    o = rb_kb_overlay_new(org_id);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].hidden) {
            rb_kb_overlay_hide(o, rows[i].exercise_id);
        }
        if (rows[i].body != NULL) {
            json_t *j = json_loads(rows[i].body, 0, NULL);
            struct rb_exercise *e = NULL;

            /* Stored rows were checked when written; a row that no longer
             * passes (the vocabulary changed) is skipped, not fatal. */
            if (j != NULL && rb_kb_exercise_parse(app->kb, NULL, j, org_id,
                                 false, &e, NULL) == RB_OK) {
                rb_kb_overlay_add(o, e);
            }
            json_decref(j);
        }
    }
    rb_arena_release(&a);
    rb_kb_overlay_seal(o);
    *ret = o;
    return RB_OK;
}

enum rb_status
rb_app_library_acquire(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, struct rb_library *ret, struct rb_err *err)
{
    struct library_cache *lc = app->libs;
    struct lib_entry *e;
    int64_t count = 0, latest = 0;
    struct tx tx;
    enum rb_status rc;

    if ((rc = need_kb(app, err)) ||
        (rc = app_require(who, RB_CAP_LIBRARY_READ, err))) {
        return rc;
    }
    org_id = org_of(who, org_id);
    if ((rc = tx_begin(app, false, &tx, err))) {
        return rc;
    }
    if (who->system) { /* the command line names the practice itself */
        struct rb_arena a;
        struct rb_org org;
        rb_arena_init(&a);
        rc = rb_store_org_get(tx.s, org_id, &a, &org, NULL);
        rb_arena_release(&a);
        if (rc != RB_OK) {
            tx_abort(&tx);
            return rb_fail_field(err, RB_EINVAL, "out_of_range", "org",
                "no practice %lld", (long long)org_id);
        }
    }
    rc = rb_store_practice_exercise_stamp(tx.s, org_id, &count, &latest, err);
    if (rc != RB_OK) {
        tx_abort(&tx);
        return rc;
    }
    pthread_mutex_lock(&lc->lock);
    for (e = lc->head; e != NULL; e = e->next) {
        if (e->org_id == org_id && !e->stale && e->count == count &&
            e->latest == latest) {
            e->refs++;
            break;
        }
    }
    pthread_mutex_unlock(&lc->lock);
    if (e == NULL) {
        struct rb_kb_overlay *o;

        rc = build_overlay(app, tx.s, org_id, &o, err);
        if (rc != RB_OK) {
            tx_abort(&tx);
            return rc;
        }
        e = rb_xcalloc(1, sizeof(*e));
        *e = (struct lib_entry){org_id, count, latest, o, 1, false, NULL};
        pthread_mutex_lock(&lc->lock);
        for (struct lib_entry **pp = &lc->head; *pp != NULL;) {
            struct lib_entry *old = *pp;
            if (old->org_id == org_id) {
                *pp = old->next; /* out of the list; freed when unused */
                old->stale = true;
                if (old->refs == 0) {
                    entry_free(old);
                }
            } else {
                pp = &old->next;
            }
        }
        e->next = lc->head;
        lc->head = e;
        pthread_mutex_unlock(&lc->lock);
    }
    tx_abort(&tx);
    ret->kb = app->kb;
    ret->overlay = e->overlay;
    ret->cache_entry = e;
    return RB_OK;
}

void
rb_app_library_release(struct rb_app *app, struct rb_library *lib)
{
    struct lib_entry *e = lib->cache_entry;

    if (e == NULL) {
        return;
    }
    pthread_mutex_lock(&app->libs->lock);
    if (--e->refs == 0 && e->stale) {
        entry_free(e);
    }
    pthread_mutex_unlock(&app->libs->lock);
    lib->cache_entry = NULL;
}

/* Write one row and its audit entry inside an open transaction. */
static enum rb_status
put_row(struct rb_store *s, const struct rb_actor *who, int64_t org_id,
    const char *id, const char *body, bool hidden, const char *action,
    struct rb_err *err)
{
    struct rb_practice_exercise pe = {id, body, hidden, rb_clock_now_ms()};
    enum rb_status rc;

    rc = rb_store_practice_exercise_put(s, org_id, &pe, err);
    if (rc == RB_OK) {
        rc = app_audit(s, who, org_id, action, "exercise", 0, 0, id, err);
    }
    return rc;
}

static char *
exercise_text(const struct rb_kb *kb, const struct rb_exercise *e)
{
    json_t *j = rb_kb_exercise_json(kb, e);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

    json_decref(j);
    return text;
}

enum rb_status
rb_app_exercise_put(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, const json_t *body, bool must_be_new, struct rb_err *err)
{
    struct rb_library lib;
    struct rb_exercise *e = NULL;
    char *text = NULL;
    bool exists;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_LIBRARY_EDIT, err)) ||
        (rc = rb_app_library_acquire(app, who, org_id, &lib, err))) {
        return rc;
    }
    org_id = org_of(who, org_id);
    rc =
        rb_kb_exercise_parse(app->kb, lib.overlay, body, org_id, true, &e, err);
    if (rc != RB_OK) {
        goto out;
    }
    exists = rb_kb_find(app->kb, lib.overlay, e->id) != NULL;
    if (must_be_new && exists) {
        rc = rb_fail_field(err, RB_ECONFLICT, "exercise_exists", "id",
            "an exercise '%s' already exists; change it with PUT", e->id);
        goto out;
    }
    text = exercise_text(app->kb, e);
    if ((rc = tx_begin(app, true, &tx, err))) {
        goto out;
    }
    if ((rc = put_row(tx.s, who, org_id, e->id, text,
             rb_kb_overlay_hidden(lib.overlay, e->id),
             exists ? "exercise.update" : "exercise.create", err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
out:
    free(text);
    rb_kb_exercise_free(e);
    rb_app_library_release(app, &lib);
    return rc;
}

enum rb_status
rb_app_exercise_hide(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, const char *id, bool hidden, struct rb_err *err)
{
    struct rb_library lib;
    const struct rb_exercise *own = NULL;
    char *text = NULL;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_LIBRARY_EDIT, err)) ||
        (rc = rb_app_library_acquire(app, who, org_id, &lib, err))) {
        return rc;
    }
    org_id = org_of(who, org_id);
    for (size_t i = 0; i < rb_kb_overlay_count(lib.overlay); i++) {
        if (strcmp(rb_kb_overlay_at(lib.overlay, i)->id, id) == 0) {
            own = rb_kb_overlay_at(lib.overlay, i);
        }
    }
    if (own == NULL && rb_kb_exercise(app->kb, id) == NULL) {
        rc = rb_fail(err, RB_ENOTFOUND, "no exercise '%.80s'", id);
        goto out;
    }
    if (own != NULL) {
        text = exercise_text(app->kb, own);
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        goto out;
    }
    if (!hidden && own == NULL) {
        /* Showing a built-in again: drop the hiding row, if any. */
        rc = rb_store_practice_exercise_delete(tx.s, org_id, id, err);
        if (rc == RB_ENOTFOUND) {
            rc = RB_OK;
        }
        if (rc == RB_OK) {
            rc = app_audit(
                tx.s, who, org_id, "exercise.show", "exercise", 0, 0, id, err);
        }
    } else {
        rc = put_row(tx.s, who, org_id, id, text, hidden,
            hidden ? "exercise.hide" : "exercise.show", err);
    }
    if (rc != RB_OK || (rc = tx_commit(&tx, err)) != RB_OK) {
        tx_abort(&tx);
    }
out:
    free(text);
    rb_app_library_release(app, &lib);
    return rc;
}

enum rb_status
rb_app_exercise_reset(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, const char *id, struct rb_err *err)
{
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_require(who, RB_CAP_LIBRARY_EDIT, err)) ||
        (rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    org_id = org_of(who, org_id);
    rc = rb_store_practice_exercise_delete(tx.s, org_id, id, err);
    if (rc == RB_ENOTFOUND) {
        rb_fail(err, RB_ENOTFOUND,
            "the practice has no version of exercise '%.80s'", id);
    }
    if (rc != RB_OK ||
        (rc = app_audit(
             tx.s, who, org_id, "exercise.reset", "exercise", 0, 0, id, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

/* Does 'id' name an exercise in the view, or in the batch being imported? */
static bool
known(const struct rb_library *lib, struct rb_exercise **batch, size_t n,
    const char *id)
{
    if (rb_kb_find_any(lib->kb, lib->overlay, id) != NULL) {
        return true; /* hidden ones too: an export must import back */
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(batch[i]->id, id) == 0) {
            return true;
        }
    }
    return false;
}

enum rb_status
rb_app_exercise_import(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, const json_t *doc, rb_progress_fn progress,
    void *progress_ctx, size_t *ret_n, struct rb_err *err)
{
    json_t *list = json_object_get(doc, "exercises");
    json_t *hidden = json_object_get(doc, "hidden");
    struct rb_exercise **batch = NULL;
    struct rb_library lib;
    size_t n = 0, total;
    struct tx tx;
    enum rb_status rc;

    if (!json_is_object(doc) || !json_is_array(list) ||
        (hidden != NULL && !json_is_array(hidden))) {
        return rb_fail_field(err, RB_EINVAL, "wrong_type", "exercises",
            "import {\"exercises\": [...], \"hidden\": [...]}");
    }
    total = json_array_size(list);
    if (total > MAX_IMPORT) {
        return rb_fail_field(err, RB_ELIMIT, "too_many", "exercises",
            "at most %d exercises per import", MAX_IMPORT);
    }
    if ((rc = app_require(who, RB_CAP_LIBRARY_EDIT, err)) ||
        (rc = rb_app_library_acquire(app, who, org_id, &lib, err))) {
        return rc;
    }
    org_id = org_of(who, org_id);
    batch = rb_xcalloc(total ? total : 1, sizeof(*batch));
    for (size_t i = 0; i < total; i++) {
        rc = rb_kb_exercise_parse(app->kb, NULL, json_array_get(list, i),
            org_id, false, &batch[n], err);
        if (rc != RB_OK) {
            char why[sizeof(err->msg)];
            snprintf(why, sizeof(why), "%s", err ? err->msg : "invalid");
            rb_fail_field(err, RB_EINVAL, "invalid_exercise", "exercises",
                "exercise %zu: %s", i + 1, why);
            goto out;
        }
        n++;
    }
    for (size_t i = 0; i < n; i++) { /* links may point into the batch */
        const struct rb_strs *links[2] = {
            &batch[i]->regressions, &batch[i]->progressions};
        for (int l = 0; l < 2; l++) {
            for (size_t k = 0; k < links[l]->n; k++) {
                if (!known(&lib, batch, n, links[l]->v[k])) {
                    rc = rb_fail_field(err, RB_EINVAL, "invalid_exercise",
                        "exercises",
                        "exercise %zu (%s): links to unknown exercise '%s'",
                        i + 1, batch[i]->id, links[l]->v[k]);
                    goto out;
                }
            }
        }
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        goto out;
    }
    for (size_t i = 0; i < n && rc == RB_OK; i++) {
        char *text = exercise_text(app->kb, batch[i]);
        struct rb_practice_exercise pe = {
            batch[i]->id, text, false, rb_clock_now_ms()};

        rc = rb_store_practice_exercise_put(tx.s, org_id, &pe, err);
        free(text);
        if (progress != NULL) {
            progress(progress_ctx, i + 1, n);
        }
    }
    for (size_t i = 0;
         hidden != NULL && rc == RB_OK && i < json_array_size(hidden); i++) {
        const char *id = json_string_value(json_array_get(hidden, i));
        struct rb_practice_exercise pe = {id, NULL, true, rb_clock_now_ms()};
        char *text = NULL;

        if (id == NULL || !known(&lib, batch, n, id)) {
            rc = rb_fail_field(err, RB_EINVAL, "out_of_range", "hidden",
                "hidden entry %zu is not a known exercise id", i + 1);
            break;
        }
        for (size_t k = 0; k < n && text == NULL; k++) {
            if (strcmp(batch[k]->id, id) == 0) {
                text = exercise_text(app->kb, batch[k]); /* keep its body */
            }
        }
        if (text == NULL) { /* an own exercise already stored: keep it */
            const struct rb_exercise *cur = rb_kb_find(lib.kb, lib.overlay, id);
            if (cur != NULL && cur->org_id != 0) {
                text = exercise_text(app->kb, cur);
            }
        }
        pe.body = text;
        rc = rb_store_practice_exercise_put(tx.s, org_id, &pe, err);
        free(text);
    }
    if (rc == RB_OK) {
        char detail[64];
        snprintf(detail, sizeof(detail), "%zu exercise(s)", n);
        rc = app_audit(tx.s, who, org_id, "exercise.import", "exercise", 0, 0,
            detail, err);
    }
    if (rc != RB_OK || (rc = tx_commit(&tx, err)) != RB_OK) {
        tx_abort(&tx);
        goto out;
    }
    *ret_n = n;
out:
    for (size_t i = 0; i < n; i++) {
        rb_kb_exercise_free(batch[i]);
    }
    free(batch);
    rb_app_library_release(app, &lib);
    return rc;
}

enum rb_status
rb_app_exercise_export(struct rb_app *app, const struct rb_actor *who,
    int64_t org_id, json_t **ret, struct rb_err *err)
{
    struct rb_library lib;
    json_t *list, *hidden;
    enum rb_status rc;

    if ((rc = rb_app_library_acquire(app, who, org_id, &lib, err))) {
        return rc;
    }
    list = json_array();
    hidden = json_array();
    for (size_t i = 0; i < rb_kb_overlay_count(lib.overlay); i++) {
        const struct rb_exercise *e = rb_kb_overlay_at(lib.overlay, i);
        json_array_append_new(list, rb_kb_exercise_json(app->kb, e));
    }
    for (size_t i = 0; i < rb_kb_exercise_count(app->kb); i++) {
        const char *id = rb_kb_exercise_at(app->kb, i)->id;
        if (rb_kb_overlay_hidden(lib.overlay, id)) {
            json_array_append_new(hidden, json_string(id));
        }
    }
    for (size_t i = 0; i < rb_kb_overlay_count(lib.overlay); i++) {
        const char *id = rb_kb_overlay_at(lib.overlay, i)->id;
        if (rb_kb_overlay_hidden(lib.overlay, id) &&
            rb_kb_exercise(app->kb, id) == NULL) {
            json_array_append_new(hidden, json_string(id));
        }
    }
    *ret = json_pack("{s:o, s:o}", "exercises", list, "hidden", hidden);
    rb_app_library_release(app, &lib);
    return RB_OK;
}
