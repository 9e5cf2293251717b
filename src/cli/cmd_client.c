/*
 * cmd_client.c -- `rebound client intake|show`: a client's intake profile
 * from the command line (the PUT /api/clients/{id}/intake body).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"
#include "util/json.h"

static const char usage_text[] =
    "usage: rebound client intake --org ID CLIENT_ID FILE|-\n"
    "       rebound client show --org ID CLIENT_ID [--json]\n"
    "   both take [--db PATH] [--data DIR]\n\n"
    "intake replaces the client's intake profile with the JSON object in\n"
    "FILE (or standard input for '-'), checked like PUT\n"
    "/api/clients/{id}/intake (docs/api.md), and prints it.  show prints\n"
    "the client's record and intake (audited as client.read).\n\n"
    "exit status: 0 done, 1 failure, 2 usage or bad input (one line).\n";

static int
intake(struct rb_app *app, const struct rb_cli_practice *o, int64_t id,
    json_t *body)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_intake in;
    struct rb_arena a;
    struct rb_err err;
    int rc = RB_EXIT_OK;

    rb_arena_init(&a);
    if (rb_app_intake_put(app, &cli, o->org, id, body, &a, &in, &err) !=
        RB_OK) {
        rc = rb_cli_fail_field(&err);
    } else {
        rb_cli_print_json(rb_render_intake(&in));
    }
    rb_arena_release(&a);
    return rc;
}

static int
show(struct rb_app *app, const struct rb_cli_practice *o, int64_t id)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_client c;
    struct rb_intake in;
    struct rb_arena a;
    struct rb_err err;
    json_t *doc, *cj, *ij;
    int rc = RB_EXIT_OK;

    rb_arena_init(&a);
    if (rb_app_client_get_full(app, &cli, o->org, id, &a, &c, &in, &err) !=
        RB_OK) {
        rb_arena_release(&a);
        return rb_cli_fail(&err);
    }
    cj = rb_render_client(&c);
    ij = rb_render_intake(&in);
    doc = json_pack("{s:o, s:o}", "client", cj, "intake", ij);
    if (o->json) {
        rb_cli_print_json(doc);
    } else {
        const char *key;
        json_t *v;

        printf("client %lld: %s %s\n", (long long)c.id,
            rb_json_str(cj, "first_name"), rb_json_str(cj, "last_name"));
        json_object_foreach(ij, key, v)
        {
            char *text;

            if (json_is_null(v)) {
                continue;
            }
            text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            printf("  %-22s %s\n", key,
                json_is_string(v) ? json_string_value(v) : text);
            free(text);
        }
        json_decref(doc);
    }
    rb_arena_release(&a);
    return rc;
}

int
rb_cmd_client(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    json_t *body = NULL;
    struct rb_app *app;
    const char *sub;
    int64_t id;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    sub = argv[1];
    if (strcmp(sub, "intake") != 0 && strcmp(sub, "show") != 0) {
        return rb_cli_usage("client", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("client", argc - 1, argv + 1, usage_text,
             strcmp(sub, "show") == 0 ? ",org,json," : ",org,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != (strcmp(sub, "show") == 0 ? 1 : 2)) {
        return rb_cli_usage("client", strcmp(sub, "show") == 0
                                          ? "show needs one CLIENT_ID"
                                          : "intake needs CLIENT_ID and FILE");
    }
    if (!rb_cli_id("client", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (strcmp(sub, "intake") == 0 &&
        (rc = rb_cli_read_json("client", o.args[1], &body)) != RB_EXIT_OK) {
        return rc;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        json_decref(body);
        return rc;
    }
    rc = body ? intake(app, &o, id, body) : show(app, &o, id);
    json_decref(body);
    rb_app_close(app);
    return rc;
}
