/*
 * cmd_plan.c -- `rebound plan FILE|- [--format json|text] [--data DIR]`:
 * build a training program from one case file with the program engine
 * (engine/program.h).  Pure: reads the knowledge base, never the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/program.h"
#include "kb/credentials.h"
#include "util/buf.h"

static const char usage_text[] =
    "usage: rebound plan FILE|- [--format json|text] [--data DIR]\n\n"
    "Build a program of several weeks -- sessions, blocks (warm-up, main,\n"
    "accessory, conditioning, cool-down) and prescriptions, each with its\n"
    "rationale -- from a case file (JSON: profile, screening, history,\n"
    "case, clearance, practitioner, measures, start, weeks) read from FILE\n"
    "or standard input ('-').  Same input, same output, byte for byte.\n"
    "Needs no database.  Format: docs/program-engine.md.\n\n"
    "options:\n"
    "  --format F  json (default) or text\n"
    "  --data DIR  knowledge-base directory (default $REBOUND_DATA)\n\n"
    "exit status: 0 plan printed; 1 refused (red flag, clearance pending,\n"
    "out of scope: the refusal JSON {\"refused\":true,\"rule\",\"message\",\n"
    "\"unblock\"} on stdout, one line on stderr) or failure; 2 usage or bad\n"
    "input (one line on stderr naming the field).\n";

#define TEXT_MAX (8 * 1024 * 1024)

static int
run(const char *path, bool text, const char *data)
{
    struct rb_kb *kb = NULL;
    struct rb_credentials *cred = NULL;
    struct rb_arena a;
    struct rb_err err;
    struct rb_plan_input in;
    struct rb_plan plan;
    json_t *doc = NULL;
    int rc;

    rb_arena_init(&a);
    rc = rb_cli_read_json("plan", path, &doc);
    if (rc != RB_EXIT_OK) {
        goto out;
    }
    if (rb_kb_load(data, &kb, NULL, &err) != RB_OK ||
        rb_credentials_load(data, &cred, NULL, &err) != RB_OK) {
        fprintf(
            stderr, "rebound: plan: knowledge base %s: %s\n", data, err.msg);
        rc = RB_EXIT_FAIL;
        goto out;
    }
    if (rb_plan_case_parse(kb, doc, &a, &in, &err) != RB_OK) {
        fprintf(stderr, "rebound: plan: field %s: %s\n",
            err.field[0] ? err.field : "(document)", err.msg);
        rc = RB_EXIT_USAGE;
        goto out;
    }
    if (rb_plan_build(kb, &cred->table, &in, &a, &plan, &err) != RB_OK) {
        rc = rb_cli_fail_field(&err);
        goto out;
    }
    if (plan.refused) {
        fprintf(stderr, "rebound: plan: refused (%s): %s\n", plan.rule,
            plan.message);
    }
    if (text) {
        struct rb_buf b;
        rb_buf_init(&b, TEXT_MAX);
        if (rb_plan_text(&plan, &b) != RB_OK) {
            fprintf(
                stderr, "rebound: plan: text larger than %d bytes\n", TEXT_MAX);
            rb_buf_release(&b);
            rc = RB_EXIT_FAIL;
            goto out;
        }
        fputs(rb_buf_str(&b), stdout);
        rb_buf_release(&b);
    } else {
        json_t *j = rb_plan_json(kb, &plan);
        char *s = json_dumps(
            j, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
        puts(s);
        free(s);
        json_decref(j);
    }
    rc = plan.refused ? RB_EXIT_FAIL : RB_EXIT_OK;
out:
    json_decref(doc);
    rb_credentials_free(cred);
    if (kb != NULL) {
        rb_kb_free(kb);
    }
    rb_arena_release(&a);
    return rc;
}

int
rb_cmd_plan(int argc, char **argv)
{
    const char *path = NULL, *format = "json", *data = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        }
        if (strcmp(argv[i], "--format") == 0 ||
            strcmp(argv[i], "--data") == 0) {
            if (i + 1 >= argc) {
                return rb_cli_usage("plan", "%s needs a value", argv[i]);
            }
            if (argv[i][2] == 'f') {
                format = argv[++i];
            } else {
                data = argv[++i];
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return rb_cli_usage("plan", "unknown option '%s'", argv[i]);
        }
        if (path != NULL) {
            return rb_cli_usage("plan", "too many arguments");
        }
        path = argv[i];
    }
    if (path == NULL) {
        return rb_cli_usage("plan", "missing FILE (or '-' for stdin)");
    }
    if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
        return rb_cli_usage("plan", "--format is json or text");
    }
    return run(path, strcmp(format, "text") == 0, rb_cli_data(data));
}
