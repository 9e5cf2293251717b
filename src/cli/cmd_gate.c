/*
 * cmd_gate.c -- `rebound gate PROTOCOL PHASE FILE|-`: evaluate a protocol
 * phase's exit criteria against a measures document and print the gate
 * and the findings as JSON.  No database; the rules are engine/assess.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/assess.h"
#include "util/buf.h"

static const char usage_text[] =
    "usage: rebound gate [--data DIR] PROTOCOL PHASE FILE|-\n\n"
    "Evaluate the exit criteria of PHASE of PROTOCOL against the measures\n"
    "document in FILE (or standard input for '-') and print JSON: each\n"
    "criterion met, not_met or missing with its value, threshold and\n"
    "source; the time floor; ready; to_test (measures to test next); and\n"
    "under \"findings\" the asymmetries, values outside norms and positive\n"
    "tests.  Needs no database.\n\n"
    "  --data DIR  knowledge base (default: env REBOUND_DATA, else data/)\n\n"
    "Document format, measures and thresholds: docs/assessment.md.\n\n"
    "exit status: 0 evaluation printed (ready or not), 1 the file could\n"
    "not be read or the knowledge base did not load, 2 usage or bad input\n"
    "(one line on stderr).\n";

#define MAX_INPUT (1024 * 1024)

static int
fail(const struct rb_err *err)
{
    if (err->field[0] != '\0') {
        fprintf(stderr, "rebound: gate: field %s: %s\n", err->field, err->msg);
    } else {
        fprintf(stderr, "rebound: gate: %s\n", err->msg);
    }
    return err->status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
}

/* Read the whole document; false after printing why. */
static bool
slurp(const char *path, struct rb_buf *b, int *ret_exit)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char chunk[8192];
    size_t n;
    bool ok = true;

    if (f == NULL) {
        fprintf(stderr, "rebound: gate: %s: %s\n", path, strerror(errno));
        *ret_exit = RB_EXIT_USAGE;
        return false;
    }
    while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (rb_buf_append(b, chunk, n) != RB_OK) {
            fprintf(stderr, "rebound: gate: %s: larger than %d bytes\n", path,
                MAX_INPUT);
            *ret_exit = RB_EXIT_USAGE;
            ok = false;
        }
    }
    if (ok && ferror(f)) {
        fprintf(stderr, "rebound: gate: %s: read error\n", path);
        *ret_exit = RB_EXIT_FAIL;
        ok = false;
    }
    if (f != stdin) {
        fclose(f);
    }
    return ok;
}

static int
evaluate(const struct rb_kb *kb, const char *proto, const char *phase_id,
    const char *path)
{
    const struct rb_protocol *p = rb_kb_protocol(kb, proto);
    const struct rb_phase *ph = rb_protocol_phase(p, phase_id);
    struct rb_measure_set set;
    struct rb_finding *f;
    struct rb_gate g;
    struct rb_arena a;
    struct rb_err err;
    struct rb_buf b;
    json_error_t jerr;
    json_t *doc = NULL, *out;
    char *text;
    size_t nf;
    int rc = RB_EXIT_OK;

    if (p == NULL) {
        fprintf(stderr, "rebound: gate: unknown protocol '%s'\n", proto);
        return RB_EXIT_USAGE;
    }
    if (ph == NULL) {
        fprintf(stderr, "rebound: gate: protocol '%s' has no phase '%s'\n",
            proto, phase_id);
        return RB_EXIT_USAGE;
    }
    rb_buf_init(&b, MAX_INPUT);
    rb_arena_init(&a);
    if (!slurp(path, &b, &rc)) {
        goto out;
    }
    doc =
        json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        fprintf(stderr,
            "rebound: gate: %s: invalid JSON at line %d, column %d: %s\n", path,
            jerr.line, jerr.column, jerr.text);
        rc = RB_EXIT_USAGE;
        goto out;
    }
    if (rb_measure_set_parse(kb, doc, &a, &set, &err) != RB_OK ||
        rb_gate_eval(kb, p, ph, &set, &a, &g, &err) != RB_OK ||
        rb_findings(kb, &set, &a, &f, &nf, &err) != RB_OK) {
        rc = fail(&err);
        goto out;
    }
    out = rb_gate_json(kb, &g);
    json_object_set_new(out, "findings", rb_findings_json(f, nf));
    text = json_dumps(out, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    puts(text);
    free(text);
    json_decref(out);
out:
    json_decref(doc);
    rb_arena_release(&a);
    rb_buf_release(&b);
    return rc;
}

int
rb_cmd_gate(int argc, char **argv)
{
    const char *data = NULL, *pos[3];
    struct rb_kb *kb;
    struct rb_err err;
    int npos = 0, rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        }
        if (strcmp(argv[i], "--data") == 0) {
            if (++i == argc) {
                return rb_cli_usage("gate", "--data needs a directory");
            }
            data = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return rb_cli_usage("gate", "unknown option '%s'", argv[i]);
        } else if (npos == 3) {
            return rb_cli_usage("gate", "too many arguments");
        } else {
            pos[npos++] = argv[i];
        }
    }
    if (npos < 3) {
        return rb_cli_usage("gate", "needs PROTOCOL PHASE FILE|-");
    }
    if (rb_kb_load(rb_cli_data(data), &kb, NULL, &err) != RB_OK) {
        fprintf(stderr, "rebound: gate: knowledge base: %s\n", err.msg);
        return RB_EXIT_FAIL;
    }
    rc = evaluate(kb, pos[0], pos[1], pos[2]);
    rb_kb_free(kb);
    return rc;
}
