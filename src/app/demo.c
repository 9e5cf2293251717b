/*
 * demo.c -- the demo practice that `make run` starts with.
 *
 * Fixed, printed passwords: this is a local demonstration database, never
 * a real practice.  The people are invented.
 */
#include <string.h>

#include "app/app_int.h"

#define DEMO_PASSWORD "rebound-demo-2026"

static const struct rb_demo_login demo_logins[] = {
    {"owner@riverside.example", DEMO_PASSWORD, "owner",
        "Dana Whitfield, clinic owner"},
    {"at@riverside.example", DEMO_PASSWORD, "practitioner",
        "Sam Okafor, athletic trainer"},
    {"cpt@riverside.example", DEMO_PASSWORD, "practitioner",
        "Lena Park, personal trainer"},
    {"maya@riverside.example", DEMO_PASSWORD, "client",
        "Maya Torres, client portal"},
};

struct demo_client {
    const char *first, *last, *birth, *sex;
    int practitioner; /* index into the two practitioners */
};

static const struct demo_client demo_clients[] = {
    {"Maya", "Torres", "1981-03-14", "female", 0},
    {"Tom", "Becker", "1988-07-02", "male", 1},
    {"Priya", "Nair", "1994-11-20", "female", 1},
    {"Jonas", "Lindqvist", "2002-05-09", "male", 0},
    {"Ruth", "Adeyemi", "1955-01-30", "female", 1},
};

enum rb_status
rb_app_seed_demo(struct rb_app *app, const struct rb_demo_login **ret,
    size_t *ret_n, struct rb_err *err)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_arena a;
    struct rb_user staff[2], portal;
    struct rb_client c;
    int64_t org_id, owner_id;
    int64_t client_ids[sizeof(demo_clients) / sizeof(demo_clients[0])];
    enum rb_status rc;

    rb_arena_init(&a);
    rc = rb_app_org_create(app, &cli, "Riverside Sports Medicine", "clinic",
        demo_logins[0].email, "Dana Whitfield", DEMO_PASSWORD, &org_id,
        &owner_id, err);
    if (rc != RB_OK) {
        goto out;
    }
    for (int i = 0; i < 2; i++) {
        struct rb_new_user nu = {
            .org_id = org_id,
            .email = demo_logins[i + 1].email,
            .name = i == 0 ? "Sam Okafor" : "Lena Park",
            .role = RB_ROLE_PRACTITIONER,
            .password = DEMO_PASSWORD,
        };
        rc = rb_app_user_create(app, &cli, &nu, &a, &staff[i], NULL, err);
        if (rc != RB_OK) {
            goto out;
        }
    }
    for (size_t i = 0; i < sizeof(demo_clients) / sizeof(demo_clients[0]);
         i++) {
        const struct demo_client *d = &demo_clients[i];
        struct rb_client in = {
            .org_id = org_id,
            .practitioner_id = staff[d->practitioner].id,
            .first_name = d->first,
            .last_name = d->last,
            .birth_date = d->birth,
            .sex = d->sex,
        };
        rc = rb_app_client_create(app, &cli, &in, &a, &c, err);
        if (rc != RB_OK) {
            goto out;
        }
        client_ids[i] = c.id;
    }
    struct rb_new_user maya = {
        .org_id = org_id,
        .email = demo_logins[3].email,
        .name = "Maya Torres",
        .role = RB_ROLE_CLIENT,
        .password = DEMO_PASSWORD,
        .client_id = client_ids[0],
    };
    rc = rb_app_user_create(app, &cli, &maya, &a, &portal, NULL, err);
    if (rc != RB_OK) {
        goto out;
    }
    *ret = demo_logins;
    *ret_n = sizeof(demo_logins) / sizeof(demo_logins[0]);
out:
    rb_arena_release(&a);
    return rc;
}
