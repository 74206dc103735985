/* Administering users, and the audit log. */
#include "desk/account.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/str.h"

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

    return d->store->people->audit_add(d->store, &a);
}

/* ---- users ---- */

/*
 * Adds a user; the password is hashed before the write lock is taken. With
 * `signup`, an address the desk knows already is refused: until the portal can
 * prove by email that the address is theirs, signing up must not hand anyone
 * the tickets or the profile kept under it. With `audit_address`, the change
 * is written to the audit log in the same transaction.
 */
static int user_add(struct at_desk *d, const struct at_actor *who, const char *email,
                    const char *name, enum at_role role, const char *password, bool signup,
                    const char *audit_address, struct at_arena *arena, struct at_user *out,
                    struct at_errinfo *e)
{
    struct at_store *st = d->store;
    char hash[AT_PWHASH_LEN] = "";
    struct at_user u = {0};
    struct at_customer c;
    char *clean;
    int ret;

    if (role != AT_ROLE_CUSTOMER && who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, "role", "only an admin can add %s accounts",
                              at_role_name(role));
    ret = desk_clean_email(arena, "email", email, &clean, e);
    if (ret)
        return ret;
    ret = desk_check_text(e, "name", name, AT_NAME_MAX, true);
    if (ret)
        return ret;
    if (password && password[0]) {
        size_t n = strlen(password);

        if (n < 8)
            return at_errinfo_set(e, AT_EINVAL, "password",
                                  "password must have at least 8 characters");
        if (n > 1024)
            return at_errinfo_set(e, AT_EINVAL, "password", "password is too long");
        if (at_password_hash(password, hash) != 0)
            return at_errinfo_set(e, AT_EIO, "password", "cannot hash the password");
    }
    u.email = clean;
    u.name = desk_trimmed(arena, name);
    u.role = role;
    u.password_hash = hash;
    u.created_at = desk_now(d);

    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "adding the user");
    if (role == AT_ROLE_CUSTOMER) {
        ret = st->tickets->customer_by_email(st, clean, arena, &c);
        if (ret == 0 && signup) {
            at_errinfo_set(e, AT_ECONFLICT, "email",
                           "%s is known to us already; ask for a link by mail to set your "
                           "password (\"Forgot your password?\")",
                           clean);
            ret = AT_ECONFLICT;
            goto fail;
        }
        if (ret == AT_ENOTFOUND) {
            struct at_customer nc = {.name = u.name,
                                     .preferred_name = "",
                                     .email = clean,
                                     .phone = "",
                                     .company = "",
                                     .tier = "standard",
                                     .notes = "",
                                     .created_at = u.created_at,
                                     .updated_at = u.created_at};

            ret = st->tickets->customer_add(st, &nc, &u.customer_id);
        } else if (ret == 0) {
            u.customer_id = c.id;
        }
        if (ret)
            goto fail;
    }
    ret = st->people->user_add(st, &u, &u.id);
    if (ret == AT_ECONFLICT) {
        at_errinfo_set(e, ret, "email", "a user with the email %s exists already", clean);
        goto fail;
    }
    if (ret == 0 && audit_address) {
        char target[32], detail[300];

        snprintf(target, sizeof(target), "user:%lld", (long long)u.id);
        snprintf(detail, sizeof(detail), "%s as %s", u.email, at_role_name(u.role));
        ret = at_desk_audit(d, who, "user.create", target, detail, audit_address);
    }
    if (ret)
        goto fail;
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, "adding the user");
    if (out) {
        *out = u;
        out->password_hash = at_arena_strdup(arena, hash);
    }
    return 0;
fail:
    at_desk_rollback(d);
    return desk_store_err(e, ret, "adding the user");
}

int at_desk_user_add(struct at_desk *d, const struct at_actor *who, const char *email,
                     const char *name, enum at_role role, const char *password,
                     struct at_arena *arena, struct at_user *out, struct at_errinfo *e)
{
    return user_add(d, who, email, name, role, password, false, NULL, arena, out, e);
}

int at_desk_signup(struct at_desk *d, const char *email, const char *name, const char *password,
                   struct at_arena *arena, struct at_user *out, struct at_errinfo *e)
{
    if (!password || !password[0])
        return at_errinfo_set(e, AT_EINVAL, "password", "password is required");
    return user_add(d, &at_actor_system, email, name, AT_ROLE_CUSTOMER, password, true, NULL, arena,
                    out, e);
}

int at_desk_user_create(struct at_desk *d, const struct at_actor *who, const char *email,
                        const char *name, enum at_role role, const char *password,
                        const char *address, struct at_arena *arena, struct at_user *out,
                        struct at_errinfo *e)
{
    return user_add(d, who, email, name, role, password, false, address ? address : "", arena, out,
                    e);
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
        return desk_store_err(e, ret, NULL);
    ret = st->people->user_get(st, id, arena, &u);
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
            ret = st->people->session_delete_user(st, u.id);
    }
    if (ret == 0 && ch->name && strcmp(ch->name, u.name) != 0) {
        snprintf(detail, sizeof(detail), "%s -> %s", u.name, ch->name);
        u.name = at_arena_strdup(arena, ch->name);
        ret = at_desk_audit(d, who, "user.rename", target, detail, address);
    }
    if (ret == 0)
        ret = st->people->user_update(st, &u);
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, NULL);
    }
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
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
        ret = st->people->reset_take(st, token_hash, at_clock_now(d->clock), &id);
        if (ret == AT_ENOTFOUND) {
            at_desk_rollback(d);
            at_arena_release(&arena);
            return at_errinfo_set(e, AT_ENOTFOUND, "token",
                                  "this reset link is unknown, used or expired; ask for a new one");
        }
    }
    snprintf(target, sizeof(target), "user:%lld", (long long)id);
    if (ret == 0)
        ret = st->people->user_get(st, id, &arena, &u);
    if (ret == 0) {
        u.password_hash = hash;
        ret = st->people->user_update(st, &u);
    }
    if (ret == 0)
        ret = st->people->session_delete_user(st, id);
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
    return desk_store_err(e, ret, NULL);
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
    return desk_store_err(e, d->store->people->user_list(d->store, false, arena, out, n), NULL);
}

