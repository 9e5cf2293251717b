/*
 * cmd_init.c -- `rebound init`: create or upgrade the database.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: rebound init [--db PATH] [--demo]\n\n"
    "Create the database if it does not exist, or bring an older one up to\n"
    "this version's schema (every row is kept).\n\n"
    "  --db PATH  database file (env REBOUND_DB, default " RB_DEFAULT_DB ")\n"
    "  --demo     add the demo practice when the database has none, and\n"
    "             print its logins\n";

int
rb_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"demo", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    bool demo = false;
    struct rb_app *app;
    struct rb_actor cli = rb_actor_cli();
    struct rb_arena a;
    struct rb_org *orgs;
    size_t norgs;
    struct rb_err err;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'D':
            demo = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(
                "init", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return rb_cli_usage("init", "unexpected argument '%s'", argv[optind]);
    }
    db = rb_cli_db(db);
    if ((rc = rb_cli_open(db, NULL, 1, &app)) != RB_EXIT_OK) {
        return rc;
    }
    printf("database %s is ready (schema version %d)\n", db,
        rb_store_schema_latest());
    rb_arena_init(&a);
    if (demo) {
        if (rb_app_org_list(app, &cli, &a, &orgs, &norgs, &err) != RB_OK) {
            rc = rb_cli_fail(&err);
        } else if (norgs > 0) {
            printf("the database already has %zu practice(s); no demo data "
                   "added\n",
                norgs);
        } else {
            const struct rb_demo_login *logins;
            size_t n;

            if (rb_app_seed_demo(app, &logins, &n, &err) != RB_OK) {
                rc = rb_cli_fail(&err);
            } else {
                printf("\ndemo practice created; log in with:\n");
                for (size_t i = 0; i < n; i++) {
                    printf("  %-26s %-20s %s\n", logins[i].email,
                        logins[i].password, logins[i].who);
                }
            }
        }
    }
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
