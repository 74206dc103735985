/* Signatures at the end of replies (see signature.h), kept in the desk's settings. */
#include "desk/signature.h"
#include "desk/account.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"

#include "core/banned.h"

#define TEAM_SETTING "signature.team"

static const char *user_setting(struct at_arena *arena, int64_t user_id)
{
    return at_arena_printf(arena, "signature.user.%lld", (long long)user_id);
}

static const char *read_setting(struct at_desk *d, const char *name, struct at_arena *arena,
                                int *ret)
{
    const char *v = "";

    *ret = d->store->coaching->setting_get(d->store, name, arena, &v);
    if (*ret == AT_ENOTFOUND) {
        *ret = 0;
        v = "";
    }
    return v ? v : "";
}

int at_desk_signatures(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                       const char **mine, const char **team, struct at_errinfo *e)
{
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff sign replies");
    *mine = read_setting(d, user_setting(arena, who->user_id), arena, &ret);
    if (ret == 0)
        *team = read_setting(d, TEAM_SETTING, arena, &ret);
    return ret ? desk_store_err(e, ret, "reading the signatures") : 0;
}

/* Only {{agent.name}} and {{agent.first_name}}. */
static int check_variables(const char *text, struct at_errinfo *e)
{
    for (const char *p = text; (p = strstr(p, "{{"));) {
        const char *end = strstr(p + 2, "}}");
        struct at_str name;

        if (!end)
            break;
        name = at_str_trim((struct at_str){p + 2, (size_t)(end - p - 2)});
        if (!at_str_eqc(name, "agent.name") && !at_str_eqc(name, "agent.first_name"))
            return at_errinfo_set(e, AT_EINVAL, "signature",
                                  "unknown variable {{%.*s}}; a signature may use "
                                  "{{agent.name}} and {{agent.first_name}}",
                                  (int)(name.n > 40 ? 40 : name.n), name.p);
        p = end + 2;
    }
    return 0;
}

int at_desk_signature_set(struct at_desk *d, const struct at_actor *who, bool team,
                          const char *text, const char *address, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    const char *name;
    int ret;

    if (!at_actor_is_staff(who))
        return at_errinfo_set(e, AT_EPERM, NULL, "only staff sign replies");
    if (team && who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only an admin sets the team's signature");
    if (!text)
        return at_errinfo_set(e, AT_EINVAL, "signature", "signature is required (\"\" removes it)");
    ret = desk_check_text(e, "signature", text, AT_SIGNATURE_MAX, false);
    if (ret == 0)
        ret = check_variables(text, e);
    if (ret)
        return ret;
    name = team ? TEAM_SETTING : user_setting(&arena, who->user_id);
    ret = at_desk_begin(d);
    if (ret == 0)
        ret = d->store->coaching->setting_set(d->store, name, text, who->user_id, desk_now(d));
    if (ret == 0 && team)
        ret = at_desk_audit(d, who, "setting.signature", "setting:" TEAM_SETTING,
                            text[0] ? "changed" : "removed", address);
    if (ret) {
        at_desk_rollback(d);
        at_arena_release(&arena);
        return desk_store_err(e, ret, "saving the signature");
    }
    ret = at_desk_commit(d);
    at_arena_release(&arena);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}

const char *at_desk_signature_for(struct at_desk *d, const struct at_actor *who,
                                  struct at_arena *arena)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *text, *name, *first, *out;
    struct at_user u;
    int ret;

    if (!at_actor_is_staff(who))
        return "";
    text = read_setting(d, user_setting(arena, who->user_id), arena, &ret);
    if (ret == 0 && !at_str_trim(at_str_from(text)).n)
        text = read_setting(d, TEAM_SETTING, arena, &ret);
    if (ret || !at_str_trim(at_str_from(text)).n)
        return "";
    name = d->store->people->user_get(d->store, who->user_id, arena, &u) == 0 ? u.name
           : who->name                                                        ? who->name
                                                                              : "";
    first = at_first_name(arena, NULL, name);
    for (const char *p = text; *p;) {
        const char *open = strstr(p, "{{"), *end = open ? strstr(open + 2, "}}") : NULL;
        struct at_str v;

        if (!open || !end) {
            at_buf_adds(&b, p);
            break;
        }
        at_buf_add(&b, p, (size_t)(open - p));
        v = at_str_trim((struct at_str){open + 2, (size_t)(end - open - 2)});
        at_buf_adds(&b, at_str_eqc(v, "agent.first_name") ? first : name);
        p = end + 2;
    }
    out = at_arena_strndup(arena, b.data, b.len);
    at_buf_release(&b);
    return out;
}
