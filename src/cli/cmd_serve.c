/*
 * cmd_serve.c -- `rebound serve`: run the API until SIGINT or SIGTERM.
 *
 * The signals are blocked in every thread and taken with sigwait() on the
 * main thread, so no handler runs in a worker's middle; on a signal the
 * server stops accepting, lets requests in flight finish, and closes the
 * database cleanly.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"
#include "util/str.h"

static const char usage_text[] =
    "usage: rebound serve [--db PATH] [--listen HOST:PORT] [--web DIR]\n"
    "                     [--data DIR]\n"
    "                     [--threads N] [--max-body BYTES] [--quiet]\n"
    "                     [--secure-cookies]\n\n"
    "Serve the JSON API and the browser app.  Stops cleanly on SIGINT or\n"
    "SIGTERM, finishing requests in flight.\n\n"
    "  --db PATH          database (env REBOUND_DB, default " RB_DEFAULT_DB
    ")\n"
    "  --listen HOST:PORT address (env REBOUND_LISTEN, "
    "default " RB_DEFAULT_LISTEN "); port 0 picks a free port\n"
    "  --web DIR          browser app directory (env REBOUND_WEB)\n"
    "  --data DIR         knowledge base (env REBOUND_DATA); checked at start\n"
    "  --threads N        event threads (default one per CPU)\n"
    "  --max-body BYTES   request body limit (default 1048576)\n"
    "  --quiet            no access log\n"
    "  --secure-cookies   mark cookies Secure (behind an HTTPS proxy)\n";

int
rb_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'},
        {"data", required_argument, NULL, 'D'},
        {"threads", required_argument, NULL, 't'},
        {"max-body", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"secure-cookies", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct rb_server_config cfg = {.access_log = true};
    const char *db = NULL, *listen = NULL, *web = NULL, *data = NULL;
    struct rb_app *app;
    struct rb_server *srv;
    struct rb_err err;
    sigset_t sigs;
    int64_t v;
    int c, sig, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'l':
            listen = optarg;
            break;
        case 'w':
            web = optarg;
            break;
        case 'D':
            data = optarg;
            break;
        case 't':
            if (!rb_parse_i64(optarg, 1, 256, &v)) {
                return rb_cli_usage("serve", "--threads takes 1 to 256");
            }
            cfg.threads = (unsigned)v;
            break;
        case 'm':
            if (!rb_parse_i64(optarg, 1024, 64 * 1024 * 1024, &v)) {
                return rb_cli_usage(
                    "serve", "--max-body takes 1024 to 67108864 bytes");
            }
            cfg.max_body = (size_t)v;
            break;
        case 'q':
            cfg.access_log = false;
            break;
        case 's':
            cfg.secure_cookies = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return RB_EXIT_OK;
        default:
            return rb_cli_usage(
                "serve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return rb_cli_usage("serve", "unexpected argument '%s'", argv[optind]);
    }
    cfg.listen = rb_cli_listen(listen);
    cfg.web_root = rb_cli_web(web);
    db = rb_cli_db(db);

    /* Block before any thread starts, so every thread inherits the mask. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if ((rc = rb_cli_open(
             db, rb_cli_data(data), 2 * rb_server_threads_for(&cfg), &app))) {
        return rc;
    }
    if (rb_server_start(app, &cfg, &srv, &err) != RB_OK) {
        rb_app_close(app);
        return rb_cli_fail(&err);
    }
    printf("rebound: serving %s on http://%.*s:%u/ (database %s)\n",
        cfg.web_root, (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen,
        (unsigned)rb_server_port(srv), db);
    fflush(stdout);
    sigwait(&sigs, &sig);
    fprintf(stderr, "rebound: %s received, finishing requests in flight\n",
        sig == SIGINT ? "SIGINT" : "SIGTERM");
    rb_server_stop(srv, 10000);
    rb_app_close(app);
    fprintf(stderr, "rebound: stopped\n");
    return RB_EXIT_OK;
}
