/* Getting in: set-password links by mail, asked for or sent by staff (see access.h). */
#include "desk/access.h"
#include "desk/account.h"
#include "desk/desk_int.h"
#include "desk/outbound.h"
#include "desk/session.h"

#include <stdio.h>
#include <string.h>

#include "core/banned.h"

#define ASK_EVERY_MS (2LL * 60 * 1000) /* one asked-for link per account this often */

static const char *desk_name(const struct at_desk *d)
{
    return d->mailer && d->mailer->from_name && d->mailer->from_name[0] ? d->mailer->from_name
                                                                        : "the help desk";
}

/*
 * The account of `email`, made for a known customer who has none; AT_ENOTFOUND
 * when the address is nobody's. Inside the caller's transaction.
 */
static int account_of(struct at_desk *d, const char *email, const char *address,
                      struct at_arena *arena, struct at_user *out, bool *created,
                      struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_customer c;
    int ret;

    *created = false;
    ret = st->people->user_by_email(st, email, arena, out);
    if (ret != AT_ENOTFOUND)
        return ret ? desk_store_err(e, ret, "looking up the account") : 0;
    ret = st->tickets->customer_by_email(st, email, arena, &c);
    if (ret)
        return ret == AT_ENOTFOUND ? AT_ENOTFOUND
                                   : desk_store_err(e, ret, "looking up the customer");
    /* no password yet: the link sets it */
    ret = at_desk_user_create(d, &at_actor_system, email, c.name, AT_ROLE_CUSTOMER, NULL, address,
                              arena, out, e);
    *created = ret == 0;
    return ret;
}

/* Makes the link and queues its mail; `asked`: the person asked for it themselves. */
static int send_link(struct at_desk *d, const struct at_user *u, bool asked, struct at_arena *arena,
                     bool *held, struct at_errinfo *e)
{
    char token[AT_DESK_SECRET_HEX + 1];
    const char *base = d->survey.base_url;
    int64_t now = desk_now(d);
    const char *text;
    struct at_mail_out m;
    int ret;

    if (!base[0])
        return at_errinfo_set(e, AT_ESTATE, NULL,
                              "links need the public_url setting, and this process has none");
    ret = at_desk_reset_create(d->store, u->id, now,
                               asked ? AT_ACCESS_LINK_TTL_MS : AT_ACCESS_INVITE_TTL_MS, token);
    if (ret)
        return desk_store_err(e, ret, "storing the link");
    if (asked)
        text = at_arena_printf(
            arena,
            "Hello %s,\n\nsomeone, we hope you, asked for a link to set a password for %s:\n\n"
            "%s/reset#token=%s\n\nIt works once, within the next hour. If you did not ask for "
            "it, you can ignore this mail: your password stays as it is.\n",
            u->name, desk_name(d), base, token);
    else
        text = at_arena_printf(
            arena,
            "Hello %s,\n\n%s has an account for you. Set your password here to %s:\n\n"
            "%s/reset#token=%s\n\nThe link works once, within the next seven days.\n",
            u->name, desk_name(d),
            u->role == AT_ROLE_CUSTOMER ? "see your requests and answer them"
                                        : "sign in to the help desk",
            base, token);
    m = (struct at_mail_out){
        .to = u->email,
        .to_name = u->name,
        .subject = asked ? "Your link to set a password" : "Your account: set your password",
        .text = text,
        .html = "",
        .automatic = true,
        .dedupe = asked ? at_arena_printf(arena, "access:%lld:%lld", (long long)u->id,
                                          (long long)(now / ASK_EVERY_MS))
                        : NULL,
    };
    if (asked) {
        *held = false;
        return at_desk_mail_queue(d, &m, e);
    }
    return at_desk_mail_queue_or_keep(d, &m, held, e);
}

int at_desk_access_request(struct at_desk *d, const char *email, const char *address,
                           struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_errinfo quiet = {0};
    struct at_user u;
    char *clean;
    bool created, held;
    int ret;

    ret = desk_clean_email(&arena, "email", email, &clean, e);
    if (ret) {
        at_arena_release(&arena);
        return ret;
    }
    ret = at_desk_begin(d);
    if (ret) {
        at_arena_release(&arena);
        return desk_store_err(e, ret, NULL);
    }
    ret = account_of(d, clean, address, &arena, &u, &created, &quiet);
    if (ret == 0 && !u.disabled)
        ret = send_link(d, &u, true, &arena, &held, &quiet);
    if (ret == 0 || ret == AT_ENOTFOUND || ret == AT_ECONFLICT) {
        /* nobody's address, or a link sent a moment ago: the same answer */
        ret = at_desk_commit(d);
        if (ret)
            desk_store_err(e, ret, NULL);
    } else {
        at_desk_rollback(d);
        at_errinfo_set(e, ret, NULL, "%s", quiet.msg);
    }
    at_arena_release(&arena);
    return ret;
}

