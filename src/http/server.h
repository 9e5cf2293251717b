/*
 * server.h -- the JSON API over HTTP (libmicrohttpd).
 *
 * Threading: libmicrohttpd runs a pool of epoll event threads, one per CPU
 * by default.  A request that hashes a password (~100 ms of argon2id) is
 * suspended and run on a thread of its own, so it never stalls the other
 * connections of its event thread.  A use case borrows a store handle from
 * the app's pool for the length of one transaction.
 */
#ifndef RB_HTTP_SERVER_H
#define RB_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "util/status.h"

struct rb_server_config {
    const char *listen;   /* "127.0.0.1:8080"; port 0 picks a free one */
    unsigned threads;     /* event threads; 0: one per CPU */
    size_t max_body;      /* request body cap in bytes; 0: 1 MiB */
    const char *web_root; /* directory of the browser app, or NULL */
    bool secure_cookies;  /* add "Secure" (behind an HTTPS proxy) */
    bool access_log;      /* one line per request on stderr */
};

struct rb_server;

/* Start listening.  'app' is borrowed and must outlive the server. */
enum rb_status rb_server_start(struct rb_app *app,
    const struct rb_server_config *cfg, struct rb_server **ret,
    struct rb_err *err) RB_MUST_CHECK;

/* The port actually bound (useful with port 0). */
uint16_t rb_server_port(const struct rb_server *srv);

/* Worker threads the server runs (size the store pool to match). */
unsigned rb_server_threads_for(const struct rb_server_config *cfg);

/*
 * Stop accepting, let requests in flight finish (up to 'grace_ms'), then
 * close every connection and free the server.  NULL is ignored.
 */
void rb_server_stop(struct rb_server *srv, int grace_ms);

#endif /* RB_HTTP_SERVER_H */
