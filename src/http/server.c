/*
 * server.c -- libmicrohttpd glue: request state, body accumulation, auth,
 * routing, the response and the access log.
 *
 * libmicrohttpd calls the access handler several times per request: once
 * with the headers, once per body chunk, and once more when the request is
 * complete.  Answering before that last call would make it close the
 * keep-alive connection, so we only accumulate until then (see
 * ../shared/design/tech.md, "MHD closes keep-alive").
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/handlers.h"
#include "http/routes.h"
#include "http/server.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/str.h"
#include "util/xalloc.h"

#define DEFAULT_MAX_BODY (1024 * 1024)

struct rb_server {
    struct MHD_Daemon *daemon;
    struct rb_app *app;
    struct rb_server_config cfg;
    char web_root[PATH_MAX];
    uint16_t port;
    uint32_t id_prefix; /* random per start, so ids differ across runs */
    atomic_uint_fast64_t next_id;
    atomic_int in_flight; /* requests between first call and completion */
};

/* Everything one request owns, freed in on_completed(). */
struct request {
    struct rb_req req;
    struct rb_buf body;
    bool too_large;
    int64_t start_us;
    size_t sent_bytes;
    const struct rb_route *route; /* set for a handler run off-thread */
    bool suspended;               /* waiting for that handler's answer */
};

unsigned
rb_server_threads_for(const struct rb_server_config *cfg)
{
    long ncpu;

    if (cfg->threads > 0) {
        return cfg->threads;
    }
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return (unsigned)(ncpu > 0 ? ncpu : 1);
}

/* ---- authentication ----------------------------------------------------- */

static const char *
header(struct rb_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/*
 * Resolve the session: a Bearer token (scripts) or the rb_session cookie
 * (the browser).  Cookie-authenticated writes must echo the CSRF token in
 * X-CSRF-Token, which a page on another site cannot read.
 */
static bool
authenticate(struct rb_req *r)
{
    const char *auth = header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    struct rb_err err;
    char csrf[64];

    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
        r->token = auth + 7;
    } else {
        r->token =
            MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "rb_session");
        r->via_cookie = r->token != NULL;
    }
    if (rb_app_session(r->app, r->token, r->address, r->request_id, &r->arena,
            &r->actor, &err) != RB_OK) {
        rb_reply_err(r, &err);
        return false;
    }
    if (r->via_cookie && strcmp(r->method, "GET") != 0 &&
        strcmp(r->method, "HEAD") != 0) {
        const char *sent = header(r, "X-CSRF-Token");

        rb_app_csrf_for(r->token, csrf);
        if (sent == NULL || strlen(sent) != strlen(csrf) ||
            sodium_memcmp(sent, csrf, strlen(csrf)) != 0) {
            rb_reply_error(r, RB_EFORBIDDEN, "csrf_failed", NULL,
                "this change needs the X-CSRF-Token header that came with "
                "your login");
            return false;
        }
    }
    return true;
}

/* ---- body --------------------------------------------------------------- */

static bool
is_json(const char *ct)
{
    return ct != NULL && strncasecmp(ct, "application/json", 16) == 0 &&
           (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

static bool
parse_body(struct request *q)
{
    struct rb_req *r = &q->req;
    struct rb_err err;

    if (q->too_large) {
        rb_reply_error(r, RB_ELIMIT, "body_too_large", NULL,
            rb_arena_printf(&r->arena,
                "request body is larger than the %zu-byte limit", q->body.max));
        return false;
    }
    if (q->body.len == 0) {
        return true; /* handlers that need a body say so */
    }
    if (!is_json(header(r, MHD_HTTP_HEADER_CONTENT_TYPE))) {
        rb_reply_error(r, RB_EINVAL, "unsupported_media_type", NULL,
            "send the body as Content-Type: application/json");
        r->status = 415;
        return false;
    }
    if (rb_json_parse_object(q->body.data, q->body.len, &r->body, &err)) {
        rb_reply_err(r, &err);
        return false;
    }
    return true;
}

/* ---- static files (the browser app) ------------------------------------- */

static const char *
mime_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++) {
        if (strcmp(dot, types[i].ext) == 0) {
            return types[i].type;
        }
    }
    return NULL;
}

/* A safe relative path: [A-Za-z0-9._-/], no "..", a known extension. */
static bool
safe_path(const char *p)
{
    if (strstr(p, "..") != NULL || strstr(p, "//") != NULL) {
        return false;
    }
    for (const char *c = p; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
                *c == '-' || *c == '/')) {
            return false;
        }
    }
    return mime_of(p) != NULL;
}

static struct MHD_Response *
static_file(struct rb_server *srv, struct rb_req *r, size_t *ret_len)
{
    const char *rel = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
    struct MHD_Response *resp;
    struct stat sb;
    char full[PATH_MAX];
    int fd;

    if (srv->web_root[0] == '\0' || !safe_path(rel) ||
        (size_t)snprintf(full, sizeof(full), "%s%s", srv->web_root, rel) >=
            sizeof(full)) {
        return NULL;
    }
    fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return NULL;
    }
    resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (resp == NULL) {
        close(fd);
        return NULL;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime_of(rel));
    MHD_add_response_header(resp, "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    r->status = 200;
    *ret_len = (size_t)sb.st_size;
    return resp;
}

