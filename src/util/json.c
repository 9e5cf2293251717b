/*
 * json.c -- see json.h.
 */
#include <string.h>

#include "util/json.h"
#include "util/str.h"

enum rb_status
rb_json_parse_object(
    const char *data, size_t len, json_t **ret, struct rb_err *err)
{
    json_error_t jerr;
    json_t *root;

    root =
        json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (root == NULL) {
        return rb_fail_field(err, RB_EINVAL, "invalid_json", NULL,
            "request body is not valid JSON: %s (line %d, column %d)",
            jerr.text, jerr.line, jerr.column);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return rb_fail_field(err, RB_EINVAL, "not_an_object", NULL,
            "request body must be a JSON object");
    }
    *ret = root;
    return RB_OK;
}

static const char *
type_name(enum rb_jtype t)
{
    switch (t) {
    case RB_J_STRING:
        return "a string";
    case RB_J_INT:
        return "an integer";
    case RB_J_NUMBER:
        return "a number";
    case RB_J_BOOL:
        return "true or false";
    case RB_J_DATE:
        return "a date (YYYY-MM-DD)";
    case RB_J_OBJECT:
        return "an object";
    case RB_J_ARRAY:
        return "an array";
    }
    return "a value";
}

static bool
in_range(const struct rb_jfield *f, double v)
{
    if (f->min == 0 && f->max == 0) {
        return true;
    }
    return v >= (double)f->min && v <= (double)f->max;
}

static enum rb_status
check_one(const struct rb_jfield *f, const json_t *v, struct rb_err *err)
{
    int64_t day;

    switch (f->type) {
    case RB_J_STRING: {
        if (!json_is_string(v)) {
            break;
        }
        size_t n = json_string_length(v);
        if (!in_range(f, (double)n)) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must be %lld to %lld characters long", f->name,
                (long long)f->min, (long long)f->max);
        }
        if (strlen(json_string_value(v)) != n) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must not contain NUL characters", f->name);
        }
        if (f->oneof != NULL) {
            for (const char *const *o = f->oneof; *o; o++) {
                if (strcmp(*o, json_string_value(v)) == 0) {
                    return RB_OK;
                }
            }
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must be one of the documented values, not '%.40s'", f->name,
                json_string_value(v));
        }
        return RB_OK;
    }
    case RB_J_INT:
        if (!json_is_integer(v)) {
            break;
        }
        if (!in_range(f, (double)json_integer_value(v))) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must be between %lld and %lld", f->name, (long long)f->min,
                (long long)f->max);
        }
        return RB_OK;
    case RB_J_NUMBER:
        if (!json_is_number(v)) {
            break;
        }
        if (!in_range(f, json_number_value(v))) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must be between %lld and %lld", f->name, (long long)f->min,
                (long long)f->max);
        }
        return RB_OK;
    case RB_J_BOOL:
        if (!json_is_boolean(v)) {
            break;
        }
        return RB_OK;
    case RB_J_DATE:
        if (!json_is_string(v)) {
            break;
        }
        if (!rb_date_parse(json_string_value(v), &day)) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must be a real date written YYYY-MM-DD", f->name);
        }
        return RB_OK;
    case RB_J_OBJECT:
        if (json_is_object(v)) {
            return RB_OK;
        }
        break;
    case RB_J_ARRAY:
        if (!json_is_array(v)) {
            break;
        }
        if (!in_range(f, (double)json_array_size(v))) {
            return rb_fail_field(err, RB_EINVAL, "out_of_range", f->name,
                "%s must have %lld to %lld elements", f->name,
                (long long)f->min, (long long)f->max);
        }
        return RB_OK;
    }
    return rb_fail_field(err, RB_EINVAL, "wrong_type", f->name, "%s must be %s",
        f->name, type_name(f->type));
}

enum rb_status
rb_json_check(
    const json_t *obj, const struct rb_jfield *fields, struct rb_err *err)
{
    const char *key;
    json_t *v;
    enum rb_status rc;

    /* Unknown fields first: a typo must not pass as "field missing". */
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct rb_jfield *f = fields;

        while (f->name != NULL && strcmp(f->name, key) != 0) {
            f++;
        }
        if (f->name == NULL) {
            return rb_fail_field(err, RB_EINVAL, "unknown_field", key,
                "unknown field '%.60s'", key);
        }
    }
    for (const struct rb_jfield *f = fields; f->name != NULL; f++) {
        v = json_object_get(obj, f->name);
        if (v == NULL || (json_is_null(v) && !f->nullable)) {
            if (f->required) {
                return rb_fail_field(err, RB_EINVAL, "missing_field", f->name,
                    "%s is required", f->name);
            }
            if (v == NULL) {
                continue;
            }
            return rb_fail_field(err, RB_EINVAL, "wrong_type", f->name,
                "%s must be %s", f->name, type_name(f->type));
        }
        if (json_is_null(v)) {
            continue;
        }
        rc = check_one(f, v, err);
        if (rc != RB_OK) {
            return rc;
        }
    }
    return RB_OK;
}

const char *
rb_json_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

int64_t
rb_json_int(const json_t *obj, const char *key, int64_t def)
{
    json_t *v = json_object_get(obj, key);

    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

bool
rb_json_bool(const json_t *obj, const char *key, bool def)
{
    json_t *v = json_object_get(obj, key);

    return json_is_boolean(v) ? json_is_true(v) : def;
}

bool
rb_json_has(const json_t *obj, const char *key)
{
    return json_object_get(obj, key) != NULL;
}

char *
rb_json_dump(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT);
}