int at_desk_audit_list(struct at_desk *d, const struct at_actor *who, int64_t before_id,
                       size_t limit, struct at_arena *arena, struct at_audit **out, size_t *n,
                       struct at_errinfo *e)
{
    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only admins can read the audit log");
    if (limit == 0 || limit > 200)
        limit = 50;
    return desk_store_err(
        e, d->store->people->audit_list(d->store, before_id, limit, arena, out, n), NULL);
}

/* ---- API tokens ---- */

/* Admins and the system act on everyone's tokens; others on their own. */
static bool may_manage_tokens(const struct at_actor *who)
{
    return who->role == AT_ROLE_ADMIN;
}

/*
 * Whose tokens `who` may see, as the store's token_list takes it: 0 for
 * everyone's (admins, the system), else their own user; -1 for an actor who
 * is neither, so that user 0 never stands for "everyone" by accident.
 */
static int64_t tokens_of(const struct at_actor *who)
{
    if (may_manage_tokens(who))
        return 0;
    return who->user_id > 0 ? who->user_id : -1;
}

int at_desk_token_create(struct at_desk *d, const struct at_actor *who, int64_t user_id,
                         const char *name, const char *address, char *out, int64_t *id,
                         struct at_errinfo *e)
{
    struct at_store *st = d->store;
    char secret[65], hash[65], prefix[12], target[40], detail[160];
    struct at_api_token t = {0};
    int ret;

    if (!name)
        name = "";
    if (strlen(name) > AT_API_TOKEN_NAME_MAX || !at_utf8_valid(name, strlen(name)))
        return at_errinfo_set(e, AT_EINVAL, "name", "name must be text of at most %d bytes",
                              AT_API_TOKEN_NAME_MAX);
    if (user_id != who->user_id && !may_manage_tokens(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only an admin can create tokens for others");
    at_random_hex(secret, 32);
    snprintf(out, AT_API_TOKEN_LEN + 1, "%s%s", AT_API_TOKEN_PREFIX, secret);
    at_sha256_hex(out, strlen(out), hash);
    snprintf(prefix, sizeof(prefix), "%.11s", out);
    t.user_id = user_id;
    t.name = name;
    t.hash = hash;
    t.prefix = prefix;
    t.created_at = desk_now(d);

    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "creating the token");
    ret = st->people->token_add(st, &t, id);
    if (ret == 0) {
        snprintf(target, sizeof(target), "token:%lld", (long long)*id);
        snprintf(detail, sizeof(detail), "user:%lld %s", (long long)user_id, prefix);
        ret = at_desk_audit(d, who, "token.create", target, detail, address);
    }
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, "creating the token");
    }
    ret = at_desk_commit(d);
    return desk_store_err(e, ret, "creating the token");
}

int at_desk_token_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                       struct at_api_token **out, size_t *n, struct at_errinfo *e)
{
    int64_t whose = tokens_of(who);

    if (whose < 0)
        return at_errinfo_set(e, AT_EPERM, NULL, "sign in to see your tokens");
    return desk_store_err(e, d->store->people->token_list(d->store, whose, arena, out, n), NULL);
}

int at_desk_token_revoke(struct at_desk *d, const struct at_actor *who, int64_t id,
                         const char *address, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_arena arena = AT_ARENA_INIT;
    struct at_api_token *toks;
    char target[40], detail[40] = "";
    bool found = false;
    size_t n;
    int ret;

    if (tokens_of(who) < 0)
        return at_errinfo_set(e, AT_EPERM, NULL, "sign in to revoke your tokens");
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "revoking the token");
    ret = st->people->token_list(st, tokens_of(who), &arena, &toks, &n);
    for (size_t i = 0; ret == 0 && i < n && !found; i++) {
        if (toks[i].id == id) {
            found = true;
            snprintf(detail, sizeof(detail), "user:%lld %s", (long long)toks[i].user_id,
                     toks[i].prefix);
        }
    }
    if (ret == 0 && !found)
        ret = at_errinfo_set(e, AT_ENOTFOUND, "id", "no token %lld", (long long)id);
    if (ret == 0)
        ret = st->people->token_revoke(st, id, desk_now(d));
    if (ret == 0) {
        snprintf(target, sizeof(target), "token:%lld", (long long)id);
        ret = at_desk_audit(d, who, "token.revoke", target, detail, address);
    }
    at_arena_release(&arena);
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, "revoking the token");
    }
    ret = at_desk_commit(d);
    return desk_store_err(e, ret, "revoking the token");
}
