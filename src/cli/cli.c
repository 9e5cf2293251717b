/*
 * cli.c -- shared helpers of the subcommands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
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
