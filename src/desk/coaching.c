/* The coach on the reply path, and the team's floor below which a reply waits for a confirm. */
#include "desk/coaching.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "desk/account.h"

#include "core/banned.h"

/* ---- the floor ---- */

/* A stored floor as a number; anything that is not 0..100 counts as the default. */
static int parse_floor(const char *v)
{
    int64_t n;

    if (!at_cstr_to_i64(v, &n) || n < 0 || n > AT_COACH_FLOOR_MAX)
        return AT_COACH_FLOOR_DEFAULT;
    return (int)n;
}

int at_desk_coach_floor(struct at_desk *d, int *floor)
{
    struct at_arena arena = AT_ARENA_INIT;
    const char *v = NULL;
    int ret = d->store->coaching->setting_get(d->store, AT_COACH_FLOOR_SETTING, &arena, &v);

    *floor = AT_COACH_FLOOR_DEFAULT;
    if (ret == 0)
        *floor = parse_floor(v);
    else if (ret == AT_ENOTFOUND)
        ret = 0;
    at_arena_release(&arena);
    return ret;
}

int at_desk_coach_floor_get(struct at_desk *d, const struct at_actor *who, int *floor,
                            struct at_errinfo *e)
{
    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only admins can read the team's settings");
    return desk_store_err(e, at_desk_coach_floor(d, floor), NULL);
}

int at_desk_coach_floor_set(struct at_desk *d, const struct at_actor *who, int64_t floor,
                            const char *address, struct at_errinfo *e)
{
    char value[16], detail[64];
    int old = 0;
    int ret;

    if (who->role != AT_ROLE_ADMIN)
        return at_errinfo_set(e, AT_EPERM, NULL, "only admins can change the team's settings");
    if (floor < 0 || floor > AT_COACH_FLOOR_MAX)
        return at_errinfo_set(e, AT_EINVAL, "confirm_below",
                              "confirm_below must be a whole number from 0 (off) to %d",
                              AT_COACH_FLOOR_MAX);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = at_desk_coach_floor(d, &old);
    if (ret == 0 && old != floor) {
        snprintf(value, sizeof(value), "%d", (int)floor);
        snprintf(detail, sizeof(detail), "%d -> %d", old, (int)floor);
        ret = d->store->coaching->setting_set(d->store, AT_COACH_FLOOR_SETTING, value, who->user_id,
                                              at_clock_now(d->clock));
        if (ret == 0)
            ret =
                at_desk_audit(d, who, "setting.coach_confirm_below",
                              "setting:" AT_COACH_FLOOR_SETTING, detail, address ? address : "cli");
    }
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, NULL);
    }
    return desk_store_err(e, at_desk_commit(d), NULL);
}

/* ---- the verdict ---- */

const char *at_desk_rubric_state_name(enum at_rubric_state state)
{
    static const char *const names[] = {"n/a", "missing", "met", "clear", "found"};

    return (unsigned)state < sizeof(names) / sizeof(names[0]) ? names[state] : "n/a";
}

const char *at_desk_coach_reason(enum at_rubric item, enum at_rubric_state state)
{
    static const char *const found[AT_RUB_COUNT] = {
        [AT_RUB_DISMISSIVE] = "sounds dismissive",
        [AT_RUB_BLAME] = "blames the customer",
        [AT_RUB_ASSUMPTION] = "assumes what the customer did or knows",
        [AT_RUB_JARGON] = "uses jargon the customer may not know",
        [AT_RUB_SHOUTING] = "shouts, in capitals or with !!!",
        [AT_RUB_POLICY] = "hides behind policy",
    };
    static const char *const missing[AT_RUB_COUNT] = {
        [AT_RUB_GREETING] = "does not greet the customer by name",
        [AT_RUB_ACKNOWLEDGE] = "does not name how the customer feels",
        [AT_RUB_APOLOGY] = "does not apologise",
        [AT_RUB_OWNERSHIP] = "does not say what you will do",
        [AT_RUB_NEXT_STEP] = "gives no next step with a time",
        [AT_RUB_ALTERNATIVES] = "offers no other way",
        [AT_RUB_THANKS] = "does not thank the customer",
    };

    if ((unsigned)item >= AT_RUB_COUNT)
        return NULL;
    if (state == AT_RS_FOUND)
        return found[item];
    if (state == AT_RS_MISSING)
        return missing[item];
    return NULL;
}

/* The rubric's states as one JSON object, in the arena: {"greeting":"met",...}. */
static const char *rubric_json(struct at_arena *arena, const struct at_coaching *c)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *out;

    at_buf_add(&b, "{", 1);
    for (int r = 0; r < AT_RUB_COUNT; r++) {
        /* names and states are fixed lower-case words: nothing to escape */
        at_buf_addf(&b, "%s\"%s\":\"%s\"", r ? "," : "", at_text_rubric_name((enum at_rubric)r),
                    at_desk_rubric_state_name((enum at_rubric_state)c->rubric[r]));
    }
    at_buf_add(&b, "}", 1);
    out = at_arena_strndup(arena, b.data, b.len);
    at_buf_release(&b);
    return out;
}

/* What counts against the reply: the items found first, then the good ones it lacks. */
static void fill_reasons(struct at_reply_verdict *v)
{
    static const enum at_rubric_state order[] = {AT_RS_FOUND, AT_RS_MISSING};

    v->nreasons = 0;
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        for (int r = 0; r < AT_RUB_COUNT; r++) {
            const char *text;

            if (v->coaching.rubric[r] != order[k])
                continue;
            text = at_desk_coach_reason((enum at_rubric)r, order[k]);
            if (!text)
                continue;
            v->reasons[v->nreasons++] = (struct at_reply_reason){
                .item = (enum at_rubric)r, .state = order[k], .text = text};
        }
    }
}

int at_desk_coach_reply(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        const char *body, struct at_arena *arena, struct at_reply_verdict *v,
                        struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_ticket t;
    struct at_customer c;
    struct at_message last;
    const char *customer = "", *name = NULL;
    int ret;

    (void)who;
    memset(v, 0, sizeof(*v));
    if (!d->text)
        return 0;
    ret = st->tickets->ticket_get(st, ticket_id, arena, &t);
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no ticket %lld", (long long)ticket_id);
    if (ret)
        return desk_store_err(e, ret, NULL);
    if (t.status == AT_STATUS_CLOSED)
        return 0; /* the reply path refuses it, with the reason */
    ret = st->tickets->customer_get(st, t.customer_id, arena, &c);
    if (ret == 0)
        name = at_first_name(arena, c.preferred_name, c.name);
    else if (ret != AT_ENOTFOUND)
        return desk_store_err(e, ret, NULL);
    ret = st->coaching->message_last_from_customer(st, t.id, arena, &last);
    if (ret == 0)
        customer = last.body;
    else if (ret != AT_ENOTFOUND)
        return desk_store_err(e, ret, NULL);

    if (at_text_coach(d->text, customer, strlen(customer), body, strlen(body), name, arena,
                      &v->coaching) != 0) {
        /* the body was checked before: a reply is never lost because the coach cannot read it */
        at_log_warn("desk", "a reply could not be coached; it is sent without a verdict");
        return 0;
    }
    ret = at_desk_coach_floor(d, &v->floor);
    if (ret)
        return desk_store_err(e, ret, NULL);
    v->coached = true;
    v->rubric_json = rubric_json(arena, &v->coaching);
    v->below = v->floor > 0 && v->coaching.score < v->floor;
    fill_reasons(v);
    return 0;
}
