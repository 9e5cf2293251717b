/*
 * cmd_clearance.c -- `rebound clearance add|list`: a client's medical
 * clearances from the command line.  Recording needs a staff member whose
 * credentials allow screening
 * (--as USER_ID); the JSON is checked like POST
 * /api/clients/{id}/clearances (docs/api.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

static const char usage_text[] =
    "usage: rebound clearance add --org ID --as USER_ID CLIENT_ID FILE|-\n"
    "       rebound clearance list --org ID CLIENT_ID\n"
    "   both take [--db PATH] [--data DIR]\n\n"
    "add records a clearance from the JSON object in FILE (or standard input\n"
    "for '-') as staff member USER_ID, whose credentials must allow\n"
    "screening; list prints the client's medical clearances as JSON.\n\n"
    "exit status: 0 done, 1 failure or refused by the scope rules (the\n"
    "refusal as JSON on stdout), 2 usage or bad input (one line).\n";

int
rb_cmd_clearance(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who;
    struct rb_clearance_row row, *rows;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *body = NULL;
    const char *sub;
    int64_t id;
    size_t n;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    sub = argv[1];
    if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0) {
        return rb_cli_usage("clearance", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("clearance", argc - 1, argv + 1, usage_text,
             strcmp(sub, "add") == 0 ? ",org,as," : ",org,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != (strcmp(sub, "add") == 0 ? 2 : 1)) {
        return rb_cli_usage("clearance", strcmp(sub, "add") == 0
                                             ? "add needs CLIENT_ID and FILE"
                                             : "list needs one CLIENT_ID");
    }
    if (!rb_cli_id("clearance", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (strcmp(sub, "add") == 0 &&
        (rc = rb_cli_read_json("clearance", o.args[1], &body)) != RB_EXIT_OK) {
        return rc;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        json_decref(body);
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (body != NULL) {
        if (rb_app_clearance_create(app, &who, id, body, &a, &row, &err)) {
            rc = rb_cli_refused(&err);
        } else {
            rb_cli_print_json(rb_render_clearance(&row));
        }
    } else if (rb_app_clearance_list(
                   app, &who, o.org, id, &a, &rows, &n, &err)) {
        rc = rb_cli_fail(&err);
    } else {
        json_t *list = json_array();

        for (size_t i = 0; i < n; i++) {
            json_array_append_new(list, rb_render_clearance(&rows[i]));
        }
        rb_cli_print_json(list);
    }
out:
    rb_arena_release(&a);
    json_decref(body);
    rb_app_close(app);
    return rc;
}
