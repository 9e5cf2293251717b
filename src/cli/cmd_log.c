/*
 * cmd_log.c -- `rebound session log|list` and `rebound checkin add|list`:
 * a client's training sessions and check-ins from the command line.
 *
 * The JSON is checked exactly like POST /api/clients/{id}/sessions and
 * /checkins (docs/api.md) and printed as the API renders it; the use cases
 * and renderings are shared (app/logs.c, http/h_logs.c).  Writing needs a
 * staff member (--as USER_ID), whose name goes on the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/handlers.h"
#include "util/str.h"
#include "util/xalloc.h"

struct log_cli {
    const char *name;  /* "session" */
    const char *write; /* its writing subcommand: "log" */
    const char *usage;
};

static const struct log_cli session_cli = {"session", "log",
    "usage: rebound session log --org ID --as USER_ID CLIENT_ID FILE|-\n"
    "       rebound session list --org ID [--from DATE] [--to DATE] "
    "CLIENT_ID\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "log records a training session from the JSON object in FILE (or\n"
    "standard input for '-') as staff member USER_ID: date, status\n"
    "(completed, partial, missed), program_version?, session_key?, rpe?\n"
    "(CR-10), minutes?, notes?, sets? [{exercise_id, reps or seconds,\n"
    "load_kg?, rpe? or rir?, pain?}].  list prints the client's sessions\n"
    "with their sets, oldest first, on days DATE (YYYY-MM-DD) to DATE.\n\n"
    "exit status: 0 done, 1 failure, 2 usage or bad input (one line naming\n"
    "the field).\n"};

static const struct log_cli checkin_cli = {"checkin", "add",
    "usage: rebound checkin add --org ID --as USER_ID CLIENT_ID FILE|-\n"
    "       rebound checkin list --org ID [--from DATE] [--to DATE] "
    "CLIENT_ID\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "add records a check-in from the JSON object in FILE (or standard\n"
    "input for '-') as staff member USER_ID: date, kind (next_morning,\n"
    "daily), pain? {region: 0-10}, stiffness? 0-10, sleep_hours?,\n"
    "sleep_quality?, fatigue?, soreness?, stress?, mood? (1-5, 5 is good),\n"
    "red_flags? [ids], notes?.  A red flag also stores a 'refer' screening,\n"
    "which holds programming until a clearance is recorded; the output is\n"
    "{\"checkin\": ..., \"screening\": ... or null}.  list prints the\n"
    "client's check-ins, oldest first, on days DATE to DATE.\n\n"
    "exit status: 0 done, 1 failure, 2 usage or bad input (one line naming\n"
    "the field).\n"};

/*
 * Take --from DATE and --to DATE (or --from=DATE) out of argv, which the
 * shared option parser does not know, into days.  Returns -1 to go on,
 * else the exit status.  'out' gets the remaining arguments.
 */
static int
take_range(const char *cmd, int argc, char **argv, char **out, int *ret_n,
    int64_t *from, int64_t *to)
{
    int n = 0;

    *from = *to = 0;
    for (int i = 0; i < argc; i++) {
        const char *opt = NULL, *val = NULL;
        int64_t *dst = NULL;

        if (strcmp(argv[i], "--from") == 0 || strcmp(argv[i], "--to") == 0) {
            opt = argv[i];
            if (i + 1 >= argc) {
                return rb_cli_usage(cmd, "option '%s' needs a value", opt);
            }
            val = argv[++i];
        } else if (rb_str_starts(argv[i], "--from=") ||
                   rb_str_starts(argv[i], "--to=")) {
            opt = argv[i];
            val = strchr(argv[i], '=') + 1;
        } else {
            out[n++] = argv[i];
            continue;
        }
        dst = rb_str_starts(opt, "--from") ? from : to;
        if (!rb_date_parse(val, dst)) {
            return rb_cli_usage(cmd, "%s must be a date (YYYY-MM-DD)",
                dst == from ? "--from" : "--to");
        }
    }
    out[n] = NULL;
    *ret_n = n;
    return -1;
}

/* Run the use case; on RB_OK *ret is the JSON to print. */
static enum rb_status
call(const struct log_cli *c, struct rb_app *app, const struct rb_actor *who,
    int64_t org, int64_t id, bool write, const json_t *body, int64_t from,
    int64_t to, struct rb_arena *a, json_t **ret, struct rb_err *err)
{
    enum rb_status rc;

    if (c == &session_cli && write) {
        struct rb_session_log s;

        if ((rc = rb_app_session_log(app, who, org, id, body, a, &s, err)) ==
            RB_OK) {
            *ret = rb_render_session(&s);
        }
    } else if (c == &session_cli) {
        struct rb_session_log *list;
        size_t n;

        if ((rc = rb_app_session_list(
                 app, who, org, id, from, to, a, &list, &n, err)) == RB_OK) {
            *ret = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(*ret, rb_render_session(&list[i]));
            }
            *ret = json_pack("{s:o}", "sessions", *ret);
        }
    } else if (write) {
        struct rb_checkin_row row;
        struct rb_screening_row scr;

        if ((rc = rb_app_checkin_add(
                 app, who, org, id, body, a, &row, &scr, err)) == RB_OK) {
            *ret = rb_render_checkin_added(&row, &scr);
        }
    } else {
        struct rb_checkin_row *list;
        size_t n;

        if ((rc = rb_app_checkin_list(
                 app, who, org, id, from, to, a, &list, &n, err)) == RB_OK) {
            *ret = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(*ret, rb_render_checkin(&list[i]));
            }
            *ret = json_pack("{s:o}", "checkins", *ret);
        }
    }
    return rc;
}

