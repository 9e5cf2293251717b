/*
 * program.h -- the program engine: from one client's case file to a plan
 * of weeks, sessions, blocks and prescriptions, each with its rationale.
 *
 * Pure and deterministic: no I/O, no clock, no randomness, no hash order.
 * The same input and knowledge base give the same plan byte for byte;
 * every choice is a stable sort with a tie-break on the exercise id.
 *
 * Steps (docs/program-engine.md):
 *   1. refusals  -- an open red flag, a pending clearance, or the scope
 *                   check (core/scope.h) refusing: no plan, a refusal
 *   2. pathway   -- the case's protocol and phase, or a pathway chosen
 *                   from the profile (older adult, desk worker, general)
 *   3. gate      -- the phase's exit criteria (engine/assess.h): met,
 *                   the plan moves to the next phase and shows the
 *                   evidence; not met, it stays and lists what is missing
 *   4. selection -- eligible exercises only (phase fit, contraindications,
 *                   forbidden demands of the phase and the clearance,
 *                   the client's equipment), ranked by the phase's
 *                   emphasis, the findings and the goals
 *   5. order, dose, warm-up, time fit, progression over the weeks
 *
 * Everything returned lives in the caller's arena and borrows the kb.
 */
#ifndef RB_ENGINE_PROGRAM_H
#define RB_ENGINE_PROGRAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/scope.h"
#include "core/screening.h"
#include "engine/assess.h"
#include "kb/kb.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/status.h"

/* Goals a profile may name (bit per goal in rb_plan_input.goals). */
enum rb_plan_goal {
    RB_GOAL_GENERAL_FITNESS,
    RB_GOAL_STRENGTH,
    RB_GOAL_POWER,
    RB_GOAL_WEIGHT_MANAGEMENT,
    RB_GOAL_RETURN_TO_SPORT,
    RB_GOAL_RUN_DISTANCE,
    RB_GOAL_FALL_PREVENTION,
    RB__GOAL_MAX
};

const char *rb_plan_goal_name(enum rb_plan_goal g);
int rb_plan_goal_parse(const char *s); /* -1 when unknown */

enum rb_plan_experience { RB_EXP_NOVICE, RB_EXP_INTERMEDIATE, RB_EXP_ADVANCED };

/* One past injury (the history). */
struct rb_plan_injury {
    const char *region; /* vocabulary "regions" */
    enum rb_side side;
    const char *kind; /* "sprain", "strain", "surgery", ... free word */
    enum rb_injury_status status;
    int recurrences;
    int64_t onset_day; /* 0 when not known */
};

/* A known or estimated one-repetition maximum. */
struct rb_plan_lift {
    const char *exercise; /* exercise id */
    double kg;            /* the 1RM (estimated when reps > 1) */
    int reps;             /* reps the weight was lifted for (1..10) */
    double weight;        /* the weight lifted */
};

/* The parsed case file (strings live in the arena). */
struct rb_plan_input {
    int age;
    const char *sex; /* "female", "male" or NULL */
    unsigned goals;  /* bit per enum rb_plan_goal */
    const char *sport, *goal_text;
    enum rb_plan_experience experience;
    int days_per_week;      /* 1..6 */
    int minutes;            /* per session, 20..120 */
    const char **equipment; /* presets expanded, sorted, unique */
    size_t nequipment;
    double sitting_hours; /* per day; 0 when not given */

    /* Screening outcome, as recorded. */
    enum rb_screen_outcome screen_outcome;
    enum rb_intensity ceiling; /* RB_INTENSITY_NONE: not stated */
    const char **red_flags;    /* open red flag ids (core/screening.h) */
    size_t nred_flags;
    bool clearance_pending;
    bool consent_current;

    struct rb_plan_injury *injuries;
    size_t ninjuries;

    /* The case, when the client is on a protocol (protocol NULL: none). */
    const struct rb_protocol *protocol;
    const struct rb_phase *phase;
    enum rb_side involved;
    int days_in_phase; /* -1 when not known */

    /* The clearance, when one is recorded (has_clearance). */
    bool has_clearance;
    struct rb_clearance clearance;

    /* The practitioner's credentials. */
    struct rb_credential *credentials;
    size_t ncredentials;

    bool has_measures;
    struct rb_measure_set measures;

    struct rb_plan_lift *lifts;
    size_t nlifts;

    int64_t start_day; /* day number of the first week's Monday */
    int weeks;         /* 1..12 */
};

