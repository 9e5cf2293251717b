/*
 * scope.c -- the scope-of-practice check and the expiry alerts; see
 * scope.h.  The action table and the rule list below are the whole policy
 * in code; which credential grants which scope is data.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "util/str.h"

#define BIT(s) (1u << (s))
#define PRACTICE                                                               \
    (BIT(RB_SCOPE_FITNESS) | BIT(RB_SCOPE_PERFORMANCE) | BIT(RB_SCOPE_CLINICAL))

static const char *const scope_names[RB__SCOPE_MAX] = {
    "fitness", "performance", "clinical", "mnt"};

static const char *const injury_names[RB__INJURY_MAX] = {
    "active", "resolved", "recurrent"};

/* Positions in rb_scope_rules, which is in check order. */
enum rule {
    R_NEEDS_CREDENTIAL,
    R_NEEDS_CLINICAL,
    R_MNT_REQUIRES_RD,
    R_CREDENTIAL_EXPIRED,
    R_CPR_LAPSED,
    R_CREDENTIAL_UNVERIFIED,
    R_RED_FLAG_OPEN,
    R_CLEARANCE_PENDING,
    R_CONSENT_MISSING,
    R_CLEARANCE_MISSING,
    R_CLEARANCE_NOT_CLINICAL,
    R_CLEARANCE_EXPIRED,
    R_INJURY_NEEDS_CLEARANCE,
    R__MAX
};

/*
 * The order is the contract: who the practitioner is, then whether their
 * papers are current, then the client's safety holds, then consent, then
 * the client's injuries and clearance.  docs/scope-of-practice.md numbers
 * them 1-11: the first three ids share number 1 (the action decides which
 * one speaks), and at most one of 2-4 fires (each filters the credentials
 * the previous one left).
 */
const struct rb_scope_rule rb_scope_rules[R__MAX] = {
    [R_NEEDS_CREDENTIAL] = {"scope.needs_credential", "ACE-scope",
        "no credential on file grants a scope the action needs"},
    [R_NEEDS_CLINICAL] = {"scope.needs_clinical_credential", "NATA-def",
        "clinical work needs an athletic trainer, physical therapist or "
        "physician credential"},
    [R_MNT_REQUIRES_RD] = {"scope.mnt_requires_rd", "MNT",
        "medical nutrition therapy needs a registered dietitian"},
    [R_CREDENTIAL_EXPIRED] = {"scope.credential_expired", "ACE-recert",
        "every credential that would allow it is past its expiry date"},
    [R_CPR_LAPSED] = {"scope.cpr_lapsed", "BOC",
        "every current credential that would allow it needs a CPR/AED card "
        "that has lapsed"},
    [R_CREDENTIAL_UNVERIFIED] = {"scope.credential_unverified",
        "Rebound-design",
        "the credential must be verified by an owner or admin first"},
    [R_RED_FLAG_OPEN] = {"scope.red_flag_open", "ACSM-2015",
        "an open red flag blocks anything that makes the client exercise"},
    [R_CLEARANCE_PENDING] = {"scope.clearance_pending", "ACSM-2015",
        "screening recommended medical clearance and none is recorded"},
    [R_CONSENT_MISSING] = {"scope.consent_missing", "Rebound-design",
        "the client has not signed the current consent"},
    [R_CLEARANCE_MISSING] = {"scope.clearance_missing", "ACE-scope",
        "programming under a clearance needs a recorded clearance"},
    [R_CLEARANCE_NOT_CLINICAL] = {"scope.clearance_not_clinical", "ACE-scope",
        "the recorded clearance is not from a clinical credential"},
    [R_CLEARANCE_EXPIRED] = {"scope.clearance_expired", "PARQ-form",
        "the clearance the work depends on has expired"},
    [R_INJURY_NEEDS_CLEARANCE] = {"scope.injury_needs_clearance", "ACE-scope",
        "without a clinical credential, an unresolved injury needs a "
        "clearance that covers it"},
};

const size_t rb_scope_nrules = R__MAX;

/* What each action needs and touches. */
struct action_def {
    const char *name;
    const char *label;  /* for sentences: "a rehabilitation protocol" */
    unsigned scopes;    /* any one of these */
    enum rule no_scope; /* refusal when no credential grants one */
    const char *source; /* where the scope requirement comes from */
    bool moves;         /* the client exercises: holds and restrictions */
    bool programs;      /* the injury and clearance rules apply */
};

