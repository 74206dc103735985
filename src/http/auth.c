/* Sessions, API tokens, reset tokens and the sign-in rate limit. */
#include "http/auth.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/log.h"

#include "core/banned.h"

#define FAIL_WINDOW_MS (15LL * 60 * 1000)
#define MAX_WAIT_S     (15LL * 60)

void at_auth_hash(const char *secret, char out[65])
{
    at_sha256_hex(secret, strlen(secret), out);
}

int at_auth_reset_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                         char *out)
{
    char hash[65];

    at_random_hex(out, AT_SECRET_HEX / 2);
    at_auth_hash(out, hash);
    return st->people->reset_add(st, hash, user_id, now + ttl_ms);
}

int at_auth_session_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                           char *id_out, char *csrf_out)
{
    char hash[65];
    struct at_session s = {0};

    at_random_hex(id_out, AT_SECRET_HEX / 2);
    at_random_hex(csrf_out, AT_SECRET_HEX / 2);
    at_auth_hash(id_out, hash);
    s.id_hash = hash;
    s.user_id = user_id;
    s.csrf = csrf_out;
    s.created_at = now;
    s.expires_at = now + ttl_ms;
    return st->people->session_add(st, &s);
}

int at_auth_token_user(struct at_store *st, const char *token, int64_t now, struct at_arena *arena,
                       struct at_user *out)
{
    struct at_api_token t;
    char hash[65];

    if (strncmp(token, AT_API_TOKEN_PREFIX, 3) != 0 || strlen(token) != AT_API_TOKEN_LEN)
        return AT_EAUTH;
    at_auth_hash(token, hash);
    if (st->people->token_by_hash(st, hash, arena, &t) != 0 || t.revoked_at)
        return AT_EAUTH;
    if (st->people->user_get(st, t.user_id, arena, out) != 0 || out->disabled)
        return AT_EAUTH;
    /* last use is kept to the minute, so reads do not turn into writes */
    if (now - t.last_used_at > 60 * 1000)
        st->people->token_touch(st, t.id, now);
    return 0;
}

int at_auth_session_user(struct at_store *st, const char *session_id, int64_t now, int64_t ttl_ms,
                         struct at_arena *arena, struct at_user *out, const char **session_hash,
                         const char **csrf, bool *renewed)
{
    struct at_session s;
    char hash[65];

    if (strlen(session_id) != AT_SECRET_HEX)
        return AT_EAUTH;
    at_auth_hash(session_id, hash);
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

int64_t at_auth_login_wait(struct at_store *st, const char *email, const char *address, int64_t now)
{
    char key[300];
    int64_t a, b;

    key_for(key, sizeof(key), "email", email);
    a = wait_for(st, key, 5, now);
    key_for(key, sizeof(key), "addr", address);
    b = wait_for(st, key, 20, now);
    return a > b ? a : b;
}

void at_auth_login_failed(struct at_store *st, const char *email, const char *address, int64_t now)
{
    char key[300];

    key_for(key, sizeof(key), "email", email);
    st->people->login_fail_add(st, key, now);
    key_for(key, sizeof(key), "addr", address);
    st->people->login_fail_add(st, key, now);
}

void at_auth_login_ok(struct at_store *st, const char *email)
{
    char key[300];

    key_for(key, sizeof(key), "email", email);
    st->people->login_fail_clear(st, key);
}
