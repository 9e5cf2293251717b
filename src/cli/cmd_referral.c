/*
 * cmd_referral.c -- `rebound referral`: a client's referral letter to a
 * physician or physical therapist, as HTML on standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"

static const char usage_text[] =
    "usage: rebound referral --org ID --as USER_ID CLIENT_ID\n"
    "                        --to physician|physical_therapist\n"
    "   takes [--db PATH] [--data DIR]\n\n"
    "Write the referral letter for the client, signed by staff member\n"
    "USER_ID, as an HTML page on standard output (the same letter as GET\n"
    "/api/clients/{id}/referral).  Audited as referral.create.\n\n"
    "exit status: 0 written, 1 failure, 2 usage or bad input (one line).\n";

int
rb_cmd_referral(int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_referral f;
    struct rb_actor who;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    const char *html;
    size_t len;
    int64_t id;
    int rc;

    if (argc < 2) {
        fputs(usage_text, stderr);
        return RB_EXIT_USAGE;
    }
    if ((rc = rb_cli_parse_practice(
             "referral", argc, argv, usage_text, ",org,as,to,", &o)) != -1) {
        return rc;
    }
    if (o.nargs != 1) {
        return rb_cli_usage("referral", "needs one CLIENT_ID");
    }
    if (!rb_cli_id("referral", "CLIENT_ID", o.args[0], &id)) {
        return RB_EXIT_USAGE;
    }
    if (o.to == NULL) {
        return rb_cli_usage(
            "referral", "needs --to physician|physical_therapist");
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = rb_cli_actor(app, &o, &a, &who)) != RB_EXIT_OK) {
        goto out;
    }
    if (rb_app_referral(app, &who, id, o.to, &a, &f, &err) != RB_OK) {
        rc = rb_cli_fail_field(&err);
    } else {
        html = rb_render_referral_html(&f, app, &a, &len);
        fwrite(html, 1, len, stdout);
    }
out:
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