/* ---- dispatch ----------------------------------------------------------- */

static void
run_handler(struct request *q)
{
    struct rb_req *r = &q->req;

    q->route->fn(r);
    if (r->status == 0) {
        rb_reply_error(
            r, RB_EINTERNAL, "internal", NULL, "the handler gave no answer");
    }
}

static void *
slow_job(void *arg)
{
    struct request *q = arg;

    run_handler(q);
    MHD_resume_connection(q->req.conn); /* the answer is queued on resume */
    return NULL;
}

/*
 * A password hash takes about 100 ms of CPU.  Run in line, it would stall
 * every other connection of this event thread; instead the connection is
 * suspended and the handler runs on a short-lived thread of its own (the
 * app bounds concurrent hashes with a semaphore).  False when no thread
 * could be started: the caller then runs the handler in line.
 */
static bool
offload(struct request *q)
{
    pthread_attr_t attr;
    pthread_t t;
    bool ok;

    MHD_suspend_connection(q->req.conn);
    q->suspended = true;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    ok = pthread_create(&t, &attr, slow_job, q) == 0;
    pthread_attr_destroy(&attr);
    if (!ok) {
        q->suspended = false;
        MHD_resume_connection(q->req.conn);
    }
    return ok;
}

static void
dispatch(struct rb_server *srv, struct request *q)
{
    struct rb_req *r = &q->req;
    const struct rb_route *route = NULL;
    const char *allow = NULL;

    switch (rb_route_match(r, &route, &allow)) {
    case RB_MATCH_NO_PATH:
        rb_reply_error(r, RB_ENOTFOUND, "not_found", NULL,
            rb_arena_printf(&r->arena, "no such endpoint: %.100s", r->path));
        return;
    case RB_MATCH_NO_METHOD:
        rb_reply_error(r, RB_EINVAL, "method_not_allowed", NULL,
            rb_arena_printf(
                &r->arena, "%s is not allowed here; use %s", r->method, allow));
        r->status = 405;
        r->allow = allow;
        return;
    case RB_MATCH_FOUND:
        break;
    }
    if (!rb_req_query_only(r, route->query)) {
        return; /* every route refuses query keys it does not know */
    }
    if ((route->flags & RB_ROUTE_BODY) && !parse_body(q)) {
        return;
    }
    if ((route->flags & RB_ROUTE_AUTH) && !authenticate(r)) {
        return;
    }
    q->route = route;
    if ((route->flags & RB_ROUTE_SLOW) && offload(q)) {
        return; /* answered when the job resumes the connection */
    }
    (void)srv;
    run_handler(q);
}

