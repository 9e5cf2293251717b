/*
 * routes.h -- the table of API routes and the matcher.
 */
#ifndef RB_HTTP_ROUTES_H
#define RB_HTTP_ROUTES_H

#include "http/req.h"

typedef void (*rb_handler)(struct rb_req *r);

enum rb_route_flags {
    RB_ROUTE_AUTH = 1 << 0, /* needs a session; the actor is resolved first */
    RB_ROUTE_BODY = 1 << 1, /* takes a JSON object body */
    RB_ROUTE_SLOW = 1 << 2, /* hashes a password: runs off the event thread */
};

struct rb_route {
    const char *method;
    const char *pattern; /* "/api/clients/{id}": {name} matches a segment */
    rb_handler fn;
    unsigned flags;
    const char *const *query; /* allowed query keys (NULL-ended), or NULL */
};

enum rb_match {
    RB_MATCH_FOUND,
    RB_MATCH_NO_PATH,   /* 404 */
    RB_MATCH_NO_METHOD, /* 405; *ret_allow lists the methods */
};

/*
 * Find the route for (method, path); on FOUND fill the path parameters of
 * 'r' (values in r->arena) and *ret.  HEAD is matched as GET.
 */
enum rb_match rb_route_match(
    struct rb_req *r, const struct rb_route **ret, const char **ret_allow);

#endif /* RB_HTTP_ROUTES_H */
