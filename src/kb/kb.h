/*
 * kb.h -- the knowledge base: exercises, protocols, norms and the
 * vocabularies they share, loaded from data/ and validated once.
 *
 * rb_kb_load() reads every file of a data directory, checks it (schema,
 * vocabulary, ids, links, criteria, sources, phase coverage) and builds
 * immutable indexes.  After loading, a struct rb_kb is read-only and may
 * be shared by any number of threads without locks.
 *
 * A practice's own exercises (stored in the database) are checked with
 * rb_kb_exercise_parse() against the same rules and searched together with
 * the built-in library through a struct rb_kb_overlay.
 *
 * Ownership: the kb owns every string and array it hands out; they live
 * until rb_kb_free().  Overlays own their own exercises.
 */
#ifndef RB_KB_KB_H
#define RB_KB_KB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/criteria.h"
#include "util/status.h"

/* Protocol phase kinds, in their usual order. */
enum rb_phase_kind {
    RB_PHASE_PROTECT,
    RB_PHASE_ROM,
    RB_PHASE_PROPRIOCEPTION,
    RB_PHASE_STRENGTH,
    RB_PHASE_POWER_AGILITY,
    RB_PHASE_PERFORMANCE,
    RB__PHASE_MAX
};

/* A list of strings owned by the kb. */
struct rb_strs {
    const char **v;
    size_t n;
};

struct rb_range {
    double lo, hi;
    bool set;
};

/* A default dose for one goal (a template's numbers, resolved). */
struct rb_dose {
    const char *goal;
    const char *template_id; /* NULL when spelled out */
    struct rb_range sets, reps, seconds, rest_s;
    const char *intensity; /* "pct_1rm", "rpe", "rir" or NULL */
    struct rb_range intensity_range;
    const char *tempo;
    const char *source;
};

struct rb_contraindication {
    const char *condition;
    int phase; /* enum rb_phase_kind, or -1 for every phase */
};

struct rb_precaution {
    const char *condition; /* NULL: always */
    const char *note;
};

struct rb_exercise {
    const char *id, *name;
    struct rb_strs aliases;
    const char *pattern, *category;
    struct rb_strs regions, muscles;
    int level;
    const char *laterality;
    struct rb_strs equipment, equipment_any;
    const char *impact;
    uint32_t demands; /* bit i: vocabulary demand i */
    uint32_t phases;  /* bit k: enum rb_phase_kind k */
    struct rb_contraindication *contra;
    size_t ncontra;
    struct rb_precaution *precautions;
    size_t nprecautions;
    struct rb_dose *doses;
    size_t ndoses;
    struct rb_strs cues, faults;
    const char *rationale;
    struct rb_strs regressions, progressions;
    int64_t org_id;          /* 0: built in; else the practice's own */
    const char *file;        /* data file it came from (built-in), else NULL */
    const char *lname;       /* lower-case name, for search */
    struct rb_strs laliases; /* lower-case aliases, for search */
    /* Vocabulary positions, so search filters compare integers. */
    int pattern_ix, category_ix;
    uint32_t region_mask, equipment_mask; /* equipment and equipment_any */
    uint32_t letters; /* bit c-'a': letter c occurs in the name or an alias */
};

struct rb_exit_criterion {
    const char *id, *label, *expr, *source;
    struct rb_criterion *compiled;
};

struct rb_phase {
    const char *id, *name;
    enum rb_phase_kind kind;
    struct rb_strs goals, emphasis_categories, emphasis_patterns;
    struct rb_strs restrictions, precautions;
    uint32_t forbidden_demands; /* union of the restrictions' demands */
    const char *dosing;
    double pain_limit;
    bool has_pain_limit;
    int min_days;
    const char *min_days_source;
    struct rb_exit_criterion *exit;
    size_t nexit;
};

struct rb_protocol {
    const char *id, *name, *condition, *population, *summary;
    struct rb_strs sources;
    struct rb_phase *phases;
    size_t nphases;
};

struct rb_measure {
    struct rb_measure_info info; /* id, paired, lower_better */
    const char *name, *unit, *source;
    double min, max;
    /* Side-to-side rule for findings (data: "symmetry"): an LSI under
     * sym_lsi, or a left-right difference over sym_diff, is an asymmetry;
     * sym_source names where the number comes from. */
    double sym_lsi, sym_diff;
    bool has_sym_lsi, has_sym_diff;
    const char *sym_source;
};

struct rb_norm_row {
    const char *sex, *side;
    int age_min, age_max;
    struct rb_range low_high; /* lo = low, hi = high */
    double mean, sd, p25, p50, p75, cutoff;
    bool has_mean, has_sd, has_p25, has_p50, has_p75, has_cutoff;
};

struct rb_norm {
    const char *id, *measure, *name, *unit, *source, *note;
    struct rb_norm_row *rows;
    size_t nrows;
};

/* One problem found while loading, for `rebound kb check`. */
struct rb_kb_problem {
    char file[128];
    char field[128];
    char msg[256];
};

/* Problems collected by a load; the first 'max' are kept. */
struct rb_kb_report {
    struct rb_kb_problem *items;
    size_t n, max;
    size_t total; /* every problem found, kept or not */
};

struct rb_kb;
struct rb_kb_overlay;

/*
 * Load and validate 'dir'.  On RB_OK *ret is a new kb for rb_kb_free().
 * Any problem fails the load with RB_EINVAL; 'report' (may be NULL) then
 * lists them.  Allocates.
 */
enum rb_status rb_kb_load(const char *dir, struct rb_kb **ret,
    struct rb_kb_report *report, struct rb_err *err) RB_MUST_CHECK;
