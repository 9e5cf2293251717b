/*
 * kb_load.c -- reading a data directory into a struct rb_kb, and the
 * checks that need the whole library: duplicate ids, progression links and
 * cycles, criteria, sources, and phase coverage.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/xalloc.h"

static const char *const phase_names[RB__PHASE_MAX] = {"protect", "rom",
    "proprioception", "strength", "power_agility", "performance"};

const char *
rb_phase_kind_name(enum rb_phase_kind k)
{
    return (unsigned)k < RB__PHASE_MAX ? phase_names[k] : "unknown";
}

int
rb_phase_kind_parse(const char *s)
{
    for (int i = 0; s != NULL && i < RB__PHASE_MAX; i++) {
        if (strcmp(phase_names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

/* ---- files -------------------------------------------------------------- */

json_t *
kb_load_json(struct kb_ctx *c, const char *path)
{
    json_error_t jerr;
    json_t *root = NULL;
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;

    /* Whole-file reads: jansson's own file reader takes a byte at a time. */
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        text = rb_xmalloc((size_t)size + 1);
        if (fread(text, 1, (size_t)size, f) == (size_t)size) {
            root =
                json_loadb(text, (size_t)size, JSON_REJECT_DUPLICATES, &jerr);
        } else {
            snprintf(jerr.text, sizeof(jerr.text), "cannot read the file");
            jerr.line = 0;
        }
        free(text);
    } else {
        snprintf(jerr.text, sizeof(jerr.text), "cannot open the file");
        jerr.line = 0;
    }
    if (f != NULL) {
        fclose(f);
    }

    if (root == NULL) {
        kb_problem(c, rb_arena_printf(c->arena, "line %d", jerr.line),
            "not valid JSON: %s", jerr.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        kb_problem(c, "", "the file must hold one JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.json files of 'dir', sorted, in the arena; NULL-ended. */
static char **
list_json(struct rb_arena *a, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0, cap = 64;
    char **out = rb_arena_alloc(a, cap * sizeof(*out));

    if (d == NULL) {
        return out;
    }
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);

        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0 ||
            de->d_name[0] == '.') {
            continue;
        }
        if (n + 1 == cap) {
            char **bigger = rb_arena_alloc(a, 2 * cap * sizeof(*out));
            memcpy(bigger, out, n * sizeof(*out));
            out = bigger;
            cap *= 2;
        }
        out[n++] = rb_arena_strdup(a, de->d_name);
    }
    closedir(d);
    qsort(out, n, sizeof(*out), cmp_str);
    out[n] = NULL;
    return out;
}

/* ---- vocabularies, sources, restrictions, measures, doses --------------- */

static void
load_vocab(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    const char *key;
    json_t *v;

    kb->vocabs = rb_arena_alloc(
        &kb->arena, (json_object_size(root) + 1) * sizeof(*kb->vocabs));
    json_object_foreach(root, key, v)
    {
        struct vocab *w;

        if (key[0] == '_') {
            continue;
        }
        w = &kb->vocabs[kb->nvocabs++];
        w->name = rb_arena_strdup(&kb->arena, key);
        w->words = kb_strs(c, root, key, "", NULL, 1, 1000);
    }
    kb->demands = kb_vocab(kb, "demands");
    if (kb->demands == NULL || kb->demands->n > RB_KB_MAX_DEMANDS) {
        kb_problem(c, "demands", "needs 1 to %d demands", RB_KB_MAX_DEMANDS);
        kb->demands = NULL;
    }
    /* Search keeps regions and equipment as 32-bit masks. */
    static const char *const masked[] = {"regions", "equipment", NULL};
    for (const char *const *m = masked; *m; m++) {
        if (kb_vocab(kb, *m) != NULL && kb_vocab(kb, *m)->n > 32) {
            kb_problem(c, *m, "at most 32 words (search keeps them as bits)");
        }
    }
    static const char *const required[] = {"patterns", "categories", "regions",
        "equipment", "impact", "laterality", "phases", "goals", "demands",
        "conditions", "populations", "muscles", NULL};
    for (const char *const *r = required; *r; r++) {
        if (kb_vocab(kb, *r) == NULL) {
            kb_problem(c, *r, "vocabulary missing");
        }
    }
}

static void
load_sources(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    json_t *list = json_object_get(root, "sources");
    static const char *const keys[] = {"key", "citation", NULL};

    if (!json_is_array(list)) {
        kb_problem(c, "sources", "must be a list");
        return;
    }
    kb->sources = rb_arena_alloc(
        &kb->arena, (json_array_size(list) + 1) * sizeof(*kb->sources));
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *p = rb_arena_printf(&kb->arena, "sources[%zu]", i);
        struct source s;

        kb_check_keys(c, o, p, keys);
        s.key = kb_str(c, o, "key", p, true);
        s.citation = kb_str(c, o, "citation", p, true);
        if (s.key != NULL && rb_kb_source(kb, s.key) != NULL) {
            kb_problem(c, p, "duplicate source key '%s'", s.key);
        } else if (s.key != NULL && s.citation != NULL) {
            kb->sources[kb->nsources++] = s;
        }
    }
}

