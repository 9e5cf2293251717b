/*
 * scope.h -- scope of practice: may this practitioner do this to this
 * client today?
 *
 * Every path that creates or changes client work asks rb_scope_check()
 * first.  The answer is "allowed" (perhaps with a clearance's restrictions
 * to apply) or a refusal naming a stable rule id, a sentence saying why, a
 * sentence saying what would allow it, and the source key the rule rests
 * on.  The rules run in a fixed order, most fundamental first (see
 * rb_scope_rules and docs/scope-of-practice.md).  rb_scope_alerts() lists
 * credentials, CPR/AED cards and clearances that expire within 60 days.
 *
 * Pure: no I/O, no clock, no allocation.  "Today" is an argument (a day
 * number, util/str.h).  Which credential grants which scope is data
 * (data/credentials.json, loaded by kb/credentials.h) passed in as a
 * struct rb_scope_table; which scope each action needs is the table
 * below, in scope.c.  US-centric per the domain brief (section 2); state
 * law varies.
 */
#ifndef RB_CORE_SCOPE_H
#define RB_CORE_SCOPE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* ---- credentials and the table that maps them to scopes ------------------ */

/* The areas of practice a credential may grant. */
enum rb_scope {
    RB_SCOPE_FITNESS,     /* apparently healthy or medically cleared clients */
    RB_SCOPE_PERFORMANCE, /* strength and conditioning for athletes */
    RB_SCOPE_CLINICAL,    /* evaluate and rehabilitate injuries */
    RB_SCOPE_MNT,         /* medical nutrition therapy */
    RB__SCOPE_MAX
};

/* "fitness", "performance", "clinical", "mnt"; "unknown" out of range. */
const char *rb_scope_name(enum rb_scope s);
/* The scope named 's', or -1. */
int rb_scope_parse(const char *s);

/*
 * One row of data/credentials.json: what a kind of credential lets its
 * holder do and what keeping it current takes.  Strings are borrowed from
 * whoever built the table (the loader's arena, or a test's static data).
 */
struct rb_credential_rule {
    const char *kind;      /* stable id, e.g. "nasm_cpt", "boc_atc" */
    const char *name;      /* for people, e.g. "NASM-CPT" */
    const char *issuer;    /* e.g. "NASM", "BOC", "state board" */
    unsigned scopes;       /* bit (1u << enum rb_scope) per scope granted */
    bool licence;          /* a state licence, not a voluntary certificate */
    bool must_be_verified; /* grants scope only once an owner/admin checked */
    bool ce_by_state;      /* CE is set by the state board, not tracked */
    int ce_cycle_months;   /* 0 when ce_by_state */
    double ce_required;    /* per cycle; 0 when ce_by_state */
    const char *ce_unit;   /* "CEU", "CEC"; NULL when ce_by_state */
    bool cpr_required;     /* a current CPR/AED card is a condition */
    bool cpr_hands_on;     /* ...with an in-person skills check */
    int grace_days;        /* renewal window after expiry; NOT an extension */
    int64_t read_from;     /* period the figures were read for (day) */
    int64_t read_to;
    bool verified;      /* figures confirmed on the issuer's own current page */
    const char *source; /* sources.json key for the figures */
    const char *scope_source; /* sources.json key for the scopes */
    const char *note;         /* NULL or a sentence */
};

/* The rows, in file order.  Borrowed; lives as long as its builder. */
struct rb_scope_table {
    const struct rb_credential_rule *rows;
    size_t n;
};

/* The row for 'kind', or NULL. */
const struct rb_credential_rule *rb_scope_table_find(
    const struct rb_scope_table *t, const char *kind);

/*
 * A credential one practitioner holds.  Days are day numbers; a
 * credential is current through its expiry day inclusive.  Strings are
 * borrowed.
 */