void rb_kb_free(struct rb_kb *kb);

/* Counts and lookups.  Returned pointers live as long as the kb. */
size_t rb_kb_exercise_count(const struct rb_kb *kb);
const struct rb_exercise *rb_kb_exercise_at(const struct rb_kb *kb, size_t i);
const struct rb_exercise *rb_kb_exercise(
    const struct rb_kb *kb, const char *id);
size_t rb_kb_protocol_count(const struct rb_kb *kb);
const struct rb_protocol *rb_kb_protocol_at(const struct rb_kb *kb, size_t i);
const struct rb_protocol *rb_kb_protocol(
    const struct rb_kb *kb, const char *id);
/* Phase 'id' of protocol 'p', or NULL (either may be NULL). */
const struct rb_phase *rb_protocol_phase(
    const struct rb_protocol *p, const char *id);
const struct rb_measure *rb_kb_measure(const struct rb_kb *kb, const char *id);
size_t rb_kb_norm_count(const struct rb_kb *kb);
const struct rb_norm *rb_kb_norm_at(const struct rb_kb *kb, size_t i);
const char *rb_kb_source(const struct rb_kb *kb, const char *key);
/* Vocabulary check: is 'word' in list 'name' ("patterns", ...)? */
bool rb_kb_vocab_has(
    const struct rb_kb *kb, const char *name, const char *word);
const char *rb_phase_kind_name(enum rb_phase_kind k);
int rb_phase_kind_parse(const char *s);

/* Demand bits of a restriction id, or false when unknown. */
bool rb_kb_restriction(
    const struct rb_kb *kb, const char *id, uint32_t *ret_forbids);
/* The vocabulary name of demand bit i. */
const char *rb_kb_demand_name(const struct rb_kb *kb, unsigned i);

/*
 * May 'e' be used in a phase of kind 'phase' of a protocol for
 * 'condition' (NULL: none) with 'forbidden' demands?  Checks the phase
 * fit, the exercise's contraindications and the demands.
 */
bool rb_kb_eligible(const struct rb_exercise *e, const char *condition,
    enum rb_phase_kind phase, uint32_t forbidden);

/* ---- a practice's own exercises ---------------------------------------- */

/*
 * Check one exercise object (the format of data/exercises) against the
 * kb's vocabularies and rules.  With 'check_links', links must name exercises
 * of the kb or of 'overlay' (may be NULL); without, they are taken as
 * already checked (exercises read back from the store).  On RB_OK *ret is a new
 * exercise owned by the caller (rb_kb_exercise_free()).  RB_EINVAL names the
 * field.
 */
enum rb_status rb_kb_exercise_parse(const struct rb_kb *kb,
    const struct rb_kb_overlay *overlay, const json_t *obj, int64_t org_id,
    bool check_links, struct rb_exercise **ret, struct rb_err *err);
void rb_kb_exercise_free(struct rb_exercise *e);

/* The exercise as JSON (the data/exercises format).  New reference. */
json_t *rb_kb_exercise_json(
    const struct rb_kb *kb, const struct rb_exercise *e);

/*
 * A practice's view of the library: its own exercises, its overrides of
 * built-in ones, and the built-in ones it hides.  Built by the app from
 * the store; immutable once built, so it can be cached and shared.
 */
struct rb_kb_overlay *rb_kb_overlay_new(int64_t org_id);
/* Takes ownership of 'e'.  An id equal to a built-in one overrides it. */
void rb_kb_overlay_add(struct rb_kb_overlay *o, struct rb_exercise *e);
void rb_kb_overlay_hide(struct rb_kb_overlay *o, const char *id);
/*
 * Sort the overlay for fast lookups once it is complete; adding after
 * sealing is a bug.  Unsealed overlays work, with linear lookups.
 */
void rb_kb_overlay_seal(struct rb_kb_overlay *o);
void rb_kb_overlay_free(struct rb_kb_overlay *o);
size_t rb_kb_overlay_count(const struct rb_kb_overlay *o);
const struct rb_exercise *rb_kb_overlay_at(
    const struct rb_kb_overlay *o, size_t i);
bool rb_kb_overlay_hidden(const struct rb_kb_overlay *o, const char *id);

/* The exercise 'id' as a practice sees it (overlay first), or NULL;
 * rb_kb_find() hides what the practice hid, rb_kb_find_any() does not. */
const struct rb_exercise *rb_kb_find(
    const struct rb_kb *kb, const struct rb_kb_overlay *o, const char *id);
const struct rb_exercise *rb_kb_find_any(
    const struct rb_kb *kb, const struct rb_kb_overlay *o, const char *id);

/* ---- search ------------------------------------------------------------- */

struct rb_kb_query {
    const char *q; /* words matched against name and aliases */
    const char *pattern, *region, *category, *equipment;
    int phase;    /* enum rb_phase_kind, or -1 */
    int level;    /* 1..5, or 0 for any */
    size_t limit; /* at most this many results */
};

struct rb_kb_hit {
    const struct rb_exercise *e;
    int score;
};

/*
 * Search the built-in library and the overlay (may be NULL): filters are
 * exact; with 'q', hits are ranked (exact name, name prefix, word prefix,
 * alias, substring), ties by name.  Writes at most q->limit hits into
 * 'out' and returns how many matched in all.  Does not allocate.
 */
size_t rb_kb_search(const struct rb_kb *kb, const struct rb_kb_overlay *o,
    const struct rb_kb_query *q, struct rb_kb_hit *out, size_t *ret_n);

#endif /* RB_KB_KB_H */
