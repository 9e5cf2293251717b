/*
 * side.c -- body sides, as stored and as written in JSON.
 */
#include <string.h>

#include "engine/assess.h"

static const char *const side_names[] = {"none", "left", "right"};

const char *
rb_side_name(enum rb_side s)
{
    return (unsigned)s < 3 ? side_names[s] : "none";
}

int
rb_side_parse(const char *s)
{
    for (int i = 0; s != NULL && i < 3; i++) {
        if (strcmp(s, side_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}
