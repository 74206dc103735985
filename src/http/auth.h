#ifndef AT_AUTH_H
#define AT_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "desk/account.h"
#include "store/store.h"

/*
 * Credentials: browser sessions, API tokens and password reset tokens. The
 * secrets themselves are handed out once and never stored; the store keeps
 * their SHA-256 hashes.
 */

#define AT_SECRET_HEX 64 /* 32 random bytes as hex */

/*
 * Creates a one-time password reset token for `user_id`, valid for `ttl_ms`.
 * Writes the token into `out` (AT_SECRET_HEX + 1 bytes).
 */
int at_auth_reset_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                         char *out);

/*
 * Starts a browser session for `user_id`: writes the session id (for the
 * cookie) into `id_out` and the CSRF token into `csrf_out` (each
 * AT_SECRET_HEX + 1 bytes).
 */
int at_auth_session_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                           char *id_out, char *csrf_out);

/* The SHA-256 hex of a secret, as the store keeps it. */
void at_auth_hash(const char *secret, char out[65]);

/*
 * Finds the active user behind an API token: not revoked, user not disabled.
 * Returns 0, or AT_EAUTH when the token does not sign anyone in.
 */
int at_auth_token_user(struct at_store *st, const char *token, int64_t now, struct at_arena *arena,
                       struct at_user *out);

/*
 * Finds the active user behind a session id, and the session's CSRF token.
 * Renews the session when it is past half its life (and says so in
 * *renewed, so the cookie can be renewed too). Returns 0 or AT_EAUTH.
 */
int at_auth_session_user(struct at_store *st, const char *session_id, int64_t now, int64_t ttl_ms,
                         struct at_arena *arena, struct at_user *out, const char **session_hash,
                         const char **csrf, bool *renewed);

/*
 * Login rate limit, per account and per client address, held in the store so
 * it holds across nodes. Returns 0 when a sign-in may be tried now, or the
 * number of seconds to wait. Growing delays: after 5 failures for an account
 * (20 for an address) within 15 minutes, each further failure doubles the
 * wait, up to 15 minutes.
 */
int64_t at_auth_login_wait(struct at_store *st, const char *email, const char *address,
                           int64_t now);

/* Records a failed sign-in for the account and the address. */
void at_auth_login_failed(struct at_store *st, const char *email, const char *address, int64_t now);

/* Forgets the failures of an account after a successful sign-in. */
void at_auth_login_ok(struct at_store *st, const char *email);

#endif
