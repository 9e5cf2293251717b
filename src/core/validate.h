/*
 * validate.h -- checks on account data that every front end shares.
 */
#ifndef RB_CORE_VALIDATE_H
#define RB_CORE_VALIDATE_H

#include <stdbool.h>

#include "util/status.h"

/*
 * A plausible e-mail address: one '@', a non-empty local part, a domain
 * with a dot, no spaces or control characters, at most 254 bytes (RFC 5321
 * section 4.5.3.1.3 path limit).  Deliverability is not our business.
 */
bool rb_valid_email(const char *s);

/*
 * Password rules from NIST SP 800-63B section 5.1.1.2: at least 8
 * characters (we ask 10), at least 64 allowed (we allow 128), no
 * composition rules.  RB_EINVAL with field "password" when refused.
 */
enum rb_status rb_check_password(const char *pw, struct rb_err *err);

/* A person's or practice's name: 1..200 bytes, not only spaces, no control
 * characters. */
bool rb_valid_name(const char *s);

#endif /* RB_CORE_VALIDATE_H */
