/*
 * cmd_credential.c -- `rebound credential add|list|verify` and
 * `rebound compliance`: practitioners' credentials from the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound credential add --org ID --user ID --kind KIND\n"
    "                              --issuer TEXT --number TEXT\n"
    "                              --issued YYYY-MM-DD --expires YYYY-MM-DD\n"
    "                              [--cpr-expires YYYY-MM-DD]\n"
    "                              [--ce-earned N] [--ce-required N]\n"
    "       rebound credential list --org ID [--user ID]\n"
    "       rebound credential verify ID --org ID --note TEXT\n"
    "       rebound compliance --org ID [--json]\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "Kinds are the rows of data/credentials.json (nasm_cpt, boc_atc, ...).\n"
    "A credential is self-reported until verified.  compliance lists every\n"
    "staff member, every credential and its status, what expires within 60\n"
    "days, and what each may do today under the scope rules.\n";

struct cred_opts {
    const char *db, *data, *kind, *issuer, *number, *note;
    int64_t org, user, issued, expires, cpr;
    double ce_earned, ce_required;
    bool json;
};

static int
parse(const char *cmd, int argc, char **argv, struct cred_opts *o)
{
    static const struct option opts[] = {
        {"org", required_argument, NULL, 'o'},
        {"user", required_argument, NULL, 'u'},
        {"kind", required_argument, NULL, 'k'},
        {"issuer", required_argument, NULL, 'i'},
        {"number", required_argument, NULL, 'n'},
        {"issued", required_argument, NULL, 'I'},
        {"expires", required_argument, NULL, 'E'},
        {"cpr-expires", required_argument, NULL, 'C'},
        {"ce-earned", required_argument, NULL, 'e'},
        {"ce-required", required_argument, NULL, 'r'},
        {"note", required_argument, NULL, 'N'},
        {"json", no_argument, NULL, 'j'},
        {"db", required_argument, NULL, 'd'},
        {"data", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int64_t *days[] = {&o->issued, &o->expires, &o->cpr};
    int c, k;
    char *end;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
        case 'u':
            if (!rb_cli_id(cmd, c == 'o' ? "--org" : "--user", optarg,
                    c == 'o' ? &o->org : &o->user)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'k':
            o->kind = optarg;
            break;
        case 'i':
            o->issuer = optarg;
            break;
        case 'n':
            o->number = optarg;
            break;
        case 'N':
            o->note = optarg;
            break;
        case 'I':
        case 'E':
        case 'C':
            k = c == 'I' ? 0 : c == 'E' ? 1 : 2;
            if (!rb_date_parse(optarg, days[k])) {
                return rb_cli_usage(
                    cmd, "dates are YYYY-MM-DD, not '%s'", optarg);
            }
            break;
        case 'e':
        case 'r':
            *(c == 'e' ? &o->ce_earned : &o->ce_required) =
                strtod(optarg, &end);
            if (*end != '\0' || end == optarg) {
                return rb_cli_usage(cmd, "'%s' is not a number", optarg);
            }
            break;
        case 'j':
            o->json = true;
            break;
        case 'd':
            o->db = optarg;
            break;
        case 'D':
            o->data = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -1;
}

static void
print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

    puts(text);
    free(text);
    json_decref(j);
}

static int64_t
today(void)
{
    return rb_clock_now_ms() / 86400000;
}

static int
compliance(struct rb_app *app, const struct cred_opts *o)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_err err;
    json_t *doc, *staff, *s;
    size_t i;

    if (rb_app_compliance(app, &cli, o->org, today(), &doc, &err) != RB_OK) {
        return rb_cli_fail(&err);
    }
    if (o->json) {
        print_json(doc);
        return RB_EXIT_OK;
    }
    staff = json_object_get(doc, "staff");
    json_array_foreach(staff, i, s)
    {
        json_t *user = json_object_get(s, "user"), *c, *al;
        size_t k;

        printf("%s <%s> (%s)\n", rb_json_str(user, "name"),
            rb_json_str(user, "email"), rb_json_str(user, "role"));
        json_array_foreach(json_object_get(s, "credentials"), k, c)
        {
            printf("  %-10s %-12s expires %s\n", rb_json_str(c, "status"),
                rb_json_str(c, "kind"), rb_json_str(c, "expires_on"));
        }
        json_array_foreach(json_object_get(s, "alerts"), k, al)
        {
            printf("  alert: %s\n", rb_json_str(al, "message"));
        }
        json_array_foreach(
            json_object_get(json_object_get(s, "today"), "refused"), k, al)
        {
            if (k == 0) {
                printf("  may not: %s (%s)\n", rb_json_str(al, "action"),
                    rb_json_str(al, "rule"));
            }
        }
    }
    json_decref(doc);
    return RB_EXIT_OK;
}

static int
credential(struct rb_app *app, const char *sub, const struct cred_opts *o,
    const char *id_arg)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_credential_row row, *rows;
    struct rb_arena a;
    struct rb_err err;
    size_t n;
    int64_t id;
    int rc = RB_EXIT_OK;

    rb_arena_init(&a);
    if (strcmp(sub, "add") == 0) {
        struct rb_credential in = {.kind = o->kind,
            .issuer = o->issuer,
            .number = o->number,
            .issued_day = o->issued,
            .expires_day = o->expires,
            .cpr_expires_day = o->cpr,
            .ce_earned = o->ce_earned,
            .ce_required = o->ce_required};
        if (rb_app_credential_add(
                app, &cli, o->org, o->user, &in, &a, &row, &err) != RB_OK) {
            rc = rb_cli_fail(&err);
        } else {
            print_json(rb_app_credential_json(app, &row, today()));
        }
    } else if (strcmp(sub, "list") == 0) {
        if (rb_app_credential_list(
                app, &cli, o->org, o->user, &a, &rows, &n, &err) != RB_OK) {
            rc = rb_cli_fail(&err);
        } else {
            json_t *list = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(
                    list, rb_app_credential_json(app, &rows[i], today()));
            }
            print_json(list);
        }
    } else if (!rb_cli_id("credential", "ID", id_arg, &id)) {
        rc = RB_EXIT_USAGE;
    } else if (rb_app_credential_verify(app, &cli, o->org, id, today(), o->note,
                   &a, &row, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        print_json(rb_app_credential_json(app, &row, today()));
    }
    rb_arena_release(&a);
    return rc;
}

static int
run(const char *cmd, int argc, char **argv)
{
    struct cred_opts o = {0};
    const char *sub = strcmp(cmd, "compliance") == 0 ? "compliance" : argv[1];
    int skip = strcmp(cmd, "compliance") == 0 ? 0 : 1;
    struct rb_app *app;
    int rc, rest;

    if ((rc = parse(cmd, argc - skip, argv + skip, &o)) != -1) {
        return rc;
    }
    rest = argc - skip - optind;
    if (o.org == 0) {
        return rb_cli_usage(cmd, "needs --org ID");
    }
    if (strcmp(sub, "add") == 0 &&
        (!o.user || !o.kind || !o.issuer || !o.number || !o.issued ||
            !o.expires || rest != 0)) {
        return rb_cli_usage(cmd, "add needs --user, --kind, --issuer, "
                                 "--number, --issued and --expires");
    }
    if (strcmp(sub, "verify") == 0 && (rest != 1 || o.note == NULL)) {
        return rb_cli_usage(cmd, "verify needs one ID and --note");
    }
    if ((strcmp(sub, "list") == 0 || strcmp(sub, "compliance") == 0) &&
        rest != 0) {
        return rb_cli_usage(cmd, "unexpected argument");
    }
    if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "verify") &&
        strcmp(sub, "compliance")) {
        return rb_cli_usage(cmd, "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rc = strcmp(sub, "compliance") == 0
             ? compliance(app, &o)
             : credential(app, sub, &o, rest == 1 ? argv[skip + optind] : NULL);
    rb_app_close(app);
    return rc;
}

int
rb_cmd_credential(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    return run("credential", argc, argv);
}

int
rb_cmd_compliance(int argc, char **argv)
{
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    return run("compliance", argc, argv);
}
