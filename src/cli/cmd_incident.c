/*
 * cmd_incident.c -- `rebound incident create|edit|sign|amend|list|show`:
 * the practice's incident reports from the command line.  Reading acts as
 * an owner would; writing acts as a named staff member (--as).
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
    "       rebound incident create --org ID --as USER_ID FILE|-\n"
    "       rebound incident edit --org ID --as USER_ID ID FILE|-\n"
    "       rebound incident sign --org ID --as USER_ID ID\n"
    "       rebound incident amend --org ID --as USER_ID ID FILE|-\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "list prints every incident report of the practice; show one report\n"
    "with its amendments (JSON).  create records a report from the JSON\n"
    "object in FILE (or standard input for '-'; fields as POST\n"
    "/api/incidents: client_id, occurred_at, location, description,\n"
    "actions_taken, referral); edit changes an unsigned report; sign signs\n"
    "it once (its reporter, an owner or an admin); after that the text of\n"
    "FILE may only be appended as an amendment.  Every call is audited.\n\n"
    "exit status: 0 done, 1 failure (e.g. already signed), 2 usage or bad\n"
    "input (one line).\n";

/* The subcommands: options allowed and operands taken (ID, FILE). */
static const struct {
    const char *name, *allow;
    int nargs;
    bool has_id, has_file;
} subs[] = {
    {"list", ",org,json,", 0, false, false},
    {"show", ",org,", 1, true, false},
    {"create", ",org,as,", 1, false, true},
    {"edit", ",org,as,", 2, true, true},
    {"sign", ",org,as,", 1, true, false},
    {"amend", ",org,as,", 2, true, true},
};

/* create, edit and amend: the body comes from FILE. */
static int
write_report(struct rb_app *app, const struct rb_actor *who, const char *sub,
    int64_t id, const char *file)
{
    struct rb_incident_row row;
    struct rb_incident_amendment am;
    struct rb_arena a;
    struct rb_err err;
    json_t *body = NULL;
    char *text = NULL;
    int rc;

    if (strcmp(sub, "amend") == 0
            ? (rc = rb_cli_read_text("incident", file, &text)) != RB_EXIT_OK
            : (rc = rb_cli_read_json("incident", file, &body)) != RB_EXIT_OK) {
        return rc;
    }
    rb_arena_init(&a);
    if (strcmp(sub, "amend") == 0) {
        if (rb_app_incident_amend(app, who, id, text, &a, &am, &err)) {
            rc = rb_cli_fail_field(&err);
        } else {
            rb_cli_print_json(rb_render_amendment(&am));
        }
    } else if (strcmp(sub, "create") == 0
                   ? rb_app_incident_create(app, who, body, &a, &row, &err)
                   : rb_app_incident_update(
                         app, who, id, body, &a, &row, &err)) {
        rc = rb_cli_fail_field(&err);
    } else {
        rb_cli_print_json(rb_render_incident(&row));
    }
    rb_arena_release(&a);
    json_decref(body);
    free(text);
    return rc;
}

static int
run(struct rb_app *app, const char *sub, const struct rb_cli_practice *o,
    int64_t id, const char *file)
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
    } else if (strcmp(sub, "sign") == 0) {
        if (rb_app_incident_sign(app, &who, o->org, id, &a, &row, &err)) {
            rc = rb_cli_fail(&err);
        } else {
            rb_cli_print_json(rb_render_incident(&row));
        }
    } else {
        rc = write_report(app, &who, sub, id, file);
    }
    rb_arena_release(&a);
    return rc;
}

int
rb_cmd_incident(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_app *app;
    const char *sub, *file = NULL;
    int64_t id = 0;
    size_t k = 0;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    sub = argv[1];
    while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, sub)) {
        k++;
    }
    if (k == sizeof(subs) / sizeof(subs[0])) {
        return rb_cli_usage("incident", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("incident", argc - 1, argv + 1, usage_text,
             subs[k].allow, &o)) != -1) {
        return rc;
    }
    if (o.nargs != subs[k].nargs) {
        return rb_cli_usage("incident", "%s needs %s", sub,
            subs[k].nargs == 0                   ? "no operand"
            : subs[k].has_id && subs[k].has_file ? "an incident ID and a FILE"
            : subs[k].has_id                     ? "one incident ID"
                                                 : "one FILE");
    }
    if (subs[k].has_id && !rb_cli_id("incident", "ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (subs[k].has_file) {
        file = o.args[o.nargs - 1];
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rc = run(app, sub, &o, id, file);
    rb_app_close(app);
    return rc;
}
