#ifndef AT_DESK_SESSION_H
#define AT_DESK_SESSION_H

/*
 * Signing in and staying signed in: the rules of credentials (desk/session.c).
 * The HTTP layer carries them in cookies and headers; the command line makes
 * reset links. Only hashes of secrets reach the store.
 */
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "desk/account.h"
#include "desk/desk.h"
#include "store/store.h"

#define AT_DESK_SECRET_HEX                                                                         \
    64 /* a session id, CSRF token or reset token: 32 random bytes as hex                          \
        */

/* The SHA-256 hex of a secret, as the store keeps it. */
void at_desk_secret_hash(const char *secret, char out[65]);

/*
 * Signs in with `email` and `password` from `address`: AT_EAUTH ("wrong email
 * or password", the same for an unknown account, which takes as long), or
 * AT_ERATE with `*wait_s` seconds to wait after too many failures for the
 * account (5 free) or the address (20 free) in 15 minutes. Fills `out` with the user.
 */
int at_desk_login(struct at_desk *d, const char *email, const char *password, const char *address,
                  struct at_arena *arena, struct at_user *out, int64_t *wait_s,
                  struct at_errinfo *e);

/*
 * Starts a browser session for `user_id` lasting `ttl_ms`: writes the session
 * id (for the cookie) into `id_out` and the CSRF token into `csrf_out` (each
 * AT_DESK_SECRET_HEX + 1 bytes).
 */
int at_desk_session_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                           char *id_out, char *csrf_out);

/*
 * The user of a session id: AT_EAUTH when it is unknown, expired, or its user
 * is disabled. A session with less than half its time left is renewed
 * (`*renewed`).
 */
int at_desk_session_user(struct at_store *st, const char *session_id, int64_t now, int64_t ttl_ms,
                         struct at_arena *arena, struct at_user *out, const char **session_hash,
                         const char **csrf, bool *renewed);

/* The user of an API token: AT_EAUTH when it is malformed, unknown, revoked or its user disabled.
 */
int at_desk_token_user(struct at_store *st, const char *token, int64_t now, struct at_arena *arena,
                       struct at_user *out);

/*
 * A one-time password reset token for `user_id`, valid for `ttl_ms`, into
 * `out` (AT_DESK_SECRET_HEX + 1 bytes).
 */
int at_desk_reset_create(struct at_store *st, int64_t user_id, int64_t now, int64_t ttl_ms,
                         char *out);

#endif
