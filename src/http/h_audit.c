/*
 * h_audit.c -- GET /api/audit: the practice's audit trail, newest first
 * (owners and admins).  Query: client_id, user_id, from, to (YYYY-MM-DD,
 * "to" inclusive), before (an entry id, for paging), limit (1..1000).
 */
#include "http/handlers.h"
#include "util/str.h"

static bool
query_id(struct rb_req *r, const char *key, int64_t *ret)
{
    const char *v = rb_req_query(r, key);

    if (v != NULL && !rb_parse_i64(v, 1, INT64_MAX, ret)) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", key,
            rb_arena_printf(
                &r->arena, "%s must be a positive whole number", key));
        return false;
    }
    return true;
}

static bool
query_day(struct rb_req *r, const char *key, int64_t extra_days, int64_t *ret)
{
    const char *v = rb_req_query(r, key);
    int64_t day;

    if (v == NULL) {
        return true;
    }
    if (!rb_date_parse(v, &day)) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", key,
            rb_arena_printf(&r->arena, "%s must be a date (YYYY-MM-DD)", key));
        return false;
    }
    *ret = (day + extra_days) * 86400000LL;
    return true;
}

void
rb_h_audit_list(struct rb_req *r)
{
    struct rb_audit_filter f = {.limit = 100};
    struct rb_audit_entry *list;
    size_t n;
    struct rb_err err;
    json_t *items;

    if (!query_id(r, "client_id", &f.client_id) ||
        !query_id(r, "user_id", &f.user_id) ||
        !query_id(r, "before", &f.before_id) ||
        !query_day(r, "from", 0, &f.from_ms) ||
        !query_day(r, "to", 1, &f.to_ms)) {
        return;
    }
    if (rb_req_query(r, "limit") != NULL &&
        !rb_parse_i64(rb_req_query(r, "limit"), 1, 1000, &f.limit)) {
        rb_reply_error(r, RB_EINVAL, "out_of_range", "limit",
            "limit must be a whole number from 1 to 1000");
        return;
    }
    if (rb_app_audit_query(r->app, &r->actor, &f, &r->arena, &list, &n, &err) !=
        RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_audit(&list[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "entries", items));
}
