/*
 * cmd_load.c -- `rebound load FILE|-`: training-load metrics for a series
 * of sessions or daily loads given as JSON, printed as JSON per day.  No
 * database; the formulas are core/load.c, the format docs/cli.md and
 * docs/load-monitoring.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/load.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound load FILE|-\n\n"
    "Compute training-load metrics from JSON read from FILE (or standard\n"
    "input for '-'): either sessions,\n"
    "  {\"sessions\": [{\"date\": \"2026-03-02\", \"rpe\": 6, \"minutes\": "
    "50}, ...]}\n"
    "or a daily load series,\n"
    "  {\"days\": [{\"date\": \"2026-03-02\", \"load\": 300}, ...]}\n"
    "with optional \"through\" (a date: extend with rest days) and \"pmc\"\n"
    "(\"exp_decay\", the default, or \"simple_ewma\").  Prints every day from\n"
    "the first to the last with its load, weekly load, monotony, strain,\n"
    "acute:chronic ratios (rolling coupled, uncoupled, EWMA), fitness,\n"
    "fatigue and form, and the flags.  A metric without enough history is\n"
    "given as a state and a reason, not a number.  The ratios are\n"
    "descriptive, not injury predictions.  Needs no database.\n\n"
    "Formulas and sources: docs/load-monitoring.md.\n\n"
    "exit status: 0 metrics printed; 2 usage, bad input or a file that\n"
    "cannot be opened (one line on stderr); 1 a read error.\n";

static const char *const pmc_names[] = {"exp_decay", "simple_ewma", NULL};

static const struct rb_jfield top_fields[] = {
    {"sessions", RB_J_ARRAY, false, 1, RB_LOAD_MAX_ENTRIES, NULL, false},
    {"days", RB_J_ARRAY, false, 1, RB_LOAD_MAX_ENTRIES, NULL, false},
    {"through", RB_J_DATE, false, 0, 0, NULL, false},
    {"pmc", RB_J_STRING, false, 0, 0, pmc_names, false},
    {NULL},
};

static const struct rb_jfield session_fields[] = {
    {"date", RB_J_DATE, true, 0, 0, NULL, false},
    {"rpe", RB_J_NUMBER, true, 0, 10, NULL, false},
    {"minutes", RB_J_NUMBER, true, 0, RB_LOAD_MAX_MINUTES, NULL, false},
    {NULL},
};

static const struct rb_jfield day_fields[] = {
    {"date", RB_J_DATE, true, 0, 0, NULL, false},
    {"load", RB_J_NUMBER, true, 0, (int64_t)RB_LOAD_MAX_DAILY, NULL, false},
    {NULL},
};

/* rb_json_check() names a field by its key and starts its message with
 * it; re-issue the error with the full path ("sessions[2].rpe"). */
static enum rb_status
check_at(const json_t *obj, const struct rb_jfield *fields, const char *path,
    struct rb_err *err)
{
    struct rb_err e = {0};
    char field[96];
    const char *msg;
    size_t n;

    if (!json_is_object(obj)) {
        return rb_fail_field(
            err, RB_EINVAL, "wrong_type", path, "must be an object");
    }
    if (rb_json_check(obj, fields, &e) == RB_OK) {
        return RB_OK;
    }
    snprintf(field, sizeof(field), "%s%s%s", path, path[0] ? "." : "", e.field);
    msg = e.msg;
    n = strlen(e.field);
    if (e.code != NULL && strcmp(e.code, "unknown_field") == 0) {
        msg = "is not a known field";
    } else if (n > 0 && strncmp(msg, e.field, n) == 0 && msg[n] == ' ') {
        msg += n + 1;
    }
    return rb_fail_field(err, e.status, e.code, field, "%s", msg);
}

static int32_t
day_of(const json_t *obj)
{
    int64_t d = 0;

    (void)rb_date_parse(rb_json_str(obj, "date"), &d); /* checked */
    return (int32_t)d;
}

static double
num(const json_t *obj, const char *key)
{
    return json_number_value(json_object_get(obj, key));
}

