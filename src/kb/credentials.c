/*
 * credentials.c -- reading and checking data/credentials.json; see
 * credentials.h.  Uses the knowledge base's field readers (kb_int.h), so
 * problems read the same as every other data file's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/credentials.h"
#include "kb/kb_int.h"
#include "util/str.h"
#include "util/xalloc.h"

#define FILE_NAME "credentials.json"
#define MAX_ROWS 64

/* The source keys of sources.json, into 'kb' (only its sources). */
static void
read_sources(struct kb_ctx *c, struct rb_kb *kb, const char *dir)
{
    json_t *root, *list;

    c->file = "sources.json";
    root = kb_load_json(c, rb_arena_printf(c->arena, "%s/sources.json", dir));
    if (root == NULL) {
        return;
    }
    list = json_object_get(root, "sources");
    if (!json_is_array(list)) {
        kb_problem(c, "sources", "must be a list");
        json_decref(root);
        return;
    }
    kb->sources = rb_arena_alloc(
        c->arena, (json_array_size(list) + 1) * sizeof(*kb->sources));
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *key = json_string_value(json_object_get(o, "key"));

        if (key != NULL) {
            kb->sources[kb->nsources].key = rb_arena_strdup(c->arena, key);
            kb->sources[kb->nsources++].citation = "";
        }
    }
    json_decref(root);
}

static const char *
at(struct kb_ctx *c, const char *path, const char *key)
{
    return rb_arena_printf(c->arena, "%s.%s", path, key);
}

/* A true/false field.  Missing and required, or not a boolean: a problem. */
static bool
read_bool(struct kb_ctx *c, const json_t *o, const char *key, const char *path,
    bool required)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL) {
        if (required) {
            kb_problem(c, at(c, path, key), "missing (true or false)");
        }
        return false;
    }
    if (!json_is_boolean(v)) {
        kb_problem(c, at(c, path, key), "must be true or false");
        return false;
    }
    return json_is_true(v);
}

/* A whole number in [min, max]. */
static bool
read_int(struct kb_ctx *c, const json_t *o, const char *key, const char *path,
    int min, int max, int *ret)
{
    double x;

    if (!kb_num(c, o, key, path, true, min, max, &x)) {
        return false;
    }
    if (x != floor(x)) {
        kb_problem(c, at(c, path, key), "must be a whole number");
        return false;
    }
    *ret = (int)x;
    return true;
}

static bool
read_date(struct kb_ctx *c, const json_t *o, const char *key, const char *path,
    int64_t *ret)
{
    const char *s = kb_str(c, o, key, path, true);

    if (s != NULL && !rb_date_parse(s, ret)) {
        kb_problem(c, at(c, path, key), "'%s' is not a date (YYYY-MM-DD)", s);
        return false;
    }
    return s != NULL;
}

/* Lower-case letters, digits and '_', 1 to 40 of them. */
static bool
is_kind(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 40) {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
                *s == '_')) {
            return false;
        }
    }
    return true;
}

static void
read_ce(struct kb_ctx *c, const json_t *o, const char *p,
    struct rb_credential_rule *r)
{
    static const char *const by[] = {"issuer", "state_board", NULL};
    static const char *const units[] = {"CEU", "CEC", NULL};
    static const char *const fields[] = {
        "ce_cycle_months", "ce_required", "ce_unit", NULL};
    const char *set_by = kb_str(c, o, "ce_set_by", p, true);
    const char *const *w;