struct rb_credential {
    const char *kind;   /* a row of the table; unknown kinds grant nothing */
    const char *issuer; /* as printed on the card */
    const char *number; /* certificate or licence number */
    int64_t issued_day;
    int64_t expires_day;
    int64_t cpr_expires_day; /* the CPR/AED card filed with it; 0: none */
    double ce_earned;        /* continuing education so far this cycle */
    double ce_required;      /* this holder's requirement for the cycle */
    bool verified;           /* false: self-reported */
    const char *verified_by; /* owner/admin who checked it, or NULL */
    int64_t verified_day;
    const char *verify_note; /* e.g. "checked on the BOC register" */
};

/* At most this many credentials per practitioner (RB_ELIMIT beyond). */
#define RB_SCOPE_MAX_CREDENTIALS 16

struct rb_practitioner_state {
    const struct rb_credential *credentials;
    size_t ncredentials;
};

/* ---- the client ---------------------------------------------------------- */

enum rb_injury_status {
    RB_INJURY_ACTIVE,
    RB_INJURY_RESOLVED,
    RB_INJURY_RECURRENT, /* came back: treated like active */
    RB__INJURY_MAX
};

/* "active", "resolved", "recurrent"; -1 from parse when unknown. */
const char *rb_injury_status_name(enum rb_injury_status s);
int rb_injury_status_parse(const char *s);

struct rb_injury {
    const char *region; /* vocabulary "regions", e.g. "ankle_foot" */
    enum rb_injury_status status;
    int64_t onset_day; /* 0 when not known (then any clearance covers it) */
};

/* A licensed provider's clearance to exercise, as recorded. */
struct rb_clearance {
    const char *provider;   /* the person, e.g. "Dr A. Okafor" */
    const char *credential; /* the provider's credential kind: "physician" */
    int64_t day;            /* the date it was given */
    int64_t expires_day;    /* last day it holds */
    const char *const *restrictions; /* ids from data/restrictions.json */
    size_t nrestrictions;
};

struct rb_client_state {
    bool red_flag_open;     /* a red flag from screening is not yet closed */
    bool clearance_pending; /* screening said clearance_recommended, and
                               no clearance has been recorded since */
    bool consent_current;   /* consent signed for the current version */
    const struct rb_injury *injuries;
    size_t ninjuries;
    const struct rb_clearance *clearance; /* NULL when none recorded */
};

/* ---- actions and the check ----------------------------------------------- */

enum rb_scope_action {
    RB_ACTION_SCREEN,            /* health history, PAR-Q+, referral */
    RB_ACTION_ASSESS_FITNESS,    /* published fitness tests */
    RB_ACTION_PROGRAM_HEALTHY,   /* program for an apparently healthy client */
    RB_ACTION_PROGRAM_CLEARED,   /* program under a recorded clearance */
    RB_ACTION_OPEN_CASE,         /* open an injury case (clinical eval) */
    RB_ACTION_REHAB_PROGRAM,     /* run a rehabilitation protocol */
    RB_ACTION_RTS_DECISION,      /* decide return to sport */
    RB_ACTION_NUTRITION_GENERAL, /* general, non-medical nutrition info */
    RB_ACTION_MNT,               /* medical nutrition therapy */
    RB__ACTION_MAX
};

/* "screen", "assess_fitness", ...; "unknown" out of range. */
const char *rb_scope_action_name(enum rb_scope_action a);
/* The action named 's', or -1. */
int rb_scope_action_parse(const char *s);
/* Scopes (bit per enum rb_scope) any one of which permits 'a'; 0 if bad. */
unsigned rb_scope_action_scopes(enum rb_scope_action a);

/* One rule of the check, in the order the check applies them. */
struct rb_scope_rule {
    const char *id;     /* stable, e.g. "scope.cpr_lapsed" */
    const char *source; /* sources.json key; rows may name a more exact one */
    const char *what;   /* one line for docs and tests */
};

/* The rules in order, most fundamental first; 'rb_scope_nrules' of them. */
extern const struct rb_scope_rule rb_scope_rules[];
extern const size_t rb_scope_nrules;

/* The stable machine code every refusal carries. */
#define RB_SCOPE_CODE "out_of_scope"

