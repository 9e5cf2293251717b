/*
 * h_health.c -- GET /healthz: is the server up.
 */
#include "http/handlers.h"

void
rb_h_health(struct rb_req *r)
{
    rb_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}