    for (w = by; set_by != NULL && *w != NULL && strcmp(*w, set_by); w++) {
    }
    if (set_by != NULL && *w == NULL) {
        kb_problem(c, at(c, p, "ce_set_by"),
            "'%s' must be issuer or state_board", set_by);
        return;
    }
    if (set_by == NULL) {
        return;
    }
    r->ce_by_state = strcmp(set_by, "state_board") == 0;
    if (r->ce_by_state) {
        for (w = fields; *w != NULL; w++) {
            if (json_object_get(o, *w) != NULL) {
                kb_problem(c, at(c, p, *w),
                    "CE is set by the state board for this credential; leave "
                    "it out");
            }
        }
        return;
    }
    read_int(c, o, "ce_cycle_months", p, 1, 120, &r->ce_cycle_months);
    if (kb_num(c, o, "ce_required", p, true, 0, 1000, &r->ce_required) &&
        r->ce_required <= 0) {
        kb_problem(c, at(c, p, "ce_required"), "must be above 0");
    }
    r->ce_unit = kb_str(c, o, "ce_unit", p, true);
    for (w = units; r->ce_unit != NULL && *w != NULL && strcmp(*w, r->ce_unit);
         w++) {
    }
    if (r->ce_unit != NULL && *w == NULL) {
        kb_problem(
            c, at(c, p, "ce_unit"), "'%s' must be CEU or CEC", r->ce_unit);
    }
}

static void
read_row(struct kb_ctx *c, const json_t *o, const char *p,
    struct rb_credential_rule *r)
{
    static const char *const keys[] = {"kind", "name", "issuer", "scopes",
        "licence", "must_be_verified", "ce_set_by", "ce_cycle_months",
        "ce_required", "ce_unit", "cpr_required", "cpr_hands_on", "grace_days",
        "read_for", "verified", "source", "scope_source", "note", NULL};
    static const char *const rkeys[] = {"from", "to", NULL};
    const char *rp = at(c, p, "read_for");
    json_t *rf = json_object_get(o, "read_for");
    struct rb_strs scopes;

    if (!json_is_object(o)) {
        kb_problem(c, p, "must be an object");
        return;
    }
    kb_check_keys(c, o, p, keys);
    r->kind = kb_str(c, o, "kind", p, true);
    if (r->kind != NULL && !is_kind(r->kind)) {
        kb_problem(c, at(c, p, "kind"),
            "'%s' must be lower-case letters, digits and _", r->kind);
    }
    r->name = kb_str(c, o, "name", p, true);
    r->issuer = kb_str(c, o, "issuer", p, true);
    scopes = kb_strs(c, o, "scopes", p, NULL, 1, RB__SCOPE_MAX);
    for (size_t i = 0; i < scopes.n; i++) {
        int s = rb_scope_parse(scopes.v[i]);

        if (s < 0) {
            kb_problem(c, at(c, p, "scopes"),
                "unknown scope '%s' (fitness, performance, clinical, mnt)",
                scopes.v[i]);
        } else if (r->scopes & (1u << s)) {
            kb_problem(c, at(c, p, "scopes"), "'%s' twice", scopes.v[i]);
        } else {
            r->scopes |= 1u << s;
        }
    }
    r->licence = read_bool(c, o, "licence", p, true);
    r->must_be_verified = read_bool(c, o, "must_be_verified", p, true);
    if ((r->scopes & ((1u << RB_SCOPE_CLINICAL) | (1u << RB_SCOPE_MNT))) &&
        !r->must_be_verified) {
        kb_problem(c, at(c, p, "must_be_verified"),
            "a credential granting clinical or mnt scope must be verified "
            "before use");
    }
    read_ce(c, o, p, r);
    r->cpr_required = read_bool(c, o, "cpr_required", p, true);
    r->cpr_hands_on = read_bool(c, o, "cpr_hands_on", p, r->cpr_required);
    if (r->cpr_hands_on && !r->cpr_required) {
        kb_problem(
            c, at(c, p, "cpr_hands_on"), "true, but cpr_required is false");
    }
    read_int(c, o, "grace_days", p, 0, 3650, &r->grace_days);
    if (!json_is_object(rf)) {
        kb_problem(c, rp, "missing {\"from\": date, \"to\": date}");
    } else {
        kb_check_keys(c, rf, rp, rkeys);
        if (read_date(c, rf, "from", rp, &r->read_from) &&
            read_date(c, rf, "to", rp, &r->read_to) &&
            r->read_from > r->read_to) {
            kb_problem(c, rp, "from is after to");
        }
    }
    r->verified = read_bool(c, o, "verified", p, true);
    r->source = kb_str(c, o, "source", p, true);
    if (r->source != NULL) {
        kb_source(c, r->source, at(c, p, "source"));
    }
    r->scope_source = kb_str(c, o, "scope_source", p, true);
    if (r->scope_source != NULL) {
        kb_source(c, r->scope_source, at(c, p, "scope_source"));
    }
    r->note = kb_str(c, o, "note", p, false);
}

