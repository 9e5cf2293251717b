/*
 * json.h -- jansson glue: strict parsing and table-driven validation.
 *
 * Request bodies are checked against a small field table before any use
 * case sees them, so every front end answers the same way: an unknown
 * field, a wrong type, a missing field and an out-of-range value each get
 * their own stable error code and name the field.
 */
#ifndef RB_UTIL_JSON_H
#define RB_UTIL_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

enum rb_jtype {
    RB_J_STRING, /* min/max bound the length in bytes */
    RB_J_INT,    /* min/max bound the value */
    RB_J_NUMBER, /* integer or real; min/max bound the value */
    RB_J_BOOL,
    RB_J_DATE, /* "YYYY-MM-DD", a real calendar date */
    RB_J_OBJECT,
    RB_J_ARRAY, /* min/max bound the number of elements */
};

struct rb_jfield {
    const char *name; /* NULL ends a table */
    enum rb_jtype type;
    bool required;
    int64_t min, max;         /* see enum rb_jtype; 0,0 means unbounded */
    const char *const *oneof; /* RB_J_STRING: allowed values, NULL-ended */
    bool nullable;            /* JSON null accepted (means "clear") */
};

/*
 * Parse 'len' bytes as one JSON object.  Duplicate keys are refused (two
 * parsers must never disagree on which one wins).  On RB_OK *ret is a new
 * reference the caller json_decref()s.  RB_EINVAL with code "invalid_json"
 * or "not_an_object" otherwise.
 */
enum rb_status rb_json_parse_object(
    const char *data, size_t len, json_t **ret, struct rb_err *err);

/*
 * Check 'obj' against 'fields'.  RB_EINVAL with code unknown_field,
 * wrong_type, missing_field or out_of_range and the field's name.
 */
enum rb_status rb_json_check(
    const json_t *obj, const struct rb_jfield *fields, struct rb_err *err);

/* Field accessors for checked objects: NULL / 'def' when absent or null. */
const char *rb_json_str(const json_t *obj, const char *key);
int64_t rb_json_int(const json_t *obj, const char *key, int64_t def);
bool rb_json_bool(const json_t *obj, const char *key, bool def);
bool rb_json_has(const json_t *obj, const char *key);

/* Serialise compactly.  Returns a heap string the caller free()s. */
char *rb_json_dump(const json_t *v);

#endif /* RB_UTIL_JSON_H */