static const struct action_def actions[RB__ACTION_MAX] = {
    [RB_ACTION_SCREEN] = {"screen", "screening", PRACTICE, R_NEEDS_CREDENTIAL,
        "ACE-scope", false, false},
    [RB_ACTION_ASSESS_FITNESS] = {"assess_fitness", "a fitness assessment",
        PRACTICE, R_NEEDS_CREDENTIAL, "ACE-scope", true, false},
    [RB_ACTION_PROGRAM_HEALTHY] = {"program_healthy", "programming", PRACTICE,
        R_NEEDS_CREDENTIAL, "ACE-scope", true, true},
    [RB_ACTION_PROGRAM_CLEARED] = {"program_cleared",
        "programming under a clearance", PRACTICE, R_NEEDS_CREDENTIAL,
        "ACE-scope", true, true},
    [RB_ACTION_OPEN_CASE] = {"open_case", "opening an injury case",
        BIT(RB_SCOPE_CLINICAL), R_NEEDS_CLINICAL, "NATA-def", false, false},
    [RB_ACTION_REHAB_PROGRAM] = {"rehab_program", "a rehabilitation protocol",
        BIT(RB_SCOPE_CLINICAL), R_NEEDS_CLINICAL, "PT", true, false},
    [RB_ACTION_RTS_DECISION] = {"rts_decision", "a return-to-sport decision",
        BIT(RB_SCOPE_CLINICAL), R_NEEDS_CLINICAL, "NATA-def", true, false},
    [RB_ACTION_NUTRITION_GENERAL] = {"nutrition_general",
        "general nutrition information", PRACTICE | BIT(RB_SCOPE_MNT),
        R_NEEDS_CREDENTIAL, "Scope-CPT", false, false},
    [RB_ACTION_MNT] = {"mnt", "medical nutrition therapy", BIT(RB_SCOPE_MNT),
        R_MNT_REQUIRES_RD, "MNT", false, false},
};

/* ---- names --------------------------------------------------------------- */

const char *
rb_scope_name(enum rb_scope s)
{
    return (unsigned)s < RB__SCOPE_MAX ? scope_names[s] : "unknown";
}

