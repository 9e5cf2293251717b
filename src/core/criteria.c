/*
 * criteria.c -- tokenizer, recursive-descent compiler and evaluator for
 * exit criteria; see criteria.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/criteria.h"
#include "util/xalloc.h"

#define MAX_NODES 64
#define MAX_TEXT 512

enum op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };
enum kind { N_CMP, N_AND, N_OR, N_NOT };

struct node {
    enum kind kind;
    int a, b;                        /* children (AND/OR: both, NOT: a) */
    const struct rb_measure_info *m; /* N_CMP */
    enum rb_side_fn fn;
    enum op op;
    double num;
};

struct rb_criterion {
    int root;
    int n;
    struct node nodes[];
};

struct parser {
    const char *text;
    const char *p;
    rb_measure_lookup find;
    void *find_ctx;
    struct node nodes[MAX_NODES];
    int n;
    struct rb_err *err;
    bool failed;
};

static void
skip_space(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n') {
        ps->p++;
    }
}

static int
fail(struct parser *ps, const char *what)
{
    if (!ps->failed) {
        rb_fail_field(ps->err, RB_EINVAL, "bad_criterion", NULL,
            "criterion '%s': %s at column %d", ps->text, what,
            (int)(ps->p - ps->text) + 1);
        ps->failed = true;
    }
    return -1;
}

static bool
is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Read an identifier into buf; false if there is none here. */
static bool
ident(struct parser *ps, char *buf, size_t n)
{
    size_t k = 0;

    skip_space(ps);
    if (!(*ps->p >= 'a' && *ps->p <= 'z')) {
        return false;
    }
    while (is_ident_char(*ps->p)) {
        if (k + 1 < n) {
            buf[k++] = *ps->p;
        }
        ps->p++;
    }
    buf[k] = '\0';
    return true;
}

/* True (and consumes it) when the next word is exactly 'kw'. */
static bool
keyword(struct parser *ps, const char *kw)
{
    size_t n = strlen(kw);

    skip_space(ps);
    if (strncmp(ps->p, kw, n) == 0 && !is_ident_char(ps->p[n])) {
        ps->p += n;
        return true;
    }
    return false;
}

static bool
punct(struct parser *ps, char c)
{
    skip_space(ps);
    if (*ps->p == c) {
        ps->p++;
        return true;
    }
    return false;
}

static int
add(struct parser *ps, struct node nd)
{
    if (ps->n == MAX_NODES) {
        return fail(ps, "expression too long");
    }
    ps->nodes[ps->n] = nd;
    return ps->n++;
}

static int parse_or(struct parser *ps);

static bool
parse_op(struct parser *ps, enum op *op)
{
    skip_space(ps);
    if (strncmp(ps->p, "<=", 2) == 0) {
        *op = OP_LE;
    } else if (strncmp(ps->p, ">=", 2) == 0) {
        *op = OP_GE;
    } else if (strncmp(ps->p, "==", 2) == 0) {
        *op = OP_EQ;
    } else if (strncmp(ps->p, "!=", 2) == 0) {
        *op = OP_NE;
    } else if (*ps->p == '<') {
        *op = OP_LT;
        ps->p++;
        return true;
    } else if (*ps->p == '>') {
        *op = OP_GT;
        ps->p++;
        return true;
    } else {
        return false;
    }
    ps->p += 2;
    return true;
}

static bool
parse_number(struct parser *ps, double *ret)
{
    const char *start;
    char buf[32];
    char *end;
    size_t n;

    skip_space(ps);
    start = ps->p;
    if (*ps->p == '-') {
        ps->p++;
    }
    while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.') {
        ps->p++;
    }
    n = (size_t)(ps->p - start);
    if (n == 0 || n >= sizeof(buf)) {
        ps->p = start;
        return false;
    }
    memcpy(buf, start, n);
    buf[n] = '\0';
    *ret = strtod(buf, &end);
    if (*end != '\0' || !isfinite(*ret)) {
        ps->p = start;
        return false;
    }
    return true;
}

