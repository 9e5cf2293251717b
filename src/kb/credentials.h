/*
 * credentials.h -- the credential table: data/credentials.json read and
 * checked into the plain rows core/scope.h works with.
 *
 * Each row says which scopes a kind of credential grants (fitness,
 * performance, clinical, mnt) and what keeping it current takes (CE
 * cycle, CE required and unit, CPR/AED, grace window), with the period
 * the figures were read for and the source key they rest on.  Problems
 * are reported like rb_kb_load()'s: each names the file and the field.
 * docs/scope-of-practice.md describes the format.
 */
#ifndef RB_KB_CREDENTIALS_H
#define RB_KB_CREDENTIALS_H

#include "core/scope.h"
#include "kb/kb.h"
#include "util/arena.h"

struct rb_credentials {
    const char *jurisdiction; /* e.g. "US" */
    const char *version;      /* the table's own version, e.g. "2026-11" */
    struct rb_scope_table table;
    struct rb_arena arena; /* owns every row and string above */
};

/*
 * Read 'dir'/credentials.json, checking source keys against
 * 'dir'/sources.json.  On RB_OK *ret is a new table for
 * rb_credentials_free(); it is read-only afterwards and may be shared by
 * threads.  Any problem fails the load with RB_EINVAL (code
 * "credentials_invalid"); 'report' (may be NULL) then lists them with
 * their file and field.  *ret is written only on RB_OK.  Allocates.
 */
enum rb_status rb_credentials_load(const char *dir, struct rb_credentials **ret,
    struct rb_kb_report *report, struct rb_err *err) RB_MUST_CHECK;

/* Release a table.  NULL is accepted and ignored. */
void rb_credentials_free(struct rb_credentials *c);

#endif /* RB_KB_CREDENTIALS_H */
