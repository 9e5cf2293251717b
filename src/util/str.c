/*
 * str.c -- see str.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

size_t
rb_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

bool
rb_parse_i64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
    const char *p = s;
    char *end;
    long long v;

    if (s == NULL || *s == '\0') {
        return false;
    }
    if (*p == '-') {
        p++;
    }
    if (*p < '0' || *p > '9') {
        return false;
    }
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) {
        return false;
    }
    *ret = v;
    return true;
}

void
rb_str_lower(char *s)
{
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            *s = (char)(*s - 'A' + 'a');
        }
    }
}

void
rb_hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

bool
rb_str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Days from civil and back: the proleptic Gregorian algorithms published by
 * Howard Hinnant ("chrono-Compatible Low-Level Date Algorithms"), written
 * out here for int64.
 */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

bool
rb_date_parse(const char *s, int64_t *ret_day)
{
    int64_t y, m, d, day, y2, m2, d2;

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) {
        return false;
    }
    day = days_from_civil(y, m, d);
    civil_from_days(day, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d) {
        return false; /* 2026-02-30 and friends */
    }
    *ret_day = day;
    return true;
}

void
rb_date_format(int64_t day, char out[11])
{
    int64_t y, m, d;

    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        y = 0; /* outside what rb_date_parse accepts; keeps the width */
    }
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
        (unsigned)m % 100u, (unsigned)d % 100u);
}

void
rb_time_format_ms(int64_t ms, char out[32])
{
    int64_t day = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    int64_t rem = ms - day * 86400000;
    int64_t y, m, d;

    civil_from_days(day, &y, &m, &d);
    /* The moduli bound every field, so the text always fits 24 bytes. */
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
        (unsigned)(y < 0 ? 0 : y % 10000), (unsigned)m % 100u,
        (unsigned)d % 100u, (unsigned)(rem / 3600000) % 100u,
        (unsigned)(rem / 60000 % 60), (unsigned)(rem / 1000 % 60),
        (unsigned)(rem % 1000));
}
