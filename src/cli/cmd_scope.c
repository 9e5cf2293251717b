/*
 * cmd_scope.c -- `rebound scope check`: the scope-of-practice gate for a
 * staff member, a client and an action, as the API asks it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

static const char usage_text[] =
    "usage: rebound scope check --org ID --as USER_ID CLIENT_ID ACTION\n"
    "   takes [--db PATH] [--data DIR]\n\n"
    "May staff member USER_ID do ACTION (an action of the scope rules:\n"
    "screen, open_case, ...) for the client today?  Loads their\n"
    "credentials and the client's screening, clearances, injuries and\n"
    "consent, and prints the verdict as JSON.  Audited as scope.check.\n\n"
    "exit status: 0 allowed, 1 refused (the refusal as JSON on stdout --\n"
    "rule, message, unblock -- and one line on stderr) or failure, 2 usage\n"
    "or bad input (one line).\n";

int
rb_cmd_scope(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_scope_grant g;
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
    if (strcmp(argv[1], "check") != 0) {
        return rb_cli_usage("scope", "unknown subcommand '%s'", argv[1]);
    }
    if ((rc = rb_cli_parse_practice(
             "scope", argc - 1, argv + 1, usage_text, ",org,as,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != 2) {
        return rb_cli_usage("scope", "check needs CLIENT_ID and ACTION");
    }
    if (!rb_cli_id("scope", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (rb_app_scope_check(app, &who, id, o.args[1], &a, &g, &err) != RB_OK) {
        rc = rb_cli_refused(&err);
    } else {
        json_t *list = json_array();

        for (size_t i = 0; i < g.nrestrictions; i++) {
            json_array_append_new(list, json_string(g.restrictions[i]));
        }
        rb_cli_print_json(json_pack("{s:b, s:s, s:o, s:o}", "allowed", 1,
            "action", g.action, "restrictions", list, "clearance",
            g.has_clearance ? rb_render_clearance(&g.clearance) : json_null()));
    }
out:
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
