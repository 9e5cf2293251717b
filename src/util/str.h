/*
 * str.h -- small string helpers: strict number parsing, hex, case, dates.
 *
 * All of them are bounded and never read past the NUL.  They exist because
 * the libc versions are either unbounded (strcpy) or too forgiving (atoi
 * accepts "12abc"); input that is not exactly a number must be refused.
 */
#ifndef RB_UTIL_STR_H
#define RB_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copy at most size-1 bytes and NUL-terminate.  Returns strlen(src). */
size_t rb_strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse a whole decimal integer in [min, max]: optional '-', digits, nothing
 * else (no spaces, no '+').  Writes *ret only on success.
 */
bool rb_parse_i64(const char *s, int64_t min, int64_t max, int64_t *ret);

/* Lower-case ASCII letters in place; other bytes are left as they are. */
void rb_str_lower(char *s);

/* Write 2*n hex digits and a NUL into 'out' (size >= 2*n+1). */
void rb_hex_encode(const unsigned char *in, size_t n, char *out);

/* True when 's' starts with 'prefix'. */
bool rb_str_starts(const char *s, const char *prefix);

/*
 * Civil dates.  A date is kept as "YYYY-MM-DD" text at the edges and as a
 * day number (days since 1970-01-01) inside.  rb_date_parse accepts only a
 * real calendar date in 1900..2200 and writes *ret_day on success.
 */
bool rb_date_parse(const char *s, int64_t *ret_day);
void rb_date_format(int64_t day, char out[11]);

/* Format Unix milliseconds as "YYYY-MM-DDTHH:MM:SS.mmmZ" (out >= 25). */
void rb_time_format_ms(int64_t ms, char out[32]);

#endif /* RB_UTIL_STR_H */