static enum MHD_Result
send_reply(struct rb_server *srv, struct request *q)
{
    struct rb_req *r = &q->req;
    struct MHD_Response *resp = NULL;
    char *text = NULL;
    size_t len = 0;
    enum MHD_Result ret;

    if (r->path[0] == '/' && !rb_str_starts(r->path, "/api/") &&
        strcmp(r->path, "/healthz") != 0 &&
        (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)) {
        resp = static_file(srv, r, &len);
    }
    q->suspended = false;
    if (resp == NULL) {
        if (r->status == 0) {
            dispatch(srv, q);
        }
        if (q->suspended) {
            return MHD_YES; /* a slow handler answers later */
        }
        if (r->raw_body != NULL) {
            /* A non-JSON answer (a printable document). */
            len = r->raw_len;
            resp = MHD_create_response_from_buffer(
                len, (void *)r->raw_body, MHD_RESPMEM_MUST_COPY);
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                r->content_type ? r->content_type : "application/octet-stream");
            if (r->csp != NULL) {
                MHD_add_response_header(
                    resp, "Content-Security-Policy", r->csp);
            }
        } else {
            if (r->reply != NULL) {
                text = json_dumps(r->reply, JSON_COMPACT);
                len = text ? strlen(text) : 0;
            }
            resp =
                MHD_create_response_from_buffer(len, text ? text : (char *)"",
                    text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
            if (text != NULL) {
                MHD_add_response_header(
                    resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
            }
        }
        MHD_add_response_header(
            resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    }
    q->sent_bytes = len;
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    for (int i = 0; i < 2; i++) {
        if (r->set_cookie[i] != NULL) {
            MHD_add_response_header(
                resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie[i]);
        }
    }
    if (r->allow != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    }
    if (r->retry_after_s > 0) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%ld", r->retry_after_s);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void
remote_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    rb_strlcpy(out, "unknown", n);
    if (ci == NULL || ci->client_addr == NULL) {
        return;
    }
    if (ci->client_addr->sa_family == AF_INET) {
        inet_ntop(AF_INET,
            &((const struct sockaddr_in *)(const void *)ci->client_addr)
                 ->sin_addr,
            out, (socklen_t)n);
    } else if (ci->client_addr->sa_family == AF_INET6) {
        inet_ntop(AF_INET6,
            &((const struct sockaddr_in6 *)(const void *)ci->client_addr)
                 ->sin6_addr,
            out, (socklen_t)n);
    }
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
    struct rb_server *srv = cls;
    struct request *q = *con_cls;
    char addr[INET6_ADDRSTRLEN];

    (void)version;
    if (q == NULL) {
        q = rb_xcalloc(1, sizeof(*q));
        q->start_us = rb_clock_mono_us();
        rb_arena_init(&q->req.arena);
        rb_buf_init(&q->body, srv->cfg.max_body);
        q->req.app = srv->app;
        q->req.conn = conn;
        q->req.secure_cookies = srv->cfg.secure_cookies;
        q->req.method = rb_arena_strdup(&q->req.arena, method);
        q->req.path = rb_arena_strdup(&q->req.arena, url);
        remote_address(conn, addr, sizeof(addr));
        q->req.address = rb_arena_strdup(&q->req.arena, addr);
        snprintf(q->req.request_id, sizeof(q->req.request_id), "%08x%08llx",
            (unsigned)srv->id_prefix,
            (unsigned long long)atomic_fetch_add(&srv->next_id, 1));
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = q;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!q->too_large &&
            rb_buf_append(&q->body, upload_data, *upload_data_size) != RB_OK) {
            q->too_large = true; /* keep reading, answer 413 at the end */
            rb_buf_release(&q->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    return send_reply(srv, q);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
    struct rb_server *srv = cls;
    struct request *q = *con_cls;
    char when[32];

    (void)conn;
    if (q == NULL) {
        return;
    }
    if (srv->cfg.access_log) {
        rb_time_format_ms(rb_clock_now_ms(), when);
        fprintf(stderr, "%s %s %s \"%s %s\" %d %zu %.1fms user=%lld%s\n", when,
            q->req.request_id, q->req.address, q->req.method, q->req.path,
            q->req.status, q->sent_bytes,
            (double)(rb_clock_mono_us() - q->start_us) / 1000.0,
            (long long)q->req.actor.user.id,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    }
    json_decref(q->req.body);
    json_decref(q->req.reply);
    rb_buf_release(&q->body);
    rb_arena_release(&q->req.arena);
    free(q);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* ---- lifecycle ---------------------------------------------------------- */

static enum rb_status
parse_listen(const char *listen, struct sockaddr_in *sa, struct rb_err *err)
{
    char host[64];
    const char *colon = strrchr(listen ? listen : "", ':');
    int64_t port;

    if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) ||
        !rb_parse_i64(colon + 1, 0, 65535, &port)) {
        return rb_fail_field(err, RB_EINVAL, "bad_listen", "listen",
            "listen address must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (strcmp(host, "localhost") == 0) {
        rb_strlcpy(host, "127.0.0.1", sizeof(host));
    }
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        return rb_fail_field(err, RB_EINVAL, "bad_listen", "listen",
            "'%s' is not an IPv4 address", host);
    }
    return RB_OK;
}

enum rb_status
rb_server_start(struct rb_app *app, const struct rb_server_config *cfg,
    struct rb_server **ret, struct rb_err *err)
{
    struct rb_server *srv;
    struct sockaddr_in sa;
    const union MHD_DaemonInfo *info;
    enum rb_status rc;

    rc = parse_listen(cfg->listen, &sa, err);
    if (rc != RB_OK) {
        return rc;
    }
    srv = rb_xcalloc(1, sizeof(*srv));
    srv->app = app;
    srv->cfg = *cfg;
    if (srv->cfg.max_body == 0) {
        srv->cfg.max_body = DEFAULT_MAX_BODY;
    }
    if (cfg->web_root != NULL &&
        realpath(cfg->web_root, srv->web_root) == NULL) {
        srv->web_root[0] = '\0'; /* no browser app: API only */
    }
    randombytes_buf(&srv->id_prefix, sizeof(srv->id_prefix));
    /*
     * A pool of epoll threads, one per CPU by default.  Password hashes
     * run off these threads (offload()), so a login does not stall the
     * other connections.  32 KiB per connection is libmicrohttpd's
     * default; bodies are buffered by us (max_body).
     */
    /* clang-format off */
    srv->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, rb_server_threads_for(cfg),
        MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    /* clang-format on */
    if (srv->daemon == NULL) {
        free(srv);
        return rb_fail_field(err, RB_EBACKEND, "listen_failed", "listen",
            "cannot listen on %s (in use, or not allowed)", cfg->listen);
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : ntohs(sa.sin_port);
    *ret = srv;
    return RB_OK;
}

uint16_t
rb_server_port(const struct rb_server *srv)
{
    return srv->port;
}

void
rb_server_stop(struct rb_server *srv, int grace_ms)
{
    struct timespec tick = {0, 10 * 1000 * 1000};

    if (srv == NULL) {
        return;
    }
    /* Stop accepting; let requests already started run to their answer. */
    MHD_socket lfd = MHD_quiesce_daemon(srv->daemon);
    if (lfd != MHD_INVALID_SOCKET) {
        close(lfd); /* quiescing hands the listening socket back to us */
    }
    for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < grace_ms;
         waited += 10) {
        nanosleep(&tick, NULL);
    }
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
