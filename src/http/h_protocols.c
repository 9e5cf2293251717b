/*
 * h_protocols.c -- GET /api/protocols and /api/protocols/{id}: the
 * rehabilitation and performance pathways of the knowledge base.
 */
#include <string.h>

#include "http/handlers.h"

static json_t *
strs(const struct rb_strs *s)
{
    json_t *a = json_array();

    for (size_t i = 0; i < s->n; i++) {
        json_array_append_new(a, json_string(s->v[i]));
    }
    return a;
}

static json_t *
head(const struct rb_protocol *p)
{
    return json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:I}", "id", p->id, "name",
        p->name, "condition", p->condition, "population", p->population,
        "summary", p->summary, "phases", (json_int_t)p->nphases);
}

static json_t *
phase_json(const struct rb_phase *ph)
{
    json_t *exits = json_array();

    for (size_t i = 0; i < ph->nexit; i++) {
        const struct rb_exit_criterion *x = &ph->exit[i];
        json_array_append_new(
            exits, json_pack("{s:s, s:s, s:s, s:s}", "id", x->id, "label",
                       x->label, "expr", x->expr, "source", x->source));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, "
                     "s:i, s:s?, s:o}",
        "id", ph->id, "kind", rb_phase_kind_name(ph->kind), "name", ph->name,
        "goals", strs(&ph->goals), "emphasis_categories",
        strs(&ph->emphasis_categories), "emphasis_patterns",
        strs(&ph->emphasis_patterns), "restrictions", strs(&ph->restrictions),
        "precautions", strs(&ph->precautions), "dosing", ph->dosing,
        "pain_limit",
        ph->has_pain_limit ? json_real(ph->pain_limit) : json_null(),
        "min_days", ph->min_days, "min_days_source", ph->min_days_source,
        "exit", exits);
}

void
rb_h_protocols_list(struct rb_req *r)
{
    const struct rb_kb *kb = rb_app_kb(r->app);
    json_t *items = json_array();

    for (size_t i = 0; kb != NULL && i < rb_kb_protocol_count(kb); i++) {
        json_array_append_new(items, head(rb_kb_protocol_at(kb, i)));
    }
    rb_reply_json(r, 200, json_pack("{s:o}", "protocols", items));
}

void
rb_h_protocols_get(struct rb_req *r)
{
    const struct rb_kb *kb = rb_app_kb(r->app);
    const struct rb_protocol *p = NULL;
    json_t *o, *phases;

    if (kb != NULL && r->nparams == 1) {
        p = rb_kb_protocol(kb, r->param_values[0]);
    }
    if (p == NULL) {
        rb_reply_error(r, RB_ENOTFOUND, "not_found", NULL, "no such protocol");
        return;
    }
    o = head(p);
    phases = json_array();
    for (size_t i = 0; i < p->nphases; i++) {
        json_array_append_new(phases, phase_json(&p->phases[i]));
    }
    json_object_set_new(o, "phases", phases);
    json_object_set_new(o, "sources", strs(&p->sources));
    rb_reply_json(r, 200, o);
}
