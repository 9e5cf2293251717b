/*
 * plan_json.c -- a plan (or a refusal) as JSON and as plain text; see
 * program.h.  Numbers are rounded for display only (to 0.1).
 */
#include <math.h>
#include <string.h>

#include "engine/plan_int.h"
#include "util/str.h"

static const char *const block_names[RB__SB_MAX] = {"raise",
    "activate_mobilise", "potentiate", "main", "accessory", "conditioning",
    "cool_down"};

const char *
rb_session_block_name(enum rb_session_block k)
{
    return (unsigned)k < RB__SB_MAX ? block_names[k] : "unknown";
}

static double
r1(double x)
{
    return floor(x * 10 + 0.5) / 10;
}

static json_t *
strs(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, json_string(v[i]));
    }
    return a;
}

static const char *
side_word(enum rb_rx_side s)
{
    switch (s) {
    case RB_RX_INVOLVED:
        return "involved";
    case RB_RX_UNINVOLVED:
        return "uninvolved";
    case RB_RX_NA:
        return "n/a";
    default:
        return "both";
    }
}

static json_t *
rx_json(const struct rb_rx *rx)
{
    json_t *o = json_object();
    json_t *in = json_object();

    json_object_set_new(o, "exercise", json_string(rx->e->id));
    json_object_set_new(o, "name", json_string(rx->e->name));
    json_object_set_new(o, "pattern", json_string(rx->e->pattern));
    json_object_set_new(o, "category", json_string(rx->e->category));
    json_object_set_new(o, "goal", json_string(rx->goal));
    json_object_set_new(o, "sets", json_integer(rx->sets));
    if (rx->reps > 0) {
        json_object_set_new(o, "reps", json_integer(rx->reps));
    } else {
        json_object_set_new(o, "seconds", json_integer(rx->seconds));
    }
    json_object_set_new(in, "scale", json_string(rx->intensity));
    json_object_set_new(in, "value", json_real(r1(rx->intensity_value)));
    if (rx->load_kg > 0) {
        json_object_set_new(in, "load_kg", json_real(r1(rx->load_kg)));
        json_object_set_new(
            in, "one_rm_estimated", json_boolean(rx->one_rm_estimated));
    }
    json_object_set_new(o, "intensity", in);
    json_object_set_new(
        o, "tempo", rx->tempo ? json_string(rx->tempo) : json_null());
    json_object_set_new(o, "rest_s", json_integer(rx->rest_s));
    json_object_set_new(o, "side", json_string(side_word(rx->side)));
    if (rx->side_name != RB_SIDE_NONE) {
        json_object_set_new(
            o, "side_name", json_string(rb_side_name(rx->side_name)));
    }
    json_object_set_new(o, "laterality", json_string(rx->e->laterality));
    json_object_set_new(o, "minutes", json_real(r1(rx->minutes)));
    json_object_set_new(o, "regression",
        rx->regression ? json_string(rx->regression) : json_null());
    json_object_set_new(o, "progression",
        rx->progression ? json_string(rx->progression) : json_null());
    json_object_set_new(o, "rationale",
        json_pack("{s:s, s:o, s:o}", "text", rx->why.text ? rx->why.text : "",
            "rules", strs(rx->why.rules, rx->why.nrules), "sources",
            strs(rx->why.sources, rx->why.nsources)));
    return o;
}

static json_t *
session_json(const struct rb_session *s)
{
    json_t *o = json_object(), *blocks = json_array();
    char date[11];

    rb_date_format(s->day, date);
    json_object_set_new(o, "session", json_integer(s->index));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "focus", json_string(s->focus ? s->focus : ""));
    json_object_set_new(o, "minutes", json_real(r1(s->minutes)));
    for (int b = 0; b < RB__SB_MAX; b++) {
        json_t *rxs = json_array();
        for (size_t i = 0; i < s->nrx; i++) {
            if ((int)s->rx[i].block == b) {
                json_array_append_new(rxs, rx_json(&s->rx[i]));
            }
        }
        if (json_array_size(rxs) == 0) {
            json_decref(rxs);
            continue;
        }
        json_array_append_new(
            blocks, json_pack("{s:s, s:o}", "block",
                        rb_session_block_name((enum rb_session_block)b),
                        "prescriptions", rxs));
    }
    json_object_set_new(o, "blocks", blocks);
    return o;
}

