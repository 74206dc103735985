/*
 * @mentions in internal notes: "@Maya", "@Maya Lindqvist" or "@maya" (the
 * part of the address before the @) names a colleague, who is told at once on
 * the live stream and by mail. A first name counts only when one active staff
 * member has it.
 */
#include "desk/mention.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"
#include "desk/outbound.h"

#include <string.h>

#include "core/str.h"

#include "core/banned.h"

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

/* How many bytes of `at` (just after an '@') `name` takes, or 0: case-insensitive, whole words. */
static size_t takes(const char *at, const char *name, size_t n)
{
    if (!n || strlen(at) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = at[i], b = name[i];

        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    /* "@maya." ends a sentence; "@maya.lind" is another word */
    if (at[n] == '.' && !word_char(at[n + 1]))
        return n;
    return word_char(at[n]) ? 0 : n;
}

size_t at_desk_mentions(const char *text, const struct at_user *staff, size_t nstaff, size_t *out,
                        size_t max)
{
    size_t n = 0;

    for (const char *p = strchr(text, '@'); p; p = strchr(p + 1, '@')) {
        size_t best = 0, who = nstaff;

        if (p > text && word_char(p[-1]))
            continue; /* an address: lena@example.com */
        for (size_t i = 0; i < nstaff; i++) {
            const struct at_user *u = &staff[i];
            const char *at = strchr(u->email, '@');
            const char *space = strchr(u->name, ' ');
            size_t first = space ? (size_t)(space - u->name) : strlen(u->name), unique = 0, k;

            for (size_t j = 0; j < nstaff; j++)
                unique += strncmp(staff[j].name, u->name, first) == 0 &&
                          (staff[j].name[first] == ' ' || staff[j].name[first] == '\0');
            if ((k = takes(p + 1, u->name, strlen(u->name))) > best ||
                (unique == 1 && (k = takes(p + 1, u->name, first)) > best) ||
                (at && (k = takes(p + 1, u->email, (size_t)(at - u->email))) > best)) {
                best = k;
                who = i;
            }
        }
        if (who == nstaff)
            continue;
        for (size_t i = 0; i < n; i++)
            if (out[i] == who)
                who = nstaff;
        if (who != nstaff && n < max)
            out[n++] = who;
    }
    return n;
}

int at_desk_mention_hook(struct at_desk *d, const struct at_ticket_changed *c, struct at_errinfo *e)
{
    struct at_user *staff, *active;
    size_t nstaff, nactive = 0, hit[AT_MENTIONS_MAX], n;
    int ret;

    if (!(c->what & AT_TC_NOTE) || !c->body || !strchr(c->body, '@') || !c->who ||
        !at_actor_is_staff(c->who))
        return 0;
    ret = d->store->people->user_list(d->store, false, c->arena, &staff, &nstaff);
    if (ret)
        return desk_store_err(e, ret, "reading who may be mentioned");
    active = at_arena_alloc(c->arena, (nstaff ? nstaff : 1) * sizeof(*active));
    for (size_t i = 0; i < nstaff; i++)
        if (!staff[i].disabled)
            active[nactive++] = staff[i];
    n = at_desk_mentions(c->body, active, nactive, hit, AT_MENTIONS_MAX);
    for (size_t i = 0; i < n; i++) {
        const struct at_user *u = &active[hit[i]];
        const char *by = c->who->name ? c->who->name : "A colleague";

        if (u->id == c->who->user_id)
            continue;
        ret = at_desk_mail_user(
            d, u->id, c->ticket->id,
            at_arena_printf(c->arena, "%s mentioned you on #%lld", by,
                            (long long)c->ticket->number),
            at_arena_printf(c->arena,
                            "%s mentioned you in a note on #%lld %s:\n\n%s\n\n%s/tickets/%lld\n",
                            by, (long long)c->ticket->number, c->ticket->subject, c->body,
                            d->survey.base_url, (long long)c->ticket->number),
            e);
        if (ret == 0)
            desk_live_mention(d, c->ticket, c->who, u->id);
        if (ret)
            return ret;
    }
    return 0;
}