static void
load_restrictions(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    static const char *const keys[] = {"id", "joint", "forbids", "text", NULL};
    json_t *list = json_object_get(root, "restrictions");

    if (!json_is_array(list)) {
        kb_problem(c, "restrictions", "must be a list");
        return;
    }
    kb->restrictions = rb_arena_alloc(
        &kb->arena, (json_array_size(list) + 1) * sizeof(*kb->restrictions));
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *p = rb_arena_printf(&kb->arena, "restrictions[%zu]", i);
        struct restriction r = {0};
        struct rb_strs f;

        kb_check_keys(c, o, p, keys);
        r.id = kb_str(c, o, "id", p, true);
        r.joint = kb_str(c, o, "joint", p, true);
        r.text = kb_str(c, o, "text", p, true);
        f = kb_strs(c, o, "forbids", p, "demands", 1, RB_KB_MAX_DEMANDS);
        for (size_t k = 0; k < f.n; k++) {
            r.forbids |= 1u << kb_demand_bit(kb, f.v[k]);
        }
        if (r.id != NULL) {
            kb->restrictions[kb->nrestrictions++] = r;
        }
    }
}

static const struct rb_measure_info *
find_measure(void *ctx, const char *id)
{
    const struct rb_measure *m = rb_kb_measure(ctx, id);

    return m ? &m->info : NULL;
}

/* A paired measure's side-to-side rule: {"lsi": 90} or {"diff": 1.5},
 * always with its source, since findings quote it. */
static void
load_symmetry(struct rb_kb *kb, struct kb_ctx *c, const json_t *o,
    const char *p, struct rb_measure *m)
{
    static const char *const keys[] = {"lsi", "diff", "source", NULL};
    const json_t *sym = json_object_get(o, "symmetry");
    const char *sp;

    if (sym == NULL) {
        return;
    }
    sp = rb_arena_printf(&kb->arena, "%s.symmetry", p);
    if (!json_is_object(sym)) {
        kb_problem(c, sp, "must be an object");
        return;
    }
    if (!m->info.paired) {
        kb_problem(c, sp, "only paired measures have a symmetry rule");
    }
    kb_check_keys(c, sym, sp, keys);
    m->has_sym_lsi = kb_num(c, sym, "lsi", sp, false, 1, 100, &m->sym_lsi);
    m->has_sym_diff = kb_num(c, sym, "diff", sp, false, 0, 1e6, &m->sym_diff);
    if (m->has_sym_lsi == m->has_sym_diff) {
        kb_problem(c, sp, "needs exactly one of lsi and diff");
    }
    m->sym_source = kb_str(c, sym, "source", sp, true);
    if (m->sym_source != NULL) {
        kb_source(
            c, m->sym_source, rb_arena_printf(&kb->arena, "%s.source", sp));
    }
}

static void
load_measures(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    static const char *const keys[] = {"id", "name", "unit", "paired", "better",
        "min", "max", "source", "symmetry", NULL};
    json_t *list = json_object_get(root, "measures");

    if (!json_is_array(list)) {
        kb_problem(c, "measures", "must be a list");
        return;
    }
    kb->measures = rb_arena_alloc(
        &kb->arena, (json_array_size(list) + 1) * sizeof(*kb->measures));
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *p = rb_arena_printf(&kb->arena, "measures[%zu]", i);
        struct rb_measure m = {0};
        const char *better;

        kb_check_keys(c, o, p, keys);
        m.info.id = kb_str(c, o, "id", p, true);
        m.name = kb_str(c, o, "name", p, true);
        m.unit = kb_str(c, o, "unit", p, true);
        m.source = kb_str(c, o, "source", p, false);
        if (m.source != NULL) {
            kb_source(c, m.source, rb_arena_printf(&kb->arena, "%s.source", p));
        }
        m.info.paired = json_is_true(json_object_get(o, "paired"));
        if (!json_is_boolean(json_object_get(o, "paired"))) {
            kb_problem(c, rb_arena_printf(&kb->arena, "%s.paired", p),
                "must be true or false");
        }
        better = kb_str(c, o, "better", p, true);
        if (better && strcmp(better, "higher") && strcmp(better, "lower")) {
            kb_problem(c, rb_arena_printf(&kb->arena, "%s.better", p),
                "must be higher or lower");
        }
        m.info.lower_better = better && strcmp(better, "lower") == 0;
        kb_num(c, o, "min", p, true, -1e9, 1e9, &m.min);
        kb_num(c, o, "max", p, true, -1e9, 1e9, &m.max);
        load_symmetry(kb, c, o, p, &m);
        if (m.info.id != NULL && rb_kb_measure(kb, m.info.id) != NULL) {
            kb_problem(c, p, "duplicate measure '%s'", m.info.id);
        } else if (m.info.id != NULL) {
            kb->measures[kb->nmeasures++] = m;
        }
    }
}

