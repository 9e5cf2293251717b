/*
 * cmd_attention.c -- `rebound attention`: who needs attention today, as
 * GET /api/attention answers it, for the practice or one practitioner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_text[] =
    "usage: rebound attention --org ID [--as USER_ID] [--json]\n"
    "   takes [--db PATH] [--data DIR]\n\n"
    "List the clients who need attention today, most urgent first, each\n"
    "with its reasons: open red flags and pending clearances, pain above\n"
    "the pain-monitoring limit, load spikes, recommended program changes,\n"
    "missed sessions, gates ready to test, overdue next-morning check-ins,\n"
    "clearances ending within 60 days.  With --as, the list that staff\n"
    "member sees (a practitioner: their own clients); without, the whole\n"
    "practice.  --json prints the API's JSON.\n\n"
    "exit status: 0 done, 1 failure, 2 usage or bad input (one line).\n";

static void
print_text(const json_t *doc)
{
    const json_t *c, *r;
    size_t i, k;

    printf("%s: %lld client%s need%s attention (of %lld)\n",
        json_string_value(json_object_get(doc, "date")),
        (long long)json_array_size(json_object_get(doc, "clients")),
        json_array_size(json_object_get(doc, "clients")) == 1 ? "" : "s",
        json_array_size(json_object_get(doc, "clients")) == 1 ? "s" : "",
        (long long)json_integer_value(json_object_get(doc, "clients_checked")));
    json_array_foreach(json_object_get(doc, "clients"), i, c)
    {
        printf("\n%3lld  %s %s (client %lld)\n",
            (long long)json_integer_value(json_object_get(c, "score")),
            json_string_value(json_object_get(c, "first_name")),
            json_string_value(json_object_get(c, "last_name")),
            (long long)json_integer_value(json_object_get(c, "client_id")));
        json_array_foreach(json_object_get(c, "reasons"), k, r)
        {
            printf("     - %s: %s\n",
                json_string_value(json_object_get(r, "kind")),
                json_string_value(json_object_get(r, "message")));
        }
    }
    printf("\n%s\n", json_string_value(json_object_get(doc, "note")));
}

int
rb_cmd_attention(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who = rb_actor_cli();
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *doc = NULL;
    int rc;

    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    if ((rc = rb_cli_parse_practice("attention", argc, argv, usage_text,
             ",org,as?,json,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != 0) {
        return rb_cli_usage("attention", "unexpected argument '%s'", o.args[0]);
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    who.user.org_id = o.org;
    if (o.as != 0 && (rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (rb_app_attention(app, &who, o.org, 0, &a, &doc, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else if (o.json) {
        rb_cli_print_json(doc);
    } else {
        print_text(doc);
        json_decref(doc);
    }
out:
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
