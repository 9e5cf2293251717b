/*
 * status.h -- result codes and optional error detail, shared by all layers.
 *
 * Every fallible function returns an enum rb_status; RB_OK is zero.  Callers
 * that want to know why pass a struct rb_err as the last argument, callers
 * that do not care pass NULL.  The status is the contract; the detail (a
 * stable machine code, the offending input field, a sentence) is for people.
 * Each status maps to exactly one HTTP status (http/respond.c) and one exit
 * code (cli/cli.c).
 */
#ifndef RB_UTIL_STATUS_H
#define RB_UTIL_STATUS_H

#if defined(__GNUC__)
#define RB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RB_MUST_CHECK __attribute__((warn_unused_result))
#else
#define RB_PRINTF(f, a)
#define RB_MUST_CHECK
#endif

enum rb_status {
    RB_OK = 0,
    RB_EINVAL,     /* bad input from the caller        -> 400, exit 2 */
    RB_EUNAUTH,    /* not logged in / bad credentials  -> 401         */
    RB_EFORBIDDEN, /* logged in but not allowed        -> 403         */
    RB_ENOTFOUND,  /* no such object (in this practice) -> 404        */
    RB_ECONFLICT,  /* uniqueness or state clash        -> 409         */
    RB_ELIMIT,     /* input over a size limit          -> 413         */
    RB_ETHROTTLED, /* too many attempts, wait          -> 429         */
    RB_EBACKEND,   /* database or dependency failed    -> 503         */
    RB_EINTERNAL,  /* a bug: broken invariant          -> 500         */
    RB__STATUS_MAX
};

struct rb_err {
    enum rb_status status;
    const char *code;   /* stable machine code (static string) or NULL */
    char field[64];     /* offending input field, "" when none */
    char msg[256];      /* one sentence for a person */
    long retry_after_s; /* RB_ETHROTTLED: seconds to wait, else 0 */
    /*
     * A scope-of-practice refusal (code "out_of_scope"): the stable rule id
     * and what would allow it; both "" otherwise.  Set after rb_fail*().
     */
    char rule[64];
    char unblock[256];
};

/* Static lower-case name of a status, e.g. "not_found".  Never NULL. */
const char *rb_status_code(enum rb_status st);

/*
 * Record 'st' and a printf-style reason in 'err' (if non-NULL) and return
 * 'st', so that a failure path is one line: return rb_fail(err, ...).
 * The machine code defaults to rb_status_code(st) and the field to "".
 */
enum rb_status rb_fail(struct rb_err *err, enum rb_status st, const char *fmt,
    ...) RB_PRINTF(3, 4);

/*
 * Like rb_fail(), naming a stable machine 'code' (static string, may be NULL)
 * and the input 'field' at fault (may be NULL).
 */
enum rb_status rb_fail_field(struct rb_err *err, enum rb_status st,
    const char *code, const char *field, const char *fmt, ...) RB_PRINTF(5, 6);

/* The machine code of an error: err->code if set, else the status name. */
const char *rb_err_code(const struct rb_err *err);

#endif /* RB_UTIL_STATUS_H */
