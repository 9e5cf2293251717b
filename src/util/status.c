/*
 * status.c -- names for result codes and the rb_fail() helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/status.h"

static const char *const status_codes[RB__STATUS_MAX] = {
    [RB_OK] = "ok",
    [RB_EINVAL] = "invalid",
    [RB_EUNAUTH] = "unauthenticated",
    [RB_EFORBIDDEN] = "forbidden",
    [RB_ENOTFOUND] = "not_found",
    [RB_ECONFLICT] = "conflict",
    [RB_ELIMIT] = "too_large",
    [RB_ETHROTTLED] = "throttled",
    [RB_EBACKEND] = "backend_unavailable",
    [RB_EINTERNAL] = "internal",
};

const char *
rb_status_code(enum rb_status st)
{
    if ((unsigned)st >= RB__STATUS_MAX || status_codes[st] == NULL) {
        return "internal";
    }
    return status_codes[st];
}

static void
fill(struct rb_err *err, enum rb_status st, const char *code, const char *field,
    const char *fmt, va_list ap)
{
    err->status = st;
    err->code = code;
    err->retry_after_s = 0;
    err->rule[0] = '\0';
    err->unblock[0] = '\0';
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

enum rb_status
rb_fail(struct rb_err *err, enum rb_status st, const char *fmt, ...)
{
    va_list ap;

    if (err != NULL) {
        va_start(ap, fmt);
        fill(err, st, NULL, NULL, fmt, ap);
        va_end(ap);
    }
    return st;
}

enum rb_status
rb_fail_field(struct rb_err *err, enum rb_status st, const char *code,
    const char *field, const char *fmt, ...)
{
    va_list ap;

    if (err != NULL) {
        va_start(ap, fmt);
        fill(err, st, code, field, fmt, ap);
        va_end(ap);
    }
    return st;
}

const char *
rb_err_code(const struct rb_err *err)
{
    if (err->code != NULL && err->code[0] != '\0') {
        return err->code;
    }
    return rb_status_code(err->status);
}
