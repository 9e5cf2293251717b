/*
 * cmd_history.c -- `rebound injury|clearance|screening add|list` (and
 * `injury update`): the parts of a client's history that are recorded as
 * JSON documents.
 *
 * The three commands differ only in the record they touch, so one runner
 * serves them from the table the API uses too (rb_history_kinds).  Recording
 * needs a staff member whose credentials allow screening (--as USER_ID); the
 * JSON is checked exactly like the matching POST /api/clients/{id}/...
 * (docs/api.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

struct history_cli {
    enum rb_history kind;
    const char *what;      /* for the usage text: "an injury" */
    const char *list_what; /* "the client's injury history" */
};

/* The use cases and renderings are shared with the API (http/h_intake.c). */
static const struct history_cli kinds[] = {
    {RB_HISTORY_INJURY, "an injury", "the client's injury history"},
    {RB_HISTORY_CLEARANCE, "a medical clearance",
        "the client's medical clearances"},
    {RB_HISTORY_SCREENING,
        "a pre-participation screen (the 'rebound screen' input)",
        "the client's stored screenings"},
};

static void
usage_text(const struct history_cli *c, char *buf, size_t n)
{
    snprintf(buf, n,
        "usage: rebound %s add --org ID --as USER_ID CLIENT_ID FILE|-\n"
        "       rebound %s list --org ID CLIENT_ID\n"
        "%s"
        "   all take [--db PATH] [--data DIR]\n\n"
        "add records %s from the JSON object in FILE (or standard\n"
        "input for '-') as staff member USER_ID, whose credentials must\n"
        "allow screening; list prints %s as JSON.%s\n\n"
        "exit status: 0 done, 1 failure or refused by the scope rules (the\n"
        "refusal as JSON on stdout), 2 usage or bad input (one line).\n",
        rb_history_kinds[c->kind].name, rb_history_kinds[c->kind].name,
        c->kind == RB_HISTORY_INJURY
            ? "       rebound injury update --org ID --as USER_ID INJURY_ID "
              "FILE|-\n"
            : "",
        c->what, c->list_what,
        c->kind == RB_HISTORY_INJURY
            ? "\nupdate changes an injury's status, restrictions and/or\n"
              "notes (fields as PATCH /api/injuries/{id})."
            : "");
}

static int
run(const struct history_cli *c, int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *body = NULL, *out = NULL;
    char text[2048];
    bool add, update;
    int64_t id;
    int rc;

    const struct rb_history_kind *k = &rb_history_kinds[c->kind];

    usage_text(c, text, sizeof(text));
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    update = c->kind == RB_HISTORY_INJURY && strcmp(argv[1], "update") == 0;
    if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0 &&
        !update) {
        return rb_cli_usage(k->name, "unknown subcommand '%s'", argv[1]);
    }
    add = strcmp(argv[1], "add") == 0 || update;
    if ((rc = rb_cli_parse_practice(k->name, argc - 1, argv + 1, text,
             add ? ",org,as," : ",org,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != (add ? 2 : 1)) {
        return rb_cli_usage(k->name, update ? "update needs INJURY_ID and FILE"
                                     : add  ? "add needs CLIENT_ID and FILE"
                                            : "list needs one CLIENT_ID");
    }
    if (!rb_cli_id(
            k->name, update ? "INJURY_ID" : "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (add && (rc = rb_cli_read_json(k->name, o.args[1], &body))) {
        return rc;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        json_decref(body);
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto done;
    }
    if (update) {
        struct rb_injury_row row;

        if (rb_app_injury_update(app, &who, id, body, &a, &row, &err)) {
            rc = rb_cli_refused(&err);
        } else {
            rb_cli_print_json(rb_render_injury(&row));
        }
    } else if (add ? k->add(app, &who, id, body, &a, &out, &err)
                   : k->list(app, &who, o.org, id, &a, &out, &err)) {
        rc = add ? rb_cli_refused(&err) : rb_cli_fail(&err);
    } else {
        rb_cli_print_json(out);
    }
done:
    rb_arena_release(&a);
    json_decref(body);
    rb_app_close(app);
    return rc;
}

int
rb_cmd_injury(int argc, char **argv)
{
    return run(&kinds[0], argc, argv);
}

int
rb_cmd_clearance(int argc, char **argv)
{
    return run(&kinds[1], argc, argv);
}

int
rb_cmd_screening(int argc, char **argv)
{
    return run(&kinds[2], argc, argv);
}