/*
 * Parse a case file (docs/program-engine.md).  RB_EINVAL naming the field
 * for anything unknown, missing or out of range.  On RB_OK *ret is filled;
 * everything lives in 'a' or borrows 'kb' and 'doc' ('doc' must outlive
 * the input).
 */
enum rb_status rb_plan_case_parse(const struct rb_kb *kb, const json_t *doc,
    struct rb_arena *a, struct rb_plan_input *ret,
    struct rb_err *err) RB_MUST_CHECK;

/* ---- the plan ----------------------------------------------------------- */

enum rb_session_block {
    RB_SB_RAISE,
    RB_SB_ACTIVATE, /* activate and mobilise */
    RB_SB_POTENTIATE,
    RB_SB_MAIN,
    RB_SB_ACCESSORY,
    RB_SB_CONDITIONING,
    RB_SB_COOLDOWN,
    RB__SB_MAX
};

const char *rb_session_block_name(enum rb_session_block k);

/* Why a prescription is there: plain text plus rule ids and source keys. */
#define RB_RX_MAX_TAGS 8

struct rb_rationale {
    const char *text;
    const char *rules[RB_RX_MAX_TAGS];
    size_t nrules;
    const char *sources[RB_RX_MAX_TAGS];
    size_t nsources;
};

enum rb_rx_side { RB_RX_BOTH, RB_RX_INVOLVED, RB_RX_UNINVOLVED, RB_RX_NA };

struct rb_rx {
    const struct rb_exercise *e;
    enum rb_session_block block;
    const char *goal; /* the dose's goal key */
    int sets;
    int reps;              /* 0 when timed */
    int seconds;           /* 0 when counted */
    const char *intensity; /* "rpe", "rir", "pct_1rm" */
    double intensity_value;
    double load_kg; /* > 0 when computed from a 1RM */
    bool one_rm_estimated;
    const char *tempo;
    int rest_s;
    enum rb_rx_side side;
    enum rb_side side_name; /* the involved (or uninvolved) side */
    double minutes;
    const char *regression, *progression; /* neighbour ids or NULL */
    struct rb_rationale why;
    /* For the engine's own use: why chosen, and the time fit. */
    const char *select;
    int min_sets, max_sets, max_seconds, dose_max_sets;
    bool keep; /* the protocol's own work: dropped last */
    const char *dose_source;
};

struct rb_session {
    int index; /* 1-based within the week */
    int64_t day;
    const char *focus; /* e.g. "squat, hinge, horizontal_pull" */
    struct rb_rx *rx;
    size_t nrx;
    double minutes;
};

struct rb_week {
    int index; /* 1-based */
    bool deload;
    const char *note;
    struct rb_session *sessions;
    size_t nsessions;
};

struct rb_plan_gate {
    bool evaluated;
    bool ready;
    const struct rb_phase *from, *to; /* to: the proposed next phase */
    struct rb_gate gate;
};

struct rb_plan {
    bool refused;
    const char *rule, *message, *unblock, *source;

    const struct rb_protocol *protocol;
    const struct rb_phase *phase; /* the phase the plan trains in */
    bool rehab;                   /* the protocol is for a condition */
    struct rb_plan_gate gate;
    struct rb_finding *findings;
    size_t nfindings;
    const char **notes; /* plan-level notes (pain rules, education) */
    size_t nnotes;
    const char **note_sources;
    struct rb_week *weeks;
    size_t nweeks;
    int minutes; /* the client's minutes per session */
};

/*
 * Build the plan for 'in'.  A refusal is a normal answer (plan->refused),
 * not an error.  'scope' is the credential table (kb/credentials.h).
 * Everything lives in 'a'.
 */
enum rb_status rb_plan_build(const struct rb_kb *kb,
    const struct rb_scope_table *scope, const struct rb_plan_input *in,
    struct rb_arena *a, struct rb_plan *ret, struct rb_err *err) RB_MUST_CHECK;

/* The plan (or refusal) as JSON.  New reference. */
/* Does the client of 'in' have what 'e' needs (all of its equipment and
 * one of its equipment_any)? */
bool rb_plan_equipped(
    const struct rb_plan_input *in, const struct rb_exercise *e);

json_t *rb_plan_json(const struct rb_kb *kb, const struct rb_plan *p);

/* The plan as plain text, appended to 'out' (the caller's buffer; its cap
 * bounds the text: RB_ELIMIT when it would pass it). */
enum rb_status rb_plan_text(const struct rb_plan *p, struct rb_buf *out);

#endif /* RB_ENGINE_PROGRAM_H */
