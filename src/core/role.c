/*
 * role.c -- the role names and the capability table.
 */
#include <string.h>

#include "core/role.h"

const char *const rb_role_names[] = {
    "owner", "admin", "practitioner", "client", NULL};

/* A practice is a gym, a clinic or one person working alone. */
const char *const rb_org_kinds[] = {"gym", "clinic", "solo", NULL};

/*
 * Sex as recorded for norms and screening; "unspecified" when the client
 * does not say.  Norm tables that need sex fall back to no comparison.
 */
const char *const rb_sexes[] = {
    "female", "male", "intersex", "unspecified", NULL};

#define R(x) (1u << RB_ROLE_##x)

/* Which roles hold each capability. */
static const unsigned cap_roles[RB__CAP_MAX] = {
    [RB_CAP_ORG_READ] = R(OWNER) | R(ADMIN) | R(PRACTITIONER) | R(CLIENT),
    [RB_CAP_ORG_EDIT] = R(OWNER) | R(ADMIN),
    [RB_CAP_USER_LIST] = R(OWNER) | R(ADMIN) | R(PRACTITIONER),
    [RB_CAP_INVITE_ADMIN] = R(OWNER),
    [RB_CAP_INVITE_PRACTITIONER] = R(OWNER) | R(ADMIN),
    [RB_CAP_INVITE_CLIENT] = R(OWNER) | R(ADMIN) | R(PRACTITIONER),
    [RB_CAP_CLIENT_LIST_ALL] = R(OWNER) | R(ADMIN) | R(PRACTITIONER),
    [RB_CAP_CLIENT_WRITE] = R(OWNER) | R(ADMIN) | R(PRACTITIONER),
    [RB_CAP_AUDIT_READ] = R(OWNER) | R(ADMIN),
    [RB_CAP_LIBRARY_READ] = R(OWNER) | R(ADMIN) | R(PRACTITIONER) | R(CLIENT),
    [RB_CAP_LIBRARY_EDIT] = R(OWNER) | R(ADMIN) | R(PRACTITIONER),
};

#undef R

const char *
rb_role_name(enum rb_role r)
{
    if (r <= RB_ROLE_NONE || r >= RB__ROLE_MAX) {
        return "none";
    }
    return rb_role_names[r - 1];
}

enum rb_role
rb_role_parse(const char *s)
{
    if (s == NULL) {
        return RB_ROLE_NONE;
    }
    for (int i = 0; rb_role_names[i] != NULL; i++) {
        if (strcmp(s, rb_role_names[i]) == 0) {
            return (enum rb_role)(i + 1);
        }
    }
    return RB_ROLE_NONE;
}

bool
rb_role_can(enum rb_role role, enum rb_cap cap)
{
    if ((unsigned)cap >= RB__CAP_MAX || role <= RB_ROLE_NONE ||
        role >= RB__ROLE_MAX) {
        return false;
    }
    return (cap_roles[cap] >> role) & 1u;
}

enum rb_cap
rb_role_invite_cap(enum rb_role r)
{
    switch (r) {
    case RB_ROLE_ADMIN:
        return RB_CAP_INVITE_ADMIN;
    case RB_ROLE_PRACTITIONER:
        return RB_CAP_INVITE_PRACTITIONER;
    case RB_ROLE_CLIENT:
        return RB_CAP_INVITE_CLIENT;
    default:
        return RB__CAP_MAX;
    }
}