int
rb_scope_parse(const char *s)
{
    for (int i = 0; s != NULL && i < RB__SCOPE_MAX; i++) {
        if (strcmp(scope_names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

const char *
rb_injury_status_name(enum rb_injury_status s)
{
    return (unsigned)s < RB__INJURY_MAX ? injury_names[s] : "unknown";
}

int
rb_injury_status_parse(const char *s)
{
    for (int i = 0; s != NULL && i < RB__INJURY_MAX; i++) {
        if (strcmp(injury_names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

const char *
rb_scope_action_name(enum rb_scope_action a)
{
    return (unsigned)a < RB__ACTION_MAX ? actions[a].name : "unknown";
}

int
rb_scope_action_parse(const char *s)
{
    for (int i = 0; s != NULL && i < RB__ACTION_MAX; i++) {
        if (strcmp(actions[i].name, s) == 0) {
            return i;
        }
    }
    return -1;
}

unsigned
rb_scope_action_scopes(enum rb_scope_action a)
{
    return (unsigned)a < RB__ACTION_MAX ? actions[a].scopes : 0;
}

const struct rb_credential_rule *
rb_scope_table_find(const struct rb_scope_table *t, const char *kind)
{
    for (size_t i = 0; t != NULL && kind != NULL && i < t->n; i++) {
        if (t->rows[i].kind != NULL && strcmp(t->rows[i].kind, kind) == 0) {
            return &t->rows[i];
        }
    }
    return NULL;
}

/* ---- input checks -------------------------------------------------------- */

static enum rb_status
check_inputs(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    struct rb_err *err)
{
    char f[64];

    if (t == NULL || (t->rows == NULL && t->n > 0)) {
        return rb_fail_field(
            err, RB_EINVAL, "bad_scope_input", "table", "no credential table");
    }
    if (p != NULL) {
        if (p->ncredentials > RB_SCOPE_MAX_CREDENTIALS) {
            return rb_fail_field(err, RB_ELIMIT, "too_many_credentials",
                "credentials", "at most %d credentials per practitioner",
                RB_SCOPE_MAX_CREDENTIALS);
        }
        if (p->credentials == NULL && p->ncredentials > 0) {
            return rb_fail_field(err, RB_EINVAL, "bad_scope_input",
                "credentials", "credential list missing");
        }
        for (size_t i = 0; i < p->ncredentials; i++) {
            const struct rb_credential *cr = &p->credentials[i];

            if (cr->kind == NULL) {
                snprintf(f, sizeof(f), "credentials[%zu].kind", i);
                return rb_fail_field(err, RB_EINVAL, "bad_scope_input", f,
                    "a credential needs a kind");
            }
            if (cr->expires_day < cr->issued_day) {
                snprintf(f, sizeof(f), "credentials[%zu].expires", i);
                return rb_fail_field(err, RB_EINVAL, "bad_scope_input", f,
                    "the %s credential expires before it was issued", cr->kind);
            }
        }
    }
    if (c == NULL) {
        return RB_OK;
    }
    if (c->injuries == NULL && c->ninjuries > 0) {
        return rb_fail_field(err, RB_EINVAL, "bad_scope_input", "injuries",
            "injury list missing");
    }
    for (size_t i = 0; i < c->ninjuries; i++) {
        if ((unsigned)c->injuries[i].status >= RB__INJURY_MAX) {
            snprintf(f, sizeof(f), "injuries[%zu].status", i);
            return rb_fail_field(
                err, RB_EINVAL, "bad_scope_input", f, "unknown injury status");
        }
    }
    if (c->clearance != NULL) {
        const struct rb_clearance *cl = c->clearance;

        if (cl->credential == NULL) {
            return rb_fail_field(err, RB_EINVAL, "bad_scope_input",
                "clearance.credential",
                "a clearance names the provider's "
                "credential");
        }
        if (cl->expires_day < cl->day) {
            return rb_fail_field(err, RB_EINVAL, "bad_scope_input",
                "clearance.expires", "the clearance ends before it was given");
        }
        if (cl->restrictions == NULL && cl->nrestrictions > 0) {
            return rb_fail_field(err, RB_EINVAL, "bad_scope_input",
                "clearance.restrictions", "restriction list missing");
        }
        for (size_t i = 0; i < cl->nrestrictions; i++) {
            if (cl->restrictions[i] == NULL) {
                snprintf(f, sizeof(f), "clearance.restrictions[%zu]", i);
                return rb_fail_field(
                    err, RB_EINVAL, "bad_scope_input", f, "empty restriction");
            }
        }
    }
    return RB_OK;
}

/* ---- building refusals --------------------------------------------------- */

/*
 * Cut 'out' (a full buffer of 'n' bytes) back to a whole UTF-8 character,
 * so a truncated sentence with a provider's name in it stays valid text
 * for JSON.
 */
static void
utf8_trim(char *out, size_t n)
{
    size_t len = strlen(out), start, want;
    unsigned char lead;

    if (len + 1 < n || len == 0) {
        return; /* not truncated */
    }
    start = len - 1;
    while (start > 0 && ((unsigned char)out[start] & 0xC0) == 0x80) {
        start--; /* back over continuation bytes to the lead byte */
    }
    lead = (unsigned char)out[start];
    want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (len - start < want) {
        out[start] = '\0'; /* the last character was cut */
    }
}

/*
 * snprintf for sentences: a sentence that does not fit is cut at a
 * character boundary rather than refused.
 */
static void RB_PRINTF(3, 4) say(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
    utf8_trim(out, n);
}

static struct rb_scope_refusal *
refuse(struct rb_scope_verdict *v, enum rule r, const char *source)
{
    struct rb_scope_refusal *out;

    /* At most one practitioner rule plus four client rules can fire. */
    if (v->nrefusals == RB_SCOPE_MAX_REFUSALS) {
        v->nrefusals--;
    }
    out = &v->refusals[v->nrefusals++];
    out->rule = rb_scope_rules[r].id;
    out->source = source != NULL ? source : rb_scope_rules[r].source;
    out->message[0] = '\0';
    out->unblock[0] = '\0';
    return out;
}

/* "NASM-CPT #12345", or the kind when the table does not know it. */
static void
cred_label(const struct rb_credential *cr, const struct rb_credential_rule *row,
    char *out, size_t n)
{
    const char *name = row != NULL && row->name != NULL ? row->name : cr->kind;

    if (cr->number != NULL && cr->number[0] != '\0') {
        say(out, n, "%s #%s", name, cr->number);
    } else {
        say(out, n, "%s", name);
    }
}

static const char *
issuer_of(const struct rb_credential *cr, const struct rb_credential_rule *row)
{
    if (cr->issuer != NULL && cr->issuer[0] != '\0') {
        return cr->issuer;
    }
    return row != NULL && row->issuer != NULL ? row->issuer : "the issuer";
}

/* The names of the rows granting any scope in 'scopes': "A, B or C". */
static void
names_granting(
    const struct rb_scope_table *t, unsigned scopes, char *out, size_t n)
{
    size_t k = 0, total = 0, len = 0;

    for (size_t i = 0; i < t->n; i++) {
        total += (t->rows[i].scopes & scopes) != 0;
    }
    out[0] = '\0';
    for (size_t i = 0; i < t->n && len + 1 < n; i++) {
        const char *sep;

        if ((t->rows[i].scopes & scopes) == 0) {
            continue;
        }
        sep = k == 0 ? "" : k + 1 == total ? " or " : ", ";
        len += (size_t)snprintf(out + len, n - len, "%s%s", sep,
            t->rows[i].name ? t->rows[i].name : t->rows[i].kind);
        k++;
    }
    if (len >= n) {
        utf8_trim(out, n);
    }
}

static void
refuse_no_scope(struct rb_scope_verdict *v, const struct rb_scope_table *t,
    const struct action_def *ad)
{
    struct rb_scope_refusal *r = refuse(v, ad->no_scope, ad->source);
    char names[160];

    names_granting(t, ad->scopes, names, sizeof(names));
    switch (ad->no_scope) {
    case R_NEEDS_CLINICAL:
        say(r->message, sizeof(r->message),
            "%c%s is clinical work, and no athletic trainer, physical "
            "therapist or physician credential is on file.",
            ad->label[0] - 'a' + 'A', ad->label + 1);
        say(r->unblock, sizeof(r->unblock),
            "Refer the client to a clinician, or add your own clinical "
            "credential: %s.",
            names);
        break;
    case R_MNT_REQUIRES_RD:
        say(r->message, sizeof(r->message),
            "Medical nutrition therapy is reserved for registered dietitians, "
            "and no such credential is on file.");
        say(r->unblock, sizeof(r->unblock),
            "Refer the client to a registered dietitian nutritionist (%s); "
            "general nutrition information remains available.",
            names);
        break;
    default:
        say(r->message, sizeof(r->message), "No credential on file covers %s.",
            ad->label);
        say(r->unblock, sizeof(r->unblock),
            "Add a current credential that covers it, for example an "
            "NCCA-accredited personal-trainer certification.");
        break;
    }
}

static void
refuse_expired(struct rb_scope_verdict *v, const struct rb_credential *cr,
    const struct rb_credential_rule *row, int64_t today)
{
    struct rb_scope_refusal *r = refuse(v, R_CREDENTIAL_EXPIRED, row->source);
    int64_t grace_end = cr->expires_day + row->grace_days;
    char label[96], d[11], g[11];

    cred_label(cr, row, label, sizeof(label));
    rb_date_format(cr->expires_day, d);
    rb_date_format(grace_end, g);
    say(r->message, sizeof(r->message),
        "Your %s expired on %s; with no current credential that covers "
        "this, you are read-only for new work.",
        label, d);
    if (row->grace_days > 0 && today <= grace_end) {
        say(r->unblock, sizeof(r->unblock),
            "Renew your %s with %s and record the new expiry date (expired "
            "%s; renewal without re-examination is open until %s).",
            row->name, issuer_of(cr, row), d, g);
    } else if (row->grace_days > 0) {
        say(r->unblock, sizeof(r->unblock),
            "Your %s is past %s's renewal window (it closed on %s): "
            "reinstate or re-certify, then record the new credential.",
            row->name, issuer_of(cr, row), g);
    } else {
        say(r->unblock, sizeof(r->unblock),
            "Renew your %s with %s and record the new expiry date (expired "
            "%s).",
            row->name, issuer_of(cr, row), d);
    }
}

static void
refuse_cpr(struct rb_scope_verdict *v, const struct rb_credential *cr,
    const struct rb_credential_rule *row)
{
    struct rb_scope_refusal *r = refuse(v, R_CPR_LAPSED, row->source);
    const char *how = row->cpr_hands_on
                          ? " from a course with an in-person skills check"
                          : "";
    char label[96], d[11];

    cred_label(cr, row, label, sizeof(label));
    if (cr->cpr_expires_day == 0) {
        say(r->message, sizeof(r->message),
            "Your %s requires a current CPR/AED card and none is on file; "
            "you are read-only for new work.",
            label);
        say(r->unblock, sizeof(r->unblock), "Record a current CPR/AED card%s.",
            how);
        return;
    }
    rb_date_format(cr->cpr_expires_day, d);
    say(r->message, sizeof(r->message),
        "Your %s requires a current CPR/AED card and the one on file expired "
        "on %s; you are read-only for new work.",
        label, d);
    say(r->unblock, sizeof(r->unblock),
        "Record a current CPR/AED card (expired %s)%s.", d, how);
}

static void
refuse_unverified(struct rb_scope_verdict *v, const struct rb_credential *cr,
    const struct rb_credential_rule *row, const struct action_def *ad)
{
    struct rb_scope_refusal *r = refuse(v, R_CREDENTIAL_UNVERIFIED, NULL);
    char label[96];

    cred_label(cr, row, label, sizeof(label));
    say(r->message, sizeof(r->message),
        "Your %s is self-reported, and %s needs it verified.", label,
        ad->label);
    say(r->unblock, sizeof(r->unblock),
        "Ask an owner or admin to verify your %s with %s and record the "
        "check.",
        label, issuer_of(cr, row));
}

/* ---- the check ----------------------------------------------------------- */

static bool
in_date(const struct rb_credential *cr, int64_t today)
{
    return today <= cr->expires_day;
}

static bool
cpr_ok(const struct rb_credential *cr, const struct rb_credential_rule *row,
    int64_t today)
{
    return !row->cpr_required ||
           (cr->cpr_expires_day != 0 && today <= cr->cpr_expires_day);
}

static bool
verified_ok(
    const struct rb_credential *cr, const struct rb_credential_rule *row)
{
    return !row->must_be_verified || cr->verified;
}

static bool
usable(const struct rb_credential *cr, const struct rb_credential_rule *row,
    int64_t today)
{
    return in_date(cr, today) && cpr_ok(cr, row, today) && verified_ok(cr, row);
}

/*
 * Rules 1-4.  Keeps the credentials whose rows grant a scope the action
 * needs, then filters them: in date, CPR current, verified.  The first
 * filter that leaves nothing refuses, naming the credential nearest to
 * passing it.  Returns whether the practitioner acts as a clinician for
 * the later rules (when refused: whether the credential named is
 * clinical, i.e. assuming the refusal gets fixed).
 */
static bool
check_practitioner(struct rb_scope_verdict *v, const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct action_def *ad,
    int64_t today)
{
    const struct rb_credential *cand[RB_SCOPE_MAX_CREDENTIALS];
    const struct rb_credential_rule *rows[RB_SCOPE_MAX_CREDENTIALS];
    const struct rb_credential *pick = NULL;
    const struct rb_credential_rule *prow = NULL;
    size_t n = 0, k;
    unsigned scopes = 0;

    for (size_t i = 0; i < p->ncredentials; i++) {
        const struct rb_credential_rule *row =
            rb_scope_table_find(t, p->credentials[i].kind);

        if (row != NULL && (row->scopes & ad->scopes) != 0) {
            cand[n] = &p->credentials[i];
            rows[n++] = row;
        }
    }
    if (n == 0) {
        refuse_no_scope(v, t, ad);
        return false;
    }
    for (k = 0; k < n; k++) {
        if (usable(cand[k], rows[k], today)) {
            scopes |= rows[k]->scopes;
            if (v->acting == NULL) {
                v->acting = cand[k];
            }
        }
    }
    if (v->acting != NULL) {
        return (scopes & BIT(RB_SCOPE_CLINICAL)) != 0;
    }

    /* Refused.  Walk the filters in order to find which one empties. */
    for (k = 0; k < n; k++) {
        if (in_date(cand[k], today)) {
            break;
        }
        if (pick == NULL || cand[k]->expires_day > pick->expires_day) {
            pick = cand[k];
            prow = rows[k];
        }
    }
    if (k == n) {
        refuse_expired(v, pick, prow, today);
        return (prow->scopes & BIT(RB_SCOPE_CLINICAL)) != 0;
    }
    pick = NULL;
    for (k = 0; k < n; k++) {
        if (!in_date(cand[k], today)) {
            continue;
        }
        if (cpr_ok(cand[k], rows[k], today)) {
            break;
        }
        if (pick == NULL || cand[k]->cpr_expires_day > pick->cpr_expires_day) {
            pick = cand[k];
            prow = rows[k];
        }
    }
    if (k == n) {
        refuse_cpr(v, pick, prow);
        return (prow->scopes & BIT(RB_SCOPE_CLINICAL)) != 0;
    }
    /* Something is in date with CPR current, so verification is missing. */
    for (k = 0; k < n; k++) {
        if (in_date(cand[k], today) && cpr_ok(cand[k], rows[k], today)) {
            refuse_unverified(v, cand[k], rows[k], ad);
            return (rows[k]->scopes & BIT(RB_SCOPE_CLINICAL)) != 0;
        }
    }
    return false; /* not reached: one of the filters emptied */
}

/* A clinical credential the practitioner holds but may not use today. */
static const struct rb_credential_rule *
dormant_clinical(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, int64_t today)
{
    for (size_t i = 0; i < p->ncredentials; i++) {
        const struct rb_credential_rule *row =
            rb_scope_table_find(t, p->credentials[i].kind);

        if (row != NULL && (row->scopes & BIT(RB_SCOPE_CLINICAL)) &&
            !usable(&p->credentials[i], row, today)) {
            return row;
        }
    }
    return NULL;
}

static void
refuse_injury(struct rb_scope_verdict *v, const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_injury *inj,
    const struct rb_clearance *covering, int64_t today)
{
    struct rb_scope_refusal *r = refuse(v, R_INJURY_NEEDS_CLEARANCE, NULL);
    const struct rb_credential_rule *dormant = dormant_clinical(t, p, today);
    const char *region = inj->region != NULL ? inj->region : "unspecified";
    char d[11], extra[96] = "";

    if (covering != NULL) {
        rb_date_format(covering->day, d);
        say(r->message, sizeof(r->message),
            "The client's %s injury (%s) began after the clearance of %s, so "
            "the clearance does not cover it.",
            region, rb_injury_status_name(inj->status), d);
    } else {
        say(r->message, sizeof(r->message),
            "The client has an unresolved %s injury (%s); without a clinical "
            "credential you may program only for apparently healthy or "
            "medically cleared clients.",
            region, rb_injury_status_name(inj->status));
    }
    if (dormant != NULL) {
        say(extra, sizeof(extra), ", or bring your %s up to date",
            dormant->name);
    }
    say(r->unblock, sizeof(r->unblock),
        "Record a licensed provider's clearance that covers the %s injury "
        "(provider, credential, date, restrictions, expiry), or mark the "
        "injury resolved once it is%s.",
        region, extra);
}

/* Rules 8-11: the clearance, for the programming actions. */
static void
check_clearance(struct rb_scope_verdict *v, const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    enum rb_scope_action a, bool clinical, int64_t today)
{
    const struct rb_clearance *cl = c->clearance;
    const struct rb_injury *open = NULL, *late = NULL;
    const struct rb_credential_rule *crow;
    struct rb_scope_refusal *r;
    char d[11], names[160];

    for (size_t i = 0; i < c->ninjuries; i++) {
        const struct rb_injury *inj = &c->injuries[i];

        if (inj->status == RB_INJURY_RESOLVED) {
            continue;
        }
        if (open == NULL) {
            open = inj;
        }
        if (late == NULL && cl != NULL && inj->onset_day > cl->day) {
            late = inj;
        }
    }
    if (a != RB_ACTION_PROGRAM_CLEARED && (clinical || open == NULL)) {
        return; /* apparently healthy, or a clinician's own judgement */
    }
    if (cl == NULL) {
        if (a == RB_ACTION_PROGRAM_CLEARED) {
            r = refuse(v, R_CLEARANCE_MISSING, NULL);
            say(r->message, sizeof(r->message),
                "No clearance is recorded for this client.");
            say(r->unblock, sizeof(r->unblock),
                "Record the provider's clearance first (provider, credential, "
                "date, restrictions, expiry), or program the client as "
                "apparently healthy if they are.");
        } else {
            refuse_injury(v, t, p, open, NULL, today);
        }
        return;
    }
    crow = rb_scope_table_find(t, cl->credential);
    if (crow == NULL || !(crow->scopes & BIT(RB_SCOPE_CLINICAL))) {
        r = refuse(v, R_CLEARANCE_NOT_CLINICAL, NULL);
        names_granting(t, BIT(RB_SCOPE_CLINICAL), names, sizeof(names));
        say(r->message, sizeof(r->message),
            "The clearance from %s is recorded under '%s', which is not a "
            "clinical credential.",
            cl->provider ? cl->provider : "the provider", cl->credential);
        say(r->unblock, sizeof(r->unblock),
            "Record a clearance from a licensed clinician (%s).", names);
        return;
    }
    if (cl->expires_day < today) {
        r = refuse(v, R_CLEARANCE_EXPIRED, NULL);
        rb_date_format(cl->expires_day, d);
        say(r->message, sizeof(r->message),
            "The clearance from %s (%s) expired on %s.",
            cl->provider ? cl->provider : "the provider", crow->name, d);
        say(r->unblock, sizeof(r->unblock),
            "Record a renewed clearance from %s or another licensed provider "
            "(expired %s).",
            cl->provider ? cl->provider : "the provider", d);
        return;
    }
    if (!clinical && late != NULL) {
        refuse_injury(v, t, p, late, cl, today);
    }
}

enum rb_status
rb_scope_check(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    enum rb_scope_action a, int64_t today, struct rb_scope_verdict *ret,
    struct rb_err *err)
{
    struct rb_scope_verdict v;
    const struct action_def *ad;
    const struct rb_clearance *cl;
    struct rb_scope_refusal *r;
    enum rb_status rc;
    bool clinical;

    if ((unsigned)a >= RB__ACTION_MAX) {
        return rb_fail_field(
            err, RB_EINVAL, "bad_scope_input", "action", "unknown action");
    }
    if (p == NULL || c == NULL || ret == NULL) {
        return rb_fail_field(err, RB_EINVAL, "bad_scope_input", NULL,
            "a practitioner, a client and a verdict are needed");
    }
    rc = check_inputs(t, p, c, err);
    if (rc != RB_OK) {
        return rc;
    }
    memset(&v, 0, sizeof(v));
    v.action = a;
    ad = &actions[a];

    /* 1-4: the practitioner. */
    clinical = check_practitioner(&v, t, p, ad, today);

    /* 5-6: safety holds on anything that makes the client exercise. */
    if (ad->moves && c->red_flag_open) {
        r = refuse(&v, R_RED_FLAG_OPEN, NULL);
        say(r->message, sizeof(r->message),
            "An open red flag on this client blocks %s until a clinician has "
            "reviewed it.",
            ad->label);
        say(r->unblock, sizeof(r->unblock),
            "Refer the client as the red flag directs; an athletic trainer, "
            "physical therapist or physician must review and close it, with "
            "the clearing note attached.");
    }
    if (ad->moves && c->clearance_pending) {
        r = refuse(&v, R_CLEARANCE_PENDING, NULL);
        say(r->message, sizeof(r->message),
            "Screening recommended medical clearance before exercise, and "
            "none has been recorded.");
        say(r->unblock, sizeof(r->unblock),
            "Record the clearance from a licensed provider (provider, "
            "credential, date, restrictions, expiry).");
    }

    /* 7: consent, for any work with the client. */
    if (!c->consent_current) {
        r = refuse(&v, R_CONSENT_MISSING, NULL);
        say(r->message, sizeof(r->message),
            "The client has not signed the current version of the consent "
            "form.");
        say(r->unblock, sizeof(r->unblock),
            "Have the client sign the current consent form.");
    }

    /* 8-11: injuries and the clearance. */
    if (ad->programs) {
        check_clearance(&v, t, p, c, a, clinical, today);
    }

    v.allowed = v.nrefusals == 0;
    if (!v.allowed) {
        v.acting = NULL;
    }
    cl = c->clearance;
    if (v.allowed && ad->moves && cl != NULL && today <= cl->expires_day) {
        v.under_clearance = cl;
        v.restrictions = cl->restrictions;
        v.nrestrictions = cl->nrestrictions;
    }
    *ret = v;
    return RB_OK;
}

json_t *
rb_scope_refusal_json(const struct rb_scope_verdict *v)
{
    const struct rb_scope_refusal *r;

    if (v == NULL || v->allowed || v->nrefusals == 0) {
        return NULL;
    }
    r = &v->refusals[0];
    return json_pack("{s:s, s:s, s:s, s:s}", "code", RB_SCOPE_CODE, "rule",
        r->rule, "message", r->message, "unblock", r->unblock);
}

/* ---- alerts -------------------------------------------------------------- */

static void
when(int64_t days_left, int64_t day, char *out, size_t n)
{
    char d[11];

    rb_date_format(day, d);
    if (days_left > 0) {
        snprintf(out, n, "expires on %s (in %lld day%s)", d,
            (long long)days_left, days_left == 1 ? "" : "s");
    } else if (days_left == 0) {
        snprintf(out, n, "expires today (%s)", d);
    } else {
        snprintf(out, n, "expired on %s (%lld day%s ago)", d,
            (long long)-days_left, days_left == -1 ? "" : "s");
    }
}

/* A later credential of the same kind replaces this one. */
static bool
superseded(const struct rb_practitioner_state *p, size_t i)
{
    const struct rb_credential *a = &p->credentials[i];

    for (size_t j = 0; j < p->ncredentials; j++) {
        const struct rb_credential *b = &p->credentials[j];

        if (j == i || strcmp(a->kind, b->kind) != 0) {
            continue;
        }
        if (b->expires_day > a->expires_day ||
            (b->expires_day == a->expires_day && j < i)) {
            return true;
        }
    }
    return false;
}

static bool
before(const struct rb_scope_alert *x, const struct rb_scope_alert *y)
{
    if (x->missing != y->missing) {
        return x->missing;
    }
    if (x->days_left != y->days_left) {
        return x->days_left < y->days_left;
    }
    return x->kind < y->kind;
}

enum rb_status
rb_scope_alerts(const struct rb_scope_table *t,
    const struct rb_practitioner_state *p, const struct rb_client_state *c,
    int64_t today, struct rb_scope_alerts *ret, struct rb_err *err)
{
    struct rb_scope_alerts out;
    enum rb_status rc;
    char label[96], w[64];

    if (ret == NULL) {
        return rb_fail_field(
            err, RB_EINVAL, "bad_scope_input", NULL, "no output");
    }
    rc = check_inputs(t, p, c, err);
    if (rc != RB_OK) {
        return rc;
    }
    memset(&out, 0, sizeof(out));
    for (size_t i = 0; p != NULL && i < p->ncredentials; i++) {
        const struct rb_credential *cr = &p->credentials[i];
        const struct rb_credential_rule *row = rb_scope_table_find(t, cr->kind);
        int64_t left = cr->expires_day - today;
        struct rb_scope_alert *a;

        if (superseded(p, i)) {
            continue;
        }
        cred_label(cr, row, label, sizeof(label));
        if (left <= RB_SCOPE_ALERT_DAYS) {
            a = &out.v[out.n++];
            a->kind = RB_ALERT_CREDENTIAL;
            a->credential = cr;
            a->expires_day = cr->expires_day;
            a->days_left = left;
            a->ce_short = cr->ce_required > cr->ce_earned
                              ? cr->ce_required - cr->ce_earned
                              : 0;
            when(left, cr->expires_day, w, sizeof(w));
            if (a->ce_short > 0) {
                say(a->message, sizeof(a->message),
                    "%s %s; %.1f of %.1f %s earned this cycle", label, w,
                    cr->ce_earned, cr->ce_required,
                    row && row->ce_unit ? row->ce_unit : "CE credits");
            } else {
                say(a->message, sizeof(a->message), "%s %s", label, w);
            }
        }
        if (row == NULL || !row->cpr_required) {
            continue;
        }
        left = cr->cpr_expires_day - today;
        if (cr->cpr_expires_day == 0 || left <= RB_SCOPE_ALERT_DAYS) {
            a = &out.v[out.n++];
            a->kind = RB_ALERT_CPR;
            a->credential = cr;
            a->missing = cr->cpr_expires_day == 0;
            a->expires_day = cr->cpr_expires_day;
            a->days_left = a->missing ? 0 : left;
            if (a->missing) {
                say(a->message, sizeof(a->message),
                    "No CPR/AED card on file for %s", label);
            } else {
                when(left, cr->cpr_expires_day, w, sizeof(w));
                say(a->message, sizeof(a->message), "CPR/AED card for %s %s",
                    label, w);
            }
        }
    }
    if (c != NULL && c->clearance != NULL &&
        c->clearance->expires_day - today <= RB_SCOPE_ALERT_DAYS) {
        const struct rb_clearance *cl = c->clearance;
        struct rb_scope_alert *a = &out.v[out.n++];

        a->kind = RB_ALERT_CLEARANCE;
        a->clearance = cl;
        a->expires_day = cl->expires_day;
        a->days_left = cl->expires_day - today;
        when(a->days_left, cl->expires_day, w, sizeof(w));
        say(a->message, sizeof(a->message), "Clearance from %s %s",
            cl->provider ? cl->provider : "the provider", w);
    }
    /* Insertion sort: a handful of entries, and it is stable. */
    for (size_t i = 1; i < out.n; i++) {
        struct rb_scope_alert x = out.v[i];
        size_t j = i;

        while (j > 0 && before(&x, &out.v[j - 1])) {
            out.v[j] = out.v[j - 1];
            j--;
        }
        out.v[j] = x;
    }
    *ret = out;
    return RB_OK;
}
