/*
 * cmd_case.c -- `rebound case open|list`: open an injury case on a
 * protocol, behind the scope gate, and list a client's cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

static const char usage_text[] =
    "usage: rebound case open --org ID --as USER_ID CLIENT_ID --injury N\n"
    "                         --protocol P\n"
    "       rebound case list --org ID CLIENT_ID\n"
    "   both take [--db PATH] [--data DIR]\n\n"
    "open opens a case for the client's injury N on protocol P (its first\n"
    "phase), as staff member USER_ID, only when the scope check for\n"
    "open_case passes, and prints the case as JSON.  list prints the\n"
    "client's cases, open and closed, as JSON.\n\n"
    "exit status: 0 opened, 1 refused (the refusal as JSON on stdout) or\n"
    "failure, 2 usage or bad input (one line).\n";

int
rb_cmd_case(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_case_row row, *rows;
    struct rb_actor cli = rb_actor_cli();
    size_t n;
    bool list;
    struct rb_actor who;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    int64_t id;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    if (strcmp(argv[1], "open") != 0 && strcmp(argv[1], "list") != 0) {
        return rb_cli_usage("case", "unknown subcommand '%s'", argv[1]);
    }
    list = strcmp(argv[1], "list") == 0;
    if ((rc = rb_cli_parse_practice("case", argc - 1, argv + 1, usage_text,
             list ? ",org," : ",org,as,injury,protocol,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != 1) {
        return rb_cli_usage("case", "%s needs one CLIENT_ID", argv[1]);
    }
    if (!rb_cli_id("case", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (!list && (o.injury == 0 || o.protocol == NULL)) {
        return rb_cli_usage("case", "open needs --injury and --protocol");
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    if (list) {
        cli.user.org_id = o.org;
        if (rb_app_case_list(app, &cli, id, &a, &rows, &n, &err) != RB_OK) {
            rc = rb_cli_fail(&err);
        } else {
            json_t *items = json_array();

            for (size_t i = 0; i < n; i++) {
                json_array_append_new(items, rb_render_case(&rows[i]));
            }
            rb_cli_print_json(items);
        }
        goto out;
    }
    if ((rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (rb_app_case_open(app, &who, id, o.injury, o.protocol, &a, &row, &err) !=
        RB_OK) {
        rc = rb_cli_refused(&err);
    } else {
        rb_cli_print_json(rb_render_case(&row));
    }
out:
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
