/*
 * h_documents.c -- printable documents and public pages:
 *   GET /api/clients/{id}/referral?to=physician|physical_therapist
 *       a self-contained HTML referral letter (text/html)
 *   GET /api/public/practitioners/{id}
 *       a practitioner's public profile (no login)
 * The facts come from app/incidents.c; the HTML is built here, and every
 * string that came from a person is escaped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/screening.h"
#include "http/handlers.h"
#include "util/clock.h"
#include "util/str.h"

/* ---- a small HTML writer in the request arena --------------------------- */

struct html {
    struct rb_arena *a;
    char *p;
    size_t len, cap;
};

static void
put_n(struct html *h, const char *s, size_t n)
{
    if (h->len + n + 1 > h->cap) {
        size_t cap = h->cap ? h->cap : 4096;
        char *bigger;

        while (h->len + n + 1 > cap) {
            cap *= 2;
        }
        bigger = rb_arena_alloc(h->a, cap);
        if (h->len) {
            memcpy(bigger, h->p, h->len);
        }
        h->p = bigger;
        h->cap = cap;
    }
    memcpy(h->p + h->len, s, n);
    h->len += n;
    h->p[h->len] = '\0';
}

/* Markup we wrote ourselves: never a user string. */
static void
raw(struct html *h, const char *s)
{
    put_n(h, s, strlen(s));
}

/* Text, escaped for element content and attribute values. */
static void
text(struct html *h, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            raw(h, "&amp;");
            break;
        case '<':
            raw(h, "&lt;");
            break;
        case '>':
            raw(h, "&gt;");
            break;
        case '"':
            raw(h, "&quot;");
            break;
        case '\'':
            raw(h, "&#39;");
            break;
        default:
            put_n(h, s, 1);
        }
    }
}

/* "<tag>escaped text</tag>" */
static void
elem(struct html *h, const char *tag, const char *s)
{
    raw(h, "<");
    raw(h, tag);
    raw(h, ">");
    text(h, s);
    raw(h, "</");
    raw(h, tag);
    raw(h, ">\n");
}

/* A labelled line of the letter: "<p><b>label</b> text</p>". */
static void
field(struct html *h, const char *label, const char *s)
{
    raw(h, "<p><b>");
    text(h, label);
    raw(h, "</b> ");
    text(h, s && *s ? s : "not recorded");
    raw(h, "</p>\n");
}

static const char *
words(const char *s, struct rb_arena *a)
{
    /* "physical_therapist" -> "physical therapist" */
    char *out = rb_arena_strdup(a, s ? s : "");

    for (char *c = out; *c; c++) {
        if (*c == '_') {
            *c = ' ';
        }
    }
    return out;
}

static const char *
day_text(int64_t day, struct rb_arena *a)
{
    char buf[11];

    if (day == 0) {
        return NULL;
    }
    rb_date_format(day, buf);
    return rb_arena_strdup(a, buf);
}

static bool
injury_open(const struct rb_injury_row *in)
{
    return in->status && (strcmp(in->status, "active") == 0 ||
                             strcmp(in->status, "recurrent") == 0);
}

static void
injury_line(struct html *h, const struct rb_injury_row *in, struct rb_arena *a)
{
    raw(h, "<li>");
    text(h, words(in->region, a));
    raw(h, " (side: ");
    text(h, in->side);
    raw(h, "), ");
    text(h, words(in->kind, a));
    raw(h, ", status: ");
    text(h, in->status);
    if (in->onset_day) {
        raw(h, ", onset ");
        text(h, day_text(in->onset_day, a));
    }
    if (in->surgery) {
        raw(h, ", surgery: ");
        text(h, in->surgery);
    }
    if (in->notes) {
        raw(h, ". Notes: ");
        text(h, in->notes);
    }
    raw(h, "</li>\n");
}

static const char *const style =
    "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;"
    "padding:0 1em;color:#111;line-height:1.45}"
    "h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;"
    "border-bottom:1px solid #999;margin-top:1.6em}"
    ".meta{color:#444}.note{margin-top:2em;padding:.8em;border:1px solid "
    "#999;font-size:.9em}@media print{body{margin:0}}";

static void
render_referral(struct html *h, const struct rb_referral *f, struct rb_app *app,
    struct rb_arena *a)
{
    const char *to =
        strcmp(f->to, "physician") == 0 ? "physician" : "physical therapist";
    json_t *result = NULL, *answers = NULL, *v;
    size_t i, nopen = 0;

