/*
 * scope.c -- the server-side scope-of-practice gate.  Every clinical path
 * asks here before it writes: the acting staff member's credentials and
 * the client's state (screening versus clearances, injuries, the latest
 * clearance, consent) are loaded in the caller's transaction and handed to
 * the pure check in core/scope.c.  The verdict is audited as scope.check.
 *
 * Derived client state: a red flag is open when the latest screening's
 * outcome is "refer" and no clearance was recorded after it; a clearance
 * is pending likewise for "clearance_recommended".  A practice with no
 * consent form requires none (consent is then treated as signed).
 */
#include <stdio.h>
#include <string.h>

#include "app/app_int.h"
#include "util/clock.h"
#include "util/str.h"

enum rb_status
app_scope_refuse(const struct rb_scope_verdict *v, struct rb_err *err)
{
    const struct rb_scope_refusal *r = &v->refusals[0];

    rb_fail_field(err, RB_EFORBIDDEN, RB_SCOPE_CODE, NULL, "%s", r->message);
    if (err != NULL) {
        snprintf(err->rule, sizeof(err->rule), "%s", r->rule);
        snprintf(err->unblock, sizeof(err->unblock), "%s", r->unblock);
    }
    return RB_EFORBIDDEN;
}

/* The acting staff member's credentials (newest first, at most 16). */
static enum rb_status
load_practitioner(struct rb_store *s, const struct rb_actor *who,
    struct rb_arena *a, struct rb_practitioner_state *ret, struct rb_err *err)
{
    struct rb_credential_row *rows;
    struct rb_credential *creds;
    size_t n;
    enum rb_status rc;

    rc = rb_store_credential_list(
        s, who->user.org_id, who->user.id, a, &rows, &n, err);
    if (rc != RB_OK) {
        return rc;
    }
    if (n > RB_SCOPE_MAX_CREDENTIALS) {
        n = RB_SCOPE_MAX_CREDENTIALS;
    }
    creds = rb_arena_alloc(a, (n ? n : 1) * sizeof(*creds));
    for (size_t i = 0; i < n; i++) {
        creds[i] = rows[i].c;
    }
    ret->credentials = creds;
    ret->ncredentials = n;
    return RB_OK;
}

static enum rb_status
no_kb(struct rb_err *err)
{
    return rb_fail(err, RB_EINTERNAL, "no credential table is loaded");
}

enum rb_status
app_scope_practitioner(struct rb_app *app, struct rb_store *s,
    const struct rb_actor *who, enum rb_scope_action action, struct rb_arena *a,
    struct rb_err *err)
{
    const struct rb_client_state anyone = {.consent_current = true};
    struct rb_practitioner_state p;
    struct rb_scope_verdict v;
    enum rb_status rc;

    if (who->system) {
        return RB_OK;
    }
    if (app->creds == NULL) {
        return no_kb(err);
    }
    if ((rc = load_practitioner(s, who, a, &p, err)) ||
        (rc = rb_scope_check(
             &app->creds->table, &p, &anyone, action, app_today(), &v, err))) {
        return rc;
    }
    return v.allowed ? RB_OK : app_scope_refuse(&v, err);
}

/* A JSON list of strings (restrictions) parsed into the arena. */
static void
parse_list(
    struct rb_arena *a, const char *text, const char ***ret, size_t *ret_n)
{
    json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
    const char **out;
    size_t n = 0, i;
    json_t *v;

    out = rb_arena_alloc(
        a, (json_is_array(arr) ? json_array_size(arr) + 1 : 1) * sizeof(*out));
    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v)) {
            out[n++] = rb_arena_strdup(a, json_string_value(v));
        }
    }
    json_decref(arr);
    *ret = out;
    *ret_n = n;
}

/* Everything the check needs to know about a client. */
struct client_facts {
    struct rb_client_state st;
    struct rb_clearance clearance;
    struct rb_clearance_row latest; /* valid when has_clearance */
    bool has_clearance;
    struct rb_injury_row *injuries;
    size_t ninjuries;
};

static enum rb_status
load_client_state(struct rb_store *s, const struct rb_client *c,
    struct rb_arena *a, struct client_facts *f, struct rb_err *err)
{
    struct rb_screening_row *scr;
    struct rb_clearance_row *cls;
    struct rb_consent_version cv;
    struct rb_injury *inj;
    size_t nscr, ncls;
    enum rb_status rc;