static const char *
verdict_name(enum rb_verdict v)
{
    return v == RB_MET ? "met" : v == RB_NOT_MET ? "not_met" : "missing";
}

static json_t *
gate_json(const struct rb_plan *p)
{
    const struct rb_plan_gate *g = &p->gate;
    json_t *o = json_object(), *items = json_array(), *missing = json_array();

    json_object_set_new(o, "phase", json_string(g->from->id));
    json_object_set_new(o, "ready", json_boolean(g->ready));
    json_object_set_new(
        o, "decision", json_string(g->ready ? "advance" : "stay"));
    json_object_set_new(
        o, "proposed_phase", g->to ? json_string(g->to->id) : json_null());
    for (size_t i = 0; i < g->gate.n; i++) {
        const struct rb_gate_item *it = &g->gate.items[i];
        json_t *x = json_pack("{s:s, s:s, s:s, s:s}", "id", it->criterion->id,
            "label", it->criterion->label, "verdict", verdict_name(it->verdict),
            "source", it->criterion->source);
        if (it->has_value) {
            json_object_set_new(x, "value", json_real(r1(it->value)));
        }
        if (it->has_threshold) {
            json_object_set_new(x, "threshold", json_real(it->threshold));
        }
        json_array_append_new(items, x);
        if (it->verdict != RB_MET) {
            json_array_append_new(missing, json_string(it->criterion->label));
        }
    }
    bool all_met = true;
    for (size_t i = 0; i < g->gate.n; i++) {
        all_met = all_met && g->gate.items[i].verdict == RB_MET;
    }
    bool floor = !g->gate.ready && all_met && g->gate.n > 0;
    if (floor) {
        char days[64];
        snprintf(days, sizeof(days), "at least %d days in the phase",
            g->from->min_days);
        json_array_append_new(missing, json_string(days));
    }
    json_object_set_new(o, "criteria", items);
    json_object_set_new(o, "time_floor_days", json_integer(g->from->min_days));
    json_object_set_new(o, "missing", missing);
    json_object_set_new(o, "to_test", strs(g->gate.to_test, g->gate.nto_test));
    json_object_set_new(o, "explanation",
        json_string(
            g->ready ? "Every exit criterion of the phase is met: the plan "
                       "moves to the next phase, for the practitioner to "
                       "confirm."
            : g->gate.n == 0
                ? "This phase has no exit criteria: the plan stays."
            : floor ? "Every exit criterion is met but the phase's time "
                      "floor has not passed: the plan stays in the phase."
                    : "Not every exit criterion is met: the plan stays "
                      "in the phase. Time alone never advances it."));
    return o;
}

