/*
 * cmd_org.c -- `rebound org create|list`: practices on this server.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound org create --name NAME --kind gym|clinic|solo\n"
    "                          --owner-email EMAIL --owner-name NAME\n"
    "                          [--password-stdin] [--db PATH]\n"
    "       rebound org list [--db PATH]\n\n"
    "create  a practice and its owner.  The owner's password is read from\n"
    "        standard input with --password-stdin; otherwise one is made up\n"
    "        and printed once.\n"
    "list    every practice on this server.\n";

static int
org_create(int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"kind", required_argument, NULL, 'k'},
        {"owner-email", required_argument, NULL, 'e'},
        {"owner-name", required_argument, NULL, 'o'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL, *kind = NULL, *email = NULL, *owner = NULL;
    const char *db = NULL;
    bool from_stdin = false;
    char password[256];
    struct rb_app *app;
    struct rb_actor cli = rb_actor_cli();
    int64_t org_id, owner_id;
    struct rb_err err;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            name = optarg;
            break;
        case 'k':
            kind = optarg;
            break;
        case 'e':
            email = optarg;
            break;
        case 'o':
            owner = optarg;
            break;
        case 'p':
            from_stdin = true;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage("org", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!name || !kind || !email || !owner) {
        return rb_cli_usage("org",
            "create needs --name, --kind, --owner-email and --owner-name");
    }
    if (from_stdin) {
        if (!rb_cli_read_line(password, sizeof(password))) {
            return rb_cli_usage("org", "no password on standard input");
        }
    } else {
        /* 96 random bits as hex: strong, and easy to paste. */
        FILE *f = fopen("/dev/urandom", "rb");
        unsigned char raw[12];
        if (f == NULL || fread(raw, 1, sizeof(raw), f) != sizeof(raw)) {
            if (f) {
                fclose(f);
            }
            fprintf(stderr, "rebound: cannot read /dev/urandom\n");
            return RB_EXIT_FAIL;
        }
        fclose(f);
        rb_hex_encode(raw, sizeof(raw), password);
    }
    if ((rc = rb_cli_open(rb_cli_db(db), NULL, 1, &app))) {
        return rc;
    }
    if (rb_app_org_create(app, &cli, name, kind, email, owner, password,
            &org_id, &owner_id, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        printf("practice %lld created; owner %s (user %lld)\n",
            (long long)org_id, email, (long long)owner_id);
        if (!from_stdin) {
            printf("owner password: %s\n", password);
        }
    }
    rb_app_close(app);
    return rc;
}

static int
org_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    struct rb_app *app;
    struct rb_actor cli = rb_actor_cli();
    struct rb_arena a;
    struct rb_org *orgs;
    size_t n;
    struct rb_err err;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage("org", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if ((rc = rb_cli_open(rb_cli_db(db), NULL, 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    if (rb_app_org_list(app, &cli, &a, &orgs, &n, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        printf("%-6s %-8s %s\n", "ID", "KIND", "NAME");
        for (size_t i = 0; i < n; i++) {
            printf("%-6lld %-8s %s\n", (long long)orgs[i].id, orgs[i].kind,
                orgs[i].name);
        }
    }
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}

int
rb_cmd_org(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return RB_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    if (strcmp(argv[1], "create") == 0) {
        return org_create(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "list") == 0) {
        return org_list(argc - 1, argv + 1);
    }
    return rb_cli_usage("org", "unknown subcommand '%s'", argv[1]);
}
