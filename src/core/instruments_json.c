/*
 * instruments_json.c -- PROM scores, changes and definitions as JSON; see
 * instruments.h for the shapes and docs/outcome-measures.md for examples.
 */
#include "core/instruments.h"

static const char *
direction_name(enum rb_direction d)
{
    return d == RB_HIGHER_IS_BETTER ? "higher_is_better" : "lower_is_better";
}

static const char *
formula_name(enum rb_instrument_formula f)
{
    switch (f) {
    case RB_FORMULA_SUM:
        return "sum";
    case RB_FORMULA_DASH:
        return "((sum / answered) - 1) x 25";
    case RB_FORMULA_PERCENT_OF_ANSWERED_MAX:
        return "sum / (item_max x answered) x 100";
    case RB_FORMULA_MEAN_PERCENT:
        return "mean / item_max x 100";
    default:
        return "unknown";
    }
}

static json_t *
str_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

static json_t *
measures_json(const struct rb_instrument *inst)
{
    json_t *a = json_array();

    for (size_t i = 0; inst->measures[i] != NULL; i++) {
        json_array_append_new(a, json_string(inst->measures[i]));
    }
    return a;
}

json_t *
rb_instrument_score_to_json(const struct rb_instrument_score *s)
{
    const struct rb_instrument *inst = s->inst;
    json_t *o = json_object(), *interp = json_null();

    if (s->band != NULL) {
        interp = json_pack("{s:s, s:s}", "band", s->band, "source",
            inst->bands_source != NULL ? inst->bands_source : inst->source);
    }
    json_object_set_new(o, "instrument", json_string(inst->id));
    json_object_set_new(o, "version", json_string(inst->version));
    json_object_set_new(o, "measure", str_or_null(s->measure));
    json_object_set_new(o, "measures", measures_json(inst));
    json_object_set_new(o, "score", json_real(s->score));
    json_object_set_new(o, "min", json_real(inst->score_min));
    json_object_set_new(o, "max", json_real(s->max));
    json_object_set_new(o, "unit", json_string(inst->unit));
    json_object_set_new(o, "precision", json_integer(inst->precision));
    json_object_set_new(
        o, "direction", json_string(direction_name(inst->direction)));
    /* No instrument here has subscales the sources let us score; the key
     * stays so that readers need not special-case its absence. */
    json_object_set_new(o, "subscales", json_array());
    json_object_set_new(o, "interpretation", interp);
    json_object_set_new(o, "answered", json_integer((json_int_t)s->answered));
    json_object_set_new(o, "missing", json_integer((json_int_t)s->missing));
    json_object_set_new(o, "source", json_string(inst->source));
    return o;
}

json_t *
rb_instrument_change_to_json(
    const struct rb_instrument *inst, const struct rb_instrument_change *c)
{
    json_t *o = json_object();

    json_object_set_new(o, "before", json_real(c->before));
    json_object_set_new(o, "after", json_real(c->after));
    json_object_set_new(o, "change", json_real(c->change));
    json_object_set_new(
        o, "mcid", inst->has_mcid ? json_real(inst->mcid) : json_null());
    if (inst->has_mcid && inst->mcid_pct > 0) {
        json_object_set_new(o, "mcid_pct", json_real(inst->mcid_pct));
    }
    json_object_set_new(o, "mcid_source",
        str_or_null(inst->has_mcid ? inst->mcid_source : NULL));
    json_object_set_new(o, "mcid_verified",
        json_boolean(inst->has_mcid && inst->mcid_verified));
    json_object_set_new(
        o, "direction", json_string(direction_name(inst->direction)));
    json_object_set_new(
        o, "verdict", json_string(rb_change_verdict_name(c->verdict)));
    return o;
}

json_t *
rb_instrument_to_json(const struct rb_instrument *inst)
{
    json_t *o = json_object(), *bands = json_array(), *mcid;

    for (size_t i = 0; i < inst->n_bands; i++) {
        json_array_append_new(
            bands, json_pack("{s:f, s:s}", "upper", inst->bands[i].upper,
                       "label", inst->bands[i].label));
    }
    if (inst->has_mcid) {
        mcid = json_pack("{s:f, s:s, s:b}", "value", inst->mcid, "source",
            inst->mcid_source, "verified", inst->mcid_verified);
        if (inst->mcid_pct > 0) {
            json_object_set_new(mcid, "pct", json_real(inst->mcid_pct));
        }
    } else {
        mcid = json_null();
    }
    json_object_set_new(o, "id", json_string(inst->id));
    json_object_set_new(o, "name", json_string(inst->name));
    json_object_set_new(o, "version", json_string(inst->version));
    json_object_set_new(o, "measures", measures_json(inst));
    json_object_set_new(o, "items", json_integer((json_int_t)inst->n_items));
    json_object_set_new(o, "answer_min", json_real(inst->item_min));
    json_object_set_new(o, "answer_max", json_real(inst->item_max));
    if (inst->item_names != NULL) {
        json_t *names = json_array();

        for (size_t i = 0; i < inst->n_items; i++) {
            json_array_append_new(names, json_string(inst->item_names[i]));
        }
        json_object_set_new(o, "item_names", names);
    }
    json_object_set_new(o, "missing",
        json_pack("{s:i, s:s, s:b}", "max_missing", (int)inst->max_missing,
            "rule", inst->missing_rule, "verified", inst->missing_verified));
    json_object_set_new(o, "formula", json_string(formula_name(inst->formula)));
    json_object_set_new(o, "min", json_real(inst->score_min));
    json_object_set_new(o, "max", json_real(inst->score_max));
    json_object_set_new(o, "unit", json_string(inst->unit));
    json_object_set_new(o, "precision", json_integer(inst->precision));
    json_object_set_new(
        o, "direction", json_string(direction_name(inst->direction)));
    json_object_set_new(o, "bands", bands);
    json_object_set_new(o, "bands_source", str_or_null(inst->bands_source));
    json_object_set_new(o, "mcid", mcid);
    json_object_set_new(o, "source", json_string(inst->source));
    return o;
}
