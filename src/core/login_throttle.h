/*
 * login_throttle.h -- slow down, then lock, repeated failed logins.
 *
 * Pure policy: given what we remember about an account and the time now,
 * decide whether a login attempt may be checked at all.  The first few
 * failures cost nothing; after that each attempt must wait a doubling delay;
 * after 'lock_after' consecutive failures the account is locked for a while.
 * A success resets everything.  Refused attempts are answered without
 * checking the password, so guessing is slowed on the server's clock, not
 * the attacker's.
 *
 * Source: OWASP Authentication Cheat Sheet, "Protect Against Automated
 * Attacks / Account Lockout" (lockout threshold, observation window, lock
 * duration); NIST SP 800-63B section 5.2.2 (rate limiting, at most 100
 * consecutive failures).  The numbers are our choice within both.
 */
#ifndef RB_CORE_LOGIN_THROTTLE_H
#define RB_CORE_LOGIN_THROTTLE_H

#include <stdint.h>

#include "core/model.h"

struct rb_login_policy {
    int free_failures;     /* failures before any delay */
    int lock_after;        /* consecutive failures that lock the account */
    int64_t base_delay_ms; /* first delay; doubles with each failure */
    int64_t lock_ms;       /* how long a lock lasts */
};

/* 3 free failures, then 1 s, 2 s; the 5th failure locks for 15 minutes. */
extern const struct rb_login_policy rb_login_policy_default;

enum rb_login_gate {
    RB_LOGIN_ALLOW,  /* check the password */
    RB_LOGIN_WAIT,   /* too soon after the last failure */
    RB_LOGIN_LOCKED, /* locked for a while */
};

/* May an attempt be checked now?  On WAIT/LOCKED *ret_wait_ms says how long
 * until it may; on ALLOW it is set to 0. */
enum rb_login_gate rb_login_gate(const struct rb_login_policy *p,
    const struct rb_login_state *st, int64_t now_ms, int64_t *ret_wait_ms);

/* Count a failed attempt at 'now_ms'; may start a lock. */
void rb_login_failed(
    const struct rb_login_policy *p, struct rb_login_state *st, int64_t now_ms);

/* A successful login forgets every failure. */
void rb_login_succeeded(struct rb_login_state *st);

#endif /* RB_CORE_LOGIN_THROTTLE_H */
