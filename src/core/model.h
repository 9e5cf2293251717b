/*
 * model.h -- the plain data of a practice: organizations, users, clients,
 * sessions and audit entries.
 *
 * Plain structs with no behaviour, shared by every layer.  String members
 * are borrowed: whoever filled the struct says where they live (usually an
 * arena).  Times are Unix milliseconds, dates are day numbers (util/str.h).
 */
#ifndef RB_CORE_MODEL_H
#define RB_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/role.h"

struct rb_org {
    int64_t id;
    const char *name;
    const char *kind; /* "gym", "clinic" or "solo" (core/role.h) */
    int64_t created_ms;
};

struct rb_user {
    int64_t id;
    int64_t org_id;
    const char *email; /* stored lower-case; unique across the server */
    const char *name;
    enum rb_role role;
    bool disabled;
    bool active; /* has a password (an invite was accepted) */
    int64_t created_ms;
};

/* What the login throttle remembers about one account. */
struct rb_login_state {
    int failures;            /* consecutive failed logins */
    int64_t last_failure_ms; /* when the last one happened, 0 if none */
    int64_t locked_until_ms; /* account locked until then, 0 if not */
};

struct rb_client {
    int64_t id;
    int64_t org_id;
    int64_t user_id;         /* portal account, 0 when none */
    int64_t practitioner_id; /* assigned practitioner, 0 when none */
    const char *first_name;
    const char *last_name;
    const char *birth_date; /* "YYYY-MM-DD", NULL when unknown */
    const char *sex;        /* "female", "male", "intersex", "unspecified" */
    const char *email;      /* may be NULL */
    const char *phone;      /* may be NULL */
    int64_t created_ms;
    int64_t updated_ms;
};

/* One row of the append-only audit trail. */
struct rb_audit_entry {
    int64_t id;
    int64_t org_id;
    int64_t at_ms;
    int64_t user_id;         /* 0 for the command line or the system */
    const char *action;      /* e.g. "client.read", "user.invite" */
    const char *record_type; /* e.g. "client", "user", "session" */
    int64_t record_id;       /* 0 when the action names no one record */
    int64_t client_id;       /* the client whose record it is, or 0 */
    const char *address;     /* remote IP, or "cli" */
    const char *request_id;  /* the HTTP request id, or "" */
    const char *detail;      /* short free text, may be "" */
};

#endif /* RB_CORE_MODEL_H */
