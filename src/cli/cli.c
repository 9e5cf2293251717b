/*
 * cli.c -- shared helpers of the subcommands.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/str.h"

#ifndef REBOUND_WEB_DIR
#define REBOUND_WEB_DIR "web"
#endif
#ifndef REBOUND_DATA_DIR
#define REBOUND_DATA_DIR "data"
#endif

static const char *
pick(const char *flag, const char *env, const char *def)
{
    const char *v = getenv(env);

    if (flag != NULL) {
        return flag;
    }
    return v != NULL && *v != '\0' ? v : def;
}

const char *
rb_cli_db(const char *flag)
{
    return pick(flag, "REBOUND_DB", RB_DEFAULT_DB);
}

const char *
rb_cli_listen(const char *flag)
{
    return pick(flag, "REBOUND_LISTEN", RB_DEFAULT_LISTEN);
}

const char *
rb_cli_web(const char *flag)
{
    return pick(flag, "REBOUND_WEB", REBOUND_WEB_DIR);
}

const char *
rb_cli_data(const char *flag)
{
    return pick(flag, "REBOUND_DATA", REBOUND_DATA_DIR);
}

int
rb_cli_fail(const struct rb_err *err)
{
    fprintf(stderr, "rebound: %s\n", err->msg);
    return err->status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
}

int
rb_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "rebound %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'rebound %s --help')\n", cmd);
    return RB_EXIT_USAGE;
}

/* mkdir -p for the directory part of a database path. */
static void
make_parent_dirs(const char *path)
{
    char dir[4096];
    char *slash;

    if (rb_str_starts(path, "sqlite:")) {
        path += strlen("sqlite:");
    }
    if (rb_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
        return;
    }
    slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir) {
        return;
    }
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0750);
            *p = '/';
        }
    }
    mkdir(dir, 0750);
}

int
rb_cli_open(
    const char *db, const char *data, unsigned pool, struct rb_app **ret)
{
    struct rb_app_config cfg = {
        .db_url = db, .pool_size = pool, .data_dir = data};
    struct rb_err err;

    if (strcmp(db, ":memory:") != 0) {
        make_parent_dirs(db);
    }
    if (rb_app_open(&cfg, ret, &err) != RB_OK) {
        return rb_cli_fail(&err);
    }
    return RB_EXIT_OK;
}

bool
rb_cli_id(const char *cmd, const char *opt, const char *s, int64_t *ret)
{
    if (s == NULL || !rb_parse_i64(s, 1, INT64_MAX, ret)) {
        rb_cli_usage(cmd, "%s needs a positive whole number", opt);
        return false;
    }
    return true;
}

bool
rb_cli_read_line(char *buf, size_t n)
{
    size_t len;

    if (fgets(buf, (int)n, stdin) == NULL) {
        return false;
    }
    len = strlen(buf);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
        buf[--len] = '\0';
    }
    return true;
}

/* ---- the practice commands (client, consent, injury, ...) ---------------- */

#define MAX_INPUT (1024 * 1024)