/* The input as entries; a daily series may name a date once only. */
static enum rb_status
parse(const json_t *doc, struct rb_arena *a, struct rb_load_entry **ret,
    size_t *ret_n, struct rb_load_opts *opts, struct rb_err *err)
{
    const json_t *sessions = json_object_get(doc, "sessions");
    const json_t *days = json_object_get(doc, "days");
    const json_t *arr, *v;
    struct rb_load_entry *e;
    char path[160];
    size_t i;
    int64_t through;

    if (check_at(doc, top_fields, "", err) != RB_OK) {
        return err->status;
    }
    if ((sessions == NULL) == (days == NULL)) {
        return rb_fail(
            err, RB_EINVAL, "give exactly one of \"sessions\" and \"days\"");
    }
    memset(opts, 0, sizeof(*opts));
    if (rb_json_has(doc, "through")) {
        (void)rb_date_parse(rb_json_str(doc, "through"), &through);
        opts->has_through = true;
        opts->through = (int32_t)through;
    }
    if (rb_json_has(doc, "pmc")) {
        opts->pmc =
            (enum rb_pmc_variant)rb_pmc_variant_parse(rb_json_str(doc, "pmc"));
    }
    arr = sessions != NULL ? sessions : days;
    e = rb_arena_alloc(a, (json_array_size(arr) + 1) * sizeof(*e));
    json_array_foreach(arr, i, v)
    {
        snprintf(
            path, sizeof(path), "%s[%zu]", sessions ? "sessions" : "days", i);
        if (check_at(v, sessions ? session_fields : day_fields, path, err) !=
            RB_OK) {
            return err->status;
        }
        e[i].day = day_of(v);
        if (sessions != NULL) {
            struct rb_load_session s = {
                e[i].day, num(v, "rpe"), num(v, "minutes")};
            struct rb_err e2 = {0};
            if (rb_load_session_load(&s, &e[i].load, &e2) != RB_OK) {
                snprintf(path + strlen(path), sizeof(path) - strlen(path),
                    ".%s", e2.field);
                return rb_fail_field(
                    err, RB_EINVAL, e2.code, path, "%s", e2.msg);
            }
            continue;
        }
        e[i].load = num(v, "load");
        for (size_t k = 0; k < i; k++) {
            if (e[k].day == e[i].day) {
                snprintf(
                    path + strlen(path), sizeof(path) - strlen(path), ".date");
                return rb_fail_field(err, RB_EINVAL, "duplicate_value", path,
                    "repeats the date of days[%zu] (a daily series has one "
                    "value a day; give sessions to sum several)",
                    k);
            }
        }
    }
    *ret = e;
    *ret_n = json_array_size(arr);
    return RB_OK;
}

static json_t *
metric(const struct rb_metric *m)
{
    if (m->state == RB_METRIC_OK) {
        return json_pack("{s:s, s:f}", "state", "ok", "value", m->value);
    }
    return json_pack("{s:s, s:n, s:s}", "state", rb_metric_state_name(m->state),
        "value", "reason", m->reason);
}

static json_t *
date_json(int32_t day)
{
    char d[11];

    rb_date_format(day, d);
    return json_string(d);
}

static json_t *
threshold_json(const struct rb_load_threshold *t)
{
    return json_pack("{s:s, s:f, s:s, s:s, s:s, s:s, s:b}", "id", t->id,
        "value", t->value, "unit", t->unit, "comparator", t->comparator,
        "population", t->population, "source", t->source, "verified",
        t->verified);
}

static json_t *
flag_json(const struct rb_load_flag *f)
{
    return json_pack("{s:o, s:s, s:s, s:f, s:f, s:s, s:s, s:b, s:s}", "date",
        date_json(f->day), "id", f->id, "metric", f->metric, "value", f->value,
        "threshold", f->threshold->value, "comparator",
        f->threshold->comparator, "source", f->threshold->source, "verified",
        f->threshold->verified, "message", f->message);
}

