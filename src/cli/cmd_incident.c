/*
 * cmd_incident.c -- `rebound incident list|show|sign`: the practice's
 * incident reports from the command line (as an owner would see them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"
#include "util/json.h"

static const char usage_text[] =
    "usage: rebound incident list --org ID [--json]\n"
    "       rebound incident show --org ID ID\n"
    "       rebound incident sign --org ID --as USER_ID ID\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "list prints every incident report of the practice; show one report\n"
    "with its amendments (JSON); sign signs a report once as staff member\n"
    "USER_ID -- its reporter, an owner or an admin -- and after that only\n"
    "amendments may be added, through the API.  Every call is audited.\n\n"
    "exit status: 0 done, 1 failure (e.g. already signed), 2 usage or bad\n"
    "input (one line).\n";

static int
run(struct rb_app *app, const char *sub, const struct rb_cli_practice *o,
    int64_t id)
{
    struct rb_actor cli = rb_actor_cli(), who;
    struct rb_incident_row row, *rows;
    struct rb_incident_amendment *am;
    struct rb_arena a;
    struct rb_err err;
    size_t n;
    int rc = RB_EXIT_OK;

    rb_arena_init(&a);
    if (strcmp(sub, "list") == 0) {
        if (rb_app_incident_list(app, &cli, o->org, &a, &rows, &n, &err)) {
            rc = rb_cli_fail(&err);
        } else if (o->json) {
            json_t *list = json_array();

            for (size_t i = 0; i < n; i++) {
                json_array_append_new(list, rb_render_incident(&rows[i]));
            }
            rb_cli_print_json(list);
        } else {
            for (size_t i = 0; i < n; i++) {
                printf("%lld  %-16s %-8s %s\n", (long long)rows[i].id,
                    rows[i].occurred_at,
                    rows[i].signed_ms ? "signed" : "unsigned",
                    rows[i].location);
            }
        }
    } else if (strcmp(sub, "show") == 0) {
        if (rb_app_incident_get(
                app, &cli, o->org, id, &a, &row, &am, &n, &err)) {
            rc = rb_cli_fail(&err);
        } else {
            json_t *doc = rb_render_incident(&row), *list = json_array();

            for (size_t i = 0; i < n; i++) {
                json_array_append_new(list, rb_render_amendment(&am[i]));
            }
            json_object_set_new(doc, "amendments", list);
            rb_cli_print_json(doc);
        }
    } else if ((rc = rb_cli_actor(app, o, &a, &who)) != RB_EXIT_OK) {
        /* reported by rb_cli_actor() */
    } else if (rb_app_incident_sign(app, &who, o->org, id, &a, &row, &err)) {
        rc = rb_cli_fail(&err);
    } else {
        rb_cli_print_json(rb_render_incident(&row));
    }
    rb_arena_release(&a);
    return rc;
}

int
rb_cmd_incident(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_app *app;
    const char *sub;
    int64_t id = 0;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    sub = argv[1];
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "sign")) {
        return rb_cli_usage("incident", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("incident", argc - 1, argv + 1, usage_text,
             strcmp(sub, "list") == 0   ? ",org,json,"
             : strcmp(sub, "sign") == 0 ? ",org,as,"
                                        : ",org,",
             &o)) != -1) {
        return rc;
    }
    if (strcmp(sub, "list") == 0 ? o.nargs != 0 : o.nargs != 1) {
        return rb_cli_usage("incident", strcmp(sub, "list") == 0
                                            ? "unexpected argument"
                                            : "needs one incident ID");
    }
    if (o.nargs == 1 && !rb_cli_id("incident", "ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rc = run(app, sub, &o, id);
    rb_app_close(app);
    return rc;
}