static void
load_doses(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    json_t *list = json_object_get(root, "templates");

    if (!json_is_array(list)) {
        kb_problem(c, "templates", "must be a list");
        return;
    }
    kb->templates = rb_arena_alloc(
        &kb->arena, (json_array_size(list) + 1) * sizeof(*kb->templates));
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *p = rb_arena_printf(&kb->arena, "templates[%zu]", i);
        struct dose_template t = {0};
        const char *goal = kb_word(c, o, "goal", p, "goals");

        t.id = kb_str(c, o, "id", p, true);
        if (json_object_get(o, "template") != NULL) {
            kb_problem(c, p, "a template cannot name another template");
            continue;
        }
        if (kb_dose(c, o, goal, p, &t.dose) && t.id != NULL) {
            t.dose.template_id = t.id;
            kb->templates[kb->ntemplates++] = t;
        }
    }
}

/* ---- exercises, protocols, norms ---------------------------------------- */

static void
load_exercises(struct rb_kb *kb, struct kb_ctx *c, json_t *root, size_t *cap)
{
    static const char *const keys[] = {"exercises", NULL};
    json_t *list = json_object_get(root, "exercises");

    kb_check_keys(c, root, "", keys);
    if (!json_is_array(list)) {
        kb_problem(c, "exercises", "must be a list");
        return;
    }
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *p = rb_arena_printf(&kb->arena, "exercises[%zu]", i);
        json_t *o = json_array_get(list, i);
        const char *id = json_string_value(json_object_get(o, "id"));
        struct rb_exercise *e;

        if (id != NULL) {
            p = rb_arena_printf(&kb->arena, "exercises[%zu] (%s)", i, id);
        }
        e = kb_exercise(c, o, p, 0);
        if (e == NULL || e->id == NULL) {
            continue;
        }
        e->file = c->file;
        if (kb->nexercises == *cap) {
            *cap = *cap ? 2 * *cap : 512;
            kb->exercises =
                rb_xrealloc(kb->exercises, *cap * sizeof(*kb->exercises));
        }
        kb->exercises[kb->nexercises++] = e;
    }
}

static struct rb_strs
phase_strs(struct kb_ctx *c, json_t *o, const char *key, const char *p,
    const char *vocab, size_t min, size_t max)
{
    return kb_strs(c, o, key, p, vocab, min, max);
}

static void
load_phase(struct rb_kb *kb, struct kb_ctx *c, json_t *o, const char *p,
    struct rb_phase *ph)
{
    static const char *const keys[] = {"id", "kind", "name", "goals",
        "emphasis", "restrictions", "precautions", "dosing", "pain_limit",
        "min_days", "min_days_source", "exit", NULL};
    static const char *const ekeys[] = {"categories", "patterns", NULL};
    static const char *const xkeys[] = {"id", "label", "expr", "source", NULL};
    json_t *em = json_object_get(o, "emphasis");
    json_t *exits = json_object_get(o, "exit");
    const char *kind;
    double days = 0;

