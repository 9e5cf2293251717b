/*
 * validate.c -- see validate.h.
 */
#include <string.h>

#include "core/validate.h"

#define PASSWORD_MIN 10
#define PASSWORD_MAX 128

static bool
has_control(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return true;
        }
    }
    return false;
}

bool
rb_valid_email(const char *s)
{
    const char *at, *dot;
    size_t n;

    if (s == NULL) {
        return false;
    }
    n = strlen(s);
    if (n < 3 || n > 254 || has_control(s) || strchr(s, ' ') != NULL) {
        return false;
    }
    at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@') != NULL) {
        return false;
    }
    dot = strrchr(at + 1, '.');
    return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

enum rb_status
rb_check_password(const char *pw, struct rb_err *err)
{
    size_t n = pw ? strlen(pw) : 0;

    if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
        return rb_fail_field(err, RB_EINVAL, "weak_password", "password",
            "password must be %d to %d characters long", PASSWORD_MIN,
            PASSWORD_MAX);
    }
    return RB_OK;
}

bool
rb_valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    bool blank = true;

    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ') {
            blank = false;
        }
    }
    return n >= 1 && n <= 200 && !blank && !has_control(s);
}