int
rb_cli_parse_practice(const char *cmd, int argc, char **argv,
    const char *usage_text, const char *allow, struct rb_cli_practice *o)
{
    static const struct option opts[] = {
        {"org", required_argument, NULL, 'o'},
        {"as", required_argument, NULL, 'a'},
        {"version", required_argument, NULL, 'v'},
        {"signer", required_argument, NULL, 's'},
        {"injury", required_argument, NULL, 'i'},
        {"protocol", required_argument, NULL, 'p'},
        {"to", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"db", required_argument, NULL, 'd'},
        {"data", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char name[32];
    int c, idx;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, &idx)) != -1) {
        if (c != '?' && c != ':' && c != 'h' && c != 'd' && c != 'D') {
            /* Only the options this command takes. */
            const char *opt = NULL;

            for (size_t i = 0; opts[i].name != NULL; i++) {
                if (opts[i].val == c) {
                    opt = opts[i].name;
                }
            }
            snprintf(name, sizeof(name), ",%s,", opt);
            if (strstr(allow, name) == NULL &&
                !(c == 'a' && strstr(allow, ",as?,") != NULL)) {
                return rb_cli_usage(cmd, "unknown option '--%s'", opt);
            }
        }
        switch (c) {
        case 'o':
            if (!rb_cli_id(cmd, "--org", optarg, &o->org)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'a':
            if (!rb_cli_id(cmd, "--as", optarg, &o->as)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'v':
            if (!rb_cli_id(cmd, "--version", optarg, &o->version)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'i':
            if (!rb_cli_id(cmd, "--injury", optarg, &o->injury)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 's':
            o->signer = optarg;
            break;
        case 'p':
            o->protocol = optarg;
            break;
        case 't':
            o->to = optarg;
            break;
        case 'j':
            o->json = true;
            break;
        case 'd':
            o->db = optarg;
            break;
        case 'D':
            o->data = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        case ':':
            return rb_cli_usage(
                cmd, "option '%s' needs a value", argv[optind - 1]);
        default:
            return rb_cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (o->org == 0) {
        return rb_cli_usage(cmd, "needs --org ID");
    }
    if (strstr(allow, ",as,") != NULL && o->as == 0) {
        return rb_cli_usage(cmd, "needs --as USER_ID (a staff member)");
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    return -1;
}

int
rb_cli_actor(struct rb_app *app, const struct rb_cli_practice *o,
    struct rb_arena *a, struct rb_actor *ret)
{
    struct rb_err err;

    if (o->as == 0) {
        *ret = rb_actor_cli();
        return RB_EXIT_OK;
    }
    if (rb_app_actor_for(app, o->org, o->as, a, ret, &err) != RB_OK) {
        return rb_cli_fail(&err);
    }
    return RB_EXIT_OK;
}

int
rb_cli_read_json(const char *cmd, const char *path, json_t **ret)
{
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    struct rb_buf b;
    json_error_t jerr;
    char chunk[8192];
    size_t n;
    int rc = RB_EXIT_OK;

    if (f == NULL) {
        fprintf(stderr, "rebound: %s: %s: %s\n", cmd, path, strerror(errno));
        return RB_EXIT_USAGE;
    }
    rb_buf_init(&b, MAX_INPUT);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (rb_buf_append(&b, chunk, n) != RB_OK) {
            fprintf(stderr, "rebound: %s: %s: larger than %d bytes\n", cmd,
                name, MAX_INPUT);
            rc = RB_EXIT_USAGE;
            break;
        }
    }
    if (rc == RB_EXIT_OK && ferror(f)) {
        fprintf(stderr, "rebound: %s: %s: read error\n", cmd, name);
        rc = RB_EXIT_FAIL;
    }
    if (rc == RB_EXIT_OK) {
        *ret = json_loadb(
            b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
        if (*ret == NULL) {
            fprintf(stderr,
                "rebound: %s: %s: invalid JSON at line %d, column %d: %s\n",
                cmd, name, jerr.line, jerr.column, jerr.text);
            rc = RB_EXIT_USAGE;
        } else if (!json_is_object(*ret)) {
            fprintf(
                stderr, "rebound: %s: %s: expected a JSON object\n", cmd, name);
            json_decref(*ret);
            rc = RB_EXIT_USAGE;
        }
    }
    rb_buf_release(&b);
    if (f != stdin) {
        fclose(f);
    }
    return rc;
}

int
rb_cli_read_text(const char *cmd, const char *path, char **ret)
{
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    struct rb_buf b;
    char chunk[8192];
    size_t n;
    int rc = RB_EXIT_OK;

    if (f == NULL) {
        fprintf(stderr, "rebound: %s: %s: %s\n", cmd, path, strerror(errno));
        return RB_EXIT_USAGE;
    }
    rb_buf_init(&b, MAX_INPUT);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (rb_buf_append(&b, chunk, n) != RB_OK) {
            fprintf(stderr, "rebound: %s: %s: larger than %d bytes\n", cmd,
                name, MAX_INPUT);
            rc = RB_EXIT_USAGE;
            break;
        }
    }
    if (rc == RB_EXIT_OK && ferror(f)) {
        fprintf(stderr, "rebound: %s: %s: read error\n", cmd, name);
        rc = RB_EXIT_FAIL;
    }
    if (rc == RB_EXIT_OK) {
        *ret = strdup(b.data ? b.data : "");
    }
    rb_buf_release(&b);
    if (f != stdin) {
        fclose(f);
    }
    return rc;
}

void
rb_cli_print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

    puts(text);
    free(text);
    json_decref(j);
}

int
rb_cli_fail_field(const struct rb_err *err)
{
    if (err->field[0] != '\0') {
        fprintf(stderr, "rebound: field %s: %s\n", err->field, err->msg);
    } else {
        fprintf(stderr, "rebound: %s\n", err->msg);
    }
    return err->status == RB_EINVAL ? RB_EXIT_USAGE : RB_EXIT_FAIL;
}

int
rb_cli_refused(const struct rb_err *err)
{
    if (err->rule[0] == '\0') {
        return rb_cli_fail_field(err);
    }
    rb_cli_print_json(json_pack("{s:b, s:s, s:s, s:s, s:s}", "allowed", 0,
        "code", err->code ? err->code : "out_of_scope", "rule", err->rule,
        "message", err->msg, "unblock", err->unblock));
    fprintf(stderr, "rebound: refused (%s): %s\n", err->rule, err->msg);
    return RB_EXIT_FAIL;
}
