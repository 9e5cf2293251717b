/*
 * cmd_kb.c -- `rebound kb check [DIR]` and `rebound kb stats [DIR]`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kb/credentials.h"
#include "kb/kb.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "usage: rebound kb check [DIR]\n"
    "       rebound kb stats [DIR]\n\n"
    "check  validate a knowledge-base directory (default: env REBOUND_DATA\n"
    "       or the built-in data/) and print every problem as\n"
    "       FILE: FIELD: MESSAGE.  Exit 0 only when it is clean.\n"
    "stats  load it and print counts by category, pattern and protocol.\n";

#define MAX_PROBLEMS 500

static int
check(const char *dir)
{
    struct rb_kb_report rep = {.max = MAX_PROBLEMS};
    struct rb_kb *kb = NULL;
    struct rb_err err;
    enum rb_status rc;

    rep.items = rb_xcalloc(MAX_PROBLEMS, sizeof(*rep.items));
    rc = rb_kb_load(dir, &kb, &rep, &err);
    /* The credential table lives beside the library; check it too. */
    struct rb_credentials *creds = NULL;
    struct rb_err cerr;
    if (rb_credentials_load(dir, &creds, &rep, &cerr) != RB_OK) {
        if (rc == RB_OK) {
            err = cerr;
        }
        rc = RB_EINVAL;
    }
    rb_credentials_free(creds);
    for (size_t i = 0; i < rep.n; i++) {
        printf("%s: %s: %s\n", rep.items[i].file, rep.items[i].field,
            rep.items[i].msg);
    }
    if (rep.total > rep.n) {
        printf("... and %zu more\n", rep.total - rep.n);
    }
    free(rep.items);
    if (rc != RB_OK) {
        rb_kb_free(kb);
        if (rep.total == 0) {
            return rb_cli_fail(&err);
        }
        fprintf(stderr, "rebound: %zu problem(s) in %s\n", rep.total, dir);
        return RB_EXIT_FAIL;
    }
    fprintf(stderr,
        "rebound: %s is clean: %zu exercises, %zu protocols, %zu norms, "
        "credential table\n",
        dir, rb_kb_exercise_count(kb), rb_kb_protocol_count(kb),
        rb_kb_norm_count(kb));
    rb_kb_free(kb);
    return RB_EXIT_OK;
}

/* Print how many exercises have each value of 'field' (category or
 * pattern), in first-seen order; the vocabularies are small. */
static void
count_by(const struct rb_kb *kb, const char *title, bool by_category)
{
    const char *seen[64];
    size_t counts[64], n = 0;

    printf("%s:\n", title);
    for (size_t i = 0; i < rb_kb_exercise_count(kb); i++) {
        const struct rb_exercise *e = rb_kb_exercise_at(kb, i);
        const char *v = by_category ? e->category : e->pattern;
        size_t k = 0;

        while (k < n && strcmp(seen[k], v) != 0) {
            k++;
        }
        if (k == n && n < 64) {
            seen[n] = v;
            counts[n++] = 0;
        }
        if (k < n) {
            counts[k]++;
        }
    }
    for (size_t k = 0; k < n; k++) {
        printf("  %-22s %zu\n", seen[k], counts[k]);
    }
}

static int
stats(const char *dir)
{
    struct rb_kb *kb;
    struct rb_err err;

    if (rb_kb_load(dir, &kb, NULL, &err) != RB_OK) {
        return rb_cli_fail(&err);
    }
    printf("exercises: %zu\n", rb_kb_exercise_count(kb));
    count_by(kb, "categories", true);
    count_by(kb, "patterns", false);
    printf("protocols: %zu\n", rb_kb_protocol_count(kb));
    for (size_t i = 0; i < rb_kb_protocol_count(kb); i++) {
        const struct rb_protocol *p = rb_kb_protocol_at(kb, i);
        printf("  %-28s %zu phases\n", p->id, p->nphases);
    }
    printf("norms: %zu\n", rb_kb_norm_count(kb));
    rb_kb_free(kb);
    return RB_EXIT_OK;
}

int
rb_cmd_kb(int argc, char **argv)
{
    const char *dir;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    if (argc > 3) {
        return rb_cli_usage("kb", "too many arguments");
    }
    dir = rb_cli_data(argc == 3 ? argv[2] : NULL);
    if (strcmp(argv[1], "check") == 0) {
        return check(dir);
    }
    if (strcmp(argv[1], "stats") == 0) {
        return stats(dir);
    }
    return rb_cli_usage("kb", "unknown subcommand '%s'", argv[1]);
}