/* Checks, makes the link, mails it and audits it, for an invitation of `u`. */
static int invite(struct at_desk *d, const struct at_actor *who, struct at_user *u, bool created,
                  const char *address, struct at_arena *arena, struct at_access_sent *out,
                  struct at_errinfo *e)
{
    char target[32];
    int ret;

    if (u->disabled)
        return at_errinfo_set(e, AT_ECONFLICT, NULL,
                              "the account of %s is disabled; an admin can enable it first",
                              u->email);
    ret = send_link(d, u, false, arena, &out->held, e);
    if (ret)
        return ret;
    snprintf(target, sizeof(target), "user:%lld", (long long)u->id);
    ret = at_desk_audit(d, who, "user.invite", target,
                        at_arena_printf(arena, "a link to set the password of %s%s%s", u->email,
                                        created ? " (account made for it)" : "",
                                        out->held ? ", kept in the outbox" : ""),
                        address);
    if (ret)
        return desk_store_err(e, ret, "auditing the invitation");
    out->user_id = u->id;
    out->email = u->email;
    out->created = created;
    return 0;
}

int at_desk_portal_invite(struct at_desk *d, const struct at_actor *who, int64_t customer_id,
                          const char *address, struct at_arena *arena, struct at_access_sent *out,
                          struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_customer c;
    struct at_user u;
    bool created = false;
    int ret;

    memset(out, 0, sizeof(*out));
    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff send portal links");
    ret = st->tickets->customer_get(st, customer_id, arena, &c);
    if (ret)
        return ret == AT_ENOTFOUND ? at_errinfo_set(e, ret, NULL, "no such customer")
                                   : desk_store_err(e, ret, "reading the customer");
    if (!c.email[0])
        return at_errinfo_set(e, AT_EINVAL, "email",
                              "%s has no email address; add one to send a portal link", c.name);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = account_of(d, c.email, address, arena, &u, &created, e);
    if (ret == 0 && u.role != AT_ROLE_CUSTOMER)
        ret =
            at_errinfo_set(e, AT_ECONFLICT, "email",
                           "%s belongs to a staff account; staff sign in to the console", c.email);
    if (ret == 0)
        ret = invite(d, who, &u, created, address, arena, out, e);
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}

int at_desk_user_invite(struct at_desk *d, const struct at_actor *who, int64_t user_id,
                        const char *address, struct at_arena *arena, struct at_access_sent *out,
                        struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_user u;
    int ret;

    memset(out, 0, sizeof(*out));
    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only an admin invites users");
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = st->people->user_get(st, user_id, arena, &u);
    if (ret)
        ret = ret == AT_ENOTFOUND ? at_errinfo_set(e, ret, NULL, "no such user")
                                  : desk_store_err(e, ret, "reading the user");
    if (ret == 0)
        ret = invite(d, who, &u, false, address, arena, out, e);
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}

int at_desk_access_account(struct at_desk *d, const char *email, struct at_arena *arena,
                           struct at_user *out, bool *created, struct at_errinfo *e)
{
    char *clean;
    int ret;

    ret = desk_clean_email(arena, "email", email, &clean, e);
    if (ret)
        return ret;
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = account_of(d, clean, "cli", arena, out, created, e);
    if (ret) {
        at_desk_rollback(d);
        return ret == AT_ENOTFOUND
                   ? at_errinfo_set(e, ret, "email", "no account or customer has %s", clean)
                   : ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}

#define SERVED_URL_SETTING "served_url"

int at_desk_note_served_url(struct at_desk *d, struct at_errinfo *e)
{
    int ret;

    if (!d->survey.base_url[0])
        return 0;
    ret = d->store->coaching->setting_set(d->store, SERVED_URL_SETTING, d->survey.base_url, 0,
                                          desk_now(d));
    return ret ? desk_store_err(e, ret, "noting the server's address") : 0;
}

int at_desk_served_url(struct at_desk *d, struct at_arena *arena, const char **out)
{
    int ret = d->store->coaching->setting_get(d->store, SERVED_URL_SETTING, arena, out);

    if (ret)
        *out = "";
    return ret == AT_ENOTFOUND ? 0 : ret;
}
