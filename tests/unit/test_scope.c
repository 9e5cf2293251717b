/*
 * test_scope.c -- scope of practice: a table-driven matrix of credential
 * sets x credential states x client states x actions against the shipped
 * data/credentials.json; rule order and sources; the wording of what
 * would unblock a refusal; expiry alerts; and the loader's problem
 * reports.  The data directory comes from argv[1].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/credentials.h"
#include "util/str.h"

static const char *data_dir;
static struct rb_credentials *creds;
static const struct rb_scope_table *table;

static int64_t
day(const char *s)
{
    int64_t d = 0;

    if (!rb_date_parse(s, &d)) {
        fail_msg("bad test date %s", s);
    }
    return d;
}

/* ---- fixtures ------------------------------------------------------------ */

enum set { S_CPT, S_ATC, S_PT, S_MD, S_RD, S_NONE, S__MAX };
enum cstate { C_ACTIVE, C_EXPIRED, C_CPR_LAPSED, C__MAX };
enum client {
    K_HEALTHY,
    K_INJURY_ACTIVE,
    K_INJURY_RESOLVED,
    K_CLEARED,
    K_CLEARANCE_EXPIRED,
    K_RED_FLAG,
    K_PENDING,
    K_NO_CONSENT,
    K__MAX
};

static const char *const set_names[S__MAX] = {
    "CPT", "ATC", "PT", "MD", "RD", "none"};
static const char *const set_kinds[S__MAX] = {
    "nasm_cpt", "boc_atc", "pt_licence", "physician", "rd", NULL};
static const char *const cstate_names[C__MAX] = {
    "active", "expired", "cpr_lapsed"};
static const char *const client_names[K__MAX] = {"healthy", "injury_active",
    "injury_resolved", "cleared", "clearance_expired", "red_flag",
    "clearance_pending", "no_consent"};

#define TODAY "2026-11-01"

/* A current, verified credential of 'kind', then spoiled as 'st' says. */
static struct rb_credential
credential(const char *kind, enum cstate st)
{
    struct rb_credential c = {
        .kind = kind,
        .number = "A123",
        .issued_day = day("2025-01-15"),
        .expires_day = day("2027-01-14"),
        .cpr_expires_day = day("2027-06-30"),
        .ce_earned = 1.0,
        .ce_required = 2.0,
        .verified = true,
        .verified_by = "owner@example.org",
        .verified_day = day("2025-02-01"),
        .verify_note = "checked on the issuer's register",
    };

    if (st == C_EXPIRED) {
        c.expires_day = day("2026-09-30");
    } else if (st == C_CPR_LAPSED) {
        c.cpr_expires_day = day("2026-10-01");
    }
    return c;
}

static const char *const restrictions[] = {"no_impact", "no_cutting"};

/* Storage for one client built by client(). */
struct client_buf {
    struct rb_client_state st;
    struct rb_injury injury;
    struct rb_clearance clearance;
};

static void
client(enum client k, struct client_buf *b)
{
    memset(b, 0, sizeof(*b));
    b->st.consent_current = true;
    b->injury =
        (struct rb_injury){"ankle_foot", RB_INJURY_ACTIVE, day("2026-08-10")};
    b->clearance = (struct rb_clearance){"Dr A. Okafor", "physician",
        day("2026-09-01"), day("2027-03-01"), restrictions, 2};
    switch (k) {
    case K_HEALTHY:
        break;
    case K_INJURY_ACTIVE:
        b->st.injuries = &b->injury;
        b->st.ninjuries = 1;
        break;
    case K_INJURY_RESOLVED:
        b->injury.status = RB_INJURY_RESOLVED;
        b->st.injuries = &b->injury;
        b->st.ninjuries = 1;
        break;
    case K_CLEARED:
        b->st.injuries = &b->injury;
        b->st.ninjuries = 1;
        b->st.clearance = &b->clearance;
        break;
    case K_CLEARANCE_EXPIRED:
        b->clearance.day = day("2026-03-01");
        b->clearance.expires_day = day("2026-09-01");
        b->injury.onset_day = day("2026-02-10");
        b->st.injuries = &b->injury;
        b->st.ninjuries = 1;
        b->st.clearance = &b->clearance;
        break;
    case K_RED_FLAG:
        b->st.red_flag_open = true;
        break;
    case K_PENDING:
        b->st.clearance_pending = true;
        break;
    case K_NO_CONSENT:
        b->st.consent_current = false;
        break;
    default:
        break;
    }
}

/* ---- the matrix ------------------------------------------------------------
 */

/*
 * One letter per outcome:
 *   .  allowed            r  allowed, with the clearance's restrictions
 *   K  needs_credential   C  needs_clinical_credential   R  mnt_requires_rd
 *   E  credential_expired P  cpr_lapsed                  U  unverified
 *   F  red_flag_open      W  clearance_pending           N  consent_missing
 *   M  clearance_missing  L  clearance_not_clinical      X  clearance_expired
 *   I  injury_needs_clearance
 */
static const struct {
    char letter;
    const char *rule;
} letters[] = {
    {'K', "scope.needs_credential"},
    {'C', "scope.needs_clinical_credential"},
    {'R', "scope.mnt_requires_rd"},
    {'E', "scope.credential_expired"},
    {'P', "scope.cpr_lapsed"},
    {'U', "scope.credential_unverified"},
    {'F', "scope.red_flag_open"},
    {'W', "scope.clearance_pending"},
    {'N', "scope.consent_missing"},
    {'M', "scope.clearance_missing"},
    {'L', "scope.clearance_not_clinical"},
    {'X', "scope.clearance_expired"},
    {'I', "scope.injury_needs_clearance"},
};