static int
run(const struct log_cli *c, int argc, char **argv)
{
    struct rb_cli_practice o = {0};
    struct rb_actor who;
    struct rb_arena a;
    struct rb_err err;
    struct rb_app *app;
    json_t *body = NULL, *out = NULL;
    char **args;
    int64_t id, from, to;
    bool write;
    int rc, nargs = 0;

    if (argc < 2) {
        return rb_cli_usage(
            c->name, "needs a subcommand: %s or list", c->write);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(c->usage, stdout);
        return RB_EXIT_OK;
    }
    write = strcmp(argv[1], c->write) == 0;
    if (!write && strcmp(argv[1], "list") != 0) {
        return rb_cli_usage(c->name, "unknown subcommand '%s'", argv[1]);
    }
    args = rb_xcalloc((size_t)argc + 1, sizeof(*args));
    if ((rc = take_range(
             c->name, argc - 1, argv + 1, args, &nargs, &from, &to)) != -1) {
        free(args);
        return rc;
    }
    if (write && (from != 0 || to != 0)) {
        free(args);
        return rb_cli_usage(c->name, "--from and --to go with list");
    }
    rc = rb_cli_parse_practice(
        c->name, nargs, args, c->usage, write ? ",org,as," : ",org,", &o);
    if (rc != -1) {
        free(args);
        return rc;
    }
    if (o.nargs != (write ? 2 : 1)) {
        free(args);
        return rb_cli_usage(c->name,
            write ? "%s needs CLIENT_ID and FILE" : "%s needs one CLIENT_ID",
            write ? c->write : "list");
    }
    rc = !rb_cli_id(c->name, "CLIENT_ID", o.args[0], &id) ? RB_EXIT_USAGE
         : write ? rb_cli_read_json(c->name, o.args[1], &body)
                 : RB_EXIT_OK;
    free(args); /* o.args pointed into it */
    if (rc != RB_EXIT_OK) {
        return rc;
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), rb_cli_data(o.data), 1, &app))) {
        json_decref(body);
        return rc;
    }
    rb_arena_init(&a);
    if ((rc = rb_cli_actor(app, &o, &a, &who)) == RB_EXIT_OK) {
        if (call(c, app, &who, o.org, id, write, body, from, to, &a, &out,
                &err) != RB_OK) {
            rc = rb_cli_fail_field(&err);
        } else {
            rb_cli_print_json(out);
        }
    }
    rb_arena_release(&a);
    json_decref(body);
    rb_app_close(app);
    return rc;
}

int
rb_cmd_session(int argc, char **argv)
{
    return run(&session_cli, argc, argv);
}

int
rb_cmd_checkin(int argc, char **argv)
{
    return run(&checkin_cli, argc, argv);
}
