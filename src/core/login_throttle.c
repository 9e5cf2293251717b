/*
 * login_throttle.c -- see login_throttle.h.
 */
#include "core/login_throttle.h"

const struct rb_login_policy rb_login_policy_default = {
    .free_failures = 3,
    .lock_after = 5,
    .base_delay_ms = 1000,
    .lock_ms = 15 * 60 * 1000,
};

static int64_t
delay_after(const struct rb_login_policy *p, int failures)
{
    int extra = failures - p->free_failures;
    int64_t d = p->base_delay_ms;

    if (extra < 0) {
        return 0;
    }
    for (int i = 0; i < extra && d < p->lock_ms; i++) {
        d *= 2;
    }
    return d;
}

enum rb_login_gate
rb_login_gate(const struct rb_login_policy *p, const struct rb_login_state *st,
    int64_t now_ms, int64_t *ret_wait_ms)
{
    int64_t ready;

    *ret_wait_ms = 0;
    if (st->locked_until_ms > now_ms) {
        *ret_wait_ms = st->locked_until_ms - now_ms;
        return RB_LOGIN_LOCKED;
    }
    if (st->locked_until_ms != 0) {
        return RB_LOGIN_ALLOW; /* the lock ran out: a fresh start */
    }
    ready = st->last_failure_ms + delay_after(p, st->failures);
    if (st->failures >= p->free_failures && ready > now_ms) {
        *ret_wait_ms = ready - now_ms;
        return RB_LOGIN_WAIT;
    }
    return RB_LOGIN_ALLOW;
}

void
rb_login_failed(
    const struct rb_login_policy *p, struct rb_login_state *st, int64_t now_ms)
{
    if (st->locked_until_ms != 0 && st->locked_until_ms <= now_ms) {
        rb_login_succeeded(st); /* expired lock: count from zero again */
    }
    st->failures++;
    st->last_failure_ms = now_ms;
    if (st->failures >= p->lock_after) {
        st->locked_until_ms = now_ms + p->lock_ms;
    }
}

void
rb_login_succeeded(struct rb_login_state *st)
{
    st->failures = 0;
    st->last_failure_ms = 0;
    st->locked_until_ms = 0;
}
