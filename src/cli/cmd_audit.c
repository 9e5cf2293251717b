/*
 * cmd_audit.c -- `rebound audit`: read a practice's audit trail.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/json.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound audit --org ID [--client ID] [--user ID]\n"
    "                     [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                     [--limit N] [--json] [--db PATH]\n\n"
    "Print the audit trail of a practice, newest first: who did what to\n"
    "which record, when and from where.  --to is inclusive.  --json prints\n"
    "one JSON object per line.\n";

static bool
parse_day(const char *opt, const char *s, int64_t extra, int64_t *ret)
{
    int64_t day;

    if (!rb_date_parse(s, &day)) {
        rb_cli_usage("audit", "%s takes a date written YYYY-MM-DD", opt);
        return false;
    }
    *ret = (day + extra) * 86400000LL;
    return true;
}

static void
print_entry(const struct rb_audit_entry *e, bool as_json)
{
    char when[32];

    rb_time_format_ms(e->at_ms, when);
    if (as_json) {
        json_t *o =
            json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
                "id", (json_int_t)e->id, "at", when, "user_id",
                (json_int_t)e->user_id, "action", e->action, "record_type",
                e->record_type, "record_id", (json_int_t)e->record_id,
                "client_id", (json_int_t)e->client_id, "address", e->address,
                "request_id", e->request_id, "detail", e->detail);
        char *text = rb_json_dump(o);
        puts(text);
        free(text);
        json_decref(o);
        return;
    }
    printf("%-8lld %s  user %-5lld %-20s %s %-6lld client %-5lld %s %s\n",
        (long long)e->id, when, (long long)e->user_id, e->action,
        e->record_type, (long long)e->record_id, (long long)e->client_id,
        e->address, e->detail);
}

int
rb_cmd_audit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"org", required_argument, NULL, 'o'},
        {"client", required_argument, NULL, 'c'},
        {"user", required_argument, NULL, 'u'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct rb_audit_filter f = {.limit = 100};
    struct rb_actor cli = rb_actor_cli();
    const char *db = NULL;
    bool as_json = false;
    struct rb_app *app;
    struct rb_arena a;
    struct rb_audit_entry *list;
    size_t n;
    struct rb_err err;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!rb_cli_id("audit", "--org", optarg, &f.org_id)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'c':
            if (!rb_cli_id("audit", "--client", optarg, &f.client_id)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'u':
            if (!rb_cli_id("audit", "--user", optarg, &f.user_id)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'f':
            if (!parse_day("--from", optarg, 0, &f.from_ms)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 't':
            if (!parse_day("--to", optarg, 1, &f.to_ms)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'n':
            if (!rb_parse_i64(optarg, 1, 1000, &f.limit)) {
                return rb_cli_usage("audit", "--limit takes 1 to 1000");
            }
            break;
        case 'j':
            as_json = true;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(
                "audit", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (f.org_id == 0 || optind < argc) {
        return rb_cli_usage("audit", "needs --org ID and no other arguments");
    }
    if ((rc = rb_cli_open(rb_cli_db(db), NULL, 1, &app))) {
        return rc;
    }
    rb_arena_init(&a);
    if (rb_app_audit_query(app, &cli, &f, &a, &list, &n, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        for (size_t i = 0; i < n; i++) {
            print_entry(&list[i], as_json);
        }
    }
    rb_arena_release(&a);
    rb_app_close(app);
    return rc;
}
