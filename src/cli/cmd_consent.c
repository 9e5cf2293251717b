/*
 * cmd_consent.c -- `rebound consent publish|show|sign`: the practice's consent
 * form and clients' signatures from the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

static const char usage_text[] =
    "usage: rebound consent publish --org ID FILE|-\n"
    "       rebound consent show --org ID\n"
    "       rebound consent sign --org ID CLIENT_ID --version N "
    "--signer NAME\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "publish makes the text of FILE (or standard input for '-') the\n"
    "practice's new consent version; show prints the current version (its\n"
    "number, body and date) as JSON.  sign records a client's signature\n"
    "of version N, which must be the current one.\n\n"
    "exit status: 0 done, 1 failure (e.g. an outdated version), 2 usage or\n"
    "bad input (one line).\n";

int
rb_cmd_consent(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor cli = rb_actor_cli();
    struct rb_consent_version v;
    struct rb_consent_signature sig;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    char *text = NULL;
    const char *sub;
    int64_t id = 0;
    int rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? RB_EXIT_USAGE : RB_EXIT_OK;
    }
    sub = argv[1];
    if (strcmp(sub, "publish") != 0 && strcmp(sub, "sign") != 0 &&
        strcmp(sub, "show") != 0) {
        return rb_cli_usage("consent", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_parse_practice("consent", argc - 1, argv + 1, usage_text,
             strcmp(sub, "sign") == 0 ? ",org,version,signer," : ",org,",
             &o)) != -1) {
        return rc;
    }
    if (strcmp(sub, "show") == 0 ? o.nargs != 0 : o.nargs != 1) {
        return rb_cli_usage(
            "consent", strcmp(sub, "show") == 0   ? "show takes no operand"
                       : strcmp(sub, "sign") == 0 ? "sign needs one CLIENT_ID"
                                                  : "publish needs one FILE");
    }
    if (strcmp(sub, "sign") == 0) {
        if (!rb_cli_id("consent", "CLIENT_ID", o.args[0], &id)) {
            return RB_EXIT_USAGE;
        }
        if (o.version == 0 || o.signer == NULL) {
            return rb_cli_usage("consent", "sign needs --version and --signer");
        }
    } else if (strcmp(sub, "publish") == 0 &&
               (rc = rb_cli_read_text("consent", o.args[0], &text))) {
        return rc;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        free(text);
        return rc;
    }
    rb_arena_init(&a);
    if (strcmp(sub, "show") == 0) {
        if (rb_app_consent_current(app, &cli, o.org, &a, &v, &err)) {
            rc = rb_cli_fail(&err);
        } else {
            rb_cli_print_json(rb_render_consent(&v));
        }
    } else if (text != NULL) {
        if (rb_app_consent_create(app, &cli, o.org, text, &a, &v, &err)) {
            rc = rb_cli_fail_field(&err);
        } else {
            rb_cli_print_json(rb_render_consent(&v));
        }
    } else if (rb_app_consent_sign(
                   app, &cli, o.org, id, o.version, o.signer, &a, &sig, &err)) {
        rc = rb_cli_fail_field(&err);
    } else {
        rb_cli_print_json(rb_render_signature(&sig));
    }
    rb_arena_release(&a);
    free(text);
    rb_app_close(app);
    return rc;
}
