/*
 * cmd_score.c -- `rebound score`: score one outcome questionnaire (PROM)
 * from its item answers, optionally compared with an earlier one against
 * the MCID, and print JSON.  No database; the rules are
 * core/instruments.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/instruments.h"

static const char usage_text[] =
    "usage: rebound score INSTRUMENT --answers LIST [--previous LIST]\n"
    "                     [--measure ID]\n"
    "       rebound score --list\n\n"
    "Score an outcome questionnaire from its item answers, in form order,\n"
    "separated by commas.  A blank (or 'na') is a missing or not-applicable\n"
    "item: '1,0,3,,2'.  With --previous (the answers of an earlier form)\n"
    "the change is compared with the instrument's MCID: improved, worsened,\n"
    "no_important_change, or unknown when no MCID is published.  --measure\n"
    "names the data/measures.json measure the score feeds when the\n"
    "instrument allows several (the NPRS: pain_rest, pain_activity, ...).\n"
    "--list prints every instrument's definition.  Prints JSON; needs no\n"
    "database.\n\n"
    "instruments: nprs, lefs, quickdash, odi, faam_adl, faam_sport, tsk11,\n"
    "acl_rsi.  Items, rules and sources: docs/outcome-measures.md.\n\n"
    "exit status: 0 scored, 2 usage or answers that cannot be scored (one\n"
    "line on stderr: 'rebound: score: field answers[3]: ...').\n";

/* Longer lists are refused before parsing: no instrument has this many. */
#define MAX_ANSWERS 64

struct answers {
    double v[MAX_ANSWERS];
    bool present[MAX_ANSWERS];
    size_t n;
};

static int
bad(const char *field, const char *fmt, const char *detail)
{
    fprintf(stderr, "rebound: score: field %s: ", field);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
    return RB_EXIT_USAGE;
}

/* Split "1,0,,2" into answers; blank or "na" is missing.  Exit status. */
static int
parse_list(const char *opt, const char *s, struct answers *ret)
{
    char tok[32], field[48];
    const char *p = s, *comma;
    size_t len;
    char *end;

    ret->n = 0;
    for (;;) {
        comma = strchr(p, ',');
        len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (ret->n == MAX_ANSWERS) {
            snprintf(field, sizeof(field), "%s", opt);
            return bad(field, "more than %s answers", "64");
        }
        snprintf(field, sizeof(field), "%s[%zu]", opt, ret->n);
        while (len > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) {
            len--;
        }
        if (len >= sizeof(tok)) {
            return bad(field, "'%s' is not a number", "(too long)");
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        if (len == 0 || strcasecmp(tok, "na") == 0 ||
            strcasecmp(tok, "n/a") == 0) {
            ret->present[ret->n] = false;
            ret->v[ret->n] = 0;
        } else {
            errno = 0;
            ret->v[ret->n] = strtod(tok, &end);
            if (errno != 0 || *end != '\0' || !isfinite(ret->v[ret->n])) {
                return bad(field, "'%s' is not a number", tok);
            }
            ret->present[ret->n] = true;
        }
        ret->n++;
        if (comma == NULL) {
            return -1;
        }
        p = comma + 1;
    }
}

/* One line naming the field, with "answers" renamed for --previous. */
static int
fail(const struct rb_err *err, const char *opt)
{
    const char *field = err->field;

    if (strncmp(field, "answers", 7) == 0) {
        fprintf(stderr, "rebound: score: field %s%s: %s\n", opt, field + 7,
            err->msg);
    } else if (field[0] != '\0') {
        fprintf(stderr, "rebound: score: field %s: %s\n", field, err->msg);
    } else {
        fprintf(stderr, "rebound: score: %s\n", err->msg);
    }
    return err->status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
}

static int
list(void)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < rb_instrument_count(); i++) {
        json_array_append_new(arr, rb_instrument_to_json(rb_instrument_at(i)));
    }
    rb_cli_print_json(json_pack("{s:o}", "instruments", arr));
    return RB_EXIT_OK;
}

static int
score(const struct rb_instrument *inst, const char *answers_s,
    const char *previous_s, const char *measure)
{
    struct answers now, before;
    struct rb_instrument_score s, ps;
    struct rb_instrument_change c;
    struct rb_err err;
    json_t *out;
    int rc;

    if ((rc = parse_list("answers", answers_s, &now)) >= 0) {
        return rc;
    }
    if (rb_instrument_score(inst, now.v, now.present, now.n, &s, &err) !=
        RB_OK) {
        return fail(&err, "answers");
    }
    if (measure != NULL) {
        if (!rb_instrument_measure(inst, measure)) {
            return bad("measure",
                "'%s' is not a measure this instrument "
                "feeds",
                measure);
        }
        s.measure = measure;
    }
    out = rb_instrument_score_to_json(&s);
    if (previous_s != NULL) {
        if ((rc = parse_list("previous", previous_s, &before)) >= 0) {
            json_decref(out);
            return rc;
        }
        if (rb_instrument_score(
                inst, before.v, before.present, before.n, &ps, &err) != RB_OK ||
            rb_instrument_change(inst, ps.score, s.score, &c, &err) != RB_OK) {
            json_decref(out);
            return fail(&err, "previous");
        }
        ps.measure = s.measure;
        json_object_set_new(out, "previous", rb_instrument_score_to_json(&ps));
        json_object_set_new(
            out, "change", rb_instrument_change_to_json(inst, &c));
    }
    rb_cli_print_json(out);
    return RB_EXIT_OK;
}

/* "--name VALUE" or "--name=VALUE": the value, advancing *i; NULL if not
 * this option. */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0) {
        return NULL;
    }
    if (a[n] == '=') {
        return a + n + 1;
    }
    if (a[n] != '\0') {
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int
rb_cmd_score(int argc, char **argv)
{
    const char *id = NULL, *answers = NULL, *previous = NULL, *measure = NULL;
    const struct rb_instrument *inst;
    bool want_list = false, missing = false;
    const char *v;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        } else if (strcmp(a, "--list") == 0) {
            want_list = true;
        } else if ((v = opt_value(argc, argv, &i, "--answers", &missing))) {
            answers = v;
        } else if ((v = opt_value(argc, argv, &i, "--previous", &missing))) {
            previous = v;
        } else if ((v = opt_value(argc, argv, &i, "--measure", &missing))) {
            measure = v;
        } else if (missing) {
            return rb_cli_usage("score", "option '%s' needs a value", a);
        } else if (a[0] == '-' && a[1] != '\0') {
            return rb_cli_usage("score", "unknown option '%s'", a);
        } else if (id != NULL) {
            return rb_cli_usage("score", "too many arguments");
        } else {
            id = a;
        }
    }
    if (want_list) {
        if (id != NULL || answers != NULL || previous != NULL ||
            measure != NULL) {
            return rb_cli_usage("score", "--list takes no other arguments");
        }
        return list();
    }
    if (id == NULL) {
        return rb_cli_usage("score", "missing INSTRUMENT (or --list)");
    }
    if ((inst = rb_instrument_find(id)) == NULL) {
        return rb_cli_usage("score", "unknown instrument '%s'", id);
    }
    if (answers == NULL) {
        return rb_cli_usage("score", "needs --answers LIST");
    }
    return score(inst, answers, previous, measure);
}
