#ifndef AT_ACCOUNT_H
#define AT_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Accounts: administering users, and the audit log of privileged actions.
 * Every change an admin makes to a user is written to the audit log (who,
 * what, when, from which address) in the same transaction as the change.
 */

/* Appends one line to the audit log. `address` is the client address, or "cli". */
int at_desk_audit(struct at_desk *d, const struct at_actor *who, const char *action,
                  const char *target, const char *detail, const char *address);

/* Adds a user as at_desk_user_add() does, and audits it. */
int at_desk_user_create(struct at_desk *d, const struct at_actor *who, const char *email,
                        const char *name, enum at_role role, const char *password,
                        const char *address, struct at_arena *arena, struct at_user *out,
                        struct at_errinfo *e);

/* What an admin may change about a user; only fields whose `set_` flag is true change. */
struct at_user_change {
    bool set_role;
    enum at_role role;
    bool set_disabled;
    bool disabled;
    const char *name; /* NULL: unchanged */
};

/*
 * Changes user `id` (admins only; an admin cannot demote or disable
 * themselves, so a desk always keeps one). Disabling a user ends their
 * sessions. Each change is audited.
 */
int at_desk_user_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                        const struct at_user_change *change, const char *address,
                        struct at_arena *arena, struct at_user *out, struct at_errinfo *e);

/*
 * Sets a new password for user `id`: the user themselves, or the system (a
 * reset link). Ends the user's other sessions and audits the change.
 */
int at_desk_user_set_password(struct at_desk *d, const struct at_actor *who, int64_t id,
                              const char *password, const char *address, struct at_errinfo *e);

/*
 * Sets the password of the user of a one-time reset token (given by its hash)
 * and uses the token up, in one transaction. AT_ENOTFOUND (field "token")
 * when the token is unknown, used or expired; AT_EINVAL for a bad password,
 * which leaves the token usable.
 */
int at_desk_password_reset(struct at_desk *d, const char *token_hash, const char *password,
                           const char *address, struct at_errinfo *e);

/* ---- API tokens ---- */

#define AT_API_TOKEN_PREFIX   "at_"
#define AT_API_TOKEN_LEN      (3 + 64) /* the prefix and 32 random bytes as hex */
#define AT_API_TOKEN_NAME_MAX 100

/*
 * Creates an API token for user `user_id`: people create their own, admins
 * and the system (the command line) anyone's. `name` says what it is for (at
 * most 100 bytes of UTF-8). Writes the token, shown only this once, into
 * `out` (AT_API_TOKEN_LEN + 1 bytes) and its id into `*id`; the store keeps
 * its hash. Audited ("token.create") in the same transaction.
 */
int at_desk_token_create(struct at_desk *d, const struct at_actor *who, int64_t user_id,
                         const char *name, const char *address, char *out, int64_t *id,
                         struct at_errinfo *e);

/* The tokens `who` may see: their own; an admin's or the system's, everyone's. */
int at_desk_token_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                       struct at_api_token **out, size_t *n, struct at_errinfo *e);

/*
 * Revokes token `id` at once: people revoke their own, admins and the system
 * anyone's; a token `who` may not see is AT_ENOTFOUND. Audited
 * ("token.revoke") in the same transaction.
 */
int at_desk_token_revoke(struct at_desk *d, const struct at_actor *who, int64_t id,
                         const char *address, struct at_errinfo *e);

/* Staff accounts (staff only). */
int at_desk_user_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                      struct at_user **out, size_t *n, struct at_errinfo *e);

/* The audit log, newest first (admins only). */
int at_desk_audit_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                       size_t limit, struct at_arena *arena, struct at_audit **out, size_t *n,
                       struct at_errinfo *e);

#endif