static char
letter_of(const struct rb_scope_verdict *v)
{
    if (v->allowed) {
        return v->nrestrictions > 0 ? 'r' : '.';
    }
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++) {
        if (strcmp(letters[i].rule, v->refusals[0].rule) == 0) {
            return letters[i].letter;
        }
    }
    return '?';
}

/*
 * Columns, in enum rb_scope_action order:
 *   screen, assess_fitness, program_healthy, program_cleared, open_case,
 *   rehab_program, rts_decision, nutrition_general, mnt
 * Rows, in enum client order:
 *   healthy, injury active, injury resolved, cleared with restrictions,
 *   clearance expired, red flag, clearance pending, no consent
 */
#define ALL8(x)                                                                \
    {                                                                          \
        x, x, x, x, x, x, x, x                                                 \
    }

/* A clinician (ATC, PT, MD) who may act. */
#define CLINICIAN                                                              \
    {                                                                          \
        "...M....R", "...M....R", "...M....R", ".rrr.rr.R", "...X....R",       \
            ".FFF.FF.R", ".WWW.WW.R", "NNNNNNNNR"                              \
    }
/* A dietitian who may act. */
#define DIETITIAN                                                              \
    {                                                                          \
        "KKKKCCC..", "KKKKCCC..", "KKKKCCC..", "KKKKCCC..", "KKKKCCC..",       \
            "KKKKCCC..", "KKKKCCC..", "KKKKCCCNN"                              \
    }
/* Nobody's credential covers anything. */
#define NOBODY ALL8("KKKKCCCKR")

static const char *const expected[S__MAX][C__MAX][K__MAX] = {
    [S_CPT] =
        {
            [C_ACTIVE] = {"...MCCC.R", "..IMCCC.R", "...MCCC.R", ".rrrCCC.R",
                "..XXCCC.R", ".FFFCCC.R", ".WWWCCC.R", "NNNNCCCNR"},
            [C_EXPIRED] = ALL8("EEEECCCER"),
            [C_CPR_LAPSED] = ALL8("PPPPCCCPR"),
        },
    [S_ATC] =
        {
            [C_ACTIVE] = CLINICIAN,
            [C_EXPIRED] = ALL8("EEEEEEEER"),
            [C_CPR_LAPSED] = ALL8("PPPPPPPPR"),
        },
    /* The table names no CPR requirement for PT, MD/DO or RD licences. */
    [S_PT] =
        {
            [C_ACTIVE] = CLINICIAN,
            [C_EXPIRED] = ALL8("EEEEEEEER"),
            [C_CPR_LAPSED] = CLINICIAN,
        },
    [S_MD] =
        {
            [C_ACTIVE] = CLINICIAN,
            [C_EXPIRED] = ALL8("EEEEEEEER"),
            [C_CPR_LAPSED] = CLINICIAN,
        },
    [S_RD] =
        {
            [C_ACTIVE] = DIETITIAN,
            [C_EXPIRED] = ALL8("KKKKCCCEE"),
            [C_CPR_LAPSED] = DIETITIAN,
        },
    [S_NONE] =
        {
            [C_ACTIVE] = NOBODY,
            [C_EXPIRED] = NOBODY,
            [C_CPR_LAPSED] = NOBODY,
        },
};

static json_t *sources_json;

static bool
source_exists(const char *key)
{
    json_t *list = json_object_get(sources_json, "sources");

    for (size_t i = 0; key != NULL && i < json_array_size(list); i++) {
        const char *k =
            json_string_value(json_object_get(json_array_get(list, i), "key"));
        if (k != NULL && strcmp(k, key) == 0) {
            return true;
        }
    }
    return false;
}

/* Every refusal explains itself and serialises to the documented shape. */
static void
check_refusal_text(const struct rb_scope_verdict *v, const char *cell)
{
    for (size_t i = 0; i < v->nrefusals; i++) {
        const struct rb_scope_refusal *r = &v->refusals[i];

        if (strlen(r->message) < 20 || strlen(r->unblock) < 20) {
            fail_msg(
                "%s: refusal %s without a message or unblock", cell, r->rule);
        }
        if (!source_exists(r->source)) {
            fail_msg("%s: refusal %s names unknown source %s", cell, r->rule,
                r->source ? r->source : "(null)");
        }
    }
}

static void
test_matrix_of_credentials_states_clients_and_actions(void **state)
{
    int64_t today = day(TODAY);
    size_t cells = 0, wrong = 0;

    (void)state;
    for (int s = 0; s < S__MAX; s++) {
        for (int st = 0; st < C__MAX; st++) {
            struct rb_credential cr;
            struct rb_practitioner_state p = {NULL, 0};

            if (set_kinds[s] != NULL) {
                cr = credential(set_kinds[s], (enum cstate)st);
                p.credentials = &cr;
                p.ncredentials = 1;
            }
            for (int k = 0; k < K__MAX; k++) {
                const char *want = expected[s][st][k];
                struct client_buf cb;

                client((enum client)k, &cb);
                assert_int_equal(strlen(want), RB__ACTION_MAX);
                for (int a = 0; a < RB__ACTION_MAX; a++) {
                    struct rb_scope_verdict v;
                    char cell[128];
                    char got;

                    snprintf(cell, sizeof(cell), "%s/%s/%s/%s", set_names[s],
                        cstate_names[st], client_names[k],
                        rb_scope_action_name((enum rb_scope_action)a));
                    assert_int_equal(
                        rb_scope_check(table, &p, &cb.st,
                            (enum rb_scope_action)a, today, &v, NULL),
                        RB_OK);
                    got = letter_of(&v);
                    cells++;
                    if (got != want[a]) {
                        print_message("# %s: expected %c, got %c (%s)\n", cell,
                            want[a], got,
                            v.allowed ? "allowed" : v.refusals[0].rule);
                        wrong++;
                    }
                    if (v.allowed) {
                        assert_non_null(v.acting);
                        assert_string_equal(v.acting->kind, set_kinds[s]);
                    } else {
                        check_refusal_text(&v, cell);
                    }
                }
            }
        }
    }
    assert_int_equal(cells, 6 * 3 * 8 * 9);
    if (wrong > 0) {
        fail_msg("%zu of %zu cells differ", wrong, cells);
    }
}

