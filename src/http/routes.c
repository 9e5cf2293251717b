/*
 * routes.c -- the route table (the API at a glance) and its matcher.
 *
 * Keep the table in step with docs/openapi.yaml.
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "http/routes.h"

#define AUTH RB_ROUTE_AUTH
#define BODY RB_ROUTE_BODY
#define SLOW RB_ROUTE_SLOW

static const char *const page_query[] = {"limit", "offset", NULL};
static const char *const search_query[] = {"q", "pattern", "region", "category",
    "phase", "equipment", "level", "limit", NULL};
static const char *const audit_query[] = {
    "client_id", "user_id", "from", "to", "before", "limit", NULL};

static const char *const referral_query[] = {"to", NULL};
static const char *const compare_query[] = {"from", "to", NULL};
static const char *const trend_query[] = {"measure", NULL};
static const char *const attention_query[] = {"practitioner", NULL};
static const char *const version_query[] = {"version", NULL};
static const char *const status_query[] = {"status", NULL};
static const char *const exercise_query[] = {"exercise", NULL};
static const char *const range_query[] = {"from", "to", NULL};

static const struct rb_route routes[] = {
    {"GET", "/healthz", rb_h_health, 0},
    {"POST", "/api/login", rb_h_auth_login, BODY | SLOW},
    {"POST", "/api/logout", rb_h_auth_logout, AUTH},
    {"GET", "/api/me", rb_h_auth_me, AUTH},
    {"POST", "/api/invites/accept", rb_h_auth_accept_invite, BODY | SLOW},
    {"GET", "/api/org", rb_h_org_get, AUTH},
    {"PATCH", "/api/org", rb_h_org_patch, AUTH | BODY},
    {"GET", "/api/users", rb_h_users_list, AUTH},
    {"POST", "/api/users", rb_h_users_create, AUTH | BODY},
    {"GET", "/api/users/{id}", rb_h_users_get, AUTH},
    {"PATCH", "/api/users/{id}", rb_h_users_patch, AUTH | BODY},
    {"GET", "/api/clients", rb_h_clients_list, AUTH, page_query},
    {"POST", "/api/clients", rb_h_clients_create, AUTH | BODY},
    {"GET", "/api/clients/{id}", rb_h_clients_get, AUTH},
    {"PATCH", "/api/clients/{id}", rb_h_clients_patch, AUTH | BODY},
    {"GET", "/api/audit", rb_h_audit_list, AUTH, audit_query},
    {"GET", "/api/exercises", rb_h_exercises_search, AUTH, search_query},
    {"POST", "/api/exercises", rb_h_exercises_create, AUTH | BODY},
    {"GET", "/api/exercises/export", rb_h_exercises_export, AUTH},
    {"POST", "/api/exercises/import", rb_h_exercises_import, AUTH | BODY},
    {"GET", "/api/exercises/{id}", rb_h_exercises_get, AUTH},
    {"PUT", "/api/exercises/{id}", rb_h_exercises_put, AUTH | BODY},
    {"PATCH", "/api/exercises/{id}", rb_h_exercises_patch, AUTH | BODY},
    {"DELETE", "/api/exercises/{id}", rb_h_exercises_delete, AUTH},
    {"GET", "/api/protocols", rb_h_protocols_list, AUTH},
    {"GET", "/api/users/{id}/credentials", rb_h_credentials_list, AUTH},
    {"POST", "/api/users/{id}/credentials", rb_h_credentials_add, AUTH | BODY},
    {"POST", "/api/credentials/{id}/verify", rb_h_credentials_verify,
        AUTH | BODY},
    {"GET", "/api/compliance", rb_h_compliance, AUTH},
    {"GET", "/api/protocols/{id}", rb_h_protocols_get, AUTH},
    {"PUT", "/api/clients/{id}/intake", rb_h_intake_put, AUTH | BODY},
    {"POST", "/api/consents", rb_h_consents_create, AUTH | BODY},
    {"GET", "/api/consents/current", rb_h_consents_current, AUTH},
    {"POST", "/api/clients/{id}/consent", rb_h_consent_sign, AUTH | BODY},
    {"GET", "/api/clients/{id}/consent", rb_h_consent_status, AUTH},
    {"GET", "/api/clients/{id}/injuries", rb_h_injuries_list, AUTH},
    {"POST", "/api/clients/{id}/injuries", rb_h_injuries_create, AUTH | BODY},
    {"PATCH", "/api/injuries/{id}", rb_h_injuries_patch, AUTH | BODY},
    {"GET", "/api/clients/{id}/clearances", rb_h_clearances_list, AUTH},
    {"POST", "/api/clients/{id}/clearances", rb_h_clearances_create,
        AUTH | BODY},
    {"GET", "/api/clients/{id}/screenings", rb_h_screenings_list, AUTH},
    {"POST", "/api/clients/{id}/screenings", rb_h_screenings_create,
        AUTH | BODY},
    {"POST", "/api/clients/{id}/scope-check", rb_h_scope_check, AUTH | BODY},
    {"GET", "/api/clients/{id}/cases", rb_h_cases_list, AUTH},
    {"GET", "/api/clients/{id}/assessments", rb_h_assessments_list, AUTH},
    {"POST", "/api/clients/{id}/assessments", rb_h_assessments_create,
        AUTH | BODY},
    {"GET", "/api/clients/{id}/assessments/compare", rb_h_assessments_compare,
        AUTH, compare_query},
    {"GET", "/api/assessments/{id}", rb_h_assessments_get, AUTH},
    {"GET", "/api/clients/{id}/trend", rb_h_trend, AUTH, trend_query},
    {"GET", "/api/clients/{id}/gate", rb_h_gate, AUTH},
    {"POST", "/api/clients/{id}/case/advance", rb_h_case_advance, AUTH | BODY},
    {"GET", "/api/attention", rb_h_attention, AUTH, attention_query},
    {"POST", "/api/clients/{id}/program", rb_h_program_generate, AUTH | BODY},
    {"GET", "/api/clients/{id}/program", rb_h_program_get, AUTH, version_query},
    {"GET", "/api/clients/{id}/program/versions", rb_h_program_versions, AUTH},
    {"POST", "/api/clients/{id}/program/edits", rb_h_program_edit, AUTH | BODY},
    {"GET", "/api/clients/{id}/program/diff", rb_h_program_diff, AUTH,
        compare_query},
    {"GET", "/api/clients/{id}/program/alternatives", rb_h_program_alternatives,
        AUTH, exercise_query},
    {"GET", "/api/clients/{id}/recommendations", rb_h_recommendations_list,
        AUTH, status_query},
    {"POST", "/api/recommendations/{id}/decision", rb_h_recommendation_decide,
        AUTH | BODY},
    {"POST", "/api/clients/{id}/cases", rb_h_cases_create, AUTH | BODY},
    {"GET", "/api/incidents", rb_h_incidents_list, AUTH},
    {"POST", "/api/incidents", rb_h_incidents_create, AUTH | BODY},
    {"GET", "/api/incidents/{id}", rb_h_incidents_get, AUTH},
    {"PATCH", "/api/incidents/{id}", rb_h_incidents_patch, AUTH | BODY},
    {"POST", "/api/incidents/{id}/sign", rb_h_incidents_sign, AUTH | BODY},
    {"POST", "/api/incidents/{id}/amendments", rb_h_incidents_amend,
        AUTH | BODY},
    {"GET", "/api/clients/{id}/referral", rb_h_referral, AUTH, referral_query},
    {"GET", "/api/public/practitioners/{id}", rb_h_public_practitioner, 0},
    {"GET", "/api/clients/{id}/sessions", rb_h_sessions_list, AUTH,
        range_query},
    {"POST", "/api/clients/{id}/sessions", rb_h_sessions_create, AUTH | BODY},
    {"GET", "/api/clients/{id}/checkins", rb_h_checkins_list, AUTH,
        range_query},
    {"POST", "/api/clients/{id}/checkins", rb_h_checkins_create, AUTH | BODY},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Match one pattern; on success record the parameters in 'r'. */
