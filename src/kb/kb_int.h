/*
 * kb_int.h -- what the files of kb/ share: the kb itself and the parsing
 * context that collects problems with their file and field.
 */
#ifndef RB_KB_KB_INT_H
#define RB_KB_KB_INT_H

#include "kb/kb.h"
#include "util/arena.h"

#define RB_KB_MAX_DEMANDS 32

struct vocab {
    const char *name;
    struct rb_strs words;
};

struct restriction {
    const char *id, *joint, *text;
    uint32_t forbids;
};

struct dose_template {
    struct rb_dose dose;
    const char *id;
};

struct source {
    const char *key, *citation;
};

struct rb_kb {
    struct rb_arena arena; /* owns everything below */
    struct vocab *vocabs;
    size_t nvocabs;
    const struct rb_strs *demands; /* vocabulary "demands" (bit order) */
    struct source *sources;
    size_t nsources;
    struct restriction *restrictions;
    size_t nrestrictions;
    struct rb_measure *measures;
    size_t nmeasures;
    struct dose_template *templates;
    size_t ntemplates;
    struct rb_exercise **exercises; /* sorted by id */
    size_t nexercises;
    struct rb_protocol **protocols; /* sorted by id */
    size_t nprotocols;
    struct rb_norm **norms;
    size_t nnorms;
};

/* Where a problem is reported, and where parsed data is allocated. */
struct kb_ctx {
    const struct rb_kb *kb;
    struct rb_kb_report *report;
    size_t problems; /* counted here even without a report */
    const char *file;
    struct rb_arena *arena;
};

void kb_problem(struct kb_ctx *c, const char *field, const char *fmt, ...)
    RB_PRINTF(3, 4);

/* JSON field readers: each reports its own problems and returns a
 * harmless default (NULL, empty list, 0) after one. */
void kb_check_keys(struct kb_ctx *c, const json_t *obj, const char *path,
    const char *const *allowed);
const char *kb_str(struct kb_ctx *c, const json_t *obj, const char *key,
    const char *path, bool required);
struct rb_strs kb_strs(struct kb_ctx *c, const json_t *obj, const char *key,
    const char *path, const char *vocab, size_t min, size_t max);
const char *kb_word(struct kb_ctx *c, const json_t *obj, const char *key,
    const char *path, const char *vocab);
bool kb_num(struct kb_ctx *c, const json_t *obj, const char *key,
    const char *path, bool required, double min, double max, double *ret);
bool kb_range(struct kb_ctx *c, const json_t *obj, const char *key,
    const char *path, double min, double max, struct rb_range *ret);
void kb_source(struct kb_ctx *c, const char *key, const char *path);
bool kb_is_slug(const char *s);

const struct rb_strs *kb_vocab(const struct rb_kb *kb, const char *name);
int kb_demand_bit(const struct rb_kb *kb, const char *word);
/* The set of letters a-z (either case) in 's', as bits. */
uint32_t kb_letters(const char *s);

/* Position of 'word' in vocabulary 'name', or -1. */
int kb_vocab_index(const struct rb_kb *kb, const char *name, const char *word);

/* Read a whole file as one JSON object (a new reference), or report why
 * not (file, line) and return NULL. */
json_t *kb_load_json(struct kb_ctx *c, const char *path);

/* Parse a dose entry (template reference or explicit numbers). */
bool kb_dose(struct kb_ctx *c, const json_t *v, const char *goal,
    const char *path, struct rb_dose *ret);

/* Parse one exercise object into c->arena. */
struct rb_exercise *kb_exercise(
    struct kb_ctx *c, const json_t *obj, const char *path, int64_t org_id);

#endif /* RB_KB_KB_INT_H */