static int
parse_compare(struct parser *ps)
{
    static const struct {
        const char *name;
        enum rb_side_fn fn;
    } fns[] = {
        {"lsi", RB_FN_LSI},
        {"diff", RB_FN_DIFF},
        {"involved", RB_FN_INVOLVED},
        {"uninvolved", RB_FN_UNINVOLVED},
    };
    struct node nd = {.kind = N_CMP, .fn = RB_FN_NONE};
    char word[64], measure[64];

    if (!ident(ps, word, sizeof(word))) {
        return fail(ps, "expected a measure");
    }
    if (punct(ps, '(')) {
        for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
            if (strcmp(fns[i].name, word) == 0) {
                nd.fn = fns[i].fn;
            }
        }
        if (nd.fn == RB_FN_NONE) {
            return fail(ps, "unknown function (use lsi, diff, involved or "
                            "uninvolved)");
        }
        if (!ident(ps, measure, sizeof(measure))) {
            return fail(ps, "expected a measure inside the parentheses");
        }
        if (!punct(ps, ')')) {
            return fail(ps, "expected ')'");
        }
    } else {
        memcpy(measure, word, sizeof(measure));
    }
    nd.m = ps->find(ps->find_ctx, measure);
    if (nd.m == NULL) {
        char msg[128];
        snprintf(msg, sizeof(msg), "unknown measure '%.60s'", measure);
        return fail(ps, msg);
    }
    if (nd.m->paired && nd.fn == RB_FN_NONE) {
        return fail(ps, "a paired measure needs lsi(), diff(), involved() "
                        "or uninvolved()");
    }
    if (!nd.m->paired && nd.fn != RB_FN_NONE) {
        return fail(ps, "side functions apply only to paired measures");
    }
    if (!parse_op(ps, &nd.op)) {
        return fail(ps, "expected a comparison (< <= > >= == !=)");
    }
    if (!parse_number(ps, &nd.num)) {
        return fail(ps, "expected a number");
    }
    return add(ps, nd);
}

static int
parse_unary(struct parser *ps)
{
    int a;

    if (keyword(ps, "not")) {
        a = parse_unary(ps);
        return a < 0 ? a : add(ps, (struct node){.kind = N_NOT, .a = a});
    }
    if (punct(ps, '(')) {
        a = parse_or(ps);
        if (a >= 0 && !punct(ps, ')')) {
            return fail(ps, "expected ')'");
        }
        return a;
    }
    return parse_compare(ps);
}

static int
parse_and(struct parser *ps)
{
    int a = parse_unary(ps);

    while (a >= 0 && keyword(ps, "and")) {
        int b = parse_unary(ps);
        if (b < 0) {
            return b;
        }
        a = add(ps, (struct node){.kind = N_AND, .a = a, .b = b});
    }
    return a;
}

static int
parse_or(struct parser *ps)
{
    int a = parse_and(ps);

    while (a >= 0 && keyword(ps, "or")) {
        int b = parse_and(ps);
        if (b < 0) {
            return b;
        }
        a = add(ps, (struct node){.kind = N_OR, .a = a, .b = b});
    }
    return a;
}

enum rb_status
rb_criterion_compile(const char *text, rb_measure_lookup find, void *find_ctx,
    struct rb_criterion **ret, struct rb_err *err)
{
    struct parser *ps;
    struct rb_criterion *c;
    int root;

    if (text == NULL || strlen(text) > MAX_TEXT) {
        return rb_fail_field(err, RB_EINVAL, "bad_criterion", NULL,
            "a criterion must be 1 to %d characters", MAX_TEXT);
    }
    ps = rb_xcalloc(1, sizeof(*ps));
    ps->text = ps->p = text;
    ps->find = find;
    ps->find_ctx = find_ctx;
    ps->err = err;
    root = parse_or(ps);
    skip_space(ps);
    if (root >= 0 && *ps->p != '\0') {
        root = fail(ps, "unexpected text");
    }
    if (root < 0) {
        free(ps);
        return RB_EINVAL;
    }
    c = rb_xmalloc(sizeof(*c) + (size_t)ps->n * sizeof(c->nodes[0]));
    c->root = root;
    c->n = ps->n;
    memcpy(c->nodes, ps->nodes, (size_t)ps->n * sizeof(c->nodes[0]));
    free(ps);
    *ret = c;
    return RB_OK;
}

void
rb_criterion_free(struct rb_criterion *c)
{
    free(c);
}

