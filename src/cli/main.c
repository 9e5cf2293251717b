/*
 * main.c -- `rebound`: the command table and exit-status mapping.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct rb_cmd commands[] = {
    {"init", rb_cmd_init, "create or upgrade the database (--demo: demo data)"},
    {"serve", rb_cmd_serve, "run the HTTP API and web app"},
    {"org", rb_cmd_org, "create and list practices"},
    {"user", rb_cmd_user, "add, list, reset and unlock user accounts"},
    {"audit", rb_cmd_audit, "read the audit trail"},
    {"kb", rb_cmd_kb, "check the knowledge base (exercises, protocols)"},
    {"exercise", rb_cmd_exercise, "search, show, export and import exercises"},
    {"credential", rb_cmd_credential, "record, list and verify credentials"},
    {"compliance", rb_cmd_compliance,
        "staff credentials, expiries and scope today"},
    {"screen", rb_cmd_screen, "evaluate a pre-participation screen (JSON)"},
    {"score", rb_cmd_score, "score an outcome questionnaire (PROM)"},
    {"gate", rb_cmd_gate, "evaluate a protocol phase gate on measures (JSON)"},
    {"plan", rb_cmd_plan, "build a training program from a case file"},
    {"load", rb_cmd_load, "training-load metrics per day (JSON)"},
    {"client", rb_cmd_client, "set and show a client's intake profile"},
    {"consent", rb_cmd_consent, "publish the consent form, record signatures"},
    {"injury", rb_cmd_injury, "record and list a client's injury history"},
    {"clearance", rb_cmd_clearance, "record and list medical clearances"},
    {"screening", rb_cmd_screening, "store and list a client's screenings"},
    {"scope", rb_cmd_scope, "check the scope of practice for an action"},
    {"case", rb_cmd_case, "open an injury case on a protocol"},
    {"incident", rb_cmd_incident, "create, edit, sign, amend and list incident reports"},
    {"referral", rb_cmd_referral, "write a referral letter (HTML)"},
    {"program", rb_cmd_program, "generate, show, edit a client's program"},
    {"session", rb_cmd_session, "log and list a client's training sessions"},
    {"checkin", rb_cmd_checkin, "record and list a client's check-ins"},
    {"recommendation", rb_cmd_recommendation,
        "list, accept or decline program changes from the logs"},
    {"attention", rb_cmd_attention, "who needs attention today, ranked"},
    {"version", rb_cmd_version, "print the version"},
};

static void
usage(FILE *out)
{
    fprintf(out,
        "usage: rebound COMMAND [OPTIONS]\n\n"
        "Rebound: a practice system for athletic trainers and personal "
        "trainers.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        fprintf(out, "  %-15s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out,
        "\nRun 'rebound COMMAND --help' for a command's options.\n\n"
        "environment:\n"
        "  REBOUND_DB      database path (default " RB_DEFAULT_DB ")\n"
        "  REBOUND_LISTEN  address to serve on (default " RB_DEFAULT_LISTEN
        ")\n"
        "  REBOUND_WEB     directory of the browser app\n"
        "  REBOUND_DATA    knowledge-base directory (exercises, protocols)\n\n"
        "exit status: 0 success, 1 failure, 2 usage or bad input\n");
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return RB_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return RB_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        return rb_cmd_version(argc - 1, argv + 1);
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "rebound: unknown command '%s' (see 'rebound --help')\n",
        argv[1]);
    return RB_EXIT_USAGE;
}
