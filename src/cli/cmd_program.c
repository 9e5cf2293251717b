/*
 * cmd_program.c -- `rebound program` and `rebound recommendation`: a
 * client's program from the command line, as the API's program routes
 * make and read it (docs/api.md#programs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char program_usage[] =
    "usage: rebound program generate --org ID --as USER_ID CLIENT_ID [FILE|-]\n"
    "       rebound program show --org ID CLIENT_ID [--version N]\n"
    "       rebound program versions --org ID CLIENT_ID\n"
    "       rebound program edit --org ID --as USER_ID CLIENT_ID FILE|-\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "generate builds the client's program from the stored record with the\n"
    "program engine, as staff member USER_ID (their credentials decide the\n"
    "scope), and saves it as the next version; FILE may give {\"start\",\n"
    "\"weeks\", \"save\"}.  show prints the current version (or --version N)\n"
    "with its program; versions lists them; edit applies the edits of FILE\n"
    "({\"edits\": [{\"op\": \"swap\"|\"dose\"|\"remove\", \"exercise\", ...,\n"
    "\"reason\"}]}) as a new version.  Everything prints JSON.\n\n"
    "exit status: 0 done, 1 failure or refused by the scope rules (the\n"
    "refusal as JSON on stdout), 2 usage or bad input (one line).\n";

static const char rec_usage[] =
    "usage: rebound recommendation list --org ID CLIENT_ID\n"
    "       rebound recommendation decide --org ID --as USER_ID ID "
    "accept|decline\n"
    "   both take [--db PATH] [--data DIR]\n\n"
    "list prints the client's recommendations from the adjustment rules\n"
    "(made when sessions and check-ins are logged); decide accepts one (a\n"
    "new program version) or declines it, as staff member USER_ID.\n\n"
    "exit status: 0 done, 1 failure (e.g. decided already), 2 usage or bad\n"
    "input (one line).\n";

static bool
help(int argc, char **argv, const char *text, int *rc)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(text, argc < 2 ? stderr : stdout);
        *rc = argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
        return true;
    }
    return false;
}

int
rb_cmd_program(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who = rb_actor_cli();
    const char *sub;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *body = NULL, *out = NULL;
    int64_t id;
    bool writes;
    enum rb_status st;
    int rc;

    if (help(argc, argv, program_usage, &rc)) {
        return rc;
    }
    sub = argv[1];
    writes = strcmp(sub, "generate") == 0 || strcmp(sub, "edit") == 0;
    if (!writes && strcmp(sub, "show") != 0 && strcmp(sub, "versions") != 0) {
        return rb_cli_usage("program", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("program", argc - 1, argv + 1,
             program_usage,
             writes                     ? ",org,as,"
             : strcmp(sub, "show") == 0 ? ",org,version,"
                                        : ",org,",
             &o)) != -1) {
        return rc;
    }
    if (o.nargs < 1 || o.nargs > (writes ? 2 : 1) ||
        (strcmp(sub, "edit") == 0 && o.nargs != 2)) {
        return rb_cli_usage("program", "%s needs CLIENT_ID%s", sub,
            strcmp(sub, "edit") == 0       ? " and FILE"
            : strcmp(sub, "generate") == 0 ? " [FILE]"
                                           : "");
    }
    if (!rb_cli_id("program", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (o.nargs == 2 && (rc = rb_cli_read_json("program", o.args[1], &body))) {
        return rc;
    }
    if (body == NULL) {
        body = json_object();
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        json_decref(body);
        return rc;
    }
    rb_arena_init(&a);
    who.user.org_id = o.org;
    if (writes && (rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    st = strcmp(sub, "generate") == 0
             ? rb_app_program_generate(app, &who, id, body, &a, &out, &err)
         : strcmp(sub, "edit") == 0
             ? rb_app_program_edit(app, &who, id, body, &a, &out, &err)
         : strcmp(sub, "show") == 0
             ? rb_app_program_get(
                   app, &who, o.org, id, o.version, &a, &out, &err)
             : rb_app_program_versions(app, &who, o.org, id, &a, &out, &err);
    if (st != RB_OK) {
        rc = writes ? rb_cli_refused(&err) : rb_cli_fail(&err);
    } else {
        rb_cli_print_json(out);
    }
out:
    rb_arena_release(&a);
    json_decref(body);
    rb_app_close(app);
    return rc;
}

int
rb_cmd_recommendation(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who = rb_actor_cli();
    const char *sub;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *out = NULL, *body = NULL;
    int64_t id;
    bool decide;
    enum rb_status st;
    int rc;

    if (help(argc, argv, rec_usage, &rc)) {
        return rc;
    }
    sub = argv[1];
    decide = strcmp(sub, "decide") == 0;
    if (!decide && strcmp(sub, "list") != 0) {
        return rb_cli_usage("recommendation", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("recommendation", argc - 1, argv + 1,
             rec_usage, decide ? ",org,as," : ",org,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != (decide ? 2 : 1)) {
        return rb_cli_usage("recommendation", "%s",
            decide ? "decide needs ID and accept or decline"
                   : "list needs one CLIENT_ID");
    }
    if (!rb_cli_id(
            "recommendation", decide ? "ID" : "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (decide && strcmp(o.args[1], "accept") != 0 &&
        strcmp(o.args[1], "decline") != 0) {
        return rb_cli_usage(
            "recommendation", "say accept or decline, not '%s'", o.args[1]);
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    who.user.org_id = o.org;
    if (decide && (rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (decide) {
        body = json_pack("{s:b}", "accept", strcmp(o.args[1], "accept") == 0);
        st = rb_app_recommendation_decide(app, &who, id, body, &a, &out, &err);
    } else {
        st = rb_app_recommendation_list(
            app, &who, o.org, id, NULL, &a, &out, &err);
    }
    if (st != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        rb_cli_print_json(out);
    }
out:
    rb_arena_release(&a);
    json_decref(body);
    rb_app_close(app);
    return rc;
}