struct rb_scope_refusal {
    const char *rule;   /* static, e.g. "scope.cpr_lapsed" */
    const char *source; /* sources.json key (static or the table's) */
    char message[256];  /* why, naming the credential/client fact */
    char unblock[256];  /* what would allow it */
};

#define RB_SCOPE_MAX_REFUSALS 6

struct rb_scope_verdict {
    bool allowed;
    enum rb_scope_action action;
    /*
     * When refused: every rule that refuses, in rule order; refusals[0] is
     * the one to show.  A later refusal is listed only when it would still
     * hold after the earlier ones were fixed.
     */
    struct rb_scope_refusal refusals[RB_SCOPE_MAX_REFUSALS];
    size_t nrefusals;
    /* When allowed: the credential it rests on (borrowed from the input). */
    const struct rb_credential *acting;
    /*
     * When allowed for an action that makes the client move (assessment,
     * programming, rehabilitation, return to sport) and an in-date
     * clearance is recorded: that clearance and its restrictions, which
     * the plan must respect.  Borrowed from the client state.
     */
    const struct rb_clearance *under_clearance;
    const char *const *restrictions;
    size_t nrestrictions;
};

/*
 * May practitioner 'p' do 'a' for client 'c' on day 'today'?  On RB_OK
 * *ret holds the verdict (allowed or refused; a refusal is a normal
 * answer, not an error).  RB_EINVAL, naming the field, for an unknown
 * action or malformed input (a credential without a kind, an expiry
 * before its issue date, a clearance that ends before it starts, an
 * unknown injury status); RB_ELIMIT for more than
 * RB_SCOPE_MAX_CREDENTIALS credentials.  *ret is written only on RB_OK.
 * Does not allocate.  Pointers in *ret borrow from 't', 'p' and 'c'.
 */
enum rb_status rb_scope_check(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    enum rb_scope_action a, int64_t today, struct rb_scope_verdict *ret,
    struct rb_err *err) RB_MUST_CHECK;

/*
 * The first refusal of 'v' as {"code":"out_of_scope","rule":...,
 * "message":...,"unblock":...}; NULL when 'v' is allowed.  New reference.
 */
json_t *rb_scope_refusal_json(const struct rb_scope_verdict *v);

/* ---- alerts -------------------------------------------------------------- */

/* Alert about anything expiring within this many days (or expired). */
#define RB_SCOPE_ALERT_DAYS 60
#define RB_SCOPE_MAX_ALERTS (2 * RB_SCOPE_MAX_CREDENTIALS + 1)

enum rb_scope_alert_kind {
    RB_ALERT_CREDENTIAL,
    RB_ALERT_CPR,
    RB_ALERT_CLEARANCE,
};

struct rb_scope_alert {
    enum rb_scope_alert_kind kind;
    const struct rb_credential *credential; /* CREDENTIAL, CPR; else NULL */
    const struct rb_clearance *clearance;   /* CLEARANCE; else NULL */
    int64_t expires_day;                    /* 0 for a missing CPR card */
    int64_t days_left; /* negative once expired; 0 on the last day */
    bool missing;      /* CPR: required but no card recorded */
    double ce_short;   /* CREDENTIAL: CE still to earn this cycle, or 0 */
    char message[200]; /* one line for people */
};

struct rb_scope_alerts {
    struct rb_scope_alert v[RB_SCOPE_MAX_ALERTS]; /* soonest first */
    size_t n;
};

/*
 * What expires within RB_SCOPE_ALERT_DAYS of 'today', or has expired:
 * the practitioner's credentials and the CPR/AED cards their rows require
 * (a credential superseded by a later one of the same kind is skipped),
 * and the client's clearance.  Either 'p' or 'c' may be NULL.  Sorted by
 * days left, soonest first.  RB_EINVAL / RB_ELIMIT as rb_scope_check();
 * *ret is written only on RB_OK.  Does not allocate; pointers in *ret
 * borrow from 'p' and 'c'.
 */
enum rb_status rb_scope_alerts(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    int64_t today, struct rb_scope_alerts *ret,
    struct rb_err *err) RB_MUST_CHECK;

#endif /* RB_CORE_SCOPE_H */