/* ---- rule order, names, table -------------------------------------------- */

static void
test_rules_run_in_the_documented_order_and_name_sources(void **state)
{
    static const char *const order[] = {"scope.needs_credential",
        "scope.needs_clinical_credential", "scope.mnt_requires_rd",
        "scope.credential_expired", "scope.cpr_lapsed",
        "scope.credential_unverified", "scope.red_flag_open",
        "scope.clearance_pending", "scope.consent_missing",
        "scope.clearance_missing", "scope.clearance_not_clinical",
        "scope.clearance_expired", "scope.injury_needs_clearance"};

    (void)state;
    assert_int_equal(rb_scope_nrules, sizeof(order) / sizeof(order[0]));
    for (size_t i = 0; i < rb_scope_nrules; i++) {
        assert_string_equal(rb_scope_rules[i].id, order[i]);
        assert_non_null(rb_scope_rules[i].what);
        if (!source_exists(rb_scope_rules[i].source)) {
            fail_msg("rule %s: unknown source %s", rb_scope_rules[i].id,
                rb_scope_rules[i].source);
        }
    }
}

static void
test_action_and_scope_names_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < RB__ACTION_MAX; a++) {
        assert_int_equal(rb_scope_action_parse(
                             rb_scope_action_name((enum rb_scope_action)a)),
            a);
        assert_true(rb_scope_action_scopes((enum rb_scope_action)a) != 0);
    }
    assert_string_equal(
        rb_scope_action_name(RB_ACTION_PROGRAM_CLEARED), "program_cleared");
    assert_int_equal(rb_scope_action_parse("diagnose"), -1);
    assert_int_equal(
        rb_scope_action_scopes(RB_ACTION_OPEN_CASE), 1u << RB_SCOPE_CLINICAL);
    assert_int_equal(rb_scope_action_scopes(RB_ACTION_MNT), 1u << RB_SCOPE_MNT);
    for (int s = 0; s < RB__SCOPE_MAX; s++) {
        assert_int_equal(rb_scope_parse(rb_scope_name((enum rb_scope)s)), s);
    }
    assert_int_equal(rb_injury_status_parse("recurrent"), RB_INJURY_RECURRENT);
    assert_int_equal(rb_injury_status_parse("healed"), -1);
}

static void
test_shipped_table_holds_every_credential_kind(void **state)
{
    static const struct {
        const char *kind;
        unsigned scopes;
        bool cpr;
        bool by_state;
    } want[] = {
        {"nasm_cpt", 1u << RB_SCOPE_FITNESS, true, false},
        {"ace_cpt", 1u << RB_SCOPE_FITNESS, true, false},
        {"acsm_cpt", 1u << RB_SCOPE_FITNESS, true, false},
        {"nsca_cpt", 1u << RB_SCOPE_FITNESS, true, false},
        {"neta_cpt", 1u << RB_SCOPE_FITNESS, true, false},
        {"nsca_cscs", (1u << RB_SCOPE_FITNESS) | (1u << RB_SCOPE_PERFORMANCE),
            true, false},
        {"boc_atc",
            (1u << RB_SCOPE_FITNESS) | (1u << RB_SCOPE_PERFORMANCE) |
                (1u << RB_SCOPE_CLINICAL),
            true, false},
        {"pt_licence", (1u << RB_SCOPE_FITNESS) | (1u << RB_SCOPE_CLINICAL),
            false, true},
        {"physician", (1u << RB_SCOPE_FITNESS) | (1u << RB_SCOPE_CLINICAL),
            false, true},
        {"rd", 1u << RB_SCOPE_MNT, false, true},
    };
    const struct rb_credential_rule *r;

    (void)state;
    assert_string_equal(creds->jurisdiction, "US");
    assert_int_equal(table->n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        r = rb_scope_table_find(table, want[i].kind);
        assert_non_null(r);
        assert_int_equal(r->scopes, want[i].scopes);
        assert_int_equal(r->cpr_required, want[i].cpr);
        assert_int_equal(r->ce_by_state, want[i].by_state);
        assert_true(r->read_from > 0 && r->read_from <= r->read_to);
        assert_true(source_exists(r->source));
        assert_true(source_exists(r->scope_source));
    }
    /* Brief 2.2, as read. */
    r = rb_scope_table_find(table, "nasm_cpt");
    assert_int_equal(r->ce_cycle_months, 24);
    assert_true(r->ce_required == 2.0 && strcmp(r->ce_unit, "CEU") == 0);
    assert_true(r->cpr_hands_on);
    r = rb_scope_table_find(table, "acsm_cpt");
    assert_int_equal(r->ce_cycle_months, 36);
    assert_true(r->ce_required == 45 && strcmp(r->ce_unit, "CEC") == 0);
    assert_false(r->verified); /* older FAQ page */
    r = rb_scope_table_find(table, "nsca_cpt");
    assert_true(r->ce_required == 6.0 && r->ce_cycle_months == 36);
    assert_int_equal(r->read_to, day("2020-12-31"));
    r = rb_scope_table_find(table, "neta_cpt");
    assert_true(r->ce_required == 20 && r->grace_days == 180);
    r = rb_scope_table_find(table, "boc_atc");
    assert_true(r->ce_required == 50 && r->ce_cycle_months == 24);
    assert_true(r->must_be_verified && r->cpr_hands_on);
    assert_null(rb_scope_table_find(table, "reiki_master"));
}

