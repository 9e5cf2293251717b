/*
 * cmd_exercise.c -- `rebound exercise search|show|export|import`.
 *
 * Without --org, search and show read the built-in library only and need
 * no database.  With --org they show that practice's view.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound exercise search [TEXT] [--pattern P] [--region R]\n"
    "                               [--category C] [--phase PH]\n"
    "                               [--equipment E] [--level N] [--limit N]\n"
    "                               [--org ID] [--json]\n"
    "       rebound exercise show ID [--org ID]\n"
    "       rebound exercise export --org ID\n"
    "       rebound exercise import --org ID FILE|-\n"
    "   all take [--db PATH] [--data DIR]\n\n"
    "search  rank exercises by name and alias; filters are exact words of\n"
    "        the vocabulary (docs/knowledge-base.md).\n"
    "show    one exercise as JSON.\n"
    "export  a practice's own exercises and hidden ids as JSON.\n"
    "import  a file in the export format, all or nothing, with progress.\n";

struct ex_opts {
    const char *db, *data, *text, *id, *file;
    struct rb_kb_query q;
    int64_t org;
    bool json;
};

static int
parse(int argc, char **argv, struct ex_opts *o)
{
    static const struct option opts[] = {
        {"pattern", required_argument, NULL, 'p'},
        {"region", required_argument, NULL, 'r'},
        {"category", required_argument, NULL, 'c'},
        {"phase", required_argument, NULL, 'P'},
        {"equipment", required_argument, NULL, 'e'},
        {"level", required_argument, NULL, 'l'},
        {"limit", required_argument, NULL, 'n'},
        {"org", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"db", required_argument, NULL, 'd'},
        {"data", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int64_t v;
    int c;

    o->q.phase = -1;
    o->q.limit = 20;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            o->q.pattern = optarg;
            break;
        case 'r':
            o->q.region = optarg;
            break;
        case 'c':
            o->q.category = optarg;
            break;
        case 'e':
            o->q.equipment = optarg;
            break;
        case 'P':
            if ((o->q.phase = rb_phase_kind_parse(optarg)) < 0) {
                return rb_cli_usage("exercise", "unknown phase '%s'", optarg);
            }
            break;
        case 'l':
            if (!rb_parse_i64(optarg, 1, 5, &v)) {
                return rb_cli_usage("exercise", "--level takes 1 to 5");
            }
            o->q.level = (int)v;
            break;
        case 'n':
            if (!rb_parse_i64(optarg, 1, 200, &v)) {
                return rb_cli_usage("exercise", "--limit takes 1 to 200");
            }
            o->q.limit = (size_t)v;
            break;
        case 'o':
            if (!rb_cli_id("exercise", "--org", optarg, &o->org)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'j':
            o->json = true;
            break;
        case 'd':
            o->db = optarg;
            break;
        case 'D':
            o->data = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(
                "exercise", "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -1;
}

/* A library view: the practice's (with --org) or the built-in one. */
struct view {
    struct rb_app *app;
    struct rb_kb *own_kb; /* loaded directly when there is no --org */
    struct rb_library lib;
};

static int
open_view(struct ex_opts *o, struct view *v)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_err err;
    int rc;

    memset(v, 0, sizeof(*v));
    if (o->org == 0) {
        if (rb_kb_load(rb_cli_data(o->data), &v->own_kb, NULL, &err)) {
            return rb_cli_fail(&err);
        }
        v->lib.kb = v->own_kb;
        return RB_EXIT_OK;
    }
    if ((rc = rb_cli_open(
             rb_cli_db(o->db), rb_cli_data(o->data), 1, &v->app))) {
        return rc;
    }
    if (rb_app_library_acquire(v->app, &cli, o->org, &v->lib, &err)) {
        rb_app_close(v->app);
        return rb_cli_fail(&err);
    }
    return RB_EXIT_OK;
}

static void
close_view(struct view *v)
{
    if (v->app != NULL) {
        rb_app_library_release(v->app, &v->lib);
        rb_app_close(v->app);
    }
    rb_kb_free(v->own_kb);
}

static void
print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);

    puts(text);
    free(text);
    json_decref(j);
}

