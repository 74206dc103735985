/*
 * Signing in and staying signed in: the sign-in and its rate limit (by
 * account and by address, kept in the store so it holds across nodes),
 * browser sessions, API tokens presented as credentials, and one-time
 * password reset links. Only hashes of secrets are stored.
 */
#include "desk/session.h"
#include "desk/desk_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/str.h"

#include "core/banned.h"

#define FAIL_WINDOW_MS (15LL * 60 * 1000)
#define MAX_WAIT_S     (15LL * 60)

void at_desk_secret_hash(const char *secret, char out[65])
{
    at_sha256_hex(secret, strlen(secret), out);
}

int at_desk_reset_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                         char *out)
{
    char hash[65];

    at_random_hex(out, AT_DESK_SECRET_HEX / 2);
    at_desk_secret_hash(out, hash);
    return st->people->reset_add(st, hash, user_id, now + ttl_ms);
}

int at_desk_session_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                           char *id_out, char *csrf_out)
{
    char hash[65];
    struct at_session s = {0};

    at_random_hex(id_out, AT_DESK_SECRET_HEX / 2);
    at_random_hex(csrf_out, AT_DESK_SECRET_HEX / 2);
    at_desk_secret_hash(id_out, hash);
    s.id_hash = hash;
    s.user_id = user_id;
    s.csrf = csrf_out;
    s.created_at = now;
    s.expires_at = now + ttl_ms;
    return st->people->session_add(st, &s);
}

int at_desk_token_user(struct at_store *st, const char *token, int64_t now, struct at_arena *arena,
                       struct at_user *out)
{
    struct at_api_token t;
    char hash[65];

    if (strncmp(token, AT_API_TOKEN_PREFIX, 3) != 0 || strlen(token) != AT_API_TOKEN_LEN)
        return AT_EAUTH;
    at_desk_secret_hash(token, hash);
    if (st->people->token_by_hash(st, hash, arena, &t) != 0 || t.revoked_at)
        return AT_EAUTH;
    if (st->people->user_get(st, t.user_id, arena, out) != 0 || out->disabled)
        return AT_EAUTH;
    /* last use is kept to the minute, so reads do not turn into writes */
    if (now - t.last_used_at > 60 * 1000)
        st->people->token_touch(st, t.id, now);
    return 0;
}

int at_desk_session_user(struct at_store *st, const char *session_id, int64_t now, int64_t ttl_ms,
                         struct at_arena *arena, struct at_user *out, const char **session_hash,
                         const char **csrf, bool *renewed)
{
    struct at_session s;
    char hash[65];

    if (strlen(session_id) != AT_DESK_SECRET_HEX)
        return AT_EAUTH;
    at_desk_secret_hash(session_id, hash);
    if (st->people->session_get(st, hash, now, arena, &s) != 0)
        return AT_EAUTH;
    if (st->people->user_get(st, s.user_id, arena, out) != 0 || out->disabled)
        return AT_EAUTH;
    *renewed =
        s.expires_at - now < ttl_ms / 2 && st->people->session_touch(st, hash, now + ttl_ms) == 0;
    *session_hash = s.id_hash;
    *csrf = s.csrf;
    return 0;
}

static int64_t wait_for(struct at_store *st, const char *key, int64_t free_tries, int64_t now)
{
    int64_t n = 0, last = 0, wait_s;

    if (st->people->login_fail_count(st, key, now - FAIL_WINDOW_MS, &n, &last) != 0)
        return 0;
    if (n < free_tries)
        return 0;
    wait_s = 1LL << (n - free_tries < 10 ? n - free_tries : 10);
    if (wait_s > MAX_WAIT_S)
        wait_s = MAX_WAIT_S;
    wait_s -= (now - last) / 1000;
    return wait_s > 0 ? wait_s : 0;
}

static void key_for(char *out, size_t size, const char *kind, const char *value)
{
    snprintf(out, size, "%s:", kind);
    for (size_t k = strlen(out); *value && k + 1 < size; value++, k++) {
        char c = *value;

        out[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        out[k + 1] = '\0';
    }
}

static int64_t login_wait(struct at_store *st, const char *email, const char *address, int64_t now)
{
    char key[300];
    int64_t a, b;

    key_for(key, sizeof(key), "email", email);
    a = wait_for(st, key, 5, now);
    key_for(key, sizeof(key), "addr", address);
    b = wait_for(st, key, 20, now);
    return a > b ? a : b;
}

static void login_failed(struct at_store *st, const char *email, const char *address, int64_t now)
{
    char key[300];

    key_for(key, sizeof(key), "email", email);
    st->people->login_fail_add(st, key, now);
    key_for(key, sizeof(key), "addr", address);
    st->people->login_fail_add(st, key, now);
}

static void login_ok(struct at_store *st, const char *email)
{
    char key[300];

    key_for(key, sizeof(key), "email", email);
    st->people->login_fail_clear(st, key);
}

/* An argon2id hash of nothing in particular, so unknown emails take as long as known ones. */
static char dummy[AT_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    at_password_hash("attune does not know this account", dummy);
}

int at_desk_login(struct at_desk *d, const char *email, const char *password, const char *address,
                  struct at_arena *arena, struct at_user *out, int64_t *wait_s,
                  struct at_errinfo *e)
{
    struct at_store *st = d->store;
    int64_t now = desk_now(d);
    bool known;

    *wait_s = 0;
    if (!email || !password)
        return at_errinfo_set(e, AT_EINVAL, email ? "password" : "email",
                              "email and password are required");
    email = at_arena_strs(arena, at_str_trim(at_str_from(email)));
    *wait_s = login_wait(st, email, address ? address : "", now);
    if (*wait_s > 0)
        return at_errinfo_set(e, AT_ERATE, NULL,
                              "too many failed sign-ins; try again in %lld seconds",
                              (long long)*wait_s);
    pthread_once(&dummy_once, make_dummy);
    known = st->people->user_by_email(st, email, arena, out) == 0 && out->password_hash[0];
    /* the password is checked whether or not the account exists, so both take as long */
    if (!at_password_verify(known ? out->password_hash : dummy, password) || !known ||
        out->disabled) {
        login_failed(st, email, address ? address : "", now);
        return at_errinfo_set(e, AT_EAUTH, NULL, "wrong email or password");
    }
    login_ok(st, email);
    return 0;
}
