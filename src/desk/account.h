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

/* Staff accounts (staff only). */
int at_desk_user_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                      struct at_user **out, size_t *n, struct at_errinfo *e);

/* The audit log, newest first (admins only). */
int at_desk_audit_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                       size_t limit, struct at_arena *arena, struct at_audit **out, size_t *n,
                       struct at_errinfo *e);

#endif
