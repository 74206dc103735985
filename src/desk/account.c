/* Administering users, and the audit log. */
#include "desk/account.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"

#include "core/banned.h"

int at_desk_audit(struct at_desk *d, const struct at_actor *who, const char *action,
                  const char *target, const char *detail, const char *address)
{
    struct at_audit a = {
        .actor_id = who->user_id,
        .action = action,
        .target = target ? target : "",
        .detail = detail ? detail : "",
        .address = address ? address : "",
        .created_at = at_clock_now(d->clock),
    };

    return d->store->ops->audit_add(d->store, &a);
}

static int store_err(struct at_errinfo *e, int ret)
{
    if (ret == AT_ESTORE)
        return at_errinfo_set(e, ret, NULL, "the database failed; try again");
    return ret;
}

int at_desk_user_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                        const struct at_user_change *ch, const char *address,
                        struct at_arena *arena, struct at_user *out, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_user u;
    char target[32], detail[300];
    int ret;

    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only an admin can change users");
    if (ch->set_role && (unsigned)ch->role >= AT_ROLE_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "role", "role must be admin, lead, agent or customer");
    if (ch->name && (!ch->name[0] || strlen(ch->name) > 200))
        return at_errinfo_set(e, AT_EINVAL, "name", "name must have 1 to 200 bytes");
    if (id == who->user_id &&
        ((ch->set_role && ch->role != AT_ROLE_ADMIN) || (ch->set_disabled && ch->disabled)))
        return at_errinfo_set(e, AT_ECONFLICT, ch->set_role ? "role" : "disabled",
                              "you cannot demote or disable yourself; ask another admin");
    snprintf(target, sizeof(target), "user:%lld", (long long)id);
    ret = at_desk_begin(d);
    if (ret)
        return store_err(e, ret);
    ret = st->ops->user_get(st, id, arena, &u);
    if (ret == AT_ENOTFOUND)
        at_errinfo_set(e, ret, "id", "no user %lld", (long long)id);
    if (ret == 0 && ch->set_role && ch->role != u.role) {
        if ((u.role == AT_ROLE_CUSTOMER) != (ch->role == AT_ROLE_CUSTOMER))
            ret = at_errinfo_set(e, AT_EINVAL, "role",
                                 "a customer account cannot become staff, nor the other way; "
                                 "create a new account");
        if (ret == 0) {
            snprintf(detail, sizeof(detail), "%s -> %s", at_role_name(u.role),
                     at_role_name(ch->role));
            u.role = ch->role;
            ret = at_desk_audit(d, who, "user.role", target, detail, address);
        }
    }
    if (ret == 0 && ch->set_disabled && ch->disabled != u.disabled) {
        u.disabled = ch->disabled;
        ret = at_desk_audit(d, who, u.disabled ? "user.disable" : "user.enable", target, u.email,
                            address);
        if (ret == 0 && u.disabled)
            ret = st->ops->session_delete_user(st, u.id);
    }
    if (ret == 0 && ch->name && strcmp(ch->name, u.name) != 0) {
        snprintf(detail, sizeof(detail), "%s -> %s", u.name, ch->name);
        u.name = at_arena_strdup(arena, ch->name);
        ret = at_desk_audit(d, who, "user.rename", target, detail, address);
    }
    if (ret == 0)
        ret = st->ops->user_update(st, &u);
    if (ret) {
        at_desk_rollback(d);
        return store_err(e, ret);
    }
    ret = at_desk_commit(d);
    if (ret)
        return store_err(e, ret);
    if (out)
        *out = u;
    return 0;
}

/*
 * Sets a password: for user `id`, or (id 0) for the user of the unused,
 * unexpired reset token whose hash is `token_hash`, which is used up in the
 * same transaction, so a failed write leaves the link usable. The slow hash
 * is made before the transaction begins.
 */
static int write_password(struct at_desk *d, const struct at_actor *who, int64_t id,
                          const char *token_hash, const char *password, const char *address,
                          struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_arena arena = AT_ARENA_INIT;
    char hash[AT_PWHASH_LEN];
    char target[32];
    struct at_user u;
    size_t n = password ? strlen(password) : 0;
    int ret;

    if (n < 8)
        return at_errinfo_set(e, AT_EINVAL, "password", "password must have at least 8 characters");
    if (n > 1024)
        return at_errinfo_set(e, AT_EINVAL, "password", "password is too long");
    if (at_password_hash(password, hash) != 0)
        return at_errinfo_set(e, AT_EIO, "password", "cannot hash the password");
    ret = at_desk_begin(d);
    if (ret)
        goto out;
    if (token_hash) {
        ret = st->ops->reset_take(st, token_hash, at_clock_now(d->clock), &id);
        if (ret == AT_ENOTFOUND) {
            at_desk_rollback(d);
            at_arena_release(&arena);
            return at_errinfo_set(e, AT_ENOTFOUND, "token",
                                  "this reset link is unknown, used or expired; ask for a new one");
        }
    }
    snprintf(target, sizeof(target), "user:%lld", (long long)id);
    if (ret == 0)
        ret = st->ops->user_get(st, id, &arena, &u);
    if (ret == 0) {
        u.password_hash = hash;
        ret = st->ops->user_update(st, &u);
    }
    if (ret == 0)
        ret = st->ops->session_delete_user(st, id);
    if (ret == 0)
        ret = at_desk_audit(d, who, token_hash ? "user.password_reset" : "user.password", target,
                            "", address);
    if (ret) {
        at_desk_rollback(d);
        goto out;
    }
    ret = at_desk_commit(d);
out:
    at_arena_release(&arena);
    return store_err(e, ret);
}

int at_desk_user_set_password(struct at_desk *d, const struct at_actor *who, int64_t id,
                              const char *password, const char *address, struct at_errinfo *e)
{
    if (who->user_id != id && who->user_id != 0)
        return at_errinfo_set(e, AT_EPERM, NULL, "only the user can change their password");
    return write_password(d, who, id, NULL, password, address, e);
}

int at_desk_password_reset(struct at_desk *d, const char *token_hash, const char *password,
                           const char *address, struct at_errinfo *e)
{
    return write_password(d, &at_actor_system, 0, token_hash, password, address, e);
}

int at_desk_user_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                      struct at_user **out, size_t *n, struct at_errinfo *e)
{
    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff can list users");
    return store_err(e, d->store->ops->user_list(d->store, false, arena, out, n));
}

int at_desk_audit_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                       size_t limit, struct at_arena *arena, struct at_audit **out, size_t *n,
                       struct at_errinfo *e)
{
    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only admins can read the audit log");
    if (limit == 0 || limit > 200)
        limit = 50;
    return store_err(e, d->store->ops->audit_list(d->store, before_id, limit, arena, out, n));
}