    memset(f, 0, sizeof(*f));
    if ((rc = rb_store_screening_list(
             s, c->org_id, c->id, a, &scr, &nscr, err)) ||
        (rc = rb_store_clearance_list(
             s, c->org_id, c->id, a, &cls, &ncls, err)) ||
        (rc = rb_store_injury_list(
             s, c->org_id, c->id, a, &f->injuries, &f->ninjuries, err))) {
        return rc;
    }
    /* The latest screening, unless a clearance was recorded after it. */
    if (nscr > 0 && (ncls == 0 || cls[0].created_ms <= scr[0].created_ms)) {
        f->st.red_flag_open = strcmp(scr[0].outcome, "refer") == 0;
        f->st.clearance_pending =
            strcmp(scr[0].outcome, "clearance_recommended") == 0;
    }
    if (ncls > 0) {
        const char **list;

        f->has_clearance = true;
        f->latest = cls[0];
        f->clearance.provider = cls[0].provider;
        f->clearance.credential = cls[0].provider_credential;
        f->clearance.day = cls[0].cleared_day;
        f->clearance.expires_day = cls[0].expires_day;
        parse_list(a, cls[0].restrictions, &list, &f->clearance.nrestrictions);
        f->clearance.restrictions = list;
        f->st.clearance = &f->clearance;
    }
    inj = rb_arena_alloc(a, (f->ninjuries ? f->ninjuries : 1) * sizeof(*inj));
    for (size_t i = 0; i < f->ninjuries; i++) {
        int st = rb_injury_status_parse(f->injuries[i].status);

        inj[i].region = f->injuries[i].region;
        inj[i].status = st < 0 ? RB_INJURY_ACTIVE : (enum rb_injury_status)st;
        inj[i].onset_day = f->injuries[i].onset_day;
    }
    f->st.injuries = inj;
    f->st.ninjuries = f->ninjuries;
    /* No consent form defined: consent is not required. */
    rc = rb_store_consent_current(s, c->org_id, a, &cv, err);
    if (rc == RB_ENOTFOUND) {
        f->st.consent_current = true;
        return RB_OK;
    }
    if (rc != RB_OK) {
        return rc;
    }
    return rb_store_consent_signed(
        s, c->org_id, c->id, cv.version, &f->st.consent_current, err);
}

/* Add 'w' to the list unless it is there already. */
static void
add_unique(const char **list, size_t *n, const char *w)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(list[i], w) == 0) {
            return;
        }
    }
    list[(*n)++] = w;
}

/*
 * The check proper, inside the caller's write transaction: audits the
 * verdict, then answers RB_OK (filling *ret) or the refusal.  'refused'
 * tells the caller whether the error is a verdict (commit the audit row)
 * or a failure (roll back).
 */
static enum rb_status
check_in_tx(struct rb_app *app, struct rb_store *s, const struct rb_actor *who,
    const struct rb_client *c, enum rb_scope_action action, struct rb_arena *a,
    struct rb_scope_grant *ret, bool *refused, struct rb_err *err)
{
    struct rb_practitioner_state p = {0};
    struct client_facts f;
    struct rb_scope_verdict v;
    struct rb_scope_grant g = {0};
    const char **list;
    size_t cap;
    enum rb_status rc;
    char detail[160];

    *refused = false;
    if (app->creds == NULL) {
        return no_kb(err);
    }
    if ((rc = load_practitioner(s, who, a, &p, err)) ||
        (rc = load_client_state(s, c, a, &f, err)) ||
        (rc = rb_scope_check(
             &app->creds->table, &p, &f.st, action, app_today(), &v, err))) {
        return rc;
    }
    snprintf(detail, sizeof(detail), "action=%s verdict=%s",
        rb_scope_action_name(action),
        v.allowed ? "allowed" : v.refusals[0].rule);
    if ((rc = app_audit(s, who, c->org_id, "scope.check", "client", c->id,
             c->id, detail, err))) {
        return rc;
    }
    if (!v.allowed) {
        *refused = true;
        return app_scope_refuse(&v, err);
    }
    /* Restrictions: the clearance's, then those of unresolved injuries. */
    cap = v.nrestrictions;
    for (size_t i = 0; i < f.ninjuries; i++) {
        cap += 32;
    }
    list = rb_arena_alloc(a, (cap ? cap : 1) * sizeof(*list));
    for (size_t i = 0; i < v.nrestrictions; i++) {
        add_unique(list, &g.nrestrictions, v.restrictions[i]);
    }
    for (size_t i = 0; i < f.ninjuries; i++) {
        const char **ir;
        size_t nir;

        if (strcmp(f.injuries[i].status, "resolved") == 0) {
            continue;
        }
        parse_list(a, f.injuries[i].restrictions, &ir, &nir);
        for (size_t k = 0; k < nir && k < 32; k++) {
            add_unique(list, &g.nrestrictions, ir[k]);
        }
    }
    g.action = rb_scope_action_name(action);
    g.restrictions = list;
    if (v.under_clearance != NULL && f.has_clearance) {
        g.has_clearance = true;
        g.clearance = f.latest;
    }
    *ret = g;
    return RB_OK;
}