bool
rb_lsi(double involved, double uninvolved, bool lower_better, double *ret)
{
    double num = lower_better ? uninvolved : involved;
    double den = lower_better ? involved : uninvolved;

    if (den == 0.0) {
        return false;
    }
    *ret = num / den * 100.0;
    return true;
}

/* The value a comparison looks at; false when a side is not recorded. */
static bool
value_of(const struct node *nd, const struct rb_measure_values *v, double *ret)
{
    double inv, uninv;

    if (nd->fn == RB_FN_NONE) {
        return v->get(v->ctx, nd->m, true, ret);
    }
    if (nd->fn == RB_FN_INVOLVED) {
        return v->get(v->ctx, nd->m, true, ret);
    }
    if (nd->fn == RB_FN_UNINVOLVED) {
        return v->get(v->ctx, nd->m, false, ret);
    }
    if (!v->get(v->ctx, nd->m, true, &inv) ||
        !v->get(v->ctx, nd->m, false, &uninv)) {
        return false;
    }
    if (nd->fn == RB_FN_DIFF) {
        *ret = fabs(inv - uninv);
        return true;
    }
    return rb_lsi(inv, uninv, nd->m->lower_better, ret);
}

static bool
compare(enum op op, double x, double y)
{
    switch (op) {
    case OP_LT:
        return x < y;
    case OP_LE:
        return x <= y;
    case OP_GT:
        return x > y;
    case OP_GE:
        return x >= y;
    case OP_EQ:
        return x == y;
    case OP_NE:
        return x != y;
    }
    return false;
}

static enum rb_verdict
eval(const struct rb_criterion *c, int i, const struct rb_measure_values *v,
    double *val, bool *has)
{
    const struct node *nd = &c->nodes[i];
    enum rb_verdict a, b;
    double x;

    switch (nd->kind) {
    case N_CMP:
        if (!value_of(nd, v, &x)) {
            return RB_MISSING;
        }
        if (val != NULL) {
            *val = x;
            *has = true;
        }
        return compare(nd->op, x, nd->num) ? RB_MET : RB_NOT_MET;
    case N_NOT:
        a = eval(c, nd->a, v, NULL, NULL);
        return a == RB_MISSING ? a : (a == RB_MET ? RB_NOT_MET : RB_MET);
    case N_AND:
        a = eval(c, nd->a, v, NULL, NULL);
        b = eval(c, nd->b, v, NULL, NULL);
        if (a == RB_NOT_MET || b == RB_NOT_MET) {
            return RB_NOT_MET;
        }
        return a == RB_MET && b == RB_MET ? RB_MET : RB_MISSING;
    case N_OR:
        a = eval(c, nd->a, v, NULL, NULL);
        b = eval(c, nd->b, v, NULL, NULL);
        if (a == RB_MET || b == RB_MET) {
            return RB_MET;
        }
        return a == RB_MISSING || b == RB_MISSING ? RB_MISSING : RB_NOT_MET;
    }
    return RB_MISSING;
}

enum rb_verdict
rb_criterion_eval(const struct rb_criterion *c,
    const struct rb_measure_values *v, double *ret_value, bool *ret_has_value)
{
    bool has = false;
    double val = 0;
    enum rb_verdict out;

    out = eval(
        c, c->root, v, c->nodes[c->root].kind == N_CMP ? &val : NULL, &has);
    if (ret_value != NULL) {
        *ret_value = val;
    }
    if (ret_has_value != NULL) {
        *ret_has_value = has;
    }
    return out;
}

size_t
rb_criterion_measures(const struct rb_criterion *c,
    const struct rb_measure_info **out, size_t max)
{
    size_t n = 0;

    for (int i = 0; i < c->n; i++) {
        const struct rb_measure_info *m = c->nodes[i].m;
        bool seen = false;

        if (c->nodes[i].kind != N_CMP) {
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            seen = seen || out[k] == m;
        }
        if (!seen && n < max) {
            out[n++] = m;
        }
    }
    return n;
}

bool
rb_criterion_threshold(const struct rb_criterion *c, double *ret)
{
    if (c->nodes[c->root].kind != N_CMP) {
        return false;
    }
    *ret = c->nodes[c->root].num;
    return true;
}