    kb_check_keys(c, o, p, keys);
    ph->id = kb_str(c, o, "id", p, true);
    ph->name = kb_str(c, o, "name", p, true);
    kind = kb_str(c, o, "kind", p, true);
    if (kind != NULL && rb_phase_kind_parse(kind) < 0) {
        kb_problem(c, rb_arena_printf(&kb->arena, "%s.kind", p),
            "unknown phase kind '%s'", kind);
    }
    ph->kind = (enum rb_phase_kind)(
        kind && rb_phase_kind_parse(kind) >= 0 ? rb_phase_kind_parse(kind) : 0);
    ph->goals = phase_strs(c, o, "goals", p, NULL, 1, 10);
    if (!json_is_object(em)) {
        kb_problem(c, rb_arena_printf(&kb->arena, "%s.emphasis", p),
            "missing {\"categories\", \"patterns\"}");
    } else {
        const char *ep = rb_arena_printf(&kb->arena, "%s.emphasis", p);
        kb_check_keys(c, em, ep, ekeys);
        ph->emphasis_categories =
            kb_strs(c, em, "categories", ep, "categories", 1, 6);
        ph->emphasis_patterns =
            kb_strs(c, em, "patterns", ep, "patterns", 0, 12);
    }
    ph->restrictions = phase_strs(c, o, "restrictions", p, NULL, 0, 12);
    for (size_t i = 0; i < ph->restrictions.n; i++) {
        uint32_t f;
        if (!rb_kb_restriction(kb, ph->restrictions.v[i], &f)) {
            kb_problem(c, rb_arena_printf(&kb->arena, "%s.restrictions", p),
                "unknown restriction '%s'", ph->restrictions.v[i]);
        } else {
            ph->forbidden_demands |= f;
        }
    }
    ph->precautions = phase_strs(c, o, "precautions", p, NULL, 0, 12);
    ph->dosing = kb_str(c, o, "dosing", p, true);
    ph->has_pain_limit =
        kb_num(c, o, "pain_limit", p, true, 0, 10, &ph->pain_limit);
    kb_num(c, o, "min_days", p, true, 0, 3650, &days);
    ph->min_days = (int)days;
    ph->min_days_source = kb_str(c, o, "min_days_source", p, false);
    if (ph->min_days > 0) {
        kb_source(c, ph->min_days_source,
            rb_arena_printf(&kb->arena, "%s.min_days_source", p));
    }
    if (!json_is_array(exits)) {
        kb_problem(c, rb_arena_printf(&kb->arena, "%s.exit", p),
            "must be a list of criteria (may be empty for the last phase)");
        return;
    }
    ph->exit = rb_arena_alloc(
        &kb->arena, (json_array_size(exits) + 1) * sizeof(*ph->exit));
    for (size_t i = 0; i < json_array_size(exits); i++) {
        json_t *x = json_array_get(exits, i);
        const char *xp = rb_arena_printf(&kb->arena, "%s.exit[%zu]", p, i);
        struct rb_exit_criterion ec = {0};
        struct rb_err err;

        kb_check_keys(c, x, xp, xkeys);
        ec.id = kb_str(c, x, "id", xp, true);
        ec.label = kb_str(c, x, "label", xp, true);
        ec.expr = kb_str(c, x, "expr", xp, true);
        ec.source = kb_str(c, x, "source", xp, false);
        kb_source(c, ec.source, rb_arena_printf(&kb->arena, "%s.source", xp));
        if (ec.expr == NULL) {
            continue;
        }
        if (rb_criterion_compile(
                ec.expr, find_measure, kb, &ec.compiled, &err) != RB_OK) {
            kb_problem(
                c, rb_arena_printf(&kb->arena, "%s.expr", xp), "%s", err.msg);
            continue;
        }
        for (size_t k = 0; k < ph->nexit; k++) {
            if (ec.id && ph->exit[k].id && strcmp(ph->exit[k].id, ec.id) == 0) {
                kb_problem(c, xp, "duplicate criterion id '%s'", ec.id);
            }
        }
        ph->exit[ph->nexit++] = ec;
    }
}

static struct rb_protocol *
load_protocol(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    static const char *const top[] = {"protocol", NULL};
    static const char *const keys[] = {"id", "name", "condition", "population",
        "summary", "sources", "phases", NULL};
    json_t *o = json_object_get(root, "protocol");
    struct rb_protocol *pr;
    json_t *phases;

    kb_check_keys(c, root, "", top);
    if (!json_is_object(o)) {
        kb_problem(c, "protocol", "missing");
        return NULL;
    }
    pr = rb_arena_alloc(&kb->arena, sizeof(*pr));
    kb_check_keys(c, o, "protocol", keys);
    pr->id = kb_str(c, o, "id", "protocol", true);
    if (pr->id != NULL && !kb_is_slug(pr->id)) {
        kb_problem(c, "protocol.id", "'%s' is not a slug", pr->id);
    }
    pr->name = kb_str(c, o, "name", "protocol", true);
    pr->summary = kb_str(c, o, "summary", "protocol", true);
    if (json_object_get(o, "condition") != NULL) {
        pr->condition = kb_word(c, o, "condition", "protocol", "conditions");
    }
    if (json_object_get(o, "population") != NULL) {
        pr->population = kb_word(c, o, "population", "protocol", "populations");
    }
    if ((pr->condition == NULL) == (pr->population == NULL)) {
        kb_problem(
            c, "protocol", "give exactly one of condition or population");
    }
    pr->sources = kb_strs(c, o, "sources", "protocol", NULL, 1, 20);
    for (size_t i = 0; i < pr->sources.n; i++) {
        kb_source(c, pr->sources.v[i], "protocol.sources");
    }
    phases = json_object_get(o, "phases");
    if (!json_is_array(phases) || json_array_size(phases) == 0) {
        kb_problem(c, "protocol.phases", "needs at least one phase");
        return pr;
    }
    pr->phases = rb_arena_alloc(
        &kb->arena, json_array_size(phases) * sizeof(*pr->phases));
    for (size_t i = 0; i < json_array_size(phases); i++) {
        const char *p = rb_arena_printf(&kb->arena, "protocol.phases[%zu]", i);
        struct rb_phase *ph = &pr->phases[pr->nphases];

        load_phase(kb, c, json_array_get(phases, i), p, ph);
        for (size_t k = 0; k < pr->nphases; k++) {
            if (ph->id && pr->phases[k].id &&
                strcmp(ph->id, pr->phases[k].id) == 0) {
                kb_problem(c, p, "duplicate phase id '%s'", ph->id);
            }
        }
        pr->nphases++;
    }
    return pr;
}