static bool
match(const char *pattern, const char *path, struct rb_req *r)
{
    const char *p = pattern, *s = path;
    int n = 0;

    while (*p && *s) {
        if (*p == '{') {
            const char *pend = strchr(p, '}');
            const char *send = strchr(s, '/');
            size_t vlen = send ? (size_t)(send - s) : strlen(s);

            if (pend == NULL || vlen == 0 || n == RB_MAX_PARAMS) {
                return false;
            }
            if (r != NULL) {
                r->param_names[n] =
                    rb_arena_strndup(&r->arena, p + 1, (size_t)(pend - p - 1));
                r->param_values[n] = rb_arena_strndup(&r->arena, s, vlen);
            }
            n++;
            p = pend + 1;
            s += vlen;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    if (*p != '\0' || *s != '\0') {
        return false;
    }
    if (r != NULL) {
        r->nparams = n;
    }
    return true;
}

enum rb_match
rb_route_match(
    struct rb_req *r, const struct rb_route **ret, const char **ret_allow)
{
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    char allow[64] = "";
    bool path_seen = false;

    for (size_t i = 0; i < NROUTES; i++) {
        if (!match(routes[i].pattern, r->path, NULL)) {
            continue;
        }
        path_seen = true;
        if (strcmp(routes[i].method, method) == 0) {
            match(routes[i].pattern, r->path, r);
            *ret = &routes[i];
            return RB_MATCH_FOUND;
        }
        size_t len = strlen(allow);
        snprintf(allow + len, sizeof(allow) - len, "%s%s", len ? ", " : "",
            routes[i].method);
    }
    if (!path_seen) {
        return RB_MATCH_NO_PATH;
    }
    *ret_allow = rb_arena_strdup(&r->arena, allow);
    return RB_MATCH_NO_METHOD;
}