static json_t *
day_json(const struct rb_load_series *s, const struct rb_load_day *d)
{
    json_t *flags = json_array();

    for (size_t k = 0; k < d->n_flags; k++) {
        json_array_append_new(flags, flag_json(&s->flags[d->first_flag + k]));
    }
    json_t *o = json_pack("{s:o, s:f, s:i, s:i, s:o}", "date",
        date_json(d->day), "load", d->load, "entries", (json_int_t)d->entries,
        "history_days", (json_int_t)d->history_days, "flags", flags);
    json_object_set_new(o, "weekly", metric(&d->weekly));
    json_object_set_new(o, "monotony", metric(&d->monotony));
    json_object_set_new(o, "strain", metric(&d->strain));
    json_object_set_new(o, "acute_rolling", metric(&d->acute_rolling));
    json_object_set_new(o, "chronic_rolling", metric(&d->chronic_rolling));
    json_object_set_new(o, "acwr_coupled", metric(&d->acwr_coupled));
    json_object_set_new(o, "acwr_uncoupled", metric(&d->acwr_uncoupled));
    json_object_set_new(o, "acute_ewma", metric(&d->acute_ewma));
    json_object_set_new(o, "chronic_ewma", metric(&d->chronic_ewma));
    json_object_set_new(o, "acwr_ewma", metric(&d->acwr_ewma));
    json_object_set_new(o, "fitness", metric(&d->fitness));
    json_object_set_new(o, "fatigue", metric(&d->fatigue));
    json_object_set_new(o, "form", metric(&d->form));
    return o;
}

static json_t *
series_json(const struct rb_load_series *s, const struct rb_load_opts *o)
{
    json_t *days = json_array(), *flags = json_array(), *th = json_array();

    for (size_t i = 0; i < s->n_days; i++) {
        json_array_append_new(days, day_json(s, &s->days[i]));
    }
    for (size_t i = 0; i < s->n_flags; i++) {
        json_array_append_new(flags, flag_json(&s->flags[i]));
    }
    for (size_t i = 0; i < RB__LTH_MAX; i++) {
        json_array_append_new(th, threshold_json(&rb_load_thresholds[i]));
    }
    return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:s}", "first",
        date_json(s->days[0].day), "last",
        date_json(s->days[s->n_days - 1].day), "pmc",
        rb_pmc_variant_name(o->pmc), "days", days, "flags", flags, "thresholds",
        th, "caveat",
        "The acute:chronic ratios are descriptive. They add little to "
        "predicting one person's injury (Impellizzeri 2020, Lolli 2019) and "
        "are never a risk label on their own; judge the athlete's response.");
}

static int
load(const char *path)
{
    struct rb_arena a;
    struct rb_load_entry *e = NULL;
    struct rb_load_series *s;
    struct rb_load_opts opts;
    struct rb_err err = {0};
    json_t *doc = NULL;
    size_t n = 0;
    int rc;

    rc = rb_cli_read_json("load", path, &doc);
    if (rc != RB_EXIT_OK) {
        return rc;
    }
    rb_arena_init(&a);
    if (parse(doc, &a, &e, &n, &opts, &err) != RB_OK ||
        rb_load_compute(e, n, &opts, &a, &s, &err) != RB_OK) {
        /* The core names its input "entries"; say which array it was. */
        const char *arr =
            json_object_get(doc, "sessions") != NULL ? "sessions" : "days";
        if (strncmp(err.field, "entries", 7) == 0) {
            fprintf(stderr, "rebound: load: field %s%s: %s\n", arr,
                err.field + 7, err.msg);
        } else if (err.field[0] != '\0') {
            fprintf(
                stderr, "rebound: load: field %s: %s\n", err.field, err.msg);
        } else {
            fprintf(stderr, "rebound: load: %s\n", err.msg);
        }
        rc = err.status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
    } else {
        rb_cli_print_json(series_json(s, &opts));
    }
    rb_arena_release(&a);
    json_decref(doc);
    return rc;
}

int
rb_cmd_load(int argc, char **argv)
{
    if (argc == 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    if (argc < 2) {
        return rb_cli_usage("load", "missing FILE (or '-' for stdin)");
    }
    if (argc > 2) {
        return rb_cli_usage("load", "too many arguments");
    }
    if (argv[1][0] == '-' && argv[1][1] != '\0') {
        return rb_cli_usage("load", "unknown option '%s'", argv[1]);
    }
    return load(argv[1]);
}