static int
search(struct ex_opts *o)
{
    struct rb_kb_hit hits[200];
    struct view v;
    size_t n, total;
    int rc;

    o->q.q = o->text;
    if ((rc = open_view(o, &v))) {
        return rc;
    }
    /* Words outside the vocabulary are mistakes, as in the API. */
    const struct {
        const char *opt, *vocab, *word;
    } words[] = {
        {"--pattern", "patterns", o->q.pattern},
        {"--category", "categories", o->q.category},
        {"--region", "regions", o->q.region},
        {"--equipment", "equipment", o->q.equipment},
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (words[i].word != NULL &&
            !rb_kb_vocab_has(v.lib.kb, words[i].vocab, words[i].word)) {
            close_view(&v);
            return rb_cli_usage("exercise", "%s '%s' is not one of the %s",
                words[i].opt, words[i].word, words[i].vocab);
        }
    }
    total = rb_kb_search(v.lib.kb, v.lib.overlay, &o->q, hits, &n);
    if (o->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:i}", "id", hits[i].e->id, "name",
                       hits[i].e->name, "level", hits[i].e->level));
        }
        print_json(json_pack(
            "{s:I, s:o}", "total", (json_int_t)total, "exercises", a));
    } else {
        for (size_t i = 0; i < n; i++) {
            const struct rb_exercise *e = hits[i].e;
            printf("%-36s L%d  %-14s %-16s %s\n", e->id, e->level, e->category,
                e->pattern, e->name);
        }
        fprintf(stderr, "%zu of %zu match(es)\n", n, total);
    }
    close_view(&v);
    return RB_EXIT_OK;
}

static int
show(struct ex_opts *o)
{
    const struct rb_exercise *e;
    struct view v;
    int rc;

    if ((rc = open_view(o, &v))) {
        return rc;
    }
    e = rb_kb_find(v.lib.kb, v.lib.overlay, o->id);
    if (e == NULL) {
        fprintf(stderr, "rebound: no exercise '%s'\n", o->id);
        rc = RB_EXIT_FAIL;
    } else {
        print_json(rb_kb_exercise_json(v.lib.kb, e));
    }
    close_view(&v);
    return rc;
}

static void
progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    if (done == total || done % 100 == 0) {
        fprintf(stderr, "\rimporting: %zu/%zu", done, total);
        if (done == total) {
            fputc('\n', stderr);
        }
    }
}

static int
export_or_import(struct ex_opts *o, bool import)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_app *app;
    struct rb_err err;
    json_error_t jerr;
    json_t *doc = NULL;
    size_t n = 0;
    int rc;

    if (import) {
        doc = strcmp(o->file, "-") == 0
                  ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
                  : json_load_file(o->file, JSON_REJECT_DUPLICATES, &jerr);
        if (doc == NULL) {
            fprintf(stderr, "rebound: %s: line %d: %s\n", o->file, jerr.line,
                jerr.text);
            return RB_EXIT_USAGE;
        }
    }
    if ((rc = rb_cli_open(rb_cli_db(o->db), rb_cli_data(o->data), 1, &app))) {
        json_decref(doc);
        return rc;
    }
    if (import) {
        if (rb_app_exercise_import(
                app, &cli, o->org, doc, progress, NULL, &n, &err) != RB_OK) {
            rc = rb_cli_fail(&err);
        } else {
            printf("imported %zu exercise(s) into practice %lld\n", n,
                (long long)o->org);
        }
        json_decref(doc);
    } else if (rb_app_exercise_export(app, &cli, o->org, &doc, &err)) {
        rc = rb_cli_fail(&err);
    } else {
        print_json(doc);
    }
    rb_app_close(app);
    return rc;
}

int
rb_cmd_exercise(int argc, char **argv)
{
    struct ex_opts o = {0};
    const char *sub;
    int rc, rest;

    if (argc < 2) {
        fputs(usage_text, stderr);
        return RB_EXIT_USAGE;
    }
    sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(usage_text, stdout);
        return RB_EXIT_OK;
    }
    if ((rc = parse(argc - 1, argv + 1, &o)) != -1) {
        return rc;
    }
    rest = argc - 1 - optind;
    if (strcmp(sub, "search") == 0 && rest <= 1) {
        o.text = rest ? argv[1 + optind] : NULL;
        return search(&o);
    }
    if (strcmp(sub, "show") == 0 && rest == 1) {
        o.id = argv[1 + optind];
        return show(&o);
    }
    if (strcmp(sub, "export") == 0 && rest == 0 && o.org) {
        return export_or_import(&o, false);
    }
    if (strcmp(sub, "import") == 0 && rest == 1 && o.org) {
        o.file = argv[1 + optind];
        return export_or_import(&o, true);
    }
    return rb_cli_usage("exercise", "bad use of '%s'", sub);
}