static enum rb_status
parse_action(const char *name, enum rb_scope_action *ret, struct rb_err *err)
{
    int a = name ? rb_scope_action_parse(name) : -1;

    if (a < 0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "action",
            "unknown action '%.60s' (screen, assess_fitness, program_healthy, "
            "program_cleared, open_case, rehab_program, rts_decision, "
            "nutrition_general, mnt)",
            name ? name : "");
    }
    *ret = (enum rb_scope_action)a;
    return RB_OK;
}

enum rb_status
rb_app_scope_check(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const char *action, struct rb_arena *a,
    struct rb_scope_grant *ret, struct rb_err *err)
{
    enum rb_scope_action act = RB_ACTION_SCREEN;
    struct rb_scope_grant g;
    struct rb_client c;
    struct rb_err local;
    struct tx tx;
    bool refused = false;
    enum rb_status rc;

    if (err == NULL) {
        err = &local;
    }
    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err)) ||
        (rc = parse_action(action, &act, err))) {
        return rc;
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err)) ||
        (rc = check_in_tx(app, tx.s, who, &c, act, a, &g, &refused, err))) {
        if (refused) {
            struct rb_err keep = *err;

            /* The refusal is an answer: its audit row stays. */
            if ((rc = tx_commit(&tx, err))) {
                tx_abort(&tx);
                return rc;
            }
            *err = keep;
            return keep.status;
        }
        tx_abort(&tx);
        return rc;
    }
    if ((rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
        return rc;
    }
    *ret = g;
    return RB_OK;
}

enum rb_status
rb_app_case_open(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, int64_t injury_id, const char *protocol_id,
    struct rb_arena *a, struct rb_case_row *ret, struct rb_err *err)
{
    const struct rb_protocol *proto;
    struct rb_injury_row inj;
    struct rb_case_row row = {0};
    struct rb_scope_grant g;
    struct rb_client c;
    struct rb_err local;
    struct tx tx;
    bool refused = false;
    enum rb_status rc;

    if (err == NULL) {
        err = &local;
    }
    if ((rc = app_require(who, RB_CAP_CLIENT_WRITE, err))) {
        return rc;
    }
    proto =
        app->kb && protocol_id ? rb_kb_protocol(app->kb, protocol_id) : NULL;
    if (proto == NULL || proto->nphases == 0) {
        return rb_fail_field(err, RB_EINVAL, "out_of_range", "protocol",
            "'%.60s' is not a protocol of the knowledge base",
            protocol_id ? protocol_id : "");
    }
    if ((rc = tx_begin(app, true, &tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx.s, who, client_id, a, &c, err))) {
        goto fail;
    }
    rc = rb_store_injury_get(tx.s, c.org_id, injury_id, a, &inj, err);
    if (rc == RB_ENOTFOUND || (rc == RB_OK && inj.client_id != c.id)) {
        rc = rb_fail_field(err, RB_EINVAL, "out_of_range", "injury_id",
            "no injury %lld recorded for this client", (long long)injury_id);
        goto fail;
    }
    if (rc != RB_OK) {
        goto fail;
    }
    if ((rc = check_in_tx(
             app, tx.s, who, &c, RB_ACTION_OPEN_CASE, a, &g, &refused, err))) {
        if (refused) {
            struct rb_err keep = *err;

            if ((rc = tx_commit(&tx, err))) {
                goto fail;
            }
            *err = keep;
            return keep.status;
        }
        goto fail;
    }
    row.org_id = c.org_id;
    row.client_id = c.id;
    row.injury_id = inj.id;
    row.protocol_id = proto->id;
    row.phase_id = proto->phases[0].id;
    row.status = "open";
    row.opened_by = who->user.id;
    row.opened_ms = rb_clock_now_ms();
    if ((rc = rb_store_case_add(tx.s, &row, &row.id, err)) ||
        (rc = app_audit(tx.s, who, c.org_id, "case.open", "case", row.id, c.id,
             proto->id, err)) ||
        (rc = tx_commit(&tx, err))) {
        goto fail;
    }
    *ret = row;
    return RB_OK;
fail:
    tx_abort(&tx);
    return rc;
}

enum rb_status
rb_app_case_list(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, struct rb_arena *a, struct rb_case_row **ret,
    size_t *ret_n, struct rb_err *err)
{
    struct rb_client c;
    struct tx tx;
    enum rb_status rc;

    if ((rc = app_client_read(
             app, who, client_id, "case.list", a, &tx, &c, err))) {
        return rc;
    }
    if ((rc = rb_store_case_list(tx.s, c.org_id, c.id, a, ret, ret_n, err)) ||
        (rc = tx_commit(&tx, err))) {
        tx_abort(&tx);
    }
    return rc;
}

enum rb_status
app_scope_client(struct rb_app *app, struct rb_store *s,
    const struct rb_actor *who, const struct rb_client *c,
    enum rb_scope_action action, struct rb_arena *a, struct rb_scope_grant *ret,
    bool *refused, struct rb_err *err)
{
    return check_in_tx(app, s, who, c, action, a, ret, refused, err);
}