    if (f->has_screening) {
        result = json_loads(f->screening.result, 0, NULL);
        answers = json_loads(f->screening.answers, 0, NULL);
    }
    raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
           "<meta charset=\"utf-8\">\n<title>Referral to a ");
    text(h, to);
    raw(h, " &#8212; ");
    text(h, f->client.first_name);
    raw(h, " ");
    text(h, f->client.last_name);
    raw(h, "</title>\n<style>");
    raw(h, style);
    raw(h, "</style>\n</head>\n<body>\n<header>\n");
    elem(h, "h1", f->org.name);
    raw(h, "<p class=\"meta\">Referral to a ");
    text(h, to);
    raw(h, " &#183; ");
    text(h, day_text(f->day, a));
    raw(h, "</p>\n</header>\n");

    raw(h, "<section>\n<h2>Client</h2>\n");
    field(h, "Name:",
        rb_arena_printf(a, "%s %s",
            f->client.first_name ? f->client.first_name : "",
            f->client.last_name ? f->client.last_name : ""));
    field(h, "Date of birth:", f->client.birth_date);
    raw(h, "</section>\n");

    raw(h, "<section>\n<h2>Reason for referral</h2>\n");
    if (f->has_screening) {
        field(h, "Latest screening outcome:", words(f->screening.outcome, a));
        field(
            h, "Screened on:", day_text(f->screening.created_ms / 86400000, a));
        raw(h, "<ul>\n");
        json_array_foreach(json_object_get(result, "reasons"), i, v)
        {
            const char *msg = json_string_value(json_object_get(v, "message"));

            if (msg != NULL) {
                elem(h, "li", msg);
            }
        }
        raw(h, "</ul>\n");
    } else {
        raw(h, "<p>No pre-participation screening is on file.</p>\n");
    }
    for (i = 0; i < f->ninjuries; i++) {
        nopen += injury_open(&f->injuries[i]);
    }
    if (nopen > 0) {
        raw(h, "<p><b>Active or recurrent injuries:</b></p>\n<ul>\n");
        for (i = 0; i < f->ninjuries; i++) {
            if (injury_open(&f->injuries[i])) {
                injury_line(h, &f->injuries[i], a);
            }
        }
        raw(h, "</ul>\n");
    }
    raw(h, "</section>\n");

    raw(h, "<section>\n<h2>Findings</h2>\n<h3>Injury history</h3>\n");
    if (f->ninjuries == 0) {
        raw(h, "<p>No injuries recorded.</p>\n");
    } else {
        raw(h, "<ul>\n");
        for (i = 0; i < f->ninjuries; i++) {
            injury_line(h, &f->injuries[i], a);
        }
        raw(h, "</ul>\n");
    }
    raw(h, "<h3>Red flags at the latest screening</h3>\n");
    if (json_array_size(json_object_get(answers, "red_flags")) == 0) {
        raw(h, "<p>None recorded.</p>\n");
    } else {
        raw(h, "<ul>\n");
        json_array_foreach(json_object_get(answers, "red_flags"), i, v)
        {
            const char *id = json_string_value(v);
            const struct rb_red_flag *rf = id ? rb_red_flag_find(id) : NULL;

            raw(h, "<li><b>");
            text(h, rf && rf->question ? rf->question : id);
            raw(h, "</b>: ");
            text(h, rf && rf->message ? rf->message : "");
            raw(h, "</li>\n");
        }
        raw(h, "</ul>\n");
    }
    raw(h, "</section>\n");

    raw(h, "<section>\n<h2>Referring practitioner</h2>\n");
    field(h, "Name:", f->author.name);
    field(h, "Role:", rb_role_name(f->author.role));
    field(h, "E-mail:", f->author.email);
    if (f->ncreds == 0) {
        field(h, "Credentials on file:", NULL);
    } else {
        raw(h, "<p><b>Credentials on file:</b></p>\n<ul>\n");
        for (i = 0; i < f->ncreds; i++) {
            const struct rb_credential_row *c = &f->creds[i];

            raw(h, "<li>");
            text(h, rb_app_credential_name(app, c->c.kind));
            raw(h, ", ");
            text(h, c->c.issuer);
            if (c->c.number) {
                raw(h, " no. ");
                text(h, c->c.number);
            }
            raw(h, ", expires ");
            text(h, day_text(c->c.expires_day, a));
            raw(h, c->c.verified ? " (verified by the practice)"
                                 : " (self-reported)");
            raw(h, "</li>\n");
        }
        raw(h, "</ul>\n");
    }
    raw(h, "</section>\n");

    raw(h, "<p class=\"note\">Rebound does not diagnose. This letter "
           "reports what was recorded during intake and screening so that "
           "a qualified clinician can assess the client; diagnosis and "
           "treatment decisions rest with the receiving clinician.</p>\n"
           "</body>\n</html>\n");
    json_decref(result);
    json_decref(answers);
}

const char *
rb_render_referral_html(const struct rb_referral *f, struct rb_app *app,
    struct rb_arena *a, size_t *ret_len)
{
    struct html h = {.a = a};

    render_referral(&h, f, app, a);
    *ret_len = h.len;
    return h.p;
}

void
rb_h_referral(struct rb_req *r)
{
    struct rb_referral f;
    struct rb_err err;
    struct html h = {.a = &r->arena};
    int64_t id;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_referral(r->app, &r->actor, id, rb_req_query(r, "to"), &r->arena,
            &f, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    render_referral(&h, &f, r->app, &r->arena);
    /* The letter's own inline style, and nothing else, may load. */
    r->csp = "default-src 'none'; style-src 'unsafe-inline'; "
             "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    rb_reply_raw(r, 200, "text/html; charset=utf-8", h.p, h.len);
}

/* ---- public practitioner profiles --------------------------------------- */

void
rb_h_public_practitioner(struct rb_req *r)
{
    struct rb_credential_row *creds;
    struct rb_user u;
    struct rb_org o;
    struct rb_err err;
    size_t n;
    int64_t id;
    json_t *list;

    if (!rb_req_id(r, "id", &id)) {
        return;
    }
    if (rb_app_public_profile(r->app, id, rb_clock_now_ms() / 86400000,
            &r->arena, &u, &o, &creds, &n, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return;
    }
    list = json_array();
    for (size_t i = 0; i < n; i++) {
        char day[11];

        rb_date_format(creds[i].c.expires_day, day);
        json_array_append_new(list,
            json_pack("{s:s, s:s, s:s}", "name",
                rb_app_credential_name(r->app, creds[i].c.kind), "issuer",
                creds[i].c.issuer ? creds[i].c.issuer : "", "expires_on", day));
    }
    rb_reply_json(r, 200,
        json_pack("{s:s, s:{s:s, s:s}, s:o}", "name", u.name ? u.name : "",
            "practice", "name", o.name ? o.name : "", "kind",
            o.kind ? o.kind : "", "credentials", list));
}
