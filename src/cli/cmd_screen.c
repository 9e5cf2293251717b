/*
 * cmd_screen.c -- `rebound screen FILE|-`: evaluate one pre-participation
 * screen (PAR-Q+, ACSM 2015, red flags) given as JSON and print the
 * decision as JSON.  No database; the rules are core/screening.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/screening.h"
#include "util/buf.h"

static const char usage_text[] =
    "usage: rebound screen FILE|-\n\n"
    "Evaluate a pre-participation screen -- PAR-Q+ answers, the ACSM 2015\n"
    "algorithm inputs and the red-flag checklist -- read as JSON from FILE\n"
    "(or standard input for '-'), and print the decision as JSON:\n"
    "outcome (cleared, clearance_recommended or refer), urgency,\n"
    "intensity_ceiling, blocks and the reasons with their sources.\n"
    "Rebound does not diagnose.  Needs no database.\n\n"
    "Formats and rules: docs/screening.md.\n\n"
    "exit status: 0 decision printed (whatever the outcome), 1 the file\n"
    "could not be read, 2 usage or bad input (one line on stderr:\n"
    "'rebound: screen: field X: ...').\n";

#define MAX_INPUT (1024 * 1024)

/* Read all of 'f' into 'b'; false after printing why. */
static bool
slurp(FILE *f, const char *name, struct rb_buf *b, int *ret_exit)
{
    char chunk[8192];
    size_t n;

    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (rb_buf_append(b, chunk, n) != RB_OK) {
            fprintf(stderr, "rebound: screen: %s: larger than %d bytes\n", name,
                MAX_INPUT);
            *ret_exit = RB_EXIT_USAGE;
            return false;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "rebound: screen: %s: read error\n", name);
        *ret_exit = RB_EXIT_FAIL;
        return false;
    }
    return true;
}

static int
fail(const struct rb_err *err)
{
    if (err->field[0] != '\0') {
        fprintf(
            stderr, "rebound: screen: field %s: %s\n", err->field, err->msg);
    } else {
        fprintf(stderr, "rebound: screen: %s\n", err->msg);
    }
    return err->status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
}

static int
screen(const char *path)
{
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    struct rb_screen_input in;
    struct rb_screen_result res;
    struct rb_buf b;
    struct rb_err err;
    json_error_t jerr;
    json_t *doc = NULL, *out;
    char *text;
    FILE *f;
    int rc = RB_EXIT_OK;

    rb_buf_init(&b, MAX_INPUT);
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "rebound: screen: %s: %s\n", path, strerror(errno));
        return RB_EXIT_USAGE;
    }
    if (!slurp(f, name, &b, &rc)) {
        goto out;
    }
    doc =
        json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        fprintf(stderr,
            "rebound: screen: %s: invalid JSON at line %d, column %d: %s\n",
            name, jerr.line, jerr.column, jerr.text);
        rc = RB_EXIT_USAGE;
        goto out;
    }
    if (rb_screen_input_from_json(doc, &in, &err) != RB_OK ||
        rb_screen_eval(&in, &res, &err) != RB_OK) {
        rc = fail(&err);
        goto out;
    }
    out = rb_screen_result_to_json(&res);
    text = json_dumps(out, JSON_INDENT(2));
    puts(text);
    free(text);
    json_decref(out);
out:
    json_decref(doc);
    rb_buf_release(&b);
    if (f != stdin) {
        fclose(f);
    }
    return rc;
}

int
rb_cmd_screen(int argc, char **argv)
{
    if (argc == 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    if (argc < 2) {
        return rb_cli_usage("screen", "missing FILE (or '-' for stdin)");
    }
    if (argc > 2) {
        return rb_cli_usage("screen", "too many arguments");
    }
    if (argv[1][0] == '-' && argv[1][1] != '\0') {
        return rb_cli_usage("screen", "unknown option '%s'", argv[1]);
    }
    return screen(argv[1]);
}
