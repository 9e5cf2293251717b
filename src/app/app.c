/*
 * app.c -- the application context, transactions, audit and crypto helpers.
 */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_int.h"
#include "util/clock.h"
#include "util/str.h"
#include "util/xalloc.h"

#define HOUR_MS (3600 * 1000LL)

struct rb_actor
rb_actor_cli(void)
{
    struct rb_actor a = {.system = true, .address = "cli", .request_id = ""};

    a.user.name = "command line";
    return a;
}

enum rb_status
rb_app_open(
    const struct rb_app_config *cfg, struct rb_app **ret, struct rb_err *err)
{
    struct rb_app *app;
    enum rb_status rc;
    long ncpu;

    if (sodium_init() < 0) {
        return rb_fail(err, RB_EINTERNAL, "libsodium failed to initialise");
    }
    app = rb_xcalloc(1, sizeof(*app));
    app->cfg = *cfg;
    if (app->cfg.session_ttl_ms <= 0) {
        app->cfg.session_ttl_ms = 12 * HOUR_MS;
    }
    if (app->cfg.invite_ttl_ms <= 0) {
        app->cfg.invite_ttl_ms = 7 * 24 * HOUR_MS;
    }
    if (app->cfg.hash_slots == 0) {
        ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        app->cfg.hash_slots = ncpu > 0 ? (unsigned)ncpu : 1;
    }
    sem_init(&app->hash_slots, 0, app->cfg.hash_slots);
    pthread_mutex_init(&app->dummy_lock, NULL);
    pthread_mutex_init(&app->ghost_lock, NULL);
    app_library_init(app);
    rc = rb_store_pool_open(cfg->db_url, cfg->pool_size, &app->pool, err);
    if (rc == RB_OK && cfg->data_dir != NULL) {
        rc = rb_kb_load(cfg->data_dir, &app->kb, NULL, err);
    }
    if (rc == RB_OK && cfg->data_dir != NULL) {
        rc = rb_credentials_load(cfg->data_dir, &app->creds, NULL, err);
    }
    if (rc != RB_OK) {
        rb_app_close(app); /* accepts a partly built app */
        return rc;
    }
    *ret = app;
    return RB_OK;
}

void
rb_app_close(struct rb_app *app)
{
    if (app == NULL) {
        return;
    }
    app_library_fini(app);
    rb_kb_free(app->kb);
    rb_credentials_free(app->creds);
    rb_store_pool_close(app->pool);
    sem_destroy(&app->hash_slots);
    pthread_mutex_destroy(&app->dummy_lock);
    pthread_mutex_destroy(&app->ghost_lock);
    free(app);
}

const struct rb_kb *
rb_app_kb(const struct rb_app *app)
{
    return app->kb;
}

enum rb_status
tx_begin(struct rb_app *app, bool write, struct tx *tx, struct rb_err *err)
{
    enum rb_status rc;

    tx->app = app;
    tx->s = rb_store_pool_get(app->pool);
    rc = rb_store_begin(tx->s, write, err);
    if (rc != RB_OK) {
        rb_store_pool_put(app->pool, tx->s);
        tx->s = NULL;
    }
    return rc;
}

enum rb_status
tx_commit(struct tx *tx, struct rb_err *err)
{
    enum rb_status rc = rb_store_commit(tx->s, err);

    if (rc != RB_OK) {
        rb_store_rollback(tx->s);
    }
    rb_store_pool_put(tx->app->pool, tx->s);
    tx->s = NULL;
    return rc;
}

void
tx_abort(struct tx *tx)
{
    if (tx->s != NULL) {
        rb_store_rollback(tx->s);
        rb_store_pool_put(tx->app->pool, tx->s);
        tx->s = NULL;
    }
}

enum rb_status
app_audit(struct rb_store *s, const struct rb_actor *who, int64_t org_id,
    const char *action, const char *record_type, int64_t record_id,
    int64_t client_id, const char *detail, struct rb_err *err)
{
    struct rb_audit_entry e = {
        .org_id = org_id,
        .at_ms = rb_clock_now_ms(),
        .user_id = who->system ? 0 : who->user.id,
        .action = action,
        .record_type = record_type,
        .record_id = record_id,
        .client_id = client_id,
        .address = who->address ? who->address : "",
        .request_id = who->request_id ? who->request_id : "",
        .detail = detail ? detail : "",
    };

    return rb_store_audit_add(s, &e, err);
}

enum rb_status
app_require(const struct rb_actor *who, enum rb_cap cap, struct rb_err *err)
{
    if (who->system || rb_role_can(who->user.role, cap)) {
        return RB_OK;
    }
    return rb_fail_field(err, RB_EFORBIDDEN, "forbidden", NULL,
        "your role (%s) may not do this", rb_role_name(who->user.role));
}

enum rb_status
app_hash_password(
    struct rb_app *app, const char *pw, char out[128], struct rb_err *err)
{
    int rc;

    while (sem_wait(&app->hash_slots) != 0 && errno == EINTR) {
    }
    rc = crypto_pwhash_str(out, pw, strlen(pw),
        crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sem_post(&app->hash_slots);
    if (rc != 0) {
        return rb_fail(err, RB_EINTERNAL, "password hashing ran out of memory");
    }
    return RB_OK;
}

bool
app_verify_password(struct rb_app *app, const char *hash, const char *pw)
{
    int rc;

    while (sem_wait(&app->hash_slots) != 0 && errno == EINTR) {
    }
    rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    sem_post(&app->hash_slots);
    return rc == 0;
}

void
app_new_token(char out[64])
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(
        out, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void
app_token_hash(const char *token, char out[65])
{
    unsigned char h[32];

    crypto_generichash(
        h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
    rb_hex_encode(h, sizeof(h), out);
}

char *
app_email(struct rb_arena *a, const char *email)
{
    char *e = rb_arena_strdup(a, email ? email : "");

    rb_str_lower(e);
    return e;
}

int64_t
app_today(void)
{
    return rb_clock_now_ms() / 86400000;
}

const char *
app_json_text(struct rb_arena *a, const json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out;

    if (text == NULL) {
        return NULL;
    }
    out = rb_arena_strdup(a, text);
    free(text);
    return out;
}

/* The year, month and day of a date as one number, 2024-03-09 -> 20240309. */
static int64_t
ymd(int64_t day)
{
    char text[11], digits[9];
    int64_t v = 0;

    rb_date_format(day, text);
    memcpy(digits, text, 4);
    memcpy(digits + 4, text + 5, 2);
    memcpy(digits + 6, text + 8, 2);
    digits[8] = '\0';
    return rb_parse_i64(digits, 0, 99999999, &v) ? v : 0;
}

int
app_age_on(const char *birth, int64_t day)
{
    int64_t b;

    if (birth == NULL || !rb_date_parse(birth, &b) || b > day) {
        return -1;
    }
    return (int)((ymd(day) - ymd(b)) / 10000);
}

json_t *
app_date_json(int64_t day)
{
    char text[11];

    rb_date_format(day, text);
    return json_string(text);
}

enum rb_status
app_client_read(struct rb_app *app, const struct rb_actor *who,
    int64_t client_id, const char *action, struct rb_arena *a, struct tx *tx,
    struct rb_client *c, struct rb_err *err)
{
    enum rb_status rc;

    if ((rc = tx_begin(app, true, tx, err))) {
        return rc;
    }
    if ((rc = app_load_client(tx->s, who, client_id, a, c, err)) ||
        (rc = app_audit(
             tx->s, who, c->org_id, action, "client", c->id, c->id, "", err))) {
        tx_abort(tx);
    }
    return rc;
}