json_t *
rb_plan_json(const struct rb_kb *kb, const struct rb_plan *p)
{
    (void)kb;
    if (p->refused) {
        return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s}", "refused", 1, "rule",
            p->rule, "message", p->message, "unblock", p->unblock, "source",
            p->source ? p->source : "", "blocked", "programming");
    }
    json_t *o = json_object(), *weeks = json_array(), *notes = json_array();
    json_object_set_new(o, "refused", json_false());
    json_object_set_new(o, "protocol",
        json_pack("{s:s, s:s, s:o, s:b}", "id", p->protocol->id, "name",
            p->protocol->name, "condition",
            p->protocol->condition ? json_string(p->protocol->condition)
                                   : json_null(),
            "rehab", p->rehab));
    json_object_set_new(o, "phase",
        json_pack("{s:s, s:s, s:s}", "id", p->phase->id, "name", p->phase->name,
            "kind", rb_phase_kind_name(p->phase->kind)));
    if (p->gate.evaluated) {
        json_object_set_new(o, "gate", gate_json(p));
    }
    json_object_set_new(
        o, "findings", rb_findings_json(p->findings, p->nfindings));
    for (size_t i = 0; i < p->nnotes; i++) {
        json_array_append_new(
            notes, json_pack("{s:s, s:o}", "text", p->notes[i], "source",
                       p->note_sources[i] ? json_string(p->note_sources[i])
                                          : json_null()));
    }
    json_object_set_new(o, "notes", notes);
    json_object_set_new(o, "minutes_per_session", json_integer(p->minutes));
    json_object_set_new(o, "days_per_week",
        json_integer(p->nweeks > 0 ? (json_int_t)p->weeks[0].nsessions : 0));
    for (size_t w = 0; w < p->nweeks; w++) {
        const struct rb_week *wk = &p->weeks[w];
        json_t *ss = json_array();
        for (size_t s = 0; s < wk->nsessions; s++) {
            json_array_append_new(ss, session_json(&wk->sessions[s]));
        }
        json_array_append_new(
            weeks, json_pack("{s:i, s:b, s:s, s:o}", "week", wk->index,
                       "deload", wk->deload, "note", wk->note, "sessions", ss));
    }
    json_object_set_new(o, "weeks", weeks);
    return o;
}

enum rb_status
rb_plan_text(const struct rb_plan *p, struct rb_buf *b)
{
    if (p->refused) {
        return rb_buf_printf(b, "No plan (%s).\n%s\nTo unblock: %s\n", p->rule,
            p->message, p->unblock);
    }
    RB_TRY(rb_buf_printf(b, "Plan: %s, phase %s (%s)\n", p->protocol->name,
        p->phase->name, rb_phase_kind_name(p->phase->kind)));
    if (p->gate.evaluated) {
        RB_TRY(rb_buf_printf(b, "Gate of %s: %s\n", p->gate.from->name,
            p->gate.ready ? "met, moving on" : "not met, staying"));
        for (size_t i = 0; i < p->gate.gate.n; i++) {
            const struct rb_gate_item *it = &p->gate.gate.items[i];
            RB_TRY(rb_buf_printf(b, "  [%s] %s\n", verdict_name(it->verdict),
                it->criterion->label));
        }
    }
    for (size_t i = 0; i < p->nnotes; i++) {
        RB_TRY(rb_buf_printf(b, "* %s\n", p->notes[i]));
    }
    for (size_t w = 0; w < p->nweeks; w++) {
        const struct rb_week *wk = &p->weeks[w];
        RB_TRY(rb_buf_printf(b, "\nWeek %d%s: %s\n", wk->index,
            wk->deload ? " (lighter)" : "", wk->note));
        for (size_t s = 0; s < wk->nsessions; s++) {
            const struct rb_session *ss = &wk->sessions[s];
            char date[11];
            rb_date_format(ss->day, date);
            RB_TRY(rb_buf_printf(b, "  Session %d, %s, about %.0f min (%s)\n",
                ss->index, date, ss->minutes, ss->focus));
            for (size_t i = 0; i < ss->nrx; i++) {
                const struct rb_rx *rx = &ss->rx[i];
                char amount[32];
                if (rx->reps > 0) {
                    snprintf(
                        amount, sizeof(amount), "%d x %d", rx->sets, rx->reps);
                } else {
                    snprintf(amount, sizeof(amount), "%d x %ds", rx->sets,
                        rx->seconds);
                }
                RB_TRY(rb_buf_printf(b, "    %-18s %-40s %s\n",
                    rb_session_block_name(rx->block), rx->e->name, amount));
                RB_TRY(rb_buf_printf(b, "      why: %s\n", rx->why.text));
            }
        }
    }
    return RB_OK;
}