static bool
norm_num(
    struct kb_ctx *c, json_t *o, const char *key, const char *p, double *ret)
{
    return kb_num(c, o, key, p, false, -1e9, 1e9, ret);
}

static struct rb_norm *
load_norm(struct rb_kb *kb, struct kb_ctx *c, json_t *root)
{
    static const char *const top[] = {"norm", NULL};
    static const char *const keys[] = {
        "id", "measure", "name", "unit", "source", "note", "rows", NULL};
    static const char *const rkeys[] = {"sex", "side", "age_min", "age_max",
        "low", "high", "mean", "sd", "p25", "p50", "p75", "cutoff", NULL};
    json_t *o = json_object_get(root, "norm");
    struct rb_norm *n;
    json_t *rows;

    kb_check_keys(c, root, "", top);
    if (!json_is_object(o)) {
        kb_problem(c, "norm", "missing");
        return NULL;
    }
    n = rb_arena_alloc(&kb->arena, sizeof(*n));
    kb_check_keys(c, o, "norm", keys);
    n->id = kb_str(c, o, "id", "norm", true);
    n->measure = kb_str(c, o, "measure", "norm", true);
    if (n->measure != NULL && rb_kb_measure(kb, n->measure) == NULL) {
        kb_problem(c, "norm.measure", "unknown measure '%s'", n->measure);
    }
    n->name = kb_str(c, o, "name", "norm", true);
    n->unit = kb_str(c, o, "unit", "norm", true);
    n->note = kb_str(c, o, "note", "norm", false);
    n->source = kb_str(c, o, "source", "norm", false);
    kb_source(c, n->source, "norm.source");
    rows = json_object_get(o, "rows");
    if (!json_is_array(rows) || json_array_size(rows) == 0) {
        kb_problem(c, "norm.rows", "needs at least one row");
        return n;
    }
    n->rows =
        rb_arena_alloc(&kb->arena, json_array_size(rows) * sizeof(*n->rows));
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *r = json_array_get(rows, i);
        const char *p = rb_arena_printf(&kb->arena, "norm.rows[%zu]", i);
        struct rb_norm_row *row = &n->rows[n->nrows++];
        double amin = 0, amax = 0;

        kb_check_keys(c, r, p, rkeys);
        row->sex = kb_str(c, r, "sex", p, true);
        if (row->sex && strcmp(row->sex, "female") &&
            strcmp(row->sex, "male") && strcmp(row->sex, "any")) {
            kb_problem(c, p, "sex must be female, male or any");
        }
        row->side = kb_str(c, r, "side", p, false);
        kb_num(c, r, "age_min", p, true, 0, 120, &amin);
        kb_num(c, r, "age_max", p, true, 0, 120, &amax);
        if (amin > amax) {
            kb_problem(c, p, "age_min is above age_max");
        }
        row->age_min = (int)amin;
        row->age_max = (int)amax;
        row->low_high.set = norm_num(c, r, "low", p, &row->low_high.lo) |
                            norm_num(c, r, "high", p, &row->low_high.hi);
        row->has_mean = norm_num(c, r, "mean", p, &row->mean);
        row->has_sd = norm_num(c, r, "sd", p, &row->sd);
        row->has_p25 = norm_num(c, r, "p25", p, &row->p25);
        row->has_p50 = norm_num(c, r, "p50", p, &row->p50);
        row->has_p75 = norm_num(c, r, "p75", p, &row->p75);
        row->has_cutoff = norm_num(c, r, "cutoff", p, &row->cutoff);
        if (!row->low_high.set && !row->has_mean && !row->has_p50 &&
            !row->has_cutoff && !row->has_p25) {
            kb_problem(c, p,
                "a row needs low/high, mean, percentiles or a "
                "cutoff");
        }
    }
    return n;
}

/* ---- whole-library checks ----------------------------------------------- */

static int
cmp_exercise(const void *a, const void *b)
{
    return strcmp((*(struct rb_exercise *const *)a)->id,
        (*(struct rb_exercise *const *)b)->id);
}

static int
cmp_protocol(const void *a, const void *b)
{
    return strcmp((*(struct rb_protocol *const *)a)->id,
        (*(struct rb_protocol *const *)b)->id);
}

