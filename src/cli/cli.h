/*
 * cli.h -- what the subcommands of `rebound` share.
 *
 * Exit status: 0 success, 1 failure, 2 usage or bad input (one clear line
 * on stderr).  Configuration comes from flags, then the environment
 * (REBOUND_DB, REBOUND_LISTEN, REBOUND_WEB, REBOUND_DATA), then defaults.
 */
#ifndef RB_CLI_CLI_H
#define RB_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "util/status.h"

#define RB_EXIT_OK 0
#define RB_EXIT_FAIL 1
#define RB_EXIT_USAGE 2

#define RB_DEFAULT_DB "rebound-data/rebound.db"
#define RB_DEFAULT_LISTEN "127.0.0.1:8080"

struct rb_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

int rb_cmd_init(int argc, char **argv);
int rb_cmd_serve(int argc, char **argv);
int rb_cmd_org(int argc, char **argv);
int rb_cmd_user(int argc, char **argv);
int rb_cmd_audit(int argc, char **argv);
int rb_cmd_version(int argc, char **argv);
int rb_cmd_kb(int argc, char **argv);
int rb_cmd_exercise(int argc, char **argv);
int rb_cmd_credential(int argc, char **argv);
int rb_cmd_compliance(int argc, char **argv);
int rb_cmd_screen(int argc, char **argv);

/* flag value, else the environment variable, else the default */
const char *rb_cli_db(const char *flag);
const char *rb_cli_listen(const char *flag);
const char *rb_cli_web(const char *flag);
const char *rb_cli_data(const char *flag);

/* Print "rebound: <message>" and return the exit status for 'err'. */
int rb_cli_fail(const struct rb_err *err);

/* Print "rebound <cmd>: <message>" plus a --help hint; return 2. */
int rb_cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Open the app on 'db' (created and migrated if needed), with the
 * knowledge base in 'data' (NULL: none). */
int rb_cli_open(
    const char *db, const char *data, unsigned pool, struct rb_app **ret);

/* Parse a positive id for option 'opt'; false after printing usage. */
bool rb_cli_id(const char *cmd, const char *opt, const char *s, int64_t *ret);

/* Read one line (a password) from standard input into buf. */
bool rb_cli_read_line(char *buf, size_t n);

#endif /* RB_CLI_CLI_H */