static void
read_table(struct kb_ctx *c, struct rb_credentials *cr, json_t *root)
{
    static const char *const keys[] = {
        "jurisdiction", "version", "credentials", NULL};
    json_t *list = json_object_get(root, "credentials");
    struct rb_credential_rule *rows;
    unsigned granted = 0;
    size_t n;

    kb_check_keys(c, root, "", keys);
    cr->jurisdiction = kb_str(c, root, "jurisdiction", "", true);
    cr->version = kb_str(c, root, "version", "", true);
    if (!json_is_array(list) || json_array_size(list) == 0) {
        kb_problem(c, "credentials", "must be a non-empty list");
        return;
    }
    n = json_array_size(list);
    if (n > MAX_ROWS) {
        kb_problem(c, "credentials", "at most %d rows, has %zu", MAX_ROWS, n);
        return;
    }
    rows = rb_arena_alloc(c->arena, n * sizeof(*rows));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        const char *kind = json_string_value(json_object_get(o, "kind"));
        const char *p =
            kind != NULL
                ? rb_arena_printf(c->arena, "credentials[%zu] (%s)", i, kind)
                : rb_arena_printf(c->arena, "credentials[%zu]", i);

        read_row(c, o, p, &rows[i]);
        for (size_t k = 0; k < i && rows[i].kind != NULL; k++) {
            if (rows[k].kind != NULL &&
                strcmp(rows[k].kind, rows[i].kind) == 0) {
                kb_problem(
                    c, at(c, p, "kind"), "duplicate kind '%s'", rows[i].kind);
            }
        }
        granted |= rows[i].scopes;
    }
    for (int s = 0; s < RB__SCOPE_MAX; s++) {
        if (!(granted & (1u << s))) {
            kb_problem(c, "credentials", "no row grants the '%s' scope",
                rb_scope_name((enum rb_scope)s));
        }
    }
    cr->table.rows = rows;
    cr->table.n = n;
}

enum rb_status
rb_credentials_load(const char *dir, struct rb_credentials **ret,
    struct rb_kb_report *report, struct rb_err *err)
{
    struct rb_credentials *cr;
    struct rb_kb sources;
    struct kb_ctx c = {.kb = &sources, .report = report};
    struct stat sb;
    json_t *root;

    if (dir == NULL || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        return rb_fail_field(err, RB_EINVAL, "kb_missing", "dir",
            "no data directory at %s", dir ? dir : "(null)");
    }
    cr = rb_xcalloc(1, sizeof(*cr));
    rb_arena_init(&cr->arena);
    memset(&sources, 0, sizeof(sources));
    c.arena = &cr->arena;
    read_sources(&c, &sources, dir);

    c.file = FILE_NAME;
    root =
        kb_load_json(&c, rb_arena_printf(&cr->arena, "%s/%s", dir, FILE_NAME));
    if (root != NULL) {
        read_table(&c, cr, root);
        json_decref(root);
    }
    if (c.problems > 0) {
        rb_fail_field(err, RB_EINVAL, "credentials_invalid", "dir",
            "%s/%s has %zu problem(s)", dir, FILE_NAME, c.problems);
        rb_credentials_free(cr);
        return RB_EINVAL;
    }
    *ret = cr;
    return RB_OK;
}

void
rb_credentials_free(struct rb_credentials *c)
{
    if (c == NULL) {
        return;
    }
    rb_arena_release(&c->arena);
    free(c);
}
