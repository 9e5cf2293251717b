/*
 * cmd_version.c -- `rebound version`.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

#ifndef REBOUND_VERSION
#define REBOUND_VERSION "dev"
#endif

int
rb_cmd_version(int argc, char **argv)
{
    if (argc > 1 &&
        (argv[1][0] != '-' || argv[1][1] != '-' || argv[1][2] != 'h')) {
        return rb_cli_usage("version", "takes no arguments");
    }
    if (argc > 1) {
        printf("usage: rebound version\n\nPrint the version of rebound and "
               "of the database schema it writes.\n");
        return RB_EXIT_OK;
    }
    printf(
        "rebound %s (schema %d)\n", REBOUND_VERSION, rb_store_schema_latest());
    return RB_EXIT_OK;
}
