/*
 * clock.h -- the wall and monotonic clocks, read only by the outer layers.
 *
 * core/ never reads a clock: times are passed in, which is what keeps the
 * domain deterministic and testable.
 */
#ifndef RB_UTIL_CLOCK_H
#define RB_UTIL_CLOCK_H

#include <stdint.h>

/* Unix time in milliseconds (CLOCK_REALTIME). */
int64_t rb_clock_now_ms(void);

/* Monotonic microseconds, for durations only. */
int64_t rb_clock_mono_us(void);

#endif /* RB_UTIL_CLOCK_H */