/* ---- what the refusals say ---------------------------------------------- */

static struct rb_scope_verdict
check1(const struct rb_credential *cr, size_t n, enum client k,
    enum rb_scope_action a, const char *today)
{
    struct rb_practitioner_state p = {cr, n};
    struct rb_scope_verdict v;
    struct client_buf cb;

    client(k, &cb);
    assert_int_equal(
        rb_scope_check(table, &p, &cb.st, a, day(today), &v, NULL), RB_OK);
    v.under_clearance = NULL; /* points into cb, which is gone */
    v.restrictions = NULL;
    return v;
}

static void
test_cpr_unblock_names_the_card_and_its_date(void **state)
{
    struct rb_credential cr = credential("nasm_cpt", C_CPR_LAPSED);
    struct rb_scope_verdict v;

    (void)state;
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_false(v.allowed);
    assert_string_equal(v.refusals[0].rule, "scope.cpr_lapsed");
    assert_string_equal(v.refusals[0].source, "NASM-recert");
    assert_non_null(strstr(v.refusals[0].unblock,
        "Record a current CPR/AED card (expired 2026-10-01)"));
    assert_non_null(strstr(v.refusals[0].unblock, "in-person skills check"));
    assert_non_null(strstr(v.refusals[0].message, "NASM-CPT #A123"));

    cr.cpr_expires_day = 0; /* never recorded */
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_SCREEN, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.cpr_lapsed");
    assert_non_null(strstr(v.refusals[0].message, "none is on file"));
}

static void
test_expired_credential_offers_renewal_inside_the_grace_window_only(
    void **state)
{
    struct rb_credential cr = credential("nasm_cpt", C_EXPIRED);
    struct rb_scope_verdict v;

    (void)state;
    /* Expired 2026-09-30; NASM renews without re-examination for 365 days. */
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.credential_expired");
    assert_non_null(strstr(v.refusals[0].message, "expired on 2026-09-30"));
    assert_non_null(strstr(v.refusals[0].message, "read-only"));
    assert_non_null(strstr(v.refusals[0].unblock, "open until 2027-09-30"));

    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, "2027-10-15");
    assert_string_equal(v.refusals[0].rule, "scope.credential_expired");
    assert_non_null(
        strstr(v.refusals[0].unblock, "past NASM's renewal window"));

    cr.kind = "nsca_cpt"; /* no grace stated */
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_SCREEN, TODAY);
    assert_string_equal(v.refusals[0].source, "NSCA-recert");
    assert_non_null(strstr(
        v.refusals[0].unblock, "Renew your NSCA-CPT with NSCA and record"));
}

static void
test_expiry_days_are_inclusive(void **state)
{
    struct rb_credential cr = credential("ace_cpt", C_ACTIVE);
    struct rb_scope_verdict v;

    (void)state;
    cr.expires_day = day(TODAY);
    cr.cpr_expires_day = day(TODAY);
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_true(v.allowed);
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, "2026-11-02");
    assert_string_equal(v.refusals[0].rule, "scope.credential_expired");
}

