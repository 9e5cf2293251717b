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
int rb_cmd_score(int argc, char **argv);
int rb_cmd_gate(int argc, char **argv);
int rb_cmd_load(int argc, char **argv);
int rb_cmd_client(int argc, char **argv);
int rb_cmd_consent(int argc, char **argv);
int rb_cmd_injury(int argc, char **argv);
int rb_cmd_clearance(int argc, char **argv);
int rb_cmd_screening(int argc, char **argv);
int rb_cmd_scope(int argc, char **argv);
int rb_cmd_case(int argc, char **argv);
int rb_cmd_incident(int argc, char **argv);
int rb_cmd_referral(int argc, char **argv);
int rb_cmd_attention(int argc, char **argv);
int rb_cmd_program(int argc, char **argv);
int rb_cmd_recommendation(int argc, char **argv);
int rb_cmd_session(int argc, char **argv);
int rb_cmd_checkin(int argc, char **argv);
int rb_cmd_plan(int argc, char **argv);

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

/* ---- the practice commands (client, consent, injury, ...) ---------- */

/* Options of the commands that act in one practice (--org ID). */
struct rb_cli_practice {
    const char *db, *data, *signer, *protocol, *to;
    int64_t org, as, version, injury;
    bool json;
    char **args; /* the operands after the options */
    int nargs;
};

/*
 * Parse argv (argv[0] is the subcommand) for 'cmd'.  'allow' lists the
 * options the command takes besides --db, --data and --help, as
 * ",org,as,json," (--as listed means it is required).  --org is always
 * required.  Returns -1 to go on, else the exit status (--help: 0).
 */
int rb_cli_parse_practice(const char *cmd, int argc, char **argv,
    const char *usage_text, const char *allow, struct rb_cli_practice *o);

/* The actor: the staff member named by --as (audited as them, address
 * "cli"), else the command line.  Returns an exit status. */
int rb_cli_actor(struct rb_app *app, const struct rb_cli_practice *o,
    struct rb_arena *a, struct rb_actor *ret);

/* Read a JSON object (or text, malloc'd) from 'path' or stdin for "-";
 * returns an exit status after one line on stderr. */
int rb_cli_read_json(const char *cmd, const char *path, json_t **ret);
int rb_cli_read_text(const char *cmd, const char *path, char **ret);

/* Print 'j' indented with sorted keys and drop the reference. */
void rb_cli_print_json(json_t *j);

/* Like rb_cli_fail(), naming the offending field when there is one. */
int rb_cli_fail_field(const struct rb_err *err);

/* A scope refusal: its JSON on stdout, one line on stderr; exit 1.
 * Other errors as rb_cli_fail_field(). */
int rb_cli_refused(const struct rb_err *err);

#endif /* RB_CLI_CLI_H */
