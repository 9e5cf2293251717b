/*
 * h_logs.c -- training sessions and check-ins of a client:
 *   GET|POST /api/clients/{id}/sessions    (query: from, to)
 *   GET|POST /api/clients/{id}/checkins    (query: from, to)
 * Validation and the rules live in app/logs.c; this file parses and
 * renders (the renderings are shared with `rebound session|checkin`).
 */
#include "http/handlers.h"
#include "util/str.h"

static json_t *
opt_json(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *
str_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *
day_json(int64_t day)
{
    char text[11];

    rb_date_format(day, text);
    return json_string(text);
}

/* Stored JSON text back to JSON ('fallback' when absent or unreadable). */
static json_t *
text_json(const char *text, json_t *fallback)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;

    if (v == NULL) {
        return fallback;
    }
    json_decref(fallback);
    return v;
}

json_t *
rb_render_session(const struct rb_session_log *s)
{
    const struct rb_training_row *r = &s->row;
    json_t *o = json_object(), *sets = json_array();

    for (size_t i = 0; i < s->nsets; i++) {
        const struct rb_set_row *x = &s->sets[i];
        json_t *j = json_object();

        json_object_set_new(j, "set_no", json_integer(x->set_no));
        json_object_set_new(j, "exercise_id", str_json(x->exercise_id));
        json_object_set_new(j, "reps", opt_json(x->reps));
        json_object_set_new(j, "seconds", opt_json(x->seconds));
        json_object_set_new(j, "load_kg", opt_json(x->load_kg));
        json_object_set_new(j, "rpe", opt_json(x->rpe));
        json_object_set_new(j, "rir", opt_json(x->rir));
        json_object_set_new(j, "pain", opt_json(x->pain));
        json_array_append_new(sets, j);
    }
    json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    json_object_set_new(o, "client_id", json_integer((json_int_t)r->client_id));
    json_object_set_new(o, "date", day_json(r->day));
    json_object_set_new(o, "status", str_json(r->status));
    json_object_set_new(o, "program_version",
        s->program_version ? json_integer((json_int_t)s->program_version)
                           : json_null());
    json_object_set_new(o, "session_key", str_json(r->session_key));
    json_object_set_new(o, "rpe", opt_json(r->rpe));
    json_object_set_new(o, "minutes", opt_json(r->minutes));
    json_object_set_new(o, "notes", str_json(r->notes));
    json_object_set_new(o, "sets", sets);
    json_object_set_new(o, "logged_by",
        r->logged_by ? json_integer((json_int_t)r->logged_by) : json_null());
    json_object_set_new(o, "created_at", rb_render_time(r->created_ms));
    return o;
}

/* Every field of a check-in, null when it was not given. */
json_t *
rb_render_checkin(const struct rb_checkin_row *r)
{
    static const char *const given[] = {"stiffness", "sleep_hours",
        "sleep_quality", "fatigue", "soreness", "stress", "mood", "notes",
        NULL};
    json_t *body = text_json(r->body, json_object());
    json_t *o = json_object(), *pain = json_object_get(body, "pain");

    json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    json_object_set_new(o, "client_id", json_integer((json_int_t)r->client_id));
    json_object_set_new(o, "date", day_json(r->day));
    json_object_set_new(o, "kind", str_json(r->kind));
    if (json_is_object(pain)) {
        json_object_set(o, "pain", pain);
    } else {
        json_object_set_new(o, "pain", json_object());
    }
    for (const char *const *k = given; *k; k++) {
        json_t *v = json_object_get(body, *k);

        json_object_set(o, *k, v ? v : json_null());
    }
    json_object_set_new(o, "max_pain", opt_json(r->max_pain));
    json_object_set_new(o, "red_flags", text_json(r->red_flags, json_array()));
    json_object_set_new(o, "created_by",
        r->created_by ? json_integer((json_int_t)r->created_by) : json_null());
    json_object_set_new(o, "created_at", rb_render_time(r->created_ms));
    json_decref(body);
    return o;
}

/* ?from=&to= as days (0 when absent); false after answering 400. */
static bool
query_range(struct rb_req *r, int64_t *from, int64_t *to)
{
    static const char *const keys[] = {"from", "to"};
    int64_t *out[] = {from, to};

    for (int i = 0; i < 2; i++) {
        const char *v = rb_req_query(r, keys[i]);

        *out[i] = 0;
        if (v != NULL && !rb_date_parse(v, out[i])) {
            rb_reply_error(r, RB_EINVAL, "out_of_range", keys[i],
                rb_arena_printf(
                    &r->arena, "%s must be a date (YYYY-MM-DD)", keys[i]));
            return false;
        }
    }
    return true;
}

static bool
need_body(struct rb_req *r)
{
    if (r->body == NULL) {
        rb_reply_error(r, RB_EINVAL, "missing_body", NULL,
            "this request needs a JSON object body");
        return false;
    }
    return true;
}

void
rb_h_sessions_create(struct rb_req *r)
{
    struct rb_session_log s;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_app_session_log(
            r->app, &r->actor, 0, id, r->body, &r->arena, &s, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_session(&s));
}

void
rb_h_sessions_list(struct rb_req *r)
{
    struct rb_session_log *list;
    struct rb_err err;
    int64_t id, from, to;
    size_t n;
    json_t *items;

    if (!rb_req_id(r, "id", &id) || !query_range(r, &from, &to)) {
        return;
    }
    if (rb_app_session_list(r->app, &r->actor, 0, id, from, to, &r->arena,
            &list, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_session(&list[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "sessions", items));
}

json_t *
rb_render_checkin_added(
    const struct rb_checkin_row *c, const struct rb_screening_row *s)
{
    return json_pack("{s:o, s:o}", "checkin", rb_render_checkin(c), "screening",
        s->id ? rb_render_screening(s) : json_null());
}

void
rb_h_checkins_create(struct rb_req *r)
{
    struct rb_checkin_row c;
    struct rb_screening_row s;
    struct rb_err err;
    int64_t id;

    if (!rb_req_id(r, "id", &id) || !need_body(r)) {
        return;
    }
    if (rb_app_checkin_add(r->app, &r->actor, 0, id, r->body, &r->arena, &c, &s,
            &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    rb_reply_json(r, 201, rb_render_checkin_added(&c, &s));
}

void
rb_h_checkins_list(struct rb_req *r)
{
    struct rb_checkin_row *list;
    struct rb_err err;
    int64_t id, from, to;
    size_t n;
    json_t *items;

    if (!rb_req_id(r, "id", &id) || !query_range(r, &from, &to)) {
        return;
    }
    if (rb_app_checkin_list(r->app, &r->actor, 0, id, from, to, &r->arena,
            &list, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, rb_render_checkin(&list[i]));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "checkins", items));
}