static void
test_the_credential_nearest_to_usable_is_named(void **state)
{
    struct rb_credential cr[2] = {
        credential("nasm_cpt", C_EXPIRED),
        credential("boc_atc", C_CPR_LAPSED),
    };
    struct rb_scope_verdict v;

    (void)state;
    /* The CPT is out of date, the ATC is in date: its CPR card is the fix. */
    v = check1(cr, 2, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.cpr_lapsed");
    assert_non_null(strstr(v.refusals[0].message, "BOC ATC"));
    assert_string_equal(v.refusals[0].source, "BOC");
    v = check1(cr, 2, K_HEALTHY, RB_ACTION_OPEN_CASE, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.cpr_lapsed");
}

static void
test_a_lapsed_athletic_trainer_works_as_a_personal_trainer(void **state)
{
    struct rb_credential cr[2] = {
        credential("boc_atc", C_EXPIRED),
        credential("ace_cpt", C_ACTIVE),
    };
    struct rb_scope_verdict v;

    (void)state;
    v = check1(cr, 2, K_INJURY_ACTIVE, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_false(v.allowed);
    assert_string_equal(v.refusals[0].rule, "scope.injury_needs_clearance");
    assert_non_null(strstr(v.refusals[0].message, "ankle_foot"));
    assert_non_null(strstr(v.refusals[0].unblock, "bring your BOC ATC up"));
    v = check1(cr, 2, K_INJURY_ACTIVE, RB_ACTION_OPEN_CASE, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.credential_expired");
    v = check1(cr, 2, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_true(v.allowed);
    assert_string_equal(v.acting->kind, "ace_cpt");
}

static void
test_licences_need_verification_and_certificates_do_not(void **state)
{
    struct rb_credential atc = credential("boc_atc", C_ACTIVE);
    struct rb_credential cpt = credential("neta_cpt", C_ACTIVE);
    struct rb_scope_verdict v;

    (void)state;
    atc.verified = false;
    cpt.verified = false;
    v = check1(&atc, 1, K_INJURY_ACTIVE, RB_ACTION_OPEN_CASE, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.credential_unverified");
    assert_non_null(strstr(v.refusals[0].unblock, "owner or admin"));
    v = check1(&cpt, 1, K_HEALTHY, RB_ACTION_PROGRAM_HEALTHY, TODAY);
    assert_true(v.allowed);
}

static void
test_a_clearance_must_come_from_a_clinical_credential(void **state)
{
    struct rb_credential cr = credential("nasm_cpt", C_ACTIVE);
    struct rb_practitioner_state p = {&cr, 1};
    const char *const kinds[] = {"ace_cpt", "chiropractor"};
    struct client_buf cb;
    struct rb_scope_verdict v;

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        client(K_CLEARED, &cb);
        cb.clearance.credential = kinds[i];
        assert_int_equal(rb_scope_check(table, &p, &cb.st,
                             RB_ACTION_PROGRAM_CLEARED, day(TODAY), &v, NULL),
            RB_OK);
        assert_string_equal(v.refusals[0].rule, "scope.clearance_not_clinical");
        assert_non_null(strstr(v.refusals[0].message, kinds[i]));
        assert_non_null(strstr(v.refusals[0].unblock, "MD/DO licence"));
    }
    /* From an athletic trainer or a physical therapist it counts. */
    client(K_CLEARED, &cb);
    cb.clearance.credential = "boc_atc";
    assert_int_equal(rb_scope_check(table, &p, &cb.st,
                         RB_ACTION_PROGRAM_HEALTHY, day(TODAY), &v, NULL),
        RB_OK);
    assert_true(v.allowed);
    assert_ptr_equal(v.under_clearance, &cb.clearance);
    assert_int_equal(v.nrestrictions, 2);
    assert_string_equal(v.restrictions[0], "no_impact");
}

static void
test_an_injury_after_the_clearance_is_not_covered(void **state)
{
    struct rb_credential cpt = credential("nasm_cpt", C_ACTIVE);
    struct rb_credential pt = credential("pt_licence", C_ACTIVE);
    struct rb_practitioner_state p = {&cpt, 1};
    struct client_buf cb;
    struct rb_scope_verdict v;

    (void)state;
    client(K_CLEARED, &cb);
    cb.injury.onset_day = day("2026-10-05"); /* after 2026-09-01 */
    cb.injury.status = RB_INJURY_RECURRENT;
    assert_int_equal(rb_scope_check(table, &p, &cb.st,
                         RB_ACTION_PROGRAM_CLEARED, day(TODAY), &v, NULL),
        RB_OK);
    assert_string_equal(v.refusals[0].rule, "scope.injury_needs_clearance");
    assert_non_null(
        strstr(v.refusals[0].message, "after the clearance of 2026-09-01"));
    /* A physical therapist judges it: allowed, restrictions still apply. */
    p.credentials = &pt;
    assert_int_equal(rb_scope_check(table, &p, &cb.st,
                         RB_ACTION_PROGRAM_CLEARED, day(TODAY), &v, NULL),
        RB_OK);
    assert_true(v.allowed);
    assert_int_equal(v.nrestrictions, 2);
}

static void
test_every_refusal_is_listed_in_rule_order(void **state)
{
    static const char *const want[] = {"scope.needs_credential",
        "scope.red_flag_open", "scope.clearance_pending",
        "scope.consent_missing", "scope.injury_needs_clearance"};
    struct rb_practitioner_state p = {NULL, 0};
    struct client_buf cb;
    struct rb_scope_verdict v;

    (void)state;
    client(K_INJURY_ACTIVE, &cb);
    cb.st.red_flag_open = true;
    cb.st.clearance_pending = true;
    cb.st.consent_current = false;
    assert_int_equal(rb_scope_check(table, &p, &cb.st,
                         RB_ACTION_PROGRAM_HEALTHY, day(TODAY), &v, NULL),
        RB_OK);
    assert_false(v.allowed);
    assert_null(v.acting);
    assert_int_equal(v.nrefusals, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < v.nrefusals; i++) {
        assert_string_equal(v.refusals[i].rule, want[i]);
    }
    /* Screening does not make the client move: only consent stops it. */
    assert_int_equal(rb_scope_check(table, &p, &cb.st, RB_ACTION_SCREEN,
                         day(TODAY), &v, NULL),
        RB_OK);
    assert_int_equal(v.nrefusals, 2);
    assert_string_equal(v.refusals[1].rule, "scope.consent_missing");
}

static void
test_unknown_credential_kinds_grant_nothing(void **state)
{
    struct rb_credential cr = credential("reiki_master", C_ACTIVE);
    struct rb_scope_verdict v;

    (void)state;
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_SCREEN, TODAY);
    assert_string_equal(v.refusals[0].rule, "scope.needs_credential");
}

static void
test_refusal_json_has_the_documented_shape(void **state)
{
    struct rb_credential cr = credential("ace_cpt", C_ACTIVE);
    struct rb_scope_verdict v;
    json_t *j;

    (void)state;
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_REHAB_PROGRAM, TODAY);
    j = rb_scope_refusal_json(&v);
    assert_non_null(j);
    assert_int_equal(json_object_size(j), 4);
    assert_string_equal(
        json_string_value(json_object_get(j, "code")), "out_of_scope");
    assert_string_equal(json_string_value(json_object_get(j, "rule")),
        "scope.needs_clinical_credential");
    assert_non_null(strstr(json_string_value(json_object_get(j, "message")),
        "A rehabilitation protocol is clinical work"));
    assert_non_null(
        strstr(json_string_value(json_object_get(j, "unblock")), "BOC ATC"));
    json_decref(j);
    v = check1(&cr, 1, K_HEALTHY, RB_ACTION_SCREEN, TODAY);
    assert_null(rb_scope_refusal_json(&v));
}

static void
test_long_names_are_cut_at_a_character_boundary(void **state)
{
    struct rb_credential cr = credential("ace_cpt", C_ACTIVE);
    struct rb_practitioner_state p = {&cr, 1};
    char provider[400];
    struct client_buf cb;
    struct rb_scope_verdict v;
    json_t *j;

    (void)state;
    /* "é" is two bytes: a cut that splits one would break the JSON. */
    for (int shift = 0; shift < 2; shift++) {
        size_t i = 0;

        if (shift) {
            provider[i++] = 'A'; /* moves every boundary by one byte */
        }
        while (i + 2 < sizeof(provider)) {
            memcpy(provider + i, "\xc3\xa9", 2);
            i += 2;
        }
        provider[i] = '\0';
        client(K_CLEARANCE_EXPIRED, &cb);
        cb.clearance.provider = provider;
        assert_int_equal(rb_scope_check(table, &p, &cb.st,
                             RB_ACTION_PROGRAM_HEALTHY, day(TODAY), &v, NULL),
            RB_OK);
        assert_string_equal(v.refusals[0].rule, "scope.clearance_expired");
        j = rb_scope_refusal_json(&v);
        assert_non_null(j);
        json_decref(j);
    }
}

static void
test_bad_input_is_refused_and_leaves_the_verdict_alone(void **state)
{
    struct rb_credential cr[RB_SCOPE_MAX_CREDENTIALS + 1];
    struct rb_practitioner_state p = {cr, 1};
    struct rb_scope_verdict v = {.nrefusals = 99};
    struct rb_scope_alerts al = {.n = 99};
    struct client_buf cb;
    struct rb_err err;

    (void)state;
    for (size_t i = 0; i < RB_SCOPE_MAX_CREDENTIALS + 1; i++) {
        cr[i] = credential("ace_cpt", C_ACTIVE);
    }
    client(K_HEALTHY, &cb);
    assert_int_equal(rb_scope_check(table, &p, &cb.st, (enum rb_scope_action)42,
                         day(TODAY), &v, &err),
        RB_EINVAL);
    assert_string_equal(err.field, "action");

    cr[0].expires_day = cr[0].issued_day - 1;
    assert_int_equal(rb_scope_check(table, &p, &cb.st, RB_ACTION_SCREEN,
                         day(TODAY), &v, &err),
        RB_EINVAL);
    assert_string_equal(err.field, "credentials[0].expires");
    cr[0] = credential("ace_cpt", C_ACTIVE);

    p.ncredentials = RB_SCOPE_MAX_CREDENTIALS + 1;
    assert_int_equal(rb_scope_check(table, &p, &cb.st, RB_ACTION_SCREEN,
                         day(TODAY), &v, &err),
        RB_ELIMIT);
    assert_int_equal(
        rb_scope_alerts(table, &p, NULL, day(TODAY), &al, &err), RB_ELIMIT);
    p.ncredentials = 1;

    client(K_CLEARED, &cb);
    cb.clearance.expires_day = cb.clearance.day - 1;
    assert_int_equal(rb_scope_check(table, &p, &cb.st, RB_ACTION_SCREEN,
                         day(TODAY), &v, &err),
        RB_EINVAL);
    assert_string_equal(err.field, "clearance.expires");

    client(K_INJURY_ACTIVE, &cb);
    cb.injury.status = (enum rb_injury_status)7;
    assert_int_equal(rb_scope_check(table, &p, &cb.st, RB_ACTION_SCREEN,
                         day(TODAY), &v, &err),
        RB_EINVAL);
    assert_string_equal(err.field, "injuries[0].status");

    assert_int_equal(v.nrefusals, 99); /* untouched */
    assert_int_equal(al.n, 99);
}

/* ---- alerts ---------------------------------------------------------------
 */

static void
test_alerts_list_what_expires_within_60_days_soonest_first(void **state)
{
    struct rb_credential cr[3];
    struct rb_practitioner_state p = {cr, 3};
    struct client_buf cb;
    struct rb_scope_alerts al;
    int64_t today = day(TODAY);

    (void)state;
    /* NASM-CPT due in 30 days with CE short; its CPR card lapsed 31 ago. */
    cr[0] = credential("nasm_cpt", C_ACTIVE);
    cr[0].expires_day = today + 30;
    cr[0].cpr_expires_day = today - 31;
    cr[0].ce_earned = 1.2;
    /* The NASM-CPT it replaced: expired long ago, no alert. */
    cr[1] = credential("nasm_cpt", C_ACTIVE);
    cr[1].issued_day = day("2022-12-01");
    cr[1].expires_day = day("2024-11-30");
    cr[1].cpr_expires_day = day("2024-06-30");
    /* BOC ATC due in 61 days (no alert), CPR card due in exactly 60. */
    cr[2] = credential("boc_atc", C_ACTIVE);
    cr[2].expires_day = today + 61;
    cr[2].cpr_expires_day = today + 60;
    client(K_CLEARED, &cb);
    cb.clearance.expires_day = today + 59;

    assert_int_equal(
        rb_scope_alerts(table, &p, &cb.st, today, &al, NULL), RB_OK);
    assert_int_equal(al.n, 4);

    assert_int_equal(al.v[0].kind, RB_ALERT_CPR);
    assert_ptr_equal(al.v[0].credential, &cr[0]);
    assert_int_equal(al.v[0].days_left, -31);
    assert_non_null(strstr(al.v[0].message, "expired on 2026-10-01"));

    assert_int_equal(al.v[1].kind, RB_ALERT_CREDENTIAL);
    assert_ptr_equal(al.v[1].credential, &cr[0]);
    assert_int_equal(al.v[1].days_left, 30);
    assert_true(al.v[1].ce_short > 0.79 && al.v[1].ce_short < 0.81);
    assert_non_null(strstr(al.v[1].message, "in 30 days"));
    assert_non_null(strstr(al.v[1].message, "1.2 of 2.0 CEU"));

    assert_int_equal(al.v[2].kind, RB_ALERT_CLEARANCE);
    assert_ptr_equal(al.v[2].clearance, &cb.clearance);
    assert_int_equal(al.v[2].days_left, 59);
    assert_non_null(strstr(al.v[2].message, "Dr A. Okafor"));

    assert_int_equal(al.v[3].kind, RB_ALERT_CPR);
    assert_ptr_equal(al.v[3].credential, &cr[2]);
    assert_int_equal(al.v[3].days_left, RB_SCOPE_ALERT_DAYS);
}

static void
test_alerts_put_a_missing_cpr_card_first_and_skip_licences_without_cpr(
    void **state)
{
    struct rb_credential cr[2];
    struct rb_practitioner_state p = {cr, 2};
    struct rb_scope_alerts al;
    int64_t today = day(TODAY);

    (void)state;
    cr[0] = credential("pt_licence", C_ACTIVE);
    cr[0].expires_day = today; /* last day */
    cr[0].cpr_expires_day = 0; /* not required for a PT licence */
    cr[1] = credential("neta_cpt", C_ACTIVE);
    cr[1].cpr_expires_day = 0;
    assert_int_equal(rb_scope_alerts(table, &p, NULL, today, &al, NULL), RB_OK);
    assert_int_equal(al.n, 2);
    assert_int_equal(al.v[0].kind, RB_ALERT_CPR);
    assert_true(al.v[0].missing);
    assert_ptr_equal(al.v[0].credential, &cr[1]);
    assert_int_equal(al.v[1].kind, RB_ALERT_CREDENTIAL);
    assert_int_equal(al.v[1].days_left, 0);
    assert_non_null(strstr(al.v[1].message, "expires today"));

    /* Nothing due: nothing listed. */
    cr[0] = credential("pt_licence", C_ACTIVE);
    cr[1] = credential("neta_cpt", C_ACTIVE);
    assert_int_equal(rb_scope_alerts(table, &p, NULL, today, &al, NULL), RB_OK);
    assert_int_equal(al.n, 0);
}

/* ---- the loader -------------------------------------------------------------
 */

static char tmp_dir[64];

static void
write_json(const char *name, json_t *j)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
    assert_int_equal(json_dump_file(j, path, JSON_INDENT(1)), 0);
}

static void
write_text(const char *name, const char *text)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int
make_tmp(void **state)
{
    char path[512];
    json_t *src;

    (void)state;
    snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/rb-scope-XXXXXX");
    if (mkdtemp(tmp_dir) == NULL) {
        return -1;
    }
    snprintf(path, sizeof(path), "%s/sources.json", data_dir);
    src = json_load_file(path, 0, NULL);
    if (src == NULL) {
        return -1;
    }
    write_json("sources.json", src);
    json_decref(src);
    return 0;
}

static int
remove_tmp(void **state)
{
    char path[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/sources.json", tmp_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/credentials.json", tmp_dir);
    unlink(path);
    rmdir(tmp_dir);
    return 0;
}

static bool
reported(const struct rb_kb_report *r, const char *file, const char *field,
    const char *msg_part)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->items[i].file, file) == 0 &&
            strcmp(r->items[i].field, field) == 0 &&
            strstr(r->items[i].msg, msg_part) != NULL) {
            return true;
        }
    }
    return false;
}