/* Binary search of the sorted library; (size_t)-1 when absent. */
static size_t
index_of(const struct rb_kb *kb, const char *id)
{
    size_t lo = 0, hi = kb->nexercises;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(kb->exercises[mid]->id, id);

        if (cmp == 0) {
            return mid;
        }
        if (cmp < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return (size_t)-1;
}

/*
 * The "harder than" graph: an edge from each exercise to every one it
 * names as a progression, and from each regression it names to itself.
 * Built once as adjacency lists of indices, then searched depth first
 * (white/grey/black), so the check is linear in the number of links.
 */
struct graph {
    size_t *start; /* edges of node i: to[start[i] .. start[i+1]) */
    size_t *to;
};

static void
graph_build(const struct rb_kb *kb, struct graph *g)
{
    size_t n = kb->nexercises, nedges = 0;
    size_t *fill;

    g->start = rb_xcalloc(n + 1, sizeof(*g->start));
    for (size_t i = 0; i < n; i++) {
        const struct rb_exercise *e = kb->exercises[i];
        for (size_t k = 0; k < e->progressions.n; k++) {
            if (index_of(kb, e->progressions.v[k]) != (size_t)-1) {
                g->start[i + 1]++;
            }
        }
        for (size_t k = 0; k < e->regressions.n; k++) {
            size_t r = index_of(kb, e->regressions.v[k]);
            if (r != (size_t)-1) {
                g->start[r + 1]++;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        g->start[i + 1] += g->start[i];
    }
    nedges = g->start[n];
    g->to = rb_xcalloc(nedges ? nedges : 1, sizeof(*g->to));
    fill = rb_xcalloc(n ? n : 1, sizeof(*fill));
    for (size_t i = 0; i < n; i++) {
        const struct rb_exercise *e = kb->exercises[i];
        for (size_t k = 0; k < e->progressions.n; k++) {
            size_t p = index_of(kb, e->progressions.v[k]);
            if (p != (size_t)-1) {
                g->to[g->start[i] + fill[i]++] = p;
            }
        }
        for (size_t k = 0; k < e->regressions.n; k++) {
            size_t r = index_of(kb, e->regressions.v[k]);
            if (r != (size_t)-1) {
                g->to[g->start[r] + fill[r]++] = i;
            }
        }
    }
    free(fill);
}

static bool
harder_cycle(const struct rb_kb *kb, const struct graph *g, size_t i,
    unsigned char *state, const char **where)
{
    if (state[i] == 1) {
        *where = kb->exercises[i]->id;
        return true;
    }
    if (state[i] == 2) {
        return false;
    }
    state[i] = 1;
    for (size_t k = g->start[i]; k < g->start[i + 1]; k++) {
        if (harder_cycle(kb, g, g->to[k], state, where)) {
            return true;
        }
    }
    state[i] = 2;
    return false;
}

static void
check_library(struct rb_kb *kb, struct kb_ctx *c)
{
    unsigned char *state;
    const char *where = NULL;

    for (size_t i = 1; i < kb->nexercises; i++) {
        if (strcmp(kb->exercises[i - 1]->id, kb->exercises[i]->id) == 0) {
            c->file = rb_arena_printf(&kb->arena, "%s and %s",
                kb->exercises[i - 1]->file, kb->exercises[i]->file);
            kb_problem(c, kb->exercises[i]->id, "duplicate exercise id");
        }
    }
    for (size_t i = 0; i < kb->nexercises; i++) {
        const struct rb_exercise *e = kb->exercises[i];
        const struct rb_strs *links[2] = {&e->regressions, &e->progressions};

        c->file = e->file;

        for (int l = 0; l < 2; l++) {
            for (size_t k = 0; k < links[l]->n; k++) {
                if (rb_kb_exercise(kb, links[l]->v[k]) == NULL) {
                    kb_problem(c,
                        rb_arena_printf(&kb->arena, "%s.%s", e->id,
                            l ? "progressions" : "regressions"),
                        "links to unknown exercise '%s'", links[l]->v[k]);
                } else if (strcmp(links[l]->v[k], e->id) == 0) {
                    kb_problem(c, e->id, "links to itself");
                }
            }
        }
    }
    struct graph g;

    graph_build(kb, &g);
    state = rb_xcalloc(kb->nexercises ? kb->nexercises : 1, 1);
    for (size_t i = 0; i < kb->nexercises; i++) {
        if (state[i] == 0 && harder_cycle(kb, &g, i, state, &where)) {
            c->file = rb_kb_exercise(kb, where)->file;
            kb_problem(c, where,
                "progression links form a cycle through this exercise");
            break;
        }
    }
    free(state);
    free(g.start);
    free(g.to);
}

/*
 * Every category a phase emphasises needs at least three exercises that
 * remain eligible once the phase's restrictions and the exercises' own
 * contraindications are applied.
 */
#define MIN_ELIGIBLE 3

static void
check_coverage(struct rb_kb *kb, struct kb_ctx *c)
{
    for (size_t p = 0; p < kb->nprotocols; p++) {
        const struct rb_protocol *pr = kb->protocols[p];

        c->file = rb_arena_printf(&kb->arena, "protocols/%s", pr->id);
        for (size_t k = 0; k < pr->nphases; k++) {
            const struct rb_phase *ph = &pr->phases[k];

            for (size_t cat = 0; cat < ph->emphasis_categories.n; cat++) {
                const char *want = ph->emphasis_categories.v[cat];
                size_t n = 0;

                for (size_t i = 0; i < kb->nexercises; i++) {
                    const struct rb_exercise *e = kb->exercises[i];
                    if (e->category && strcmp(e->category, want) == 0 &&
                        rb_kb_eligible(e, pr->condition, ph->kind,
                            ph->forbidden_demands)) {
                        n++;
                    }
                }
                if (n < MIN_ELIGIBLE) {
                    kb_problem(c,
                        rb_arena_printf(&kb->arena, "phases.%s.emphasis",
                            ph->id ? ph->id : "?"),
                        "only %zu eligible '%s' exercise(s) once "
                        "contraindications apply (needs %d)",
                        n, want, MIN_ELIGIBLE);
                }
            }
        }
    }
}

/* ---- entry points ------------------------------------------------------- */

typedef void (*load_fn)(struct rb_kb *, struct kb_ctx *, json_t *);

static void
load_one(struct rb_kb *kb, struct kb_ctx *c, const char *dir, const char *name,
    load_fn fn)
{
    char *path = rb_arena_printf(&kb->arena, "%s/%s", dir, name);
    json_t *root;

    c->file = name;
    root = kb_load_json(c, path);
    if (root != NULL) {
        fn(kb, c, root);
        json_decref(root);
    }
}

enum rb_status
rb_kb_load(const char *dir, struct rb_kb **ret, struct rb_kb_report *report,
    struct rb_err *err)
{
    struct rb_kb *kb = rb_xcalloc(1, sizeof(*kb));
    struct kb_ctx c = {.kb = kb, .report = report};
    size_t cap = 0, pcap = 0, ncap = 0;
    struct stat sb;
    char **files;
    char *sub;

    rb_arena_init(&kb->arena);
    c.arena = &kb->arena;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        free(kb);
        return rb_fail_field(err, RB_EINVAL, "kb_missing", "dir",
            "no knowledge base directory at %s", dir);
    }
    load_one(kb, &c, dir, "vocab.json", load_vocab);
    load_one(kb, &c, dir, "sources.json", load_sources);
    load_one(kb, &c, dir, "restrictions.json", load_restrictions);
    load_one(kb, &c, dir, "measures.json", load_measures);
    load_one(kb, &c, dir, "doses.json", load_doses);

    sub = rb_arena_printf(&kb->arena, "%s/exercises", dir);
    files = list_json(&kb->arena, sub);
    for (char **f = files; *f; f++) {
        json_t *root;
        c.file = rb_arena_printf(&kb->arena, "exercises/%s", *f);
        root = kb_load_json(&c, rb_arena_printf(&kb->arena, "%s/%s", sub, *f));
        if (root != NULL) {
            load_exercises(kb, &c, root, &cap);
            json_decref(root);
        }
    }
    if (kb->nexercises > 0) {
        qsort(kb->exercises, kb->nexercises, sizeof(*kb->exercises),
            cmp_exercise);
    }
    sub = rb_arena_printf(&kb->arena, "%s/protocols", dir);
    files = list_json(&kb->arena, sub);
    for (char **f = files; *f; f++) {
        json_t *root;
        c.file = rb_arena_printf(&kb->arena, "protocols/%s", *f);
        root = kb_load_json(&c, rb_arena_printf(&kb->arena, "%s/%s", sub, *f));
        if (root != NULL) {
            struct rb_protocol *pr = load_protocol(kb, &c, root);
            if (pr != NULL && pr->id != NULL) {
                if (kb->nprotocols == pcap) {
                    pcap = pcap ? 2 * pcap : 16;
                    kb->protocols = rb_xrealloc(
                        kb->protocols, pcap * sizeof(*kb->protocols));
                }
                kb->protocols[kb->nprotocols++] = pr;
            }
            json_decref(root);
        }
    }
    if (kb->nprotocols > 0) {
        qsort(kb->protocols, kb->nprotocols, sizeof(*kb->protocols),
            cmp_protocol);
    }
    for (size_t i = 1; i < kb->nprotocols; i++) {
        if (strcmp(kb->protocols[i - 1]->id, kb->protocols[i]->id) == 0) {
            c.file = "protocols";
            kb_problem(&c, kb->protocols[i]->id, "duplicate protocol id");
        }
    }
    sub = rb_arena_printf(&kb->arena, "%s/norms", dir);
    files = list_json(&kb->arena, sub);
    for (char **f = files; *f; f++) {
        json_t *root;
        c.file = rb_arena_printf(&kb->arena, "norms/%s", *f);
        root = kb_load_json(&c, rb_arena_printf(&kb->arena, "%s/%s", sub, *f));
        if (root != NULL) {
            struct rb_norm *n = load_norm(kb, &c, root);
            if (n != NULL && n->id != NULL) {
                if (kb->nnorms == ncap) {
                    ncap = ncap ? 2 * ncap : 16;
                    kb->norms =
                        rb_xrealloc(kb->norms, ncap * sizeof(*kb->norms));
                }
                kb->norms[kb->nnorms++] = n;
            }
            json_decref(root);
        }
    }
    check_library(kb, &c);
    check_coverage(kb, &c);
    if (c.problems > 0) {
        rb_fail_field(err, RB_EINVAL, "kb_invalid", "dir",
            "the knowledge base in %s has %zu problem(s); run 'rebound kb "
            "check %s'",
            dir, c.problems, dir);
        rb_kb_free(kb);
        return RB_EINVAL;
    }
    *ret = kb;
    return RB_OK;
}

void
rb_kb_free(struct rb_kb *kb)
{
    if (kb == NULL) {
        return;
    }
    for (size_t p = 0; p < kb->nprotocols; p++) {
        for (size_t k = 0; k < kb->protocols[p]->nphases; k++) {
            const struct rb_phase *ph = &kb->protocols[p]->phases[k];
            for (size_t x = 0; x < ph->nexit; x++) {
                rb_criterion_free(ph->exit[x].compiled);
            }
        }
    }
    free(kb->exercises);
    free(kb->protocols);
    free(kb->norms);
    rb_arena_release(&kb->arena);
    free(kb);
}

/* ---- lookups ------------------------------------------------------------ */

size_t
rb_kb_exercise_count(const struct rb_kb *kb)
{
    return kb->nexercises;
}

const struct rb_exercise *
rb_kb_exercise_at(const struct rb_kb *kb, size_t i)
{
    return i < kb->nexercises ? kb->exercises[i] : NULL;
}

const struct rb_exercise *
rb_kb_exercise(const struct rb_kb *kb, const char *id)
{
    size_t i = index_of(kb, id);

    return i == (size_t)-1 ? NULL : kb->exercises[i];
}

size_t
rb_kb_protocol_count(const struct rb_kb *kb)
{
    return kb->nprotocols;
}

const struct rb_protocol *
rb_kb_protocol_at(const struct rb_kb *kb, size_t i)
{
    return i < kb->nprotocols ? kb->protocols[i] : NULL;
}

const struct rb_protocol *
rb_kb_protocol(const struct rb_kb *kb, const char *id)
{
    for (size_t i = 0; i < kb->nprotocols; i++) {
        if (strcmp(kb->protocols[i]->id, id) == 0) {
            return kb->protocols[i];
        }
    }
    return NULL;
}

const struct rb_phase *
rb_protocol_phase(const struct rb_protocol *p, const char *id)
{
    for (size_t i = 0; p != NULL && id != NULL && i < p->nphases; i++) {
        if (strcmp(p->phases[i].id, id) == 0) {
            return &p->phases[i];
        }
    }
    return NULL;
}

const struct rb_measure *
rb_kb_measure(const struct rb_kb *kb, const char *id)
{
    for (size_t i = 0; i < kb->nmeasures; i++) {
        if (strcmp(kb->measures[i].info.id, id) == 0) {
            return &kb->measures[i];
        }
    }
    return NULL;
}

size_t
rb_kb_norm_count(const struct rb_kb *kb)
{
    return kb->nnorms;
}

const struct rb_norm *
rb_kb_norm_at(const struct rb_kb *kb, size_t i)
{
    return i < kb->nnorms ? kb->norms[i] : NULL;
}

const char *
rb_kb_source(const struct rb_kb *kb, const char *key)
{
    for (size_t i = 0; i < kb->nsources; i++) {
        if (strcmp(kb->sources[i].key, key) == 0) {
            return kb->sources[i].citation;
        }
    }
    return NULL;
}

bool
rb_kb_restriction(const struct rb_kb *kb, const char *id, uint32_t *ret_forbids)
{
    for (size_t i = 0; i < kb->nrestrictions; i++) {
        if (strcmp(kb->restrictions[i].id, id) == 0) {
            *ret_forbids = kb->restrictions[i].forbids;
            return true;
        }
    }
    return false;
}

const char *
rb_kb_demand_name(const struct rb_kb *kb, unsigned i)
{
    return kb->demands && i < kb->demands->n ? kb->demands->v[i] : NULL;
}

bool
rb_kb_eligible(const struct rb_exercise *e, const char *condition,
    enum rb_phase_kind phase, uint32_t forbidden)
{
    if (!(e->phases & (1u << phase)) || (e->demands & forbidden)) {
        return false;
    }
    for (size_t i = 0; condition != NULL && i < e->ncontra; i++) {
        if (strcmp(e->contra[i].condition, condition) == 0 &&
            (e->contra[i].phase < 0 || e->contra[i].phase == (int)phase)) {
            return false;
        }
    }
    return true;
}
