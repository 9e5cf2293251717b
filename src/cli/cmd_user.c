/*
 * cmd_user.c -- `rebound user add|list|passwd|unlock`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_text[] =
    "usage: rebound user add --org ID --email EMAIL --name NAME\n"
    "                        --role admin|practitioner|client\n"
    "                        [--client ID] [--password-stdin] [--db PATH]\n"
    "       rebound user list --org ID [--db PATH]\n"
    "       rebound user passwd EMAIL [--db PATH]   (password on stdin)\n"
    "       rebound user unlock EMAIL [--db PATH]\n\n"
    "add     an account.  Without --password-stdin an invite token is\n"
    "        printed; the person sets a password with it in the web app.\n"
    "        --client links a client account to that client record.\n"
    "list    a practice's accounts.\n"
    "passwd  set a new password (ends the user's sessions).\n"
    "unlock  clear failed-login throttling and locks.\n";

struct user_opts {
    const char *db, *email, *name, *role;
    int64_t org, client;
    bool password_stdin;
};

/* Parse the options every user subcommand shares; -1 means "go on". */
static int
parse(int argc, char **argv, struct user_opts *o)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"org", required_argument, NULL, 'o'},
        {"email", required_argument, NULL, 'e'},
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {"client", required_argument, NULL, 'c'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'o':
            if (!rb_cli_id("user", "--org", optarg, &o->org)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'e':
            o->email = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'r':
            o->role = optarg;
            break;
        case 'c':
            if (!rb_cli_id("user", "--client", optarg, &o->client)) {
                return RB_EXIT_USAGE;
            }
            break;
        case 'p':
            o->password_stdin = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(
                "user", "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -1;
}

static int
user_add(struct rb_app *app, const struct user_opts *o)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_new_user in = {
        .org_id = o->org,
        .email = o->email,
        .name = o->name,
        .role = rb_role_parse(o->role),
        .client_id = o->client,
    };
    char password[256];
    const char *invite = NULL;
    struct rb_arena a;
    struct rb_user u;
    struct rb_err err;
    int rc = RB_EXIT_OK;

    if (o->password_stdin) {
        if (!rb_cli_read_line(password, sizeof(password))) {
            return rb_cli_usage("user", "no password on standard input");
        }
        in.password = password;
    }
    rb_arena_init(&a);
    if (rb_app_user_create(app, &cli, &in, &a, &u, &invite, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        printf("user %lld created: %s (%s)\n", (long long)u.id, u.email,
            rb_role_name(u.role));
        if (invite != NULL) {
            printf("invite token (valid 7 days, shown once): %s\n", invite);
        }
    }
    rb_arena_release(&a);
    return rc;
}

static int
user_list(struct rb_app *app, const struct user_opts *o)
{
    struct rb_actor cli = rb_actor_cli();
    struct rb_arena a;
    struct rb_user *users;
    size_t n;
    struct rb_err err;
    int rc = RB_EXIT_OK;

    rb_arena_init(&a);
    if (rb_app_user_list(app, &cli, o->org, &a, &users, &n, &err) != RB_OK) {
        rc = rb_cli_fail(&err);
    } else {
        printf("%-6s %-13s %-8s %-32s %s\n", "ID", "ROLE", "STATE", "EMAIL",
            "NAME");
        for (size_t i = 0; i < n; i++) {
            printf("%-6lld %-13s %-8s %-32s %s\n", (long long)users[i].id,
                rb_role_name(users[i].role),
                users[i].disabled ? "disabled"
                : users[i].active ? "active"
                                  : "invited",
                users[i].email, users[i].name);
        }
    }
    rb_arena_release(&a);
    return rc;
}

static int
user_reset(struct rb_app *app, const char *email, bool with_password)
{
    struct rb_actor cli = rb_actor_cli();
    char password[256];
    struct rb_err err;

    if (with_password && !rb_cli_read_line(password, sizeof(password))) {
        return rb_cli_usage("user", "no password on standard input");
    }
    if (rb_app_user_reset(
            app, &cli, email, with_password ? password : NULL, &err) != RB_OK) {
        return rb_cli_fail(&err);
    }
    printf("%s: %s\n", email,
        with_password ? "password changed, sessions ended" : "unlocked");
    return RB_EXIT_OK;
}

int
rb_cmd_user(int argc, char **argv)
{
    struct user_opts o = {0};
    const char *sub;
    struct rb_app *app;
    int rc;

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
    int rest = argc - 1 - optind; /* positional arguments after the options */
    const char *email = rest > 0 ? argv[1 + optind] : NULL;

    if (strcmp(sub, "add") == 0) {
        if (!o.org || !o.email || !o.name || !o.role || rest != 0) {
            return rb_cli_usage(
                "user", "add needs --org, --email, --name and --role");
        }
    } else if (strcmp(sub, "list") == 0) {
        if (!o.org || rest != 0) {
            return rb_cli_usage("user", "list needs --org");
        }
    } else if (strcmp(sub, "passwd") == 0 || strcmp(sub, "unlock") == 0) {
        if (rest != 1) {
            return rb_cli_usage("user", "%s needs one EMAIL", sub);
        }
    } else {
        return rb_cli_usage("user", "unknown subcommand '%s'", sub);
    }
    if ((rc = rb_cli_open(rb_cli_db(o.db), NULL, 1, &app))) {
        return rc;
    }
    if (strcmp(sub, "add") == 0) {
        rc = user_add(app, &o);
    } else if (strcmp(sub, "list") == 0) {
        rc = user_list(app, &o);
    } else {
        rc = user_reset(app, email, strcmp(sub, "passwd") == 0);
    }
    rb_app_close(app);
    return rc;
}