static void
print_report(const struct rb_kb_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        print_message("# %s: %s: %s\n", r->items[i].file, r->items[i].field,
            r->items[i].msg);
    }
}

static void
test_a_broken_copy_names_the_file_and_the_field(void **state)
{
    struct rb_kb_problem items[32];
    struct rb_kb_report report = {items, 0, 32, 0};
    struct rb_credentials *out = (struct rb_credentials *)&report;
    char path[512];
    struct rb_err err;
    json_t *root, *rows;

    (void)state;
    snprintf(path, sizeof(path), "%s/credentials.json", data_dir);
    root = json_load_file(path, 0, NULL);
    assert_non_null(root);
    rows = json_object_get(root, "credentials");
    json_array_append_new(json_object_get(json_array_get(rows, 2), "scopes"),
        json_string("dancing"));
    json_object_del(json_array_get(rows, 6), "source");
    json_object_set_new(json_object_get(json_array_get(rows, 0), "read_for"),
        "from", json_string("2026-02-30"));
    json_object_set_new(
        json_array_get(rows, 7), "must_be_verified", json_false());
    json_object_set_new(json_array_get(rows, 8), "ce_required", json_real(3));
    json_object_set_new(json_array_get(rows, 1), "source", json_string("Blog"));
    json_object_set_new(
        json_array_get(rows, 3), "kind", json_string("nasm_cpt"));
    json_object_set_new(json_array_get(rows, 4), "colour", json_string("red"));
    write_json("credentials.json", root);
    json_decref(root);

    assert_int_equal(
        rb_credentials_load(tmp_dir, &out, &report, &err), RB_EINVAL);
    assert_ptr_equal(out, &report); /* untouched */
    assert_string_equal(err.code, "credentials_invalid");
    assert_non_null(strstr(err.msg, "credentials.json"));
    print_report(&report);
    assert_true(reported(&report, "credentials.json",
        "credentials[2] (acsm_cpt).scopes", "unknown scope 'dancing'"));
    assert_true(reported(&report, "credentials.json",
        "credentials[6] (boc_atc).source", "missing"));
    assert_true(reported(&report, "credentials.json",
        "credentials[0] (nasm_cpt).read_for.from", "not a date"));
    assert_true(reported(&report, "credentials.json",
        "credentials[7] (pt_licence).must_be_verified", "must be verified"));
    assert_true(reported(&report, "credentials.json",
        "credentials[8] (physician).ce_required", "state board"));
    assert_true(reported(&report, "credentials.json",
        "credentials[1] (ace_cpt).source", "unknown source 'Blog'"));
    assert_true(reported(&report, "credentials.json",
        "credentials[3] (nasm_cpt).kind", "duplicate kind"));
    assert_true(reported(&report, "credentials.json",
        "credentials[4] (neta_cpt).colour", "unknown field"));
    assert_int_equal(report.total, 8);
}

