/*
 * render.c -- JSON shapes of the records the API returns.
 *
 * Keep these in step with the schemas in docs/openapi.yaml.
 */
#include "http/handlers.h"
#include "util/str.h"

static json_t *
str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *
id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *
rb_render_time(int64_t ms)
{
    char buf[32];

    rb_time_format_ms(ms, buf);
    return json_string(buf);
}

json_t *
rb_render_user(const struct rb_user *u)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:o}", "id",
        (json_int_t)u->id, "org_id", (json_int_t)u->org_id, "email",
        u->email ? u->email : "", "name", u->name ? u->name : "", "role",
        rb_role_name(u->role), "active", u->active, "disabled", u->disabled,
        "created_at", rb_render_time(u->created_ms));
}

json_t *
rb_render_org(const struct rb_org *o)
{
    return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)o->id, "name",
        o->name ? o->name : "", "kind", o->kind ? o->kind : "", "created_at",
        rb_render_time(o->created_ms));
}

json_t *
rb_render_client(const struct rb_client *c)
{
    return json_pack(
        "{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)c->id, "org_id", (json_int_t)c->org_id, "user_id",
        id_or_null(c->user_id), "practitioner_id",
        id_or_null(c->practitioner_id), "first_name",
        c->first_name ? c->first_name : "", "last_name",
        c->last_name ? c->last_name : "", "birth_date",
        str_or_null(c->birth_date), "sex", c->sex ? c->sex : "unspecified",
        "email", str_or_null(c->email), "phone", str_or_null(c->phone),
        "created_at", rb_render_time(c->created_ms), "updated_at",
        rb_render_time(c->updated_ms));
}

json_t *
rb_render_audit(const struct rb_audit_entry *e)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:s}", "id",
        (json_int_t)e->id, "at", rb_render_time(e->at_ms), "user_id",
        id_or_null(e->user_id), "action", e->action ? e->action : "",
        "record_type", e->record_type ? e->record_type : "", "record_id",
        id_or_null(e->record_id), "client_id", id_or_null(e->client_id),
        "address", e->address ? e->address : "", "request_id",
        e->request_id ? e->request_id : "", "detail",
        e->detail ? e->detail : "");
}
