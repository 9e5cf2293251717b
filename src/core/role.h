/*
 * role.h -- who may do what in a practice.
 *
 * The capability table in role.c is data: one row per capability listing
 * the roles that hold it.  app/ asks rb_role_can() before every use case,
 * so there is one place to read (and test) the whole permission model.
 */
#ifndef RB_CORE_ROLE_H
#define RB_CORE_ROLE_H

#include <stdbool.h>

enum rb_role {
    RB_ROLE_NONE = 0,
    RB_ROLE_OWNER,        /* created the practice; everything */
    RB_ROLE_ADMIN,        /* runs the practice: staff, settings, audit */
    RB_ROLE_PRACTITIONER, /* works with clients */
    RB_ROLE_CLIENT,       /* sees their own record through the portal */
    RB__ROLE_MAX
};

enum rb_cap {
    RB_CAP_ORG_READ,
    RB_CAP_ORG_EDIT,
    RB_CAP_USER_LIST,
    RB_CAP_INVITE_ADMIN,
    RB_CAP_INVITE_PRACTITIONER,
    RB_CAP_INVITE_CLIENT,
    RB_CAP_CLIENT_LIST_ALL, /* every client of the practice */
    RB_CAP_CLIENT_WRITE,
    RB_CAP_AUDIT_READ,
    RB_CAP_LIBRARY_READ, /* exercises and protocols */
    RB_CAP_LIBRARY_EDIT, /* the practice's own exercise library */
    RB__CAP_MAX
};

/* "owner", "admin", ...; "none" for RB_ROLE_NONE. */
const char *rb_role_name(enum rb_role r);

/* Parse a role name; RB_ROLE_NONE when unknown. */
enum rb_role rb_role_parse(const char *s);

/* True when 'role' holds 'cap'. */
bool rb_role_can(enum rb_role role, enum rb_cap cap);

/* The role needed to invite a user of role 'r', or RB__CAP_MAX if nobody
 * may (owners are made with the practice, never invited). */
enum rb_cap rb_role_invite_cap(enum rb_role r);

/* NULL-terminated lists of valid names, for validation tables. */
extern const char *const rb_role_names[];
extern const char *const rb_org_kinds[];
extern const char *const rb_sexes[];

#endif /* RB_CORE_ROLE_H */