static void
test_bad_json_and_a_missing_directory_are_reported(void **state)
{
    struct rb_kb_problem items[4];
    struct rb_kb_report report = {items, 0, 4, 0};
    struct rb_credentials *out = NULL;
    struct rb_err err;

    (void)state;
    write_text("credentials.json", "{\"jurisdiction\": \"US\",\n  oops }\n");
    assert_int_equal(
        rb_credentials_load(tmp_dir, &out, &report, &err), RB_EINVAL);
    assert_null(out);
    assert_int_equal(report.n, 1);
    assert_string_equal(items[0].file, "credentials.json");
    assert_string_equal(items[0].field, "line 2");
    assert_non_null(strstr(items[0].msg, "not valid JSON"));

    write_text("credentials.json", "{\"jurisdiction\": \"US\", "
                                   "\"version\": \"x\", \"credentials\": []}");
    report.n = report.total = 0;
    assert_int_equal(
        rb_credentials_load(tmp_dir, &out, &report, &err), RB_EINVAL);
    assert_true(reported(&report, "credentials.json", "credentials",
        "must be a non-empty list"));

    assert_int_equal(
        rb_credentials_load("/nonexistent/rebound", &out, NULL, &err),
        RB_EINVAL);
    assert_string_equal(err.code, "kb_missing");
    assert_null(out);
    rb_credentials_free(NULL);
}

/* ---- setup
 * ------------------------------------------------------------------- */

static int
load(void **state)
{
    struct rb_kb_problem items[16];
    struct rb_kb_report report = {items, 0, 16, 0};
    char path[512];
    struct rb_err err;

    (void)state;
    if (rb_credentials_load(data_dir, &creds, &report, &err) != RB_OK) {
        fprintf(stderr, "# %s\n", err.msg);
        print_report(&report);
        return -1;
    }
    table = &creds->table;
    snprintf(path, sizeof(path), "%s/sources.json", data_dir);
    sources_json = json_load_file(path, 0, NULL);
    return sources_json == NULL ? -1 : 0;
}

static int
unload(void **state)
{
    (void)state;
    rb_credentials_free(creds);
    json_decref(sources_json);
    return 0;
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_of_credentials_states_clients_and_actions),
        cmocka_unit_test(
            test_rules_run_in_the_documented_order_and_name_sources),
        cmocka_unit_test(test_action_and_scope_names_round_trip),
        cmocka_unit_test(test_shipped_table_holds_every_credential_kind),
        cmocka_unit_test(test_cpr_unblock_names_the_card_and_its_date),
        cmocka_unit_test(
            test_expired_credential_offers_renewal_inside_the_grace_window_only),
        cmocka_unit_test(test_expiry_days_are_inclusive),
        cmocka_unit_test(test_the_credential_nearest_to_usable_is_named),
        cmocka_unit_test(
            test_a_lapsed_athletic_trainer_works_as_a_personal_trainer),
        cmocka_unit_test(
            test_licences_need_verification_and_certificates_do_not),
        cmocka_unit_test(test_a_clearance_must_come_from_a_clinical_credential),
        cmocka_unit_test(test_an_injury_after_the_clearance_is_not_covered),
        cmocka_unit_test(test_every_refusal_is_listed_in_rule_order),
        cmocka_unit_test(test_unknown_credential_kinds_grant_nothing),
        cmocka_unit_test(test_refusal_json_has_the_documented_shape),
        cmocka_unit_test(test_long_names_are_cut_at_a_character_boundary),
        cmocka_unit_test(
            test_bad_input_is_refused_and_leaves_the_verdict_alone),
        cmocka_unit_test(
            test_alerts_list_what_expires_within_60_days_soonest_first),
        cmocka_unit_test(
            test_alerts_put_a_missing_cpr_card_first_and_skip_licences_without_cpr),
        cmocka_unit_test_setup_teardown(
            test_a_broken_copy_names_the_file_and_the_field, make_tmp,
            remove_tmp),
        cmocka_unit_test_setup_teardown(
            test_bad_json_and_a_missing_directory_are_reported, make_tmp,
            remove_tmp),
    };

    data_dir = argc > 1 ? argv[1] : "data";
    return cmocka_run_group_tests(tests, load, unload);
}
